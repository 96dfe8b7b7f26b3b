"""Protected mode's client: every check goes to `agentsh serve`, which runs as another user.

The wrapper shell, the interactive shell and the hooks send the command text and its context
(working directory, environment, who asks, positional parameters, and the agent-writable rules
files it may need); the service classifies with its root-owned policy, holds the request while
a person approves it with a TOTP code, decides, and logs. Files the service cannot read itself
(a script the command runs, a project's rules file) it asks for on the same connection.

Fail closed: a service that cannot be reached, answers as the wrong user, or says anything
unexpected means the command is not run, with a message that names the fix. Imports only C
modules on the way (this runs before every agent command)."""

from __future__ import annotations

import os

from agentsh import locations
from agentsh.gate import wire

FILE_CAP = 1 << 20  # bytes of a file sent for checking, as the local path reads
CHECK_TIMEOUT = 3600  # seconds: the service decides when a request expires; this is a backstop


class Refused(Exception):
    """The service could not be used; str() says why and what to do."""


def service_uid(paths: locations.Protected) -> int | None:
    """The service user's uid, from root-owned protected.conf."""
    name = paths.config().get("service_user", "agentsh")
    try:
        import pwd

        return pwd.getpwnam(name).pw_uid
    except (ImportError, KeyError):
        return None


def open_channel(root: str, timeout: float | None = None) -> wire.Channel:
    """A connection to the service, after checking that the service user is at the other end
    (a socket planted by anyone else is refused)."""
    paths = locations.Protected(root)
    try:
        sock = wire.connect(paths.socket, timeout)
    except OSError as exc:
        launcher = os.path.join(root, "opt", "agentsh", "bin", "agentsh")
        raise Refused(f"the agentsh service is not reachable at {paths.socket} "
                      f"({exc.strerror or exc}): start it (`sudo systemctl start agentsh`, or "
                      f"`sudo {launcher} serve &`) and run the command again; `agentsh doctor` "
                      "checks the setup") from None
    try:
        _, uid, _ = wire.peer(sock)
    except OSError as exc:
        sock.close()
        raise Refused(f"cannot check who answers at {paths.socket} ({exc})") from None
    expected = service_uid(paths)
    if uid not in (expected, 0) or expected is None:
        sock.close()
        raise Refused(f"{paths.socket} is answered by uid {uid}, not the agentsh service user: "
                      "it may be planted; ask the machine's administrator")
    return wire.Channel(sock)


def read_for_check(path: str, cwd: str) -> str | None:
    """A file's text as the checking path reads it (size-capped, not binary), or None."""
    full = path if path.startswith("/") else os.path.join(cwd, path)
    try:
        with open(full, "rb") as fh:
            data = fh.read(FILE_CAP + 1)
    except OSError:
        return None
    if len(data) > FILE_CAP or b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", "surrogateescape")


def agent_layers(cwd: str, env: dict[str, str]) -> list[list[str]]:
    """The rules files the agent's user can write: the service applies them tighten-only."""
    out = []
    for name, path in locations.layer_files(cwd, env, system="/nonexistent"):
        if name in ("user", "team", "project"):
            out.append([name, path])
    return out


def check(text: str, cwd: str, env: dict[str, str], *, actor: str, route: str,
          positional: tuple[str, ...] = (), stderr=None) -> dict:
    """The service's decision on a command: `{"allow": bool, "message": str, "bash": path}`.
    Never raises: anything that goes wrong is a denial that says why."""
    import sys

    stderr = stderr or sys.stderr
    try:
        channel = open_channel(locations.protected_root(), CHECK_TIMEOUT)
    except Refused as exc:
        return {"allow": False, "message": f"agentsh: blocked: {exc}\n"}
    try:
        layers = agent_layers(cwd, env)
        channel.send({"type": "check", "text": text, "cwd": cwd, "env": env, "actor": actor,
                      "route": route, "positional": list(positional), "layers": layers,
                      "files": {p: read_for_check(p, cwd) for _, p in layers},
                      "ancestry": locations.ancestry()})
        while True:
            message = channel.receive()
            if message is None:
                raise Refused("the agentsh service closed the connection")
            kind = message.get("type")
            if kind == "need":
                paths = [p for p in message.get("paths", []) if isinstance(p, str)][:64]
                channel.send({"type": "files", "files": {p: read_for_check(p, cwd)
                                                         for p in paths}})
            elif kind == "pending":
                stderr.write(f"agentsh: waiting for approval: {message.get('message', '')}\n")
                stderr.flush()
            elif kind == "decision":
                return {"allow": message.get("allow") is True,
                        "message": str(message.get("message", "")),
                        "bash": str(message.get("bash", ""))}
            else:
                raise Refused(f"unexpected answer from the service: {kind!r}")
    except (OSError, ValueError, Refused) as exc:
        return {"allow": False, "message": f"agentsh: blocked: the check did not finish ({exc}); "
                                           "the command was not run\n"}
    finally:
        channel.sock.close()


def call(message: dict, timeout: float = 30) -> dict:
    """One request and its answer (status, the log's chain head, trust): raises Refused."""
    channel = open_channel(locations.protected_root(), timeout)
    try:
        channel.send(message)
        answer = channel.receive()
        if answer is None:
            raise Refused("the agentsh service closed the connection")
        return answer
    except (OSError, ValueError) as exc:
        raise Refused(str(exc)) from None
    finally:
        channel.sock.close()


class Approver:
    """The approver console's side: requests arrive as snapshots of the queue; answers carry the
    person's TOTP code (and the target's name for critical findings)."""

    def __init__(self, root: str | None = None) -> None:
        self.channel = open_channel(root or locations.protected_root())
        self.channel.send({"type": "approver"})

    def fileno(self) -> int:
        return self.channel.sock.fileno()

    def receive(self) -> dict | None:
        return self.channel.receive()

    def answer(self, request_id: str, approve: bool, code: str = "", name: str = "") -> None:
        self.channel.send({"type": "answer", "id": request_id,
                           "answer": "approve" if approve else "deny", "code": code,
                           "name": name})

    def close(self) -> None:
        self.channel.sock.close()
