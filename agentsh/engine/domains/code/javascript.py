"""JavaScript and TypeScript (node, deno, bun, tsx): what their calls do.

Modules are tracked from `require()` and `import` (so `exec` from `child_process` is a
shell-out while `/x/.exec(s)` is a regular expression), `fetch`/axios/got/ky/undici/node http(s)
are HTTP clients, `fs.rmSync(p, {recursive: true})` and friends delete, `process.env.X` is an
environment variable and `os.tmpdir()` scratch space."""

from __future__ import annotations

from agentsh.engine.domains.code import evaluate
from agentsh.engine.domains.code.model import Ref
from agentsh.engine.domains.code.script import parse as parse_tokens
from agentsh.engine.domains.code.tokens import tokenize
from agentsh.engine.lazyre import later

LANG = "javascript"
TITLE = "JavaScript"
ENV_OBJECTS = frozenset(("process.env", "Bun.env", "import.meta.env"))

_CP = {"exec": ("shell", 0), "execSync": ("shell", 0), "spawn": ("spawn", 0),
       "spawnSync": ("spawn", 0), "execFile": ("spawn", 0), "execFileSync": ("spawn", 0),
       "fork": ("spawn", 0)}
_FS = {"rmSync": ("delete", 0, "opts"), "rm": ("delete", 0, "opts"),
       "rmdirSync": ("delete", 0, "opts"), "rmdir": ("delete", 0, "opts"),
       "unlinkSync": ("delete", 0, "file"), "unlink": ("delete", 0, "file"),
       "removeSync": ("delete", 0, "tree"), "remove": ("delete", 0, "tree"),
       "emptyDirSync": ("delete", 0, "tree"), "emptyDir": ("delete", 0, "tree"),
       "emptydir": ("delete", 0, "tree"), "emptydirSync": ("delete", 0, "tree"),
       "readFileSync": ("read_file", 0), "readFile": ("read_file", 0),
       "mkdtempSync": ("mkdtemp", 0), "mkdtemp": ("mkdtemp", 0),
       "mkdirSync": ("created", 0), "mkdir": ("created", 0),
       "copyFileSync": ("overwrite", "cp", 2), "copyFile": ("overwrite", "cp", 2),
       "cpSync": ("overwrite", "cp -r", 2), "cp": ("overwrite", "cp -r", 2),
       "renameSync": ("overwrite", "mv -f", 2), "rename": ("overwrite", "mv -f", 2),
       "moveSync": ("overwrite", "mv -f", 2), "move": ("overwrite", "mv -f", 2),
       "truncateSync": ("overwrite", "truncate -s 0", 1), "truncate": ("overwrite", "truncate -s 0", 1),
       "linkSync": ("overwrite", "ln -f", 2)}
_VERBS = {"get": ("verb", "get", 0), "delete": ("verb", "delete", 0), "head": ("verb", "head", 0),
          "options": ("verb", "options", 0), "post": ("verb", "post", 1),
          "put": ("verb", "put", 1), "patch": ("verb", "patch", 1),
          "request": ("axios",)}
_OPTION_VERBS = {v: ("verb", v, 0) for v in ("get", "delete", "head", "post", "put", "patch")}

CALLS: dict[str, tuple] = {
    "glob.sync": ("glob", 0), "glob.globSync": ("glob", 0), "fast-glob.sync": ("glob", 0),
    "require": ("module", 0), "import": ("module", 0), "module.require": ("module", 0),
    "process.getBuiltinModule": ("module", 0), "process.mainModule.require": ("module", 0),
    "require.main.require": ("module", 0), "createRequire": ("require",),
    "module.createRequire": ("require",),
    "fetch": ("fetch",), "undici.fetch": ("fetch",), "node-fetch": ("fetch",),
    "cross-fetch": ("fetch",), "isomorphic-fetch": ("fetch",), "undici.request": ("fetch",),
    "Request": ("request_object", "init"), "undici.Request": ("request_object", "init"),
    # WebSocket clients: each `send` writes to the URL (review-f, session 30)
    "WebSocket": ("websocket",), "ws": ("websocket",), "ws.WebSocket": ("websocket",),
    "ws.default": ("websocket",), "isomorphic-ws": ("websocket",),
    "reconnecting-websocket": ("websocket",), "undici.WebSocket": ("websocket",),
    "axios": ("axios",), "axios.create": ("session",), "axios.default": ("axios",),
    "got": ("axios",), "got.extend": ("session",), "ky": ("axios",), "ky.create": ("session",),
    "ky.extend": ("session",), "superagent": ("axios",),
    "http.request": ("node_request", "http"), "https.request": ("node_request", "https"),
    "http.get": ("node_request", "http"), "https.get": ("node_request", "https"),
    "JSON.stringify": ("json", 0), "path.join": ("join",), "path.resolve": ("join",),
    "path.posix.join": ("join",), "os.tmpdir": ("temp",), "os.homedir": ("env_home",),
    "Deno.makeTempDir": ("temp",), "Deno.makeTempDirSync": ("temp",),
    "Deno.makeTempFile": ("temp",), "Deno.makeTempFileSync": ("temp",),
    "Deno.remove": ("delete", 0, "opts"), "Deno.removeSync": ("delete", 0, "opts"),
    "Deno.run": ("argv", 0), "Deno.Command": ("command",), "Deno.readTextFile": ("read_file", 0),
    "Deno.readTextFileSync": ("read_file", 0), "Deno.env.get": ("env", 0),
    "Bun.spawn": ("argv", 0), "Bun.spawnSync": ("argv", 0), "Bun.file": ("pass", 0),
    "rimraf": ("delete", 0, "tree"), "rimraf.sync": ("delete", 0, "tree"),
    "rimraf.rimraf": ("delete", 0, "tree"), "rimraf.rimrafSync": ("delete", 0, "tree"),
    "rimraf.default": ("delete", 0, "tree"), "del": ("delete", 0, "tree"),
    "del.deleteAsync": ("delete", 0, "tree"), "del.deleteSync": ("delete", 0, "tree"),
    "del.sync": ("delete", 0, "tree"), "trash": ("pass", 0),
    "shelljs.rm": ("delete", 0, "flags"), "shelljs.exec": ("shell", 0),
    "execa": ("spawn", 0), "execa.execa": ("spawn", 0), "execa.execaSync": ("spawn", 0),
    "execa.command": ("shell", 0), "execa.execaCommand": ("shell", 0),
    "execa.execaCommandSync": ("shell", 0), "execa.$": ("shell", 0),
    "eval": ("exec_code", 0), "Function": ("exec_code", -1), "vm.runInThisContext": ("exec_code", 0),
    "vm.runInNewContext": ("exec_code", 0), "vm.Script": ("exec_code", 0),
    "which.sync": ("exe", 0), "which": ("exe", 0),
    "tmp.dirSync": ("tempfile",), "tmp.fileSync": ("tempfile",), "tmp-promise.dir": ("tempfile",),
    "mongodb.MongoClient": ("ref", "mongo"), "mongoose.connect": ("ref", "mongo"),
    "better-sqlite3": ("sqlite",), "sqlite3.Database": ("sqlite",),
    "bun:sqlite.Database": ("sqlite",), "XMLHttpRequest": ("ref", "xhr"),
}
for _name, _spec in _CP.items():
    CALLS[f"child_process.{_name}"] = _spec
for _name, _spec in _FS.items():
    CALLS[f"fs.{_name}"] = _spec
    CALLS[f"fs.promises.{_name}"] = _spec
    CALLS[f"fs-extra.{_name}"] = _spec
for _verb, _spec in _VERBS.items():
    CALLS[f"axios.{_verb}"] = _spec if _verb != "request" else ("axios",)
    CALLS[f"axios.default.{_verb}"] = _spec if _verb != "request" else ("axios",)
for _verb, _spec in _OPTION_VERBS.items():
    CALLS[f"got.{_verb}"] = _spec
    CALLS[f"ky.{_verb}"] = _spec
    CALLS[f"superagent.{_verb}"] = ("verb", _verb, 0)
    CALLS[f"needle.{_verb}"] = ("verb", _verb, 1 if _verb in ("post", "put", "patch") else 0)
CALLS["superagent.del"] = ("verb", "delete", 0)
CALLS["got.default"] = ("axios",)
CALLS["child_process.execa"] = ("spawn", 0)

GLOBALS = {
    "process": Ref("module", "process"), "Deno": Ref("module", "Deno"),
    "Bun": Ref("module", "Bun"), "JSON": Ref("module", "JSON"),
    "console": Ref("module", "console"), "__dirname": Ref("unknown", "__dirname"),
    "__filename": Ref("unknown", "__filename"),
}
MODULE_NAMES = {"fs/promises": "fs.promises", "node:fs/promises": "fs.promises",
                "shelljs": "shelljs", "zx": "zx"}


# Deno's and Bun's registry specifiers and CDN URLs name the same npm package
# (`npm:@aws-sdk/client-lambda@3`, `jsr:@std/fs`, `https://esm.sh/stripe@14?target=deno`)
REGISTRY_SPECIFIER = later(r"^(?:npm:|jsr:|https?://(?:esm\.sh|cdn\.skypack\.dev|esm\.run|"
                           r"cdn\.jsdelivr\.net/npm|unpkg\.com|jspm\.dev)/)/?"
                           r"((?:@[\w.-]+/)?[\w.-]+?)(?:@[^/?#]*)?((?:/[^?#]*)?)(?:[?#].*)?$")


def module_name(name: str) -> str:
    if name.startswith("node:"):
        name = name[5:]
    m = REGISTRY_SPECIFIER.match(name) if name.startswith(("npm:", "jsr:", "http")) else None
    if m is not None:
        name = m.group(1) + m.group(2).rstrip("/")
        if name.startswith("node:"):
            name = name[5:]
    return MODULE_NAMES.get(name, name.replace("/promises", ".promises") if name == "fs/promises"
                            else name)


def qualify(name: str) -> str:
    return name


def lookup(qual: str) -> tuple | None:
    spec = CALLS.get(qual)
    if spec is not None:
        return spec
    if qual.endswith(".default"):
        return CALLS.get(qual[:-8])
    if qual.startswith("zx.") or qual == "zx.$" or qual == "$":
        return None
    return None


# `\u0072mSync` is the identifier `rmSync` (and the same letter inside a string): escapes of
# identifier letters are read as the letters
IDENTIFIER_ESCAPE = later(r"(?<!\\)\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))")


def _unescape(m) -> str:
    char = chr(int(m.group(1) or m.group(2), 16))
    return char if char.isalnum() or char in "_$" else m.group(0)


def parse(code: str) -> list:
    if code.startswith("#!"):
        code = "//" + code
    if "\\u" in code:
        code = IDENTIFIER_ESCAPE.sub(_unescape, code)
    return parse_tokens(tokenize(code, LANG), LANG)


def analyze(code: str, knobs, project: tuple = ()) -> list:
    return evaluate.analyze(__import__(__name__, fromlist=["x"]), code, knobs, project)
