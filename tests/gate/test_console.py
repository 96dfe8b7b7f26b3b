"""`agentsh approve` as a person meets it, through real pseudo-terminals: the queue with a live
countdown, the bell and the desktop notification, expired and cancelled requests, the flagged part
marked, every answer (once, this session, N minutes, deny, deny with a reason), a screen that a
command cannot spoof, and requests that do not fit the schema."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest


def settings(home: Path, text: str) -> None:
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True, exist_ok=True)
    (config / "rules.toml").write_text(f"[settings]\n{text}\n")


def folder(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    (path / "file").write_text("precious")
    return path


def test_approve_once_tells_the_agent_how_long_it_waits(approver, agent, tmp_path) -> None:
    proj = folder(tmp_path, "proj")
    console, bot = approver(), agent()
    err = bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    console.press("a")
    assert bot.result() == 0
    assert not proj.exists()
    said = err.read_text()
    assert "waiting for a person to answer in `agentsh approve`" in said
    assert "up to 300 s" in said
    console.expect(r"#1\s+approved\s+rm -rf proj")


def test_the_countdown_is_live(approver, agent, home, tmp_path) -> None:
    settings(home, "approve_timeout = 40")
    folder(tmp_path, "proj")
    console, bot = approver(), agent()
    bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    first = int(console.expect(r"time left: #1 0:(\d\d)").group(1))
    deadline = time.monotonic() + 10
    while True:
        now = int(console.expect(r"time left: #1 0:(\d\d)").group(1))
        if now <= first - 2:
            break
        assert time.monotonic() < deadline, "the countdown does not move"
    assert 30 <= now <= 38
    console.press("d")
    assert bot.result() == 126


def test_a_new_request_rings_the_bell_and_notifies(approver, agent, tmp_path) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    record = tmp_path / "notified.txt"
    fake = tools / "notify-send"
    # Written whole, then renamed: the test polls for the name and must never read a half-written file.
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {record}.part && mv {record}.part {record}\n")
    fake.chmod(0o755)
    folder(tmp_path, "proj")
    console = approver({"PATH": f"{tools}:{os.environ['PATH']}", "DISPLAY": ":99"})
    bot = agent()
    bot.start("curl -X DELETE -H 'Authorization: Bearer s3cr3t-token' https://api.invalid/v/1")
    console.expect("\a")
    console.expect("command: curl")
    deadline = time.monotonic() + 10
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    shown = record.read_text()
    assert "waiting for your approval" in shown
    assert "curl -X DELETE" in shown and "s3cr3t" not in shown
    console.press("d")
    assert bot.result() == 126
    assert "s3cr3t" not in console.child.before


def test_without_a_notification_service_the_console_still_works(approver, agent, tmp_path):
    folder(tmp_path, "proj")
    console = approver({"PATH": "/usr/bin:/bin", "DISPLAY": ":99"})
    bot = agent()
    bot.start("rm -rf proj")
    console.expect("\a")
    console.press("a")
    assert bot.result() == 0


def test_an_expired_request_is_shown_and_the_agent_told(approver, agent, home, tmp_path):
    settings(home, "approve_timeout = 2")
    proj = folder(tmp_path, "proj")
    console, bot = approver(), agent()
    code, said = bot.run("rm -rf proj")
    assert code == 126 and proj.exists()
    assert "nobody answered in `agentsh approve` within 2 s" in said
    console.expect(r"#1\s+expired\s+rm -rf proj\s+\(no answer in time\)")


def test_a_cancelled_request_is_shown(approver, agentsh_bin, env, tmp_path) -> None:
    proj = folder(tmp_path, "proj")
    console = approver()
    waiting = subprocess.Popen(["sh", "-c", '"$0" -c "$1"', agentsh_bin, "rm -rf proj"],
                               env=env, cwd=tmp_path, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    console.expect("command: rm -rf proj")
    os.killpg(waiting.pid, signal.SIGKILL)
    waiting.wait()
    console.expect(r"#1\s+cancelled\s+rm -rf proj\s+\(the waiting command went away\)")
    assert proj.exists()


def test_the_queue_lists_every_waiting_request(approver, agentsh_bin, env, tmp_path) -> None:
    folder(tmp_path, "one")
    folder(tmp_path, "two")
    console = approver()
    waiting = [subprocess.Popen(["sh", "-c", '"$0" -c "$1"', agentsh_bin, f"rm -rf {name}"],
                                env=env, cwd=tmp_path, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for name in ("one", "two")]
    console.expect("2 waiting:")
    console.expect(r"> #\d+\s+\d:\d\d\s+rm -rf (one|two)")
    console.expect(r"  #\d+\s+\d:\d\d\s+rm -rf (one|two)")
    console.expect(r"request #\d+ \(1 of 2 waiting\)")
    console.press("\x1b[B")  # down: the second is selected
    console.expect(r"request #\d+ \(2 of 2 waiting\)")
    for _ in waiting:
        console.press("d")
        time.sleep(0.2)
    for proc in waiting:
        assert proc.wait(timeout=20) == 126


def test_deny_with_a_reason_reaches_the_agent(approver, agent, tmp_path) -> None:
    proj = folder(tmp_path, "proj")
    console, bot = approver(), agent()
    err = bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    console.press("r")
    console.expect("what should the agent be told")
    console.child.send("only delete proj/tmp, keep the rest\r")
    assert bot.result() == 126 and proj.exists()
    said = err.read_text()
    assert "a person denied it in `agentsh approve`" in said
    assert "The person who reviewed it said: only delete proj/tmp, keep the rest" in said
    assert "To approve it" not in said  # a considered no is not something to route around


def test_the_flagged_part_is_marked(approver, agent, tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    folder(tmp_path / "sub", "proj")
    console, bot = approver(), agent()
    bot.start("cd sub && ls && rm -rf proj")
    console.expect(r"command: cd sub && ls && \x1b\[1;41mrm -rf proj\x1b\[0m")
    console.expect("at: rm -rf proj")
    console.press("d")
    assert bot.result() == 126


SPOOF = "rm -rf proj #\r\x1b[2Knpm test\x1b[8m and more"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_control_characters_cannot_hide_the_command(agentsh_bin, env, agent, tmp_path):
    """Seen on a real terminal (tmux): the carriage return, erase-line and conceal sequences in
    the command are shown as text, and every part of the command stays on the screen."""
    proj = folder(tmp_path, "proj")
    socket_name = f"agentsh-console-{os.getpid()}"

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-L", socket_name, *args], env=env, capture_output=True,
                              text=True).stdout

    tmux("new-session", "-d", "-x", "200", "-y", "50", "-c", str(tmp_path),
         f"{agentsh_bin} approve")
    try:
        # the approver's pane must be up before the agent starts: one made after the agent is
        # refused as possibly the agent's (docs/security.md), and tmux starts panes on its own time
        ready = time.monotonic() + 15
        while "waiting for requests" not in tmux("capture-pane", "-p", "-t", "0") and \
                time.monotonic() < ready:
            time.sleep(0.1)
        bot = agent()
        bot.start(SPOOF)
        deadline = time.monotonic() + 15
        screen = ""
        while "command:" not in screen and time.monotonic() < deadline:
            time.sleep(0.2)
            screen = tmux("capture-pane", "-p", "-t", "0")
        line = next(x for x in screen.splitlines() if "command:" in x)
        assert r"rm -rf proj #\r\e[2Knpm test\e[8m and more" in line
        time.sleep(0.6)
        tmux("send-keys", "-t", "0", "d")
        assert bot.result() == 126 and proj.exists()
    finally:
        tmux("kill-server")


def test_control_characters_never_reach_the_screen_raw(approver, agent, tmp_path) -> None:
    folder(tmp_path, "proj")
    console, bot = approver({"NO_COLOR": "1"}), agent()
    bot.start(SPOOF)
    console.expect("command: ")
    console.expect(r"rm -rf proj #\\r\\e\[2Knpm test\\e\[8m and more")
    assert "\x1b[8m" not in console.child.before
    console.press("d")
    assert bot.result() == 126
    assert "\x1b[8m" not in console.child.before


def _ask_raw(path: Path, payload: bytes) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(str(path))
        sock.sendall(payload)
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return json.loads(data)


MALFORMED = [
    b'{"findings":[1]}\n',
    b"[1, 2]\n",
    b"not json at all\n",
    b"\xff\xfe\n",
    b'{"cmd": 1, "cwd": "/", "pid": 1, "findings": []}\n',
    b'{"cmd": "x", "cwd": "/", "pid": 1, "findings": [{"rule": "FS001", "severity": "high",'
    b' "message": "m", "span": [0]}]}\n',
    b'{"cmd": "x", "cwd": "/", "pid": 1, "findings": [], "extra": true}\n',
    b'{"cmd": "x", "cwd": "/", "pid": 1, "findings": [], "timeout": -5}\n',
]


def test_malformed_requests_get_an_error_and_the_console_keeps_serving(approver, agent, home,
                                                                        tmp_path) -> None:
    proj = folder(tmp_path, "proj")
    console = approver()
    path = home / "run" / "agentsh" / "approve.sock"
    for payload in MALFORMED:
        reply = _ask_raw(path, payload)
        assert "error" in reply and "answer" not in reply, payload
        assert console.child.isalive() and path.exists()
    bot = agent()
    bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    console.press("a")
    assert bot.result() == 0 and not proj.exists()


def test_keys_pressed_as_a_request_appears_do_not_answer_it(approver, agent, tmp_path) -> None:
    proj = folder(tmp_path, "proj")
    console, bot = approver(), agent()
    bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    console.child.send("a")  # at once: a reflex, not a decision
    time.sleep(1)
    assert proj.exists()
    console.press("d")
    assert bot.result() == 126 and proj.exists()


# ------------------------------------------------------------------ approvals that last


def test_approve_for_this_session(approver, agent, agentsh_bin, env, home, tmp_path) -> None:
    """The same command then runs without asking; a different command, another directory or
    another agent still asks; a deny is still a deny."""
    proj = folder(tmp_path, "proj")
    console, bot = approver(), agent()
    bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    console.press("s")
    assert bot.result() == 0 and not proj.exists()
    console.expect(r"#1\s+approved\s+rm -rf proj\s+\(approved, for this session\)")

    proj = folder(tmp_path, "proj")
    code, said = bot.run("rm -rf proj", timeout=10)
    assert code == 0 and not proj.exists(), said
    assert "waiting" not in said

    other = folder(tmp_path, "other")
    bot.start("rm -rf other")
    console.expect("command: rm -rf other")
    console.press("d")
    assert bot.result() == 126 and other.exists()

    elsewhere = tmp_path / "elsewhere"
    folder(elsewhere.parent, "elsewhere")
    folder(elsewhere, "proj")
    bot.start("cd elsewhere && rm -rf proj")  # other text, so it asks
    console.expect("command: cd elsewhere")
    console.press("d")
    assert bot.result() == 126

    code, said = bot.run("rm -rf ~")
    assert code == 126 and "denied by policy" in said

    proj = folder(tmp_path, "proj")
    second = agent()  # another agent session: the approval was not given to it
    second.start("rm -rf proj")
    console.expect(r"command: rm -rf proj")
    console.press("d")
    assert second.result() == 126 and proj.exists()

    log = subprocess.run([agentsh_bin, "log"], env=env, capture_output=True, text=True).stdout
    assert "approved earlier" in log


def test_approve_for_n_minutes(approver, agent, home, tmp_path) -> None:
    proj = folder(tmp_path, "proj")
    console, bot = approver(), agent()
    bot.start("rm -rf proj")
    console.expect("command: rm -rf proj")
    console.press("m")
    console.expect(r"how many minutes \[15\]")
    console.child.send("5\r")
    assert bot.result() == 0 and not proj.exists()
    grants = json.loads((home / ".local" / "state" / "agentsh" / "grants.json").read_text())
    (entry,) = grants["grants"]
    assert entry["cmd"] == "rm -rf proj" and entry["cwd"] == str(tmp_path)
    assert entry["rules"] == ["FS001"] and not entry["session"]
    assert 280 < entry["until"] - time.time() <= 300
    assert (home / ".local" / "state" / "agentsh" / "grants.json").stat().st_mode & 0o777 == 0o600
    folder(tmp_path, "proj")
    assert bot.run("rm -rf proj", timeout=10)[0] == 0


def test_the_agent_cannot_write_an_approval_through_the_shell(agent, home, tmp_path) -> None:
    bot = agent()
    state = home / ".local" / "state" / "agentsh"
    code, said = bot.run(f"echo '{{}}' > {state}/grants.json")
    assert code == 126 and "SELF" in said
    code, said = bot.run("cp /dev/null ~/.local/state/agentsh/grants.json")
    assert code == 126 and "SELF" in said


def test_critical_approval_asks_for_the_resource(approver, agent, tmp_path) -> None:
    console, bot = approver(), agent()
    body = '{"query":"mutation { volumeDelete(volumeId: \\"vol_1\\") }"}'
    bot.start(f"curl -s --max-time 1 https://backboard.invalid/graphql/v2 -d '{body}'")
    console.expect("approving asks you to type 'vol_1'")
    console.press("a")
    console.expect("type 'vol_1' to approve")
    console.child.send("volumeDelete\r")
    assert bot.result() == 126
    console.expect(r"denied\s+curl .*\(wrong-name\)")


def test_the_quick_start_end_to_end(agentsh_bin, approver, env, home, tmp_path) -> None:
    """A fresh home, following only the README's quick start: an agent's command is blocked and
    says how to approve it; the person opens `agentsh approve`; the agent reruns it; the person
    approves; it runs. All of it well under two minutes."""
    started = time.monotonic()
    assert sorted(p.name for p in home.iterdir()) == ["run"]  # nothing set up beforehand
    work = folder(tmp_path, "work")
    proj = folder(work, "proj")

    def agent_run() -> subprocess.Popen:
        return subprocess.Popen(["sh", "-c", 'CLAUDECODE=1 "$0" -c "$1"', agentsh_bin,
                                 "rm -rf ./proj"], env=env, cwd=work, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)

    first = agent_run()
    _, said = first.communicate(timeout=30)
    assert first.returncode == 126 and proj.exists()
    assert "opens `agentsh approve` in a terminal of their own" in said
    console = approver()
    second = agent_run()
    console.expect(r"command: rm -rf \./proj")
    console.press("a")
    _, said = second.communicate(timeout=30)
    assert second.returncode == 0, said
    assert not proj.exists()
    assert time.monotonic() - started < 120


def test_ctrl_c_while_waiting_is_logged_and_shown(approver, agentsh_bin, env, tmp_path) -> None:
    import pexpect

    proj = folder(tmp_path, "proj")
    console = approver()
    waiting = pexpect.spawn("bash", ["-c", f"trap : INT; '{agentsh_bin}' -c 'rm -rf proj'; "
                                     "echo rc=$?"], env=env, cwd=str(tmp_path), timeout=20,
                            encoding="utf-8")
    waiting.expect("waiting for a person to answer")
    console.expect("command: rm -rf proj")
    waiting.sendcontrol("c")
    waiting.expect(r"rc=(\d+)")
    assert waiting.match.group(1) == "130" and proj.exists()
    console.expect(r"cancelled\s+rm -rf proj")
    log = subprocess.run([agentsh_bin, "log"], env=env, capture_output=True, text=True).stdout
    assert "interrupted" in log


def _hook(agentsh_bin: str, env: dict[str, str], cwd: Path, command: str,
          session: str) -> subprocess.Popen:
    """Claude Code calling its PreToolUse hook: a new process for every call."""
    payload = json.dumps({"session_id": session, "cwd": str(cwd), "hook_event_name": "PreToolUse",
                          "tool_name": "Bash", "tool_input": {"command": command}})
    proc = subprocess.Popen(["sh", "-c", '"$0" hook claude-code', agentsh_bin], env=env, cwd=cwd,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    proc.stdin.write(payload)
    proc.stdin.close()
    return proc


def test_approve_for_this_session_through_a_hook(approver, agentsh_bin, env, tmp_path) -> None:
    """A hook is a new process for every call, so its session is the agent's own session id."""
    console = approver()
    first = _hook(agentsh_bin, env, tmp_path, "rm -rf proj", "session-1")
    console.expect("command: rm -rf proj")
    console.press("s")
    assert first.wait(timeout=20) == 0
    again = _hook(agentsh_bin, env, tmp_path, "rm -rf proj", "session-1")
    assert again.wait(timeout=20) == 0
    assert "waiting" not in again.stderr.read()
    other = _hook(agentsh_bin, env, tmp_path, "rm -rf proj", "session-2")
    console.expect(r"#\d+\s+\d:\d\d\s+rm -rf proj")
    console.press("d")
    assert other.wait(timeout=20) == 2
    assert "a person denied it" in other.stdout.read()
