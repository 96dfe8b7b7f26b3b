"""HTTP and GraphQL: DELETE requests and GraphQL mutations that destroy, from any client.

A GraphQL mutation is destructive when a top-level field it selects carries a destroy verb as its
whole name or its first or last word (`volumeDelete`, `deleteProject`, `remove_member`), for any
vendor. Queries are reads."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import has_verb, read, stdin_text
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact

METHODS = frozenset("GET HEAD POST PUT PATCH DELETE OPTIONS TRACE CONNECT".split())
OVERRIDE_HEADERS = ("x-http-method-override", "x-http-method", "x-method-override")
CURL_BODY = ("-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode",
             "--json", "-F", "--form", "--form-string")


class Request:
    def __init__(self) -> None:
        self.method = ""
        self.urls: list[str] = []
        self.headers: list[str] = []
        self.bodies: list[str] = []
        self.unreadable: list[str] = []
        self.config_unreadable = ""  # a `-K`/`--config` file that could not be read


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


def _curl(view) -> Request:
    req = Request()
    args = view.args
    options = list(args.options)
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
    for name, value in options:
        if value is None:
            if name in ("-I", "--head"):
                req.method = req.method or "HEAD"
            continue
        if name in ("-X", "--request"):
            req.method = value.strip().strip("'\"").upper()
        elif name in ("-H", "--header"):
            req.headers.append(value)
        elif name in CURL_BODY:
            _body(value, view, req, raw_ok=name == "--data-raw")
            if name in ("-F", "--form") and "=@" in value:
                pass
        elif name in ("-T", "--upload-file"):
            req.method = req.method or "PUT"
        elif name == "--url":
            req.urls.append(value)
    req.urls += [w.text for w in args.positionals]
    if not req.method:
        req.method = "POST" if req.bodies or req.unreadable and not req.config_unreadable \
            else "GET"
    for word in view.cmd.words[1:]:
        if not word.literal and any(word.text == b for b in req.bodies):
            req.unreadable.append(word.raw)
    return req


def _wget(view) -> Request:
    req = Request()
    options = list(view.args.options)
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
    positionals = [w.text for w in view.args.positionals]
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
        elif sep in ("=@", ":=@"):
            text = read(value, view.ctx)
            if text is None:
                req.unreadable.append(value)
            else:
                fields[key] = text
    if "query" in fields:
        req.bodies.append(json.dumps({"query": fields["query"]}))
    elif fields:
        req.bodies.append(json.dumps(fields))
    for name, value in view.args.options:
        if name == "--raw" and value is not None:
            req.bodies.append(value)
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


CLIENTS = {"curl": _curl, "wget": _wget, "http": _httpie, "https": _httpie, "xh": _httpie,
           "xhs": _httpie}


def request_of(view) -> Request | None:
    if view.program == "gh":
        return _gh_api(view)
    reader = CLIENTS.get(view.program)
    return reader(view) if reader else None


def analyze(view, params: dict) -> list[Fact]:
    req = request_of(view)
    if req is None:
        return []
    short = float(view.policy.analyzer("data").get("short_retention_days", 7))
    return request_facts(req, params, view.program == "gh", short)


def request_facts(req: Request, params: dict, gh: bool = False, short: float = 7.0
                  ) -> list[Fact]:
    """The facts of one request, from any client: curl's arguments or a program's HTTP call.
    `short`: retention, in days, that counts as deleting data soon (`[analyzer.data]`)."""
    import urllib.parse

    facts = []
    url = req.urls[0] if req.urls else ""
    method = req.method
    if req.config_unreadable:
        facts.append(Fact("http.config_unknown", f"cannot read the options in {req.config_unreadable}",
                          req.config_unreadable))
    for header in req.headers:
        name, _, value = header.partition(":")
        if name.strip().lower() in OVERRIDE_HEADERS and value.strip():
            method = value.strip().upper()
    if method == "DELETE":
        facts.append(Fact("http.delete", f"DELETE {url}", url))
    elif method == "?":  # a method argument code gave that cannot be folded: may be DELETE
        facts.append(Fact("http.method_unknown", f"a method only known at run time to {url}",
                          url))
    verbs = frozenset(params.get("destroy_verbs", []))
    graphql_url = any("graphql" in u.lower() for u in req.urls) or gh and url == "graphql"
    for body in req.bodies:
        for field, resource in destructive_mutations(body, verbs):
            facts.append(Fact("http.graphql_destroy", f"GraphQL mutation {field}",
                              resource or field))
    if method in ("POST", "PUT", "PATCH"):
        for body in req.bodies:
            facts += _payload_facts(body, short, url)
    if req.unreadable and (graphql_url or any("mutation" in b for b in req.bodies)):
        facts.append(Fact("http.graphql_unknown",
                          f"cannot read the body sent to {url or 'a GraphQL endpoint'}"))
    if method not in ("GET", "HEAD", "OPTIONS", "DELETE") and url:
        segment = next((s for s in url_path(url).split("/") if s and has_verb(s, verbs)), None)
        if segment:
            facts.append(Fact("http.destroy_path", f"{method} {url}", url))
    hosts = params.get("marked_hosts", [])
    if hosts and method not in ("GET", "HEAD", "OPTIONS"):
        host = urllib.parse.urlsplit(url if "://" in url else "http://" + url).hostname or ""
        if any(re.search(h, host) for h in hosts):
            facts.append(Fact("http.marked_host", f"{method} to {host}", host))
    return facts


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
    """The GraphQL documents in a request body, each with its variables: a JSON `query` (or a
    batch), a form field, or raw."""
    import json
    import urllib.parse

    text = body.strip()
    if text.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError:
            m = re.search(r'"query"\s*:\s*"((?:\\.|[^"\\])*)"', text, re.S)
            return [(m.group(1).encode().decode("unicode_escape"), {})] if m else [(text, {})]
        items = data if isinstance(data, list) else [data]
        return [(i["query"], i.get("variables") if isinstance(i.get("variables"), dict) else {})
                for i in items if isinstance(i, dict) and isinstance(i.get("query"), str)]
    if text.startswith("query=") or "&query=" in text:
        parsed = urllib.parse.parse_qs(text)
        variables: dict = {}
        for raw in parsed.get("variables", [])[:1]:
            try:
                loaded = json.loads(raw)
            except ValueError:
                continue
            variables = loaded if isinstance(loaded, dict) else {}
        return [(q, variables) for q in parsed.get("query", [])]
    return [(text, {})]


_GQL_TOKEN = later(
    r'"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*|\$?[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+(?:\.[0-9]+)?|'
    r'\.\.\.|[{}():$!=@\[\],]|\S')
RESOURCE_KEY = later(r"(?i)^(id|ids|name|slug|key|uuid)$|(Id|_id|ID|Ids|_ids|IDs|Name|_name)$")


def mutation_fields(document: str) -> list[tuple[str, list[str]]]:
    """Top-level fields selected by each mutation operation in a GraphQL document, each with the
    tokens of its arguments."""
    tokens = [t for t in _GQL_TOKEN.findall(document) if not t.startswith("#")]
    fields: list[tuple[str, list[str]]] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i] == "mutation":
            # skip name, variables and directives up to the selection set
            while i < n and tokens[i] != "{":
                if tokens[i] == "(":
                    i = _skip_group(tokens, i, "(", ")")
                    continue
                i += 1
            i += 1
            depth = 1
            while i < n and depth:
                tok = tokens[i]
                if tok == "{":
                    depth += 1
                elif tok == "}":
                    depth -= 1
                elif tok == "(":
                    i = _skip_group(tokens, i, "(", ")")
                    continue
                elif depth == 1 and re.match(r"[A-Za-z_]", tok):
                    if i + 1 < n and tokens[i + 1] == ":" and i + 2 < n:
                        tok = tokens[i + 2]  # alias: field
                        i += 2
                    if tok not in ("on", "fragment"):
                        args: list[str] = []
                        if i + 1 < n and tokens[i + 1] == "(":
                            end = _skip_group(tokens, i + 1, "(", ")")
                            args = tokens[i + 2 : end - 1]
                        fields.append((tok, args))
                i += 1
        elif tokens[i] == "{" and not fields and i == 0:
            i = _skip_group(tokens, i, "{", "}")  # an anonymous query: a read
        else:
            i += 1
    return fields


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
    """(field, the resource it names or '') for each destructive mutation in a body."""
    if "mutation" not in body:
        return []
    out = []
    for doc, variables in graphql_documents(body):
        out += [(f, resource_of(args, variables)) for f, args in mutation_fields(doc)
                if has_verb(f, verbs)]
    return out
