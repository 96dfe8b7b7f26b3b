"""A trap handler runs at any time, where a variable holds whatever the text may have assigned
(`dataflow._Flow.unknown_everywhere`). Two things made every variable unknown there for bash's
redir test (`trap 'rm -f $TMPDIR/bash-redir-$$' 0` asked UNK110): `: ${TMPDIR:=$TMPDIR}`,
which assigns nothing while TMPDIR is set and not empty (`assigns.assigned_in_word`, `stays`),
and `$EXIT > file` with EXIT unset and never assigned, a word bash drops
(`assigns.Summarizer._expands_to_nothing`), which was read as any command. Twins where the
variable may really change keep asking. Run as the agent runs commands (no terminal,
CLAUDECODE=1); bash is the oracle for output."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

HANDLER = "trap 'rm -f $TMPDIR/x-$$' 0\n"


@pytest.fixture
def rig(tmp_path):
    home, work, shared = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for d in (home, work, shared):
        d.mkdir()
    (home / ".bashrc").write_text("# the person's\n")
    return work, home, {**clean_env(home), "CLAUDECODE": "1", "TMPDIR": str(shared)}


@pytest.mark.parametrize("before", [
    ": ${TMPDIR:=$TMPDIR}\n",
    ": ${TMPDIR:=/tmp}\n: ${TMPDIR=/var/tmp}\n",
    "$EXIT > out.txt\n",
    "${EXIT} > out.txt\nrm -f out.txt\n",
], ids=["self-default", "defaults", "unset-command-word", "braced"])
def test_a_handler_keeps_a_variable_the_text_cannot_change(agentsh_bin, rig, before) -> None:
    work, _, env = rig
    line = before + HANDLER + "echo done\n"
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout == "done\n"


@pytest.mark.parametrize("before", [
    "TMPDIR=\n: ${TMPDIR:=$HOME}\n",  # emptied first: the default assigns
    "f() { unset TMPDIR; }\nf\n: ${TMPDIR:=$HOME}\n",  # unset in a function
    "unset TMPDIR\n: ${TMPDIR=$HOME}\n",
    "read -r EXIT < /dev/null\n$EXIT TMPDIR=$HOME\n",  # the word is assigned: any command
    '"$EXIT" > out.txt\nTMPDIR=$HOME\n',  # assigned after all
    "x() { local TMPDIR; : ${TMPDIR:=$HOME}; }\nx\n",  # a local one, empty
], ids=["emptied", "unset-in-function", "unset", "read-command-word", "assigned",
        "local"])
def test_a_handler_whose_variable_may_change_still_asks(agentsh_bin, rig, before) -> None:
    work, home, env = rig
    (home / "x-1").write_text("keep\n")
    line = before + "trap 'rm -f $TMPDIR/.bashrc' 0\n" + HANDLER + "echo done\n"
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / ".bashrc").read_text() == "# the person's\n"
