"""Every rule's own examples, from the shipped rules.toml: one test each, with a readable id."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from agentsh.policy import build as policy_mod

POLICY, _ = policy_mod.build("/nonexistent", {"HOME": "/nonexistent"}, system=Path("/nonexistent"))


def _cases():
    for rule in POLICY.rules:
        for kind in ("must_match", "must_not_match", "todo_match", "todo_not_match"):
            for n, command in enumerate(getattr(rule, kind), start=1):
                marks = [pytest.mark.xfail(strict=True, reason="known gap")] \
                    if kind.startswith("todo") else []
                yield pytest.param(rule.id, kind, command, id=f"{rule.id}-{kind}-{n}", marks=marks)


@pytest.mark.parametrize("rule_id, kind, command", list(_cases()))
def test_rule_example(rule_id: str, kind: str, command: str) -> None:
    actor = POLICY.rule(rule_id).actor  # `actor = "agent"`: its examples are an agent's
    verdict = classify(command, POLICY, EXAMPLE_CONTEXT._replace(actor=actor) if actor else
                       EXAMPLE_CONTEXT)
    found = {f.rule for f in verdict.findings}
    if kind in ("must_match", "todo_match"):
        assert rule_id in found, f"{command!r} should match {rule_id}; found {sorted(found)}"
    else:
        assert rule_id not in found, f"{command!r} should not match {rule_id}"


def test_every_rule_has_examples_both_ways() -> None:
    for rule in POLICY.rules:
        assert rule.must_match and rule.must_not_match, rule.id


def test_matching_examples_never_allow() -> None:
    """A must_match example of a rule whose decision is not allow must stop the command."""
    for rule in POLICY.rules:
        if POLICY.settings.decision_for(rule.severity).name == "ALLOW" and rule.decision is None:
            continue
        ctx = EXAMPLE_CONTEXT._replace(actor=rule.actor) if rule.actor else EXAMPLE_CONTEXT
        for command in rule.must_match:
            assert classify(command, POLICY, ctx).decision.name != "ALLOW", command
