"""The fast path's index, written by the full path: the program names some rule, analyzer or
wrapper looks at (`programs`, from `engine.programs`), and those the unwrapper looks for among
an unknown program's arguments (`triggers`, except after the programs in `data`). A plain `-c`
command whose program is not in it, and whose arguments hold no trigger, cannot produce a
finding, so `frontends.fastpath` may allow it without loading the engine (see that module).

The index is plain lines of text (no pickle or marshal: nothing that can run code or carry
objects), stamped with the size, sha256, inode and change time of every file the policy came
from; it is used only while every source agrees, and an index that names none of the programs
every index holds is not used at all. This module imports only the leaves, so the fast path may
read the index through it."""

from __future__ import annotations

import os

from agentsh import locations

# Domains whose analyzers only look at programs their `[analyzer.X]` tables name (or that the
# unwrapper, the HTTP clients or the wrappers below cover): rules on their facts may omit
# `program` and the fast path still knows every program they can match.
PROGRAM_BOUND = ("cloud", "unknown", "self", "exec", "backups", "data", "http", "sql", "mongo",
                 "redis", "cypher", "interp", "undo", "net", "parse")  # interp: only the
# interpreters the code analyzer reads and `[analyzer.code] compiled`; undo: the programs
# `[analyzer.undo] tools` names (and redirects, never fast); net: the socket clients
# (domains.sockets.SOCKET_PROGRAMS) and redirects; parse: code bash runs (`bash -c`, scripts)
# and text with a syntax error, never fast


def programs_that_matter(policy) -> frozenset[str] | None:
    """Every program name a rule, analyzer or unwrapper looks at; None when some rule could
    match any program (then there is no fast path)."""
    from agentsh.engine import programs

    for rule in policy.rules:
        if rule.enabled and not rule.programs and not (rule.facts or rule.redirect_to or
                                                       rule.any_value or rule.writes_any or
                                                       rule.effects):
            return None
        if rule.enabled and not rule.programs and rule.facts and not all(
                f.split(".", 1)[0] in PROGRAM_BOUND for f in rule.facts):
            return None
    return programs.watched(policy)


# programs every index names (wrappers and shells): an index without them was not written by
# agentsh, so it is not used
CORE_PROGRAMS = frozenset(("sudo", "env", "bash", "sh", "eval", "xargs", "find", "rm"))


def any_value_patterns(policy) -> list[str]:
    """The `any_value` regexes of rules on any program: the fast path leaves a command to the
    full path when one of them could match it (see `frontends.fastpath.might_match`)."""
    return [p.pattern for r in policy.rules if r.enabled and not r.programs
            for p in r.any_value]


def needed_literals(pattern: str) -> list[str] | None:
    """Lower-case ASCII strings of which every match of `pattern` contains one (compared with
    the lower-cased text, so it holds whatever the pattern's case flags), or None when no such
    set is known. The fast path uses them to see that no `any_value` pattern can match without
    importing `re` (about 25 M instructions with `enum` and `functools`)."""
    try:
        from re import _parser

        return _needed(_parser.parse(pattern))
    except Exception:  # a parser another Python version changed: no hint, `re` decides
        return None


def _needed(items) -> list[str] | None:
    from re import _constants as c

    best: list[str] | None = None

    def consider(candidate: list[str] | None) -> None:
        nonlocal best
        if not candidate or not all(candidate):
            return
        if any(not s.isascii() for s in candidate):  # `(?i)K` matches "k": no hint
            return
        if best is None or min(map(len, candidate)) > min(map(len, best)):
            best = candidate

    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av).lower())
            continue
        consider(["".join(run)])
        run = []
        if op is c.SUBPATTERN:
            consider(_needed(av[-1]))
        elif op is c.BRANCH:
            alternatives = [_needed(alt) for alt in av[1]]
            if all(alternatives):
                consider(sorted({s for alt in alternatives for s in alt}))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and \
                av[0] >= 1:
            consider(_needed(av[2]))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            consider(_needed(av))
    consider(["".join(run)])
    return best




def read_index(text: str) -> dict | None:
    """The index written by `engine.fastindex.render`, or None unless it is exactly that: a
    header, settings, a stamp for every source file, and the programs (never none of them)."""
    lines = text.split("\n")
    if lines[0] != f"{locations.FAST_INDEX_MAGIC} {locations.FAST_INDEX_VERSION}" or \
            lines[-1] != "":
        return None
    index: dict = {"deps": [], "any_value": []}
    i = 1
    while i < len(lines) and lines[i] != "programs":
        key, _, value = lines[i].partition("\t")
        if key == "dep":
            size, digest, inode, ctime, path = value.split("\t", 4)
            index["deps"].append([path, None if size == "-" else int(size),
                                  "" if digest == "-" else digest, int(inode), int(ctime)])
        elif key == "any_value":
            index["any_value"].append(value)
        elif key == "any_value_needs":
            number, *needed = value.split("\t")
            index.setdefault("needs", {})[int(number)] = needed
        elif key in ("trigger", "data", "code_option"):
            name = {"trigger": "triggers", "code_option": "code_options"}.get(key, key)
            index.setdefault(name, set()).add(value)
        elif key in ("bash", "audit_log", "syslog"):
            index[key] = value
        else:
            return None
        i += 1
    programs = frozenset(lines[i + 1 : -1])
    if not index["deps"] or not CORE_PROGRAMS <= programs or "bash" not in index or \
            not os.path.isabs(index["bash"]) or index.get("syslog") not in ("0", "1"):
        return None
    index["programs"] = programs
    index["triggers"] = frozenset(index.get("triggers", ()))
    index["data"] = frozenset(index.get("data", ()))
    index["code_options"] = frozenset(index.get("code_options", ()))
    index["syslog"] = index["syslog"] == "1"
    index.setdefault("audit_log", "")
    return index


# index path -> whether `load_index` found it usable, in this process (the fast path reads the
# index before the full path; the full path then need not read it again)
_CHECKED: dict[str, bool] = {}


def load_index(cwd: str, env) -> dict | None:
    """The fast path's index for these layers, when every source file still agrees with it."""
    path = locations.fast_index_path(cwd, env)
    index = _load(path)
    _CHECKED[path] = index is not None
    if index is not None:
        _LOADED[path] = index["programs"]
    return index


def watched_seen(cwd: str, env) -> frozenset[str] | None:
    """The programs that matter as the index for these layers lists them (checked against every
    policy source): `programs.watched` of the same layers, which the full path then need not
    build again (about 3 M instructions on every command the fast path declines). From the index
    the fast path read in this process, or else from its header and program list alone (text
    with shell syntax: the fast path declines it before reading the index, and parsing the whole
    index, triggers and all, costs more than it saves). None when there is no valid index."""
    path = locations.fast_index_path(cwd, env)
    if path in _LOADED:
        return _LOADED[path]
    if _CHECKED.get(path) is False:
        return None
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            text = fh.read((1 << 20) + 1)
        # a file past the bound would be cut inside the program list: no seed, never a short one
        programs = read_programs(text) if len(text) <= 1 << 20 else None
    except (OSError, ValueError):
        return None
    return programs


def read_programs(text: str) -> frozenset[str] | None:
    """The programs of an index (`render`), when its header is this format's, it is complete,
    every source it was made from still agrees with it (its stamps) and it names every program
    every index names; else None. The settings between the stamps and the programs (triggers,
    patterns) are not read: `read_index` reads them for the fast path."""
    head, found, tail = text.partition("\nprograms\n")
    if not found or not tail.endswith("\n"):
        return None
    lines = head.split("\n", 16)  # the header, three settings, the stamps, and the rest
    if lines[0] != f"{locations.FAST_INDEX_MAGIC} {locations.FAST_INDEX_VERSION}":
        return None
    deps = []
    for line in lines[1:16]:
        key, _, value = line.partition("\t")
        if key == "dep":
            size, digest, inode, ctime, path = value.split("\t", 4)
            deps.append([path, None if size == "-" else int(size),
                         "" if digest == "-" else digest, int(inode), int(ctime)])
        elif key not in ("bash", "audit_log", "syslog"):
            break
    else:
        if len(lines) > 16:
            return None  # more stamps than were read: nothing is known of the rest
    programs = frozenset(tail[:-1].split("\n"))
    if not deps or not CORE_PROGRAMS <= programs or \
            not all(locations.source_agrees(d) for d in deps):
        return None
    return programs


_LOADED: dict[str, frozenset] = {}  # index path -> its programs, as this process read it


def _load(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            index = read_index(fh.read(1 << 20))
    except (OSError, ValueError):
        return None
    if index is None or not all(locations.source_agrees(d) for d in index["deps"]):
        return None
    return index


def needs_writing(cwd: str, env, *, thorough: bool) -> bool:
    """Whether the index for these layers is missing, stale or not agentsh's own. `thorough`
    False (the policy came from its cache, whose stamps were just checked, and the index is
    written with it): an index this process has not read yet is taken as current if it exists;
    the fast path reads it in full before every use and leaves anything wrong to the full path,
    which then writes it again."""
    path = locations.fast_index_path(cwd, env)
    known = _CHECKED.get(path)
    if known is not None:
        return not known
    if not thorough:
        return not os.path.exists(path)
    return load_index(cwd, env) is None


def render(programs, bash: str, audit_log: str, syslog: bool, deps: list[str],
           any_value: list[str] = (), triggers=(), data=(), code_options=()) -> str | None:
    """The index as text: plain lines a reader splits, no format that can carry objects (see
    `frontends.fastpath.read_index`); None when a value cannot be written that way."""
    stamps = [locations.source_stamp(d) for d in deps]
    values = [bash, audit_log, *deps, *programs, *any_value, *triggers, *data, *code_options]
    if any("\n" in v or "\t" in v for v in values) or not programs:
        return None
    lines = [f"{locations.FAST_INDEX_MAGIC} {locations.FAST_INDEX_VERSION}", f"bash\t{bash}",
             f"audit_log\t{audit_log}", f"syslog\t{int(bool(syslog))}"]
    for path, size, digest, inode, ctime in stamps:
        lines.append(f"dep\t{'-' if size is None else size}\t{digest or '-'}\t{inode}\t{ctime}"
                     f"\t{path}")
    for number, pattern in enumerate(any_value):
        lines.append(f"any_value\t{pattern}")
        needed = needed_literals(pattern)
        if needed and not any("\n" in s or "\t" in s for s in needed):
            lines.append(f"any_value_needs\t{number}\t" + "\t".join(needed))
    lines += [f"trigger\t{t}" for t in sorted(triggers)]
    lines += [f"data\t{d}" for d in sorted(data)]
    lines += [f"code_option\t{o}" for o in sorted(code_options)]
    lines.append("programs")
    lines += sorted(programs)
    return "\n".join(lines) + "\n"


def index_facts(policy, names: frozenset[str]) -> dict:
    """What the fast path decides by, as `read_index` returns it (less the settings and
    stamps): the programs that matter, the unwrapper's triggers and the data programs, the
    `any_value` patterns and the options through which any program is handed code
    (`[analyzer.code] unknown_code_options`: INT021 reads them on programs no table names)."""
    from agentsh.engine import programs

    knowledge = programs.knowledge(policy)
    patterns = any_value_patterns(policy)
    needs = {i: n for i, n in enumerate(map(needed_literals, patterns)) if n}
    return {"programs": names, "triggers": frozenset(knowledge.triggers),
            "data": frozenset(knowledge.data), "any_value": patterns, "needs": needs,
            "code_options": frozenset(policy.analyzer("code").get("unknown_code_options", ()))}


def write_index(policy, cwd: str, env, deps: list) -> None:
    if policy.errors or policy.settings.default.name != "ALLOW":
        return
    names = programs_that_matter(policy)
    if names is None:
        return
    try:
        bash = locations.real_bash(policy.settings.bash, {})
    except FileNotFoundError:
        return
    facts = index_facts(policy, names)
    text = render(names, bash, policy.settings.audit_log, policy.settings.syslog,
                  [str(d) for d in deps], facts["any_value"], facts["triggers"], facts["data"],
                  facts["code_options"])
    if text is None:
        return
    path = locations.fast_index_path(cwd, env)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        pass
