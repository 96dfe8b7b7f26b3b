"""OpenClaw: agentsh's plugin handles OpenClaw's `before_tool_call` event and sends
`{"toolName", "params": {"command", "workdir"?}, "cwd", "sessionKey"}`; the shell tool is `exec`.
The plugin returns `{block: true, blockReason}` on a deny and on any failure (cc-safety-net
`src/hosts/openclaw/plugin.ts`)."""

from __future__ import annotations

from agentsh.frontends.hooks import plugin
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session

answer = plugin.answer


def read(data: dict) -> Request | None:
    if not isinstance(data.get("toolName"), str):
        raise ValueError(f"unexpected tool {data.get('toolName')!r}")
    if data["toolName"] != "exec":
        return None
    params = mapping(data.get("params"), "params")
    return Request(command_text(params.get("command")),
                   directory(data.get("cwd"), params.get("workdir")), session(data, "sessionKey"))
