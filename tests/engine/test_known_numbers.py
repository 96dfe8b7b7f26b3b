"""Numbers only known at run time (issue 16, compat: arith.tests, arith5.sub). A variable that
holds the result of arithmetic (`x=$((...))`, `let`, `(( ))`, anything assigned to a name that
is surely `declare -i`) is some decimal integer: unknown, but never text that names a variable
or a command. agentsh reads `let "jv = $jv / 2"` as assigning only `jv`, and `eval echo
{$a..$b}` as echo with unknown numbers; the number itself stays unknown wherever it is used
(`eval "rm -rf ./-$n"` still asks). Where output matters, bash is the oracle."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine import runtime
from agentsh.engine.classify import classify
from agentsh.engine.dataflow import _number_refs, _with_numbers
from agentsh.engine.flowstate import NUMBER, Choice, State, numeric
from agentsh.engine.model import NULL_FILES
from agentsh.engine.words import UNSET
from agentsh.policy.values import Decision

BASH = shutil.which("bash")
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", "THIS_SH": "/bin/bash"}


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    here = str(tmp_path_factory.mktemp("numbers"))
    policy = runtime.load_policy(here, ENV)
    # bash starts the text with exactly this environment (`agentsh -c`, a script)
    ctx = runtime.make_context(here, ENV)._replace(complete_env=True)

    def decide(text: str) -> str:
        return classify(text, policy, ctx).decision.value
    return decide


def test_what_is_a_number():
    assert numeric(NUMBER) and numeric(UNSET) and numeric("") and numeric("-12")
    assert numeric(Choice(("1", "22")))
    for value in ("-", "1a", "rm", " 1", "1 2", None, ("1",), Choice(("1", "rm"))):
        assert not numeric(value), value


def test_two_numbers_meet_as_a_number():
    a, b = State("/w", {}, NULL_FILES), State("/w", {}, NULL_FILES)
    a.vars["n"], b.vars["n"] = "1", NUMBER
    assert a.join(b).value("n") is NUMBER
    b.vars["n"] = "rm"
    assert a.join(b, choices=False).value("n") is None


# arith.tests and arith5.sub, cut down: each runs (0 = allow) only because the numbers are known
# to be numbers
ALLOWED = [
    'declare -i iv jv\niv=$(( 3 + 5 * 32 ))\niv=iv+3\njv=iv\nlet "jv *= 2"\n'
    'jv=$(( $jv << 2 ))\nlet jv="$jv / 2"\njv="jv >> 2"\nlet "jv += $iv"\nx=ls; $x',
    "a=$((2**63 - 1)); b=$(( $a - 2 )); eval echo \\{${b}..${a}\\}",
    'n=$((RANDOM)); eval echo "$n"',
    "n=$((RANDOM)); eval \"echo {1..${n}}\"",
    "i=0; while [ $i -lt 3 ]; do i=$((i+1)); let \"j = $i\"; done; x=ls; $x",
    "unset b; a[b[c]d]=e; x=ls; $x",
    # a number passed to a function whose body evals quoted text (intl's unicode1.sub): the
    # other arguments stay known there; a comment line names no function, decoded or not
    "a=(p q); g() { eval \"${1}\"'=\"${a[\"${2:?}\"]}\"'; }\n"
    "for (( x=0 ; x<2 ; x++ )); do g y ${x}; done; : $'\\x41'\n  # g y 1",
    "g() { eval \"$1\"'=$(( ${2} + 1 ))'; }; for (( i=0; i<3; i++ )); do g n \"${i}\"; done",
]


@pytest.mark.parametrize("text", ALLOWED, ids=range(len(ALLOWED)))
def test_numbers_are_known_to_be_numbers(judge, text):
    assert judge(text) == 0


# each must still ask: a number is never a value, a name that held text is not a number
ASKED = [
    "n=$((RANDOM)); eval \"$n -rf victim\"",
    "n=$((RANDOM)); eval \"rm -rf ./-${n}\"",
    "n=$((RANDOM)); eval \"x$n=rm; \\$x5 -rf victim\"",
    "n=$((RANDOM)); eval \"n=rm; ${n} -rf victim\"",
    "n=$((RANDOM)); eval \"echo '$n'; rm -rf victim\"",
    "IFS=1; n=$((RANDOM)); eval \"echo $n\"",
    "x=rm; declare -i x; eval \"$x -rf victim\"",
    ": ${n:=rm}; declare -i n; eval \"$n -rf victim\"",
    "readonly n=rm; n=$((5)); eval \"$n -rf victim\"",
    "declare -i n; n=5; declare +i n; n=rm; eval \"$n -rf victim\"",
    "declare -i n; unset n; n=rm; eval \"$n -rf victim\"",
    "f() { declare +i n; }; declare -i n; f; n=rm; eval \"$n -rf victim\"",
    "for i in 1 rm; do n=$i; done; eval \"$n -rf victim\"",
    "n=-; m=5; if [ -e q ]; then k=$n; else k=$m; fi; eval \"r${k}m -rf victim\"",
    "declare -i n; eval 'n=rm'; x=$n; eval \"$x -rf victim\"",
    "y=THIS; let \"$y = 1\"; x=ls; $x; $THIS -rf victim",
    "n=$((RANDOM)); x=rm; let \"y = $n\"; $x -rf victim",
    # a number as a function's argument is a number, never a value, and never moves another
    "f() { $1 -rf victim; }; for (( x=1 ; x<2 ; x++ )); do f ${x}; done",
    "f() { rm -rf \"./v$1\"; }; for (( x=1 ; x<2 ; x++ )); do f \"${x}\"; done",
    "f() { eval \"$2 -rf victim\"; }; for (( x=1 ; x<2 ; x++ )); do f ${x} rm; done",
    "f() { \"$2\" -rf victim; }; while read l; do n=$((n+1)); done < /dev/null; f $n rm",
    "f() { shift 2; \"$1\" -rf victim; }; set -- rm; for ((x=1; x<2; x++)); do f a ${x}; done",
    "f() { eval \"$* -rf victim\"; }; for (( x=1 ; x<2 ; x++ )); do f rm ${x}; done",
    "f() { x=rm; }; for (( x=1 ; x<2 ; x++ )); do f; done; $x -rf victim",
]


@pytest.mark.parametrize("text", ASKED, ids=range(len(ASKED)))
def test_a_number_never_hides_a_command(judge, text):
    assert judge(text) != 0


# (word given to eval, values): bash's text for eval with those numbers, and ours with the
# numbers put where `_number_refs` wrote `${N}`
EVAL_WORDS = [
    ("\\{${b}..${a}\\}", {"a": "9223372036854775807", "b": "-3"}),
    ('"x ${a}:$b"', {"a": "12", "b": "-7"}),
    ("$a.$b", {"a": "0", "b": "100"}),
    ("{$a..$b}", {"a": "1", "b": "3"}),
]


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize("word,values", EVAL_WORDS, ids=range(len(EVAL_WORDS)))
def test_eval_text_is_bash_s_with_the_numbers_left_unknown(word, values):
    state = State("/w", {}, NULL_FILES)
    for name in values:
        state.vars[name] = NUMBER
    fields = _number_refs(word, state)
    assert fields is not None
    ours = " ".join(fields)
    for name, value in values.items():
        ours = ours.replace("${" + name + "}", value)
    script = "".join(f"{n}={v}; " for n, v in values.items()) + f"set -- {word}; printf '%s' \"$*\""
    theirs = subprocess.run([BASH, "--norc", "-c", script], capture_output=True, text=True,
                            check=True).stdout
    assert ours == theirs


def test_let_reads_the_names_its_text_shows():
    state = State("/w", {}, NULL_FILES)
    state.vars["jv"] = NUMBER
    assert _with_numbers('jv="$jv / 2"', state) == "jv=0 / 2"
    assert _with_numbers('"x$jv = 1"', state) is None  # x5: a name the number makes
    state.vars["s"] = "rm"
    assert _with_numbers('"y = $s"', state) == "y = rm"
    assert _with_numbers("'$jv'", state) is None


# `>&WORD` copies a descriptor when WORD expands to digits (nothing: "ambiguous redirect"), and
# opens a file by that name otherwise: a number-valued variable is no file (coproc.tests,
# redir4.sub's `exec 4>&$fd`); anything else read at run time still is a path (UNK110)
@pytest.mark.parametrize("text, decision", [
    ("fd=$((1 + 2)); exec 3>&1; echo x >&$fd", "allow"),
    ('declare -i fd=4; exec 4>&1; echo x >&"${fd}"', "allow"),
    ("x=$(cat f); echo x >&$x", "confirm"),
    ("declare -i fd; read fd; echo x >&$fd", "confirm"),  # read into -i: unknown, as before
    ("fd=$((1 + 2)); fd=$(cat f); echo x >&$fd", "confirm"),
], ids=["arith", "declare-i", "command-output", "read", "reassigned"])
def test_a_number_as_descriptor(judge, text, decision) -> None:
    assert judge(text) == {"allow": Decision.ALLOW, "confirm": Decision.CONFIRM}[decision].value
