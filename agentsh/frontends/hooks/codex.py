"""Codex: the `PreToolUse` hook; every shell-like tool reaches it as `Bash`, an argv command as
`bash -lc '...'` (openai/codex `codex-rs/hooks/src/events/pre_tool_use.rs`: shell-like tools pass
`{"command": ...}`). Deny is Claude Code's JSON with a non-empty reason and exit 2 with the reason
on stderr (Codex ignores an exit 2 with an empty stderr); allow says nothing (a bare `allow` is
unsupported and `ask` fails open).

Two fields are read beyond `command`, in case a Codex build forwards them: `workdir` (the shell and
`exec_command` tools take a per-call directory, relative to `cwd`), and `write_stdin`'s `chars`
(unified exec types them into a running process, which may be a shell or a REPL the agent started:
they are judged as shell code, as keys typed into tmux are; an empty write only polls).

File edits: `apply_patch` reaches the hook as itself (since 0.123, openai/codex PR #18391;
`codex-rs/core/src/tools/hook_names.rs`: `Write` and `Edit` are matcher aliases, the payload name
stays `apply_patch`), the whole patch in `tool_input.command`; every file it adds, updates,
deletes or moves is judged (payload.patch_command). A shell command that runs `apply_patch`
(`apply_patch <<'EOF' ... EOF`, which Codex intercepts and applies itself) is judged by the
engine as the files its patch touches (`engine.patches`, for every agent and the shell).

With `--update-input` (`agentsh setup codex --update-input`), a line only the wrapper can save
is handed back as `updatedInput` running it through `agentsh -c` (frontends/hook_route.py)."""

from __future__ import annotations

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks import claude_code
from agentsh.frontends.hooks.payload import (
    FileTool,
    Request,
    directory,
    mapping,
    session,
    text,
    tool_call,
)

answer = claude_code.answer
SHELL_TOOLS = ("Bash", "shell", "exec_command", "local_shell", "unified_exec")
STDIN_TOOLS = ("write_stdin",)
# Codex's file tool: the patch text names every file (payload.patch_operations).
FILE_TOOLS = {"apply_patch": FileTool(("command", "input", "patch"), "patch")}


def read(data: dict) -> Request | None:
    if data.get("tool_name") in STDIN_TOOLS and data.get("hook_event_name") == "PreToolUse":
        args = mapping(data.get("tool_input", {}), "tool_input")
        chars = text(args.get("chars"), "the characters written")
        if not chars:
            return None  # a poll of the running process types nothing
        return Request(chars, directory(data.get("cwd"), args.get("workdir")), session(data))
    return tool_call(data, ("PreToolUse",), SHELL_TOOLS, ("workdir",), file_tools=FILE_TOOLS)


def reroutable(data: dict) -> bool:
    """Codex's shell call (`Bash`, a string command after Codex's own canonicalisation), whose
    input a PreToolUse answer may replace: `updatedInput` with `permissionDecision: "allow"`
    (openai/codex PR #20527; `codex-rs/hooks/src/engine/output_parser.rs`: any other decision
    with `updatedInput` is invalid, and an invalid answer fails open, hence opt-in)."""
    from agentsh.frontends import hook_route

    args = data.get("tool_input")
    return (data.get("hook_event_name") == "PreToolUse" and data.get("tool_name") == "Bash" and
            isinstance(args, dict) and isinstance(args.get("command"), str) and
            hook_route.plain_session("codex", data.get("session_id")))


def rerouted(data: dict, command: str, reason: str) -> tuple[dict, int]:
    """The call with its command replaced (the other fields kept). Codex applies a changed input
    only with "allow" ("ask" is unsupported there), so unlike Claude Code the person is not
    shown Codex's own prompt for it: the wrapper checks the line again and runs it only as
    agentsh would run it without a person (its snapshot stands in)."""
    return ({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow",
                                    "permissionDecisionReason": reason,
                                    "updatedInput": {**data["tool_input"], "command": command}}},
            Exit.OK)
