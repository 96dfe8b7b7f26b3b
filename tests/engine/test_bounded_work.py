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


def _stdins(text: str):
    from agentsh.engine.parse import parse

    return [c.stdin for c in parse(text).commands if c.stdin is not None]


def test_a_long_pipeline_keeps_a_bounded_chain_per_part() -> None:
    """Each part of a pipeline used to hold every argv before it (a tuple per part: memory in
    the square of the length; a 254 KiB pipeline peaked at 1.6 GB). The chain is bounded."""
    from agentsh.engine.parse.grammar_walk import MAX_UPSTREAM

    stdins = _stdins("echo a" + " | grep -v zz" * 400)
    assert len(stdins) == 400
    assert max(len(s.upstream) for s in stdins) <= MAX_UPSTREAM
    assert [len(s.upstream) for s in stdins[:3]] == [1, 2, 3]  # short chains are whole


@pytest.mark.parametrize("filters", [3, 60])
def test_past_the_bound_xargs_input_is_never_read_as_more_harmless(builtin_policy, ctx,
                                                                  filters) -> None:
    """A chain that starts with something that is not a data producer stays unknown data at
    any length: a bounded chain is judged by its last producer alone, never more leniently."""
    text = "cat notes.txt" + " | grep -v x" * filters + " | xargs rm -rf"
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW


def test_a_large_pipeline_is_answered_in_bounded_memory(builtin_policy, ctx) -> None:
    """64 KiB of `| grep -v zz`: the walk's memory grows with the text, not its square."""
    import tracemalloc

    text = "echo a" + " | grep -v zz" * 5000
    tracemalloc.start()
    try:
        classify(text, builtin_policy, ctx)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 80 * 1024 * 1024, peak  # was 119 MB traced before the bound (43 MB after)
