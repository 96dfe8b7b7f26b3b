"""`agentsh setup` and `agentsh doctor`: idempotent setup, uninstall that removes only agentsh's
own entries, shell shims that never loop, editor terminal profiles, Claude Code's shell."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest


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
