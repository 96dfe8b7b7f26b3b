"""VS Code's Copilot agent mode (local harness): agent hooks (Preview) in `~/.copilot/hooks/` and
`.github/hooks/` (microsoft/vscode-docs `docs/agent-customization/hooks.md`). The payload's common
fields are camelCase (`hookEventName`, `sessionId`), the tool fields snake_case; the terminal tool
is `run_in_terminal`. Deny is `hookSpecificOutput.permissionDecision: deny` (the reason reaches the
model) with exit 0, the same answer as Copilot CLI's, since both read one hooks directory.

File tools: every tool reaches the hook, so VS Code's file-editing tools (`create_file`,
`replace_string_in_file`, `insert_edit_into_file`, `edit_notebook_file` with `filePath`;
`multi_replace_string_in_file` with `replacements[].filePath`; `apply_patch` with the patch in
`input`) are judged by where they write (payload.file_command)."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import PATH_KEYS, FileTool, Request, tool_call

SHELL_TOOLS = ("run_in_terminal", "runTerminalCommand", "bash", "powershell")
# VS Code's file-editing tools (as its hook payloads name them) and what each names
FILE_TOOLS = {"create_file": FileTool(PATH_KEYS), "replace_string_in_file": FileTool(PATH_KEYS),
              "insert_edit_into_file": FileTool(PATH_KEYS),
              "edit_notebook_file": FileTool(PATH_KEYS),
              "multi_replace_string_in_file": FileTool(("replacements",), "writes"),
              "apply_patch": FileTool(("input", "patch"), "patch")}


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), SHELL_TOOLS, file_tools=FILE_TOOLS)


def deny(reason: str) -> dict:
    """VS Code reads the `hookSpecificOutput`, Copilot CLI the top-level fields."""
    return {"permissionDecision": "deny", "permissionDecisionReason": reason,
            "hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": reason}}


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (deny(reason), Exit.OK)
