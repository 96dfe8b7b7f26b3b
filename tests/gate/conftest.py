"""Fixtures for the approval tests: a person's approver console in a pseudo-terminal of its own,
and an agent: a long-lived process, in its own session and with no terminal, that runs each
command as `agentsh -c` with an agent's environment marker, as an agent's shell tool does."""

from __future__ import annotations

import os
import select
import shlex
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from tests.conftest import clean_env, without_snapshots

COOL_DOWN = 0.5  # a little over the console's: keys sooner after a request appears do not count


class Approver:
    """`agentsh approve` in a pseudo-terminal: the person's own terminal."""

    def __init__(self, agentsh_bin: str, env: dict[str, str], cwd: Path) -> None:
        self.child = pexpect.spawn(agentsh_bin, ["approve"], env=env, cwd=str(cwd), timeout=20,
                                   encoding="utf-8", dimensions=(60, 200))
        self.child.expect("waiting for requests")

    def expect(self, pattern, timeout: float = 20):
        self.child.expect(pattern, timeout=timeout)
        return self.child.match

    def press(self, key: str) -> None:
        """A considered keypress: after the cool-down that follows a new request."""
        time.sleep(COOL_DOWN)
        self.child.send(key)

    def close(self) -> None:
        if self.child.isalive():
            self.child.sendcontrol("c")
            self.child.expect(pexpect.EOF)


class Agent:
    """An agent process running commands one at a time through `agentsh -c`."""

    SCRIPT = 'while IFS= read -r line; do eval "$line"; echo "rc=$?"; done'

    def __init__(self, agentsh_bin: str, env: dict[str, str], cwd: Path, errors: Path) -> None:
        self.agentsh = agentsh_bin
        self.errors = errors
        self.proc = subprocess.Popen(["bash", "-c", self.SCRIPT], env=env, cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True,
                                     text=True, bufsize=1)
        self.count = 0

    def start(self, command: str) -> Path:
        """Send a command; the file its stderr goes to."""
        self.count += 1
        err = self.errors / f"stderr-{self.count}.txt"
        self.proc.stdin.write(f"CLAUDECODE=1 {shlex.quote(self.agentsh)} -c "
                              f"{shlex.quote(command)} </dev/null 2>{shlex.quote(str(err))}\n")
        self.proc.stdin.flush()
        return err

    def result(self, timeout: float = 30) -> int:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, "the agent's command never finished"
        line = self.proc.stdout.readline()
        assert line.startswith("rc="), line
        return int(line[3:])

    def run(self, command: str, timeout: float = 30) -> tuple[int, str]:
        err = self.start(command)
        code = self.result(timeout)
        return code, err.read_text()

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, 9)
        except OSError:
            pass
        self.proc.wait()


@pytest.fixture
def approver(agentsh_bin, env, tmp_path):
    made = []

    def start(extra_env: dict[str, str] | None = None) -> Approver:
        made.append(Approver(agentsh_bin, {**env, **(extra_env or {})}, tmp_path))
        return made[-1]

    yield start
    for item in made:
        item.close()


@pytest.fixture
def agent(agentsh_bin, env, tmp_path):
    errors = tmp_path / "agent-stderr"
    errors.mkdir()
    made = []

    def start(cwd: Path | None = None) -> Agent:
        made.append(Agent(agentsh_bin, env, cwd or tmp_path, errors))
        return made[-1]

    yield start
    for item in made:
        item.close()


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    """These tests ask a person about `rm -rf`: with snapshots off it still needs one."""
    return without_snapshots(clean_env(home), home)
