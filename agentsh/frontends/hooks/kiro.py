"""Kiro CLI and Amazon Q Developer CLI: `hooks.preToolUse` in an agent's JSON configuration; the
shell tool is `shell` (Kiro) or `execute_bash` (Amazon Q) with `tool_input.command`
(https://kiro.dev/docs/cli/hooks; aws/amazon-q-developer-cli PR #2875). Only exit 2 blocks, with
stderr given to the model; exit 0 lets the agent's own approval go on."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request, tool_call


def read(data: dict) -> Request | None:
    return tool_call(data, ("preToolUse", "PreToolUse"), ("shell", "execute_bash"))


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (None, Exit.DENY)
