"""The shlex fast path: text without shell syntax (no ``$ ` ; & | < > ( )``, newline or comment)
is split by `shlex`, which gives bash's argv exactly, with no parser imported at all."""

from __future__ import annotations

import shlex

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


def parse_plain(text: str) -> Parsed | None:
    """The shlex fast path, or None when the text needs a real parser."""
    if not _plain(text):
        return None
    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if not argv:
        return Parsed((), True, "shlex")
    if argv[0] in RESERVED:
        return None
    assignments = []
    while argv and is_assignment(argv[0]):
        name, _, value = argv.pop(0).partition("=")
        assignments.append((name, value))
    start = len(text) - len(text.lstrip())
    span = (start, len(text.rstrip()))
    words = tuple(Word(a, True, span, a) for a in argv)
    raw = tuple(f"{name}={shlex.quote(value)}" for name, value in assignments)
    if not words and not assignments:
        return Parsed((), True, "shlex")
    return Parsed((Command(words, span, tuple(assignments), assign_raw=raw),), True, "shlex",
                  tree=("cmd", 0))
