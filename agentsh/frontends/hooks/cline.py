"""Cline: an executable `PreToolUse` hook file (https://docs.cline.bot/customization/hooks). The
payload names the tool in `preToolUse.toolName` (`execute_command` for the shell) with string
`parameters`; the session is the `taskId`. The answer is always JSON: `{"cancel": false}` lets
Cline's own approval go on, `{"cancel": true, "errorMessage": ...}` blocks. Cline logs a failing
hook and continues, so a deny exits 0 with its JSON.

File tools: the hook sees every tool, so `write_to_file` and `replace_in_file` (the file in
`parameters.path`, relative to the workspace root; Cline's tool definitions in
cline/cline `src/core/prompts/`) are judged by where they write (payload.file_command)."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import (
    Request,
    command_text,
    directory,
    file_command,
    mapping,
    session,
)

# Cline's file-writing tools and the parameter naming the file.
FILE_TOOLS = {"write_to_file": "path", "replace_in_file": "path"}


def read(data: dict) -> Request | None:
    if data.get("hookName") != "PreToolUse":
        raise ValueError(f"unexpected event {data.get('hookName')!r}")
    call = mapping(data.get("preToolUse"), "preToolUse")
    if not isinstance(call.get("toolName"), str):
        raise ValueError(f"unexpected tool {call.get('toolName')!r}")
    tool = call["toolName"]
    if tool != "execute_command" and tool not in FILE_TOOLS:
        return None
    params = mapping(call.get("parameters"), "parameters")
    roots = data.get("workspaceRoots") or [None]
    where = directory(roots[0] if isinstance(roots, list) else None)
    if tool in FILE_TOOLS:
        return Request(file_command(tool, FILE_TOOLS[tool], params), where, session(data, "taskId"))
    return Request(command_text(params.get("command")), where, session(data, "taskId"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return {"cancel": False}, Exit.OK
    return {"cancel": True, "errorMessage": reason}, Exit.OK
