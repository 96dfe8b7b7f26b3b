"""The interactive shell: prompt-toolkit line editing in front of one persistent bash.

Each line is read (history, completion, highlighting, a live risk hint), classified exactly like
`agentsh -c`, asked about when a rule says so, and only then handed to bash. bash runs
non-interactively behind agentsh, reading its commands from a pipe while every command gets the
terminal itself, so `cd`, `export`, functions, aliases, options and `$?` carry over as in bash,
and vim, less or a Python REPL own the screen while they run.

The bash is not interactive itself (an interactive bash takes the terminal's foreground), so
agentsh sources ~/.bashrc (or --rcfile) and the login profile for it, without the usual
"return unless interactive" guard at the top of ~/.bashrc.

Job control is not available: bash behind agentsh is not interactive, so `cmd &` runs in the
background but `fg`, `bg`, `jobs` control and Ctrl-Z do nothing (Ctrl-Z is ignored). Ctrl-C
interrupts the running command, not the shell."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from agentsh.exitcodes import Exit
from agentsh.policy.values import Decision

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.frontends.invocation import Invocation
    from agentsh.policy.values import Policy


def ansi_c_quote(text: str) -> str:
    """`$'...'`: a bash word whose value is exactly `text`."""
    out = []
    for ch in text:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "$'" + "".join(out) + "'"


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


# ------------------------------------------------------------------ editor terminals


class Marks:
    """Shell-integration sequences: VS Code's and Cursor's OSC 633, or OSC 133 when enabled."""

    def __init__(self, env: dict[str, str], out) -> None:
        self.out = out
        self.vscode = env.get("TERM_PROGRAM") == "vscode"
        self.osc133 = not self.vscode and env.get("AGENTSH_OSC133") == "1"
        self.nonce = env.pop("VSCODE_NONCE", "")

    def _emit(self, body: str) -> None:
        self.out.write(body)
        self.out.flush()

    def prompt_start(self) -> str:
        return "\x1b]633;A\x07" if self.vscode else "\x1b]133;A\x07" if self.osc133 else ""

    def prompt_end(self) -> str:
        return "\x1b]633;B\x07" if self.vscode else "\x1b]133;B\x07" if self.osc133 else ""

    def command(self, line: str) -> None:
        if self.vscode:
            self._emit(f"\x1b]633;E;{escape_633(line)};{self.nonce}\x07\x1b]633;C\x07")
        elif self.osc133:
            self._emit("\x1b]133;C\x07")

    def done(self, status: int, cwd: str) -> None:
        if self.vscode:
            self._emit(f"\x1b]633;D;{status}\x07\x1b]633;P;Cwd={escape_633(cwd)}\x07")
        elif self.osc133:
            self._emit(f"\x1b]133;D;{status}\x07")

    def cwd(self, cwd: str) -> None:
        if self.vscode:
            self._emit(f"\x1b]633;P;Cwd={escape_633(cwd)}\x07")


def escape_633(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == ";" or ord(ch) <= 0x20:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


# ------------------------------------------------------------------ reading lines


def complete(text: str, bash: str) -> bool:
    """Whether bash would take `text` as a whole command (no open quote, `if` without `fi`,
    trailing backslash, here-document without its end)."""
    if text.endswith("\\") and not text.endswith("\\\\"):
        return False
    result = subprocess.run([bash, "-n", "-c", text], capture_output=True, text=True)
    return not (result.returncode and ("unexpected end of file" in result.stderr
                                       or "here-document" in result.stderr))


def prompt_text(cwd: str, env: dict[str, str], plain: bool) -> str:
    if plain:
        return "$ "
    home = env.get("HOME", "")
    shown = "~" + cwd[len(home):] if home and (cwd == home or cwd.startswith(home + "/")) else cwd
    return f"agentsh {shown} $ "


def make_reader(env: dict[str, str], policy: Policy, bash: str, marks: Marks, ctx_for):
    """A function returning the next line (None at end of input), with prompt-toolkit when the
    terminal allows it, else a plain line reader."""
    plain = env.get("CURSOR_AGENT") == "1" or env.get("TERM", "") in ("", "dumb") or \
        not sys.stdin.isatty() or not sys.stdout.isatty()
    if not plain:
        try:
            return _toolkit_reader(env, policy, bash, marks, ctx_for)
        except Exception:  # prompt-toolkit cannot start: the plain reader, same gate
            pass

    def read_plain(cwd: str) -> str | None:
        lines = []
        while True:
            sys.stdout.write(marks.prompt_start() + (prompt_text(cwd, env, True) if not lines
                                                     else "> ") + marks.prompt_end())
            sys.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                return "\n".join(lines) if lines else None
            lines.append(line.rstrip("\n"))
            text = "\n".join(lines)
            if complete(text, bash):
                return text

    return read_plain


def _toolkit_reader(env, policy, bash, marks, ctx_for):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion, PathCompleter
    from prompt_toolkit.document import Document
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.lexers import Lexer

    from agentsh import locations
    from agentsh.engine.classify import classify

    history_dir = os.path.join(locations.state_home(env), "agentsh")
    os.makedirs(history_dir, mode=0o700, exist_ok=True)
    history_file = private_file(os.path.join(history_dir, "history"))
    paths = PathCompleter(expanduser=True)

    class ShellCompleter(Completer):
        def get_completions(self, document, complete_event):
            before = document.text_before_cursor
            word = before.split()[-1] if before.split() and not before.endswith(" ") else ""
            first = len(before.split()) <= 1 and not before.endswith(" ")
            if first and "/" not in word:
                for name in sorted(command_names(env)):
                    if name.startswith(word):
                        yield Completion(name, start_position=-len(word))
                return
            yield from paths.get_completions(Document(word, len(word)), complete_event)

    class RiskLexer(Lexer):
        """Colours the parts of the line a rule flags, as you type."""

        def lex_document(self, document):
            lines = document.lines
            text = document.text
            spans = []
            try:
                verdict = classify(text, policy, ctx_for())
                spans = [f.span for f in verdict.findings if f.decision != Decision.ALLOW]
            except Exception:
                pass
            offsets, total = [], 0
            for line in lines:
                offsets.append(total)
                total += len(line) + 1

            def get_line(n):
                line, base, out = lines[n], offsets[n], []
                for i, ch in enumerate(line):
                    risky = any(s <= base + i < e for s, e in spans)
                    out.append(("bg:ansired fg:ansiwhite" if risky else
                                "fg:ansicyan" if ch in "|&;<>()$`" else "", ch))
                return out

            return get_line

    def toolbar():
        text = session.default_buffer.text
        if not text.strip():
            return ""
        try:
            verdict = classify(text, policy, ctx_for())
        except Exception:
            return ""
        top = verdict.top
        if top is None:
            return ""
        if not verdict.parse_ok and not complete(text, bash):
            return " ..."  # still being typed (an open `for`, quote or heredoc): not an error
        return f" {top.rule} {top.message} -> {top.decision}"

    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event) -> None:
        buffer = event.current_buffer
        if complete(buffer.text, bash):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    session: PromptSession[str] = PromptSession(
        history=FileHistory(history_file), completer=ShellCompleter(),
        lexer=RiskLexer(), bottom_toolbar=toolbar, multiline=True, key_bindings=keys,
        prompt_continuation="> ", complete_while_typing=False)

    def read(cwd: str) -> str | None:
        message = [("[ZeroWidthEscape]", marks.prompt_start()),
                   ("bold", prompt_text(cwd, env, False)),
                   ("[ZeroWidthEscape]", marks.prompt_end())]
        while True:
            try:
                return session.prompt(message)
            except KeyboardInterrupt:
                continue
            except EOFError:
                return None

    return read


def private_file(path: str) -> str:
    """`path`, created if missing and made readable by its owner only (the history holds every
    command typed, secrets included)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600))
        os.chmod(path, 0o600)
    except OSError:
        pass
    return path


def command_names(env: dict[str, str]) -> set[str]:
    names = set("cd export alias unalias source exit history pwd echo type set unset".split())
    for folder in env.get("PATH", "").split(os.pathsep):
        try:
            names.update(e.name for e in os.scandir(folder) if e.is_file() and
                         os.access(e.path, os.X_OK))
        except OSError:
            continue
    return names


# ------------------------------------------------------------------ the loop


def run(argv0: str, inv: Invocation, env: dict[str, str], policy: Policy | None) -> int:
    """`policy` is None in protected mode: the service decides each line (and logs it); the
    root-owned layers alone give the hints while typing."""
    from agentsh import locations
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify
    from agentsh.gate import audit
    from agentsh.gate.answer import Answer
    from agentsh.gate.decide import answer_for, snapshot_fields, snapshot_note, with_grants

    protected = policy is None
    if policy is None:
        from pathlib import Path

        from agentsh.policy.build import build

        paths = locations.Protected(locations.protected_root())
        layers = [("builtin", Path(locations.builtin_rules())), ("system", Path(paths.system_rules))]
        policy, _ = build("/", {}, layers=[(n, p) for n, p in layers if p.exists()])
        env.pop("AGENTSH_BASH", None)
    try:
        bash_path = locations.real_bash(policy.settings.bash, env)
    except FileNotFoundError as exc:
        sys.stderr.write(f"agentsh: {exc}\n")
        return Exit.BLOCKED
    env["SHELL"] = locations.self_path(argv0)
    marks = Marks(env, sys.stdout)
    bash = Bash(bash_path, env, inv)
    log = audit.log_path(policy.settings.audit_log, env)
    for sig in (signal.SIGTSTP, signal.SIGTTOU, signal.SIGTTIN):
        signal.signal(sig, signal.SIG_IGN)

    def ctx_for():
        return runtime.make_context(bash.cwd, env, actor="person")

    read = make_reader(env, policy, bash_path, marks, ctx_for)
    marks.cwd(bash.cwd)
    while True:
        line = read(bash.cwd)
        if line is None:
            sys.stdout.write("\n")
            return bash.close()
        if not line.strip():
            continue
        if protected:  # the service decides and logs
            from agentsh.gate import remote

            remote_answer = remote.check(line, bash.cwd, env, actor="person", route="interactive")
            marks.command(line)
            if not remote_answer["allow"]:
                sys.stderr.write(remote_answer["message"])
                bash.set_status(Exit.BLOCKED)
                marks.done(Exit.BLOCKED, bash.cwd)
                continue
        else:
            ctx = ctx_for()
            verdict = with_grants(classify(line, policy, ctx), policy, ctx, env)
            try:
                answer = answer_for(verdict, policy.settings, env, bash.cwd)
            except KeyboardInterrupt:  # Ctrl-C while waiting for the approver cancels this line
                answer = Answer(False, "approver", "interrupted")
            audit.record(log, verdict, cwd=bash.cwd, channel=answer.channel,
                         outcome=answer.reason, agent="person", approver_pid=answer.approver_pid,
                         syslog=policy.settings.syslog, extra=snapshot_fields(answer) or None)
            if answer.snapshot is not None:
                sys.stderr.write(snapshot_note(answer))
            marks.command(line)
            if not answer.approved:
                from agentsh.gate.messages import blocked_message

                sys.stderr.write(blocked_message(verdict, answer, audience="person",
                                                 timeout=policy.settings.approve_timeout))
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

