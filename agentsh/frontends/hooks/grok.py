"""Grok Build (xAI `grok`): Claude-like hook files in `~/.grok/hooks/`, with a camelCase payload
(`hookEventName`, `toolName`, `toolInput`); the shell tool is `run_terminal_command`. Grok cuts
tool input at 128 KB and says so in `toolInputTruncated`: a truncated command is not checked but
blocked. Deny is `{"decision": "deny", "reason": ...}`, the only form it reads, with exit 0
(cc-safety-net `src/hosts/grok-build/hook.ts`)."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call


def read(data: dict) -> Request | None:
    request = tool_call(data, ("PreToolUse",), ("run_terminal_command",))
    if request is not None and data.get("toolInputTruncated"):
        raise ValueError("Grok truncated the command, so agentsh cannot see all of it")
    return request


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else ({"decision": "deny", "reason": reason}, Exit.OK)
