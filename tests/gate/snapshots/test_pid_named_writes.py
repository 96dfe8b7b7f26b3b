"""A write over a path named by the shell's process ID (`: > $TMPDIR/x-$$`, `exec 4>$TRACEFILE`
with `TRACEFILE=$TMPDIR/bash-trace-$$`, bash's set-x and redir tests), run as an agent runs it.

The checker cannot know `$$`: the path reads as a stand-in (`flowstate.SELF_PID`). Before, the
gate "saved" the stand-in's path, where nothing is, and let the line run: a link the agent
planted earlier at the likely names (`ln -s ~/.bashrc /tmp/x-12345`) made bash truncate its
target with no copy. Now the wrapper, which execs bash in its own process, puts its own process
ID in the path, copies what is really there (through the link), and `agentsh undo` brings it
back; where the ID is not known (a hook: the agent's tool starts bash), or the copy cannot be
made (over `max_copy_bytes`), a person decides."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env
from tests.gate.snapshots.helpers import user_rules

PRECIOUS = "the person's shell settings\n"
SAVED = re.compile(r"agentsh: saved [12] files? ")


def _rig(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    home = tmp_path / "home"
    home.mkdir()
    shared = tmp_path / "shared"  # a TMPDIR, as /tmp would be
    shared.mkdir()
    work = tmp_path / "proj"
    work.mkdir()
    env = {**clean_env(home), "CLAUDECODE": "1", "TMPDIR": str(shared)}
    return home, shared, work, env


def _planted_then(agentsh_bin: str, line: str, victim: Path, work: Path, env: dict[str, str]
                  ) -> subprocess.CompletedProcess:
    """The agent's attack: a link planted at `$TMPDIR/x-PID` for the process ID the wrapper
    will have (bash execs it: the same process), then `agentsh -c LINE`."""
    script = 'ln -s "$1" "$TMPDIR/x-$$" && exec "$2" -c "$3"'
    return subprocess.run(["bash", "-c", script, "bash", str(victim), agentsh_bin, line],
                          cwd=work, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60, start_new_session=True)


def _undo(agentsh_bin: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    plain = {k: v for k, v in env.items() if k != "CLAUDECODE"}
    return subprocess.run([agentsh_bin, "undo"], cwd=work, env=plain, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("line", [": > $TMPDIR/x-$$", ": > $TMPDIR/x-$BASHPID",
                                  "T=$TMPDIR/x-$BASHPID; echo new > $T"],
                         ids=["dollar-dollar", "bashpid", "bashpid-in-a-variable"])
def test_a_link_planted_at_the_pid_name_is_copied_first(agentsh_bin, tmp_path, line) -> None:
    home, _shared, work, env = _rig(tmp_path)
    victim = home / "notes.txt"
    victim.write_text(PRECIOUS)
    done = _planted_then(agentsh_bin, line, victim, work, env)
    assert done.returncode == 0, done.stderr
    assert victim.read_text() in ("", "new\n")  # bash wrote through the link, as it would
    # not "saved nothing": the link and what it points to, as for any link written through
    # (the wrapper knows its `$$`: the path is looked at as any other, `Context.pid`)
    assert SAVED.search(done.stderr), done.stderr
    undone = _undo(agentsh_bin, work, env)
    assert undone.returncode == 0, undone.stderr
    assert victim.read_text() == PRECIOUS


def test_a_guarded_target_is_kept_for_a_person(agentsh_bin, tmp_path) -> None:
    """`~/.bashrc` through the link: the wrapper knows its `$$` (`Context.pid`), so it sees
    that the write lands on a shell start-up file, which a person decides (SELF003); before,
    it was copied first and the line ran."""
    home, _shared, work, env = _rig(tmp_path)
    victim = home / ".bashrc"
    victim.write_text(PRECIOUS)
    done = _planted_then(agentsh_bin, ": > $TMPDIR/x-$$", victim, work, env)
    assert done.returncode == 126 and "SELF003" in done.stderr, done.stderr
    assert victim.read_text() == PRECIOUS


def test_exec_of_a_trace_file_named_by_pid_is_copied_first(agentsh_bin, tmp_path) -> None:
    """set-x1.sub's form: the name in a variable, a trap that removes it, `exec 4>`."""
    home, _shared, work, env = _rig(tmp_path)
    victim = home / "notes.db"
    victim.write_text(PRECIOUS)
    line = ("TRACEFILE=$TMPDIR/x-$$\ntrap 'rm -f $TRACEFILE' 0\nexec 4>$TRACEFILE\n"
            "echo traced >&4")
    done = _planted_then(agentsh_bin, line, victim, work, env)
    assert done.returncode == 0, done.stderr
    assert SAVED.search(done.stderr), done.stderr
    assert _undo(agentsh_bin, work, env).returncode == 0
    assert victim.read_text() == PRECIOUS


def test_over_the_copy_budget_it_asks(agentsh_bin, tmp_path) -> None:
    home, _shared, work, env = _rig(tmp_path)
    user_rules(home, "[settings.snapshots]\nmax_copy_bytes = 4096\n")
    victim = home / "big.db"
    victim.write_bytes(b"z" * 10000)
    done = _planted_then(agentsh_bin, ": > $TMPDIR/x-$$", victim, work, env)
    assert done.returncode == 126 and "blocked" in done.stderr, done.stderr
    assert victim.read_bytes() == b"z" * 10000


def test_no_link_no_file_runs(agentsh_bin, tmp_path) -> None:
    """bash's own tests: a fresh `$$` name, nothing there; the line runs (nothing to save)."""
    _home, shared, work, env = _rig(tmp_path)
    done = subprocess.run([agentsh_bin, "-c", "exec 2>$TMPDIR/foo-$$; echo to-err >&2; "
                           "cat $TMPDIR/foo-$$ >&1; rm -f $TMPDIR/foo-$$"], cwd=work, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          start_new_session=True)
    assert done.returncode == 0 and done.stdout == "to-err\n", done.stderr
    assert not list(shared.iterdir())


def test_in_a_hook_it_asks(agentsh_bin, tmp_path) -> None:
    """A hook's command runs in a shell the agent starts: its `$$` is not known when the hook
    answers, so no copy can stand in for a person (it was "saved nothing" and allowed)."""
    from tests.frontends.test_hooks import hook, payload

    _home, _shared, work, env = _rig(tmp_path)
    env = {k: v for k, v in env.items() if k != "CLAUDECODE"}
    result = hook(agentsh_bin, "claude-code", payload("claude-code", ": > $TMPDIR/x-$$", work), env)
    assert result.returncode == 2, result.stderr
    assert "process ID" in result.stderr.decode() or "FS020" in result.stderr.decode()
