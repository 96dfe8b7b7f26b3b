"""What `sed -i` leaves in a file, for the scripts simple enough to know it exactly: only
`s/PATTERN/REPLACEMENT/FLAGS` commands, a pattern of literal characters, `.`, `^`, `$`, bracket
expressions and unquantified groups, with `*` (`\\+` in a BRE, `+` in an ERE) on one atom only;
no alternation, interval, back-reference or case conversion (where Python's matching could
differ from POSIX's leftmost-longest). Anything else: None, the content is not known."""

from __future__ import annotations

import re

_MAX = 1 << 20  # bytes of a file edited here; beyond, not known


def _pattern(pat: str, ere: bool) -> str | None:
    out: list[str] = []
    i, n = 0, len(pat)
    atom = False  # the last thing emitted is one atom a quantifier may follow
    depth = 0
    while i < n:
        c = pat[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            d = pat[i + 1]
            i += 2
            if not ere and d in "()":
                depth += 1 if d == "(" else -1
                if depth < 0:
                    return None
                out.append(d)
                atom = False
            elif not ere and d == "+":
                if not atom:
                    return None
                out.append("+")
                atom = False
            elif not ere and d in "|?{}":
                return None  # GNU BRE alternation, optional, interval
            elif d == "n":
                out.append("\\n")
                atom = True
            elif d == "t":
                out.append("\\t")
                atom = True
            elif d in ".*[]\\^$/|+?(){}":
                out.append(re.escape(d))
                atom = True
            elif not d.isalnum():
                out.append(re.escape(d))
                atom = True
            else:
                return None  # \w \1 \< \U ...: not followed
            continue
        if c == "[":
            j = i + 1
            if j < n and pat[j] == "^":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                if pat[j] == "[" and j + 1 < n and pat[j + 1] in ":=.":
                    return None  # [:alpha:] and the like
                if pat[j] == "\\":
                    return None  # a backslash in brackets is literal in POSIX, not in Python
                j += 1
            if j >= n:
                return None
            body = pat[i + 1:j]
            neg = body.startswith("^")
            body = body[1:] if neg else body
            out.append("[" + ("^" if neg else "") + body.replace("[", "\\[").replace("]", "\\]")
                       .replace("^", "\\^") + "]")
            i = j + 1
            atom = True
            continue
        if c == "*":
            if not atom:
                return None
            out.append("*")
            atom = False
        elif ere and c == "+":
            if not atom:
                return None
            out.append("+")
            atom = False
        elif ere and c in "()":
            depth += 1 if c == "(" else -1
            if depth < 0:
                return None
            out.append(c)
            atom = False
        elif ere and c in "|?{}":
            return None
        elif c == "." or (c == "^" and not out) or (c == "$" and i == n - 1):
            out.append(c)
            atom = c == "."
        elif c in "^$":
            return None  # an anchor or a literal, depending on where and which sed
        else:
            out.append(re.escape(c))
            atom = True
        i += 1
    return "".join(out) if depth == 0 else None


def _replacement(rep: str) -> list | None:
    """Pieces: a string, or an int (a group: 0 the whole match)."""
    out: list = []
    i, n = 0, len(rep)
    while i < n:
        c = rep[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            d = rep[i + 1]
            i += 2
            if d.isdigit():
                out.append(int(d))
            elif d == "n":
                out.append("\n")
            elif d == "t":
                out.append("\t")
            elif d.isalpha():
                return None  # \U \L \u \l \E: case conversion
            else:
                out.append(d)
            continue
        out.append(0 if c == "&" else c)
        i += 1
    return out


def _commands(script: str, ere: bool) -> list | None:
    cmds = []
    i, n = 0, len(script)
    while i < n:
        while i < n and script[i] in " \t\n;":
            i += 1
        if i >= n:
            break
        if script[i] != "s" or i + 1 >= n:
            return None
        delim = script[i + 1]
        if delim in "\\\n" or delim.isalnum():
            return None
        parts = []
        j = i + 2
        for _ in range(2):
            buf = []
            while j < n and script[j] != delim:
                if script[j] == "\n":
                    return None
                if script[j] == "\\" and j + 1 < n:
                    buf.append(script[j + 1] if script[j + 1] == delim else script[j:j + 2])
                    j += 2
                    continue
                buf.append(script[j])
                j += 1
            if j >= n:
                return None
            parts.append("".join(buf))
            j += 1
        m = re.match(r"[gI]*", script[j:])
        flags = m.group(0)
        j += len(flags)
        if j < n and script[j] not in " \t\n;}":
            return None  # p, w, e, a number ...
        pattern = _pattern(parts[0], ere)
        repl = _replacement(parts[1])
        if pattern is None or repl is None or not parts[0]:
            return None
        groups = pattern.count("(") - pattern.count("\\(")
        if any(isinstance(p, int) and p > groups for p in repl):
            return None
        try:
            rx = re.compile(pattern, re.I if "I" in flags else 0)
        except re.error:
            return None
        cmds.append((rx, repl, "g" in flags))
        i = j
    return cmds or None


def edited(text: str | None, scripts: list[str], ere: bool) -> str | None:
    """The text `sed -i` leaves, or None where it is not known."""
    if text is None or len(text) > _MAX or not scripts:
        return None
    cmds: list = []
    for script in scripts:
        got = _commands(script, ere)
        if got is None:
            return None
        cmds += got
    lines = text.split("\n")
    out = []
    for k, line in enumerate(lines):
        if k == len(lines) - 1 and line == "":
            out.append(line)
            continue
        for rx, repl, every in cmds:
            line = rx.sub(lambda m, r=repl: "".join(
                m.group(p) or "" if isinstance(p, int) else p for p in r), line,
                count=0 if every else 1)
        out.append(line)
    return "\n".join(out)
