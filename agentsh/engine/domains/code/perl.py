"""Perl: `system`, `exec`, backticks, `qx` and piped `open` run commands; `unlink`, `rmtree`
and `remove_tree` delete; LWP, HTTP::Tiny and Mojo::UserAgent send requests; DBI's `do`
runs SQL. One-liners that only edit text (`perl -pi -e 's/a/b/'`) do none of these."""

from __future__ import annotations

from agentsh.engine.domains.code import evaluate
from agentsh.engine.domains.code.model import Ref
from agentsh.engine.domains.code.script import parse as parse_tokens
from agentsh.engine.domains.code.tokens import tokenize

LANG = "perl"
TITLE = "Perl"
ENV_OBJECTS = frozenset(("$ENV", "%ENV"))

CALLS: dict[str, tuple] = {
    "glob": ("glob", 0),
    "system": ("system", 0), "exec": ("system", 0), "open": ("popen", 1, "pipe"),
    "unlink": ("delete", 0, "file"), "rmtree": ("delete", 0, "tree"),
    "remove_tree": ("delete", 0, "tree"), "File.Path.rmtree": ("delete", 0, "tree"),
    "File.Path.remove_tree": ("delete", 0, "tree"), "eval": ("exec_code", 0),
    "do": ("exec_file", 0), "require": ("exec_file", 0), "tempdir": ("temp",),
    "File.Temp.tempdir": ("temp",), "File.Temp.tempfile": ("temp",),
    "File.Spec.tmpdir": ("temp",), "encode_json": ("json", 0), "to_json": ("json", 0),
    "JSON.encode_json": ("json", 0), "LWP.UserAgent.new": ("session",),
    "HTTP.Tiny.new": ("session",), "Mojo.UserAgent.new": ("session",),
    "HTTP.Request.new": ("request_object", "pair"), "mkdir": ("created", 0),
    "File.Slurp.read_file": ("read_file", 0), "path.remove_tree": ("delete", 0, "tree"),
}
GLOBALS = {"@ARGV": Ref("unknown", "ARGV"), "$ENV": Ref("module", "$ENV"),
           "%ENV": Ref("module", "$ENV"), "STDIN": Ref("unknown", "STDIN")}


def module_name(name: str) -> str:
    return qualify(name)


def qualify(name: str) -> str:
    return name.replace("::", ".").lstrip(".")


def lookup(qual: str) -> tuple | None:
    return CALLS.get(qualify(qual))


def parse(code: str) -> list:
    return parse_tokens(tokenize(code, LANG), LANG)


def analyze(code: str, knobs) -> list:
    return evaluate.analyze(__import__(__name__, fromlist=["x"]), code, knobs)
