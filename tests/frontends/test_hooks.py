"""Every agent's pre-command hook, from recorded real-shaped payloads (tests/fixtures/hooks, one per
agent and payload spelling): allow answers nothing that pre-approves, anything that needs a person
is denied in the agent's own blocking form when no approver can answer, a tool that is not a shell
gets no opinion, and bad input fails closed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from agentsh.frontends.hooks import ADAPTERS
from tests.conftest import without_snapshots

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
PAYLOADS = sorted(p.stem for p in FIXTURES.glob("*.json"))
DESTRUCTIVE = ("curl -X POST https://api.example.com/graphql "
               "-d '{\"query\":\"mutation { volumeDelete(volumeId: \\\"v\\\") }\"}'")


def claude_deny(body) -> bool:
    out = body["hookSpecificOutput"]
    return out["hookEventName"] == "PreToolUse" and out["permissionDecision"] == "deny" and \
        "HTTP002" in out["permissionDecisionReason"]


def decision_deny(body) -> bool:
    return body["decision"] == "deny" and "HTTP002" in body["reason"]


def copilot_deny(body) -> bool:
    return body["permissionDecision"] == "deny" and "HTTP002" in body["permissionDecisionReason"] \
        and claude_deny(body)


def cursor_deny(body) -> bool:
    return body["permission"] == "deny" and "HTTP002" in body["agent_message"]


def cline_deny(body) -> bool:
    return body["cancel"] is True and "HTTP002" in body["errorMessage"]


# agent -> (exit status the agent honours as a block, check of the JSON it reads; None: no JSON)
BLOCKING = {
    "claude-code": (2, claude_deny), "codex": (2, claude_deny), "qwen": (2, claude_deny),
    "droid": (2, claude_deny), "kimi": (0, claude_deny), "cursor": (2, cursor_deny),
    "gemini": (2, decision_deny), "copilot": (0, copilot_deny), "vscode": (0, copilot_deny),
    "windsurf": (2, None), "kiro": (2, None), "cline": (0, cline_deny),
    "grok": (0, decision_deny), "antigravity": (0, decision_deny),
    "opencode": (2, decision_deny), "amp": (2, decision_deny), "pi": (2, decision_deny),
    "openclaw": (2, decision_deny), "hermes": (2, decision_deny),
}
NEUTRAL = {"cline": {"cancel": False}}  # agents that need an answer that is not a decision
# agent -> (path to the tool name in its payload, a tool that is not a shell)
OTHER_TOOL = {
    "claude-code": (("tool_name",), "Read"), "codex": (("tool_name",), "mcp__docs__search"),
    "qwen": (("tool_name",), "read_file"), "droid": (("tool_name",), "Read"),
    "kimi": (("tool_name",), "ReadFile"), "cursor.pretooluse": (("tool_name",), "Read"),
    "gemini": (("tool_name",), "read_file"), "copilot": (("toolName",), "view"),
    "vscode": (("tool_name",), "editFiles"), "cline": (("preToolUse", "toolName"), "read_file"),
    "grok": (("toolName",), "read_file"), "antigravity": (("toolCall", "name"), "view_file"),
    "opencode": (("tool",), "read"), "pi": (("toolName",), "read"),
    "openclaw": (("toolName",), "read"), "hermes": (("tool_name",), "read_file"),
    "kiro": (("tool_name",), "fs_read"),
}


def agent_of(fixture: str) -> str:
    return fixture.split(".")[0]


def fill(value, command: str, cwd: Path):
    if isinstance(value, dict):
        return {k: fill(v, command, cwd) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, command, cwd) for v in value]
    if value == "COMMAND":
        return command
    if value == "CWD":
        return str(cwd)
    if isinstance(value, str) and value.startswith("{"):  # JSON-encoded arguments (Copilot)
        return json.dumps(fill(json.loads(value), command, cwd))
    return value


def payload(fixture: str, command: str, cwd: Path) -> dict:
    return fill(json.loads((FIXTURES / f"{fixture}.json").read_text()), command, cwd)


def hook(agentsh_bin: str, agent: str, body: bytes | dict, env: dict[str, str], *flags: str):
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    return subprocess.run([agentsh_bin, "hook", agent, *flags], input=body, env=env,
                          capture_output=True, timeout=30, start_new_session=True)


def audit_entries(home: Path) -> list[dict]:
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_every_agent_has_a_fixture_and_a_blocking_answer() -> None:
    assert set(BLOCKING) == set(ADAPTERS)
    assert {agent_of(p) for p in PAYLOADS} == set(ADAPTERS)


@pytest.mark.parametrize("fixture", PAYLOADS)
def test_allowed_command_answers_nothing_that_pre_approves(agentsh_bin, env, tmp_path,
                                                           fixture) -> None:
    agent = agent_of(fixture)
    result = hook(agentsh_bin, agent, payload(fixture, "git status", tmp_path), env)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout) if result.stdout.strip() else None
    assert body == NEUTRAL.get(agent)


@pytest.mark.parametrize("fixture", PAYLOADS)
def test_destructive_command_gets_the_agents_blocking_answer(agentsh_bin, env, home, tmp_path,
                                                             fixture) -> None:
    agent = agent_of(fixture)
    result = hook(agentsh_bin, agent, payload(fixture, DESTRUCTIVE, tmp_path), env)
    code, check = BLOCKING[agent]
    assert result.returncode == code
    reason = result.stderr.decode()
    assert "HTTP002" in reason and "stop here and ask your user" in reason
    if check is None:
        assert not result.stdout.strip()
    else:
        assert check(json.loads(result.stdout))
    entry = audit_entries(home)[-1]
    assert entry["agent"] == agent and entry["decision"] != "allow"


@pytest.mark.parametrize("fixture", sorted(OTHER_TOOL))
def test_a_tool_that_is_not_a_shell_gets_no_opinion(agentsh_bin, env, tmp_path, fixture) -> None:
    data = payload(fixture, DESTRUCTIVE, tmp_path)
    path, other = OTHER_TOOL[fixture]
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = other
    result = hook(agentsh_bin, agent_of(fixture), data, env)
    assert result.returncode == 0
    body = json.loads(result.stdout) if result.stdout.strip() else None
    assert body == NEUTRAL.get(agent_of(fixture))


@pytest.mark.parametrize("agent", sorted(ADAPTERS))
@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"hook_event_name": "Stop"}',
                                  b"\xef\xbb\xbf{\"tool_name\": 3}"],
                         ids=["empty", "not-json", "array", "other-event", "bom-bad-tool"])
def test_bad_input_fails_closed(agentsh_bin, env, agent, body) -> None:
    result = hook(agentsh_bin, agent, body, env)
    code, check = BLOCKING[agent]
    assert result.returncode == code
    assert b"blocked" in result.stderr
    if check is not None:
        answer = json.loads(result.stdout)
        assert "deny" in json.dumps(answer) or answer.get("cancel") is True


@pytest.mark.parametrize("fixture", ["claude-code", "gemini", "copilot", "windsurf", "opencode",
                                     "cline", "antigravity"])
def test_the_audit_log_names_the_agent_and_its_session(agentsh_bin, env, home, tmp_path,
                                                       fixture) -> None:
    data = payload(fixture, "git status", tmp_path)
    assert hook(agentsh_bin, agent_of(fixture), data, env).returncode == 0
    entry = audit_entries(home)[-1]
    assert entry["agent"] == agent_of(fixture)
    assert entry["session"] and entry["session"] in json.dumps(data)
    assert entry["cmd"] == "git status"


@pytest.mark.parametrize("fixture,key", [("gemini", "dir_path"), ("gemini.directory", "directory"),
                                         ("qwen", "directory")])
def test_the_shell_tools_directory_is_read(agentsh_bin, env, home, tmp_path, fixture, key) -> None:
    (tmp_path / "sub").mkdir()
    data = payload(fixture, "ls", tmp_path)
    data["tool_input"][key] = "sub"
    assert hook(agentsh_bin, agent_of(fixture), data, env).returncode == 0
    assert audit_entries(home)[-1]["cwd"] == str(tmp_path / "sub")


def test_cursor_explicit_allow_only_when_asked(agentsh_bin, env, tmp_path) -> None:
    body = payload("cursor", "git status", tmp_path)
    assert hook(agentsh_bin, "cursor", body, env).stdout == b""
    loud = hook(agentsh_bin, "cursor", body, env, "--explicit-allow")
    assert json.loads(loud.stdout) == {"permission": "allow"}
    denied = hook(agentsh_bin, "cursor", payload("cursor", DESTRUCTIVE, tmp_path), env,
                  "--explicit-allow")
    assert denied.returncode == 2 and json.loads(denied.stdout)["permission"] == "deny"


def test_grok_truncated_input_is_blocked(agentsh_bin, env, tmp_path) -> None:
    data = payload("grok", "ls", tmp_path)
    data["toolInputTruncated"] = True
    result = hook(agentsh_bin, "grok", data, env)
    assert json.loads(result.stdout)["decision"] == "deny"


def test_bom_is_stripped(agentsh_bin, env, tmp_path) -> None:
    body = b"\xef\xbb\xbf" + json.dumps(payload("claude-code", "ls", tmp_path)).encode()
    assert hook(agentsh_bin, "claude-code", body, env).returncode == 0


def test_oversized_input_is_refused(agentsh_bin, env, tmp_path) -> None:
    body = payload("claude-code", "echo " + "x" * (2 << 20), tmp_path)
    assert hook(agentsh_bin, "claude-code", body, env).returncode == 2


def test_codex_argv_commands(agentsh_bin, env, home, tmp_path) -> None:
    data = payload("codex", "", tmp_path)
    data["tool_input"]["command"] = ["bash", "-lc", "rm -rf ./src"]
    result = hook(agentsh_bin, "codex", data, without_snapshots(env, home))
    assert result.returncode == 2 and b"FS001" in result.stderr


def test_unknown_agent_is_a_usage_error_that_blocks(agentsh_bin, env) -> None:
    result = hook(agentsh_bin, "nosuchagent", b"{}", env)
    assert result.returncode == 2 and b"usage" in result.stderr
