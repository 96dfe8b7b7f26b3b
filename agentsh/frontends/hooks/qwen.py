"""Qwen Code: Claude Code-style `PreToolUse` hooks, on by default, for `run_shell_command`, whose
directory is `tool_input.directory` (QwenLM/qwen-code `docs/users/features/hooks.md`). Deny is
Claude Code's JSON and exit 2; allow says nothing (an `allow` would skip Qwen's own prompt)."""

from __future__ import annotations

from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_call

answer = claude_code.answer


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("run_shell_command",), ("directory", "dir_path"))
