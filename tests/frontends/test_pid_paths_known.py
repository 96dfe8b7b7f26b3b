"""A scratch file named by the shell's process ID (`FN=$TMPDIR/set-e-$$; cat > $FN <<EOF ...;
. $FN; rm -f $FN`, bash's set-e, procsub and redir tests) was a path nobody could know: what the
line wrote there was forgotten, `. $FN` asked (UNK004/UNK006), `rm -f $FN` asked (UNK110) and a
new `exec 2>$TMPDIR/foo-$$` emptied "an existing file" (FS020). The wrapper execs bash in its
own process, so it knows that `$$` (`Context.pid`): the path is looked at as any other
(`flowstate.World`), what is there before the line (a link planted at that name included) is
seen, and what the line writes there is followed. A `$$` nobody knows (a child shell's, a
hook's) stays unknown. Run as the agent runs commands (no terminal, CLAUDECODE=1); bash is the
oracle for output."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

SET_E = """: ${TMPDIR:=/tmp}
FN=$TMPDIR/set-e-$$
cat > $FN << EOF
false
echo after 1
EOF
set -e
until . $FN; do echo a; break; done
echo $?
rm -f $FN
"""

PROCSUB = """FN=$TMPDIR/bashtest-procsub-$$
cat >"$FN" <<EOF
cat "\\$1"
EOF
source "$FN" <(echo test5)
rm -f "$FN"
"""

REDIR = """exec 9>&2
command exec 2>$TMPDIR/foo-$$
echo whatsis >&2
cat $TMPDIR/foo-$$
rm -f $TMPDIR/foo-$$
exec 2>&9
exec 9>&-
"""


@pytest.fixture
def rig(tmp_path):
    home, work, shared = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for d in (home, work, shared):
        d.mkdir()
    (home / ".bashrc").write_text("# the person's\n")
    return work, home, shared, {**clean_env(home), "CLAUDECODE": "1", "TMPDIR": str(shared)}


@pytest.mark.parametrize("line", [SET_E, PROCSUB, REDIR], ids=["set-e", "procsub", "redir"])
def test_a_scratch_file_named_by_the_wrappers_pid_is_followed(agentsh_bin, rig, line) -> None:
    work, _, shared, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    assert done.returncode == 0, done.stderr
    assert not list(shared.iterdir())
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.stdout == bash.stdout and done.stdout


def _planted_then(agentsh_bin: str, target: Path, line: str, work: Path, env: dict[str, str]
                  ) -> subprocess.CompletedProcess:
    """A link planted at `$TMPDIR/x-PID` for the process ID the wrapper will have (it is
    exec'd: the same process), then `agentsh -c LINE`."""
    script = 'ln -s "$1" "$TMPDIR/x-$$" && exec "$2" -c "$3"'
    return subprocess.run(["bash", "-c", script, "bash", str(target), agentsh_bin, line],
                          cwd=work, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60, start_new_session=True)


@pytest.mark.parametrize("line", [
    # what the line writes there is read as code, and checked
    "echo 'rm -f ~/.bashrc' > $TMPDIR/x-$$; . $TMPDIR/x-$$",
    "F=$TMPDIR/x-$$; printf 'rm -f %s\\n' ~/.bashrc > $F; bash $F",
    # a child shell's `$$` is another process's: nobody knows it, what it reads is unknown
    "bash -c 'echo \"rm -f ~/.bashrc\" > $TMPDIR/y-$$; . $TMPDIR/y-$$'",
    # written by a program agentsh cannot follow
    "python3 -c 'print(\"rm -f ~/.bashrc\")' > $TMPDIR/x-$$; . $TMPDIR/x-$$",
], ids=["sourced", "run", "child-shell", "unknown-writer"])
def test_code_at_a_pid_path_is_still_checked(agentsh_bin, rig, line) -> None:
    work, home, _, env = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / ".bashrc").read_text() == "# the person's\n"


def test_a_link_planted_at_the_pid_name_is_followed_to_its_code(agentsh_bin, rig) -> None:
    work, home, _, env = rig
    evil = work / "evil.sh"
    evil.write_text("rm -f ~/.bashrc\n")
    done = _planted_then(agentsh_bin, evil, ". $TMPDIR/x-$$", work, env)
    assert_blocked(done)
    assert (home / ".bashrc").read_text() == "# the person's\n"


def test_a_link_planted_at_the_pid_name_is_written_through(agentsh_bin, rig) -> None:
    work, home, _, env = rig
    done = _planted_then(agentsh_bin, home / ".bashrc", "echo 'rm -rf ~' > $TMPDIR/x-$$",
                         work, env)
    assert_blocked(done)
    assert (home / ".bashrc").read_text() == "# the person's\n"
