"""Amp: agentsh's plugin (`~/.config/amp/plugins/agentsh.ts`) handles Amp's `tool.call` event and
sends `{"tool", "thread", "shell": {"command", "dir"} | null, "workspaceRoot"}`, where `shell` is
what `amp.helpers.shellCommandFromToolCall` found (null: not a shell call). The plugin answers
`reject-and-continue` on a deny and on any failure (cc-safety-net `src/hosts/amp/tool-call.ts`)."""

from __future__ import annotations

from agentsh.frontends.hooks import plugin
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping

answer = plugin.answer


def read(data: dict) -> Request | None:
    if not isinstance(data.get("tool"), str):
        raise ValueError(f"unexpected tool {data.get('tool')!r}")
    if data.get("shell") is None:
        return None
    shell = mapping(data["shell"], "shell")
    thread = data.get("thread") if isinstance(data.get("thread"), dict) else {}
    return Request(command_text(shell.get("command")),
                   directory(data.get("workspaceRoot"), shell.get("dir")),
                   str(thread.get("id") or ""))
