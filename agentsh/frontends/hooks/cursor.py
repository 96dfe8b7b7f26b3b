"""Cursor: the `beforeShellExecution` hook; deny is `permission: deny` with `agent_message`."""

from __future__ import annotations

import os

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, command_text


def read(data: dict) -> Request:
    if data.get("hook_event_name", "beforeShellExecution") != "beforeShellExecution":
        raise ValueError(f"unexpected event {data.get('hook_event_name')!r}")
    cwd = data.get("cwd") or (data.get("workspace_roots") or [os.getcwd()])[0]
    return Request(command_text(data.get("command")), str(cwd))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return {"permission": "allow"}, Exit.OK
    return {"permission": "deny", "user_message": reason.splitlines()[0],
            "agent_message": reason}, Exit.DENY
