"""What a person (or the policy) said about running a command: the gate's result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """What a person (or the policy) said about running a command."""

    approved: bool
    channel: str  # 'policy', 'terminal', 'approver', 'none'
    reason: str  # allowed, denied, approved, timeout, interrupted, wrong-name, no-channel
    approver_pid: int | None = None
