"""Factory droid: Claude Code-compatible `PreToolUse` hooks; its shell tool is `Execute`
(https://docs.factory.ai/reference/hooks-reference). Deny is Claude Code's JSON and exit 2."""

from __future__ import annotations

from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_call

answer = claude_code.answer


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("Execute",))
