"""SQL through any client, and the document and key-value stores' destructive commands.

The statements are tokenized with sqlparse (imported only when a command carries SQL), so strings
and comments cannot fool it: `SELECT 'DROP TABLE x'` is a read."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import option_value, read, stdin_text
from agentsh.engine.model import Fact

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ALWAYS_TRUE = re.compile(
    r"^\s*(?:1\s*=\s*1|true|1|'([^']*)'\s*=\s*'\1'|(\w+)\s*=\s*\2|1\s*<>\s*0|not\s+false|"
    r"\d+\s*>\s*0)\s*;?\s*$", re.I)


PYTHONS = frozenset(("python", "python3", "python2", "pypy3"))


def _client(view, params: dict) -> dict | None:
    clients = params.get("clients", {})
    found = clients.get(view.program) or clients.get(view.cmd.program)
    if found is None and view.program in PYTHONS and _manage_py(view.args.positionals):
        return clients.get("manage.py")  # `python3 manage.py dbshell`
    return found


def _manage_py(positionals) -> bool:
    return bool(positionals) and positionals[0].text.rsplit("/", 1)[-1] == "manage.py"


def sql_sources(view, params: dict) -> tuple[list[str], list[str]]:
    """The SQL a client command would run, and the sources that could not be read."""
    client = _client(view, params)
    if client is None:
        return [], []
    args = view.args
    texts, unreadable = [], []
    positionals = [w for w in args.positionals]
    if view.program in PYTHONS and _manage_py(positionals):
        positionals = positionals[1:]
    sub = client.get("subcommand")
    if sub:
        if not positionals or positionals[0].text not in ([sub] if isinstance(sub, str) else sub):
            return [], []
        positionals = positionals[1:]
    for opt in client.get("sql", []):
        if opt in args.dynamic:
            unreadable.append(f"the {opt} argument")
            continue
        for value in args.values(opt) or option_value(view.cmd, opt):
            texts.append(value)
    for opt in client.get("files", []):
        for value in args.values(opt) or option_value(view.cmd, opt):
            text = read(value, view.ctx)
            (texts.append(text) if text is not None else unreadable.append(value))
    index = client.get("positional_sql")
    if index is not None and len(positionals) > index:
        word = positionals[index]
        (texts.append(word.text) if word.literal else unreadable.append(word.raw))
        for w in positionals[index + 1 :]:
            texts.append(w.text)
    if client.get("stdin", True) and not any(args.values(o) for o in client.get("sql", [])):
        has, text = stdin_text(view.cmd, view.ctx)
        if has and text is None:
            unreadable.append(view.cmd.stdin.path or "standard input")
        elif text:
            texts.append(text)
    for text in list(texts):
        for m in re.finditer(r"^\s*\.read\s+(\S+)", text, re.M):  # sqlite3 .read FILE
            inner = read(m.group(1), view.ctx)
            (texts.append(inner) if inner is not None else unreadable.append(m.group(1)))
    return texts, unreadable


DESTRUCTIVE = ("sql.drop", "sql.drop_database", "sql.truncate", "sql.delete_all",
               "sql.update_all", "sql.alter_drop")
URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/\s]*@)?([^:/?\s]+)", re.I)


def database_hosts(view) -> list[str]:
    """The database hosts a client command names: URL arguments, -h/--host, DATABASE_URL."""
    hosts = []
    for word in view.cmd.argv[1:]:
        m = URL_HOST.match(word.split("=", 1)[-1])
        if m:
            hosts.append(m.group(1))
    for option in ("-h", "--host", "--hostname"):
        hosts += view.args.values(option)
    url = view.env("DATABASE_URL") or ""
    m = URL_HOST.match(url)
    if m:
        hosts.append(m.group(1))
    return hosts


def analyze(view, params: dict) -> list[Fact]:
    if _client(view, params) is None:
        return []
    texts, unreadable = sql_sources(view, params)
    facts = [Fact("sql.unknown", f"cannot read the SQL in {u}") for u in unreadable]
    for text in texts:
        facts += statement_facts(text)
    patterns = [re.compile(p, re.I) for p in params.get("production_patterns", [])]
    destructive = [f for f in facts if f.label in DESTRUCTIVE]
    if destructive and patterns:
        host = next((h for h in database_hosts(view) if any(p.search(h) for p in patterns)), "")
        if host:
            facts.append(Fact("sql.destroy_production", f"{destructive[0].detail} on {host}",
                              destructive[0].target))
    return facts


def _words(statement: Any) -> list[tuple[str, str]]:
    """(token type, value) of a statement, comments and whitespace dropped."""
    from sqlparse import tokens as T

    out = []
    for tok in statement.flatten():
        if tok.is_whitespace or tok.ttype in T.Comment or (tok.ttype and tok.ttype in T.Comment):
            continue
        out.append((str(tok.ttype), tok.value))
    return out


DROP_ALL = ("DATABASE", "SCHEMA", "KEYSPACE")


def _target(words: list[tuple[str, str]]) -> str:
    """The first object a statement names, qualified: `hive.web.events`."""
    parts: list[str] = []
    for kind, value in words:
        is_name = kind.endswith("Name") or kind == "Token.Name" or "Literal.String.Symbol" in kind
        if is_name and (not parts or parts[-1] == "."):
            parts.append(value.strip('"`[]'))
        elif value == "." and parts and parts[-1] != ".":
            parts.append(".")
        elif parts:
            break
    return "".join(parts).rstrip(".")


MAY_DESTROY = re.compile(
    r"(?i)\b(drop|truncate|delete|update|alter|execute|prepare|program|dblink\w*)\b")
# functions whose string arguments are SQL the server runs (on another database, for dblink)
RUNS_SQL_FUNCTIONS = frozenset(("dblink_exec", "dblink", "dblink_send_query", "dblink_open"))
NESTED_HEADS = frozenset(("DELETE", "UPDATE", "DROP", "TRUNCATE", "ALTER", "MERGE", "INSERT"))
MAX_NESTING = 4
# PL/pgSQL (and T-SQL, PL/SQL) block words: replaced by `;` in a body, so each statement in
# `BEGIN DROP TABLE t; END` starts with its own keyword
BLOCK_WORDS = re.compile(r"(?is)\bDECLARE\b.*?\bBEGIN\b|\b(?:BEGIN|END\s+(?:LOOP|IF|CASE)|END|LOOP|"
                         r"THEN|ELSE|ELSIF|EXCEPTION\s+WHEN\s+\w+\s+THEN)\b")


def statement_facts(text: str, depth: int = 0) -> list[Fact]:
    """What the SQL in `text` destroys. Also walks the SQL a statement carries inside it: data-modifying
    CTEs and subqueries, function and DO bodies, strings given to dblink_exec, EXECUTE and PREPARE;
    SQL built at run time (`EXECUTE 'DR' || 'OP ...'`) is unknown (`sql.dynamic`), and
    `COPY ... PROGRAM` runs a shell command on the database host (`sql.program`)."""
    if depth > MAX_NESTING or not MAY_DESTROY.search(text):
        return []  # nothing destructive could be in it: skip the tokenizer
    import sqlparse

    facts = []
    for statement in sqlparse.parse(text):
        words = _words(statement)
        keywords = [v.upper() for t, v in words if "Keyword" in t]
        if not keywords:
            continue
        facts += _nested_facts(words, depth)
        head = keywords[0]
        target = _target(words)
        if not target:  # a table named like a keyword: `ALTER TABLE events ...`
            texts = [v.upper() for _, v in words]
            at = texts.index("TABLE") + 1 if "TABLE" in texts else len(texts)
            target = words[at][1].strip('"`[]') if at < len(words) else ""
        if head == "DROP":
            kind = words[1][1].upper() if len(words) > 1 else ""
            if kind in DROP_ALL:
                target = _target(words[2:])
            facts.append(Fact("sql.drop", f"DROP {kind}".strip(), target))
            if kind in DROP_ALL:
                facts.append(Fact("sql.drop_database", f"DROP {kind}", target))
        elif head == "TRUNCATE":
            facts.append(Fact("sql.truncate", "TRUNCATE", target))
        elif head in ("DELETE", "UPDATE") or head == "ALTER" and \
                ("DELETE" in keywords or "UPDATE" in keywords) and "DROP" not in keywords:
            # ALTER TABLE t DELETE WHERE ...: a ClickHouse mutation, read like DELETE
            verb = head if head != "ALTER" else ("DELETE" if "DELETE" in keywords else "UPDATE")
            label = "sql.delete_all" if verb == "DELETE" else "sql.update_all"
            shown = verb if head != "ALTER" else f"ALTER ... {verb}"
            where = _where(statement)
            if where is None:
                facts.append(Fact(label, f"{shown} without WHERE", target))
            elif ALWAYS_TRUE.match(where):
                facts.append(Fact(label, f"{shown} WHERE {where.strip()} (always true)", target))
        elif head == "ALTER" and "DROP" in keywords:
            facts.append(Fact("sql.alter_drop", "ALTER ... DROP", target))
    return facts


def _unquote(value: str) -> str | None:
    """The text of a string literal: 'it''s' or $tag$...$tag$; None for anything else."""
    m = re.fullmatch(r"(?s)(\$\w*\$)(.*)\1", value)
    if m:
        return m.group(2)
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 3 and value[:2].upper() == "E'" and value[-1] == "'":
        return value[2:-1].replace("''", "'").replace("\\'", "'")
    return None


def _closing(words: list[tuple[str, str]], start: int) -> int:
    """The index of the `)` that closes the `(` at `start` (len(words) when unbalanced)."""
    level = 0
    for j in range(start, len(words)):
        level += {"(": 1, ")": -1}.get(words[j][1], 0)
        if level == 0:
            return j
    return len(words)


def _literal_alone(words: list[tuple[str, str]], at: int) -> str | None:
    """The text of the string literal at `at` when nothing but `;`, USING or INTO follows it."""
    if at >= len(words):
        return None
    text = _unquote(words[at][1])
    rest = words[at + 1 : at + 2]
    if text is None or rest and rest[0][1] != ";" and rest[0][1].upper() not in ("USING", "INTO"):
        return None
    return text


def _nested_facts(words: list[tuple[str, str]], depth: int) -> list[Fact]:
    """The facts of the SQL a statement carries inside it (see statement_facts)."""
    facts: list[Fact] = []
    upper = [v.upper() for _, v in words]
    for i, (kind, value) in enumerate(words):
        before = upper[i - 1] if i else ""
        after = upper[i + 1] if i + 1 < len(words) else ""
        if value == "(" and after in NESTED_HEADS and "Keyword" in words[i + 1][0]:
            # `WITH d AS (DELETE FROM users RETURNING *) SELECT ...`: a data-modifying CTE
            end = _closing(words, i)
            facts += statement_facts(" ".join(v for _, v in words[i + 1 : end]), depth + 1)
        elif "Literal" in kind and before == "PROGRAM":
            # COPY t FROM PROGRAM 'cmd' / COPY t TO PROGRAM 'cmd'
            command = _unquote(value)
            facts.append(Fact("sql.program", "COPY ... PROGRAM runs a shell command on the database "
                                             "host", command if command is not None else value))
        elif kind == "Token.Literal" and value.startswith("$"):
            body = _unquote(value)  # a function, procedure or DO body
            if body:
                facts += statement_facts(BLOCK_WORDS.sub(";", body), depth + 1)
        elif value.lower() in RUNS_SQL_FUNCTIONS and after == "(":
            end = _closing(words, i + 1)
            for arg_kind, arg in words[i + 2 : end]:
                inner = _unquote(arg) if "String" in arg_kind else None
                if inner is not None:
                    facts += statement_facts(inner, depth + 1)
        elif upper[i] == "EXECUTE" and "Keyword" in kind:
            at = i + 2 if after == "IMMEDIATE" else i + 1
            literal = _literal_alone(words, at)
            if literal is not None:
                facts += statement_facts(literal, depth + 1)
            elif depth > 0 or after == "IMMEDIATE" or at < len(words) and "Name" not in words[at][0]:
                # in a function body, or of an expression: SQL built when it runs
                facts.append(Fact("sql.dynamic", "EXECUTE of SQL built at run time"))
        elif upper[i] == "PREPARE" and "Keyword" in kind:
            rest = upper[i + 1 :]
            first = next((w for w in rest if w in ("FROM", "AS")), "")
            if first == "FROM":  # MySQL: PREPARE s FROM 'text' | @var | CONCAT(...)
                at = i + 1 + rest.index("FROM") + 1
                literal = _literal_alone(words, at)
                if literal is not None:
                    facts += statement_facts(literal, depth + 1)
                else:
                    facts.append(Fact("sql.dynamic", "PREPARE of SQL built at run time"))
            elif first == "AS":  # PostgreSQL: PREPARE p (int) AS DELETE FROM ...
                at = i + 1 + rest.index("AS") + 1
                facts += statement_facts(" ".join(v for _, v in words[at:]), depth + 1)
    return facts


def _where(statement: Any) -> str | None:
    from sqlparse.sql import Where

    for tok in statement.tokens:
        if isinstance(tok, Where):
            text = str(tok).strip()
            return re.sub(r"(?is)^where\s+", "", text)
    return None


MONGO_CALLS = [
    (re.compile(r"\.dropDatabase\s*\("), "mongo.drop", "dropDatabase()"),
    (re.compile(r"\.drop\s*\(\s*\)"), "mongo.drop", "collection.drop()"),
    (re.compile(r"\.(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\)"), "mongo.delete_all",
     "deleteMany({}) / remove({})"),
    (re.compile(r"\.updateMany\s*\(\s*\{\s*\}\s*,"), "mongo.update_all", "updateMany({}, ...)"),
]


def analyze_mongo(view, params: dict) -> list[Fact]:
    if view.program not in params.get("clients", ["mongosh", "mongo"]):
        return []
    texts = view.args.values("--eval")
    facts = []
    scripts = view.args.values("--file") + view.args.values("-f") + \
        [w.text for w in view.args.positionals if w.text.endswith(".js")]
    for path in scripts:  # `mongosh URL f.js`, `mongosh --file f.js`
        script = read(path, view.ctx)
        if script is None:
            facts.append(Fact("mongo.unknown", f"cannot read the script {path}", path))
        else:
            texts.append(script)
    has, text = stdin_text(view.cmd, view.ctx)
    if has and text is None:
        return facts + [Fact("mongo.unknown", "cannot read the script on standard input")]
    if text:
        texts.append(text)
    for original in texts:
        code = re.sub(r"//[^\n]*|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"", "''", original)
        for pattern, label, detail in MONGO_CALLS:
            m = pattern.search(code)
            if m:
                facts.append(Fact(label, detail, _mongo_target(view, code, m.start())))
    return facts


def _mongo_target(view, code: str, at: int) -> str:
    """The collection (`db.users.drop()`) or database (`use app`, the database argument) a
    MongoDB call destroys, or ''."""
    collection = re.match(r"[\s\S]*\bdb\.(\w+)\s*$", code[:at])
    if collection:
        return collection.group(1)
    used = re.findall(r"^\s*use\s+(\w+)", code[:at], re.M)
    if used:
        return used[-1]
    for word in view.args.positionals:
        name = word.text.rsplit("/", 1)[-1].split("?", 1)[0]
        if re.fullmatch(r"[\w-]+", name):
            return name
    return ""


REDIS_DESTROY = {"FLUSHALL": "redis.flush", "FLUSHDB": "redis.flush", "SHUTDOWN": "redis.shutdown"}
REDIS_VALUES = frozenset(("-h", "-p", "-a", "-n", "-u", "--user", "--pass", "-s", "-r", "-i",
                          "--pattern", "--eval", "--tls-cert", "--cacert", "--key", "--sni"))
LUA_CALL = re.compile(r"""redis\.p?call\s*\(\s*['"](\w+)['"]""", re.I)


def _lines(text: str) -> list[list[str]]:
    import shlex

    out = []
    for line in text.splitlines():
        try:
            out.append(shlex.split(line))
        except ValueError:
            out.append(line.split())
    return [argv for argv in out if argv]


def lua_facts(script: str, where: str) -> list[Fact]:
    """What a Lua script run by EVAL does to the keys: delete every key it lists or scans, or
    flush the database."""
    calls = {c.lower() for c in LUA_CALL.findall(script)}
    if calls & {"flushall", "flushdb"}:
        return [Fact("redis.flush", f"FLUSHALL in a Lua script ({where})")]
    if calls & {"del", "unlink"} and calls & {"keys", "scan"}:
        return [Fact("redis.del_pattern", f"DEL of every key KEYS/SCAN returns, in a Lua script "
                                          f"({where})")]
    return []


def analyze_redis(view, params: dict) -> list[Fact]:
    if view.program not in params.get("clients", ["redis-cli", "valkey-cli", "keydb-cli"]):
        return []
    words = [w.text for w in view.cmd.words[1:]]
    commands, i, facts = [], 0, []
    while i < len(words):
        if words[i] == "--eval" and i + 1 < len(words):  # redis-cli --eval script.lua keys , args
            script = read(words[i + 1], view.ctx)
            if script is None:
                facts.append(Fact("redis.unknown", f"cannot read the Lua script {words[i + 1]}"))
            else:
                facts += lua_facts(script, words[i + 1])
        if words[i] in REDIS_VALUES:
            i += 2
            continue
        if words[i].startswith("-"):
            i += 1
            continue
        commands.append(words[i:])
        break
    has, text = stdin_text(view.cmd, view.ctx)
    if text:
        commands += _lines(text)
    host = next((words[k + 1] for k, w in enumerate(words[:-1]) if w in ("-h", "-u")), "")
    return facts + redis_command_facts(commands, host)


redis_lines = _lines


def redis_command_facts(commands: list[list[str]], host: str) -> list[Fact]:
    """What Redis commands (argv lists, from redis-cli's arguments, its stdin or text sent to the
    port with nc) do to the keys."""
    facts: list[Fact] = []
    for argv in commands:
        if argv and argv[0].upper() == "CALL":  # redis-cli --cluster call HOST:PORT CMD ...
            argv = argv[2:]
        if argv and argv[0].upper() == "DEBUG" and len(argv) > 1 and argv[1].upper() == "FLUSHALL":
            argv = argv[1:]  # DEBUG FLUSHALL
        verb = argv[0].upper() if argv else ""
        if verb in REDIS_DESTROY:
            facts.append(Fact(REDIS_DESTROY[verb], verb, host or verb))
        elif verb in ("DEL", "UNLINK") and any("*" in a or a == "{}" for a in argv[1:]):
            facts.append(Fact("redis.del_pattern", f"{verb} of a key pattern"))
        elif verb == "CONFIG" and len(argv) > 2 and argv[1].upper() == "SET" and \
                argv[2].lower() in ("dir", "dbfilename"):
            facts.append(Fact("redis.config_dir", f"CONFIG SET {argv[2]}"))
        elif verb == "XTRIM" and any(a.upper() in ("MAXLEN", "MINID") for a in argv) and \
                argv[-1] in ("0", "+"):
            facts.append(Fact("redis.trim_all", f"XTRIM {argv[1] if len(argv) > 1 else ''} to "
                                                "nothing"))
        elif verb == "EVAL" and len(argv) > 1:
            facts += lua_facts(argv[1], "EVAL")
        elif verb in ("EVALSHA", "EVALSHA_RO", "FCALL"):
            facts.append(Fact("redis.unknown", f"{verb} runs a stored script agentsh cannot read"))
    return facts


CYPHER_DELETE = re.compile(r"(?is)\b(?:DETACH\s+)?DELETE\b")
CYPHER_DROP_DB = re.compile(r"(?is)\bDROP\s+(?:COMPOSITE\s+)?DATABASE\s+`?([\w.-]+)")
BARE_NODE = re.compile(r"(?is)\bMATCH\s*\(\s*\w*\s*\)\s*(?:DETACH\s+)?DELETE\b")


def cypher_facts(text: str) -> list[Fact]:
    """Graph queries: DELETE of everything a MATCH without a WHERE or property filter finds, and
    DROP DATABASE."""
    facts = []
    for statement in text.split(";"):
        m = CYPHER_DROP_DB.search(statement)
        if m:
            facts.append(Fact("cypher.drop_database", "DROP DATABASE", m.group(1)))
        delete = CYPHER_DELETE.search(statement)
        if not delete or not re.search(r"(?i)\bMATCH\b", statement[: delete.start()]):
            continue
        before = statement[: delete.start()]
        if re.search(r"(?i)\bWHERE\b|\{|\bLIMIT\b", before):
            continue
        if BARE_NODE.search(statement):
            facts.append(Fact("cypher.delete_graph", "MATCH (n) ... DELETE: every node"))
        else:
            facts.append(Fact("cypher.delete_all", "DELETE of every node or relationship the "
                                                   "MATCH finds, with no WHERE"))
    return facts


def analyze_cypher(view, params: dict) -> list[Fact]:
    texts, unreadable = sql_sources(view, params)
    facts = [Fact("cypher.unknown", f"cannot read the query in {u}") for u in unreadable]
    for text in texts:
        facts += cypher_facts(text)
    return facts
