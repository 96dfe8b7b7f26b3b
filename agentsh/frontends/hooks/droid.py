"""Factory droid: Claude Code-compatible `PreToolUse` hooks; its shell tool is `Execute`
(https://docs.factory.ai/reference/hooks-reference). Deny is Claude Code's JSON and exit 2.

File tools: `Create`, `Edit`, `MultiEdit` (the file in `tool_input.file_path`, as in Factory's
hook examples) and `ApplyPatch` (a file, or else a patch) are judged by where they write
(payload.file_command)."""

from __future__ import annotations

from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import PATH_KEYS, FileTool, Request, tool_call

answer = claude_code.answer
FILE_TOOLS = {"Create": FileTool(PATH_KEYS), "Edit": FileTool(PATH_KEYS),
              "MultiEdit": FileTool(PATH_KEYS), "ApplyPatch": FileTool(PATH_KEYS, "edit")}


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("Execute",), file_tools=FILE_TOOLS)
