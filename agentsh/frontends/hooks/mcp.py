"""MCP servers' tools as the agents' hooks see them: a file or shell tool of a common MCP server is
judged like the agent's own file or shell tool.

An agent's hook sees an MCP tool call under a name of its own making: `mcp__SERVER__TOOL` (Claude
Code, Codex, Qwen Code, Factory droid, Kimi), `mcp_SERVER_TOOL` (Gemini CLI since 0.3x, with the
bare name in `mcp_context.tool_name`; older releases `SERVER__TOOL`, or the bare name when no
other tool had it). `bare(tool, data)` recovers the server's own tool name; `TOOLS` says what the
tools agentsh knows do, by that name:

- a write (`write_file`, `edit_file`, desktop-commander's `edit_block`, serena's
  `create_text_file`...): `touch -- PATH`, like the agents' own file tools (payload.file_command);
- a move (`move_file`: `source` -> `destination`): `mv -- FROM TO`, both ends judged;
- a new folder (`create_directory`): `mkdir -p -- PATH`, as through the shell;
- a shell (`execute_command`, `run_command`, `start_process`, `shell_execute`...): the command
  text itself, in the tool's directory when it names one.

A known name whose input names no file or command blocks (payload: the hook fails closed), so a
server with the same tool name and other keys is blocked, not waved through. Any other MCP tool
gets no opinion, as before: its effect is the server's own business (a database, a browser, a
ticket), agentsh cannot read it from a name, and asking about every MCP call would interrupt
real runs for nothing; the agent's own MCP approval still applies there."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

PATHS = ("path", "file_path", "filePath", "relative_path")
SHELL = "shell"
# bare MCP tool name -> (the input keys, the effect): a `payload.FileTool`'s fields (read by
# `payload.mcp_call`; this module imports nothing), or SHELL for a tool that runs a command.
# Sources: @modelcontextprotocol/server-filesystem (README "Tools"), wonderwhy-er/
# DesktopCommanderMCP (`write_file`, `edit_block`, `move_file`, `create_directory`,
# `start_process`, `execute_command` before 0.2), oraios/serena (`create_text_file`,
# `replace_regex`, `replace_content`, `insert_*_symbol`, `execute_shell_command`),
# g0t4/mcp-server-commands (`run_command`), tumf/mcp-shell-server (`shell_execute`, an argv).
TOOLS: dict[str, tuple[tuple[str, ...], str] | str] = {
    "write_file": (PATHS, "write"), "edit_file": (PATHS, "write"), "edit_block": (PATHS, "write"),
    "create_text_file": (PATHS, "write"), "replace_regex": (PATHS, "write"),
    "replace_content": (PATHS, "write"), "replace_symbol_body": (PATHS, "write"),
    "insert_after_symbol": (PATHS, "write"), "insert_before_symbol": (PATHS, "write"),
    "move_file": (("source", "destination"), "move"),
    "create_directory": (PATHS, "mkdir"),
    "execute_command": SHELL, "run_command": SHELL, "start_process": SHELL,
    "shell_execute": SHELL, "execute_shell_command": SHELL, "run_shell_command": SHELL,
}
COMMAND_KEYS = ("command", "cmd")
DIR_KEYS = ("cwd", "workdir", "working_directory", "directory", "dir_path")
# a hook matcher for the known tools under the `mcp__SERVER__TOOL` spelling, and Gemini's
NAMES = "|".join(sorted(TOOLS))
MATCHER = f"mcp__.+__({NAMES})"
GEMINI_MATCHER = f"(mcp_.+_|.+__)({NAMES})"


def bare(tool: str, data: dict, mcp_only: bool = False) -> str | None:
    """The MCP server's own name for `tool` when it is a known MCP tool, None otherwise.
    `mcp_only`: the event is for MCP tools only (Cursor's `beforeMCPExecution`), so a bare name
    is the server's own."""
    if mcp_only:
        name = tool.rpartition(":")[2]  # `MCP:SERVER:TOOL` in some Cursor releases
        return name if name in TOOLS else None
    context = data.get("mcp_context")
    if isinstance(context, dict) and isinstance(context.get("tool_name"), str):
        return context["tool_name"] if context["tool_name"] in TOOLS else None
    if tool.startswith("mcp__"):
        rest = tool[5:]
        for name in (rest.partition("__")[2], rest.rpartition("__")[2]):
            if name in TOOLS:
                return name
        return None
    if tool.startswith("mcp_") or "__" in tool:  # Gemini: `mcp_SERVER_TOOL`, `SERVER__TOOL`
        for name in sorted(TOOLS, key=len, reverse=True):
            if tool.endswith(("_" + name)) and len(tool) > len(name) + 1:
                return name
    return None


def spec(tool: str, data: dict, mcp_only: bool = False
         ) -> tuple[tuple[str, ...], str] | str | None:
    """What the known MCP tool `tool` does (TOOLS), None for any other tool."""
    name = bare(tool, data, mcp_only)
    return None if name is None else TOOLS[name]


def commands(args: dict) -> list[Any]:
    """An MCP shell tool's command (a string or an argv) under each key it may be under: which
    one the server reads is its business, so each is judged."""
    found = [args[key] for key in COMMAND_KEYS if key in args]
    if not found:
        raise ValueError("the MCP shell tool names no command")
    return found


def workdir(args: dict) -> Any:
    """The directory the command runs in; two different ones raise (the hook blocks): the
    server reads one, and a relative path means something else in each."""
    found = {repr(args[k]): args[k] for k in DIR_KEYS if args.get(k)}
    if len(found) > 1:
        raise ValueError("the MCP shell tool names more than one directory")
    return next(iter(found.values()), None)
