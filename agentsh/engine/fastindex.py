"""The fast path's index, written by the full path: the program names some rule, analyzer or
wrapper looks at. A plain `-c` command whose program is not in it cannot produce a finding, so
`frontends.fastpath` may allow it without loading the engine (see that module)."""

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
                                                       rule.any_value):
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


def any_value_patterns(policy) -> list[str]:
    """The `any_value` regexes of rules on any program: the fast path leaves a command to the
    full path when one of them could match it (see `frontends.fastpath.might_match`)."""
    return [p.pattern for r in policy.rules if r.enabled and not r.programs
            for p in r.any_value]


def write_index(policy, cwd: str, env, deps: list) -> None:
    import marshal

    if policy.errors or policy.settings.default.name != "ALLOW":
        return
    names = programs_that_matter(policy)
    if names is None:
        return
    try:
        bash = locations.real_bash(policy.settings.bash, {})
    except FileNotFoundError:
        return
    index = {"programs": names, "bash": bash, "audit_log": policy.settings.audit_log,
             "syslog": policy.settings.syslog, "any_value": any_value_patterns(policy),
             "deps": [list(locations.file_stamp(str(d))) for d in deps]}
    path = locations.fast_index_path(cwd, env)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            marshal.dump(index, fh)
        os.replace(tmp, path)
    except OSError:
        pass
