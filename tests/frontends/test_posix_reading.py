"""After `set -o posix` on an earlier line bash reads `"${x+'$(cmd)}"` with the quote as text
and runs cmd (issue 16, compat): run as an agent runs it (`agentsh -c`, no terminal,
CLAUDECODE=1, a temporary HOME), it must ask (exit 126) with the victim left in place. On
main it was allowed and bash deleted the victim."""

from __future__ import annotations

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    "set -o posix\necho \"${IFS+'$(rm -rf victim)}\"",
    "set -o posix\n: \"${NOPE:-'`rm -rf victim`'}\"",
    "set -o posix ; shopt -u xpg_echo\n(echo 3 \"foo ${IFS+'bar} $(rm -rf victim)\") 2>&-",
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_a_command_bash_runs_in_posix_mode_is_seen(
        agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()
