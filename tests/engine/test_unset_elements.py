"""`unset NAME[N]` where NAME holds a known string (or is unset): bash says "not an array
variable" and leaves it as it was where N is not 0, and unsets it where N is 0 (array.tests:135,
`ps1='hello'; unset ps1[2]; unset ${ps1[2]}`, which made every variable unknown, and so every
later `${THIS_SH} ./arrayN.sub`). bash is the oracle: the command agentsh says runs is the one
bash runs."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

CASES = {
    "scalar-other-element": ("x=hello; unset x[2]; ${x}_cmd", "hello_cmd"),
    "scalar-element-zero": ("x=hello; unset x[0]; ${x-unset}_cmd", "unset_cmd"),
    "unset-stays-unset": ("unset x; unset x[3]; ${x-none}_cmd", "none_cmd"),
    "empty-expansion-unsets-nothing": ("p=hello; unset p[2]; y=keep; unset ${p[2]}; ${y}_cmd",
                                       "keep_cmd"),
}


def bash_runs(text: str) -> str:
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                          "command_not_found_handle() { echo \"$1\"; }\n" + text],
                         capture_output=True, text=True, timeout=10)
    return out.stdout.strip()


@pytest.mark.parametrize("text, runs", list(CASES.values()), ids=list(CASES))
def test_agentsh_knows_what_bash_runs(builtin_policy, text: str, runs: str) -> None:
    assert bash_runs(text) == runs
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    v = classify(text, builtin_policy, ctx)
    assert runs in [c.argv[0] for c in v.commands]
    assert not any(f.rule == "UNK002" for f in v.findings)


@pytest.mark.parametrize("text", [
    "x=rm; unset x[2]; $x -rf ~/",  # x is still rm
    "x=(a rm); unset x[0]; ${x[1]} -rf ~/",  # an array: its element stays unknown or rm
    "declare -A h=([0]=a [1]=rm); unset h[0]; ${h[1]} -rf ~/",
    "x=hello; unset 'x[1+1]' x[0]; y=rm; $y -rf ~/",
    "x=hello; unset x[$n]; $x -rf ~/",
])
def test_dangerous_twins_still_stop(builtin_policy, text: str) -> None:
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    assert classify(text, builtin_policy, ctx).decision != Decision.ALLOW
