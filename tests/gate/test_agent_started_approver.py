"""An approver the agent starts for itself is refused even with its environment markers stripped
(issue 12, item 5): inside its own tmux server, under `script` fed from a FIFO, after setsid or
a double fork, by a job runner. What gives it away is ancestry and start time (`gate.lineage`).
And a daemonized agent command (parent PID 1) can still be approved by a person (issue 15).

The attacks run as the agent would: an agent shell with CLAUDECODE=1, no terminal, the victim
under the test's own folder; the approving key comes from the agent, never from a person."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from agentsh.gate import approval, lineage


def wait_for(predicate, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def socket_file(env) -> Path:
    return Path(env["XDG_RUNTIME_DIR"]) / "agentsh" / "approve.sock"


class Agent:
    """A long-lived agent process (like Claude Code's): each command runs in a tool shell of
    its own below it, with CLAUDECODE=1 and no terminal."""

    def __init__(self, env, cwd: Path) -> None:
        self.cwd = cwd
        self.fifo = cwd / "agent-commands"
        os.mkfifo(self.fifo)
        self.proc = subprocess.Popen(
            ["bash", "-c", 'exec 3<> "$0"; while IFS= read -r line <&3; do '
             'CLAUDECODE=1 bash -c "$line" < /dev/null 3<&- & done', str(self.fifo)],
            env=env, cwd=cwd,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self.count = 0

    def run(self, command: str) -> Path:
        """Start `command`; returns the folder where its status and stderr will be."""
        self.count += 1
        out = self.cwd / f"cmd{self.count}"
        out.mkdir()
        (out / "cmd.sh").write_text(command + "\n")
        line = f"bash {out}/cmd.sh 2> {out}/err > {out}/out; echo $? > {out}/rc.tmp; " \
               f"mv {out}/rc.tmp {out}/rc\n"
        fd = None
        deadline = time.monotonic() + 15
        while fd is None:  # the agent holds the FIFO open once it has started
            assert self.proc.poll() is None, "the agent process has gone"
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                assert time.monotonic() < deadline, "the agent did not start"
                time.sleep(0.05)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)
        return out

    def wait(self, out: Path, seconds: float = 60) -> tuple[int, str]:
        assert wait_for(lambda: (out / "rc").exists(), seconds), f"{out} did not finish"
        return int((out / "rc").read_text()), (out / "err").read_text()

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass


@pytest.fixture
def agent(env, tmp_path):
    a = Agent(env, tmp_path)
    yield a
    a.stop()


@pytest.fixture
def victim(tmp_path) -> Path:
    v = tmp_path / "victim"
    v.mkdir()
    (v / "data").write_text("precious")
    return v


def kill_approvers(env) -> None:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                environ = Path(f"/proc/{entry}/environ").read_bytes()
            except OSError:
                continue
            if f"XDG_RUNTIME_DIR={env['XDG_RUNTIME_DIR']}".encode() in environ.split(b"\0"):
                try:
                    os.kill(int(entry), signal.SIGKILL)
                except OSError:
                    pass


@pytest.fixture
def cleanup(env):
    yield
    kill_approvers(env)


def attack(agent: Agent, agentsh_bin: str, env, start: str, press) -> tuple[int, str]:
    """Start an approver the agent's way, wait for its socket, then ask to delete the victim
    while the agent presses the approve key (`press()`)."""
    sock = socket_file(env)
    agent.run(start.replace("$A", agentsh_bin).replace("$T", str(agent.cwd)))
    assert wait_for(sock.exists), f"the agent's approver did not start: {start}"
    asked = agent.run(f'"{agentsh_bin}" -c "rm -rf victim"')
    time.sleep(1.5)
    press()
    return agent.wait(asked)


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_an_approver_in_the_agents_own_tmux_server_is_refused(agentsh_bin, env, tmp_path, victim,
                                                               agent, cleanup) -> None:
    own = str(tmp_path / "own.sock")
    start = f'env -u CLAUDECODE tmux -S {own} new -d -x 150 -y 40 "$A approve"'
    press = lambda: agent.wait(agent.run(f"tmux -S {own} send-keys a"))  # noqa: E731
    try:
        code, err = attack(agent, agentsh_bin, env, start, press)
    finally:
        subprocess.run(["tmux", "-S", own, "kill-server"], env=env)
    assert code == 126 and victim.exists(), err
    assert "not asking approver" in err and "started after the agent" in err, err


@pytest.mark.parametrize("how", ["background", "nohup", "setsid", "double-fork"])
def test_an_approver_under_script_fed_from_a_fifo_is_refused(agentsh_bin, env, tmp_path, victim,
                                                              agent, cleanup, how) -> None:
    run = 'env -u CLAUDECODE script -qfc "$A approve" /dev/null < $T/keys > /dev/null 2>&1'
    start = {"background": f"{run} &",
             "nohup": f"nohup sh -c '{run}' > /dev/null 2>&1 &",
             "setsid": f"setsid -f sh -c '{run}' > /dev/null 2>&1",
             "double-fork": f"( ( {run} & ) & )"}[how]
    os.mkfifo(tmp_path / "keys")
    keys = os.open(tmp_path / "keys", os.O_RDWR)  # the agent's keyboard
    try:
        code, err = attack(agent, agentsh_bin, env, start, lambda: os.write(keys, b"a"))
    finally:
        os.close(keys)
    assert code == 126 and victim.exists(), err
    assert "not asking approver" in err, err


def test_an_approver_started_by_a_job_runner_after_the_agent_is_refused(env, tmp_path,
                                                                         cleanup) -> None:
    """A stand-in `atd` (a process named atd that runs jobs on request, started before the
    agent like the real daemon): the job's approver started after the agent, below atd."""
    atd = tmp_path / "atd"
    atd.symlink_to(shutil.which("bash"))
    jobs = tmp_path / "jobs"
    os.mkfifo(jobs)
    daemon = subprocess.Popen([str(atd), "-c", f'while read -r job < "{jobs}"; do '
                               '(eval "$job") & done'], env=env, start_new_session=True)
    agent = None
    try:
        time.sleep(0.3)
        agent = Agent(env, tmp_path)
        out = agent.run("sleep 60 & echo $! > requester; wait")
        assert wait_for(lambda: (tmp_path / "requester").exists() and
                        (tmp_path / "requester").read_text().strip())
        requester = int((tmp_path / "requester").read_text())
        with open(jobs, "w") as fh:
            fh.write(f"script -qfc 'echo $$ > {tmp_path}/pid; exec sleep 60' /dev/null\n")
        assert wait_for(lambda: (tmp_path / "pid").exists() and (tmp_path / "pid").read_text())
        approver = int((tmp_path / "pid").read_text())
        reason = approval.refuse_reason(approver, requester)
        assert "atd" in reason, reason
        del out
    finally:
        os.killpg(daemon.pid, signal.SIGKILL)
        if agent is not None:
            agent.stop()


@pytest.mark.parametrize("case, expected", [
    ("agent-child", "is the agent process"),
    ("reparented-to-init", "re-parented to init"),
    ("systemd-run", "started by systemd in run-u42.service"),
    ("subreaper-same-cgroup", "re-parented to systemd(50)"),
    ("person-terminal-app", ""),
    ("older-than-agent", ""),
    ("job-runner", "was started by atd after the agent"),
])
def test_started_by_agent_table(monkeypatch, case, expected) -> None:
    """Each way a process can come to sit above an approver, with the agent (pid 100) started at
    tick 1000 in cgroup /session-1.scope."""
    P = lineage.Proc
    procs = {1: P(1, 0, "init", 1, 1, 0), 50: P(50, 1, "systemd", 10, 50, 0),
             60: P(60, 1, "atd", 10, 60, 0), 100: P(100, 1, "claude", 1000, 100, 0)}
    table = {
        "agent-child": [P(200, 100, "script", 2000, 200, 0)],
        "reparented-to-init": [P(200, 1, "tmux: server", 2000, 200, 0)],
        "systemd-run": [P(200, 50, "script", 2000, 200, 0)],
        "subreaper-same-cgroup": [P(200, 50, "tmux: server", 2000, 200, 0)],
        "person-terminal-app": [P(200, 50, "gnome-terminal-", 2000, 200, 0)],
        "older-than-agent": [P(200, 1, "tmux: server", 500, 200, 0)],
        "job-runner": [P(200, 60, "sh", 2000, 200, 0)],
    }[case]
    procs.update({p.pid: p for p in table})
    cgroups = {200: {"systemd-run": "/user.slice/run-u42.service",
                     "subreaper-same-cgroup": "/session-1.scope",
                     "person-terminal-app": "/app.slice/gnome-terminal-server.service"}.get(
                         case, "/session-1.scope")}
    monkeypatch.setattr(lineage, "proc", procs.get)
    monkeypatch.setattr(lineage, "cgroup", lambda pid: cgroups.get(pid, "/session-1.scope"))
    monkeypatch.setattr(lineage, "transient_unit",
                        lambda pid: "run-u42.service" if case == "systemd-run" else "")
    reason = lineage.started_by_agent(200, 100, 1000, "/session-1.scope")
    assert (expected in reason) if expected else reason == "", reason


def test_a_daemonized_agent_command_can_still_be_approved(agentsh_bin, env, tmp_path,
                                                          victim) -> None:
    """`setsid -f agentsh -c ...`: the command's parent is PID 1. A person's approver, in a
    terminal of its own, approves it (it used to be refused as `started by the agent` 1)."""
    console = pexpect.spawn(agentsh_bin, ["approve"], env=env, cwd=str(tmp_path), timeout=20,
                            encoding="utf-8", dimensions=(50, 200))
    try:
        console.expect("waiting for requests")
        done = tmp_path / "done"
        subprocess.run(["bash", "-c", f'setsid -f bash -c \'"$0" -c "rm -rf victim"; '
                        f'echo $? > {done}\' "$1" < /dev/null > /dev/null 2>&1', "-",
                        agentsh_bin], env=env, cwd=tmp_path, check=True)
        console.expect("command: rm -rf victim")
        console.expect(r"\[a\] approve")
        time.sleep(0.6)  # keys in the console's first moments after a request do not count
        console.send("a")
        assert wait_for(lambda: done.exists() and done.read_text().strip() != "")
        assert done.read_text().strip() == "0" and not victim.exists()
    finally:
        console.sendcontrol("c")
        console.terminate(force=True)


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_the_console_warns_inside_tmux(agentsh_bin, env, tmp_path, cleanup) -> None:
    sock = str(tmp_path / "person.sock")
    subprocess.run(["tmux", "-S", sock, "new", "-d", "-x", "200", "-y", "40",
                    f"{agentsh_bin} approve"], env=env, check=True)
    try:
        assert wait_for(lambda: "waiting for requests" in subprocess.run(
            ["tmux", "-S", sock, "capture-pane", "-p"], capture_output=True, text=True).stdout)
        screen = subprocess.run(["tmux", "-S", sock, "capture-pane", "-p", "-J"],
                                capture_output=True, text=True).stdout
        assert "belongs to a tmux server" in screen and "protected mode" in screen
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"])


@pytest.mark.parametrize("case, expected", [
    ("pane-after-agent", "tmux pane (bash(300)) was created after the agent started"),
    ("screen-window-after-agent", "screen pane (sh(300)) was created after the agent started"),
    ("pane-before-agent", ""),
    ("terminal-window-after-agent", ""),
])
def test_a_multiplexer_pane_made_after_the_agent_is_the_agents(monkeypatch, case, expected):
    """Attack 5.2: `tmux new-window CMD` into a server a person started before the agent (pid
    100, started at tick 1000): the server is old, the pane's shell (the session leader) is not."""
    P = lineage.Proc
    server, leader = {
        "pane-after-agent": (P(200, 1, "tmux: server", 500, 200, 0), P(300, 200, "bash", 2000, 300, 1)),
        "screen-window-after-agent": (P(200, 1, "SCREEN", 500, 200, 0),
                                      P(300, 200, "sh", 2000, 300, 1)),
        "pane-before-agent": (P(200, 1, "tmux: server", 500, 200, 0),
                              P(300, 200, "bash", 800, 300, 1)),
        "terminal-window-after-agent": (P(200, 1, "gnome-terminal-", 500, 200, 0),
                                        P(300, 200, "bash", 2000, 300, 1)),
    }[case]
    monkeypatch.setattr(lineage, "proc", {200: server, 300: leader}.get)
    reason = lineage.pane_after_agent(300, [200], 1000)
    assert (expected in reason) if expected else reason == "", reason


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_a_program_the_agent_puts_in_a_persons_tmux_is_refused(env, tmp_path, cleanup) -> None:
    """Attack 5.2, live: the person's tmux server starts before the agent; the agent's
    `tmux new-window` starts a would-be approver in it. Its ancestry ends at the person's old
    server, but its pane is younger than the agent."""
    sock = str(tmp_path / "person.sock")
    subprocess.run(["tmux", "-S", sock, "new", "-d", "sleep 300"], env=env, check=True)
    agent = None
    try:
        time.sleep(1.1)  # process start times are in clock ticks: make the order unmistakable
        agent = Agent(env, tmp_path)
        out = agent.run("sleep 60 & echo $! > requester; wait")
        assert wait_for(lambda: (tmp_path / "requester").exists() and
                        (tmp_path / "requester").read_text().strip())
        requester = int((tmp_path / "requester").read_text())
        agent.run(f"env -u CLAUDECODE tmux -S {sock} new-window -d "
                  f"'echo $$ > {tmp_path}/pid; exec sleep 60'")
        assert wait_for(lambda: (tmp_path / "pid").exists() and (tmp_path / "pid").read_text())
        approver = int((tmp_path / "pid").read_text())
        reason = approval.refuse_reason(approver, requester)
        assert "pane" in reason and "created after the agent started" in reason, reason
        del out
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], env=env)
        if agent is not None:
            agent.stop()
