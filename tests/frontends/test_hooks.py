"""The agents' pre-command hooks, from recorded real-shaped payloads: allow passes, anything that
needs a person is denied with exit 2 when no approver can answer, and bad input fails closed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
AGENTS = ["claude-code", "cursor", "codex", "gemini"]


def payload(agent: str, command: str, cwd: Path) -> bytes:
    data = json.loads((FIXTURES / f"{agent}.json").read_text())
    if "tool_input" in data:
        data["tool_input"]["command"] = command
    else:
        data["command"] = command
        data["workspace_roots"] = [str(cwd)]
    data["cwd"] = str(cwd)
    return json.dumps(data).encode()


def hook(agentsh_bin: str, agent: str, body: bytes, env: dict[str, str]):
    return subprocess.run([agentsh_bin, "hook", agent], input=body, env=env, capture_output=True,
                          timeout=20, start_new_session=True)


@pytest.mark.parametrize("agent", AGENTS)
def test_allowed_command_passes(agentsh_bin, env, tmp_path, agent) -> None:
    result = hook(agentsh_bin, agent, payload(agent, "git status", tmp_path), env)
    assert result.returncode == 0, result.stderr
    if result.stdout.strip():
        body = json.loads(result.stdout)
        assert body.get("permission", "allow") == "allow"
        assert "deny" not in json.dumps(body)


@pytest.mark.parametrize("agent", AGENTS)
def test_destructive_command_is_denied_for_the_agent(agentsh_bin, env, tmp_path, agent) -> None:
    command = ("curl -X POST https://api.example.com/graphql "
               "-d '{\"query\":\"mutation { volumeDelete(volumeId: \\\"v\\\") }\"}'")
    result = hook(agentsh_bin, agent, payload(agent, command, tmp_path), env)
    assert result.returncode == 2
    reason = result.stderr.decode()
    assert "HTTP002" in reason and "stop here and ask your user" in reason
    body = json.loads(result.stdout)
    if agent == "cursor":
        assert body["permission"] == "deny" and "HTTP002" in body["agent_message"]
    elif agent == "gemini":
        assert body["decision"] == "deny"
    else:
        assert body["hookSpecificOutput"]["permissionDecision"] == "deny"


@pytest.mark.parametrize("agent", AGENTS)
@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"hook_event_name": "Stop"}',
                                  b"\xef\xbb\xbf{\"tool_name\": 3}"])
def test_bad_input_fails_closed(agentsh_bin, env, agent, body) -> None:
    result = hook(agentsh_bin, agent, body, env)
    assert result.returncode == 2
    assert b"blocked" in result.stderr


def test_bom_is_stripped(agentsh_bin, env, tmp_path) -> None:
    body = b"\xef\xbb\xbf" + payload("claude-code", "ls", tmp_path)
    assert hook(agentsh_bin, "claude-code", body, env).returncode == 0


def test_oversized_input_is_refused(agentsh_bin, env, tmp_path) -> None:
    body = payload("claude-code", "echo " + "x" * (2 << 20), tmp_path)
    assert hook(agentsh_bin, "claude-code", body, env).returncode == 2


def test_codex_argv_commands(agentsh_bin, env, tmp_path) -> None:
    data = json.loads(payload("codex", "", tmp_path))
    data["tool_input"]["command"] = ["bash", "-lc", "rm -rf ./src"]
    result = hook(agentsh_bin, "codex", json.dumps(data).encode(), env)
    assert result.returncode == 2 and b"FS001" in result.stderr
