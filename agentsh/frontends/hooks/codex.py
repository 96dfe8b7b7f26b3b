"""Codex: the `PreToolUse` hook; every shell-like tool reaches it as `Bash`, an argv command as
`bash -lc '...'` (openai/codex `codex-rs/hooks/src/events/pre_tool_use.rs`). Deny is Claude Code's
JSON with a non-empty reason and exit 2 with the reason on stderr (Codex ignores an exit 2 with an
empty stderr); allow says nothing (a bare `allow` is unsupported and `ask` fails open)."""

from __future__ import annotations

from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_call

answer = claude_code.answer


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("Bash", "shell", "exec_command", "local_shell"))
