"""Helpers for the red-team set sources: each source module appends (cmd, class, why) rows."""

from __future__ import annotations

ROWS: list[dict] = []


def add(cls: str, why: str, cmd: str) -> None:
    """Record one command of class `cls`; `why` says what it destroys (or why it is harmless)."""
    ROWS.append({"cmd": cmd, "class": cls, "why": why})


def many(cls: str, why: str, cmds: list[str]) -> None:
    """Several spellings sharing one class and one reason."""
    for c in cmds:
        add(cls, why, c)
