"""Function bodies followed once per call (issue 16, compat: more-exp, posixexp5), with bash as
the oracle: a body is checked with the values at each call (`f B` runs `eval "$1=..."` as
`eval B=...`), and what is known after a call is what bash has there."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine import dataflow, parse
from agentsh.engine.classify import flow_config
from agentsh.engine.flowstate import Choice
from agentsh.engine.model import Context

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")


def resolved(policy, text: str, fresh: bool = True):
    ctx = Context(cwd="/w", env=(), read_file=lambda p: None)._replace(complete_env=fresh)
    parsed = parse.parse(text)
    return dataflow.resolve(parsed, flow_config(policy, ctx), dataflow.initial(ctx),
                            in_function=False, text=text)


# each `eval` these texts run: agentsh must know every one, and they must be bash's
EVALS = [
    'f() { eval "$1=x"; }; f B; f C',
    "t() { eval $1=\\\"\\${$1:-$2}\\\"; export $1; }; A='a b'; unset B; t B ${B:-\"$A\"}",
    "e() { eval $1=\\'$2\\''${'$1':+\":\"${'$1'}}'; export $1; }; foo=bar; e foo baz",
    "d() { eval \"$c\"; }; for c in 'x=1' 'y=2'; do d; done",
    'g() { eval "$1"; }; f() { g "$2"; }; f a "x=1"; f b "y=2"',
    'f() { local n=$1; shift; eval "$n=\\"$*\\""; }; f v a b; f w c',
]


@pytest.mark.parametrize("text", EVALS, ids=range(len(EVALS)))
def test_each_call_runs_the_text_bash_runs(builtin_policy, text):
    spy = 'eval() { printf "%s\\n" "$*"; builtin eval "$@"; }\n'
    theirs = subprocess.run([BASH, "--norc", "-c", spy + text], capture_output=True,
                            text=True).stdout.splitlines()
    commands, _ = resolved(builtin_policy, text)
    ours = [" ".join(w.text for w in c.words[1:]) for c in commands
            if c.words and c.words[0].text == "eval"]
    assert all(c.words[0].literal and all(w.literal for w in c.words[1:])
               for c in commands if c.words and c.words[0].text == "eval"), ours
    assert sorted(ours) == sorted(theirs)


AFTER = [
    "y=rm; f() { local y=ls; }; f",
    "y=rm; f() { declare y=ls; }; f",
    "y=rm; f() { declare -g y=ls; }; f",
    "y=rm; f() { eval \"$1\"; }; f 'local y=ls'",
    "y=ls; f() { y=$1; }; f rm",
    "y=ls; f() { :; }; y=rm f",
    "y=rm; f() { y=ls; return; y=cat; }; f",
    "f() { set -- a b; y=$#; }; set -- x; f q",
    "f() { y=$1; shift; y=$y$1; }; f a b",
    "f() { local y=in; g; }; g() { y=$y.g; }; y=out; f",
    "y=ls; g() { break; }; for i in a b; do y=rm; g; y=ls; done",
    "f() { if [ \"$1\" = x ]; then y=$2; else f x rm; fi; }; f q",
]


@pytest.mark.parametrize("text", AFTER, ids=range(len(AFTER)))
def test_what_is_known_after_a_call_is_what_bash_has(builtin_policy, text):
    theirs = subprocess.run([BASH, "--norc", "-c", text + '\nprintf %s "$y"'],
                            capture_output=True, text=True).stdout
    _, end = resolved(builtin_policy, text + "\nprobe")
    ours = end.value("y")
    if isinstance(ours, Choice):
        assert theirs in ours.values, (ours, theirs)
    elif isinstance(ours, str):
        assert ours == theirs


def test_a_call_inside_a_known_loop_is_known_per_pass(builtin_policy):
    commands, _ = resolved(builtin_policy, 'f() { "$1" -l; }; for p in ls cat; do f $p; done')
    assert sorted(c.words[0].text for c in commands if c.words[0].text in ("ls", "cat")) == \
        ["cat", "ls"]


@pytest.mark.parametrize("text", [
    'f() { "$1" -l; }; f ls; $(cat y) x',  # a command word only known at run time may call f
    'f() { "$1" -l; }; f ls; eval "$(cat x)"',  # so may code only known at run time
    'f() { "$1" -l; }; f ls; source ./nothere',
    # named elsewhere: it may be called from there (printed where the text reads nothing
    # back, `echo f` alone, it calls nothing: test_printed_function_names.py)
    'f() { "$1" -l; }; f ls; echo f > g.sh',
    'f() { "$1" -l; }; f ls; export -f f',  # a child may call it
    'f() { "$1" -l; }; f ls; trap "$t" EXIT',
    'f() { "$1" -l; }; f ls; PS4=\'$(x)\'',
    'f() { "$1" -l; }; f() { :; }; f ls',  # defined twice
    'f() { "$1" -l; f ls; }; f ls',  # recursion
], ids=range(9))
def test_a_body_whose_calls_are_not_all_known_is_also_read_with_nothing_known(
        builtin_policy, text):
    commands, _ = resolved(builtin_policy, text)
    readings = [c for c in commands if c.words and c.words[0].raw == '"$1"']
    assert any(not c.words[0].literal for c in readings), [c.words for c in commands]


def test_calls_are_bounded(builtin_policy):
    text = 'f() { "$1" -l; }\n' + "f ls\n" * (dataflow.MAX_CALLS + 10)
    commands, _ = resolved(builtin_policy, text)
    readings = [c for c in commands if c.words and c.words[0].raw == '"$1"']
    assert len(readings) <= dataflow.MAX_CALLS + 1
    assert any(not c.words[0].literal for c in readings)  # past the budget: as before


def test_in_a_shell_that_lives_on_a_body_is_also_read_with_nothing_known(builtin_policy):
    # a hook or `agentsh check`: the agent's shell may live on, and a later line may call the
    # function with anything (`f 'rm -rf ~'` alone does not show the body)
    commands, _ = resolved(builtin_policy, 'f() { eval "$1"; }; f "echo hi"', fresh=False)
    evals = [c for c in commands if c.words and c.words[0].text == "eval"]
    assert any(not c.words[1].literal for c in evals)


def test_a_completion_function_never_runs_in_a_shell_that_ends(builtin_policy):
    text = 'f() { eval "$1"; }; complete -F f ls'
    commands, _ = resolved(builtin_policy, text)
    assert not [c for c in commands if c.words and c.words[0].text == "eval"]
    commands, _ = resolved(builtin_policy, text, fresh=False)  # the shell lives on: read
    assert [c for c in commands if c.words and c.words[0].text == "eval"]
