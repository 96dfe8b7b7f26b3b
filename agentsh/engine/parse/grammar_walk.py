"""The simple commands in a `grammar` syntax tree, as the other parsers report them: in the order
they appear (a substitution's commands before the command they belong to), with their words,
redirects, assignments and where their standard input comes from.

Standard input reaches every command that reads it: a pipe or a redirect on a compound command
feeds the commands inside (`curl x | { bash; }`, `{ sh; } < f`), substitutions read what the
command they belong to reads, and a command in `>( )` reads what is written to it."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Definition, Parsed, Redirect, Stdin, Word
from agentsh.engine.parse import grammar
from agentsh.engine.parse.shared import (
    cond_assigns,
    expansion_assigns,
    heredoc_assigns,
    literal_output,
)

MAX_UPSTREAM = 32  # the argvs a pipeline's part keeps of the parts before it
# where the extglob option changes how bash reads a text (`!(x)`, `@(a|b)`, `+(x)` ...)
EXTGLOB_SEQUENCE = re.compile(r"[?*+@!]\(")
UNKNOWN_PIPE = Stdin("pipe", None, ("?",))


NOTHING = ("seq", ())
# the word a compound command's own redirects are reported under (as tree-sitter's walker does)
COMPOUND_WORD = {"group": "{", "subshell": "(", "if": "if", "while": "while", "until": "until",
                 "for": "for", "select": "select", "arith_for": "for", "case": "case",
                 "arith": "((", "cond": "[[", "coproc": "coproc"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _seq(items: list) -> tuple:
    items = [t for t in items if t != NOTHING]
    if len(items) == 1:
        return items[0]
    return ("seq", tuple(items))


def _arith_names(text: str | None) -> tuple:
    """Every name in an arithmetic text: any of them may be assigned (`x++`, `y = 2`)."""
    return tuple(sorted(set(_IDENT.findall(text or ""))))


def _cond_assigns(words) -> tuple:
    """Names `[[ ]]` may assign: an operand of an arithmetic comparison is arithmetic
    (`[[ x++ -eq 1 ]]`, `[[ y=2 -gt 1 ]]`), and so is an array subscript (`-v a[i++]`). The
    operators are not among the words: any operand that looks like an assignment counts."""
    names: set[str] = set()
    for word in words:
        if re.search(r"(?<![=!<>])=(?!=)|\+\+|--", word.raw.lstrip("-")):
            names.update(_IDENT.findall(word.raw))
    return tuple(sorted(names))


class _Walker:
    """Collects every simple command (in the order bash meets them) and the control tree over
    them (`Parsed.tree`, node kinds in `engine.dataflow`). `visit` returns (tree, the simple
    command the node itself is, if any: a pipeline uses it to know what feeds the next)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.commands: list[Command] = []
        self.definitions: list[Definition] = []  # functions and variables, for name lookup
        self.pin: tuple[int, int] | None = None  # inside backquotes: the backquotes' span

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.pin or (start, end)

    def word(self, w: grammar.W) -> Word:
        return Word(w.text, w.literal, self.span(w.start, w.end), w.raw)

    def add(self, cmd: Command) -> tuple:
        self.commands.append(cmd)
        return ("cmd", len(self.commands) - 1)

    # ------------------------------------------------------------------ substitutions

    def subs(self, w: grammar.W, stdin: Stdin | None) -> list:
        return [self.sub(sub, stdin) for sub in w.subs]

    def sub(self, sub: grammar.Sub, stdin: Stdin | None) -> tuple:
        """A substitution runs in a subshell before the command it belongs to; a process
        substitution runs beside it."""
        if sub.kind == "procsub>":
            stdin = UNKNOWN_PIPE  # `>(cmd)` reads what the command writes to it
        if sub.kind == "backquote" and self.pin is None:
            self.pin = (sub.start, sub.end)
            try:
                tree = self.seq(sub.body, stdin)
            finally:
                self.pin = None
        else:
            tree = self.seq(sub.body, stdin)
        if sub.kind.startswith("procsub"):
            return ("bg", ("sub", tree))
        return ("sub", tree)

    def redirects(self, redirs: list, feed: Stdin | None
                  ) -> tuple[list, list[Redirect], Stdin | None]:
        """The substitutions in redirects (trees), the file redirects, and the standard input
        they give the command."""
        pre: list = []
        out: list[Redirect] = []
        stdin = feed
        for red in redirs:
            if red.heredoc is not None:
                pre += [self.sub(sub, feed) for sub in red.heredoc.subs]
                pre += heredoc_assigns(red.heredoc.text, red.heredoc.literal)
                stdin = _heredoc_stdin(red.heredoc)
                continue
            subs = self.subs(red.target, feed)
            pre += subs
            if red.op == "<<<":
                stdin = _herestring(red.target)
                continue
            fd = red.fd if isinstance(red.fd, int) else None
            out.append(Redirect(red.op, self.word(red.target), fd))
            if red.op == "<" and fd in (None, 0):
                stdin = Stdin("file", None, path=red.target.text)
                if len(red.target.subs) == 1 and red.target.subs[0].kind == "procsub<" and \
                        red.target.text.startswith("<(") and red.target.text.endswith(")"):
                    stdin = _procsub_feed(subs[0], self.commands)  # `sqlite3 db < <(echo SQL)`: a pipe
        return pre, out, stdin

    # ------------------------------------------------------------------ commands

    def seq(self, node: grammar.Node, stdin: Stdin | None = None) -> tuple:
        """Statements in order; `&` puts the one before it in the background."""
        items = []
        for item, sep in node.parts:
            tree = self.visit(item, stdin)[0]
            items.append(("bg", tree) if sep == "&" else tree)
        return _seq(items)

    def visit(self, node: grammar.Node, stdin: Stdin | None = None) -> tuple[tuple, Command | None]:
        """The tree of `node`, which reads `stdin` unless it says otherwise, and the simple
        command it is, if it is one."""
        kind = node.kind
        if kind == "simple":
            return self.simple(node, stdin)
        if kind == "pipeline":
            return self.pipeline(node, stdin), None
        if kind == "andor":
            parts = node.parts
            tree, cmd = self.visit(parts[0], stdin)
            for op, part in zip(parts[1::2], parts[2::2], strict=True):
                right, cmd = self.visit(part, stdin)
                tree = ("and" if op == "&&" else "or", tree, right)
            return tree, cmd
        if kind == "seq":
            return self.seq(node, stdin), None
        if kind == "func":
            name, body = node.parts
            self.definitions.append(Definition("function", name.text,
                                               self.text[body.start:body.end], True,
                                               self.span(node.start, node.end)[0]))
            # runs later, reading whatever its caller reads
            return ("func", name.text, self.visit(body, None)[0]), None
        pre, redirects, stdin = self.redirects(node.redirs, stdin)
        if redirects:
            # `{ ...; } > f`, `while ...; done < f`: opened once, before the body runs, in the
            # shell's working directory: a command of its own. When one fails (`{ cd /tmp; }
            # </nope`) the body never runs: the body runs only if that command succeeds.
            word = COMPOUND_WORD[kind]
            span = self.span(node.start, node.end)
            opened = self.add(Command((Word(word, True, span, word),), span, (),
                                      tuple(redirects), None))
            return _seq(pre + [("and", opened, self.compound(node, stdin))]), None
        return _seq(pre + [self.compound(node, stdin)]), None

    def compound(self, node: grammar.Node, stdin: Stdin | None) -> tuple:
        kind, parts = node.kind, node.parts
        if kind == "group":
            return self.seq(parts[0], stdin)
        if kind == "subshell":
            return ("sub", self.seq(parts[0], stdin))
        if kind == "if":
            branches = [self.seq(p, stdin) if p is not None else NOTHING for p in parts]
            tree = branches[-1] if len(branches) % 2 else NOTHING
            pairs = list(zip(branches[0::2], branches[1::2], strict=False))
            for cond, then in reversed(pairs):
                tree = ("if", cond, then, tree)
            return tree
        if kind in ("while", "until"):
            cond = self.seq(parts[0], stdin)
            body = self.seq(parts[1], stdin)
            return ("loop", ("not", cond) if kind == "until" else cond, body, "", ())
        if kind in ("for", "select"):
            words = tuple(self.word(w) for w in parts[1]) if parts[1] is not None else None
            head = _seq([t for w in parts[1] or () for t in self.subs(w, stdin)] +
                        expansion_assigns(w.raw for w in words or ()))
            body = self.seq(parts[2], stdin)
            # words None: "$@"; "for" (not `select`, which repeats until it is left)
            return ("loop", head, body, parts[0].text, words, kind)
        if kind == "arith_for":
            head = _seq([self.sub(sub, stdin) for sub in parts[0]] +
                        [("arith", _arith_names(node.extra))])
            loop = ("loop", head, self.seq(parts[1], stdin), "", ())
            init = re.fullmatch(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*-?[0-9]+\s*",
                                (node.extra or "").split(";", 1)[0])
            # `for (( x=1 ; ...` assigns x a number before the first pass, whatever it held
            return _seq([("arith", (init.group(1),), (init.group(1),)), loop]) if init else loop
        if kind == "arith":
            return _seq([self.sub(sub, stdin) for sub in parts[0]] +
                        [("arith", _arith_names(node.extra))])
        if kind == "case":
            head = _seq(self.subs(parts[0], stdin) +
                        expansion_assigns([self.word(parts[0]).raw]))
            arms: list = []
            falls = False  # the arm before ended in `;&` or `;;&`: this one may run after it
            for patterns, body, end in parts[1]:
                arm = _seq([t for w in patterns for t in self.subs(w, stdin)] +
                           expansion_assigns(self.word(w).raw for w in patterns) +
                           [self.seq(body, stdin)])
                if falls and arms:
                    arm = _seq([("case", NOTHING, (arms[-1],)), arm])
                arms.append(arm)
                falls = end in (";&", ";;&")
            # an arm `*)` matches anything: some arm always runs (the pass needs no "none")
            every = any(any(w.raw == "*" for w in patterns) for patterns, _, _ in parts[1])
            return ("case", head, tuple(arms)) + (("every",) if every else ())
        if kind == "cond":
            subs = [t for w in parts[0] for t in self.subs(w, stdin)]
            names = _cond_assigns(parts[0])
            return _seq(subs + ([("arith", names)] if names else []) +
                        cond_assigns(" ".join(w.raw for w in parts[0])))
        if kind == "coproc":
            # runs beside the shell; its input is a pipe the shell writes to later. The shell
            # itself sets NAME (the pipe's descriptors) and NAME_PID
            name = parts[0].text if parts[0] is not None else "COPROC"
            job = ("bg", ("sub", self.visit(parts[1], Stdin("pipe", None, ("coproc",)))[0]))
            return _seq([job, ("coproc", name)])
        raise ValueError(f"unknown node kind {kind!r}")  # a reader/walker mismatch: fail closed

    def pipeline(self, node: grammar.Node, stdin: Stdin | None) -> tuple:
        previous: Command | None = None
        items = []
        upstream: tuple | None = ()  # the argvs so far; None once a part is not simple
        for n, part in enumerate(node.parts):
            if n == 0:
                feed = stdin
            elif previous is None:
                feed = UNKNOWN_PIPE
            else:
                # bounded: each part holds its own tuple, so a long pipeline would cost the
                # square of its length; past the bound the chain is not known (a reader then
                # judges by the producer alone, which is never more lenient)
                upstream = upstream + (previous.argv,) \
                    if upstream is not None and len(upstream) < MAX_UPSTREAM else None
                feed = Stdin("pipe", literal_output(previous), previous.argv, "", upstream or ())
            tree, previous = self.visit(part, feed)
            if previous is None:
                upstream = None
            items.append(tree)
        tree = items[0] if len(items) == 1 else ("pipe", tuple(items)) if items else NOTHING
        negated = bool(node.extra and node.extra[0])
        return ("not", tree) if negated else tree

    def simple(self, node: grammar.Node, feed: Stdin | None) -> tuple[tuple, Command | None]:
        assigns, words = node.parts
        pre: list = []
        for w in assigns:
            pre += self.subs(w, feed)
        out: list[Word] = []
        for w in words:
            pre += self.subs(w, feed)
            out.append(self.word(w))
        subs, redirects, stdin = self.redirects(node.redirs, feed)
        pre += subs
        span = self.span(node.start, node.end)
        assignments = tuple((w.assign, w.value) for w in assigns)
        raw = tuple(w.raw for w in assigns)
        if not out and not assigns:  # `> f` alone is `: > f`: it truncates f
            out.append(Word(":", True, (span[0], span[0]), ""))
        elif not out:  # a bare assignment: the dataflow pass needs to see it in order
            for w in assigns:  # and name lookup (`PATH=dir:$PATH`)
                name, op, _ = w.raw.partition("=")
                self.definitions.append(Definition(
                    "variable", name.rstrip("+"), w.value,
                    w.literal and not name.endswith("+") and not w.value.startswith("("),
                    self.span(w.start, w.end)[0]))
            cmd = Command((), span, assignments, tuple(redirects), stdin, assign_raw=raw)
            return _seq(pre + [self.add(cmd)]), None
        cmd = Command(tuple(out), span, assignments, tuple(redirects), stdin, assign_raw=raw)
        return _seq(pre + [self.add(cmd)]), cmd


def _procsub_feed(tree, commands: list[Command]) -> Stdin:
    """What `CMD < <(PRODUCER)` gives CMD: PRODUCER's output, as `PRODUCER | CMD` would (its text
    when PRODUCER is one command printing literal text)."""
    found: list[Command] = []
    stack = [tree]
    while stack and len(found) < 2:
        node = stack.pop()
        if isinstance(node, tuple) and len(node) == 2 and node[0] == "cmd" and \
                isinstance(node[1], int) and node[1] < len(commands):
            found.append(commands[node[1]])
        elif isinstance(node, tuple):
            stack.extend(reversed(node))
    if len(found) == 1 and found[0].words:
        return Stdin("pipe", literal_output(found[0]), found[0].argv)
    return UNKNOWN_PIPE


def _heredoc_stdin(doc: grammar.HereDoc) -> Stdin:
    if doc.literal:
        return Stdin("heredoc", doc.text)
    body = doc.raw
    if doc.strip:  # (a continued line's tabs: not worth the doubt)
        body = "" if "\\\n" in body else \
            "\n".join(line.lstrip("\t") for line in body.split("\n"))
    return Stdin("heredoc", None, body=body)


def _herestring(target: grammar.W) -> Stdin:
    return Stdin("herestring", target.text + "\n" if target.literal else None)


def _reading(text: str, extglob: bool, posix: bool = False
             ) -> tuple[tuple[Command, ...], tuple, tuple]:
    walker = _Walker(text)
    tree = walker.seq(grammar.parse_tree(text, extglob, posix))
    return tuple(walker.commands), tree, tuple(walker.definitions)


def parse(text: str, extglob: bool | None = None, posix: bool = False) -> Parsed:
    """The commands of `text`. With `extglob` None (not known: `shopt -s extglob` may run
    before any line) a text where the option matters is read both ways, and the commands of
    every reading that parses are reported (with no control tree if the readings differ).
    `posix`: read as bash reads it in posix mode."""
    if extglob is not None or not EXTGLOB_SEQUENCE.search(text):
        try:
            commands, tree, definitions = _reading(text, bool(extglob), posix)
        except grammar.ParseError as exc:
            return Parsed((), False, "limit" if exc.limit else "grammar", str(exc))
        return Parsed(commands, True, "grammar", "", definitions, tree)
    readings, errors = [], []
    for option in (False, True):
        try:
            readings.append(_reading(text, option, posix))
        except grammar.ParseError as exc:
            if exc.limit:
                return Parsed((), False, "limit", str(exc))
            errors.append(str(exc))
    if not readings:
        return Parsed((), False, "grammar", errors[-1])
    first, tree, definitions = readings[0]
    if all(_same(first, other) for other, _, _ in readings[1:]):
        return Parsed(first, True, "grammar", "", definitions, tree)
    seen: set = set()
    commands = []
    for cmd in (c for reading, _, _ in readings for c in reading):
        key = (cmd.argv, cmd.span, cmd.assign_raw)
        if key not in seen:
            seen.add(key)
            commands.append(cmd)
    every = sorted({d for _, _, found in readings for d in found}, key=lambda d: d.offset)
    return Parsed(tuple(commands), True, "grammar", "", tuple(every))


def _same(a: tuple[Command, ...], b: tuple[Command, ...]) -> bool:
    return [(c.argv, c.span, c.assign_raw) for c in a] == [(c.argv, c.span, c.assign_raw)
                                                          for c in b]
