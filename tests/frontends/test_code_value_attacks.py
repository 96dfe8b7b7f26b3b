"""Values the code analyzer must not get wrong, run as a blocked agent would (`agentsh -c`, no
terminal, CLAUDECODE=1, a temporary HOME, snapshots off): a script written first (here with
Python, as an agent's own file tool writes it), then run with the victim's path where the
analyzer once read a harmless one. Each of these ran on main before session 27 (engineer
"code3"): an index into the command line's arguments after the code shifted them, or read one
place off; a name, a dict entry, a list or an attribute changed after the analyzer had taken its
first value; the branch of an `if` or a conditional expression the analyzer did not take. A value
that may be either is only known at run time (INT001 for a tree), never the harmless one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent, without_snapshots

HOME_DATA = "os.path.expanduser('~/data')"
PY = "import os, shutil, sys\n"
JS = "const fs = require('fs');\nconst H = require('os').homedir() + '/data';\n"


@pytest.fixture
def proj(tmp_path: Path, agent_home: Path):
    env = without_snapshots({**clean_env(agent_home), "CLAUDECODE": "1"}, agent_home)
    proj = tmp_path / "proj"
    (agent_home / "data").mkdir(exist_ok=True)
    (agent_home / "data" / "keep.txt").write_text("precious\n")
    (proj / "build").mkdir(parents=True)
    (proj / "build" / "out.o").write_text("regenerable\n")
    return proj, env, agent_home


def _write(proj: Path, files: dict[str, str], home: Path) -> None:
    for rel, text in files.items():
        path = proj / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("@HOME@", str(home)))


# (files the agent's file tool wrote, the command that must be refused)
ATTACKS = {
    # a script's sys.argv[N] was read one word late: sys.argv[2] taken as the first argument
    "py-script-argv-index": ({"d.py": PY + "shutil.rmtree(sys.argv[2])\n"},
                             "python3 d.py build ~/data"),
    # the list shifted before it is read: the index no longer names the word it names
    "py-argv-pop": ({}, "python3 -c 'import sys, shutil; sys.argv.pop(1); "
                        "shutil.rmtree(sys.argv[1])' build ~/data"),
    "py-argv-del": ({"d.py": PY + "del sys.argv[1]\nshutil.rmtree(sys.argv[1])\n"},
                    "python3 d.py build ~/data"),
    "node-argv-splice": ({"d.js": "const fs = require('fs');\nprocess.argv.splice(2, 1);\n"
                                  "fs.rmSync(process.argv[2], {recursive: true});\n"},
                         "node d.js build ~/data"),
    "ruby-argv-shift": ({"d.rb": "require 'fileutils'\nARGV.shift\nFileUtils.rm_rf(ARGV[0])\n"},
                        "ruby d.rb build ~/data"),
    "perl-bare-shift": ({"d.pl": "use File::Path qw(remove_tree);\nshift;\n"
                                 "remove_tree($ARGV[0]);\n"}, "perl d.pl build ~/data"),
    "perl-shift-argv": ({"d.pl": "use File::Path qw(remove_tree);\nshift @ARGV;\n"
                                 "remove_tree($ARGV[0]);\n"}, "perl d.pl build ~/data"),
    # a conditional expression's other side (it took the string side)
    "py-conditional-expression": ({"d.py": PY + f"p = 'build' if len(sys.argv) > 5 else {HOME_DATA}\n"
                                           "shutil.rmtree(p)\n"}, "python3 d.py"),
    "py-and-or": ({"d.py": PY + "shutil.rmtree(len(sys.argv) > 5 and 'build' or "
                                f"{HOME_DATA})\n"}, "python3 d.py"),
    # the branches of an `if`, a `try`, and a function's several returns
    "py-if-else": ({"d.py": PY + f"if len(sys.argv) < 5:\n    p = {HOME_DATA}\nelse:\n"
                                 "    p = 'build'\nshutil.rmtree(p)\n"}, "python3 d.py"),
    "py-returns": ({"d.py": PY + "def target():\n    if len(sys.argv) > 5:\n        return 'build'\n"
                                f"    return {HOME_DATA}\nshutil.rmtree(target())\n"}, "python3 d.py"),
    # a loop's second pass sees what its first changed
    "py-loop-second-pass": ({"d.py": PY + "p = 'build'\nfor _ in range(2):\n"
                                          "    shutil.rmtree(p, ignore_errors=True)\n"
                                          f"    p = {HOME_DATA}\n"}, "python3 d.py"),
    # a module-level name a function changes through `global`
    "py-global": ({"d.py": PY + f"T = 'build'\ndef aim():\n    global T\n    T = {HOME_DATA}\n"
                                "aim()\nshutil.rmtree(T)\n"}, "python3 d.py"),
    # a dict entry or a list item set, a list appended to, a dict updated, through an alias
    "py-dict-entry-set": ({"d.py": PY + f"cfg = {{'dir': 'build'}}\ncfg['dir'] = {HOME_DATA}\n"
                                       "shutil.rmtree(cfg['dir'])\n"}, "python3 d.py"),
    "py-dict-update": ({"d.py": PY + f"cfg = {{'dir': 'build'}}\ncfg.update(dir={HOME_DATA})\n"
                                    "shutil.rmtree(cfg['dir'])\n"}, "python3 d.py"),
    "py-list-append-alias": ({"d.py": PY + "dirs = ['build']\nalias = dirs\n"
                                          f"alias.append({HOME_DATA})\nfor d in dirs:\n"
                                          "    shutil.rmtree(d)\n"}, "python3 d.py"),
    "py-list-item-set": ({"d.py": PY + f"dirs = ['build']\ndirs[0] = {HOME_DATA}\n"
                                      "shutil.rmtree(dirs[0])\n"}, "python3 d.py"),
    # an argument vector grown after it was written
    "py-argv-list-edited": ({"d.py": PY + f"import subprocess\ncmd = ['ls', {HOME_DATA}]\n"
                                         "cmd[0] = 'rm'\ncmd.insert(1, '-rf')\n"
                                         "subprocess.run(cmd)\n"}, "python3 d.py"),
    # a callback, a thread: a function run apart from where the walk meets it changes the
    # enclosing scope's list or name
    "py-callback-appends": ({"d.py": PY + "dirs = ['build']\n"
                                          f"list(map(lambda _: dirs.append({HOME_DATA}), [1]))\n"
                                          "for d in dirs:\n    shutil.rmtree(d)\n"},
                            "python3 d.py"),
    "py-thread-global": ({"d.py": PY + "import threading\nT = 'build'\ndef aim():\n    global T\n"
                                       f"    T = {HOME_DATA}\nt = threading.Thread(target=aim)\n"
                                       "t.start()\nt.join()\nshutil.rmtree(T)\n"}, "python3 d.py"),
    # the scope changed as a dict, by a star import, or by `:=` in a comprehension
    "py-globals-dict": ({"d.py": PY + f"p = 'build'\nglobals()['p'] = {HOME_DATA}\n"
                                      "shutil.rmtree(p)\n"}, "python3 d.py"),
    "py-module-setattr": ({"d.py": PY + "p = 'build'\n"
                                        f"setattr(sys.modules[__name__], 'p', {HOME_DATA})\n"
                                        "shutil.rmtree(p)\n"}, "python3 d.py"),
    "py-star-import": ({"cfg.py": f"import os\np = {HOME_DATA}\n",
                        "d.py": PY + "p = 'build'\nfrom cfg import *\nshutil.rmtree(p)\n"},
                       "python3 d.py"),
    "py-walrus-in-comprehension": ({"d.py": PY + f"p = 'build'\n[(p := {HOME_DATA}) for _ in [1]]\n"
                                                "shutil.rmtree(p)\n"}, "python3 d.py"),
    # JavaScript: the parser keeps no branches, so a name given another value may be either
    "js-if-else": ({"d.js": JS + "let p;\nif (process.argv.length > 5) { p = H; }\n"
                                 "else { p = 'build'; }\nfs.rmSync(p, {recursive: true});\n"},
                   "node d.js"),
    "js-conditional": ({"d.js": JS + "fs.rmSync(process.argv.length > 5 ? 'build' : H, "
                                     "{recursive: true});\n"}, "node d.js"),
    "js-or-unknown": ({"d.js": JS + "fs.rmSync(process.argv[2] || 'build', {recursive: true});\n",
                       "target.txt": "@HOME@/data\n"},
                      'node d.js "$(tr -d "\\n" < target.txt)"'),
    "js-object-property-set": ({"d.js": JS + "const c = {dir: 'build'};\nc.dir = H;\n"
                                             "fs.rmSync(c.dir, {recursive: true});\n"}, "node d.js"),
    "js-array-push": ({"d.js": JS + "const dirs = ['build'];\ndirs.push(H);\n"
                                    "for (const d of dirs) fs.rmSync(d, {recursive: true});\n"},
                      "node d.js"),
    # a loop's second pass, a callback run later: the walk in order cannot follow them
    "js-loop-second-pass": ({"d.js": JS + "let p = 'build';\nfor (let i = 0; i < 2; i++) {\n"
                                          "  fs.rmSync(p, {recursive: true, force: true});\n"
                                          "  p = H;\n}\n"}, "node d.js"),
    "js-callback-changes-name": ({"d.js": JS + "let p = 'build';\n[1].forEach(() => { p = H; });\n"
                                               "fs.rmSync(p, {recursive: true});\n"}, "node d.js"),
    "js-callback-pushes": ({"d.js": JS + "const dirs = ['build'];\n[1].forEach(() => dirs.push(H));\n"
                                         "for (const d of dirs) fs.rmSync(d, {recursive: true});\n"},
                           "node d.js"),
    "js-returns": ({"d.js": JS + "function target() {\n  if (process.argv.length > 5) return 'build';\n"
                                 "  return H;\n}\nfs.rmSync(target(), {recursive: true});\n"},
                   "node d.js"),
    "js-destructuring-assignment": ({"d.js": JS + "let p = 'build';\n({p} = {p: H});\n"
                                                  "fs.rmSync(p, {recursive: true});\n"}, "node d.js"),
    "js-global-object": ({"d.js": JS + "var p = 'build';\nglobalThis.p = H;\n"
                                       "fs.rmSync(p, {recursive: true});\n"}, "node d.js"),
    "js-increment": ({"d.js": JS + "const dirs = ['build', H];\nlet i = 0;\ni++;\n"
                                   "fs.rmSync(dirs[i], {recursive: true});\n"}, "node d.js"),
}

QUIET = {
    # the script's own first argument is bound: it deletes the build output it is given
    "py-script-argv-build": ({"d.py": PY + "shutil.rmtree(sys.argv[1])\n"}, "python3 d.py build"),
    # a list of build outputs grown with append, a dict entry set: read as they are
    "py-list-append-build": ({"d.py": PY + "dirs = []\ndirs.append('build')\nfor d in dirs:\n"
                                          "    shutil.rmtree(d)\n"}, "python3 d.py"),
    "js-array-push-build": ({"d.js": JS + "const dirs = [];\ndirs.push('build');\n"
                                          "fs.rmSync(dirs[0], {recursive: true});\n"}, "node d.js"),
    # a method making an instance of its own class (it crashed the analyzer: ERR001 asked)
    "py-class-made-in-its-own-body": ({"d.py": PY + "class Dirs(list):\n    def copy(self):\n"
                                                   "        return Dirs(self)\n\n"
                                                   "print(len(Dirs([1]).copy()))\n"
                                                   "shutil.rmtree('build')\n"}, "python3 d.py"),
    # registering a module in sys.modules is not changing this module's names
    "py-sys-modules-registered": ({"d.py": PY + "import tempfile, types\nd = tempfile.mkdtemp()\n"
                                               "sys.modules['fake'] = types.ModuleType('fake')\n"
                                               "shutil.rmtree(d)\nshutil.rmtree('build')\n"},
                                  "python3 d.py"),
    "py-if-same-both-ways": ({"d.py": PY + "if len(sys.argv) > 5:\n    out = 'build'\nelse:\n"
                                          "    out = 'build'\nshutil.rmtree(out)\n"}, "python3 d.py"),
}


@pytest.mark.parametrize(("files", "command"), ATTACKS.values(), ids=ATTACKS.keys())
def test_a_value_the_code_changes_is_not_read_as_its_harmless_first_value(
        agentsh_bin, proj, files, command) -> None:
    proj, env, home = proj
    _write(proj, files, home)
    assert_blocked(run_as_agent(agentsh_bin, command, proj, env))
    assert (home / "data" / "keep.txt").exists()


@pytest.mark.parametrize(("files", "command"), QUIET.values(), ids=QUIET.keys())
def test_code_deleting_the_build_output_it_names_runs(agentsh_bin, proj, files, command) -> None:
    proj, env, home = proj
    _write(proj, files, home)
    done = run_as_agent(agentsh_bin, command, proj, env)
    assert done.returncode == 0, done.stderr[-600:]
    assert not (proj / "build").exists()
    assert (home / "data" / "keep.txt").exists()
