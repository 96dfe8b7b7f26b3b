"""Bounded work in the checking path: text built to make agentsh work hard (nested loops that
the dataflow pass widens pass after pass, long pipelines) is answered quickly, and what could not
be followed in full is unknown (it asks), never allowed by default."""

from __future__ import annotations

import time

import pytest

from agentsh.engine import dataflow
from agentsh.engine.classify import classify
from agentsh.engine.model import Decision


def nested_loops(depth: int, inner: str) -> str:
    return "".join(f"for v{i} in a b; do x=$x.{i}; cd d{i}; " for i in range(depth)) + inner + \
        "; done" * depth


@pytest.mark.parametrize("depth", [14, 40])
def test_nested_loops_are_answered_quickly_and_ask(builtin_policy, ctx, depth) -> None:
    """14 nested loops took 112 s (each loop widens its body up to 7 times: 7 to the 14th).
    Past the walk's budget each command is checked once, with nothing known: `$x` asks."""
    start = time.monotonic()
    verdict = classify(nested_loops(depth, "x=rm; $x -rf ~"), builtin_policy, ctx)
    assert time.monotonic() - start < 20
    assert verdict.decision != Decision.ALLOW
    assert "UNK002" in {f.rule for f in verdict.findings}


def test_under_the_budget_values_are_followed(builtin_policy, ctx) -> None:
    verdict = classify(nested_loops(3, "x=rm; $x -rf ~"), builtin_policy, ctx)
    assert "FS001" in {f.rule for f in verdict.findings}


def test_the_budget_covers_real_commands() -> None:
    """The most any command in ../shared/agent-commands/dev.jsonl needs is 258 nodes."""
    assert dataflow.WORK_BASE >= 5 * 258


@pytest.mark.parametrize("text", ["(echo 3 \"foo ${IFS+'bar} baz\") 2>&- || echo failed in 3",
                                  "x=\"${a+'b}\"; echo \"$x\""],
                         ids=["posixexp2-line-20", "assigned"])
def test_a_quote_inside_an_expansion_is_not_an_internal_error(builtin_policy, ctx, text) -> None:
    """bash's own posixexp2.tests: the value expander raised (ERR001, 'substring not found')."""
    verdict = classify(text, builtin_policy, ctx)
    assert "ERR001" not in {f.rule for f in verdict.findings}
