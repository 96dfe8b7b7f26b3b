"""The approver's transport: the private Unix socket (see `approval`) on which waiting commands
send their requests, each put in the console's queue and answered when a person decides.

One connection is one request: a JSON line in, a JSON line out. A request that does not fit the
schema is answered with `{"error": ...}`; the listener keeps its socket and goes on serving. A
request ends when a person answers, when its time runs out (expired), or when the waiting
command goes away (cancelled: Ctrl-C, killed)."""

from __future__ import annotations

import json
import os
import select
import socket
import threading
from pathlib import Path

from agentsh.gate.approval import MAX_REQUEST, peer
from agentsh.gate.requests import Queue, RequestError, validate

POLL = 0.25  # seconds between checks of a waiting request's connection and deadline


class Listener:
    """Accepts requests on `path` and puts them in `queue`."""

    def __init__(self, path: Path, queue: Queue) -> None:
        self.path = path
        self.queue = queue
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.errors = 0  # malformed requests answered with an error

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
            threading.Thread(target=self._serve_safely, args=(conn,), daemon=True).start()

    def _serve_safely(self, conn: socket.socket) -> None:
        with conn:
            try:
                self._serve(conn)
            except Exception as exc:  # one bad connection never takes the approver down
                _send(conn, {"error": f"the approver could not handle the request: "
                                      f"{type(exc).__name__}"})

    def _serve(self, conn: socket.socket) -> None:
        _, uid, _ = peer(conn)
        if uid != os.getuid():
            return
        data = b""
        conn.settimeout(10)
        while not data.endswith(b"\n"):
            if len(data) > MAX_REQUEST:
                self.errors += 1
                _send(conn, {"error": f"request larger than {MAX_REQUEST} bytes"})
                return
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        conn.settimeout(None)
        try:
            request = validate(json.loads(data.decode("utf-8")))
        except (ValueError, RequestError) as exc:  # UnicodeDecodeError, JSONDecodeError too
            self.errors += 1
            _send(conn, {"error": f"malformed request: {str(exc)[:200]}"})
            return
        item = self.queue.add(request)
        while not item.done.wait(POLL):
            if self.queue.clock() >= item.deadline:
                self.queue.expire(item)
            elif _closed(conn):
                self.queue.cancel(item, "cancelled")
        decided = item.decided
        _send(conn, {"answer": decided.answer, "reason": decided.reason, "note": decided.note})

    def close(self) -> None:
        self.sock.close()
        try:
            self.path.unlink()
        except OSError:
            pass


def _send(conn: socket.socket, reply: dict) -> None:
    try:
        conn.sendall((json.dumps(reply) + "\n").encode())
    except OSError:
        pass


def _closed(conn: socket.socket) -> bool:
    try:
        ready, _, _ = select.select([conn], [], [], 0)
        return bool(ready) and conn.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
