"""Text sent to a network service in the service's own protocol.

`printf 'FLUSHALL\\r\\n' | nc cache 6379`, `echo flush_all | nc memcache 11211`, an HTTP request
line piped into `nc`, `socat`, `telnet` or `openssl s_client`, or written to `/dev/tcp/HOST/PORT`
(or to a descriptor `exec 3<>/dev/tcp/...` opened): the text is read as the protocol the port
names in `[analyzer.net] ports`, or, on another port, as whichever protocol it looks like. Its
facts join the protocol's domain, so the Redis, HTTP and SQL rules see `nc` as they see
`redis-cli`, `curl` and `psql`. SQL sent in an HTTP body (ClickHouse, `?query=`, JSON
`"statement"`) is read by the SQL rules too."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import SOCKET_PROGRAMS, sends_text, stdin_text
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact

DEV_NET = later(r"^/dev/(?:tcp|udp)/([^/]+)/(\w+)$")
SOCAT_ADDRESS = later(r"(?i)^(?:tcp[46]?|tcp[46]?-connect|openssl|openssl-connect|ssl|udp[46]?|"
                           r"udp[46]?-sendto)?:([^:,\s]+):(\w+)")
REQUEST_LINE = later(r"(?m)^\s*([A-Z]{3,10}) (\S+) HTTP/\d(?:\.\d)?\s*$")
SQL_START = later(r"(?is)^\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|"
                       r"WITH|INSERT|CREATE|REPLACE|RENAME|MERGE|DO|EXECUTE|PREPARE|COPY|CALL)\b"
                       r"(?=\W+\w)")  # a statement, not one word (`?q=delete` is a search)
SQL_KEYS = frozenset(("query", "sql", "statement", "stmt", "command", "q"))
# keys whose value is a list of statements as plain strings (libSQL/Turso's HTTP API
# `{"statements": ["DROP TABLE users"]}`, batch endpoints)
SQL_LIST_KEYS = frozenset(("statements", "queries", "stmts", "sqls", "commands"))


class Sent:
    """Text a command sends to host:port (text None: produced at run time)."""

    def __init__(self, text: str | None, host: str, port: str, known_sink: bool) -> None:
        self.text = _clean(text) if text is not None else None
        self.host, self.port, self.known_sink = host, port, known_sink


def _clean(text: str) -> str:
    return text.replace("\\r", "").replace("\r", "").replace("\\n", "\n")


def _endpoint(view) -> tuple[str, str]:
    """The host and port a socket client connects to ('' when not written literally)."""
    words = [w.text for w in view.cmd.words[1:]]
    program = view.program if view.program in SOCKET_PROGRAMS else view.cmd.program
    if program == "socat":
        for word in words:
            m = SOCAT_ADDRESS.match(word)
            if m:
                return m.group(1), m.group(2)
        return "", ""
    if program in ("openssl", "gnutls-cli"):
        for i, word in enumerate(words):
            if word in ("-connect", "--connect") and i + 1 < len(words):
                host, _, port = words[i + 1].rpartition(":")
                return host, port
            if word.startswith("-connect="):
                host, _, port = word.split("=", 1)[1].rpartition(":")
                return host, port
            if word in ("-p", "--port") and i + 1 < len(words):
                return next((w for w in words if not w.startswith("-") and w != words[i + 1]),
                            ""), words[i + 1]
        return "", "443"
    plain = [w for w in words if not w.startswith("-")]
    ports = [i for i, w in enumerate(plain) if w.isdigit() or re.fullmatch(r"\d+-\d+", w)]
    if ports and ports[-1] > 0:
        return plain[ports[-1] - 1], plain[ports[-1]]
    return (plain[-1] if plain else ""), ""


def sent(view) -> list[Sent]:
    """What this command sends over the network, as literal text where agentsh can tell."""
    out = []
    words = [w.text for w in view.cmd.words[1:]]
    listens = any(w in ("-l", "--listen") or re.fullmatch(r"-[a-zA-Z]*l[a-zA-Z]*", w) for w in words)
    if (view.program in SOCKET_PROGRAMS or view.cmd.program in SOCKET_PROGRAMS) and not listens:
        has, text = stdin_text(view.cmd, view.ctx)
        if has:
            host, port = _endpoint(view)
            out.append(Sent(text, host, port, True))
    from agentsh.engine.parse.shared import literal_output

    writes = bool(view.cmd.argv) and view.cmd.argv[0] != "exec"  # `exec 3<>/dev/tcp/..` only opens
    for red in view.cmd.redirects if writes else ():
        m = DEV_NET.match(red.target.text)
        if m and red.op in (">", ">>", ">|", "<>", "&>"):
            out.append(Sent(literal_output(view.cmd), m.group(1), m.group(2), True))
        elif red.op == ">&" and red.target.text.isdigit() and int(red.target.text) > 2:
            text = literal_output(view.cmd)
            if text is not None:  # a descriptor opened elsewhere, maybe a socket: judged by its text
                out.append(Sent(text, "", "", False))
    return out


def protocol(item: Sent, params: dict) -> str | None:
    """The protocol a port names in [analyzer.net] ports, else what the text looks like
    ('http' for a request line), else None (read as every protocol)."""
    named = params.get("ports", {}).get(item.port)
    if named:
        return named
    if item.text and REQUEST_LINE.search(item.text):
        return "http"
    return None


def _requests(text: str, host: str) -> list[tuple[str, str, str]]:
    """(method, url, body) of each HTTP/1 request in `text`."""
    out = []
    matches = list(REQUEST_LINE.finditer(text))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        head, _, body = text[m.end():end].partition("\n\n")
        host_header = re.search(r"(?im)^host:\s*(\S+)", head)
        url = m.group(2)
        if not url.startswith("http"):
            url = f"http://{host_header.group(1) if host_header else host or 'host'}{url}"
        out.append((m.group(1), url, body.strip()))
    return out


CYPHER_START = later(r"(?i)^\s*(?:MATCH|OPTIONAL\s+MATCH|UNWIND|WITH|CALL|DROP|"
                     r"CREATE\s+OR\s+REPLACE\s+DATABASE)\b")


def http_cypher_facts(view) -> list[Fact]:
    """Cypher in an HTTP client's request: Neo4j's transaction API (`POST
    /db/neo4j/tx/commit` with `{"statements": [{"statement": "MATCH (n) DETACH DELETE n"}]}`)."""
    from agentsh.engine.domains.http import request_of
    from agentsh.engine.domains.sql import cypher_facts

    req = request_of(view)
    if req is None:
        return []
    facts: list[Fact] = []
    for url in req.urls or [""]:
        for text in sql_in_http(url, req.bodies, CYPHER_START):
            facts += cypher_facts(text)
    return facts


def sql_in_http(url: str, bodies: list[str], start=None) -> list[str]:
    """SQL an HTTP request carries to a database's HTTP interface: a body that is a statement,
    a `query=`/`sql=` URL parameter, or a JSON string under a key such as "query", "sql",
    "statement"."""
    import urllib.parse  # only for a command that talks HTTP (start-up cost: docs/benchmarks.md)

    start = start or SQL_START

    texts = []
    query = urllib.parse.urlsplit(url if "://" in url else "http://" + url).query
    for key, value in urllib.parse.parse_qsl(query):
        if key.lower() in SQL_KEYS and start.match(value):
            texts.append(value)
    for body in bodies:
        if start.match(body):
            texts.append(body)
            continue
        if body.lstrip().startswith("{"):
            import json  # only for a JSON body

            try:
                data = json.loads(body)
            except ValueError:
                continue
            stack = [data]
            while stack and len(texts) < 20:
                item = stack.pop()
                if isinstance(item, dict):
                    for key, value in item.items():
                        if isinstance(value, str) and key.lower() in SQL_KEYS and start.match(value):
                            texts.append(value)
                        elif isinstance(value, list) and key.lower() in SQL_LIST_KEYS:
                            texts += [v for v in value[:20] if isinstance(v, str) and start.match(v)]
                            stack.append(value)
                        elif isinstance(value, (dict, list)):
                            stack.append(value)
                elif isinstance(item, list):
                    stack.extend(v for v in item if isinstance(v, (dict, list)))
        elif "=" in body and "&" in body or re.match(r"^[\w%.-]+=", body):  # a form: `q=DROP ...`
            for key, value in urllib.parse.parse_qsl(body):
                if key.lower() in SQL_KEYS and start.match(value):
                    texts.append(value)
    return texts


def domain_facts(view, domain: str) -> list[Fact]:
    """The facts of `domain` (redis, http, sql, net) in the text this command sends."""
    params = view.policy.analyzer("net")
    facts: list[Fact] = []
    for item in sent(view):
        where = f"{item.host}:{item.port}" if item.host or item.port else "a descriptor"
        proto = protocol(item, params)
        if item.text is None:
            if domain == "net" and proto:
                facts.append(Fact("net.unknown", f"cannot read the text sent to {proto} at {where}",
                                  where))
            continue
        if domain == "redis" and proto in (None, "redis"):
            from agentsh.engine.domains.sql import redis_command_facts, redis_lines

            facts += redis_command_facts(redis_lines(item.text), item.host)
        elif domain == "net" and proto in (None, "memcached"):
            if re.search(r"(?m)^\s*flush_all\b", item.text):
                facts.append(Fact("net.memcached_flush", f"flush_all to {where}", where))
        elif domain in ("http", "sql") and proto in (None, "http", "sql"):
            for method, url, body in _requests(item.text, item.host):
                if domain == "http":
                    from agentsh.engine.domains.http import Request, request_facts

                    req = Request()
                    req.method, req.urls, req.bodies = method, [url], [body] if body else []
                    facts += request_facts(req, view.policy.analyzer("http"))
                else:
                    from agentsh.engine.domains.sql import statement_facts

                    for text in sql_in_http(url, [body]):
                        facts += statement_facts(text)
            if domain == "sql" and proto in (None, "sql") and SQL_START.match(item.text):
                from agentsh.engine.domains.sql import statement_facts

                facts += statement_facts(item.text)
    return facts


def http_sql_facts(view) -> list[Fact]:
    """SQL in an HTTP client's request (`curl URL:8123 --data-binary 'DROP TABLE t'`)."""
    from agentsh.engine.domains.http import request_of
    from agentsh.engine.domains.sql import statement_facts

    req = request_of(view)
    if req is None:
        return []
    facts: list[Fact] = []
    for url in req.urls or [""]:
        for text in sql_in_http(url, req.bodies):
            facts += statement_facts(text)
    return facts


def analyze(view, params: dict) -> list[Fact]:
    """The net domain's own facts: memcached flush_all, and text sent to a known service port
    that agentsh cannot read."""
    if not sends_text(view):
        return []
    return domain_facts(view, "net")
