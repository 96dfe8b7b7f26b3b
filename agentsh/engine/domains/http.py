"""HTTP and GraphQL: DELETE requests and GraphQL mutations that destroy, from any client.

A GraphQL mutation is destructive when a top-level field it selects carries a destroy verb as its
whole name or its first or last word (`volumeDelete`, `deleteProject`, `remove_member`), for any
vendor. Queries are reads."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import has_verb, name_words, read, stdin_text
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact

METHODS = frozenset("GET HEAD POST PUT PATCH DELETE OPTIONS TRACE CONNECT".split())
OVERRIDE_HEADERS = ("x-http-method-override", "x-http-method", "x-method-override")


class Request:
    def __init__(self) -> None:
        self.method = ""
        self.urls: list[str] = []
        self.headers: list[str] = []
        self.bodies: list[str] = []
        self.unreadable: list[str] = []
        self.config_unreadable = ""  # a `-K`/`--config` file that could not be read
        self.headers_unreadable = ""  # a `-H @file` that could not be read
        self.quote_commands: list[str] = []  # curl `-Q`: FTP/SFTP commands sent with the request
        self.graphql_field_unreadable = False  # `-F query=<FILE`, `--data-urlencode query@FILE`


def _body(value: str, view, req: Request, raw_ok: bool = False) -> None:
    if value.startswith("@") and not raw_ok:
        source = value[1:]
        if source == "-":
            has, text = stdin_text(view.cmd, view.ctx)
            (req.bodies.append(text) if text is not None else req.unreadable.append("stdin"))
        else:
            text = read(source, view.ctx)
            (req.bodies.append(text) if text is not None else req.unreadable.append(source))
    else:
        req.bodies.append(value)


def _config_options(text: str, short: dict) -> list[tuple[str, str | None]]:
    """The options a curl `-K` file (or a .wgetrc) sets: `request = "DELETE"`, `--data x`,
    `-X DELETE`, `url: "https://..."` -> [("--request", "DELETE"), ...] in command-line form."""
    import shlex

    out: list[tuple[str, str | None]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^(-{0,2}[A-Za-z][\w-]*)\s*(?:[=:]\s*|\s+|$)(.*)$", line)
        if not m:
            continue
        name, value = m.group(1), m.group(2).strip()
        try:
            parts = shlex.split(value) if value else []
        except ValueError:
            parts = [value]
        value = parts[0] if parts else None
        if name.startswith("--") or len(name) > 2 or not name.startswith("-"):
            name = "--" + name.lstrip("-").replace("_", "-")
        out.append((short.get(name, name), value))
    return out


CURL_SHORT = {"--X": "-X", "--d": "-d", "--H": "-H", "--F": "-F", "--T": "-T", "--K": "-K"}


# curl's body options: how each value becomes bytes; curl joins every `-d`-family value with `&`
# and appends every `--json` value as it is
CURL_DATA = {"-d": "ascii", "--data": "ascii", "--data-ascii": "ascii", "--data-binary": "binary",
             "--data-raw": "raw", "--data-urlencode": "urlencode", "--json": "json",
             "--url-query": "urlencode"}
CURL_FORM = ("-F", "--form", "--form-string")
STDIN_NAMES = frozenset(("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"))


def _source(name: str, view, req: Request) -> str | None:
    """The text of a file a request reads (`@FILE`, `<FILE`, `-T FILE`): stdin for `-` and its
    /dev names; None (and the name recorded as unreadable) when agentsh cannot read it."""
    if name in STDIN_NAMES or name == ".":
        has, text = stdin_text(view.cmd, view.ctx)
        if text is None:
            req.unreadable.append("stdin")
        return text
    text = read(name, view.ctx)
    if text is None:
        req.unreadable.append(name)
    return text


def _curl_data(name: str, value: str, view, req: Request) -> str | None:
    """One `-d`-family value as the bytes curl sends (None when its file cannot be read)."""
    import urllib.parse

    kind = CURL_DATA[name]
    if kind == "urlencode":  # content | =content | name=content | @file | name@file
        key, eq, content = value.partition("=")
        if not eq:
            key, at, path = value.partition("@")
            if at and not key.startswith(("{", "[")):
                content = _source(path, view, req)
                if content is None:
                    req.graphql_field_unreadable |= key in GRAPHQL_FIELDS
                    return None
            else:
                key, content = "", value
        quoted = urllib.parse.quote(content, safe="")
        return f"{key}={quoted}" if key else quoted
    if kind != "raw" and value.startswith("@"):
        text = _source(value[1:], view, req)
        if text is not None and kind == "ascii":
            text = text.replace("\r", "").replace("\n", "")
        return text
    return value


def _curl_form(name: str, value: str, view, req: Request) -> str | None:
    """One `-F name=value` part's content: `<file` and `@file` read the file (`;type=...` is not
    part of the name)."""
    key, _, content = value.partition("=")
    if name != "--form-string" and content[:1] in ("<", "@"):
        path = content[1:].split(";", 1)[0].strip('"')
        text = _source(path, view, req)
        req.graphql_field_unreadable |= text is None and key in GRAPHQL_FIELDS
        return text
    if key.strip().lower() in OVERRIDE_PARAMS:  # `-F _method=DELETE`: the part keeps its name
        return f"{key}={content}"
    return content


# the start-up file a client reads when the line does not say otherwise, in the client's own
# search order (variables as the command sees them): the first that exists is read
DEFAULT_CONFIGS = {
    "curl": ("$CURL_HOME/.curlrc", "$XDG_CONFIG_HOME/.curlrc", "$HOME/.curlrc",
             "$HOME/.config/.curlrc"),
    "wget": ("$WGETRC", "$HOME/.wgetrc"),
}


def default_config(view, client: str) -> str | None:
    """The text of the start-up file `client` reads (`CURL_HOME=. curl URL` reads ./.curlrc,
    which may say `-X DELETE`), or None (none exists, or the line turns it off with `-q`)."""
    words = view.cmd.words
    if client == "curl" and len(words) > 1 and words[1].text in ("-q", "--disable"):
        return None
    for spec in DEFAULT_CONFIGS.get(client, ()):
        name, _, tail = spec[1:].partition("/")
        value = view.env(name)
        if value and view.ctx.cwd:
            value = re.sub(r"^\$(PWD\b|\{PWD\})", lambda m: view.ctx.cwd, value)
        if not value or "$" in value or "`" in value:
            continue
        text = read(value.rstrip("/") + ("/" + tail if tail else ""), view.ctx)
        if text is not None:
            return text
    return None


def _curl(view) -> Request:
    """The request curl sends, built as curl builds it: repeated `-d` joined with `&`, `--json`
    concatenated, `--data-urlencode name@file` encoded, form parts and `-T` uploads and `-H @file`
    header lines read; each piece also analysed alone."""
    req = Request()
    args = view.args
    options = list(args.options)
    rc = default_config(view, "curl")
    if rc is not None:
        options = _config_options(rc, CURL_SHORT) + options
    for name, value in list(options):
        if name in ("-K", "--config") and value is not None:
            # options read from a file: `-K cfg` with `request = "DELETE"` is `-X DELETE`
            if value == "-":
                has, text = stdin_text(view.cmd, view.ctx)
            else:
                text = read(value, view.ctx)
            if text is None:
                req.unreadable.append(value)
                req.config_unreadable = value
            else:
                options += _config_options(text, CURL_SHORT)
    joined: list[str] = []
    for name, value in options:
        if value is None:
            if name in ("-I", "--head"):
                req.method = req.method or "HEAD"
            continue
        if name in ("-X", "--request"):
            req.method = value.strip().strip("'\"").upper()
        elif name in ("-H", "--header"):
            if value.startswith("@"):  # header lines from a file (curl 7.55+)
                text = read(value[1:], view.ctx) if value[1:] not in STDIN_NAMES else \
                    stdin_text(view.cmd, view.ctx)[1]
                if text is None:
                    req.headers_unreadable = value[1:]
                req.headers += (text or "").splitlines()
            else:
                req.headers.append(value)
        elif name in CURL_DATA:
            piece = _curl_data(name, value, view, req)
            if piece is None:
                continue
            if name != "--url-query":
                sep = "" if name == "--json" or not joined else "&"
                joined.append(sep + piece)
            req.bodies.append(piece)
        elif name in CURL_FORM:
            part = _curl_form(name, value, view, req)
            if part is not None:
                req.bodies.append(part)
            req.method = req.method or "POST"
        elif name in ("-T", "--upload-file"):
            text = _source(value, view, req)
            if text is not None:
                req.bodies.append(text)
            req.method = req.method or "PUT"
        elif name == "--url":
            req.urls.append(value)
        elif name in ("-Q", "--quote"):
            req.quote_commands.append(value)
    if len(joined) > 1:
        req.bodies.insert(0, "".join(joined))
    req.urls += [w.text for w in args.positionals]
    if not req.method:
        req.method = "POST" if joined or req.unreadable and not req.config_unreadable \
            else "GET"
    for word in view.cmd.words[1:]:
        if not word.literal and any(word.text == b for b in req.bodies):
            req.unreadable.append(word.raw)
    return req


def _wget(view) -> Request:
    req = Request()
    options = list(view.args.options)
    rc = default_config(view, "wget")
    if rc is not None:
        options = _config_options(rc, {}) + options
    for name, value in list(options):
        if name == "--config" and value is not None:
            text = read(value, view.ctx)
            if text is None:
                req.unreadable.append(value)
                req.config_unreadable = value
            else:
                options += _config_options(text, {})
        elif name in ("-e", "--execute") and value:  # `wget -e method=DELETE URL`: a .wgetrc line
            options += _config_options(value, {})
    for name, value in options:
        if name == "--method" and value:
            req.method = value.upper()
        elif name in ("--body-data", "--post-data") and value is not None:
            req.bodies.append(value)
        elif name in ("--body-file", "--post-file") and value is not None:
            _body("@" + value, view, req)
        elif name == "--header" and value:
            req.headers.append(value)
    req.urls = [w.text for w in view.args.positionals]
    req.method = req.method or ("POST" if req.bodies or req.unreadable else "GET")
    return req


def _httpie(view) -> Request:
    import json

    req = Request()
    # an option word with a part known only at run time (`--raw="$(cat f)"`) is not an item
    dynamic_options = [w for w in view.args.positionals if not w.literal and w.raw.startswith("-")]
    positionals = [w.text for w in view.args.positionals if w not in dynamic_options]
    if positionals and positionals[0].upper() in METHODS:
        req.method = positionals.pop(0).upper()
    if positionals:
        req.urls.append(positionals.pop(0))
    fields = {}
    for item in positionals:
        m = re.match(r"^([^=:@]*)(:=@|==|=@|:=|=|@|:)(.*)$", item, re.S)
        if not m:
            continue
        key, sep, value = m.groups()
        if sep == ":":
            req.headers.append(f"{key}:{value}")
        elif sep == "=":
            fields[key] = value
        elif sep == ":=":  # raw JSON
            try:
                fields[key] = json.loads(value)
            except ValueError:
                fields[key] = value
        elif sep in ("=@", ":=@", "@"):  # `@file`: the whole body; `key@file`: a file part
            text = _source(value, view, req)
            if text is not None and sep == "@":
                req.bodies.append(text)
            elif text is not None:
                fields[key] = text
    if "query" in fields:
        req.bodies.append(json.dumps({"query": fields["query"]}))
    elif fields:
        req.bodies.append(json.dumps(fields))
    for name, value in view.args.options:
        if name == "--raw" and value is not None:
            req.bodies.append(value)
    if "--raw" in view.args.dynamic or any(w.raw.startswith("--raw") for w in dynamic_options):
        req.unreadable.append("--raw")  # `--raw="$(cat q.json)"`: a body known at run time
    flags = {n for n, v in view.args.options}
    if not flags & {"--ignore-stdin", "-I"} and view.cmd.stdin is not None and not req.bodies:
        text = _source("-", view, req)  # httpie sends piped or redirected stdin as the body
        if text:
            req.bodies.append(text)
    req.method = req.method or ("POST" if req.bodies or req.unreadable else "GET")
    return req


def _gh_api(view) -> Request | None:
    import json

    positionals = [w.text for w in view.args.positionals]
    if not positionals or positionals[0] != "api":
        return None
    req = Request()
    req.urls = positionals[1:2]
    fields = {}
    for name, value in view.args.options:
        if name in ("-X", "--method") and value:
            req.method = value.upper()
        elif name in ("-f", "-F", "--field", "--raw-field") and value:
            key, _, val = value.partition("=")
            if val.startswith("@") and name in ("-F", "--field"):
                text = read(val[1:], view.ctx)
                if text is None:
                    req.unreadable.append(val[1:])
                    continue
                val = text
            fields[key] = val
        elif name == "--input" and value:
            _body("@" + value, view, req)
        elif name in ("-H", "--header") and value:
            req.headers.append(value)
    if fields:
        req.bodies.append(json.dumps(fields))
    req.method = req.method or ("POST" if req.bodies or req.unreadable else "GET")
    return req


CLIENTS = {"curl": _curl, "wget": _wget, "wget2": _wget, "http": _httpie, "https": _httpie,
           "xh": _httpie, "xhs": _httpie}


def request_of(view) -> Request | None:
    if view.program == "gh":
        return _gh_api(view)
    reader = CLIENTS.get(view.program)
    return reader(view) if reader else None


def other_client(view) -> list[Fact]:
    """Any program that is not a known client but names a destroying method and a URL:
    `curlie DELETE URL`, `restish delete URL`, `hey -m DELETE URL`, `ab -m DELETE ...`."""
    from agentsh.engine.domains.common import URL_WORD, method_word

    method = method_word(view.cmd)
    url = next((w.text for w in view.cmd.words[1:] if URL_WORD.match(w.text)), "")
    if not method or not url:
        return []
    verb = METHOD_NAME.search(method)
    return [Fact("http.other_delete", f"{verb.group(0).upper() if verb else method} {url}", url)]


METHOD_NAME = later(r"(?i)delete|purge")


# file-transfer clients whose own command language deletes remote files: where the commands are
TRANSFER_CLIENTS = {"sftp": ("-b",), "lftp": ("-c", "-e", "-f"), "smbclient": ("-c", "--command")}
TRANSFER_DELETES = frozenset(("rm", "rmdir", "rename", "mrm", "del", "deltree", "rd", "mv"))


def transfer_facts(view) -> list[Fact]:
    """sftp/lftp/smbclient command text (stdin, `-b FILE`, `-c`/`-e TEXT`, `-f FILE`) that deletes
    or renames remote files: `sftp host <<< 'rm /data/app.db'`, `smbclient //s/x -c 'deltree d'`."""
    options = TRANSFER_CLIENTS[view.program]
    texts, unreadable = [], []
    words = view.cmd.words
    for k, word in enumerate(words[1:], 1):
        if word.text in options and k + 1 < len(words):
            value = words[k + 1]
            if word.text in ("-b", "-f"):
                text = stdin_text(view.cmd, view.ctx)[1] if value.text == "-" else \
                    read(value.text, view.ctx)
                (texts.append(text) if text is not None else unreadable.append(value.text))
            else:
                (texts.append(value.text) if value.literal else unreadable.append(value.raw))
    if view.program == "sftp" and not any(w.text == "-b" for w in words):
        has, text = stdin_text(view.cmd, view.ctx)
        if text:
            texts.append(text)
    out = []
    for text in texts:
        for line in re.split(r"[;\n]", text):
            first = line.strip().lstrip("-@!").split(None, 1)
            if first and first[0].lower() in TRANSFER_DELETES:
                out.append(Fact("http.ftp_delete", f"{view.program}: {line.strip()}",
                                first[1] if len(first) > 1 else ""))
                break
    return out


GRPC_METHOD = later(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*[/.]([A-Z]\w*)$")
GRPC_BARE = later(r"^[A-Z]\w*$")
GRPC_READS = frozenset(("describe", "list", "ls", "desc", "show"))


def grpc_facts(view, params: dict) -> list[Fact]:
    """gRPC clients (`[analyzer.http] grpc_clients`: grpcurl, grpc_cli, evans, ghz): the method
    called (`pkg.VolumeService/DeleteVolume`, `call DropDatabase`) is read as a GraphQL
    mutation's name is, with the same verbs. `describe` and `list` only read the schema."""
    words = [w.text for w in view.cmd.words[1:]]
    if GRPC_READS & set(words):
        return []
    verbs = frozenset(params.get("destroy_verbs", [])) | frozenset(params.get("mutation_verbs", []))
    facts, called = [], False
    for text in words:
        value = text.partition("=")[2] if text.startswith("-") else text
        m = GRPC_METHOD.match(value)
        name = m.group(1) if m else value if called and GRPC_BARE.match(value) else ""
        called = called or text in ("call", "--call")
        if name and mutation_destroys(name, verbs):
            facts.append(Fact("http.grpc_destroy", f"gRPC method {value}", value))
    return facts


GRAPHQL_WS_TYPES = frozenset(("connection_init", "connection_ack", "connection_terminate", "ping",
                              "pong", "subscribe", "start", "stop", "complete", "next", "data",
                              "ka", "error"))


def websocket_facts(view, params: dict) -> list[Fact]:
    """WebSocket clients (`[analyzer.http] websocket_clients`: websocat, wscat): each message
    they send (standard input, `wscat -x MSG`) is read as the body of a write to the URL, so a
    GraphQL mutation over `graphql-ws`, a JSON-RPC `volume.delete` or `{"action": "delete"}` is
    seen as it is over HTTP. A message agentsh cannot read sent to a GraphQL URL asks."""
    from agentsh.engine.domains.common import URL_WORD

    words = view.cmd.words[1:]
    req = Request()
    req.method = "POST"
    req.urls = [w.text for w in words if w.literal and URL_WORD.match(w.text)][:1] or \
        [w.text for w in words if w.text.startswith(("ws://", "wss://"))][:1]
    options = set(params.get("websocket_message_options", ()))
    for k, word in enumerate(words):
        text = word.text
        name, eq, value = text.partition("=")
        if text in options and k + 1 < len(words):
            nxt = words[k + 1]
            (req.bodies.append(nxt.text) if nxt.literal else req.unreadable.append(nxt.raw))
        elif eq and name in options:
            (req.bodies.append(value) if word.literal else req.unreadable.append(word.raw))
    has, text = stdin_text(view.cmd, view.ctx)
    if has:
        (req.bodies.append(text) if text is not None else req.unreadable.append("stdin"))
    # the graphql-ws protocols wrap the document: `{"type": "subscribe", "id": "1", "payload":
    # {"query": ...}}`; their own messages (`connection_init`, `complete`) carry none
    bodies = []
    # `websocat --jsonrpc` sends each line `METHOD PARAMS...` as a JSON-RPC call (review-f)
    jsonrpc = any(w.text == "--jsonrpc" for w in words)
    for body in req.bodies:
        lines = body.strip().splitlines()[:1000] if "\n" in body.strip() else [body]
        for message in lines if len(lines) > 1 else [body]:
            if jsonrpc and message.split() and not message.lstrip().startswith(("{", "[")):
                import json

                method, *arguments = message.split()
                message = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                                      "params": arguments})
            data = _json_of(message)
            if isinstance(data, dict) and str(data.get("type", "")).lower() in GRAPHQL_WS_TYPES:
                if isinstance(data.get("payload"), dict):
                    import json

                    bodies.append(json.dumps(data["payload"]))
            else:
                bodies.append(message)
    req.bodies = bodies
    if not req.bodies and not req.unreadable:
        return []
    return request_facts(req, params)


REQUEST_LINE = later(r"(?im)^\s*(DELETE|PURGE)\s+(\S+)")


def request_file_facts(view, params: dict) -> list[Fact]:
    """Clients that send the requests a file or standard input lists, one `METHOD URL` line
    each (`[analyzer.http] request_file_clients`: hurl files, vegeta targets): a DELETE line is
    a DELETE. A file that cannot be read where files are seen asks (HTTP003)."""
    from agentsh.engine.domains.common import unseen

    texts: list[str] = []
    has, text = stdin_text(view.cmd, view.ctx)
    if text:
        texts.append(text)
    facts = []
    for word in view.cmd.words[1:]:
        path = word.text.split("=", 1)[1] if word.text.startswith("-") and "=" in word.text \
            else word.text
        if word.text.startswith("-") and "=" not in word.text or not word.literal:
            continue
        if not path.endswith((".hurl", ".txt", ".http", ".targets")) and "=" not in word.text:
            continue
        content = read(path, view.ctx)
        if content is not None:
            texts.append(content)
        elif not unseen(path, view.cmd, view.ctx):
            facts.append(Fact("http.graphql_unknown", f"cannot read the requests in {path}", path))
    for content in texts:
        for m in REQUEST_LINE.finditer(content[:200_000]):
            facts.append(Fact("http.delete", f"{m.group(1).upper()} {m.group(2)}", m.group(2)))
    return facts


def analyze(view, params: dict) -> list[Fact]:
    if view.program in TRANSFER_CLIENTS:
        return transfer_facts(view)
    if view.program in params.get("grpc_clients", ()):
        return grpc_facts(view, params)
    if view.program in params.get("request_file_clients", ()):
        return request_file_facts(view, params)
    if view.program in params.get("websocket_clients", ()):
        return websocket_facts(view, params)
    req = request_of(view)
    if req is None:
        return other_client(view) if view.program not in CLIENTS and view.program != "gh" else []
    short = float(view.policy.analyzer("data").get("short_retention_days", 7))
    return request_facts(req, params, view.program == "gh", short)


def request_facts(req: Request, params: dict, gh: bool = False, short: float = 7.0
                  ) -> list[Fact]:
    """The facts of one request, from any client: curl's arguments or a program's HTTP call.
    `short`: retention, in days, that counts as deleting data soon (`[analyzer.data]`)."""
    import json
    import urllib.parse

    facts = []
    url = req.urls[0] if req.urls else ""
    method = req.method
    if req.config_unreadable:
        facts.append(Fact("http.config_unknown", f"cannot read the options in {req.config_unreadable}",
                          req.config_unreadable))
    if req.headers_unreadable and method not in ("DELETE",):
        facts.append(Fact("http.headers_unknown", f"cannot read the headers in "
                          f"{req.headers_unreadable}: a method override may be in them",
                          req.headers_unreadable))
    for header in req.headers:
        name, _, value = header.partition(":")
        if name.strip().lower() in OVERRIDE_HEADERS and value.strip():
            method = value.strip().upper()
    override = _override_param(req)
    if override and method not in ("GET", "HEAD"):
        method = override
    if method == "DELETE":
        facts.append(Fact("http.delete", f"DELETE {url}", url))
    elif method == "?":  # a method argument code gave that cannot be folded: may be DELETE
        facts.append(Fact("http.method_unknown", f"a method only known at run time to {url}",
                          url))
    verbs = frozenset(params.get("destroy_verbs", []))
    mutation_verbs = verbs | frozenset(params.get("mutation_verbs", []))
    graphql_url = any(GRAPHQL_URL.search(u) for u in req.urls) or gh and url == "graphql"
    queries = [q for q in (urllib.parse.urlsplit(u if "://" in u else "http://" + u).query
                           for u in req.urls) if "query=" in q]
    # a persisted query names its operation in the URL (`?operationName=DeleteVolume&extensions=
    # {"persistedQuery": ...}`): read as the mutation it names, as in a body
    queries += [json.dumps({"operationName": v}) for u in req.urls for k, v in _query_pairs(u)
                if k == "operationName" and v]
    for body in req.bodies + queries:  # GraphQL over GET: `?query=mutation...` runs too
        for field, resource in destructive_mutations(body, mutation_verbs):
            if field.startswith("..."):
                facts.append(Fact("http.graphql_unresolved", f"a GraphQL mutation selects {field}, "
                                  "a fragment the request does not define", field))
            else:
                facts.append(Fact("http.graphql_destroy", f"GraphQL mutation {field}",
                                  resource or field))
    for body in req.bodies:
        if "mutation" in body or "\\u" in body or "%" in body or "operationName" in body:
            facts += _mutation_argument_facts(body)
    if graphql_url:
        facts += _persisted_facts(req.bodies, url, mutation_verbs)
    if method in ("POST", "PUT", "PATCH"):
        for body in req.bodies:
            facts += _payload_facts(body, short, url)
            facts += _action_facts(body, verbs, url)
    facts += _aws_action_facts(req, url, verbs)
    for command in req.quote_commands:
        words = command.lstrip("-+*").split()
        if words and (words[0].upper() in FTP_DELETES or words[0].lower() in SFTP_DELETES):
            facts.append(Fact("http.ftp_delete", f"curl -Q '{command}' on {url}", url))
    if req.unreadable and (graphql_url or req.graphql_field_unreadable or
                           any("mutation" in b for b in req.bodies) or
                           method in ("POST", "PUT", "PATCH") and API_PATH.search(url_path(url))):
        facts.append(Fact("http.graphql_unknown",
                          f"cannot read the body sent to {url or 'a GraphQL endpoint'}"))
    if method not in ("GET", "HEAD", "OPTIONS", "DELETE") and url:
        segment = next((s for s in url_path(url).split("/") if s and has_verb(s, verbs)), None)
        # a bare query key that is a destroy verb names the action (S3's `POST /?delete`)
        segment = segment or next((k for k, v in _query_pairs(url) if not v and
                                   k.lower() in verbs), None)
        if segment:
            facts.append(Fact("http.destroy_path", f"{method} {url}", url))
    if method in ("POST", "PUT", "PATCH") and url:
        facts += _restore_facts(method, url, req.bodies, params)
        facts += _reimage_facts(method, url, req.bodies, params)
        facts += _force_ref_facts(method, url, req.bodies, params)
    if method in ("POST", "PUT", "PATCH") and (url or req.bodies):
        query = [urllib.parse.unquote(urllib.parse.urlsplit(u if "://" in u else "http://" + u)
                                      .query).replace("&", " ") for u in req.urls]
        facts += _safeguard_facts(req.bodies + [q for q in query if q], url, params)
        facts += _soft_delete_facts(req.bodies + [q for q in query if q], url, params)
    hosts = params.get("marked_hosts", [])
    if hosts and method not in ("GET", "HEAD", "OPTIONS"):
        host = urllib.parse.urlsplit(url if "://" in url else "http://" + url).hostname or ""
        if any(re.search(h, host) for h in hosts):
            facts.append(Fact("http.marked_host", f"{method} to {host}", host))
    return facts


PERSISTED_KEYS = ("documentId", "doc_id", "queryId", "query_id", "id", "hash", "sha256Hash")


def _persisted_facts(bodies: list[str], url: str, verbs: frozenset[str]) -> list[Fact]:
    """A GraphQL request that sends no document, only the id of one the server stored (a
    persisted query: `{"id": "abc", "variables": ...}`, `{"documentId": ...}`, Apollo's
    `extensions.persistedQuery` without `query`): what it runs is unknown unless the id or the
    operation's name says (`DeleteVolume_abc`)."""
    facts = []
    for body in bodies:
        data = _json_of(body)
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict) or isinstance(item.get("query"), str):
                continue
            extensions = item.get("extensions")
            persisted = isinstance(extensions, dict) and "persistedQuery" in extensions
            ids = [str(item[k]) for k in PERSISTED_KEYS if isinstance(item.get(k), (str, int))]
            if not (ids or persisted) or isinstance(item.get("operationName"), str):
                continue  # a named operation is read as the mutation it names (above)
            named = next((i for i in ids if mutation_destroys(i.split("_")[0].split(":")[0], verbs)),
                         None)
            if named:
                facts.append(Fact("http.graphql_destroy", f"GraphQL persisted query {named}", named))
            else:
                facts.append(Fact("http.graphql_unknown", f"a persisted GraphQL query sent to {url}: "
                                  "the document is stored on the server, unseen", url))
    return facts


def _restore_facts(method: str, url: str, bodies: list[str], params: dict) -> list[Fact]:
    """`POST .../instances/prod/restoreBackup`, `POST .../branches/br/restore` with a timestamp,
    `POST /_snapshot/repo/snap/_restore`: a restore of a backup, snapshot or point in time over
    the live resource (what was written since is gone). A restore that names no backup (an item
    back from the trash) is the opposite of a delete and passes."""
    verbs = frozenset(params.get("restore_path_verbs", []))
    path = url_path(url)
    segment = next((s for s in path.split("/") if s and has_verb(s, verbs)), None)
    if segment is None:
        return []
    sources = params.get("restore_sources", [])
    text = " ".join([path] + bodies).lower()
    if not any(source in text for source in sources):
        return []
    return [Fact("http.restore", f"{method} {url}: a restore over the live data", url)]


def _reimage_facts(method: str, url: str, bodies: list[str], params: dict) -> list[Fact]:
    """`POST /v1/servers/1/actions/rebuild`, `POST /v4/linode/instances/1/rebuild`, `POST
    /v2/droplets/1/actions` with `{"type": "rebuild"}` (or `"restore"`): a server's disk replaced
    by a fresh or saved image. Only on a path naming a server, so a CI build's `.../rebuild`
    (built again from its sources) passes."""
    nouns = frozenset(params.get("machine_nouns", []))
    segments = [s.lower() for s in url_path(url).split("/") if s]
    if not nouns or not any(s in nouns for s in segments):
        return []
    verbs = frozenset(params.get("reimage_verbs", []))
    hit = next((s for s in segments if s in verbs), None)
    if hit is None:
        actions = verbs | frozenset(params.get("reimage_actions", []))
        for body in bodies:
            data = _json_of(body)
            if isinstance(data, dict):
                hit = next((v for k, v in data.items() if k.lower() in ACTION_KEYS and
                            isinstance(v, str) and v.lower() in actions), None)
            if hit:
                break
    if hit is None:
        return []
    return [Fact("http.reimage", f"{method} {url}: {hit} puts an image over the server's disk", url)]


FORCE_PAIR = later(r"""["']?force["']?\s*[:=]\s*["']?(?:true|1)\b""")


def _force_ref_facts(method: str, url: str, bodies: list[str], params: dict) -> list[Fact]:
    """A write that moves a remote ref by force (`PATCH /repos/o/r/git/refs/heads/main` with
    `"force": true`, as `git push --force` does): the commits it leaves behind are gone from
    the branch. The paths are `[analyzer.http] force_ref_paths`."""
    path = url_path(url)
    if not any(p in path for p in params.get("force_ref_paths", [])):
        return []
    if not any(FORCE_PAIR.search(b) for b in bodies[:4]):
        return []
    return [Fact("http.force_ref", f"{method} {url} with force: the branch is rewritten", url)]


SAFEGUARD_PAIR = later(r"""["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(true|false|0|\[\s*\]|null|"""
                       r"""["'](?:disabled|off|suspended|none|false|true)["'])(?![\w.])""")
NEGATING = frozenset(("skip", "disable", "disabled", "no", "without", "bypass", "ignore"))


def _safeguard_facts(bodies: list[str], url: str, params: dict) -> list[Fact]:
    """A write whose body turns a safeguard against loss off: `{"deletion_protection": false}`,
    `deletionProtection: false` in a GraphQL mutation, `"action.destructive_requires_name":
    false`, `skipFinalSnapshot: true`, or an empty list or false set on a request whose URL or
    mutation names backups, on a key that lists what is kept (`backupScheduleUpdate(input:
    {kinds: []})`)."""
    keys = frozenset(params.get("safeguard_keys", []))
    nouns = params.get("safeguard_nouns", [])
    facts = []
    for body in bodies[:4]:
        if len(body) > 100_000:
            continue
        backups_named = any(n in (url + " " + body).lower() for n in nouns)
        for m in SAFEGUARD_PAIR.finditer(body):
            key, value = m.group(1), m.group(2).strip("'\"").lower()
            words = [w for w in name_words(key) if w not in ("is", "enabled", "enable", "on")]
            if words and words[0] == "allow" and value == "true" and \
                    "-".join(words[1:]) in params.get("unsafe_allows", ()):
                facts.append(Fact("http.safeguard_off", f"{key}: {m.group(2)} ({url or 'body'})",
                                  url or key))
                break  # `allow_force_pushes: true`: what the protection forbade is allowed
            flipped = bool(words) and words[0] in NEGATING
            if flipped:
                words = words[1:]
            joined = "-" + "-".join(words) + "-"
            guard = any(f"-{k}-" in joined for k in keys)
            off = value in ("false", "0", "null", "disabled", "off", "suspended", "none") or \
                value.startswith("[")
            if flipped:
                off = value == "true"
            if guard and off or backups_named and value.startswith("[") and not flipped and \
                    set(words) & set(params.get("safeguard_lists", [])):
                facts.append(Fact("http.safeguard_off", f"{key}: {m.group(2)} ({url or 'body'})",
                                  url or key))
                break
    return facts


SOFT_PAIR = later(r"""["']?([A-Za-z_][\w.-]*)\\?["']?\s*[:=]\s*(?=(\\?["'][^"'\\]*\\?["']|[^\s,;&{}\[\]()"']+))""")
FALSY = frozenset(("false", "0", "null", "nil", "none", "", "no", "off"))


def _soft_delete_facts(bodies: list[str], url: str, params: dict) -> list[Fact]:
    """A write that deletes by its effect: a record marked deleted (`{"deleted": true}`,
    `{"deleted_at": "2026-01-01"}`, `is_deleted=1`, GraphQL `updateUser(input: {deletedAt:
    ...})`) or its state set to a deleted one (`{"status": "deleted"}`). The application hides
    it from then on and its purge jobs remove it for good. Unmarking (`"deleted_at": null`) and
    archiving (`"archived": true`: still there, read-only) are not this."""
    keys = frozenset(params.get("soft_delete_keys", ()))
    states = frozenset(params.get("soft_delete_states", ()))
    state_keys = frozenset(params.get("soft_delete_state_keys", ()))
    if not keys and not states:
        return []
    for body in bodies[:4]:
        if len(body) > 100_000:
            continue
        for m in SOFT_PAIR.finditer(body):
            key = "-".join(name_words(m.group(1).rsplit(".", 1)[-1]))
            value = m.group(2).replace("\\", "").strip("'\"").strip().lower()
            if key in keys and value not in FALSY or key in state_keys and value in states:
                return [Fact("http.soft_delete", f"{m.group(1)}: {m.group(2)} ({url or 'body'})",
                             url or m.group(1))]
    return []


# form fields and URL query parameters that frameworks (Rails, Laravel, Express's
# method-override, Symfony) read as the request's real method
OVERRIDE_PARAMS = frozenset(("_method", "x-http-method-override", "x-http-method",
                             "x-method-override", "_httpmethod"))


def _query_pairs(url: str) -> list[tuple[str, str]]:
    import urllib.parse

    query = urllib.parse.urlsplit(url if "://" in url else "http://" + url).query
    return urllib.parse.parse_qsl(query, keep_blank_values=True) if query else []


def _override_param(req: Request) -> str:
    """The method a `_method=DELETE` form field or URL query parameter asks the server to use
    instead of the one sent, upper-cased; '' when there is none."""
    import urllib.parse

    pairs = [p for u in req.urls for p in _query_pairs(u)]
    for body in req.bodies:
        text = body.strip()
        if text and text[0] not in "{[<" and FORM_KEY.match(text):
            pairs += urllib.parse.parse_qsl(text, keep_blank_values=True)
    for key, value in pairs:
        if key.strip().lower() in OVERRIDE_PARAMS and value.strip():
            return value.strip().upper()
    for body in req.bodies:  # JSON (`{"_method": "DELETE"}`), multipart, a code's dict
        m = OVERRIDE_FIELD.search(body)
        if m:
            return m.group(2).upper()
    return ""


# a method-override field in a body of any encoding: `"_method": "DELETE"`, `_method=DELETE`,
# a multipart part named _method
OVERRIDE_FIELD = later(r"""(?i)(?:^\s*|["'])(_method|x-http-method-override|x-http-method|"""
                       r"""x-method-override|_httpmethod)["']?\s*(?:[=:]|"\s*\r?\n\r?\n)\s*"""
                       r"""["']?\s*(DELETE|PURGE|PUT|PATCH)\b""")


GRAPHQL_FIELDS = frozenset(("query", "operations", "mutation"))
# an endpoint that takes commands: a body agentsh cannot read sent there may be a mutation
API_PATH = later(r"(?i)/(?:api|gql|graphql|query|rpc|jsonrpc|v[0-9]+)(?:$|[/?.])")
GRAPHQL_URL = later(r"(?i)graphql|/gql(?:$|[/?])")
SOLR_DELETE_ALL = later(r"(?is)<delete>\s*<query>\s*\*:\*\s*</query>")
TOP_DELETES = frozenset(("delete", "remove", "drop", "destroy", "purge", "truncate"))
FTP_DELETES = frozenset(("DELE", "RMD", "XRMD", "RNFR", "SITE"))  # SITE RMDIR, SITE CHMOD ...
SFTP_DELETES = frozenset(("rm", "rmdir", "rename"))
ACTION_KEYS = frozenset(("type", "action", "method", "op", "operation", "command", "cmd"))
SOFT_DELETE_KEYS = frozenset(("trashed", "deleted", "isdeleted", "is_deleted", "archived",
                              "discarded", "softdeleted"))
MAX_JSON_NODES = 2000


def _json_of(body: str):
    import json

    text = body.strip()
    if not text.startswith(("{", "[")) or len(text) > 1_000_000:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _action_facts(body: str, verbs: frozenset[str], url: str) -> list[Fact]:
    """A destroy verb in a JSON body's action field: DigitalOcean-style `{"type":"destroy"}`,
    JSON-RPC `"method":"volume.delete"`, JSON Patch `{"op":"remove"}` (bounded walk)."""
    if SOLR_DELETE_ALL.search(body):
        return [Fact("http.body_destroy", f"<delete><query>*:*</query></delete> sent to {url}", url)]
    data = _json_of(body)
    if data is None and "\n" in body.strip():  # NDJSON (Elasticsearch `_bulk`): one object a line
        lines = [_json_of(line) for line in body.strip().splitlines()[:1000]]
        data = [x for x in lines if x is not None] or None
    if data is None:
        return []
    # an operation named by a top-level key: Solr `{"delete": {...}}`, a bulk line
    # `{"delete": {"_id": 1}}`, a batch of writes `{"writes": [{"delete": "doc"}]}`
    tops = data if isinstance(data, list) else [data]
    tops += [i for t in list(tops) if isinstance(t, dict) for v in t.values() if isinstance(v, list)
             for i in v[:1000]]
    for item in tops:
        if isinstance(item, dict):
            key = next((k for k, v in item.items() if k.lower() in TOP_DELETES and v), None)
            if key:
                return [Fact("http.body_destroy", f'"{key}" operation sent to {url}', url)]
    out, stack, seen = [], [data], 0
    while stack and seen < MAX_JSON_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key.lower() in ACTION_KEYS and len(value) < 100 and \
                        " " not in value.strip() and mutation_destroys(value, verbs):
                    out.append(Fact("http.body_destroy", f'"{key}": "{value}" sent to {url}', url))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return out[:1]


def _aws_action_facts(req: Request, url: str, verbs: frozenset[str]) -> list[Fact]:
    """AWS wire APIs called directly: the operation in `Action=` (query string or form body) or
    the `X-Amz-Target: Service.Operation` header, through the destroy-verb test."""
    import urllib.parse

    operations = []
    for header in req.headers:
        name, _, value = header.partition(":")
        if name.strip().lower() == "x-amz-target":
            operations.append(value.strip().rsplit(".", 1)[-1])
    for text in [urllib.parse.urlsplit(u).query for u in req.urls] + req.bodies:
        if "Action=" in text:
            operations += urllib.parse.parse_qs(text).get("Action", [])
    return [Fact("http.api_action_destroy", f"the API operation {op} ({url})", url)
            for op in operations[:4] if mutation_destroys(op, verbs)]


def _mutation_argument_facts(body: str) -> list[Fact]:
    """Arguments that make any mutation destroy: `force: true` (a forced ref update is a
    force-push), an empty filter `where: {}` (every row), `trashed/deleted/archived: true`."""
    out = []
    for doc, variables in graphql_documents(body):
        if "mutation" not in doc:
            continue
        for field, args in mutation_fields(doc):
            for i in range(len(args) - 2):
                key, colon, value = args[i].lower(), args[i + 1], args[i + 2]
                if colon != ":":
                    continue
                if value.startswith("$"):
                    bound = variables.get(value[1:])
                    value = "true" if bound is True else "{}" if bound == {} else value
                if key == "force" and value == "true":
                    out.append(Fact("http.graphql_force", f"GraphQL mutation {field}(force: true)",
                                    field))
                elif key in ("where", "filter") and (value == "{}" or value == "{" and
                                                     i + 3 < len(args) and args[i + 3] == "}"):
                    out.append(Fact("http.graphql_unfiltered", f"GraphQL mutation {field}({key}: {{}}): "
                                    "every row", field))
                elif key in SOFT_DELETE_KEYS and value == "true":
                    out.append(Fact("http.graphql_soft_delete", f"GraphQL mutation {field}({key}: true)",
                                    field))
    return out


def _payload_facts(body: str, short: float, url: str) -> list[Fact]:
    """JSON bodies that delete data later or now: ILM delete phases, lifecycle expiries, change
    batches whose action is DELETE (see domains/payload.py)."""
    if not body.lstrip().startswith(("{", "[")):
        return []
    from agentsh.engine.domains.payload import effects

    label = {"delete": "http.payload_delete", "expire": "http.expire",
             "backup_expire": "http.expire"}
    return [Fact(label[e.kind], f"{e.detail} ({url})", e.target or url)
            for e in effects(body, short) if e.kind in label]  # big bodies are everyday uploads


def url_path(url: str) -> str:
    import urllib.parse

    if "://" not in url:
        url = "http://" + (url if not url.startswith(":") else "localhost" + url)
    return urllib.parse.urlsplit(url).path


# ------------------------------------------------------------------ GraphQL


def graphql_documents(body: str) -> list[tuple[str, dict]]:
    """The GraphQL documents in a request body, each with its variables, decoded before anything
    looks at them: a JSON `query` (JSON escapes decoded; duplicate keys each kept; a batch; the
    multipart spec's `operations`), a form (`query=` percent-decoded), a persisted query's
    `operationName` (read as the mutation it names), or raw text."""
    import json
    import urllib.parse

    text = body.strip()
    if text.startswith(("{", "[")):
        try:
            data = json.loads(text, object_pairs_hook=_all_pairs)
        except ValueError:
            found = [m.group(1) for m in re.finditer(r'"query"\s*:\s*"((?:\\.|[^"\\])*)', text, re.S)]
            return [(_json_string(q), {}) for q in found] or [(text, {})]
        return _json_documents(data)
    if FORM_KEY.match(text):
        parsed = urllib.parse.parse_qs(text, keep_blank_values=True)
        variables: dict = {}
        for raw in parsed.get("variables", [])[:1]:
            try:
                loaded = json.loads(raw)
            except ValueError:
                continue
            variables = loaded if isinstance(loaded, dict) else {}
        docs = [(q, variables) for q in parsed.get("query", [])]
        for raw in parsed.get("operations", []):  # the multipart request spec, sent as a form
            docs += graphql_documents(raw)
        if docs:
            return docs
    return [(text, {})]


def _all_pairs(pairs: list) -> dict:
    """json.loads hook: a key given twice keeps every value (`query` twice: a server may run
    either), as a list under `\\0KEY`."""
    out: dict = {}
    for key, value in pairs:
        if key in out:
            out.setdefault("\0" + key, [out[key]]).append(value)
        out[key] = value
    return out


def _json_string(raw: str) -> str:
    import json

    try:
        return json.loads('"' + raw + '"')
    except ValueError:
        return raw


def _json_documents(data) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        variables = item.get("variables") if isinstance(item.get("variables"), dict) else {}
        queries = item.get("\0query", [item.get("query")])
        for query in queries:
            if isinstance(query, str):
                out.append((query, variables))
        if not any(isinstance(q, str) for q in queries) and isinstance(item.get("operationName"), str):
            # a persisted query run by its hash: the operation's name is all there is to read
            out.append((f"mutation {{ {item['operationName']} }}", variables))
        for key in ("operations",):  # a multipart request's JSON part, inlined
            inner = item.get(key)
            if isinstance(inner, (dict, list)):
                out += _json_documents(inner)
            elif isinstance(inner, str):
                out += graphql_documents(inner)
    return out


_GQL_TOKEN = later(
    r'"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*|\$?[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+(?:\.[0-9]+)?|'
    r'\.\.\.|[{}():$!=@\[\],]|\S')
RESOURCE_KEY = later(r"(?i)^(id|ids|name|slug|key|uuid)$|(Id|_id|ID|Ids|_ids|IDs|Name|_name)$")
FORM_KEY = later(r"^[\w%.\-\[\]]+=")  # a form body: `query=...`, `%71uery=...`, `operations=`
IGNORED = frozenset((",", "\ufeff"))
MAX_SPREADS = 200  # fragment expansions per document: bounds a fragment bomb


def mutation_fields(document: str) -> list[tuple[str, list[str]]]:
    """Top-level fields selected by each mutation operation in a GraphQL document, each with the
    tokens of its arguments. Fragment spreads (`...F`) and inline fragments (`... on Mutation
    { }`) are expanded; a spread of a fragment the document does not define is `...F`."""
    # comments, commas and a byte-order mark are ignored tokens in GraphQL
    tokens = [t for t in _GQL_TOKEN.findall(document) if not t.startswith("#") and t not in IGNORED]
    fragments: dict[str, tuple[int, int]] = {}
    operations: list[int] = []
    i, n = 0, len(tokens)
    while i < n:  # the definitions: operations and fragments, each with its selection set
        tok = tokens[i]
        start = i
        while i < n and tokens[i] != "{":
            if tokens[i] == "(":
                i = _skip_group(tokens, i, "(", ")")
                continue
            i += 1
        end = _skip_group(tokens, i, "{", "}")
        names = [t for t in tokens[start:i] if t[0].isalpha() or t[0] == "_"]
        kind = names[0] if names else tok  # a stray character before the keyword is not one
        if kind == "fragment" and len(names) > 1:
            fragments[names[1]] = (i, end)
        elif kind == "mutation":
            operations.append(i)
        i = max(end, i + 1)
    return _mutation_selections(tokens, operations, fragments)[0]


def nested_mutation_fields(document: str) -> list[tuple[str, list[str]]]:
    """Fields selected below the top level of each mutation operation, each with its argument
    tokens: a namespaced mutation (`mutation { volume { delete(id: 1) } }`, `mutation {
    project(id: 1) { delete } }`) runs them; elsewhere they are the result's fields."""
    tokens = [t for t in _GQL_TOKEN.findall(document) if not t.startswith("#") and t not in IGNORED]
    fragments: dict[str, tuple[int, int]] = {}
    operations: list[int] = []
    i, n = 0, len(tokens)
    while i < n:
        start = i
        while i < n and tokens[i] != "{":
            i = _skip_group(tokens, i, "(", ")") if tokens[i] == "(" else i + 1
        end = _skip_group(tokens, i, "{", "}")
        names = [t for t in tokens[start:i] if t[0].isalpha() or t[0] == "_"]
        if names[:1] == ["fragment"] and len(names) > 1:
            fragments[names[1]] = (i, end)
        elif names[:1] == ["mutation"]:
            operations.append(i)
        i = max(end, i + 1)
    return _mutation_selections(tokens, operations, fragments)[1]


def _mutation_selections(tokens: list[str], operations: list[int], fragments: dict
                         ) -> tuple[list, list]:
    fields: list[tuple[str, list[str]]] = []
    nested: list[tuple[str, list[str]]] = []
    budget = [MAX_SPREADS]
    for at in operations:
        _selection(tokens, at, fragments, fields, set(), budget, nested, [MAX_NESTED])
    return fields, nested


MAX_NESTED = 200  # selection sets read below the top level: bounds a deeply nested document


def _selection(tokens: list[str], at: int, fragments: dict, fields: list, seen: set,
               budget: list, nested: list | None = None, nest_budget: list | None = None
               ) -> None:
    """Append the fields selected at depth 1 of the selection set opening at `tokens[at]`
    to `fields`, and (when `nested` is given) those at any depth below it to `nested`."""
    n = len(tokens)
    end = _skip_group(tokens, at, "{", "}")
    i = at + 1
    while i < end - 1:
        tok = tokens[i]
        if tok == "{":
            if nested is not None and nest_budget and nest_budget[0] > 0:
                nest_budget[0] -= 1
                _selection(tokens, i, fragments, nested, seen, budget, nested, nest_budget)
            i = _skip_group(tokens, i, "{", "}")
            continue
        if tok == "(":
            i = _skip_group(tokens, i, "(", ")")
            continue
        if tok == "...":
            name = tokens[i + 1] if i + 1 < n else ""
            if name == "on" or name == "@" or name == "{":  # an inline fragment
                j = i + 1
                while j < end and tokens[j] != "{":
                    j += 1
                if j < end:
                    _selection(tokens, j, fragments, fields, seen, budget, nested, nest_budget)
                    i = _skip_group(tokens, j, "{", "}")
                    continue
            elif name in fragments and name not in seen and budget[0] > 0:
                budget[0] -= 1
                _selection(tokens, fragments[name][0], fragments, fields, seen | {name}, budget,
                           nested, nest_budget)
            elif name not in seen:
                fields.append(("..." + name, []))
            i += 2
            continue
        if re.match(r"[A-Za-z_]", tok):
            if i + 2 < n and tokens[i + 1] == ":":
                i += 2  # alias: field
                tok = tokens[i]
            args: list[str] = []
            if i + 1 < n and tokens[i + 1] == "(":
                close = _skip_group(tokens, i + 1, "(", ")")
                args = tokens[i + 2 : close - 1]
                i = close - 1
            fields.append((tok, args))
        elif tok == "@" and i + 1 < n:  # a directive: its name is not a field
            i += 1
        i += 1


def _skip_group(tokens: list[str], i: int, open_: str, close: str) -> int:
    depth = 0
    while i < len(tokens):
        if tokens[i] == open_:
            depth += 1
        elif tokens[i] == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _value(token: str, variables: dict) -> str:
    """A literal argument value as text ('' when it is not a plain value)."""
    import json

    if token.startswith('"') and not token.startswith('"""'):
        try:
            return str(json.loads(token))
        except ValueError:
            return token.strip('"')
    if re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", token):
        return token
    if token.startswith("$"):
        value = variables.get(token[1:])
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, dict):  # `input: $input`: the resource key inside it
            found = [str(v) for k, v in value.items() if RESOURCE_KEY.search(k)
                     and isinstance(v, (str, int)) and not isinstance(v, bool)]
            return found[0] if found else ""
    return ""


def resource_of(args: list[str], variables: dict) -> str:
    """The resource a mutation's arguments name: the value of an id or name argument (at any
    depth, `input: {id: ...}` too, variables resolved), else the first plain value."""
    named, plain = [], []
    for i, tok in enumerate(args):
        if re.match(r"[A-Za-z_]", tok) and i + 2 < len(args) and args[i + 1] == ":":
            value_tokens = [args[i + 2]]
            if args[i + 2] == "[":
                end = _skip_group(args, i + 2, "[", "]")
                value_tokens = [t for t in args[i + 3 : end - 1] if t != ","]
            values = [v for v in (_value(t, variables) for t in value_tokens) if v]
            if values:
                (named if RESOURCE_KEY.search(tok) else plain).append(",".join(values))
    return (named or plain or [""])[0]


def destructive_mutations(body: str, verbs: frozenset[str]) -> list[tuple[str, str]]:
    """(field, the resource it names or '') for each destructive mutation in a body: a top-level
    mutation field with a destroy verb as any word of its name (`bulkDeleteVolumes`,
    `projectTeardown`), or a fragment spread agentsh cannot resolve (`...F`)."""
    out = []
    for doc, variables in graphql_documents(body):
        if "mutation" not in doc:  # checked on the decoded document, never on the raw body
            continue
        out += [(f, resource_of(args, variables)) for f, args in mutation_fields(doc)
                if f.startswith("...") or mutation_destroys(f, verbs)]
        if "{" in doc[doc.find("{") + 1:]:
            out += [(f, resource_of(args, variables)) for f, args in nested_mutation_fields(doc)
                    if nested_destroys(f, args, verbs)]
    return out


def nested_destroys(name: str, args: list[str], verbs: frozenset[str]) -> bool:
    """A field below a mutation's top level destroys when it is called like one: with
    arguments and a destroy verb as any word of its name (`deleteMany(where: {})`), or with a
    name that starts with a destroy verb (`volume { delete }`, `project(id: 1) { destroy }`).
    Result fields (`autoDelete`, `deletedAt`, `id`) are neither."""
    words = name_words(name)
    if not words:
        return False
    if args:
        return mutation_destroys(name, verbs)
    return name.lower() in verbs or words[0] in verbs


def mutation_destroys(name: str, verbs: frozenset[str]) -> bool:
    """A destroy verb is any word of a mutation's name: mutations are rare next to queries, and a
    prefix or suffix (`bulk`, `hard`, `Many`, `ById`) must not hide the verb."""
    return name.lower() in verbs or any(w in verbs for w in name_words(name))
