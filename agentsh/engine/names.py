"""Name lookup over one command line, the way bash does it as it runs the text.

What the text defines before a command changes what that command is: an alias (`alias x='rm
-rf d'; x`), a function (`f() { rm -rf "$1"; }; f dir`), `hash -p FILE NAME`, a PATH with a
directory in front, an exported variable (BASH_ENV, GIT_SSH_COMMAND), a file descriptor opened
by `exec 5< FILE`, a copy or link of a program (`cp /bin/rm /tmp/r`). Brace expansion
(`{rm,-rf,DIR}`, `rm -{r,f}`) happens before a command's name is known.

This is the minimal piece of a dataflow pass the unwrapper needs (the engine's dataflow module,
when it lands, owns variable values, `cd` and files written earlier; this module should then
take its values from there). Everything here is conservative: a definition counts from where it
appears in the text, whether or not the branch it sits in runs."""

from __future__ import annotations

import os
import posixpath
import re

from agentsh.engine.model import Code, Command, Context, Definition, Fact, Word

BUILTINS = frozenset(
    ". : [ alias bg bind break builtin caller cd command compgen complete compopt continue "
    "declare dirs disown echo enable eval exec exit export false fc fg getopts hash help "
    "history jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly "
    "return set shift shopt source suspend test times trap true type typeset ulimit umask "
    "unalias unset wait".split())
OUTPUT_OPS = frozenset((">", ">>", ">|", "&>", "&>>"))
COPIERS = frozenset(("cp", "ln", "install", "mv", "rsync"))
COPIER_VALUES = frozenset(("-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix",
                           "-e", "--rsh", "--chmod", "--chown", "--exclude", "--include"))
TARGET_DIRECTORY = frozenset(("-t", "--target-directory"))
WRITERS = COPIERS | {"tee", "touch", "mkdir", "dd"}
SYSTEM_DIRS = frozenset(("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin",
                         "/usr/local/sbin", "/opt/homebrew/bin"))
# patterns are compiled on first use (by `re`'s own cache): this module loads before every check
WHICH = (r"^[\"']?(?:\$\(|`)\s*(?:which|command\s+-v|type\s+-[pP]|whereis\s+-b)\s+"
         r"([\w.+-]+)\s*(?:\)|`)[\"']?$")
_VAR = r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))"
BRACE_CAP = 256  # words one brace expansion may produce


def fd_of_stream(path: str) -> str | None:
    """The file descriptor a path names (`/dev/stdin` is "0", `/proc/self/fd/5` is "5"),
    "tty" or "net" for the terminal and bash's network paths, or None for a plain path."""
    if path in ("/dev/stdin", "/dev/fd/0"):
        return "0"
    if path in ("/dev/tty", "/dev/console"):
        return "tty"
    if path.startswith(("/dev/tcp/", "/dev/udp/")):
        return "net"
    parts = path.split("/")
    if path.startswith("/dev/fd/") and len(parts) == 4:
        return parts[3]
    if len(parts) == 5 and parts[1] == "proc" and parts[3] == "fd" and \
            (parts[2] in ("self", "thread-self") or parts[2].isdigit() or
             parts[2].startswith("agentsh-pid-")):  # `/proc/$$/fd/N` (flowstate.PID)
        return parts[4]
    return None


class Names:
    """What the text has defined so far, as the unwrapper walks its commands in order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.aliases: dict[str, str] = {}
        self.functions: dict[str, str] = {}
        self.hashed: dict[str, str] = {}
        self.hash_unknown = False  # BASH_CMDS assigned in a way not read: any name may be a file
        self.variables: dict[str, tuple[str, bool]] = {}  # name -> (value, literal)
        self.exported: set[str] = set()
        self.fds: dict[str, str] = {}  # "5" -> the file `exec 5< FILE` opened
        self.stdin: str | None = None  # the file `exec < FILE` made the shell's stdin
        self.copies: dict[str, str] = {}  # path -> the program it is a copy or link of
        self.written: list[str] = []  # paths written earlier in the text
        # git aliases an earlier `git config alias.NAME VALUE` of the text stores (None: a
        # value only known at run time): a later `git NAME` runs it (embedded._stored_alias)
        self.git_aliases: dict[str, str | None] = {}
        # functions bash imports from the environment it starts with (`export -f f` in the
        # shell that started it: `BASH_FUNC_f%%=() { ...}`), called as any the text defines.
        # Only where that environment is bash's (`complete_env`: the shell frontend, where a
        # child that is this gate gets them, `dataflow._inert_export`); a hook or `check` does
        # not know it (a distribution's `which` function would make every `which` ask there)
        for key, value in ctx.env if ctx.complete_env else ():
            if key.startswith("BASH_FUNC_") and key.endswith("%%") and "/" not in key and \
                    value.startswith("() {"):
                self.functions[key[len("BASH_FUNC_"):-2]] = value[3:]

    # -------------------------------------------------------------- definitions

    def define(self, definition: Definition) -> None:
        if definition.kind == "function":
            self.functions[definition.name] = definition.value
        elif not self._special_array(definition.name, definition.value, definition.literal):
            self.variables[definition.name] = (definition.value, definition.literal)

    def _special_array(self, name: str, value: str, literal: bool) -> bool:
        """`BASH_CMDS[ls]=/bin/rm` is `hash -p /bin/rm ls`; `BASH_ALIASES[ls]='rm -rf'` is
        `alias ls='rm -rf'` (also as a whole array, `BASH_CMDS=([ls]=/bin/rm)`). What cannot
        be read makes every later command name unknown."""
        base, _, index = name.partition("[")
        if base not in ("BASH_CMDS", "BASH_ALIASES"):
            return False
        table = self.hashed if base == "BASH_CMDS" else self.aliases
        items: list[tuple[str, str]] | None = []
        if index:
            key = index[:-1] if index.endswith("]") else ""
            items = [(key, value)] if literal and re.fullmatch(r"[\w.+-]+", key) else None
        else:
            body = value.strip()
            if body.startswith("(") and body.endswith(")"):
                body = body[1:-1]
                found = re.findall(r"\[([\w.+-]+)\]=('[^']*'|\"[^\"$`]*\"|[^\s'\"$`()]+)", body)
                rebuilt = " ".join(f"[{k}]={v}" for k, v in found)
                if " ".join(body.split()) != rebuilt:
                    items = None
                else:
                    items = [(k, v.strip("'\"")) for k, v in found]
            elif body:
                items = None  # `BASH_CMDS=x`: element 0
        if items is None:
            self.hash_unknown = True
            return True
        for key, val in items:
            table[key] = val
        return True

    def is_defined(self, name: str) -> bool:
        return name in self.functions or name in self.aliases

    def record(self, cmd: Command, watched: frozenset[str] = frozenset()) -> list[Fact]:
        """Take in what one command defines for the commands after it; return facts about the
        command itself (it gives a watched program another name)."""
        argv = cmd.argv
        prog = cmd.program
        for red in cmd.redirects:
            if red.op in OUTPUT_OPS and red.target.literal:
                self.written.append(self._full(red.target.text))
        if prog == "alias":
            for word in cmd.words[1:]:
                name, eq, value = word.text.partition("=")
                if eq and name and not name.startswith("-"):
                    self.aliases[name] = value
        elif prog == "unalias":
            if "-a" in argv:
                self.aliases.clear()
            for name in argv[1:]:
                self.aliases.pop(name, None)
        elif prog == "hash":
            self._hash(argv)
        elif prog in ("export", "declare", "typeset", "local", "readonly"):
            self._declare(cmd)
        elif prog == "unset":
            functions = "-f" in argv
            for name in argv[1:]:
                (self.functions if functions else self.variables).pop(name, None)
                self.exported.discard(name)
        elif argv == ("exec",):
            self._exec_redirects(cmd)
        if prog in WRITERS:
            operands = [w for w in cmd.words[1:] if not w.text.startswith("-")]
            self.written += [self._full(w.text) for w in operands if w.literal]
        if prog in COPIERS or (prog == "cat" and cmd.redirects):
            return self._copy(cmd, watched)
        return []

    def _hash(self, argv: tuple[str, ...]) -> None:
        if "-r" in argv:
            self.hashed.clear()
        if "-p" in argv:
            k = argv.index("-p")
            if k + 2 < len(argv) + 1 and k + 1 < len(argv):
                for name in argv[k + 2 :]:
                    self.hashed[name] = argv[k + 1]
        if "-d" in argv:
            for name in argv[argv.index("-d") + 1 :]:
                self.hashed.pop(name, None)

    def _declare(self, cmd: Command) -> None:
        prog = cmd.program
        flags = {w.text for w in cmd.words[1:] if w.text.startswith("-")}
        exported = prog == "export" or any("x" in f for f in flags)
        unexport = prog == "export" and "-n" in flags
        for word in cmd.words[1:]:
            if word.text.startswith("-"):
                continue
            name, eq, value = (word.text if word.literal else word.raw).partition("=")
            if eq and self._special_array(name, value, word.literal):
                continue
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                continue
            if eq:
                literal = word.literal
                if not word.literal:
                    value, literal = _dequote(value)
                self.variables[name] = (value, literal)
            if unexport:
                self.exported.discard(name)
            elif exported:
                self.exported.add(name)

    def _exec_redirects(self, cmd: Command) -> None:
        """`exec < FILE`, `exec 5< FILE`, `exec <&5`: the shell's own descriptors change."""
        for red in cmd.redirects:
            target = red.target.text if red.target.literal else ""
            if red.op == "<":
                if red.fd in (None, 0):
                    self.stdin = target or f"(unknown {red.target.raw})"
                else:
                    self.fds[str(red.fd)] = target
            elif red.op == "<&" and red.fd in (None, 0):
                self.stdin = self.fds.get(target) or f"/dev/fd/{target or '?'}"

    def _copy(self, cmd: Command, watched: frozenset[str]) -> list[Fact]:
        """`cp /bin/rm /tmp/r`, `ln -s "$(which rm)" x`, `cat /bin/rm > x`: a watched program
        under another name. Later commands that run the new name are that program."""
        operands: list[Word] = []
        skip = False
        for word in cmd.words[1:]:
            if skip:
                skip = False
            elif word.literal and word.text in TARGET_DIRECTORY:
                return []  # into a directory: the copy keeps the program's own name
            elif word.literal and word.text in COPIER_VALUES:
                skip = True
            elif not (word.literal and word.text.startswith("-")):
                operands.append(word)
        if cmd.program == "cat":
            outs = [r.target for r in cmd.redirects if r.op in OUTPUT_OPS]
            if len(operands) != 1 or not outs:
                return []
            source, dest = operands[0], outs[-1]
        else:
            if len(operands) != 2:
                return []
            source, dest = operands
        program = _program_of(source, watched)
        if program is None or not dest.literal:
            return []
        target = dest.text
        if target.endswith("/") or self.ctx.files.kind(self._full(target)) == "dir":
            return []  # the copy keeps the program's own name
        base = target.rstrip("/").rsplit("/", 1)[-1]
        if base.rstrip("0123456789.") == program.rstrip("0123456789."):
            return []  # python -> python3: the same program's other name
        self.copies[self._full(target)] = program
        return [Fact("exec.renamed_program",
                     f"{target} becomes a copy of {program} under another name", target)]

    # -------------------------------------------------------------- lookups

    def env(self, cmd: Command, name: str) -> tuple[str, bool] | None:
        """A variable's value as the command sees it in its environment: set on the command,
        exported earlier in the text, or inherited. (value, literal) or None when unset."""
        for key, value in reversed(cmd.assignments):
            if key == name:
                return value, "$" not in value and "`" not in value
        if name in self.variables and (name in self.exported or
                                       self.ctx.getenv(name, "\0") != "\0"):
            return self.variables[name]
        value = self.ctx.getenv(name, "\0")
        return None if value == "\0" else (value, True)

    def expand(self, value: str) -> str | None:
        """`$PATH`, `${HOME}` and a leading `~` expanded from what is known; None when the value
        holds anything else only known at run time."""
        def one(m: re.Match) -> str:
            name = m.group(1) or m.group(2)
            if name in self.variables and self.variables[name][1]:
                return self.variables[name][0]
            return self.ctx.getenv(name, "")

        if "`" in value or "$(" in value:
            return None
        out = re.sub(_VAR, one, value)
        if "$" in out:
            return None
        home = self.ctx.getenv("HOME", "")
        return ":".join(home + p[1:] if p.startswith("~") and home else p for p in out.split(":"))

    def alias_code(self, cmd: Command) -> Code | None:
        word = cmd.words[0]
        value = self.aliases.get(word.text) if word.literal and word.raw == word.text else None
        if value is None or f"alias {word.text}" in cmd.via:
            return None
        rest = " ".join(w.raw for w in cmd.words[1:])
        return Code(f"{value} {rest}" if rest else value, f"alias {word.text}", cmd.span)

    def function_code(self, cmd: Command) -> Code | None:
        word = cmd.words[0]
        body = self.functions.get(word.text) if word.literal else None
        if body is None:
            return None
        if f"function {word.text}" in cmd.via:
            # a recursive call: its body is checked already, here with the arguments of the
            # outer call and by the dataflow pass as it may run anywhere (unknown arguments)
            body = ":"
        return Code(body, f"function {word.text}", cmd.span, tuple(w.text for w in cmd.words[1:]))

    def glob_pattern(self, word: Word) -> str | None:
        """The command name as a glob bash expands (`/bin/r?`, `/usr/bin/[r]m`), or None."""
        text = word.text
        if word.raw != text or not any(ch in text for ch in "*?[") or text in ("[", "[["):
            return None
        if "[" in text and "]" not in text.split("[", 1)[1] and "*" not in text and \
                "?" not in text:
            return None
        return text

    def lookup(self, cmd: Command, watched: frozenset[str]
               ) -> tuple[tuple[str, str] | None, list[Fact]]:
        """((label, the file or program that really runs), facts) for a command name that
        `hash -p`, a copy made earlier, or a changed PATH sends somewhere else."""
        name = cmd.name
        if "/" in name:
            program = self.copies.get(self._full(name))
            return ((f"{name} is a copy of {program}", program) if program else None), []
        if name in BUILTINS or self.is_defined(name):
            return None, []
        if name in self.hashed:
            return (f"hash -p {self.hashed[name]}", self.hashed[name]), []
        if self.hash_unknown:
            return None, [Fact("unknown.path_lookup", "BASH_CMDS or BASH_ALIASES was assigned "
                               f"in a way agentsh cannot read, so which {name} runs is not known")]
        return self._path_lookup(cmd)

    def _path_lookup(self, cmd: Command) -> tuple[tuple[str, str] | None, list[Fact]]:
        if "PATH" not in self.variables and not any(k == "PATH" for k, _ in cmd.assignments):
            return None, []
        found = self.env(cmd, "PATH")
        inherited = self.ctx.getenv("PATH", "")
        if found is None or found[0] == inherited:
            return None, []
        value = found[0] if found[1] else self.expand(found[0])
        name = cmd.name
        if value is None:
            return None, [Fact("unknown.path_lookup", f"PATH is set to {found[0]}, only known "
                               f"at run time, so which {name} runs is not known")]
        old = {self._full(d or ".") for d in inherited.split(":")}
        new = [d for d in value.split(":") if self._full(d or ".") not in old]
        if not new:
            return None, []
        files = self.ctx.files
        if not files.knows_files:
            return None, [Fact("unknown.path_lookup", f"PATH puts {':'.join(new)} first, "
                               f"so which {name} runs is not known")]
        path = files.which(name, value, self.ctx.cwd)
        if path is not None and self._full(posixpath.dirname(path)) in \
                {self._full(d or ".") for d in new}:
            return (f"PATH={value}", path), []
        fresh = [d for d in new if any(w == self._full(d) or w.startswith(self._full(d) + "/")
                                       for w in self.written)]
        if fresh:
            return None, [Fact("unknown.path_lookup", f"PATH puts {fresh[0]} first and the "
                               f"command writes there first, so which {name} runs is not known")]
        return None, []

    def _full(self, path: str) -> str:
        if path.startswith("~/"):
            path = self.ctx.getenv("HOME", "~") + path[1:]
        return posixpath.normpath(path if path.startswith("/") else
                                  posixpath.join(self.ctx.cwd, path))

    # -------------------------------------------------------------- brace expansion

    def expand_braces(self, cmd: Command) -> Command:
        if not any("{" in w.raw for w in cmd.words):
            return cmd
        words: list[Word] = []
        changed = False
        for word in cmd.words:
            pieces = expand_raw(word.raw) if word.literal and "{" in word.raw else None
            if not pieces or len(pieces) == 1 and pieces[0] == word.raw:
                words.append(word)
                continue
            texts = [_dequote(p) for p in pieces]
            if any(not lit for _, lit in texts):
                words.append(word)
                continue
            changed = True
            words += [Word(t, True, word.span, p) for (t, _), p in zip(texts, pieces, strict=True)]
        if not changed or len(words) > BRACE_CAP:
            return cmd
        return cmd._replace(words=tuple(words))


def _program_of(word: Word, watched: frozenset[str]) -> str | None:
    """The watched program a copy's source is: `/bin/rm`, `$(which rm)`, `` `command -v rm` ``."""
    if word.literal:
        directory, _, base = word.text.rpartition("/")
        if base in watched and os.path.normpath(directory or "/") in SYSTEM_DIRS:
            return base
        return None
    m = re.match(WHICH, word.raw)
    return m.group(1) if m and m.group(1) in watched else None


def _dequote(raw: str) -> tuple[str, bool]:
    """The value of a word written as `raw` (quotes removed), and whether it is literal."""
    if "$" in raw or "`" in raw:
        return raw.replace("'", "").replace('"', ""), False
    from agentsh.engine.parse.plain import split_raw

    words = split_raw(raw)
    if words is None or len(words) != 1:
        return raw, False
    return words[0][0], True


def _quoted_map(raw: str) -> list[bool]:
    """For each character of a word's source: is it quoted (or escaped)?"""
    out, quote, i = [], "", 0
    while i < len(raw):
        ch = raw[i]
        if quote:
            out.append(True)
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"' and i + 1 < len(raw):
                out.append(True)
                i += 1
        elif ch in "'\"":
            quote = ch
            out.append(True)
        elif ch == "\\" and i + 1 < len(raw):
            out += [True, True]
            i += 1
        else:
            out.append(False)
        i += 1
    return out


_SEQUENCE = r"^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$"


def _sequence(body: str) -> list[str] | None:
    m = re.match(_SEQUENCE, body)
    if not m:
        return None
    a, b, step = m.group(1), m.group(2), abs(int(m.group(3) or 1)) or 1
    if a.lstrip("-").isdigit() != b.lstrip("-").isdigit():
        return None
    if a.lstrip("-").isdigit():
        x, y = int(a), int(b)
        if abs(y - x) // step > BRACE_CAP:
            return None
        width = max(len(a), len(b)) if (a.lstrip("-").startswith("0") and len(a.lstrip("-")) > 1) \
            or (b.lstrip("-").startswith("0") and len(b.lstrip("-")) > 1) else 0
        r = range(x, y + (1 if y >= x else -1), step if y >= x else -step)
        return [str(v).zfill(width) for v in r]
    x, y = ord(a), ord(b)
    r = range(x, y + (1 if y >= x else -1), step if y >= x else -step)
    return [chr(v) for v in r]


def expand_raw(raw: str, depth: int = 0) -> list[str] | None:
    """Bash brace expansion of one word's source (`a{b,c}d` -> `abd acd`), quotes respected;
    None when there is nothing to expand or it would produce too many words."""
    if depth > 8:
        return None
    quoted = _quoted_map(raw)
    n = len(raw)
    for start in range(n):
        if raw[start] != "{" or quoted[start] or (start and raw[start - 1] == "$" and
                                                  not quoted[start - 1]):
            continue
        level, commas, end = 0, [], -1
        for k in range(start + 1, n):
            if quoted[k]:
                continue
            if raw[k] == "{":
                level += 1
            elif raw[k] == "}":
                if level == 0:
                    end = k
                    break
                level -= 1
            elif raw[k] == "," and level == 0:
                commas.append(k)
        if end < 0:
            continue
        pre, post = raw[:start], raw[end + 1 :]
        if commas:
            bounds = [start] + commas + [end]
            alternatives = [raw[bounds[j] + 1 : bounds[j + 1]] for j in range(len(bounds) - 1)]
        else:
            alternatives = _sequence(raw[start + 1 : end])
            if alternatives is None:
                continue
        out: list[str] = []
        for alternative in alternatives:
            more = expand_raw(pre + alternative + post, depth + 1)
            out += more if more else [pre + alternative + post]
            if len(out) > BRACE_CAP:
                return None
        return out
    return None
