"""`agentsh approve`: an approver console a person opens in a terminal of their own.

Waiting commands send their request over a Unix socket in a private runtime directory (0700,
owner checked); both ends check the peer's uid with SO_PEERCRED. The requesting side refuses an
approver that the agent could have started: one that descends from the agent process, shares
the requester's session or controlling terminal, or carries an agent's environment markers."""

from __future__ import annotations

import json
import os
import select
import socket
import stat
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from agentsh.model import Answer, Severity, Verdict

MAX_REQUEST = 1 << 20


def runtime_dir(env: dict[str, str]) -> Path:
    base = env.get("XDG_RUNTIME_DIR")
    if base and os.path.isdir(base) and os.stat(base).st_uid == os.getuid():
        return Path(base) / "agentsh"
    return Path(f"/tmp/agentsh-{os.getuid()}")


def private_dir(env: dict[str, str], create: bool) -> Path | None:
    path = runtime_dir(env)
    if create:
        try:
            path.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return path


def socket_path(env: dict[str, str], create: bool = False) -> Path | None:
    folder = private_dir(env, create)
    return folder / "approve.sock" if folder else None


def peer(sock: socket.socket) -> tuple[int, int, int]:
    data = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", data)  # pid, uid, gid


# ------------------------------------------------------------------ who may approve

AGENT_ENV = ("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CURSOR_AGENT", "CURSOR_TRACE_ID",
             "CODEX_SANDBOX", "CODEX_MANAGED_BY_NPM", "GEMINI_CLI", "AIDER_MODEL", "OPENHANDS")


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    out = {}
    for item in raw.split(b"\0"):
        key, _, value = item.partition(b"=")
        if key:
            out[key.decode(errors="replace")] = value.decode(errors="replace")
    return out


def _has_agent_markers(environ: dict[str, str]) -> bool:
    return any(environ.get(k) for k in AGENT_ENV) or any(k.startswith("CODEX_") for k in environ)


def agent_process(pid: int) -> int:
    """The agent behind a requesting process: the parent of the highest ancestor that carries an
    agent's environment markers, or else the process that ran agentsh (its parent)."""
    import psutil

    try:
        chain = [psutil.Process(pid)] + psutil.Process(pid).parents()
    except psutil.Error:
        return os.getppid()
    marked = [p for p in chain if _has_agent_markers(_environ(p.pid))]
    if marked:
        top = marked[-1]
        try:
            parent = top.parent()
            return parent.pid if parent is not None and parent.pid > 1 else top.pid
        except psutil.Error:
            return top.pid
    return chain[1].pid if len(chain) > 1 else pid


def describe_ancestry(pid: int) -> str:
    try:
        import psutil

        chain = [psutil.Process(pid)] + psutil.Process(pid).parents()
        return " < ".join(f"{p.name()}({p.pid})" for p in chain[:6])
    except Exception:
        return ""


def controlling_tty(pid: int) -> int:
    """The device number of a process's controlling terminal (0: none), from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[4])


def refuse_reason(approver_pid: int, requester_pid: int) -> str:
    """Why this approver must not answer this requester, or ''."""
    import psutil

    try:
        approver = psutil.Process(approver_pid)
        agent = agent_process(requester_pid)
        lineage = {p.pid for p in approver.parents()} | {approver_pid}
        if agent in lineage and agent > 1:
            return f"the approver was started by the agent process ({agent})"
        if os.getsid(approver_pid) == os.getsid(requester_pid):
            return "the approver runs in the requesting command's session"
        tty = controlling_tty(approver_pid)
        if not tty:
            return "the approver has no terminal of its own"
        if tty == controlling_tty(requester_pid):
            return "the approver shares the requesting command's terminal"
        if _has_agent_markers(_environ(approver_pid)):
            return "the approver carries an agent's environment"
        leader = psutil.Process(os.getsid(approver_pid))
        if agent in {p.pid for p in leader.parents()} | {leader.pid}:
            return "the approver's terminal session was started by the agent"
    except (psutil.Error, OSError) as exc:
        return f"cannot check the approver ({exc})"
    return ""


# ------------------------------------------------------------------ the requesting side


def ask_approver(verdict: Verdict, env: dict[str, str], timeout: int = 300,
                 stderr=sys.stderr) -> Answer | None:
    """The approver's answer, or None when no usable approver is listening."""
    path = socket_path(env)
    if path is None or not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
        pid, uid, _ = peer(sock)
        if uid != os.getuid():
            return None
        reason = refuse_reason(pid, os.getpid())
        if reason:
            stderr.write(f"agentsh: not asking approver {pid}: {reason}\n")
            return None
        top = verdict.top
        request = {
            "cmd": verdict.text, "cwd": os.getcwd(), "pid": os.getpid(),
            "agent": describe_ancestry(os.getppid()),
            "findings": [{"rule": f.rule, "severity": str(f.severity), "message": f.message,
                          "span": list(f.span), "target": f.target} for f in verdict.findings],
            "critical_target": top.target if top and top.severity >= Severity.CRITICAL else "",
            "repo": _repo(os.getcwd()),
        }
        stderr.write(f"agentsh: waiting for approval in `agentsh approve` (pid {pid})...\n")
        stderr.flush()
        sock.sendall((json.dumps(request) + "\n").encode())
        sock.settimeout(timeout)
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        reply = json.loads(data or b"{}")
        approved = reply.get("answer") == "approve"
        return Answer(approved, "approver", "approved" if approved else reply.get("reason", "denied"),
                      pid)
    except socket.timeout:
        return Answer(False, "approver", "timeout")
    except (OSError, ValueError):
        return None
    finally:
        sock.close()


def _repo(cwd: str) -> str:
    for folder in (Path(cwd), *Path(cwd).parents):
        if (folder / ".git").exists():
            return str(folder)
    return ""


# ------------------------------------------------------------------ the console


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
