"""Shell word expansion with known values, as bash does it: quotes, `$x`, `${x:-d}`, `"$@"`,
arrays, `~`, field splitting. Used by the dataflow pass to turn a word into its value when every
part of it is known before run time.

`expand(raw, lookup)` returns the list of fields bash would produce, or None when any part is
only known at run time (a command substitution, arithmetic, an unknown variable, `${!x}`, a
changed IFS ...). `lookup(name)` gives a variable's value: a string, a tuple (an array), UNSET,
or None when it is unknown. Positional parameters are looked up as "1", "2", ... and "@".
"""

from __future__ import annotations

import re

from agentsh.engine.lazyre import later

UNSET = ("<unset>",)  # a variable known not to be set (`unset x`)
# regex patterns are compiled on first use (and cached by `re`): not at import
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SPECIAL = frozenset("@*#?$!-0123456789")
_WS = r"([ \t\n]+)"
_DQ_ESCAPES = frozenset('$`"\\\n')


_CAT_FILE = later(r"\s*(?:(?:/usr)?(?:/bin/)?cat\s+([\w.+@%/][\w.+@%/-]*)|"
                  r"<\s*([\w.+@%/][\w.+@%/-]*))\s*")
_PLAIN_WORD = later(r"""(?:'[^']*'|"[^"]*"|[^\s'"]+)+""")
_PLAIN_PART = later(r"""'([^']*)'|"([^"]*)"|([^\s'"]+)""")
_PRINT_UNSAFE = later(r"[$`;|&<>(){}*?\[~\n#\\]")
# `LEFT | tr SET1 SET2` with two quoted or plain words (no option)
_TR_TAIL = later(r"(?s)\s*(.*?)\s*\|\s*tr\s+("
                 r"(?:'[^']*'|\"[^\"$`\\]*\"|[^\s'\"|;&<>()$`\\-][^\s'\"|;&<>()$`\\]*)"
                 r"\s+(?:'[^']*'|\"[^\"$`\\]*\"|[^\s'\"|;&<>()$`\\]+))\s*")


def _plain_words(body: str) -> list[str] | None:
    """The words of text with no expansion, escape or operator in it (quotes only)."""
    if body.count("'") % 2 or body.count('"') % 2:
        return None  # a quote left open (or one inside the other): not worth reading
    words: list[str] = []
    for m in _PLAIN_WORD.finditer(body):
        word = m.group(0)
        words.append("".join(q1 or q2 or bare for q1, q2, bare in _PLAIN_PART.findall(word)))
    return words


class Unknown(Exception):
    """Raised inside the scanner when a part of the word is only known at run time."""


def decode_ansi_c(body: str) -> str:
    """The value of `$'...'` (without the `$'` and `'`)."""
    import codecs

    body = re.sub(r"\\c(.)", lambda m: chr(ord(m.group(1).upper()) ^ 0x40), body)
    body = re.sub(r"\\([0-7]{1,3})", lambda m: chr(int(m.group(1), 8)), body)
    body = body.replace("\\'", "'").replace("\\E", "\\x1b").replace("\\e", "\\x1b")
    try:
        return codecs.decode(body.encode("latin-1", "backslashreplace"), "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return body


DEFAULT_IFS = " \t\n"


def expand(raw: str, lookup, *, assignment: bool = False, ifs_default: bool = True,
           ifs: str | None | bool = True, patterns: bool = False) -> list[str] | None:
    """The fields `raw` (a word as written, quotes included) expands to, or None. `ifs`: what
    IFS holds (None: only known at run time; True: `ifs_default` says whether it is bash's
    default, else unknown). Fields bash then expands as glob patterns are None, or with
    `patterns` the patterns, as a `Patterns` list."""
    if ifs is True:
        ifs = DEFAULT_IFS if ifs_default else None
    try:
        scanner = _Scanner(raw, lookup, assignment, ifs == DEFAULT_IFS)
        segments = scanner.word()
        if assignment:
            return ["".join(_flat(text) for text, _ in segments)]
        fields = _split(segments, ifs)
    except (Unknown, IndexError, ValueError, RecursionError):  # ValueError: a quote bash reads
        return None  # differently in this place (`"${IFS+'bar}"`): not known, never an error
    if scanner.globbed or any(split and isinstance(text, str) and globby(text)
                              for text, split in segments):
        if not patterns:
            return None  # bash expands the field as a pattern (`x='r?'; $x` may run rm)
        fields = Patterns(fields)
    return fields


_HEREDOC_ESCAPES = frozenset("$`\\\n")  # a double quote is text in a here-document


def heredoc_text(body: str, lookup) -> str | None:
    """What bash reads from an unquoted here-document whose body is `body` as written (tabs
    already stripped for `<<-`): expanded as inside double quotes, but a double quote is text
    and a backslash escapes only `$`, backquote, backslash and newline. None when a part is
    only known at run time (a value not known, a command substitution that is not a plain
    `echo`/`printf` of literal text, arithmetic)."""
    if re.search(r"""\$\{[^}]*["'\\`]""", body):
        return None  # a quote inside `${...}` reads otherwise there: not read
    try:
        scanner = _Scanner(body, lookup, False, True)
        return "".join(_flat(text) for text, _ in scanner._double(body, _HEREDOC_ESCAPES))
    except (Unknown, IndexError, ValueError, RecursionError):
        return None


class Patterns(list):
    """Fields of a word bash then expands as glob patterns (unquoted `*`, `?`, `[...]` in its
    text or in an unquoted expansion's value): the fields are the patterns, not the words."""


def globby(text: str) -> bool:
    """Whether unquoted `text` holds a pattern character bash may expand (`*`, `?`, a `[`
    with a `]` after it, an extglob `(`)."""
    return "*" in text or "?" in text or ("[" in text and "]" in text.split("[", 1)[1]) or \
        ("(" in text and any(c + "(" in text for c in "+@!"))


def split_array(body: str) -> list[str] | None:
    """The words of an array literal's body (`a "b c" $d` of `x=(a "b c" $d)`), as written."""
    words, cur, i, n = [], [], 0, len(body)
    try:
        while i < n:
            ch = body[i]
            if ch in " \t\n":
                if cur:
                    words.append("".join(cur))
                    cur = []
                i += 1
                continue
            end = _skip_one(body, i)
            cur.append(body[i:end])
            i = end
    except (Unknown, IndexError):
        return None
    if cur:
        words.append("".join(cur))
    return words


def _backquoted(raw: str, i: int) -> tuple[int, str | None]:
    """The backquoted text at raw[i] == '`': (the index after it, the command bash runs, with
    the backslash before `$`, backquote and backslash removed); None when it is not closed."""
    parts, j, n = [], i + 1, len(raw)
    while j < n and raw[j] != "`":
        if raw[j] == "\\" and j + 1 < n:
            parts.append(raw[j + 1] if raw[j + 1] in "$`\\" else raw[j:j + 2])
            j += 2
            continue
        parts.append(raw[j])
        j += 1
    if j >= n:
        return n, None
    return j + 1, "".join(parts)


def _flat(text) -> str:
    return " ".join(text) if isinstance(text, list) else text


def _split(segments, ifs: str | None = DEFAULT_IFS) -> list[str]:
    """Field splitting: unquoted expansion results split at IFS characters; quoted text never
    does; `"$@"` (a list) makes one field per element. Raises Unknown where the split is only
    known at run time (`ifs` None, or `_separators` cannot say)."""
    fields: list[str] = []
    cur: list[str] = []
    started = False
    for text, split in segments:
        if isinstance(text, list):  # "$@" / "${a[@]}"
            if not text:
                continue
            cur.append(text[0])
            started = True
            for item in text[1:]:
                fields.append("".join(cur))
                cur = [item]
            continue
        if not split or not text:
            if text or not split:
                cur.append(text)
                started = True
            continue
        if ifs is None:
            raise Unknown("IFS")
        pattern = _separators(text, ifs)
        if pattern is None:
            cur.append(text)
            started = True
            continue
        for piece in re.split(pattern, text):
            if not piece:
                continue
            if pattern.fullmatch(piece):  # a separator: IFS white space alone, or one other
                if started or piece.strip(" \t\n"):  # IFS character (an empty field before it)
                    fields.append("".join(cur))
                    cur, started = [], False
            else:
                cur.append(piece)
                started = True
    if started:
        fields.append("".join(cur))
    return fields


def _separators(text: str, ifs: str):
    """The regex of one field separator in `text` under IFS `ifs` (None: `text` holds no IFS
    character, so it is one field). Bash splits at bytes or at characters of the locale,
    which agentsh does not know: only what is the same either way is read, else Unknown.
    ASCII characters here are ASCII bytes there (every other character, whatever its
    encoding, is bytes >= 0x80); an ASCII byte is one character in every locale bash runs
    in, but may end a multibyte character (Shift JIS), so a text or IFS with other characters
    is only read when none of IFS's characters is in the text."""
    if not ifs or not any(c in text for c in ifs):
        if text.isascii() or ifs.isascii():
            return None
        raise Unknown("IFS")  # both hold other characters: how the locale reads them
    if not (text.isascii() and ifs.isascii()):
        raise Unknown("IFS")
    white = "".join(sorted({c for c in ifs if c in DEFAULT_IFS}))
    other = "".join(sorted({c for c in ifs if c not in DEFAULT_IFS}))
    w = f"[{re.escape(white)}]" if white else ""
    if not other:
        return re.compile(f"({w}+)")
    o = f"[{re.escape(other)}]"
    return re.compile(f"({w}*{o}{w}*|{w}+)" if white else f"({o})")


def _skip_one(text: str, i: int) -> int:
    """The index after the quoted string, escape, or expansion starting at `i` (or one char)."""
    ch = text[i]
    if ch == "\\":
        return i + 2
    if ch == "'":
        end = text.index("'", i + 1)
        return end + 1
    if ch == '"':
        j = i + 1
        while text[j] != '"':
            j = _skip_one(text, j) if text[j] in "\\$`" else j + 1
        return j + 1
    if ch == "`":
        j = i + 1
        while text[j] != "`":
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if ch == "$" and i + 1 < len(text):
        nxt = text[i + 1]
        if nxt == "'":
            j = i + 2
            while text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            return j + 1
        if nxt in "({":
            return _close(text, i + 1)
    return i + 1


def _close(text: str, i: int) -> int:
    """`text[i]` is `(` or `{`: the index after its match, skipping quotes and nesting."""
    pairs = {"(": ")", "{": "}"}
    stack = [pairs[text[i]]]
    j = i + 1
    while stack:
        ch = text[j]
        if ch == stack[-1]:
            stack.pop()
            j += 1
        elif ch in pairs:
            stack.append(pairs[ch])
            j += 1
        elif ch in "\\'\"`" or (ch == "$" and j + 1 < len(text) and text[j + 1] == "'"):
            j = _skip_one(text, j)
        else:
            j += 1
    return j


class _Scanner:
    def __init__(self, raw: str, lookup, assignment: bool, ifs_default: bool = True) -> None:
        self.raw = raw
        self.lookup = lookup
        self.assignment = assignment
        self.ifs_default = ifs_default  # False: unquoted `$@` and `$*` split only at run time
        self.globbed = False  # unquoted text with a pattern character in it (`r?`, `$x*`)

    def joiner(self) -> str:
        """What `"$*"` and `"${a[*]}"` join with: IFS's first character (a space when IFS
        is unset, nothing when it is empty; a character outside ASCII is one or more bytes,
        as the locale reads it: unknown)."""
        ifs = self.lookup("IFS")
        if ifs is UNSET or (ifs is None and self.ifs_default):
            return " "
        if not isinstance(ifs, str) or not ifs[:1].isascii():
            raise Unknown("IFS")
        return ifs[:1]

    def spread(self, items: list[str], star: bool):
        """Unquoted `$@`, `$*`, `${a[@]}`: a word per element, each then split. Read as one
        text split at blanks, which is the same only under the default IFS. In an assignment
        (`x=$*`) nothing splits and `$*` joins as `"$*"` does."""
        if self.assignment:
            return (self.joiner() if star else " ").join(items), False
        if not self.ifs_default:
            raise Unknown("IFS")
        return " ".join(items), True

    def value(self, name: str):
        value = self.lookup(name)
        if value is None:
            raise Unknown(name)
        return value

    def word(self) -> list:
        """Segments (text or list of texts, splittable) of the whole word."""
        raw, out, i = self.raw, [], 0
        out.extend(self._tilde(0))
        i = self._tilde_end
        n = len(raw)
        while i < n:
            ch = raw[i]
            if ch == "\\":
                if i + 1 < n and raw[i + 1] != "\n":
                    out.append((raw[i + 1], False))
                i += 2
            elif ch == "'":
                end = raw.index("'", i + 1)
                out.append((raw[i + 1 : end], False))
                i = end + 1
            elif ch == '"':
                end = _skip_one(raw, i)
                out.extend(self._double(raw[i + 1 : end - 1]))
                i = end
            elif ch == "`":
                # `echo LIT`: bash removes the backslash before `$`, backquote and backslash
                # inside backquotes, then runs the text
                end, body = _backquoted(raw, i)
                printed = None if body is None else self._printed(body)
                if printed is None:
                    raise Unknown(ch)
                out.append((printed, True))
                i = end
            elif ch in "<>" and raw[i + 1 : i + 2] == "(":
                raise Unknown(ch)  # a process substitution
            elif ch == "$" and i + 1 < n and raw[i + 1] == "'":
                end = _skip_one(raw, i)
                out.append((decode_ansi_c(raw[i + 2 : end - 1]), False))
                i = end
            elif ch == "$" and i + 1 < n and raw[i + 1] == '"':
                end = _skip_one(raw, i + 1)
                out.extend(self._double(raw[i + 2 : end - 1]))
                i = end
            elif ch == "$":
                value, i = self._dollar(raw, i, quoted=False)
                out.append(value)
            elif self.assignment and ch == ":" and raw[i + 1 : i + 2] == "~":
                out.append((":", False))
                out.extend(self._tilde(i + 1))
                i = self._tilde_end
            else:
                j = i
                while j < n and raw[j] not in "\\'\"`$" and not (self.assignment and raw[j] == ":"):
                    j += 1
                if j == i:
                    j = i + 1
                out.append((raw[i:j], False))
                if not self.assignment and globby(raw[i:j]):
                    self.globbed = True
                i = j
        return out

    def _tilde(self, i: int) -> list:
        """`~`, `~/x`, `~+`, `~-` at position i (a word's start, or after `:` in assignments)."""
        raw = self.raw
        self._tilde_end = i
        if raw[i : i + 1] != "~":
            return []
        stops = "/:" if self.assignment else "/"
        j = i + 1
        while j < len(raw) and raw[j] not in stops and raw[j] not in "\\'\"$`":
            j += 1
        if j < len(raw) and raw[j] not in stops:
            return []  # `~"x"`: a quoted character makes it no tilde prefix
        user = raw[i + 1 : j]
        if user == "":
            home = self.value("HOME")
        elif user == "+":
            home = self.value("PWD")
        elif user == "-":
            home = self.value("OLDPWD")
        else:
            raise Unknown("~" + user)
        if not isinstance(home, str):
            raise Unknown("~")
        self._tilde_end = j
        return [(home, False)]

    def _double(self, body: str, escapes: frozenset = _DQ_ESCAPES) -> list:
        out, i, n = [], 0, len(body)
        while i < n:
            ch = body[i]
            if ch == "\\" and i + 1 < n and body[i + 1] in escapes:
                if body[i + 1] != "\n":
                    out.append((body[i + 1], False))
                i += 2
            elif ch == "`":
                raise Unknown("`")
            elif ch == "$" and i + 1 < n and (body[i + 1] in "({" or body[i + 1] in _SPECIAL
                                               or re.compile(_NAME).match(body, i + 1)):
                value, i = self._dollar(body, i, quoted=True)
                out.append(value)
            else:
                j = i + 1
                while j < n and body[j] not in "\\`$":
                    j += 1
                out.append((body[i:j], False))
                i = j
        if not out:
            out.append(("", False))  # "" is an empty field, not nothing
        return out

    def _dollar(self, text: str, i: int, quoted: bool):
        """The expansion starting at text[i] == '$': ((value, splittable), index after it)."""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt == "(" and text[i + 2 : i + 3] != "(":
            end = _close(text, i + 1)
            printed = self._printed(text[i + 2 : end - 1])
            if printed is None:
                raise Unknown("$(")
            return (printed, not quoted), end
        if nxt == "(" or nxt == "[":
            raise Unknown("$(")
        if nxt == "{":
            end = _close(text, i + 1)
            return self._brace(text[i + 2 : end - 1], quoted), end
        if nxt and nxt in _SPECIAL:
            return self._param(nxt, quoted), i + 2
        m = re.compile(_NAME).match(text, i + 1)
        if not m:
            return ("$", False), i + 1
        return self._param(m.group(0), quoted), m.end()

    def _printed(self, body: str) -> str | None:
        """What `$(echo LIT)` / `$(printf LIT)` prints (trailing newlines dropped, as the
        substitution drops them), when the words are literal and `echo`/`printf` are the
        builtins (no function, alias or `enable -n` of the line says otherwise); else None."""
        state = getattr(self.lookup, "__self__", None)
        if state is None or not hasattr(state, "functions") or state.disabled or \
                {"echo", "printf"} & (set(state.functions) | set(state.aliases)):
            return None
        m = _CAT_FILE.fullmatch(body)
        if m:
            return self._file_text(state, m.group(1) or m.group(2))
        m = _TR_TAIL.fullmatch(body)
        if m and "tr" not in state.functions and "tr" not in state.aliases:
            # `echo a b c | tr ' ' ','` (braces.tests): tr of literal characters, one for one
            printed = self._printed(m.group(1))
            sets = _plain_words(m.group(2)) or []
            if printed is None or len(sets) != 2 or not sets[0] or not sets[1] or \
                    not (sets[0] + sets[1]).isascii() or \
                    any(c in "\\[]-\n" for c in sets[0] + sets[1]):
                return None  # (tr reads bytes, ranges, classes and escapes: not read here)
            table = {a: sets[1][min(i, len(sets[1]) - 1)] for i, a in enumerate(sets[0])}
            return "".join(table.get(c, c) for c in printed)
        head = body.split(None, 1)
        if not head or head[0] not in ("echo", "printf"):
            return None
        if _PRINT_UNSAFE.search(re.sub(r"'[^']*'", "''", body) if head[0] == "printf" else body):
            # expansions, escapes: the words as bash expands them, where that is known
            words = self._words_of(body)
            if words and words[0] == "echo" and any("\\" in w for w in words):
                return None  # (echo reads escapes under `shopt -s xpg_echo`)
        else:
            words = _plain_words(body)
        if not words or words[0] != head[0]:
            return None
        if words[0] == "echo":
            args = words[1:]
            if args and args[0] == "-n":
                args = args[1:]
            if args and args[0].startswith("-") and set(args[0][1:]) <= set("neE"):
                return None  # -e / -E: escapes, not worth reading
            return " ".join(args).rstrip("\n")
        if words[0] == "printf" and len(words) > 1:
            args = words[1:]
            if args[0] == "--":
                args = args[1:]
            if not args:
                return None
            printed = printf_output(args[0], args[1:])
            return None if printed is None else printed.rstrip("\n")
        return None

    def _words_of(self, body: str) -> list[str] | None:
        """The words of a simple command `body` as bash expands them (quotes, escapes, known
        variables, splitting), None where it has an operator, a comment, a brace, a pattern or a
        part only known at run time."""
        if "\n" in body:
            return None
        raws = split_array(body)
        if raws is None:
            return None
        words: list[str] = []
        for raw in raws:
            bare = re.sub(r"""'[^']*'|"(?:[^"\\`]|\\.)*"|\$\{[^{}'"`]*\}|\\.""", "", raw)
            if re.search(r"[;|&<>(){}`#]", bare):
                return None
            fields = expand(raw, self.lookup, ifs_default=self.ifs_default)
            if fields is None:
                return None
            words += fields
        return words

    @staticmethod
    def _file_text(state, name: str) -> str | None:
        """`$(cat FILE)` / `$(< FILE)`: the file's text as the line left it (None: unreadable,
        or its place only known at run time)."""
        if "cat" in state.functions or "cat" in state.aliases:
            return None
        cwd = getattr(state, "cwd", "")
        path = name if name.startswith("/") else (f"{cwd.rstrip('/')}/{name}" if cwd else "")
        if not path or "/../" in path or not hasattr(state, "files"):
            return None
        try:
            text = state.files.read(path)
        except (OSError, ValueError):
            return None
        if text is None or "\0" in text:
            return None
        return text.rstrip("\n")

    def _param(self, name: str, quoted: bool, index: str | None = None):
        if name in ("@", "*"):
            items = list(self.value("@"))
            if name == "@" and quoted:
                return items, False
            return (self.joiner().join(items), False) if quoted else \
                self.spread(items, name == "*")
        if name == "#":
            return str(len(self.value("@"))), False
        if name in ("?", "!", "-") or name == "0":
            raise Unknown(name)
        if name == "$":  # the shell's process ID: a stand-in when the lookup has one
            return self.value("$"), not quoted
        value = self.value(name)
        if value is UNSET:
            value = ""
        if index is not None:
            if not isinstance(value, tuple):
                value = (value,)
            if index in ("@", "*"):
                items = list(value)
                if index == "@" and quoted:
                    return items, False
                return (self.joiner().join(items), False) if quoted else \
                    self.spread(items, index == "*")
            if not index.isdigit():
                raise Unknown(index)
            k = int(index)
            value = value[k] if k < len(value) else ""
        elif isinstance(value, tuple):
            value = value[0] if value else ""
        return value, not quoted

    def _brace(self, body: str, quoted: bool):
        if body.startswith("#") and len(body) > 1 and body[1] != "}":
            inner = body[1:]
            if re.fullmatch(_NAME, inner) or inner in ("@", "*"):
                value = self.value("@" if inner in ("@", "*") else inner)
                if value is UNSET:
                    value = ""
                count = len(value) if isinstance(value, (str, tuple)) else 0
                return str(count), False
            raise Unknown(body)
        if body.startswith("!"):
            raise Unknown(body)
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(\[([^\]]*)\])?", body)
        if not m:
            raise Unknown(body)
        name, index, rest = m.group(1), m.group(3), body[m.end():]
        if rest == "":
            return self._param(name, quoted, index)
        cut = re.fullmatch(r":[ \t]*([0-9]+)(?::[ \t]*([0-9]+))?", rest)
        if cut:  # `${@:2}`, `${a[@]:1:2}`, `${x:3}`: literal offsets and lengths only
            return self._slice(name, index, quoted, int(cut.group(1)),
                               None if cut.group(2) is None else int(cut.group(2)))
        op = re.match(r":?[-=+?]|##?|%%?", rest)
        if not op:
            raise Unknown(body)
        operator, word = op.group(0), rest[op.end():]
        raw_value = self.lookup(name if index is None else name)
        if operator in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
            if raw_value is None:
                raise Unknown(name)
            is_set = raw_value is not UNSET
            value = self._param(name, quoted, index)[0] if is_set else ""
            empty = value == "" or value == []
            use_default = (not is_set) or (operator.startswith(":") and empty)
            kind = operator.lstrip(":")
            if kind in ("-", "="):
                if use_default:
                    return self._sub_word(word, quoted)
                return self._param(name, quoted, index)
            if kind == "+":
                if use_default:
                    return "", False
                return self._sub_word(word, quoted)
            if use_default:  # `${x:?msg}`: the shell stops here; nothing after runs
                raise Unknown(name)
            return self._param(name, quoted, index)
        value, _ = self._param(name, quoted, index)
        if isinstance(value, list):
            raise Unknown(body)
        pattern = self._sub_word(word, True)[0]
        if not isinstance(pattern, str):
            raise Unknown(body)
        return _remove(value, pattern, operator), not quoted

    def _slice(self, name: str, index: str | None, quoted: bool, off: int, length: int | None):
        """`${@:OFF[:LEN]}` (positional parameters from $OFF; 0 would be `$0`: not followed),
        `${a[@]:OFF[:LEN]}` (elements from index OFF of an array with no gaps), `${x:OFF[:LEN]}`
        (characters)."""
        end = None if length is None else off + length
        if index is None and name in ("@", "*"):
            if off == 0:
                raise Unknown(name)
            items, star = list(self.value("@"))[off - 1:None if end is None else end - 1], \
                name == "*"
        elif index in ("@", "*"):
            value = self.value(name)
            items = [] if value is UNSET else list(value) if isinstance(value, tuple) else [value]
            items, star = items[off:end], index == "*"
        else:
            text = self._param(name, True, index)[0]
            if not isinstance(text, str):
                raise Unknown(name)
            return text[off:end], not quoted
        if not star and quoted:
            return items, False
        return (self.joiner().join(items), False) if quoted else self.spread(items, star)

    def _sub_word(self, word: str, quoted: bool):
        """The word of `${x:-word}`: expanded, split later only when the `${}` is unquoted."""
        inner = _Scanner(word, self.lookup, False, self.ifs_default)
        if quoted:
            segments = inner._double(word) if word else [("", False)]
        else:
            segments = inner.word() if word else [("", False)]
            if inner.globbed or any(split and isinstance(text, str) and globby(text)
                                    for text, split in segments):
                self.globbed = True
        if any(isinstance(t, list) for t, _ in segments):
            if len(segments) == 1:
                return segments[0]
            raise Unknown(word)
        text = "".join(t for t, _ in segments)
        return text, not quoted and not any(c in word for c in "'\"\\")


_FORMAT_ESCAPES = {"\\": b"\\", "a": b"\a", "b": b"\b", "e": b"\x1b", "E": b"\x1b", "f": b"\f",
                   "n": b"\n", "r": b"\r", "t": b"\t", "v": b"\v", '"': b'"', "'": b"'", "?": b"?"}
_PRINTF_PART = later(r"%[%sbdiuoxX]|%|\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.?)|[^%\\]+", re.S)
_B_PART = later(r"\\(?:0[0-7]{0,3}|[1-7][0-7]{0,2}|x[0-9A-Fa-f]{1,2}|.?)|[^\\]+", re.S)


def printf_output(fmt: str, values: list[str]) -> str | None:
    """What bash's `printf FMT VALUES...` prints, for formats of text, backslash escapes,
    `%s`, `%b`, `%%` and `%d %i %u %o %x %X` of a decimal integer written plainly (None for
    anything else: other conversions, flags or widths, another way of writing a number, an
    option, `\\u`, `\\c`).
    Escapes give bytes; the result is those bytes read as UTF-8 (undecodable bytes kept as
    surrogates), as agentsh reads the command text itself."""
    if fmt.startswith("-"):
        return None
    parts = _PRINTF_PART.findall(fmt)
    holes = sum(1 for p in parts if p in _HOLES)
    out = bytearray()
    values = list(values)
    while True:
        for part in parts:
            if part in ("%s", "%b"):
                value = values.pop(0) if values else ""
                if part == "%s":
                    out += value.encode("utf-8", "surrogateescape")
                    continue
                for piece in _B_PART.findall(value):
                    got = _escape(piece, bexpand=True)
                    if got is None:
                        return None
                    out += got
            elif part == "%%":
                out += b"%"
            elif part in _HOLES:
                got = _integer(values.pop(0) if values else "", part[1])
                if got is None:
                    return None
                out += got.encode()
            elif part.startswith("%"):
                return None
            else:
                got = _escape(part, bexpand=False)
                if got is None:
                    return None
                out += got
        if not holes or not values:
            break
    if 0 in out:
        return None  # a command substitution drops NUL bytes (and bash warns)
    return out.decode("utf-8", "surrogateescape")


_HOLES = frozenset(("%s", "%b", "%d", "%i", "%u", "%o", "%x", "%X"))


def _integer(value: str, conversion: str) -> str | None:
    """printf's `%d`... of `value`: only a decimal integer with no leading zero, sign or
    space other than `-` (bash reads `010` as octal, `0x1f`, `'a`...), within 64 bits."""
    if value == "":
        number = 0
    elif re.fullmatch(r"-?(?:0|[1-9][0-9]*)", value):
        number = int(value)
    else:
        return None
    if not -(2 ** 63) <= number < 2 ** 63:
        return None
    if conversion in "di":
        return str(number)
    number &= 2 ** 64 - 1  # (bash prints a negative number's 64 bits unsigned)
    return {"u": "%d", "o": "%o", "x": "%x", "X": "%X"}[conversion] % number


def _escape(part: str, bexpand: bool) -> bytes | None:
    """The bytes of literal text or one backslash escape (printf's format, or `%b`'s value)."""
    if not part.startswith("\\"):
        return part.encode("utf-8", "surrogateescape")
    body = part[1:]
    if body[:1] in "01234567" and body:
        digits = body[1:] if bexpand and body[0] == "0" else body
        return bytes((int(digits or "0", 8) & 0xFF,))
    if body[:1] == "x" and len(body) > 1:
        return bytes((int(body[1:], 16),))
    if bexpand and body in ('"', "'", "?"):
        return part.encode()
    return _FORMAT_ESCAPES.get(body)


def _remove(value: str, pattern: str, operator: str) -> str:
    """`${x#p}`, `${x##p}`, `${x%p}`, `${x%%p}` with a glob pattern."""
    from agentsh.engine import globs

    try:
        rx = globs.text_regex(pattern)
    except globs.Unsupported:
        raise Unknown(pattern) from None
    candidates = range(len(value) + 1)
    if operator in ("#", "##"):
        order = candidates if operator == "#" else reversed(candidates)
        for k in order:
            if rx.match(value[:k]):
                return value[k:]
        return value
    order = reversed(candidates) if operator == "%" else candidates
    for k in order:
        if rx.match(value[k:]):
            return value[:k]
    return value
