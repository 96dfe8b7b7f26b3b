"""The protected service's wire: one JSON object per line over a Unix stream socket.

Shared by the clients (`gate.remote`, run before every agent command, so it imports only C
modules: `_socket`, `_json`) and the service (`service.server`). Peers are identified by
SO_PEERCRED, never by what they say."""

from __future__ import annotations

import _socket

from agentsh.gate import jsonl

MAX_MESSAGE = 4 << 20  # a check with the files it needs (layers, scripts) fits
SO_PEERCRED = getattr(_socket, "SO_PEERCRED", 17)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


class _Context:
    """What `_json.make_scanner` reads: plain JSON, no hooks (NaN and Infinity refused)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_no_constant)
    memo: dict = {}


_scan = None


def decode(line: bytes) -> dict:
    """One message; ValueError unless it is a JSON object."""
    global _scan
    if _scan is None:
        import _json

        _scan = _json.make_scanner(_Context())
    text = line.decode("utf-8", "surrogateescape").strip()
    try:
        value, end = _scan(text, 0)
    except (StopIteration, RecursionError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if end != len(text) or type(value) is not dict:
        raise ValueError("expected one JSON object")
    return value


def encode(message: dict) -> bytes:
    return (jsonl.dumps(message) + "\n").encode("utf-8", "surrogateescape")


class Channel:
    """Messages over one connected socket, read a line at a time."""

    def __init__(self, sock) -> None:
        self.sock = sock
        self.buffer = b""

    def send(self, message: dict) -> None:
        self.sock.sendall(encode(message))

    def receive(self) -> dict | None:
        """The next message, or None when the peer closed the connection."""
        while b"\n" not in self.buffer:
            if len(self.buffer) > MAX_MESSAGE:
                raise ValueError("message too large")
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return decode(line)


def peer(sock) -> tuple[int, int, int]:
    """(pid, uid, gid) of the process at the other end."""
    import struct

    data = sock.getsockopt(_socket.SOL_SOCKET, SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", data)


def connect(path: str, timeout: float | None = None):
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    if timeout is not None:
        sock.settimeout(timeout)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock
