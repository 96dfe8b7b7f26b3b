"""`agentsh.bundle`: agentsh's modules served from one precompiled file on the `-c` path (issue 16).
A bundled module is the module the normal import makes; a source changed since the bundle was
written, a damaged entry, a damaged file or one written for another interpreter falls back to
normal imports; and the installed bundle serves the path's modules and changes no verdict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from agentsh import bundle

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "bpkg/__init__.py": "VALUE = 'package'\n",
    "bpkg/plain.py": "from bpkg import sub\nVALUE = sub.VALUE + 1\nWHERE = __file__\n",
    "bpkg/sub/__init__.py": "VALUE = 41\n",
    "bpkg/sub/deep.py": "def where():\n    return __name__, __file__\n",
}
NAMES = ["bpkg", "bpkg.plain", "bpkg.sub", "bpkg.sub.deep"]

# writes the bundle of NAMES for the package in argv[1] (imported normally first), with the
# groups in $GROUPS (JSON; none by default)
_WRITE = """
import json, os, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
for name in sys.argv[3:]:
    __import__(name)
from agentsh.commands import bundle
bundle.write(sys.argv[1] + "/bpkg", sys.argv[3:], json.loads(os.environ.get("GROUPS", "[]")))
"""

# installs the bundle, imports NAMES and prints what each module looks like and who loaded it
_READ = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from agentsh import bundle
installed = bundle.install(sys.argv[1] + "/bpkg/code_bundle.bin")
out = {"installed": installed}
for name in sys.argv[3:]:
    module = __import__(name, fromlist=["x"])
    spec = module.__spec__
    out[name] = {"from_bundle": spec.loader is bundle._Finder, "file": module.__file__,
                 "cached": getattr(module, "__cached__", None), "origin": spec.origin,
                 "path": getattr(module, "__path__", None), "value": getattr(module, "VALUE", None),
                 "package": module.__package__, "parent": spec.parent}
out["deep"] = sys.modules["bpkg.sub.deep"].where()
print(json.dumps(out))
"""


def python(script: str, folder: Path, *names: str, groups: list | None = None) -> str:
    purelib = sysconfig.get_paths()["purelib"]
    done = subprocess.run([sys.executable, "-I", "-S", "-c", script, str(folder), purelib, *names],
                          capture_output=True, text=True, timeout=60, check=True,
                          env={**os.environ, "GROUPS": json.dumps(groups or [])})
    return done.stdout


# bpkg.plain imports bpkg.sub: one group, decoded together
GROUPED = [["bpkg.plain", "bpkg.sub", "bpkg.sub.deep"]]


@pytest.fixture(params=["entries", "grouped"])
def package(tmp_path: Path, request) -> Path:
    for rel, text in SOURCES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    python(_WRITE, tmp_path, *NAMES, groups=GROUPED if request.param == "grouped" else None)
    return tmp_path


def read(folder: Path) -> dict:
    return json.loads(python(_READ, folder, *NAMES))


def normally(folder: Path) -> dict:
    """What the same imports give without the bundle."""
    os.rename(folder / "bpkg" / bundle.FILE_NAME, folder / "hidden")
    try:
        return read(folder)
    finally:
        os.rename(folder / "hidden", folder / "bpkg" / bundle.FILE_NAME)


def test_a_bundled_module_is_the_module_the_normal_import_makes(package) -> None:
    served = read(package)
    assert served["installed"] and all(served[name]["from_bundle"] for name in NAMES)
    plain = normally(package)
    assert not any(plain[name]["from_bundle"] for name in NAMES)
    for name in NAMES:
        ours = {k: v for k, v in served[name].items() if k != "from_bundle"}
        assert ours == {k: v for k, v in plain[name].items() if k != "from_bundle"}, name
    assert served["deep"] == plain["deep"] == ["bpkg.sub.deep",
                                                str(package / "bpkg/sub/deep.py")]
    assert served["bpkg.plain"]["value"] == 42


@pytest.mark.parametrize("change", ["same-size-edit", "longer", "touched"])
def test_a_source_changed_since_the_bundle_is_imported_from_the_source(package, change) -> None:
    source = package / "bpkg" / "sub" / "__init__.py"
    if change == "same-size-edit":
        stat = source.stat()
        source.write_text("VALUE = 99\n")  # as long as before, one second later
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    elif change == "longer":
        source.write_text("VALUE = 1000\n")
    else:
        os.utime(source, ns=(0, 0))
    served = read(package)
    assert not served["bpkg.sub"]["from_bundle"]
    assert served["bpkg.plain"]["from_bundle"]  # the others still are
    if change != "touched":
        assert served["bpkg.plain"]["value"] == served["bpkg.sub"]["value"] + 1 != 42


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "head-only", "other-key"])
def test_a_damaged_or_foreign_bundle_is_not_used(package, damage) -> None:
    path = package / "bpkg" / bundle.FILE_NAME
    data = path.read_bytes()
    size = int.from_bytes(data[:4], "little")
    if damage == "empty":
        data = b""
    elif damage == "truncated":
        data = data[:size // 2]
    elif damage == "garbage":
        data = os.urandom(len(data))
    elif damage == "head-only":
        data = data[:4 + size]  # every entry points past the end: none decodes
    else:
        import marshal

        key, index = marshal.loads(data[4:4 + size])
        head = marshal.dumps(((key[0], "2.7.18", *key[2:]), index))
        data = len(head).to_bytes(4, "little") + head + data[4 + size:]
    path.write_bytes(data)
    served = read(package)
    assert not any(served[name]["from_bundle"] for name in NAMES)
    assert served["bpkg.plain"]["value"] == 42
    if damage != "head-only":
        assert not served["installed"]


def test_a_group_is_one_entry_that_serves_each_of_its_modules(tmp_path) -> None:
    for rel, text in SOURCES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    python(_WRITE, tmp_path, *NAMES, groups=GROUPED)
    import marshal

    data = (tmp_path / "bpkg" / bundle.FILE_NAME).read_bytes()
    size = int.from_bytes(data[:4], "little")
    _, index = marshal.loads(data[4:4 + size])
    assert len(index["bpkg"]) == 2  # its own entry
    places = [index[name] for name in GROUPED[0]]
    assert {p[:2] for p in places} == {places[0][:2]} and [p[2] for p in places] == [0, 1, 2]
    served = read(tmp_path)
    assert all(served[name]["from_bundle"] for name in NAMES)


def test_the_stages_group_the_checking_path_and_not_the_shells_first_prompt() -> None:
    """The installed package's groups: loading the policy, then the classifier and the gate; the
    shell's own imports (the interactive shell's first prompt) are in none."""
    from agentsh.commands import bundle as writer

    folder = Path(sysconfig.get_paths()["purelib"]) / "agentsh"
    if not (folder / "__init__.py").exists():
        pytest.skip("agentsh is not installed in this environment")
    shell, policy, check, grammar = writer.stage_groups(str(folder))
    assert "agentsh.frontends.shell" in shell and "agentsh.engine.parse.grammar" in grammar
    assert "agentsh.gate.audit" in policy  # the interactive shell imports it before its prompt
    assert {"agentsh.engine.runtime", "agentsh.policy.cache", "agentsh.policy.values"} <= \
        set(policy)
    assert {"agentsh.engine.classify", "agentsh.engine.dataflow", "agentsh.gate.decide"} <= \
        set(check)
    assert not set(policy) & set(check) and not set(shell) & (set(policy) | set(check))
    for name in ("agentsh.frontends.shell", "agentsh.gate.answer", "agentsh.records"):
        assert name not in policy and name not in check, name
    for name in ("agentsh.cli", "agentsh.bundle", "agentsh.fastre"):  # imported before it
        assert not any(name in group for group in (shell, policy, check, grammar)), name


# the interactive shell up to its first prompt (as tests/frontends/test_interactive_cost.py), from
# the installed package with its bundle: prints, for each group decoded on the way, how many of
# its modules were left unimported
_FIRST_PROMPT = """
import os, sys
sys.path[:0] = [sys.argv[1]]
from agentsh import bundle, fastre
bundle.install()
fastre.install()
os.isatty = lambda fd: True
from agentsh.frontends import interactive

def first_prompt(argv0, inv, env, policy):
    from agentsh import locations
    from agentsh.frontends.interactive.gate import for_policy
    from agentsh.frontends.interactive.reader import prompt_text
    from agentsh.frontends.interactive.session import Session, new_loop

    gate = for_policy(policy, env)
    locations.real_bash(gate.policy.settings.bash, env)
    prompt_text(os.getcwd(), env, False)
    print(len(bundle._GROUPS), sum(entry is not None for group in bundle._GROUPS.values()
                                   for entry in group))
    return 0

interactive.run = first_prompt
from agentsh.frontends import shell
sys.exit(shell.run(["agentsh"]))
"""


def test_the_interactive_first_prompt_decodes_no_group_it_does_not_use(env, tmp_path) -> None:
    """A group is decoded whole for its first module: the first prompt imports the shell's
    and the policy's modules and the audit log's, and must not decode the classifier's."""
    installed = Path(sysconfig.get_paths()["purelib"]) / "agentsh" / bundle.FILE_NAME
    if not installed.exists():
        pytest.skip("no installed bundle (install.sh writes it; reinstall.sh does not)")
    for _ in range(2):  # the first builds the policy and its cache (which imports much more)
        done = subprocess.run([sys.executable, "-I", "-S", "-c", _FIRST_PROMPT,
                               sysconfig.get_paths()["purelib"]], env=env, cwd=tmp_path,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    decoded, unused = map(int, done.stdout.split())
    assert decoded >= 2 and unused == 0, done.stdout


def test_the_installed_bundle_serves_the_path_and_changes_no_verdict(agentsh_bin, env,
                                                                     tmp_path) -> None:
    installed = Path(sysconfig.get_paths()["purelib"]) / "agentsh" / bundle.FILE_NAME
    if not installed.exists():
        pytest.skip("no installed bundle (install.sh writes it; reinstall.sh does not)")
    texts = ["echo $(true)", "rm -rf /", "git push --force origin main", "psql -c 'drop table t'",
             "python3 -c 'import shutil; shutil.rmtree(\"/\")'", "ls -la | grep x > out.txt"]
    payload = "\n".join(json.dumps({"cmd": text}) for text in texts) + "\n"

    def verdicts() -> str:
        return subprocess.run([agentsh_bin, "check", "--batch", "--json"], input=payload, env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120).stdout

    with_bundle = verdicts()
    hidden = installed.with_name("code_bundle.hidden")
    os.rename(installed, hidden)
    try:
        without = verdicts()
    finally:
        os.rename(hidden, installed)
    assert with_bundle == without and with_bundle.count("\n") == len(texts)
    probe = ("import os, sys\nsys.path[:0] = [sys.argv[1]]\n"
             "def done(*a):\n    from agentsh import bundle\n"
             "    spec = sys.modules['agentsh.engine.classify'].__spec__\n"
             "    os.write(1, str(spec.loader is bundle._Finder).encode()); os._exit(0)\n"
             "os.execve = done\nsys.argv = ['agentsh', '-c', 'echo $(true)']\n"
             "from agentsh.cli import entry\nentry()\n")
    done = subprocess.run([sys.executable, "-I", "-S", "-c", probe,
                           sysconfig.get_paths()["purelib"]], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout == "True", done.stderr


def test_the_bundle_read_on_demand_leaves_bash_no_extra_descriptor(agentsh_bin, env,
                                                                    tmp_path) -> None:
    """The bundle stays open while agentsh checks (each entry is read when first imported, not
    the whole 3.5 MB file at every start); bash, which agentsh execs, must not inherit it."""
    text = "echo $(true) >/dev/null; ls /proc/$$/fd"
    ours = subprocess.run([agentsh_bin, "-c", text], env=env, cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    theirs = subprocess.run(["bash", "-c", text], env=env, cwd=tmp_path,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert ours.returncode == 0, ours.stderr
    assert sorted(ours.stdout.split()) == sorted(theirs.stdout.split())
