"""Terminals for the interactive shell's tests: a real terminal emulator (tmux) running agentsh
or, for comparison, plain `bash -i` with the same start-up file, so one script of keystrokes
can be played to both."""

from __future__ import annotations

import http.server
import json
import os
import shlex
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import clean_env, without_snapshots

BASHRC = """\
PS1='$ '
if [ -n "${WITH_COMPLETION-}" ] && [ -r /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
fi
"""

@pytest.fixture(scope="module")
def agent_home(tmp_path_factory) -> Path:
    """One temporary HOME per test module for the attacks run as an agent, so the compiled
    policy is cached once per module."""
    home = tmp_path_factory.mktemp("agent") / "home"
    home.mkdir()
    return home


def agent_env(home: Path, snapshots: bool = True, **extra: str) -> dict[str, str]:
    """The environment of an agent's commands (CLAUDECODE=1) under the temporary `home`; without
    `snapshots`, a command a person must approve asks instead of running after a snapshot."""
    env = {**clean_env(home), "CLAUDECODE": "1", **extra}
    return env if snapshots else without_snapshots(env, home)


def agent_batch(agentsh_bin: str, cwd: Path, env: dict[str, str],
                commands: list[str]) -> list[dict]:
    """`agentsh check --json --batch` of `commands` where they would run: one verdict each."""
    payload = "".join(json.dumps({"cmd": c}) + "\n" for c in commands)
    done = subprocess.run([agentsh_bin, "check", "--json", "--batch"], input=payload, cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)
    out = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(out) == len(commands), done.stderr[-800:]
    return out


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers `{}` to every request and records it in its server's `seen`."""

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append(f"{self.command} {self.path} {body[:200]!r}")
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def recording_server():
    """A local HTTP server on 127.0.0.1 for the module, recording every request it gets in
    `.seen` ("METHOD PATH BODY"): what an attack must never reach."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def env(home):
    """The interactive shell's tests use `rm -rf` as the command a person must approve: with
    snapshots on it would run after a snapshot instead (docs/undo.md), so they are off here."""
    return without_snapshots(clean_env(home), home)



class Screen:
    """One tmux server with one window running `command`; keys in, the screen out."""

    def __init__(self, command: str, env: dict[str, str], cwd: Path, width: int = 120,
                 height: int = 30) -> None:
        self.env = env
        self.socket = f"agentsh-test-{os.getpid()}-{id(self)}"
        self.run("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                 "-c", str(cwd), command)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env,
                              capture_output=True, text=True)

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "t", "-p", "-N", "-S", "-200").stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        """`text` as keystrokes, all at once (a fast paste, or an editor's sendText)."""
        self.run("send-keys", "-t", "t", "-l", text)

    def paste(self, text: str) -> None:
        """`text` pasted with bracketed paste, as terminals paste."""
        self.run("set-buffer", "-b", "p", text)
        self.run("paste-buffer", "-p", "-b", "p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} (x{count}) never appeared on the screen:\n{self.screen()}")

    def foreground(self, name: str, timeout: float = 30) -> None:
        """Wait until a process called `name` is the foreground job of its terminal (so that
        Ctrl-C or Ctrl-Z reach it), anywhere under this pane."""
        pid = int(self.run("display-message", "-p", "-t", "t", "#{pane_pid}").stdout.strip())
        wait_foreground(pid, name, timeout)

    def close(self) -> None:
        self.run("kill-server")


class Shells:
    """The same keystrokes to agentsh and to `bash -i` (each in its own tmux, in its own
    directory `cwd/agentsh` and `cwd/bash`), each with the same ~/.bashrc and a prompt ending in
    `$ `."""

    def __init__(self, agentsh_bin: str, env: dict[str, str], home: Path, cwd: Path,
                 extra_env: dict[str, str] | None = None) -> None:
        (home / ".bashrc").write_text(BASHRC)
        env = {**env, "TERM": "xterm-256color", **(extra_env or {})}
        for name in ("agentsh", "bash"):
            (cwd / name).mkdir(exist_ok=True)
        self.agentsh = Screen(_then_status(f"{shlex.quote(agentsh_bin)} -i"), env,
                              cwd / "agentsh")
        self.bash = Screen(_then_status("bash -i"), env, cwd / "bash")
        self.both = (self.agentsh, self.bash)

    def keys(self, *keys: str) -> None:
        for term in self.both:
            term.keys(*keys)

    def wait_for(self, text: str, timeout: float = 30, count: int = 1) -> None:
        for term in self.both:
            term.wait_for(text, timeout, count)

    def foreground(self, name: str, timeout: float = 30) -> None:
        for term in self.both:
            term.foreground(name, timeout)

    def close(self) -> None:
        for term in self.both:
            term.close()


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    return [name, *text[text.rindex(")") + 2:].split()]


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def wait_foreground(root: int, name: str, timeout: float = 30) -> None:
    """Wait until a process called `name` under `root` is in its terminal's foreground process
    group (what a Ctrl-C or Ctrl-Z typed now would reach)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in _descendants(root):
            fields = _stat(pid)
            # name, state, ppid, pgrp, session, tty_nr, tpgid
            if fields and fields[0] == name and fields[1] not in "TtZ" and fields[3] == fields[6]:
                return
        time.sleep(0.05)
    raise AssertionError(f"{name} never became a foreground job under {root}")


def ready(term: Screen, prompt: str) -> None:
    """Wait until the shell reads lines: agentsh shows its first prompt before its editor has
    loaded (keys typed meanwhile wait for it), so a probe line's output is the sign."""
    term.wait_for(prompt)
    term.keys("echo shell-is-ready", "Enter")
    term.wait_for("\nshell-is-ready")


def _then_status(command: str) -> str:
    """The shell, then its exit status on the screen, then the pane stays to be read."""
    return f"sh -c '{command}; echo \"[exited $?]\"; sleep 600'"


def needs_tmux() -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")


@pytest.fixture
def shells(agentsh_bin, env, home, tmp_path):
    needs_tmux()
    pair = Shells(agentsh_bin, env, home, tmp_path)
    ready(pair.agentsh, "agentsh ")
    ready(pair.bash, "$ ")
    yield pair
    pair.close()


@pytest.fixture
def screen(agentsh_bin, env, home, tmp_path):
    """agentsh alone in tmux, with the test's ~/.bashrc."""
    needs_tmux()
    (home / ".bashrc").write_text(BASHRC)
    term = Screen(_then_status(f"{shlex.quote(agentsh_bin)} -i"),
                  {**env, "TERM": "xterm-256color"}, tmp_path)
    ready(term, "agentsh ")
    yield term
    term.close()
