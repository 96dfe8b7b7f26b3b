"""Codex: the `PreToolUse` hook for its shell tools (string or argv commands). It answers in
Claude Code's format."""

from __future__ import annotations

from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_input

answer = claude_code.answer


def read(data: dict) -> Request:
    return tool_input(data, ("PreToolUse",), ("Bash", "shell", "exec_command", "local_shell"))
