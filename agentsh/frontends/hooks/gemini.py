"""Gemini CLI: the `BeforeTool` hook for `run_shell_command` and the file tools `write_file` and
`replace`
(google-gemini/gemini-cli `docs/hooks/reference.md`). The command runs in `tool_input.dir_path`
(older releases: `directory`) relative to the payload's `cwd`. Deny is `decision: deny` and exit 2
with the reason on stderr (Gemini turns an exit 2 into a deny only when stderr is not empty);
allow says nothing. With `--update-input` a line only the wrapper can save is handed back in
`hookSpecificOutput.tool_input` running it through `agentsh -c` (frontends/hook_route.py)."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call

# Gemini CLI's file-writing tools and the input key naming the file (payload.file_write).
FILE_TOOLS = {"write_file": "file_path", "replace": "file_path"}


def read(data: dict) -> Request | None:
    return tool_call(data, ("BeforeTool",), ("run_shell_command",), ("dir_path", "directory"),
                     file_tools=FILE_TOOLS)


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else ({"decision": "deny", "reason": reason}, Exit.DENY)


def reroutable(data: dict) -> bool:
    """Gemini CLI's own shell call, whose arguments a BeforeTool answer may override:
    `hookSpecificOutput.tool_input` "merges with and overrides the model's arguments before
    execution" (gemini-cli `docs/hooks/reference.md`, `hooks/types.ts`
    `BeforeToolHookOutput.getModifiedToolInput`). Releases without it ignore the field and run
    the original line, hence opt-in. Never an MCP call (`mcp_context`)."""
    from agentsh.frontends import hook_route

    args = data.get("tool_input")
    return (data.get("hook_event_name") == "BeforeTool" and
            data.get("tool_name") == "run_shell_command" and "mcp_context" not in data and
            isinstance(args, dict) and isinstance(args.get("command"), str) and
            hook_route.plain_session("gemini", data.get("session_id")))


def rerouted(data: dict, command: str, reason: str) -> tuple[dict, int]:
    """Only `command` is overridden (the directory, description and background flag stay); no
    `decision`, so Gemini's own confirmation goes on and shows the changed command."""
    return ({"hookSpecificOutput": {"hookEventName": "BeforeTool",
                                    "tool_input": {"command": command}},
             "systemMessage": reason}, Exit.OK)
