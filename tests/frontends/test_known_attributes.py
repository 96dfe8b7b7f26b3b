"""Attributes that change what an assignment does (issue 16, compat): to a `readonly` name it
fails and the value stays; under `declare -l/-u/-c/-i` it is lowered, raised or made a number.
Whatever code gives a name such an attribute (the text itself, a function the text calls,
`eval`), a later `NAME=value` is not that value. Each attack is run the way an agent runs it:
`agentsh -c` with no terminal, CLAUDECODE=1, a temporary HOME; each must ask (exit 126) with
the victim left in place. Before this, each ran `rm -rf victim` unasked."""

from __future__ import annotations

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    "readonly x=rm; x=ls; $x -rf victim",
    "declare -r x=rm; x=ls; $x -rf victim",
    "x=rm; readonly x; x=ls; $x -rf victim",
    "typeset -r x=rm; x=ls; \"$x\" -rf victim",
    "readonly x=rm; for x in ls; do :; done; $x -rf victim",
    "readonly x=rm; read x <<< ls; $x -rf victim",
    "declare -l x; read x <<< RM; $x -rf victim",
    "f() { readonly x=rm; }; f; x=ls; $x -rf victim",
    "f() { declare -gl x; }; f; x=RM; $x -rf victim",
    "f() { declare -gu x; }; f; x=rm; ${x,,} -rf victim",
    "eval 'readonly x=rm'; x=ls; $x -rf victim",
    "g() { readonly x=rm; }; f() { g; }; f; x=ls; $x -rf victim",
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_an_assignment_an_attribute_changes_is_not_read_as_written(
        agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


# the same shapes with nothing to fear still run
HARMLESS = [
    "readonly y=1; x=ls; $x victim",
    "f() { readonly y=1; }; f; x=ls; $x victim",
]


@pytest.mark.parametrize("command", HARMLESS, ids=range(len(HARMLESS)))
def test_an_attribute_on_another_name_changes_nothing(
        agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 0, (done.returncode, done.stderr)


# numbers (`NUMBER`: the result of arithmetic, a `declare -i` name's value) are unknown
# wherever they are used; a name that held text is no number
NUMBER_ATTACKS = [
    "n=$((RANDOM)); eval \"$n -rf victim\"",
    "n=$((RANDOM)); eval \"n=rm; ${n} -rf victim\"",
    "n=$((RANDOM)); eval \"echo '$n'; rm -rf victim\"",
    "x=rm; declare -i x; eval \"$x -rf victim\"",
    ": ${n:=rm}; declare -i n; eval \"$n -rf victim\"",
    "readonly n=rm; n=$((5)); eval \"$n -rf victim\"",
    "declare -i n; n=5; declare +i n; n=rm; eval \"$n -rf victim\"",
    "f() { declare +i n; }; declare -i n; f; n=rm; eval \"$n -rf victim\"",
    "n=$((RANDOM)); x=rm; let \"y = $n\"; $x -rf victim",
]


@pytest.mark.parametrize("command", NUMBER_ATTACKS, ids=range(len(NUMBER_ATTACKS)))
def test_a_number_never_hides_a_command(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


# what arith.tests does runs
NUMBER_HARMLESS = [
    "a=$((2**63 - 1)); b=$(( $a - 2 )); eval echo \\{${b}..${a}\\}",
    'declare -i jv; jv=3; let "jv *= 2"; let jv="$jv / 2"; x=ls; $x victim',
]


@pytest.mark.parametrize("command", NUMBER_HARMLESS, ids=range(len(NUMBER_HARMLESS)))
def test_numbers_run(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 0, (done.returncode, done.stderr)
