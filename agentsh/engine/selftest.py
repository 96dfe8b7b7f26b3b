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
    kind: str  # must_match, must_not_match, todo_match, todo_not_match
    command: str
    ok: bool
    found: tuple[str, ...]  # the rule IDs that matched

    def describe(self) -> str:
        want = {"must_match": "should match", "must_not_match": "should not match",
                "todo_match": "is a known gap but now matches (move it to must_match)",
                "todo_not_match": "is a known gap but now passes (move it to must_not_match)"}
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
    return results
