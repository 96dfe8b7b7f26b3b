"""VS Code's Copilot agent mode (local harness): agent hooks (Preview) in `~/.copilot/hooks/` and
`.github/hooks/` (microsoft/vscode-docs `docs/agent-customization/hooks.md`). The payload's common
fields are camelCase (`hookEventName`, `sessionId`), the tool fields snake_case; the terminal tool
is `run_in_terminal`. Deny is `hookSpecificOutput.permissionDecision: deny` (the reason reaches the
model) with exit 0, the same answer as Copilot CLI's, since both read one hooks directory."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call

SHELL_TOOLS = ("run_in_terminal", "runTerminalCommand", "bash", "powershell")


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), SHELL_TOOLS)


def deny(reason: str) -> dict:
    """VS Code reads the `hookSpecificOutput`, Copilot CLI the top-level fields."""
    return {"permissionDecision": "deny", "permissionDecisionReason": reason,
            "hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": reason}}


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (deny(reason), Exit.OK)
