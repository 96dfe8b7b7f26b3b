"""The simple commands in a `grammar` syntax tree, as the other parsers report them: in the order
they appear (a substitution's commands before the command they belong to), with their words,
redirects, assignments and where their standard input comes from.

Standard input reaches every command that reads it: a pipe or a redirect on a compound command
feeds the commands inside (`curl x | { bash; }`, `{ sh; } < f`), substitutions read what the
command they belong to reads, and a command in `>( )` reads what is written to it."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Parsed, Redirect, Stdin, Word
from agentsh.engine.parse import grammar
from agentsh.engine.parse.shared import literal_output

# where the extglob option changes how bash reads a text (`!(x)`, `@(a|b)`, `+(x)` ...)
EXTGLOB_SEQUENCE = re.compile(r"[?*+@!]\(")
UNKNOWN_PIPE = Stdin("pipe", None, ("?",))


class _Walker:
    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.pin: tuple[int, int] | None = None  # inside backquotes: the backquotes' span

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.pin or (start, end)

    def word(self, w: grammar.W) -> Word:
        return Word(w.text, w.literal, self.span(w.start, w.end), w.raw)

    # ------------------------------------------------------------------ substitutions

    def subs(self, w: grammar.W, stdin: Stdin | None) -> None:
        for sub in w.subs:
            self.sub(sub, stdin)

    def sub(self, sub: grammar.Sub, stdin: Stdin | None) -> None:
        if sub.kind == "procsub>":
            stdin = UNKNOWN_PIPE  # `>(cmd)` reads what the command writes to it
        if sub.kind == "backquote" and self.pin is None:
            self.pin = (sub.start, sub.end)
            try:
                self.seq(sub.body, stdin)
            finally:
                self.pin = None
            return
        self.seq(sub.body, stdin)

    def redirect_subs(self, node: grammar.Node, stdin: Stdin | None) -> Stdin | None:
        """Substitutions in a compound command's redirects, and the stdin they give it."""
        for red in node.redirs:
            if red.heredoc is not None:
                for sub in red.heredoc.subs:
                    self.sub(sub, stdin)
                stdin = _heredoc_stdin(red.heredoc)
                continue
            self.subs(red.target, stdin)
            if red.op == "<<<":
                stdin = _herestring(red.target)
            elif red.op == "<" and red.fd in (None, 0):
                stdin = Stdin("file", None, path=red.target.text)
        return stdin

    # ------------------------------------------------------------------ commands

    def seq(self, node: grammar.Node, stdin: Stdin | None = None) -> None:
        for item, _sep in node.parts:
            self.visit(item, stdin)

    def visit(self, node: grammar.Node, stdin: Stdin | None = None) -> Command | None:
        """Collect the commands under `node`, which reads `stdin` unless it says otherwise;
        return the simple command `node` is, if it is one."""
        kind = node.kind
        if kind == "simple":
            return self.simple(node, stdin)
        if kind == "pipeline":
            self.pipeline(node, stdin)
            return None
        if kind == "andor":
            for part in node.parts[::2]:
                self.visit(part, stdin)
            return None
        if kind == "seq":
            self.seq(node, stdin)
            return None
        if kind == "func":
            self.visit(node.parts[1], None)  # runs later, reading whatever its caller reads
            return None
        stdin = self.redirect_subs(node, stdin)
        parts = node.parts
        if kind in ("group", "subshell"):
            self.seq(parts[0], stdin)
        elif kind == "if":
            for part in parts:
                if part is not None:
                    self.seq(part, stdin)
        elif kind in ("while", "until"):
            self.seq(parts[0], stdin)
            self.seq(parts[1], stdin)
        elif kind in ("for", "select"):
            for w in parts[1] or ():
                self.subs(w, stdin)
            self.seq(parts[2], stdin)
        elif kind == "arith_for":
            for sub in parts[0]:
                self.sub(sub, stdin)
            self.seq(parts[1], stdin)
        elif kind == "arith":
            for sub in parts[0]:
                self.sub(sub, stdin)
        elif kind == "case":
            self.subs(parts[0], stdin)
            for patterns, body, _end in parts[1]:
                for w in patterns:
                    self.subs(w, stdin)
                self.seq(body, stdin)
        elif kind == "cond":
            for w in parts[0]:
                self.subs(w, stdin)
        elif kind == "coproc":
            # its input is a pipe the shell writes to later (`>&${COPROC[1]}`)
            self.visit(parts[1], Stdin("pipe", None, ("coproc",)))
        return None

    def pipeline(self, node: grammar.Node, stdin: Stdin | None) -> None:
        previous: Command | None = None
        for n, part in enumerate(node.parts):
            if n == 0:
                feed = stdin
            elif previous is None:
                feed = UNKNOWN_PIPE
            else:
                feed = Stdin("pipe", literal_output(previous), previous.argv)
            previous = self.visit(part, feed)

    def simple(self, node: grammar.Node, feed: Stdin | None) -> Command | None:
        assigns, words = node.parts
        for w in assigns:
            self.subs(w, feed)
        out: list[Word] = []
        for w in words:
            self.subs(w, feed)
            out.append(self.word(w))
        stdin = feed
        redirects: list[Redirect] = []
        for red in node.redirs:
            if red.heredoc is not None:
                for sub in red.heredoc.subs:
                    self.sub(sub, feed)
                stdin = _heredoc_stdin(red.heredoc)
                continue
            self.subs(red.target, feed)
            if red.op == "<<<":
                stdin = _herestring(red.target)
                continue
            fd = red.fd if isinstance(red.fd, int) else None
            redirects.append(Redirect(red.op, self.word(red.target), fd))
            if red.op == "<" and fd in (None, 0):
                stdin = Stdin("file", None, path=red.target.text)
        if not out:
            return None
        cmd = Command(tuple(out), self.span(node.start, node.end),
                      tuple((w.assign, w.value) for w in assigns), tuple(redirects), stdin)
        self.commands.append(cmd)
        return cmd


def _heredoc_stdin(doc: grammar.HereDoc) -> Stdin:
    return Stdin("heredoc", doc.text if doc.literal else None)


def _herestring(target: grammar.W) -> Stdin:
    return Stdin("herestring", target.text + "\n" if target.literal else None)


def _commands(text: str, extglob: bool) -> tuple[Command, ...]:
    walker = _Walker()
    walker.seq(grammar.parse_tree(text, extglob))
    return tuple(walker.commands)


def parse(text: str, extglob: bool | None = None) -> Parsed:
    """The commands of `text`. With `extglob` None (not known: `shopt -s extglob` may run
    before any line) a text where the option matters is read both ways, and the commands of
    every reading that parses are reported."""
    if extglob is not None or not EXTGLOB_SEQUENCE.search(text):
        try:
            return Parsed(_commands(text, bool(extglob)), True, "grammar")
        except grammar.ParseError as exc:
            return Parsed((), False, "limit" if exc.limit else "grammar", str(exc))
    readings, errors = [], []
    for option in (False, True):
        try:
            readings.append(_commands(text, option))
        except grammar.ParseError as exc:
            if exc.limit:
                return Parsed((), False, "limit", str(exc))
            errors.append(str(exc))
    if not readings:
        return Parsed((), False, "grammar", errors[-1])
    seen: set = set()
    commands = []
    for cmd in (c for reading in readings for c in reading):
        key = (cmd.argv, cmd.span)
        if key not in seen:
            seen.add(key)
            commands.append(cmd)
    return Parsed(tuple(commands), True, "grammar")
