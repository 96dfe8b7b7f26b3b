"""The values of the effects stage: `Effect`, and reading a command's paths, stdin and output
as text when they are known before it runs."""

from __future__ import annotations

from collections import namedtuple

from agentsh.engine.model import Command, Word

# what an effect does to its path
KINDS = frozenset("write append delete move mkdir link touch meta tree".split())
# writing to these is no change to any file
HARMLESS_TARGETS = frozenset(("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty",
                              "/dev/zero", "/dev/full"))
OUTPUT_OPS = {">": "write", ">|": "write", "&>": "write", ">&": "write", "<>": "write",
              ">>": "append", "&>>": "append"}


class Effect(namedtuple("Effect", "kind path text recursive content origin detail sure",
                        defaults=(False, None, "", "", True))):
    """One thing a command does to one path.

    kind: write (replace the content; creates it if missing), append, delete, move (the path
    goes away; its content lives on at another path), mkdir, link (a symlink or hard link is
    made at path, pointing at `origin`), touch, meta (mode, owner, times), tree (anything under
    the directory `path` may be written). `path` is absolute and normalised, "" when only known
    at run time; `text` is the path as written (a trailing `/` follows a symlink). `content` is
    the new text when known ("" = emptied). `sure` is False for a write the program may do
    (a one-liner that mentions the path and writes something)."""

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
        return (self.kind == "write" and self.content == "") or \
            (self.kind == "link" and self.origin in HARMLESS_TARGETS)


def resolve(res, word: Word) -> str:
    """An operand word as an absolute path, or "" when it is only known at run time."""
    if not word.literal:
        return ""
    return res.path(word.text, word.raw)


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
    if prog == "printf" and len(argv) >= 2:
        fmt = argv[1]
        if "%" in fmt or "\\" in fmt.replace("\\n", ""):
            return None
        return fmt.replace("\\n", "\n")
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


