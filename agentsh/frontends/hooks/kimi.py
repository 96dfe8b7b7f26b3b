"""Kimi Code: `[[hooks]] event = "PreToolUse"` in `~/.kimi-code/config.toml`, for the `Bash` tool
(which may carry its own `cwd`). There is no matcher: every tool call arrives, and only `Bash`
gets an answer. Deny is Claude Code's JSON with exit 0, as the peer cc-safety-net answers
(`src/hosts/kimi-code/hook.ts`); Kimi's exit-code semantics are not documented."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_call


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("Bash",), ("cwd",))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (claude_code.deny(reason), Exit.OK)
