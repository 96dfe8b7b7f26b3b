"""PHP: what its calls do.

`system`, `exec`, `shell_exec`, `passthru`, `proc_open`, `popen` and backticks run commands;
`unlink` deletes; curl (`curl_init`/`curl_setopt`/`curl_exec`), Guzzle, Symfony HttpClient,
Laravel's `Http::` and `file_get_contents` with a stream context send requests; PDO, mysqli and
pg run SQL."""

from __future__ import annotations

from agentsh.engine.domains.code import evaluate
from agentsh.engine.domains.code.model import Ref
from agentsh.engine.domains.code.script import parse as parse_tokens
from agentsh.engine.domains.code.tokens import tokenize

LANG = "php"
TITLE = "PHP"
ENV_OBJECTS = frozenset(("$_ENV", "$_SERVER"))

CALLS: dict[str, tuple] = {
    "glob": ("glob", 0),
    "system": ("shell", 0), "exec": ("shell", 0), "shell_exec": ("shell", 0),
    "passthru": ("shell", 0), "popen": ("shell", 0), "proc_open": ("argv", 0),
    "pcntl_exec": ("spawn", 0), "unlink": ("delete", 0, "file"), "eval": ("exec_code", 0),
    "assert": ("exec_code", 0), "create_function": ("exec_code", 1), "require": ("exec_file", 0),
    "curl_init": ("curl_init",), "curl_setopt": ("curl_setopt",),
    "curl_setopt_array": ("curl_setopt_array",), "curl_exec": ("curl_exec",),
    "curl_multi_add_handle": ("curl_exec_second",),
    "stream_context_create": ("context",), "file_get_contents": ("get_contents",),
    "fopen": ("get_contents",), "json_encode": ("json", 0), "getenv": ("env", 0),
    "sys_get_temp_dir": ("temp",), "tempnam": ("temp",), "tmpfile": ("temp",),
    "mysqli_query": ("sql", 1), "mysqli_multi_query": ("sql", 1), "mysqli_real_query": ("sql", 1),
    "pg_query": ("sql", -1), "pg_exec": ("sql", -1), "sqlite_exec": ("sql", -1),
    "mkdir": ("created", 0), "file_put_contents": ("pass", 0),
    # a word quoted for the shell is the same word to the command that runs
    "escapeshellarg": ("pass", 0),
    "GuzzleHttp.Client": ("session",), "Symfony.Component.HttpClient.HttpClient.create": ("session",),
    "HttpClient.create": ("session",), "wp_remote_request": ("verb", "request", 0),
    "wp_remote_post": ("verb", "post", 0), "wp_remote_get": ("verb", "get", 0),
    "DB.statement": ("sql", 0), "DB.unprepared": ("sql", 0), "DB.delete": ("sql", 0),
    "Illuminate.Support.Facades.DB.statement": ("sql", 0),
    "Schema.drop": ("store", "sql.drop", "Schema::drop"),
    "Schema.dropIfExists": ("store", "sql.drop", "Schema::dropIfExists"),
    "Schema.dropAllTables": ("store", "sql.drop", "Schema::dropAllTables"),
    "PDO": ("ref", "unknown"), "mysqli": ("ref", "unknown"),
}
for _verb in ("get", "delete", "head"):
    CALLS[f"Http.{_verb}"] = ("verb", _verb, 0)
    CALLS[f"Illuminate.Support.Facades.Http.{_verb}"] = ("verb", _verb, 0)
for _verb in ("post", "put", "patch"):
    CALLS[f"Http.{_verb}"] = ("verb", _verb, 1)
    CALLS[f"Illuminate.Support.Facades.Http.{_verb}"] = ("verb", _verb, 1)
for _fluent in ("withToken", "withHeaders", "withBasicAuth", "acceptJson", "asJson", "asForm",
                "timeout", "retry", "baseUrl", "withOptions"):
    CALLS[f"Http.{_fluent}"] = ("session",) if _fluent == "baseUrl" else ("ref", "http")
    CALLS[f"Illuminate.Support.Facades.Http.{_fluent}"] = CALLS[f"Http.{_fluent}"]

GLOBALS = {"$argv": Ref("unknown", "argv"), "$_GET": Ref("unknown", "_GET"),
           "$_POST": Ref("unknown", "_POST"), "$_ENV": Ref("module", "$_ENV"),
           "$_SERVER": Ref("module", "$_SERVER")}


def module_name(name: str) -> str:
    return qualify(name)


def qualify(name: str) -> str:
    return name.replace("\\", ".").replace("::", ".").lstrip(".")


def lookup(qual: str) -> tuple | None:
    qual = qualify(qual)
    spec = CALLS.get(qual)
    if spec is None and "." in qual:
        spec = CALLS.get(qual.rsplit(".", 2)[-2] + "." + qual.rsplit(".", 1)[-1]) \
            if qual.count(".") >= 2 else None
    return spec


def parse(code: str) -> list:
    return parse_tokens(tokenize(code, LANG), LANG)


def analyze(code: str, knobs) -> list:
    return evaluate.analyze(__import__(__name__, fromlist=["x"]), code, knobs)
