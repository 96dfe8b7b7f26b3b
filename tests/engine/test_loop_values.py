"""Loops with bash as the oracle (issue 16, compat): after a `for` loop over a known list
(followed pass by pass), and after `break`/`continue`, what agentsh knows of a variable must
hold what bash has: a known value is bash's, a `Choice` holds it, or it is unknown."""

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

LOOPS = [
    "for x in ls rm; do y=$x; done",
    "for x in rm ls; do y=$x; break; done",
    "y=ls; for x in a b; do y=rm; break; y=ls; done",
    "y=ls; for x in a b; do y=rm; continue; y=ls; done",
    "for x in ls cat; do y=$x; [ $x = ls ] && continue; y=rm; done",
    "for x in ls cat; do y=$x; [ $x = ls ] || break; y=rm; done",
    "for a in 1 2; do for b in x y; do y=$a$b; [ $b = x ] && break; done; done",
    "for a in 1 2; do for b in x y; do y=$a$b; continue 2; done; y=no; done",
    "y=ls; for x in a; do eval break; y=rm; done",
    "f() { break; }; y=ls; for x in a b; do y=$x; f; y=rm; done",
    "y=0; for x in 1 2 3; do y=$((y + x)); done",
    "for x in a; do for z in b c; do y=$z; break 2; done; y=no; done",
    "y=a; while [ $y != aaa ]; do y=${y}a; done",
]


def agentsh_value(policy, text: str):
    ctx = Context(cwd="/w", env=(), read_file=lambda p: None)._replace(complete_env=True)
    parsed = parse.parse(text + "\nprobe")
    commands, end = dataflow.resolve(parsed, flow_config(policy, ctx), dataflow.initial(ctx),
                                     in_function=False)
    return end.value("y")


@pytest.mark.parametrize("text", LOOPS, ids=range(len(LOOPS)))
def test_what_is_known_after_a_loop_is_what_bash_has(builtin_policy, text):
    theirs = subprocess.run([BASH, "--norc", "-c", text + '\nprintf %s "$y"'],
                            capture_output=True, text=True).stdout
    ours = agentsh_value(builtin_policy, text)
    if isinstance(ours, Choice):
        assert theirs in ours.values, (ours, theirs)
    elif isinstance(ours, str):
        assert ours == theirs
