"""Stage 1: shell text -> the simple commands bash would run (before unwrapping wrappers).

Three parsers, cheapest first, each used only where it is right:
  1. `shlex` for text without shell syntax (no ``$ ` ; & | < > ( )``, newline or comment):
     bash's argv exactly, and no parser import at all.
  2. tree-sitter-bash for everything else: fast, and it sees substitutions everywhere
     (inside `${x:-$(...)}`, unquoted heredoc bodies, `done < <(...)`).
  3. bashlex when tree-sitter reports a syntax error: a second opinion from a parser modelled
     on bash's own grammar. Only if both fail is the text unparseable, and unparseable asks.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace

from agentsh.model import Command, Word

SHELL_SYNTAX = frozenset("$`;&|<>()\n")
RESERVED = frozenset(
    "! [[ ]] { } case coproc do done elif else esac fi for function if in select then "
    "time until while".split()
)
ASSIGNMENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


@dataclass(frozen=True)
class Parsed:
    """The simple commands found in a text, and which parser found them."""

    commands: tuple[Command, ...]
    ok: bool
    parser: str  # 'shlex', 'tree-sitter', 'bashlex' or 'none'
    error: str = ""


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
    if not words:
        return Parsed((), True, "shlex")
    return Parsed((Command(words, span, tuple(assignments)),), True, "shlex")


def parse(text: str) -> Parsed:
    result = _parse(text)
    if result.ok and "\\\n" in text:
        # bash removes backslash-newline before it splits words (`git re\<newline>set`), and
        # tree-sitter does not; check the joined text too, and keep both readings.
        joined = _parse(text.replace("\\\n", ""))
        if joined.ok:
            seen = {c.argv for c in result.commands}
            extra = tuple(replace(c, span=(0, len(text))) for c in joined.commands
                          if c.argv not in seen)
            result = replace(result, commands=result.commands + extra)
    return result


def _parse(text: str) -> Parsed:
    plain = parse_plain(text)
    if plain is not None:
        return plain
    from agentsh import ts_parse

    result = ts_parse.parse(text)
    if result.ok:
        return result
    from agentsh import bashlex_parse

    second = bashlex_parse.parse(text)
    if second.ok:
        return second
    return Parsed((), False, "none", result.error or second.error)
