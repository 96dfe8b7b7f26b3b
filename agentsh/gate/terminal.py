"""The human gate on the terminal: one keypress (or, for critical actions, the target's name typed),
read from the controlling terminal, never from stdin, which the agent owns.

Anything typed before the prompt is flushed; keys in the first moments after it appears are
ignored; the approve key is picked at random for each prompt and shown on screen, so neither
type-ahead nor a reflexive `y` approves. Any other key, Ctrl-C or the timeout cancels."""

from __future__ import annotations

import os
import time

from agentsh.engine.model import Verdict
from agentsh.gate.answer import Answer
from agentsh.policy.values import Severity

APPROVE_KEYS = "abcdefghjkmpqrstuvwxz"  # never y or n: a reflex must not approve
COOL_DOWN = 0.4  # seconds after the prompt appears during which keys do not count


def open_tty() -> int | None:
    try:
        return os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None


def marked(text: str, span: tuple[int, int]) -> list[tuple[str, str]]:
    """The command with its flagged part marked; redacted, and every control character spelled
    out, so the command cannot hide part of itself (see `messages.visible`)."""
    from agentsh.gate.messages import redacted_parts, visible

    parts = redacted_parts(text, [span])
    if len(parts) == 1:
        return [("bold", visible(parts[0][0]))]
    return [("bold reverse fg:ansired" if flagged else "", visible(part))
            for part, flagged in parts]


def prompt_lines(verdict: Verdict, key: str, timeout: int) -> list[tuple[str, str]]:
    from agentsh.gate.audit import redact
    from agentsh.gate.messages import visible

    top = verdict.top
    out: list[tuple[str, str]] = [
        ("bold fg:ansiyellow", "\nagentsh: this command needs your approval\n  ")]
    out += marked(verdict.text if len(verdict.text) < 2000 else verdict.text[:2000] + "...",
                  top.span if top else (0, 0))
    out.append(("", "\n"))
    for f in verdict.findings[:6]:
        out.append(("fg:ansired", f"  {f.rule} ({f.severity}): "))
        out.append(("", f"{visible(redact(f.message))}\n"))
        if f.safer:
            out.append(("fg:ansigreen", f"    safer: {f.safer}\n"))
    out.append(("bold", f"  Press {key} to run it; any other key cancels ({timeout} s).\n"))
    return out


def _run_app(app, timeout: float):
    import asyncio

    async def main():
        task = asyncio.ensure_future(app.run_async())
        try:
            return await asyncio.wait_for(asyncio.shield(task), timeout)
        except asyncio.TimeoutError:
            if app.is_running:
                app.exit(result="timeout")
            await task
            return "timeout"

    return asyncio.run(main())


def ask_terminal(verdict: Verdict, timeout: int, fd: int) -> Answer:
    """Ask on the terminal behind `fd` (an open /dev/tty)."""
    import secrets
    import termios

    from prompt_toolkit.application import Application
    from prompt_toolkit.input import create_input
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.output import create_output

    tty_in = os.fdopen(os.dup(fd), "r", closefd=True)
    tty_out = os.fdopen(os.dup(fd), "w", closefd=True)
    key = secrets.choice(APPROVE_KEYS)
    try:
        termios.tcflush(fd, termios.TCIFLUSH)
    except termios.error:
        pass
    shown = time.monotonic()
    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    def _any(event) -> None:
        if time.monotonic() - shown < COOL_DOWN:
            return
        event.app.exit(result="approved" if event.data == key else "denied")

    @bindings.add("c-c")
    @bindings.add("c-d")
    def _interrupt(event) -> None:
        event.app.exit(result="interrupted")

    text = prompt_lines(verdict, key, timeout)
    control = FormattedTextControl(text)
    try:
        app = Application(layout=Layout(Window(control, wrap_lines=True)), key_bindings=bindings,
                          input=create_input(stdin=tty_in), output=create_output(stdout=tty_out),
                          full_screen=False, erase_when_done=False)
        shown = time.monotonic()
        result = _run_app(app, timeout)
        if result == "approved":
            top = verdict.top
            if top is not None and top.severity >= Severity.CRITICAL and top.target:
                result = _typed(top.target, timeout, tty_in, tty_out)
        tty_out.write(f"agentsh: {'approved' if result == 'approved' else 'cancelled'}\n")
        tty_out.flush()
    finally:
        tty_in.close()
        tty_out.close()
    return Answer(result == "approved", "terminal", str(result))


def _typed(target: str, timeout: int, tty_in, tty_out) -> str:
    """Critical actions: the person types the target's name, as in a dashboard's delete dialog."""
    import asyncio

    from prompt_toolkit import PromptSession
    from prompt_toolkit.input import create_input
    from prompt_toolkit.output import create_output

    session: PromptSession[str] = PromptSession(input=create_input(stdin=tty_in),
                                                output=create_output(stdout=tty_out))

    async def main() -> str:
        try:
            text = await asyncio.wait_for(
                session.prompt_async(f"This is critical. Type {target!r} to confirm: "), timeout)
        except asyncio.TimeoutError:
            if session.app.is_running:
                session.app.exit(result="")
            return "timeout"
        except (KeyboardInterrupt, EOFError):
            return "interrupted"
        return "approved" if text.strip() == target else "wrong-name"

    return asyncio.run(main())
