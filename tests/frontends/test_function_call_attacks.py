"""A function body followed once per call, with the values at that call (issue 16, compat:
more-exp, posixexp5). Each attack is a way to make a body run with values agentsh did not
check, or to leave the caller in a state agentsh misreads; run as an agent runs it
(`agentsh -c`, no terminal, CLAUDECODE=1, a temporary HOME), each must ask (exit 126) with
the victim left in place."""

from __future__ import annotations

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    'f() { "$1" -rf "$2"; }; f rm victim',
    'f() { "$1" -rf "$2"; }; f echo hi; f rm victim',
    'f() { echo "$1"; }; f hi; f() { "$1" -rf victim; }; f rm',  # redefined between calls
    'f() { "$1" -rf victim; }; for x in echo rm; do f $x; done',  # a loop's argument changes
    'f() { local a=$1; shift; "$a" -rf "$@"; }; f rm victim',  # `local`, `shift`
    'f() { $* ; }; f rm -rf victim',
    'f() { eval "$1"; }; f "echo hi"; f "rm -rf victim"',
    'f() { eval "$@"; }; f echo hi; f rm -rf victim',
    'f() { if [ "$1" = x ]; then "$2" -rf victim; else f x rm; fi; }; f y echo',  # recursion
    'g() { eval "$1"; }; f() { g "$1"; }; f "echo hi"; f "rm -rf victim"',
    'f() { eval "$1"; }; f "echo hi"; alias g=\'f "rm -rf victim"\'; g',
    'f() { eval "$1"; }; f "echo hi"; n=f; $n "rm -rf victim"',
    'f() { eval "$1"; }; f "echo hi"; export -f f; bash -c "f \'rm -rf victim\'"',
    'x=rm; f() { local x=ls; }; f; $x -rf victim',  # `local` shadowing ends with the call
    'x=rm; f() { eval "$1"; }; f "local x=ls"; $x -rf victim',
    'x=rm; f() { declare x=ls; }; f; $x -rf victim',
    'x=ls; f() { x=rm; }; f; $x -rf victim',
    'x=rm; f() { x=ls; return; x=rm; }; f; $x -rf victim',
    'x=ls; g() { break; }; for i in a b; do x=rm; g; x=ls; done; $x -rf victim',
    'f() { $x -rf victim; }; x=rm f',  # an assignment in front of the call
    'f() { x=$1; }; f rm; $x -rf victim',
    # code bash runs from a builtin (on main, both ran rm unasked: agentsh read ls)
    'x=ls; g() { x=rm; }; compgen -F g x; $x -rf victim',
    "printf 'a\\nb\\n' > two; x=ls; mapfile -C 'x=rm;' -c 1 z < two; $x -rf victim",
    'x=ls; g() { x=rm; }; f() { compgen -F g x; }; f; $x -rf victim',
    # calls the text does not show as `f`
    "f() { \"$1\" -rf victim; }; f echo; $'\\x66' rm",
    "f() { rm -rf victim; }; complete -F f ls; $'\\x66'",
    'f() { rm -rf victim; }; complete -F f ls; compgen -F f x',
    'f() { rm -rf victim; }; time f',
    'f() { rm -rf victim; }; coproc f',
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_a_body_runs_with_the_values_of_its_call(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


HARMLESS = [
    'f() { eval "$1=x"; }; f B; echo "$B"',
    "t() { eval $1=\\\"\\${$1:-$2}\\\"; export $1; }; A='a b'; unset B; t B ${B:-\"$A\"}",
    "d() { eval \"$c\"; }; for c in 'x=1' 'y=2'; do d; done; echo $x$y",
    'f() { local y=$1; x=$y; }; f ls; $x victim',
    # a completion function runs only when a person presses Tab in an interactive shell
    'f() { eval "$1"; rm -rf victim; }; complete -F f ls',
]


@pytest.mark.parametrize("command", HARMLESS, ids=range(len(HARMLESS)))
def test_a_call_with_known_values_runs(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 0, (done.returncode, done.stderr)
