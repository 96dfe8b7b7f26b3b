"""A forgiving parser for the tokenized languages (JavaScript/TypeScript, Ruby, PHP, Lua, Perl).

It builds just enough of a tree to see calls with their receivers and arguments, assignments,
imports and function bodies: expressions by precedence, member access (`.`, `?.`, `->`, `::`,
Lua's `:`), calls with and without parentheses (Ruby, Perl, Lua), blocks (`{}`, `do ... end`,
`then ... end`), object and array literals, template literals. What it does not understand it
skips, token by token. A dangling operator at the end of a statement (`rm -rf /` read as
JavaScript) is a syntax error, as the language itself would say.

Nodes are tuples: ('lit', Text), ('tmpl', parts), ('cmd', parts), ('num', v), ('const',),
('name', id), ('member', obj, name), ('index', obj, key), ('call', callee, args, block),
('new', callee, args), ('obj', [(key, node)]), ('arr', [node]), ('bin', op, a, b),
('assign', target, value), ('func', params, body), ('decl', target, value), ('import', names,
module), ('block', stmts), ('kw', key, value) for keyword arguments, ('unknown',)."""

from __future__ import annotations

from agentsh.engine.domains.code.tokens import Tok

MAX_DEPTH = 200
BINARY = {
    "||": 3, "or": 1, "and": 2, "&&": 4, "??": 3, "|": 5, "^": 6, "&": 7, "==": 8, "!=": 8,
    "===": 8, "!==": 8, "<=>": 8, "=~": 8, "!~": 8, "~=": 8, "<": 9, ">": 9, "<=": 9, ">=": 9,
    "instanceof": 9, "in": 9, "of": 9, "<<": 10, ">>": 10, ">>>": 10, "+": 11, "-": 11,
    ".": 11, "..": 11, "*": 12, "/": 12, "%": 12, "**": 13, "//": 3, "x": 12, "eq": 8,
    "ne": 8, "lt": 9, "gt": 9, "le": 9, "ge": 9, "cmp": 8, "not": 1,
}
ASSIGN = frozenset("= += -= *= /= %= **= ||= &&= ??= .= <<= >>= >>>= |= &= ^=".split())
STOP_NAMES = {
    "ruby": frozenset("if unless while until and or not then do end else elsif when rescue ensure "
                      "in".split()),
    "lua": frozenset("then do end else elseif until and or not in".split()),
    "perl": frozenset("if unless while until and or not foreach for x eq ne lt gt le ge cmp".split()),
    "php": frozenset("as instanceof and or xor".split()),
    "javascript": frozenset("instanceof in of".split()),
}
OPENERS_WITH_END = {
    "ruby": frozenset("def class module if unless while until case begin for".split()),
    "lua": frozenset("function if while for do repeat".split()),
}
UNARY_WORDS = {
    "javascript": frozenset("typeof void delete await yield".split()),
    "ruby": frozenset("not defined?".split()),
    "php": frozenset("clone print throw".split()),
    "perl": frozenset("not defined my our local print".split()),
    "lua": frozenset(("not",)),
}
LITERAL_NAMES = frozenset("true false null nil undefined NaN Infinity this self super TRUE FALSE "
                          "NULL".split())


class ParseError(ValueError):
    pass


class Parser:
    def __init__(self, toks: list[Tok], lang: str) -> None:
        self.t = toks
        self.n = len(toks)
        self.i = 0
        self.lang = lang
        self.depth = 0
        self.stop = STOP_NAMES.get(lang, frozenset())
        self.newline_ends = lang in ("ruby", "lua", "javascript", "perl", "php")

    # -------------------------------------------------------------- token helpers

    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.t[j] if j < self.n else None

    def skip_nl(self) -> None:
        while self.i < self.n and self.t[self.i].kind == "nl":
            self.i += 1

    def next_sig(self) -> Tok | None:
        j = self.i
        while j < self.n and self.t[j].kind == "nl":
            j += 1
        return self.t[j] if j < self.n else None

    def is_op(self, value: str, tok: Tok | None = None) -> bool:
        tok = self.peek() if tok is None else tok
        return tok is not None and tok.kind == "op" and tok.value == value

    def is_name(self, value: str, tok: Tok | None = None) -> bool:
        tok = self.peek() if tok is None else tok
        return tok is not None and tok.kind == "name" and tok.value == value

    def eat(self, value: str) -> bool:
        if self.is_op(value) or self.is_name(value):
            self.i += 1
            return True
        return False

    def expect_close(self, value: str) -> None:
        self.skip_nl()
        if not self.eat(value):
            raise ParseError(f"expected {value!r}")

    # -------------------------------------------------------------- statements

    def program(self) -> list:
        out = self.statements(())
        if self.i < self.n:
            raise ParseError(f"unexpected {self.t[self.i].value!r}")
        return out

    def statements(self, closers: tuple) -> list:
        out: list = []
        while True:
            self.skip_nl()
            tok = self.peek()
            if tok is None:
                return out
            if (tok.kind == "op" and tok.value in closers) or \
                    (tok.kind == "name" and tok.value in closers):
                return out
            if self.is_op(";"):
                self.i += 1
                continue
            start = self.i
            node = self.statement(closers)
            if node is not None:
                out.append(node)
            if self.i == start:  # not understood: skip it
                if tok.kind == "op" and tok.value in (")", "]", "}"):
                    raise ParseError(f"unexpected {tok.value!r}")
                self.i += 1

    def statement(self, closers: tuple):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("nested too deeply")
        try:
            return getattr(self, "stmt_" + self.lang)(closers)
        finally:
            self.depth -= 1

    def block_until(self, *enders: str) -> list:
        body = self.statements(enders)
        return body

    def braced(self) -> list:
        self.skip_nl()
        if not self.eat("{"):
            node = self.statement(())
            return [node] if node is not None else []
        body = self.statements(("}",))
        self.expect_close("}")
        return body

    def expression_statement(self):
        node = self.expr()
        return node

    # JavaScript / TypeScript ------------------------------------------------

    def stmt_javascript(self, closers: tuple):
        tok = self.peek()
        if tok.kind == "name":
            v = tok.value
            if v in ("const", "let", "var"):
                self.i += 1
                return self.declarations()
            if v == "import" and not self.is_op("(", self.peek(1)) and not self.is_op(".", self.peek(1)):
                return self.js_import()
            if v == "export":
                self.i += 1
                self.eat("default")
                if self.is_op("{"):  # export { a as default, b } [from 'm']
                    depth = 0
                    while self.i < self.n:
                        if self.is_op("{"):
                            depth += 1
                        elif self.is_op("}"):
                            depth -= 1
                            if depth == 0:
                                self.i += 1
                                break
                        self.i += 1
                    if self.eat("from"):
                        self.i += 1
                return None
            if self.is_op(":", self.peek(1)) and v not in ("default", "case"):
                self.i += 2  # a label: `outer: for (...)`
                return None
            if v in ("type", "interface", "declare", "enum", "namespace") and \
                    self.peek(1) is not None and self.peek(1).kind == "name":
                return self.skip_type_declaration()
            if v == "function" or (v == "async" and self.is_name("function", self.peek(1))):
                return self.function_literal()
            if v == "class":
                return self.class_body()
            if v in ("if", "while", "for", "switch", "with", "catch") and \
                    (self.is_op("(", self.next_after(1)) or self.is_name("await", self.next_after(1))):
                self.i += 1
                self.eat("await")
                self.skip_nl()
                self.eat("(")
                inner = self.statements((")",))
                self.expect_close(")")
                return ("block", inner)
            if v in ("else", "try", "finally", "do", "default"):
                self.i += 1
                self.eat(":")
                return None
            if v in ("return", "throw", "case", "yield"):
                self.i += 1
                if self.at_statement_end():
                    return None
                node = self.expr()
                self.eat(":")
                return ("ret", node) if v == "return" else node
            if v in ("break", "continue"):
                self.i += 1
                return None
        if self.is_op("{"):
            self.i += 1
            body = self.statements(("}",))
            self.expect_close("}")
            return ("block", body)
        return self.expression_statement()

    def next_after(self, k: int) -> Tok | None:
        j = self.i + k
        while j < self.n and self.t[j].kind == "nl":
            j += 1
        return self.t[j] if j < self.n else None

    def at_statement_end(self) -> bool:
        tok = self.peek()
        return tok is None or tok.kind == "nl" or (tok.kind == "op" and tok.value in (";", "}", ")"))

    def declarations(self):
        decls = []
        while True:
            self.skip_nl()
            target = self.pattern()
            if self.is_op(":") and self.lang == "javascript":
                self.skip_type()
            value = None
            if self.eat("="):
                self.skip_nl()
                value = self.expr()
            elif self.is_name("of") or self.is_name("in"):
                self.i += 1
                value = ("iter", self.expr())
            decls.append(("decl", target, value))
            if not self.eat(","):
                break
        return ("block", decls) if len(decls) > 1 else decls[0]

    def pattern(self):
        """A binding target: a name, or `{a, b: c}` / `[a, b]` destructuring."""
        tok = self.peek()
        if tok is None:
            raise ParseError("expected a name")
        if tok.kind in ("name", "var"):
            self.i += 1
            return ("name", tok.value)
        if self.is_op("{"):
            self.i += 1
            pairs = []
            while True:
                self.skip_nl()
                if self.eat("}"):
                    break
                if self.eat("..."):
                    inner = self.pattern()
                    pairs.append(("...", inner))
                else:
                    key_tok = self.peek()
                    if key_tok is None:
                        raise ParseError("unterminated pattern")
                    self.i += 1
                    key = key_tok.value if key_tok.kind in ("name", "str") else "?"
                    if key_tok.kind == "op" and key_tok.value == "[":
                        self.expr()
                        self.expect_close("]")
                    target = ("name", key)
                    if self.eat(":"):
                        target = self.pattern()
                    if self.eat("="):
                        self.expr()
                    pairs.append((key, target))
                self.skip_nl()
                self.eat(",")
            return ("objpat", pairs)
        if self.is_op("["):
            self.i += 1
            items = []
            while True:
                self.skip_nl()
                if self.eat("]"):
                    break
                if self.is_op(","):
                    self.i += 1
                    items.append(None)
                    continue
                self.eat("...")
                items.append(self.pattern())
                if self.eat("="):
                    self.expr()
                self.skip_nl()
                self.eat(",")
            return ("arrpat", items)
        raise ParseError(f"unexpected {tok.value!r} in a declaration")

    def skip_type(self) -> None:
        """A TypeScript annotation after `:`, up to `=`, `,`, `)` or the end of the statement."""
        self.i += 1
        depth = 0
        while self.i < self.n:
            tok = self.t[self.i]
            if tok.kind == "op":
                if tok.value in ("(", "[", "{", "<"):
                    depth += 1
                elif tok.value in (")", "]", "}", ">"):
                    if depth == 0:
                        return
                    depth -= 1
                elif depth == 0 and tok.value in ("=", ",", ";", "=>"):
                    return
            elif tok.kind == "nl" and depth == 0:
                return
            self.i += 1

    def skip_type_declaration(self):
        depth = 0
        while self.i < self.n:
            tok = self.t[self.i]
            if tok.kind == "op" and tok.value in ("{", "(", "["):
                depth += 1
            elif tok.kind == "op" and tok.value in ("}", ")", "]"):
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return None
            elif depth == 0 and (tok.kind == "nl" or self.is_op(";", tok)):
                return None
            self.i += 1
        return None

    def js_import(self):
        self.i += 1  # import
        names: list[tuple[str, str]] = []
        if self.peek() is not None and self.peek().kind == "str":
            module = self.peek().value
            self.i += 1
            return ("import", names, module)
        self.eat("type")
        while self.i < self.n and not self.is_name("from"):
            tok = self.peek()
            if tok.kind == "name" and tok.value not in ("as", "type"):
                names.append((tok.value, "default"))
                self.i += 1
            elif self.is_op("*"):
                self.i += 1
                self.eat("as")
                names.append((self.peek().value, "*"))
                self.i += 1
            elif self.is_op("{"):
                self.i += 1
                while True:
                    self.skip_nl()
                    if self.eat("}"):
                        break
                    imported = self.peek()
                    if imported is None:
                        raise ParseError("unterminated import")
                    self.i += 1
                    if imported.kind == "op":
                        continue
                    local = imported.value
                    if imported.value == "type":
                        continue
                    if self.eat("as"):
                        local = self.peek().value
                        self.i += 1
                    names.append((local, imported.value))
                    self.skip_nl()
            else:
                self.i += 1
        self.eat("from")
        tok = self.peek()
        module = tok.value if tok is not None and tok.kind == "str" else ""
        self.i += 1
        return ("import", names, module)

    def function_literal(self):
        self.eat("async")
        self.eat("function")
        self.eat("*")
        name = None
        if self.peek() is not None and self.peek().kind in ("name", "var") and \
                not self.is_op("(", self.peek()):
            name = self.peek().value
            self.i += 1
        params = self.params()
        if self.lang == "javascript" and self.is_op(":"):
            self.skip_type()
        if self.lang == "php" and self.is_op(":"):
            self.i += 1
            self.eat("?")
            self.i += 1
        if self.lang == "php" and self.eat("use"):
            self.params()
        if self.lang == "lua":
            body = self.block_until("end")
            self.expect_close("end")
        else:
            body = self.braced()
        node = ("func", params, body)
        return ("decl", ("name", name), node) if name else node

    def params(self) -> list[str]:
        out: list[str] = []
        self.skip_nl()
        if not self.eat("("):
            return out
        depth = 1
        expecting = True
        while self.i < self.n and depth:
            tok = self.t[self.i]
            if tok.kind == "op" and tok.value in ("(", "[", "{"):
                depth += 1
            elif tok.kind == "op" and tok.value in (")", "]", "}"):
                depth -= 1
            elif tok.kind == "op" and tok.value == "," and depth == 1:
                expecting = True
            elif tok.kind in ("name", "var") and expecting and depth >= 1:
                if tok.value not in ("public", "private", "protected", "readonly", "const"):
                    out.append(tok.value)
                    expecting = False
                    before = self.t[self.i - 1] if self.i else None
                    if depth == 1 and before is not None and before.kind == "op" and \
                            before.value in ("*", "**", "...", "&"):
                        # a rest parameter (`*dirs`, `...dirs`, `**opts`, `&blk`): "*" after
                        # it says positions do not bind one to one (`evaluate.connect`)
                        out.append("*")
            self.i += 1
        return out

    def class_body(self):
        self.i += 1  # class
        name = None
        if self.peek() is not None and self.peek().kind == "name":
            name = self.peek().value
            self.i += 1
        while self.i < self.n and not self.is_op("{"):
            self.i += 1
        if not self.eat("{"):
            return None
        body: list = []
        while True:
            self.skip_nl()
            if self.eat("}"):
                break
            if self.i >= self.n:
                raise ParseError("unterminated class")
            tok = self.peek()
            if tok.kind == "name" and tok.value in ("static", "async", "get", "set", "public",
                                                    "private", "protected", "readonly",
                                                    "override", "abstract", "function", "final",
                                                    "var", "const") \
                    and not self.is_op("(", self.peek(1)):
                self.i += 1
                continue
            if self.is_op(";") or self.is_op("*") or self.is_op("#"):
                self.i += 1
                continue
            if tok.kind in ("name", "var", "str") and self.is_op("(", self.peek(1)):
                self.i += 1
                params = self.params()
                if self.is_op(":"):
                    self.skip_type()
                if self.is_op("{"):
                    method = ("func", params, self.braced())
                    if (self.lang, tok.value) in (("javascript", "constructor"),
                                                  ("php", "__construct")):
                        # named, so what it sets on `this` is known (`evaluate.constant_fields`)
                        method = ("decl", ("name", tok.value), method)
                    body.append(method)
                else:
                    self.eat(";")
                continue
            if self.is_op("{"):
                body.append(("block", self.braced()))
                continue
            start = self.i
            node = self.statement(("}",))
            if node is not None:
                body.append(node)
            if self.i == start:
                self.i += 1
        node = ("func", [], body)
        return ("decl", ("name", name), node) if name else node

    # Ruby -------------------------------------------------------------------

    def stmt_ruby(self, closers: tuple):
        tok = self.peek()
        if tok.kind == "name":
            v = tok.value
            if v == "def":
                self.i += 1
                name_parts = []
                while self.peek() is not None and (self.peek().kind == "name" or
                                                   self.is_op(".")) and not self.is_op("("):
                    name_parts.append(self.peek().value)
                    self.i += 1
                    if self.peek() is not None and self.peek().kind == "nl":
                        break
                params = self.params() if self.is_op("(") else self.line_params()
                if self.eat("="):
                    node = ("func", params, [self.expr()])
                else:
                    body = self.block_until("end")
                    self.expect_close("end")
                    node = ("func", params, body)
                # `def wipe(d)` names a method its calls are connected to; `def self.x`,
                # `def obj.x` stay unnamed (their calls are not followed)
                if len(name_parts) == 1 and name_parts[0] not in ("self", "."):
                    return ("decl", ("name", name_parts[0]), node)
                return node
            if v in ("class", "module"):
                self.i += 1
                self.rest_of_line()
                body = self.block_until("end")
                self.expect_close("end")
                return ("block", body)
            if v in ("if", "unless", "while", "until", "case", "for") and \
                    self.at_line_start():
                self.i += 1
                cond = self.expr() if not self.at_statement_end() else None
                self.eat("then")
                self.eat("do")
                body = self.block_until("end")
                self.expect_close("end")
                return ("block", ([cond] if cond else []) + body)
            if v == "begin":
                self.i += 1
                body = self.block_until("end")
                self.expect_close("end")
                return ("block", body)
            if v in ("else", "ensure", "then", "do"):
                self.i += 1
                return None
            if v in ("elsif", "when", "rescue", "in") and self.at_line_start():
                self.i += 1
                items = self.expr_list() if not self.at_statement_end() and \
                    not self.is_op("=>") and not self.is_name("then") else []
                if self.eat("=>"):  # rescue Error => e
                    self.eat(self.peek().value) if self.peek() is not None else None
                self.eat("then")
                return ("block", items)
            if v in ("return", "next", "break", "raise", "yield", "redo", "retry"):
                self.i += 1
                if self.at_statement_end():
                    return None
                if self.peek().kind == "name" and self.peek().value in ("if", "unless", "while",
                                                                        "until"):
                    return self.modifiers(("const",))
                return self.modifiers(self.expr())
            if v in ("require", "require_relative", "load") or v in ("include", "extend"):
                return self.modifiers(self.expr())
        return self.modifiers(self.multiple_assignment(self.expression_statement()))

    def at_line_start(self) -> bool:
        j = self.i - 1
        return j < 0 or self.t[j].kind == "nl" or (self.t[j].kind == "op" and
                                                   self.t[j].value in (";", "=", "(", "||=", ","))

    def modifiers(self, node):
        """`stmt if cond`, `stmt unless cond`, `stmt while cond`."""
        while self.peek() is not None and self.peek().kind == "name" and \
                self.peek().value in ("if", "unless", "while", "until", "rescue", "and", "or"):
            self.i += 1
            cond = self.expr()
            node = ("block", [node, cond])
        return node

    def line_params(self) -> list[str]:
        out = []
        while self.peek() is not None and self.peek().kind != "nl" and not self.is_op(";") \
                and not self.is_op("="):
            if self.peek().kind == "name":
                out.append(self.peek().value)
            self.i += 1
        return out

    def rest_of_line(self) -> None:
        while self.peek() is not None and self.peek().kind != "nl" and not self.is_op(";"):
            self.i += 1

    def ruby_block(self):
        """`do |a| ... end` or `{ |a| ... }` after a call."""
        opener = self.peek()
        closer = "end" if self.eat("do") else ("}" if self.eat("{") else None)
        if closer is None:
            return None
        params = []
        self.skip_nl()
        if self.eat("|"):
            while self.peek() is not None and not self.is_op("|"):
                if self.peek().kind in ("name", "var"):
                    params.append(self.peek().value)
                self.i += 1
            self.eat("|")
        body = self.block_until(closer)
        end = self.peek()
        self.expect_close(closer)
        return ("func", params, body, (opener.line, end.line if end is not None else opener.line))

    # Lua --------------------------------------------------------------------

    def stmt_lua(self, closers: tuple):
        tok = self.peek()
        if self.is_op("::"):  # a label: ::name::
            self.i += 3
            return None
        if tok.kind == "name":
            v = tok.value
            if v == "local":
                self.i += 1
                if self.is_name("function"):
                    return self.lua_function()
                names = []
                while self.peek() is not None and self.peek().kind == "name":
                    names.append(("name", self.peek().value))
                    self.i += 1
                    if self.is_op("<"):  # <const>
                        self.i += 3
                    if not self.eat(","):
                        break
                values = []
                if self.eat("="):
                    values = self.expr_list()
                return ("block", [("decl", n, values[k] if k < len(values) else None)
                                  for k, n in enumerate(names)])
            if v == "function":
                return self.lua_function()
            if v in ("if", "elseif", "while"):
                self.i += 1
                cond = self.expr()
                self.eat("then")
                self.eat("do")
                return cond
            if v == "for":
                self.i += 1
                while self.i < self.n and not self.is_name("do"):
                    self.i += 1
                self.eat("do")
                return None
            if v in ("do", "else", "then", "end", "repeat", "break", "goto"):
                self.i += 1
                return None
            if v == "until":
                self.i += 1
                return self.expr()
            if v == "return":
                self.i += 1
                if self.at_statement_end() or self.is_name("end"):
                    return None
                return ("block", self.expr_list())
        return self.multiple_assignment(self.expr())

    def multiple_assignment(self, node):
        """`a, b = 1, 2` (Lua, Ruby)."""
        if not self.is_op(","):
            return node
        targets = [node]
        while self.eat(","):
            targets.append(self.expr(2))
        if self.eat("="):
            values = self.expr_list()
            return ("block", [("assign", t, values[k] if k < len(values) else ("unknown",), "=")
                              for k, t in enumerate(targets)])
        return ("block", targets)

    def lua_function(self):
        self.eat("function")
        name = []
        while self.peek() is not None and (self.peek().kind == "name" or self.is_op(".") or
                                           self.is_op(":")):
            name.append(self.peek().value)
            self.i += 1
        params = self.params()
        body = self.block_until("end")
        self.expect_close("end")
        node = ("func", params, body)
        return ("decl", ("name", "".join(name)), node) if name else node

    def expr_list(self) -> list:
        out = [self.expr()]
        while self.eat(","):
            self.skip_nl()
            out.append(self.expr())
        return out

    # PHP --------------------------------------------------------------------

    def stmt_php(self, closers: tuple):
        tok = self.peek()
        if tok.kind == "name":
            v = tok.value.lower()
            if v in ("use", "namespace") and self.lang == "php":
                self.i += 1
                names = []
                while self.peek() is not None and not self.is_op(";") and \
                        self.peek().kind != "nl" and not self.is_op("{"):
                    if self.peek().kind == "name":
                        full = self.peek().value.lstrip("\\")
                        self.i += 1
                        local = full.rsplit("\\", 1)[-1]
                        if self.eat("as"):
                            local = self.peek().value
                            self.i += 1
                        names.append((local, full))
                    else:
                        self.i += 1
                return ("import", names, "") if v == "use" else None
            if v in ("function",) and self.peek(1) is not None and self.peek(1).kind == "name":
                return self.function_literal()
            if v in ("class", "trait", "interface", "enum", "abstract", "final"):
                while self.i < self.n and not self.is_name("class") and not self.is_op("{") \
                        and v in ("abstract", "final"):
                    self.i += 1
                return self.class_body()
            if v == "foreach" and self.is_op("(", self.next_after(1)):
                self.i += 1
                self.skip_nl()
                self.eat("(")
                iterable = self.expr()
                nodes: list = [iterable]
                if self.eat("as"):
                    target = self.expr(2)
                    if self.eat("=>"):
                        target = self.expr(2)
                    nodes.append(("decl", target, ("iter", iterable)))
                self.expect_close(")")
                return ("block", nodes)
            if v in ("if", "elseif", "while", "for", "switch", "catch", "declare") and \
                    self.is_op("(", self.next_after(1)):
                self.i += 1
                self.skip_nl()
                self.eat("(")
                inner = self.statements((")",))
                self.expect_close(")")
                return ("block", inner)
            if v in ("else", "try", "finally", "do", "default"):
                self.i += 1
                self.eat(":")
                return None
            if v in ("echo", "print", "return", "throw", "case", "yield", "global", "static",
                     "require", "require_once", "include", "include_once") and \
                    not self.is_op("::", self.peek(1)) and not self.is_op("(", self.peek(1)) or \
                    v in ("require", "require_once", "include", "include_once"):
                self.i += 1
                if self.at_statement_end():
                    return None
                node = self.expr_list()
                self.eat(":")
                if v.startswith(("require", "include")):
                    return ("call", ("name", "require"), node, None)
                if v in ("echo", "print"):
                    return ("call", ("name", "echo"), node, None)
                return ("block", node)
        if self.is_op("{"):
            self.i += 1
            body = self.statements(("}",))
            self.expect_close("}")
            return ("block", body)
        return self.expression_statement()

    # Perl -------------------------------------------------------------------

    def stmt_perl(self, closers: tuple):
        tok = self.peek()
        if tok.kind == "name":
            v = tok.value
            if v in ("use", "no", "package"):
                self.i += 1
                module = self.peek().value if self.peek() is not None else ""
                self.i += 1
                args = []
                while not self.at_statement_end():
                    args.append(self.expr())
                    self.eat(",")
                return ("import", [("", module)], module) if v == "use" else None
            if v == "sub":
                self.i += 1
                name = None
                if self.peek() is not None and self.peek().kind == "name":
                    name = self.peek().value
                    self.i += 1
                body = self.braced()
                node = ("func", [], body)
                return ("decl", ("name", name), node) if name else node
            if v in ("if", "unless", "while", "until", "elsif") and self.is_op("(", self.next_after(1)):
                self.i += 1
                self.eat("(")
                cond = self.statements((")",))
                self.expect_close(")")
                return ("block", cond)
            if v in ("for", "foreach"):
                self.i += 1
                self.eat("my")
                var = None
                if self.peek() is not None and self.peek().kind == "var":
                    var = self.peek().value
                    self.i += 1
                if self.eat("("):
                    items = self.statements((")",))
                    self.expect_close(")")
                    if var is not None and items:
                        return ("decl", ("name", var), ("iter", items[0]))
                    return ("block", items)
                return None
            if v in ("else", "do", "BEGIN", "END", "eval") and self.is_op("{", self.next_after(1)):
                self.i += 1
                return None
            if v in ("return", "last", "next", "redo", "die", "exit") and False:
                return None
            if v == "return":
                self.i += 1
                if self.at_statement_end():
                    return None
        if self.is_op("{"):
            self.i += 1
            body = self.statements(("}",))
            self.expect_close("}")
            return ("block", body)
        return self.modifiers_perl(self.expression_statement())

    def modifiers_perl(self, node):
        while self.peek() is not None and self.peek().kind == "name" and \
                self.peek().value in ("if", "unless", "while", "until", "for", "foreach", "or",
                                      "and"):
            self.i += 1
            node = ("block", [node, self.expr()])
        return node

    # -------------------------------------------------------------- expressions

    def expr(self, min_prec: int = 0):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("nested too deeply")
        try:
            return self._expr(min_prec)
        finally:
            self.depth -= 1

    def _expr(self, min_prec: int):
        left = self.unary()
        while True:
            tok = self.peek()
            if tok is None:
                return left
            if tok.kind == "nl":
                nxt = self.next_sig()
                if self.lang in ("javascript", "php", "perl") and nxt is not None and \
                        nxt.kind == "op" and nxt.value in (".", "?.", "->", "||", "&&", "??", "+",
                                                           "?", ":", "=>", "==", "===", "!=",
                                                           "|", "&"):
                    if self.lang == "php" and nxt.value == "." or self.lang != "php" or \
                            nxt.value != ".":
                        self.skip_nl()
                        continue
                return left
            if tok.kind == "op" and tok.value in ASSIGN and min_prec <= 1:
                self.i += 1
                self.skip_nl()
                value = self.expr(1)
                left = ("assign", left, value, tok.value)
                continue
            if tok.kind == "op" and tok.value == "?" and min_prec <= 2 and \
                    self.lang != "ruby" or (tok.kind == "op" and tok.value == "?" and
                                            self.lang == "ruby" and tok.space):
                self.i += 1
                self.skip_nl()
                a = self.expr(2)
                self.skip_nl()
                if not self.eat(":"):
                    raise ParseError("expected ':' in a conditional")
                self.skip_nl()
                b = self.expr(2)
                left = ("bin", "?", left, ("bin", ":", a, b))
                continue
            op = tok.value
            if tok.kind == "name" and op not in BINARY:
                return left
            if tok.kind not in ("op", "name"):
                return left
            prec = BINARY.get(op)
            if prec is None or prec < min_prec:
                return left
            if tok.kind == "name" and op in ("in", "of") and self.lang == "ruby":
                return left
            self.i += 1
            self.skip_nl()
            nxt = self.peek()
            if nxt is None or (nxt.kind == "op" and nxt.value in (")", "]", "}", ";", ",")):
                raise ParseError(f"{op!r} has nothing on its right")
            right = self.expr(prec + 1)
            left = ("bin", op, left, right)

    def unary(self):
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of code")
        if tok.kind == "op" and tok.value in ("!", "-", "+", "~", "...", "&", "\\", "@", "++",
                                              "--", "*", "**", "not") or \
                tok.kind == "op" and tok.value == "#" and self.lang == "lua":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "nl" and self.lang != "perl":
                raise ParseError(f"{tok.value!r} has nothing on its right")
            return ("un", tok.value, self.unary())
        if tok.kind == "name" and tok.value in UNARY_WORDS.get(self.lang, ()):
            if tok.value in ("my", "our", "local") and self.lang == "perl":
                self.i += 1
                if self.is_op("("):
                    return self.postfix(self.primary())
                return self.unary()
            if tok.value in ("print", "throw", "local") and self.lang != "perl":
                return self.postfix(self.primary())
            self.i += 1
            if self.at_statement_end():
                return ("const",)
            return ("un", tok.value, self.unary())
        if tok.kind == "name" and tok.value == "new":
            self.i += 1
            callee = self.primary()
            while self.is_op(".") or self.is_op("\\") or self.is_op("::"):
                self.i += 1
                name = self.peek()
                if name is None:
                    raise ParseError("expected a name after new")
                self.i += 1
                callee = ("member", callee, name.value)
            args = self.call_args() if self.is_op("(") else []
            return self.postfix(("new", callee, args))
        return self.postfix(self.primary())

    def primary(self):  # noqa: C901 - a dispatch over token kinds
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of code")
        self.i += 1
        kind, v = tok.kind, tok.value
        if kind == "str":
            return ("lit", v)
        if kind == "tmpl":
            return ("tmpl", self.parts(v))
        if kind == "cmd":
            return ("cmd", self.parts(v))
        if kind == "num":
            return ("num", v)
        if kind == "regex":
            return ("const",)
        if kind == "var":
            if self.lang == "perl" and self.is_op("{") and not self.peek().space:
                return ("name", v)  # $h{key}: handled in postfix
            return ("name", v)
        if kind == "name":
            return self.primary_name(tok)
        if v == "(":
            return self.parenthesized()
        if v == "[":
            items = self.items("]")
            return ("arr", items)
        if v == "{":
            return self.object_literal()
        if v == "->" and self.lang == "ruby":
            self.params() if self.is_op("(") else None
            block = self.ruby_block()
            return block if block is not None else ("const",)
        if v == "<" and self.lang == "javascript":  # a generic or JSX: skip to '>'
            depth = 1
            while self.i < self.n and depth:
                if self.is_op("<"):
                    depth += 1
                elif self.is_op(">"):
                    depth -= 1
                self.i += 1
            return ("unknown",)
        if v in (")", "]", "}"):
            raise ParseError(f"unexpected {v!r}")
        if v == "=>" or v in ASSIGN or v in ("*", "/", "%", "|", "^", "?", ":", ".", "->", "<",
                                             ">", "<=", ">=", "==", "!=", "&&", "||", ",", "::"):
            raise ParseError(f"unexpected {v!r}")
        return ("unknown",)

    def primary_name(self, tok: Tok):
        v = tok.value
        lang = self.lang
        if v in ("true", "TRUE", "True"):
            return ("bool", True)
        if v in ("false", "FALSE", "False"):
            return ("bool", False)
        if v in LITERAL_NAMES:
            return ("const",)
        if lang == "javascript":
            if v == "function" or (v == "async" and self.is_name("function")):
                self.i -= 1
                return self.function_literal()
            if v == "async" and (self.is_op("(") or (self.peek() is not None and
                                                     self.peek().kind == "name")):
                return self.primary()
            if v == "class":
                self.i -= 1
                return self.class_body() or ("const",)
            if self.is_op("=>"):
                self.i += 1
                return ("func", [v], self.arrow_body())
        if lang == "php":
            low = v.lower()
            if low in ("function", "fn"):
                params = self.params()
                if self.eat("use"):
                    self.params()
                if self.is_op(":"):
                    self.i += 1
                    self.eat("?")
                    self.i += 1
                if low == "fn":
                    self.eat("=>")
                    return ("func", params, [self.expr()])
                return ("func", params, self.braced())
            if low in ("array", "list") and self.is_op("("):
                self.i += 1
                return ("arr", self.items(")"))
            if low in ("isset", "empty", "unset"):
                return ("name", low)
        if lang == "lua" and v == "function":
            params = self.params()
            body = self.block_until("end")
            self.expect_close("end")
            return ("func", params, body)
        if lang == "perl" and v == "sub":
            return ("func", [], self.braced())
        if lang in ("ruby", "lua") and v in OPENERS_WITH_END.get(lang, ()) and v != "function":
            self.i -= 1
            if lang == "ruby" and v in ("if", "unless", "while", "until") and \
                    not self.at_line_start():
                return ("const",)  # a modifier (`x = y if z`): the statement handles it
            node = self.statement(())
            return node if node is not None else ("const",)
        if lang == "ruby" and v in ("lambda", "proc"):
            block = self.ruby_block()
            return block if block is not None else ("name", v)
        return ("name", v)

    def arrow_body(self):
        self.skip_nl()
        if self.is_op("{"):
            return self.braced()
        return [self.expr(1)]

    def parenthesized(self):
        """`( ... )`: a parenthesized expression, a list (Perl, Lua), or arrow-function params."""
        start = self.i
        if self.lang == "javascript" and self._arrow_ahead():
            self.i = start - 1
            params = self.params()
            if self.is_op(":"):
                self.skip_type()
            self.eat("=>")
            return ("func", params, self.arrow_body())
        items = self.items(")")
        if self.lang == "php" and len(items) == 1 and items[0][0] == "name" and \
                items[0][1].lower() in ("string", "int", "integer", "bool", "boolean", "float",
                                        "double", "array", "object", "unset", "binary") and \
                not self.at_statement_end() and self.peek().kind != "op":
            return self.unary()  # a cast: (string) $x
        if self.lang == "javascript" and self.is_op("=>"):
            self.i += 1
            return ("func", [], self.arrow_body())
        if len(items) == 1 and self.lang != "perl":
            return items[0]
        return ("arr", items)

    def _arrow_ahead(self) -> bool:
        depth, j = 1, self.i
        while j < self.n:
            tok = self.t[j]
            if tok.kind == "op" and tok.value in ("(", "[", "{"):
                depth += 1
            elif tok.kind == "op" and tok.value in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    k = j + 1
                    while k < self.n and self.t[k].kind == "nl":
                        k += 1
                    if k < self.n and self.t[k].kind == "op" and self.t[k].value == ":":
                        return self._arrow_after_type(k + 1)  # (a: T): R => ...
                    return k < self.n and self.t[k].kind == "op" and self.t[k].value == "=>"
            j += 1
        return False

    def _arrow_after_type(self, j: int) -> bool:
        depth = 0
        while j < self.n:
            tok = self.t[j]
            if tok.kind == "op":
                if tok.value == "=>" and depth == 0:
                    return True
                if tok.value in ("(", "[", "{", "<"):
                    depth += 1
                elif tok.value in (")", "]", "}", ">"):
                    depth -= 1
                    if depth < 0:
                        return False
                elif depth == 0 and tok.value in (";", ",", "?", ":", "="):
                    return False
            elif tok.kind == "nl" and depth == 0:
                return False
            elif tok.kind not in ("name",) and depth == 0:
                return False
            j += 1
        return False

    def items(self, closer: str) -> list:
        out: list = []
        while True:
            self.skip_nl()
            if self.eat(closer):
                return out
            if self.i >= self.n:
                raise ParseError(f"expected {closer!r}")
            if self.is_op(","):
                self.i += 1
                continue
            item = self.expr(1)
            self.skip_nl()
            if self.is_op("=>") or (self.is_op(":") and self.lang == "javascript"):
                self.i += 1
                self.skip_nl()
                item = ("kw", item, self.expr(1))
            elif self.is_op("=") and self.lang == "lua":
                self.i += 1
                item = ("kw", item, self.expr(1))
            out.append(item)
            self.skip_nl()
            if not self.eat(",") and not self.is_op(closer) and not self.is_op(";"):
                if self.lang == "lua" and self.eat(";"):
                    continue
                raise ParseError(f"expected ',' or {closer!r}")

    def object_literal(self):
        pairs = []
        while True:
            self.skip_nl()
            if self.eat("}"):
                return ("obj", pairs)
            if self.i >= self.n:
                raise ParseError("expected '}'")
            if self.eat(",") or self.eat(";"):
                continue
            if self.eat("..."):
                pairs.append(("...", self.expr(1)))
                continue
            tok = self.peek()
            if self.lang == "javascript" and tok.kind == "name" and tok.value in ("get", "set",
                                                                                  "async") and \
                    self.peek(1) is not None and (self.peek(1).kind in ("name", "str") or
                                                  self.is_op("*", self.peek(1)) or
                                                  self.is_op("[", self.peek(1))):
                self.i += 1
                tok = self.peek()
            if self.lang == "javascript" and self.is_op("*"):  # a generator method
                self.i += 1
                tok = self.peek()
            if self.lang == "lua" and self.is_op("["):
                self.i += 1
                key = self.expr()
                self.expect_close("]")
                self.eat("=")
                pairs.append((key, self.expr(1)))
                continue
            if self.lang == "javascript" and self.is_op("["):
                self.i += 1
                key = self.expr()
                self.expect_close("]")
                if self.is_op("("):
                    self.params()
                    pairs.append((key, ("func", [], self.braced())))
                    continue
                self.eat(":")
                pairs.append((key, self.expr(1)))
                continue
            if tok.kind in ("name", "str", "num") and (self.is_op(":", self.peek(1)) or
                                                       self.is_op("=", self.peek(1)) and
                                                       self.lang == "lua"):
                self.i += 2
                self.skip_nl()
                pairs.append((("lit", str(tok.value)), self.expr(1)))
                continue
            if self.lang == "javascript" and tok.kind in ("name", "str", "num") and \
                    self.is_op("(", self.peek(1)):
                self.i += 1
                params = self.params()
                if self.is_op(":"):
                    self.skip_type()
                pairs.append((("lit", tok.value), ("func", params, self.braced())))
                continue
            key = self.expr(1)
            self.skip_nl()
            if self.eat("=>") or self.eat(":"):
                self.skip_nl()
                pairs.append((key, self.expr(1)))
            else:
                if key[0] == "name" and self.lang == "javascript":
                    pairs.append((("lit", key[1]), key))  # {a, b}
                else:
                    pairs.append((None, key))
            self.skip_nl()
            if not self.eat(",") and not self.eat(";") and not self.is_op("}"):
                raise ParseError("expected ',' or '}'")

    def parts(self, parts) -> list:
        out = []
        for p in parts:
            if isinstance(p, str):
                out.append(p)
            else:
                sub = Parser(list(p), self.lang)
                try:
                    nodes = sub.statements(())
                except ParseError:
                    nodes = [("unknown",)]
                out.append(nodes[0] if len(nodes) == 1 else ("unknown",))
        return out

    def postfix(self, node):  # noqa: C901 - one loop over postfix forms
        while True:
            tok = self.peek()
            if tok is None:
                return node
            if tok.kind == "nl":
                nxt = self.next_sig()
                if nxt is not None and nxt.kind == "op" and nxt.value in (".", "?.", "->", "&.") \
                        and self.lang in ("javascript", "ruby", "php", "perl", "lua"):
                    self.skip_nl()
                    continue
                return node
            v = tok.value
            if tok.kind == "op" and v in (".", "?.", "->", "::", "&.", "\\") or \
                    (tok.kind == "op" and v == ":" and self.lang == "lua"):
                if self.lang == "php" and v == "." :
                    return node  # PHP concatenation
                if self.lang in ("ruby", "perl") and v == "." and self.lang == "perl":
                    return node
                nxt = self.peek(1)
                if nxt is None:
                    raise ParseError(f"nothing after {v!r}")
                if nxt.kind in ("name", "var", "str"):
                    self.i += 2
                    node = ("member", node, str(nxt.value).lstrip("$") if self.lang == "php"
                            and v == "->" else str(nxt.value))
                    continue
                if nxt.kind == "op" and nxt.value in ("(", "[", "{") and v in ("?.", "->") or \
                        nxt.kind == "op" and nxt.value == "(" and v == "." and self.lang == "ruby":
                    self.i += 1
                    continue
                if nxt.kind == "op" and nxt.value == "@" and self.lang == "perl":
                    self.i += 2
                    continue
                raise ParseError(f"unexpected {nxt.value!r} after {v!r}")
            if tok.kind == "op" and v == "(" and not (self.lang == "perl" and tok.space and
                                                     node[0] == "name" and
                                                     node[1].startswith("$")):
                args = self.call_args()
                block = self.ruby_block() if self.lang == "ruby" and \
                    (self.is_name("do") or (self.is_op("{") and not self.peek().space or
                                            self.is_op("{"))) else None
                node = ("call", node, args, block)
                continue
            if tok.kind == "op" and v == "[":
                if self.lang == "ruby" and tok.space and node[0] == "name" and node[1][:1].islower():
                    args = self.paren_less_args()
                    node = ("call", node, args, None)
                    continue
                self.i += 1
                self.skip_nl()
                key = self.expr() if not self.is_op("]") else ("const",)
                self.expect_close("]")
                node = ("index", node, key)
                continue
            if tok.kind == "op" and v == "{" and self.lang == "perl" and not tok.space and \
                    node[0] in ("name", "index", "member"):
                self.i += 1
                key = self.expr() if not self.is_op("}") else ("const",)
                self.expect_close("}")
                node = ("index", node, key)
                continue
            if tok.kind in ("tmpl", "str") and self.lang == "javascript" and not tok.space and \
                    node[0] in ("name", "member", "call"):
                self.i += 1
                value = ("tmpl", self.parts(v)) if tok.kind == "tmpl" else ("lit", v)
                node = ("call", node, [value], "tagged")
                continue
            nxt = self.peek(1)
            if tok.kind == "op" and v in ("++", "--", "!") and \
                    self.lang in ("javascript", "php", "perl") and (v != "!" or
                                                                 self.lang == "javascript") and \
                    (not tok.space or nxt is None or nxt.kind == "nl" or
                     (nxt.kind == "op" and nxt.value in (";", ")", "]", "}", ","))):
                self.i += 1
                if v != "!":
                    node = ("un", v, node)  # `i++` changes i: the walk must see it
                continue
            if tok.kind == "name" and v in ("as", "satisfies") and self.lang == "javascript":
                self.i += 1
                self.skip_type_expr()
                continue
            if self.lang == "ruby" and (self.is_name("do") or (self.is_op("{") and
                                                                node[0] in ("member", "name")
                                                                and tok.space)):
                if node[0] in ("name", "member", "call"):
                    block = self.ruby_block()
                    if node[0] == "call":
                        node = ("call", node[1], node[2], block)
                    else:
                        node = ("call", node, [], block)
                    continue
            if self.paren_less_call(node, tok):
                args = self.paren_less_args()
                block = self.ruby_block() if self.lang == "ruby" and self.is_name("do") else None
                node = ("call", node, args, block)
                continue
            return node

    def skip_type_expr(self) -> None:
        depth = 0
        while self.i < self.n:
            tok = self.t[self.i]
            if tok.kind == "op" and tok.value in ("<", "(", "[", "{"):
                depth += 1
            elif tok.kind == "op" and tok.value in (">", ")", "]", "}"):
                if depth == 0:
                    return
                depth -= 1
            elif depth == 0 and (tok.kind != "name" and not (tok.kind == "op" and
                                                             tok.value in (".", "|", "&"))):
                return
            self.i += 1

    def paren_less_call(self, node, tok: Tok) -> bool:
        """Ruby `puts x`, Perl `system "..."`, Lua `f "x"` / `f {...}`: a call without
        parentheses, when an argument starts on the same line."""
        lang = self.lang
        if lang not in ("ruby", "perl", "lua") or node[0] not in ("name", "member"):
            return False
        if lang == "lua":
            return tok.kind in ("str", "tmpl") or (tok.kind == "op" and tok.value == "{")
        if node[0] == "name" and (node[1].startswith(("$", "@", "%")) and lang == "perl"):
            return False
        if node[0] == "name" and lang == "ruby" and node[1][:1].isupper() and \
                tok.kind != "str" and tok.kind != "tmpl":
            return False
        if tok.kind in ("str", "tmpl", "num", "var", "cmd"):
            return True
        if tok.kind == "name":
            return tok.value not in self.stop and tok.value not in ("do", "end", "then") and \
                tok.space
        if tok.kind == "op" and tok.value in ("[", "-", "::", "*", "&", "!", "\\", "{") and \
                tok.space:
            nxt = self.peek(1)
            if tok.value in ("{",):
                return lang == "perl"
            return nxt is not None and not nxt.space and nxt.kind != "nl"
        if tok.kind == "op" and tok.value == "(" and tok.space and lang == "perl":
            return True
        return False

    def paren_less_args(self) -> list:
        args = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "nl" or (tok.kind == "op" and tok.value in
                                                   (";", ")", "}", "]")) or \
                    (tok.kind == "name" and tok.value in self.stop):
                return args
            if self.lang == "lua":
                return [self.primary()]
            item = self.expr(3 if self.lang == "ruby" else 1)
            if self.is_op("=>"):
                self.i += 1
                item = ("kw", item, self.expr(3))
            args.append(item)
            if not self.eat(","):
                return args
            self.skip_nl()

    def call_args(self) -> list:
        self.i += 1  # (
        out = []
        while True:
            self.skip_nl()
            if self.eat(")"):
                return out
            if self.i >= self.n:
                raise ParseError("expected ')'")
            if self.eat(","):
                continue
            self.eat("...")
            if self.lang == "php" and self.peek() is not None and self.peek().kind == "name" \
                    and self.is_op(":", self.peek(1)) and not self.is_op("::", self.peek(1)):
                key = self.peek().value
                self.i += 2
                out.append(("kw", ("lit", key), self.expr(1)))
                continue
            item = self.expr(1)
            self.skip_nl()
            if self.is_op("=>"):
                self.i += 1
                self.skip_nl()
                item = ("kw", item, self.expr(1))
            out.append(item)
            self.skip_nl()
            if not self.eat(",") and not self.is_op(")"):
                raise ParseError("expected ',' or ')'")


def parse(toks: list[Tok], lang: str) -> list:
    return Parser(toks, lang).program()
