"""A SQL client given only literal SQL that writes no file (`psql -d app_dev -c 'SELECT 1'`,
`sqlite3 db/dev.sqlite3 '.tables'`), judging text alone: as quiet as a program with plain words
(`dataflow.unseen_quiet`), so a recipe read after it (`&& npm test`) is as unseen as ever, not
"written in a way agentsh does not follow" (docs/precision.md, round 9).

What it may do to the database is the SQL rules' business; here only files count. Every
statement must be a query (`SELECT`, `EXPLAIN`, `SHOW`, `DESCRIBE`, `VALUES`, `TABLE`) or a
listing meta-command (`\\dt`, `.tables`, `.schema`), with no word that writes or runs
elsewhere (`COPY`, `\\o`, `.output`, `ATTACH`, `INTO OUTFILE`, `writefile()`, `lo_export`,
`load_extension`, `\\!`, `.shell`), and only options known to read (no `-f`, `-o`, `-L`,
`--init`, `-cmd`). Anything else: None (unknown, as before)."""

from __future__ import annotations

from agentsh.engine.lazyre import later

CLIENTS = frozenset(("psql", "sqlite3", "mysql", "mariadb"))
QUERIES = frozenset(("select", "explain", "show", "describe", "desc", "values", "table"))
META = frozenset(("\\d", "\\dt", "\\dt+", "\\d+", "\\di", "\\dn", "\\ds", "\\dv", "\\df",
                  "\\du", "\\dx", "\\l", "\\l+", "\\conninfo", "\\x",
                  ".tables", ".schema", ".indexes", ".indices", ".databases", ".dbinfo",
                  ".fullschema", ".show", ".headers", ".mode"))
# words that write a file, run a program or read code from elsewhere, in any statement
WRITERS = later(r"(?i)\bcopy\b|\binto\s+(?:out|dump)file\b|writefile|\bedit\s*\(|lo_export|"
                r"pg_file_write|\bprogram\b|load_extension|\battach\b|\bvacuum\b|\bsystem\b|"
                r"\bshell\b|\bsource\b|\btee\b|\bpager\b|\\[!ogwi]|\bdblink|\bfdw\b")
PSQL_VALUE = frozenset(("-h", "--host", "-p", "--port", "-U", "--username", "-d", "--dbname"))
PSQL_FLAGS = frozenset(("-t", "--tuples-only", "-A", "--no-align", "-X", "--no-psqlrc", "-q",
                        "--quiet", "-x", "--expanded", "-w", "--no-password", "--csv", "-H",
                        "--html", "-1", "--single-transaction", "-b", "--echo-errors", "-e",
                        "--echo-queries", "-a", "--echo-all"))
MYSQL_VALUE = frozenset(("-h", "--host", "-P", "--port", "-u", "--user", "-D", "--database"))
MYSQL_FLAGS = frozenset(("-N", "--skip-column-names", "-B", "--batch", "-t", "--table", "-s",
                         "--silent", "-E", "--vertical", "-r", "--raw", "--protocol=tcp"))
SQLITE_FLAGS = frozenset(("-header", "-noheader", "-column", "-csv", "-json", "-line",
                          "-list", "-box", "-table", "-markdown", "-readonly", "-batch",
                          "-bail", "-quote", "-html"))


def named(prog: str, args: list[str]) -> tuple[str, ...] | None:
    """The places the words name (sqlite3's database file) when `prog ARGS` is a client run
    with literal read-only SQL only; None otherwise."""
    if prog == "psql":
        return _client(args, PSQL)
    if prog in ("mysql", "mariadb"):
        return _client(args, MYSQL)
    if prog == "sqlite3":
        return _sqlite(args)
    return None


class _Client:
    """How one command-line client takes its SQL and its options."""

    __slots__ = ("sql", "values", "flags", "joined", "cluster", "secret", "positional", "meta")

    def __init__(self, sql, values, flags, joined, cluster, secret, positional, meta) -> None:
        self.sql, self.values, self.flags, self.joined = sql, values, flags, joined
        self.cluster, self.secret, self.positional, self.meta = cluster, secret, positional, meta


PSQL = _Client(("-c", "--command"), PSQL_VALUE, PSQL_FLAGS, ("-h", "-p", "-U", "-d"),
               "tAXqxwHbea1", (), 2, "\\")
# (`-p...` or `--password...`: a password typed in the words, read nowhere but the server)
MYSQL = _Client(("-e", "--execute"), MYSQL_VALUE, MYSQL_FLAGS, ("-h", "-u", "-D", "-P"),
                "", ("-p", "--password"), 1, "")


def _client(args: list[str], c: _Client) -> tuple[str, ...] | None:
    sql, positional, i = [], 0, 0
    while i < len(args):
        a = args[i]
        if a in c.sql and i + 1 < len(args):
            sql.append(args[i + 1])
            i += 2
            continue
        if a.startswith(c.sql[1] + "="):
            sql.append(a.split("=", 1)[1])
        elif a in c.values and i + 1 < len(args):
            i += 1
        elif any(a.startswith(o + "=") for o in c.values if o.startswith("--")) or \
                a in c.flags:
            pass
        elif a[:2] in c.joined and len(a) > 2:
            pass
        elif c.cluster and len(a) > 2 and a[0] == "-" and a[1] != "-" and \
                all(ch in c.cluster for ch in a[1:]):
            pass  # `-At`: flags run together
        elif c.secret and a.startswith(c.secret):
            pass
        elif a.startswith("-"):
            return None
        else:
            positional += 1
            if positional > c.positional:
                return None
        i += 1
    return () if sql and all(_reads(s, c.meta) for s in sql) else None


def _sqlite(args: list[str]) -> tuple[str, ...] | None:
    rest = [a for a in args if a not in SQLITE_FLAGS]
    if len(rest) < 2 or any(a.startswith("-") for a in rest):
        return None
    db, sql = rest[0], rest[1:]
    return (db,) if all(_reads(s, ".") for s in sql) else None


def _reads(text: str, meta: str) -> bool:
    """Every statement of `text` is a query or a listing meta-command (`meta`: its first
    character, "" for none) and no word in it writes or runs anything elsewhere."""
    plain = _without_strings(text)
    if plain is None or WRITERS.search(plain):
        return False
    found = False
    for part in plain.split(";"):
        part = part.strip()
        if not part:
            continue
        found = True
        if meta and part.startswith(meta):
            if part.split()[0] not in META or "\n" in part:
                return False
            continue
        if part.split()[0].lower().lstrip("(") not in QUERIES:
            return False
    return found


def _without_strings(text: str) -> str | None:
    """`text` with each single-quoted SQL string emptied (`'a;b'` is `''`), None when one is
    left open or the text holds a comment, a dollar quote or a double-quoted name with a
    quote in it (not read here)."""
    if "--" in text or "/*" in text or "$$" in text or "#" in text:
        return None
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "'":
            end = text.find("'", i + 1)
            while end >= 0 and text[end + 1:end + 2] == "'":
                end = text.find("'", end + 2)
            if end < 0:
                return None
            out.append("''")
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)
