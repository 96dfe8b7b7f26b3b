"""The shlex fast path: text without shell syntax (no ``$ ` ; & | < > ( )``, newline or comment)
is split by `shlex`, which gives bash's argv exactly, with no parser imported at all."""

from __future__ import annotations

from agentsh.engine.model import Command, Parsed, Word

SHELL_SYNTAX = frozenset("$`;&|<>()\n")
RESERVED = frozenset(
    "! [[ ]] { } case coproc do done elif else esac fi for function if in select then "
    "time until while".split()
)
ASSIGNMENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def is_assignment(word: str) -> bool:
    name, eq, _ = word.partition("=")
    return bool(eq) and bool(name) and not name[0].isdigit() and set(name) <= ASSIGNMENT_CHARS


def _plain(text: str) -> bool:
    if SHELL_SYNTAX.intersection(text):
        return False
    return not any(tok.startswith("#") for tok in text.split())


def split_raw(text: str) -> list[tuple[str, str]] | None:
    """`shlex.split` for text without `$` or backquotes, keeping each word's source form
    (quotes included), which brace expansion and globbing depend on; None when a quote is
    left open."""
    words: list[tuple[str, str]] = []
    value: list[str] = []
    start = -1
    quote = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                value.append(ch)
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch == "\\" and i + 1 < n and text[i + 1] in '"\\':
                value.append(text[i + 1])
                i += 1
            else:
                value.append(ch)
        elif ch in " \t\r\n":
            if start >= 0:
                words.append(("".join(value), text[start:i]))
                value, start = [], -1
        else:
            if start < 0:
                start = i
            if ch in "'\"":
                quote = ch
            elif ch == "\\":
                if i + 1 < n:
                    value.append(text[i + 1])
                    i += 1
            else:
                value.append(ch)
        i += 1
    if quote:
        return None
    if start >= 0:
        words.append(("".join(value), text[start:]))
    return words


def parse_plain(text: str) -> Parsed | None:
    """The shlex fast path, or None when the text needs a real parser."""
    if not _plain(text):
        return None
    split = split_raw(text)
    if split is None:
        return None
    if not split:
        return Parsed((), True, "shlex")
    if split[0][0] in RESERVED:
        return None
    assignments, raw = [], []
    while split and is_assignment(split[0][0]):
        value_, raw_ = split.pop(0)
        name, _, value = value_.partition("=")
        assignments.append((name, value))
        raw.append(raw_)
    start = len(text) - len(text.lstrip())
    span = (start, len(text.rstrip()))
    words = tuple(Word(a, True, span, r) for a, r in split)
    if not words and not assignments:
        return Parsed((), True, "shlex")
    return Parsed((Command(words, span, tuple(assignments), assign_raw=tuple(raw)),), True, "shlex",
                  tree=("cmd", 0))
