"""Domain analyzers: each turns one command into labelled facts that rules match.

The registry is explicit: a new domain is a module here and a line below. Filesystem and git need
no analyzer; their rules are plain matchers in rules.toml."""

from __future__ import annotations

from agentsh.domains import cloud, http, interp, sql

ANALYZERS = {
    "sql": sql.analyze,
    "mongo": sql.analyze_mongo,
    "redis": sql.analyze_redis,
    "http": http.analyze,
    "cloud": cloud.analyze,
    "interp": interp.analyze,
}

interp_shellouts = interp.shellouts
