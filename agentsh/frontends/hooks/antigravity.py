"""Google Antigravity CLI (`agy`): `PreToolUse` in `~/.gemini/config/hooks.json`. The payload is
`toolCall: {name, args}`; the shell tool is `run_command` with `args.CommandLine` and `args.Cwd`;
the session is the `conversationId` (cc-safety-net `src/hosts/antigravity-cli/hook.ts`). Deny is
`{"decision": "deny", "reason": ...}`; `allow` and `ask` are ignored by Antigravity (issues
#1053, #1059), so allow says nothing."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session


def read(data: dict) -> Request | None:
    call = mapping(data.get("toolCall"), "toolCall")
    if not isinstance(call.get("name"), str):
        raise ValueError(f"unexpected tool {call.get('name')!r}")
    if call["name"] != "run_command":
        return None
    args = mapping(call.get("args"), "args")
    roots = data.get("workspacePaths") or [None]
    base = args.get("Cwd") or (roots[0] if isinstance(roots, list) else None)
    return Request(command_text(args.get("CommandLine")), directory(base),
                   session(data, "conversationId"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else ({"decision": "deny", "reason": reason}, Exit.OK)
