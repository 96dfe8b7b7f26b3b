"""Matching rule path patterns against what a command really touches: operand paths resolved
against the working directory and symlinks, `~`/`$HOME` spellings of home paths, the tokens
`@fresh`/`@missing`/`@ignored`, and file effects (`writes_any`, `effects` + `paths_*`).

Patterns are globs (`matcher.glob_regex`): `~/...` and `$HOME/...` are under the home
directory, `/...` absolute, and a relative pattern (`node_modules`, `.claude/settings.json`)
names a path by its last components.
"""

from __future__ import annotations

import posixpath
import re

from agentsh.engine import globs
from agentsh.engine.flowstate import ANYWHERE, EXISTS, Resolver
from agentsh.engine.lazyre import later
from agentsh.engine.model import Word
from agentsh.engine.options import normalize_path
from agentsh.lean import fnmatchcase, lru_cache

TOKENS = frozenset(("@fresh", "@missing", "@ignored"))


@lru_cache(maxsize=4096)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Path globs: `*` and `?` stay within one path component, `**` crosses components."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if pattern[i] == "\\":  # a backslash is itself in agentsh's patterns
            out.append(re.escape("\\"))
            i += 1
            continue
        try:
            piece, i = globs.atom(pattern, i)
        except globs.Unsupported:
            piece, i = re.escape(pattern[i]), i + 1  # agentsh's own patterns: as written
        out.append(piece)
    return re.compile("".join(out) + r"\Z")


def path_glob(target: str, pattern: str) -> bool:
    """Patterns starting with `/`, `~` or `$` match those paths; any other pattern matches only
    relative paths (`build`, `**/node_modules`), and `..` never stays inside the directory."""
    if not pattern.startswith(("/", "~", "$")) and target.startswith(("/", "~", "$")):
        return False
    return glob_regex(pattern).match(target) is not None

WILD = frozenset("*?[")


def home_of(res: Resolver) -> str:
    home = res.state.lookup("HOME")
    return home.rstrip("/") if isinstance(home, str) and home.startswith("/") else ""


def homes_of(res: Resolver) -> tuple[str, ...]:
    """The home directories a pattern's `~` stands for: the one agentsh and the agents
    really use (the environment's, at check time), and the line's own if it changed HOME."""
    out = []
    for home in (res.state.env.get("HOME"), res.state.lookup("HOME")):
        if isinstance(home, str) and home.startswith("/") and home.rstrip("/") not in out:
            out.append(home.rstrip("/") or "/")
    return tuple(out)


def spellings(path: str, home, tmp: str = "") -> list[str]:
    """`/home/u/x` is also `~/x` (patterns name home paths with `~`; `home` is one directory
    or several); with `tmp`, a path under TMPDIR is also `$TMPDIR/x` and `${TMPDIR}/x` (for
    exemptions only: a `$` spelling would also match patterns meant for unresolved variables)."""
    out = [path]
    for one in ((home,) if isinstance(home, str) else home):
        if one and (path == one or path.startswith(one + "/")):
            out.append("~" + path[len(one):])
    if tmp and tmp != "/" and (path == tmp or path.startswith(tmp + "/")):
        rest = path[len(tmp):]
        out += ["$TMPDIR" + rest, "${TMPDIR}" + rest]
    return out


class Operand:
    """One path operand, as written and as it resolves."""

    __slots__ = ("lexical", "absolute", "real", "follows", "literal", "inside")

    def __init__(self, word: Word, res: Resolver) -> None:
        self.lexical = normalize_path(word.text)
        self.literal = word.literal
        self.absolute = res.path(word.text, word.raw) if word.literal else ""
        self.follows = word.text.endswith(("/", "/."))
        self.real = res.target(self.absolute, word.text) if self.absolute else None
        self.inside = inside_project(word.text, self.absolute, self.real, res)


def inside_project(text: str, absolute: str, real: str | None, res: Resolver) -> bool:
    """A relative path is matched as written, as it always was, when it is inside the
    directory the agent works in (wherever that lives: `/usr/src/app`, `/tmp/work`) or is
    reached from it without a `cd` in the line (`../victim`): only a directory the line itself
    moved to (`cd /tmp && rm -rf x`) makes it a path there. Where the agent works in its home
    itself, the home's dot-entries (`~/.ssh`, `~/.config`, `~/.bashrc`) are the person's, not
    the project's: `cd ~/.ssh && rm -f *` from `~` was matched as written (`*`) and ran
    unasked."""
    project = res.state.project.rstrip("/")
    if not project or text.startswith(("/", "~")) or not absolute:
        return False
    if project == home_of(res):
        # through links too (`ln -s .ssh keys`, then `cd keys && rm -f *`); a folder whose
        # links cannot be resolved may be one of them
        folder = res.realpath(posixpath.dirname(absolute))
        if folder is None or any(p and (p + "/").startswith(project + "/.")
                                 for p in (absolute, real, folder)):
            return False
    if real is not None and real != absolute and not real.startswith(project + "/"):
        return False  # a symlink leads out of it: where it lands decides
    return res.cwd.rstrip("/") == project or absolute.startswith(project + "/")


def operand_hits(op: Operand, patterns, res: Resolver, glob) -> str | None:
    """The first spelling of `op` that matches a pattern (targets_any)."""
    home = homes_of(res)
    candidates = [op.lexical]
    for path in (op.absolute, op.real):
        if path and not op.inside:
            candidates += spellings(path, home)
    # `?*`, `[[:print:]]*`, `[a-z]*`: a glob that matches (nearly) every name is `*`
    candidates += [c.rsplit("/", 1)[0] + "/*" if "/" in c else "*" for c in candidates
                   if globs.matches_everything(c.rsplit("/", 1)[-1])]
    for candidate in dict.fromkeys(candidates):
        if any(glob(candidate, p) for p in patterns if p not in TOKENS):
            return candidate
    if op.absolute and any(c in op.absolute for c in WILD):
        return _glob_hits(op, patterns, res, glob)
    return None


HERE_PATTERNS = frozenset((".", "..", "[*]", "./[*]", "../[*]"))
GLOB_SAMPLE = 256  # files a glob operand is expanded to, at most, to look for a target


def _glob_hits(op: Operand, patterns, res: Resolver, glob) -> str | None:
    """A glob operand (`rm ~/.ssh/*`, `rm *`) hits a pattern when it could name the place the
    pattern names (`~/.ssh/id_*`: judged from the two patterns, so also when the files are not
    known), or when a file it expands to here is one (`*` in a folder holding `server.key`)."""
    # a pattern for the working directory itself (`.`, `..`, a bare `*`: `[*]`, `../[*]`) is
    # matched as written (operand_hits), never "anywhere": `build/*` is not `*`
    names = [p for p in patterns if p not in TOKENS and p not in HERE_PATTERNS]
    world = res.state.files.world
    # a link the line made leads elsewhere (`ln -s ~/.ssh k; rm -f k/*`): the glob expands in
    # the folder the link names, and is matched there
    linked = op.real if op.real and op.real != op.absolute and \
        posixpath.dirname(op.real) != posixpath.dirname(op.absolute) else ""
    if linked and path_matches(linked, names, res, glob):
        return spellings(linked, homes_of(res))[0] if spellings(linked, homes_of(res)) \
            else linked
    found = world.view.glob(op.absolute, "/") if world.knows else None
    if found is None or res.state.files.unsure or any(
            glob_regex(op.absolute).match(p) for p in res.state.files.entries):
        # the files are not known here, or the line itself changed some it may expand to.
        # A relative glob inside the directory the agent works in is matched as written (by
        # operand_hits), as a relative path is: `./**/__pycache__` from a project under /tmp
        # is not "a place under /tmp" (INT013), wherever the project lives
        if op.inside:
            return None
        return op.lexical if path_matches(op.absolute, names, res, glob) else None
    home = homes_of(res)
    relative = not op.lexical.startswith(("/", "~")) and res.cwd.startswith("/")
    for path in found[:GLOB_SAMPLE]:
        written = [posixpath.relpath(path, res.cwd)] if relative else []
        for candidate in written + ([] if op.inside else spellings(path, home)):
            if any(glob(candidate, p) for p in names):
                return candidate
    return None


def operand_exempt(op: Operand, patterns, res: Resolver, glob, precious=()) -> bool:
    """Every way `op` may land is covered by an exempt pattern (targets_exempt)."""
    names = [p for p in patterns if p not in TOKENS]
    tokens = [p for p in patterns if p in TOKENS]
    home, tmp = home_of(res), _tmp(res)
    moved = res.state.files.moved
    if ANYWHERE in moved:
        return False  # the line moved something to a place only known at run time
    # where it lands: its real path, or as written when links there are not known (a program
    # with unknown effects ran: `... | xargs -I{} mv {} build; rm -rf build`)
    where = op.real if op.real is not None else op.absolute
    # as written too: a place an earlier command moved into is recorded as it named it, and
    # the directories above it may be links (`Context.moved`)
    # (either may be a glob: `find . -name build -exec rm -rf {} +` deletes `./**/build`, and
    # a place only known at run time is recorded as a pattern)
    if moved and any(meets_moved(w, moved) for w in {where, op.absolute} if w):
        return False  # it holds what the line moved there: no name makes that scratch
    if moved and not where:
        # where it lands is not known (code's shell-out runs in a directory agentsh does not
        # know: `python3 -c 'shutil.rmtree("build")'` after `mv ~/data build`): it may be a
        # place something was moved into
        return False
    if not op.literal:
        # a value only known at run time: a name regenerable anywhere (`$D/node_modules`), never
        # a place named by a variable (`$TMPDIR/x` with TMPDIR unknown: an unset TMPDIR makes it
        # `/x`; TMPDIR known from the environment makes the word literal)
        if ".." in op.lexical.split("/"):
            return False
        if any(glob(op.lexical, p) for p in names if not p.startswith("$")):
            return True
        # `${TMPDIR:-/tmp}/x`: the variable's place when it is set, the default's when not
        m = _DEFAULTED.match(op.lexical)
        return bool(m) and any(glob(f"${m.group(1)}{m.group(3)}", p) for p in names) and \
            any(glob(m.group(2) + m.group(3), p) for p in names if not p.startswith("$"))
    if op.real is None:
        if op.absolute or op.follows or ".." in op.lexical.split("/"):
            return False  # where it lands is not known
        # the directory is unknown, but a name like `node_modules` is regenerable anywhere
        return any(glob(op.lexical, p) for p in names if not p.startswith(("/", "~", "$")))
    # absolute patterns (scratch space) never cover the home directory, wherever it is (a HOME
    # under /tmp, as in containers and CI, stays home)
    in_home = any(op.real == h or op.real.startswith(h + "/") for h in homes_of(res) if h != "/")
    absolute = [p for p in names if not (in_home and p.startswith(("/", "$")))]
    if op.real == op.absolute and ".." not in op.lexical.split("/") and \
            any(glob(op.lexical, p) for p in absolute):
        return True
    if not op.inside and any(glob(s, p) for s in spellings(op.real, home, tmp) for p in absolute):
        return True
    for token in tokens:
        if token == "@fresh" and res.fresh(op.real):
            return True
        if token == "@missing" and res.kind(op.real) == "missing":
            return True
        if token == "@ignored" and not path_matches(op.real, precious, res, glob):
            from agentsh.engine.gitignore import ignored

            if ignored(op.real, res, res.kind(op.real) == "dir"):
                return True
    return False


_DEFAULTED = later(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-(/[^}$`]*)\}(/.*|)\Z")


def _tmp(res: Resolver) -> str:
    """The scratch directory: TMPDIR as the environment had it when the check began (a line
    that sets TMPDIR itself does not make a folder scratch space by naming it so)."""
    tmp = res.state.env.get("TMPDIR")
    return tmp.rstrip("/") if isinstance(tmp, str) and tmp.startswith("/") else ""


# ------------------------------------------------------------------ effects


_VAR_PREFIX = r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?(?=/|$)"


def _pattern_paths(pattern: str, homes: tuple, res: Resolver | None = None) -> list[str]:
    """A protected-path pattern as absolute globs: `~/x` (in each of `homes`), `$VAR/x` (the
    environment's value and the line's, when known), `/x`, and a relative `x` (anywhere)."""
    if pattern == "~" or pattern.startswith("~/"):
        return [home.rstrip("/") + pattern[1:] for home in homes]
    m = re.match(_VAR_PREFIX, pattern)
    if m:
        name = m.group(1)
        values = homes if name == "HOME" else (
            (res.state.env.get(name), res.state.lookup(name)) if res is not None else ())
        return list(dict.fromkeys(v.rstrip("/") + pattern[m.end():] for v in values
                                  if isinstance(v, str) and v.startswith("/")))
    if pattern.startswith("/"):
        return [pattern]
    return ["/**/" + pattern, pattern] if not pattern.startswith("**/") else ["/" + pattern]


@lru_cache(maxsize=1024)
def _literal_prefix(pattern: str) -> str:
    cut = min((pattern.index(c) for c in WILD if c in pattern), default=len(pattern))
    return pattern[:cut].rsplit("/", 1)[0] if cut < len(pattern) else pattern


class _Compiled:
    """A pattern list expanded for one home and environment, with each glob's literal head
    and longest literal piece: most paths are turned away by a string test, and a glob is
    compiled only for paths that pass it."""

    __slots__ = ("expanded", "prefixes", "anywhere")

    def __init__(self, expanded: list[tuple[str, str]]) -> None:
        self.expanded = [(p, a, _head(a), _needle(a)) for p, a in expanded]
        self.prefixes = [(p, _literal_prefix(a)) for p, a in expanded if a.startswith("/")]
        # `/**/.claude/settings*.json`: its leading literal folders (`.claude`), for a tree
        self.anywhere = [(p, heads) for p, a in expanded if a.startswith("/**/")
                         for heads in [_literal_heads(a[4:])] if heads]


# folders many tools share: a tree there reaches a pattern under it only when it is the
# pattern's own folder (`cp -r t/.github .` is a workflow template; `.github/hooks` is a hook)
SHARED_HEADS = frozenset((".github", ".config", ".vscode", ".local", ".cache"))


def _literal_heads(rest: str) -> list[str]:
    """The folders a pattern names before its first wildcard, its last segment excluded:
    `.claude/settings*.json` -> [".claude"], `.github/hooks/x.json` -> [".github", "hooks"]."""
    out = []
    for segment in rest.split("/")[:-1]:
        if not segment or any(c in segment for c in WILD):
            break
        out.append(segment)
    return out


def _head(glob: str) -> str:
    cut = min((glob.index(c) for c in WILD if c in glob), default=len(glob))
    return glob[:cut]


def _needle(glob: str) -> str:
    """The longest piece after the head that every match holds literally: a bracket
    expression (`[0-9]`) is one unknown character, not the text between its brackets."""
    rest = re.sub(r"\[[!^]?\]?[^\]]*\]", "?", glob[len(_head(glob)):])
    return max(re.split(r"[*?\[\]]+", rest) or [""], key=len)


_COMPILED: dict = {}


@lru_cache(maxsize=256)
def _var_names(patterns: tuple) -> tuple:
    return tuple(sorted({m.group(1) for p in patterns if (m := re.match(_VAR_PREFIX, p))}))


def _compiled(patterns: tuple, res: Resolver) -> _Compiled:
    homes = homes_of(res)
    names = _var_names(patterns)
    key = (patterns, homes,
           tuple((res.state.env.get(n), res.state.lookup(n)) for n in names if n != "HOME"))
    found = _COMPILED.get(key)
    if found is None:
        if len(_COMPILED) > 256:
            _COMPILED.clear()
        found = _COMPILED[key] = _Compiled(
            [(p, a) for p in patterns for a in _pattern_paths(p, homes, res)])
    return found


def path_matches(path: str, patterns, res: Resolver, glob, recursive: bool = False) -> str:
    """The pattern `path` (absolute) matches; with `recursive`, also a pattern that can match
    something under it (a tree written, moved or deleted). A path that is itself a glob
    (`~/.config/agent*/rules.toml`) matches a pattern whenever the two could name the same
    file. "" when none."""
    compiled = _compiled(tuple(patterns), res)
    for pattern, absolute, head, needle in compiled.expanded:
        if path.startswith(head) and needle in path[len(head):] and glob(path, absolute):
            return pattern
    if any(c in path for c in WILD) or globs.EXTGLOB.search(path):
        segments = path.strip("/").split("/")
        for pattern, absolute, _, _ in compiled.expanded:
            if pattern.startswith("@") or absolute.startswith("/**"):
                continue  # a token (`@unknown-dir`), or a name anywhere: not a place a glob meets
            if not res.state.env:
                break  # another machine or container: its paths are not this one's
            other = absolute.strip("/").split("/")
            if "**" in segments and not _same_name(segments[-1], other[-1]):
                continue  # what `find DIR -name NAME` selects: named NAME, wherever it is
            if absolute.startswith("/") and overlap(segments, other, recursive):
                return pattern
    if recursive:
        base = path.rstrip("/") + "/"
        for pattern, prefix in compiled.prefixes:
            if prefix.startswith("/") and prefix != "/" and (
                    path == "/" or prefix == path or prefix.startswith(base)):
                return pattern
        # a pattern that names a place anywhere (`.claude/settings*.json`): a tree written,
        # moved or deleted whose path ends in its leading folders (`cp -r SRC proj/.claude`,
        # `rsync -a w/.claude/ .claude/`) reaches what it names
        tail = path.rstrip("/").split("/")
        for pattern, heads in compiled.anywhere:
            if any(tail[-k:] == heads[:k] and (k == len(heads) or heads[0] not in SHARED_HEADS)
                   for k in range(1, min(len(heads), len(tail)) + 1)):
                return pattern
    return ""


def meets_moved(path: str, moved) -> bool:
    """Whether `path` is, holds or is under a place something was moved into (`Files.moved`,
    `Context.moved`). Either side may be a glob: a deletion that selects by name (`find . -name
    build -exec rm -rf {} +` deletes `./**/build`) or a place only known at run time, recorded
    as a pattern (`mv ~/data /tmp/x-$PPID`: `/tmp/x-*`). ANYWHERE meets everything."""
    if not path:
        return False
    if ANYWHERE in moved:
        return True
    wild = any(c in path for c in WILD)
    for place in moved:
        if not wild and not any(c in place for c in WILD):
            if path == place or path.startswith(place.rstrip("/") + "/") or \
                    place.startswith(path.rstrip("/") + "/"):
                return True
            continue
        a, b = path.strip("/").split("/"), place.strip("/").split("/")
        if overlap(a, b, True) or overlap(b, a, True):
            return True
    return False


def _same_name(name: str, last: str) -> bool:
    """A file named `name` (a glob) could be what a pattern's last segment names. A pattern
    that ends in `**` names everything below a folder, whatever the names (agentsh's own
    `~/.config/agentsh/**` holds rules.toml: `sed -i ... ~/.config/**/*.toml` meets it)."""
    if last == "**":
        return True
    if last.startswith(".") and not name.startswith("."):
        return False
    return _segment_meets(name, last)


def overlap(a: list[str], b: list[str], recursive: bool = False, depth: int = 0) -> bool:
    """Whether two globs split into segments could name the same path (either side may hold
    `*`, `?`, `[...]` or a `**` segment); with `recursive`, also a path under `a`."""
    if depth > 64:
        return True  # too intricate to tell: assume they meet
    if not a:
        return not b or recursive or all(s == "**" for s in b)
    if not b:
        return all(s == "**" for s in a)
    if a[0] == "**":
        return overlap(a[1:], b, recursive, depth + 1) or overlap(a, b[1:], recursive, depth + 1)
    if b[0] == "**":
        return overlap(a, b[1:], recursive, depth + 1) or overlap(a[1:], b, recursive, depth + 1)
    return _segment_meets(a[0], b[0]) and overlap(a[1:], b[1:], recursive, depth + 1)


def _segment_meets(x: str, y: str) -> bool:
    """Whether a command's path segment `x` and a pattern's segment `y` could name the same
    file: `x` is expanded by bash (its bracket grammar, classes, negation; dot names and any
    case too, as under dotglob and nocaseglob), `y` is agentsh's pattern. Two globs, or one
    not understood: they may meet."""
    wild_x = any(c in x for c in WILD) or globs.EXTGLOB.search(x) is not None
    wild_y = any(c in y for c in WILD)
    if wild_x and wild_y:
        return _names_meet(x, y)  # two patterns in one segment: their literal parts
    if wild_x:  # with `shopt -s dotglob` (or GLOBIGNORE) and `nocaseglob`, which the line may
        # set or the environment may carry (BASHOPTS), a glob also meets dot names and any case
        return globs.match(y, x, dotglob=True, nocase=True)
    if wild_y:
        return glob_regex(y).match(x) is not None
    return x == y


def _names_meet(x: str, y: str) -> bool:
    """Whether some file name could match both globs: their literal heads and tails agree (a
    bracket expression is not read: assume they meet); bash's globs never match a leading dot
    they do not spell."""
    if "[" in x or "[" in y:
        # a bracket expression is not read, but the literal heads before the first wildcard
        # of each must still agree (`pytest-*` never meets `agentsh-[0-9]*`), in any case (the
        # line may set nocaseglob); an escape or an extglob group: assume they meet
        if any(c in g for g in (x, y) for c in "\\(|"):
            return True
        heads = [re.split(r"[*?\[]", g, maxsplit=1)[0].lower() for g in (x, y)]
        return heads[0].startswith(heads[1]) or heads[1].startswith(heads[0])
    heads = [re.split(r"[*?]", g, maxsplit=1)[0] for g in (x, y)]
    tails = [re.split(r"[*?]", g)[-1] for g in (x, y)]
    if (x.startswith(".") != y.startswith(".")) and "" in heads:
        return False
    return (heads[0].startswith(heads[1]) or heads[1].startswith(heads[0])) and \
        (tails[0].endswith(tails[1]) or tails[1].endswith(tails[0]))


def text_matches(text: str, patterns, glob, res: Resolver | None = None) -> str:
    """A path only known at run time (`"$D/.config/agentsh/rules.toml"`): the same variable
    in the pattern, or its known tail against the tails of home-based patterns; `~/x` when
    the line's HOME is unknown is also the environment's `~/x`."""
    if text.startswith("~/") and res is not None:
        home = res.state.env.get("HOME")
        if isinstance(home, str) and home.startswith("/"):
            return path_matches(home.rstrip("/") + text[1:], patterns, res, glob, True)
        return ""
    if "/" not in text or not text.startswith("$"):
        return ""
    head, tail = text.split("/", 1)
    tail = "/" + tail
    name = head.strip("${}")
    for pattern in patterns:
        m = re.match(_VAR_PREFIX, pattern)
        if m and m.group(1) == name and glob(tail, pattern[m.end():] or "/"):
            return pattern
        for prefix in ("~/", "$HOME/", "${HOME}/"):
            if pattern.startswith(prefix):
                if glob(tail, "/**/" + pattern[len(prefix):]) or \
                        glob(tail, "/" + pattern[len(prefix):]):
                    return pattern
    return ""


def known_suffix(text: str) -> str | None:
    """The part of a path as written after its last expansion, quotes removed (`"$d/out.txt"`
    -> `/out.txt`, `"$x"` -> ``); None when nothing in it is expanded."""
    last = -1
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":  # single quotes: nothing expands inside
            end = text.find("'", i + 1)
            i = len(text) if end < 0 else end + 1
            continue
        if c == "`":
            end = text.find("`", i + 1)
            last = i = len(text) if end < 0 else end + 1
            continue
        if c == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in "{(":
                close = "}" if nxt == "{" else ")"
                depth, j = 0, i + 1
                while j < len(text):
                    if text[j] == nxt:
                        depth += 1
                    elif text[j] == close:
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                last = i = j + 1
                continue
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]", text[i + 1 :])
            if m:
                last = i = i + 1 + m.end()
                continue
        i += 1
    if last < 0:
        if text.startswith("~"):  # `~-/x`, `~+/x`, `~user/x`, `~/x` with HOME unknown
            return text[text.index("/"):] if "/" in text else ""
        return None
    return text[last:].replace('"', "").replace("'", "").replace("\\", "")


def name_may_end(suffix: str, names) -> bool:
    """Whether a path ending in `suffix` (after something only known at run time) may have
    one of `names` (file name globs) as its last component."""
    if not suffix:
        return True
    if "/" in suffix:
        final = suffix.rsplit("/", 1)[1]
        return not final or any(fnmatchcase(final, name) for name in names)
    for name in names:  # the last component is something unknown followed by `suffix`
        tail = re.split(r"[*?[\]]", name)[-1]
        if fnmatchcase("x" + suffix, name) or tail.endswith(suffix) or \
                (suffix.endswith(tail) and tail != name):
            return True
    return False


FOLLOWING = frozenset(("write", "append", "touch", "meta", "tree"))


def effect_real(effect, res: Resolver) -> str | None:
    """Where an effect surely lands, symlinks resolved; None when that cannot be known."""
    if not effect.path:
        return None
    if effect.kind in FOLLOWING:
        return res.realpath(effect.path)  # these follow a final symlink
    return res.target(effect.path, effect.text)


def effect_paths(effect, res: Resolver) -> list[str]:
    """Where an effect may land: its path as written, through the links this line made
    (even where later writes make them uncertain), and with symlinks resolved. For rules that
    flag what may happen; exemptions use `effect_real`."""
    if not effect.path:
        return []
    out = [effect.path]
    through = res.through_links(effect.path) if res.state.files.entries else effect.path
    real = effect_real(effect, res)
    for path in (through, real):
        if path and path not in out:
            out.append(path)
    return out


def exists(path: str, res: Resolver) -> bool | None:
    """Whether a path exists before the command runs (None: not known)."""
    if any(c in path for c in WILD):
        return None  # what `find DIR -name NAME -exec CMD {}` reaches: listed at run time
    kind = res.kind(path)
    if kind in EXISTS:
        # a file the line made is new, unless what it holds was moved there from a file that
        # was (`mv notes.txt x.log && echo x > x.log`)
        return not res.fresh(path) or bool(res.source(path))
    if kind == "missing":
        return False
    return None


def parent_of(path: str) -> str:
    return posixpath.dirname(path)
