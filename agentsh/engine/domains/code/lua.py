"""Lua: `os.execute` and `io.popen` run commands, `os.remove` deletes, LuaSocket's
`http.request` and lua-resty-http's `request_uri` send requests."""

from __future__ import annotations

from agentsh.engine.domains.code import evaluate
from agentsh.engine.domains.code.script import parse as parse_tokens
from agentsh.engine.domains.code.tokens import tokenize

LANG = "lua"
TITLE = "Lua"
ENV_OBJECTS: frozenset[str] = frozenset()

CALLS: dict[str, tuple] = {
    "os.execute": ("shell", 0), "io.popen": ("shell", 0), "os.remove": ("delete", 0, "file"),
    "os.getenv": ("env", 0), "os.tmpname": ("temp",), "require": ("module", 0),
    "load": ("exec_code", 0), "loadstring": ("exec_code", 0), "dofile": ("exec_file", 0),
    "loadfile": ("exec_file", 0), "socket.http.request": ("luasocket",),
    "ssl.https.request": ("luasocket",), "http.request": ("luasocket",),
    "resty.http.new": ("session",), "cjson.encode": ("json", 0), "dkjson.encode": ("json", 0),
    "ltn12.source.string": ("pass", 0),
}
GLOBALS: dict = {}


def module_name(name: str) -> str:
    return name


def qualify(name: str) -> str:
    return name


def lookup(qual: str) -> tuple | None:
    spec = CALLS.get(qual)
    if spec == ("luasocket",):
        return ("luasocket_request",)
    return spec


def parse(code: str) -> list:
    if code.startswith("#!"):
        code = "--" + code
    return parse_tokens(tokenize(code, LANG), LANG)


def analyze(code: str, knobs) -> list:
    return evaluate.analyze(__import__(__name__, fromlist=["x"]), code, knobs)
