"""The interactive bash behind agentsh, on a pseudo-terminal agentsh owns.

bash runs as a real interactive shell (job control, its own history, bash-completion, the
person's start-up files read by bash itself) with the pseudo-terminal as its controlling
terminal. After start-up its standard input is one end of a private socket: bash reads command
lines from agentsh only, and agentsh writes there only lines its gate let through. A second
socket carries agentsh's requests at the prompt and the hooks' answers (see rc.bash). A socket,
not a pipe: another process of the same user can open a pipe through /proc/PID/fd, not a socket.

Inside bash: fd 61 the command socket (moved to fd 0 at the end of start-up), fd 62 the request
socket, fd 63 the terminal; every line agentsh hands over runs with fd 0 back on the terminal
and 62 and 63 closed (`wrap`)."""

from __future__ import annotations

import _socket  # not `socket`: this is on the way to the first prompt, and _socket is enough
import errno
import fcntl
import os
import signal
import termios

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.frontends.invocation import Invocation

CMD_FD, RPC_FD, TTY_FD = 61, 62, 63
RC_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rc.bash")
FIRST_LINE = "{ # agentsh"  # rc.bash keeps it out of history
# bash options agentsh handles itself (the start-up files) or that make no sense behind it
DROPPED_LONG = ("--login", "--norc", "--noprofile", "--noediting", "--rcfile", "--init-file")
SIGNALS_TO_DEFAULT = ("SIGPIPE", "SIGXFSZ", "SIGINT", "SIGQUIT", "SIGTSTP", "SIGTTIN", "SIGTTOU",
                      "SIGCHLD", "SIGWINCH", "SIGHUP", "SIGTERM")


def wrap(line: str) -> str:
    """The text handed to bash for `line`: a group whose standard input is the terminal and
    which does not see agentsh's sockets. A group, not a subshell: `cd`, variables, `exit` and
    jobs act on the shell itself, and its redirections are undone after it (so even `exec <f`
    in the line cannot make bash read its commands from elsewhere)."""
    return f"{FIRST_LINE}\n{line}\n}} 0<&{TTY_FD} {TTY_FD}<&- {RPC_FD}<&-\n"


def status_line(status: int) -> str:
    """A line that only sets `$?` (for a line the gate kept back), keeping `$_`."""
    return f'{FIRST_LINE}\n__agentsh_install {int(status)} "$_"\n}}\n'


REPAIR_LINE = f'{FIRST_LINE}\n__agentsh_install "$?" "$_"\n}}\n'
EXIT_LINE = f"{FIRST_LINE}\nbuiltin exit\n}}\n"  # Ctrl-D: as bash at the end of input


def bash_command(bash: str, argv0: str, inv: Invocation, env: dict[str, str]
                 ) -> tuple[list[str], dict[str, str]]:
    """bash's argv and environment: interactive, no line editing (agentsh edits the line),
    agentsh's start-up file, and the person's options otherwise unchanged."""
    name = os.path.basename(argv0.lstrip("-")) or "bash"
    args = list(inv.args)
    rcfile = None
    kept: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--rcfile", "--init-file"):
            rcfile = args[i + 1] if i + 1 < len(args) else None
            i += 2
            continue
        if arg in DROPPED_LONG:
            i += 1
            continue
        if arg.startswith("-") and not arg.startswith("--") and len(arg) > 1:
            rest = arg[1:].replace("i", "").replace("l", "").replace("s", "")
            takes = sum(1 for ch in rest if ch in "oO")
            if rest:
                kept.append("-" + rest)
            kept += args[i + 1:i + 1 + takes]
            i += 1 + takes
            continue
        kept.append(arg)
        i += 1
    long_opts = [a for a in kept if a.startswith("--")]
    short_opts = [a for a in kept if not a.startswith("--")]
    posix = name in ("sh",) or "--posix" in long_opts
    if posix:
        mode = "posix"
    elif inv.login:
        mode = "login-noprofile" if "--noprofile" in args else "login"
    elif "--norc" in args:
        mode = "none"
    elif rcfile is not None:
        mode = "rcfile"
    else:
        mode = "rc"
    child_env = dict(env)
    child_env.update(__AGENTSH_MODE=mode, __AGENTSH_FILE=rcfile or "",
                     __AGENTSH_FDS=f"{RPC_FD} {CMD_FD} {TTY_FD}")
    if argv0.startswith("-"):
        child_env["__AGENTSH_ARGV0"] = argv0
    if posix:  # a POSIX-mode interactive shell reads $ENV, not --rcfile
        child_env["__AGENTSH_ENV"] = f"set:{env['ENV']}" if "ENV" in env else "unset"
        child_env["ENV"] = RC_FILE
    argv = [name, "--noediting", *long_opts, "--rcfile", RC_FILE, "-i", *short_opts]
    return argv, child_env


class Child:
    """bash on agentsh's pseudo-terminal, with agentsh's two private sockets to it."""

    def __init__(self, bash: str, argv0: str, inv: Invocation, env: dict[str, str]) -> None:
        self.master, self.slave = os.openpty()  # OSError without /dev/ptmx: the caller falls back
        self.nonce = os.urandom(8).hex()
        _copy_terminal(self.slave)
        self.cmd, cmd_child = _socket.socketpair()
        self.rpc, rpc_child = _socket.socketpair()
        argv, child_env = bash_command(bash, argv0, inv, env)
        child_env["__AGENTSH_NONCE"] = self.nonce
        slave_path = os.ttyname(self.slave)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, slave_path, os.O_RDWR, 0),  # after setsid: the ctty
            (os.POSIX_SPAWN_DUP2, 0, 1),
            (os.POSIX_SPAWN_DUP2, 0, 2),
            (os.POSIX_SPAWN_DUP2, 0, TTY_FD),
            (os.POSIX_SPAWN_DUP2, cmd_child.fileno(), CMD_FD),
            (os.POSIX_SPAWN_DUP2, rpc_child.fileno(), RPC_FD),
        ]
        defaults = [getattr(signal, s) for s in SIGNALS_TO_DEFAULT if hasattr(signal, s)]
        try:
            self.pid = os.posix_spawn(bash, argv, child_env, file_actions=actions, setsid=True,
                                      setsigdef=defaults, setsigmask=[])
        finally:
            cmd_child.close()
            rpc_child.close()
        os.set_blocking(self.master, False)
        self.rpc_buffer = b""
        self.end = b"\x01end." + self.nonce.encode()
        self.exit_status: int | None = None

    # ------------------------------------------------------------------ lines and requests

    def send(self, text: str) -> None:
        """Text for bash's command reader (only ever a line the gate let through, wrapped)."""
        try:
            self.cmd.sendall(text.encode("utf-8", "surrogateescape"))
        except OSError:  # bash is gone: its end shows up as its exit
            pass

    def end_of_input(self) -> None:
        try:
            self.cmd.shutdown(_socket.SHUT_WR)
        except OSError:
            pass

    def request(self, prompt_id: str, verb: str, *args: str) -> None:
        fields = [prompt_id, verb, str(len(args)), *args]
        try:
            self.rpc.sendall(b"".join(f.encode("utf-8", "surrogateescape") + b"\0"
                                      for f in fields))
        except OSError:
            pass

    def record(self, timeout: float | None = None) -> list[str] | None:
        """The hooks' next record (its fields, up to the session's end mark), or None when bash
        went away or did not answer within `timeout` seconds."""
        import select
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        mark = b"\0" + self.end + b"\0"
        while (b"\0" + self.rpc_buffer).find(mark) < 0:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.rpc], [], [], left)
            if not ready:
                return None
            try:
                chunk = self.rpc.recv(65536)
            except InterruptedError:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            self.rpc_buffer += chunk
        at = (b"\0" + self.rpc_buffer).find(mark)
        body, self.rpc_buffer = self.rpc_buffer[:max(at - 1, 0)], self.rpc_buffer[at + len(mark) - 1:]
        if at == 0:
            return []
        return [f.decode("utf-8", "surrogateescape") for f in body.split(b"\0")]

    # ------------------------------------------------------------------ the terminal

    def resize(self, fd: int = 0) -> None:
        """The pseudo-terminal takes the real terminal's size (bash's jobs get SIGWINCH)."""
        try:
            size = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
            if size != b"\0" * 8:
                fcntl.ioctl(self.master, termios.TIOCSWINSZ, size)
        except OSError:
            pass

    def typed_ahead(self) -> bytes:
        """What was typed into the pseudo-terminal and no command read: taken back from its input
        queue, so that it goes to agentsh's prompt (and the gate) rather than anywhere else."""
        try:
            saved = termios.tcgetattr(self.slave)
        except termios.error:
            return b""
        raw = list(saved)
        raw[3] &= ~termios.ICANON
        raw[6] = list(saved[6])
        raw[6][termios.VMIN] = 0
        raw[6][termios.VTIME] = 0
        out = b""
        try:
            termios.tcsetattr(self.slave, termios.TCSANOW, raw)
            while True:
                try:
                    chunk = os.read(self.slave, 4096)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
        finally:
            try:
                termios.tcsetattr(self.slave, termios.TCSANOW, saved)
            except termios.error:
                pass
        return out

    def foreground_is_bash(self) -> bool:
        try:
            return os.tcgetpgrp(self.master) == self.pid
        except OSError:
            return False

    def reader_state(self) -> str | None:
        """What bash is doing when it is in the foreground and waits on fd 0 (the socket): "stream"
        (its command reader, reading what comes: agentsh's hook did not run), "readline" (its
        command reader through readline), or None (anything else, such as running a command)."""
        if not self.foreground_is_bash():
            return None
        try:
            with open(f"/proc/{self.pid}/wchan") as fh:
                wchan = fh.read()
            with open(f"/proc/{self.pid}/syscall") as fh:
                syscall = fh.read().split()
            fd0 = os.readlink(f"/proc/{self.pid}/fd/0")
        except OSError:
            return None
        if not fd0.startswith("socket:") or len(syscall) < 4:
            return None
        if wchan.startswith("unix_stream_read") and syscall[1] == "0x0" and syscall[3] != "0x1":
            return "stream"
        if wchan.startswith(("poll_schedule_timeout", "do_select")) and syscall[1] == "0x1":
            return "readline"
        return None

    # ------------------------------------------------------------------ the process

    def poll(self) -> str:
        """"running", "stopped" (bash suspended itself) or "exited" (see exit_status)."""
        if self.exit_status is not None:
            return "exited"
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
        except ChildProcessError:
            self.exit_status = 0 if self.exit_status is None else self.exit_status
            return "exited"
        if pid == 0:
            return "running"
        if os.WIFSTOPPED(status):
            return "stopped"
        self.exit_status = os.waitstatus_to_exitcode(status)
        if self.exit_status < 0:
            self.exit_status = 128 - self.exit_status
        return "exited"

    def signal(self, sig: int) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def read_output(self) -> bytes:
        """What the pseudo-terminal has for the real terminal now (b"" when nothing)."""
        try:
            return os.read(self.master, 65536)
        except BlockingIOError:
            return b""
        except OSError as exc:
            if exc.errno == errno.EIO:
                return b""
            raise

    def write_input(self, data: bytes) -> int:
        """Keystrokes for the running command; how many bytes the pseudo-terminal took."""
        try:
            return os.write(self.master, data)
        except BlockingIOError:
            return 0
        except OSError:
            return len(data)  # nobody to take them

    def close(self) -> None:
        for sock in (self.cmd, self.rpc):
            try:
                sock.close()
            except OSError:
                pass
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


def _copy_terminal(slave: int) -> None:
    """The pseudo-terminal starts with the real terminal's modes (erase key, flow control) and
    size, as terminal emulators and `script` do."""
    try:
        attrs = termios.tcgetattr(0)
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
    except termios.error:
        pass
    try:
        size = fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8)
        if size != b"\0" * 8:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, size)
    except OSError:
        pass
