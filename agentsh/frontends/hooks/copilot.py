"""GitHub Copilot CLI: the `preToolUse` hook in `~/.copilot/hooks/*.json` (github/docs
`content/copilot/reference/hooks-reference.md`). Its payload comes in two spellings: camelCase
(`toolName`, `toolArgs`, which older builds send JSON-encoded) for `preToolUse`, and VS Code's
snake_case (`tool_name`, `tool_input`) for `PreToolUse`. VS Code's agent hooks read the same
directory, so a VS Code payload (see `vscode`) is read here too. There is no matcher: every tool
arrives, and only the shell tools (`bash`, `powershell`) get an answer.

Deny is `permissionDecision: deny` with a reason, exit 0: older releases skip a hook that exits
non-zero (current ones deny on it), so JSON is the answer every release honours.

With the PascalCase event (what `agentsh setup copilot` writes) Copilot CLI names tools as Claude
Code does (hooks-reference "Claude-format matchers"): `bash`/`powershell` arrive as `Bash`,
`create` as `Write`, `edit`/`str_replace_editor`/`apply_patch` as `Edit`, the tool's own arguments
in `tool_input` (`path`; a patch for `apply_patch`). Both namings are read; the file tools are
judged by where they write (payload.file_command)."""

from __future__ import annotations

from agentsh.frontends.hooks import vscode
from agentsh.frontends.hooks.payload import (
    PATH_KEYS,
    FileTool,
    Request,
    command_text,
    directory,
    file_command,
    mapping,
    session,
    tool_args,
    tool_call,
)

SHELL_TOOLS = ("bash", "powershell", "Bash")
# Copilot CLI's file tools, by runtime name and by the Claude name PascalCase payloads carry
FILE_TOOLS = {"create": FileTool(PATH_KEYS), "Write": FileTool(PATH_KEYS),
              "edit": FileTool(PATH_KEYS), "str_replace_editor": FileTool(PATH_KEYS),
              "Edit": FileTool(PATH_KEYS, "edit"), "apply_patch": FileTool(("input", "patch"), "patch")}


def read(data: dict) -> Request | None:
    if "hookEventName" in data:
        return vscode.read(data)
    if "hook_event_name" in data:
        return tool_call(data, ("PreToolUse",), SHELL_TOOLS, file_tools=FILE_TOOLS)
    tool = data.get("toolName")
    if not isinstance(tool, str):
        raise ValueError(f"unexpected tool {tool!r}")
    if tool in FILE_TOOLS:
        return Request(file_command(tool, FILE_TOOLS[tool], tool_args(data.get("toolArgs"),
                                                                      FILE_TOOLS[tool])),
                       directory(data.get("cwd")), session(data))
    if tool not in SHELL_TOOLS:
        return None
    args = mapping(data.get("toolArgs"), "toolArgs")
    return Request(command_text(args.get("command")), directory(data.get("cwd")), session(data))


answer = vscode.answer
