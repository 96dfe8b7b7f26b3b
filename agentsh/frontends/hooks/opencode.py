"""OpenCode: agentsh's plugin (`agentsh setup opencode` writes it) runs in OpenCode's
`tool.execute.before` hook (https://opencode.ai/docs/plugins) and sends what OpenCode gave it:
`{"tool", "sessionID", "callID", "args": {"command", "workdir"?}, "directory"}`; the shell tool is
`bash`, its `workdir` relative to the project `directory`. The plugin throws (which blocks the
tool) on a deny and on any failure."""

from __future__ import annotations

from agentsh.frontends.hooks import plugin
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session

answer = plugin.answer


def read(data: dict) -> Request | None:
    if not isinstance(data.get("tool"), str):
        raise ValueError(f"unexpected tool {data.get('tool')!r}")
    if data["tool"] != "bash":
        return None
    args = mapping(data.get("args"), "args")
    return Request(command_text(args.get("command")),
                   directory(data.get("directory"), args.get("workdir")),
                   session(data, "sessionID"))
