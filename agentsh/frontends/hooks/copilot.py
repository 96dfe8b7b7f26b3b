"""GitHub Copilot CLI: the `preToolUse` hook in `~/.copilot/hooks/*.json` (github/docs
`content/copilot/reference/hooks-reference.md`). Its payload comes in two spellings: camelCase
(`toolName`, `toolArgs`, which older builds send JSON-encoded) for `preToolUse`, and VS Code's
snake_case (`tool_name`, `tool_input`) for `PreToolUse`. VS Code's agent hooks read the same
directory, so a VS Code payload (see `vscode`) is read here too. There is no matcher: every tool
arrives, and only the shell tools (`bash`, `powershell`) get an answer.

Deny is `permissionDecision: deny` with a reason, exit 0: older releases skip a hook that exits
non-zero (current ones deny on it), so JSON is the answer every release honours."""

from __future__ import annotations

from agentsh.frontends.hooks import vscode
from agentsh.frontends.hooks.payload import Request, command_text, directory, mapping, session, tool_call

SHELL_TOOLS = ("bash", "powershell")


def read(data: dict) -> Request | None:
    if "hookEventName" in data:
        return vscode.read(data)
    if "hook_event_name" in data:
        return tool_call(data, ("PreToolUse",), SHELL_TOOLS)
    tool = data.get("toolName")
    if not isinstance(tool, str):
        raise ValueError(f"unexpected tool {tool!r}")
    if tool not in SHELL_TOOLS:
        return None
    args = mapping(data.get("toolArgs"), "toolArgs")
    return Request(command_text(args.get("command")), directory(data.get("cwd")), session(data))


answer = vscode.answer
