"""bash's grammar, read by recursive descent the way bash 5.2's `parse.y` reads it.

The third parser, for text tree-sitter and bashlex both reject: `echo $()x`, `(())`, `case`
patterns with brackets or a leading `(`, `;&`, extglob, here-documents ended by end of file,
array subscripts in words, `if [[ x ]] then`... It reads the whole text into a small syntax tree
of `Node`s and `W`ords (`grammar_walk` turns that into the simple commands bash would run).

Where bash decides something while it reads (which `(` starts arithmetic, where `${` ends, when a
word is an assignment, when a reserved word is one) this follows bash's own rules, named after
the functions in parse.y that apply them. Anything it does not recognise is a `ParseError`, and
unparseable text asks: nothing is ever skipped. What bash only finds at run time (the commands
inside `$(( ))`, `$[ ]`, extglob patterns and unquoted here-documents) is searched for
substitutions as bash would expand it, reading single quotes as literal where bash might."""

from __future__ import annotations

import re

from agentsh.engine.parse.shared import decode_ansi_c


class ParseError(Exception):
    """bash would report a syntax error here (or this reader cannot be sure it would not)."""

    def __init__(self, message: str, pos: int, limit: bool = False, discard: bool = False
                 ) -> None:
        super().__init__(message)
        self.pos = pos
        self.limit = limit  # not a syntax error: agentsh's bound on work or nesting
        # an array assignment's word list holds a token that is not a word (`a=(x & y)`): bash
        # reports it, throws away the command it was reading and the rest of the line, and
        # reads on (`discarded`)
        self.discard = discard


RESERVED = frozenset(
    "if then else elif fi case esac for select while until do done in function time { } ! "
    "[[ ]] coproc".split())
# builtins whose arguments may be compound assignments (`declare a=(1 2)`, `eval b=()`)
DECLARATIONS = frozenset("declare typeset local export readonly alias eval let".split())
COND_UNARY = frozenset("-a -b -c -d -e -f -g -h -k -p -r -s -t -u -w -x -O -G -L -S -N -n -z -o "
                       "-v -R".split())
COND_BINARY = frozenset("== = != =~ < > -eq -ne -lt -le -gt -ge -nt -ot -ef".split())
MAX_NESTING = 100  # bash has no limit; past this the text asks (Python's own stack is finite)

# lexer flags: what the parser expects at this point (bash's parser_state bits)
F_CMD = 1  # a command may start here: `((` may be arithmetic, `{name}>` a redirection
F_ASSIGN = 2  # assignments are recognised: NAME[sub]=, NAME=(...)
F_DECL = 4  # an argument of declare/export/...: NAME=(...) allowed
F_EXTPAT = 8  # extended patterns whatever the option (right of == in [[ ]])
F_REGEXP = 16  # right of =~: ( ) and | belong to the word
F_ELEM = 32  # an element of NAME=( ... ): [key]=value
F_COND = 64  # inside [[ ]]: no descriptor numbers before < >
CMD = F_CMD | F_ASSIGN

# parse_matched_pair flags
P_FIRSTCLOSE = 1
P_DOLBRACE = 2
P_DQUOTE = 4
P_ARRAYSUB = 8

_BLANK = re.compile(r"[ \t]*")
_RUN = re.compile(r"[^ \t\n;&|()<>\\'\"$`*?+@!\[=]+")
_DQ_RUN = re.compile(r"[^\"\\$`]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_]+")
_FD_NAME = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_BREAK = frozenset(" \t\n;&|()<>")


# ---------------------------------------------------------------------------- the syntax tree


class W:
    """A word: its value after quote removal (`text`, with expansions kept as written), whether
    it has no expansion (`literal`), where it is, and the substitutions inside it (`subs`)."""

    __slots__ = ("text", "literal", "start", "end", "raw", "subs", "plain", "quoted", "assign",
                 "value")

    def __init__(self, text, literal, start, end, raw, subs, plain, quoted, assign, value):
        self.text = text
        self.literal = literal
        self.start = start
        self.end = end
        self.raw = raw
        self.subs = subs  # [Sub]
        self.plain = plain  # no quoting, no expansion: may be a reserved word or a descriptor
        self.quoted = quoted  # some quoting (a here-document delimiter so written is literal)
        self.assign = assign  # NAME of NAME=..., NAME+=..., NAME[k]=...; else None
        self.value = value  # the assigned value's text


class Sub:
    """Commands inside a word: `$( )`, backquotes or `<( )`/`>( )` (kind), as a `seq` node."""

    __slots__ = ("kind", "body", "start", "end")

    def __init__(self, kind, body, start, end):
        self.kind, self.body, self.start, self.end = kind, body, start, end


class HereDoc:
    __slots__ = ("delim", "strip", "quoted", "text", "literal", "subs", "start", "end", "by_eof",
                 "raw")

    def __init__(self, delim: str, strip: bool, quoted: bool) -> None:
        self.delim, self.strip, self.quoted = delim, strip, quoted
        self.text, self.literal, self.subs = "", True, []
        self.raw = ""  # the body as written
        self.start = self.end = 0
        self.by_eof = False


class Redir:
    __slots__ = ("op", "fd", "target", "heredoc", "start", "end")

    def __init__(self, op, fd, target, heredoc, start, end):
        self.op, self.fd, self.target, self.heredoc = op, fd, target, heredoc
        self.start, self.end = start, end


class Node:
    """A command. `kind` and `parts`:
    simple: [assignments [W], words [W]]; pipeline: [nodes] (extra: (negated, timed));
    andor: [node, '&&'|'||', node, ...]; seq: [(node, separator)]; group, subshell: [seq];
    if: [cond, then, cond, then, ..., else or None]; while, until: [cond, body];
    for, select: [W, [W] or None, body]; arith_for: [[Sub], body], arith: [[Sub]] (extra: the
    arithmetic text); case: [W, [([W], seq, terminator)]]; func: [W, node]; cond: [[W]];
    coproc: [W or None, node]."""

    __slots__ = ("kind", "parts", "redirs", "start", "end", "extra")

    def __init__(self, kind, parts, start, end, extra=None):
        self.kind, self.parts, self.start, self.end, self.extra = kind, parts, start, end, extra
        self.redirs: list[Redir] = []


class Tok:
    __slots__ = ("kind", "value", "start", "end", "word", "fd", "subs")

    def __init__(self, kind, value, start, end, word=None, fd=None, subs=None):
        self.kind, self.value, self.start, self.end = kind, value, start, end
        self.word, self.fd, self.subs = word, fd, subs


def _chk_arithsub(text: str) -> bool:
    """bash's chk_arithsub: is `$(( text ))` arithmetic (balanced parentheses) or a command
    substitution of a subshell?"""
    count, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "(":
            count += 1
        elif c == ")":
            count -= 1
            if count < 0:
                return False
        if c == "\\":
            i += 2
        elif c == "'":
            j = text.find("'", i + 1)
            i = n if j < 0 else j + 1
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        else:
            i += 1
    return count == 0


# ---------------------------------------------------------------------------- the reader


class Parser:
    def __init__(self, text: str, extglob: bool = False, start: int = 0, limit: int | None = None,
                 nesting: int = 0, budget: list | None = None) -> None:
        self.s = text
        self.n = len(text) if limit is None else limit
        self.i = start
        self.extglob = extglob
        self.nesting = nesting
        self.heredocs: list[HereDoc] = []
        self.in_comsub = 0
        self.memo: dict = {}
        self.budget = budget if budget is not None else [8 * len(text) + 2000]
        # bash's posix mode (`set -o posix`): a single quote in `${...}` in double quotes is
        # text, not a quote, after an operator other than a pattern's (`"${x+'a}"`)
        self.posix = False

    def _sub(self, start: int, limit: int) -> Parser:
        """A reader of part of the same text (its positions stay the text's own)."""
        sub = Parser(self.s, self.extglob, start, limit, self.nesting, self.budget)
        sub.posix = self.posix
        return sub

    # ------------------------------------------------------------------ characters

    def _cont(self, i: int) -> int:
        """Skip backslash-newline pairs (bash removes them before it reads a token)."""
        s = self.s
        while s.startswith("\\\n", i) and i + 1 < self.n:
            i += 2
        return i

    def _char(self, i: int) -> str:
        return self.s[i] if i < self.n else ""

    def _skip_blank(self, i: int) -> int:
        s, n = self.s, self.n
        while True:
            i = _BLANK.match(s, i, n).end()
            if s.startswith("\\\n", i) and i + 1 < n:
                i += 2
                continue
            return i

    # ------------------------------------------------------------------ tokens

    def peek(self, flags: int = CMD) -> Tok:
        key = (self.i, flags)
        tok = self.memo.get(key)
        if tok is None:
            self.budget[0] -= 1
            if self.budget[0] < 0:
                raise ParseError("the text is too complex to read in bounded time", self.i,
                                 limit=True)
            save = self.i
            tok = self._lex(flags)
            self.i = save
            self.memo[key] = tok
        return tok

    def take(self, tok: Tok) -> None:
        self.i = tok.end
        if tok.kind == "nl" and self.heredocs:
            self._read_heredocs()

    def _lex(self, flags: int) -> Tok:
        s, n = self.s, self.n
        i = self._skip_blank(self.i)
        if i >= n:
            return Tok("eof", "", i, i)
        c = s[i]
        if c == "#":
            j = s.find("\n", i, n)
            if j < 0:
                return Tok("eof", "", n, n)
            i, c = j, "\n"
        if c == "\n":
            return Tok("nl", "\n", i, i + 1)
        if c in "<>":
            if self._char(self._cont(i + 1)) == "(":
                return self._word_tok(i, flags)
            return self._redir_tok(i, i, None)
        if c in "(|" and flags & F_REGEXP:  # `=~ (a|b)c`: the regular expression is one word
            return self._word_tok(i, flags)
        if c in ";&|()":
            if c == "(" and flags & F_CMD:
                j = self._cont(i + 1)
                if self._char(j) == "(":
                    tok = self._arith_cmd(i, j + 1)
                    if tok is not None:
                        return tok
            return self._op_tok(i)
        return self._word_tok(i, flags)

    def _op_tok(self, i: int) -> Tok:
        s = self.s
        c = s[i]
        j = self._cont(i + 1)
        d = self._char(j)
        if c == ";":
            if d == ";":
                k = self._cont(j + 1)
                if self._char(k) == "&":
                    return Tok("op", ";;&", i, k + 1)
                return Tok("op", ";;", i, j + 1)
            if d == "&":
                return Tok("op", ";&", i, j + 1)
            return Tok("op", ";", i, i + 1)
        if c == "&":
            if d == "&":
                return Tok("op", "&&", i, j + 1)
            if d == ">":
                k = self._cont(j + 1)
                if self._char(k) == ">":
                    return Tok("redir", "&>>", i, k + 1)
                return Tok("redir", "&>", i, j + 1)
            return Tok("op", "&", i, i + 1)
        if c == "|":
            if d == "|":
                return Tok("op", "||", i, j + 1)
            if d == "&":
                return Tok("op", "|&", i, j + 1)
            return Tok("op", "|", i, i + 1)
        return Tok("op", c, i, i + 1)

    def _redir_tok(self, start: int, i: int, fd) -> Tok:
        c = self.s[i]
        j = self._cont(i + 1)
        d = self._char(j)
        if c == "<":
            if d == "<":
                k = self._cont(j + 1)
                e = self._char(k)
                if e == "<":
                    return Tok("redir", "<<<", start, k + 1, fd=fd)
                if e == "-":
                    return Tok("redir", "<<-", start, k + 1, fd=fd)
                return Tok("redir", "<<", start, j + 1, fd=fd)
            if d in "&>" and d:
                return Tok("redir", "<" + d, start, j + 1, fd=fd)
            return Tok("redir", "<", start, i + 1, fd=fd)
        if d in ">&|" and d:
            return Tok("redir", ">" + d, start, j + 1, fd=fd)
        return Tok("redir", ">", start, i + 1, fd=fd)

    def _word_tok(self, i: int, flags: int) -> Tok:
        word = self._word(i, flags)
        if word.plain and not flags & F_COND:
            j = self._cont(word.end)
            nxt = self._char(j)
            if nxt in ("<", ">") and self._char(self._cont(j + 1)) != "(":
                if word.text.isascii() and word.text.isdigit():
                    return self._redir_tok(word.start, j, int(word.text))
                if _FD_NAME.fullmatch(word.text):
                    return self._redir_tok(word.start, j, word.text)
        return Tok("word", word.text, word.start, word.end, word=word)

    # ------------------------------------------------------------------ words

    def _word(self, i: int, flags: int) -> W:
        s, n = self.s, self.n
        start = i
        parts: list[str] = []
        subs: list[Sub] = []
        literal = plain = True
        quoted = False
        extglob = self.extglob or bool(flags & F_EXTPAT)
        # assignment recognition: 1 reading a NAME, 2 after NAME[...], 3 after '=', 0 not one
        state = 1 if flags & (F_ASSIGN | F_DECL | F_ELEM) else 0
        name = ""
        assign = None
        value_at = 0
        while True:
            if s.startswith("\\\n", i) and i + 1 < n:
                i += 2
                continue
            if i >= n:
                break
            c = s[i]
            if c in _BREAK:
                if c in "<>" and self._char(self._cont(i + 1)) == "(":
                    j = self._cont(i + 1)
                    body, end = self._comsub_list(j + 1)
                    subs.append(Sub("procsub" + c, body, i, end))
                    parts.append(s[i:end])
                    i, literal, plain, state = end, False, False, (3 if state == 3 else 0)
                    continue
                if c == "(" and state == 3 and len(parts) == value_at and \
                        flags & (F_ASSIGN | F_DECL):
                    end = self._compound_value(i + 1, subs)
                    parts.append(s[i:end])
                    i, literal, plain = end, False, False
                    continue
                if flags & F_REGEXP and c in "(|":
                    if c == "|":
                        parts.append(c)
                        i += 1
                    else:
                        end = self._scan_pair(i + 1, "(", ")", 0, None)
                        self._expansion_subs(i + 1, end - 1, subs)
                        parts.append(s[i:end])
                        i, plain = end, False
                    continue
                break
            if c == "\\":
                if i + 1 >= n:
                    parts.append("\\")
                    i += 1
                else:
                    parts.append(s[i + 1])
                    i += 2
                plain, quoted = False, True
                state = 3 if state == 3 else 0
                continue
            if c == "'":
                j = s.find("'", i + 1, n)
                if j < 0:
                    raise ParseError("unexpected end of text looking for the matching `''", i)
                parts.append(s[i + 1 : j])
                i, plain, quoted = j + 1, False, True
                state = 3 if state == 3 else 0
                continue
            if c == '"':
                text, lit, i = self._dq(i + 1, subs, '"')
                parts.append(text)
                literal = literal and lit
                plain, quoted = False, True
                state = 3 if state == 3 else 0
                continue
            if c == "$":
                piece, lit, j, q = self._dollar(i, subs, False)
                parts.append(piece)
                literal = literal and lit
                if j > i + 1:
                    plain = False
                    quoted = quoted or q
                i = j
                state = 3 if state == 3 else 0
                continue
            if c == "`":
                piece, i = self._backquote(i, subs, False)
                parts.append(piece)
                literal = plain = False
                state = 3 if state == 3 else 0
                continue
            if c in "?*+@!" and extglob and self._char(self._cont(i + 1)) == "(":
                j = self._cont(i + 1)
                end = self._scan_pair(j + 1, "(", ")", 0, None)
                self._expansion_subs(j + 1, end - 1, subs)
                parts.append(s[i:end])
                i, literal, plain = end, False, False
                state = 3 if state == 3 else 0
                continue
            if c == "[" and ((state == 1 and name and flags & F_ASSIGN) or
                             (flags & F_ELEM and i == start)):
                end = self._scan_pair(i + 1, "[", "]", P_ARRAYSUB, subs)
                parts.append(s[i:end])
                i, plain, state = end, False, 2
                continue
            if state in (1, 2) and (name or state == 2) and (
                    c == "=" or (c == "+" and self._char(i + 1) == "=")):
                op = "+=" if c == "+" else "="
                assign = name
                parts.append(op)
                i += len(op)
                value_at = len(parts)
                state = 3
                continue
            m = _RUN.match(s, i, n)
            run = m.group() if m else c
            i += len(run)
            parts.append(run)
            if state == 1:
                if _NAME_CHARS.fullmatch(run) and (name or not run[0].isdigit()):
                    name += run
                else:
                    state = 0
            elif state == 2:
                state = 0
        if i == start:
            raise ParseError(f"syntax error near unexpected token `{s[i:i + 1]}'", i)
        text = "".join(parts)
        value = "".join(parts[value_at:]) if assign is not None else None
        return W(text, literal, start, i, s[start:i], subs, plain, quoted, assign, value)

    def _compound_value(self, i: int, subs: list) -> int:
        """NAME=( words ... ): bash's parse_compound_assignment. `i` is after the `(`."""
        save = self.i
        self.i = i
        try:
            while True:
                tok = self.peek(F_ELEM)
                if tok.kind == "nl":
                    self.take(tok)
                    continue
                if tok.kind == "word":
                    subs.extend(tok.word.subs)
                    self.take(tok)
                    continue
                if tok.kind == "op" and tok.value == ")":
                    return tok.end
                raise ParseError(f"syntax error near unexpected token `{tok.value}'", tok.start,
                                 discard=tok.kind != "eof")
        finally:
            self.i = save

    def _dq(self, i: int, subs: list, closing: str | None, heredoc: bool = False
            ) -> tuple[str, bool, int]:
        """A double-quoted string from `i` (after the quote) to its end; or, with `closing`
        None, a region read the way bash expands a here-document or arithmetic."""
        s, n = self.s, self.n
        start = i - 1
        parts: list[str] = []
        literal = True
        escapes = "$`\\" if heredoc or closing is None else '$`"\\'
        while True:
            if i >= n:
                if closing is None:
                    return "".join(parts), literal, i
                raise ParseError('unexpected end of text looking for the matching `"\'', start)
            c = s[i]
            if c == closing:
                return "".join(parts), literal, i + 1
            if c == "\\":
                d = s[i + 1] if i + 1 < n else ""
                if d == "\n":
                    i += 2
                elif d and d in escapes:
                    parts.append(d)
                    i += 2
                else:
                    parts.append("\\")
                    i += 1
                continue
            if c == "$":
                piece, lit, i, _ = self._dollar(i, subs, True)
                parts.append(piece)
                literal = literal and lit
                continue
            if c == "`":
                piece, i = self._backquote(i, subs, closing == '"')
                parts.append(piece)
                literal = False
                continue
            if closing is None:
                j = i + 1
                while j < n and s[j] not in "\\$`":
                    j += 1
                parts.append(s[i:j])
                i = j
                continue
            m = _DQ_RUN.match(s, i, n)
            parts.append(m.group())
            i = m.end()

    def _dollar(self, i: int, subs: list, in_dq: bool) -> tuple[str, bool, int, bool]:
        """`$...` at `i`: (value text, literal, end, quoted)."""
        s = self.s
        j = self._cont(i + 1)
        d = self._char(j)
        if d == "(":
            end = self._paren_dollar(i, j, subs)
            return s[i:end], False, end, False
        if d == "{":
            end = self._scan_pair(j + 1, "{", "}", P_FIRSTCLOSE | P_DOLBRACE |
                                  (P_DQUOTE if in_dq else 0), subs)
            return s[i:end], False, end, False
        if d == "[":
            end = self._scan_pair(j + 1, "[", "]", 0, None)
            self._expansion_subs(j + 1, end - 1, subs)
            return s[i:end], False, end, False
        if d == "'" and not in_dq:
            k = self._ansi_end(j + 1)
            return decode_ansi_c(s[j + 1 : k]), True, k + 1, True
        if d == '"' and not in_dq:
            text, lit, end = self._dq(j + 1, subs, '"')
            return text, lit, end, True
        if d and (d.isalpha() or d == "_") and d.isascii():
            m = _NAME.match(s, j, self.n)
            return s[i : m.end()], False, m.end(), False
        if d and d in "0123456789@*#?$!-":
            return s[i : j + 1], False, j + 1, False
        return "$", True, i + 1, False

    def _ansi_end(self, i: int) -> int:
        s, n = self.s, self.n
        start = i
        while i < n:
            c = s[i]
            if c == "\\":
                i += 2
            elif c == "'":
                return i
            else:
                i += 1
        raise ParseError("unexpected end of text looking for the matching `''", start - 2)

    def _paren_dollar(self, i: int, j: int, subs: list) -> int:
        """`$(` at `i` (`j` is the `(`): a command substitution, or with `$((` whatever bash's
        parse_comsub and then its expansion make of it (arithmetic, or a subshell's output)."""
        k = self._cont(j + 1)
        if self._char(k) == "(":
            end = self._scan_pair(j + 1, "(", ")", 0, None)
            inner = self.s[j + 1 : end - 1]
            if inner.startswith("(") and inner.endswith(")") and len(inner) >= 2 and \
                    _chk_arithsub(inner[1:-1]):
                self._expansion_subs(j + 2, end - 2, subs)
            else:
                sub = self._sub(j + 1, end - 1)
                sub.nesting = self._enter()
                body = sub.program()
                self.nesting -= 1
                subs.append(Sub("comsub", body, i, end))
            return end
        body, end = self._comsub_list(j + 1)
        subs.append(Sub("comsub", body, i, end))
        return end

    def _comsub_list(self, i: int) -> tuple[Node, int]:
        """The commands of `$( ... )` or `<( ... )` from `i` to the closing `)`: bash 5.2 parses
        them with its grammar as it reads the word (parse_comsub)."""
        save_i, save_docs = self.i, self.heredocs
        self.i, self.heredocs = i, []
        self.in_comsub += 1
        self._enter()
        try:
            body = self._list()
            tok = self.peek(CMD)
            if tok.kind != "op" or tok.value != ")":
                raise ParseError(f"syntax error near unexpected token `{tok.value or 'end'}'",
                                 tok.start)
            # `echo $(cat <<EOF)`: bash reads the body after the line the `)` is on, first
            save_docs = self.heredocs + save_docs
            return body, tok.end
        finally:
            self.nesting -= 1
            self.in_comsub -= 1
            self.i, self.heredocs = save_i, save_docs

    def _backquote(self, i: int, subs: list, in_dq: bool) -> tuple[str, int]:
        """`...` at `i`: backslash escapes removed, then its text is read as commands."""
        s, n = self.s, self.n
        j = i + 1
        buf: list[str] = []
        while True:
            if j >= n:
                raise ParseError("unexpected end of text looking for the matching ``'", i)
            c = s[j]
            if c == "`":
                break
            if c == "\\":
                d = s[j + 1] if j + 1 < n else ""
                if d == "\n":
                    j += 2
                    continue
                if d and (d in "$`\\" or (in_dq and d == '"')):
                    buf.append(d)
                    j += 2
                    continue
                buf.append("\\")
                j += 1
                continue
            buf.append(c)
            j += 1
        code = "".join(buf)
        inner = Parser(code, self.extglob, 0, None, self._enter(), self.budget)
        inner.posix = self.posix
        try:
            body = inner.program()
        finally:
            self.nesting -= 1
        subs.append(Sub("backquote", body, i, j + 1))
        return s[i : j + 1], j + 1

    def _scan_pair(self, i: int, open_: str, close: str, flags: int, subs: list | None) -> int:
        """bash's parse_matched_pair: from `i` (after the opening character) to just after the
        matching `close`. Substitutions bash reads here (inside `${ }` and subscripts) go to
        `subs`; `None` when bash reads them only at expansion (the caller searches then)."""
        s, n = self.s, self.n
        start = i
        count = 1
        wasdol = False
        scratch: list = [] if subs is None else subs
        procsubs: list[int] = []
        dollar = 0
        self._enter()
        try:
            while True:
                if i >= n:
                    raise ParseError(f"unexpected end of text looking for the matching `{close}'",
                                     start - 1)
                c = s[i]
                if c == "\\" and s.startswith("\\\n", i):  # removed before bash reads on
                    i += 2
                    continue
                i += 1
                if c == "\\":
                    i += 1
                    wasdol = False
                    continue
                if c == close:
                    count -= 1
                    if count == 0:
                        break
                elif (open_ == "{" and wasdol and c == "{") or \
                        (not flags & P_FIRSTCLOSE and c == open_):
                    count += 1
                if c == "'" and self.posix and not wasdol and flags & P_DQUOTE and \
                        flags & P_DOLBRACE and open_ == "{" and \
                        re.match(_WORD_OPERATOR, s[start:i - 1]):
                    continue  # (posix mode: text; bash's DOLBRACE_WORD state)
                if c in "'\"`":
                    if c == "'":
                        if wasdol:
                            i = self._ansi_end(i) + 1
                        else:
                            j = s.find("'", i, n)
                            if j < 0:
                                raise ParseError("unexpected end of text looking for the "
                                                 "matching `''", i - 1)
                            if flags & P_DQUOTE and subs is not None:
                                # in "${x:-'...'}" bash's expansion reads the quotes as text
                                self._sub(i, j)._dq(i, subs, None)
                            i = j + 1
                    elif c == '"':
                        _, _, i = self._dq(i, scratch, '"')
                    else:
                        _, i = self._backquote(i - 1, scratch, bool(flags & P_DQUOTE))
                    wasdol = False
                    continue
                if wasdol and c in "({[" and flags & (P_ARRAYSUB | P_DOLBRACE):
                    if c == open_:
                        count -= 1
                    if c == "(":
                        i = self._paren_dollar(dollar, i - 1, scratch)
                    elif c == "{":
                        i = self._scan_pair(i, "{", "}", P_FIRSTCLOSE | P_DOLBRACE |
                                            (flags & P_DQUOTE), scratch)
                    else:
                        end = self._scan_pair(i, "[", "]", 0, None)
                        self._expansion_subs(i, end - 1, scratch)
                        i = end
                    wasdol = False
                    continue
                if c in "<>" and flags & P_DOLBRACE and not flags & P_DQUOTE and i < n and \
                        s[i] == "(":
                    procsubs.append(i)
                wasdol = c == "$" and not wasdol
                if wasdol:
                    dollar = i - 1
            for at in procsubs:  # `${x:-<(cmd)}` runs cmd; read it within the braces
                sub = self._sub(at + 1, i - 1)
                body, end = sub._comsub_list(at + 1)
                scratch.append(Sub("procsub" + s[at - 1], body, at - 1, end))
            return i
        finally:
            self.nesting -= 1

    def _expansion_subs(self, i: int, end: int, subs: list) -> None:
        """Substitutions in text bash expands only when it runs (arithmetic, `$[ ]`, extglob
        patterns): read as in double quotes, so single quotes hide nothing."""
        if end > i and any(ch in self.s[i:end] for ch in "$`"):
            self._sub(i, end)._dq(i, subs, None)

    def _enter(self) -> int:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ParseError(f"nested more than {MAX_NESTING} levels deep", self.i, limit=True)
        return self.nesting

    # ------------------------------------------------------------------ here-documents

    def _read_heredocs(self) -> None:
        """The bodies of the here-documents of the line just ended, in order (bash's
        gather_here_documents). A body ended by the end of the text is accepted, as bash does
        (with a warning)."""
        s, n = self.s, self.n
        docs, self.heredocs = self.heredocs, []
        i = self.i
        for k, doc in enumerate(docs):
            start = i
            while True:
                if i >= n:
                    doc.start, doc.end, doc.by_eof = start, n, True
                    break
                j = s.find("\n", i, n)
                line_end = j if j >= 0 else n
                after = line_end + 1 if j >= 0 else n
                line = s[i:line_end]
                if not doc.quoted:
                    while line.endswith("\\") and (len(line) - len(line.rstrip("\\"))) % 2 and \
                            after < n:
                        nxt = s.find("\n", after, n)
                        nxt_end = nxt if nxt >= 0 else n
                        line = line[:-1] + s[after:nxt_end]
                        after = nxt_end + 1 if nxt >= 0 else n
                check = line.lstrip("\t") if doc.strip else line
                if check == doc.delim:
                    doc.start, doc.end = start, i
                    i = after
                    break
                if self.in_comsub and doc.delim and check.startswith(doc.delim) and \
                        ")" in check[len(doc.delim):]:
                    # bash 5.2 (make_here_document): inside $( ), a line that starts with the
                    # delimiter and has the closing `)` later ends the document, and what
                    # follows the delimiter is read as commands again (`EOF)`, `EOF ) | x`)
                    if "\\\n" in s[i:line_end]:
                        raise ParseError("a here-document line inside $( ) is continued", i)
                    doc.start, doc.end = start, i
                    self._heredoc_body(doc)
                    self.i = i + (len(line) - len(check)) + len(doc.delim)
                    self.heredocs = docs[k + 1 :]
                    return
                i = after
            self._heredoc_body(doc)
        self.i = i

    def _heredoc_body(self, doc: HereDoc) -> None:
        raw = doc.raw = self.s[doc.start : doc.end]
        if doc.quoted:
            text, literal = raw, True
        else:
            subs: list[Sub] = []
            text, literal, _ = self._sub(doc.start, doc.end)._dq(doc.start, subs, None, True)
            doc.subs = subs
        if doc.strip:
            text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
        doc.text, doc.literal = text, literal

    # ------------------------------------------------------------------ the grammar

    def program(self) -> Node:
        try:
            body = self._list()
            tok = self.peek(CMD)
            if tok.kind != "eof":
                raise ParseError(f"syntax error near unexpected token `{tok.value}'", tok.start)
            for doc in self.heredocs:  # operators with no line after them: empty, as in bash
                doc.start = doc.end = self.n
                doc.by_eof = True
                self._heredoc_body(doc)
            self.heredocs = []
        except RecursionError:
            raise ParseError("nested too deeply to read", self.i, limit=True) from None
        return body

    def _skip_nl(self, flags: int = CMD) -> None:
        while True:
            tok = self.peek(flags)
            if tok.kind != "nl":
                return
            self.take(tok)

    def _is_word(self, tok: Tok, *words: str) -> bool:
        return tok.kind == "word" and tok.word.plain and tok.value in words

    def _list(self) -> Node:
        """A compound_list: and-or lists separated by `;`, `&` or newlines, up to a token that
        cannot start a command (the caller checks it is the one it expects)."""
        self._enter()
        items: list = []
        start = self.i
        self._skip_nl()
        while True:
            tok = self.peek(CMD)
            if tok.kind in ("eof", "nl") or (tok.kind == "op" and tok.value in
                                             (")", ";;", ";&", ";;&")) or \
                    self._is_word(tok, "then", "else", "elif", "fi", "do", "done", "esac", "}",
                                  "in", "]]"):
                break
            node = self._and_or()
            tok = self.peek(CMD)
            if tok.kind == "op" and tok.value in (";", "&"):
                self.take(tok)
                items.append((node, tok.value))
                self._skip_nl()
                continue
            if tok.kind == "nl":
                self.take(tok)
                items.append((node, "\n"))
                self._skip_nl()
                continue
            items.append((node, ""))
            break
        self.nesting -= 1
        return Node("seq", items, start, self.i)

    def _nonempty(self, body: Node, what: str) -> None:
        if not body.parts:
            tok = self.peek(CMD)
            raise ParseError(f"syntax error: empty {what} near `{tok.value or 'end'}'", tok.start)

    def _expect(self, word: str) -> Tok:
        tok = self.peek(CMD)
        if not self._is_word(tok, word):
            raise ParseError(f"syntax error near unexpected token `{tok.value or 'end'}' "
                             f"(expected `{word}')", tok.start)
        self.take(tok)
        return tok

    def _and_or(self) -> Node:
        first = self._pipeline()
        parts = [first]
        while True:
            tok = self.peek(CMD)
            if tok.kind == "op" and tok.value in ("&&", "||"):
                self.take(tok)
                self._skip_nl()
                parts += [tok.value, self._pipeline()]
            else:
                break
        if len(parts) == 1:
            return first
        return Node("andor", parts, first.start, parts[-1].end)

    def _pipeline(self) -> Node:
        negated = timed = prefixed = False
        start = self.peek(CMD).start
        while True:
            tok = self.peek(CMD)
            if self._is_word(tok, "time"):
                self.take(tok)
                timed = True
                opt = self.peek(CMD)
                if self._is_word(opt, "-p"):
                    self.take(opt)
                    opt = self.peek(CMD)
                if self._is_word(opt, "--"):
                    self.take(opt)
                prefixed = True
                continue
            if self._is_word(tok, "!"):
                self.take(tok)
                negated = not negated
                prefixed = True
                continue
            break
        tok = self.peek(CMD)
        if prefixed and (tok.kind in ("eof", "nl") or (
                tok.kind == "op" and tok.value in (";", "&", ")", ";;", ";&", ";;&", "&&", "||"))
                or self._is_word(tok, "then", "do", "fi", "done", "esac", "}", "else", "elif")):
            return Node("pipeline", [], start, tok.start, (negated, timed))
        cmds = [self._command()]
        while True:
            tok = self.peek(CMD)
            if tok.kind == "op" and tok.value in ("|", "|&"):
                self.take(tok)
                self._skip_nl()
                cmds.append(self._command())
            else:
                break
        if len(cmds) == 1 and not negated and not timed:
            return cmds[0]
        return Node("pipeline", cmds, start, cmds[-1].end, (negated, timed))

    def _command(self) -> Node:
        tok = self.peek(CMD)
        if tok.kind == "arith":
            self.take(tok)
            return self._redirects(Node("arith", [tok.subs], tok.start, tok.end, tok.value))
        if tok.kind == "op":
            if tok.value == "(":
                self.take(tok)
                body = self._list()
                self._nonempty(body, "subshell")
                close = self.peek(CMD)
                if close.kind != "op" or close.value != ")":
                    raise ParseError(f"syntax error near unexpected token "
                                     f"`{close.value or 'end'}' (expected `)')", close.start)
                self.take(close)
                return self._redirects(Node("subshell", [body], tok.start, close.end))
            raise ParseError(f"syntax error near unexpected token `{tok.value}'", tok.start)
        if tok.kind in ("eof", "nl"):
            raise ParseError("syntax error: unexpected end of command", tok.start)
        if tok.kind == "word" and tok.word.plain and tok.value in RESERVED and \
                tok.value != "time":  # `x | time y` runs a program named time (bash's
            handler = self._COMPOUND.get(tok.value)  # time_command_acceptable)
            if handler is None:
                raise ParseError(f"syntax error near unexpected token `{tok.value}'", tok.start)
            self.take(tok)
            return self._redirects(handler(self, tok))
        return self._simple()

    def _redirects(self, node: Node) -> Node:
        while True:
            tok = self.peek(CMD)
            if tok.kind != "redir":
                return node
            node.redirs.append(self._redirect(tok))
            node.end = node.redirs[-1].end

    def _redirect(self, tok: Tok) -> Redir:
        self.take(tok)
        target = self.peek(0)
        if target.kind != "word":
            raise ParseError(f"syntax error near unexpected token `{target.value or 'end'}'",
                             target.start)
        self.take(target)
        doc = None
        if tok.value in ("<<", "<<-"):
            strip = tok.value == "<<-"  # which strips leading tabs from the delimiter too
            doc = HereDoc(target.word.text.lstrip("\t") if strip else target.word.text, strip,
                          target.word.quoted)
            self.heredocs.append(doc)
        return Redir(tok.value, tok.fd, target.word, doc, tok.start, target.end)

    def _simple(self) -> Node:
        assigns: list[W] = []
        words: list[W] = []
        redirs: list[Redir] = []
        start = self.peek(CMD).start
        end = start
        decl = False
        while True:
            flags = CMD if not words else (F_DECL if decl else 0)
            tok = self.peek(flags)
            if tok.kind == "word":
                self.take(tok)
                word = tok.word
                if not words and word.assign is not None:
                    assigns.append(word)
                else:
                    words.append(word)
                    if len(words) == 1:
                        decl = word.plain and word.text in DECLARATIONS
                end = tok.end
                continue
            if tok.kind == "redir":
                redirs.append(self._redirect(tok))
                end = redirs[-1].end
                continue
            if tok.kind == "op" and tok.value == "(" and len(words) == 1 and not assigns \
                    and not redirs:
                return self._function(words[0], start)
            break
        if not (assigns or words or redirs):
            tok = self.peek(CMD)
            raise ParseError(f"syntax error near unexpected token `{tok.value or 'end'}'",
                             tok.start)
        node = Node("simple", [assigns, words], start, end)
        node.redirs = redirs
        return node

    def _function(self, name: W, start: int) -> Node:
        """NAME ( ) body: the `(` is the next token."""
        self.take(self.peek(0))
        close = self.peek(0)
        if close.kind != "op" or close.value != ")":
            raise ParseError(f"syntax error near unexpected token `{close.value or 'end'}'",
                             close.start)
        self.take(close)
        return self._function_body(name, start)

    def _function_body(self, name: W, start: int) -> Node:
        self._skip_nl()
        tok = self.peek(CMD)
        if not (tok.kind == "arith" or (tok.kind == "op" and tok.value == "(") or self._is_word(
                tok, "{", "if", "while", "until", "for", "select", "case", "[[")):
            raise ParseError(f"syntax error near unexpected token `{tok.value or 'end'}' "
                             "(a function body is a compound command)", tok.start)
        body = self._command()
        return Node("func", [name, body], start, body.end)

    # compound commands: each is called with the reserved word already taken

    def _group(self, tok: Tok) -> Node:
        body = self._list()
        self._nonempty(body, "{ }")
        end = self._expect("}")
        return Node("group", [body], tok.start, end.end)

    def _if(self, tok: Tok) -> Node:
        parts: list = []
        while True:
            cond = self._list()
            self._nonempty(cond, "condition")
            self._expect("then")
            body = self._list()
            self._nonempty(body, "then")
            parts += [cond, body]
            nxt = self.peek(CMD)
            if self._is_word(nxt, "elif"):
                self.take(nxt)
                continue
            if self._is_word(nxt, "else"):
                self.take(nxt)
                other = self._list()
                self._nonempty(other, "else")
                parts.append(other)
            else:
                parts.append(None)
            end = self._expect("fi")
            return Node("if", parts, tok.start, end.end)

    def _while(self, tok: Tok) -> Node:
        cond = self._list()
        self._nonempty(cond, "condition")
        self._expect("do")
        body = self._list()
        self._nonempty(body, "loop body")
        end = self._expect("done")
        return Node(tok.value, [cond, body], tok.start, end.end)

    def _do_body(self) -> tuple[Node, int]:
        tok = self.peek(CMD)
        if self._is_word(tok, "do"):
            self.take(tok)
            body = self._list()
            self._nonempty(body, "loop body")
            return body, self._expect("done").end
        if self._is_word(tok, "{"):
            self.take(tok)
            body = self._list()
            self._nonempty(body, "loop body")
            return body, self._expect("}").end
        raise ParseError(f"syntax error near unexpected token `{tok.value or 'end'}' "
                         "(expected `do')", tok.start)

    def _for(self, tok: Tok) -> Node:
        name = self.peek(F_CMD)
        if name.kind == "arith" and tok.value == "for":
            self.take(name)
            sep = self.peek(CMD)
            if sep.kind == "op" and sep.value == ";":
                self.take(sep)
            self._skip_nl()
            body, end = self._do_body()
            return Node("arith_for", [name.subs, body], tok.start, end, name.value)
        if name.kind != "word":
            raise ParseError(f"syntax error near unexpected token `{name.value or 'end'}'",
                             name.start)
        self.take(name)
        self._skip_nl()
        nxt = self.peek(CMD)
        words = None
        if self._is_word(nxt, "in"):
            self.take(nxt)
            words = []
            while True:
                item = self.peek(0)
                if item.kind != "word":
                    break
                self.take(item)
                words.append(item.word)
            if item.kind == "nl" or (item.kind == "op" and item.value == ";"):
                self.take(item)
            elif item.kind != "eof":
                raise ParseError(f"syntax error near unexpected token `{item.value}'",
                                 item.start)
            self._skip_nl()
        elif nxt.kind == "op" and nxt.value == ";":
            self.take(nxt)
            self._skip_nl()
        body, end = self._do_body()
        return Node(tok.value, [name.word, words, body], tok.start, end)

    def _case(self, tok: Tok) -> Node:
        subject = self.peek(0)
        if subject.kind != "word":
            raise ParseError(f"syntax error near unexpected token `{subject.value or 'end'}'",
                             subject.start)
        self.take(subject)
        self._skip_nl()
        self._expect("in")
        self._skip_nl(0)
        clauses: list = []
        while True:
            pat = self.peek(0)
            if self._is_word(pat, "esac"):
                self.take(pat)
                return Node("case", [subject.word, clauses], tok.start, pat.end)
            if pat.kind == "op" and pat.value == "(":
                self.take(pat)
                pat = self.peek(0)
            patterns: list[W] = []
            while True:
                if pat.kind != "word":
                    raise ParseError(f"syntax error near unexpected token "
                                     f"`{pat.value or 'end'}'", pat.start)
                self.take(pat)
                patterns.append(pat.word)
                sep = self.peek(0)
                if sep.kind == "op" and sep.value == "|":
                    self.take(sep)
                    pat = self.peek(0)
                    continue
                if sep.kind == "op" and sep.value == ")":
                    self.take(sep)
                    break
                raise ParseError(f"syntax error near unexpected token `{sep.value or 'end'}'",
                                 sep.start)
            body = self._list()
            end = self.peek(CMD)
            if end.kind == "op" and end.value in (";;", ";&", ";;&"):
                self.take(end)
                clauses.append((patterns, body, end.value))
                self._skip_nl(0)
                continue
            if self._is_word(end, "esac"):
                self.take(end)
                clauses.append((patterns, body, ""))
                return Node("case", [subject.word, clauses], tok.start, end.end)
            raise ParseError(f"syntax error near unexpected token `{end.value or 'end'}'",
                             end.start)

    def _function_kw(self, tok: Tok) -> Node:
        name = self.peek(0)
        if name.kind != "word":
            raise ParseError(f"syntax error near unexpected token `{name.value or 'end'}'",
                             name.start)
        self.take(name)
        nxt = self.peek(CMD)
        if nxt.kind == "op" and nxt.value == "(":
            self.take(nxt)
            close = self.peek(0)
            if close.kind != "op" or close.value != ")":
                raise ParseError(f"syntax error near unexpected token `{close.value or 'end'}'",
                                 close.start)
            self.take(close)
        return self._function_body(name.word, tok.start)

    def _cond(self, tok: Tok) -> Node:
        words: list[W] = []
        self._cond_or(words)
        end = self.peek(F_COND)
        if not self._is_word(end, "]]"):
            raise ParseError(f"syntax error in conditional expression near "
                             f"`{end.value or 'end'}'", end.start)
        self.take(end)
        return Node("cond", [words], tok.start, end.end)

    def _cond_or(self, words: list) -> None:
        self._cond_and(words)
        while True:
            tok = self.peek(F_COND)
            if tok.kind == "op" and tok.value == "||":
                self.take(tok)
                self._cond_and(words)
            else:
                return

    def _cond_and(self, words: list) -> None:
        self._cond_term(words)
        while True:
            tok = self.peek(F_COND)
            if tok.kind == "op" and tok.value == "&&":
                self.take(tok)
                self._cond_term(words)
            else:
                return

    def _cond_term(self, words: list) -> None:
        self._skip_nl(F_COND)
        tok = self.peek(F_COND)
        if tok.kind == "op" and tok.value == "(":
            self.take(tok)
            self._enter()
            self._cond_or(words)
            self.nesting -= 1
            self._skip_nl(F_COND)
            close = self.peek(F_COND)
            if close.kind != "op" or close.value != ")":
                raise ParseError("syntax error in conditional expression: expected `)'",
                                 close.start)
            self.take(close)
            return
        if self._is_word(tok, "!"):
            self.take(tok)
            self._cond_term(words)
            return
        if tok.kind != "word" or self._is_word(tok, "]]"):
            raise ParseError(f"syntax error in conditional expression near "
                             f"`{tok.value or 'end'}'", tok.start)
        self.take(tok)
        words.append(tok.word)
        if tok.word.plain and tok.value in COND_UNARY:
            arg = self.peek(F_COND)
            if arg.kind != "word" or self._is_word(arg, "]]"):
                raise ParseError(f"unexpected argument `{arg.value or 'end'}' to conditional "
                                 "unary operator", arg.start)
            self.take(arg)
            words.append(arg.word)
            return
        op = self.peek(F_COND)
        if (op.kind == "word" and op.word.plain and op.value in COND_BINARY) or \
                (op.kind == "redir" and op.value in ("<", ">")):
            self.take(op)
            flags = F_COND | (F_REGEXP if op.value == "=~" else 0) | \
                (F_EXTPAT if op.value in ("==", "=", "!=") else 0)
            rhs = self.peek(flags)
            if rhs.kind != "word":
                raise ParseError(f"unexpected argument `{rhs.value or 'end'}' to conditional "
                                 "binary operator", rhs.start)
            self.take(rhs)
            words.append(rhs.word)

    def _coproc(self, tok: Tok) -> Node:
        first = self.peek(CMD)
        name = None
        if first.kind == "word" and not (first.word.plain and first.value in RESERVED):
            save = self.i
            self.take(first)
            nxt = self.peek(CMD)
            if nxt.kind == "arith" or (nxt.kind == "op" and nxt.value == "(") or self._is_word(
                    nxt, "{", "if", "while", "until", "for", "select", "case", "[["):
                name = first.word
            else:
                self.i = save
        cmd = self._command()
        return Node("coproc", [name, cmd], tok.start, cmd.end)

    _COMPOUND = {"{": _group, "if": _if, "while": _while, "until": _while, "for": _for,
                 "select": _for, "case": _case, "function": _function_kw, "[[": _cond,
                 "coproc": _coproc}

    def _arith_cmd(self, i: int, j: int) -> Tok | None:
        """`((` at `i`, `j` after it: bash's parse_dparen. Arithmetic when the matching `)` is
        followed by another; otherwise None and the `(`s open subshells."""
        end = self._scan_pair(j, "(", ")", 0, None)
        k = self._cont(end)
        if self._char(k) != ")":
            return None
        subs: list[Sub] = []
        self._expansion_subs(j, end - 1, subs)
        return Tok("arith", self.s[j : end - 1], i, k + 1, subs=subs)


# `${` ... up to where a single quote is text in posix mode: a parameter, then an operator that
# takes a word (`-`, `=`, `?`, `+`, with or without `:`), not a pattern (`#`, `%`, `/`, `^`...)
_WORD_OPERATOR = r"(?s)(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(?:\[[^]'\"]*\])?:?[-=?+]"


def parse_tree(text: str, extglob: bool = False, posix: bool = False) -> Node:
    """The syntax tree of `text`, or ParseError. `posix`: as bash reads it in posix mode."""
    parser = Parser(text, extglob)
    parser.posix = posix
    return parser.program()


def complete_end(text: str, extglob: bool = False) -> tuple[int, int] | None:
    """Where bash stops running `text` because of a syntax error: (the end of the complete
    top-level commands before it, the start of the command bash rejects). bash reads a `-c`
    string or a script one top-level command at a time (a simple list ended by a newline, with
    its here-documents) and runs each before it reads the next, so it runs those before the
    first one it cannot read, and nothing from there on. None when the text has no syntax error
    or the reader hit one of its own limits (then nothing is known about where bash stops)."""
    end = 0
    try:
        for end in _top_level(Parser(text, extglob)):
            pass
    except RecursionError:
        return None
    except ParseError as exc:
        if exc.limit or exc.discard:
            return None  # bash reads on past a discarded array assignment (`discarded`)
        return end, _first_token(text, end)
    return None


def _top_level(p: Parser):
    """Read `p`'s text as bash reads a `-c` string or a script, one top-level command (a simple
    list ended by a newline, with the here-documents it ends) at a time: yields where each
    complete one ends; raises ParseError where bash reports a syntax error."""
    p._skip_nl()
    while p.peek(CMD).kind != "eof":
        while True:  # one simple list: and-or lists separated by `;` or `&`
            p._and_or()
            tok = p.peek(CMD)
            if tok.kind == "op" and tok.value in (";", "&"):
                p.take(tok)
                tok = p.peek(CMD)
                if tok.kind in ("nl", "eof"):
                    break
                continue
            break
        if tok.kind == "eof":
            return
        if tok.kind != "nl":
            raise ParseError(f"syntax error near unexpected token `{tok.value}'", tok.start)
        p.take(tok)  # the newline, then the here-documents it ends
        yield p.i
        p._skip_nl()


MAX_DISCARDS = 64  # array assignments bash throws away in one text; more: the text asks


def discarded(text: str, extglob: bool = False) -> list[tuple[int, int]] | None:
    """The parts of `text` bash throws away and reads past: each (start, stop) runs from the
    start of a top-level command holding an array assignment whose word list has a token that
    is not a word (`a=(x & y)`, `m=( <> )`) to the end of the line of that token. bash 5.2's
    parse_compound_assignment reports it, sets `$?` to 1 and jumps to the top level with
    DISCARD: the command it was reading is dropped, the rest of the input line with it, and
    bash reads on from the next line (in posix mode a script ends there instead: less runs).
    None when the text has another syntax error (then `complete_end` says where bash stops),
    none at all, or more than MAX_DISCARDS of them."""
    found: list[tuple[int, int]] = []
    current = text
    for _ in range(MAX_DISCARDS + 1):
        end = 0
        try:
            for end in _top_level(Parser(current, extglob)):
                pass
        except RecursionError:
            return None
        except ParseError as exc:
            if exc.limit or not exc.discard:
                return None
            start = _first_token(current, end)
            stop = current.find("\n", exc.pos)
            stop = len(current) if stop < 0 else stop
            found.append((start, stop))
            current = blank(current, start, stop)
            continue
        return found or None
    return None


def blank(text: str, start: int, stop: int) -> str:
    """`text` with `start:stop` made `:` and blanks (newlines kept, so offsets and line
    numbers stay where they were): what bash runs there is nothing."""
    middle = "".join("\n" if c == "\n" else " " for c in text[start + 1:stop])
    return text[:start] + ":" + middle + text[stop:]


def _first_token(text: str, i: int) -> int:
    """Where the next command starts after `i` (blanks, empty lines and comments skipped)."""
    n = len(text)
    while i < n:
        if text[i] in " \t\n":
            i += 1
        elif text.startswith("\\\n", i):
            i += 2
        elif text[i] == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            break
    return i
