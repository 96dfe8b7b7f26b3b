"""tree-sitter-bash -> simple commands, with their words, redirects and where stdin comes from."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Definition, Parsed, Redirect, Stdin, Word
from agentsh.engine.parse.shared import bare_package as _bare_package
from agentsh.engine.parse.shared import (
    cond_assigns,
    decode_ansi_c,
    expansion_assigns,
    heredoc_assigns,
)
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


def _glued_number(body, redirect) -> bool:
    """Is the body command's last word a number written right against the redirect (`0<&5`)?"""
    if body is None or body.type != "command" or not body.children:
        return False
    last = body.children[-1]
    return last.type == "number" and last.end_byte == redirect.start_byte and \
        len(body.children) > 1


STATEMENTS = frozenset(
    "command declaration_command unset_command test_command redirected_statement pipeline list "
    "subshell compound_statement if_statement while_statement for_statement "
    "c_style_for_statement case_statement function_definition negated_command "
    "variable_assignment variable_assignments".split())
COMPOUND_WORD = {"compound_statement": "{", "subshell": "(", "if_statement": "if",
                 "while_statement": "while", "for_statement": "for",
                 "c_style_for_statement": "for", "case_statement": "case"}
NOTHING = ("seq", ())


def _seq(items: list) -> tuple:
    items = [t for t in items if t != NOTHING]
    if len(items) == 1:
        return items[0]
    return ("seq", tuple(items))


class _Walker:
    """Collects every simple command (in the order bash runs them) and the control tree over
    them (`Parsed.tree`, node kinds in `engine.dataflow`). Each `visit` returns (tree, the
    simple command the node itself is, if any: pipelines use it to know what feeds the next
    command)."""

    def __init__(self, src: _Source) -> None:
        self.src = src
        self.commands: list[Command] = []
        self.definitions: list[Definition] = []

    # ---------------------------------------------------------------- statements

    def visit(self, node: Node, redirects: tuple = (), stdin: Stdin | None = None
              ) -> tuple[tuple, Command | None]:
        kind = node.type
        if kind == "command":
            return self._command(node, redirects, stdin)
        if kind in ("declaration_command", "unset_command"):
            return self._command(node, redirects, stdin, declaration=True)
        if kind in ("variable_assignment", "variable_assignments"):
            return self._assignment(node, redirects)
        if kind == "redirected_statement":
            return self._redirected(node, redirects, stdin)
        if kind == "pipeline":
            return self._pipeline(node, None, redirects=redirects, tail_stdin=stdin), None
        if kind == "list":
            return self._list(node, redirects, stdin)
        if kind == "negated_command":
            inner = [c for c in node.children if c.is_named]
            if not inner:
                return NOTHING, None
            tree, cmd = self.visit(inner[0], redirects, stdin)
            return ("not", tree), cmd
        if kind in COMPOUND_WORD and any(r.op not in ("<", "<<", "<<<", "<<-")
                                         for r in redirects):
            return self._compound_redirects(node, redirects), None
        if kind == "subshell":
            return ("sub", self._block(node.children)), None
        if kind in ("compound_statement", "program", "do_group"):
            if node.children and node.children[0].type == "((":
                return self._arith(node), None
            return self._block(node.children), None
        if kind == "if_statement":
            return self._if(node.children[1:]), None
        if kind in ("while_statement",):
            body = node.child_by_field_name("body")
            cond = [c for c in node.children if c.is_named and c.id != getattr(body, "id", None)]
            return ("loop", self._block(cond), self._tree_of(body), "", ()), None
        if kind == "for_statement":
            return self._for(node), None
        if kind == "c_style_for_statement":
            body = node.child_by_field_name("body")
            head = [c for c in node.children if c.is_named and c.id != getattr(body, "id", None)]
            names = tuple(sorted({self.src.raw(n) for h in head for n in _names(h)}))
            return ("loop", ("arith", names), self._tree_of(body), "", ()), None
        if kind == "case_statement":
            return self._case(node), None
        if kind == "function_definition":
            self._function(node)  # for name lookup: the body runs where the name is called
            name = node.child_by_field_name("name")
            body = node.child_by_field_name("body")
            return ("func", self.src.raw(name) if name else "", self._tree_of(body)), None
        return self._inner(node), None

    def _tree_of(self, node: Node | None) -> tuple:
        return self.visit(node)[0] if node is not None else NOTHING

    def _block(self, children) -> tuple:
        """Statements in sequence; `&` puts the statement before it in the background."""
        items: list = []
        for child in children:
            if child.type == "&" and items:
                items[-1] = ("bg", items[-1])
            elif child.is_named and child.type != "comment":
                items.append(self.visit(child)[0])
        return _seq(items)

    def _list(self, node, redirects, stdin):
        """`a && b`, `a || b`; redirects tree-sitter hung on the whole list belong, in bash, to
        its last command (`true && echo x > /dev/sda`)."""
        named = [c for c in node.children if c.is_named and c.type != "comment"]
        ops = [c.type for c in node.children if c.type in ("&&", "||")]
        if len(named) != 2 or not ops:
            return self._block(node.children), None
        left, _ = self.visit(named[0])
        right, cmd = self.visit(named[1], redirects, stdin)
        return ("and" if ops[0] == "&&" else "or", left, right), cmd

    def _if(self, children) -> tuple:
        """`if`/`elif` chains, visited in source order (commands are numbered as they run)."""
        cond: list = []
        then: list = []
        part = cond
        rest = list(children)
        while rest:
            child = rest.pop(0)
            if child.type == "then":
                part = then
            elif child.type in ("elif_clause", "else_clause", "fi"):
                rest.insert(0, child)
                break
            else:
                part.append(child)
        cond_tree, then_tree = self._block(cond), self._block(then)
        other = NOTHING
        if rest and rest[0].type == "elif_clause":
            other = self._if(rest[0].children[1:] + rest[1:])
        elif rest and rest[0].type == "else_clause":
            other = self._block(rest[0].children[1:])
        return ("if", cond_tree, then_tree, other)

    def _for(self, node) -> tuple:
        var = node.child_by_field_name("variable")
        body = node.child_by_field_name("body")
        values = [c for c in node.children if c.is_named and c.type != "comment"
                  and c.id != getattr(body, "id", None) and c.id != getattr(var, "id", None)]
        has_in = any(c.type == "in" for c in node.children)
        words = tuple(_word(self.src, v) for v in values) if has_in else None  # None: "$@"
        head = _seq([self._subs(v) for v in values] +
                    expansion_assigns(w.raw for w in words or ()))
        name = self.src.raw(var) if var is not None else ""
        kind = node.children[0].type if node.children else ""  # "for" or "select"
        return ("loop", head, self._tree_of(body), name, words, kind)

    def _case(self, node) -> tuple:
        arms = []
        head = NOTHING
        for child in node.children:
            if child.type == "case_item":
                value = child.child_by_field_name("value")
                stmts = [c for c in child.children if c.is_named and c.type in STATEMENTS]
                subs = [self._subs(c) for c in child.children
                        if c.is_named and c.type not in STATEMENTS and c.type != "comment"]
                subs += expansion_assigns(self.src.raw(c) for c in child.children
                                          if c.is_named and c.type not in STATEMENTS and
                                          c.type != "comment")
                arms.append(_seq(subs + [self._block(stmts)]) if value is not None or stmts
                            else NOTHING)
            elif child.is_named and child.type != "comment" and head == NOTHING:
                head = _seq([self._subs(child)] + expansion_assigns([self.src.raw(child)]))
        return ("case", head, tuple(arms))

    def _arith(self, node) -> tuple:
        names = tuple(sorted({self.src.raw(n) for n in _names(node)}))
        return _seq([self._inner(node), ("arith", names)])

    def _subs(self, node) -> tuple:
        """The commands inside a non-statement node: substitutions run in subshells before the
        command they belong to; process substitutions run beside it."""
        kind = node.type
        if kind == "command_substitution":
            return ("sub", self._block(node.children))
        if kind == "process_substitution":
            return ("bg", ("sub", self._block(node.children)))
        if kind in STATEMENTS and kind not in ("variable_assignment", "variable_assignments",
                                               "test_command"):
            return self.visit(node)[0]
        if kind == "test_command":  # `[[ ${!r:=v} ]]` assigns
            return _seq([self._inner(node)] + cond_assigns(self.src.raw(node)))
        return self._inner(node)

    def _inner(self, node) -> tuple:
        return _seq([self._subs(child) for child in node.children if child.child_count])

    def _compound_redirects(self, node, redirects) -> tuple:
        """`{ ...; } > f`, `while ...; done > f`: the redirects are opened once, before the
        body runs, in the shell's working directory: a command of their own."""
        word = COMPOUND_WORD[node.type]
        span = self.src.span(node)
        cmd = Command((Word(word, True, span, word),), span, (), tuple(redirects), None)
        index = len(self.commands)
        self.commands.append(cmd)
        tree, _ = self.visit(node)
        return _seq([("cmd", index), tree])

    def _redirected(self, node, redirects, stdin):
        body = node.child_by_field_name("body")
        feed = stdin  # what a pipeline feeds this statement; its own redirects override it
        stdin = None
        own = list(redirects)
        glued = None
        continuation = None  # `cat <<EOF | sh`, `cat <<EOF && x`: tree-sitter nests them
        pre: list = []
        trailing: list[Word] = []
        for child in node.children:
            if child is body or child.id == getattr(body, "id", None):
                continue
            if child.type == "heredoc_redirect":
                stdin = _heredoc(self.src, child)
                op = None
                for part in child.children:
                    if part.type in ("&&", "||", "|", "|&", ";", "&"):
                        op = part.type
                    elif part.type == "pipeline" and part.children and \
                            part.children[0].type in ("|", "|&"):
                        continuation = ("|", part)
                    elif part.type == "file_redirect":
                        red, extra = _file_redirect(self.src, part)
                        trailing += extra
                        if red is not None:
                            own.append(red)
                        pre.append(self._subs(part))
                    elif part.type == "heredoc_body":
                        pre.append(self._subs(part))
                        pre += heredoc_assigns(self.src.raw(part), stdin.text is not None)
                    elif part.is_named and part.type in STATEMENTS:
                        continuation = (op or ";", part)
                    elif part.is_named:
                        pre.append(self._subs(part))
            elif child.type == "herestring_redirect":
                stdin = _herestring(self.src, child)
                pre.append(self._subs(child))
            elif child.type == "file_redirect":
                red, extra = _file_redirect(self.src, child)
                trailing += extra
                if red is not None and red.fd is None and _glued_number(body, child):
                    # tree-sitter reads `bash 0<&5` as the argument 0 and a plain `<&5`
                    red = red._replace(fd=int(self.src.raw(body.children[-1])))
                    glued = body.children[-1].id
                if red is not None:
                    own.append(red)
                    if red.op == "<" and red.fd in (None, 0):
                        stdin = Stdin("file", None, path=red.target.text)
                pre.append(self._subs(child))
            elif child.is_named:
                pre.append(self.visit(child)[0])
        if body is None:  # `> f` alone is `: > f`: it truncates f
            if not own:
                return _seq(pre), None
            span = self.src.span(node)
            cmd = Command((Word(":", True, (span[0], span[0]), ""),), span, (), tuple(own), stdin)
            self.commands.append(cmd)
            return _seq(pre + [("cmd", len(self.commands) - 1)]), cmd
        if body.type == "command":
            tree, cmd = self._command(body, tuple(own), stdin or feed, extra_words=trailing,
                                      skip=glued)
        elif body.type in ("declaration_command", "unset_command", "redirected_statement",
                           "pipeline", "list", "negated_command", "variable_assignment",
                           "variable_assignments"):
            tree, cmd = self.visit(body, tuple(own), stdin)
        elif body.type in COMPOUND_WORD and any(r.op not in ("<", "<<", "<<<", "<<-")
                                                for r in own):
            tree, cmd = self._compound_redirects(body, own), None
        else:
            tree, cmd = self.visit(body)
        tree = _seq(pre + [tree])
        if continuation is not None:
            op, part = continuation
            if op in ("|", "|&"):
                return self._pipeline(part, None, cmd, first=tree), None
            rest, last = self.visit(part)
            if op == "&&":
                return ("and", tree, rest), last
            if op == "||":
                return ("or", tree, rest), last
            return _seq([("bg", tree) if op == "&" else tree, rest]), last
        return tree, cmd

    def _pipeline(self, node, stdin, previous: Command | None = None, first=None,
                  redirects: tuple = (), tail_stdin: Stdin | None = None):
        """Each element's stdin is the one before it; redirects tree-sitter hung on the whole
        pipeline belong to its last command (`echo x | cat > /dev/sda`)."""
        items = [first] if first is not None else []
        elements = [c for c in node.children if c.is_named and c.type != "comment"]
        for n, child in enumerate(elements):
            if previous is None and not items:
                feed = stdin
            else:
                text = _literal_output(previous) if previous is not None else None
                feed = Stdin("pipe", text, previous.argv if previous is not None else ("?",))
            tail = redirects if n == len(elements) - 1 else ()
            if n == len(elements) - 1 and tail_stdin is not None:
                feed = tail_stdin
            tree, previous = self.visit(child, tail, feed)
            items.append(tree)
        if len(items) == 1:
            return items[0]
        return ("pipe", tuple(items))

    def _function(self, node) -> None:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is not None and body is not None:
            self.definitions.append(Definition("function", self.src.raw(name),
                                               self.src.raw(body), True,
                                               self.src.pos(node.start_byte)))

    def _variable(self, node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        text, literal = _value(self.src, value) if value is not None else ("", True)
        if name is not None:
            self.definitions.append(Definition("variable", self.src.raw(name), text, literal,
                                               self.src.pos(node.start_byte)))

    # ---------------------------------------------------------------- simple commands

    def _assignment(self, node, redirects):
        """`x=1`, `a=(b c)`, `a=1 b=2` with no command: kept as a command with no words, so the
        dataflow pass sees the assignment in order."""
        parts = [node] if node.type == "variable_assignment" else \
            [c for c in node.children if c.type == "variable_assignment"]
        pre = [self._subs(p) for p in parts]
        assignments, raw = [], []
        for part in parts:
            name = part.child_by_field_name("name")
            value = part.child_by_field_name("value")
            assignments.append((self.src.raw(name) if name else "",
                                _value(self.src, value)[0] if value else ""))
            raw.append(self.src.raw(part))
            self._variable(part)  # for name lookup (`PATH=dir:$PATH`)
        cmd = Command((), self.src.span(node), tuple(assignments), tuple(redirects), None,
                      assign_raw=tuple(raw))
        index = len(self.commands)
        self.commands.append(cmd)
        return _seq(pre + [("cmd", index)]), None

    def _command(self, node, redirects, stdin, declaration=False, extra_words=(), skip=None):
        src = self.src
        _one_line(src, node)
        words: list[Word] = []
        assignments: list[tuple[str, str]] = []
        raw_assign: list[str] = []
        own = list(redirects)
        pre: list = []
        for child in node.children:
            kind = child.type
            if skip is not None and child.id == skip:
                continue
            if kind == "variable_assignment" and not words and not declaration:
                name = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                assignments.append((src.raw(name) if name else "",
                                    _value(src, value)[0] if value else ""))
                raw_assign.append(src.raw(child))
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
                pre += [t for body in child.children if body.type == "heredoc_body"
                        for t in heredoc_assigns(src.raw(body), stdin.text is not None)]
            elif child.is_named and kind != "comment":
                words.append(_word(src, child))
            elif declaration and not child.is_named:
                words.append(Word(kind, True, src.span(child), kind))
            if child.child_count:
                pre.append(self._subs(child))
        words += extra_words
        if not words:
            if not assignments:
                return _seq(pre), None
            cmd = Command((), src.span(node), tuple(assignments), tuple(own), stdin,
                          assign_raw=tuple(raw_assign))
        else:
            cmd = Command(tuple(words), src.span(node), tuple(assignments), tuple(own), stdin,
                          assign_raw=tuple(raw_assign))
        index = len(self.commands)
        self.commands.append(cmd)
        return _seq(pre + [("cmd", index)]), (cmd if words else None)


def _names(node) -> list:
    """The variable names under an arithmetic node (any of them may be assigned)."""
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "variable_name" or (n.type == "word" and n.parent is not None and
                                         n.parent.type in ("postfix_expression",
                                                           "unary_expression",
                                                           "binary_expression")):
            out.append(n)
        stack.extend(n.children)
    return out


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
        tree, _ = walker.visit(root)
    except Diverged as exc:
        return Parsed((), False, "tree-sitter", str(exc))
    return Parsed(tuple(walker.commands), True, "tree-sitter", "", tuple(walker.definitions),
                  tree)
