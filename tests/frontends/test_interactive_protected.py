"""Protected mode's interactive shell: every line goes to the service (`gate/remote.py`), which
alone decides and logs; a service that cannot be reached means the line does not run.

A stand-in service (it records what it was asked and keeps back any `rm -rf`) listens where a
protected install under a temporary root would have it, and agentsh runs from an entry file that
names that root, as a protected install's launcher does. The service "user" is the test's own
user, so this runs without root; `tests/service/test_protected.py` covers the real service."""

from __future__ import annotations

import json
import os
import pwd
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.frontends.conftest import BASHRC, Screen, _then_status, needs_tmux, ready

SERVICE = r"""
import json, socket, sys
path, record = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(16)
while True:
    conn, _ = server.accept()
    message = json.loads(conn.makefile("rb").readline())
    with open(record, "a") as fh:
        fh.write(json.dumps({k: message.get(k) for k in ("type", "text", "route", "actor", "cwd")})
                 + "\n")
    allow = "rm -rf" not in message.get("text", "")
    answer = {"type": "decision", "allow": allow,
              "message": "" if allow else "agentsh: blocked by the stand-in service\n"}
    conn.sendall((json.dumps(answer) + "\n").encode())
    conn.close()
"""


class Service:
    def __init__(self, root: Path, record: Path) -> None:
        self.socket = root / "run" / "agentsh" / "gate.sock"
        self.record = record
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        self.process = subprocess.Popen([sys.executable, "-c", SERVICE, str(self.socket),
                                         str(self.record)], start_new_session=True)
        deadline = time.monotonic() + 30
        while not self.socket.exists():
            assert time.monotonic() < deadline, "the stand-in service did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def asked(self) -> list[dict]:
        if not self.record.exists():
            return []
        entries = [json.loads(line) for line in self.record.read_text().splitlines()]
        return [e for e in entries if e["text"] != "echo shell-is-ready"]


@pytest.fixture
def protected(env, home, tmp_path):
    """(terminal, service, root): agentsh's interactive shell in protected mode."""
    needs_tmux()
    root = tmp_path / "root"
    (root / "etc" / "agentsh").mkdir(parents=True)
    (root / "run" / "agentsh").mkdir(parents=True)
    user = pwd.getpwuid(os.getuid()).pw_name
    (root / "etc" / "agentsh" / "protected.conf").write_text(f"service_user = {user}\n")
    entry = tmp_path / "agentsh-protected"
    entry.write_text(f"#!{sys.executable}\n"
                     "import agentsh.locations\n"
                     f"agentsh.locations.PROTECTED_ROOT = {str(root)!r}\n"
                     "from agentsh.cli import entry\n"
                     "entry()\n")
    entry.chmod(0o755)
    service = Service(root, tmp_path / "asked.jsonl")
    service.start()
    (home / ".bashrc").write_text(BASHRC)
    work = tmp_path / "work"
    work.mkdir()
    term = Screen(_then_status(f"{shlex.quote(str(entry))} -i"),
                  {**env, "TERM": "xterm-256color"}, work)
    try:
        ready(term, "agentsh ")
        yield term, service, work
    finally:
        term.close()
        service.stop()


def test_each_line_is_decided_by_the_service(protected, home) -> None:
    term, service, work = protected
    victim = work / "victim"
    victim.mkdir()
    term.keys("echo two-$((1+1))", "Enter")
    term.wait_for("\ntwo-2")
    term.keys("rm -rf victim", "Enter")
    term.wait_for("blocked by the stand-in service")
    assert victim.exists()
    term.paste("echo one-$((0+1))\necho three-$((1+2))\n")
    term.keys("Enter")
    term.wait_for("\nthree-3")
    asked = service.asked()
    assert [e["text"] for e in asked] == ["echo two-$((1+1))", "rm -rf victim",
                                          "echo one-$((0+1))", "echo three-$((1+2))"]
    assert {(e["type"], e["route"], e["actor"], e["cwd"]) for e in asked} == {
        ("check", "interactive", "person", str(work))}
    # the service logs; the agent's user's own log is not written
    assert not (home / ".local" / "state" / "agentsh" / "audit.jsonl").exists()


def test_an_unreachable_service_runs_nothing(protected) -> None:
    term, service, work = protected
    service.stop()
    term.keys("touch made-it", "Enter")
    term.wait_for("not reachable")
    term.keys("echo still-$((2+2))", "Enter")
    term.wait_for("not reachable", count=2)
    assert not (work / "made-it").exists()
    assert "still-4" not in term.screen()
    service.start()  # back: lines run again, in the same shell
    term.keys("echo back-$((2+3))", "Enter")
    term.wait_for("\nback-5")
