"""Snapshots before destruction and `agentsh undo`, end to end as an agent meets them: the command
runs without a person once what it destroys is saved, `agentsh undo` brings it back byte for
byte, and whenever a snapshot cannot be taken the command asks exactly as before."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.gate.snapshots.helpers import (
    agent,
    audit_entries,
    fingerprint,
    needs_root,
    person,
    trash_dir,
    undo_id,
    user_rules,
)

OLD = 1_500_000_000_000_000_000  # ns: 2017, so a restored time is not "now" by accident


def make_project(root: Path) -> Path:
    """A project tree with nested folders, odd names, symlinks, modes, hard links and times."""
    proj = root / "proj"
    (proj / "src" / "deep" / "deeper").mkdir(parents=True)
    (proj / "empty").mkdir()
    (proj / "src" / "main.py").write_text("print('hello')\n")
    (proj / "src" / "deep" / "deeper" / "data.bin").write_bytes(bytes(range(256)) * 40)
    base = os.fsencode(proj / "src")
    for name in (b"odd\nname", b"-leading-dash", b"sp ace", b"\xff\xfe-not-utf8", b"*star?",
                 b"tab\tname", "ünïcode".encode(), b"'quote\"", b".hidden"):
        with open(os.path.join(base, name), "wb") as fh:
            fh.write(b"content of " + name)
    os.symlink("main.py", proj / "src" / "link-relative")
    os.symlink("/etc/hostname", proj / "src" / "link-absolute")
    os.symlink("no-such-file", proj / "src" / "link-dangling")
    os.symlink("deep", proj / "src" / "link-to-dir")
    os.link(proj / "src" / "main.py", proj / "src" / "main-hardlink.py")
    os.mkfifo(proj / "src" / "a-fifo")
    (proj / "run.sh").write_text("#!/bin/sh\necho run\n")
    os.chmod(proj / "run.sh", 0o755)
    os.chmod(proj / "src" / "main.py", 0o600)
    os.chmod(proj / "src" / "deep", 0o751)
    os.chmod(proj / "empty", 0o2770)
    for here, dirs, files in os.walk(os.fsencode(proj), topdown=False):
        for name in files + dirs:
            os.utime(os.path.join(here, name), ns=(OLD, OLD), follow_symlinks=False)
    os.utime(proj, ns=(OLD, OLD))
    return proj


def test_rm_rf_of_a_project_runs_and_undo_restores_it_byte_for_byte(agentsh_bin, env, home,
                                                                    tmp_path) -> None:
    proj = make_project(tmp_path)
    before = fingerprint(proj)
    ran = agent(agentsh_bin, env, tmp_path, "rm -rf proj")
    assert ran.returncode == 0, ran.stderr
    assert not proj.exists()
    sid = undo_id(ran)
    assert ran.stderr.count("\n") == 1 and f"agentsh undo {sid}" in ran.stderr
    undone = person(agentsh_bin, env, tmp_path, "undo", sid)
    assert undone.returncode == 0, undone.stderr
    assert fingerprint(proj) == before
    assert os.stat(proj).st_mtime_ns == OLD
    log = audit_entries(home)
    assert [(e["channel"], e["outcome"], e.get("undo")) for e in log[-2:]] == [
        ("snapshot", "recoverable", sid), ("undo", "restored", sid)]
    assert log[-2]["findings"][0] == {**log[-2]["findings"][0], "rule": "FS001",
                                      "recoverable": "snapshot"}
    assert person(agentsh_bin, env, tmp_path, "log", "--verify").returncode == 0


def test_a_script_run_by_path_that_deletes_runs_and_undo_restores(agentsh_bin, env, tmp_path
                                                                   ) -> None:
    """docs/precision.md, round 5: `chmod +x run.sh && ./run.sh` runs here like `bash run.sh`,
    so the deletion in it is saved first instead of asking."""
    proj = make_project(tmp_path)
    before = fingerprint(proj / "src")
    script = "#!/usr/bin/env bash\nset -e\nrm -rf src\necho done\n"
    ran = agent(agentsh_bin, env, proj,
                f"cat > run.sh <<'EOF'\n{script}EOF\nchmod +x run.sh && ./run.sh")
    assert ran.returncode == 0, ran.stderr
    assert not (proj / "src").exists()
    undone = person(agentsh_bin, env, proj, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stderr
    assert fingerprint(proj / "src") == before


def test_without_an_id_undo_takes_the_latest_and_then_says_there_is_none(agentsh_bin, env,
                                                                          tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    agent(agentsh_bin, env, tmp_path, "rm -rf a")
    agent(agentsh_bin, env, tmp_path, "rm -rf b")
    assert person(agentsh_bin, env, tmp_path, "undo").returncode == 0
    assert (tmp_path / "b").is_dir() and not (tmp_path / "a").exists()
    assert person(agentsh_bin, env, tmp_path, "undo").returncode == 0
    assert (tmp_path / "a").is_dir()
    again = person(agentsh_bin, env, tmp_path, "undo")
    assert again.returncode == 1 and "no snapshot left to undo" in again.stderr


def test_undo_refuses_to_overwrite_newer_files_without_force(agentsh_bin, env, tmp_path) -> None:
    proj = make_project(tmp_path)
    before = fingerprint(proj)
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf proj"))
    (proj / "src").mkdir(parents=True)
    (proj / "src" / "main.py").write_text("written after the rm\n")
    refused = person(agentsh_bin, env, tmp_path, "undo", sid)
    assert refused.returncode == 1 and "changed since" in refused.stdout
    assert "nothing was changed" in refused.stderr
    assert sorted(os.listdir(proj)) == ["src"] and os.listdir(proj / "src") == ["main.py"]
    forced = person(agentsh_bin, env, tmp_path, "undo", sid, "--force")
    assert forced.returncode == 0, forced.stderr
    assert fingerprint(proj) == {**before, **{k: v for k, v in fingerprint(proj).items()
                                              if k in (b"src",)}}  # src's time: touched by mkdir
    saved = forced.stdout.split("what it replaced is saved as ", 1)[1].split()[0]
    back = person(agentsh_bin, env, tmp_path, "undo", saved, "--force")
    assert back.returncode == 0, back.stderr
    assert (proj / "src" / "main.py").read_text() == "written after the rm\n"


def test_a_snapshot_of_nothing_runs_quietly_and_is_logged(agentsh_bin, env, home,
                                                          tmp_path) -> None:
    """Nothing to save: no line on bash's stderr (bash's own test suite compares it, scripts
    parse it), the audit log keeps the snapshot's id."""
    ran = agent(agentsh_bin, env, tmp_path, "rm -rf not-there")
    assert ran.returncode == 0 and ran.stderr == ""
    assert audit_entries(home)[-1].get("undo")


# ------------------------------------------------------------------ falling back to asking


def asked(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 126 and "needs a person's approval" in result.stderr


def test_a_full_trash_falls_back_to_asking(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\ntrash_bytes = 3000\n")
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "f").write_bytes(b"x" * 2000)
    assert agent(agentsh_bin, env, tmp_path, "rm -rf first").returncode == 0
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "f").write_bytes(b"y" * 2000)
    blocked = agent(agentsh_bin, env, tmp_path, "rm -rf second")
    assert asked(blocked) and (tmp_path / "second" / "f").exists()
    assert audit_entries(home)[-1]["unrecoverable"].startswith("the trash would hold more")
    (tmp_path / "third").mkdir()
    user_rules(home, "[settings.snapshots]\ntrash_bytes = 2000\n")
    blocked = agent(agentsh_bin, env, tmp_path, "rm -rf third")
    assert asked(blocked) and (tmp_path / "third").exists()
    assert audit_entries(home)[-1]["unrecoverable"].startswith("the trash is full")
    assert "no snapshot could stand in for a person here: the trash is full" in blocked.stderr


def test_a_tree_with_too_many_files_falls_back_to_asking(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\nmax_files = 5\n")
    many = tmp_path / "many"
    many.mkdir()
    for n in range(10):
        (many / str(n)).write_text("x")
    blocked = agent(agentsh_bin, env, tmp_path, "rm -rf many")
    assert asked(blocked) and len(os.listdir(many)) == 10
    # nothing half-saved is left (the index of what the trash holds may be there)
    assert not [p for p in trash_dir(home).iterdir() if p.name != ".index"]


def test_with_snapshots_off_it_asks_as_before(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\nenabled = false\n")
    (tmp_path / "keep").mkdir()
    blocked = agent(agentsh_bin, env, tmp_path, "rm -rf keep")
    assert asked(blocked) and "snapshot" not in blocked.stderr  # the person chose: no note
    assert (tmp_path / "keep").is_dir()


@needs_root
def test_another_users_files_fall_back_to_asking(agentsh_bin, env, tmp_path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    assert asked(agent(agentsh_bin, env, tmp_path, "rm -rf theirs"))
    assert theirs.is_dir()


@pytest.fixture
def tmpfs(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "other-fs"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_another_file_system_is_copied_within_the_limit(agentsh_bin, env, tmpfs) -> None:
    proj = make_project(tmpfs)
    (proj / "src" / "a-fifo").unlink()
    before = fingerprint(proj)
    ran = agent(agentsh_bin, env, tmpfs, "rm -rf proj")
    assert ran.returncode == 0, ran.stderr
    assert person(agentsh_bin, env, tmpfs, "undo", undo_id(ran)).returncode == 0
    after = fingerprint(proj)
    # copied back: the files are new inodes, so which names shared one is not kept
    assert {k: v[:-1] if len(v) == 6 else v for k, v in after.items()} == \
        {k: v[:-1] if len(v) == 6 else v for k, v in before.items()}


def test_another_file_system_over_the_copy_limit_falls_back_to_asking(agentsh_bin, env, home,
                                                                     tmpfs) -> None:
    user_rules(home, "[settings.snapshots]\nmax_copy_bytes = 4096\n")
    big = tmpfs / "big"
    big.mkdir()
    (big / "data").write_bytes(b"z" * 10000)
    blocked = agent(agentsh_bin, env, tmpfs, "rm -rf big")
    assert asked(blocked) and (big / "data").exists()
    assert "another file system" in audit_entries(home)[-1]["unrecoverable"]


# ------------------------------------------------------------------ the trash


def test_the_trash_expires(agentsh_bin, env, home, tmp_path) -> None:
    (tmp_path / "old").mkdir()
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf old"))
    manifest = trash_dir(home) / sid / "manifest.json"
    aged = manifest.read_text().replace('"time": ', f'"time": {time.time() - 49 * 3600}, "was": ',
                                        1)
    manifest.write_text(aged)  # 49 hours later
    listed = person(agentsh_bin, env, tmp_path, "trash", "list")
    assert listed.returncode == 0 and "the trash is empty" in listed.stdout
    assert not (trash_dir(home) / sid).exists()
    assert audit_entries(home)[-1]["expired"] == [sid]
    gone = person(agentsh_bin, env, tmp_path, "undo", sid)
    assert gone.returncode == 1 and f"no snapshot {sid}" in gone.stderr


def test_the_retention_is_configurable(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\nretention_hours = 0\n")
    (tmp_path / "a").mkdir()
    first = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf a"))
    time.sleep(1.1)
    (tmp_path / "b").mkdir()
    second = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf b"))
    assert not (trash_dir(home) / first).exists() and (trash_dir(home) / second).exists()
    assert audit_entries(home)[-1]["expired"] == [first]


def test_trash_list_and_show(agentsh_bin, env, tmp_path) -> None:
    make_project(tmp_path)
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf proj"))
    listed = person(agentsh_bin, env, tmp_path, "trash", "list")
    assert sid in listed.stdout and "rm -rf proj" in listed.stdout
    shown = person(agentsh_bin, env, tmp_path, "trash", "show", sid[:10])
    assert f"id: {sid}" in shown.stdout and str(tmp_path / "proj") in shown.stdout


def test_purge_run_by_an_agent_asks_and_by_a_person_does_not(agentsh_bin, env, home,
                                                             tmp_path) -> None:
    (tmp_path / "x").mkdir()
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf x"))
    path = f"{Path(agentsh_bin).parent}:{os.environ['PATH']}"
    by_agent = agent(agentsh_bin, env, tmp_path, f"agentsh trash purge {sid}", PATH=path)
    assert by_agent.returncode == 126 and "UNDO003 (critical" in by_agent.stderr
    assert (trash_dir(home) / sid).exists()
    # run by an agent's script, past the gate: the command itself asks
    direct = subprocess.run([agentsh_bin, "trash", "purge", sid], env={**env, "CLAUDECODE": "1"},
                            cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, start_new_session=True, timeout=60)
    assert direct.returncode == 126 and "not purged" in direct.stderr
    assert (trash_dir(home) / sid).exists()
    assert audit_entries(home)[-1]["outcome"] == "denied"
    by_person = person(agentsh_bin, env, tmp_path, "trash", "purge", sid)
    assert by_person.returncode == 0 and not (trash_dir(home) / sid).exists()
    assert audit_entries(home)[-1] == {**audit_entries(home)[-1], "outcome": "purged",
                                       "purge": [sid]}


@pytest.mark.parametrize("template", [
    "env -u CLAUDECODE {bin} trash purge --all",
    "CLAUDECODE= {bin} trash purge {sid}",
    "bash -c 'env -i HOME=$HOME {bin} trash purge --all'",
])
def test_an_agent_cannot_purge_by_hiding_that_it_is_one(agentsh_bin, env, home, tmp_path,
                                                        template) -> None:
    (tmp_path / "x").mkdir()
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf x"))
    blocked = agent(agentsh_bin, env, tmp_path, template.format(bin=agentsh_bin, sid=sid))
    assert asked(blocked) and "UNDO003 (critical" in blocked.stderr
    assert (trash_dir(home) / sid / "manifest.json").exists()


def test_undo_never_writes_where_agentsh_guards_itself(agentsh_bin, env, home, tmp_path) -> None:
    """A script edits a snapshot so that it restores agentsh's rules file: undo refuses."""
    import json

    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "rules.toml").write_text("[[allow]]\nrule = '*'\n")
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf x"))
    rules = home / ".config" / "agentsh"
    manifest_path = trash_dir(home) / sid / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["items"][0]["path"] = str(rules)  # the forged part: agentsh's own folder
    manifest_path.write_text(json.dumps(manifest))
    for run in (agent(agentsh_bin, env, tmp_path, f"{agentsh_bin} undo {sid} --force"),
                person(agentsh_bin, env, tmp_path, "undo", sid, "--force")):
        assert run.returncode == 126, run.stderr
        assert "agentsh's own rules guard" in run.stderr
        assert not (rules / "rules.toml").exists()
    assert audit_entries(home)[-1]["outcome"] == "refused"


@pytest.mark.parametrize("command", [
    "rm -rf ~/.local/share/agentsh/trash",
    "find ~/.local/share/agentsh/trash -delete",
    "rm -rf ~/.local/share",
    "mv ~/.local/share/agentsh /tmp/elsewhere",
])
def test_deleting_the_trash_is_critical_and_asks(agentsh_bin, env, home, tmp_path,
                                                 command) -> None:
    (tmp_path / "x").mkdir()
    sid = undo_id(agent(agentsh_bin, env, tmp_path, "rm -rf x"))
    blocked = agent(agentsh_bin, env, tmp_path, command)
    assert asked(blocked) and "UNDO001 (critical" in blocked.stderr
    assert (trash_dir(home) / sid / "manifest.json").exists()


def test_a_hook_snapshots_then_answers_allow(agentsh_bin, env, home, tmp_path) -> None:
    import json

    (tmp_path / "build2").mkdir()
    (tmp_path / "build2" / "out.txt").write_text("generated")
    payload = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "session_id": "s1",
               "cwd": str(tmp_path), "tool_input": {"command": "rm -rf build2"}}
    hooked = subprocess.run([agentsh_bin, "hook", "claude-code"], input=json.dumps(payload),
                            env=env, capture_output=True, text=True, start_new_session=True)
    assert hooked.returncode == 0 and hooked.stdout == ""
    sid = undo_id(hooked)
    assert (trash_dir(home) / sid / "files" / "0" / "out.txt").read_text() == "generated"
    assert audit_entries(home)[-1]["undo"] == sid


ALLOW_PATH = """
import sys
from agentsh.engine import runtime
from agentsh.engine.classify import classify
from agentsh.gate.decide import answer_for
env = {"HOME": sys.argv[1], "CLAUDECODE": "1"}
policy = runtime.load_policy(sys.argv[1], env, use_cache=False)
for text in ("ls | head -1", "git status && rm -f x"):
    verdict = classify(text, policy, runtime.make_context(sys.argv[1], env))
    assert answer_for(verdict, policy.settings, env, sys.argv[1]).approved
print(sorted(m for m in sys.modules if m.startswith(("agentsh.gate.snapshots",
                                                    "agentsh.engine.recovery"))))
"""


def test_snapshot_code_is_not_loaded_on_the_allow_path(tmp_path) -> None:
    import sys

    out = subprocess.run([sys.executable, "-c", ALLOW_PATH, str(tmp_path)], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout == "[]\n", out.stderr


# ------------------------------------------------------------------ other destroyers


@pytest.mark.parametrize("command", [  # (names no rule exempts as regenerable output)
    "find . -name '*.orig' -delete",
    "find . -name stash -type d -exec rm -rf {} +",
    "find pkg -type f -name '*.orig' | head -1 && find pkg -name '*.orig' -exec rm {} \\;",
])
def test_find_deletes_are_undone(agentsh_bin, env, home, tmp_path, command) -> None:
    work = tmp_path / "work"  # not above the trash: a find from there reaches it (UNDO001)
    pkg = work / "pkg"
    (pkg / "stash").mkdir(parents=True)
    (pkg / "mod.py").write_text("x = 1\n")
    (pkg / "stash" / "mod.orig").write_bytes(b"\x00orig")
    (pkg / "old.orig").write_bytes(b"\x00old")
    (pkg / "big").mkdir()
    for n in range(50):
        (pkg / "big" / f"{n}.py").write_text("kept\n")
    before = fingerprint(pkg, dir_times=False)
    ran = agent(agentsh_bin, env, work, command)
    assert ran.returncode == 0, ran.stderr
    assert not (pkg / "stash" / "mod.orig").exists()
    saved = audit_entries(home)[-1]["saved"]["files"]
    assert saved <= 3  # what the expression selects, not the whole tree
    assert person(agentsh_bin, env, work, "undo", undo_id(ran)).returncode == 0
    assert fingerprint(pkg, dir_times=False) == before


@pytest.mark.parametrize("command", [
    "find pkg -name '*.orig' | xargs rm -f",
    "find pkg -name '*.orig' -print0 | xargs -0 -r rm",
    "find pkg -name '*.orig' -o -name '*.rej' | xargs -n 1 rm -f",
    "find . -type d -name stash | xargs -I{} rm -rf {}",
])
def test_find_piped_to_xargs_rm_is_undone(agentsh_bin, env, home, tmp_path, command) -> None:
    """The files find lists are listed again and saved when the snapshot is taken."""
    work = tmp_path / "work"
    pkg = work / "pkg"
    (pkg / "stash").mkdir(parents=True)
    (pkg / "mod.py").write_text("x = 1\n")
    (pkg / "stash" / "mod.orig").write_bytes(b"\x00orig")
    (pkg / "old.orig").write_bytes(b"\x00old")
    (pkg / "patch.rej").write_bytes(b"\x00rej")
    before = fingerprint(pkg, dir_times=False)
    ran = agent(agentsh_bin, env, work, command)
    assert ran.returncode == 0, ran.stderr
    assert not (pkg / "stash" / "mod.orig").exists()
    saved = audit_entries(home)[-1]["saved"]["files"]
    assert saved <= 4  # what find lists, not the whole tree
    assert person(agentsh_bin, env, work, "undo", undo_id(ran)).returncode == 0
    assert fingerprint(pkg, dir_times=False) == before


@pytest.mark.parametrize("name", ["sp ace.orig", "it's.orig", "back\\slash.orig", "tab\tname.orig"])
def test_a_name_xargs_would_split_falls_back_to_asking(agentsh_bin, env, home, tmp_path,
                                                       name) -> None:
    """`find | xargs rm` without -0 splits `a b.orig` into `a` and `b.orig`: rm deletes files
    the listing never named, so no snapshot can stand in for a person."""
    work = tmp_path / "work"
    work.mkdir()
    (work / name).write_text("x")
    (work / "sp").write_text("a file the split names")
    blocked = agent(agentsh_bin, env, work, "find . -name '*.orig' | xargs rm -f")
    assert asked(blocked) and (work / name).exists() and (work / "sp").exists()
    assert "xargs would split" in audit_entries(home)[-1]["unrecoverable"]


def test_a_mover_piped_alongside_a_deletion_is_not_covered_by_a_snapshot(agentsh_bin, env, home,
                                                                         tmp_path) -> None:
    """`(rm -rf src; ...) | (mv ~/thesis src)`: the move may land in src before rm runs, after
    the snapshot was taken; no plan, the command asks and the thesis survives (main made a
    plan: the rm inside a piped subshell was not seen as running alongside)."""
    work = tmp_path / "work"
    (work / "src").mkdir(parents=True)
    thesis = home / "thesis"
    thesis.mkdir(exist_ok=True)
    (thesis / "ch1.tex").write_text("precious")
    blocked = agent(agentsh_bin, env, work,
                    f"(rm -rf src; sleep 0.2) | (mv {thesis} src/ 2>/dev/null; true)")
    assert asked(blocked)
    assert (thesis / "ch1.tex").read_text() == "precious"


def test_rsync_delete_is_undone(agentsh_bin, env, tmp_path) -> None:
    if not shutil.which("rsync"):
        pytest.skip("rsync is not installed")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("from src\n")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "a.txt").write_text("old a\n")
    (dest / "only-here.txt").write_text("deleted by --delete\n")
    before = fingerprint(dest, dir_times=False)
    ran = agent(agentsh_bin, env, tmp_path, "rsync -a --delete src/ dest/")
    assert ran.returncode == 0 and not (dest / "only-here.txt").exists()
    # rsync rewrote a.txt, which the snapshot also holds as a copy (FS052): the command changed
    # it, so the undo needs no `--force` (session 25; what it replaces is saved first)
    undone = person(agentsh_bin, env, tmp_path, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stdout + undone.stderr
    assert fingerprint(dest, dir_times=False) == before


def test_a_file_truncated_in_place_is_copied_and_restored(agentsh_bin, env, tmp_path) -> None:
    log = tmp_path / "app.db"
    log.write_text("precious lines\n" * 100)
    os.chmod(log, 0o640)
    twin = tmp_path / "twin.db"
    os.link(log, twin)  # another name for the same file: a hard link would not have saved it
    ran = agent(agentsh_bin, env, tmp_path, "truncate -s 0 app.db")
    assert ran.returncode == 0 and twin.read_text() == ""
    assert person(agentsh_bin, env, tmp_path, "undo", undo_id(ran)).returncode == 0
    assert twin.read_text() == "precious lines\n" * 100  # restored in place: same inode
    assert oct(os.stat(log).st_mode & 0o777) == "0o640"


def test_the_interactive_shell_takes_the_snapshot_too(agentsh_bin, env, tmp_path) -> None:
    import pexpect

    (tmp_path / "scratch").mkdir()
    (tmp_path / "scratch" / "f").write_text("x")
    child = pexpect.spawn(agentsh_bin, ["-i"], env={**env, "PROMPT_TOOLKIT_NO_CPR": "1"},
                          cwd=str(tmp_path), timeout=15, encoding="utf-8", dimensions=(40, 200))
    child.expect(r"\$")
    child.sendline("rm -rf scratch")
    child.expect(r"agentsh undo (\d{8}-\d{6}-[0-9a-f]{4})")
    sid = child.match.group(1)
    child.sendline("exit")
    child.expect(pexpect.EOF)
    assert not (tmp_path / "scratch").exists()
    assert person(agentsh_bin, env, tmp_path, "undo", sid).returncode == 0
    assert (tmp_path / "scratch" / "f").read_text() == "x"


def test_a_symlink_into_a_system_directory_falls_back_to_asking(agentsh_bin, env,
                                                               tmp_path) -> None:
    os.symlink("/proc", tmp_path / "looks-local")  # nothing is deleted: the name does not exist
    blocked = agent(agentsh_bin, env, tmp_path, "rm -rf looks-local/agentsh-no-such-entry")
    assert asked(blocked)


@pytest.mark.parametrize("folder, own", [
    ("/home/me/proj", True), ("/root/proj", True), ("/work/wt/x", True), ("/tmp/x", True),
    ("/var/tmp/x", True), ("/", True), ("/etc", False), ("/etc/nginx", False),
    ("/usr/local/src", False), ("/var/lib/jenkins/ws", False), ("/proc/self", False),
    ("/etcetera/x", True),
])
def test_own_space(folder: str, own: bool) -> None:
    from agentsh.gate.snapshots.take import _own_space

    assert _own_space(folder) is own


def _fake_etc(tmp_path: Path, monkeypatch) -> Path:
    """A stand-in for /etc (never the real one): the system's directories and the applications'
    configuration under it, as take.py and recovery.py see them."""
    from agentsh.engine import recovery
    from agentsh.gate.snapshots import take

    etc = tmp_path / "etc"
    (etc / "nginx" / "conf.d").mkdir(parents=True)
    (etc / "nginx" / "conf.d" / "site.conf").write_text("server { listen 80; }\n")
    (etc / "fstab").write_text("/dev/sda1 / ext4\n")
    monkeypatch.setattr(take, "SYSTEM", (str(etc),))
    monkeypatch.setattr(take, "SCRATCH", ())  # the test folder is under /tmp
    monkeypatch.setattr(recovery, "APP_CONFIG", (str(etc / "nginx"),))
    return etc


def test_a_copy_of_an_applications_configuration_may_be_taken(tmp_path, home, env,
                                                                monkeypatch) -> None:
    """FS030 (issue 14): a service's configuration under /etc, owned by the user (root in a
    container), is saved by a copy; the machine's own files and whole trees there are not."""
    from agentsh.engine.model import Snap
    from agentsh.gate.snapshots import take
    from agentsh.policy.values import Snapshots

    etc = _fake_etc(tmp_path, monkeypatch)
    site = str(etc / "nginx" / "conf.d" / "site.conf")
    ok = take.take((Snap("copy", site),), Snapshots(), env, command="x", cwd=str(tmp_path))
    assert ok.ok, ok.reason
    for plan in ((Snap("copy", str(etc / "fstab")),), (Snap("tree", str(etc / "nginx")),),
                 (Snap("tree", site),)):
        refused = take.take(plan, Snapshots(), env, command="x", cwd=str(tmp_path))
        assert not refused.ok and "not in the user's own files" in refused.reason, plan
