"""SQL through any client, and the document and key-value stores' destructive commands.

The statements are tokenized with sqlparse (imported only when a command carries SQL), so strings
and comments cannot fool it: `SELECT 'DROP TABLE x'` is a read."""

from __future__ import annotations

import re

from agentsh.engine import work
from agentsh.engine.domains.common import option_value, read, stdin_text, unseen
from agentsh.engine.domains.sqlwhere import PAST_EVENT, _matches_any_text, always_true, only_excludes
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
    """The SQL a client command would run, and the sources that could not be read (a file
    unseen because judged from the text alone is named with UNSEEN in front)."""
    client = _client(view, params)
    if client is None:
        return [], []
    args = view.args
    texts, unreadable = [], []
    positionals = [w for w in args.positionals]
    if view.program in PYTHONS and _manage_py(positionals):
        positionals = positionals[1:]
    sub = client.get("subcommand")
    if sub:  # one word, or several (`turso db shell`); a list names alternatives
        heads = [s.split() for s in ([sub] if isinstance(sub, str) else sub)]
        head = next((h for h in heads if [w.text for w in positionals[: len(h)]] == h), None)
        if head is None:
            return [], []
        positionals = positionals[len(head):]
    for opt in client.get("sql", []):
        if opt in args.dynamic:
            unreadable.append(f"the {opt} argument")
            continue
        for value in args.values(opt) or option_value(view.cmd, opt):
            texts.append(value)
    for opt in client.get("files", []):
        for value in args.values(opt) or option_value(view.cmd, opt):
            text = read(value, view.ctx)
            (texts.append(text) if text is not None else unreadable.append(_why(value, view)))
    passed = client.get("passthrough", [])  # `manage.py dbshell -- -c SQL`: the engine's client
    if passed:
        words = [w for w in view.cmd.words[1:]]
        at = next((k for k, w in enumerate(words) if w.text == "--"), None)
        rest = words[at + 1 :] if at is not None else []
        for k, w in enumerate(rest[:-1]):
            if w.text in passed:
                (texts.append(rest[k + 1].text) if rest[k + 1].literal
                 else unreadable.append(rest[k + 1].raw))
    index = client.get("positional_sql")
    if index is not None and len(positionals) > index:
        word = positionals[index]
        (texts.append(word.text) if word.literal else unreadable.append(word.raw))
        for w in positionals[index + 1 :]:
            texts.append(w.text)
    stdin_flags = client.get("stdin_flags", ())  # `prisma db execute --stdin`: only with one
    reads_stdin = client.get("stdin", True) or any(f in args.flags for f in stdin_flags)
    if reads_stdin and not any(args.values(o) for o in client.get("sql", [])):
        has, text = stdin_text(view.cmd, view.ctx)
        if has and text is None:
            stdin = view.cmd.stdin
            unreadable.append(_why(stdin.path, view) if stdin.kind == "file" and stdin.path
                              else stdin.path or "standard input")
        elif text:
            texts.append(text)
    texts += startup_sql(view, client)
    texts = _included(texts, view, unreadable)
    if view.program == "psql":
        texts = _psql_variables(texts, view)
    return texts, unreadable



UNSEEN = "\0unseen "


def _why(path: str, view) -> str:
    """`path`, marked UNSEEN when judged from the text alone it is a file the line never
    touched (an SQL script not in the text, as a shell script not in it: low, SQL009)."""
    return UNSEEN + path if unseen(path, view.cmd, view.ctx) else path


def _unknown_facts(unreadable: list[str], label: str, what: str) -> list[Fact]:
    return [Fact(f"{label}_unseen", f"cannot see {u[len(UNSEEN):]} to check {what} (judged "
                                    "from the text alone)", u[len(UNSEEN):])
            if u.startswith(UNSEEN) else Fact(label, f"cannot read {what} in {u}")
            for u in unreadable]


# client commands that run a file as input, in any client's text: sqlite3 `.read`, psql `\i`,
# `\ir`, `\include`, `\include_relative`, mysql `source` and `\.`
INCLUDE = re.compile(r"(?im)(?:^|;)\s*(\.read|\\i|\\ir|\\include|\\include_relative|"
                     r"source|\\\.)\s+('[^']*'|\"[^\"]*\"|[^\s;]+)")
MAX_INCLUDES = 16


def _included(texts: list[str], view, unreadable: list[str]) -> list[str]:
    """The texts with every file they include appended (nested includes too, boundedly)."""
    out, queue, seen = list(texts), list(texts), set()
    while queue and len(seen) < MAX_INCLUDES:
        text = queue.pop(0)
        for m in INCLUDE.finditer(text):
            path = m.group(2).strip("'\"")
            if path in seen or m.group(1).lower() == "source" and not re.search(r"[./]", path):
                continue  # `source` names a file (a column named source is not one)
            seen.add(path)
            inner = read(path, view.ctx)
            if inner is None:
                unreadable.append(_why(path, view))
            else:
                out.append(inner)
                queue.append(inner)
    return out


PSQL_VARIABLE = re.compile(r"""(?<![:\w]):(?:'(\w+)'|"(\w+)"|(\w+))""")


def _psql_variables(texts: list[str], view) -> list[str]:
    r"""psql's `:name`, `:'name'` and `:"name"` replaced by the values `-v/--set/--variable NAME=V`
    and `\set NAME V` give them, so a variable that holds a whole statement is read."""
    values: dict[str, str] = {}
    for opt in ("-v", "--set", "--variable"):
        for item in view.args.values(opt):
            name, eq, value = item.partition("=")
            if eq:
                values[name] = value
    for text in texts:
        for m in re.finditer(r"(?m)^\s*\\set\s+(\w+)\s+(.*)$", text):
            value = m.group(2).strip()
            values[m.group(1)] = value[1:-1] if len(value) > 1 and value[0] == value[-1] == "'" \
                else value
    if not values:
        return texts

    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in values:
            return m.group(0)
        value = values[name]
        return "'" + value.replace("'", "''") + "'" if m.group(1) else \
            '"' + value + '"' if m.group(2) else value

    return [PSQL_VARIABLE.sub(sub, t) if ":" in t else t for t in texts]


def startup_sql(view, client: dict) -> list[str]:
    """SQL a client runs before the command's own: `init` options (`mysql --init-command=SQL`),
    and its start-up file (`PSQLRC=FILE`, `~/.psqlrc` unless `-X`; `~/.my.cnf` or
    `--defaults-file`: its `init-command` lines, `startup_key`), the first that exists."""
    out = []
    for opt in client.get("init", []):
        out += option_value(view.cmd, opt)
    if any(o in view.args.flags for o in client.get("no_startup", [])):
        return out
    paths = []
    for opt in client.get("startup_files", []):
        paths += option_value(view.cmd, opt)
    for spec in client.get("startup", []):
        name, _, tail = spec[1:].partition("/")
        value = view.env(name)
        if value and "$" not in value and "`" not in value:
            paths.append(value.rstrip("/") + ("/" + tail if tail else ""))
    key = client.get("startup_key")
    for path in paths:
        text = read(path, view.ctx)
        if text is None:
            continue
        out += [m.group(1).strip().strip("'\"") for m in re.finditer(key, text, re.M)] \
            if key else [text]
        if not client.get("startup_files"):
            break
    return out


DESTRUCTIVE = ("sql.drop", "sql.drop_database", "sql.truncate", "sql.delete_all",
               "sql.update_all", "sql.alter_drop", "sql.delete_all_but", "sql.update_all_but",
               "sql.delete_joined", "sql.update_joined", "sql.rewrite_all")
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
    facts = _unknown_facts(unreadable, "sql.unknown", "the SQL")
    for text in texts:
        if GEXEC.search(text):
            facts.append(Fact("sql.dynamic", "psql \\gexec runs each value a query returns as SQL"))
        if "." in text:
            facts += dot_overwrites(text, view)
        if view.program == "sqlite3" and LOAD_EXTENSION.search(text):
            facts.append(Fact("sql.load_extension", "sqlite3 loads a library into itself"))
        facts += statement_facts(text)
    patterns = [re.compile(p, re.I) for p in params.get("production_patterns", [])]
    destructive = [f for f in facts if f.label in DESTRUCTIVE]
    if destructive and patterns:
        host = next((h for h in database_hosts(view) if any(p.search(h) for p in patterns)), "")
        if host:
            facts.append(Fact("sql.destroy_production", f"{destructive[0].detail} on {host}",
                              destructive[0].target))
    return facts


DISCARDS = re.compile(r"(?i)\bENGINE\s*=\s*'?BLACKHOLE\b|\bDISCARD\s+TABLESPACE\b")
FILE_FUNCTIONS = re.compile(r"(?i)\b(?:pg_file_unlink|lo_unlink)\s*\(")
# replication state dropped: a standby or a change-data consumer loses what it had not read yet
REPLICATION_DROPS = re.compile(r"(?i)\b(?:pg_drop_replication_slot|pg_replication_origin_drop)\s*\(")
# WAL archiving turned off or pointed at a no-op: point-in-time backups stop (BAK009)
ARCHIVE_OFF = re.compile(r"""(?ix)\bALTER\s+SYSTEM\s+SET\s+(?:archive_mode\s*(?:=|\bTO\b)\s*'?off\b
    |archive_command\s*(?:=|\bTO\b)\s*'\s*(?:(?:/usr)?/bin/true|true|:|exit\s+0|/bin/false|false)?\s*'
    |wal_level\s*(?:=|\bTO\b)\s*'?minimal\b)""")
GEXEC = re.compile(r"\\gexec\b")
# sqlite3 loading native code: `load_extension(`, spelt as SQL allows a function's name
# (`"load_extension"`, `[load_extension]`, a comment before its parenthesis), and `.load` as
# the shell takes it (`.l`, `.lo`, `."lo"`, `. load`), in its arguments or on its input
LOAD_EXTENSION = re.compile(
    r"""(?is)\bload_extension\b["\]`]?(?:\s|/\*.*?\*/|--[^\n]*(?:\n|$))*\(|"""
    r"""(?m:^)[ \t]*\.[ \t]*["']?l(?:o(?:a(?:d)?)?)?(?:["'\s]|$)""")
DOT_COMMAND = re.compile(r"(?m)(?:^|;)\s*\.(restore|backup|save|open)\b([^\n;]*)")


def dot_overwrites(text: str, view) -> list[Fact]:
    """sqlite3 dot-commands that replace a whole database: `.restore FILE` (the open database
    becomes FILE's copy), `.backup`/`.save TARGET` onto a file that exists, `.open --new FILE`."""
    import shlex

    facts = []
    positionals = [w.text for w in view.args.positionals]
    database = positionals[0] if positionals else ""
    for m in DOT_COMMAND.finditer(text):
        try:
            args = shlex.split(m.group(2))
        except ValueError:
            args = m.group(2).split()
        operands = [a for a in args if not a.startswith("-")]
        verb = m.group(1)
        if verb == "restore" and operands:
            facts.append(Fact("sql.overwrite_db", f".restore {operands[-1]} replaces every table of "
                              f"{database or 'the open database'}", database or operands[-1]))
        elif verb in ("backup", "save") and operands and \
                view.ctx.file_kind(operands[-1]) not in ("missing",):
            facts.append(Fact("sql.overwrite_db", f".{verb} onto {operands[-1]}, which exists: its "
                              "contents are replaced", operands[-1]))
        elif verb == "open" and operands and any(a in ("--new", "-new") for a in args) and \
                view.ctx.file_kind(operands[-1]) not in ("missing",):
            facts.append(Fact("sql.overwrite_db", f".open --new {operands[-1]} empties that database",
                              operands[-1]))
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
    r"(?i)\b(drop|truncate|delete|update|alter|execute|prepare|program|dblink\w*|remove|"
    r"writable_schema|blackhole|discard|\w*unlink|replace|pg_drop_\w+|pg_replication_origin_drop)\b")
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
        work.charge()
        words = _words(statement)
        if len(words) > 2 and words[0][1].upper() == "REMOVE" and \
                words[1][1].upper() in SURREAL_REMOVES:  # SurrealQL's DROP
            kind = words[1][1].upper()
            facts.append(Fact("sql.drop", f"REMOVE {kind}", words[2][1].strip('"`')))
            if kind in ("DATABASE", "DB", "NAMESPACE", "NS"):
                facts.append(Fact("sql.drop_database", f"REMOVE {kind}", words[2][1]))
            continue
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
            elif ALWAYS_TRUE.match(where) or always_true(where, target, _self_join(statement, target)):
                facts.append(Fact(label, f"{shown} WHERE {where.strip()} (always true)", target))
            elif only_excludes(where):
                facts.append(Fact(label + "_but", f"{shown} WHERE {where.strip()}: every row but "
                                  "the ones it names", target))
            elif verb in ("DELETE", "UPDATE"):
                parent = _joined_to_parent(statement, where, target)
                if parent:
                    facts.append(Fact("sql.delete_joined" if verb == "DELETE" else "sql.update_joined",
                                      f"{shown} WHERE {where.strip()}: every row that refers to a "
                                      f"row of {parent}, which is every row the key keeps", target))
            if head in ("DELETE", "UPDATE", "INSERT") and _schema_table(target):
                facts.append(Fact("sql.drop", f"{head} on the schema table {target}: drops what "
                                  "it names", target))
        elif head == "WITH":  # `WITH x AS (...) DELETE FROM users`: the statement after the CTEs
            main = _after_ctes(words)
            if main:
                facts += statement_facts(main, depth + 1)
        elif head == "MERGE" and ("DELETE" in keywords or "UPDATE" in keywords):
            facts += _merge_facts(words, target)
        elif head in ("REPLACE", "INSERT", "UPSERT"):
            facts += _rewrite_facts(words, keywords, target)
        elif head == "CREATE" and ("TRIGGER" in keywords or "RULE" in keywords):
            body = _trigger_body(words)
            if body:
                facts += statement_facts(BLOCK_WORDS.sub(";", body), depth + 1)
        elif head == "PRAGMA" and "writable_schema" in " ".join(v.lower() for _, v in words):
            facts.append(Fact("sql.drop", "PRAGMA writable_schema: the schema itself can be edited",
                              "sqlite_master"))
        elif head == "ALTER" and "DROP" in keywords:
            facts.append(Fact("sql.alter_drop", "ALTER ... DROP", target))
        elif head == "ALTER" and DISCARDS.search(" ".join(v for _, v in words)):
            # MySQL: a BLACKHOLE table keeps no row; DISCARD TABLESPACE deletes the data file
            facts.append(Fact("sql.drop", "ALTER TABLE ... ENGINE=BLACKHOLE / DISCARD TABLESPACE "
                              "discards every row", target))
        joined = " ".join(v for _, v in words)
        if FILE_FUNCTIONS.search(joined):
            facts.append(Fact("sql.drop", "a server-side function that deletes files or large "
                              "objects (pg_file_unlink, lo_unlink)", target))
        if REPLICATION_DROPS.search(joined):
            facts.append(Fact("sql.drop", "a replication slot or origin is dropped: the standby or "
                              "change-data consumer it served loses the changes it had not read",
                              target))
        if ARCHIVE_OFF.search(joined):
            facts.append(Fact("sql.backups_off", "WAL archiving is turned off (or archives to a "
                              "no-op): point-in-time recovery stops having anything to restore"))
    return facts


# a table named in FROM, USING, JOIN or UPDATE, and its alias
TABLE_REF = re.compile(r"""(?ix)\b(?:FROM|USING|JOIN|UPDATE)\s+((?:ONLY\s+)?[\w."`\[\]]+)
    (?:\s+(?:AS\s+)?(?!(?:WHERE|USING|JOIN|ON|SET|INNER|LEFT|RIGHT|FULL|CROSS|NATURAL|FROM|
    ORDER|LIMIT|RETURNING|GROUP)\b)([A-Za-z_]\w*))?|,\s*([\w."`\[\]]+)(?:\s+(?:AS\s+)?
    (?!(?:WHERE|USING|JOIN|ON|SET)\b)([A-Za-z_]\w*))?""")


def _self_join(statement: Any, target: str) -> frozenset:
    """The names under which a DELETE or UPDATE reads its own table more than once (`DELETE
    FROM users USING users u2`, `DELETE a FROM users a, users b`, `UPDATE users ... FROM users
    u2`), for `always_true`; empty when the table is read once."""
    from sqlparse import tokens as T
    from sqlparse.sql import Where

    head = "".join(" " if t.ttype in T.Comment else t.value for tok in statement.tokens
                   if not isinstance(tok, Where) for t in tok.flatten())
    refs: list[tuple[str, str]] = []
    for m in TABLE_REF.finditer(head):
        table = (m.group(1) or m.group(3) or "").strip('"`[]').lower()
        table = re.sub(r"^only\s+", "", table).rsplit(".", 1)[-1]
        alias = (m.group(2) or m.group(4) or "").lower()
        if table and table.upper() not in ("FROM", "ONLY", "SELECT"):
            refs.append((table, alias))
    named = {alias: table for table, alias in refs if alias}
    base = target.strip('"`[]').lower().rsplit(".", 1)[-1]
    base = named.get(base, base)
    reads = [(table, alias) for table, alias in refs if table == base or named.get(table) == base]
    reads = [(t, a) for t, a in reads if not (a == "" and t in named and t != base)]
    if len({a or t for t, a in reads}) < 2:
        return frozenset()
    return frozenset({base} | {a for _, a in reads if a})


SCHEMA_TABLES = re.compile(r"(?i)^(?:(?:main|temp)\.)?sqlite_(?:master|schema)$|^pg_catalog\.|^mysql\.")


def _schema_table(target: str) -> bool:
    return bool(SCHEMA_TABLES.search(target))


def _after_ctes(words: list[tuple[str, str]]) -> str:
    """The statement after `WITH [RECURSIVE] a [(cols)] AS [NOT] [MATERIALIZED] (...), b AS (...)`."""
    i, n = 1, len(words)
    if i < n and words[i][1].upper() == "RECURSIVE":
        i += 1
    while i < n:
        while i < n and words[i][1].upper() != "AS":
            if words[i][1] == "(":  # a column list before AS
                i = _closing(words, i)
            i += 1
        i += 1
        while i < n and words[i][1].upper() in ("NOT", "MATERIALIZED"):
            i += 1
        if i >= n or words[i][1] != "(":
            return ""
        i = _closing(words, i) + 1
        if i < n and words[i][1] == ",":
            i += 1
            continue
        break
    return " ".join(v for _, v in words[i:])


JOIN_EQUALITY = re.compile(r"""(?ix)^\(?\s*(?:([\w"`\[\]]+)\.)?([\w"`\[\]]+)\s*=\s*
    (?:([\w"`\[\]]+)\.)?([\w"`\[\]]+)\s*\)?$""")
IN_PARENT_KEYS = re.compile(r"""(?ix)^\(?\s*(?:([\w"`\[\]]+)\.)?([\w"`\[\]]+)\s+(?:IN|=\s*ANY)
    \s*\(\s*SELECT\s+(?:DISTINCT\s+)?(?:[\w"`\[\]]+\.)?([\w"`\[\]]+)\s+FROM\s+([\w."`\[\]]+)(?:\s+(?:AS\s+)?\w+)?
    \s*\)\s*\)?$""")
PARENT_KEYS = ("id", "uuid", "pk")
EXISTS_PARENT = re.compile(r"""(?ix)^\(?\s*EXISTS\s*\(\s*SELECT\s+[\w*]+\s+FROM\s+([\w."`\[\]]+)
    (?:\s+(?:AS\s+)?(?!WHERE\b)(\w+))?\s+WHERE\s+(.+?)\s*\)\s*\)?$""")


def _joined_to_parent(statement: Any, where: str, target: str) -> str:
    """The other table when a DELETE's (or UPDATE's) WHERE only joins the target's foreign key
    to another table's primary key, with no condition of its own: `DELETE FROM orders o USING
    users u WHERE o.user_id = u.id`, `... WHERE user_id IN (SELECT id FROM users)`. Every row
    whose key refers to an existing row matches: with the key enforced, every row. A join on the
    target's own key (`t.id = doomed.id`, a list of rows to delete) stays targeted; so does any
    condition beside the join (`AND u.banned`)."""
    from sqlparse.sql import Where

    parts = re.split(r"(?i)\s+AND\s+", where.strip().rstrip(";").strip())
    if any(re.search(r"(?i)\bOR\b", p) for p in parts):
        return ""
    parts = [p for p in parts if not ALWAYS_TRUE.match(p.strip())]  # `... AND true`
    if not parts:
        return ""
    from sqlparse import tokens as T

    head = "".join(" " if t.ttype in T.Comment else t.value for tok in statement.tokens
                   if not isinstance(tok, Where) for t in tok.flatten())
    base = target.strip('"`[]').lower().rsplit(".", 1)[-1]
    names = {base}
    others: dict[str, str] = {}
    for m in TABLE_REF.finditer(head):
        table = (m.group(1) or m.group(3) or "").strip('"`[]').lower()
        table = re.sub(r"^only\s+", "", table).rsplit(".", 1)[-1]
        alias = (m.group(2) or m.group(4) or "").lower()
        if not table or table.upper() in ("FROM", "ONLY", "SELECT"):
            continue
        if table == base or alias == base:
            names |= {table, alias} - {""}
        else:
            others[table] = table
            if alias:
                others[alias] = table
    names.discard("")
    parent = ""
    for part in parts:
        m = EXISTS_PARENT.match(part)
        if m:  # `EXISTS (SELECT 1 FROM users u WHERE u.id = orders.user_id)`: the join inside
            table, alias, inner = m.group(1), m.group(2) or "", m.group(3)
            table = table.strip('"`[]').lower().rsplit(".", 1)[-1]
            if table == base:
                return ""
            others[table] = table
            if alias and alias.upper() != "WHERE":
                others[alias.lower()] = table
            part = inner
        m = IN_PARENT_KEYS.match(part)
        if m:
            qual, col, key, table = (g.strip('"`[]').lower() if g else "" for g in m.groups())
            table = table.rsplit(".", 1)[-1]
            if (not qual or qual in names) and col not in PARENT_KEYS and key in PARENT_KEYS \
                    and table != base:
                parent = table
                continue
            return ""
        m = JOIN_EQUALITY.match(part)
        if not m:
            return ""
        q1, c1, q2, c2 = (g.strip('"`[]').lower() if g else "" for g in m.groups())
        for mine, col, theirs, key in ((q1, c1, q2, c2), (q2, c2, q1, c1)):
            if (not mine or mine in names) and theirs in others and col not in PARENT_KEYS \
                    and key in PARENT_KEYS:
                parent = others[theirs]
                break
        else:
            if not ((q1 in others or q1 in names) and (q2 in others or q2 in names)):
                return ""  # a column compared with a literal or an unknown name: a condition
    return parent


def _rewrite_facts(words: list[tuple[str, str]], keywords: list[str], target: str) -> list[Fact]:
    """`REPLACE INTO users SELECT id, NULL FROM users`, `INSERT OR REPLACE INTO t SELECT ... FROM
    t`, `INSERT INTO t SELECT ... FROM t ON CONFLICT (id) DO UPDATE SET ...` (or MySQL's ON
    DUPLICATE KEY UPDATE): every row of the table is written again from itself, with whatever
    the SELECT puts in its columns; no WHERE (or one true for every row) means every row."""
    text = re.sub(r"(?<=\w) \. (?=\w)", ".", " ".join(v for _, v in words))  # `main . users`
    replaces = keywords[0] in ("REPLACE", "UPSERT") or "REPLACE" in keywords[:3] or \
        re.search(r"(?is)\bON\s+DUPLICATE\s+KEY\s+UPDATE\b|\bON\s+CONFLICT\b.*\bDO\s+UPDATE\b", text)
    if not replaces:
        return []
    m = re.search(r"(?is)\bSELECT\b.*?\bFROM\s+([\w.\"`\[\]]+)(.*)$", text)
    if not m:
        return []
    source = m.group(1).strip('"`[]').lower().rsplit(".", 1)[-1]
    if source != target.strip('"`[]').lower().rsplit(".", 1)[-1]:
        return []
    rest = re.split(r"(?i)\bON\s+(?:CONFLICT|DUPLICATE)\b", m.group(2), maxsplit=1)[0]
    where = re.search(r"(?is)\bWHERE\b(.*?)(?:\b(?:ORDER|LIMIT|GROUP)\b.*)?$", rest)
    condition = where.group(1).strip() if where else ""
    if where and not (ALWAYS_TRUE.match(condition) or always_true(condition, target)):
        return []
    return [Fact("sql.rewrite_all", f"{keywords[0]} ... SELECT ... FROM {target}: every row is "
                 "written again from itself, with what the SELECT puts in its columns", target)]


def _merge_facts(words: list[tuple[str, str]], target: str) -> list[Fact]:
    """MERGE ... ON cond WHEN MATCHED THEN DELETE|UPDATE: with an always-true ON (and no AND
    condition on the arm), every row of the target."""
    upper = [v.upper() for _, v in words]
    if "ON" not in upper:
        return []
    start = upper.index("ON") + 1
    end = upper.index("WHEN", start) if "WHEN" in upper[start:] else len(words)
    condition = " ".join(v for _, v in words[start:end])
    dotted = re.sub(r"(?<=\w) \. (?=\w)", ".", condition)  # `u . id`: the words rejoined
    if not (ALWAYS_TRUE.match(condition) or always_true(dotted, target, _merge_self(words, target))):
        return []
    facts = []
    for j in range(end, len(upper) - 1):
        if upper[j] == "THEN" and upper[j + 1] in ("DELETE", "UPDATE"):
            arm = upper[max(end, j - 6) : j]
            if "AND" in arm:
                continue  # `WHEN MATCHED AND s.gone THEN DELETE`: a condition of its own
            label = "sql.delete_all" if upper[j + 1] == "DELETE" else "sql.update_all"
            facts.append(Fact(label, f"MERGE ... ON {condition} THEN {upper[j + 1]} (every row)",
                              target))
    return facts


def _merge_self(words: list[tuple[str, str]], target: str) -> frozenset:
    """`MERGE INTO users u USING users s ON u.id = s.id`: the names under which a MERGE reads its
    own table twice (each row matches itself), for always_true; empty otherwise."""
    text = " ".join(v for _, v in words[: [v.upper() for _, v in words].index("ON")])
    m = re.search(r"""(?ix)\bINTO\s+([\w."`\[\]]+)(?:\s+(?:AS\s+)?(?!USING\b)(\w+))?\s+USING\s+
        ([\w."`\[\]]+)(?:\s+(?:AS\s+)?(\w+))?""", text)
    if not m:
        return frozenset()
    into, a, using, b = (g.strip('"`[]').lower().rsplit(".", 1)[-1] if g else "" for g in m.groups())
    base = target.strip('"`[]').lower().rsplit(".", 1)[-1]
    if into != base or using != base or not b:
        return frozenset()
    return frozenset({base, b} | ({a} if a else set()))


def _trigger_body(words: list[tuple[str, str]]) -> str:
    """What a trigger or rule runs: after BEGIN (SQLite, MySQL), after DO [ALSO|INSTEAD] (a
    PostgreSQL rule); a PostgreSQL trigger's EXECUTE FUNCTION names a function (not read here)."""
    upper = [v.upper() for _, v in words]
    for key in ("BEGIN", "DO"):
        if key in upper:
            at = upper.index(key) + 1
            if key == "DO" and at < len(upper) and upper[at] in ("ALSO", "INSTEAD"):
                at += 1
            return " ".join(v for _, v in words[at:])
    if "FOR" in upper and "EACH" in upper and "ROW" in upper:  # MySQL: FOR EACH ROW <statement>
        return " ".join(v for _, v in words[upper.index("ROW") + 1 :])
    return ""


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
        elif kind == "Token.Literal" and value.startswith("$") or "String" in kind and (
                before == "DO" or before == "AS" and upper[0] == "CREATE" and
                ("FUNCTION" in upper or "PROCEDURE" in upper)):
            body = _unquote(value)  # a function, procedure or DO body ($$, or '' quoted)
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


SURREAL_REMOVES = frozenset(("TABLE", "DATABASE", "DB", "NAMESPACE", "NS", "FIELD", "INDEX",
                             "EVENT", "ANALYZER", "FUNCTION"))
# EdgeQL's WHERE: `delete User filter .id = <uuid>$id` (ORDER BY, OFFSET, LIMIT may follow)
EDGEQL_FILTER = re.compile(r"(?is)\bfilter\s+(.+?)(?:\s+\b(?:order\s+by|offset|limit)\b.*)?;?\s*$")


def _where(statement: Any) -> str | None:
    from sqlparse import tokens as T
    from sqlparse.sql import Where

    for tok in statement.tokens:
        if isinstance(tok, Where):  # comments dropped: `WHERE 1 -- keep` is `WHERE 1`
            text = "".join(" " if t.ttype in T.Comment else t.value for t in tok.flatten()).strip()
            return re.sub(r"(?is)^where\s+", "", text)
    m = EDGEQL_FILTER.search(str(statement))
    return re.sub(r"(?<![\w)\]])\.(?=[A-Za-z_])", "", m.group(1)) if m else None  # `.id`: id


MONGO_CALLS = [
    (re.compile(r"\.dropDatabase\s*\("), "mongo.drop", "dropDatabase()"),
    (re.compile(r"\.drop\s*\(\s*\)"), "mongo.drop", "collection.drop()"),
    (re.compile(r"\.(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\)"), "mongo.delete_all",
     "deleteMany({}) / remove({})"),
    (re.compile(r"\.updateMany\s*\(\s*\{\s*\}\s*,"), "mongo.update_all", "updateMany({}, ...)"),
    # database commands as documents, whatever helper sends them
    (re.compile(r"\.(?:runCommand|adminCommand|command)\s*\(\s*\{\s*(?:dropDatabase|drop|dropAllUsersFromDatabase)\s*:"),
     "mongo.drop", "runCommand({drop...})"),
    (re.compile(r"\b(?:deleteMany|remove)\s*:\s*\{\s*filter\s*:\s*\{\s*\}|\bq\s*:\s*\{\s*\}\s*,\s*limit\s*:\s*0"),
     "mongo.delete_all", "bulkWrite/delete command with an empty filter"),
    (re.compile(r"\.(?:deleteMany|remove)\s*\(\s*\{\s*_id\s*:\s*\{\s*\$(?:exists\s*:\s*(?:true|1)|ne\s*:\s*null)\s*\}\s*\}"),
     "mongo.delete_all", "deleteMany with a filter every document matches"),
    (re.compile(r"\$out\s*:"), "mongo.drop", "aggregate $out replaces the collection it names"),
    (re.compile(r"\.renameCollection\s*\([^)]*,\s*true\s*\)"), "mongo.drop",
     "renameCollection(..., true) drops the target"),
    (re.compile(r"expireAfterSeconds\s*:\s*0\b"), "mongo.delete_all",
     "a TTL index with expireAfterSeconds: 0 deletes every document it covers"),
]


# the collection's own documents, reshaped, written back over every one of them (read on the
# text with its strings: the collection names are strings)
MONGO_MERGE_SELF = re.compile(r"""\b(\w+)\s*\.\s*aggregate\s*\((?s:.*?)\$merge\s*:\s*\{(?s:[^}]*?)\binto\s*:\s*["']\1["'](?s:[^}]*?)\bwhenMatched\s*:\s*["']replace["']""")


def analyze_mongo(view, params: dict) -> list[Fact]:
    if view.program not in params.get("clients", ["mongosh", "mongo"]):
        return []
    texts = view.args.values("--eval")
    facts = []
    scripts = view.args.values("--file") + view.args.values("-f") + \
        [w.text for w in view.args.positionals if w.text.endswith(".js")]
    for path in scripts:  # `mongosh URL f.js`, `mongosh --file f.js`
        script = read(path, view.ctx)
        if script is None and view.ctx.file_kind(path) != "missing":  # a missing one runs nothing
            facts.append(Fact("mongo.unknown", f"cannot read the script {path}", path))
        elif script is not None:
            texts.append(script)
    has, text = stdin_text(view.cmd, view.ctx)
    if has and text is None:
        return facts + [Fact("mongo.unknown", "cannot read the script on standard input")]
    if text:
        texts.append(text)
    if "--norc" not in view.args.flags:  # the shell's start-up file runs too (after --eval)
        for spec in params.get("startup", []):
            name, _, tail = spec[1:].partition("/")
            home = view.env(name)
            if home and "$" not in home and "`" not in home:
                rc = read(home.rstrip("/") + ("/" + tail if tail else ""), view.ctx)
                if rc:
                    texts.append(rc)
    for original in list(texts):  # `load("drop.js")`: the file's code runs too
        for m in re.finditer(r"""\bload\s*\(\s*['"]([^'"]+)['"]""", original):
            script = read(m.group(1), view.ctx)
            if script is None and view.ctx.file_kind(m.group(1)) != "missing":
                facts.append(Fact("mongo.unknown", f"cannot read the script {m.group(1)}", m.group(1)))
            elif script is not None:
                texts.append(script)
    for original in texts:
        # `db["users"]["drop"]()` is `db.users.drop()`; `{"dropDatabase": 1}` is `{dropDatabase: 1}`
        original = re.sub(r"""\[\s*(['"])([A-Za-z_$][\w$]*)\1\s*\]""", r".\2", original)
        original = re.sub(r"""(['"])([A-Za-z_$][\w$]*)\1\s*:""", r"\2:", original)
        code = re.sub(r"//[^\n]*|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"", "''", original)
        for pattern, label, detail in MONGO_CALLS:
            m = pattern.search(code)
            if m:
                facts.append(Fact(label, detail, _mongo_target(view, code, m.start())))
        m = MONGO_MERGE_SELF.search(re.sub(  # `db.getCollection("users")` is `db.users`
            r"""\.getCollection\(\s*(['"])([A-Za-z_$][\w$]*)\1\s*\)""", r".\2", original))
        if m:
            facts.append(Fact("mongo.update_all", "aggregate $merge replaces every document of "
                              "the collection it reads", m.group(1)))
        if not any(f.label in ("mongo.delete_all", "mongo.update_all") for f in facts):
            dynamic = MONGO_DYNAMIC.search(code)
            if dynamic:  # `deleteMany(filter)`, `deleteMany(JSON.parse(s))`: unknown documents
                facts.append(Fact("mongo.unknown", f"the filter of {dynamic.group(1)} is only "
                                  "known at run time", _mongo_target(view, code, dynamic.start())))
            for m in MONGO_FILTERED.finditer(original):
                verb = m.group(1) or m.group(2)
                label = "mongo.update_all" if verb == "updateMany" else "mongo.delete_all"
                if mongo_matches_all(original, m.end()):
                    facts.append(Fact(label, f"{verb} with a filter every document matches",
                                      _mongo_target(view, original, m.start())))
                    break
                if mongo_excludes_only(original, m.end()):
                    facts.append(Fact(label + "_but", f"{verb} whose filter only names documents "
                                      "to keep ($ne, $nin, $nor): every other one",
                                      _mongo_target(view, original, m.start())))
                    break
    return facts


# a many-document call whose filter is not a literal document
MONGO_DYNAMIC = re.compile(r"\.(deleteMany|remove|updateMany)\s*\(\s*(?![{)\s])")
# calls and bulk operations whose first argument (or `filter:`) chooses the documents
MONGO_FILTERED = re.compile(r"\.(deleteMany|remove|updateMany)\s*\(\s*(?=\{)|"
                            r"\b(deleteMany|updateMany)\s*:\s*\{\s*filter\s*:\s*(?=\{)")
MONGO_TOKEN = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|/(?:\\.|[^/\\\n])+/[a-z]*|"""
                         r"""[-+]?\d+(?:\.\d+)?|[$A-Za-z_][\w$]*|[{}\[\]:,()]|\S""")
MAX_MONGO_TOKENS = 2000


def mongo_matches_all(code: str, at: int) -> bool:
    """Whether the filter document starting at `code[at]` matches every document: folded the
    way a SQL WHERE is (`{}`, `{$where: "true"}`, `{$expr: true}`, `{$nor: []}`, `{$or: [{}]}`,
    `{_id: {$exists: true}}`, `{_id: {$gte: MinKey}}`, `{x: {$nin: []}}`). A filter agentsh cannot
    read is not (it chooses documents)."""
    tokens = MONGO_TOKEN.findall(code[at : at + 20000])[:MAX_MONGO_TOKENS]
    try:
        value, _ = _mongo_value(tokens, 0, 0)
    except (IndexError, ValueError, RecursionError):
        return False
    return isinstance(value, dict) and _matches_all(value) is True


def mongo_excludes_only(code: str, at: int) -> bool:
    """Whether the filter document at `code[at]` only names values to keep out: every field
    condition is `$ne`, `$nin` or `$not` of an equality (`{name: {$ne: "x"}}`, `{age: {$nin: [1,
    2]}}`), or `$nor` of plain equalities: the SQL `WHERE x != 'a'` (see sqlwhere.only_excludes)."""
    tokens = MONGO_TOKEN.findall(code[at : at + 20000])[:MAX_MONGO_TOKENS]
    try:
        value, _ = _mongo_value(tokens, 0, 0)
    except (IndexError, ValueError, RecursionError):
        return False
    if not isinstance(value, dict):
        return False
    parts = {k: v for k, v in value.items() if k != "$comment"}
    # a part every document matches (`_id: {$exists: true}`) narrows nothing
    return any(_excludes(k, v) for k, v in parts.items()) and all(
        _excludes(k, v) or _matches_all({k: v}) is True for k, v in parts.items())


def _plain(v) -> bool:
    return isinstance(v, tuple) and v[0] in ("str", "num", "lit") and v != ("lit", "null")


def _excludes(key: str, value) -> bool:
    if key in ("$and", "$or") and isinstance(value, list) and value:
        parts = [isinstance(d, dict) and bool(d) and all(
            _excludes(k, v) for k, v in d.items() if k != "$comment") for d in value]
        return all(parts) if key == "$and" else any(parts)
    if key == "$nor":
        return isinstance(value, list) and bool(value) and all(
            isinstance(d, dict) and d and all(not k.startswith("$") and _plain(v) for k, v in d.items())
            for d in value)
    if key.startswith("$") or not isinstance(value, dict) or len(value) != 1:
        return False
    (op, arg), = value.items()
    if op == "$ne":
        return _plain(arg)
    if op == "$nin":
        return isinstance(arg, list) and bool(arg) and all(_plain(a) for a in arg)
    if op == "$not" and isinstance(arg, dict) and len(arg) == 1:
        (inner, x), = arg.items()
        return inner == "$eq" and _plain(x) or inner == "$in" and isinstance(x, list) and \
            bool(x) and all(_plain(a) for a in x)
    return False


def _mongo_value(tokens: list[str], i: int, depth: int):
    if depth > 50:
        raise ValueError("deep")
    tok = tokens[i]
    if tok == "{":
        out: dict = {}
        i += 1
        while tokens[i] != "}":
            key = tokens[i].strip("'\"")
            if tokens[i + 1] != ":":
                raise ValueError("key")
            value, i = _mongo_value(tokens, i + 2, depth + 1)
            out[key] = value
            if tokens[i] == ",":
                i += 1
        return out, i + 1
    if tok == "[":
        items: list = []
        i += 1
        while tokens[i] != "]":
            value, i = _mongo_value(tokens, i, depth + 1)
            items.append(value)
            if tokens[i] == ",":
                i += 1
        return items, i + 1
    if tok[0] in "'\"":
        return ("str", tok[1:-1]), i + 1
    if tok[0] == "/":
        return ("re", tok), i + 1
    if tok in ("MinKey", "MaxKey"):  # `MinKey` or `MinKey()`
        return ("lit", tok), i + 3 if tokens[i + 1 : i + 3] == ["(", ")"] else i + 1
    if tok in ("true", "false", "null", "undefined"):
        return ("lit", tok), i + 1
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", tok):
        return ("num", float(tok)), i + 1
    # anything else (a call, a variable, an expression): skip it, its value unknown
    j, depth_here = i, 0
    while j < len(tokens):
        t = tokens[j]
        if t in "{[(":
            depth_here += 1
        elif t in "}])":
            if depth_here == 0:
                break
            depth_here -= 1
        elif t == "," and depth_here == 0:
            break
        j += 1
    return ("unknown", " ".join(tokens[i:j])), j


TRUE_LITERALS = (("lit", "true"), ("num", 1.0), ("str", "true"), ("str", "return true"),
                 ("str", "1"))


def _matches_all(doc: dict) -> bool | None:
    """True when every document matches `doc`; None when it depends on the document."""
    for key, value in doc.items():
        if key == "$comment":
            continue
        if key in ("$where", "$expr"):
            if value in TRUE_LITERALS or _reads_no_field(value):
                continue  # one value for every document: all of them or none
            if key == "$expr" and _expr_before_now(value):
                continue
            return None
        if key == "$nor":
            if value == []:
                continue
            return None
        if key in ("$or", "$and"):
            if not isinstance(value, list):
                return None
            parts = [_matches_all(v) if isinstance(v, dict) else None for v in value]
            if key == "$or" and any(p is True for p in parts) or \
                    key == "$and" and all(p is True for p in parts):
                continue
            return None
        if isinstance(value, dict) and value and all(k.startswith("$") for k in value):
            if all(_operator_all(key, op, arg) for op, arg in value.items()):
                continue
        if isinstance(value, tuple) and value[0] == "re" and \
                _matches_any_text(value[1][1:value[1].rindex("/")]):
            continue  # `{name: /.*/}`: every document's text (as SQL's LIKE '%')
        return None
    return True


FALSE_LITERALS = (("lit", "false"), ("num", 0.0), ("str", "false"), ("str", "0"), ("lit", "null"),
                  ("str", "return false"), ("str", ""))


def _reads_no_field(value) -> bool:
    """A `$where`/`$expr` value that reads nothing of the document (no `this`, `obj` or
    `$field` path) and is not plainly false: `"1 == 1"`, `{$eq: [1, 1]}`."""
    if value in FALSE_LITERALS:
        return False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif item[0] == "str" and (re.search(r"\b(this|obj)\b", item[1]) or
                                   item[1].startswith("$")):
            return False
        elif item[0] == "unknown" and not (item[1].startswith("function") and
                                           not re.search(r"\b(this|obj|arguments)\b", item[1])):
            return False  # a value agentsh cannot read, or a function that reads the document
    return True


def _operator_all(field: str, op: str, arg) -> bool:
    """Whether `{field: {op: arg}}` holds for every document."""
    if op == "$nin":
        return arg == []
    if op == "$regex" and isinstance(arg, tuple):
        text = arg[1] if arg[0] == "str" else arg[1][1:arg[1].rindex("/")] if arg[0] == "re" \
            else None
        return text is not None and _matches_any_text(text)
    if op == "$not":
        return isinstance(arg, dict) and (arg.get("$in") == [] or field == "_id" and
                                          arg in ({"$eq": ("lit", "null")},
                                                  {"$exists": ("lit", "false")}))
    if op in ("$lt", "$lte") and _now(arg) and PAST_EVENT.match(_snake(field)):
        return True  # `{createdAt: {$lt: new Date()}}`: nothing was made after now
    if field != "_id":  # other fields may be missing from a document
        return False
    if op == "$exists":
        return arg in (("lit", "true"), ("num", 1.0))
    if op in ("$ne",):
        return arg == ("lit", "null")
    if op in ("$gte", "$gt"):
        return arg == ("lit", "MinKey")
    if op in ("$lte", "$lt"):
        return arg == ("lit", "MaxKey")
    return False


def _expr_before_now(value) -> bool:
    """`{$expr: {$lt: ["$createdAt", "$$NOW"]}}` (or `$lte`, or `{$gt: ["$$NOW", "$createdAt"]}`):
    a past event's time before the time the statement runs, true for every document, as
    `{createdAt: {$lt: new Date()}}` is."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (op, args), = value.items()
    if not isinstance(args, list) or len(args) != 2:
        return False
    if op in ("$gt", "$gte"):
        args = args[::-1]
    elif op not in ("$lt", "$lte"):
        return False
    field, when = args
    return isinstance(field, tuple) and field[0] == "str" and field[1].startswith("$") and \
        not field[1].startswith("$$") and _now(when) and bool(PAST_EVENT.match(_snake(field[1][1:])))


def _now(arg) -> bool:
    """`new Date()`, `Date.now()`, `ISODate()`, `"$$NOW"`: the time the statement runs."""
    if arg == ("str", "$$NOW"):
        return True
    return isinstance(arg, tuple) and arg[0] == "unknown" and \
        re.sub(r"\s+", "", arg[1]) in ("newDate()", "Date.now()", "ISODate()", "newISODate()")


def _snake(field: str) -> str:
    """`createdAt` -> `created_at`, for the SQL column-name patterns."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", field.rsplit(".", 1)[-1]).lower()


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
REDIS_SCRIPTS = frozenset(("EVAL", "EVAL_RO", "FUNCTION", "SCRIPT"))
REDIS_VALUES = frozenset(("-h", "-p", "-a", "-n", "-u", "--user", "--pass", "-s", "-r", "-i",
                          "--pattern", "--eval", "--tls-cert", "--cacert", "--key", "--sni"))
LUA_CONCAT = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*\.\.\s*"""
                        r"""(['"])((?:(?!\2)[^\\]|\\.)*\2)""")
LUA_DYNAMIC_CALL = re.compile(r"""redis\.p?call\s*\(\s*(?!['"])""", re.I)
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
    for _ in range(8):  # `'FLU' .. 'SHALL'`: Lua string concatenation of literals, folded
        folded = LUA_CONCAT.sub(lambda m: m.group(1)[:-1] + m.group(3)[:-1] + m.group(1)[0], script)
        if folded == script:
            break
        script = folded
    calls = {c.lower() for c in LUA_CALL.findall(script)}
    if LUA_DYNAMIC_CALL.search(script):
        return [Fact("redis.unknown", f"a Lua script calls a Redis command built when it runs "
                                      f"({where})")]
    if calls & {"flushall", "flushdb"}:
        return [Fact("redis.flush", f"FLUSHALL in a Lua script ({where})")]
    if calls & {"del", "unlink"} and calls & {"keys", "scan"}:
        return [Fact("redis.del_pattern", f"DEL of every key KEYS/SCAN returns, in a Lua script "
                                          f"({where})")]
    return []


def analyze_redis(view, params: dict) -> list[Fact]:
    if view.program not in params.get("clients", ["redis-cli", "valkey-cli", "keydb-cli"]):
        return _redis_shell(view, params)
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
    last_arg = "-x" in words[: len(words) - len(commands[0])] if commands else False
    if last_arg and commands and commands[0][0].upper() in REDIS_SCRIPTS:
        # `redis-cli -x EVAL 0 < wipe.lua`: standard input is the script, the last argument
        if text is not None:
            facts += lua_facts(text, commands[0][0].upper())
        elif has:
            facts.append(Fact("redis.unknown", "cannot read the Lua script on standard input"))
    elif text:
        # `printf 'FLUSHALL\r\n' | redis-cli`: the escapes printf turns into line ends
        text = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n")
        commands += _lines(text.replace("\r", "\n"))
    elif has and text is None and not commands:  # `redis-cli < cmds.txt`: commands unknown
        facts.append(Fact("redis.unknown", "cannot read the commands on standard input"))
    host = next((words[k + 1] for k, w in enumerate(words[:-1]) if w in ("-h", "-u")), "")
    return facts + redis_command_facts(commands, host)


redis_lines = _lines


def _redis_shell(view, params: dict) -> list[Fact]:
    """A PaaS command that opens redis-cli on the service's Redis (`[analyzer.redis] shells`:
    `railway connect redis`, `fly redis connect`, `heroku redis:cli`): the commands on its
    standard input are Redis commands (`<<< FLUSHALL`)."""
    words = [w.text for w in view.args.positionals]
    if not any(words[: len(s.split()) - 1] == s.split()[1:] for s in params.get("shells", ())
               if s.split()[0] == view.program):
        return []
    text = stdin_text(view.cmd, view.ctx)[1]
    if not text:
        return []
    text = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n")
    return redis_command_facts(_lines(text.replace("\r", "\n")), "")


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
        elif verb == "FUNCTION" and len(argv) > 2 and argv[1].upper() == "LOAD":
            facts += lua_facts(argv[-1], "FUNCTION LOAD")
        elif verb == "FUNCTION" and len(argv) > 1 and argv[1].upper() == "FLUSH":
            facts.append(Fact("redis.functions_flush", "FUNCTION FLUSH: every function library "
                                                       "stored in the server is deleted", host or verb))
        elif verb == "DEBUG" and len(argv) > 2 and argv[1].upper() == "RELOAD" and \
                "NOSAVE" in (a.upper() for a in argv[2:]):
            facts.append(Fact("redis.replace_all", "DEBUG RELOAD NOSAVE: the dataset is replaced "
                                                   "by the last saved one (writes since are lost)",
                              host or verb))
        elif verb in ("REPLICAOF", "SLAVEOF") and len(argv) > 2 and \
                not (argv[1].upper() == "NO" and argv[2].upper() == "ONE"):
            facts.append(Fact("redis.replace_all", f"{verb} {argv[1]}: this server discards its "
                                                   "whole dataset and copies the other's", host or verb))
        elif verb == "MIGRATE" and "COPY" not in (a.upper() for a in argv):
            facts.append(Fact("redis.replace_all", "MIGRATE moves keys off this server (deleted "
                                                   "here)", host or verb))
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
    facts = [Fact("cypher.unknown", f"cannot read the query in {u.removeprefix(UNSEEN)}")
             for u in unreadable]
    for text in texts:
        facts += cypher_facts(text)
    return facts
