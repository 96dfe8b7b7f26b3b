"""The terminal output of the bash behind agentsh, read off the pseudo-terminal: passed on to
the real terminal as it comes, less the private sequences agentsh's hooks write in it
(`ESC ] 6973 ; KIND ; NONCE ; ... BEL`), which say where bash's prompt is. They travel in the
output itself so that everything a command printed is shown before agentsh draws its prompt.

When agentsh emits editor shell-integration sequences itself (OSC 633 or 133), the same
sequences in the commands' output are dropped, so the editor sees only agentsh's."""

from __future__ import annotations

import os

from agentsh.records import Record

OURS = b"\x1b]6973;"
MAX_PENDING = 4096  # an unterminated escape sequence longer than this is just output


class Event(Record, fields="kind data"):
    """A piece of output ("out", bytes) or one of agentsh's marks ("ready"/"idle", prompt id)."""

    __slots__ = ()

    kind: str
    data: object


class OutputFilter:
    """Splits the pseudo-terminal's output into text to show and agentsh's marks."""

    def __init__(self, nonce: str, drop_integration: bool) -> None:
        self.nonce = nonce.encode()
        self.drop = (b"\x1b]633;", b"\x1b]133;") if drop_integration else ()
        self.pending = b""

    def feed(self, data: bytes) -> list[Event]:
        data = self.pending + data
        self.pending = b""
        events: list[Event] = []
        out = bytearray()
        pos = 0
        while True:
            start = data.find(b"\x1b]", pos)
            if start < 0:
                if data.endswith(b"\x1b"):  # perhaps the start of one: wait for the next read
                    out += data[pos:-1]
                    self.pending = b"\x1b"
                else:
                    out += data[pos:]
                break
            out += data[pos:start]
            end, term_len = _terminator(data, start + 2)
            if end < 0:  # the sequence goes on in the next read
                if len(data) - start > MAX_PENDING:
                    out += data[start:]
                else:
                    self.pending = data[start:]
                break
            seq = data[start:end + term_len]
            if seq.startswith(OURS):
                event = self._mark(data[start + len(OURS):end])
                if event is not None:
                    if out:
                        events.append(Event("out", bytes(out)))
                        out = bytearray()
                    events.append(event)
            elif not any(seq.startswith(d) for d in self.drop):
                out += seq
            pos = end + term_len
        if out:
            events.append(Event("out", bytes(out)))
        return events

    def flush(self) -> bytes:
        """Whatever is held back waiting for the end of an escape sequence."""
        held, self.pending = self.pending, b""
        return held

    def _mark(self, body: bytes) -> Event | None:
        parts = body.split(b";")
        if len(parts) < 2 or parts[1] != self.nonce:
            return None  # not from this session's hooks: dropped, never obeyed
        kind = {b"R": "ready", b"I": "idle"}.get(parts[0])
        if kind is None:
            return None
        return Event(kind, parts[2].decode("ascii", "replace") if len(parts) > 2 else "")


def _terminator(data: bytes, pos: int) -> tuple[int, int]:
    """Where the OSC sequence that starts before `pos` ends: (index, length of BEL or ST)."""
    bel = data.find(b"\x07", pos)
    st = data.find(b"\x1b\\", pos)
    if bel < 0 and st < 0:
        return -1, 0
    if st < 0 or (0 <= bel < st):
        return bel, 1
    return st, 2


def write(data: bytes) -> None:
    """All of `data` to the real terminal (which may have been left non-blocking)."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(1, view)
        except BlockingIOError:
            import select

            select.select([], [1], [], 1)
            continue
        except InterruptedError:
            continue
        except OSError:
            return
        view = view[n:]
