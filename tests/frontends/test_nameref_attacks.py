"""Namerefs followed to the variable they stand for (issue 16, compat: nameref.tests). Each
attack is a way a blocked agent would hide a command word or an assignment behind a nameref;
run as an agent runs it (`agentsh -c`, no terminal, CLAUDECODE=1, a temporary HOME), each must
ask or be refused (exit 126) with the victim left in place. The first was allowed on main:
`unset r` unsets what r stands for, not r, and agentsh read `$r` as empty."""

from __future__ import annotations

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    "declare -n r=X; unset r; X=rm; $r -rf victim",  # allowed on main
    "typeset -n r=X; X=rm; $r -rf victim",
    "declare -n r=X; r=rm; $X -rf victim",
    "declare -n a=b; declare -n b=X; a=rm; $X -rf victim",  # a chain
    "declare -n r=a[1]; a=(ls rm); $r -rf victim",  # an array's element
    "a=ls; b=rm; declare -n r; for r in a b; do $r -rf victim; done",  # re-targeted in a loop
    "f() { declare -gn r=$1; }; X=rm; f X; $r -rf victim",  # re-targeted in a function
    "f() { typeset -n ref=$1; ref=rm; }; f X; $X -rf victim",
    "eval 'declare -n r=X'; X=rm; $r -rf victim",  # declared in eval
    "set -- X; declare -n r=$1; r=rm; $X -rf victim",  # the variable a positional names
    "declare -n r; r=X; r=rm; $X -rf victim",  # none yet: the first assignment names it
    "X=ls; declare -n r=X; declare +n r=rm; $X -rf victim",  # +n assigns through first
    "declare -n r=X; r=rm; declare +n r; $X -rf victim",
    "declare -n r=X; declare -l r; r=RM; $X -rf victim",  # an attribute for X
    "X=ls; f() { local -n q=X; local q=rm; $X -rf victim; }; f",
    "X=ls; declare -n r=X; declare -n r=Y; r=rm; $Y -rf victim",  # re-targeted
    "declare -n r=X; X=rm; export X; bash -c '$X -rf victim'",
    "declare -n r=X; export r; r=rm; bash -c '$X -rf victim'",
    "declare -n r=X; read r <<< rm; $X -rf victim",
    "declare -n r=X; f() { local X=ls; }; r=rm; f; $X -rf victim",
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_a_nameref_hides_nothing(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


HARMLESS = [
    "declare -n r=X; X=ls; $r victim",
    "f() { typeset -n ref=$1; ref=ls; }; f X; $X victim",
    "a=ls; b=true; declare -n r; for r in a b; do $r victim; done",
]


@pytest.mark.parametrize("command", HARMLESS, ids=range(len(HARMLESS)))
def test_a_known_nameref_runs(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 0, (done.returncode, done.stderr)
