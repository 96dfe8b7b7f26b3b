"""What every agent's hook payload comes down to: a command and the directory it would run in,
read strictly (anything unexpected raises, and the hook then blocks)."""

from __future__ import annotations

import os
import shlex
from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Request(namedtuple("Request", "command cwd")):
    """What an agent's hook payload asks: a command, and where it would run."""

    __slots__ = ()

    command: str
    cwd: str


def command_text(value: Any) -> str:
    """A command given as a string, or as argv (`["bash", "-lc", CMD]` is CMD)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if len(value) >= 3 and os.path.basename(value[0]) in ("bash", "sh", "zsh") and \
                value[1] in ("-c", "-lc", "-ilc"):
            return value[2]
        return shlex.join(value)
    if isinstance(value, str):
        return value
    raise ValueError("the command is neither a string nor a list of strings")


def tool_input(data: dict, events: tuple[str, ...], tools: tuple[str, ...]) -> Request:
    """The `{"hook_event_name", "tool_name", "tool_input": {"command"}}` shape that Claude Code,
    Codex and Gemini CLI share."""
    event = data.get("hook_event_name")
    if event not in events:
        raise ValueError(f"unexpected event {event!r}")
    tool = data.get("tool_name")
    if tool not in tools:
        raise ValueError(f"unexpected tool {tool!r}")
    tool_input = data.get("tool_input") or {}
    command = command_text(tool_input.get("command"))
    cwd = tool_input.get("directory") or tool_input.get("workdir") or data.get("cwd") or os.getcwd()
    return Request(command, str(cwd))
