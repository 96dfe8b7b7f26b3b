"""What a person (or the policy) said about running a command: the gate's result."""

from __future__ import annotations

from agentsh.records import Record


class Answer(Record, fields="approved channel reason approver_pid note snapshot late",
             defaults=(None, "", None, ())):
    """What a person (or the policy) said about running a command."""

    __slots__ = ()

    approved: bool
    channel: str  # 'policy', 'grant', 'terminal', 'approver', 'none'
    reason: str  # allowed, denied, approved, timeout, interrupted, wrong-name, no-channel, ...
    approver_pid: int | None
    note: str  # what the person who denied it told the agent (`agentsh approve`, key r)
    # the snapshot taken in place of a person (`gate.snapshots.take.Result`): ok, with the undo
    # id, or why not (and then a person was asked)
    snapshot: object
    # findings whose snapshot bash takes when it reaches their command (the line rewrite,
    # engine/snapline.py): the frontend that asked for it rewrites the line, or asks a person
    late: tuple
