"""The terminal prompt, driven through a real pseudo-terminal: only the approve key shown on
screen runs the command; any other key, Ctrl-C, the timeout and type-ahead do not."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

KEY = re.compile(rb"Press (\w) to run it")


def spawn(agentsh_bin: str, command: str, env: dict[str, str], cwd: Path) -> pexpect.spawn:
    return pexpect.spawn(agentsh_bin, ["-c", command], env=env, cwd=str(cwd), timeout=20)


def wait_for_key(child: pexpect.spawn) -> str:
    child.expect(KEY)
    time.sleep(0.6)  # past the cool-down
    return child.match.group(1).decode()


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "file").write_text("precious")
    return folder


def test_approve_key_runs_it(agentsh_bin, env, tmp_path, victim) -> None:
    child = spawn(agentsh_bin, "rm -rf victim && echo removed", env, tmp_path)
    child.send(wait_for_key(child))
    child.expect("removed")
    assert finish(child) == 0
    assert not victim.exists()


def test_other_key_cancels(agentsh_bin, env, tmp_path, victim) -> None:
    child = spawn(agentsh_bin, "rm -rf victim", env, tmp_path)
    key = wait_for_key(child)
    child.send("y" if key != "y" else "n")
    assert finish(child) == 126
    assert (victim / "file").read_text() == "precious"


def test_ctrl_c_cancels(agentsh_bin, env, tmp_path, victim) -> None:
    child = spawn(agentsh_bin, "rm -rf victim", env, tmp_path)
    wait_for_key(child)
    child.sendcontrol("c")
    assert finish(child) == 126
    assert victim.exists()


def test_timeout_cancels(agentsh_bin, env, home, tmp_path, victim) -> None:
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text("[settings]\ntimeout = 2\n")
    child = spawn(agentsh_bin, "rm -rf victim", env, tmp_path)
    child.expect(KEY)
    started = time.monotonic()
    assert finish(child) == 126
    assert 1.5 < time.monotonic() - started < 10
    assert victim.exists()


def test_type_ahead_is_ignored(agentsh_bin, env, tmp_path, victim) -> None:
    child = spawn(agentsh_bin, "rm -rf victim", env, tmp_path)
    child.send("abcdefghjkmpqrstuvwxz\r")  # every possible approve key, typed before the prompt
    key = wait_for_key(child)
    assert child.isalive(), "typed-ahead keys must not answer the prompt"
    child.send("y" if key != "y" else "n")
    assert finish(child) == 126
    assert victim.exists()


def test_keys_during_the_cool_down_do_not_count(agentsh_bin, env, tmp_path, victim) -> None:
    child = spawn(agentsh_bin, "rm -rf victim", env, tmp_path)
    child.expect(KEY)
    child.send("0")  # immediately: ignored, so the prompt is still waiting
    time.sleep(0.6)
    assert child.isalive()
    child.send("0")
    assert finish(child) == 126


def _repo(tmp_path: Path, env: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, env=env, check=True)
    return repo


def test_critical_needs_the_name_typed(agentsh_bin, env, tmp_path) -> None:
    repo = _repo(tmp_path, env)
    child = spawn(agentsh_bin, "git push --force origin main", env, repo)
    child.send(wait_for_key(child))
    child.expect("Type 'main' to confirm")
    child.sendline("mian")
    assert finish(child) == 126
    child = spawn(agentsh_bin, "git push --force origin main", env, repo)
    child.send(wait_for_key(child))
    child.expect("Type 'main' to confirm")
    child.sendline("main")
    status = finish(child)
    assert status not in (126, 0)  # approved: git itself ran and failed (no remote)


def test_denied_commands_never_prompt(agentsh_bin, env, tmp_path) -> None:
    child = spawn(agentsh_bin, "rm -rf /", env, tmp_path)
    child.expect("denied by policy")
    assert finish(child) == 126


def test_agent_sessions_are_not_asked_on_the_terminal(agentsh_bin, env, tmp_path, victim):
    child = spawn(agentsh_bin, "rm -rf victim", {**env, "CLAUDECODE": "1"}, tmp_path)
    child.expect("needs a person's approval")
    assert finish(child) == 126
    assert victim.exists()


def test_no_terminal_blocks_with_126_and_the_files_survive(agentsh_bin, env, tmp_path, victim):
    result = subprocess.run([agentsh_bin, "-c", "rm -rf victim"], env=env, cwd=tmp_path,
                            stdin=subprocess.DEVNULL, capture_output=True, timeout=20,
                            start_new_session=True)
    assert result.returncode == 126
    assert (victim / "file").read_text() == "precious"
    message = result.stderr.decode()
    assert "rm -rf victim" in message and "FS001" in message
    assert "stop here and ask your user" in message
