"""The agents' pre-command hooks, from recorded real-shaped payloads: allow passes, anything that
needs a person is denied with exit 2 when no approver can answer, and bad input fails closed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "hooks"
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


def test_setup_is_idempotent_and_uninstall_removes_only_ours(agentsh_bin, env, home) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    theirs = {"model": "x", "hooks": {"PreToolUse": [{"matcher": "Edit", "hooks": [
        {"type": "command", "command": "/usr/bin/true"}]}]}}
    settings.write_text(json.dumps(theirs))
    for _ in range(2):
        subprocess.run([agentsh_bin, "setup", "claude-code"], env=env, check=True,
                       capture_output=True)
    doc = json.loads(settings.read_text())
    ours = [g for g in doc["hooks"]["PreToolUse"] if g.get("matcher") == "Bash"]
    assert len(ours) == 1
    command = ours[0]["hooks"][0]["command"]
    assert command.startswith("/") and command.endswith("agentsh hook claude-code")
    assert list(home.joinpath(".claude").glob("settings.json.agentsh-backup-*"))
    subprocess.run([agentsh_bin, "setup", "claude-code", "--uninstall"], env=env, check=True,
                   capture_output=True)
    assert json.loads(settings.read_text()) == theirs


@pytest.mark.parametrize("agent", ["cursor", "codex", "gemini"])
def test_setup_other_agents_round_trip(agentsh_bin, env, home, agent) -> None:
    out = subprocess.run([agentsh_bin, "setup", agent], env=env, capture_output=True, text=True)
    assert out.returncode == 0 and "added" in out.stdout
    again = subprocess.run([agentsh_bin, "setup", agent], env=env, capture_output=True, text=True)
    assert "nothing changed" in again.stdout
    subprocess.run([agentsh_bin, "setup", agent, "--uninstall"], env=env, check=True,
                   capture_output=True)
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, capture_output=True, text=True)
    assert f"{agent}: no hook" in doctor.stdout


def test_shell_shims_never_loop(agentsh_bin, env, home, tmp_path) -> None:
    subprocess.run([agentsh_bin, "setup", "shell"], env=env, check=True, capture_output=True)
    shims = home / ".local" / "share" / "agentsh" / "shims"
    path_env = {**env, "PATH": f"{shims}:{env['PATH']}"}
    result = subprocess.run(["bash", "-c", "echo via-shim $0"], env=path_env,
                            capture_output=True, text=True, timeout=20, cwd=tmp_path)
    assert result.stdout == "via-shim bash\n"
    blocked = subprocess.run(["sh", "-c", "rm -rf ./x"], env=path_env, capture_output=True,
                             text=True, timeout=20, cwd=tmp_path, start_new_session=True)
    assert blocked.returncode == 126


def test_setup_shell_sets_editor_terminal_profiles(agentsh_bin, env, home) -> None:
    settings = home / ".config" / "Cursor" / "User" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"editor.fontSize": 13}))
    subprocess.run([agentsh_bin, "setup", "shell"], env=env, check=True, capture_output=True)
    doc = json.loads(settings.read_text())
    assert doc["terminal.integrated.defaultProfile.linux"] == "agentsh"
    assert doc["terminal.integrated.automationProfile.linux"]["path"].endswith("agentsh")
    again = subprocess.run([agentsh_bin, "setup", "shell"], env=env, capture_output=True,
                           text=True)
    assert "nothing to change" in again.stdout
    subprocess.run([agentsh_bin, "setup", "shell", "--uninstall"], env=env, check=True,
                   capture_output=True)
    assert json.loads(settings.read_text()) == {"editor.fontSize": 13}


def test_setup_shell_points_claude_code_at_the_bash_shim(agentsh_bin, env, home) -> None:
    (home / ".claude").mkdir()
    subprocess.run([agentsh_bin, "setup", "shell"], env=env, check=True, capture_output=True)
    settings = json.loads((home / ".claude" / "settings.json").read_text())
    shim = settings["env"]["CLAUDE_CODE_SHELL"]
    assert "bash" in shim and Path(shim).resolve() == Path(agentsh_bin).resolve()
    subprocess.run([agentsh_bin, "setup", "shell", "--uninstall"], env=env, check=True,
                   capture_output=True)
    assert "env" not in json.loads((home / ".claude" / "settings.json").read_text())
