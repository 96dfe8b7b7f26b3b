"""Google Antigravity CLI (`agy`): `PreToolUse` in `~/.gemini/config/hooks.json`. The payload is
`toolCall: {name, args}`; the shell tool is `run_command` with `args.CommandLine` and `args.Cwd`;
the session is the `conversationId` (cc-safety-net `src/hosts/antigravity-cli/hook.ts`). Every
tool call arrives (no matcher): the file tools `write_to_file`, `replace_file_content` and
`multi_replace_file_content` name their file in `args.TargetFile` (the PascalCase of `CommandLine`;
the names and the key as Antigravity's transcripts and hook authors record them). Deny is
`{"decision": "deny", "reason": ...}`; `allow` and `ask` are ignored by Antigravity (issues
#1053, #1059), so allow says nothing."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import (
    FileTool,
    Request,
    command_text,
    directory,
    file_command,
    mapping,
    session,
)

# Antigravity's file-writing tools and the keys that may name the file (payload.file_command)
_FILE = FileTool(("TargetFile", "AbsolutePath", "file_path", "path"))
FILE_TOOLS = {"write_to_file": _FILE, "replace_file_content": _FILE,
              "multi_replace_file_content": _FILE}


def read(data: dict) -> Request | None:
    call = mapping(data.get("toolCall"), "toolCall")
    if not isinstance(call.get("name"), str):
        raise ValueError(f"unexpected tool {call.get('name')!r}")
    if call["name"] not in ("run_command", *FILE_TOOLS):
        return None
    args = mapping(call.get("args"), "args")
    roots = data.get("workspacePaths") or [None]
    root = roots[0] if isinstance(roots, list) else None
    if call["name"] in FILE_TOOLS:
        return Request(file_command(call["name"], FILE_TOOLS[call["name"]], args), directory(root),
                       session(data, "conversationId"))
    return Request(command_text(args.get("CommandLine")), directory(args.get("Cwd") or root),
                   session(data, "conversationId"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else ({"decision": "deny", "reason": reason}, Exit.OK)
