"""Domain analyzers: each turns one command into labelled facts that rules match.

The registry is explicit: a new domain is a module here and a line below. Filesystem and git need
no analyzer; their rules are plain matchers in rules.toml. Modules are imported on first use, so a
command that reaches no analyzer imports none.

Programs in other languages (`python3 -c`, `node x.js` ...) are read by the code analyzer
(`code/`): its facts join the domain they belong to, so the HTTP rules see `requests.post` as
they see `curl`, and the SQL rules see `cursor.execute` as they see `psql -c`."""

from __future__ import annotations

REGISTRY = {
    "sql": ("agentsh.engine.domains.sql", "analyze"),
    "mongo": ("agentsh.engine.domains.sql", "analyze_mongo"),
    "redis": ("agentsh.engine.domains.sql", "analyze_redis"),
    "cypher": ("agentsh.engine.domains.sql", "analyze_cypher"),
    "http": ("agentsh.engine.domains.http", "analyze"),
    "cloud": ("agentsh.engine.domains.cloud", "analyze"),
    "plans": ("agentsh.engine.domains.plans", "analyze"),
    "backups": ("agentsh.engine.domains.backups", "analyze"),
    "data": ("agentsh.engine.domains.data", "analyze"),
    "system": ("agentsh.engine.domains.system", "analyze"),
    "interp": ("agentsh.engine.domains.code", "interp_facts"),
    "undo": ("agentsh.engine.domains.undo", "analyze"),
    "net": ("agentsh.engine.domains.net", "analyze"),
    "cleans": ("agentsh.engine.domains.cleans", "analyze"),
}
# domains whose facts code in another language can have too
CODE_DOMAINS = frozenset(("sql", "mongo", "redis", "http", "cloud", "cypher", "net"))


# the programs whose own arguments can carry a domain's facts: any other command skips the
# domain's module (and its imports) unless it runs code in another language
HTTP_PROGRAMS = frozenset("curl wget wget2 http https xh xhs gh glab sftp lftp smbclient".split())
NET_DOMAINS = frozenset(("sql", "redis", "http"))
DEFAULT_CLIENTS = {"mongo": ("mongosh", "mongo"), "redis": ("redis-cli", "valkey-cli", "keydb-cli")}


class _Analyzers(dict):
    """name -> analyze function, importing the module the first time a name is looked up."""

    def get(self, name, default=None):
        if name not in self and name in REGISTRY:
            self[name] = _with_code(name) if name in CODE_DOMAINS else _load(name)
        return super().get(name, default)


def import_module(name: str):
    """`importlib.import_module` for an absolute name, without importing `importlib` (and
    `warnings`) on every checked command."""
    return __import__(name, fromlist=["__name__"])


def _load(name: str):
    module, attr = REGISTRY[name]
    return getattr(import_module(module), attr)


def _own_programs(domain: str, view, params: dict) -> bool:
    if domain == "http":
        if view.program in HTTP_PROGRAMS or view.program in params.get("grpc_clients", ()) or \
                view.program in params.get("request_file_clients", ()):
            return True
        from agentsh.engine.domains.common import method_word

        return bool(method_word(view.cmd))  # any other program that names DELETE and a URL
    if domain in ("sql", "mongo", "redis", "cypher"):
        clients = params.get("clients", DEFAULT_CLIENTS.get(domain, ()))
        if domain == "sql" and view.program.startswith(("python", "pypy")) and "manage.py" in clients:
            return True  # `python3 manage.py dbshell` (sql.py reads the rest)
        return view.program in clients or view.cmd.program in clients
    return True


def _with_code(domain: str):
    own: list = []

    def analyze(view, params: dict):
        from agentsh.engine.domains import code

        facts: list = []
        if _own_programs(domain, view, params):
            if not own:
                own.append(_load(domain))
            facts = list(own[0](view, params))
        if code.language_of(view.cmd) is not None:
            facts += code.domain_facts(view, domain, params)
        from agentsh.engine.domains.common import sends_text

        if domain in NET_DOMAINS and sends_text(view):
            from agentsh.engine.domains import net

            facts += net.domain_facts(view, domain)
        if domain == "sql" and view.program in HTTP_PROGRAMS:  # SQL in an HTTP body
            from agentsh.engine.domains import net

            facts += net.http_sql_facts(view)
        if domain == "cypher" and view.program in HTTP_PROGRAMS:  # Neo4j's HTTP API
            from agentsh.engine.domains import net

            facts += net.http_cypher_facts(view)
        return facts

    return analyze


ANALYZERS = _Analyzers()


def code_shell(policy):
    """For the unwrapper: `(cmd, ctx) -> (shell commands the code runs, facts)`."""
    params = None

    def shell_of(cmd, ctx):
        nonlocal params
        from agentsh.engine.domains import code

        if code.language_of(cmd) is None:
            entry = policy.analyzer("code").get("foreign", {}).get(cmd.program) \
                if cmd.words and cmd.words[0].literal else None
            if entry is not None and entry.get("shell"):
                from agentsh.engine.domains.code.foreign import shell_lines

                return shell_lines(cmd, ctx, entry), []
            return [], []
        if params is None:
            params = code.params_of(policy)
        return code.shell_of(cmd, ctx, params)

    return shell_of
