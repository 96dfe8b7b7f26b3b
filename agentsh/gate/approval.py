"""The approval channel: a waiting command asks `agentsh approve` (approver_console.py), an
approver console a person opens in a terminal of their own.

Waiting commands send their request over a Unix socket in a private runtime directory (0700,
owner checked); both ends check the peer's uid with SO_PEERCRED. The requesting side refuses an
approver that the agent could have started: one that descends from the agent process, shares
the requester's session or controlling terminal, or carries an agent's environment markers."""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import sys
from pathlib import Path

from agentsh import locations
from agentsh.engine.model import Verdict
from agentsh.gate.answer import Answer

MAX_REQUEST = 1 << 20
ANSWER_GRACE = 5  # seconds a requester waits past its timeout for the console's own answer


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
    """Why this approver must not answer this requester, or ''.

    Refused: an approver below the agent process; in the requester's session or on its terminal;
    without a terminal; carrying an agent's environment; or whose process, session leader or
    terminal (the process holding its other end: a tmux or screen server, `script`, a terminal
    emulator) traces back to the agent by ancestry and start time (see `lineage`)."""
    import psutil

    from agentsh.gate import lineage

    try:
        approver = psutil.Process(approver_pid)
        agent = agent_process(requester_pid)
        lineage_pids = {p.pid for p in approver.parents()} | {approver_pid}
        if agent > 1 and agent in lineage_pids:
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
        if agent > 1 and agent in {p.pid for p in leader.parents()} | {leader.pid}:
            return "the approver's terminal session was started by the agent"
        # without a known agent (a daemonized command: its parent is init) the requester itself
        # is the reference: what started before it cannot have been started for it
        reference = lineage.proc(agent if agent > 1 else requester_pid)
        if reference is None:
            return "cannot check the approver (the agent process has gone)"
        agent_cgroup = lineage.cgroup(reference.pid)
        holders = lineage.terminal_holders(tty)
        why = lineage.pane_after_agent(leader.pid, holders, reference.start)
        if why:
            return f"the approver may have been started by the agent: {why}"
        origins = [approver_pid, leader.pid, *holders]
        for origin in dict.fromkeys(origins):
            why = lineage.started_by_agent(origin, agent, reference.start, agent_cgroup)
            if why:
                return f"the approver may have been started by the agent: {why}"
    except (psutil.Error, OSError, ValueError) as exc:
        return f"cannot check the approver ({exc})"
    return ""


# ------------------------------------------------------------------ the requesting side


def ask_approver(verdict: Verdict, env: dict[str, str], timeout: int = 300,
                 stderr=sys.stderr, cwd: str | None = None, agent_id: str | None = None,
                 fingerprint: str = "") -> Answer | None:
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
        from agentsh.gate import requests
        from agentsh.gate.messages import waiting_message

        cwd = cwd or os.getcwd()
        request = requests.build(
            verdict, cwd=cwd, pid=os.getpid(), agent=describe_ancestry(os.getppid()),
            agent_id=agent_id or locations.process_identity(agent_process(os.getpid())),
            repo=_repo(cwd),
            timeout=timeout, fingerprint=fingerprint)
        stderr.write(waiting_message(pid, timeout))
        stderr.flush()
        sock.sendall((json.dumps(request) + "\n").encode())
        sock.settimeout(timeout + ANSWER_GRACE)  # the console expires it first, and says so
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        reply = json.loads(data or b"{}")
        if not isinstance(reply, dict):
            return Answer(False, "approver", "malformed answer", pid)
        if reply.get("error"):
            return Answer(False, "approver", f"refused: {str(reply['error'])[:200]}", pid)
        approved = reply.get("answer") == "approve"
        note = reply.get("note") if isinstance(reply.get("note"), str) else ""
        return Answer(approved, "approver",
                      "approved" if approved else str(reply.get("reason") or "denied"), pid,
                      note[:1000])
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
