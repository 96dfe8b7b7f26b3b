"""The dataflow pass's state: what is known, at one point of a command line, about the shell
(working directory, variables, positional parameters) and about files (those the same line
wrote, created, deleted or linked, over the file view of the world before it ran).

Anything not known is *unknown*, never one of several candidates: two states meet (after an
`if`, a `||`, a loop) by keeping what they agree on and forgetting the rest.
"""

from __future__ import annotations

import posixpath

from agentsh.engine.words import UNSET, decode_ansi_c
from agentsh.records import Record

EXISTS = frozenset(("file", "dir", "symlink", "fifo", "char", "block", "socket"))
# `$$` (the shell's process ID, only known at run time) reads as a stand-in with this in it: the
# same in a shell and its subshells, another in a child shell. A path holding it was not there
# before the line (nobody can name it); what the line writes there is followed
PID = "agentsh-pid-"
# the stand-in for the `$$` of the shell the checked text starts in (its subshells, `source`d
# and `eval`ed code): the wrapper that execs bash knows its value, which is its own process ID
# (gate/decide.py `pid_paths`); a child shell's is `pid_token(state)`, which nothing knows
SELF_PID = PID + "self"


def pid_token(owner) -> str:
    return f"{PID}{id(owner):x}"


class Entry(Record, fields="kind content fresh target edited source",
            defaults=(None, False, "", False, "")):
    """What the command line did to one path: its kind afterwards (file, dir, symlink,
    missing, unknown), a file's content when known, whether it was made here where nothing was
    before (`fresh`: the line's own scratch), a symlink's absolute target, whether a file's
    unknown content is an in-place edit of what was there (`sed -i`: `edited`), and where what
    it holds was before the line, when the line moved it here (`mv notes.txt x.log`: x.log's
    `source` is notes.txt; a write over x.log loses notes.txt's content: `source`)."""

    __slots__ = ()

    kind: str
    content: str | None
    fresh: bool
    target: str
    edited: bool
    source: str


class Choice:
    """A variable that holds one of a few known strings, depending on a branch taken at run
    time (`if [ -x /bin/false ]; then F=/bin/false; else F=/usr/bin/false; fi`). Read as
    unknown everywhere (`State.lookup`), except where a command word may be checked once per
    candidate (`State.choices`)."""

    __slots__ = ("values",)
    LIMIT = 4

    def __init__(self, values) -> None:
        self.values = tuple(sorted(set(values), key=repr))  # strings, and UNSET

    def __eq__(self, other) -> bool:
        return isinstance(other, Choice) and self.values == other.values

    def __hash__(self) -> int:
        return hash(("choice", self.values))

    def __repr__(self) -> str:
        return f"Choice{self.values!r}"

    @staticmethod
    def of(a, b):
        """What a variable is after two branches that left it `a` and `b`: None (unknown) unless
        both are known strings (or choices) and there are few of them."""
        values = set()
        for v in (a, b):
            if isinstance(v, Choice):
                values |= set(v.values)
            elif isinstance(v, str) or v is UNSET:
                values.add(v)
            else:
                return None
        return Choice(values) if len(values) <= Choice.LIMIT else None


class _Number:
    """The value of a variable that holds some decimal integer, as bash writes the result of
    arithmetic (`x=$((...))`, `let x++`, anything assigned to a `declare -i` name), or nothing
    (unset or empty): only known at run time, and read as unknown everywhere (`State.lookup`)
    except where that is enough (`let "x = $n"` assigns only the names its text shows)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NUMBER"


NUMBER = _Number()


class _Descriptors:
    """The value of `coproc NAME`'s NAME: an array of the two pipe descriptors bash opened
    (numbers only known at run time). Read as unknown everywhere (`State.lookup`) except where
    an element being a number is enough (`>&${NAME[1]}` copies a descriptor: `effects`).
    Any assignment to NAME replaces it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "DESCRIPTORS"


DESCRIPTORS = _Descriptors()
_DIGITS = frozenset("0123456789")


def numeric(value) -> bool:
    """Whether a variable's value (as `State.value` gives it) is surely a number or nothing."""
    if value is NUMBER or value is UNSET:
        return True
    if isinstance(value, Choice):
        return all(numeric(v) for v in value.values)
    if isinstance(value, str):
        digits = value[1:] if value[:1] == "-" else value
        return set(digits) <= _DIGITS and (digits != "" or value == "")
    return False


# `$x`, `"${x}"`: a word that is one plain variable (group 1 or 2 names it)
ONE_VARIABLE = r'"?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))"?'


def holds_number(raw: str, state) -> bool:
    """Whether the word `raw` is one plain variable that holds a number or nothing where
    `state` holds (`numeric`): `fd=$((n+1)); exec >&$fd`, `wait $COPROC_PID`."""
    import re

    m = re.fullmatch(ONE_VARIABLE, raw)
    return m is not None and numeric(state.value(m.group(1) or m.group(2)))


# variables bash sets itself (or may, at run time: `read` sets REPLY, `getopts` OPTARG,
# `coproc NAME` NAME_PID, checkwinsize LINES): never unset because no environment held them
_BASH_SETS = frozenset("""_ CDPATH COLUMNS COPROC DIRSTACK ENV EPOCHREALTIME EPOCHSECONDS EUID
    EXECIGNORE FCEDIT FIGNORE FUNCNAME FUNCNEST GLOBIGNORE GROUPS HOME HOSTFILE HOSTNAME HOSTTYPE
    IFS IGNOREEOF INPUTRC INSIDE_EMACS LANG LINENO LINES MACHTYPE MAIL MAILCHECK MAILPATH MAPFILE
    OLDPWD OPTARG OPTERR OPTIND OSTYPE PATH PIPESTATUS POSIXLY_CORRECT PPID PROMPT_COMMAND
    PROMPT_DIRTRIM PS0 PS1 PS2 PS3 PS4 PWD RANDOM REPLY SECONDS SHELL SHELLOPTS SHLVL SRANDOM TERM
    TIMEFORMAT TMOUT TMPDIR UID auto_resume histchars""".split())
_BASH_PREFIXES = ("BASH", "COMP_", "HIST", "READLINE_", "LC_", "EMACS")


def bash_sets(name: str) -> bool:
    """Whether bash itself may give `name` a value that no environment held."""
    return name in _BASH_SETS or name.startswith(_BASH_PREFIXES) or name.endswith("_PID")


# a name: written other than as `$NAME`/`${NAME...}`; the text before it decides (see mentioned)
_NAME_RUN = r"[A-Za-z_][A-Za-z0-9_]*"


def _ansi_c(text: str) -> str:
    """`text` with each `$'...'` read as the characters it stands for (`$'\\x58'` is `X`)."""
    import re

    if "$'" not in text:
        return text
    return re.sub(r"\$'((?:[^'\\]|\\.)*)'", lambda m: decode_ansi_c(m.group(1)), text)


def mentioned(text: str) -> frozenset | None:
    """Every variable name `text` may assign: each run of name characters that is not an
    expansion (`$X`, `${X}`, `${#X}`), with every suffix of it (`printf -vX` assigns `X`),
    read with `$'...'` decoded (`$'\\x58'` is `X`) and quotes and backslashes removed
    (`read X""Y` assigns `XY`); an expansion that assigns (`${X=v}`, `${X:=v}`, `${X[i]=v}`)
    counts."""
    import re

    flat = re.sub(r"\\\n|[\\'\"]", "", text)
    if "$'" in text:  # both ways: decoding may join a name to what is before it
        flat += "\n" + re.sub(r"\\\n|[\\'\"]", "", _ansi_c(text))
    names = set()
    for m in re.finditer(_NAME_RUN, flat):
        start, run = m.start(), m.group()
        before = flat[max(0, start - 3):start]
        after = flat[m.end():m.end() + 2]
        expansion = before.endswith("$") or before.endswith(("${", "${#", "${!"))
        if expansion and not (before.endswith("${") and after[:1] in ("=", "[") or
                              before.endswith("${") and after == ":="):
            continue
        names.update(run[i:] for i in range(len(run)))
    return frozenset(names)


def mention_count(text: str, name: str) -> int | None:
    """How many times `text` names `name` other than as an expansion (as `mentioned` reads
    it: a run of name characters ending in `name`)."""
    import re

    if "$'" in text:  # both ways: decoding may join a name to what is before it
        return max(mention_count(text.replace("$'", "$ '"), name) or 0,
                   mention_count(_ansi_c(text).replace("$'", "$ '"), name) or 0)
    # a line that starts with `#` is a comment wherever shell reads it (as code, or as data
    # given to eval, source or a shell), and data that is no code assigns nothing by itself
    text = re.sub(r"(?m)^[ \t]*#.*$", "", text)
    flat = re.sub(r"\\\n|[\\'\"]", "", text)
    count = 0
    for m in re.finditer(_NAME_RUN, flat):
        start, run = m.start(), m.group()
        if not run.endswith(name):
            continue
        before = flat[max(0, start - 3):start]
        after = flat[m.end():m.end() + 2]
        expansion = before.endswith("$") or before.endswith(("${", "${#", "${!"))
        if expansion and not (before.endswith("${") and after[:1] in ("=", "[") or
                              before.endswith("${") and after == ":="):
            continue
        count += 1
    return count


class Mentions:
    """`mention_count(text, name)` for every name of one text, read once (issue 16: a text
    of thousands of assignments asked it once per name, each a scan of the whole text).
    Each counted run of name characters is kept reversed, sorted, with running totals: the
    runs ending in a name are the reversed runs starting with it, one range of the list."""

    __slots__ = ("_tables",)

    def __init__(self, text: str) -> None:
        variants = [text] if "$'" not in text else \
            [text.replace("$'", "$ '"), _ansi_c(text).replace("$'", "$ '")]
        self._tables = [_mention_table(v) for v in variants]

    def count(self, name: str) -> int:
        from bisect import bisect_left

        low = name[::-1]
        high = low + "\x7f"  # after every run that starts with `low` (name characters)
        best = 0
        for keys, totals in self._tables:
            found = totals[bisect_left(keys, high)] - totals[bisect_left(keys, low)]
            best = max(best, found)
        return best


def _mention_table(text: str) -> tuple[list[str], list[int]]:
    import re

    text = re.sub(r"(?m)^[ \t]*#.*$", "", text)
    flat = re.sub(r"\\\n|[\\'\"]", "", text)
    runs: dict[str, int] = {}
    for m in re.finditer(_NAME_RUN, flat):
        start, run = m.start(), m.group()
        before = flat[max(0, start - 3):start]
        after = flat[m.end():m.end() + 2]
        expansion = before.endswith("$") or before.endswith(("${", "${#", "${!"))
        if expansion and not (before.endswith("${") and after[:1] in ("=", "[") or
                              before.endswith("${") and after == ":="):
            continue
        key = run[::-1]
        runs[key] = runs.get(key, 0) + 1
    keys = sorted(runs)
    totals = [0]
    for key in keys:
        totals.append(totals[-1] + runs[key])
    return keys, totals


UNSURE = Entry("unknown")
MISSING = Entry("missing")


def normpath(path: str) -> str:
    """`//`, `/./`, `..` and a trailing `/` resolved lexically (`/a//b/../c/` -> `/a/c`)."""
    norm = posixpath.normpath(path)
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    return norm


def under(path: str, root: str) -> bool:
    return path == root or root == "/" or path.startswith(root + "/")


class World:
    """The files as they were before the command line ran: the context's file view, or, when
    that view knows nothing (tests, rule examples), the context's own `read_file`. A path
    holding a `$$` is unknown (whatever was there, nobody could name it before the line ran),
    except the top shell's (`SELF_PID`) where the process ID bash will have is known
    (`Context.pid`): that path is then looked at as any other."""

    __slots__ = ("view", "read_file", "_kinds", "_reals", "pid")

    def __init__(self, view, read_file, pid: int = 0) -> None:
        self.view = view
        self.read_file = read_file
        self._kinds: dict[str, str] = {}  # the world does not change while a line is checked
        self._reals: dict[str, str | None] = {}
        self.pid = str(pid) if pid and pid > 0 else ""

    @property
    def knows(self) -> bool:
        return bool(getattr(self.view, "knows_files", False))

    def _here(self, path: str) -> str:
        """`path` with the top shell's `$$` as bash will expand it, where that is known."""
        return path.replace(SELF_PID, self.pid) if self.pid and SELF_PID in path else path

    def read(self, path: str) -> str | None:
        path = self._here(path)
        if PID in path:
            return None
        if self.knows:
            return self.view.read(path)
        if callable(self.read_file):
            try:
                return self.read_file(path)
            except (OSError, ValueError):
                return None
        return None

    def kind(self, path: str) -> str:
        path = self._here(path)
        if PID in path:
            return "unknown"  # a process ID's path: whatever was there is unknown
        found = self._kinds.get(path)
        if found is None:
            found = self._kinds[path] = self.view.kind(path)
        return found

    def realpath(self, path: str) -> str | None:
        here = self._here(path)
        if PID in here:
            return None
        if here not in self._reals:
            self._reals[here] = self.view.realpath(here)
        real = self._reals[here]
        # no link on the way: the path as the text names it (the stand-in kept, as rules and
        # the line's other commands name it)
        return path if here != path and real == here else real


# in `Files.moved`: something was moved to a place only known at run time, so any path may now
# hold what the line moved there (no name makes a path scratch space any more)
ANYWHERE = "*"


class Files:
    """The files the command line has touched so far, over the world before it.

    `trees` are directories anything under which may have been written (`tar -x -C D`);
    `moved` are paths that received something the line moved there from elsewhere (`mv src
    dist`: what `dist` holds now is not output, whatever its name; ANYWHERE when the
    destination was only known at run time); `unsure` means a program
    with unknown effects ran: nothing off the list is known. `sinks` are files a descriptor
    that stays open writes to (`exec 3>f`, `exec 3<>f`, `{ ...; } >f`): whatever is later
    written through it lands there at a moment the text does not show, so their content is
    unknown from then on, whatever else the line writes to them.

    `blind` (only with `unsure`): every program with unknown effects that ran so far runs only
    code agentsh never sees (a build tool or package manager: `cargo build`, `pip install`,
    `npm ci` judged from text alone; `[analyzer.effects] blind`). What such a program may have
    written, it could as well have done itself, unseen: code read after it is read as it was
    before the line (`read`), never as unknown. Setting `unsure` clears it, so every other
    cause of "unknown" keeps everything unknown."""

    __slots__ = ("world", "entries", "trees", "_unsure", "moved", "sinks", "blind", "guessed")

    def __init__(self, world: World, entries: dict | None = None, trees: tuple = (),
                 unsure: bool = False, moved: tuple = (), sinks: frozenset = frozenset(),
                 blind: bool = False, guessed: frozenset = frozenset()) -> None:
        self.world = world
        self.entries = entries if entries is not None else {}
        self.trees = trees
        self._unsure = unsure
        self.moved = moved
        self.sinks = sinks
        self.blind = blind and unsure
        # the places of `moved` that are there only by a guess (a program with unknown effects
        # named them, code that may move anything): the line treats them as moved; the session
        # record (gate/moves.py) does not keep them
        self.guessed = guessed

    @property
    def unsure(self) -> bool:
        return self._unsure

    @unsure.setter
    def unsure(self, value: bool) -> None:
        """A program with unknown effects ran: it may have written any file, those the line
        wrote before included (their content is unknown now), and moved anything into a
        directory the line made (`mkdir X && find ~/thesis -exec mv {} X \\; && rm -rf X`), so
        no directory made before it is the line's own scratch any more."""
        if value and not self._unsure:
            self.entries = {p: (UNSURE if e.kind == "file" else
                                e._replace(fresh=False) if e.fresh and e.kind == "dir" else e)
                            for p, e in self.entries.items()}
        self._unsure = value
        self.blind = False  # a cause of "unknown" nobody named blind: everything is unknown

    def blind_write(self) -> None:
        """A program whose unknown writes come only from code agentsh never sees ran."""
        blind = self.blind or not self._unsure
        self.unsure = True
        self.blind = blind

    def copy(self) -> Files:
        return Files(self.world, dict(self.entries), self.trees, self.unsure, self.moved,
                     self.sinks, self.blind, self.guessed)

    def __eq__(self, other) -> bool:
        return isinstance(other, Files) and self.entries == other.entries and \
            self.trees == other.trees and self.unsure == other.unsure and \
            self.moved == other.moved and self.sinks == other.sinks and \
            self.blind == other.blind and self.guessed == other.guessed

    __hash__ = None  # type: ignore[assignment]

    def entry(self, path: str, through_blind: bool = False) -> Entry | None:
        """What the line did to `path`; None when it is as it was before the line.
        `through_blind`: what only blind programs may have written counts as it was."""
        if path in self.sinks:
            return UNSURE
        found = self.entries.get(path)
        if found is not None:
            return found
        parent = path
        while parent not in ("/", ""):
            parent, child = posixpath.dirname(parent), parent
            if parent == child:  # `//`: no parent above it (the walk ends, whatever the path)
                break
            above = self.entries.get(parent)
            if above is not None:
                if above.kind == "missing" or (above.kind == "dir" and above.fresh and
                                               not any(under(path, t) for t in self.trees)):
                    return MISSING  # inside a deleted directory, or one made empty here
                if above.kind in ("unknown", "symlink"):
                    return UNSURE
                break
        if (self.unsure and not (through_blind and self.blind)) or \
                any(under(path, t) for t in self.trees):
            return UNSURE
        return None

    def read(self, path: str) -> str | None:
        """The text of `path` as the line left it (as it was, where only blind programs may
        have changed it); None when unknown."""
        if not path:
            return None
        found = self.entry(path, through_blind=True)
        if found is None:
            return self.world.read(path)
        return found.content if found.kind == "file" else None

    def kind(self, path: str) -> str:
        if not path:
            return "unknown"
        found = self.entry(path)
        return self.world.kind(path) if found is None else found.kind

    def fresh(self, path: str) -> bool:
        found = self.entries.get(path)
        return bool(found is not None and found.fresh)

    def source(self, path: str) -> str:
        """Where the content at `path` was before the line, when the line moved it there (a
        file, or a directory above it: `mv proj build && echo x > build/notes.txt` writes over
        what was proj/notes.txt); "" when it holds nothing the line moved."""
        parent, rest = path, ""
        while parent not in ("/", ""):
            found = self.entries.get(parent)
            if found is not None:
                return found.source + rest if found.source else ""
            parent, child = posixpath.dirname(parent), parent
            if parent == child:
                break
            rest = child[len(parent.rstrip("/")):] + rest
        return ""

    def join(self, other: Files) -> Files:
        entries = {}
        for path in self.entries.keys() | other.entries.keys():
            mine, theirs = self.entry(path), other.entry(path)
            if mine == theirs:
                if mine is not None:
                    entries[path] = mine
            elif mine is not None and theirs is not None and \
                    mine._replace(fresh=False) == theirs._replace(fresh=False):
                entries[path] = mine._replace(fresh=False)  # the same text, made here or not
            elif _written_or_untouched(mine, theirs) and (
                    not self.world.knows or self.world.kind(path) == "missing" or
                    "missing" in (getattr(mine, "kind", ""), getattr(theirs, "kind", ""))):
                # judging text alone, a file as it was before the line is not seen: of "written
                # with this text" and "as it was", only the text can be checked, so it is read
                # (`mkdir -p d && cat > d/x.sh <<EOF ... EOF` then `bash d/x.sh`). Where files
                # are seen, what is on disk must be checked too: unknown, as before; unless
                # nothing was there (a reader then reads the text or finds no file: review-f,
                # session 30, `mkdir -p d && cat > w.py <<EOF ... EOF; python3 w.py` ran unread)
                entries[path] = (mine or theirs)._replace(fresh=False)
            else:
                entries[path] = UNSURE
        trees = tuple(sorted(set(self.trees) | set(other.trees)))
        moved = tuple(sorted(set(self.moved) | set(other.moved)))
        # guessed on both sides, or moved only on the side that guessed it
        guessed = (self.guessed | other.guessed) - \
            ((set(self.moved) - self.guessed) | (set(other.moved) - other.guessed))
        return Files(self.world, entries, trees, self.unsure or other.unsure, moved,
                     self.sinks | other.sinks,
                     self.blind_or_sure() and other.blind_or_sure(), frozenset(guessed))

    def blind_or_sure(self) -> bool:
        """Whether nothing but blind programs made anything unknown."""
        return self.blind or not self.unsure

    def unsure_all(self) -> Files:
        """The same files after something that may have written any of them."""
        out = self.copy()
        out.unsure = True
        out.entries = {p: (UNSURE if e.kind == "file" else e) for p, e in out.entries.items()}
        return out

    def uncertain(self, paths, moved: tuple = ()) -> Files:
        """The same files, with what is known about `paths` forgotten (written at a moment
        nobody can know: a background job, another element of the same pipeline); `moved`:
        paths that job moved something into (they hold it from some moment on)."""
        out = self.copy()
        if moved:
            out.moved = tuple(sorted(set(out.moved) | set(moved)))
        for path in paths:
            if path:
                out.entries[path] = UNSURE
                out.entries = {p: e for p, e in out.entries.items()
                               if not (p != path and under(p, path))}
            else:
                out.unsure = True
        return out


def _written_or_untouched(mine: Entry | None, theirs: Entry | None) -> bool:
    """One branch wrote the file with text agentsh knows, the other left it as it was (or
    left no file there: under a folder the line made, `mkdir -p d && cat > d/x <<EOF`)."""
    if mine is not None and mine.kind == "missing":
        mine = None
    if theirs is not None and theirs.kind == "missing":
        theirs = None
    known = mine if theirs is None else theirs if mine is None else None
    return known is not None and known.kind == "file" and known.content is not None and \
        not known.edited


def line_wrote(files: Files | None, path: str) -> bool:
    """Whether the command line may have written `path` before now (a relative one wherever it
    was written), or ran something whose writes are unknown and may be seen (not only blind
    writers: `Files.blind`). True when that is not known."""
    if files is None:
        return True
    if (files.unsure and not files.blind) or files.trees:
        return True
    if path.startswith("/"):
        return files.entry(path, through_blind=True) is not None
    name = "/" + path.lstrip("./") if not path.startswith("../") else ""
    return not name or any(p.endswith(name) for p in files.entries)


# ------------------------------------------------------------ shared variable maps

_GONE = object()


class Layered:
    """A dict whose copies share what they have in common: the variables of the dataflow pass's
    states (`State.vars`).

    The pass keeps a state for every command it reads, and each state holds every variable assigned
    before it: with a plain dict per state, a script of N assignments kept N dicts of up to N
    entries (128 KiB of loops grew the process by 285 MiB). Here a map is a few frozen layers,
    oldest first, shared by every copy, under a small dict of its own changes (`_top`, at most
    `LIMIT` entries, copied with the map). When the top fills it becomes a layer, and layers merge
    as a binary counter does (a layer is merged into the one below while that one is not at least
    twice its size), so there are about log2(N) layers, a lookup reads at most that many dicts, and
    N changes make O(N log N) entries in all, whatever number of copies keep them.

    Layers are never changed once made. A removed name is `_GONE` in the layer or top that removed
    it (dropped when merged into the bottom layer).
    (Here, not in a module of its own: one import fewer before every agent command.)"""

    __slots__ = ("_top", "_layers")

    LIMIT = 16  # entries of the top before it becomes a layer

    def __init__(self, items=()) -> None:
        self._top: dict = dict(items)
        self._layers: tuple = ()
        if len(self._top) > self.LIMIT:
            self._flush()

    # ------------------------------------------------------------ reading

    def _find(self, key):
        top = self._top
        if key in top:
            return top[key]
        layers = self._layers
        for i in range(len(layers) - 1, -1, -1):
            layer = layers[i]
            if key in layer:
                return layer[key]
        return _GONE

    def __contains__(self, key) -> bool:
        return self._find(key) is not _GONE

    def __getitem__(self, key):
        value = self._find(key)
        if value is _GONE:
            raise KeyError(key)
        return value

    def get(self, key, default=None):
        value = self._find(key)
        return default if value is _GONE else value

    def merged(self) -> dict:
        """A plain dict of the same entries (O(N): for walks over every name)."""
        out: dict = {}
        for layer in self._layers:
            out.update(layer)
        out.update(self._top)
        return {k: v for k, v in out.items() if v is not _GONE}

    def keys(self):
        return self.merged().keys()

    def values(self):
        return self.merged().values()

    def items(self):
        return self.merged().items()

    def __iter__(self):
        return iter(self.merged())

    def __len__(self) -> int:
        return len(self.merged())

    def __bool__(self) -> bool:
        return any(v is not _GONE for v in self._top.values()) or any(
            v is not _GONE for layer in self._layers for v in layer.values())

    def differing(self, other: Layered) -> set:
        """The names whose entries may differ between this map and `other`: those of the layers
        they do not share and of both tops (a superset of the names that differ)."""
        mine, theirs = self._layers, other._layers
        shared = 0
        while shared < len(mine) and shared < len(theirs) and mine[shared] is theirs[shared]:
            shared += 1
        out = set(self._top) | set(other._top)
        for layer in mine[shared:] + theirs[shared:]:
            out.update(layer)
        return out

    def __eq__(self, other) -> bool:
        if isinstance(other, Layered):
            return all(self._find(k) is other._find(k) or self._find(k) == other._find(k)
                       for k in self.differing(other))
        if isinstance(other, dict):
            return self.merged() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Layered({self.merged()!r})"

    # ------------------------------------------------------------ changing

    def copy(self) -> Layered:
        new = Layered.__new__(Layered)
        new._top = dict(self._top)
        new._layers = self._layers
        return new

    def __setitem__(self, key, value) -> None:
        self._top[key] = value
        if len(self._top) > self.LIMIT:
            self._flush()

    def __delitem__(self, key) -> None:
        if self._find(key) is _GONE:
            raise KeyError(key)
        self._remove(key)

    def pop(self, key, *default):
        value = self._find(key)
        if value is _GONE:
            if default:
                return default[0]
            raise KeyError(key)
        self._remove(key)
        return value

    def _remove(self, key) -> None:
        if any(key in layer for layer in self._layers):
            self[key] = _GONE
        else:
            del self._top[key]

    def _flush(self) -> None:
        layers = [*self._layers, self._top]
        self._top = {}
        while len(layers) > 1 and len(layers[-2]) < 2 * len(layers[-1]):
            newer = layers.pop()
            older = dict(layers.pop())
            older.update(newer)
            if not layers:  # the bottom layer: nothing under it to hide
                older = {k: v for k, v in older.items() if v is not _GONE}
            layers.append(older)
        self._layers = tuple(layers)


class LayeredSet:
    """A set whose copies share what they hold in common (a `Layered` map of its names): the
    functions a state knows of (`State.functions`). A frozenset made anew at each definition
    kept, in each state, every function defined before it: 128 KiB of sourced files of small
    functions grew the process by 260 MiB. The operations the pass uses return a new set and
    leave this one as it was."""

    __slots__ = ("_map",)

    def __init__(self, items=()) -> None:
        self._map = Layered(dict.fromkeys(items, True))

    @staticmethod
    def _of(mapping: Layered) -> LayeredSet:
        new = LayeredSet.__new__(LayeredSet)
        new._map = mapping
        return new

    def __contains__(self, name) -> bool:
        return name in self._map

    def __iter__(self):
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def __bool__(self) -> bool:
        return bool(self._map)

    def __eq__(self, other) -> bool:
        if isinstance(other, LayeredSet):
            return self._map == other._map
        if isinstance(other, (set, frozenset)):
            return set(self._map) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LayeredSet({set(self._map)!r})"

    def __or__(self, other) -> LayeredSet:
        if isinstance(other, LayeredSet):
            if other._map is self._map:
                return self
            # what `other` holds beyond this set lies in what the two do not share
            extra = [n for n in self._map.differing(other._map) if n in other._map]
        else:
            extra = [n for n in other if n not in self._map]
        if not extra:
            return self
        new = self._map.copy()
        for name in extra:
            new[name] = True
        return LayeredSet._of(new)

    __ror__ = __or__

    def __and__(self, other) -> LayeredSet:
        if isinstance(other, LayeredSet):
            if other._map is self._map:
                return self
            # what this set holds beyond `other` lies in what the two do not share
            gone = [n for n in self._map.differing(other._map)
                    if n in self._map and n not in other._map]
        else:
            gone = [n for n in self if n not in other]
        return self - gone

    __rand__ = __and__

    def __sub__(self, other) -> LayeredSet:
        gone = [n for n in other if n in self._map]
        if not gone:
            return self
        new = self._map.copy()
        for name in gone:
            del new[name]
        return LayeredSet._of(new)


# Programs whose resources the line may make and then delete (`engine.made`, `State.made`):
# those that make one (`kind create cluster`, `docker build -t`), and those whose deletes are
# judged against what the line made
MADE_CREATORS = frozenset(("kind", "k3d", "docker"))
MADE_PROGRAMS = frozenset(("kind", "k3d", "minikube", "docker", "docker-compose", "kubectl",
                           "dropdb"))


class State:
    """Everything the pass knows at one point. Copied before each change; never shared
    mutable between commands."""

    __slots__ = ("cwd", "cwds", "oldpwd", "dirs", "vars", "exported", "positional",
                 "functions", "aliases", "opaque", "files", "scope", "env", "project", "refs",
                 "integers", "volatile", "registry", "alias_defs", "disabled", "attributed",
                 "zero", "absent", "mentions", "ints", "made", "kubectx",
                 "sure_functions")

    MAX_CANDIDATES = 8

    def __init__(self, cwd: str, env: dict, files: Files, positional=()) -> None:
        self.cwd = cwd  # absolute, "" when unknown
        # when `cwd` is unknown: the directories it may be (`cd X; cmd` where cd may fail),
        # for rules that flag what *may* happen; None when it may be anything
        self.cwds: tuple | None = None
        self.project = cwd  # where the line started: the directory the agent works in
        self.oldpwd: str | None = env.get("OLDPWD")
        self.dirs: tuple | None = ()  # the pushd stack under the current directory
        # name -> str | tuple (array) | UNSET | None (unknown); a `Layered` map, whose copies
        # share what they hold in common (code may also assign a plain dict)
        self.vars = Layered()
        self.exported: frozenset = frozenset()
        self.positional: tuple | None = tuple(positional)
        self.functions = LayeredSet()  # (shared between copies, as `vars`)
        # of them, those surely defined here on every way to this point, by the line's own
        # text with no `unset` or `trap` in it (a call is the function, not a program of that
        # name: `del`, `rimraf`); shared between copies too
        self.sure_functions = LayeredSet()
        self.aliases: frozenset = frozenset()
        self.opaque = False  # a variable not in `vars` is unknown (not the environment's)
        # namerefs (`declare -n`): name -> the variable it stands for (`ref_target`), "" where
        # it has none yet, None where that is only known at run time. Never changed in place
        self.refs: dict = {}
        self.integers: frozenset = frozenset()  # `declare -i`: what is assigned is arithmetic
        # names surely `declare -i` here, whose value is surely a number or nothing (`numeric`):
        # whatever is assigned to them, or fails to be, leaves a number
        self.ints: frozenset = frozenset()
        # assigned by a trap handler, which may run between any two commands: always unknown
        self.volatile: frozenset = frozenset()
        # the functions and aliases the line defines (`assigns.Registry`), shared by every
        # state of one check; None: none known (a state made without `dataflow.initial`)
        self.registry = None
        self.alias_defs: frozenset = frozenset()  # (name, value) of the aliases in force
        # builtins `enable -n` may have turned off ("*": any of them, `enable -f`, `enable $x`)
        self.disabled: frozenset = frozenset()
        # variables with an attribute that changes what is assigned (`declare -l/-u/-i/-c x`)
        self.attributed: frozenset = frozenset()
        self.zero: str | None = None  # `$0`: the script's name, `bash -c CODE NAME`'s NAME
        # whether a variable in no environment is unset here (`Context.complete_env`: the
        # shell started with exactly `env` and read no startup file), except the names bash
        # sets itself and `mentions`: every name the code run so far writes other than as an
        # expansion (`read X`, `-vX`, `{X}>f`), which a form the pass does not model may assign
        self.absent = False
        self.mentions: frozenset = frozenset()
        self.files = files
        self.scope: tuple = ()
        self.env = env
        # what the line surely made before this point, and the kube context its last cluster
        # creation made current, with KUBECONFIG then (`engine.made`)
        self.made: frozenset = frozenset()
        self.kubectx: tuple = ("", "")

    def copy(self) -> State:
        new = State.__new__(State)
        for name in State.__slots__:
            setattr(new, name, getattr(self, name))
        if type(self.vars) is dict:
            self.vars = Layered(self.vars)  # the same entries, shared from now on
        new.vars = self.vars.copy()
        return new

    def __eq__(self, other) -> bool:
        return isinstance(other, State) and all(
            getattr(self, n) == getattr(other, n) for n in State.__slots__
            if n not in ("env", "registry"))

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------ values

    def lookup(self, name: str):
        """A variable's value (str, tuple, UNSET) or None when unknown. "@" is the positional
        parameters, "1"... each of them."""
        value = self.value(name)
        return None if isinstance(value, Choice) or value is NUMBER or value is DESCRIPTORS \
            else value

    def choices(self, name: str) -> tuple | None:
        """The strings a variable may hold (one when known; UNSET among them when it may be
        unset), or None."""
        value = self.value(name)
        if isinstance(value, Choice):
            return value.values
        return (value,) if isinstance(value, str) or value is UNSET else None

    def value(self, name: str):
        """`lookup`, with a `Choice` where the variable is one of a few known strings."""
        if name == "@":  # (a number only known at run time among them: not known)
            return None if self.positional is not None and NUMBER in self.positional else \
                self.positional
        if name.isdigit():
            if self.positional is None:
                return None
            index = int(name)
            if index == 0:
                return self.zero
            return self.positional[index - 1] if index <= len(self.positional) else UNSET
        if name in self.volatile:
            return None
        if name in self.refs:  # a nameref reads the variable it stands for
            target = self.ref_target(name)
            if target == "":
                return UNSET
            return None if target is None or "[" in target else self.value(target)
        if name == "BASHPID" and name not in self.vars and not self.scope and \
                self.vars.get("$") == SELF_PID and not self.opaque:
            # the top shell's own process ID, its `$$` (a subshell's scope is never empty:
            # there it is another process's). Assigned or unset in the text: as any variable
            return SELF_PID
        if name in self.vars:
            return self.vars[name]
        if name == "PWD":
            return self.cwd or None
        if name == "OLDPWD":
            return self.oldpwd or None
        if self.opaque:
            return None
        found = self.env.get(name)
        if found is None and self.absent and name not in self.mentions and not bash_sets(name):
            return UNSET  # the shell started with no such variable and nothing assigned it
        return found  # a variable in no environment may still be set at run time (None)

    def ref_target(self, name: str) -> str | None:
        """The variable the nameref `name` stands for at the end of its chain (`declare -n
        a=b b=c`: c), as bash resolves it where it is used: "" when it has none yet, None when
        that is only known at run time (or a chain longer than 8, or a loop)."""
        target = self.refs.get(name)
        for _ in range(8):
            if not target or target not in self.refs:
                return target
            target = self.refs[target]
        return None

    def ifs_default(self) -> bool:
        return self.ifs() == " \t\n"

    def ifs(self) -> str | None:
        """What word splitting splits at: IFS's value (bash's default when it is unset, or
        not assigned since the shell started); None when only known at run time. An IFS in
        the environment other than the default is unknown: bash ignores it, but where agentsh
        checks a hook's text the shell may have set it."""
        # after code that may assign anything (`opaque`: a nameref, `eval` of unknown text)
        # IFS is unknown like every variable
        known = "IFS" in self.vars or "IFS" in self.env or self.opaque
        value = self.lookup("IFS") if known else " \t\n"
        if value is UNSET:
            return " \t\n"
        if "IFS" not in self.vars and value != " \t\n":
            return None
        return value if isinstance(value, str) else None

    def candidates(self) -> tuple | None:
        """The directories the shell may be in: one when known; None when anything."""
        return (self.cwd,) if self.cwd else self.cwds

    def forget(self) -> State:
        """Nothing known any more about the shell (an unknown function, `eval "$x"`)."""
        new = self.copy()
        new.cwd, new.cwds, new.oldpwd, new.dirs = "", None, "", None
        new.vars, new.opaque = {}, True
        new.ints = frozenset()
        new.sure_functions = frozenset()
        new.positional = None
        new.kubectx = ("", "")
        new.files = self.files.unsure_all()
        return new

    # ------------------------------------------------------------ meeting

    def join(self, other: State | None, choices: bool = True) -> State:
        """What is known after either state. `choices`: a variable left different known strings
        is a `Choice` of them (not when widening a loop, which must settle in a few passes)."""
        if other is None or other is self:
            return self
        new = self.copy()
        if new.cwd != other.cwd or (not new.cwd and new.cwds != other.cwds):
            mine, theirs = self.candidates(), other.candidates()
            new.cwd = ""
            new.cwds = None
            if mine is not None and theirs is not None:
                both = tuple(sorted(set(mine) | set(theirs)))
                new.cwds = both if len(both) <= State.MAX_CANDIDATES else None
        if new.oldpwd != other.oldpwd:
            new.oldpwd = ""
        if new.dirs != other.dirs:
            new.dirs = None
        names = self.vars.keys() | other.vars.keys()
        new.opaque = self.opaque or other.opaque
        new.absent = self.absent and other.absent
        new.mentions = self.mentions | other.mentions
        new.vars = {}
        for name in names:
            mine, theirs = self.value(name), other.value(name)
            new.vars[name] = mine if mine == theirs else (
                Choice.of(mine, theirs) if choices else None)
            if new.vars[name] is None and numeric(mine) and numeric(theirs):
                new.vars[name] = NUMBER
        if new.positional != other.positional:
            new.positional = None
        if new.zero != other.zero:
            new.zero = None
        new.exported = self.exported | other.exported
        new.refs = self.refs if self.refs == other.refs else {
            n: self.refs.get(n) if self.refs.get(n, 0) == other.refs.get(n, 1) else None
            for n in self.refs.keys() | other.refs.keys()}
        new.integers = self.integers | other.integers
        new.ints = self.ints & other.ints
        new.volatile = self.volatile | other.volatile
        new.registry = self.registry if self.registry is not None else other.registry
        new.disabled = self.disabled | other.disabled
        new.attributed = self.attributed | other.attributed
        new.functions = self.functions | other.functions
        new.sure_functions = self.sure_functions & other.sure_functions
        new.aliases = self.aliases | other.aliases
        new.alias_defs = self.alias_defs | other.alias_defs
        new.files = self.files.join(other.files) if self.files is not other.files else self.files
        new.made = self.made & other.made
        if new.kubectx != other.kubectx:
            new.kubectx = ("", "")
        return new


def join(a: State | None, b: State | None) -> State | None:
    if a is None:
        return b
    return a.join(b)


class Resolver:
    """Paths as one command sees them: relative to its working directory, `~` from HOME, and
    files as the command line left them before this command (the file view underneath)."""

    __slots__ = ("cwd", "state")

    def __init__(self, cwd: str, state: State) -> None:
        self.cwd = cwd
        self.state = state

    def path(self, text: str, raw: str = "") -> str:
        """`text` (a word's value) as an absolute normalised path; "" when not known."""
        if not text:
            return ""
        if text.startswith("~") and not raw.startswith(("'", '"', "\\")):
            head, sep, rest = text.partition("/")
            home = self.state.lookup("HOME") if head == "~" else None
            if not isinstance(home, str) or not home.startswith("/"):
                return ""
            text = home + sep + rest
        if text.startswith("/"):
            return normpath(text)
        if not self.cwd:
            return ""
        return normpath(self.cwd + "/" + text)

    def chdir(self, text: str) -> Resolver:
        return Resolver(self.path(text, text) if "$" not in text else "", self.state)

    def read(self, path: str) -> str | None:
        return self.state.files.read(path)

    def kind(self, path: str) -> str:
        return self.state.files.kind(path)

    def fresh(self, path: str) -> bool:
        return self.state.files.fresh(path)

    def source(self, path: str) -> str:
        return self.state.files.source(path)

    def realpath(self, path: str, settled: bool = False) -> str | None:
        """`path` with every symlink resolved, the line's own links first; None when that
        cannot be known. With a file view that knows nothing, links the line did not make are
        assumed absent (see `model.NullFiles`). `settled`: after a program with unknown
        effects, directories that were there before are taken to be still what they were."""
        files = self.state.files
        hops = 0
        changed = True
        while changed:
            changed = False
            parts = path.strip("/").split("/") if path != "/" else []
            prefix = ""
            for i, part in enumerate(parts):
                prefix = prefix + "/" + part
                found = files.entries.get(prefix)
                if found is not None and found.kind == "symlink":
                    hops += 1
                    if hops > 40:
                        return None
                    target = found.target if found.target.startswith("/") else \
                        posixpath.join(posixpath.dirname(prefix), found.target)
                    path = normpath("/".join([target] + parts[i + 1 :]))
                    changed = True
                    break
                if found is not None and found.kind == "unknown":
                    return None
        if (files.unsure and not settled) or any(under(path, t) for t in files.trees):
            return None
        if not files.world.knows:
            return path
        if PID in path:
            # a `$$` path the line made where nothing was (`mkdir $TMPDIR/x.$$`) or removed
            # (`rm -f $TMPDIR/x.$$`: no link is left there; a directory would stay, and
            # writing to it fails): the only links at or below it are the line's own (walked
            # above), so resolve the part above it
            made = ""
            prefix = ""
            for part in path.strip("/").split("/"):
                prefix += "/" + part
                found = files.entries.get(prefix)
                if found is not None and (found.kind == "dir" and found.fresh or
                                          found.kind == "missing"):
                    made = prefix  # the first: nothing below it was there before the line
                    break
            if made and PID not in posixpath.dirname(made):
                head = files.world.realpath(posixpath.dirname(made))
                return None if head is None else \
                    normpath(head + "/" + posixpath.basename(made) + path[len(made):])
        return files.world.realpath(path)

    def through_links(self, path: str) -> str:
        """`path` with the symlinks this line made followed, uncertain entries or not."""
        entries = self.state.files.entries
        for _ in range(40):
            parts = path.strip("/").split("/") if path != "/" else []
            prefix = ""
            for i, part in enumerate(parts):
                prefix = prefix + "/" + part
                found = entries.get(prefix)
                if found is not None and found.kind == "symlink":
                    target = found.target if found.target.startswith("/") else \
                        posixpath.join(posixpath.dirname(prefix), found.target)
                    path = normpath("/".join([target] + parts[i + 1 :]))
                    break
            else:
                return path
        return path

    def target(self, path: str, text: str) -> str | None:
        """Where an operation on `path` lands: a final symlink is the link itself, unless the
        path was written with a trailing `/` (then it is followed)."""
        if not path:
            return None
        if path == "/" or text.endswith(("/", "/.")):
            return self.realpath(path)
        parent = self.realpath(posixpath.dirname(path), settled=True)
        if parent is None:
            return None
        return normpath(parent + "/" + posixpath.basename(path))
