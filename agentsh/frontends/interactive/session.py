"""The interactive shell's loop: a real interactive bash on agentsh's pseudo-terminal, and
agentsh at its prompt.

While a command runs, agentsh relays the terminal: keystrokes go to the pseudo-terminal as typed
(the real terminal in raw mode, so Ctrl-C and Ctrl-Z reach the command through bash's own job
control), output comes back, window size changes follow. When bash reaches its prompt (its hook
says so in the output stream, after everything the command printed), agentsh takes the terminal
back: it reads the line with its own editor, checks it exactly like `agentsh -c` (rules, a
person's approval where they say so, the audit log), and hands bash either the line or, when the
gate kept it back, a status of 126. Lines pasted together are checked and run one by one; keys
typed ahead go to the next prompt, never straight to bash.

bash reads its command lines only from agentsh's private socket (see `child`); nothing typed on
the terminal, pasted, sent by an editor's terminal API or injected into the terminal's input
reaches bash's command reader without passing the gate."""

from __future__ import annotations

import os
import signal
import sys
import termios

from agentsh.exitcodes import Exit
from agentsh.frontends.interactive.child import EXIT_LINE, REPAIR_LINE, Child, status_line, wrap
from agentsh.frontends.interactive.marks import Marks
from agentsh.frontends.interactive.output import OutputFilter
from agentsh.frontends.interactive.output import write as _write

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.frontends.interactive.gate import LocalGate, ServiceGate
    from agentsh.frontends.invocation import Invocation

RPC_TIMEOUT = 5.0  # seconds a completion or expansion request may take
QUIET_CHECK = 0.5  # seconds without output after which agentsh checks bash is not stuck idle


def new_loop():
    """asyncio's loop, less the cost of checking a signal number against the set of valid
    signals rebuilt as enums at every handler change: a few milliseconds a line. (asyncio is
    imported only once the first prompt is on the screen.)"""
    import asyncio

    class Loop(asyncio.SelectorEventLoop):
        def _check_signal(self, sig):
            if not isinstance(sig, int):
                raise TypeError(f"sig must be an int, not {sig!r}")
            if not 0 < sig < signal.NSIG:
                raise ValueError(f"invalid signal number {sig}")

    loop = Loop()
    asyncio.set_event_loop(loop)
    return loop


class Prompt:
    """What bash's hook reported when it reached its prompt."""

    def __init__(self, fields: list[str]) -> None:
        get = (fields + [""] * 13).__getitem__
        self.id = get(1)
        self.status = int(get(2) or 0)
        self.cwd = get(3) or os.getcwd()
        self.vi = get(4) == "vi"
        self.histexpand = get(5) == "1"
        self.ignoreeof = int(get(6)) if get(6).isdigit() else 0
        self.wordbreaks = get(7) or None
        self.reset = get(8) == "1"  # a command switched bash's line editing on
        # the live shell's state each line runs in (rc.bash): `hash -p` lines, PATH, and the
        # exported BASH_ENV and ENV ("" when not exported)
        self.hashed = get(9)
        self.path = get(10) if len(fields) > 10 else None
        self.bash_env = get(11)
        self.env_file = get(12)
        self.served = True  # the hook answers requests until agentsh sends a line


class Session:
    def __init__(self, argv0: str, inv: Invocation, env: dict[str, str],
                 gate: LocalGate | ServiceGate, bash: str) -> None:
        self.env = env
        self.start_path: str | None = None  # PATH at the first prompt (`prelude`)
        self.gate = gate
        self.policy = gate.policy  # the editor's hints, and whether a compspec's code may run
        self.bash = bash
        self.marks = Marks(env, sys.stdout)  # takes VSCODE_NONCE out of the environment
        self.child = Child(bash, argv0, inv, env)
        self.filter = OutputFilter(self.child.nonce, self.marks.active)
        self.reader = None
        self.prompt: Prompt | None = None
        self.cwd = os.getcwd()
        self.idle_marks = 0
        self.repaired = False
        self.eofs = 0
        self.queued: list[str] = []  # pasted commands still to run
        self.kept: str = ""  # text for the next prompt's editor
        self.ran_command = False
        self.instant = False  # the first prompt drawn before the editor loaded
        try:
            self.saved_tty = termios.tcgetattr(0)
        except termios.error:
            self.saved_tty = None

    # ------------------------------------------------------------------ the loop

    def run(self) -> int:
        old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
        for sig in (signal.SIGTSTP, signal.SIGTTOU, signal.SIGTTIN):
            signal.signal(sig, signal.SIG_IGN)
        loop = None
        try:
            event = self.start()
            if event == "ready":
                self.read_prompt()
                from agentsh.frontends.interactive.reader import wants_plain

                if not wants_plain(self.env):
                    self.instant_prompt()
            loop = self.loop = new_loop()
            from agentsh.frontends.interactive.completion import make_completer
            from agentsh.frontends.interactive.reader import make_reader
            try:
                completer = make_completer(self.complete)
            except ImportError:
                completer = None
            self.reader = make_reader(self.env, self.policy, self.bash, self.marks,
                                      self.ctx_for, completer)
            self.on_child = None
            self.signal_handlers()
            first = True
            resets = 0
            while event == "ready":
                self.at_prompt(read_record=not first)
                first = False
                if self.prompt.reset:
                    # bash would read the next line through readline: a line of agentsh's own
                    # switches that off first (the hook has made every key insert itself)
                    resets += 1
                    if resets > 3:
                        self.give_up("bash keeps switching line editing back on")
                        break
                    self.go("", REPAIR_LINE)
                    event = loop.run_until_complete(self.relay(quiet=True))
                    continue
                resets = 0
                line = self.next_line()
                if line is None and self.child.poll() == "exited":
                    break
                event = self.go("", EXIT_LINE) if line is None else self.hand_over(line)
                if event == "prompt-again":
                    event = "ready"
                    continue
                if event == "go":
                    event = loop.run_until_complete(self.relay())
            return self.finish()
        finally:
            signal.signal(signal.SIGINT, old_int)
            self.marks.flush()
            self.restore_terminal()
            self.child.close()
            if loop is not None:
                loop.close()

    def read_prompt(self) -> None:
        """The hook's report of the prompt bash is at."""
        fields = self.child.record(RPC_TIMEOUT)
        self.prompt = Prompt(fields or [])
        if fields is None:
            self.prompt.served = False
        self.cwd = self.prompt.cwd

    def at_prompt(self, read_record: bool = True) -> None:
        """bash is at its prompt: read its report, show the command's end to the editor, and
        take back what was typed ahead."""
        if read_record:
            self.read_prompt()
        if getattr(self.reader, "draws_held_marks", False):
            self.marks.hold()  # written with the prompt's first drawing: one write to the terminal
        if self.ran_command:
            self.marks.done(self.prompt.status, self.cwd)
            self.ran_command = False
        else:
            self.marks.cwd(self.cwd)
        self.idle_marks = 0
        self.reader.set_mode(self.prompt.vi)
        self.reader.feed(self.child.typed_ahead())

    def next_line(self) -> str | None:
        """The next line to hand to bash ("" for an empty line), or None at the end of input."""
        if self.queued:
            unit = self.queued.pop(0)
            self.reader.show_accepted(self.cwd, unit)
            return unit
        default, self.kept = self.kept, ""
        while True:
            text = self.loop.run_until_complete(self.read_line(default))
            if text is None and self.child.poll() == "exited":
                return None
            if text is None:
                if self.prompt.ignoreeof and self.eofs < self.prompt.ignoreeof:
                    self.eofs += 1
                    _write(b'Use "exit" to leave the shell.\n')
                    continue
                return None
            self.eofs = 0
            text = text.replace("\0", "")
            self.reader.take_pending_input()  # the rest of a fast paste waits for its prompt
            if "\n" in text.strip("\n"):
                from agentsh.frontends.interactive.syntax import split_units

                units = split_units(text, self.bash)
                if len(units) > 1:
                    self.queued = units[1:]
                    return units[0]
            return text

    async def read_line(self, default: str) -> str | None:
        import asyncio

        loop = asyncio.get_running_loop()
        if self.instant:  # the editor draws the prompt again, in the same place
            self.instant = False
            self.restore_terminal()
            _write(self.marks.take().encode("utf-8", "surrogateescape") + b"\r\x1b[K")
        loop.add_reader(self.child.master, self.output_at_prompt)
        read = asyncio.ensure_future(self.reader.read(self.cwd, default))

        def child_changed() -> None:  # bash ended (killed) while agentsh had the prompt
            if self.child.poll() == "exited":
                read.cancel()

        self.on_child = child_changed
        try:
            return await read
        except asyncio.CancelledError:
            return None
        finally:
            self.on_child = None
            loop.remove_reader(self.child.master)

    def output_at_prompt(self) -> None:
        data = self.child.read_output()
        for event in self.filter.feed(data):
            if event.kind == "out":
                self.reader.show_output(event.data)

    # ------------------------------------------------------------------ the gate

    def hand_over(self, line: str) -> str:
        """Check `line` and hand it to bash, or keep it back: "go" (bash has a line), or
        "prompt-again" (nothing for bash: prompt anew without a round trip)."""
        if not line.strip():
            return self.go("", "\n")
        if self.prompt.histexpand and ("!" in line or line.startswith("^")):
            expanded = self.expand_history(line)
            if expanded is None:
                return "prompt-again"
            if expanded != line:
                _write((expanded + "\n").encode("utf-8", "surrogateescape"))
            line = expanded
        approved, verdict = self.check(line)
        if not approved:
            if self.queued:
                self.kept = "\n".join(self.queued)
                self.queued = []
                _write("agentsh: the rest of the pasted lines did not run; they are in the "
                       "editor.\n".encode())
            self.marks.done(Exit.BLOCKED, self.cwd)
            return self.go(line, status_line(Exit.BLOCKED))
        self.ran_command = True
        if not verdict.parse_ok:
            from agentsh.frontends.interactive.syntax import check

            if check(line, self.bash) == "error":  # bash reports it itself, as typed
                return self.go("", line + "\n")
        return self.go(line, wrap(line))

    def prelude(self) -> str:
        """The live shell's state that the line runs in and a check of the line alone would not
        see, as bash statements to judge before it: a name hashed to another program (`hash -p
        ./x ls`), a PATH other than the one agentsh started with, an exported BASH_ENV or ENV
        (red-team s29: each, set by one line, ran a planted script in the next). "" when none."""

        def shquote(value: str) -> str:
            return "'" + value.replace("'", "'\\''") + "'"

        prompt = self.prompt
        if prompt is None:
            return ""
        out = prompt.hashed
        if self.start_path is None:  # as the start-up files (the person's) left it
            self.start_path = prompt.path
        if prompt.path is not None and prompt.path != self.start_path:
            out += f"export PATH={shquote(prompt.path)}\n"
        for name, value in (("BASH_ENV", prompt.bash_env), ("ENV", prompt.env_file)):
            if value:
                out += f"export {name}={shquote(value)}\n"
        return f"# the shell's state (agentsh)\n{out}" if out else ""

    def check(self, line: str):
        """The gate, exactly as for `agentsh -c` (protected mode: the service decides): whether
        `line` may run, and the editor's reading of it (for the hints, and whether it parses).
        Where the live shell holds state a line alone does not show (`prelude`), the line is
        judged, logged and shown to an approver after it."""
        prelude = self.prelude()
        if prelude:
            approved, verdict = self._check(prelude + line)
            alone = self.reader.verdicts.get(line) if self.reader.verdicts else None
            return approved, alone or verdict  # the editor's reading, of the line itself
        return self._check(line)

    def _check(self, line: str):
        import asyncio

        from agentsh.policy.values import Decision

        verdict = self.reader.verdicts.get(line) if self.reader.verdicts else None
        ctx = self.ctx_for()
        if verdict is None:  # not the text the editor classified (a pasted unit, an expansion)
            from agentsh.engine.classify import classify

            verdict = classify(line, self.policy, ctx)
        # only a person's prompt runs an event loop of its own (which takes the signal wake-up
        # descriptor with it); a line the rules allow outright needs the loop's handlers only
        # once, not re-installed at every line
        asked = self.gate.protected or verdict.decision != Decision.ALLOW
        try:
            approved, message = self.gate.check(line, self.cwd, ctx, verdict)
        finally:
            if asked:
                asyncio.set_event_loop(self.loop)  # the terminal prompt runs a loop of its own
                self.signal_handlers()
        self.marks.command(line)
        if not approved:
            sys.stderr.write(message)
            sys.stderr.flush()
        return approved, verdict

    def ctx_for(self):
        from agentsh.engine import runtime

        return runtime.make_context(self.cwd, self.env, actor="person")

    def go(self, history_line: str, text: str) -> str:
        """Hand bash its next line (the hook returns, bash reads `text` from the socket)."""
        self.child.resize()
        if self.prompt.served:
            self.child.request(self.prompt.id, "go", history_line, "")
        self.prompt.served = False
        self.child.send(text)
        return "go"

    # ------------------------------------------------------------------ requests at the prompt

    def rpc(self, verb: str, *args: str) -> list[str] | None:
        if self.prompt is None or not self.prompt.served:
            return None
        self.child.request(self.prompt.id, verb, *args)
        reply = self.child.record(RPC_TIMEOUT)
        if reply is None:
            self.prompt.served = False  # the hook is gone (or hung): local completion from now
        return reply

    def expand_history(self, line: str) -> str | None:
        """`!!`, `!$`, `^a^b`: bash's history expansion of `line`, done by bash before the gate
        sees the line (bash itself never expands what agentsh hands it)."""
        reply = self.rpc("expand", line)
        if reply is None:
            return line
        if reply[:1] == ["ok"]:
            return reply[1] if len(reply) > 1 else line
        message = reply[1] if len(reply) > 1 else "event not found"
        _write((message.rstrip("\n") + "\n").encode("utf-8", "surrogateescape"))
        return None

    def complete(self, text: str, cursor: int):
        """Candidates for the word at the cursor: bash's programmable completion, run in the live
        bash, else agentsh's local completion."""
        from agentsh.frontends.interactive import completion as comp

        segment, point = comp.command_segment(text, cursor)
        breaks = (self.prompt.wordbreaks if self.prompt else None) or comp.DEFAULT_BREAKS
        request = comp.split_words(segment, point, breaks)
        found = self.bash_candidates(request)
        if found is None:
            return request, comp.local_candidates(request, self.env, self.cwd)
        return request, found

    def bash_candidates(self, request):
        from agentsh.frontends.interactive import completion as comp

        if self.prompt is None or not self.prompt.served:
            return None
        words = list(request.words)
        common = [request.line, str(request.point), str(request.cword)]
        if request.cword == 0:
            prefix = request.prefix
            gen = ["-f"] if "/" in prefix or prefix.startswith((".", "~")) else ["-c"]
            options = {"filenames"} if gen == ["-f"] else set()
            return self._run(request, common, "", "", words, gen, options)
        for _ in range(3):
            reply = self.rpc("spec", words[0])
            if reply is None:
                return None
            spec = comp.parse_spec(reply[1]) if len(reply) > 1 and reply[1] else None
            if spec is None:
                return self._default(request, common, words)
            command = spec.command
            if spec.code and not self.code_allowed(spec.code):
                return []
            result = self._run(request, common, spec.function, command, words,
                               list(spec.generators), set(spec.options))
            if result != "retry":
                return result
        return []

    def _default(self, request, common, words):
        prefix = request.prefix
        if prefix.startswith("${"):
            return self._run(request, common, "", "", words, ["-P", "${", "-S", "}", "-v"],
                             {"nospace"}, strip=2)
        if prefix.startswith("$"):
            return self._run(request, common, "", "", words, ["-P", "$", "-v"], set(), strip=1)
        if prefix.startswith("~") and "/" not in prefix:
            return self._run(request, common, "", "", words, ["-P", "~", "-u"], set(), strip=1)
        return self._run(request, common, "", "", words, ["-f"], {"filenames"})

    def _run(self, request, common, function, command, words, gen, options, strip=0):
        from agentsh.frontends.interactive import completion as comp

        if strip:
            words = list(words)
            words[request.cword] = request.prefix[strip:]
        reply = self.rpc("run", *common, function, command, str(len(words)), *words, *gen)
        if reply is None:
            return None
        if reply[0] == "retry":
            return "retry"
        options |= set(reply[1].split()) if len(reply) > 1 else set()
        count = int(reply[2]) if len(reply) > 2 and reply[2].isdigit() else 0
        found = reply[3:3 + count]
        if not found and options & {"default", "bashdefault"} and gen != ["-f"]:
            return self._default(request, common, words)
        if not found and "dirnames" in options:
            return self._run(request, common, "", "", words, ["-d"], {"filenames"})
        if "plusdirs" in options:
            more = self._run(request, common, "", "", words, ["-d"], {"filenames"}) or []
            return comp.candidates(request, found, options, self.cwd) + more
        return comp.candidates(request, found, options, self.cwd)

    def code_allowed(self, code: str) -> bool:
        """Whether a compspec's code may run for a Tab: only what the rules allow outright."""
        from agentsh.engine.classify import classify
        from agentsh.policy.values import Decision

        try:
            return classify(code, self.policy, self.ctx_for()).decision == Decision.ALLOW
        except Exception:
            return False

    # ------------------------------------------------------------------ start-up

    def start(self) -> str:
        """Relay bash's start-up (its start-up files may print, or ask for a passphrase) until
        its first prompt: "ready", or "exited". No event loop yet: this is the path to the first
        prompt, and asyncio and prompt-toolkit are loaded after it is on the screen."""
        import select

        self.raw_terminal()
        pending = b""
        try:
            while True:
                wanted_out = [self.child.master] if pending else []
                readable, writable, _ = select.select([self.child.master, 0], wanted_out, [],
                                                      0.05)
                if self.child.master in writable and pending:
                    pending = pending[self.child.write_input(pending):]
                if 0 in readable:
                    try:
                        data = os.read(0, 65536)
                    except OSError:
                        data = b""
                    if data:
                        pending += data
                    else:
                        self.child.signal(signal.SIGHUP)
                if self.child.master in readable:
                    for event in self.filter.feed(self.child.read_output()):
                        if event.kind == "out":
                            _write(event.data)
                        elif event.kind == "ready":
                            if pending:  # keys for start-up programs that nothing read
                                self.child.write_input(pending)
                            return "ready"
                elif not readable and self.child.poll() == "exited":
                    return "exited"
        finally:
            self.restore_terminal()

    def instant_prompt(self) -> None:
        """agentsh's prompt at once, while the editor loads (typed keys wait for it, unechoed)."""
        from agentsh.frontends.interactive.reader import prompt_text

        self.raw_terminal()
        # bracketed paste on already, as the editor will have it: a paste meanwhile stays one
        _write(b"\x1b[1m" + prompt_text(self.cwd, self.env, False).encode(
            "utf-8", "surrogateescape") + b"\x1b[0m\x1b[?2004h")
        self.instant = True

    def raw_terminal(self) -> bool:
        if self.saved_tty is None:
            return False
        import tty

        try:
            tty.setraw(0, termios.TCSANOW)
        except termios.error:
            return False
        return True

    # ------------------------------------------------------------------ while a command runs

    async def relay(self, quiet: bool = False) -> str:
        """Relay the terminal until bash is at its prompt ("ready") or gone ("exited").
        `quiet`: bash runs a line of agentsh's own, whose output is not shown."""
        import asyncio

        loop = asyncio.get_running_loop()
        done: asyncio.Future = loop.create_future()
        pending = bytearray()  # keystrokes the pseudo-terminal has not taken yet
        tty = self.saved_tty is not None
        timer = {"handle": None}

        def finish(result: str) -> None:
            if not done.done():
                done.set_result(result)

        def schedule_check() -> None:
            if timer["handle"] is not None:
                timer["handle"].cancel()
            timer["handle"] = loop.call_later(QUIET_CHECK, check_idle)

        def check_idle() -> None:
            """No prompt mark, no output: is bash sitting in its reader without its hooks (a
            command replaced PROMPT_COMMAND)? Then put them back."""
            if done.done():
                return
            state = self.child.reader_state()
            if state == "stream" and not self.repaired:
                self.repaired = True
                self.child.send(REPAIR_LINE)
            elif state == "readline":  # no hook, and readline would read what agentsh sends
                self.give_up("a command removed agentsh's prompt hook and switched bash's line "
                             "editing on")
                finish("exited")
                return
            schedule_check()

        def output() -> None:
            data = self.child.read_output()
            if not data:
                return
            schedule_check()
            for event in self.filter.feed(data):
                if event.kind == "out":
                    if not quiet:
                        _write(event.data)
                elif event.kind == "ready":
                    self.repaired = False
                    finish("ready")
                elif event.kind == "idle":
                    self.idle_marks += 1
                    if self.idle_marks > 1:
                        loop.call_later(0.05, check_idle)
            if self.filter.pending and not done.done():
                loop.call_later(0.05, flush_held, self.filter.pending)

        def flush_held(held: bytes) -> None:
            """An escape sequence cut by a read that nothing completed: it was output after all."""
            if self.filter.pending == held and not done.done():
                data = self.filter.flush()
                if not quiet:
                    _write(data)

        def keys() -> None:
            try:
                data = os.read(0, 65536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if not data:  # the terminal is gone
                loop.remove_reader(0)
                self.child.signal(signal.SIGHUP)
                return
            pending.extend(data)
            flush_keys()

        def flush_keys() -> None:
            while pending:
                n = self.child.write_input(bytes(pending))
                if n <= 0:
                    loop.add_writer(self.child.master, writable)
                    return
                del pending[:n]

        def writable() -> None:
            loop.remove_writer(self.child.master)
            flush_keys()

        def child_changed() -> None:
            state = self.child.poll()
            if state == "exited":
                finish("exited")
            elif state == "stopped":
                self.bash_suspended()

        if tty:
            import tty as tty_mod

            try:
                tty_mod.setraw(0, termios.TCSANOW)
            except termios.error:
                tty = False
        loop.add_reader(self.child.master, output)
        loop.add_reader(0, keys)
        self.on_child = child_changed
        schedule_check()
        child_changed()
        try:
            result = await done
        finally:
            if timer["handle"] is not None:
                timer["handle"].cancel()
            loop.remove_reader(self.child.master)
            loop.remove_reader(0)
            loop.remove_writer(self.child.master)
            self.on_child = None
            self.restore_terminal()
        if pending:  # keys the pseudo-terminal never took: the next prompt's
            self.reader.feed(bytes(pending))
        if result == "exited":
            await self.drain_output()
        return result

    async def drain_output(self) -> None:
        """bash has exited: show what is left of its output."""
        import asyncio

        for _ in range(10):
            data = self.child.read_output()
            if not data:
                await asyncio.sleep(0.01)
                data = self.child.read_output()
                if not data:
                    break
            for event in self.filter.feed(data):
                if event.kind == "out":
                    _write(event.data)
        held = self.filter.flush()
        if held:
            _write(held)

    def bash_suspended(self) -> None:
        """bash stopped itself (`suspend`): agentsh stops too, as a shell run from another shell
        would, and bash goes on when agentsh is continued. A login shell cannot be suspended."""
        if os.getsid(0) == os.getpid() or os.getpgrp() != os.tcgetpgrp(0):
            _write(b"agentsh: suspend: cannot suspend a login shell\r\n")
        else:
            self.restore_terminal()
            os.kill(0, signal.SIGSTOP)
            import tty as tty_mod

            try:
                tty_mod.setraw(0, termios.TCSANOW)
            except termios.error:
                pass
            self.child.resize()
        self.child.signal(signal.SIGCONT)

    def signal_handlers(self) -> None:
        """The loop's signal handlers (again after the gate: a prompt there runs an event loop of
        its own, which takes the process's signal wake-up descriptor with it)."""
        loop = self.loop
        loop.add_signal_handler(signal.SIGCHLD, lambda: self.on_child and self.on_child())
        loop.add_signal_handler(signal.SIGHUP, self.hangup)
        loop.add_signal_handler(signal.SIGTERM, self.hangup)
        loop.add_signal_handler(signal.SIGWINCH, self.resized)

    def resized(self) -> None:
        self.child.resize()
        resized = getattr(self.reader, "resized", None)
        if resized is not None:
            resized()

    def give_up(self, why: str) -> None:
        """bash can no longer be handed lines safely: end it rather than let it read anything."""
        _write(f"\r\nagentsh: {why}; agentsh cannot hand this bash lines safely any more, "
               f"so the session ends.\r\n".encode())
        self.child.signal(signal.SIGHUP)
        self.child.signal(signal.SIGKILL)

    def hangup(self) -> None:
        """The terminal went away (or agentsh was told to end): bash and its jobs are hung up,
        as a terminal emulator's closing would."""
        self.child.signal(signal.SIGHUP)

    def restore_terminal(self) -> None:
        if self.saved_tty is not None:
            try:
                termios.tcsetattr(0, termios.TCSANOW, self.saved_tty)
            except termios.error:
                pass

    def finish(self) -> int:
        """bash is gone: its own status."""
        if self.child.poll() != "exited":  # not reached through bash's exit: end it
            self.child.signal(signal.SIGHUP)
            import time

            for _ in range(100):
                if self.child.poll() == "exited":
                    break
                time.sleep(0.01)
        status = self.child.exit_status
        return status if status is not None else 0
