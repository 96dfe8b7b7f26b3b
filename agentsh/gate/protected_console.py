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


def render(item: dict, queued: int, colour: bool = True) -> str:
    """The request as user mode's console shows it (`console.render_detail`: the flagged part
    marked, every control character escaped), with protected mode's keys."""
    from agentsh.gate import console, requests

    findings = []
    for f in item.get("findings", []) if isinstance(item.get("findings"), list) else []:
        if isinstance(f, dict):
            span = f.get("span") if isinstance(f.get("span"), list) and len(f["span"]) == 2 \
                else [0, 0]
            findings.append({"rule": str(f.get("rule", "?")), "severity": str(f.get("severity")),
                             "message": str(f.get("message", "")), "span": span,
                             "safer": str(f.get("safer", ""))})
    request = {"cmd": str(item.get("cmd", "")), "findings": findings,
               "cwd": str(item.get("cwd", "")), "repo": str(item.get("repo", "")),
               "agent": str(item.get("agent", "")), "pid": item.get("pid", "?"),
               "critical_target": str(item.get("critical_target", "")),
               "timeout": float(item.get("expires_in", 0) or 0)}
    now = time.monotonic()
    shown = requests.Pending(0, request, now)
    lines = [line for line in console.render_detail(shown, 1, queued, now, console.Style(colour))
             if not line.lstrip().startswith("[")]
    lines.append(f"  from uid {item.get('uid')} via {console.visible(str(item.get('route')))}")
    lines.append("  [a] approve (then the code from your authenticator app)   [d] deny   "
                 "[Ctrl-C] quit")
    return "\r\n" + "\r\n".join(lines) + "\r\n"


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
                    stdout.write(render(head, count, not os.environ.get("NO_COLOR")))
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
