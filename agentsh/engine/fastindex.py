"""The fast path's index, written by the full path: the program names some rule, analyzer or
wrapper looks at. A plain `-c` command whose program is not in it cannot produce a finding, so
`frontends.fastpath` may allow it without loading the engine (see that module).

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
PROGRAM_BOUND = ("cloud", "unknown", "self", "backups", "data", "http", "sql", "mongo", "redis",
                 "cypher", "interp")  # interp: only the interpreters the code analyzer reads
NAME_TABLES = ("clients", "clis", "tools", "option_verbs")  # keyed by program name
PATH_TABLES = ("payloads", "syncs")  # keyed by "program subcommand ..."


def analyzer_programs(params: dict) -> set[str]:
    """Every program an analyzer's parameter tables name."""
    names: set[str] = set()
    for field in NAME_TABLES:
        value = params.get(field, {})
        names |= set(value) if isinstance(value, (dict, list)) else set()
    for field in PATH_TABLES:
        names |= {path.split()[0] for path in params.get(field, {}) if path.split()}
    names |= {e["command"].split()[0] for e in params.get("retention", [])
              if isinstance(e, dict) and e.get("command")}
    return names


def programs_that_matter(policy) -> frozenset[str] | None:
    """Every program name a rule, analyzer or unwrapper looks at; None when some rule could
    match any program (then there is no fast path)."""
    from agentsh.engine import unwrap, wrappers
    from agentsh.engine.domains import code, http
    from agentsh.engine.parse.plain import RESERVED

    for rule in policy.rules:
        if rule.enabled and not rule.programs and not (rule.facts or rule.redirect_to or
                                                       rule.any_value or rule.writes_any or
                                                       rule.effects):
            return None
        if rule.enabled and not rule.programs and rule.facts and not all(
                f.split(".", 1)[0] in PROGRAM_BOUND for f in rule.facts):
            return None
    names: set[str] = set(RESERVED)
    for rule in policy.rules:
        names |= set(rule.programs)
    for spec in policy.programs:
        names.add(spec.name)
        names |= set(spec.aliases)
    for _, params in policy.analyzers:
        names |= analyzer_programs(params)
    # rules on file effects see, in a plain command (no redirects), only programs whose
    # effects rules.toml describes
    names |= {name for name, entry in policy.analyzer("effects").get("programs", {}).items()
              if entry.get("each") != "mkdir"}  # making a directory is no rule's business
    names |= set(http.CLIENTS) | {"gh", "glab"} | set(code.PROGRAMS)
    names |= set(wrappers.PREFIXES) | {r[0] for r in wrappers.RUNNERS} | set(unwrap.SHELLS)
    runners = policy.analyzer("runners")
    names |= {k.split()[0] for k in runners.get("packages", {})} | \
        set(runners.get("delete_tools", {})) | set(runners.get("tasks", []))
    names |= set(unwrap.INTERPRETERS) | set(unwrap.REMOTE_FETCHERS)
    names |= {"env", "xargs", "parallel", "find", "eval", "source", ".", "su", "watch", "ssh",
              "docker", "podman", "nerdctl", "kubectl", "oc", "docker-compose", "flock", "exec",
              "export", "unset", "declare", "typeset", "local", "readonly"}
    return frozenset(names)


# programs every index names (wrappers and shells): an index without them was not written by
# agentsh, so it is not used
CORE_PROGRAMS = frozenset(("sudo", "env", "bash", "sh", "eval", "xargs", "find", "rm"))


def any_value_patterns(policy) -> list[str]:
    """The `any_value` regexes of rules on any program: the fast path leaves a command to the
    full path when one of them could match it (see `frontends.fastpath.might_match`)."""
    return [p.pattern for r in policy.rules if r.enabled and not r.programs
            for p in r.any_value]




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
    index["syslog"] = index["syslog"] == "1"
    index.setdefault("audit_log", "")
    return index


def load_index(cwd: str, env) -> dict | None:
    """The fast path's index for these layers, when every source file still agrees with it."""
    try:
        with open(locations.fast_index_path(cwd, env), encoding="utf-8",
                  errors="surrogateescape") as fh:
            index = read_index(fh.read(1 << 20))
    except (OSError, ValueError):
        return None
    if index is None or not all(locations.source_agrees(d) for d in index["deps"]):
        return None
    return index


def render(programs, bash: str, audit_log: str, syslog: bool, deps: list[str],
           any_value: list[str] = ()) -> str | None:
    """The index as text: plain lines a reader splits, no format that can carry objects (see
    `frontends.fastpath.read_index`); None when a value cannot be written that way."""
    stamps = [locations.source_stamp(d) for d in deps]
    values = [bash, audit_log, *deps, *programs, *any_value]
    if any("\n" in v or "\t" in v for v in values) or not programs:
        return None
    lines = [f"{locations.FAST_INDEX_MAGIC} {locations.FAST_INDEX_VERSION}", f"bash\t{bash}",
             f"audit_log\t{audit_log}", f"syslog\t{int(bool(syslog))}"]
    for path, size, digest, inode, ctime in stamps:
        lines.append(f"dep\t{'-' if size is None else size}\t{digest or '-'}\t{inode}\t{ctime}"
                     f"\t{path}")
    lines += [f"any_value\t{p}" for p in any_value]
    lines.append("programs")
    lines += sorted(programs)
    return "\n".join(lines) + "\n"


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
    text = render(names, bash, policy.settings.audit_log, policy.settings.syslog,
                  [str(d) for d in deps], any_value_patterns(policy))
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
