"""The other agents' file tools, judged like Claude Code's: Codex's `apply_patch` (every file a
patch adds, updates, deletes or moves), Cursor's `preToolUse` for Write/StrReplace/EditNotebook/
Delete, Windsurf's `pre_write_code`, Cline's write_to_file/replace_in_file and Kiro's write/
fs_write. Each payload is the one the agent sends (docs/agents.md cites the sources); each answer
is checked in the agent's own blocking form, and a file tool call agentsh cannot read never gets
an answer the agent takes as "go ahead".

Before this, these writes were unseen ("the agent's own file tools" in docs/security.md): an agent
blocked on a command could rewrite `~/.config/agentsh/rules.toml`, its own hook settings or
`~/.bashrc` with its edit tool and try again."""

from __future__ import annotations

import json
import pwd
import shlex
import subprocess
from pathlib import Path

import pytest

from agentsh.frontends.hooks import codex, payload


def _codex_patch(path: str) -> str:
    return f"*** Begin Patch\n*** Add File: {path}\n+enforce = false\n*** End Patch\n"


def codex_patch(path: str, cwd: Path) -> dict:
    return {"session_id": "019a-codex", "turn_id": "t-1", "cwd": str(cwd),
            "hook_event_name": "PreToolUse", "model": "gpt-5-codex", "permission_mode": "default",
            "tool_name": "apply_patch", "tool_use_id": "call_1",
            "tool_input": {"command": _codex_patch(path)}}


def codex_shell_patch(path: str, cwd: Path) -> dict:
    """The model writing the patch as a shell command: Codex intercepts it and applies it."""
    data = codex_patch(path, cwd)
    return {**data, "tool_name": "Bash",
            "tool_input": {"command": f"apply_patch <<'EOF'\n{_codex_patch(path)}EOF\n"}}


def cursor(tool: str, key: str = "file_path"):
    def make(path: str, cwd: Path) -> dict:
        return {"conversation_id": "c-1", "generation_id": "g-1", "hook_event_name": "preToolUse",
                "workspace_roots": [str(cwd)], "tool_name": tool,
                "tool_input": {key: path, "contents": "enforce = false\n"}}
    return make


def windsurf(path: str, cwd: Path) -> dict:
    return {"agent_action_name": "pre_write_code", "trajectory_id": "traj-1",
            "execution_id": "exec-1", "timestamp": "2026-06-29T18:10:30-04:00",
            "tool_info": {"file_path": path,
                          "edits": [{"old_string": "", "new_string": "enforce = false\n"}]}}


def cline(tool: str):
    def make(path: str, cwd: Path) -> dict:
        return {"clineVersion": "3.36.0", "hookName": "PreToolUse", "taskId": "task-1",
                "workspaceRoots": [str(cwd)],
                "preToolUse": {"toolName": tool,
                               "parameters": {"path": path, "content": "enforce = false\n"}}}
    return make


def kiro(tool: str):
    def make(path: str, cwd: Path) -> dict:
        return {"hook_event_name": "preToolUse", "cwd": str(cwd), "tool_name": tool,
                "tool_input": {"command": "create", "path": path, "file_text": "x = 1\n"}}
    return make


def copilot(tool: str, key: str = "path", patch: bool = False):
    """Copilot CLI with the PascalCase event setup writes: Claude tool names, snake_case fields,
    the runtime tool's own arguments (github/docs hooks-reference)."""
    def make(path: str, cwd: Path) -> dict:
        args = _codex_patch(path) if patch else {key: path, "file_text": "x = 1\n"}
        return {"hook_event_name": "PreToolUse", "session_id": "5aac0f3e-copilot",
                "timestamp": "2026-01-07T08:00:00.000Z", "cwd": str(cwd), "tool_name": tool,
                "tool_input": args}
    return make


def copilot_camel(path: str, cwd: Path) -> dict:
    return {"sessionId": "5aac0f3e-copilot", "timestamp": 1767772800000, "cwd": str(cwd),
            "toolName": "create", "toolArgs": json.dumps({"path": path, "file_text": "x"})}


def vscode(tool: str):
    def make(path: str, cwd: Path) -> dict:
        if tool == "multi_replace_string_in_file":
            args = {"replacements": [{"filePath": str(cwd / "ok.py"), "oldString": "a",
                                      "newString": "b"}, {"filePath": path, "oldString": "a",
                                                          "newString": "b"}]}
        elif tool == "apply_patch":
            args = {"input": _codex_patch(path), "explanation": "edit"}
        else:
            args = {"filePath": path, "content": "x = 1\n"}
        return {"timestamp": "2026-02-09T10:30:00.000Z", "cwd": str(cwd),
                "sessionId": "vs-session-1", "hookEventName": "PreToolUse", "tool_name": tool,
                "tool_input": args, "tool_use_id": "tool-123"}
    return make


def qwen(tool: str, key: str = "file_path"):
    """Qwen Code: Claude Code's payload with Qwen's tool names (QwenLM/qwen-code
    docs/developers/tools/file-system.md)."""
    def make(path: str, cwd: Path) -> dict:
        return {"session_id": "qwen-1", "transcript_path": "/tmp/t.jsonl", "cwd": str(cwd),
                "hook_event_name": "PreToolUse", "tool_name": tool,
                "tool_input": {key: path, "old_string": "", "new_string": "x = 1\n"}}
    return make


def kimi(tool: str):
    """Kimi Code: every tool call arrives (no matcher), snake_case like Claude Code's, the file in
    `path` (MoonshotAI/kimi-code docs/en/reference/tools.md)."""
    def make(path: str, cwd: Path) -> dict:
        return {"session_id": "kimi-1", "cwd": str(cwd), "hook_event_name": "PreToolUse",
                "tool_name": tool, "tool_input": {"path": path, "old_string": "a",
                                                  "new_string": "b", "content": "x = 1\n"}}
    return make


def antigravity(tool: str):
    """Antigravity CLI: `toolCall: {name, args}`, every tool call arrives, the file in
    `args.TargetFile`."""
    def make(path: str, cwd: Path) -> dict:
        return {"conversationId": "agy-1", "workspacePaths": [str(cwd)],
                "toolCall": {"name": tool, "args": {"TargetFile": path, "CodeContent": "x = 1\n",
                                                    "Instruction": "edit"}}}
    return make


def droid(tool: str):
    def make(path: str, cwd: Path) -> dict:
        return {"hookEventName": "PreToolUse", "sessionId": "abc123", "cwd": str(cwd),
                "permissionMode": "default", "tool_name": tool,
                "tool_input": {"file_path": path, "content": "x = 1\n"}}
    return make


# agent -> payload makers for its file tools
TOOLS = {
    "codex-apply_patch": ("codex", codex_patch),
    "codex-shell-apply_patch": ("codex", codex_shell_patch),
    "cursor-Write": ("cursor", cursor("Write")),
    "cursor-StrReplace-path": ("cursor", cursor("StrReplace", "path")),
    "cursor-EditNotebook": ("cursor", cursor("EditNotebook")),
    "windsurf-pre_write_code": ("windsurf", windsurf),
    "cline-write_to_file": ("cline", cline("write_to_file")),
    "cline-replace_in_file": ("cline", cline("replace_in_file")),
    "kiro-write": ("kiro", kiro("write")),
    "kiro-fs_write": ("kiro", kiro("fs_write")),
    "copilot-Write": ("copilot", copilot("Write")),
    "copilot-Edit": ("copilot", copilot("Edit")),
    "copilot-Edit-apply_patch": ("copilot", copilot("Edit", patch=True)),
    "copilot-camelCase-create": ("copilot", copilot_camel),
    "vscode-create_file": ("vscode", vscode("create_file")),
    "vscode-replace_string_in_file": ("vscode", vscode("replace_string_in_file")),
    "vscode-multi_replace_string_in_file": ("vscode", vscode("multi_replace_string_in_file")),
    "vscode-apply_patch": ("vscode", vscode("apply_patch")),
    "claude-code-hooks-run-by-vscode": ("claude-code", vscode("insert_edit_into_file")),
    "droid-Create": ("droid", droid("Create")),
    "droid-Edit": ("droid", droid("Edit")),
    "antigravity-write_to_file": ("antigravity", antigravity("write_to_file")),
    "antigravity-replace_file_content": ("antigravity", antigravity("replace_file_content")),
    "antigravity-multi_replace_file_content": ("antigravity",
                                               antigravity("multi_replace_file_content")),
    "kimi-Write": ("kimi", kimi("Write")),
    "kimi-Edit": ("kimi", kimi("Edit")),
    # kimi-cli's names for the same tools (stop 28): unknown names passed unseen
    "kimi-WriteFile": ("kimi", kimi("WriteFile")),
    "kimi-StrReplaceFile": ("kimi", kimi("StrReplaceFile")),
    "kimi-PatchFile": ("kimi", kimi("PatchFile")),
    "qwen-write_file": ("qwen", qwen("write_file")),
    "qwen-edit": ("qwen", qwen("edit")),
    "qwen-notebook_edit": ("qwen", qwen("notebook_edit", "notebook_path")),
}
# where a write lands (relative to the temp HOME) -> the rule that asks
GUARDED = {
    ".config/agentsh/rules.toml": "SELF001",
    ".bashrc": "SELF003",
    ".codex/hooks.json": "SELF002",
    ".cursor/hooks.json": "SELF002",
    ".codeium/windsurf/hooks.json": "SELF002",
    "Documents/Cline/Hooks/PreToolUse": "SELF002",
    ".qwen/settings.json": "SELF002",
    ".kimi-code/config.toml": "SELF002",
    ".gemini/config/hooks.json": "SELF002",
}


def hook(agentsh_bin: str, agent: str, body: dict | bytes, env: dict[str, str]):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return subprocess.run([agentsh_bin, "hook", agent], input=data, env=env,
                          capture_output=True, timeout=60, start_new_session=True)


def blocked(agent: str, result) -> bool:
    """The agent's own blocking answer (docs/agents.md, the table)."""
    out = result.stdout.decode().strip()
    if agent == "cline":
        return result.returncode == 0 and json.loads(out)["cancel"] is True
    if agent in ("copilot", "vscode"):
        return result.returncode == 0 and json.loads(out)["permissionDecision"] == "deny"
    if agent == "antigravity":
        return result.returncode == 0 and json.loads(out)["decision"] == "deny"
    if agent == "kimi":  # Claude Code's JSON with exit 0
        return (result.returncode == 0
                and json.loads(out)["hookSpecificOutput"]["permissionDecision"] == "deny")
    if result.returncode != 2:
        return False
    if agent in ("codex", "claude-code", "droid", "qwen"):
        return json.loads(out)["hookSpecificOutput"]["permissionDecision"] == "deny"
    if agent == "cursor":
        return json.loads(out)["permission"] == "deny"
    return True  # windsurf, kiro: exit 2 is the block


def quietly_allowed(agent: str, result) -> bool:
    out = result.stdout.decode().strip()
    if agent == "cline":
        return result.returncode == 0 and json.loads(out) == {"cancel": False}
    return result.returncode == 0 and not out


def audit_entries(home: Path) -> list[dict]:
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()]


@pytest.mark.parametrize("where", sorted(GUARDED))
@pytest.mark.parametrize("case", sorted(TOOLS))
def test_a_file_tool_writing_agentshs_the_hooks_or_start_up_files_is_blocked(
        agentsh_bin, env, home, tmp_path, case, where) -> None:
    agent, make = TOOLS[case]
    target = home / where
    result = hook(agentsh_bin, agent, make(str(target), tmp_path), env)
    assert blocked(agent, result), (result.returncode, result.stdout, result.stderr)
    said = result.stderr.decode() + result.stdout.decode()
    assert GUARDED[where] in said
    entry = audit_entries(home)[-1]
    assert entry["agent"] == agent and entry["decision"] != "allow"
    assert str(target) in entry["cmd"] and "the agent's" in entry["cmd"] or \
        case == "codex-shell-apply_patch"


@pytest.mark.parametrize("case", sorted(TOOLS))
@pytest.mark.parametrize("where", ["src/app.py", "README.md", "notes/a b'c.md"])
def test_an_everyday_write_in_the_project_is_allowed_quietly(agentsh_bin, env, tmp_path, case,
                                                            where) -> None:
    agent, make = TOOLS[case]
    result = hook(agentsh_bin, agent, make(str(tmp_path / where), tmp_path), env)
    assert quietly_allowed(agent, result), (result.returncode, result.stdout, result.stderr)


# a path starting with `~`: Kimi's tools expand it (`expanduser`), Claude Code's `expandPath` too
PATH_TOOLS = sorted(c for c in TOOLS if "apply_patch" not in c)


@pytest.mark.parametrize("case", PATH_TOOLS)
@pytest.mark.parametrize("where,rule", [("~/.bashrc", "SELF003"),
                                        ("~/.config/agentsh/rules.toml", "SELF001")])
def test_a_file_named_from_home_by_a_tilde_is_judged_where_it_lands(agentsh_bin, env, tmp_path,
                                                                   case, where, rule) -> None:
    """`~/.bashrc` given to a file tool was judged as a file named `~/.bashrc` under the project
    (quoted whole) and allowed, while an agent whose tool expands `~` wrote the start-up file."""
    agent, make = TOOLS[case]
    result = hook(agentsh_bin, agent, make(where, tmp_path), env)
    assert blocked(agent, result), (result.returncode, result.stdout, result.stderr)
    assert rule in result.stderr.decode() + result.stdout.decode()


@pytest.mark.parametrize("path,line", [
    ("~/.bashrc", "touch -- ~/.bashrc"), ("~", "touch -- ~"), ("~/", "touch -- ~/"),
    ("~root/x y", f"touch -- {shlex.quote(pwd.getpwnam('root').pw_dir + '/x y')}"),
    ("~no-such-user-s28/a", "touch -- '~no-such-user-s28/a'"), ("~x y/z", "touch -- '~x y/z'"),
    ("src/~/a", "touch -- 'src/~/a'"), ("~/$(rm -rf ~)", "touch -- ~/'$(rm -rf ~)'"),
])
def test_the_tilde_prefix_stays_unquoted_and_the_rest_quoted(path, line) -> None:
    assert payload.file_write("Write", path).split("  #")[0] == line


def test_every_file_of_a_patch_is_judged_both_ends_of_a_move_and_a_deletion(
        agentsh_bin, env, home, tmp_path) -> None:
    """A patch that edits a project file and renames another onto agentsh's rules is blocked
    (the move's far end), and a patch deleting the rules file is judged as a deletion."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("a = 1\n")
    moved = ("*** Begin Patch\n*** Update File: src/a.py\n@@\n-a = 1\n+a = 2\n"
             "*** Update File: src/b.py\n"
             f"*** Move to: {home}/.config/agentsh/rules.toml\n@@\n-x\n+y\n*** End Patch\n")
    data = {**codex_patch("x", tmp_path), "tool_input": {"command": moved}}
    result = hook(agentsh_bin, "codex", data, env)
    assert blocked("codex", result) and "SELF001" in result.stderr.decode()
    deleted = f"*** Begin Patch\n*** Delete File: {home}/.bashrc\n*** End Patch\n"
    result = hook(agentsh_bin, "codex", {**data, "tool_input": {"command": deleted}}, env)
    assert blocked("codex", result)
    assert audit_entries(home)[-1]["cmd"].startswith(f"rm -- {home}/.bashrc")


def test_cursors_delete_tool_is_judged_as_a_deletion(agentsh_bin, env, home, tmp_path) -> None:
    data = cursor("Delete", "path")(str(home / ".config/agentsh/rules.toml"), tmp_path)
    result = hook(agentsh_bin, "cursor", data, env)
    assert blocked("cursor", result) and "SELF001" in result.stderr.decode()
    assert audit_entries(home)[-1]["cmd"].startswith("rm -- ")


def test_a_shell_command_that_only_mentions_a_patch_is_judged_as_itself(agentsh_bin, env,
                                                                        tmp_path) -> None:
    data = codex_shell_patch("x", tmp_path)
    data["tool_input"] = {"command": "grep -rn '*** Begin Patch' docs/"}
    assert quietly_allowed("codex", hook(agentsh_bin, "codex", data, env))


UNREADABLE = {
    "codex": [codex_patch("x", Path("/tmp")) | {"tool_input": {"command": "no patch here"}},
              codex_patch("x", Path("/tmp")) | {"tool_input": {}},
              codex_patch("x", Path("/tmp")) | {"tool_input": {
                  "command": "*** Begin Patch\n*** Add File: \n*** End Patch\n"}},
              codex_patch("x", Path("/tmp")) | {"tool_input": {
                  "command": "*** Begin Patch\n*** Move to: /x\n*** End Patch\n"}}],
    "cursor": [cursor("Write")("", Path("/tmp")), cursor("Write", "other")("a", Path("/tmp")),
               cursor("Delete")("", Path("/tmp"))],
    "windsurf": [{"agent_action_name": "pre_write_code", "tool_info": {}},
                 {"agent_action_name": "pre_write_code", "tool_info": {"file_path": 7}}],
    "cline": [cline("write_to_file")("", Path("/tmp")),
              {"hookName": "PreToolUse", "preToolUse": {"toolName": "replace_in_file",
                                                        "parameters": {}}}],
    "kiro": [kiro("write")("", Path("/tmp")),
             {"hook_event_name": "preToolUse", "tool_name": "fs_write", "tool_input": {}}],
    "copilot": [copilot("Write")("", Path("/tmp")), copilot("Edit", "other")("a", Path("/tmp")),
                {"toolName": "create", "toolArgs": "{not json"}],
    "vscode": [vscode("create_file")("", Path("/tmp")),
               vscode("multi_replace_string_in_file")("", Path("/tmp")) | {"tool_input": {
                   "replacements": []}},
               vscode("apply_patch")("", Path("/tmp")) | {"tool_input": {"input": "hello"}}],
}


@pytest.mark.parametrize("agent,data", [(a, d) for a, ds in UNREADABLE.items() for d in ds],
                         ids=[f"{a}-{i}" for a, ds in UNREADABLE.items() for i in range(len(ds))])
def test_a_file_tool_call_naming_no_file_fails_closed(agentsh_bin, env, agent, data) -> None:
    result = hook(agentsh_bin, agent, data, env)
    assert blocked(agent, result), (result.returncode, result.stdout, result.stderr)
    assert "could not check" in result.stderr.decode()


@pytest.mark.parametrize("agent", sorted(UNREADABLE))
def test_a_payload_agentsh_cannot_read_is_blocked_in_the_agents_own_form(agentsh_bin, env,
                                                                          agent) -> None:
    for raw in (b"{not json", b"[]", b"\xff\xfe"):
        assert blocked(agent, hook(agentsh_bin, agent, raw, env))


@pytest.mark.parametrize("text,ops", [
    ("*** Begin Patch\n*** Add File: a\n+x\n*** End Patch", [("add", "a")]),
    ("*** Begin Patch\n*** Update File: a\n*** Move to: b\n@@\n-x\n+y\n*** Delete File: c\n"
     "*** End Patch", [("move", "a", "b"), ("delete", "c")]),
    ("  *** Update File:  spaced name.txt  \n", [("update", "spaced name.txt")]),
    ("+*** Add File: inside-content\n-*** Delete File: gone\n", []),
], ids=["add", "move-and-delete", "blanks", "hunk-lines-are-content"])
def test_patch_operations(text, ops) -> None:
    assert payload.patch_operations(text) == ops


def test_the_codex_patch_command_names_each_file_once_in_order() -> None:
    request = codex.read(codex_patch("a.txt", Path("/p")) | {"tool_input": {"command": (
        "*** Begin Patch\n*** Update File: a\n*** Add File: b c\n*** Delete File: d\n"
        "*** Update File: e\n*** Move to: f\n*** End Patch\n")}})
    assert request.command == ("touch -- a; touch -- 'b c'; rm -- d; mv -- e f  "
                               "# the agent's apply_patch tool")


def test_copilot_clis_bash_under_its_claude_name_is_checked(agentsh_bin, env, home,
                                                           tmp_path) -> None:
    """With the PascalCase event Copilot CLI reports its shell as `Bash` (hooks-reference,
    "Claude-format matchers"); before, only `bash` was read and `Bash` got no opinion."""
    data = copilot("Bash")("", tmp_path) | {"tool_input": {"command": f"rm -rf {home}"}}
    assert blocked("copilot", hook(agentsh_bin, "copilot", data, env))
