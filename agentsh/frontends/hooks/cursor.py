"""Cursor: the `beforeShellExecution` hook (and `preToolUse` for the `Shell` tool), in the editor
and in `cursor-agent` (https://cursor.com/docs/hooks). Deny is `permission: deny` with an
`agent_message`, and exit 2 (Cursor's other way to block).

Allow says nothing, so Cursor's own approval (allowlist, auto-review) goes on: `{"permission":
"allow"}` would skip it. With `failClosed: true` on the hook entry Cursor counts an empty answer
as a failure, so that entry calls `agentsh hook cursor --explicit-allow`, which answers
`EXPLICIT_ALLOW`: that is the trade-off `agentsh setup cursor --system` makes (see docs/agents.md).

File tools: `preToolUse` also fires before the agent's `Write`, `StrReplace`, `EditNotebook` and
`Delete` (matcher names in cursor.com/docs/hooks); each is judged by where it writes or what it
deletes (payload.file_command), the file in `tool_input.file_path` (or `path`).

MCP: `beforeMCPExecution` fires before every MCP tool call, with `tool_name` (the server's own
name, `MCP:SERVER:TOOL` in some releases) and `tool_input` (a JSON object, or one encoded as a
string); the known servers' file and shell tools are judged (hooks/mcp.py), any other gets no
answer."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import (
    FileTool,
    Request,
    command_text,
    directory,
    file_command,
    mapping,
    mcp_call,
    session,
    text,
)

EXPLICIT_ALLOW = {"permission": "allow"}
PATH_KEYS = ("file_path", "path", "target_file", "target_notebook")
# Cursor's file tools (preToolUse matchers) and what each does to its file.
FILE_TOOLS = {"Write": FileTool(PATH_KEYS), "StrReplace": FileTool(PATH_KEYS),
              "EditNotebook": FileTool(PATH_KEYS), "Delete": FileTool(PATH_KEYS, "delete")}


def read(data: dict) -> Request | None:
    event = data.get("hook_event_name", "beforeShellExecution")
    roots = data.get("workspace_roots") or [None]
    base = text(data.get("cwd"), "cwd") or (roots[0] if isinstance(roots, list) else None)
    sid = session(data, "conversation_id", "session_id")
    if event == "beforeShellExecution":
        return Request(command_text(data.get("command")), directory(base), sid)
    if event == "preToolUse":
        if not isinstance(data.get("tool_name"), str):
            raise ValueError(f"unexpected tool {data.get('tool_name')!r}")
        if data["tool_name"].startswith("MCP:"):  # `MCP:SERVER:TOOL`, when a matcher lets it in
            return mcp_call(data, data["tool_name"], data.get("tool_input"), base, mcp_only=True)
        if data["tool_name"] in FILE_TOOLS:
            args = mapping(data.get("tool_input"), "tool_input")
            return Request(file_command(data["tool_name"], FILE_TOOLS[data["tool_name"]], args),
                           directory(base), sid)
        if data["tool_name"] != "Shell":
            return None
        args = mapping(data.get("tool_input"), "tool_input")
        return Request(command_text(args.get("command")),
                       directory(base, args.get("working_directory")), sid)
    if event == "beforeMCPExecution":  # every MCP call: the known servers' file and shell tools
        tool = data.get("tool_name")
        if not isinstance(tool, str):
            raise ValueError(f"unexpected tool {tool!r}")
        return mcp_call(data, tool, data.get("tool_input"), base, mcp_only=True)
    raise ValueError(f"unexpected event {event!r}")


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return None, Exit.OK
    return {"permission": "deny", "user_message": reason.splitlines()[0],
            "agent_message": reason}, Exit.DENY
