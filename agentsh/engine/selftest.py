"""Running every rule's own examples: `agentsh rules test` and the test suite share this."""

from __future__ import annotations

from dataclasses import dataclass

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Policy

EXAMPLE_CONTEXT = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                          read_file=lambda path: None)


@dataclass(frozen=True)
class ExampleResult:
    """One rule example, run: did it match as the rule says it must?"""

    rule: str
    kind: str  # must_match, must_not_match, todo_match, todo_not_match, recoverable_(not_)match
    command: str
    ok: bool
    found: tuple[str, ...]  # the rule IDs that matched

    def describe(self) -> str:
        want = {"must_match": "should match", "must_not_match": "should not match",
                "todo_match": "is a known gap but now matches (move it to must_match)",
                "todo_not_match": "is a known gap but now passes (move it to must_not_match)",
                "recoverable_match": "should match with a snapshot plan",
                "recoverable_not_match": "should match with no snapshot plan"}
        found = ", ".join(self.found) or "nothing"
        return f"rule {self.rule}: {self.command!r} {want[self.kind]} (matched: {found})"


def run_examples(policy: Policy, ctx: Context = EXAMPLE_CONTEXT) -> list[ExampleResult]:
    results = []
    for rule in policy.rules:
        for kind, examples in (("must_match", rule.must_match),
                               ("must_not_match", rule.must_not_match),
                               ("todo_match", rule.todo_match),
                               ("todo_not_match", rule.todo_not_match)):
            here = ctx._replace(actor=rule.actor) if rule.actor else ctx  # `actor = "agent"`
            for command in examples:
                verdict = classify(command, policy, here)
                found = tuple(sorted({f.rule for f in verdict.findings}))
                hit = rule.id in found
                ok = {"must_match": hit, "must_not_match": not hit, "todo_match": not hit,
                      "todo_not_match": hit}[kind]
                results.append(ExampleResult(rule.id, kind, command, ok, found))
        for kind, examples in (("recoverable_match", rule.recoverable_match),
                               ("recoverable_not_match", rule.recoverable_not_match)):
            for command in examples:
                results.append(recoverable_example(policy, ctx, rule.id, kind, command))
    return results


def recoverable_example(policy: Policy, ctx: Context, rule: str, kind: str,
                        command: str) -> ExampleResult:
    """A `recoverable_match` example must match the rule with a snapshot plan for its finding;
    a `recoverable_not_match` one must match it with none."""
    verdict = classify(command, policy, ctx)
    found = tuple(sorted({f.rule for f in verdict.findings}))
    mine = [f for f in verdict.findings if f.rule == rule]
    planned = bool(mine) and all(f.recovery for f in mine)
    ok = bool(mine) and (planned if kind == "recoverable_match" else not planned)
    return ExampleResult(rule, kind, command, ok, found)
