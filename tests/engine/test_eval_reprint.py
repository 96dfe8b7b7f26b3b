"""`eval "$(declare -f f)"`, `eval "$(typeset -f f)"`, `eval "$(type f | sed 1d)"`
(heredoc1.sub, type2.sub, type3.sub): bash prints f's definition (or nothing, or only `type`'s
first line, when f is no function), so eval defines f again as it is, or does nothing. agentsh
read it as code only known at run time, which also forgot every variable. Not where the line
makes declare, typeset, type or sed something else. bash is the oracle."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

TEXTS = [
    'f() {\n\techo a\n\tcat <<END\nb\nEND\n}\nx=f_cmd\neval "$(type f | sed 1d)"\nf\n$x',
    'f() { echo "$1"; }\nx=g_cmd\neval "$(declare -f f)"\nf 1\n$x',
    'x=h_cmd\neval "$(typeset -f nosuch)"\neval "$(type ls | sed 1d)"\n$x',
]


def bash_runs(text: str) -> str:
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                          "command_not_found_handle() { echo \"$1\"; }\n" + text],
                         capture_output=True, text=True, timeout=10)
    return out.stdout.split()[-1]


def verdict(text: str, policy):
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    return classify(text, policy, ctx)


@pytest.mark.parametrize("text", TEXTS)
def test_eval_of_a_reprinted_function_changes_nothing(builtin_policy, text: str) -> None:
    runs = bash_runs(text)
    v = verdict(text, builtin_policy)
    assert runs in [c.argv[0] for c in v.commands]
    assert v.decision == Decision.ALLOW, v.findings


def test_a_renamed_copy_is_the_same_body(builtin_policy) -> None:
    """`eval "$(declare -f foo | sed 's:foo:bar:')"` (type1.sub) defines bar with foo's body."""
    text = "foo()\n{\n\tz_cmd $(<x1)\n}\neval \"$(declare -f foo | sed 's:foo:bar:')\"\nbar"
    assert bash_runs(text) == "z_cmd"
    v = verdict(text, builtin_policy)
    assert "z_cmd" in [c.argv[0] for c in v.commands]
    assert v.decision == Decision.ALLOW, v.findings


@pytest.mark.parametrize("text", [
    'foo() { rm -rf ~/; }\neval "$(declare -f foo | sed \'s:foo:bar:\')"\nbar',
    'foo() { echo foo; }\neval "$(declare -f foo | sed \'s:foo:bar:\')"',  # sed edits the body
    'foo() { :; }\nfoo() { echo; }\neval "$(declare -f foo | sed \'s:foo:bar:\')"',
    'eval "$(declare -f foo | sed \'s:foo:rm:\')"\nrm -rf ~/',  # no foo: rm is the program
    'shopt -s expand_aliases\nalias e=echo\nfoo() { e; }\n'
    'eval "$(declare -f foo | sed \'s:foo:bar:\')"',
])
def test_renamed_copies_that_stop(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW


@pytest.mark.parametrize("text", [
    'f() { rm -rf ~/; }\neval "$(declare -f f)"\nf',  # the body is still checked per call
    'sed() { echo "rm -rf ~/"; }\nf() { :; }\neval "$(type f | sed 1d)"',
    'alias declare=x\neval "$(declare -f f)"',
    'eval "$(declare -f f | sed s/f/g/)"',  # another text: only known at run time
    'enable -n type\neval "$(type f | sed 1d)"',
    'PATH=/tmp/x:$PATH\nf() { :; }\neval "$(type f | sed 1d)"',  # a sed of the line's PATH
])
def test_dangerous_twins_still_stop(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW
