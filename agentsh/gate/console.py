"""The approver console a person runs in a terminal of their own: `agentsh approve`.

It shows the queue of waiting requests (each with a live countdown), the selected one in full
(the command with its flagged part marked, every finding, directory, repository, which process
asked) and the last few that ended (approved, denied, expired, cancelled). A new request rings
the terminal bell and, where a desktop notification service is present, pops a notification.

Keys: `a` approves once; `s` approves this exact command for the agent's session and `m` for N
minutes (both scoped to the directory and the agent, see `grants`); `d` denies; `r` denies and
tells the agent why; up/down (or j/k) select. Critical requests also need the resource's name
typed. Keys pressed before a request is shown, or within `COOL_DOWN` of it, do not count.
Ctrl-C closes the console and denies whatever is waiting.

Everything shown comes from another process, so every control character in it is escaped
visibly (`messages.visible`): a command cannot move the cursor, erase or hide its own text.

The parts are separate so another transport or front end can reuse them: `requests.Queue` holds
the requests and `decide`s them, `listener.Listener` is the socket transport, and this module
only renders and reads keys."""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time

from agentsh.gate import grants
from agentsh.gate.approval import runtime_dir, socket_path
from agentsh.gate.audit import redact
from agentsh.gate.messages import redacted_parts, visible
from agentsh.gate.requests import APPROVED, CANCELLED, DENIED, EXPIRED, Pending, Queue

COOL_DOWN = 0.4  # seconds after a request is shown during which keys do not count
TICK = 0.25
SHOWN_CHARS = 4000  # of a command in the detail view; flagged parts are always shown too
DEFAULT_MINUTES = 15
MAX_NOTE = 500
SPACE_RUN = re.compile(r" {16,}")

STATE_WORDS = {APPROVED: "approved", DENIED: "denied", EXPIRED: "expired",
               CANCELLED: "cancelled"}


# ------------------------------------------------------------------ rendering (pure)


class Style:
    """SGR sequences, or none (NO_COLOR, or a test)."""

    def __init__(self, colour: bool) -> None:
        on = colour
        self.title = "\x1b[1;33m" if on else ""
        self.mark = "\x1b[1;41m" if on else ""
        self.escape = "\x1b[7m" if on else ""
        self.escape_off = "\x1b[27m" if on else ""
        self.dim = "\x1b[2m" if on else ""
        self.bold = "\x1b[1m" if on else ""
        self.reset = "\x1b[0m" if on else ""


def clock(seconds: float) -> str:
    seconds = int(seconds + 0.999)
    return f"{seconds // 60}:{seconds % 60:02d}"


def safe(text: str, style: Style, limit: int = 0) -> str:
    """Text from a request as the console shows it: escaped, escapes set off visibly, runs of
    spaces collapsed (they could push the rest off the screen), and cut at `limit`."""
    text = SPACE_RUN.sub(lambda m: f" [{len(m.group(0))} spaces] ", text)
    cut = limit and len(text) > limit
    out = []
    for ch in text[:limit] if cut else text:
        shown = visible(ch, newlines=True)
        out.append(ch if shown == ch else f"{style.escape}{shown}{style.escape_off}")
    body = "".join(out).replace("\n", "\n             ")
    return body + (f" ... ({len(text) - limit} more characters)" if cut else "")


def marked_command(cmd: str, spans: list[tuple[int, int]], style: Style) -> str:
    """The command, redacted, with its flagged parts marked (`messages.redacted_parts`)."""
    if len(cmd) > SHOWN_CHARS:
        return safe(redact(cmd), style, SHOWN_CHARS)
    out = []
    for text, flagged in redacted_parts(cmd, spans):
        shown = safe(text, style)
        if flagged:
            if style.escape_off:  # an escape inside the marked part keeps the mark after it
                shown = shown.replace(style.escape_off, style.escape_off + style.mark)
            shown = f"{style.mark}{shown}{style.reset}"
        out.append(shown)
    return "".join(out)


def one_line(text: str, width: int) -> str:
    flat = visible(SPACE_RUN.sub(" ... ", text))
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def name_to_type(req: dict) -> str:
    """What a person types to approve: the resource a critical request names, or, for a request
    that has a critical finding but names nothing (not one agentsh sent), its first word."""
    if req.get("critical_target"):
        return req["critical_target"]
    if any(f["severity"] == "critical" for f in req["findings"]):
        words = req["cmd"].split()
        return words[0] if words else "yes"
    return ""


def render_detail(item: Pending, position: int, total: int, now: float, style: Style
                  ) -> list[str]:
    req = item.request
    findings = req["findings"]
    spans = [tuple(f["span"]) for f in findings]
    lines = [f"{style.title}request #{item.number} ({position} of {total} waiting){style.reset}"
             f"  answer within {clock(item.left(now))}",
             f"  command: {marked_command(req['cmd'], spans, style)}"]
    for f in findings[:12]:
        start, end = f["span"]
        lines.append(f"  {style.bold}{safe(f['rule'], style)}{style.reset} "
                     f"({safe(f['severity'], style)}): {safe(redact(f['message']), style, 300)}")
        if 0 <= start < end <= len(req["cmd"]) and (start, end) != (0, len(req["cmd"])):
            lines.append(f"      at: {safe(redact(req['cmd'][start:end]), style, 500)}")
        if f.get("safer"):
            lines.append(f"      safer: {safe(f['safer'], style, 300)}")
    if len(findings) > 12:
        lines.append(f"  ... and {len(findings) - 12} more findings")
    lines.append(f"  cwd: {safe(req['cwd'], style, 300)}   "
                 f"repo: {safe(req.get('repo') or '-', style, 300)}")
    lines.append(f"  asked by: {safe(req.get('agent') or '?', style, 300)} "
                 f"(pid {req['pid']})")
    target = name_to_type(req)
    if target:
        lines.append(f"  {style.bold}critical:{style.reset} approving asks you to type "
                     f"{safe(repr(target), style, 300)}")
    lines.append("  [a] approve once   [s] approve this exact command for this session   "
                 "[m] ... for N minutes")
    lines.append("  [d] deny   [r] deny and tell the agent why   [up/down] select   "
                 "[Ctrl-C] quit (denies all waiting)")
    return lines


def render(queue: Queue, selected: int, path: str, style: Style, width: int = 100,
           notice: str = "") -> str:
    """The whole screen: header, queue, the selected request, the recent answers. `notice`: a
    warning line under the header (the console runs inside tmux or screen)."""
    waiting, ended = queue.snapshot()
    now = queue.clock()
    lines = [f"{style.bold}agentsh approve{style.reset}: listening on {visible(path)}. "
             "Ctrl-C to stop.", *([notice] if notice else []), ""]
    if not waiting:
        lines.append("waiting for requests...")
    else:
        lines.append(f"{len(waiting)} waiting:")
        for i, item in enumerate(waiting):
            pointer = ">" if i == selected else " "
            lines.append(f" {pointer} #{item.number:<4} {clock(item.left(now)):>6}  "
                         f"{one_line(redact(item.request['cmd']), max(20, width - 20))}")
        lines.append("")
        lines += render_detail(waiting[selected], selected + 1, len(waiting), now, style)
    if ended:
        lines += ["", "recent:"]
        for item in ended:
            decided = item.decided
            why = {EXPIRED: "no answer in time", CANCELLED: "the waiting command went away"
                   }.get(item.state, decided.reason)
            if decided.grant:
                why += ", " + ("for this session" if decided.grant.get("session")
                               else "until " + time.strftime(
                                   "%H:%M", time.localtime(decided.grant["until"])))
            if decided.note:
                why += f"; told the agent: {one_line(decided.note, 60)}"
            lines.append(f"  #{item.number:<4} {STATE_WORDS[item.state]:<9} "
                         f"{one_line(redact(item.request['cmd']), max(20, width - 50))}"
                         f"  ({visible(why)})")
    return "\x1b[H\x1b[2J" + "\r\n".join(lines) + "\r\n"


def status_line(queue: Queue, width: int) -> str:
    waiting, _ = queue.snapshot()
    if not waiting:
        return ""
    now = queue.clock()
    parts = " ".join(f"#{i.number} {clock(i.left(now))}" for i in waiting)
    return one_line(f"time left: {parts}", max(20, width - 1))


# ------------------------------------------------------------------ notifications


class Notifier:
    """The terminal bell, and a desktop notification where one can be shown (never required)."""

    def __init__(self, out, env: dict[str, str]) -> None:
        self.out = out
        self.env = env
        self.children: list = []
        self.command = self._command() if env.get("AGENTSH_NOTIFY", "1") != "0" else None

    def _command(self) -> list[str] | None:
        import shutil

        path = self.env.get("PATH", os.defpath)
        graphical = self.env.get("DISPLAY") or self.env.get("WAYLAND_DISPLAY") or \
            self.env.get("DBUS_SESSION_BUS_ADDRESS")
        if not graphical:
            return None
        found = shutil.which("notify-send", path=path)
        if found:
            return [found, "--app-name=agentsh", "--urgency=critical"]
        found = shutil.which("gdbus", path=path)
        if found and self.env.get("DBUS_SESSION_BUS_ADDRESS"):
            return [found, "call", "--session", "--dest", "org.freedesktop.Notifications",
                    "--object-path", "/org/freedesktop/Notifications", "--method",
                    "org.freedesktop.Notifications.Notify", '"agentsh"', "0", '""']
        return None

    def new_request(self, item: Pending) -> None:
        self.out.write("\a")
        if self.command is None:
            return
        import subprocess

        summary = "agentsh: a command is waiting for your approval"
        body = one_line(redact(item.request["cmd"]), 200)
        body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        args = [*self.command, summary, body]
        if "gdbus" in os.path.basename(self.command[0]):  # GVariant text: strings quoted
            import json

            args = [*self.command, json.dumps(summary), json.dumps(body), "[]", "{}", "10000"]
        try:
            self.children.append(subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True))
        except OSError:
            self.command = None

    def reap(self) -> None:
        self.children = [c for c in self.children if c.poll() is None]


# ------------------------------------------------------------------ the console


class Console:
    """The key loop over a queue: shows it, and answers the selected request."""

    def __init__(self, queue: Queue, fd: int, out, env: dict[str, str], path: str) -> None:
        self.queue = queue
        self.fd = fd
        self.out = out
        self.env = env
        self.path = path
        self.style = Style(not env.get("NO_COLOR") and env.get("TERM", "") != "dumb")
        self.notifier = Notifier(out, env)
        self.selected = 0
        self.shown_item: Pending | None = None
        self.shown_at = 0.0
        self.seen = 0
        from agentsh.gate.lineage import shared_terminal_warning

        self.notice = shared_terminal_warning(env, fd).strip()

    # -- output

    def width(self) -> int:
        try:
            return os.get_terminal_size(self.fd).columns
        except OSError:
            return 100

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def redraw(self) -> None:
        waiting, _ = self.queue.snapshot()
        if waiting:
            self.selected = min(self.selected, len(waiting) - 1)
            head = waiting[self.selected]
        else:
            self.selected, head = 0, None
        if head is not self.shown_item:
            self.shown_item, self.shown_at = head, time.monotonic()
            _flush_input(self.fd)  # keys typed before this request was on screen never count
        self.write(render(self.queue, self.selected, self.path, self.style, self.width(),
                          self.notice))
        self.tick()

    def tick(self) -> None:
        self.write("\r\x1b[2K" + status_line(self.queue, self.width()))

    def say(self, text: str) -> None:
        self.write(f"\r\x1b[2K{text}\r\n")

    # -- input

    def key(self, timeout: float) -> str | None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 1)
        if data == b"\x1b":  # an escape sequence (arrow keys) or a lone Esc
            more, _, _ = select.select([self.fd], [], [], 0.05)
            if more:
                data += os.read(self.fd, 8)
        return data.decode("utf-8", "replace")

    def read_line(self, prompt: str, item: Pending, limit: int = MAX_NOTE) -> str | None:
        """A line typed by the person (Enter ends it; Esc or Ctrl-C cancels); None when it was
        cancelled or the request ended meanwhile."""
        self.write(f"\r\x1b[2K{prompt}")
        text, pending = "", b""
        while True:
            if item.state != "waiting":
                self.say("")
                self.say(f"request #{item.number} {STATE_WORDS[item.state]} meanwhile")
                return None
            ready, _, _ = select.select([self.fd], [], [], TICK)
            if not ready:
                continue
            data = pending + os.read(self.fd, 64)
            try:
                chunk, pending = data.decode("utf-8"), b""
            except UnicodeDecodeError:
                chunk, pending = data[:-3].decode("utf-8", "replace"), data[-3:]
            for ch in chunk:
                if ch in ("\r", "\n"):
                    self.write("\r\n")
                    return text
                if ch in ("\x1b", "\x03", "\x04"):
                    self.write("\r\n")
                    return None
                if ch in ("\x7f", "\x08"):
                    if text:
                        text = text[:-1]
                        self.write("\b \b")
                    continue
                if len(text) < limit and ch.isprintable():
                    text += ch
                    self.write(ch)

    # -- answers

    def confirm_name(self, item: Pending) -> bool:
        target = name_to_type(item.request)
        if not target:
            return True
        typed = self.read_line(f"type {visible(repr(target))} to approve: ", item, 1000)
        if typed is None:
            return False
        if typed.strip() != target:
            self.queue.decide(item, "deny", "wrong-name")
            self.say("the name does not match: denied")
            return False
        return True

    def approve(self, item: Pending, minutes: int | None = None, lasting: bool = False) -> None:
        grant = None
        if lasting:
            if not item.request.get("agent_id"):
                self.say("this request does not say which agent asked: approve it once (a)")
                return
        if not self.confirm_name(item):
            return
        if lasting:
            try:
                grant = grants.add(self.env, item.request, minutes, os.getpid())
            except (OSError, ValueError) as exc:
                self.say(f"could not record the approval ({exc}); nothing was approved")
                return
        if not self.queue.decide(item, "approve", "approved", grant=grant):
            self.say(f"request #{item.number} already ended: {STATE_WORDS[item.state]}")

    def handle(self, key: str) -> bool:
        """Act on one key; False to quit."""
        if key in ("\x03", "\x04"):
            return False
        waiting, _ = self.queue.snapshot()
        if key in ("\x1b[A", "k") and waiting:
            self.selected = (self.selected - 1) % len(waiting)
            self.redraw()
            return True
        if key in ("\x1b[B", "j", "\t") and waiting:
            self.selected = (self.selected + 1) % len(waiting)
            self.redraw()
            return True
        item = self.shown_item
        if item is None or key not in "asmdr" or len(key) != 1:
            return True
        if time.monotonic() - self.shown_at < COOL_DOWN:
            return True  # too soon after it appeared to be a considered answer
        if key == "a":
            self.approve(item)
        elif key == "s":
            self.approve(item, lasting=True)
        elif key == "m":
            typed = self.read_line(f"approve for how many minutes [{DEFAULT_MINUTES}]: ", item,
                                   5)
            if typed is None:
                pass
            elif (typed.strip() or str(DEFAULT_MINUTES)).isdigit() and \
                    1 <= int(typed.strip() or DEFAULT_MINUTES) <= grants.MAX_MINUTES:
                self.approve(item, int(typed.strip() or DEFAULT_MINUTES), lasting=True)
            else:
                self.say(f"expected a number of minutes from 1 to {grants.MAX_MINUTES}")
        elif key == "d":
            self.queue.decide(item, "deny", "denied")
        elif key == "r":
            note = self.read_line("what should the agent be told: ", item)
            if note is not None:
                self.queue.decide(item, "deny", "denied", note=note.strip())
        self.queue.changed.set()
        return True

    def run(self) -> None:
        self.redraw()
        last_tick = time.monotonic()
        while True:
            if self.queue.arrived > self.seen:
                waiting, _ = self.queue.snapshot()
                for item in waiting[-(self.queue.arrived - self.seen):]:
                    self.notifier.new_request(item)
                self.seen = self.queue.arrived
            if self.queue.changed.is_set():
                self.queue.changed.clear()
                self.redraw()
                last_tick = time.monotonic()
            elif time.monotonic() - last_tick >= 1:
                self.tick()
                self.notifier.reap()
                last_tick = time.monotonic()
            key = self.key(TICK)
            if key is not None and not self.handle(key):
                return


def _flush_input(fd: int) -> None:
    import termios

    try:
        termios.tcflush(fd, termios.TCIFLUSH)
    except termios.error:
        pass


def _raise_exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


def console(args: list[str], stdin=None, stdout=None) -> int:
    import termios
    import tty

    from agentsh.gate.listener import Listener

    env = dict(os.environ)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if args:
        stdout.write("usage: agentsh approve\n")
        return 64
    if not stdin.isatty():
        stdout.write("agentsh approve: run it in a terminal of your own\n")
        return 64
    path = socket_path(env, create=True)
    if path is None:
        stdout.write(f"agentsh approve: {runtime_dir(env)} is not a private directory\n")
        return 70
    queue = Queue()
    listener = Listener(path, queue)
    try:
        listener.start()
    except (RuntimeError, OSError) as exc:
        stdout.write(f"agentsh approve: {exc}\n")
        return 70
    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, _raise_exit)  # a closed terminal still denies and removes the socket
    try:
        tty.setcbreak(fd)
        mode = termios.tcgetattr(fd)
        mode[3] &= ~termios.ISIG  # Ctrl-C is a key here: it cancels typing, or quits
        termios.tcsetattr(fd, termios.TCSANOW, mode)
        Console(queue, fd, stdout, env, str(path)).run()
    except KeyboardInterrupt:
        pass
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        queue.close()
        listener.close()
        stdout.write("\r\nagentsh approve: closed; requests still waiting were denied\n")
        stdout.flush()
    return 0
