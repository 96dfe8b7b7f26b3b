"""Windsurf (Cascade): the `pre_run_command` hook (https://docs.windsurf.com/windsurf/cascade/hooks).
The payload carries `tool_info.command_line` and `tool_info.cwd`; the session is the
`trajectory_id`. Only exit 2 blocks (stderr is shown); exit 0 lets Cascade's own flow go on.

`pre_write_code` fires before Cascade writes a file, with the file in `tool_info.file_path` (and
the `edits`): the write is judged by where it lands (payload.file_command)."""

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

# the file event and the key naming the file (payload.file_command)
FILE_EVENTS = {"pre_write_code": "file_path"}


def read(data: dict) -> Request | None:
    event = data.get("agent_action_name")
    if event in FILE_EVENTS:
        info = mapping(data.get("tool_info"), "tool_info")
        return Request(file_command("Cascade write", FILE_EVENTS[event], info),
                       directory(info.get("cwd")), session(data, "trajectory_id"))
    if event != "pre_run_command":
        raise ValueError(f"unexpected event {event!r}")
    info = mapping(data.get("tool_info"), "tool_info")
    return Request(command_text(info.get("command_line")), directory(info.get("cwd")),
                   session(data, "trajectory_id"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (None, Exit.DENY)
