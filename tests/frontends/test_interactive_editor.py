"""agentsh's line editor in this process (prompt-toolkit on a pipe, no terminal): keys give the
same line whichever way prompt-toolkit is driven, and the cost of a line (docs/interactive.md,
"Start-up and cost per line")."""

from __future__ import annotations

import asyncio
import io
import os
import re

import pytest

pytest.importorskip("prompt_toolkit")

from prompt_toolkit.data_structures import Size  # noqa: E402
from prompt_toolkit.input import create_pipe_input  # noqa: E402
from prompt_toolkit.output.vt100 import Vt100_Output  # noqa: E402

from agentsh.frontends.interactive import reader as reader_mod  # noqa: E402
from agentsh.frontends.interactive.marks import Marks  # noqa: E402


class Terminal(io.StringIO):
    """What the editor writes to the terminal (prompt-toolkit's writes, and agentsh's own)."""

    encoding = "utf-8"

    def fileno(self) -> int:
        raise io.UnsupportedOperation


@pytest.fixture
def editor(builtin_policy, env, tmp_path, monkeypatch):
    """A factory of editors reading keys from a pipe: `make(fast=False)` leaves prompt-toolkit's
    key processing as it is (for comparison)."""
    made = []
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    screen = Terminal()
    monkeypatch.setattr(reader_mod, "_write", lambda data: screen.write(data.decode()))

    def make(fast: bool = True):
        context = create_pipe_input()
        pipe = context.__enter__()
        output = Vt100_Output(screen, lambda: Size(rows=40, columns=120), term="xterm")
        monkeypatch.setattr("prompt_toolkit.input.create_input", lambda *a, **k: pipe)
        monkeypatch.setattr("prompt_toolkit.output.create_output", lambda *a, **k: output)
        if not fast:
            monkeypatch.setattr(reader_mod, "_typed_text_at_once", lambda app, buffer: None)
        marks = Marks({"TERM_PROGRAM": "vscode"}, screen)
        editor = reader_mod.ToolkitReader(dict(env), builtin_policy, "/bin/bash", marks,
                                          lambda: None, None)
        monkeypatch.undo()
        monkeypatch.setattr(reader_mod, "_write", lambda data: screen.write(data.decode()))
        editor.pipe, editor.pipe_context, editor.screen = pipe, context, screen
        editor.marks = marks
        made.append(editor)
        return editor

    make.loop = loop
    yield make
    for editor in made:
        editor.pipe_context.__exit__(None, None, None)
    loop.close()
    asyncio.set_event_loop(None)


def read(editor, loop, *chunks: str) -> str | None:
    """The line the editor accepts from `chunks` of keys, each sent once the previous one is
    read (as a person types, or an editor's terminal API sends)."""

    async def scenario():
        line = asyncio.ensure_future(editor.read(os.getcwd()))
        for chunk in chunks:
            await asyncio.sleep(0.01)
            editor.pipe.send_text(chunk)
        return await asyncio.wait_for(line, 10)

    return loop.run_until_complete(scenario())


@pytest.mark.parametrize("chunks", [
    ("echo abc\x01X\x05Y\r",),
    ("echo hello\x1bbX\r",),
    ("abc def\x1fx\r",),
    ("abc", " def", "\x1f", "x\r"),
    ("echo a\x17b\x19\r",),
    ("x\x16\x01y\r",),
    ("ab\x00\x01Z\r",),
    ("echo \x18(ab\x18)\x18e\r",),
    ("\x1b4x\r",),
    ("echo tést ünïcode\r",),
], ids=["home-and-end", "word-back", "undo-a-run", "undo-runs-sent-apart", "kill-and-yank",
        "quoted-insert", "selection", "keyboard-macro", "count", "non-ascii"])
def test_keys_make_the_same_line_as_prompt_toolkit_one_by_one(editor, chunks) -> None:
    """Plain text sent at once goes into the line in one insertion; with any emacs editing key,
    count, quoted insert, selection or macro around it the line is the one prompt-toolkit makes
    processing each key on its own."""
    fast, slow = editor(), editor(fast=False)
    expected = read(slow, editor.loop, *chunks)
    assert read(fast, editor.loop, *chunks) == expected
    # and the undo history the same: undo everything once more
    assert fast.buffer._undo_stack == slow.buffer._undo_stack


def test_a_line_sent_at_once_changes_the_line_once(editor) -> None:
    """Keys sent at once (an editor's sendText, a fast typist) insert the text in one change of
    the line (prompt-toolkit alone: one change per key, each matched against every binding)."""
    edit = editor()
    changes = []
    edit.buffer.on_text_changed += lambda _: changes.append(edit.buffer.text)
    assert read(edit, editor.loop, "echo hello world\r") == "echo hello world"
    assert changes == ["echo hello world"]


def test_a_redraw_with_nothing_changed_is_not_drawn(editor) -> None:
    """After the prompt is drawn, a redraw nobody asked for since (prompt-toolkit leaves one
    asked for at a line's keys to run under the next line's editor) draws nothing; one asked for
    is drawn."""
    edit = editor()
    app = edit.app
    counts = []

    async def scenario():
        line = asyncio.ensure_future(edit.read(os.getcwd()))
        await asyncio.sleep(0.05)
        counts.append(app.render_counter)
        app._redraw()
        counts.append(app.render_counter)
        app.invalidate()
        await asyncio.sleep(0.1)
        counts.append(app.render_counter)
        edit.pipe.send_text("true\r")
        return await asyncio.wait_for(line, 10)

    assert editor.loop.run_until_complete(scenario()) == "true"
    first, unasked, asked = counts
    assert unasked == first
    assert asked == first + 1


def test_the_prompt_and_its_marks_go_out_together(editor) -> None:
    """The previous command's end and the directory (held back at the prompt), the first drawing
    and VS Code's prompt-end mark go to the terminal in one write; the erasing and the line as
    accepted in one more."""
    edit = editor()
    writes = []
    real_write = edit.screen.write
    edit.screen.write = lambda text: writes.append(text) or real_write(text)
    edit.screen.flush = lambda: None
    edit.marks.hold()
    edit.marks.done(0, "/some/dir")
    assert writes == []
    assert read(edit, editor.loop, "true\r") == "true"
    drawn = [w for w in writes if "\x1b[?7l" in w]
    assert len(drawn) == 1
    assert drawn[0].startswith("\x1b]633;D;0\x07\x1b]633;P;Cwd=/some/dir\x07")
    assert drawn[0].endswith("\x1b]633;B\x07")
    accepted = [w for w in writes if "true\r\n" in w]
    assert len(accepted) == 1 and "\x1b[J" in accepted[0]
    assert "".join(writes).count("633;D") == 1


def test_marks_held_back_go_first_with_any_other_mark(editor) -> None:
    """Held marks never come after a later one: a command's own marks write them first."""
    edit = editor()
    edit.marks.hold()
    edit.marks.done(1, "/d")
    edit.marks.command("ls")
    assert edit.screen.getvalue().endswith(
        "\x1b]633;D;1\x07\x1b]633;P;Cwd=/d\x07\x1b]633;E;ls;\x07\x1b]633;C\x07")


def test_a_pasted_line_run_without_the_editor_comes_after_the_held_marks(editor) -> None:
    """The next line of a pasted block is shown as if typed, after the previous command's end."""
    edit = editor()
    edit.marks.hold()
    edit.marks.done(0, "/d")
    edit.show_accepted("/d", "ls")
    kinds = re.findall(r"\x1b\]633;([A-Z])", edit.screen.getvalue())
    assert kinds == ["D", "P", "A", "B"]


def test_history_is_gone_back_through_in_order(editor) -> None:
    """Up goes back through the lines before, newest first, across lines (the history put back
    in place at each line is the one prompt-toolkit would walk again)."""
    edit = editor()
    for line in ("echo one", "echo two", "echo three"):
        assert read(edit, editor.loop, line + "\r") == line
    assert read(edit, editor.loop, "\x1b[A\x1b[A\r") == "echo two"
    assert read(edit, editor.loop, "\x1b[A\r") == "echo two"
    assert read(edit, editor.loop, "\x1b[A\x1b[A\x1b[A\x1b[A\r") == "echo one"


def test_the_history_is_not_walked_again_at_every_line(editor, env) -> None:
    """A long history costs nothing per line: it is read once (prompt-toolkit walks all of it
    again, an entry at a time, at every line)."""
    from pathlib import Path

    history = Path(env["XDG_STATE_HOME"]) / "agentsh" / "history"
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_text("".join(f"\n# 2026-11-30\n+echo old-{n}\n" for n in range(2000)))
    edit = editor()
    walked = []
    load = edit.buffer.history.load

    def counted():
        walked.append(1)
        return load()

    edit.buffer.history.load = counted
    for n in range(3):
        assert read(edit, editor.loop, f"echo new-{n}\r") == f"echo new-{n}"
    assert len(walked) == 1
    assert read(edit, editor.loop, "\x1b[A\x1b[A\x1b[A\x1b[A\r") == "echo old-1999"
