"""OpenCode: agentsh's plugin (`agentsh setup opencode` writes it) runs in OpenCode's
`tool.execute.before` hook (https://opencode.ai/docs/plugins) and sends what OpenCode gave it:
`{"tool", "sessionID", "callID", "args": {"command", "workdir"?}, "directory"}`; the shell tool is
`bash`, its `workdir` relative to the project `directory`. The plugin throws (which blocks the
tool) on a deny and on any failure.

File tools: the plugin also sends `write`, `edit` and `multiedit` (`args.filePath`) and
`apply_patch`/`patch` (`args.patchText`, Codex's patch format; sst/opencode
`packages/opencode/src/tool/`), each judged by where it writes (payload.file_command)."""

from __future__ import annotations

from agentsh.frontends.hooks import plugin
from agentsh.frontends.hooks.payload import (
    FileTool,
    Request,
    command_text,
    directory,
    file_command,
    mapping,
    session,
)

answer = plugin.answer
# OpenCode's file tools and what each names; the plugin sends these and `bash` (CHECKED_TOOLS)
FILE_TOOLS = {"write": FileTool(("filePath",)), "edit": FileTool(("filePath",)),
              "multiedit": FileTool(("filePath",)),
              "apply_patch": FileTool(("patchText", "input"), "patch"),
              "patch": FileTool(("patchText", "input"), "patch")}
CHECKED_TOOLS = ("bash", *FILE_TOOLS)


def read(data: dict) -> Request | None:
    if not isinstance(data.get("tool"), str):
        raise ValueError(f"unexpected tool {data.get('tool')!r}")
    if data["tool"] in FILE_TOOLS:
        return Request(file_command(data["tool"], FILE_TOOLS[data["tool"]],
                                    mapping(data.get("args"), "args")),
                       directory(data.get("directory")), session(data, "sessionID"))
    if data["tool"] != "bash":
        return None
    args = mapping(data.get("args"), "args")
    return Request(command_text(args.get("command")),
                   directory(data.get("directory"), args.get("workdir")),
                   session(data, "sessionID"))
