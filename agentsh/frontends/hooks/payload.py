"""What every agent's hook payload comes down to: a command, the directory it would run in and the
agent's session id, read strictly (anything unexpected raises, and the hook then blocks).

A payload for a tool that is not a shell (an agent whose hook sees every tool call) reads as
`None`: agentsh has no opinion on it and answers nothing, except the agent's own file tools
where the agent's hook can see them (each agent's `FILE_TOOLS`: tool name -> `FileTool`, or just
the input key naming the file written): a write by such a tool is judged as the write it is
(`touch -- PATH`), a deletion as `rm -- PATH`, a patch (Codex's `apply_patch`) as every file it
adds, updates, deletes or moves, so the rules on where a write lands (agentsh's own files, the
agents' hook settings, start-up files: the `SELF` rules; deletions: the `FS` rules) see what no
shell ever runs. A file tool call that names no file raises (the hook then blocks)."""

from __future__ import annotations

import json
import os

from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class FileTool(Record, fields="keys effect", defaults=("write",)):
    """A file tool: the input keys that may name its file (the first present is read) and what
    it does there: "write" (create or change in place), "delete", "patch" (the key holds a patch
    in Codex's `*** Begin Patch` format, naming every file it touches), "edit" (a file named by
    `keys`, or else a patch under one of `PATCH_KEYS`: Copilot CLI reports its `apply_patch` as
    `Edit`), "writes" (the key holds a list of edits, each naming its file under `PATH_KEYS`:
    VS Code's `multi_replace_string_in_file`), "move" (`keys` are the source's and the
    destination's: both are required) or "mkdir" (a new folder, MCP `create_directory`)."""

    __slots__ = ()

    keys: tuple[str, ...]
    effect: str


class Request(Record, fields="command cwd session", defaults=("",)):
    """What an agent's hook payload asks: a command, where it would run, and in which session."""

    __slots__ = ()

    command: str
    cwd: str
    session: str


def command_text(value: Any) -> str:
    """A command given as a string, or as argv. An argv is judged as the words bash would be
    handed (`shlex.join`), never by picking one element out: `["bash", "-c", "--", CMD]` runs CMD
    and `["bash", "-c", CMD, "_", PATH]` binds `$1` to PATH, and the engine models both."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        import shlex  # only here: with `collections`, about 7 M instructions on every hook

        return shlex.join(value)
    if isinstance(value, str):
        return value
    raise ValueError("the command is neither a string nor a list of strings")


def first(data: dict, *keys: str, default: Any = None) -> Any:
    """The first of `keys` present in `data` (agents spell the same field several ways)."""
    for key in keys:
        if key in data:
            return data[key]
    return default


def mapping(value: Any, what: str) -> dict:
    """A JSON object, also when an agent sends it JSON-encoded as a string."""
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a JSON object")
    return value


def text(value: Any, what: str, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueError(f"{what} is not a string")
    return value


def directory(base: Any, sub: Any = None) -> str:
    """Where the command runs: `sub` (a per-call directory, maybe relative) inside `base`."""
    root = text(base, "cwd") or os.getcwd()
    sub = text(sub, "the command's directory")
    if sub and sub.startswith("~"):
        # MCP servers expand it (desktop-commander's `expandHome`): judged as a folder named
        # "~" that does not exist, a recipe there (`make`) would go unread
        sub = os.path.expanduser(sub)
        if sub.startswith("~"):
            raise ValueError("the command's directory names another account's home")
    return os.path.normpath(os.path.join(root, sub)) if sub else root


def tool_call(data: dict, events: tuple[str, ...], shell_tools: tuple[str, ...],
              dir_keys: tuple[str, ...] = (), file_tools: dict[str, str] | None = None
              ) -> Request | None:
    """The `{"hook_event_name", "tool_name", "tool_input": {"command"}}` shape that Claude Code and
    the agents modelled on it share (camelCase spellings accepted). `file_tools`: the agent's
    file-writing tools and the input key naming the file each writes. `None` for other tools."""
    event = first(data, "hook_event_name", "hookEventName")
    if event not in events:
        raise ValueError(f"unexpected event {event!r}")
    tool = first(data, "tool_name", "toolName")
    if not isinstance(tool, str):
        raise ValueError(f"unexpected tool {tool!r}")
    mcp_request = mcp_call(data, tool)
    if mcp_request is not None:
        return mcp_request
    if file_tools and tool in file_tools:
        args = tool_args(first(data, "tool_input", "toolInput", default={}), file_tools[tool])
        return Request(file_command(tool, file_tools[tool], args), directory(data.get("cwd")),
                       session(data))
    if tool not in shell_tools:
        return None
    args = mapping(first(data, "tool_input", "toolInput", default={}), "tool_input")
    sub = next((args[k] for k in dir_keys if args.get(k)), None)
    return Request(command_text(args.get("command")), directory(data.get("cwd"), sub),
                   session(data))


def mcp_call(data: dict, tool: str, args: Any = None, cwd: Any = None, mcp_only: bool = False
             ) -> Request | None:
    """A known MCP server's file or shell tool (hooks/mcp.py) as the command it amounts to, None
    for any other tool. `args`, `cwd`: where the agent's payload keeps them, when not in
    Claude Code's places; `mcp_only`: an event only MCP calls reach (a bare name is the
    server's)."""
    if not mcp_only and "mcp" not in tool and "__" not in tool and "mcp_context" not in data:
        return None  # the common case: no import
    from agentsh.frontends.hooks import mcp

    spec = mcp.spec(tool, data, mcp_only)
    if spec is None:
        return None
    if args is None:
        args = first(data, "tool_input", "toolInput", default={})
    args = mapping(args, "tool_input")
    base = data.get("cwd") if cwd is None else cwd
    if spec == mcp.SHELL:
        line = "\n".join(dict.fromkeys(command_text(c) for c in mcp.commands(args)))
        return Request(line, directory(base, mcp.workdir(args)), session(data))
    return Request(file_command(tool, FileTool(*spec), args), directory(base), session(data))


def file_write(tool: str, path: Any) -> str:
    """The command line a file tool's write amounts to, for the rules on where writes land: the
    file is created or changed in place, as `touch` does (its content is judged where something
    runs it: a hook, a script, a module). The comment names the tool in the log and the message."""
    return f"touch -- {_path(tool, path)}  # the agent's {tool} tool"


def file_command(tool: str, spec: FileTool | str, args: dict) -> str:
    """The command line one file tool call amounts to. `spec` is the tool's `FileTool` (a bare
    string: the key naming the file a write lands in)."""
    if isinstance(spec, str):
        spec = FileTool((spec,))
    value = first(args, *spec.keys)
    if spec.effect == "edit" and value is None:
        spec, value = FileTool(PATCH_KEYS, "patch"), first(args, *PATCH_KEYS)
    if spec.effect == "patch":
        return f"{patch_command(tool, value)}  # the agent's {tool} tool"
    if spec.effect == "writes":
        if not isinstance(value, list) or not value:
            raise ValueError(f"the {tool} tool names no file")
        paths = [_paths(tool, mapping(v, "an edit"), PATH_KEYS) for v in value]
        return f"touch -- {' '.join(dict.fromkeys(paths))}  # the agent's {tool} tool"
    if spec.effect == "delete":
        return f"rm -- {_paths(tool, args, spec.keys)}  # the agent's {tool} tool"
    if spec.effect == "move":  # both ends: (from key, to key)
        ends = [_path(tool, args.get(key)) for key in spec.keys]
        return f"mv -- {' '.join(ends)}  # the agent's {tool} tool"
    if spec.effect == "mkdir":
        return f"mkdir -p -- {_paths(tool, args, spec.keys)}  # the agent's {tool} tool"
    return f"touch -- {_paths(tool, args, spec.keys)}  # the agent's {tool} tool"


def _paths(tool: str, args: dict, keys: tuple[str, ...]) -> str:
    """Every file the input names under any of `keys`, each judged: which key the tool reads is
    the tool's business, so a harmless file under one key never stands for the one under
    another (`{"path": "notes.md", "file_path": "~/.bashrc"}`). None present raises."""
    present = [args[key] for key in keys if key in args]
    if not present:
        raise ValueError(f"the {tool} tool names no file")
    return " ".join(dict.fromkeys(_path(tool, value) for value in present))


def _path(tool: str, value: Any) -> str:
    path = text(value, f"the {tool} tool's file")
    if not path or "\0" in path:
        raise ValueError(f"the {tool} tool names no file")
    import shlex  # the file tools' paths only

    home, rest = _tilde(path)
    return home + shlex.quote(rest) if rest else home


def _tilde(path: str) -> tuple[str, str]:
    """A leading `~` and the rest. Some agents' tools expand it as a shell would (Kimi's
    `expanduser`), so the write is judged where it lands then: `~/.bashrc` is the start-up file,
    never a folder named `~` (bash expands the prefix only where its slash is unquoted). `~user`
    is written out as that user's home: the engine resolves only `~` (from `$HOME`), and a write
    judged as `touch` of a path it cannot resolve passed, so `~me/.bashrc` (the agent's own user)
    wrote the start-up file unasked."""
    if not path.startswith("~"):
        return "", path
    end = path.find("/")
    user = path[1:] if end < 0 else path[1:end]
    if not all(c.isalnum() or c in "._-" for c in user):
        return "", path
    if user:  # `~user`: that user's home, looked up here (the engine knows only `$HOME`)
        home = _home_of(user)
        if home is None:  # no such user: `expanduser` leaves it, a name under the directory
            return "", path
        return "", home + ("" if end < 0 else path[end:])
    return (path, "") if end < 0 else (path[:end + 1], path[end + 1:])


def _home_of(user: str) -> str | None:
    """`user`'s home directory as `expanduser` finds it, None when there is no such user. A
    lookup that fails otherwise raises (the hook then blocks)."""
    import pwd

    try:
        home = pwd.getpwnam(user).pw_dir
    except KeyError:
        return None
    return home.rstrip("/") or "/"


PATH_KEYS = ("filePath", "file_path", "path")  # the spellings of a file's key across agents
PATCH_KEYS = ("input", "patch", "command")  # where a tool's patch text may be


def tool_args(value: Any, spec: FileTool | str | None = None) -> dict:
    """A file tool's input: a JSON object (or one encoded as a string); for a tool that takes a
    patch, a bare string is the patch itself (a freeform `apply_patch`)."""
    if isinstance(value, str) and isinstance(spec, FileTool) and spec.effect in ("patch", "edit"):
        try:
            return mapping(value, "tool_input")
        except ValueError:
            return {PATCH_KEYS[0]: value}
    return mapping(value, "tool_input")


def patch_operations(patch: str) -> list[tuple[str, ...]]:
    """What a patch does, file by file (`engine.patches.operations`)."""
    from agentsh.engine import patches

    return patches.operations(patch)


def patch_command(tool: str, patch: Any) -> str:
    """The shell line a patch amounts to (`engine.patches.as_shell`: `touch` for a file added or
    updated, `rm` for one deleted, so the FS rules and the snapshot see a deletion, `mv` for a
    rename, both ends). A patch naming no file, or a header without one, raises."""
    from agentsh.engine import patches

    ops = patches.operations(text(patch, f"the {tool} tool's patch"))
    if not ops:
        raise ValueError(f"the {tool} tool's patch names no file")
    return patches.as_shell(ops)


def session(data: dict, *keys: str) -> str:
    value = first(data, *(keys or ("session_id", "sessionId")), default="")
    return value if isinstance(value, str) else str(value)
