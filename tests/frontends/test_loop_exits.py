"""`break` and `continue` (issue 16, compat): the rest of the iteration does not run, so a loop
may end, or start its next pass, with the state where they ran. agentsh read the state at the
end of the body (`y=ls; for x in a; do y=rm; break; y=ls; done; $y -rf victim` ran rm unasked,
on main). Run the way an agent runs it: `agentsh -c`, no terminal, CLAUDECODE=1, a temporary
HOME; each must ask (exit 126) with the victim left in place."""

from __future__ import annotations

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    "y=ls; for x in a; do y=rm; break; y=ls; done; $y -rf victim",
    "y=ls; for x in a b; do y=rm; continue; y=ls; done; $y -rf victim",
    "y=ls; while true; do y=rm; break; y=ls; done; $y -rf victim",
    "y=ls; until false; do y=rm; if true; then break; fi; y=ls; done; $y -rf victim",
    "y=ls; for x in a; do for z in b; do y=rm; break 2; done; y=ls; done; $y -rf victim",
    "y=ls; for x in a; do y=rm; eval break; y=ls; done; $y -rf victim",
    "y=ls; for x in a; do y=rm; command break; y=ls; done; $y -rf victim",
    "f() { break; }; y=ls; for x in a; do y=rm; f; y=ls; done; $y -rf victim",
    "y=ls; for x in a; do y=rm; b=break; $b; y=ls; done; $y -rf victim",
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_a_loop_left_early_keeps_the_state_where_it_left(
        agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


def test_a_loop_left_early_still_runs(agentsh_bin, agent_home, work):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home),
               "y=ls; for x in a b; do break; done; $y victim")
    assert done.returncode == 0, (done.returncode, done.stderr)
