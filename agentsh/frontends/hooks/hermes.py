"""Hermes Agent: agentsh's Python plugin (`~/.hermes/plugins/agentsh/`) registers a
`pre_tool_call` callback and sends `{"tool_name", "args": {"command", "workdir"?}, "session_id",
"cwd"}`; the shell tool is `terminal`. Hermes ignores a callback that raises, so the plugin turns
every failure into `{"action": "block"}` itself (cc-safety-net `src/hosts/hermes-agent/`)."""

from __future__ import annotations

from agentsh.frontends.hooks import plugin
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session

answer = plugin.answer


def read(data: dict) -> Request | None:
    if not isinstance(data.get("tool_name"), str):
        raise ValueError(f"unexpected tool {data.get('tool_name')!r}")
    if data["tool_name"] != "terminal":
        return None
    args = mapping(data.get("args"), "args")
    return Request(command_text(args.get("command")),
                   directory(data.get("cwd"), args.get("workdir")), session(data))
