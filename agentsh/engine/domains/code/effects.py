"""From effects to what the rest of agentsh already understands.

A request becomes the HTTP analyzer's facts (`http.graphql_destroy`, `http.delete` ...), SQL the
SQL analyzer's, a Mongo/Redis/ORM call its store's, a cloud SDK call `cloud.destroy`: the same
rules then cover `curl` and `requests.post`, `psql -c` and `cursor.execute`. File deletion and
shell commands become shell text (`rm -rf 'data'`, the command a subprocess runs) that the
unwrapper parses and checks like any other command, so `shutil.rmtree('/srv')` meets the same
rules, exemptions and confirmations as `rm -rf /srv`."""

from __future__ import annotations

import re

from agentsh.engine.domains.code.model import (
    Cloud,
    Delete,
    Exec,
    Ref,
    Request,
    Shell,
    Sql,
    Store,
    Text,
    Unparsed,
)
from agentsh.engine.domains.code.semantics import shell_word
from agentsh.engine.model import Fact

WHOLE_HOLE = re.compile(r"^\$\{\w+\}$")


def domain_facts(effects: list, domain: str, params: dict) -> list[Fact]:
    """The facts of one domain (`http`, `sql`, `mongo`, `redis`, `cloud`, `interp`)."""
    out: list[Fact] = []
    if domain == "http":
        for fx in effects:
            if not isinstance(fx, Request):
                continue
            from agentsh.engine.domains.http import Request as HttpRequest
            from agentsh.engine.domains.http import request_facts

            req = HttpRequest()
            req.method = fx.method
            if isinstance(fx.url, Text):
                req.urls = [fx.url.display()]
            for body in fx.bodies:
                if WHOLE_HOLE.match(body):
                    req.unreadable.append(body)
                    continue
                req.bodies.append(body)
                if "${" in body:  # part of it is only known at run time
                    req.unreadable.append(body)
            out += [f._replace(detail=f"{f.detail} ({fx.call})") if fx.call else f
                    for f in request_facts(req, params)]
    elif domain == "sql":
        for fx in effects:
            if isinstance(fx, Sql):
                from agentsh.engine.domains.sql import statement_facts

                out += [f._replace(detail=f"{f.detail} in {fx.call}") for f in
                        statement_facts(fx.text)]
            elif isinstance(fx, Store) and fx.label.startswith("sql."):
                out.append(Fact(fx.label, fx.detail, fx.target))
    elif domain in ("mongo", "redis", "cypher", "net"):
        out += [Fact(fx.label, fx.detail, fx.target) for fx in effects
                if isinstance(fx, Store) and fx.label.startswith(domain + ".")]
    elif domain == "cloud":
        out += [Fact("cloud.destroy", f"SDK call {fx.call}", fx.target or fx.call)
                for fx in effects if isinstance(fx, Cloud)]
    elif domain == "interp":
        out += interp_facts(effects)
    return list(dict.fromkeys(out))


def interp_facts(effects: list) -> list[Fact]:
    out = []
    for fx in effects:
        if isinstance(fx, Delete) and fx.recursive and _unknown_target(fx.target):
            out.append(Fact("interp.delete", f"{fx.call}: the path is only known at run time"))
        elif isinstance(fx, Shell) and fx.command is None:
            out.append(Fact("interp.dynamic_shellout",
                            f"{fx.call}: the command is only known at run time"))
        elif isinstance(fx, Exec) and fx.path is None:
            out.append(Fact("interp.dynamic_exec", f"{fx.call}: the code is only known at run time"))
        elif isinstance(fx, Unparsed):
            out.append(Fact("interp.unparsed", fx.reason))
    return out


def _whole_tree(target):
    """`BASE/**/*` (what a loop over `rglob("*")` deletes file by file) -> BASE; else None."""
    from agentsh.engine.domains.code.model import Text

    if not isinstance(target, Text) or not target.parts or not isinstance(target.parts[-1], str):
        return None
    last = target.parts[-1]
    if not last.endswith("/**/*") or last == "/**/*" and len(target.parts) == 1:
        return None
    base = last[: -len("/**/*")]
    return Text(target.parts[:-1] + ((base,) if base else ()))


def shell_commands(effects: list) -> list[tuple[str, str]]:
    """(shell text, label) of the commands the code runs, deletions written as `rm`."""
    out = []
    for fx in effects:
        if isinstance(fx, Shell) and fx.command is not None:
            out.append((fx.command, f"shell-out ({fx.call})"))
        elif isinstance(fx, Delete):
            target = fx.target
            tree = _whole_tree(target) if not fx.recursive else None
            if tree is not None:  # every file at every level (`rglob("*")`): the whole tree
                fx = Delete(tree, True, fx.call)
                target = tree
            if isinstance(target, Text) and target.starts_with_hole("temp"):
                continue  # a path the code made with tempfile: scratch
            if fx.recursive and _unknown_target(target):
                continue  # interp.delete says so
            if not fx.recursive and _unknown_target(target):
                continue  # `rm -f "$X"` asks nothing either
            word = shell_word(target)
            if word is None:
                continue
            out.append((f"rm -{'rf' if fx.recursive else 'f'} -- {word}",
                        f"file deletion ({fx.call})"))
    return out


def _unknown_target(target) -> bool:
    if isinstance(target, Ref) and target.kind == "path":
        target = target.data
    if not isinstance(target, Text):
        return True
    return target.starts_with_hole("unknown") or target.starts_with_hole("file")



def named_by_itself(fx) -> bool:
    """An effect whose target the code names itself (`rmtree("/srv/data")`, a DELETE to a URL
    it spells, `DROP TABLE t`), not one whose target arrives at run time from a caller (`def
    clean(p): rmtree(p)`): what a project's imported module is judged by (`imports.py`). The
    environment (`HOME`, an API base URL from `os.environ`) counts as named."""
    if isinstance(fx, Delete):
        return _named(fx.target)
    if isinstance(fx, Request):
        return _named(fx.url)
    if isinstance(fx, Shell):
        return fx.command is not None and "${" not in _ENV_HOLE.sub("", fx.command)
    if isinstance(fx, Sql):
        return "${" not in fx.text
    if isinstance(fx, (Store, Cloud)):
        return bool(fx.target) and "${" not in fx.target
    if isinstance(fx, Exec):
        return fx.path is not None
    return False


_ENV_HOLE = re.compile(r"\$\{(?:HOME|USER|TMPDIR)\}")


def _named(target) -> bool:
    if isinstance(target, Ref) and target.kind == "path":
        target = target.data
    return isinstance(target, Text) and all(h.kind in ("env", "temp") for h in target.holes())
