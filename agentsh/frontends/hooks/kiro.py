"""Kiro CLI and Amazon Q Developer CLI: `hooks.preToolUse` in an agent's JSON configuration; the
shell tool is `shell` (Kiro) or `execute_bash` (Amazon Q) with `tool_input.command`
(https://kiro.dev/docs/cli/hooks; aws/amazon-q-developer-cli PR #2875). Only exit 2 blocks, with
stderr given to the model; exit 0 lets the agent's own approval go on.

File tools: Kiro's `write` and Amazon Q's `fs_write` (`tool_input.path`) are judged by where they
write (payload.file_command); the hook entry's matcher decides whether they reach agentsh."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call

# Kiro CLI's and Amazon Q CLI's file-writing tools and the input key naming the file.
FILE_TOOLS = {"write": "path", "fs_write": "path"}


def read(data: dict) -> Request | None:
    return tool_call(data, ("preToolUse", "PreToolUse"), ("shell", "execute_bash"),
                     file_tools=FILE_TOOLS)


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (None, Exit.DENY)
