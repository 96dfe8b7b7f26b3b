"""A `for` loop over a list known before it runs (issue 16, compat: precedence.tests) is what
bash runs: one pass per value, in order, each from where the last ended. agentsh follows it
pass by pass (up to 16 passes, nested loops multiplied; `select` and lists only known at run
time are widened as before) and checks each command once per pass. Each attack is a way to
make a pass read otherwise than in bash; run as an agent runs it (`agentsh -c`, no terminal,
CLAUDECODE=1, a temporary HOME), each must ask (exit 126) with the victim left in place."""

from __future__ import annotations

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    "for x in ls rm; do $x -rf victim; done",
    "for x in ls rm; do :; done; $x -rf victim",
    "for x in ls; do x=rm; done; $x -rf victim",
    "for a in 1 2; do for b in ls rm; do $b -rf victim; done; done",
    "for x in ls rm; do if [ $x = ls ]; then continue; fi; y=$x; done; $y -rf victim",
    "for x in rm ls; do y=$x; [ -e victim ] && break; done; $y -rf victim",
    "y=ls; for x in a b; do y=rm; break; y=ls; done; $y -rf victim",
    "select x in ls rm; do $x -rf victim; break; done <<< 2",
    "for x in " + "ls " * 17 + "rm; do y=$x; done; $y -rf victim",
    "declare -l x; for x in RM; do $x -rf victim; done",
    "for x in a b; do f() { rm -rf victim; }; done; f",
    "IFS=:; y=ls:rm; for x in $y; do $x -rf victim; done",
    "set -- ls rm; for x; do $x -rf victim; done",
    "for x in r?; do $x -rf victim; done",
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_each_pass_reads_as_in_bash(agentsh_bin, agent_home, work, command):  # noqa: F811
    (work / "rm").write_text("")  # `r?` matches it
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


HARMLESS = [
    "for x in ls cat; do y=$x; done; $y victim/keep.txt",
    "cmd2=ls; for i in 1 2; do eval proto=\\$cmd$i; done; $proto victim",
    "for p in sh C; do eval set x \\$grouping_$p; done; ls victim",
]


@pytest.mark.parametrize("command", HARMLESS, ids=range(len(HARMLESS)))
def test_a_known_list_runs(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 0, (done.returncode, done.stderr)
