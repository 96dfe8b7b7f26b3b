"""Observe mode (`enforce = false`) asks nobody, so a snapshot that could not be taken prints
no "no snapshot could stand in for a person here" line: bash's standard error stays bash's
(heredoc.tests under observe mode printed it once heredoc5.sub's `$TMPDIR/catfile-$$` was read,
test_compat_smoke's `permissive_equals_bash`). Where a person is asked, the line stays."""

from __future__ import annotations

from agentsh.gate.answer import Answer
from agentsh.gate.decide import snapshot_note
from agentsh.gate.snapshots.take import Result

FAILED = Result(False, reason="the path holds the shell's process ID")


def test_observe_mode_prints_nothing_about_a_failed_snapshot() -> None:
    for reason in ("observed (confirm)", "observed (Decision.CONFIRM)"):
        assert snapshot_note(Answer(True, "policy", reason, snapshot=FAILED)) == ""


def test_a_person_asked_still_hears_why() -> None:
    note = snapshot_note(Answer(True, "terminal", "approved", snapshot=FAILED))
    assert note.startswith("agentsh: no snapshot could stand in for a person here")
