"""Domain analyzers: each turns one command into labelled facts that rules match.

The registry is explicit: a new domain is a module here and a line below. Filesystem and git need
no analyzer; their rules are plain matchers in rules.toml. Modules are imported on first use, so a
command that reaches no analyzer imports none.

Programs in other languages (`python3 -c`, `node x.js` ...) are read by the code analyzer
(`code/`): its facts join the domain they belong to, so the HTTP rules see `requests.post` as
they see `curl`, and the SQL rules see `cursor.execute` as they see `psql -c`."""

from __future__ import annotations

import importlib

REGISTRY = {
    "sql": ("agentsh.engine.domains.sql", "analyze"),
    "mongo": ("agentsh.engine.domains.sql", "analyze_mongo"),
    "redis": ("agentsh.engine.domains.sql", "analyze_redis"),
    "http": ("agentsh.engine.domains.http", "analyze"),
    "cloud": ("agentsh.engine.domains.cloud", "analyze"),
    "interp": ("agentsh.engine.domains.code", "interp_facts"),
}
# domains whose facts code in another language can have too
CODE_DOMAINS = frozenset(("sql", "mongo", "redis", "http", "cloud"))


class _Analyzers(dict):
    """name -> analyze function, importing the module the first time a name is looked up."""

    def get(self, name, default=None):
        if name not in self and name in REGISTRY:
            module, attr = REGISTRY[name]
            own = getattr(importlib.import_module(module), attr)
            self[name] = _with_code(name, own) if name in CODE_DOMAINS else own
        return super().get(name, default)


def _with_code(domain: str, own):
    def analyze(view, params: dict):
        from agentsh.engine.domains import code

        if code.language_of(view.cmd) is None:
            return own(view, params)
        return list(own(view, params)) + code.domain_facts(view, domain, params)

    return analyze


ANALYZERS = _Analyzers()


def code_shell(policy):
    """For the unwrapper: `(cmd, ctx) -> (shell commands the code runs, facts)`."""
    params = None

    def shell_of(cmd, ctx):
        nonlocal params
        from agentsh.engine.domains import code

        if code.language_of(cmd) is None:
            return [], []
        if params is None:
            params = code.params_of(policy)
        return code.shell_of(cmd, ctx, params)

    return shell_of
