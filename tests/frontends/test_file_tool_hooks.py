"""The agents' own file tools, where their hook sees them (Claude Code's Write/Edit/MultiEdit/
NotebookEdit, Gemini CLI's write_file/replace): a write that lands on agentsh's own files, an
agent's hook settings or a shell start-up file is asked about (blocked with no approver open),
as the same write through the shell is; every other write gets no opinion.

Before this, the file tools were out of reach ("the agent's own file tools" in docs/security.md):
an agent blocked on a command could edit `~/.config/agentsh/rules.toml` or remove the hook from
`~/.claude/settings.json` with its Write tool and try again."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

# (agent, event, tool, key naming the file)
CLAUDE = [("claude-code", "PreToolUse", tool, key) for tool, key in
          (("Write", "file_path"), ("Edit", "file_path"), ("MultiEdit", "file_path"),
           ("NotebookEdit", "notebook_path"))]
GEMINI = [("gemini", "BeforeTool", tool, "file_path") for tool in ("write_file", "replace")]
TOOLS = CLAUDE + GEMINI
# where a write lands (relative to the temp HOME) -> the rule that asks
GUARDED = {
    ".config/agentsh/rules.toml": "SELF001",
    ".local/state/agentsh/grants.json": "SELF001",
    ".claude/settings.json": "SELF002",
    ".gemini/settings.json": "SELF002",
    ".bashrc": "SELF003",
}


def hook(agentsh_bin: str, agent: str, body: dict, env: dict[str, str]):
    return subprocess.run([agentsh_bin, "hook", agent], input=json.dumps(body).encode(), env=env,
                          capture_output=True, timeout=60, start_new_session=True)


def body(event: str, tool: str, key: str, path: str, cwd: Path) -> dict:
    return {"session_id": "s1", "hook_event_name": event, "tool_name": tool, "cwd": str(cwd),
            "tool_input": {key: path, "content": "enforce = false\n"}}


def audit_entries(home: Path) -> list[dict]:
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()]


@pytest.mark.parametrize("where", sorted(GUARDED))
@pytest.mark.parametrize("agent,event,tool,key", TOOLS, ids=[f"{a}-{t}" for a, _, t, _ in TOOLS])
def test_a_file_tool_writing_agentshs_or_the_hooks_files_is_blocked(
        agentsh_bin, env, home, tmp_path, agent, event, tool, key, where) -> None:
    target = home / where
    result = hook(agentsh_bin, agent, body(event, tool, key, str(target), tmp_path), env)
    assert result.returncode == 2, result.stderr.decode()
    said = result.stderr.decode()
    assert GUARDED[where] in said and "stop here and ask your user" in said
    answer = json.loads(result.stdout)
    decision = answer.get("decision") or answer["hookSpecificOutput"]["permissionDecision"]
    assert decision == "deny"
    entry = audit_entries(home)[-1]
    assert entry["agent"] == agent and entry["decision"] != "allow"
    assert f"the agent's {tool} tool" in entry["cmd"] and str(target) in entry["cmd"]


@pytest.mark.parametrize("agent,event,tool,key", TOOLS, ids=[f"{a}-{t}" for a, _, t, _ in TOOLS])
@pytest.mark.parametrize("where", ["src/app.py", "README.md", ".github/workflows/ci.yml",
                                   ".git/hooks/pre-commit", "notes/a b'c.md"])
def test_an_everyday_write_gets_no_opinion(agentsh_bin, env, tmp_path, agent, event, tool, key,
                                          where) -> None:
    result = hook(agentsh_bin, agent, body(event, tool, key, str(tmp_path / where), tmp_path), env)
    assert result.returncode == 0, result.stderr.decode()
    assert not result.stdout.strip()


def test_a_relative_path_is_read_from_the_payloads_directory(agentsh_bin, env, home) -> None:
    result = hook(agentsh_bin, "claude-code",
                  body("PreToolUse", "Write", "file_path", "agentsh/rules.toml", home / ".config"),
                  env)
    assert result.returncode == 2 and "SELF001" in result.stderr.decode()


@pytest.mark.parametrize("tool_input", [{}, {"file_path": ""}, {"file_path": 7},
                                        {"file_path": ["a"]}])
def test_a_file_tool_call_without_a_readable_path_fails_closed(agentsh_bin, env, tmp_path,
                                                              tool_input) -> None:
    data = {"hook_event_name": "PreToolUse", "tool_name": "Write", "cwd": str(tmp_path),
            "tool_input": tool_input}
    result = hook(agentsh_bin, "claude-code", data, env)
    assert result.returncode == 2
    assert json.loads(result.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"


def test_the_read_tool_still_gets_no_opinion(agentsh_bin, env, home, tmp_path) -> None:
    data = body("PreToolUse", "Read", "file_path", str(home / ".config/agentsh/rules.toml"),
                tmp_path)
    result = hook(agentsh_bin, "claude-code", data, env)
    assert result.returncode == 0 and not result.stdout.strip()
