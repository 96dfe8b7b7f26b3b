"""Gemini CLI: the `BeforeTool` hook for `run_shell_command`."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_input


def read(data: dict) -> Request:
    return tool_input(data, ("BeforeTool",), ("run_shell_command",))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return {}, Exit.OK
    return {"decision": "deny", "reason": reason}, Exit.DENY
