"""Pi (`pi`, the pi coding agent): agentsh's extension (`~/.pi/agent/extensions/agentsh.ts`)
handles Pi's `tool_call` event and sends `{"toolName", "input": {"command"}, "cwd", "sessionId"}`;
the shell tool is `bash`. The extension returns `{block: true, reason}` on a deny and on any
failure (cc-safety-net `src/hosts/pi/tool-call.ts`)."""

from __future__ import annotations

from agentsh.frontends.hooks import plugin
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session

answer = plugin.answer


def read(data: dict) -> Request | None:
    if not isinstance(data.get("toolName"), str):
        raise ValueError(f"unexpected tool {data.get('toolName')!r}")
    if data["toolName"] != "bash":
        return None
    args = mapping(data.get("input"), "input")
    return Request(command_text(args.get("command")), directory(data.get("cwd")), session(data))
