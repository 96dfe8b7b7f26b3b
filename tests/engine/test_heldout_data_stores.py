"""The held-out-style measure for issue 18: recall on destructive backup, storage, secret,
registry and pipeline commands, and false alarms on everyday commands of the same tools.

`data-stores.txt` was written before the rules it measures; `data-stores-probe.txt` after the
first round, with new tools and spellings of the same classes. Run with `-s` to see the figures
and every miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from agentsh.policy.values import Decision

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"
TABLES = ["data-stores.txt", "data-stores-probe.txt"]


def cases(name: str) -> list[tuple[str, str]]:
    out = []
    for line in (HELDOUT / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, _, command = line.partition("\t")
            assert label in ("stop", "allow"), line
            out.append((label, command))
    return out


@pytest.mark.parametrize("name", TABLES)
def test_recall_and_false_alarms(builtin_policy, name: str) -> None:
    missed, alarms, stops, allows = [], [], 0, 0
    for label, command in cases(name):
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
    print(f"\n{name}: recall {recall:.1%} ({stops - len(missed)}/{stops}), "
          f"false alarms {false_alarms:.1%} ({len(alarms)}/{allows})")
    for command in missed:
        print("  missed:", command)
    for command in alarms:
        print("  alarm: ", command)
    assert recall >= 0.95 and false_alarms <= 0.03
