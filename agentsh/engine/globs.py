"""Shell globs as regular expressions, by bash's own grammar: one translation shared by
agentsh's path patterns (`pathmatch.glob_regex`), `.gitignore` patterns (`gitignore`), the
matching of a command's globs against protected paths (`pathmatch.overlap`), the dataflow
pass's `${x#pattern}` and the gate's listing of what a glob selects (`gate/snapshots/take`).

Bash's bracket expressions: `[!x]` and `[^x]` negate, a `]` right after `[`, `[!` or `[^` is a
member, `[:class:]` (POSIX classes), `[=c=]` and `[.c.]` (a single character), `\\x` quotes x,
`a-z` is a range (bash's `globasciiranges`, on by default since 5.0), and a `[` with no closing
`]` (or with a `/` before it) is an ordinary character. What the translation does not fully
understand (an extglob group `@(...)`, a multi-character collating element) raises
`Unsupported`: the caller then plans nothing (a person decides) or, matching protected
paths, assumes the glob may match."""

from __future__ import annotations

import re


class Unsupported(ValueError):
    """A glob the translation does not fully understand."""


# POSIX classes as regex set members, exact for ASCII. Which non-ASCII characters a class (or
# a range, or `[=e=]`) holds depends on bash's locale: every bracket expression here matches
# any non-ASCII character, negated or not (a superset: see `bracket`)
WIDE = "\u0080-\U0010ffff"
CLASSES = {
    "alpha": "A-Za-z", "alnum": "A-Za-z0-9", "upper": "A-Z", "lower": "a-z", "digit": "0-9",
    "xdigit": "0-9A-Fa-f", "space": " \\t\\n\\r\\f\\v", "blank": " \\t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "print": " -~", "graph": "!-~",
    "cntrl": "\\x00-\\x1f\\x7f", "word": "A-Za-z0-9_",
}
EXTGLOB = re.compile(r"[@!+*?]\(")


def bracket(pattern: str, i: int, path: bool = True) -> tuple[str, int] | None:
    """The regex set for the bracket expression at `pattern[i]` (a `[`) and the index after
    it; None when it is no bracket expression (no closing `]`: the `[` is a character).
    `path`: a path component's (pathname expansion: never a `/`)."""
    j = i + 1
    negate = j < len(pattern) and pattern[j] in "!^"
    if negate:
        j += 1
    members: list[str] = []
    first = True
    while j < len(pattern):
        ch = pattern[j]
        if ch == "]" and not first:
            body = "".join(members)
            # a negated set never matches `/` (pathname expansion splits at it)
            no = "^/" if path else "^"
            if negate:  # members are ASCII only: a non-ASCII character always matches
                if not body:
                    return ("[^/]" if path else "."), j + 1
                return "[" + no + body + "]", j + 1
            return "[" + body + WIDE + "]", j + 1
        first = False
        if ch == "/" and path:
            return None
        if ch == "[" and j + 1 < len(pattern) and pattern[j + 1] in ":=.":
            kind = pattern[j + 1]
            end = pattern.find(kind + "]", j + 2)
            if end == -1:
                members.append(re.escape(ch))
                j += 1
                continue
            name = pattern[j + 2 : end]
            if kind == ":":
                if name not in CLASSES:
                    raise Unsupported(f"[:{name}:]")
                members.append(CLASSES[name])
            elif len(name) == 1:
                if ord(name) < 0x80:
                    members.append(re.escape(name))
            else:
                raise Unsupported(f"[{kind}{name}{kind}]")
            j = end + 2
            continue
        if ch == "\\" and j + 1 < len(pattern):
            ch = pattern[j + 1]
            j += 1
        # a range `a-z` (a `-` first or last is itself)
        if j + 2 < len(pattern) and pattern[j + 1] == "-" and pattern[j + 2] != "]":
            hi = pattern[j + 2]
            k = j + 3
            if hi == "\\" and j + 3 < len(pattern):
                hi, k = pattern[j + 3], j + 4
            elif hi == "[" and pattern[j + 3 : j + 4] in (":", "=", "."):
                raise Unsupported("a range ending in a class")
            hi = chr(min(ord(hi), 0x7F))
            if ord(hi) >= ord(ch) and ord(ch) < 0x80:
                members.append(re.escape(ch) + "-" + re.escape(hi))
            j = k
            continue
        if ord(ch) < 0x80:
            members.append(re.escape(ch))
        j += 1
    return None


def atom(pattern: str, i: int) -> tuple[str, int]:
    """The regex for the glob element at `pattern[i]` (`*` and `?` within one path component,
    a bracket expression, `\\x`, or a literal character) and the index after it. Raises
    `Unsupported` for what it does not fully understand."""
    ch = pattern[i]
    if ch == "*":
        return "[^/]*", i + 1
    if ch == "?":
        return "[^/]", i + 1
    if ch == "[":
        found = bracket(pattern, i)
        if found is None:
            return re.escape(ch), i + 1
        return found
    if ch == "\\" and i + 1 < len(pattern):
        return re.escape(pattern[i + 1]), i + 2
    return re.escape(ch), i + 1


def text_regex(pattern: str) -> re.Pattern[str]:
    """A pattern matched against a string, not a path (`${x#pattern}`, `case`): `*` and `?`
    match `/` too. Raises `Unsupported`."""
    if EXTGLOB.search(pattern):
        raise Unsupported("extglob")
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
            i += 1
        elif ch == "?":
            out.append(".")
            i += 1
        elif ch == "[" and (found := bracket(pattern, i, path=False)) is not None:
            out.append(found[0])
            i = found[1]
        else:
            piece, i = atom(pattern, i)
            out.append(piece)
    return re.compile("".join(out) + r"\Z", re.S)


def is_glob(text: str) -> bool:
    """Whether bash would expand `text` (unquoted) as a pattern."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "*?" or (ch == "[" and bracket_or_none(text, i)):
            return True
        i += 1
    return False


def bracket_or_none(text: str, i: int) -> bool:
    try:
        return bracket(text, i) is not None
    except Unsupported:
        return True


def component_regex(pattern: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """One path component's glob (no `/`) as a compiled regex matching a whole name, by bash's
    grammar; the leading-dot rule is the caller's (`match`). Raises `Unsupported` (extglob)."""
    if EXTGLOB.search(pattern):
        raise Unsupported("extglob")
    out, i = [], 0
    while i < len(pattern):
        piece, i = atom(pattern, i)
        out.append(piece)
    return re.compile("".join(out) + r"\Z", re.S | (re.IGNORECASE if ignore_case else 0))


def match(name: str, pattern: str, *, dotglob: bool = False, nocase: bool = False) -> bool:
    """Whether bash's pathname expansion of the component `pattern` may produce `name`: True
    also when the pattern is not fully understood (may match). A leading `.` must be spelled
    (unless `dotglob`: `shopt -s dotglob`, or GLOBIGNORE set), and `.`/`..` are never matched
    by a pattern; `nocase`: `shopt -s nocaseglob`."""
    if name in (".", ".."):
        return False
    try:
        rx = component_regex(pattern, ignore_case=nocase)
    except Unsupported:
        return True
    if name.startswith(".") and not dotglob and not pattern.startswith((".", "\\.")):
        return False
    return rx.match(name) is not None


def literal(pattern: str) -> str:
    """The name a pattern with no special character stands for (`\\x` is x)."""
    return re.sub(r"\\(.)", r"\1", pattern)


def matches_everything(pattern: str) -> bool:
    """A component that matches (nearly) every name not starting with a dot, for rules asking
    about `rm -rf *`: `*`, `?*`, `[[:print:]]*`, `[^k]*`, `[a-z]*` (wildcards and bracket
    expressions, then only `*`). What such a glob misses is not worth the difference."""
    i = 0
    while i < len(pattern) and pattern[i] in "?[":
        if pattern[i] == "[":
            try:
                found = bracket(pattern, i)
            except Unsupported:
                return True
            if found is None:
                return False
            i = found[1]
        else:
            i += 1
    rest = pattern[i:]
    return bool(rest) and set(rest) == {"*"}
