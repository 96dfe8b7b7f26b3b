"""The approver console a person runs: `agentsh approve`.

It listens on the private socket (see approval.py), queues requests, shows the oldest one with
its dangerous part marked, and answers it with one key: `a` approves, `d` denies. Critical
requests also need the target's name typed. Closing the console denies whatever is waiting."""

from __future__ import annotations

import json
import os
import select
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from agentsh.gate.approval import MAX_REQUEST, peer, runtime_dir, socket_path


@dataclass
class Pending:
    """A request waiting in the approver console for a person's answer."""

    request: dict
    since: float = field(default_factory=time.monotonic)
    answer: str = ""
    reason: str = ""
    done: threading.Event = field(default_factory=threading.Event)


class Server:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.queue: list[Pending] = []
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

    def start(self) -> None:
        if self.path.exists():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(self.path))
                probe.close()
                raise RuntimeError(f"another approver is already listening on {self.path}")
            except ConnectionRefusedError:
                self.path.unlink()
            except FileNotFoundError:
                pass
        old = os.umask(0o077)
        try:
            self.sock.bind(str(self.path))
        finally:
            os.umask(old)
        self.sock.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                _, uid, _ = peer(conn)
                if uid != os.getuid():
                    return
                data = b""
                while not data.endswith(b"\n") and len(data) < MAX_REQUEST:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                item = Pending(json.loads(data))
            except (OSError, ValueError):
                return
            with self.lock:
                self.queue.append(item)
            self.changed.set()
            while not item.done.wait(0.5):
                if _closed(conn):
                    item.answer, item.reason = "deny", "gone"
                    break
            with self.lock:
                if item in self.queue:
                    self.queue.remove(item)
            self.changed.set()
            try:
                conn.sendall((json.dumps({"answer": item.answer or "deny",
                                          "reason": item.reason}) + "\n").encode())
            except OSError:
                pass

    def decide(self, item: Pending, answer: str, reason: str) -> None:
        item.answer, item.reason = answer, reason
        item.done.set()

    def close(self) -> None:
        self.sock.close()
        try:
            self.path.unlink()
        except OSError:
            pass


def _closed(conn: socket.socket) -> bool:
    try:
        ready, _, _ = select.select([conn], [], [], 0)
        return bool(ready) and conn.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def render(item: Pending, queued: int) -> str:
    req = item.request
    cmd = req.get("cmd", "")
    lines = ["", "\x1b[1;33mapproval requested\x1b[0m"
             f"  (waiting {int(time.monotonic() - item.since)} s; {queued - 1} more queued)"]
    findings = req.get("findings", [])
    shown = cmd
    if findings:
        start, end = findings[0].get("span", [0, 0])
        if 0 <= start < end <= len(cmd) and (start, end) != (0, len(cmd)):
            shown = cmd[:start] + "\x1b[1;41m" + cmd[start:end] + "\x1b[0m" + cmd[end:]
    lines.append(f"  command: {shown}")
    for f in findings[:6]:
        lines.append(f"  {f.get('rule')} ({f.get('severity')}): {f.get('message')}")
    lines.append(f"  cwd: {req.get('cwd')}   repo: {req.get('repo') or '-'}")
    lines.append(f"  asked by: {req.get('agent') or '?'}")
    if req.get("critical_target"):
        lines.append(f"  critical: press a, then type {req['critical_target']!r} and Enter")
    lines.append("  [a] approve   [d] deny")
    return "\r\n".join(lines) + "\r\n"


def console(args: list[str], stdin=None, stdout=None) -> int:
    import termios
    import tty

    env = dict(os.environ)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if not stdin.isatty():
        stdout.write("agentsh approve: run it in a terminal of your own\n")
        return 64
    path = socket_path(env, create=True)
    if path is None:
        stdout.write(f"agentsh approve: {runtime_dir(env)} is not a private directory\n")
        return 70
    server = Server(path)
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        stdout.write(f"agentsh approve: {exc}\n")
        return 70
    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    stdout.write(f"agentsh approve: listening on {path}. Ctrl-C to stop.\n")
    from agentsh.gate.lineage import shared_terminal_warning

    stdout.write(shared_terminal_warning(env, fd))
    stdout.flush()
    shown: object = ()  # nothing shown yet
    try:
        tty.setcbreak(fd)
        while True:
            with server.lock:
                head = server.queue[0] if server.queue else None
                count = len(server.queue)
            if head is not shown:
                if head is not None:
                    stdout.write(render(head, count))
                    termios.tcflush(fd, termios.TCIFLUSH)
                else:
                    stdout.write("waiting for requests...\r\n")
                stdout.flush()
                shown = head
            ready, _, _ = select.select([fd], [], [], 0.3)
            if not ready or head is None:
                if ready:
                    os.read(fd, 64)
                continue
            key = os.read(fd, 1).decode(errors="replace")
            if key in ("\x03", "\x04"):
                break
            if key == "a":
                target = head.request.get("critical_target", "")
                if target:
                    termios.tcsetattr(fd, termios.TCSADRAIN, saved)
                    stdout.write(f"type {target!r} to confirm: ")
                    stdout.flush()
                    typed = stdin.readline().strip()
                    tty.setcbreak(fd)
                    if typed != target:
                        server.decide(head, "deny", "wrong-name")
                        stdout.write("name does not match: denied\r\n")
                        continue
                server.decide(head, "approve", "approved")
                stdout.write("approved\r\n")
            elif key == "d":
                server.decide(head, "deny", "denied")
                stdout.write("denied\r\n")
    except KeyboardInterrupt:
        pass
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        with server.lock:
            for item in server.queue:
                server.decide(item, "deny", "approver closed")
        server.close()
    return 0
