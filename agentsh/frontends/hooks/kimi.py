"""Kimi Code: `[[hooks]] event = "PreToolUse"` in `~/.kimi-code/config.toml`, for the `Bash` tool
(which may carry its own `cwd`) and the file tools `Write` and `Edit` (`tool_input.path`;
MoonshotAI/kimi-code `docs/en/reference/tools.md`). There is no matcher: every tool call arrives,
and only these get an answer. Deny is Claude Code's JSON with exit 0, as the peer cc-safety-net answers
(`src/hosts/kimi-code/hook.ts`); Kimi's exit-code semantics are not documented."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import Request, tool_call


# Kimi Code's file-writing tools and the input key naming the file (payload.file_write), and
# the same tools under kimi-cli's names (its Python predecessor: `WriteFile`, `StrReplaceFile`,
# `PatchFile`, all with `path`), which reach this hook when its config is shared: a tool name
# agentsh does not know gets no opinion, so a write under the old name passed unseen.
FILE_TOOLS = {"Write": "path", "Edit": "path", "WriteFile": "path", "StrReplaceFile": "path",
              "PatchFile": "path"}


def read(data: dict) -> Request | None:
    return tool_call(data, ("PreToolUse",), ("Bash",), ("cwd",), file_tools=FILE_TOOLS)


def answer(allowed: bool, reason: str) -> tuple[dict | None, int]:
    return (None, Exit.OK) if allowed else (claude_code.deny(reason), Exit.OK)
