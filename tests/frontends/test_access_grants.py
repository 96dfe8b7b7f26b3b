"""Access granted from an agent's shell: a key added to (or replacing) `authorized_keys`, sudo
rights, the SSH server's settings, the user database (CRED007). Before session 29 an append was
no destruction (FS021 exempts `>>`) and a home's `.ssh/authorized_keys` no system file, so all
of these ran unasked. Run as the agent: no terminal, CLAUDECODE=1, a temporary HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

KEY = "ssh-ed25519 AAAAC3Nza agent@box"


@pytest.fixture
def keys(agent_home: Path) -> Path:
    ssh = agent_home / ".ssh"
    ssh.mkdir(exist_ok=True)
    (ssh / "authorized_keys").write_text("ssh-ed25519 AAAAperson person@laptop\n")
    return ssh / "authorized_keys"


@pytest.mark.parametrize("command", [
    f"echo '{KEY}' >> ~/.ssh/authorized_keys",
    f"echo '{KEY}' > ~/.ssh/authorized_keys",
    f"cd ~/.ssh && echo '{KEY}' | tee -a authorized_keys",
    f"k=~/.ssh/authorized_keys; printf '%s\\n' '{KEY}' >> \"$k\"",
    f"echo '{KEY}' > k.pub && cp k.pub ~/.ssh/authorized_keys",
])
def test_a_key_allowed_to_log_in_asks(agentsh_bin: str, agent_home: Path, keys: Path,
                                      tmp_path: Path, command: str) -> None:
    before = keys.read_text()
    done = run_as_agent(agentsh_bin, command, tmp_path, clean_env(agent_home, CLAUDECODE="1"))
    assert b"CRED007" in assert_blocked(done)
    assert keys.read_text() == before


def test_reading_and_copying_the_keys_still_runs(agentsh_bin: str, agent_home: Path, keys: Path,
                                                 tmp_path: Path) -> None:
    done = run_as_agent(agentsh_bin, "grep -c ssh ~/.ssh/authorized_keys && "
                        "cp ~/.ssh/authorized_keys keys.bak && echo x >> ./authorized_keys",
                        tmp_path, clean_env(agent_home, CLAUDECODE="1"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "keys.bak").read_text() == keys.read_text()
