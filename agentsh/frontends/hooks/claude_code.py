"""Claude Code: the `PreToolUse` hook for the `Bash` tool. Deny is a `permissionDecision` of
"deny" with exit status 2; allow says nothing, so Claude's own permission flow goes on."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_input


def read(data: dict) -> Request:
    return tool_input(data, ("PreToolUse",), ("Bash",))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return None, Exit.OK
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": reason}}, Exit.DENY
