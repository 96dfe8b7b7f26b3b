"""Reading the line at agentsh's prompt: prompt-toolkit's editor (history, completion,
highlighting of the part a rule flags, a live hint in the bottom toolbar, multi-line input that
goes on while bash would read on), or a plain line reader where the terminal cannot take it
(`TERM=dumb`, Cursor's agent sessions, prompt-toolkit unable to start). One editor serves the
whole session: building a prompt application per line costs more than the command.

Keys typed before the prompt appears (while a command ran, or in the same burst as the last
line) come back as the next prompt's first keystrokes, so they meet the gate like any other."""

from __future__ import annotations

import contextlib
import os
import sys

from agentsh.frontends.interactive.output import write as _write
from agentsh.policy.values import Decision

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Verdict
    from agentsh.frontends.interactive.marks import Marks


def prompt_text(cwd: str, env: dict[str, str], plain: bool) -> str:
    if plain:
        return "$ "
    home = env.get("HOME", "")
    shown = "~" + cwd[len(home):] if home and (cwd == home or cwd.startswith(home + "/")) else cwd
    return f"agentsh {shown} $ "


def private_file(path: str) -> str:
    """`path`, created if missing and made readable by its owner only (the history holds every
    command typed, secrets included)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600))
        os.chmod(path, 0o600)
    except OSError:
        pass
    return path


def available_input(fd: int = 0) -> bytes:
    """Bytes already waiting on `fd`, without blocking."""
    import select

    out = b""
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 0)
        except (OSError, ValueError):
            return out
        if not ready:
            return out
        try:
            chunk = os.read(fd, 65536)
        except (BlockingIOError, InterruptedError):
            return out
        except OSError:
            return out
        if not chunk:
            return out
        out += chunk


class Verdicts:
    """The verdict on the text being edited, computed once per text (the highlighting, the
    toolbar and the Enter key all ask)."""

    def __init__(self, policy, ctx_for) -> None:
        self.policy = policy
        self.ctx_for = ctx_for
        self.text: str | None = None
        self.verdict: Verdict | None = None

    def get(self, text: str) -> Verdict | None:
        """The verdict already computed for exactly `text`, if any."""
        return self.verdict if text == self.text else None

    def __call__(self, text: str) -> Verdict | None:
        if text != self.text:
            from agentsh.engine.classify import classify

            try:
                self.verdict = classify(text, self.policy, self.ctx_for())
            except Exception:
                self.verdict = None
            self.text = text
        return self.verdict


class PlainReader:
    """A `$ ` prompt and lines read as the terminal's own line editing delivers them."""

    plain = True
    verdicts = None

    def __init__(self, env: dict[str, str], bash: str, marks: Marks) -> None:
        self.env = env
        self.bash = bash
        self.marks = marks
        self.buffer = b""
        self.eof = False

    def feed(self, data: bytes) -> None:
        self.buffer += data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")

    def take_pending_input(self) -> None:
        self.feed(available_input())

    def show_output(self, data: bytes) -> None:
        _write(data)

    def set_mode(self, vi: bool) -> None:
        pass

    def show_accepted(self, cwd: str, text: str) -> None:
        _write((self.marks.prompt_start() + prompt_text(cwd, self.env, True)
                + self.marks.prompt_end() + text + "\n").encode("utf-8", "surrogateescape"))

    async def _line(self) -> bytes | None:
        import asyncio

        loop = asyncio.get_running_loop()
        while b"\n" not in self.buffer:
            if self.eof:  # Ctrl-D on the terminal's own line editing: once per press
                self.eof = False
                return None
            future: asyncio.Future = loop.create_future()

            def readable(future: asyncio.Future = future) -> None:
                try:
                    chunk = os.read(0, 65536)
                except (BlockingIOError, InterruptedError):
                    return
                except OSError:
                    chunk = b""
                if not future.done():
                    future.set_result(chunk)

            loop.add_reader(0, readable)
            try:
                chunk = await future
            finally:
                loop.remove_reader(0)
            if not chunk:
                self.eof = True
                if self.buffer:
                    self.buffer += b"\n"
                continue
            self.feed(chunk)
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line

    async def read(self, cwd: str, default: str = "") -> str | None:
        from agentsh.frontends.interactive.syntax import complete

        lines: list[str] = []
        if default:
            self.buffer = default.encode("utf-8", "surrogateescape") + b"\n" + self.buffer
        while True:
            text = prompt_text(cwd, self.env, True) if not lines else "> "
            _write((self.marks.prompt_start() + text + self.marks.prompt_end()).encode())
            line = await self._line()
            if line is None:
                return "\n".join(lines) if lines else None
            lines.append(line.decode("utf-8", "surrogateescape"))
            joined = "\n".join(lines)
            if complete(joined, self.bash):
                return joined


class ToolkitReader:
    """prompt-toolkit's editor, built once for the session: one buffer (history, completion,
    highlighting), a hint line under it, a completion menu and reverse search. A lean layout of
    its own rather than prompt-toolkit's PromptSession: each line costs half the drawing."""

    plain = False
    draws_held_marks = True  # the marks `Marks.hold` kept back go out with the first drawing

    def __init__(self, env: dict[str, str], policy, bash: str, marks: Marks, ctx_for,
                 completer) -> None:
        from prompt_toolkit.application import Application
        from prompt_toolkit.buffer import Buffer
        from prompt_toolkit.document import Document
        from prompt_toolkit.enums import EditingMode
        from prompt_toolkit.filters import Condition, has_focus, is_done, vi_insert_multiple_mode
        from prompt_toolkit.history import FileHistory
        from prompt_toolkit.input import create_input
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout
        from prompt_toolkit.layout.containers import (
            ConditionalContainer,
            Float,
            FloatContainer,
            HSplit,
            Window,
        )
        from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
        from prompt_toolkit.layout.dimension import Dimension
        from prompt_toolkit.layout.menus import CompletionsMenu
        from prompt_toolkit.layout.processors import (
            ConditionalProcessor,
            DisplayMultipleCursors,
            HighlightIncrementalSearchProcessor,
            HighlightSearchProcessor,
            HighlightSelectionProcessor,
            merge_processors,
        )
        from prompt_toolkit.lexers import Lexer
        from prompt_toolkit.output import create_output
        from prompt_toolkit.styles import Style
        from prompt_toolkit.widgets import SearchToolbar

        from agentsh import locations
        from agentsh.frontends.interactive.syntax import complete

        self.env = env
        self.marks = marks
        self.bash = bash
        self.Document = Document
        self.EditingMode = EditingMode
        verdicts = Verdicts(policy, ctx_for)
        self.verdicts = verdicts
        history_dir = os.path.join(locations.state_home(env), "agentsh")
        os.makedirs(history_dir, mode=0o700, exist_ok=True)
        history_file = private_file(os.path.join(history_dir, "history"))
        self.prompt: list[tuple[str, str]] = []

        class RiskLexer(Lexer):
            """Colours the parts of the line a rule flags, as you type."""

            def lex_document(self, document):
                lines = document.lines
                verdict = verdicts(document.text) if document.text.strip() else None
                spans = [f.span for f in verdict.findings if f.decision != Decision.ALLOW] \
                    if verdict is not None else []
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

        def hint() -> str:
            text = buffer.text
            if not text.strip():
                return ""
            verdict = verdicts(text)
            if verdict is None or verdict.top is None:
                return ""
            if not verdict.parse_ok and not complete(text, bash, verdict):
                return " ..."  # still being typed (an open `for`, quote or heredoc): not an error
            top = verdict.top
            return f" {top.rule} {top.message} -> {top.decision}"

        def accept(buff) -> bool:
            app.exit(result=buff.text)
            return True  # the text stays on screen as typed; the next line resets the buffer

        class LineBuffer(Buffer):
            """The line, with the history to go back through. prompt-toolkit forgets the history at
            every line and walks all of it again (an entry at a time, in a task of its own) when
            the line is drawn: a cost per line that grows with the history file. Once read, the
            history is in memory and kept current; it is put back at once."""

            def load_history_if_not_yet_loaded(self) -> None:
                history = self.history
                strings = getattr(history, "_loaded_strings", None)
                if self._load_history_task is None and getattr(history, "_loaded", False) and \
                        isinstance(strings, list) and hasattr(self, "_Buffer__working_index"):
                    self._working_lines.extendleft(strings)  # newest first: oldest ends leftmost
                    self._Buffer__working_index += len(strings)
                    self._load_history_task = _HistoryInPlace
                    return
                super().load_history_if_not_yet_loaded()

        buffer = LineBuffer(name="DEFAULT_BUFFER", multiline=True,
                            history=FileHistory(history_file), completer=completer,
                            complete_while_typing=False, accept_handler=accept)
        self.buffer = buffer
        keys = KeyBindings()

        @keys.add("enter", filter=has_focus(buffer))
        def _enter(event) -> None:
            if complete(buffer.text, bash, verdicts(buffer.text)):
                buffer.validate_and_handle()
            else:
                buffer.insert_text("\n")

        @keys.add("c-c", filter=has_focus(buffer))
        def _interrupt(event) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        @keys.add("c-d", filter=has_focus(buffer) & Condition(lambda: not buffer.text))
        def _eof(event) -> None:
            event.app.exit(exception=EOFError, style="class:exiting")

        def line_prefix(number: int, wrapped: int):
            if wrapped:
                return []
            return self.prompt if number == 0 else [("", "> ")]

        def menu_room() -> Dimension:  # room below the line for the completion menu
            return Dimension(min=8) if buffer.complete_state else Dimension()

        drawing = {"now": False, "made": {}}  # the line's content, made once per drawing

        class LineControl(BufferControl):
            """The line being edited. prompt-toolkit makes its content (the lexer's fragments, run
            through the processors) four times per drawing: to size the layout, the window, and
            to draw it; within one drawing nothing it depends on changes, so it is made once."""

            def create_content(self, width, height, preview_search=False):
                if not drawing["now"]:
                    return super().create_content(width, height, preview_search)
                key = (width, height, preview_search)
                made = drawing["made"].get(key)
                if made is None:
                    made = drawing["made"][key] = super().create_content(width, height,
                                                                         preview_search)
                return made

        def highlighting() -> bool:
            """Whether prompt-toolkit's highlighting of search matches, the selection or vi's
            multiple cursors has anything to show: otherwise the line is not run through them."""
            return buffer.selection_state is not None or bool(search.control.buffer.text) or \
                bool(line.search_state.text) or (app.editing_mode == EditingMode.VI and
                                                 vi_insert_multiple_mode())

        search = SearchToolbar()
        line = LineControl(buffer, lexer=RiskLexer(), search_buffer_control=search.control,
                           include_default_input_processors=False,
                           input_processors=[ConditionalProcessor(merge_processors([
                               HighlightSearchProcessor(), HighlightIncrementalSearchProcessor(),
                               HighlightSelectionProcessor(), DisplayMultipleCursors()]),
                               Condition(highlighting))])
        body = HSplit([
            Window(line, get_line_prefix=line_prefix, wrap_lines=True, dont_extend_height=True,
                   height=menu_room),
            search,
            ConditionalContainer(
                Window(FormattedTextControl(hint), height=1, style="class:bottom-toolbar"),
                filter=~is_done & Condition(lambda: bool(buffer.text.strip()))),
        ])
        root = FloatContainer(body, floats=[
            Float(xcursor=True, ycursor=True, transparent=True,
                  content=CompletionsMenu(max_height=12, scroll_offset=1))])
        self.input = create_input()
        self.keys = keys
        self.bindings: dict[bool, object] = {}
        output = create_output()
        # No cursor-position requests: the layout takes the room it needs below the line, and a
        # request would cost a round trip to the terminal and a second drawing at every prompt.
        output.enable_cpr = False
        writes = self.writes = HeldWrites(output, marks)

        class LineApplication(Application):
            drawn_for = None  # the run (its future) the editor was last drawn in
            changes = 0  # redraws asked for (`invalidate`) so far
            drawn_changes = -1  # ... when the editor was last drawn

            def invalidate(self) -> None:
                self.changes += 1
                super().invalidate()

            def _update_invalidate_events(self) -> None:
                # prompt-toolkit walks the layout after every drawing to subscribe to its
                # controls' events anew; this layout never changes, so they are gathered once
                # (and subscribed to again after a run ended, which unsubscribes them)
                events = self.__dict__.get("layout_events")
                if events is None:
                    super()._update_invalidate_events()
                    self.layout_events = self._invalidate_events
                elif self._invalidate_events is not events:
                    for event in self._invalidate_events:
                        event -= self._invalidate_handler
                    for event in events:
                        event += self._invalidate_handler
                    self._invalidate_events = events

            def _redraw(self, render_as_done: bool = False) -> None:
                # A redraw asked for while keys were read (the line's own text) but run after
                # Enter accepted the line is not drawn: the editor erases itself next, so a line
                # sent at once costs one drawing, not two. Nor is one asked for at a line's
                # keys but run once the next line's editor is up (prompt-toolkit does not cancel
                # it), or any other with nothing asked for since the last drawing. A run's first
                # drawing is always made, and ends with the prompt-end mark (VS Code's 633;B)
                # where input starts: the renderer writes a mark only with the character after
                # it, and the prompt's last cell is empty until a key fills it. The first
                # drawing and its mark go to the terminal in one write; the erasing at the end
                # is held, to go with the line as accepted (`shown_as_accepted`).
                future = self.future
                first = False
                if not render_as_done and future is not None:
                    if future.done() and self.drawn_for is future:
                        return
                    first = self.drawn_for is not future
                    if not first and self.changes == self.drawn_changes and \
                            getattr(self.renderer, "_last_screen", None) is not None:
                        return  # nothing changed, and the screen still shows the last drawing
                    self.drawn_for = future
                    self.drawn_changes = self.changes
                drawings = self.render_counter
                if first or render_as_done:
                    writes.hold()
                drawing["now"], drawing["made"] = True, {}
                if first:
                    self.output.write_raw(marks.take())
                try:
                    super()._redraw(render_as_done)
                finally:
                    drawing["now"], drawing["made"] = False, {}
                    if first:
                        if self.render_counter != drawings and not buffer.text:
                            self.output.write_raw(marks.prompt_end())
                        writes.release()

        app = LineApplication(layout=Layout(root, focused_element=buffer), output=output,
                          key_bindings=self._bindings(False),
                          style=Style.from_dict({"bottom-toolbar": "reverse"}),
                          # the accepted line is written back plainly (`shown_as_accepted`): the
                          # editor's final drawing would be a second full rendering per line
                          input=self.input, erase_when_done=True, mouse_support=False,
                          # a redraw asked for while the line is being accepted is not drawn
                          min_redraw_interval=0.02,
                          # the window's size: agentsh's own SIGWINCH handler (`resized`), not
                          # a task polling it at every line
                          terminal_size_polling_interval=None)
        # Application always adds all of prompt-toolkit's default bindings (emacs and vi, mouse)
        # behind the ones it is given, and weighs them at every key; agentsh gives its own set
        if hasattr(app, "_default_bindings"):
            app._default_bindings = KeyBindings()
        _bindings_by_window(app)
        _typed_text_at_once(app, buffer)
        # prompt-toolkit walks the whole layout after every drawing to note each container's
        # parent; this layout never changes, so once is enough
        app.layout.update_parents_relations()
        app.layout.update_parents_relations = lambda: None
        self.app = app

    def feed(self, data: bytes) -> None:
        """Keys typed before the prompt, for the next prompt to process first."""
        if not data:
            return
        from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
        from prompt_toolkit.input.vt100_parser import Vt100Parser
        from prompt_toolkit.keys import Keys

        # the terminal turned Enter into a newline on its way into the pseudo-terminal
        text = data.replace(b"\r\n", b"\r").replace(b"\n", b"\r").decode("utf-8", "replace")
        keys: list = []
        parser = Vt100Parser(keys.append)
        parser.feed(text)
        parser.flush()
        keys = [k for k in keys if k.key != Keys.CPRResponse]  # answers to an old question
        store_typeahead(self.input, get_typeahead(self.input) + keys)

    def take_pending_input(self) -> None:
        self.feed(available_input())

    def show_output(self, data: bytes) -> None:
        """Output of a background job while the prompt is up: above the prompt."""
        from prompt_toolkit.application import run_in_terminal

        if self.app.is_running:
            run_in_terminal(lambda: self.writes.release(data), in_executor=False)
        else:
            self.writes.release(data)

    def _bindings(self, vi: bool):
        """prompt-toolkit's default key bindings for one editing mode, and agentsh's: the other
        mode's hundreds of bindings would be weighed (and skipped) at every key."""
        if vi not in self.bindings:
            from prompt_toolkit.key_binding import merge_key_bindings
            from prompt_toolkit.key_binding.bindings import basic, cpr, emacs
            from prompt_toolkit.key_binding.bindings import vi as vi_keys

            if vi:
                mode = [vi_keys.load_vi_bindings(), vi_keys.load_vi_search_bindings()]
            else:
                mode = [emacs.load_emacs_bindings(), emacs.load_emacs_search_bindings(),
                        emacs.load_emacs_shift_selection_bindings()]
            self.bindings[vi] = merge_key_bindings([basic.load_basic_bindings(), *mode,
                                                    cpr.load_cpr_bindings(), self.keys])
        return self.bindings[vi]

    def resized(self) -> None:
        """The terminal changed size (agentsh's own SIGWINCH handler: see `read`)."""
        if self.app.is_running:
            self.app._on_resize()

    def set_mode(self, vi: bool) -> None:
        mode = self.EditingMode.VI if vi else self.EditingMode.EMACS
        if self.app.editing_mode != mode:
            self.app.editing_mode = mode
            self.app.key_bindings = self._bindings(vi)

    def show_accepted(self, cwd: str, text: str) -> None:
        """A line agentsh runs without the editor (the next of a pasted block), as if typed
        (after the marks held back for the prompt)."""
        self.writes.release((self.marks.prompt_start() + "\x1b[1m"
                             + prompt_text(cwd, self.env, False) + "\x1b[0m"
                             + self.marks.prompt_end() + text.replace("\n", "\r\n> ")
                             + "\r\n").encode("utf-8", "surrogateescape"))

    def shown_as_accepted(self, cwd: str, text: str, end: str = "") -> None:
        """The editor erased itself: the prompt and the line as accepted, where they were (the
        editor's marks for VS Code already stand there), in one write with the erasing."""
        self.writes.release(("\x1b[1m" + prompt_text(cwd, self.env, False) + "\x1b[0m"
                + text.replace("\n", "\r\n> ") + end + "\r\n").encode("utf-8", "surrogateescape"))

    async def read(self, cwd: str, default: str = "") -> str | None:
        self.prompt = [("[ZeroWidthEscape]", self.marks.prompt_start()),
                       ("bold", prompt_text(cwd, self.env, False)),
                       ("[ZeroWidthEscape]", self.marks.prompt_end())]
        from prompt_toolkit.application import application as pt_application

        # prompt-toolkit swaps the loop's SIGWINCH handler in and out at every run; agentsh's own
        # handler stays and calls `resized`
        attach, pt_application.attach_winch_signal_handler = \
            pt_application.attach_winch_signal_handler, _no_winch_handler
        try:
            while True:
                self.buffer.reset(self.Document(default, len(default)))
                try:
                    text = await self.app.run_async(handle_sigint=False,
                                                    set_exception_handler=False)
                except KeyboardInterrupt:
                    self.shown_as_accepted(cwd, self.buffer.text, "^C")
                    default = ""
                    continue
                except EOFError:
                    self.shown_as_accepted(cwd, "")
                    return None
                self.shown_as_accepted(cwd, text)
                return text
        finally:
            pt_application.attach_winch_signal_handler = attach
            self.writes.release()


class HeldWrites:
    """prompt-toolkit's output, whose writes agentsh holds back where several would follow one
    another, to send them to the terminal in one write (each write also wakes the terminal)."""

    def __init__(self, output, marks: Marks) -> None:
        self.output = output
        self.marks = marks  # and the marks held back (`Marks.hold`), which go first
        self.held = False
        self.flush_now = output.flush
        output.flush = self.flush

    def flush(self) -> None:
        if not self.held:
            self.flush_now()

    def hold(self) -> None:
        self.held = True

    def release(self, then: bytes = b"") -> None:
        """The marks held back, what prompt-toolkit wrote meanwhile, then `then`, in one
        write."""
        self.held = False
        marks = self.marks.take().encode("utf-8", "surrogateescape")
        buffered = getattr(self.output, "_buffer", None)
        if not (then or marks) or not isinstance(buffered, list):
            if marks:
                _write(marks)
            self.flush_now()
            if then:
                _write(then)
            return
        encoding = getattr(getattr(self.output, "stdout", None), "encoding", None) or "utf-8"
        text = "".join(buffered)
        buffered.clear()
        _write(marks + text.encode(encoding, "replace") + then)


@contextlib.contextmanager
def _no_winch_handler(handler):
    yield


def _bindings_by_window(app) -> None:
    """prompt-toolkit finds the key bindings for each key by walking the whole layout twice, to
    learn which controls it holds; this editor's layout never changes, so they are kept by the
    focused window (and the editing mode's set) instead. Left as it is where prompt-toolkit's
    insides differ."""
    try:
        from prompt_toolkit.application.application import _CombinedRegistry
    except ImportError:
        return
    processor = app.key_processor
    if not isinstance(getattr(processor, "_bindings", None), _CombinedRegistry) or \
            not hasattr(_CombinedRegistry, "_create_key_bindings"):
        return

    class Fixed:
        """A merged set of bindings nothing adds to or removes from: each key sequence's
        bindings found once (prompt-toolkit checks every merged set's version at every key; the
        bindings' filters are still weighed at every key)."""

        def __init__(self, merged) -> None:
            self.merged = merged
            self.for_keys: dict = {}
            self.starting_with: dict = {}

        def get_bindings_for_keys(self, keys):
            found = self.for_keys.get(keys)
            if found is None:
                found = self.for_keys[keys] = self.merged.get_bindings_for_keys(keys)
            return found

        def get_bindings_starting_with_keys(self, keys):
            found = self.starting_with.get(keys)
            if found is None:
                found = self.starting_with[keys] = \
                    self.merged.get_bindings_starting_with_keys(keys)
            return found

    class ByWindow(_CombinedRegistry):
        def __init__(self, app) -> None:
            super().__init__(app)
            self.by_window: dict = {}

        @property
        def _key_bindings(self):
            window = self.app.layout.current_window
            key = (window, self.app.key_bindings)
            found = self.by_window.get(key)
            if found is None:
                found = self.by_window[key] = Fixed(self._create_key_bindings(window, []))
            return found

    processor._bindings = ByWindow(app)


def _typed_text_at_once(app, buffer) -> None:
    """Plain characters typed (or sent) in a row go into the line in one insertion, as
    prompt-toolkit's own self-insert would put them one by one: each key would otherwise be
    matched against the bindings, weigh their filters, and change the line (and ask for a redraw)
    on its own. Only where the outcome is the same: emacs keys in the line being edited, no
    selection, count, quoted insert or keyboard macro being recorded, and a character no binding
    names (nor starts a longer sequence with). Everything else goes through prompt-toolkit's
    key processor as before."""
    from prompt_toolkit.enums import EditingMode
    from prompt_toolkit.key_binding.bindings.named_commands import get_by_name
    from prompt_toolkit.keys import Keys

    processor = app.key_processor
    registry = getattr(processor, "_bindings", None)
    if not hasattr(registry, "by_window"):  # prompt-toolkit's insides differ: left as it is
        return
    self_insert = get_by_name("self-insert").handler
    plain: dict = {}  # (bindings in force, character) -> (self-insert, the other bindings)

    def bindings_for(char: str):
        """The self-insert binding `char` reaches and the other wildcard bindings it could,
        or None if a binding names `char` or starts a longer sequence with it."""
        bindings = registry._key_bindings
        key = (bindings, char)
        if key not in plain:
            insert, others = None, []
            if not bindings.get_bindings_starting_with_keys((char,)):
                for b in bindings.get_bindings_for_keys((char,)):
                    if b.keys != (Keys.Any,):
                        insert = None
                        break
                    if b.handler is self_insert and insert is None:
                        insert = b
                    else:
                        others.append(b)
            plain[key] = (insert, tuple(others)) if insert is not None else None
        return plain[key]

    def insertable(press) -> bool:
        data = press.key
        return isinstance(data, str) and len(data) == 1 and data == press.data and \
            data.isprintable()

    original = processor.process_keys

    def process_keys() -> None:
        queue = processor.input_queue
        if queue and insertable(queue[0]) and not processor.key_buffer and \
                processor.arg is None and app.editing_mode == EditingMode.EMACS and \
                app.layout.current_buffer is buffer and buffer.selection_state is None and \
                not buffer.read_only() and not app.quoted_insert and \
                not app.emacs_state.is_recording and not app.is_done:
            found = bindings_for(queue[0].key)
            # the bindings' filters as prompt-toolkit weighs them (once for the run: inserting
            # plain text changes none of them)
            if found is not None and found[0].filter() and \
                    not any(b.filter() for b in found[1]):
                binding = found[0]
                run = []
                while queue and insertable(queue[0]) and bindings_for(queue[0].key) == found:
                    run.append(queue.popleft())
                processor.before_key_press.fire()
                typed = "".join(press.data for press in run)
                # the undo history as the keys one by one would leave it: the line before each
                # key whose binding saves it
                before = buffer.document.text_before_cursor
                after = buffer.document.text_after_cursor
                repeat = processor._previous_handler == binding
                for n in range(len(typed)):
                    if binding.save_before(_Repeated(repeat or n > 0)):
                        if n == 0:
                            buffer.save_to_undo_stack()
                        else:
                            buffer._undo_stack.append((before + typed[:n] + after,
                                                       len(before) + n))
                buffer.insert_text(typed)
                processor._previous_key_sequence = run[-1:]
                processor._previous_handler = binding
                processor.after_key_press.fire()
                app.invalidate()
        original()

    def start_timeout() -> None:
        # prompt-toolkit starts a timer after every batch of keys, to end a key sequence left
        # open (a lone Escape); with none open there is nothing for it to do
        if processor.key_buffer:
            start_timer()
        elif processor._flush_wait_task is not None:
            processor._flush_wait_task.cancel()
            processor._flush_wait_task = None

    start_timer = processor._start_timeout
    processor.process_keys = process_keys
    processor._start_timeout = start_timeout


class _HistoryInPlace:
    """Stands for prompt-toolkit's history-loading task where the history was put in place at
    once (`Buffer.reset` cancels the task)."""

    @staticmethod
    def cancel() -> bool:
        return False


class _Repeated:
    """Enough of a key event for a binding's `save_before` (whether it saves the line before the
    key depends on whether the same binding took the key before)."""

    def __init__(self, is_repeat: bool) -> None:
        self.is_repeat = is_repeat


def wants_plain(env: dict[str, str]) -> bool:
    """Whether the session gets the plain reader: a dumb terminal, Cursor's agent sessions."""
    return env.get("CURSOR_AGENT") == "1" or env.get("TERM", "") in ("", "dumb") or \
        not sys.stdin.isatty() or not sys.stdout.isatty()


def make_reader(env: dict[str, str], policy, bash: str, marks: Marks, ctx_for, completer):
    """prompt-toolkit's editor when the terminal allows it, else the plain reader."""
    if not wants_plain(env):
        try:
            return ToolkitReader(env, policy, bash, marks, ctx_for, completer)
        except Exception:  # prompt-toolkit cannot start: the plain reader, same gate
            pass
    return PlainReader(env, bash, marks)
