"""MCP servers' file and shell tools reach the agents' hooks under MCP names (`mcp__SERVER__TOOL`
for Claude Code, Codex and Qwen Code; `mcp_SERVER_TOOL` with `mcp_context` for Gemini CLI; the
server's own name in Cursor's `beforeMCPExecution`), and are judged like the agents' own file
and shell tools (frontends/hooks/mcp.py). Run as the agent runs the hook: the payload on stdin,
the exit status and the answer checked in the agent's own blocking form.

Before this, an agent blocked on `echo x >> ~/.bashrc` could call the filesystem server's
`write_file` on `~/.bashrc`, move a file onto agentsh's rules with `move_file`, or run the
same command through desktop-commander's `start_process`: no hook gave an opinion."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from agentsh.commands.setup.agents import CLAUDE_MATCHER, CODEX_MATCHER, GEMINI_MATCHER, QWEN_MATCHER


def claude_like(tool: str):
    def make(args: dict, cwd: Path) -> dict:
        return {"session_id": "s-1", "cwd": str(cwd), "hook_event_name": "PreToolUse",
                "permission_mode": "default", "tool_name": tool, "tool_input": args,
                "tool_use_id": "toolu_1"}
    return make


def gemini(server: str, tool: str, legacy: bool = False):
    def make(args: dict, cwd: Path) -> dict:
        data = {"session_id": "gem-1", "cwd": str(cwd), "hook_event_name": "BeforeTool",
                "timestamp": "2026-11-01T10:00:00Z", "tool_input": args}
        if legacy:  # releases of 2025: `SERVER__TOOL`, no mcp_context
            return {**data, "tool_name": f"{server}__{tool}"}
        return {**data, "tool_name": f"mcp_{server}_{tool}",
                "mcp_context": {"server_name": server, "tool_name": tool, "command": "npx"}}
    return make


def cursor(tool: str):
    def make(args: dict, cwd: Path) -> dict:
        return {"conversation_id": "c-1", "generation_id": "g-1",
                "hook_event_name": "beforeMCPExecution", "workspace_roots": [str(cwd)],
                "tool_name": tool, "tool_input": json.dumps(args), "command": "npx -y server"}
    return make


def cursor_pretooluse(tool: str):
    def make(args: dict, cwd: Path) -> dict:
        return {"conversation_id": "c-1", "generation_id": "g-1", "hook_event_name": "preToolUse",
                "workspace_roots": [str(cwd)], "tool_name": f"MCP:filesystem:{tool}",
                "tool_input": args}
    return make


# the spellings each agent's hook sees for one MCP server tool
SPELLINGS = {
    "claude-code": lambda tool: claude_like(f"mcp__filesystem__{tool}"),
    "claude-code-plugin": lambda tool: claude_like(f"mcp__plugin_fs_filesystem__{tool}"),
    "codex": lambda tool: claude_like(f"mcp__filesystem__{tool}"),
    "qwen": lambda tool: claude_like(f"mcp__filesystem__{tool}"),
    "kimi": lambda tool: claude_like(f"mcp__filesystem__{tool}"),
    "gemini": lambda tool: gemini("filesystem", tool),
    "gemini-legacy": lambda tool: gemini("filesystem", tool, legacy=True),
    "cursor": lambda tool: cursor(tool),
    "cursor-prefixed": lambda tool: cursor(f"MCP:filesystem:{tool}"),
    "cursor-pretooluse": cursor_pretooluse,
}


def agent(case: str) -> str:
    return {"claude-code-plugin": "claude-code", "gemini-legacy": "gemini",
            "cursor-prefixed": "cursor", "cursor-pretooluse": "cursor"}.get(case, case)


def hook(agentsh_bin: str, name: str, body: dict, env: dict[str, str]):
    return subprocess.run([agentsh_bin, "hook", name], input=json.dumps(body).encode(), env=env,
                          capture_output=True, timeout=60, start_new_session=True)


def blocked(name: str, result) -> bool:
    out = result.stdout.decode().strip()
    if name == "kimi":
        return result.returncode == 0 and \
            json.loads(out)["hookSpecificOutput"]["permissionDecision"] == "deny"
    if result.returncode != 2:
        return False
    body = json.loads(out)
    if name == "gemini":
        return body["decision"] == "deny"
    if name == "cursor":
        return body["permission"] == "deny"
    return body["hookSpecificOutput"]["permissionDecision"] == "deny"


def quiet(result) -> bool:
    return result.returncode == 0 and not result.stdout.strip()


# tool -> its input, given where it writes
WRITES = {
    "write_file": lambda p: {"path": p, "content": "enforce = false\n"},
    "edit_file": lambda p: {"path": p, "edits": [{"oldText": "a", "newText": "b"}],
                            "dryRun": False},
    "move_file": lambda p: {"source": "notes.txt", "destination": p},
    "edit_block": lambda p: {"file_path": p, "old_string": "a", "new_string": "b"},
}
GUARDED = {".config/agentsh/rules.toml": "SELF001", ".bashrc": "SELF003",
           ".claude/settings.json": "SELF002"}


@pytest.mark.parametrize("where", sorted(GUARDED))
@pytest.mark.parametrize("tool", sorted(WRITES))
@pytest.mark.parametrize("case", sorted(SPELLINGS))
def test_an_mcp_file_tool_writing_a_protected_file_is_blocked(agentsh_bin, env, home, tmp_path,
                                                              case, tool, where) -> None:
    data = SPELLINGS[case](tool)(WRITES[tool](str(home / where)), tmp_path)
    result = hook(agentsh_bin, agent(case), data, env)
    assert blocked(agent(case), result), (result.returncode, result.stdout, result.stderr)
    assert GUARDED[where] in result.stderr.decode()


@pytest.mark.parametrize("tool", sorted(WRITES))
@pytest.mark.parametrize("case", sorted(SPELLINGS))
def test_an_everyday_mcp_write_in_the_project_is_allowed_quietly(agentsh_bin, env, tmp_path,
                                                                 case, tool) -> None:
    data = SPELLINGS[case](tool)(WRITES[tool](str(tmp_path / "src" / "app.py")), tmp_path)
    result = hook(agentsh_bin, agent(case), data, env)
    assert quiet(result), (result.returncode, result.stdout, result.stderr)


def test_both_ends_of_an_mcp_move_are_judged(agentsh_bin, env, home, tmp_path) -> None:
    """Moving agentsh's rules away is as much a change of them as writing over them."""
    data = claude_like("mcp__filesystem__move_file")(
        {"source": str(home / ".config/agentsh/rules.toml"), "destination": "old.toml"}, tmp_path)
    result = hook(agentsh_bin, "claude-code", data, env)
    assert blocked("claude-code", result) and "SELF001" in result.stderr.decode()


# MCP shell tools: (tool, the input running CMD)
SHELLS = {
    "start_process": lambda c: {"command": c, "timeout_ms": 30000},
    "execute_command": lambda c: {"command": c},
    "run_command": lambda c: {"command": c, "workdir": "."},
    "shell_execute": lambda c: {"command": ["bash", "-c", c]},
    "execute_shell_command": lambda c: {"command": c, "cwd": "."},
}


@pytest.mark.parametrize("tool", sorted(SHELLS))
@pytest.mark.parametrize("case", ["claude-code", "codex", "gemini", "cursor"])
def test_an_mcp_shell_tool_is_judged_as_the_command_it_runs(agentsh_bin, env, home, tmp_path,
                                                            case, tool) -> None:
    make = SPELLINGS[case](tool)
    result = hook(agentsh_bin, agent(case), make(SHELLS[tool](f"rm -rf {home}"), tmp_path), env)
    assert blocked(agent(case), result), (result.returncode, result.stdout, result.stderr)
    assert "FS00" in result.stderr.decode()
    assert quiet(hook(agentsh_bin, agent(case), make(SHELLS[tool]("ls -la"), tmp_path), env))


def test_the_mcp_shell_tools_directory_is_where_the_command_runs(agentsh_bin, env, home,
                                                                 tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    data = claude_like("mcp__commands__run_command")({"command": "ls", "workdir": "sub"},
                                                     tmp_path)
    assert quiet(hook(agentsh_bin, "claude-code", data, env))
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    assert json.loads(log.read_text().splitlines()[-1])["cwd"] == str(tmp_path / "sub")


@pytest.mark.parametrize("case", sorted(SPELLINGS))
@pytest.mark.parametrize("tool", ["create_issue", "read_file", "search_files", "query"])
def test_an_mcp_tool_agentsh_does_not_know_gets_no_opinion(agentsh_bin, env, home, tmp_path,
                                                           case, tool) -> None:
    """Unknown MCP tools stay as they were: their effect is the server's business (a database,
    a ticket, a browser); the agent's own MCP approval applies."""
    data = SPELLINGS[case](tool)({"path": str(home / ".bashrc"), "query": "rm -rf ~"}, tmp_path)
    assert quiet(hook(agentsh_bin, agent(case), data, env))


@pytest.mark.parametrize("case", ["claude-code", "gemini", "cursor"])
@pytest.mark.parametrize("args", [{}, {"content": "x"}, {"path": ""}, {"path": 7}],
                         ids=["empty", "no-path", "blank", "not-a-string"])
def test_a_known_mcp_file_tool_naming_no_file_fails_closed(agentsh_bin, env, tmp_path, case,
                                                           args) -> None:
    """A server with the same tool name and other keys is blocked, never waved through."""
    result = hook(agentsh_bin, agent(case), SPELLINGS[case]("write_file")(args, tmp_path), env)
    assert blocked(agent(case), result), (result.returncode, result.stdout, result.stderr)
    assert "could not check" in result.stderr.decode()


def test_a_known_mcp_shell_tool_with_no_command_fails_closed(agentsh_bin, env, tmp_path) -> None:
    data = claude_like("mcp__dc__start_process")({"timeout_ms": 5}, tmp_path)
    assert blocked("claude-code", hook(agentsh_bin, "claude-code", data, env))


# the matchers setup writes: the agents read them as regular expressions (JavaScript's for Claude
# Code and Gemini, Rust's regex for Codex); these patterns read the same in Python
MATCHED = {
    "claude-code": (CLAUDE_MATCHER, ["Bash", "Write", "Edit", "MultiEdit", "NotebookEdit",
                                     "mcp__filesystem__write_file", "mcp__dc__start_process",
                                     "mcp__plugin_x_fs__move_file"],
                    ["TodoWrite", "Read", "mcp__filesystem__read_file", "mcp__github__create_issue",
                     "mcp__fs__write_file_v2", "BashOutput"]),
    "codex": (CODEX_MATCHER, ["Bash", "apply_patch", "mcp__fs__edit_file"],
              ["mcp__docs__search", "BashOutput"]),
    "gemini": (GEMINI_MATCHER, ["run_shell_command", "write_file", "replace",
                                "mcp_filesystem_write_file", "filesystem__move_file",
                                "mcp_desktop-commander_start_process"],
               ["read_file", "mcp_filesystem_read_file", "mcp_github_create_issue"]),
    "qwen": (QWEN_MATCHER, ["run_shell_command", "edit", "mcp__fs__write_file",
                            "mcp_fs_write_file"], ["read_file", "mcp__fs__read_file"]),
}


@pytest.mark.parametrize("name", sorted(MATCHED))
def test_the_matchers_reach_the_known_mcp_tools_and_no_others(name) -> None:
    pattern, hits, misses = MATCHED[name]
    assert all(re.search(pattern, tool) for tool in hits), [t for t in hits
                                                          if not re.search(pattern, t)]
    assert not any(re.search(pattern, tool) for tool in misses)


def test_cursors_mcp_hook_never_pre_approves_even_managed(agentsh_bin, env, tmp_path) -> None:
    """Cursor's managed hook answers allow out loud (`failClosed`); on `beforeMCPExecution`
    that would approve every MCP call agentsh knows nothing about, so that entry is written
    without it: an unknown tool gets no answer and Cursor's own MCP approval goes on."""
    done = subprocess.run([agentsh_bin, "setup", "cursor", "--system", "--root", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = json.loads((tmp_path / "etc/cursor/hooks.json").read_text())["hooks"]
    (mcp_entry,) = hooks["beforeMCPExecution"]
    assert "failClosed" not in mcp_entry and "--explicit-allow" not in mcp_entry["command"]
    assert hooks["beforeShellExecution"][0]["failClosed"] is True


@pytest.mark.parametrize("agent_name,data", [
    ("claude-code", {"session_id": "s-1", "cwd": "CWD", "hook_event_name": "PreToolUse",
                     "tool_name": "mcp__dc__edit_block",
                     "tool_input": {"path": "notes.md", "file_path": "HOME/.bashrc",
                                    "old_string": "a", "new_string": "b"}}),
    ("cursor", {"conversation_id": "c-1", "hook_event_name": "preToolUse",
                "workspace_roots": ["CWD"], "tool_name": "Write",
                "tool_input": {"file_path": "notes.md", "path": "HOME/.bashrc",
                               "contents": "x"}}),
    ("vscode", {"cwd": "CWD", "sessionId": "v-1", "hookEventName": "PreToolUse",
                "tool_name": "multi_replace_string_in_file",
                "tool_input": {"replacements": [{"filePath": "a.py", "path": "HOME/.bashrc",
                                                 "oldString": "a", "newString": "b"}]}}),
], ids=["mcp-edit_block", "cursor-Write", "vscode-multi_replace"])
def test_every_key_naming_the_file_is_judged_not_only_the_first(agentsh_bin, env, home,
                                                                tmp_path, agent_name,
                                                                data) -> None:
    """A file tool reads one of the keys agentsh accepts, and which one is the tool's business:
    an input naming a harmless file under one key and `~/.bashrc` under another was judged by
    the first key alone and allowed."""
    body = json.loads(json.dumps(data).replace("CWD", str(tmp_path)).replace("HOME", str(home)))
    result = subprocess.run([agentsh_bin, "hook", agent_name], input=json.dumps(body).encode(),
                            env=env, capture_output=True, timeout=60, start_new_session=True)
    assert "SELF003" in result.stderr.decode(), (result.returncode, result.stdout)
    out = json.loads(result.stdout)
    assert "deny" in json.dumps(out)


@pytest.mark.parametrize("args", [
    {"command": "ls", "cmd": "rm -rf HOME"},
    {"cmd": ["ls"], "command": ["rm", "-rf", "HOME"]},
], ids=["strings", "argvs"])
def test_every_key_naming_the_mcp_command_is_judged(agentsh_bin, env, home, tmp_path,
                                                    args) -> None:
    args = json.loads(json.dumps(args).replace("HOME", str(home)))
    data = claude_like("mcp__commands__run_command")(args, tmp_path)
    result = hook(agentsh_bin, "claude-code", data, env)
    assert blocked("claude-code", result) and "FS00" in result.stderr.decode()


def test_an_mcp_shell_tool_naming_two_directories_is_blocked(agentsh_bin, env, tmp_path) -> None:
    """`rm -rf build` means another folder in each: the server reads one of them."""
    data = claude_like("mcp__commands__run_command")(
        {"command": "ls", "cwd": str(tmp_path), "workdir": "/"}, tmp_path)
    result = hook(agentsh_bin, "claude-code", data, env)
    assert blocked("claude-code", result) and "could not check" in result.stderr.decode()


@pytest.mark.parametrize("key", ["cwd", "workdir"])
def test_an_mcp_shell_tools_directory_under_the_home_is_read_there(agentsh_bin, env, home,
                                                                   tmp_path, key) -> None:
    """review-c (stop 29): `{"command": "make", "cwd": "~/repo"}` was judged in a folder named
    "~" that does not exist (no recipe: `make` ran unasked), while the server expands `~` and
    runs the Makefile of ~/repo, whose recipe deletes. Now `~` is the home, as the server reads
    it, and the recipe is read there."""
    (home / "repo").mkdir()
    (home / "repo" / "Makefile").write_text("all:\n\trm -rf $(HOME)/keep\n")
    data = claude_like("mcp__desktop-commander__start_process")(
        {"command": "make", key: "~/repo"}, tmp_path)
    result = hook(agentsh_bin, "claude-code", data, env)
    assert blocked("claude-code", result), (result.returncode, result.stdout, result.stderr)
