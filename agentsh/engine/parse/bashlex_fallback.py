"""bashlex -> simple commands: the second opinion, used when tree-sitter reports a syntax error.

bashlex follows bash's own grammar closely, so it accepts some input tree-sitter rejects. It is
imported only on this path: it rebuilds its parser tables at import (about 150 ms)."""

from __future__ import annotations

from agentsh.engine.model import Command, Parsed, Redirect, Stdin, Word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NON_LITERAL = frozenset(("parameter", "commandsubstitution", "processsubstitution", "tilde"))


def _word(text: str, node: Any) -> Word:
    start, end = node.pos
    literal = not any(getattr(p, "kind", "") in NON_LITERAL for p in getattr(node, "parts", []))
    if getattr(node, "kind", "") == "word" and "$'" in text[start:end]:
        literal = True
    return Word(node.word if literal else text[start:end], literal, (start, end), text[start:end])


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.commands: list[Command] = []

    def visit(self, node: Any, stdin: Stdin | None = None) -> Command | None:
        kind = getattr(node, "kind", "")
        if kind == "command":
            return self._command(node, stdin)
        if kind == "pipeline":
            previous = None
            first = True
            for part in node.parts:
                if getattr(part, "kind", "") == "pipe":
                    continue
                feed = stdin if first else Stdin("pipe", None, previous.argv if previous else ("?",))
                previous = self.visit(part, feed)
                first = False
            return None
        for child in self._children(node):
            self.visit(child)
        return None

    @staticmethod
    def _children(node: Any) -> list[Any]:
        out = list(getattr(node, "parts", []) or [])
        for attr in ("list", "command", "output"):
            value = getattr(node, attr, None)
            if isinstance(value, list):
                out.extend(value)
            elif value is not None and hasattr(value, "kind"):
                out.append(value)
        return out

    def _command(self, node: Any, stdin: Stdin | None) -> Command | None:
        words: list[Word] = []
        assignments: list[tuple[str, str]] = []
        raw: list[str] = []
        redirects: list[Redirect] = []
        for part in node.parts:
            kind = part.kind
            if kind == "assignment" and not words:
                name, _, value = part.word.partition("=")
                assignments.append((name.rstrip("+"), value))
                raw.append(self.text[part.pos[0]:part.pos[1]])
            elif kind == "word":
                words.append(_word(self.text, part))
            elif kind == "redirect":
                target = part.output
                if hasattr(target, "kind") and target.kind == "word":
                    red = Redirect(part.type, _word(self.text, target),
                                   part.input if isinstance(part.input, int) else None)
                    redirects.append(red)
                    if part.type == "<":
                        stdin = Stdin("file", None, path=red.target.text)
                heredoc = getattr(part, "heredoc", None)
                if heredoc is not None:
                    stdin = Stdin("heredoc", None)
            for child in self._children(part):
                self.visit(child)
        if not words:
            if assignments:  # a bare assignment: the dataflow pass needs to see it
                self.commands.append(Command((), tuple(node.pos), tuple(assignments),
                                             tuple(redirects), stdin, assign_raw=tuple(raw)))
            return None
        cmd = Command(tuple(words), tuple(node.pos), tuple(assignments), tuple(redirects), stdin,
                      assign_raw=tuple(raw))
        self.commands.append(cmd)
        return cmd


def parse(text: str) -> Parsed:
    try:
        import bashlex

        trees = bashlex.parse(text)
        walker = _Walker(text)
        for tree in trees:
            walker.visit(tree)
    except Exception as exc:  # bashlex raises many types, AttributeError included
        return Parsed((), False, "bashlex", f"{type(exc).__name__}: {exc}")
    return Parsed(tuple(walker.commands), True, "bashlex")
