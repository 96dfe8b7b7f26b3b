"""Windsurf (Cascade): the `pre_run_command` hook (https://docs.windsurf.com/windsurf/cascade/hooks).
The payload carries `tool_info.command_line` and `tool_info.cwd`; the session is the
`trajectory_id`. Only exit 2 blocks (stderr is shown); exit 0 lets Cascade's own flow go on."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session


def read(data: dict) -> Request | None:
    if data.get("agent_action_name") != "pre_run_command":
        raise ValueError(f"unexpected event {data.get('agent_action_name')!r}")
    info = mapping(data.get("tool_info"), "tool_info")
    return Request(command_text(info.get("command_line")), directory(info.get("cwd")),
                   session(data, "trajectory_id"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (None, Exit.DENY)
