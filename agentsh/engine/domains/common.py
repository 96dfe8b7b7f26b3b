"""Helpers shared by analyzers: reading a command's stdin or a named file as text."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Context

WORD_SPLIT = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def stdin_text(cmd: Command, ctx: Context) -> tuple[bool, str | None]:
    """(has stdin, its text or None when it is produced at run time or unreadable)."""
    stdin = cmd.stdin
    if stdin is None:
        return False, None
    if stdin.kind == "file":
        return True, read(stdin.path, ctx)
    return True, stdin.text


def read(path: str, ctx: Context) -> str | None:
    reader = ctx.read_file
    return reader(path) if callable(reader) else None


def name_words(name: str) -> list[str]:
    """`volumeDelete` -> ['volume', 'delete']; `delete-db-instance` -> ['delete', 'db', 'instance']."""
    return [w.lower() for w in WORD_SPLIT.findall(name)]


def has_verb(name: str, verbs: frozenset[str] | set[str]) -> bool:
    """A destroy verb is the whole name, or its first or last word."""
    words = name_words(name)
    if not words:
        return False
    return name.lower() in verbs or words[0] in verbs or words[-1] in verbs
