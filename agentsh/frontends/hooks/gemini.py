"""Gemini CLI: the `BeforeTool` hook for `run_shell_command` and the file tools `write_file` and
`replace`
(google-gemini/gemini-cli `docs/hooks/reference.md`). The command runs in `tool_input.dir_path`
(older releases: `directory`) relative to the payload's `cwd`. Deny is `decision: deny` and exit 2
with the reason on stderr (Gemini turns an exit 2 into a deny only when stderr is not empty);
allow says nothing."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call

# Gemini CLI's file-writing tools and the input key naming the file (payload.file_write).
FILE_TOOLS = {"write_file": "file_path", "replace": "file_path"}


def read(data: dict) -> Request | None:
    return tool_call(data, ("BeforeTool",), ("run_shell_command",), ("dir_path", "directory"),
                     file_tools=FILE_TOOLS)


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else ({"decision": "deny", "reason": reason}, Exit.DENY)
