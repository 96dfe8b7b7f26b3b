"""Claude Code: the `PreToolUse` hook for the `Bash` tool (https://code.claude.com/docs/en/hooks).

Deny is a `permissionDecision` of "deny" and exit status 2 (exit 2 blocks whatever the JSON says);
allow says nothing, so Claude's own permission flow goes on. Cursor (third-party hooks, tool
`Shell`) and VS Code (tool `run_in_terminal`, matchers ignored) also run the hooks in
`~/.claude/settings.json` with their own payloads: their shell tools are read too, any other tool
gets no answer."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call

SHELL_TOOLS = ("Bash", "Shell", "run_in_terminal", "runTerminalCommand")


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), SHELL_TOOLS)


def deny(reason: str) -> dict:
    """Claude Code's deny, which Codex, Qwen Code, Factory droid, Kimi and VS Code also read."""
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": reason}}


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (deny(reason), Exit.DENY)
