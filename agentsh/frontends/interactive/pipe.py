"""The interactive shell without a pseudo-terminal (no /dev/ptmx): prompt-toolkit in front of
one persistent, non-interactive bash, as agentsh ran before it owned a pseudo-terminal.

Each line is read, checked exactly like `agentsh -c`, and only then handed to bash, which reads
its commands from a pipe while every command gets the terminal itself, so `cd`, `export`,
functions, aliases, options and `$?` carry over as in bash. That bash is not interactive (an
interactive bash would take the terminal's foreground from agentsh), so agentsh sources the
start-up files for it, without the usual "return unless interactive" guard at the top of
~/.bashrc, and there is no job control: `cmd &` runs in the background but `fg`, `bg` and Ctrl-Z
do nothing. agentsh says so once when it starts this way."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from agentsh.exitcodes import Exit
from agentsh.frontends.interactive.syntax import ansi_c_quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.frontends.interactive.gate import LocalGate, ServiceGate
    from agentsh.frontends.invocation import Invocation


class Bash:
    """One persistent bash. Lines go in on a pipe; after each, bash reports `$?` and `$PWD` on a
    second pipe."""

    def __init__(self, bash: str, env: dict[str, str], inv: Invocation) -> None:
        cmd_r, self.cmd_w = os.pipe()
        self.status_r, status_w = os.pipe()
        self.status_fd = status_w
        self.proc = subprocess.Popen([bash, "--noprofile", "--norc", f"/dev/fd/{cmd_r}"],
                                     pass_fds=(cmd_r, status_w), env=env)
        os.close(cmd_r)
        os.close(status_w)
        self.buffer = b""
        self.status = 0
        self.cwd = os.getcwd()
        setup = [
            f"exec {cmd_r}<&-",
            "trap ':' INT",  # a caught SIGINT: children get the default, bash survives Ctrl-C
            "trap '' TSTP",  # no job control behind agentsh
            "shopt -s expand_aliases",
            "__agentsh_rs() { return \"$1\"; }",
            "PS1='$ '",
        ]
        files = startup_files(inv, env)
        setup += [f"source {ansi_c_quote(f)}" for f in files]
        self._rc_copies = [f for f in files if "agentsh-rc-" in os.path.basename(f)]
        self.send("\n".join(setup) + "\n" + self._report())
        self.wait_status()

    def _report(self) -> str:
        return (f"__agentsh_st=$?; builtin printf '\\0%s\\0%s\\0' \"$__agentsh_st\" \"$PWD\" "
                f">&{self.status_fd}; __agentsh_rs \"$__agentsh_st\"\n")

    def send(self, text: str) -> None:
        os.write(self.cmd_w, text.encode("utf-8", "surrogateescape"))

    def run(self, line: str) -> int | None:
        """Run one line; its status, or None when bash has exited."""
        self.send(f"__agentsh_line={ansi_c_quote(line)}; __agentsh_rs {self.status}; "
                  f"eval \"$__agentsh_line\"\n" + self._report())
        return self.wait_status()

    def set_status(self, status: int) -> None:
        self.status = status

    def wait_status(self) -> int | None:
        while self.buffer.count(b"\0") < 3:
            try:
                chunk = os.read(self.status_r, 4096)
            except InterruptedError:
                continue
            if not chunk:
                return None
            self.buffer += chunk
        _, status, cwd, self.buffer = self.buffer.split(b"\0", 3)
        self.status = int(status or b"0")
        self.cwd = cwd.decode("utf-8", "surrogateescape")
        return self.status

    def close(self, status: int | None = None) -> int:
        for copy in self._rc_copies:
            try:
                os.unlink(copy)
            except OSError:
                pass
        try:
            if self.proc.poll() is None:
                self.send(f"exit {self.status if status is None else status}\n")
            os.close(self.cmd_w)
        except OSError:
            pass
        return self.proc.wait()


# The guards distributions put at the top of ~/.bashrc to skip it in non-interactive shells. The
# bash behind agentsh is not interactive (see the module docstring), so agentsh sources a copy
# of the file without them, which is what an interactive bash would have run.
RC_GUARDS = [
    re.compile(r"^[ \t]*case \$- in[ \t]*\n[ \t]*\*i\*\)[ \t]*;;[ \t]*\n"
               r"[ \t]*\*\)[ \t]*return;?;?[ \t]*\n[ \t]*esac[ \t]*$", re.M),
    re.compile(r"^[ \t]*\[\[?[ \t]*\$-[ \t]*!=[ \t]*\*i\*[ \t]*\]\]?[ \t]*&&[ \t]*return[ \t]*$",
               re.M),
    re.compile(r'^[ \t]*\[ -z "\$PS1" \][ \t]*&&[ \t]*return[ \t]*$', re.M),
]


def without_guards(path: str) -> str:
    """`path`, or a private copy of it without an interactivity guard."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            text = fh.read()
    except OSError:
        return path
    stripped = text
    for guard in RC_GUARDS:
        stripped = guard.sub(": # interactivity guard removed by agentsh", stripped)
    if stripped == text:
        return path
    import tempfile

    fd, copy = tempfile.mkstemp(prefix="agentsh-rc-", suffix=".sh")
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as fh:
        fh.write(stripped)
    return copy


def startup_files(inv: Invocation, env: dict[str, str]) -> list[str]:
    """What an interactive bash reads at start: the login profile, then ~/.bashrc or --rcfile."""
    home = env.get("HOME", "/")
    files = []
    args = list(inv.args)
    if inv.login and "--noprofile" not in args:
        files.append("/etc/profile")
        for name in (".bash_profile", ".bash_login", ".profile"):
            if os.path.isfile(os.path.join(home, name)):
                files.append(os.path.join(home, name))
                break
    elif "--norc" not in args:
        rc = next((args[i + 1] for i, a in enumerate(args[:-1])
                   if a in ("--rcfile", "--init-file")), os.path.join(home, ".bashrc"))
        if os.path.isfile(rc):
            files.append(without_guards(rc))
    return [f for f in files if os.path.isfile(f)]


# ------------------------------------------------------------------ the loop


def run(argv0: str, inv: Invocation, env: dict[str, str], gate: LocalGate | ServiceGate,
        bash_path: str) -> int:
    import asyncio

    from agentsh.engine import runtime
    from agentsh.frontends.interactive import completion
    from agentsh.frontends.interactive.marks import Marks
    from agentsh.frontends.interactive.reader import make_reader

    marks = Marks(env, sys.stdout)
    bash = Bash(bash_path, env, inv)
    for sig in (signal.SIGTSTP, signal.SIGTTOU, signal.SIGTTIN):
        signal.signal(sig, signal.SIG_IGN)

    def ctx_for():
        return runtime.make_context(bash.cwd, env, actor="person")

    def complete(text: str, cursor: int):
        segment, point = completion.command_segment(text, cursor)
        request = completion.split_words(segment, point)
        return request, completion.local_candidates(request, env, bash.cwd)

    try:
        completer = completion.make_completer(complete)
    except ImportError:
        completer = None
    read = make_reader(env, gate.policy, bash_path, marks, ctx_for, completer)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    marks.cwd(bash.cwd)
    try:
        while True:
            line = loop.run_until_complete(read.read(bash.cwd))
            if line is None:
                sys.stdout.write("\n")
                return bash.close()
            if not line.strip():
                continue
            try:
                approved, message = gate.check(line, bash.cwd, ctx_for())
            finally:
                asyncio.set_event_loop(loop)
            marks.command(line)
            if not approved:
                sys.stderr.write(message)
                bash.set_status(Exit.BLOCKED)
                marks.done(Exit.BLOCKED, bash.cwd)
                continue
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                status = bash.run(line)
            finally:
                signal.signal(signal.SIGINT, previous)
            if status is None:
                return bash.close()
            marks.done(status, bash.cwd)
    finally:
        loop.close()
