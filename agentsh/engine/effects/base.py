"""The values of the effects stage: `Effect`, and reading a command's paths, stdin and output
as text when they are known before it runs."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Word
from agentsh.records import Record

# what an effect does to its path
KINDS = frozenset("write append delete move mkdir link touch meta tree".split())
# writing to these is no change to any file
HARMLESS_TARGETS = frozenset(("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty",
                              "/dev/zero", "/dev/full"))
OUTPUT_OPS = {">": "write", ">|": "write", "&>": "write", ">&": "write", "<>": "write",
              ">>": "append", "&>>": "append"}


class Effect(Record, fields="kind path text recursive content origin detail sure tracked",
             defaults=(False, None, "", "", True, False)):
    """One thing a command does to one path.

    kind: write (replace the content; creates it if missing), append, delete, move (the path
    goes away; its content lives on at another path), mkdir, link (a symlink or hard link is
    made at path, pointing at `origin`), touch, meta (mode, owner, times), tree (anything under
    the directory `path` may be written). `path` is absolute and normalised, "" when only known
    at run time; `text` is the path as written (a trailing `/` follows a symlink). `content` is
    the new text when known ("" = emptied). `sure` is False for a write the program may do
    (a one-liner that mentions the path and writes something). `tracked` marks a tree that
    only version control writes into (`git checkout`, `git pull`): it changes the files the
    repository tracks, never an untracked file that happens to lie under it."""

    __slots__ = ()

    kind: str
    path: str
    text: str
    recursive: bool
    content: str | None
    origin: str
    detail: str
    sure: bool

    @property
    def empties(self) -> bool:
        """The path is left empty (or a link to /dev/null): what it held is gone."""
        return (self.kind == "write" and self.content is not None and
                self.content.strip() in EMPTY_CONTENT) or \
            (self.kind == "link" and self.origin in HARMLESS_TARGETS)


# what a file holds after a write that keeps nothing of it: nothing, blank lines, an empty
# JSON/YAML value (`echo '' > .env`, `echo '{}' > config.json`)
EMPTY_CONTENT = frozenset(("", "{}", "[]", "null", "~", "''", '""'))


def resolve(res, word: Word) -> str:
    """An operand word as an absolute path, or "" when it is only known at run time."""
    if not word.literal:
        return ""
    return res.path(word.text, word.raw)


def text_path(res, text: str) -> str:
    """A path written in a command's text as an absolute path, "" when it expands."""
    return res.path(text, text) if "$" not in text and "`" not in text else ""


def tree_effect(res, text: str, detail: str, sure: bool = True, tracked: bool = False
                ) -> Effect:
    """Anything under the folder `text` may be written."""
    return Effect("tree", text_path(res, text), text, True, detail=detail, sure=sure,
                  tracked=tracked)


def patched_files(text: str, strip: str, base, detail: str) -> list[Effect]:
    """The files a unified or git diff writes: each `+++ NAME`, `strip` leading folders taken
    off."""
    out = []
    for m in re.finditer(r"^\+\+\+ (\S+)", text, re.M):
        name = m.group(1)
        if name == "/dev/null":
            continue
        if strip.isdigit():
            name = "/".join(name.split("/")[int(strip):]) or name
        effect = Effect("write", text_path(base, name), name, detail=detail)
        if effect not in out:
            out.append(effect)
    return out


def output_of(cmd: Command, res) -> str | None:
    """What a command writes to stdout, when that is plain text known before it runs."""
    argv = cmd.argv
    if not argv or not all(w.literal for w in cmd.words):
        return None
    prog = argv[0]
    if prog in (":", "true", "false"):
        return ""
    if prog == "echo":
        args = list(argv[1:])
        newline = "\n"
        while args and args[0] in ("-n", "-e", "-E", "-ne", "-en", "-nE", "-En"):
            if "n" in args.pop(0):
                newline = ""
        text = " ".join(args)
        return None if "\\" in text else text + newline
    if prog == "printf" and len(argv) >= 2 and argv[1] != "-v":
        start = 2 if argv[1] == "--" and len(argv) >= 3 else 1
        return printf_output(argv[start], list(argv[start + 1 :]))
    if prog == "cat":
        if len(argv) == 1:
            return stdin_of(cmd, res)
        parts = []
        for word in cmd.words[1:]:
            if word.text.startswith("-"):
                return None
            path = resolve(res, word)
            text = "" if path == "/dev/null" else (res.read(path) if path else None)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    return None


def stdin_of(cmd: Command, res) -> str | None:
    stdin = cmd.stdin
    if stdin is None:
        return None
    if stdin.kind == "file":
        path = res.path(stdin.path, stdin.path) if "$" not in stdin.path else ""
        if path == "/dev/null":
            return ""
        return res.read(path) if path else None
    return stdin.text


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
            "f": "\f", "r": "\r", "v": "\v", "e": "\x1b", "E": "\x1b"}
_SPEC = re.compile(r"%([-+ #0]*)([0-9]*)(?:\.([0-9]*))?([sbdicuxXo%])")


def _unescape(text: str, stop_at_c: bool = False) -> str | None:
    """bash printf's backslash escapes (as in the format, or in a `%b` argument); None for one
    it does not know how to read."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 == len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt == "x":
            m = re.match(r"[0-9A-Fa-f]{1,2}", text[i + 2 :])
            if not m:
                return None
            out.append(chr(int(m.group(), 16)))
            i += 2 + len(m.group())
        elif nxt in "01234567":
            m = re.match(r"0?[0-7]{1,3}", text[i + 1 :])
            out.append(chr(int(m.group(), 8) & 0xFF))
            i += 1 + len(m.group())
        elif nxt == "c" and stop_at_c:
            return "".join(out)
        else:
            return None  # \u, \U, \c in a format: not followed
    return "".join(out)


def printf_output(fmt: str, args: list[str]) -> str | None:
    """What `printf FMT ARGS...` writes, as bash does it: the format is used again while
    arguments remain; a missing argument is empty (or 0). None when a conversion or escape is
    one this reader does not follow (`%q`, `%(...)T`, `*` widths, `%f`)."""
    if len(fmt) > 1 << 16:
        return None
    pieces = []
    pos = 0
    for m in _SPEC.finditer(fmt):
        pieces.append(("text", fmt[pos:m.start()]))
        pieces.append(("spec", m))
        pos = m.end()
    pieces.append(("text", fmt[pos:]))
    if "%" in "".join(v for k, v in pieces if k == "text"):
        return None  # a conversion this reader does not know
    consumes = sum(1 for k, v in pieces if k == "spec" and v.group(4) != "%")
    out: list[str] = []
    i = 0
    while True:
        for kind, value in pieces:
            if kind == "text":
                text = _unescape(value)
                if text is None:
                    return None
                out.append(text)
                continue
            conv = value.group(4)
            if conv == "%":
                out.append("%")
                continue
            arg = args[i] if i < len(args) else ""
            i += 1
            if conv == "b":
                arg = _unescape(arg, stop_at_c=True)
                if arg is None:
                    return None
            elif conv in "diuxXo":
                try:
                    number = int(arg or "0", 0)
                except ValueError:
                    return None
                arg = {"x": f"{number:x}", "X": f"{number:X}", "o": f"{number:o}"}.get(
                    conv, str(number))
            elif conv == "c":
                arg = arg[:1]
            flags, width, precision = value.group(1), value.group(2), value.group(3)
            if precision is not None and conv in "sb":
                arg = arg[: int(precision or 0)]
            if width:
                arg = arg.ljust(int(width)) if "-" in flags else arg.rjust(int(width))
            out.append(arg)
            if len(out) > 1 << 16:
                return None
        if consumes == 0 or i >= len(args):
            break
    return "".join(out)
