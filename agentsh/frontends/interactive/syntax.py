"""What bash would make of a line before it runs: whether the text is a whole command yet (an
open quote, `if` without `fi`, a trailing backslash or a here-document without its end make bash
read on), whether it parses at all, and where a pasted block splits into the commands bash would
run one after another. bash itself (`bash -n`) decides wherever agentsh's parser cannot."""

from __future__ import annotations

import subprocess

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Verdict

# what bash -n says when the text stops short (a here-document without its end is only a warning)
INCOMPLETE = ("unexpected end of file", "unexpected EOF", "here-document")


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


def check(text: str, bash: str) -> str:
    """bash's own reading of `text`: "ok", "incomplete" (bash would read another line) or
    "error" (a syntax error bash reports when it reads the line)."""
    if text.endswith("\\") and not text.endswith("\\\\"):
        return "incomplete"
    try:
        result = subprocess.run([bash, "-O", "extglob", "-n", "-c", text], capture_output=True,
                                text=True, errors="replace", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "ok"  # bash itself decides when it reads the line
    if any(s in result.stderr for s in INCOMPLETE):
        return "incomplete"
    return "ok" if result.returncode == 0 else "error"


def complete(text: str, bash: str, verdict: Verdict | None = None) -> bool:
    """Whether bash would take `text` as a whole command. A one-line text agentsh's parser read
    without error is whole; anything else bash decides."""
    if verdict is not None and verdict.parse_ok and "\n" not in text and "<<" not in text \
            and not text.endswith("\\"):
        return True
    return check(text, bash) != "incomplete"


def split_units(text: str, bash: str) -> list[str]:
    """A pasted block as the commands bash would read one after another: each line, or the
    lines of one construct that spans several (a loop, a quoted string, a here-document)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return [text]
    units: list[str] = []
    pending: list[str] = []
    for line in lines:
        pending.append(line)
        chunk = "\n".join(pending)
        if not chunk.strip():
            pending = []
            continue
        if check(chunk, bash) != "incomplete":
            units.append(chunk)
            pending = []
    if pending and "\n".join(pending).strip():
        units.append("\n".join(pending))
    return units
