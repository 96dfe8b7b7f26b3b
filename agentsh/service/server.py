"""`agentsh serve`: the gate as a service, run as its own user (protected mode).

One thread per connection. Each connection opens with one message naming what it wants:
  check     a command to decide (from the wrapper shell, the interactive shell or a hook)
  approver  a console that shows pending requests and answers them with a TOTP code
  status    whether codes are enrolled, how many consoles and requests there are
  head      the audit log's chain head, for `agentsh log --verify`
  trust     let an agent-writable rules file loosen rules (asks a person, or root)
Clients are known by SO_PEERCRED; each uid gets a bounded rate of connections and of pending
requests. The service alone writes the audit log (and sends each entry to the system log)."""

from __future__ import annotations

import os
import select
import socket
import sys
import threading
import time

from agentsh import locations
from agentsh.gate import audit, wire
from agentsh.service.approvals import WRONG_CODES_PER_REQUEST, Pending, Queue
from agentsh.service.policy_source import NeedFile, PolicySource
from agentsh.service.totp import Verifier

MAX_TEXT = 1 << 20
NEED_ROUNDS = 4  # rounds of "send me these files" per check
FIRST_MESSAGE_TIMEOUT = 30  # seconds a client has to say what it wants (and to send files)
RATE = 30.0  # connections per second per uid, on average
BURST = 200


class RateLimit:
    """A token bucket per uid."""

    def __init__(self, rate: float = RATE, burst: int = BURST) -> None:
        self.rate, self.burst = rate, burst
        self.buckets: dict[int, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def allow(self, uid: int) -> bool:
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(uid, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1:
                self.buckets[uid] = (tokens, now)
                return False
            self.buckets[uid] = (tokens - 1, now)
            return True


class Service:
    def __init__(self, paths: locations.Protected, stderr=sys.stderr) -> None:
        self.paths = paths
        self.stderr = stderr
        self.source = PolicySource(paths)
        self.queue = Queue()
        self.codes = Verifier(paths.totp, os.path.join(paths.state, "totp-used"))
        self.limits = RateLimit()
        self.sock: socket.socket | None = None
        self.log_lock = threading.Lock()
        from agentsh.gate.moves import Held

        self.moves = Held()  # what each user's agent commands moved (docs/undo.md)

    # ------------------------------------------------------------------ plumbing

    def listen(self) -> None:
        os.makedirs(self.paths.run, exist_ok=True)
        try:
            os.unlink(self.paths.socket)
        except FileNotFoundError:
            pass
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.paths.socket)
        os.chmod(self.paths.socket, 0o666)  # any local user may ask; SO_PEERCRED says who
        self.sock.listen(128)

    def serve_forever(self) -> None:
        assert self.sock is not None
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        try:
            os.unlink(self.paths.socket)
        except OSError:
            pass

    def handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                pid, uid, _ = wire.peer(conn)
            except OSError:
                return
            channel = wire.Channel(conn)
            conn.settimeout(FIRST_MESSAGE_TIMEOUT)  # a client that says nothing is let go
            try:
                if not self.limits.allow(uid):
                    channel.send({"type": "decision", "allow": False,
                                  "message": "agentsh: blocked: too many requests from this user "
                                             "at once; slow down\n"})
                    return
                first = channel.receive()
                if first is None:
                    return
                kind = first.get("type")
                handler = {"check": self.check, "approver": self.approver,
                           "status": self.status, "head": self.head, "trust": self.trust}.get(kind)
                if handler is None:
                    channel.send({"type": "error", "message": f"unknown request {kind!r}"})
                    return
                handler(first, channel, pid, uid)
            except (OSError, ValueError) as exc:
                try:
                    channel.send({"type": "decision", "allow": False,
                                  "message": f"agentsh: blocked: bad request ({exc})\n"})
                except OSError:
                    pass

    def log(self, entry: dict) -> None:
        with self.log_lock:
            audit.write(self.paths.log, entry, self.stderr, syslog=True, heads=self.paths.heads,
                        mode=0o644)

    # ------------------------------------------------------------------ checks

    def check(self, msg: dict, channel: wire.Channel, pid: int, uid: int) -> None:
        from agentsh.engine.classify import classify
        from agentsh.engine.model import Context
        from agentsh.gate.messages import blocked_message
        from agentsh.policy.values import Decision, Severity

        text = _string(msg, "text", MAX_TEXT)
        cwd = _string(msg, "cwd", 4096)
        env = msg.get("env") if isinstance(msg.get("env"), dict) else {}
        env = {str(k): str(v) for k, v in env.items() if isinstance(v, str)}
        positional = tuple(str(p) for p in msg.get("positional", []) if isinstance(p, str))
        layers = [x for x in msg.get("layers", []) if isinstance(x, list) and len(x) == 2]
        files = {str(k): (v if isinstance(v, str) else None)
                 for k, v in (msg.get("files") or {}).items()}
        route = _string(msg, "route", 64)
        actor = "agent" if locations.actor_of(env) or route.startswith("hook") else \
            ("person" if msg.get("actor") == "person" else "")
        verdict = policy = None
        for _ in range(NEED_ROUNDS):
            needed: list[str] = []
            try:
                policy = self.source.policy(layers, files)
            except NeedFile as exc:
                needed.append(exc.path)
            if policy is not None and not needed:
                # what the user's earlier agent commands moved (the service's own record)
                agent = actor == "agent"
                ctx = Context(cwd=cwd, env=tuple(sorted(env.items())), actor=actor,
                              read_file=_reader(files, cwd, needed), positional=positional,
                              moved=self.moves.places(uid) if agent else (), keeps_moves=agent)
                verdict = classify(text, policy, ctx)
            if not needed:
                break
            channel.send({"type": "need", "paths": needed})
            answer = channel.receive()
            if answer is None or answer.get("type") != "files":
                return
            files.update({str(k): (v if isinstance(v, str) else None)
                          for k, v in (answer.get("files") or {}).items()})
        if verdict is None or policy is None:
            channel.send({"type": "decision", "allow": False,
                          "message": "agentsh: blocked: the check needed more files than it "
                                     "may ask for\n"})
            return
        entry = {"cwd": cwd, "route": route, "agent": actor, "uid": uid, "pid": pid,
                 "ancestry": _string(msg, "ancestry", 1000)}
        if verdict.decision == Decision.ALLOW:
            approved, channel_name, reason, approver = True, "policy", "allowed", None
        elif verdict.decision == Decision.DENY:
            approved, channel_name, reason, approver = False, "policy", "denied", None
        else:
            from agentsh.gate.console import name_to_type

            top = verdict.top
            target = top.target if top and top.severity >= Severity.CRITICAL else ""
            shown = {"cmd": text, "cwd": cwd, "uid": uid, "pid": pid, "route": route,
                     "agent": entry["ancestry"], "repo": "", "critical_target": target,
                     "findings": [{"rule": f.rule, "severity": str(f.severity),
                                   "message": f.message, "span": list(f.span),
                                   "target": f.target, "safer": f.safer}
                                  for f in verdict.findings]}
            target = name_to_type(shown)  # as user mode's console: every critical asks a name
            approved, channel_name, reason, approver = self.ask(
                shown, target, policy.settings.approve_timeout, channel, uid)
        if approved and actor == "agent":
            self.moves.remember(uid, verdict, channel_name == "approver", cwd)
        self.log({**audit.entry_for(verdict, channel=channel_name, outcome=reason), **entry,
                  **({"approver_uid": approver} if approver is not None else {})})
        from agentsh.gate.answer import Answer

        message = "" if approved else blocked_message(
            verdict, Answer(False, channel_name, reason), audience=actor if actor == "agent"
            else "", timeout=policy.settings.approve_timeout)
        channel.send({"type": "decision", "allow": approved, "message": message,
                      "bash": policy.settings.bash})

    def ask(self, shown: dict, target: str, timeout: int, channel: wire.Channel,
            uid: int) -> tuple[bool, str, str, int | None]:
        """(approved, channel, reason, approver uid): a person's answer with a valid code, or
        why not."""
        if not self.codes.enrolled():
            return False, "approver", "no approval code is enrolled: run `sudo agentsh enroll`", \
                None
        if not self.queue.watched():
            return False, "none", "no-channel", None
        item = Pending(shown, timeout, target)
        if not self.queue.add(item, uid):
            return False, "approver", "too many requests from this user are waiting", None
        try:
            channel.send({"type": "pending", "id": item.id,
                          "message": "a person must approve it in `agentsh approve` with a code "
                                     "from their authenticator app"})
            while not item.done.wait(0.5):
                if time.monotonic() > item.deadline:
                    self.queue.decide(item, "deny", "timeout", None)
                elif _closed(channel.sock):
                    self.queue.decide(item, "deny", "gone", None)
        finally:
            self.queue.remove(item)
        return item.answer == "approve", "approver", item.reason, item.approver_uid

    # ------------------------------------------------------------------ consoles

    def approver(self, msg: dict, channel: wire.Channel, pid: int, uid: int) -> None:
        send_lock = threading.Lock()

        def push() -> None:
            with send_lock:
                channel.send({"type": "requests", "items": self.queue.snapshot(),
                              "locked": int(self.codes.locked())})

        channel.sock.settimeout(None)  # a console waits as long as the person does
        channel.send({"type": "hello", "enrolled": self.codes.enrolled()})
        self.queue.watch(push)
        try:
            push()
            while True:
                message = channel.receive()
                if message is None:
                    return
                if message.get("type") != "answer":
                    continue
                ok, text = self.answer(message, uid)
                with send_lock:
                    channel.send({"type": "result", "id": str(message.get("id")), "ok": ok,
                                  "message": text})
                push()
        finally:
            self.queue.unwatch(push)

    def answer(self, message: dict, uid: int) -> tuple[bool, str]:
        item = self.queue.get(str(message.get("id", "")))
        if item is None or item.done.is_set():
            return False, "that request was answered or has expired"
        if message.get("answer") != "approve":
            self.queue.decide(item, "deny", "denied", uid)
            return True, "denied"
        if item.critical_target and message.get("name") != item.critical_target:
            self.queue.decide(item, "deny", "wrong-name", uid)
            return False, "the name does not match: denied"
        accepted, why = self.codes.check(str(message.get("code", "")))
        if not accepted:
            item.wrong_codes += 1
            self.log({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "event": "wrong-code",
                      "request": item.id, "approver_uid": uid, "reason": why})
            if item.wrong_codes >= WRONG_CODES_PER_REQUEST:
                self.queue.decide(item, "deny", "wrong-code", uid)
                return False, f"{why}; the request is denied"
            return False, why
        self.queue.decide(item, "approve", "approved", uid)
        return True, "approved"

    # ------------------------------------------------------------------ small requests

    def status(self, msg: dict, channel: wire.Channel, pid: int, uid: int) -> None:
        from agentsh import __version__

        with self.queue.lock:
            consoles, pending = len(self.queue.watchers), len(self.queue.items)
        channel.send({"type": "status", "version": __version__, "enrolled": self.codes.enrolled(),
                      "approvers": consoles, "pending": pending, "log": self.paths.log,
                      "uid": os.getuid()})

    def head(self, msg: dict, channel: wire.Channel, pid: int, uid: int) -> None:
        from agentsh.gate import audit_head

        found = audit_head.read(self.paths.log, self.paths.heads)
        channel.send({"type": "head", "log": self.paths.log,
                      "head": list(found) if found else None})

    def trust(self, msg: dict, channel: wire.Channel, pid: int, uid: int) -> None:
        """Trust (or stop trusting) one rules file's exact content: root may; anyone else needs
        a person's approval with a code."""
        import hashlib
        import json

        path = _string(msg, "path", 4096)
        text = _string(msg, "text", MAX_TEXT)
        digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
        revoke = msg.get("revoke") is True
        if uid != 0 and not revoke:
            shown = {"cmd": f"agentsh trust {path}", "cwd": os.path.dirname(path), "uid": uid,
                     "pid": pid, "route": "trust", "agent": "",
                     "findings": [{"rule": "TRUST", "severity": "high", "span": [0, 0],
                                   "target": "",
                                   "message": f"let {path} (sha256 {digest[:16]}...) loosen "
                                              "agentsh's rules"}]}
            approved, _, reason, _ = self.ask(shown, "", 300, channel, uid)
            if not approved:
                channel.send({"type": "decision", "allow": False, "message": reason})
                return
        from agentsh.service.policy_source import read_trust

        store = read_trust(self.paths.trust)
        if revoke:
            store.pop(path, None)
        else:
            store[path] = digest
        tmp = f"{self.paths.trust}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(store, fh, indent=2, sort_keys=True)
        os.replace(tmp, self.paths.trust)
        self.log({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "event": "trust",
                  "path": path, "sha256": digest, "revoke": revoke, "uid": uid})
        channel.send({"type": "decision", "allow": True, "message": "trusted" if not revoke
                      else "no longer trusted"})


def _string(msg: dict, key: str, cap: int) -> str:
    value = msg.get(key, "")
    if not isinstance(value, str) or len(value) > cap:
        raise ValueError(f"{key}: expected a string of at most {cap} characters")
    return value


def _reader(files: dict, cwd: str, needed: list[str]):
    """Scripts the command runs, read through the client (the service may not read them)."""

    def read(path: str) -> str | None:
        full = path if path.startswith("/") else os.path.join(cwd, path)
        if full in files:
            return files[full]
        needed.append(full)
        return None

    return read


def _closed(sock) -> bool:
    try:
        ready, _, _ = select.select([sock], [], [], 0)
        return bool(ready) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def drop_privileges(user: str) -> None:
    import pwd

    entry = pwd.getpwnam(user)
    os.setgroups([])
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    os.environ.update(HOME=entry.pw_dir, USER=user, LOGNAME=user)


def prepare(paths: locations.Protected, user: str) -> None:
    """As root: the folders only the service writes (run, state, cache, log)."""
    import pwd

    entry = pwd.getpwnam(user)
    for folder, mode in ((paths.run, 0o755), (paths.state, 0o700), (paths.cache, 0o700),
                         (paths.log_dir, 0o755)):
        os.makedirs(folder, mode=mode, exist_ok=True)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chmod(folder, mode)


def main(root: str, stderr=sys.stderr) -> int:
    import signal

    paths = locations.Protected(root)
    user = paths.config().get("service_user", "agentsh")
    if os.geteuid() == 0:
        try:
            prepare(paths, user)
            drop_privileges(user)
        except (KeyError, OSError) as exc:
            stderr.write(f"agentsh serve: cannot become {user}: {exc}\n")
            return 70
    service = Service(paths, stderr)
    try:
        service.listen()
    except OSError as exc:
        stderr.write(f"agentsh serve: cannot listen on {paths.socket}: {exc}\n")
        return 70
    try:
        with open(os.path.join(paths.run, "serve.pid"), "w", encoding="ascii") as fh:
            fh.write(f"{os.getpid()}\n")
    except OSError:
        pass
    signal.signal(signal.SIGTERM, lambda *_: (service.close(), os._exit(0)))
    stderr.write(f"agentsh serve: listening on {paths.socket} as uid {os.getuid()}\n")
    stderr.flush()
    try:
        service.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        service.close()
    return 0
