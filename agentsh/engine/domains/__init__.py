"""Domain analyzers: each turns one command into labelled facts that rules match.

The registry is explicit: a new domain is a module here and a line below. Filesystem and git need
no analyzer; their rules are plain matchers in rules.toml. Modules are imported on first use, so a
command that reaches no analyzer imports none."""

from __future__ import annotations

import importlib

REGISTRY = {
    "sql": ("agentsh.engine.domains.sql", "analyze"),
    "mongo": ("agentsh.engine.domains.sql", "analyze_mongo"),
    "redis": ("agentsh.engine.domains.sql", "analyze_redis"),
    "cypher": ("agentsh.engine.domains.sql", "analyze_cypher"),
    "http": ("agentsh.engine.domains.http", "analyze"),
    "cloud": ("agentsh.engine.domains.cloud", "analyze"),
    "backups": ("agentsh.engine.domains.backups", "analyze"),
    "data": ("agentsh.engine.domains.data", "analyze"),
    "system": ("agentsh.engine.domains.system", "analyze"),
    "interp": ("agentsh.engine.domains.interp", "analyze"),
    "undo": ("agentsh.engine.domains.undo", "analyze"),
}


class _Analyzers(dict):
    """name -> analyze function, importing the module the first time a name is looked up."""

    def get(self, name, default=None):
        if name not in self and name in REGISTRY:
            module, attr = REGISTRY[name]
            self[name] = getattr(importlib.import_module(module), attr)
        return super().get(name, default)


ANALYZERS = _Analyzers()


def interp_shellouts(cmd):
    from agentsh.engine.domains.interp import shellouts

    return shellouts(cmd)
