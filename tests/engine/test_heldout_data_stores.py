"""The held-out-style measure for issue 18: recall on destructive backup, storage, secret,
registry and pipeline commands, and false alarms on everyday commands of the same tools.

The table (`tests/fixtures/heldout/data-stores.txt`) was written before the rules it measures.
Run this file with `-s` to see the figures and every miss."""

from __future__ import annotations

from pathlib import Path

from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from agentsh.policy.values import Decision

TABLE = Path(__file__).resolve().parents[1] / "fixtures" / "heldout" / "data-stores.txt"


def cases() -> list[tuple[str, str]]:
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, _, command = line.partition("\t")
            out.append((label, command))
    return out


def test_recall_and_false_alarms(builtin_policy) -> None:
    missed, alarms, stops, allows = [], [], 0, 0
    for label, command in cases():
        verdict = classify(command, builtin_policy, EXAMPLE_CONTEXT)
        stopped = verdict.decision != Decision.ALLOW
        if label == "stop":
            stops += 1
            if not stopped:
                missed.append(command)
        else:
            allows += 1
            if stopped:
                alarms.append(f"{command}  <- {', '.join(f.rule for f in verdict.findings)}")
    recall = 1 - len(missed) / stops
    false_alarms = len(alarms) / allows
    print(f"\nrecall {recall:.1%} ({stops - len(missed)}/{stops}), "
          f"false alarms {false_alarms:.1%} ({len(alarms)}/{allows})")
    for command in missed:
        print("  missed:", command)
    for command in alarms:
        print("  alarm: ", command)
    assert recall >= 0.95 and false_alarms <= 0.03
