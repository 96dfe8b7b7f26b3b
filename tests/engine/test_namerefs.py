"""Namerefs (`declare -n r=X`) tracked in the dataflow state (issue 16, compat: nameref.tests):
`State.refs` maps each nameref to the variable it stands for, so `$r` reads X and `r=v` assigns
X, as bash does; where that is not known (`declare -n r=$unknown`, a nameref given attributes)
the reading is today's: unknown. bash is the oracle: whatever agentsh says it knows after a
text is what bash has there."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine import dataflow, parse
from agentsh.engine.assigns import Registry
from agentsh.engine.classify import flow_config
from agentsh.engine.flowstate import Choice
from agentsh.engine.model import Context

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")


def end_state(policy, text: str):
    ctx = Context(cwd="/w", env=(), read_file=lambda p: None)._replace(complete_env=True)
    _, end = dataflow.resolve(parse.parse(text + "\nprobe"), flow_config(policy, ctx),
                              dataflow.initial(ctx), in_function=False, text=text)
    return end


def bash_value(text: str) -> str:
    return subprocess.run([BASH, "--norc", "-c", text + '\nprintf %s "$y"'],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}).stdout


# texts after which agentsh knows `y`, and it must be bash's value
KNOWN = [
    "X=ls; declare -n y=X",  # reading through it
    "declare -n y=X; X=ls",  # the value at the read, not at the declaration
    "declare -n r=y; r=ls",  # assigning through it
    "declare -n r=y; r=l; r+=s",
    "declare -n a=b; declare -n b=y; a=ls",  # a chain
    "declare -n r=X; X=rm; unset r; declare +n r; y=$r",  # unset goes through; +n: its name
    "declare -n r=X; X=rm; unset -n r; y=${r-gone}",  # unset -n: the nameref itself
    "declare -n r; r=X; X=ls; y=$r",  # a nameref with none yet: assigning names it
    "X=ls; r=ok; declare -n r=/; y=$r",  # refused: r is as it was
    "r=ls; declare -n r=r; y=$r",  # self reference refused
    "r=%; declare -n r; y=$r",  # refused: `%` is no name
    "a=ls; b=rm; y=; declare -n r; for r in a b; do y=$y$r; done",  # the loop re-targets it
    "f() { typeset -n ref=$1; shift; ref=\"$@\"; }; f y two three",  # nameref.tests
    "f() { local -n r=$1; r=ls; }; f y",
    "X=out; declare -n r=X; f() { local X=in; r=ls; }; f; y=$X",  # dynamic: the local X
    "declare -n -r r=y; r=ls",  # readonly is the nameref's own; X is assigned
    "x=1; declare -n y; declare -a y; y=ls",  # none yet, then an array: a plain variable
    "declare -n r=X; X=rm; declare +n r=ls; y=$X$r",  # +n: assigned through, then plain
    "bar=one; y=bar; typeset -n y; typeset +n y=other; y=$y$bar",  # nameref.tests
]

# texts after which `y` may be only known at run time (never another value)
SOUND = [
    "declare -n r=$1; r=ls; y=$X",
    "declare -n r=X; declare -l r; r=LS; y=$X",  # an attribute for X: not followed
    "declare -n r=X; declare -i r; r=1+1; y=$X",
    "declare -n r; declare -l r; r=Y; y=ls",  # none yet, lowered: it stands for `y`
    "X=rm; declare -n r=X; f() { local r=ls; }; f; y=$X",
    "X=rm; f() { local -n q=X; local q=ls; y=$X; }; f",
    "declare -n r=X; read r <<< ls; y=$X",
    "declare -n r=X; printf -v r ls; y=$X",
    "declare -n r=a[1]; r=ls; y=${a[1]}",
    "declare -n r=X; unset r; X=ls; y=$r",
]


@pytest.mark.parametrize("text", KNOWN, ids=range(len(KNOWN)))
def test_what_a_nameref_reads_and_assigns_is_bash(builtin_policy, text):
    ours = end_state(builtin_policy, text).value("y")
    theirs = bash_value(text)
    assert isinstance(ours, str), (ours, theirs)
    assert ours == theirs


@pytest.mark.parametrize("text", SOUND, ids=range(len(SOUND)))
def test_what_is_not_followed_is_never_another_value(builtin_policy, text):
    ours = end_state(builtin_policy, text).value("y")
    theirs = bash_value(text)
    if isinstance(ours, Choice):
        assert theirs in ours.values
    elif isinstance(ours, str):
        assert ours == theirs


def test_a_nameref_is_no_childs(builtin_policy):
    """A child shell gets values, not namerefs; and what one child script defines is not
    another's (varenv.tests runs varenv4.sub, whose `f` assigns anything, then varenv13.sub,
    whose own `f` only prints: it used to read the first `f` too)."""
    registry = Registry()
    registry.define("f", ("body",), [])
    child = registry.child()
    child.define("f", ("other",), [])
    child.define("g", ("g",), [])
    assert registry.functions == {"f": [(("body",), [])]}
    assert len(child.functions["f"]) == 2


def test_declare_p_assigns_nothing(builtin_policy):
    """`declare -p ${!var*}` (varenv13.sub) prints; `declare -p a=1` is "not found"."""
    end = end_state(builtin_policy, "y=ls; f() { declare -p ${!y*}; }; f; declare -p y=rm")
    assert end.value("y") == "ls" == bash_value(
        "y=ls; f() { declare -p ${!y*}; }; f >/dev/null; declare -p y=rm 2>/dev/null")
