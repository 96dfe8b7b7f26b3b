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
    "cred": ("agentsh.engine.domains.creds", "analyze"),
    "access": ("agentsh.engine.domains.access", "analyze"),
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


# the HTTP clients whose requests the backups analyzer reads (`domains.backups._http`)
BACKUP_HTTP_CLIENTS = frozenset(("curl", "wget", "http", "https", "xh", "xhs", "gh", "glab"))


def data_programs(params: dict) -> frozenset[str]:
    """The programs the data analyzer's tables name (cached per compiled policy): the only ones
    `domains.data.analyze` looks at."""
    cached = _DATA_PROGRAMS.get(id(params))
    if cached is None or cached[0] is not params:
        names = {e["command"].split()[0] for e in params.get("retention", [])}
        names |= {path.split()[0] for table in ("payloads", "syncs", "policy_files")
                  for path in params.get(table, {})}
        cached = _DATA_PROGRAMS[id(params)] = (params, frozenset(names))
    return cached[1]


_DATA_PROGRAMS: dict[int, tuple[dict, frozenset[str]]] = {}
# the redirects through which the undo analyzer sees a write on any command (`domains.undo`)
UNDO_OUTPUT_OPS = frozenset((">", ">>", ">|", "&>", "&>>", "<>"))


def reaches(domain: str, view, params: dict) -> bool:
    """Whether a domain's own analyzer can give this command a fact: the first test that
    analyzer makes (on the same tables), made before its module and the modules it imports are
    loaded. Every command is offered to every domain some rule without a program reads, and most
    reach none (a test runs every analyzer where this says no, on the tldr-pages corpus and the
    red-team bench, and finds no fact)."""
    program = view.program
    if domain == "data":  # domains.data.analyze: its tables' programs only
        return program in data_programs(params)
    if domain == "backups":  # domains.backups.analyze: its tools, cloud CLIs, HTTP clients,
        clis = view.policy.analyzer("cloud").get("clis", {})  # restores in place
        return program in params.get("tools", {}) or program in clis or \
            program in BACKUP_HTTP_CLIENTS or \
            any(path.split()[0] == program for path in params.get("restores_in_place", {}))
    if domain == "cloud":  # domains.cloud.analyze: destroy_path, then unlisted_destroy
        if program in params.get("clis", {}) or params.get("option_verbs", {}).get(program):
            return True
        skips = params.get("unlisted", {}).get("confirm_skips", ())
        return bool(skips) and any(w.text in skips for w in view.cmd.words[1:])
    if domain == "undo":  # domains.undo.analyze: its tools' operands, or a redirect's target
        return program in params.get("tools", ()) or \
            any(r.op in UNDO_OUTPUT_OPS for r in view.cmd.redirects)
    if domain == "net":  # domains.net.analyze: text sent over a socket only
        from agentsh.engine.domains.sockets import sends_text

        return sends_text(view)
    return True




GATED = frozenset(("data", "backups", "undo"))  # domains outside CODE_DOMAINS that `reaches` tests


class _Analyzers(dict):
    """name -> analyze function, importing the module the first time a name is looked up (for
    the domains `reaches` tests, the first time a command reaches it)."""

    def get(self, name, default=None):
        if name not in self and name in REGISTRY:
            self[name] = _with_code(name) if name in CODE_DOMAINS else \
                _gated(name) if name in GATED else _interp() if name == "interp" else \
                _load(name)
        return super().get(name, default)


def _gated(domain: str):
    own: list = []

    def analyze(view, params: dict):
        if not reaches(domain, view, params):
            return []
        if not own:
            own.append(_load(domain))
        return own[0](view, params)

    return analyze


def _interp():
    """The `interp` domain (`code.interp_facts`), with the code analyzer imported only for a
    command it could find something in: a program that may run code, a compiler or a foreign
    interpreter `[analyzer.code]` names, an option that hands code over, or a file this line
    wrote given to the program (each test is the one `interp_facts` and its helpers start with)."""
    own: list = []

    def analyze(view, params: dict):
        code = view.policy.analyzer("code")
        words = view.cmd.words
        if not (may_run_code(view.cmd) or view.program in code.get("compiled", {})
                or view.program in code.get("foreign", {}) or len(words) > 1 and (
                    code.get("unknown_code_options") and any(
                        w.text.split("=", 1)[0] in code["unknown_code_options"] for w in words[1:])
                    or _runs_written_file(view))):
            return []
        if not own:
            own.append(_load("interp"))
        return own[0](view, params)

    return analyze


def _runs_written_file(view) -> bool:
    """`code._runs_written_file`, the same test (kept apart: the code package is imported
    after it says yes)."""
    written = getattr(view.ctx.files, "written_code", None)
    if written is None or not any(w.literal and not w.text.startswith("-")
                                  for w in view.cmd.words[1:]):
        return False
    return bool(written())


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
                view.program in params.get("request_file_clients", ()) or \
                view.program in params.get("websocket_clients", ()):
            return True
        if not any(w.literal and w.text.lower().rstrip("\n").endswith(("delete", "purge"))
                   for w in view.cmd.words[1:]):
            return False  # (the cheap test before `method_word`'s pattern: no import)
        from agentsh.engine.domains.common import method_word

        return bool(method_word(view.cmd))  # any other program that names DELETE and a URL
    if domain in ("sql", "mongo", "redis", "cypher"):
        clients = params.get("clients", DEFAULT_CLIENTS.get(domain, ()))
        if domain == "sql" and view.program.startswith(("python", "pypy")) and "manage.py" in clients:
            return True  # `python3 manage.py dbshell` (sql.py reads the rest)
        if domain == "redis" and view.program in {s.split()[0] for s in params.get("shells", ())}:
            return True  # `railway connect redis <<< FLUSHALL` (sql.analyze_redis reads the rest)
        return view.program in clients or view.cmd.program in clients
    return reaches(domain, view, params)


def _with_code(domain: str):
    own: list = []

    def analyze(view, params: dict):
        facts: list = []
        if _own_programs(domain, view, params):
            if not own:
                own.append(_load(domain))
            facts = list(own[0](view, params))
        if language_of(view.cmd) is not None:
            from agentsh.engine.domains import code

            facts += code.domain_facts(view, domain, params)
        from agentsh.engine.domains.sockets import sends_text

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
        if language_of(cmd) is None:
            entry = policy.analyzer("code").get("foreign", {}).get(cmd.program) \
                if cmd.words and cmd.words[0].literal else None
            if entry is not None and entry.get("shell"):
                from agentsh.engine.domains.code.foreign import shell_lines

                return shell_lines(cmd, ctx, entry), []
            return [], []
        from agentsh.engine.domains import code

        if params is None:
            params = code.params_of(policy)
        return code.shell_of(cmd, ctx, params)

    return shell_of


# The names `code.language_of` may take for code, less a version and `.exe` (`python3.11`,
# `lua5.4`, `node.exe`): a program named otherwise runs no code the code analyzer reads, so
# the analyzer is not imported for it (tests/engine/test_code_analysis.py keeps the two agreed)
CODE_STEMS = frozenset(("python", "pypy", "node", "nodejs", "deno", "bun", "tsx", "ts-node",
                        "ts-node-esm", "esno", "ruby", "irb", "jruby", "truffleruby", "perl",
                        "php", "lua", "luajit", "go", "rails"))
CODE_PREFIXES = ("jupyter", "papermill")


def may_run_code(cmd) -> bool:
    name = cmd.program.rsplit("/", 1)[-1]
    if name.lower().endswith(".exe"):
        name = name[:-4]
    name = name.rstrip("0123456789.")
    return name in CODE_STEMS or name.startswith(CODE_PREFIXES)


def language_of(cmd) -> str | None:
    """`code.language_of`, importing the code analyzer only for a program that may run code."""
    if not cmd.words or not may_run_code(cmd):
        return None
    from agentsh.engine.domains import code

    return code.language_of(cmd)
