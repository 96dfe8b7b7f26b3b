"""One piece of a shell glob as a regular expression, shared by agentsh's path patterns
(`pathmatch.glob_regex`) and `.gitignore` patterns (`gitignore`), which differ only in `**`."""

from __future__ import annotations

import re


def atom(pattern: str, i: int) -> tuple[str, int]:
    """The regex for the glob element at `pattern[i]` (`*` and `?` within one path component,
    a bracket expression, `\\x`, or a literal character) and the index after it."""
    ch = pattern[i]
    if ch == "*":
        return "[^/]*", i + 1
    if ch == "?":
        return "[^/]", i + 1
    if ch == "[":
        end = pattern.find("]", i + 2)
        if end == -1:
            return re.escape(ch), i + 1
        body = pattern[i + 1 : end]
        return "[" + ("^" + body[1:] if body.startswith("!") else body) + "]", end + 1
    if ch == "\\" and i + 1 < len(pattern):
        return re.escape(pattern[i + 1]), i + 2
    return re.escape(ch), i + 1
