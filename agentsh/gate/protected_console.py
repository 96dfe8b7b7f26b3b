"""`agentsh approve` in protected mode: the console connects to the service (any user may run
it), shows each waiting request with its full context, and answers it: `a` and then the 6-digit
code from the person's authenticator app (and, for critical findings, the target's name), or `d`.

The code is what makes an approval a person's: keys injected into this terminal (tmux
send-keys, TIOCSTI) cannot know it, and a code read off the screen is spent. The code is not
echoed. What was typed is thrown away when the request on screen changes before Enter, so a
request cannot be swapped under a code meant for another."""

from __future__ import annotations

import os
import select
import sys
import threading
import time

from agentsh.gate import remote


class State:
    """What the service last said, filled in by a reader thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: list[dict] = []
        self.results: list[str] = []
        self.enrolled = True
        self.closed = False
        self.changed = threading.Event()


def _reader(approver: remote.Approver, state: State) -> None:
    while True:
        try:
            message = approver.receive()
        except (OSError, ValueError):
            message = None
        with state.lock:
            if message is None:
                state.closed = True
            elif message.get("type") == "requests":
                state.items = [i for i in message.get("items", []) if isinstance(i, dict)]
            elif message.get("type") == "result":
                state.results.append(str(message.get("message", "")))
            elif message.get("type") == "hello":
                state.enrolled = message.get("enrolled") is True
        state.changed.set()
        if message is None:
            return


def render(item: dict, queued: int) -> str:
    """The request as the console shows it (the same layout as user mode's console)."""
    from agentsh.gate import console

    shown = console.Pending(item)
    shown.since = time.monotonic() - int(item.get("waiting", 0) or 0)
    text = console.render(shown, queued)
    extra = (f"  from uid {item.get('uid')} pid {item.get('pid')} via {item.get('route')}; "
             f"expires in {item.get('expires_in')} s\r\n")
    return text.replace("  [a] approve", extra + "  [a] approve (then your code)", 1)


def console(args: list[str], stdin=None, stdout=None) -> int:
    import termios
    import tty

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if not stdin.isatty():
        stdout.write("agentsh approve: run it in a terminal of your own\n")
        return 64
    try:
        approver = remote.Approver()
    except remote.Refused as exc:
        stdout.write(f"agentsh approve: {exc}\n")
        return 70
    state = State()
    threading.Thread(target=_reader, args=(approver, state), daemon=True).start()
    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    stdout.write("agentsh approve: connected to the agentsh service (protected mode). "
                 "Ctrl-C to stop.\n")
    stdout.flush()
    shown_id: object = ()
    try:
        tty.setcbreak(fd)
        while True:
            with state.lock:
                head = state.items[0] if state.items else None
                count = len(state.items)
                results, state.results = state.results, []
                closed, enrolled = state.closed, state.enrolled
            for line in results:
                stdout.write(f"{line}\r\n")
            if closed:
                stdout.write("agentsh approve: the service closed the connection\r\n")
                return 70
            head_id = head.get("id") if head else None
            if head_id != shown_id:
                if head is not None:
                    stdout.write(render(head, count))
                    termios.tcflush(fd, termios.TCIFLUSH)
                else:
                    stdout.write("waiting for requests...\r\n" if enrolled else
                                 "no approval code is enrolled: run `sudo agentsh enroll`\r\n")
                stdout.flush()
                shown_id = head_id
            state.changed.clear()
            ready, _, _ = select.select([fd], [], [], 0.3)
            if not ready:
                continue
            key = os.read(fd, 1).decode(errors="replace")
            if key in ("\x03", "\x04"):
                break
            if head is None:
                continue
            if key == "d":
                approver.answer(head["id"], False)
            elif key == "a":
                name = ""
                if head.get("critical_target"):
                    name = _typed(fd, stdout, state, head_id,
                                  f"type {head['critical_target']!r} to confirm: ", echo=True)
                    if name is None:
                        continue
                code = _typed(fd, stdout, state, head_id, "code from your authenticator app: ",
                              echo=False)
                if code is None:
                    continue
                approver.answer(head["id"], True, code=code, name=name)
            stdout.flush()
    except KeyboardInterrupt:
        pass
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        approver.close()
    return 0


def _typed(fd: int, stdout, state: State, head_id, prompt: str, echo: bool) -> str | None:
    """A line typed by the person, or None when it was abandoned (Escape, Ctrl-C) or the
    request on screen changed meanwhile (what was typed is then thrown away)."""
    stdout.write(prompt)
    stdout.flush()
    typed = ""
    while True:
        ready, _, _ = select.select([fd], [], [], 0.3)
        with state.lock:
            current = state.items[0].get("id") if state.items else None
        if current != head_id:
            stdout.write("\r\nthe request changed while you typed: nothing was sent\r\n")
            return None
        if not ready:
            continue
        ch = os.read(fd, 1).decode(errors="replace")
        if ch in ("\r", "\n"):
            stdout.write("\r\n")
            return typed
        if ch in ("\x1b", "\x03", "\x04"):
            stdout.write("\r\ncancelled\r\n")
            return None
        if ch in ("\x7f", "\b"):
            typed = typed[:-1]
            continue
        if ch.isprintable():
            typed += ch
            stdout.write(ch if echo else "*")
            stdout.flush()
