"""Cline: an executable `PreToolUse` hook file (https://docs.cline.bot/customization/hooks). The
payload names the tool in `preToolUse.toolName` (`execute_command` for the shell) with string
`parameters`; the session is the `taskId`. The answer is always JSON: `{"cancel": false}` lets
Cline's own approval go on, `{"cancel": true, "errorMessage": ...}` blocks. Cline logs a failing
hook and continues, so a deny exits 0 with its JSON."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session


def read(data: dict) -> Request | None:
    if data.get("hookName") != "PreToolUse":
        raise ValueError(f"unexpected event {data.get('hookName')!r}")
    call = mapping(data.get("preToolUse"), "preToolUse")
    if not isinstance(call.get("toolName"), str):
        raise ValueError(f"unexpected tool {call.get('toolName')!r}")
    if call["toolName"] != "execute_command":
        return None
    params = mapping(call.get("parameters"), "parameters")
    roots = data.get("workspaceRoots") or [None]
    return Request(command_text(params.get("command")),
                   directory(roots[0] if isinstance(roots, list) else None),
                   session(data, "taskId"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return {"cancel": False}, Exit.OK
    return {"cancel": True, "errorMessage": reason}, Exit.OK
