"""What calls mean, for every language: the recorder that front-ends report calls to.

A front-end (Python's `ast` walker, the token-language walker) evaluates a call's receiver and
arguments to values (`model.py`) and asks the recorder what a method on that receiver does:
send a request, run SQL, drop a collection, destroy a cloud resource. Module-level functions are
the front-ends' own tables; methods on tracked objects and the generic driver methods
(`execute`, `deleteMany`, `flushall` ...) are shared here."""

from __future__ import annotations

import re
import shlex

from agentsh.engine.domains.code.model import (
    Cloud,
    Const,
    Delete,
    Obj,
    Ref,
    Request,
    Seq,
    Shell,
    Sql,
    Store,
    Text,
    concat,
    file_source,
    literal,
    method_of,
    strings_in,
    to_json,
    unknown,
)
from agentsh.engine.domains.common import name_words
from agentsh.records import Record


class Knobs(Record, fields="sdk_modules destroy_verbs sql_methods sdk_verbs", defaults=((),)):
    """The analyzer's parameters from `[analyzer.code]` (hashable, so analyses can be cached)."""

    __slots__ = ()

    sdk_modules: tuple[str, ...]
    destroy_verbs: frozenset[str]
    sql_methods: frozenset[str]
    sdk_verbs: tuple  # (SDK module prefix, its own destroy verbs)


DEFAULT_SQL_METHODS = frozenset((
    "execute", "executemany", "executescript", "exec_driver_sql", "query", "raw", "exec",
    "run", "prepare", "do", "unsafe", "sql", "$executeRaw", "$executeRawUnsafe",
    "$queryRawUnsafe", "executeQuery", "executeUpdate", "select_all", "exec_query",
    "mysqli_query", "pg_query", "sqlsrv_query", "multi_query", "mysql_query", "querySync",
    "executeSql", "batch", "none", "any", "many", "oneOrNone"))
HTTP_VERBS = frozenset("get post put patch delete head options".split())
# words before an SDK method's verb that say how it runs, not what it does
SDK_MANNER = frozenset(("begin", "async", "start", "batch", "bulk", "force", "try", "do",
                        "request", "submit", "queue"))
DELETION_NOUNS = frozenset(("deletion", "delete", "removal", "destruction", "termination"))
# a REST route handed to an SDK's generic request method (`octokit.request("DELETE /repos/
# {owner}/{repo}")`, `gitlab.http_delete(path)`)
ROUTE_METHODS = frozenset(("request", "http_request", "call", "api", "raw_request"))
PRINT_LIKE = frozenset(("print", "console.log", "console.error", "console.warn", "console.info",
                        "puts", "p", "pp", "echo", "printf", "print_r", "var_dump", "logging.info",
                        "logging.debug", "logging.warning", "logging.error", "log", "say", "warn",
                        "info", "debug", "error", "warning", "write", "sys.stdout.write"))
SQL_SHAPED = (r"^\s*(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|VIEW|INDEX|COLLECTION|USER|ROLE)\b|"
              r"TRUNCATE\s+(?:TABLE\s+)?[\w\"`\[]|DELETE\s+FROM\s|UPDATE\s+[\w.\"`\[\]]+\s+SET\s|"
              r"ALTER\s+TABLE\s)")
# a graph query handed to a driver (`session.run('MATCH (n) DETACH DELETE n')`)
CYPHER_SHAPED = r"^\s*(?:OPTIONAL\s+MATCH|MATCH|UNWIND|CALL|DROP\s+(?:COMPOSITE\s+)?DATABASE)\b"
# what code agentsh cannot parse (or nests too deeply to follow) must not hold to run unasked:
# Node's file and process modules and their `*Sync` APIs, and escapes that spell identifiers
# (`\u0072mSync`). (Python's `pathlib`/`write_text` are not here: an agent's heredoc that does
# not parse as written edits files with them every day: dev.jsonl.)
DANGER_WORDS = (
    r"\\u[0-9a-fA-F]{4}|\\u\{|\w+Sync\b|"
    r"\b(?:fs|child_process|"
    r"system|popen|exec\w*|spawn\w*|rmtree|unlink\w*|remove\w*|rm_r\w*|rm|rmdir|shred|"
    r"delete\w*|destroy\w*|drop\w*|truncate\w*|flush\w*|purge\w*|wipe\w*|terminate\w*|"
    r"fetch|requests|urlopen|http\w*|curl\w*|subprocess|child_process|shell_exec|passthru|"
    r"mkfs\w*|dd|kill\w*|eval|Function|__import__|getattr|os\.\w+|shutil)\b")
EMPTY_FILTER = ("{}", "")
BODY_KEYS = ("json", "body", "data", "form_params", "form", "content", "Content", "multipart",
             "payload", "source")


def may_do_harm(code: str) -> bool:
    """Words that could do harm in code that cannot be parsed (plain data processing has none)."""
    return re.search(DANGER_WORDS, code, re.I) is not None  # compiled on first use


def argv_text(items: list) -> str | None:
    """Shell text for an argument vector, holes as `${NAME}`; None when the program is not known."""
    if not items:
        return None
    first = items[0]
    if not isinstance(first, Text) or first.literal is None:
        return None
    words = []
    for item in items:
        word = shell_word(item)
        if word is None:
            return None
        words.append(word)
    return " ".join(words)


def shell_word(value) -> str | None:
    if isinstance(value, Const):
        return shlex.quote(str(value.value))
    if isinstance(value, Ref) and value.kind == "path":
        value = value.data
    if isinstance(value, Ref):
        return '"%s"' % unknown_word(value)
    if not isinstance(value, Text):
        return None
    if value.literal is not None:
        return shlex.quote(value.literal)
    out = []
    for part in value.parts:
        if isinstance(part, str):
            out.append(shlex.quote(part) if part else "")
        else:
            out.append('"%s"' % part.shell())
    return "".join(out)


def unknown_word(ref: Ref) -> str:
    name = re.sub(r"[^A-Za-z0-9_]+", "_", ref.name).strip("_") or "VALUE"
    return "${%s}" % (name if not name[0].isdigit() else "V" + name)


def shell_text(value) -> str | None:
    """Shell text for a command string: None when the command word itself is not known."""
    if isinstance(value, Text):
        if value.starts_with_hole():
            return None
        return value.display()
    return None


def url_join(base, path) -> object:
    """A base URL joined with a request path (which may itself be absolute)."""
    lit = literal(path)
    if base is None or (lit is not None and "://" in lit):
        return path
    if isinstance(path, Text) and any(isinstance(p, str) and "://" in p for p in path.parts):
        return path
    joined = concat(base, path) if isinstance(base, Text) and isinstance(path, Text) else None
    return joined if joined is not None else path


MAX_CALL_DEPTH = 3  # calls connected to their bodies, one inside another
MAX_CALLS = 64  # calls connected to their bodies per analysis
MAX_LOOP_WALKS = 64  # loop bodies walked once per known item, per analysis (token languages)


class Shared:
    """What every walker of one analysis shares (Python's and JavaScript's alike): the functions
    defined (Ref("func").data is an index here), the project modules and their top-level scopes,
    and the bounds on connecting calls to bodies."""

    __slots__ = ("defs", "project", "module_envs", "calls", "stack", "volatile", "escapes",
                 "hints", "loop_walks")

    def __init__(self, project: dict) -> None:
        self.volatile: set[str] = set()  # names whose value the walk cannot follow in order
        # names a function may be reached by other than a call of its name (a member name, a
        # string: `obj.wipe`, `method(:wipe)`, `array_map('wipe', ...)`, `->can('wipe')`)
        self.escapes: frozenset[str] = frozenset()
        self.hints: frozenset[str] = frozenset()  # query builders the code names (`drizzle`)
        self.defs: list = []
        self.project = project
        self.module_envs: dict[str, dict] = {}
        self.calls = 0
        self.stack: list[int] = []
        self.loop_walks = 0  # loop bodies walked once per item (`MAX_LOOP_WALKS`)

    def may_unroll(self, count: int) -> bool:
        """Whether a loop over `count` known items may walk its body once per item: at most
        MAX_LOOP_WALKS such walks per analysis, so nested loops cannot multiply the work (past
        it, the item is only known at run time, as before)."""
        if self.loop_walks + count > MAX_LOOP_WALKS:
            return False
        self.loop_walks += count
        return True

    def may_connect(self, key: int) -> bool:
        """Whether a call of function `key` may be walked into: not recursive, within the
        depth and the count of calls per analysis."""
        return len(self.stack) < MAX_CALL_DEPTH and key not in self.stack and \
            self.calls < MAX_CALLS


class Recorder:
    """Collects effects while a front-end walks code."""

    def __init__(self, knobs: Knobs) -> None:
        self.knobs = knobs
        self.fx: list = []
        self.scanned: list = []  # argument values, scanned for SQL and GraphQL text at the end
        self.created: set[str] = set()  # literal paths this code created and may delete

    # -------------------------------------------------------------- effects

    def request(self, method: str, url, bodies: list, call: str) -> None:
        self.fx.append(Request(method.upper() if method else "", url,
                               tuple(b for b in bodies if b is not None), call))

    def shell(self, value, call: str) -> None:
        if isinstance(value, Seq):
            self.fx.append(Shell(argv_text(list(value.items)), call))
        else:
            self.fx.append(Shell(shell_text(value), call))

    def argv(self, items: list, call: str) -> None:
        self.fx.append(Shell(argv_text(items), call))

    def delete(self, target, recursive: bool, call: str) -> None:
        if isinstance(target, Ref) and target.kind == "path":
            target = target.data
        lit = literal(target)
        if lit is not None and lit.rstrip("/") in self.created:
            return  # this code made it (mkdir without exist_ok): it deletes its own work
        if isinstance(target, Seq):
            for item in target.items:
                self.delete(item, recursive, call)
            return
        self.fx.append(Delete(target, recursive, call))

    def created_path(self, path) -> None:
        if isinstance(path, Ref) and path.kind == "path":
            path = path.data
        lit = literal(path)
        if lit:
            self.created.add(lit.rstrip("/"))

    def sql(self, value, call: str, known_driver: bool = False) -> None:
        """SQL handed to a driver. On a receiver known to be a database connection
        (`known_driver`), SQL the folder cannot read (`sys.argv[1]` with no argument,
        `open(f).read()` of a file it cannot see) is `sql.unknown`, never "no SQL"."""
        if isinstance(value, Seq) and value.items:
            value = value.items[0]
        found = False
        for s in strings_in(value):
            found = True
            if known_driver and isinstance(s, Text) and s.literal is None and \
                    not any(isinstance(p, str) and p.strip() for p in s.parts):
                found = False  # only holes (`open(f).read()`): nothing of it is known
                continue
            lit = s.display()
            if lit.strip():
                self.fx.append(Sql(lit, call))
        if not found and known_driver and value is not None and \
                not (isinstance(value, Const) and value.value is None):
            self.store("sql.unknown", f"cannot read the SQL given to {call}")

    def store(self, label: str, detail: str, target: str = "") -> None:
        self.fx.append(Store(label, detail, target))

    def cloud(self, call: str, target: str = "") -> None:
        self.fx.append(Cloud(call, target))

    def scan(self, values, callee: str = "") -> None:
        if callee in PRINT_LIKE or callee.rsplit(".", 1)[-1] in ("print", "log", "puts", "echo"):
            return
        self.scanned.extend(v for v in values if isinstance(v, (Text, Seq, Obj)))

    # -------------------------------------------------------------- shared method knowledge

    def is_sdk(self, module: str) -> bool:
        """`boto3.client`, `@aws-sdk/client-s3.S3Client`, `Aws.S3.Client` (Ruby `Aws::S3`)."""
        module = module.replace("::", ".").replace("\\", ".")
        for m in self.knobs.sdk_modules:
            m = m.replace("::", ".").replace("\\", ".")
            if module == m.rstrip("./") or module.startswith(m if m.endswith((".", "/"))
                                                             else (m + ".", m + "/")):
                return True
        return False

    def destroys_on(self, sdk: str, name: str) -> bool:
        """`destroys`, or one of the verbs that destroy on this SDK's objects only
        (`[analyzer.code] sdk_verbs`: Stripe's `cancel`, `void`)."""
        if self.destroys(name):
            return True
        sdk = sdk.replace("::", ".").replace("\\", ".")
        words = name_words(name)
        for module, verbs in self.knobs.sdk_verbs:
            module = module.replace("::", ".").replace("\\", ".").rstrip(".")
            if (sdk == module or sdk.startswith(module + ".")) and words and \
                    (words[0] in verbs or words[-1] in verbs):
                return True
        return False

    def destroys(self, name: str) -> bool:
        """An SDK method or command class that destroys: its first or last word is a destroy
        verb once the words that only say how it runs are taken off (`begin_delete`,
        `batch_delete_image`, `BatchDeleteImageCommand`, `bulkDestroy`, `force_delete`), or it
        schedules a deletion (`schedule_key_deletion`, `ScheduleSecretDeletion`)."""
        words = name_words(name)
        while len(words) > 1 and words[0] in SDK_MANNER:
            words = words[1:]
        if not words:
            return False
        verbs = self.knobs.destroy_verbs
        if name.lower() in verbs or words[0] in verbs or words[-1] in verbs:
            return True
        return words[0] == "schedule" and words[-1] in DELETION_NOUNS

    def method(self, recv, name: str, args: list, kwargs: dict, call: str):
        """What `recv.name(args)` does and returns, for tracked receivers and driver methods
        on any receiver; None when nothing is known (the front-end decides the value)."""
        kind = recv.kind if isinstance(recv, Ref) else ""
        if kind == "http":
            return self._session(recv, name, args, kwargs, call)
        if kind == "conn" and name in ("request", "putrequest"):
            method = method_of(args[0] if args else kwargs.get("method"))
            url = url_join(recv.data, args[1] if len(args) > 1 else kwargs.get("url"))
            body = args[2] if len(args) > 2 else kwargs.get("body")
            self.request(method or "", url, [body_text(body)], call)
            return Const(None)
        if kind == "sdk" and name == "client":
            service = aws_service(f"{recv.name}.client", args, kwargs)
            if service:  # `boto3.Session(profile_name=...).client("rds")`
                return Ref("sdk", f"{recv.name}.client", service)
        if kind == "sdk" and isinstance(recv.data, tuple) and recv.data[:1] == ("aws",) and \
                not self.destroys(name):  # (a destroy verb is CLOUD001 already, below)
            self.aws_call(recv.data[1], name, args, kwargs, call)
        if kind == "sdk" and not (isinstance(recv.data, tuple) and recv.data[:1] == ("aws",)):
            self.safeguard_call(name, args, kwargs, call)
        if kind == "sdk":
            route = literal(args[0]) if args and name in ROUTE_METHODS else None
            if self.destroys_on(recv.name, name) or \
                    route and re.match(r"\s*DELETE\s+/", route, re.I):
                self.cloud(f"{recv.name}.{name}", route or target_of(args, kwargs))
            return Ref("sdk", f"{recv.name}.{name}")
        if kind == "db":
            if name in self.knobs.sql_methods and not recv.data:
                self.sql(args[0] if args else kwargs.get("sql", kwargs.get("query")), call,
                         known_driver=True)
            return recv if name in ("cursor", "connect", "begin", "transaction") else None
        if kind in ("unknown", "module", "mongo", "redis", "func", "class"):
            hit = self._store_method(recv, name, args, call, kwargs)
            if hit is not None:
                return hit
            if name in self.knobs.sql_methods and args:
                self.sql(args[0], call)
            if name.lower() in HTTP_VERBS and args and _absolute_url(args[0]):
                method = name.upper()
                body = next((kwargs[k] for k in BODY_KEYS if k in kwargs), None)
                if body is None and len(args) > 1 and method in ("POST", "PUT", "PATCH"):
                    body = args[1]
                self.request(method, args[0], [body_text(body)], call)
            elif name == "request" and len(args) > 1 and _absolute_url(args[1]):
                body = kwargs.get("json", kwargs.get("data", kwargs.get("body")))
                self.request(method_of(args[0]), args[1], [body_text(body)], call)
        return None

    def aws_call(self, service: str, name: str, args: list, kwargs: dict, call: str) -> None:
        """A boto3 client's operation is the `aws` command it stands for, checked as that
        command (`rds.modify_db_instance(DBInstanceIdentifier="prod", BackupRetentionPeriod=0)`
        is `aws rds modify-db-instance --db-instance-identifier prod
        --backup-retention-period 0`), so the cloud, backup and payload rules that judge the
        CLI judge the SDK too: a retention turned off, a lifecycle rule that expires objects, a
        Route 53 change whose action is DELETE. Helpers that are not operations (paginators,
        waiters, presigned URLs, the managed `upload_file`) are not."""
        if name.startswith("_") or name in AWS_HELPERS or args or \
                not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            return
        words = ["aws", AWS_CLI_SERVICE.get(service, service.replace("-", "")),
                 name.replace("_", "-")]
        for key, value in kwargs.items():
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", key):
                return  # `**params` of unknown keys: nothing to say
            option = "--" + snake_case(key).replace("_", "-")
            if isinstance(value, Const) and isinstance(value.value, bool):
                words.append(option if value.value else "--no-" + option[2:])
                continue
            if isinstance(value, Const) and isinstance(value.value, (int, float)):
                words += [option, str(value.value)]
                continue
            if isinstance(value, (Obj, Seq)):
                words += [option, shlex.quote(to_json(value))]
                continue
            word = shell_word(value)
            words += [option, word if word is not None else '"${%s}"' % key]
        self.fx.append(Shell(" ".join(words), call))

    def safeguard_call(self, name: str, args: list, kwargs: dict, call: str) -> None:
        """A Google Cloud or Azure SDK call that turns a safeguard off through its parameters
        (`set_deletion_protection(..., deletion_protection=False)`, a Cloud SQL `patch` whose
        body has `backupConfiguration: {enabled: False}`, Azure's `delete_retention_policy`
        disabled, a bucket's soft-delete retention set to 0) is the `gcloud`/`az` command with
        the same effect, checked as that command (CLOUD090, BAK005): its method name alone
        (`patch`, `update`, `set_service_properties`) says nothing. A resource being made
        (`insert`, `create`) loses nothing by being made without one."""
        words = name_words(name)
        while len(words) > 1 and words[0] in SDK_MANNER:
            words = words[1:]
        if words and words[0] in ("insert", "create", "new") and "update" not in words:
            return
        found = []
        for key, value in kwargs.items():
            _safeguard_paths(name_words(key), value, found, 0)
        for value in args:
            _safeguard_paths([], value, found, 0)
        if not found:
            return
        target = target_of(args, kwargs) or "${RESOURCE}"
        for form in dict.fromkeys(found):
            self.fx.append(Shell(form.format(t=shlex.quote(target) if target != "${RESOURCE}"
                                             else '"${RESOURCE}"'), call))

    def _session(self, recv: Ref, name: str, args: list, kwargs: dict, call: str):
        base = recv.data
        if name.lower() in HTTP_VERBS or name in ("request", "stream", "build_request"):
            if name in ("request", "stream", "build_request"):
                method = method_of(args[0] if args else kwargs.get("method"))
                url = args[1] if len(args) > 1 else kwargs.get("url")
                rest = args[2:]
            else:
                method, url, rest = name, (args[0] if args else kwargs.get("url")), args[1:]
            body = kwargs.get("json", kwargs.get("data", kwargs.get("content",
                                                                    kwargs.get("body"))))
            if body is None and rest and (method or "").upper() in ("POST", "PUT", "PATCH"):
                body = rest[0]
            self.request(method or "", url_join(base, url) if url is not None else base,
                         [body_text(body)], call)
            return Ref("unknown", "response")
        return recv if name in ("__enter__", "__aenter__") else None

    def _store_method(self, recv, name: str, args: list, call: str, kwargs: dict | None = None):
        low = name.lower()
        kwargs = kwargs or {}
        first = args[0] if args else None
        if isinstance(recv, Ref):
            pattern = literal(first) or ""
            if low in ("scan_iter", "scaniterator", "scanstream", "scan_iter_async") or \
                    low == "keys" and "*" in pattern:
                return Ref("redis_keys", f"{name}({pattern})")
            if low in ("delete", "del", "unlink") and any(
                    isinstance(a, Ref) and a.kind == "redis_keys" or
                    isinstance(a, Seq) and any(isinstance(i, Ref) and i.kind == "redis_keys"
                                               for i in a.items) for a in args):
                self.store("redis.del_pattern", f"{name}() of every key a SCAN/KEYS returns")
                return Const(None)
        if low in ("flushall", "flushdb"):
            self.store("redis.flush", f"{name}()")
            return Const(None)
        if low in ("execute_command", "send_command", "sendcommand", "call", "command") and \
                first is not None:
            word = literal(first.items[0] if isinstance(first, Seq) and first.items else first)
            if word and word.split()[0].upper() in ("FLUSHALL", "FLUSHDB"):
                self.store("redis.flush", word.split()[0].upper())
                return Const(None)
        if low in ("dropdatabase", "drop_database"):
            self.store("mongo.drop", f"{name}()", literal(first) or "")
            return Const(None)
        if low in ("dropcollection", "drop_collection"):
            self.store("mongo.drop", f"{name}()", literal(first) or "")
            return Const(None)
        if low == "drop" and not args and not kwargs:
            # (keywords: pandas `df.drop(columns=[...])`, which drops nothing stored)
            self.store("mongo.drop", "collection.drop()")
            return Const(None)
        if low == "drop" and _bind_of(args, kwargs, recv):
            # SQLAlchemy `Model.__table__.drop(engine)`, `metadata.tables["t"].drop(bind=conn)`,
            # `Table("t", md, autoload_with=e).drop(e)`: DROP TABLE
            self.store("sql.drop", f"{name}({_bind_of(args, kwargs, recv)})")
            return Const(None)
        if low in ("deletemany", "delete_many", "remove") and _empty_filter(first, args):
            if low == "remove" and not args:
                return None  # list.remove() needs an argument; ruby/JS remove() is not Mongo
            self.store("mongo.delete_all", f"{name}({{}})")
            return Const(None)
        if low in ("drop_all", "dropall", "drop_tables", "droptables", "dropallschemas",
                   "drop_all_tables", "dropalltables"):
            self.store("sql.drop", f"{name}()")
            return Const(None)
        if low in ("droptable", "droptableifexists", "drop_table", "dropschema",
                   "dropschemaifexists", "drop_schema") and args:
            # query builders and migration APIs: knex `schema.dropTable`, sequelize
            # `queryInterface.dropTable`, alembic `op.drop_table`
            self.store("sql.drop", f"{name}()", literal(first) or "")
            return Const(None)
        if low in ("delete_all", "destroy_all", "truncate") and not args and \
                isinstance(recv, Ref) and recv.kind in ("unknown", "module") and \
                not (recv.kind == "unknown" and recv.name == "VALUE"):  # `.where(..).delete_all`
            if low == "truncate" and recv.kind != "module":
                return None
            self.store("sql.delete_all", f"{recv.name}.{name}")
            return Const(None)
        return None

    # -------------------------------------------------------------- the end

    def finish(self) -> list:
        """Effects, with SQL and GraphQL text found in any call's arguments."""
        out = list(self.fx)
        seen: set[int] = set()
        for value in self.scanned:
            for s in strings_in(value):
                if id(s) in seen:
                    continue
                seen.add(id(s))
                lit = s.display()
                if "mutation" in lit:
                    out.append(Request("", None, (lit,), "GraphQL text"))
                if re.match(SQL_SHAPED, lit, re.I):
                    out.append(Sql(lit, "SQL text"))
                elif re.match(r"(?i)^\s*(?:\*\d+\s+\$\d+\s+)?(?:FLUSHALL|FLUSHDB)\b", lit) or \
                        re.search(r"(?i)\bredis\.p?call\(\s*['\"](?:FLUSHALL|FLUSHDB)\b", lit):
                    # (a Lua script run by EVAL: `redis.call("FLUSHALL")`)
                    # Redis protocol text sent by the code itself (a socket's `sendall`)
                    out.append(Store("redis.flush", "FLUSHALL/FLUSHDB sent as Redis protocol text"))
                elif re.match(r"^\s*flush_all\b", lit):
                    out.append(Store("net.memcached_flush", "flush_all sent as memcached protocol text"))
                elif re.match(CYPHER_SHAPED, lit, re.I) and re.search(r"(?i)\b(DELETE|DROP)\b", lit):
                    from agentsh.engine.domains.sql import cypher_facts

                    out += [Store(f.label, f"{f.detail} (Cypher text)", f.target)
                            for f in cypher_facts(lit)]
            if isinstance(value, Obj) and isinstance(value.get("query"), Text):
                q = value.get("query").display()
                if "mutation" in q:
                    out.append(Request("", None, (to_json(value),), "GraphQL text"))
        return out


# boto3 client methods that are not API operations (the CLI has no command for them)
AWS_HELPERS = frozenset(("get_paginator", "get_waiter", "can_paginate", "close",
                         "generate_presigned_url", "generate_presigned_post", "upload_file",
                         "upload_fileobj", "download_file", "download_fileobj", "copy",
                         "get_available_paginators", "get_available_waiters"))
# boto3 service names and AWS SDK v3 package names (`@aws-sdk/client-route-53`) whose `aws`
# command is called otherwise; other package names are the command without their dashes
AWS_CLI_SERVICE = {"s3": "s3api", "cloudwatch-logs": "logs", "elastic-load-balancing-v2": "elbv2",
                   "elastic-load-balancing": "elb", "cognito-identity-provider": "cognito-idp",
                   "sfn": "stepfunctions", "api-gateway": "apigateway"}
AWS_CLIENT_MAKERS = ("boto3.client", "boto3.session.Session.client", "aioboto3.client",
                     "ibm_boto3.client")


# (the last words of a parameter's key path, the value that turns a safeguard off, the CLI form)
SAFEGUARDS = (
    (("deletion", "protection"), False,
     "gcloud compute instances update {t} --no-deletion-protection"),
    (("backup", "configuration", "enabled"), False, "gcloud sql instances patch {t} --no-backup"),
    (("point", "in", "time", "recovery", "enabled"), False,
     "gcloud sql instances patch {t} --no-enable-point-in-time-recovery"),
    (("delete", "retention", "policy", "enabled"), False,
     "az storage account blob-service-properties update --account-name {t} "
     "--enable-delete-retention false"),
    (("container", "delete", "retention", "policy", "enabled"), False,
     "az storage account blob-service-properties update --account-name {t} "
     "--enable-container-delete-retention false"),
    (("soft", "delete", "policy", "retention", "duration", "seconds"), 0,
     "gcloud storage buckets update {t} --clear-soft-delete"),
    (("versioning", "enabled"), False, "gcloud storage buckets update {t} --no-versioning"),
)


def _safeguard_paths(words: list, value, found: list, depth: int) -> None:
    """The CLI forms of SAFEGUARDS whose key path ends a nested parameter set to its value."""
    if depth > 6:
        return
    if isinstance(value, Obj):
        for key, item in value.items:
            _safeguard_paths(words + name_words(key), item, found, depth + 1)
        return
    if isinstance(value, Const) and not isinstance(value.value, str):
        for suffix, off, form in SAFEGUARDS:
            if tuple(words[-len(suffix):]) == suffix and value.value == off and \
                    type(value.value) is type(off):
                found.append(form)


def snake_case(name: str) -> str:
    """`ModifyDBInstance` -> `modify_db_instance`, `PutBucketLifecycleConfiguration` ->
    `put_bucket_lifecycle_configuration`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def aws_service(name: str, args: list, kwargs: dict):
    """("aws", service) for a boto3 client made here (`boto3.client("rds")`,
    `boto3.Session(...).client("rds")`), else None."""
    if not (name in AWS_CLIENT_MAKERS or name.startswith(("boto3.", "aioboto3.")) and
            name.endswith(".client")):
        return None
    service = literal(args[0] if args else kwargs.get("service_name"))
    return ("aws", service) if service and re.fullmatch(r"[a-z0-9-]+", service) else None


def body_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Text):
        return value.display()
    if isinstance(value, (Obj, Seq)):
        return to_json(value)
    if isinstance(value, Ref) and value.kind == "unknown":
        return "${%s}" % re.sub(r"\W+", "_", value.name)
    return None


def target_of(args: list, kwargs: dict) -> str:
    for v in list(args) + list(kwargs.values()):
        lit = literal(v)
        if lit:
            return lit
        if isinstance(v, Obj):
            for _, item in v.items:
                lit = literal(item)
                if lit:
                    return lit
    return ""


def _absolute_url(value) -> bool:
    if isinstance(value, Text) and value.parts and isinstance(value.parts[0], str):
        return value.parts[0].startswith(("http://", "https://"))
    return False


ENGINE_NAME = r"(?i)(?:^|_)(?:engine|conn|connection|bind|db|database)$"


def _bind_of(args: list, kwargs: dict, recv) -> str:
    """What a SQLAlchemy `.drop(...)` is given to run on: a database connection the code
    made, or a name that says it is one (`engine`, `db.engine`, `conn`); '' when none."""
    first = kwargs.get("bind", args[0] if args else None)
    if isinstance(recv, Ref) and recv.kind == "module" and recv.name.endswith(".__table__") and \
            first is not None:
        return "bind"
    if isinstance(first, Ref) and first.kind == "db" and first.data is not True:
        return "engine"
    if isinstance(first, Ref) and first.kind == "module" and \
            re.search(ENGINE_NAME, first.name.rsplit(".", 1)[-1]):
        return first.name.rsplit(".", 1)[-1]
    return ""


def _empty_filter(first, args: list) -> bool:
    if not args:
        return True
    if isinstance(first, (Obj, Seq)) and not first.items:  # PHP's filter `[]` is `{}`
        return True
    if isinstance(first, Obj) and len(first.items) == 1 and first.items[0][0] == "where":
        where = first.items[0][1]  # Prisma `deleteMany({where: {}})`: every row (review-c)
        return isinstance(where, Obj) and not where.items or where == Const(None)
    return False


def derived(*values) -> Ref:
    """The result of an unknown call on these values: unknown, but it keeps the file its input
    was read from, so `exec(re.search(p, open(F).read()).group(1))` runs code from F."""
    for v in values:
        src = file_source(v)
        if src:
            return unknown("file text", src)
    return unknown()

