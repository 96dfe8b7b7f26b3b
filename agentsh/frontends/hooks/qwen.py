"""Qwen Code: Claude Code-style `PreToolUse` hooks, on by default, for `run_shell_command`, whose
directory is `tool_input.directory`, and the file tools `write_file`, `edit` (`file_path`) and
`notebook_edit` (`notebook_path`) (QwenLM/qwen-code `docs/users/features/hooks.md`,
`docs/developers/tools/file-system.md`). Deny is Claude Code's JSON and exit 2; allow says nothing
(an `allow` would skip Qwen's own prompt)."""

from __future__ import annotations

from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_call

answer = claude_code.answer

# Qwen Code's file-writing tools and the input key naming the file (payload.file_write).
FILE_TOOLS = {"write_file": "file_path", "edit": "file_path", "notebook_edit": "notebook_path"}


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("run_shell_command",), ("directory", "dir_path"),
                     file_tools=FILE_TOOLS)
