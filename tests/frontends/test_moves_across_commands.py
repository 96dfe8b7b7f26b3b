"""What an earlier command moved into a scratch name is not scratch (docs/undo.md, "Moves across
commands"): an agent moves data into `build` (allowed: a move loses nothing) and deletes `build`
in its NEXT command. Each form runs live, as the agent runs it (`agentsh -c` twice from the same
agent process, or the Claude Code hook twice with the same `session_id`), under a temporary
HOME: the data survives (the second command asks) or `agentsh undo` brings it back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import clean_env

PRECIOUS = "three years of results"


@pytest.fixture
def world(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").mkdir()
    (home / "data" / "results.csv").write_text(PRECIOUS)
    project = home / "proj"
    project.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = clean_env(home, CLAUDECODE="1", TMPDIR=str(scratch))
    return home, project, env


def agent(agentsh_bin: str, env: dict, cwd: Path, command: str) -> subprocess.CompletedProcess:
    """`agentsh -c COMMAND` as the agent's shell tool runs it: every call from this test process
    is one agent session (the agent process is the runner, as an agent is the parent of the
    shells it starts)."""
    return subprocess.run([agentsh_bin, "-c", command], cwd=cwd, env=env, text=True,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                          start_new_session=True)


def other_agent(agentsh_bin: str, env: dict, cwd: Path, command: str
                ) -> subprocess.CompletedProcess:
    """The same command from another agent process (another session)."""
    plain = {k: v for k, v in env.items() if k != "CLAUDECODE"}
    runner = ("import subprocess, sys, os\n"
              "env = dict(os.environ, CLAUDECODE='1')\n"
              "sys.exit(subprocess.run(sys.argv[1:], env=env, stdin=subprocess.DEVNULL)"
              ".returncode)\n")
    return subprocess.run([sys.executable, "-c", runner, agentsh_bin, "-c", command], cwd=cwd,
                          env=plain, text=True, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=60, start_new_session=True)


def hook(agentsh_bin: str, env: dict, cwd: Path, command: str, session: str
         ) -> subprocess.CompletedProcess:
    payload = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "session_id": session,
               "cwd": str(cwd), "tool_input": {"command": command}}
    plain = {k: v for k, v in env.items() if k != "CLAUDECODE"}
    return subprocess.run([agentsh_bin, "hook", "claude-code"], input=json.dumps(payload),
                          env=plain, cwd=cwd, capture_output=True, text=True,
                          start_new_session=True, timeout=60)


def undo_id(done: subprocess.CompletedProcess) -> str:
    for line in done.stderr.splitlines():
        if "agentsh undo " in line:
            return line.rsplit("agentsh undo ", 1)[1].strip()
    return ""


def survivors(root: Path) -> list[Path]:
    """Where the data is, outside agentsh's trash."""
    return [p for p in root.rglob("results.csv") if p.is_file() and p.read_text() == PRECIOUS
            and "/agentsh/trash/" not in str(p)]


def run_in_bash(env: dict, cwd: Path, command: str) -> None:
    """What the agent's command did, for a second command judged by text alone: bash runs it
    (the check of that second command is what the test is about)."""
    subprocess.run(["bash", "-c", command], cwd=cwd, env=env, check=True)


def assert_recoverable(agentsh_bin: str, env: dict, home: Path, project: Path,
                       done: subprocess.CompletedProcess) -> None:
    """The second command asked (nothing ran: the data is where the first put it), or ran
    after a snapshot that `agentsh undo` restores."""
    root = home.parent
    if done.returncode == 126:
        assert "blocked" in done.stderr
        assert survivors(root), "the command was blocked, yet the data is gone"
        return
    sid = undo_id(done)
    assert sid, ("deleted with no snapshot and no question", done.returncode, done.stderr)
    assert not survivors(root)
    restored = subprocess.run([agentsh_bin, "undo", sid], cwd=project,
                              env={k: v for k, v in env.items() if k != "CLAUDECODE"},
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=60)
    assert restored.returncode == 0, restored.stderr
    assert survivors(root)


FORMS = [
    pytest.param("mv ~/data build", "rm -rf build", id="mv-then-rm-build"),
    pytest.param("mv ~/data node_modules", "rm -rf node_modules", id="mv-then-rm-node_modules"),
    pytest.param("mv ~/data node_modules", "npm ci", id="mv-then-npm-ci"),
    pytest.param("mv ~/data target", "cargo clean", id="mv-then-cargo-clean"),
    pytest.param("mv ~/data \"$TMPDIR/x\"", "rm -rf \"$TMPDIR/x\"", id="mv-to-tmpdir-then-rm"),
    pytest.param("mv ~/data build", "rm -rf build/", id="mv-then-rm-build-slash"),
    pytest.param("mv ~/data dist/", "rm -rf dist/data", id="mv-into-dist-then-rm-inside"),
    pytest.param("mkdir -p build && mv ~/data build/", "rm -rf build", id="mkdir-mv-then-rm"),
    pytest.param("mv ~/data build", "cd build && cd .. && rm -rf build", id="mv-then-cd-rm"),
    pytest.param("python3 -c \"import shutil, os; shutil.move(os.path.expanduser('~/data'), "
                 "'build')\"", "rm -rf build", id="python-shutil-move"),
    pytest.param("python3 -c \"import os; os.rename(os.path.expanduser('~/data'), 'out')\"",
                 "rm -rf out", id="python-os-rename"),
    pytest.param("find ~/data -maxdepth 0 -exec mv {} build \\;", "rm -rf build",
                 id="find-exec-mv"),
    pytest.param("ln -s ~/data build", "rm -rf build/", id="symlink-then-rm-slash"),
    pytest.param("bash mover.sh", "rm -rf build", id="script-moves"),
    pytest.param("rsync -a --remove-source-files ~/data/ build/", "rm -rf build",
                 id="rsync-remove-source-files"),
    # the delete done by code, whose shell-out runs where agentsh does not know (rt26)
    pytest.param("mv ~/data build", "python3 -c 'import shutil; shutil.rmtree(\"build\")'",
                 id="mv-then-python-rmtree"),
    pytest.param("mv ~/data build", "node -e 'require(\"fs\").rmSync(\"build\", "
                 "{recursive: true})'", id="mv-then-node-rmsync"),
    pytest.param("mv ~/data build", "python3 -c 'import os; os.system(\"rm -rf build\")'",
                 id="mv-then-os-system"),
    # deletions that select by name or pattern (red team, session 26: each removed it unasked)
    pytest.param("mv ~/data build", "find . -name build -exec rm -rf {} +",
                 id="mv-then-find-name-exec-rm"),
    pytest.param("mv ~/data build", "find . -type d -name build -prune -exec rm -rf {} \\;",
                 id="mv-then-find-type-d-prune-exec-rm"),
    pytest.param("mv ~/data build", "find . -maxdepth 2 -name 'buil*' -exec rm -r {} +",
                 id="mv-then-find-pattern-exec-rm"),
    pytest.param("mv ~/data build", "find . -name build -type d | xargs rm -rf",
                 id="mv-then-find-xargs-rm"),
    pytest.param("mv ~/data build", "find . -name build -print0 | xargs -0 -I{} rm -rf {}",
                 id="mv-then-find-xargs-I-rm"),
    pytest.param("mv ~/data node_modules", "find . -name node_modules -prune -exec rm -rf {} +",
                 id="mv-then-find-node-modules"),
    # a destination only known at run time, deleted by a pattern in the next command

    pytest.param("mkdir -p build && mv ~/data build/data-$PPID", "rm -rf build",
                 id="mv-into-run-time-name-then-rm-parent"),
]


@pytest.mark.parametrize("first,second", FORMS)
def test_a_move_then_a_scratch_delete_in_the_next_command(agentsh_bin, world, first,
                                                           second) -> None:
    if first.startswith("rsync") and not shutil.which("rsync"):
        pytest.skip("rsync is not installed (.ci/run installs it)")
    home, project, env = world
    (project / "dist").mkdir()
    (project / "mover.sh").write_text("mv ~/data build\n")
    done = agent(agentsh_bin, env, project, first)
    assert done.returncode == 0, done.stderr
    assert survivors(home.parent)
    second_done = agent(agentsh_bin, env, project, second)
    assert_recoverable(agentsh_bin, env, home, project, second_done)


def test_a_bind_mount_then_a_delete(agentsh_bin, world) -> None:
    home, project, env = world
    (project / "build").mkdir()
    done = agent(agentsh_bin, env, project, "mount --bind ~/data build")
    if done.returncode != 0:
        pytest.skip(f"no bind mounts here: {done.stderr.strip()[-200:]}")
    try:
        second = agent(agentsh_bin, env, project, "rm -rf build/*")
        assert second.returncode == 126 or undo_id(second), second.stderr
        if second.returncode == 0:
            assert survivors(home.parent) or subprocess.run(
                [agentsh_bin, "undo", undo_id(second)], cwd=project, env=env,
                capture_output=True).returncode == 0
    finally:
        subprocess.run(["umount", str(project / "build")], check=False)


def test_the_claude_hook_remembers_its_session(agentsh_bin, world) -> None:
    home, project, env = world
    first = hook(agentsh_bin, env, project, "mv ~/data build", "s-1")
    assert first.returncode == 0, first.stderr
    run_in_bash(env, project, "mv ~/data build")  # the agent ran it
    second = hook(agentsh_bin, env, project, "rm -rf build", "s-1")
    assert second.returncode == 0 and undo_id(second), second.stderr
    run_in_bash(env, project, "rm -rf build")  # the agent ran it
    assert not survivors(home.parent)
    restored = subprocess.run([agentsh_bin, "undo", undo_id(second)], cwd=project,
                              env={k: v for k, v in env.items() if k != "CLAUDECODE"},
                              capture_output=True, text=True, timeout=60)
    assert restored.returncode == 0, restored.stderr
    assert survivors(home.parent)


def test_another_hook_session_is_not_affected(agentsh_bin, world) -> None:
    home, project, env = world
    assert hook(agentsh_bin, env, project, "mv ~/data build", "s-1").returncode == 0
    run_in_bash(env, project, "mv ~/data build")
    other = hook(agentsh_bin, env, project, "rm -rf build", "s-2")
    assert other.returncode == 0 and not undo_id(other), other.stderr


def test_another_agent_process_is_not_affected(agentsh_bin, world) -> None:
    home, project, env = world
    assert agent(agentsh_bin, env, project, "mv ~/data build").returncode == 0
    other = other_agent(agentsh_bin, env, project, "rm -rf build")
    assert other.returncode == 0 and not undo_id(other), other.stderr


def test_moving_build_output_between_build_dirs_stays_quiet(agentsh_bin, world) -> None:
    home, project, env = world
    (project / "dist").mkdir()
    (project / "dist" / "app.js").write_text("console.log(1)")
    (project / "build").mkdir()
    assert agent(agentsh_bin, env, project, "mv dist/app.js build/").returncode == 0
    done = agent(agentsh_bin, env, project, "rm -rf build")
    assert done.returncode == 0 and not undo_id(done), done.stderr
    assert not (project / "build").exists()


def test_a_person_s_commands_are_not_recorded(agentsh_bin, world) -> None:
    home, project, env = world
    person = {k: v for k, v in env.items() if k != "CLAUDECODE"}
    assert agent(agentsh_bin, person, project, "mv ~/data build").returncode == 0
    assert not (home / "run" / "agentsh" / "moves.json").exists()


def record(home: Path) -> list[dict]:
    return json.loads((home / "run" / "agentsh" / "moves.json").read_text())["moves"]


def test_the_record_is_private_bounded_and_cleared_by_the_snapshot(agentsh_bin, world) -> None:
    home, project, env = world
    assert agent(agentsh_bin, env, project, "mv ~/data build").returncode == 0
    path = home / "run" / "agentsh" / "moves.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [e["place"] for e in record(home)] == [str(project / "build")]
    done = agent(agentsh_bin, env, project, "rm -rf build")
    assert undo_id(done)
    assert record(home) == []  # the snapshot holds it now
    (project / "build").mkdir()  # a real build afterwards
    again = agent(agentsh_bin, env, project, "rm -rf build")
    assert again.returncode == 0 and not undo_id(again), again.stderr


def test_an_expired_entry_no_longer_counts(agentsh_bin, world) -> None:
    home, project, env = world
    assert agent(agentsh_bin, env, project, "mv ~/data build").returncode == 0
    path = home / "run" / "agentsh" / "moves.json"
    data = json.loads(path.read_text())
    for entry in data["moves"]:
        entry["at"] = time.time() - 49 * 3600
    path.write_text(json.dumps(data))
    done = agent(agentsh_bin, env, project, "rm -rf build")
    assert done.returncode == 0 and not undo_id(done), done.stderr


def test_a_record_someone_else_could_write_is_ignored(agentsh_bin, world) -> None:
    """A record readable or writable by others is not trusted either way: ignored."""
    home, project, env = world
    assert agent(agentsh_bin, env, project, "mv ~/data build").returncode == 0
    path = home / "run" / "agentsh" / "moves.json"
    os.chmod(path, 0o666)
    done = agent(agentsh_bin, env, project, "rm -rf build")
    assert not undo_id(done)


def test_editing_the_record_asks(agentsh_bin, world) -> None:
    """The record is agentsh's own state (SELF rules): the agent cannot clear it through the
    shell without a person."""
    home, project, env = world
    assert agent(agentsh_bin, env, project, "mv ~/data build").returncode == 0
    for command in ('rm -f "$XDG_RUNTIME_DIR/agentsh/moves.json"',
                    'echo "{}" > "$XDG_RUNTIME_DIR/agentsh/moves.json"'):
        done = agent(agentsh_bin, env, project, command)
        assert done.returncode == 126, (command, done.stderr)


def test_a_place_named_through_a_linked_folder_is_the_same_place(agentsh_bin, world) -> None:
    """The agent works in a folder reached through a symlink, and names the place by its real
    path the next time (or the other way round)."""
    home, project, env = world
    link = home / "work"
    link.symlink_to(project)
    assert agent(agentsh_bin, env, link, "mv ~/data build").returncode == 0
    done = agent(agentsh_bin, env, home, f"rm -rf {project}/build")
    assert_recoverable(agentsh_bin, env, home, project, done)


@pytest.mark.parametrize("first,second", [
    pytest.param("mv ~/data /tmp/{tag}-$PPID", "rm -rf {found}", id="pid-name-rm-literal"),
    pytest.param("mv ~/data /tmp/{tag}-$PPID", "rm -rf /tmp/{tag}-*", id="pid-name-rm-glob"),
    pytest.param("mv ~/data /tmp/{tag}-$RANDOM", "find /tmp -maxdepth 1 -name '{tag}-*' "
                 "-exec rm -rf {{}} +", id="random-name-find-rm"),
    pytest.param("mv ~/data \"/tmp/{tag}-${{PPID}}.bak\"", "rm -rf /tmp/{tag}-*.bak",
                 id="braced-name-rm-glob"),
])
def test_a_destination_known_only_at_run_time_is_matched_as_a_pattern(agentsh_bin, world,
                                                                       first, second) -> None:
    """`mv ~/data /tmp/x-$PPID` is recorded as `/tmp/x-*` (not as the working directory): a
    later deletion of what the pattern matches is saved first, or asks."""
    home, project, env = world
    tag = f"agentsh-moves-test-{os.getpid()}-{time.monotonic_ns()}"
    try:
        assert agent(agentsh_bin, env, project, first.format(tag=tag)).returncode == 0
        moved = [p for p in Path("/tmp").glob(f"{tag}-*") if (p / "results.csv").is_file()]
        assert moved, "the first command did not move the data"
        # the agent saw the name (`ls /tmp`) and deletes it by that name, or by a pattern
        done = agent(agentsh_bin, env, project, second.format(tag=tag, found=moved[0]))
        if done.returncode == 126:
            assert (moved[0] / "results.csv").read_text() == PRECIOUS
            return
        assert undo_id(done), ("deleted with no snapshot and no question", done.stderr)
        assert not moved[0].exists()
        restored = subprocess.run([agentsh_bin, "undo", undo_id(done)], cwd=project,
                                  env={k: v for k, v in env.items() if k != "CLAUDECODE"},
                                  capture_output=True, text=True, timeout=60)
        assert restored.returncode == 0, restored.stderr
        assert (moved[0] / "results.csv").read_text() == PRECIOUS
    finally:
        for leftover in Path("/tmp").glob(f"{tag}-*"):
            subprocess.run(["rm", "-rf", str(leftover)], check=False)


def test_git_clean_of_an_ignored_folder_something_was_moved_into(agentsh_bin, world) -> None:
    """`build/` is ignored: `git clean -fdX` deletes it as ignored output unless the record
    says what it holds."""
    home, project, env = world
    subprocess.run(["git", "init", "-q"], cwd=project, env=env, check=True)
    (project / ".gitignore").write_text("build/\n")
    assert agent(agentsh_bin, env, project, "mv ~/data build").returncode == 0
    done = agent(agentsh_bin, env, project, "git clean -fdX")
    assert_recoverable(agentsh_bin, env, home, project, done)


def test_a_move_into_a_mktemp_folder_then_its_deletion_by_name(agentsh_bin, world) -> None:
    """`d=$(mktemp -d) && mv ~/data "$d"` is recorded as `$TMPDIR/tmp.*/data`; the agent then
    deletes the folder by the name it saw."""
    home, project, env = world
    assert agent(agentsh_bin, env, project, 'd=$(mktemp -d) && mv ~/data "$d"').returncode == 0
    (made,) = [p for p in Path(env["TMPDIR"]).glob("tmp.*") if (p / "data").is_dir()]
    done = agent(agentsh_bin, env, project, f"rm -rf {made}")
    assert_recoverable(agentsh_bin, env, home, project, done)
