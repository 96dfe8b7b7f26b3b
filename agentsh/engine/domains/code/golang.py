"""A small reader for Go source that a command line writes and then builds or runs (`cat >
main.go <<EOF ... EOF && go run main.go`): the calls on values it can follow, as effects the
other languages' rules judge. Not a Go parser: a token scan that follows names given one value
once (a literal, `os.MkdirTemp`, `os.UserHomeDir`, `os.Getenv`, `filepath.Join` of those,
`+`, `fmt.Sprintf` with `%s`) and reads these calls:

- `os.RemoveAll(P)` / `os.Remove(P)`: the deletion of P (`rm -rf -- P` / `rm -f -- P`); a
  fresh temporary folder (`os.MkdirTemp`, `t.TempDir()`) is scratch, an unknown P asks (INT001);
- `exec.Command("rm", "-rf", "x")`, `exec.CommandContext(ctx, ...)`: the command it runs;
- `db.Exec("DROP ...")`, `Query`, `QueryRow` (and `*Context`): the SQL;
- `http.NewRequest("DELETE", url, ...)`, `http.Get/Post/Head/PostForm`: the request;
- `os.WriteFile/Create/OpenFile(P)`: a write to P (`: >> P`, for the start-up file rules).

Whatever else in the code could do harm (the words INT020 looks for, once these calls, strings
and comments are set aside: `os.Chdir`, `os.Rename`, `syscall.Exec`, a call on a value it cannot
follow ...) leaves the code unread: `analyze` returns an `Unparsed` effect and INT020 asks as
before. So does `//go:generate` and cgo (`import "C"`), whose code is in comments."""

from __future__ import annotations

import re

from agentsh.engine.domains.code.model import Seq, Shell, Text, Unparsed, hole, text, unknown
from agentsh.engine.domains.code.semantics import DANGER_WORDS, Recorder, may_do_harm, shell_word

MAX_TOKENS = 60_000
MAX_DEPTH = 48  # brackets inside brackets: each call's arguments are walked once per level
TOKEN = re.compile(r"""
    (?P<nl>\n) | (?P<ws>[ \t\r\f]+) | (?P<lc>//[^\n]*) | (?P<bc>/\*.*?\*/) |
    (?P<str>"(?:[^"\\\n]|\\.)*") | (?P<raw>`[^`]*`) | (?P<rune>'(?:[^'\\\n]|\\.)*') |
    (?P<id>[A-Za-z_][A-Za-z0-9_]*) | (?P<num>[0-9][0-9A-Za-z_.]*) |
    (?P<op>:=|\.\.\.|<-|&&|\|\||&\^=?|<<=?|>>=?|[-+*/%&|^<>!=]=|\+\+|--|[-+*/%&|^<>!=~.,;:(){}\[\]])
""", re.S | re.X)
# Go inserts a semicolon at a line end after these
ENDS_STATEMENT = frozenset(("break", "continue", "fallthrough", "return", "++", "--", ")", "]",
                            "}"))
STARTS = frozenset((";", "{", "}", "(", "var", "const", "for", "if", "switch", "defer", "go"))
CLOSE = {"(": ")", "[": "]", "{": "}"}
# package functions and names that do no harm (the rest of `os.` and `http.` is read as harm)
SAFE = {
    "os": frozenset(("Getenv", "LookupEnv", "Args", "Exit", "Stdout", "Stderr", "Stdin", "Getwd",
                     "Hostname", "ReadFile", "ReadDir", "Stat", "Lstat", "Open", "IsNotExist",
                     "IsExist", "ErrNotExist", "ErrExist", "Environ", "Getpid", "MkdirAll",
                     "Mkdir", "Executable", "FileMode", "FileInfo", "DirEntry", "File",
                     "ModePerm", "PathSeparator", "Interrupt", "Signal", "DirFS", "ModeDir",
                     "O_RDONLY", "O_WRONLY", "O_CREATE", "O_APPEND", "O_TRUNC", "O_RDWR",
                     "MkdirTemp", "TempDir", "UserHomeDir", "CreateTemp", "Getuid",
                     "IsPermission", "Expand", "ExpandEnv", "SameFile")),
    "net/http": frozenset(("Client", "DefaultClient", "Header", "Request", "Response",
                           "NewServeMux", "HandleFunc", "Handle", "ListenAndServe",
                           "ResponseWriter", "Handler", "HandlerFunc", "StatusText", "Server",
                           "Cookie", "Transport", "DefaultTransport", "Error", "NotFound",
                           "FileServer", "Dir", "StripPrefix", "Redirect", "ServeFile")),
}
METHODS = {"MethodGet": "GET", "MethodPost": "POST", "MethodPut": "PUT", "MethodPatch": "PATCH",
           "MethodDelete": "DELETE", "MethodHead": "HEAD", "MethodOptions": "OPTIONS"}
SQL_METHODS = frozenset(("Exec", "ExecContext", "Query", "QueryContext", "QueryRow",
                         "QueryRowContext", "MustExec", "Prepare", "PrepareContext"))
TEMP_CALLS = frozenset(("os.MkdirTemp", "io/ioutil.TempDir", "os.TempDir"))
JOINS = frozenset(("path/filepath.Join", "path.Join"))
# what the reader never follows: code in comments (go:generate, cgo), another name for a
# function (go:linkname), raw system calls, plugins
UNREAD = (r'go:generate|go:linkname|\bimport\s+"C"|"unsafe"|"plugin"|"syscall"|'
          r'"golang\.org/x/sys/')


class _Tok:
    __slots__ = ("kind", "text", "used")

    def __init__(self, kind: str, value: str) -> None:
        self.kind = kind
        self.text = value
        self.used = False


def tokens(code: str) -> list[_Tok] | None:
    out: list[_Tok] = []
    pos = 0
    size = len(code)
    while pos < size:
        m = TOKEN.match(code, pos)
        if m is None:
            return None
        pos = m.end()
        kind = m.lastgroup or ""
        if kind == "nl":
            if out and (out[-1].kind in ("id", "str", "raw", "rune", "num") and
                        out[-1].text not in ("else",) or out[-1].text in ENDS_STATEMENT):
                out.append(_Tok("op", ";"))
            continue
        if kind in ("ws", "lc", "bc"):
            if kind == "bc" and "\n" in m.group(0) and out and out[-1].text in ENDS_STATEMENT:
                out.append(_Tok("op", ";"))
            continue
        out.append(_Tok(kind, m.group(0)))
        if len(out) > MAX_TOKENS:
            return None
    return out


def _deepest(toks: list[_Tok]) -> int:
    depth = deepest = 0
    for tok in toks:
        if tok.text in CLOSE:
            depth += 1
            deepest = max(deepest, depth)
        elif tok.text in (")", "]", "}"):
            depth -= 1
    return deepest


def _string(tok: _Tok) -> str:
    if tok.kind == "raw":
        return tok.text[1:-1]
    body = tok.text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)),
                  body)


def _imports(toks: list[_Tok]) -> dict[str, str]:
    """Local package name -> import path (`exec` -> `os/exec`, an alias as written)."""
    out: dict[str, str] = {}
    i = 0
    while i < len(toks):
        if toks[i].text == "import":
            j = i + 1
            block = j < len(toks) and toks[j].text == "("
            if block:
                j += 1
            while j < len(toks):
                alias = None
                if toks[j].kind == "id" or toks[j].text in (".", "_"):
                    alias = toks[j].text
                    j += 1
                if j < len(toks) and toks[j].kind in ("str", "raw"):
                    path = _string(toks[j])
                    out[alias or path.rsplit("/", 1)[-1]] = path
                    j += 1
                if not block or j >= len(toks) or toks[j].text == ")":
                    break
                j += 1  # `;`
            i = j
        i += 1
    return out


class Reader:
    def __init__(self, toks: list[_Tok], knobs) -> None:
        self.t = toks
        self.imports = _imports(toks)
        self.env: dict[str, object] = {}
        self.count: dict[str, int] = {}
        self.rec = Recorder(knobs)

    # ---------------------------------------------------------------- values

    def at(self, i: int) -> str:
        return self.t[i].text if i < len(self.t) else ""

    def skip(self, i: int) -> int:
        """Past the balanced group opening at i."""
        depth = 0
        while i < len(self.t):
            s = self.t[i].text
            if s in CLOSE:
                depth += 1
            elif s in (")", "]", "}"):
                depth -= 1
                if depth <= 0:
                    return i + 1
            i += 1
        return i

    def chain(self, i: int) -> tuple[str, int]:
        names = [self.t[i].text]
        i += 1
        while self.at(i) == "." and i + 1 < len(self.t) and self.t[i + 1].kind == "id":
            names.append(self.t[i + 1].text)
            i += 2
        return ".".join(names), i

    def qualified(self, name: str) -> str:
        """`filepath.Join` -> `path/filepath.Join` (the package's import path)."""
        head, _, rest = name.partition(".")
        if rest and head in self.imports and head not in self.env:
            return f"{self.imports[head]}.{rest}"
        return name

    def args(self, i: int) -> tuple[list, bool, int]:
        """The values of a call's arguments from its `(` at i: (values, spread, after)."""
        end = self.skip(i)
        values: list = []
        spread = False
        j = i + 1
        while j < end - 1:
            value, k = self.expr(j)
            if self.at(k) == "...":
                spread = True
                k += 1
            if self.at(k) not in (",", ")"):
                return values + [unknown()], spread, end
            values.append(value)
            j = k + 1
        return values, spread, end

    def expr(self, i: int) -> tuple[object, int]:
        value, i = self.term(i)
        while self.at(i) == "+":
            right, i = self.term(i + 1)
            value = value + right if isinstance(value, Text) and isinstance(right, Text) \
                else unknown()
        return value, i

    def term(self, i: int) -> tuple[object, int]:
        if i >= len(self.t):
            return unknown(), i
        tok = self.t[i]
        if tok.kind in ("str", "raw"):
            if tok.kind == "str" and re.search(r'\\[^ntr\\"]', tok.text):
                return unknown("escaped string"), i + 1  # `"\x72m"`: not decoded here
            return text(_string(tok)), i + 1
        if tok.text == "(":
            value, j = self.expr(i + 1)
            return (value if self.at(j) == ")" else unknown()), self.skip(i)
        if tok.text == "[" and self.at(i + 1) == "]":  # `[]string{"a", "b"}`
            j = i + 2
            while j < len(self.t) and self.t[j].text != "{" and self.t[j].text not in (";", ")"):
                j += 1
            if self.at(j) != "{":
                return unknown(), j
            items, _, end = self.args_braced(j)
            return (Seq(tuple(items)) if items is not None else unknown()), end
        if tok.text == "range":
            value, j = self.expr(i + 1)
            return (value if isinstance(value, Seq) else unknown()), j
        if tok.kind != "id":
            return unknown(), i + 1
        name, j = self.chain(i)
        if self.at(j) == "(":
            args, spread, end = self.args(j)
            return self.value_of_call(self.qualified(name), args, spread), end
        if self.at(j) in ("[", "{"):
            return unknown(name), self.skip(j)
        if "." in name:
            qual = self.qualified(name)
            if qual.startswith("net/http.Method"):
                method = METHODS.get(qual.rsplit(".", 1)[-1])
                return (text(method) if method else unknown(name)), j
            return unknown(name), j
        return self.env.get(name, unknown(name)), j

    def args_braced(self, i: int) -> tuple[list | None, bool, int]:
        end = self.skip(i)
        items: list = []
        j = i + 1
        while j < end - 1:
            value, k = self.expr(j)
            if self.at(k) not in (",", "}") or not isinstance(value, Text):
                return None, False, end
            items.append(value)
            j = k + 1
        return items, False, end

    def value_of_call(self, name: str, args: list, spread: bool):
        last = name.rsplit(".", 1)[-1]
        if name in TEMP_CALLS or last == "TempDir" and not args:  # `t.TempDir()`
            return hole("temp", name)
        if name == "os.UserHomeDir":
            return hole("env", "HOME")
        if name == "os.Getenv" and args and args[0].__class__ is Text and args[0].literal:
            return hole("env", args[0].literal)
        if name == "os.Getwd":
            return text(".")
        if name in JOINS and args and not spread and all(isinstance(a, Text) for a in args):
            parts = [a for a in args if a.literal != ""]
            out = parts[0] if parts else text("")
            for part in parts[1:]:
                out = out + text("/") + part
            return out
        if name in ("path/filepath.Clean", "path.Clean", "path/filepath.Abs") and args:
            return args[0]
        if name == "fmt.Sprintf" and args and isinstance(args[0], Text) and args[0].literal:
            pieces = re.split(r"%[sv]", args[0].literal)
            if "%" not in "".join(pieces) and len(pieces) == len(args) and \
                    all(isinstance(a, Text) for a in args[1:]):
                out = text(pieces[0])
                for value, piece in zip(args[1:], pieces[1:], strict=True):
                    out = out + value + text(piece)
                return out
        return unknown(name)

    # ---------------------------------------------------------------- names

    def bind_names(self) -> None:
        """Names given a value: bound when given exactly one, once; unknown otherwise
        (function parameters, range variables over unknown data, `x += ...`, `&x`)."""
        t = self.t
        bound: set[int] = set()  # the names of the assignments read below
        i = 0
        while i < len(t):
            s = t[i].text
            if s == "func":  # parameters and results, up to the body
                j = i + 1
                while j < len(t) and t[j].text not in ("{", ";"):
                    if t[j].kind == "id":
                        self._bump(t[j].text, 2)
                    j += 1
                i = j
                continue
            if t[i].kind == "id" and (self.at(i + 1) in ("+=", "-=", "++", "--", "|=") or
                                      i and t[i - 1].text == "&"):
                self._bump(s, 2)
            if t[i].kind == "id" and (i == 0 or t[i - 1].text in STARTS) and s not in (
                    "var", "const", "return", "func", "type", "package", "import"):
                names = [s]
                j = i + 1
                while self.at(j) == "," and j + 1 < len(t) and t[j + 1].kind == "id":
                    names.append(t[j + 1].text)
                    j += 2
                declared = t[i - 1].text in ("var", "const") if i else False
                if declared or (i >= 2 and t[i - 1].text == "(" and
                                t[i - 2].text in ("var", "const")):
                    while j < len(t) and t[j].text not in ("=", ";", ")"):
                        j += 1
                    declared = True
                if self.at(j) in (":=", "="):
                    ranged = self.at(j + 1) == "range"
                    values = []
                    k = j + 1
                    while True:
                        value, k = self.expr(k)
                        values.append(value)
                        if self.at(k) != ",":
                            break
                        k += 1
                    clean = self.at(k) in (";", "{", ")", "")
                    bound.update(range(i, j))
                    for n, name in enumerate(names):
                        if len(values) == len(names):
                            value = values[n]
                        elif len(values) == 1 and n == 0 and isinstance(values[0], Text) and \
                                values[0].holes() and values[0].holes()[0].kind in ("temp", "env"):
                            value = values[0]  # `dir, err := os.MkdirTemp("", "x")`
                        else:
                            value = unknown(name)
                        if ranged:  # `for _, d := range []string{...}`: d is each item
                            value = values[0] if n == 1 and isinstance(values[0], Seq) \
                                else unknown(name)
                        if not clean:
                            value = unknown(name)
                        self._bind(name, value)
                    i = k
                    continue
                if declared:
                    for name in names:
                        self._bump(name, 2)
            i += 1
        for i, tok in enumerate(t):  # any other assignment (`case x: d = v`): unknown
            if tok.kind == "id" and self.at(i + 1) in ("=", ":=") and i not in bound and \
                    not (i and t[i - 1].text == "."):
                k = i
                while True:
                    self._bump(t[k].text, 2)
                    if k >= 2 and t[k - 1].text == "," and t[k - 2].kind == "id":
                        k -= 2
                        continue
                    break
        for name, count in self.count.items():
            if count > 1:
                self.env[name] = unknown(name)

    def _bump(self, name: str, by: int) -> None:
        self.count[name] = self.count.get(name, 0) + by

    def _bind(self, name: str, value) -> None:
        if name == "_":
            return
        self._bump(name, 1)
        self.env[name] = value

    # ---------------------------------------------------------------- calls

    def read_calls(self) -> None:
        t = self.t
        i = 0
        while i < len(t):
            tok = t[i]
            if tok.kind != "id" or i and t[i - 1].text == ".":
                i += 1
                continue
            name, j = self.chain(i)
            qual = self.qualified(name)
            pkg, _, member = qual.rpartition(".")
            if pkg in SAFE and member in SAFE[pkg]:
                self._use(i, j)
            if name == "delete" and self.at(j) == "(" or member == "Flush" and \
                    self.at(j) == "(" and self.at(j + 1) == ")":
                self._use(i, j)  # the builtin on maps; a buffered writer's Flush
            if qual.startswith("net/http.Method") or qual.startswith("net/http.Status"):
                self._use(i, j)
            if self.at(j) == "(":
                args, spread, _ = self.args(j)
                if self.call(qual, member, args, spread):
                    self._use(i, j)
            i = j if j > i else i + 1

    def _use(self, i: int, j: int) -> None:
        for k in range(i, j):
            self.t[k].used = True

    def call(self, qual: str, member: str, args: list, spread: bool) -> bool:
        rec = self.rec
        where = f"{qual}()"
        if qual in ("os.RemoveAll", "os.Remove") and len(args) == 1 and not spread:
            rec.delete(args[0], qual == "os.RemoveAll", where)
            # one file whose path is only known at run time: perhaps each path `filepath.Walk`
            # hands its callback, the whole tree (Python's `os.walk` loop is read as such;
            # this reader does not follow callbacks): INT020 asks, as before
            return qual == "os.RemoveAll" or isinstance(args[0], Text) and \
                not args[0].starts_with_hole("unknown") and not args[0].starts_with_hole("file")
        if qual in ("os/exec.Command", "os/exec.CommandContext"):
            items = args[1:] if qual.endswith("Context") else args
            if spread or not items or not all(isinstance(a, Text) for a in items):
                rec.fx.append(Shell(None, where))
            else:
                rec.argv(items, where)
            return True
        if qual in ("os.WriteFile", "os.Create", "os.OpenFile", "io/ioutil.WriteFile") and args and \
                isinstance(args[0], Text):
            if not args[0].starts_with_hole("temp"):
                word = shell_word(args[0])
                if word is None:
                    return False
                rec.fx.append(Shell(f": >> {word}", where))
            return True
        if qual in ("net/http.NewRequest", "net/http.NewRequestWithContext"):
            rest = args[1:] if qual.endswith("Context") else args
            if len(rest) >= 2:
                method = rest[0].literal if isinstance(rest[0], Text) else None
                rec.request(method or "?", rest[1], [], where)
                return True
            return False
        if qual in ("net/http.Get", "net/http.Post", "net/http.Head", "net/http.PostForm") and args:
            rec.request(member.replace("Form", "").upper(), args[0], [], where)
            return True
        receiver = qual.rpartition(".")[0]
        if member in SQL_METHODS and receiver and receiver not in self.imports.values() and args:
            query = args[1] if member.endswith("Context") and len(args) > 1 else args[0]
            if isinstance(query, Text) and query.parts and not query.starts_with_hole():
                rec.sql(query, where)
                return True
        return False

    # ---------------------------------------------------------------- what is left

    def residual(self) -> str:
        words = []
        for tok in self.t:
            if tok.used or tok.kind in ("str", "raw", "rune"):
                words.append(" ")
            else:
                words.append(tok.text)
        return " ".join(words).replace(" . ", ".")


def outside_imports(code: str) -> bool:
    """Whether the code imports a package outside the standard library (its first path
    element has a dot: `github.com/...`, `example.com/app/lib`), or cannot be read for that."""
    toks = tokens(code)
    return toks is None or any("." in path.split("/", 1)[0] for path in _imports(toks).values())


def analyze(code: str, knobs) -> list:
    """The effects of Go source; an `Unparsed` effect when something in it that could do harm
    is not read (INT020 then asks, as for every compiled language)."""
    if re.search(UNREAD, code):
        return [Unparsed("Go with //go:generate, //go:linkname, cgo, unsafe, plugins or "
                         "system calls")]
    toks = tokens(code)
    if toks is None or _deepest(toks) > MAX_DEPTH:
        return [Unparsed("Go that agentsh cannot read")]
    reader = Reader(toks, knobs)
    if re.search(r"\.Dir\s*=|\.Env\s*=", code):  # a command run elsewhere
        return [Unparsed("Go that runs a command in another folder or environment")]
    reader.bind_names()
    reader.read_calls()
    out = reader.rec.finish()
    rest = reader.residual()
    if may_do_harm(rest):
        word = re.search(DANGER_WORDS, rest, re.I)
        out.append(Unparsed("Go that could do harm agentsh does not read"
                            + (f" ({word.group(0)})" if word else "")))
    return out

