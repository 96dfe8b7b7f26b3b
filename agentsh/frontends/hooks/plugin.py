"""The answer agentsh's own plugins (OpenCode, Amp, Pi, OpenClaw, Hermes) read: nothing and exit 0
to let the agent's own permission flow go on; anything else blocks. A deny is
`{"decision": "deny", "reason": ...}` with exit 2, so a plugin that cannot read the output, or
finds agentsh missing or killed, blocks too."""

from __future__ import annotations

from agentsh.exitcodes import Exit


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else ({"decision": "deny", "reason": reason}, Exit.DENY)
