"""Module-level regular expressions compiled the first time they are used.

`re.compile` runs Python code (the parser and compiler of the `re` package): a few hundred
microseconds for a pattern of some length. Every checked command imports the engine, and most
use a handful of its patterns, so a pattern that only some commands need is made with `later()`
and compiled on its first use (see docs/benchmarks.md)."""

from __future__ import annotations

import re

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    """Stands for `re.compile(pattern, flags)` and compiles it on first use; after that its
    methods are the compiled pattern's own."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        for name in _METHODS:  # found on the instance from now on, not through __getattr__
            setattr(self, name, getattr(compiled, name))
        self.compiled = lambda: compiled
        return compiled

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"later({self.pattern!r})"


def later(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
