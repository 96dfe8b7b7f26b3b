"""`./install.sh --uninstall` takes agentsh out of every agent's hooks before it removes itself,
and where it cannot, leaves a stub at the launcher's path that blocks: no agent hook is ever left
calling a missing agentsh (exit 127, which the agents treat as "go ahead")."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import ROOT

CLAUDE_SETTINGS = '{\n  "model": "opus",\n  "env": {"A": "1"}\n}'


def test_uninstall_removes_hooks_first_and_leaves_a_blocking_stub_for_the_rest(env, home,
                                                                                tmp_path) -> None:
    prefix, bindir = tmp_path / "prefix", tmp_path / "bin"
    install_env = {**env, "AGENTSH_PREFIX": str(prefix), "AGENTSH_BINDIR": str(bindir)}
    subprocess.run(["bash", str(ROOT / "install.sh")], env=install_env, check=True,
                   capture_output=True, timeout=280)
    launcher = prefix / "bin" / "agentsh"
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(CLAUDE_SETTINGS)
    for agent in ("claude-code", "codex", "gemini"):
        subprocess.run([str(bindir / "agentsh"), "setup", agent], env=install_env, check=True,
                       capture_output=True, timeout=60)
    codex = home / ".codex" / "hooks.json"
    command = json.loads(codex.read_text())["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
    codex.write_text(codex.read_text() + "\n// an edit that breaks the JSON")
    result = subprocess.run(["bash", str(ROOT / "install.sh"), "--uninstall"], env=install_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert settings.read_text() == CLAUDE_SETTINGS  # removed first, byte for byte
    assert not (home / ".gemini").exists()  # created by setup, so removed with the hook
    assert not (bindir / "agentsh").exists() and not (prefix / "venv").exists()
    stub = subprocess.run([str(launcher), "hook", "codex"], input=b"{}", capture_output=True)
    assert stub.returncode == 2 and b"agentsh setup --uninstall" in stub.stderr
    hook = subprocess.run(command, shell=True, input=b"{}", capture_output=True, env=env)
    assert hook.returncode == 2 and b"blocked" in hook.stderr
