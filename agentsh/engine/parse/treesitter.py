"""tree-sitter-bash -> simple commands, with their words, redirects and where stdin comes from."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Parsed, Redirect, Stdin, Word
from agentsh.engine.parse.shared import bare_package as _bare_package
from agentsh.engine.parse.shared import decode_ansi_c
from agentsh.engine.parse.shared import literal_output as _literal_output

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tree_sitter import Node


def _parser():
    _bare_package("tree_sitter")
    _bare_package("tree_sitter_bash")
    from tree_sitter._binding import Language, Parser
    from tree_sitter_bash._binding import language

    return Parser(Language(language()))


_PARSER = _parser()

EXPANSIONS = frozenset(
    "simple_expansion expansion command_substitution process_substitution "
    "arithmetic_expansion".split()
)
_DQ_ESCAPE = re.compile(r'\\([$`"\\\n])')
_UNQUOTED_ESCAPE = re.compile(r"\\(.)", re.S)


class _Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)

    def raw(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def pos(self, byte: int) -> int:
        if self.ascii:
            return byte
        return len(self.data[:byte].decode("utf-8", "replace"))

    def span(self, node: Node) -> tuple[int, int]:
        return (self.pos(node.start_byte), self.pos(node.end_byte))


def _word(src: _Source, node: Node) -> Word:
    raw = src.raw(node)
    text, literal = _value(src, node)
    return Word(text, literal, src.span(node), raw)


def _value(src: _Source, node: Node) -> tuple[str, bool]:
    kind = node.type
    raw = src.raw(node)
    if kind == "word":
        return _UNQUOTED_ESCAPE.sub(r"\1", raw.replace("\\\n", "")), True
    if kind in ("number", "variable_name", "test_operator", "file_descriptor"):
        return raw, True
    if kind == "raw_string":
        return raw[1:-1], True
    if kind == "ansi_c_string":
        return decode_ansi_c(raw[2:-1]), True
    if kind in ("string", "translated_string"):
        parts, literal = [], True
        for child in node.children:
            if child.type in ('"', "$"):
                continue
            if child.type == "string_content":
                parts.append(_DQ_ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else m.group(1),
                                            src.raw(child)))
            else:
                text, lit = _value(src, child)
                parts.append(text)
                literal = literal and lit
        if node.child_count == 0:
            return raw.strip('"'), True
        # text between children (whitespace inside the quotes) is part of the string
        return _string_text(src, node, parts), literal
    if kind == "concatenation":
        parts, literal = [], True
        for child in node.children:
            text, lit = _value(src, child)
            parts.append(text)
            literal = literal and lit
        return "".join(parts), literal
    if kind == "brace_expression":
        return raw, True
    return raw, False


def _string_text(src: _Source, node: Node, parts: list[str]) -> str:
    """Rebuild a double-quoted string's value, keeping text tree-sitter leaves between nodes."""
    out, cursor, i = [], node.start_byte + (2 if src.raw(node).startswith('$"') else 1), 0
    for child in node.children:
        if child.type in ('"', "$"):
            continue
        if child.start_byte > cursor:
            out.append(src.data[cursor : child.start_byte].decode("utf-8", "replace"))
        out.append(parts[i])
        i += 1
        cursor = child.end_byte
    end = node.end_byte - 1
    if end > cursor:
        out.append(src.data[cursor:end].decode("utf-8", "replace"))
    return "".join(out)


def _heredoc(src: _Source, node: Node) -> Stdin:
    start = next((c for c in node.children if c.type == "heredoc_start"), None)
    body = next((c for c in node.children if c.type == "heredoc_body"), None)
    quoted = start is not None and any(q in src.raw(start) for q in "'\"\\")
    text = src.raw(body) if body is not None else ""
    if any(c.type == "<<-" for c in node.children) or src.raw(node).startswith("<<-"):
        text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
    literal = quoted or body is None or not any(c.type in EXPANSIONS for c in body.children)
    return Stdin("heredoc", text if literal else None)


def _herestring(src: _Source, node: Node) -> Stdin:
    value = next((c for c in node.children if c.type != "<<<"), None)
    if value is None:
        return Stdin("herestring", "")
    text, literal = _value(src, value)
    return Stdin("herestring", text + "\n" if literal else None)


def _file_redirect(src: _Source, node: Node) -> tuple[Redirect | None, list[Word]]:
    """The redirect, and the words tree-sitter attached to it that are really arguments:
    in `rm -rf 2>/dev/null /`, bash runs `rm -rf /`."""
    op, fd, dest, extra = "", None, None, []
    for child in node.children:
        if child.type == "file_descriptor":
            fd = int(src.raw(child)) if src.raw(child).isdigit() else None
        elif not child.is_named:
            op += child.type
        elif dest is None:
            dest = child
        else:
            extra.append(_word(src, child))
    if dest is None:
        return None, extra
    return Redirect(op, _word(src, dest), fd), extra


class _Walker:
    def __init__(self, src: _Source) -> None:
        self.src = src
        self.commands: list[Command] = []

    def visit(self, node: Node, redirects: tuple = (), stdin: Stdin | None = None
              ) -> Command | None:
        """Collect every command under `node`; return the command `node` itself is, if any."""
        kind = node.type
        if kind == "command":
            return self._command(node, redirects, stdin)
        if kind == "declaration_command":
            return self._command(node, redirects, stdin, declaration=True)
        if kind == "redirected_statement":
            return self._redirected(node, redirects, stdin)
        if kind == "pipeline":
            return self._pipeline(node, stdin)
        for child in node.children:
            self.visit(child)
        return None

    def _redirected(self, node, redirects, stdin):
        body = node.child_by_field_name("body")
        own = list(redirects)
        continuation = None  # `cat <<EOF | sh`: tree-sitter puts `| sh` inside the heredoc node
        trailing: list[Word] = []
        for child in node.children:
            if child is body or child.id == getattr(body, "id", None):
                continue
            if child.type == "heredoc_redirect":
                stdin = _heredoc(self.src, child)
                for part in child.children:
                    if part.type == "pipeline" and part.children and part.children[0].type == "|":
                        continuation = part
                    else:
                        self.visit(part)
            elif child.type == "herestring_redirect":
                stdin = _herestring(self.src, child)
                self._visit_children(child)
            elif child.type == "file_redirect":
                red, extra = _file_redirect(self.src, child)
                trailing += extra
                if red is not None:
                    own.append(red)
                    if red.op == "<" and red.fd in (None, 0):
                        stdin = Stdin("file", None, path=red.target.text)
                self._visit_children(child)
            else:
                self.visit(child)
        if body is None:
            return None
        if body.type == "command":
            cmd = self._command(body, tuple(own), stdin, extra_words=trailing)
        elif body.type in ("declaration_command", "redirected_statement", "pipeline"):
            cmd = self.visit(body, tuple(own), stdin)
        else:
            cmd = self.visit(body)
        if continuation is not None:
            self._pipeline(continuation, None, cmd)
            return None
        return cmd

    def _pipeline(self, node, stdin, previous: Command | None = None):
        last = node if previous is not None else None
        for child in node.children:
            if not child.is_named:
                continue
            if previous is None and last is None:
                feed = stdin
            else:
                text = _literal_output(previous) if previous is not None else None
                feed = Stdin("pipe", text, previous.argv if previous is not None else ("?",))
            previous = self.visit(child, (), feed)
            last = child
        return None

    def _visit_children(self, node):
        for child in node.children:
            self.visit(child)

    def _command(self, node, redirects, stdin, declaration=False, extra_words=()):
        src = self.src
        _one_line(src, node)
        words: list[Word] = []
        assignments: list[tuple[str, str]] = []
        own = list(redirects)
        for child in node.children:
            kind = child.type
            if kind == "variable_assignment" and not words and not declaration:
                name = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                assignments.append((src.raw(name) if name else "",
                                    _value(src, value)[0] if value else ""))
            elif kind == "command_name":
                words.append(_word(src, child.children[0] if child.children else child))
            elif kind == "herestring_redirect":
                stdin = _herestring(src, child)
            elif kind == "file_redirect":
                red, extra = _file_redirect(src, child)
                words += extra
                if red is not None:
                    own.append(red)
                    if red.op == "<" and red.fd in (None, 0):
                        stdin = Stdin("file", None, path=red.target.text)
            elif kind == "heredoc_redirect":
                stdin = _heredoc(src, child)
            elif child.is_named and kind != "comment":
                words.append(_word(src, child))
            elif declaration and not child.is_named:
                words.append(Word(kind, True, src.span(child), kind))
            self.visit(child)
        words += extra_words
        if not words:
            return None
        cmd = Command(tuple(words), src.span(node), tuple(assignments), tuple(own), stdin)
        self.commands.append(cmd)
        return cmd


def _first_error(node: Node) -> Node | None:
    if node.type == "ERROR" or node.is_missing:
        return node
    for child in node.children:
        if child.has_error:
            return _first_error(child)
    return None


class Diverged(Exception):
    """tree-sitter read the text differently from bash, without flagging an error."""


def _one_line(src: _Source, node: Node) -> None:
    """A simple command ends at an unescaped newline. tree-sitter-bash sometimes runs on across
    one (`true | true | true<NL>rm -rf ~ >/dev/null` became one command `true rm -rf ~`, and
    assignments on one line were joined to a command two lines below) and flags no error: such
    a reading is refused, so the second parser reads the text the way bash does."""
    children = node.children
    for before, after in zip(children, children[1:], strict=False):
        gap = src.data[before.end_byte : after.start_byte]
        if b"\n" in gap.replace(b"\\\n", b""):
            raise Diverged(f"a command runs on across a line break near offset "
                           f"{src.pos(after.start_byte)}")


def parse(text: str) -> Parsed:
    src = _Source(text)
    tree = _PARSER.parse(src.data)
    root = tree.root_node
    if root.has_error:
        bad = _first_error(root) or root
        col = src.pos(bad.start_byte)
        return Parsed((), False, "tree-sitter", f"syntax error near offset {col}")
    walker = _Walker(src)
    try:
        walker.visit(root)
    except Diverged as exc:
        return Parsed((), False, "tree-sitter", str(exc))
    return Parsed(tuple(walker.commands), True, "tree-sitter")
