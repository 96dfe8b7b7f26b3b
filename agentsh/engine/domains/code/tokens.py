"""A small tokenizer for JavaScript/TypeScript, Ruby, PHP, Lua and Perl.

It knows each language's strings (with escapes and interpolation), comments, template literals,
regular-expression literals, heredocs and quoting operators (`%q()`, `qq{}`, `[[...]]`), so text
inside them is never taken for code, and code inside `${...}` / `#{...}` / `{$...}` is. Anything
left unterminated raises `LexError`: the code cannot be parsed."""

from __future__ import annotations

import re

from agentsh.records import Record

MAX_TOKENS = 400_000


class LexError(ValueError):
    pass


class Tok(Record, fields="kind value line space"):
    """kind: 'name', 'var' (PHP/Perl `$x`), 'str' (value: the text), 'tmpl' (value: a tuple of
    str and token lists, for interpolated strings), 'cmd' (a backtick command; value as tmpl),
    'num', 'op', 'regex', 'nl' (a line break, for languages where it ends a statement).
    `space`: whitespace came right before it."""

    __slots__ = ()

    kind: str
    value: object
    line: int
    space: bool


OPS = sorted(""">>>= === !== **= ... <=> ||= &&= ??= >>= <<= >>> => -> :: == != <= >= && || ?? ?. ++ --
+= -= *= /= %= .= |= &= ^= ** << >> .. =~ !~ ~= // &.""".split(), key=len, reverse=True)
JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}
NUMBER = re.compile(r"0[xXbBoO][0-9a-fA-F_]+n?|[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?\d+)?n?|\.[0-9]+")
# `\w` is Unicode-aware; `[^\W\d]` is a letter or `_` (big explicit ranges are costly to compile)
NAMES = {"javascript": re.compile(r"(?:[^\W\d]|\$)[\w$]*"),
         "ruby": re.compile(r"[^\W\d]\w*[?!]?(?![=~])|[^\W\d]\w*"),
         "php": re.compile(r"\\?[^\W\d]\w*(?:\\[^\W\d]\w*)*"),
         "perl": re.compile(r"[^\W\d]\w*(?:::\w+)*"),
         "lua": re.compile(r"[^\W\d]\w*")}
SIGIL_NAME = re.compile(r"[$@%&]+(?:\{\^?\w+\}|\^\w|::|[^\W\d]\w*(?:::\w+)*|\d+|[^\s\w])")
JS_REGEX_AFTER = frozenset("return typeof instanceof in of new delete void throw case do else yield "
                           "await".split())
RUBY_REGEX_AFTER = frozenset("if elsif unless while until and or not when return puts p print "
                             "split sub gsub scan match".split())
CLOSERS = {"(": ")", "[": "]", "{": "}"}
PERL_QUOTES = frozenset(("q", "qq", "qw", "qx", "m", "qr", "s", "tr", "y"))
RUBY_PERCENT = frozenset("qQwWiIxrs")


class Lexer:
    def __init__(self, code: str, lang: str) -> None:
        self.s = code
        self.n = len(code)
        self.i = 0
        self.line = 1
        self.lang = lang
        self.out: list[Tok] = []
        self.space = False
        self.heredocs: list[tuple[str, bool, bool, list]] = []  # (id, interpolating, squiggly, slot)
        self.stop_at_brace = False  # lexing a template's `${...}`: stop at its closing brace
        self.braces = 0

    # -------------------------------------------------------------- helpers

    def add(self, kind: str, value) -> None:
        self.out.append(Tok(kind, value, self.line, self.space))
        self.space = False
        if len(self.out) > MAX_TOKENS:
            raise LexError("code too long to follow")

    def prev(self) -> Tok | None:
        for tok in reversed(self.out):
            if tok.kind != "nl":
                return tok
        return None

    def value_before(self) -> bool:
        """The previous token ends an operand (so `/` divides rather than starts a regex)."""
        p = self.prev()
        if p is None:
            return False
        if p.kind in ("num", "str", "tmpl", "regex", "var", "cmd"):
            return True
        if p.kind == "name":
            if self.lang == "javascript":
                return p.value not in JS_REGEX_AFTER
            if self.lang == "ruby":
                if p.value in RUBY_REGEX_AFTER:
                    return False
                nxt = self.s[self.i + 1 : self.i + 2]
                return not (self.space and nxt not in (" ", "="))  # `foo /re/` is a regex
            return True
        return p.kind == "op" and p.value in (")", "]", "}")

    # -------------------------------------------------------------- main loop

    def run(self) -> list[Tok]:
        s, lang = self.s, self.lang
        if lang == "php":
            self._php_open()
        while self.i < self.n:
            c = s[self.i]
            if c == "\n":
                self.i += 1
                self.add("nl", "\n")
                self.line += 1
                if self.heredocs:
                    self._read_heredocs()
                if lang == "ruby" and s.startswith("=begin", self.i):
                    end = s.find("\n=end", self.i)
                    if end < 0:
                        raise LexError("unterminated =begin comment")
                    self.line += s.count("\n", self.i, end + 5)
                    self.i = s.find("\n", end + 5) if s.find("\n", end + 5) >= 0 else self.n
                if lang == "perl" and s.startswith(("__END__", "__DATA__"), self.i):
                    self.i = self.n
                continue
            if c in " \t\r\f\v":
                self.i += 1
                self.space = True
                continue
            if self._comment():
                continue
            if lang == "php" and s.startswith("?>", self.i):
                self.i += 2
                self._php_html()
                continue
            if c in "'\"`":
                self._quoted(c)
                continue
            if c.isdigit() or (c == "." and s[self.i + 1 : self.i + 2].isdigit()):
                m = NUMBER.match(s, self.i)
                self.add("num", m.group(0) if m else c)
                self.i = m.end() if m else self.i + 1
                continue
            if self._special():
                continue
            if c == "#" and lang == "javascript" and s[self.i + 1 : self.i + 2].isalpha():
                self.i += 1  # a private field: `this.#count`
                continue
            if c.isalpha() or c in "_$@" or (lang == "php" and c == "\\" and
                                             s[self.i + 1 : self.i + 2].isalpha()):
                self._name()
                continue
            if c == "%" and lang == "perl" and (s[self.i + 1 : self.i + 2].isalpha() or
                                                s[self.i + 1 : self.i + 2] == "_") and \
                    (not self.value_before() or self.prev().kind == "name" and
                     self.prev().value in ("my", "our", "local", "keys", "values", "each", "scalar")):
                self._name()  # `my %cfg = (...)`, `(%h)`: a hash, not the modulo operator
                continue
            if c == "/" and lang in ("javascript", "ruby", "perl") and not self.value_before():
                self._regex()
                continue
            if c == "<" and self._heredoc_start():
                continue
            if self.stop_at_brace and c in "{}":
                self.braces += 1 if c == "{" else -1
                if self.braces < 0:
                    return self.out  # self.i is at the closing brace
            op = next((o for o in OPS if s.startswith(o, self.i)), c)
            if lang != "perl" and op == "//":
                op = "/"
            if op == "&." and lang != "ruby":
                op = "&"
            if lang != "lua" and op == "..":
                op = "." if lang != "ruby" and lang != "perl" else ".."
            if op in ("~=",) and lang != "lua":
                op = "~"
            self.add("op", op)
            self.i += len(op)
        if self.heredocs:
            raise LexError("unterminated heredoc")
        if self.stop_at_brace:
            raise LexError("unterminated ${ in a template literal")
        return [_settled(t) for t in self.out]

    # -------------------------------------------------------------- pieces

    def _comment(self) -> bool:
        s, i, lang = self.s, self.i, self.lang
        if lang in ("javascript", "php") and s.startswith("//", i) or \
                lang in ("ruby", "perl", "php") and s[i] == "#" and \
                not (lang == "php" and s.startswith("#[", i)) or \
                lang == "lua" and s.startswith("--", i) and not s.startswith("--[", i):
            end = s.find("\n", i)
            self.i = end if end >= 0 else self.n
            return True
        if lang in ("javascript", "php") and s.startswith("/*", i):
            end = s.find("*/", i + 2)
            if end < 0:
                raise LexError("unterminated comment")
            self.line += s.count("\n", i, end)
            self.i = end + 2
            self.space = True
            return True
        if lang == "lua" and s.startswith("--[", i):
            m = re.compile(r"--\[(=*)\[").match(s, i)
            if m:
                close = "]" + m.group(1) + "]"
                end = s.find(close, m.end())
                if end < 0:
                    raise LexError("unterminated comment")
                self.line += s.count("\n", i, end)
                self.i = end + len(close)
            else:
                end = s.find("\n", i)
                self.i = end if end >= 0 else self.n
            return True
        if lang == "javascript" and s.startswith("#!", i) and i == 0:
            end = s.find("\n")
            self.i = end if end >= 0 else self.n
            return True
        return False

    def _name(self) -> None:
        s, lang = self.s, self.lang
        start = self.i
        if lang in ("php", "perl") and s[start] == "$" or lang == "perl" and s[start] in "@%&" \
                and s[start + 1 : start + 2] not in ("", " ", "=", "{"):
            m = SIGIL_NAME.match(s, start)
            self.add("var", m.group(0) if m else s[start])
            self.i = m.end() if m else start + 1
            return
        if lang == "ruby" and s[start] in "@$":
            m = re.compile(r"@@?\w+|\$(?:\w+|.)").match(s, start)
            self.add("var", m.group(0) if m else s[start])
            self.i = m.end() if m else start + 1
            return
        m = NAMES[lang].match(s, start)
        if not m:
            self.add("op", s[start])
            self.i = start + 1
            return
        word = m.group(0)
        self.i = m.end()
        if lang == "perl" and word in PERL_QUOTES and self._perl_quote(word):
            return
        if lang == "ruby" and word.endswith(":") is False and s.startswith(":", self.i) and \
                not s.startswith("::", self.i) and self.prev() is not None and \
                (self.prev().value in ("(", ",", "{", "|") or
                 self.prev().kind == "name" and self.out[-1].space is False and start > 0
                 and s[start - 1] == " ") and \
                s[self.i + 1 : self.i + 2] in (" ", "\n", ""):
            self.add("str", word)  # `key: value` in a Ruby call or hash
            self.add("op", "=>")
            self.i += 1
            return
        self.add("name", word)

    def _special(self) -> bool:
        """Ruby symbols and percent literals, Lua long strings, PHP casts."""
        s, i, lang = self.s, self.i, self.lang
        c = s[i]
        if lang == "ruby" and c == ":" and s[i + 1 : i + 2] == '"':
            self.i += 1
            self._quoted('"')
            return True
        if lang == "ruby" and c == ":" and re.compile(r":[A-Za-z_]\w*[?!=]?").match(s, i) and \
                not s.startswith("::", i) and (self.prev() is None or self.prev().value != "?"
                                              or self.space):
            m = re.compile(r":([A-Za-z_]\w*[?!=]?)").match(s, i)
            if self.prev() is not None and self.prev().kind in ("name", "str") and not self.space:
                return False  # `a ? b :c` / `{a:1}` edge cases: an operator
            self.add("str", m.group(1))
            self.i = m.end()
            return True
        if lang == "ruby" and c == "%" and (not self.value_before() or
                                            not s[s.rfind("\n", 0, i) + 1:i].strip()):
            # (a `%` that starts a line starts a literal: the newline ended the statement)
            m = re.compile(r"%([qQwWiIxrs]?)([^\w\s])").match(s, i)
            if m and (m.group(1) or m.group(2) in "({[<|!/^"):
                kind, open_ = m.group(1) or "Q", m.group(2)
                close = {"(": ")", "[": "]", "{": "}", "<": ">"}.get(open_, open_)
                self.i = m.end()
                body = self._until(close, open_ if open_ != close else None)
                if kind == "x":
                    self.add("cmd", self._interpolate(body, "ruby"))
                elif kind in "wWiI":
                    self.add("op", "[")
                    for k, w in enumerate(body.split()):
                        if k:
                            self.add("op", ",")
                        self.add("str", w)
                    self.add("op", "]")
                elif kind == "r":
                    self.add("regex", body)
                    self._skip_flags()
                elif kind in "Q":
                    self.add("tmpl", self._interpolate(body, "ruby"))
                else:
                    self.add("str", body)
                return True
        if lang == "lua" and c == "[" and re.compile(r"\[=*\[").match(s, i):
            m = re.compile(r"\[(=*)\[").match(s, i)
            close = "]" + m.group(1) + "]"
            end = s.find(close, m.end())
            if end < 0:
                raise LexError("unterminated long string")
            body = s[m.end() : end]
            self.line += body.count("\n")
            self.add("str", body[1:] if body.startswith("\n") else body)
            self.i = end + len(close)
            return True
        return False

    def _until(self, close: str, open_: str | None) -> str:
        s = self.s
        depth, j, out = 0, self.i, []
        while j < self.n:
            ch = s[j]
            if ch == "\\" and j + 1 < self.n:
                out.append(s[j : j + 2])
                j += 2
                continue
            if open_ is not None and ch == open_:
                depth += 1
            elif ch == close:
                if depth == 0:
                    self.line += s.count("\n", self.i, j)
                    self.i = j + 1
                    return "".join(out)
                depth -= 1
            out.append(ch)
            j += 1
        raise LexError(f"unterminated literal (expected {close!r})")

    def _skip_flags(self) -> None:
        while self.i < self.n and self.s[self.i].isalpha():
            self.i += 1

    def _quoted(self, q: str) -> None:
        s, lang = self.s, self.lang
        start = self.i + 1
        if lang == "javascript" and q == "`":
            self.i = start
            self.add("tmpl", self._template())
            return
        j = start
        while j < self.n:
            ch = s[j]
            if ch == "\\":
                j += 2
                continue
            if ch == q:
                break
            if lang == "javascript" and ch == "\n" and q != "`":
                raise LexError("unterminated string")
            if lang == "ruby" and q in ('"', "`") and s.startswith("#{", j):
                end = _matching(s, j + 1)  # `"Bearer #{ENV["KEY"]}"`: quotes inside `#{}`
                if end > 0:
                    j = end + 1
                    continue
            j += 1
        if j >= self.n:
            raise LexError("unterminated string")
        body = s[start:j]
        self.line += body.count("\n")
        self.i = j + 1
        if q == "`":
            self.add("cmd", self._interpolate(body, lang))
        elif q == "'" or lang == "lua" or (lang == "javascript"):
            self.add("str", _unescape(body, lang, q))
        else:
            parts = self._interpolate(body, lang)
            if all(isinstance(p, str) for p in parts):
                self.add("str", "".join(parts))
            else:
                self.add("tmpl", parts)

    def _template(self) -> tuple:
        """A JS template literal from after the backquote: text and `${...}` token lists."""
        s = self.s
        parts: list = []
        buf: list[str] = []
        while self.i < self.n:
            ch = s[self.i]
            if ch == "\\" and self.i + 1 < self.n:
                buf.append(_unescape(s[self.i : self.i + 2], "javascript", "`"))
                self.i += 2
                continue
            if ch == "`":
                self.i += 1
                if buf:
                    parts.append("".join(buf))
                return tuple(parts)
            if ch == "$" and s.startswith("${", self.i):
                if buf:
                    parts.append("".join(buf))
                    buf = []
                inner = Lexer(s, "javascript")  # the expression, up to its closing brace
                inner.i = self.i + 2
                inner.stop_at_brace = True
                parts.append([_settled(t) for t in inner.run()])
                self.line += s.count("\n", self.i, inner.i)
                self.i = inner.i + 1
                continue
            if ch == "\n":
                self.line += 1
            buf.append(ch)
            self.i += 1
        raise LexError("unterminated template literal")

    def _interpolate(self, body: str, lang: str) -> tuple:
        """Interpolated string parts: Ruby `#{...}`, PHP `$x`/`{$x}`, Perl `$x`, shell-ish."""
        parts: list = []
        buf: list[str] = []
        i, n = 0, len(body)
        while i < n:
            ch = body[i]
            if ch == "\\" and i + 1 < n:
                buf.append(_unescape(body[i : i + 2], lang, '"'))
                i += 2
                continue
            if lang == "ruby" and body.startswith("#{", i):
                end = _matching(body, i + 1)
                if end < 0:
                    raise LexError("unterminated #{ in a string")
                if buf:
                    parts.append("".join(buf))
                    buf = []
                parts.append(Lexer(body[i + 2 : end], "ruby").run())
                i = end + 1
                continue
            if lang == "php" and body.startswith("{$", i):
                end = _matching(body, i)
                if end < 0:
                    raise LexError("unterminated {$ in a string")
                if buf:
                    parts.append("".join(buf))
                    buf = []
                parts.append(Lexer(body[i + 1 : end], "php")._tokens_only())
                i = end + 1
                continue
            if lang in ("php", "perl") and ch in "$@" and i + 1 < n and \
                    (body[i + 1].isalpha() or body[i + 1] in "_{"):
                m = re.compile(r"[$@](?:\{(\w+)\}|(\w+)(?:->\w+|\[[^\]]*\]|\{[^}]*\})*)").match(body, i)
                if m:
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    if lang == "perl" and m.group(2) and m.end() > m.start() + 1 + len(m.group(2)) \
                            and "->" not in m.group(0):
                        # `"$ENV{HOME}/x"`, `"$cfg{dir}"`, `"$a[0]"`: the element,
                        # read as the same text in code is (not the whole hash or array)
                        sub = "$" + body[m.start() + 1 : m.end()]
                        try:
                            parts.append(Lexer(sub, "perl").run())
                        except LexError:
                            parts.append([Tok("var", "$" + m.group(2), 0, False)])
                    else:
                        parts.append([Tok("var", "$" + (m.group(1) or m.group(2)), 0, False)])
                    i = m.end()
                    continue
            buf.append(ch)
            i += 1
        if buf:
            parts.append("".join(buf))
        return tuple(parts)

    def _tokens_only(self) -> list[Tok]:
        return self.run()

    def _regex(self) -> None:
        s = self.s
        j = self.i + 1
        in_class = False
        while j < self.n:
            ch = s[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "\n" and self.lang == "javascript":
                raise LexError("unterminated regular expression")
            if ch == "[":
                in_class = True
            elif ch == "]":
                in_class = False
            elif ch == "/" and not in_class:
                break
            j += 1
        if j >= self.n:
            raise LexError("unterminated regular expression")
        self.add("regex", s[self.i + 1 : j])
        self.line += s.count("\n", self.i, j)
        self.i = j + 1
        self._skip_flags()

    def _perl_quote(self, word: str) -> bool:
        """q(), qq{}, qw//, qx``, m//, s///, tr///, y/// after the word was read."""
        s = self.s
        j = self.i
        while j < self.n and s[j] in " \t":
            j += 1
        if j >= self.n or s[j].isalnum() or s[j] in "_,;)=" or s[j].isspace() or \
                (s[j] == "=" and s[j + 1 : j + 2] == ">"):
            return False
        open_ = s[j]
        close = {"(": ")", "[": "]", "{": "}", "<": ">"}.get(open_, open_)
        self.i = j + 1
        body = self._until(close, open_ if open_ != close else None)
        if word in ("s", "tr", "y"):
            if open_ != close:  # s{a}{b}
                while self.i < self.n and s[self.i] in " \t\n":
                    self.i += 1
                if self.i < self.n:
                    o2 = s[self.i]
                    c2 = {"(": ")", "[": "]", "{": "}", "<": ">"}.get(o2, o2)
                    self.i += 1
                    self._until(c2, o2 if o2 != c2 else None)
            else:
                self._until(close, None)
            self._skip_flags()
            self.add("regex", body)
            return True
        if word in ("m", "qr"):
            self._skip_flags()
            self.add("regex", body)
        elif word == "qx":
            self.add("cmd", self._interpolate(body, "perl"))
        elif word == "qw":
            self.add("op", "(")
            for k, w in enumerate(body.split()):
                if k:
                    self.add("op", ",")
                self.add("str", w)
            self.add("op", ")")
        elif word == "qq":
            self.add("tmpl", self._interpolate(body, "perl"))
        else:
            self.add("str", body)
        return True

    def _heredoc_start(self) -> bool:
        s, i, lang = self.s, self.i, self.lang
        if lang == "php":
            m = re.compile(r"<<<[ \t]*(['\"]?)([A-Za-z_]\w*)\1").match(s, i)
        elif lang in ("ruby", "perl"):
            if lang == "ruby" and self.value_before() and not self.space:
                return False
            m = re.compile(r"<<([~-]?)(['\"`]?)([A-Za-z_]\w*)\2").match(s, i)
        else:
            return False
        if not m:
            return False
        if lang == "php":
            quote, ident, squiggly = m.group(1), m.group(2), True
        else:
            quote, ident, squiggly = m.group(2), m.group(3), bool(m.group(1))
            if not quote and lang == "ruby" and not m.group(1) and not ident.isupper():
                return False  # `a <<b`: a shift or an append
        slot: list = []
        self.heredocs.append((ident, quote != "'", squiggly, slot))
        self.add("heredoc", slot)
        self.i = m.end()
        return True

    def _read_heredocs(self) -> None:
        s = self.s
        for ident, interpolating, squiggly, slot in self.heredocs:
            lines = []
            while True:
                if self.i >= self.n:
                    raise LexError(f"unterminated heredoc {ident}")
                end = s.find("\n", self.i)
                line = s[self.i : end if end >= 0 else self.n]
                self.i = end + 1 if end >= 0 else self.n
                self.line += 1
                if (line.strip() if squiggly else line) in (ident, ident + ";"):
                    break
                lines.append(line)
            body = "\n".join(lines) + "\n"
            if squiggly:
                import textwrap

                body = textwrap.dedent(body)
            slot.append(self._interpolate(body, self.lang) if interpolating else (body,))
        self.heredocs = []

    def _php_open(self) -> None:
        s = self.s
        start = s.find("<?php")
        short = s.find("<?=")
        if start < 0 and short < 0:
            return  # `php -r CODE`: code without tags
        start = min(x for x in (start, short) if x >= 0)
        self.line += s.count("\n", 0, start)
        self.i = start + (5 if s.startswith("<?php", start) else 3)

    def _php_html(self) -> None:
        s = self.s
        nxt = s.find("<?php", self.i)
        if nxt < 0:
            self.i = self.n
            return
        self.line += s.count("\n", self.i, nxt)
        self.add("op", ";")
        self.i = nxt + 5


def _settled(tok: Tok) -> Tok:
    """A heredoc token, its body read by now, as a string or an interpolated string."""
    if tok.kind != "heredoc":
        return tok
    parts = tok.value[0] if tok.value else ("",)  # type: ignore[index]
    if all(isinstance(p, str) for p in parts):
        return Tok("str", "".join(parts), tok.line, tok.space)
    return Tok("tmpl", parts, tok.line, tok.space)


def _matching(s: str, i: int) -> int:
    """Index of the `}` closing the `{` at i, skipping strings inside."""
    depth, j, n = 0, i, len(s)
    while j < n:
        ch = s[j]
        if ch in "'\"`":
            k = j + 1
            while k < n and s[k] != ch:
                k += 2 if s[k] == "\\" else 1
            j = k + 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _unescape(body: str, lang: str, q: str) -> str:
    if "\\" not in body:
        return body
    if q == "'" and lang in ("ruby", "php", "perl"):
        return body.replace("\\\\", "\\").replace("\\'", "'")
    out, i, n = [], 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\" and i + 1 < n:
            nxt = body[i + 1]
            if nxt in JS_ESCAPES:
                out.append(JS_ESCAPES[nxt])
                i += 2
                continue
            if nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", body[i + 2 : i + 4]):
                out.append(chr(int(body[i + 2 : i + 4], 16)))
                i += 4
                continue
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            if nxt == "\n":
                i += 2
                continue
            out.append(nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def tokenize(code: str, lang: str) -> list[Tok]:
    toks = Lexer(code, lang).run()
    _check_brackets(toks)
    return toks


def _check_brackets(toks: list[Tok]) -> None:
    stack: list[str] = []
    for tok in toks:
        if tok.kind != "op":
            continue
        if tok.value in CLOSERS:
            stack.append(CLOSERS[tok.value])  # type: ignore[index]
        elif tok.value in (")", "]", "}"):
            if not stack or stack.pop() != tok.value:
                raise LexError(f"unbalanced {tok.value!r} on line {tok.line}")
    if stack:
        raise LexError(f"missing {stack[-1]!r}")
