"""Ruby (and Rakefiles): what its calls do.

Kernel's `system`, `exec`, `spawn`, backticks, `%x()` and `open("|cmd")` run commands;
FileUtils (also bare `rm_rf` in a Rakefile) and `File.delete` delete; Net::HTTP, Faraday,
HTTParty, RestClient and http.rb send requests; `connection.execute` runs SQL."""

from __future__ import annotations

from agentsh.engine.domains.code import evaluate
from agentsh.engine.domains.code.model import Ref
from agentsh.engine.domains.code.script import parse as parse_tokens
from agentsh.engine.domains.code.tokens import tokenize

LANG = "ruby"
TITLE = "Ruby"
ENV_OBJECTS = frozenset(("ENV",))

CALLS: dict[str, tuple] = {
    "Dir.glob": ("glob", 0), "Dir": ("glob", 0),
    "system": ("system", 0), "Kernel.system": ("system", 0), "exec": ("system", 0),
    "Kernel.exec": ("system", 0), "spawn": ("system", 0), "Process.spawn": ("system", 0),
    "sh": ("system", 0), "IO.popen": ("spawn", 0), "Open3.capture2": ("system", 0),
    "Open3.capture2e": ("system", 0), "Open3.capture3": ("system", 0),
    "Open3.popen3": ("system", 0), "Open3.popen2": ("system", 0), "Open3.popen2e": ("system", 0),
    "open": ("popen", 0, "pipe"), "Kernel.open": ("popen", 0, "pipe"),
    "eval": ("exec_code", 0), "instance_eval": ("exec_code", 0), "Kernel.eval": ("exec_code", 0),
    "load": ("exec_file", 0), "require_relative": ("exec_file", 0),
    "File.read": ("read_file", 0), "IO.read": ("read_file", 0), "File.readlines": ("read_file", 0),
    "File.join": ("join",), "File.expand_path": ("pass", 0), "Pathname.new": ("pass", 0),
    "Pathname": ("pass", 0), "Dir.mktmpdir": ("temp",), "Dir.tmpdir": ("temp",),
    "Tempfile.new": ("tempfile",), "Tempfile.create": ("tempfile",), "Dir.home": ("env_home",),
    "Dir.mkdir": ("created", 0), "FileUtils.mkdir": ("created", 0),
    "JSON.generate": ("json", 0), "JSON.dump": ("json", 0), "JSON.pretty_generate": ("json", 0),
    "URI": ("pass", 0), "URI.parse": ("pass", 0), "URI.join": ("join",),
    "Net.HTTP.post": ("verb", "post", 1), "Net.HTTP.post_form": ("verb", "post", 1),
    "Net.HTTP.get": ("verb", "get", 0), "Net.HTTP.get_response": ("verb", "get", 0),
    "Net.HTTP.start": ("session", "host"), "Net.HTTP.new": ("session", "host"),
    "Faraday.new": ("session",), "Faraday": ("session",), "HTTP.persistent": ("session",),
    "Excon.new": ("session",), "HTTPClient.new": ("session",),
    "SQLite3.Database.new": ("sqlite",), "Mongo.Client.new": ("ref", "mongo"),
    "Redis.new": ("ref", "redis"),
}
for _verb in ("Get", "Post", "Put", "Patch", "Delete", "Head"):
    CALLS[f"Net.HTTP.{_verb}.new"] = ("request_object", "class", _verb.upper())
for _tree in ("rm_rf", "rm_r", "remove_dir", "remove_entry", "remove_entry_secure", "rmtree",
              "remove_tree"):
    CALLS[f"FileUtils.{_tree}"] = ("delete", 0, "tree")
    CALLS[_tree] = ("delete", 0, "tree")
for _file in ("rm", "rm_f", "remove", "remove_file", "safe_unlink"):
    CALLS[f"FileUtils.{_file}"] = ("delete", 0, "file")
    CALLS[_file] = ("delete", 0, "file")
for _file in ("File.delete", "File.unlink", "Pathname.unlink"):
    CALLS[_file] = ("delete", 0, "file")
for _client in ("HTTParty", "RestClient", "Faraday", "HTTP", "Typhoeus", "Excon", "HTTPX"):
    for _verb in ("get", "delete", "head", "options"):
        CALLS[f"{_client}.{_verb}"] = ("verb", _verb, 0)
    for _verb in ("post", "put", "patch"):
        CALLS[f"{_client}.{_verb}"] = ("verb", _verb, 1 if _client in ("RestClient", "Faraday")
                                       else 0)

GLOBALS = {"ARGV": Ref("unknown", "ARGV"), "STDIN": Ref("unknown", "STDIN"),
           "ENV": Ref("module", "ENV")}


# Methods Ruby code calls without parentheses (`User.delete_all`, `bucket.delete!`): a member
# with one of these names is read as a call, so the destroy tables see it.
BARE_CALLS = frozenset(("delete_all", "destroy_all", "delete", "delete!", "destroy", "destroy!",
                        "drop", "drop!", "truncate", "truncate!", "flushall", "flushdb",
                        "flush_all", "purge", "purge!", "terminate", "terminate!", "remove",
                        "remove!", "clear!", "empty!", "drop_table", "drop_database"))


def module_name(name: str) -> str:
    return name


def qualify(name: str) -> str:
    return name.replace("::", ".").lstrip(".")


def lookup(qual: str) -> tuple | None:
    qual = qual.replace("::", ".").lstrip(".")
    spec = CALLS.get(qual)
    if spec is None and qual.startswith("Kernel."):
        spec = CALLS.get(qual[7:])
    return spec


def parse(code: str) -> list:
    return parse_tokens(tokenize(code, LANG), LANG)


def analyze(code: str, knobs) -> list:
    return evaluate.analyze(__import__(__name__, fromlist=["x"]), code, knobs)
