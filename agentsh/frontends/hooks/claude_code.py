"""Claude Code: the `PreToolUse` hook for the `Bash` tool and the file tools `Write`, `Edit`,
`MultiEdit` and `NotebookEdit` (https://code.claude.com/docs/en/hooks).

Deny is a `permissionDecision` of "deny" and exit status 2 (exit 2 blocks whatever the JSON says);
allow says nothing, so Claude's own permission flow goes on. Cursor (third-party hooks, tool
`Shell`) and VS Code (tool `run_in_terminal`, matchers ignored) also run the hooks in
`~/.claude/settings.json` with their own payloads: their shell tools are read too, and VS Code's
file tools (`vscode.FILE_TOOLS`); any other tool gets no answer."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks import vscode
from agentsh.frontends.hooks.payload import Request, tool_call

SHELL_TOOLS = ("Bash", "Shell", "run_in_terminal", "runTerminalCommand")
# Claude Code's own file tools and the input key naming the file: each write is judged as the
# write it is (payload.file_write), so an edit of agentsh's rules or of this hook's settings asks.
FILE_TOOLS = {"Write": "file_path", "Edit": "file_path", "MultiEdit": "file_path",
              "NotebookEdit": "notebook_path", **vscode.FILE_TOOLS}


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), SHELL_TOOLS, file_tools=FILE_TOOLS)


def deny(reason: str) -> dict:
    """Claude Code's deny, which Codex, Qwen Code, Factory droid, Kimi and VS Code also read."""
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": reason}}


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (deny(reason), Exit.DENY)


def reroutable(data: dict) -> bool:
    """Claude Code's own `Bash` tool call, whose input a PreToolUse answer may replace
    (`updatedInput`). Cursor (`Shell`) and VS Code (`run_in_terminal`) read this settings file
    too, with payloads of their own: never theirs."""
    args = data.get("tool_input")
    if any(key in data for key in OTHER_AGENTS):  # Cursor naming its shell tool `Bash`
        return False
    return (data.get("hook_event_name") == "PreToolUse" and data.get("tool_name") == "Bash" and
            isinstance(args, dict) and isinstance(args.get("command"), str) and
            _plain_session(data.get("session_id")))


# payload fields only the other agents reading Claude Code's settings send (Cursor's
# third-party hooks, VS Code's agent hooks): such a payload is never rerouted, whatever it names
# its tool, since those agents may drop `updatedInput` and run the original line on "allow"
OTHER_AGENTS = ("cursor_version", "conversation_id", "generation_id", "workspace_roots",
                "hookEventName", "sessionId", "toolName", "toolInput")


def _plain_session(value) -> bool:
    from agentsh.frontends import hook_route

    return hook_route.plain_session("claude-code", value)


def rerouted(data: dict, command: str, reason: str) -> tuple[dict, int]:
    """The call with its command replaced. `updatedInput` replaces the whole input, so the
    other fields the model set (`timeout`, `description`, `run_in_background`) are kept.
    Claude's own prompt is not skipped: "allow" only where Claude would not prompt anyway
    (`bypassPermissions`); in every other mode "ask", which shows the person the changed
    command in Claude's own prompt, as any other command of the session would be."""
    decision = "allow" if data.get("permission_mode") == "bypassPermissions" else "ask"
    return ({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": decision,
                                    "permissionDecisionReason": reason,
                                    "updatedInput": {**data["tool_input"], "command": command}}},
            Exit.OK)
