"""`agentsh approve`: requests over the private socket, one key each, queued; an approver the
agent could have started is refused; keys injected into the terminal do not approve."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from agentsh.gate import approval


def start_approver(agentsh_bin: str, env: dict[str, str], cwd: Path) -> pexpect.spawn:
    child = pexpect.spawn(agentsh_bin, ["approve"], env=env, cwd=str(cwd), timeout=20,
                          encoding="utf-8", dimensions=(50, 200))
    child.expect("waiting for requests")
    return child


def press(console: pexpect.spawn, key: str) -> None:
    """A considered keypress: keys within the console's cool-down after a request appears do
    not count."""
    time.sleep(0.5)
    console.send(key)


def request(agentsh_bin: str, env: dict[str, str], cwd: Path, command: str) -> subprocess.Popen:
    """A command as an agent would run it: detached, no terminal, started by its own parent."""
    return subprocess.Popen(["sh", "-c", '"$0" -c "$1"', agentsh_bin, command], env=env,
                            cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True, text=True)


@pytest.fixture
def dirs(tmp_path: Path):
    def make(n: int) -> list[Path]:
        out = []
        for i in range(n):
            d = tmp_path / f"d{i}"
            d.mkdir()
            (d / "f").write_text("x")
            out.append(d)
        return out
    return make


def test_approve_and_deny(agentsh_bin, env, tmp_path, dirs) -> None:
    d0, d1 = dirs(2)
    console = start_approver(agentsh_bin, env, tmp_path)
    waiting = request(agentsh_bin, env, tmp_path, "rm -rf d0")
    console.expect("command: rm -rf d0")
    console.expect(r"\[a\] approve")
    press(console, "a")
    out, err = waiting.communicate(timeout=20)
    assert waiting.returncode == 0 and not d0.exists()
    assert "waiting for a person to answer in `agentsh approve`" in err
    denied = request(agentsh_bin, env, tmp_path, "rm -rf d1")
    console.expect("command: rm -rf d1")
    press(console, "d")
    denied.communicate(timeout=20)
    assert denied.returncode == 126 and d1.exists()
    console.sendcontrol("c")
    console.expect(pexpect.EOF)
    log = subprocess.run([agentsh_bin, "log"], env=env, capture_output=True, text=True).stdout
    assert re.search(r"confirm\s+approved\s+FS001\s+rm -rf d0", log)
    assert re.search(r"confirm\s+denied\s+FS001\s+rm -rf d1", log)


def test_timeout_denies(agentsh_bin, env, home, tmp_path, dirs) -> None:
    (d0,) = dirs(1)
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text("[settings]\napprove_timeout = 2\n")
    console = start_approver(agentsh_bin, env, tmp_path)
    waiting = request(agentsh_bin, env, tmp_path, "rm -rf d0")
    console.expect("command: rm -rf d0")
    waiting.communicate(timeout=20)
    assert waiting.returncode == 126 and d0.exists()
    console.sendcontrol("c")


def test_critical_needs_the_name_typed_in_the_console(agentsh_bin, env, tmp_path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path / "repo")], check=True)
    console = start_approver(agentsh_bin, env, tmp_path)
    waiting = request(agentsh_bin, env, tmp_path / "repo", "git push --force origin main")
    console.expect("approving asks you to type 'main'")
    press(console, "a")
    console.expect("type 'main' to approve")
    console.sendline("master")
    waiting.communicate(timeout=20)
    assert waiting.returncode == 126
    console.sendcontrol("c")


def test_twenty_concurrent_requests_each_get_their_own_answer(agentsh_bin, env, tmp_path,
                                                              dirs) -> None:
    targets = dirs(20)
    console = start_approver(agentsh_bin, env, tmp_path)
    waiting = {i: request(agentsh_bin, env, tmp_path, f"rm -rf d{i}") for i in range(20)}
    answered: set[int] = set()
    while len(answered) < 20:
        console.expect(r"command: rm -rf d(\d+)")
        n = int(console.match.group(1))
        console.expect(r"\[a\] approve")
        if n in answered:
            continue  # the screen was drawn again before the answer was taken
        press(console, "a" if n % 2 == 0 else "d")
        answered.add(n)
    for i, proc in waiting.items():
        proc.communicate(timeout=30)
        assert proc.returncode == (0 if i % 2 == 0 else 126), i
        assert targets[i].exists() == (i % 2 == 1), i
    console.sendcontrol("c")


def _spawn_tree(script: str, env: dict[str, str]) -> tuple[subprocess.Popen, list[int]]:
    """Run `script` in a shell that prints the pids it starts; return the shell and the pids."""
    shell = subprocess.Popen(["bash", "-c", script], env=env, stdout=subprocess.PIPE, text=True,
                             start_new_session=True)
    pids = [int(shell.stdout.readline()) for _ in range(2)]
    return shell, pids


@pytest.mark.parametrize("how", ["child", "setsid", "script"])
def test_an_approver_started_by_the_agent_is_refused(env, how) -> None:
    start = {"child": "sleep 30 & echo $!",
             "setsid": "setsid -f bash -c 'echo $$; exec sleep 30'",
             "script": "script -qfc 'echo $$; exec sleep 30' /dev/null & sleep 0.5"}[how]
    agent_env = {**env, "CLAUDECODE": "1"}
    shell, (approver, requester) = _spawn_tree(
        f"{start}\nsleep 30 & echo $!\nwait", agent_env)
    try:
        if how == "script":
            approver = int(str(approver).strip())
        reason = approval.refuse_reason(approver, requester)
        assert reason, f"{how}: an approver the agent started must be refused"
    finally:
        os.killpg(shell.pid, 9)
        for pid in (approver,):
            try:
                os.kill(pid, 9)
            except OSError:
                pass


def test_an_independent_approver_is_accepted(env) -> None:
    """A person's approver: its own terminal and session, not below the requester's agent."""
    approver = pexpect.spawn("sleep", ["30"], env=env)
    deadline = time.monotonic() + 5
    while b"sleep" not in Path(f"/proc/{approver.pid}/cmdline").read_bytes() and \
            time.monotonic() < deadline:
        time.sleep(0.05)  # until the spawned process is sleep in its own terminal
    agent = subprocess.Popen(["sh", "-c", "sleep 30 & echo $!; wait"], env=env,
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    requester = int(agent.stdout.readline())
    try:
        assert approval.refuse_reason(approver.pid, requester) == ""
    finally:
        approver.terminate(force=True)
        os.killpg(agent.pid, 9)


def _tiocsti_allowed() -> bool:
    try:
        return Path("/proc/sys/dev/tty/legacy_tiocsti").read_text().strip() == "1" or \
            os.geteuid() == 0
    except OSError:
        return True  # older kernels have no switch and always allow it


@pytest.mark.skipif(not _tiocsti_allowed(), reason="this kernel does not allow TIOCSTI")
def test_keys_injected_into_the_terminal_do_not_approve(agentsh_bin, env, tmp_path) -> None:
    """A background job of the same session pushes `y` and Enter into the terminal's input
    queue (TIOCSTI) after the prompt appears: the prompt cancels, the files survive."""
    victim = tmp_path / "victim"
    victim.mkdir()
    go = tmp_path / "go"
    injector = (f"{sys.executable} -c \"import fcntl, os, termios, time\n"
                f"while not os.path.exists('{go}'): time.sleep(0.05)\n"
                "fd = os.open('/dev/tty', os.O_RDWR)\n"
                "for c in (b'y', b'\\r'): fcntl.ioctl(fd, termios.TIOCSTI, c)\"")
    child = pexpect.spawn("bash", ["--norc", "-c", f"({injector}) & \"$0\" -c 'rm -rf victim'; "
                                   "echo rc=$?", agentsh_bin], env=env, cwd=str(tmp_path),
                          timeout=20, encoding="utf-8")
    child.expect(r"Press \w to run it")
    time.sleep(0.6)  # past the cool-down, so the injected keys are read
    go.write_text("")
    child.expect(r"rc=(\d+)")
    assert child.match.group(1) == "126"
    assert victim.exists()
