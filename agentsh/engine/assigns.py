"""What a piece of shell code may change in the shell that runs it: the variables it may assign
(or unset), whether it may change the working directory or the positional parameters, and the
functions and aliases it may define. The dataflow pass uses it where code runs in the shell
itself but is not followed in order: a function call (its body), an alias (its text), a
`trap` handler (it may run before any later command), and function bodies themselves (which
may run after anything the text does).

Only the shell changes its own variables: an external program never can. The shell does it
through assignments, builtins that assign (`read`, `printf -v`, `declare` and its family,
`getopts`, `mapfile`, `let`, arithmetic, `unset`, `set --`, `shift`, `cd`), functions, code it
reads (`source`, `eval`) and traps. Soundness first: where the names a construct may assign
cannot be known (`eval "$x"` of unknown text, `source $X`, `read "$v"`, `printf -v "$n"`,
`declare "$x=1"`, a nameref, a command whose name is unknown), the summary is `anything`.
"""

from __future__ import annotations

import re

from agentsh.engine import work
from agentsh.engine.words import UNSET
from agentsh.records import Record

# a subscript may hold quoted `]` (`A[']']=1`)
_ASSIGN = "(?s)" r"""([A-Za-z_][A-Za-z0-9_]*)(\[(?:[^\]'"]|'[^']*'|"[^"]*")*\])?(\+?=)(.*)"""
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*(\[.*\])?"
_ARITH_ASSIGN = r"(?<![=!<>])=(?!=)|\+\+|--"
DECLARATIONS = frozenset("export declare typeset local readonly".split())
MAX_WORK = 20000  # tree nodes visited for one summary; past it, anything
MAX_DEPTH = 6  # source/eval/alias text read inside one summary


class Summary(Record, fields="names anything cwd positional functions aliases traps "
                             "writes attributed", defaults=(frozenset(), False, False, False,
                                                           frozenset(), frozenset(), frozenset(),
                                                           True, frozenset())):
    """What running some code may change in its shell: `names` of variables it may assign or
    unset; `anything` when that cannot be bounded; `cwd` when it may change directory;
    `positional` when it may change the positional parameters (`set --`, `shift`); the names
    of the `functions` and `aliases` it may define; `traps`: the names a trap handler it sets
    may assign at any moment afterwards (a handler whose effects are unbounded: `anything`);
    `writes`: whether it may write files (any command not known to write nothing);
    `attributed`: names it may give an attribute that changes later assignments (`declare -gl`,
    `-i`, `-u`, `-c`, `readonly`: lowered, made a number, or refused)."""

    __slots__ = ()

    names: frozenset
    anything: bool
    cwd: bool
    positional: bool
    functions: frozenset
    aliases: frozenset
    traps: frozenset
    writes: bool
    attributed: frozenset


ANYTHING = Summary(anything=True)
NOTHING = Summary(writes=False)


class Registry:
    """The functions (name -> bodies, each a (tree, commands) pair) and aliases (name ->
    values) a command line defines anywhere, as the dataflow pass meets them. Shared by every
    state of one check: a name defined twice has the union of its definitions."""

    __slots__ = ("functions", "aliases", "shopt_lastpipe", "options", "eval_cuts", "version")

    def __init__(self) -> None:
        self.functions: dict[str, list] = {}
        self.aliases: dict[str, list] = {}
        self.shopt_lastpipe = False  # `shopt -s lastpipe` was met
        # shell options the text may have turned on so far (`set -P`, `shopt -s cdable_vars`,
        # a child shell's flags; "*": any), see engine/shellopts.py
        self.options: set[str] = set()
        # eval texts bash rejects -> whether the pass read them up to where bash stops at
        # every place it met them (`dataflow.eval_cut`): the unwrapper reads them the same way
        self.eval_cuts: dict[str, bool] = {}
        self.version = 0  # grows with each definition added (`Summarizer._call`'s memo)

    def lastpipe(self, env: dict) -> bool:
        """Whether a pipeline's last element may run in the shell itself (`shopt -s
        lastpipe`, here or from BASHOPTS)."""
        return self.shopt_lastpipe or "lastpipe" in env.get("BASHOPTS", "") or \
            bool(self.options & {"lastpipe", "*"})

    def child(self) -> Registry:
        """The registry of a child shell (`bash script`, `bash -c`): what the parent defined
        so far, and whatever the child defines, which never reaches the parent nor another
        child (bash.tests' `f` in one script is not another script's `f`)."""
        new = Registry()
        new.functions = {k: list(v) for k, v in self.functions.items()}
        new.aliases = {k: list(v) for k, v in self.aliases.items()}
        new.shopt_lastpipe, new.options = self.shopt_lastpipe, set(self.options)
        new.eval_cuts = dict(self.eval_cuts)
        new.version = self.version
        return new

    def define(self, name: str, body, commands) -> None:
        found = self.functions.setdefault(name, [])
        if not any(b is body and c is commands for b, c in found):
            found.append((body, commands))
            self.version += 1

    def alias(self, name: str, value: str) -> None:
        found = self.aliases.setdefault(name, [])
        if value not in found:
            found.append(value)
            self.version += 1


class _Acc:
    __slots__ = ("names", "anything", "cwd", "positional", "functions", "aliases", "integers",
                 "arith_values", "traps", "writes", "attributed")

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.anything = False
        self.cwd = False
        self.positional = False
        self.functions: set[str] = set()
        self.aliases: set[str] = set()
        self.integers: set[str] = set()
        self.arith_values: list[tuple[str, list[str]]] = []
        self.traps: set[str] = set()
        self.writes = False
        self.attributed: set[str] = set()

    def merge(self, other: Summary, positional: bool = True) -> None:
        self.anything = self.anything or other.anything
        self.names |= other.names
        self.cwd = self.cwd or other.cwd
        self.positional = self.positional or (other.positional and positional)
        self.functions |= other.functions
        self.aliases |= other.aliases
        self.traps |= other.traps
        self.writes = self.writes or other.writes
        self.attributed |= other.attributed

    def freeze(self, integers: frozenset) -> Summary:
        if self.anything:
            return ANYTHING
        names = set(self.names)
        declared = integers | self.integers
        for name, idents in self.arith_values:
            if name in declared:  # `declare -i n; n='m=5'`: the value is arithmetic
                names.update(idents)
        return Summary(frozenset(names), False, self.cwd, self.positional,
                       frozenset(self.functions), frozenset(self.aliases), frozenset(self.traps),
                       self.writes, frozenset(self.attributed))


# `${!r:=v}`, `${!r=v}`: assigns the variable r names (any, as far as the text says)
INDIRECT_ASSIGN = r"\$\{![A-Za-z_0-9]+(?:\[[^]]*\])?:?="


def assigns_indirectly(raw: str) -> bool:
    """Whether a word assigns through an indirection as it expands (`${!r:=rm}`)."""
    return "${!" in raw and re.search(INDIRECT_ASSIGN, raw) is not None


def assigned_in_word(raw: str, stays=None) -> list[str]:
    """Variables a word assigns as it expands: `${x:=v}`, `$((x=1))`, `$((i++))`, `$[x=1]`,
    an array subscript (`${a[i++]}`). `stays(name)`: the name surely holds a value that is
    not empty where it expands (`${TMPDIR:=/tmp}` then assigns nothing)."""
    if "$" not in raw and "[" not in raw:
        return []
    out = [name for name in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?=", raw)
           if stays is None or not stays(name)]
    for m in re.finditer(r"(?s)\$\(\((.*?)\)\)|\$\[(.*?)\]|\[([^\]]*)\]", raw):
        body = m.group(1) or m.group(2) or m.group(3) or ""
        if re.search(_ARITH_ASSIGN, body):
            out += re.findall(_IDENT, body)
    return out


class Summarizer:
    """Summaries of code against one registry. `env` is the environment at check time (for
    exported functions, `BASH_FUNC_name%%`), `parse` the parser, `read(word)` a sourced
    file's text (None: unknown), `integers` the names known to have the integer attribute,
    `quiet(cmd)` whether a command (not a function or alias) surely writes no file."""

    def __init__(self, registry: Registry, env: dict, parse, read=None,
                 integers: frozenset = frozenset(), quiet=None, aliases=None,
                 lookup=None, choices=None, fixed=frozenset()) -> None:
        # the values where the code starts: a command word `$X` is the program X names when
        # the code itself never assigns X (found by iterating: `unstable` only grows)
        self.lookup = lookup
        # names that hold one of a few strings (or are unset) wherever the code runs
        # (`dataflow._Flow.few_values`): name -> the values, UNSET among them
        self.choices: dict = choices or {}
        self.fixed = fixed  # of them, those that hold wherever the code assigns them too
        self.used: set[str] = set()
        self.unstable: set[str] = set()
        self.quiet = quiet or (lambda cmd: False)
        # the aliases in force where the code runs (name -> values); else every definition
        self.aliases = aliases
        self.registry = registry
        self.env = env
        self.parse = parse
        self.read = read or (lambda word: None)
        self.integers = integers
        self.work = 0
        self.cuts = 0  # calls not followed because they were already being followed
        # calls' summaries, kept from one entry point to the next while `unstable` stays
        self.memo: dict = {}
        self.memo_used: dict = {}
        self.memo_for = 0
        self.stack: list[str] = []
        self.depth = 0
        # `stays(name)`: the name holds a value that is not empty wherever the code runs,
        # unless the code itself assigns it otherwise (`dataflow._Flow.unknown_everywhere`):
        # `${TMPDIR:=$TMPDIR}` then assigns nothing
        self.stays = None

    # ---------------------------------------------------------- entry points

    def code(self, tree, commands) -> Summary:
        return self._stable(lambda acc: self._tree(tree, commands, acc))

    def text(self, text: str) -> Summary:
        return self._stable(lambda acc: self._text(text, acc))

    def call(self, name: str) -> Summary:
        """A call of the function `name` (every definition of it): positional parameters are
        the function's own, so `set --` inside does not count."""
        return self._stable(lambda acc: self._call(name, acc))

    def command(self, cmd, commands=()) -> Summary:
        return self._stable(lambda acc: self._command(cmd, acc))

    def alias(self, name: str, rest: tuple) -> Summary:
        return self._stable(lambda acc: self._alias(name, rest, acc))

    def _stable(self, walk) -> Summary:
        """Walk until no command word was read from a variable the code itself may assign."""
        while True:
            self.used = set()
            self.work = 0
            if self.memo_for != len(self.unstable):  # (it only grows) summaries made before
                self.memo, self.memo_used = {}, {}  # read names now unstable as stable
                self.memo_for = len(self.unstable)
            acc = _Acc()
            walk(acc)
            found = acc.freeze(self.integers)
            if found.anything:
                return found
            moved = (self.used & (found.names | found.traps)) - self.unstable
            if not moved:
                return found
            self.unstable |= moved

    def _choice_values(self, word) -> list | None:
        """The programs a command word `$X` may name when X is one of `choices` (a few
        strings, or unset: None, when `$X` is the whole command), else None."""
        m = re.fullmatch(r'\$(?:\{(' + _IDENT + r')\}|(' + _IDENT + r'))', word.raw)
        name = (m.group(1) or m.group(2)) if m else ""
        values = self.choices.get(name) if name else None
        if not values or (name in self.unstable and name not in self.fixed):
            return None
        self.used.add(name)
        out = []
        for value in values:
            if not isinstance(value, str):
                out.append(None)  # unset: the next word is the command name
            elif re.fullmatch(r"[A-Za-z0-9_./+@%:,-]+", value):
                out.append(value)
            else:
                return None
        return out

    def _word_value(self, word) -> str | None:
        """A command word `$X` / `"${X}"` as the program it names, where X is known where
        the code starts and stays so (see `_stable`); None otherwise."""
        if self.lookup is None:
            return None
        m = re.fullmatch(r'"?\$(?:\{(' + _IDENT + r')\}|(' + _IDENT + r'))"?', word.raw)
        name = (m.group(1) or m.group(2)) if m else ""
        if not name or name in self.unstable:
            return None
        value = self.lookup(name)
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_./+@%:,-]+", value):
            return None
        self.used.add(name)
        return value

    def _expands_to_nothing(self, word) -> bool:
        """An unquoted `$X` / `${X}` where X is unset or empty where the code starts and stays
        so (see `_stable`): bash drops the word."""
        if self.lookup is None:
            return False
        m = re.fullmatch(r'\$(?:\{(' + _IDENT + r')\}|(' + _IDENT + r'))', word.raw)
        name = (m.group(1) or m.group(2)) if m else ""
        if not name or name in self.unstable or name.isdigit():
            return False
        value = self.lookup(name)
        if not (value == "" or value == UNSET):
            return False
        self.used.add(name)
        return True

    def is_function(self, name: str) -> bool:
        return name in self.registry.functions or f"BASH_FUNC_{name}%%" in self.env

    # ---------------------------------------------------------- the walk

    def _spend(self, acc: _Acc) -> bool:
        work.charge()
        self.work += 1
        if self.work > MAX_WORK:
            acc.anything = True
        return not acc.anything

    def _text(self, text: str, acc: _Acc, nested: bool = True) -> None:
        """`nested`: code read at run time (source, eval, a trap), bounded in depth; an alias's
        text is bounded by the aliases themselves (none expands inside its own expansion)."""
        if self.parse is None or (nested and self.depth >= MAX_DEPTH):
            acc.anything = True
            return
        parsed = self.parse(text)
        if not parsed.ok or parsed.tree is None:
            acc.anything = True
            return
        self.depth += nested
        try:
            self._tree(parsed.tree, parsed.commands, acc)
        finally:
            self.depth -= nested

    def _tree(self, node, commands, acc: _Acc) -> None:
        if node is None:
            acc.anything = True
            return
        if not self._spend(acc):
            return
        kind = node[0]
        if kind == "cmd":
            self._command(commands[node[1]], acc)
        elif kind == "seq":
            for item in node[1]:
                self._tree(item, commands, acc)
        elif kind == "pipe":  # each element in a subshell; the last in this one with lastpipe
            for n, item in enumerate(node[1]):
                if n == len(node[1]) - 1 and self.registry.lastpipe(self.env):
                    self._tree(item, commands, acc)
                    continue
                inner = _Acc()
                self._tree(item, commands, inner)
                acc.writes = acc.writes or inner.writes or inner.anything
                acc.cwd = acc.cwd or inner.cwd or inner.anything
        elif kind in ("and", "or"):  # a chain nests to the left: a loop, not a call a link
            rights = []
            while node[0] in ("and", "or"):
                rights.append(node[2])
                node = node[1]
                if node[0] in ("and", "or") and not self._spend(acc):  # (as a call would)
                    return
            self._tree(node, commands, acc)
            for right in reversed(rights):
                self._tree(right, commands, acc)
        elif kind in ("not",):
            self._tree(node[1], commands, acc)
        elif kind in ("sub", "bg"):
            # its own shell: what it assigns stays there; what it writes does not
            inner = _Acc()
            self._tree(node[1], commands, inner)
            acc.writes = acc.writes or inner.writes or inner.anything
            # a function called in it after a `cd` there runs elsewhere: taken as moving
            acc.cwd = acc.cwd or inner.cwd or inner.anything
        elif kind == "if":  # `elif`: an `if` in the `else` of the one before, walked in a loop
            while True:
                self._tree(node[1], commands, acc)
                self._tree(node[2], commands, acc)
                node = node[3]
                if node is None or node[0] != "if":
                    break
                if not self._spend(acc):  # (as a call would)
                    return
            self._tree(node, commands, acc)
        elif kind == "case":
            self._tree(node[1], commands, acc)
            for arm in node[2]:
                self._tree(arm, commands, acc)
        elif kind == "loop":
            _, head, body, var = node[:4]
            if var:
                acc.names.add(var)
            self._tree(head, commands, acc)
            self._tree(body, commands, acc)
        elif kind == "func":
            self.registry.define(node[1], node[2], commands)
            acc.functions.add(node[1])
        elif kind == "arith":
            acc.names.update(node[1])
        elif kind == "coproc":  # bash sets NAME and NAME_PID
            acc.names.update((node[1], node[1] + "_PID"))
        elif kind == "assigns":  # `for x in ${X:=v}`, `case ${!r:=v} in`
            for raw in node[1]:
                acc.names.update(assigned_in_word(raw, self.stays))
                acc.anything = acc.anything or assigns_indirectly(raw)
        else:
            acc.anything = True

    def _call(self, name: str, acc: _Acc) -> None:
        if name in self.stack:  # recursion: its effects are being summed already
            self.cuts += 1
            return
        bodies = list(self.registry.functions.get(name, ()))
        registry = self.registry
        key = (name, len(bodies), self.depth, registry.version, registry.shopt_lastpipe,
               len(registry.options))
        if key in self.memo:  # a call made again: the same summary
            acc.merge(self.memo[key], positional=False)
            self.used |= self.memo_used[key]
            return
        outer_used, self.used = self.used, set()
        cuts, top = self.cuts, not self.stack
        inner = _Acc()
        self._call_bodies(name, bodies, inner)
        found = inner.freeze(self.integers)
        # the same summary wherever it is called, unless a call in it was cut short because
        # it called back into one of its callers (each call of a chain of functions calling
        # each other was summed again through the whole chain: issue 16)
        if top or self.cuts == cuts:
            self.memo[key], self.memo_used[key] = found, set(self.used)
        self.used |= outer_used
        acc.merge(found, positional=False)

    def _call_bodies(self, name: str, bodies: list, acc: _Acc) -> None:
        exported = self.env.get(f"BASH_FUNC_{name}%%")
        if not bodies and exported is None:
            acc.anything = True
            return
        self.stack.append(name)
        try:
            inner = _Acc()
            for body, commands in bodies:
                self._tree(body, commands, inner)
            if exported is not None:  # `BASH_FUNC_f%%=() { ...}`: its body
                parsed = self.parse(f"{name} {exported}") if self.parse else None
                if parsed is None or not parsed.ok or not parsed.tree or \
                        parsed.tree[0] != "func":
                    inner.anything = True
                else:
                    self._tree(parsed.tree[2], parsed.commands, inner)
            acc.merge(inner.freeze(self.integers), positional=False)
        finally:
            self.stack.pop()

    def _alias(self, name: str, rest: tuple, acc: _Acc) -> None:
        values = self._alias_values(name)
        if name in self.stack:
            self.cuts += 1
            return  # bash does not expand an alias inside its own expansion: a plain word
        if not values:
            acc.anything = True
            return
        self.stack.append(name)
        try:
            tail = " ".join(w.raw or w.text for w in rest)
            for value in values:
                self._text(value + " " + tail, acc, nested=False)
                if value.endswith((" ", "\t")) and rest and rest[0].literal and \
                        self._alias_values(rest[0].text):
                    self._alias(rest[0].text, rest[1:], acc)
        finally:
            self.stack.pop()

    def _alias_values(self, name: str):
        if self.aliases is not None and name in self.aliases:
            return self.aliases[name]
        return self.registry.aliases.get(name)

    def _command(self, cmd, acc: _Acc) -> None:
        first = cmd.words[0] if cmd.words else None
        values = self._choice_values(first) if first is not None and not first.literal else None
        if values is not None:
            # `$binfalse` where binfalse is one of a few strings wherever the code runs (or
            # unset): the command as each of them
            for value in values:
                head = () if value is None else (first._replace(text=value, literal=True,
                                                                raw=value),)
                self._command(cmd._replace(words=head + tuple(cmd.words[1:])), acc)
            return
        for raw in cmd.assign_raw:
            m = re.match(_ASSIGN, raw)
            if not m:
                acc.anything = True
                return
            acc.names.add(m.group(1))
            acc.names.update(assigned_in_word(raw, self.stays))
            acc.anything = acc.anything or assigns_indirectly(raw)
            if m.group(2) and re.search(_ARITH_ASSIGN, m.group(2)):
                acc.names.update(re.findall(_IDENT, m.group(2)))
            acc.arith_values.append((m.group(1), re.findall(_IDENT, m.group(4))))
        for word in list(cmd.words) + [r.target for r in cmd.redirects]:
            acc.names.update(assigned_in_word(word.raw, self.stays))
            acc.anything = acc.anything or assigns_indirectly(word.raw)
        if not cmd.words:
            if cmd.redirects and not self.quiet(cmd):
                acc.writes = True
            return
        first = cmd.words[0]
        if not first.literal and self._expands_to_nothing(first):
            # `$EXIT > f` where EXIT is unset and the code never assigns it: the word goes
            # away, the next one (if any) is the command
            self._command(cmd._replace(words=tuple(cmd.words[1:])), acc)
            return
        prog = first.text if first.literal else self._word_value(first)
        if prog is None:
            acc.anything = True  # it may be any function or builtin (`eval`, `read`)
            return
        args = tuple(cmd.words[1:])
        called = self.is_function(prog) or bool(self._alias_values(prog))
        if self.is_function(prog):
            self._call(prog, acc)
        if self._alias_values(prog):
            self._alias(prog, args, acc)
        if called:
            if cmd.redirects and not self.quiet(cmd._replace(words=cmd.words[:0])):
                acc.writes = True
        elif prog not in ("eval", "source", ".") and not self.quiet(cmd):
            acc.writes = True
        while prog in ("builtin", "command") and args:
            if prog == "command" and args[0].literal and args[0].text.startswith("-"):
                if args[0].text in ("-v", "-V"):
                    return  # only says what a name is
                args = args[1:]
                continue
            if not args[0].literal:
                acc.anything = True
                return
            prog, args = args[0].text, args[1:]
        handler = _HANDLERS.get(prog)
        if handler is not None:
            handler(self, prog, args, acc)


# ------------------------------------------------------------------ builtins


def _operands(args, takes_value: str, acc: _Acc):
    """(options with their values skipped) -> the operand words; `takes_value`: the option
    letters followed by a value."""
    out = []
    i = 0
    while i < len(args):
        word = args[i]
        text = word.text
        if word.literal and text == "--":
            out += args[i + 1:]
            break
        if word.literal and text.startswith("-") and len(text) > 1 and not out:
            if text[-1] in takes_value:
                i += 2
                continue
            i += 1
            continue
        out.append(word)
        i += 1
    return out


def _name_of(word, acc: _Acc) -> str | None:
    if not word.literal or not re.fullmatch(_NAME, word.text):
        acc.anything = True  # `read "$v"`, `printf -v "$n"`: any variable
        return None
    return word.text.split("[", 1)[0]


def _declare(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    flags: set[str] = set()
    for word in args:
        m = re.match(_ASSIGN, word.text if word.literal else word.raw)
        if word.literal and word.text[:1] in ("-", "+") and not m:
            flags |= set(word.text[1:])
            continue
        if "n" in flags and prog != "export":
            acc.anything = True  # a nameref: what it assigns is another variable
            return
        if flags & set("fF") or "p" in flags and prog in ("declare", "typeset", "local"):
            continue  # functions: printed or exported, not defined; `declare -p`: printed
        if m:
            name = m.group(1)
            acc.names.update(assigned_in_word(word.raw, self.stays))
            acc.arith_values.append((name, re.findall(_IDENT, m.group(4))))
        elif word.literal and re.fullmatch(_NAME, word.text):
            name = word.text.split("[", 1)[0]
        else:
            acc.anything = True  # `declare "$x=1"`: any variable
            return
        acc.names.add(name)
        if "i" in flags:
            acc.integers.add(name)
        if flags & set("ilucr") or prog == "readonly":
            acc.attributed.add(name)


def _unset(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    functions = False
    for word in args:
        if not word.literal and functions:
            continue
        if not word.literal:
            acc.anything = True
            return
        if word.text == "-f":
            functions = True
        elif word.text.startswith("-"):
            continue
        elif not functions:
            acc.names.add(word.text.split("[", 1)[0])


def _read(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    i, names = 0, []
    while i < len(args) and args[i].literal and args[i].text.startswith("-") and \
            args[i].text != "-":
        text = args[i].text
        if text == "--":
            i += 1
            break
        if text[-1] == "a" and i + 1 < len(args):
            names.append(args[i + 1])
            i += 2
        elif text[-1] in "dinNptu":
            i += 2
        else:
            i += 1
    names += list(args[i:])
    if not names:
        acc.names.add("REPLY")
    for word in names:
        name = _name_of(word, acc)
        if name:
            acc.names.add(name)


def _mapfile(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    for i, word in enumerate(args):
        if word.literal and word.text.startswith("-") and "C" in word.text:
            # `-C CALLBACK`: code run in this shell, as `CALLBACK INDEX 'LINE'`
            callback = args[i + 1] if word.text.endswith("C") and i + 1 < len(args) else None
            if callback is None or not callback.literal or word.text != "-C":
                acc.anything = True
                return
            self._text(callback.text + " 0 x", acc)
    operands = _operands(args, "dnOsuCc", acc)
    if not operands:
        acc.names.add("MAPFILE")
    for word in operands[-1:]:
        name = _name_of(word, acc)
        if name:
            acc.names.add(name)


def _getopts(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    acc.names.update(("OPTARG", "OPTIND"))
    if len(args) >= 2:
        name = _name_of(args[1], acc)
        if name:
            acc.names.add(name)


def _printf(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    for n, word in enumerate(args):
        if not (word.literal and word.text.startswith("-")) or word.text == "--":
            return
        if word.text == "-v":
            if n + 1 >= len(args):
                return
            name = _name_of(args[n + 1], acc)
            if name:
                acc.names.add(name)
            return


def _let(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    for word in args:
        if not word.literal:
            acc.anything = True
            return
        acc.names.update(re.findall(_IDENT, word.text))


def _wait(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    for n, word in enumerate(args):
        if word.literal and word.text == "-p" and n + 1 < len(args):
            name = _name_of(args[n + 1], acc)
            if name:
                acc.names.add(name)


def _cd(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    acc.cwd = True
    acc.names.update(("PWD", "OLDPWD"))
    if prog != "cd":
        acc.names.add("DIRSTACK")


def _set(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    from agentsh.engine import shellopts

    self.registry.options |= shellopts.from_set(args)
    skip = False
    for word in args:
        text = word.text
        if skip:
            skip = False
            continue
        if not word.literal or text in ("--", "-", "+") or text[:1] not in ("-", "+"):
            acc.positional = True
            return
        skip = text in ("-o", "+o")


def _shift(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    acc.positional = True


def _source(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    if not args:
        return
    word = args[0]
    if not word.literal:  # `source $FN` where FN is known and the code never assigns it
        value = self._word_value(word)
        word = word._replace(text=value, literal=True, raw=value) if value else word
    text = self.read(word) if word.literal else None
    if text is None:
        acc.anything = True
        return
    if args[1:]:
        acc.positional = True
    self._text(text, acc)


def _eval(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    if not all(w.literal for w in args):
        acc.anything = True
        return
    if args:
        self._text(" ".join(w.text for w in args), acc)


def _trap(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    rest = [w for w in args if not (w.literal and w.text == "--")]
    if not rest or (rest[0].literal and rest[0].text in ("-l", "-p", "-", "")):
        return
    if not rest[0].literal:
        acc.anything = True
        return
    if len(rest) == 1 and re.fullmatch(r"[0-9]+|SIG[A-Z0-9+-]+|[A-Z]+", rest[0].text):
        return  # `trap INT`: resets
    handler = _Acc()
    self._text(rest[0].text, handler)
    if handler.cwd or handler.positional:
        handler.anything = True  # it may move the shell between any two later commands
    found = handler.freeze(self.integers)
    acc.merge(found)
    acc.traps |= found.names


def _alias(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    for word in args:
        if not word.literal:
            acc.anything = True
            return
        name, eq, value = word.text.partition("=")
        if eq:
            self.registry.alias(name, value)
            acc.aliases.add(name)


def _compgen(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    for n, word in enumerate(args):
        if word.literal and word.text == "-F" and n + 1 < len(args):
            if not args[n + 1].literal:
                acc.anything = True
                return
            self._call(args[n + 1].text, acc)  # the completion function runs in this shell
        elif not word.literal:
            acc.anything = True
            return


def _shopt(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    from agentsh.engine import shellopts

    if any(not w.literal or w.text == "lastpipe" for w in args):
        self.registry.shopt_lastpipe = True
    self.registry.options |= shellopts.from_shopt(args)


def _anything(self: Summarizer, prog: str, args, acc: _Acc) -> None:
    if prog == "enable" and not any(w.literal and w.text.startswith("-") and "f" in w.text
                                    for w in args):
        return
    acc.anything = True


_HANDLERS = {
    "export": _declare, "declare": _declare, "typeset": _declare, "local": _declare,
    "readonly": _declare, "unset": _unset, "read": _read, "mapfile": _mapfile,
    "readarray": _mapfile, "getopts": _getopts, "printf": _printf, "let": _let, "wait": _wait,
    "cd": _cd, "pushd": _cd, "popd": _cd, "set": _set, "shift": _shift, "source": _source,
    ".": _source, "eval": _eval, "trap": _trap, "alias": _alias, "compgen": _compgen,
    "enable": _anything, "fc": _anything, "shopt": _shopt,
}
