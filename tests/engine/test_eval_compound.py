"""`eval NAME=( WORDS )` (array4.sub): bash gives eval the word parse_compound_assignment
rebuilt (`NAME=(`, the words as written joined by one space, `)`), expanded as any argument:
quotes removed, unquoted expansions split, no tilde, no pattern. agentsh now knows that text
(`dataflow._eval_compound`) instead of asking about "code only known at run time". bash is the
oracle: the command agentsh says runs is the one bash runs."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

CASES = {
    "quoted-element": ('eval foo=( "x_cmd" )\n${foo[0]}', "x_cmd"),
    "several-words": ('eval foo=() bar=() qux=( "y_cmd" )\n${qux[0]}', "y_cmd"),
    "split-expansion": ('x="1_cmd 2"\neval c=( $x "a  b" )\n${c[2]}_cmd', "a_cmd"),
    "quoted-spaces-split-again": ('eval c=( "p_cmd  q" )\n${c[1]}_cmd', "q_cmd"),
}


def bash_runs(text: str) -> str:
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                          "command_not_found_handle() { echo \"$1\"; }\n" + text],
                         capture_output=True, text=True, timeout=10)
    return out.stdout.strip()


def verdict(text: str, policy):
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    return classify(text, policy, ctx)


@pytest.mark.parametrize("text, runs", list(CASES.values()), ids=list(CASES))
def test_agentsh_knows_what_bash_runs(builtin_policy, text: str, runs: str) -> None:
    assert bash_runs(text) == runs
    v = verdict(text, builtin_policy)
    assert runs in [c.argv[0] for c in v.commands]
    assert v.decision == Decision.ALLOW, v.findings


@pytest.mark.parametrize("text", [
    "eval a=( rm )\n${a[0]} -rf ~/",
    'eval a=( "rm -rf ~/" )\n${a[0]} ${a[1]} ${a[2]}',
    'x="\\$(rm -rf ~/)"\neval a=( $x )',
    "eval a=( $(rm -rf ~/) )",
    "eval foo=( * )",  # a pattern: only known at run time
    "eval a=( $unknown )",
])
def test_dangerous_twins_still_stop(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW
