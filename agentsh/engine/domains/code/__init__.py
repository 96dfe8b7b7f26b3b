"""The code analyzer: what a program in another language does, found by its calls.

`python3 -c`, `node -e`, `ruby -e`, heredocs fed to an interpreter and script files are analyzed
by the front-end of their language (explicit registry below; each is imported on first use, so a
command that runs no interpreter imports none of this). A front-end turns code into effects
(`model.py`): HTTP requests, SQL handed to drivers, Mongo/Redis/ORM calls, cloud SDK calls, file
deletion, shell commands and code run from files. `effects.py` turns them into the facts other
domains' rules already match and into shell text the unwrapper checks as commands.
"""

from __future__ import annotations

import re

from agentsh.engine.lazyre import later
from agentsh.engine.model import Command, Context, Fact
from agentsh.lean import lru_cache

LANGUAGES = {
    "python": "agentsh.engine.domains.code.python",
    "javascript": "agentsh.engine.domains.code.javascript",
    "ruby": "agentsh.engine.domains.code.ruby",
    "php": "agentsh.engine.domains.code.php",
    "lua": "agentsh.engine.domains.code.lua",
    "perl": "agentsh.engine.domains.code.perl",
    "go": "agentsh.engine.domains.code.golang",  # only source the command line wrote (go_report)
}
PROGRAMS = {
    "python": "python", "python2": "python", "python3": "python", "pypy": "python",
    "pypy3": "python", "node": "javascript", "nodejs": "javascript", "deno": "javascript",
    "bun": "javascript", "tsx": "javascript", "ts-node": "javascript", "ts-node-esm": "javascript",
    "esno": "javascript", "ruby": "ruby", "irb": "ruby", "jruby": "ruby", "truffleruby": "ruby",
    "perl": "perl", "php": "php", "lua": "lua", "luajit": "lua", "go": "go",
}
MAX_FILES = 4  # files run by exec(open(F).read()) and the like, followed per command
VERSION = later(r"(?<=[a-z])[0-9][0-9.]*$")
_VERSION_ENDS = frozenset("0123456789.")  # what a name VERSION or a python version ends with


def program_of(cmd: Command) -> str:
    """`/usr/bin/python3.11` -> `python3`, `lua5.4` -> `lua`, `node.exe` -> `node`."""
    return _program(cmd.program)


@lru_cache(maxsize=1024)
def _program(name: str) -> str:
    if name.lower().endswith(".exe"):
        name = name[:-4]
    if name in PROGRAMS or name[-1:] not in _VERSION_ENDS:  # no version: no pattern compiled
        return name
    short = VERSION.sub("", name)
    if short in PROGRAMS:
        return short
    m = re.fullmatch(r"(python|pypy)([23])[0-9.]*", name)
    return m.group(1) + m.group(2) if m else name


# framework commands that run code given as an argument (or a file) after a subcommand:
# `rails runner 'User.delete_all'`
CODE_SUBCOMMANDS = {"rails": ("ruby", ("runner", "r"))}




def language_of(cmd: Command) -> str | None:
    if not cmd.words:
        return None
    program = _program(cmd.program)
    found = PROGRAMS.get(program)
    if found is None and program.rsplit("/", 1)[-1].startswith(("jupyter", "papermill")):
        from agentsh.engine.domains.code.notebook import RUNNERS, runs_notebook

        if program.rsplit("/", 1)[-1] in RUNNERS:
            return "python" if runs_notebook(cmd) else None
    if found is None and program.rsplit("/", 1)[-1] in CODE_SUBCOMMANDS:
        language, subcommands = CODE_SUBCOMMANDS[program.rsplit("/", 1)[-1]]
        first = next((w.text for w in cmd.words[1:] if not w.text.startswith("-")), "")
        return language if first in subcommands else None
    return found


def knobs(params: dict):
    from agentsh.engine.domains.code.semantics import DEFAULT_SQL_METHODS, Knobs

    return Knobs(tuple(params.get("sdk_modules", ())),
                 frozenset(params.get("destroy_verbs", ())),
                 DEFAULT_SQL_METHODS | frozenset(params.get("sql_methods", ())),
                 tuple((module, frozenset(verbs)) for module, verbs
                       in sorted(params.get("sdk_verbs", {}).items())))


@lru_cache(maxsize=64)
def analyze_code(language: str, code: str, knob, project: tuple = (), lines: bool = False
                 ) -> tuple:
    """The effects of one piece of code (pure, so cached across the command's stages).
    `project`: the project's modules the code may call into, whose functions its calls are
    connected to: (dotted name, text, is package) in Python, (key, text, folder) in JavaScript,
    with the code's own folder as ("", "", folder) first. `lines`: run statement by statement
    (Python's interactive prompt), so text that does not compile as a whole may still run."""
    module = __import__(LANGUAGES[language], fromlist=["__name__"])  # no importlib to import
    if lines and language == "python":
        return tuple(module.analyze(code, knob, project, whole=False))
    if project:
        return tuple(module.analyze(code, knob, project))
    return tuple(module.analyze(code, knob))


def project_of(found: list, language: str) -> tuple:
    """The modules of `found` calls may be connected into (see analyze_code)."""
    if language == "python":
        return tuple((s.name, s.code, s.path.endswith("/__init__.py"))
                     for s in found if s.imported and s.name and s.language == "python")
    if language == "javascript":
        return tuple((s.name, s.code, s.path.rpartition("/")[0])
                     for s in found if s.imported and s.name and s.language == "javascript")
    return ()


class Report:
    """Everything one command's code does: effects, and facts about what could not be read."""

    def __init__(self, effects: list, facts: list[Fact]) -> None:
        self.effects = effects
        self.facts = facts


def report(cmd: Command, ctx: Context, params: dict) -> Report | None:
    language = language_of(cmd)
    if language is None:
        return None
    if language == "go":
        return go_report(cmd, ctx, params)
    from agentsh.engine.domains.code.model import Exec
    from agentsh.engine.domains.code.sources import sources, unread_script

    found, facts = sources(cmd, language, program_of(cmd), ctx)
    knob = knobs(params)
    effects: list = []
    project = project_of(found, language)
    for source in found:
        own = project
        if project and source.language == "javascript":  # relative names start at its folder
            own = (("", "", source.path.rpartition("/")[0] if source.imported
                    else _script_folder(source, cmd)),) + project
        found_effects = analyze_code(source.language, source.code, knob,
                                     own if source.language == language else (), source.lines)
        if source.imported:
            from agentsh.engine.domains.code.effects import named_by_itself

            found_effects = [fx for fx in found_effects if named_by_itself(fx)]
        effects += found_effects
    followed = 0
    for fx in list(effects):
        if not isinstance(fx, Exec) or fx.path is None:
            continue
        followed += 1
        text = ctx.read_file(fx.path) if callable(ctx.read_file) and followed <= MAX_FILES \
            else None
        if text is None:
            if followed > MAX_FILES:
                facts.append(Fact("interp.script_unreadable",
                                  f"{fx.call}: more files than agentsh follows", fx.path))
            else:
                facts += unread_script(fx.path, ctx, fx.call)
            continue
        effects += analyze_code(language, text, knob)
    return Report(effects, facts)


def go_report(cmd: Command, ctx: Context, params: dict) -> Report | None:
    """`go run|build|test ...` after this command line wrote Go source: what that source does,
    as far as `golang.py` reads it (the files written, read as one package). Source on disk is
    not read here (`compiled.py` reads it for remote harm); what the reader cannot follow is
    INT020's (`compiled_facts`)."""
    written, _ = go_sources(cmd, ctx, params)
    if not written:
        return None
    from agentsh.engine.domains.code.model import Unparsed

    effects = [fx for fx in analyze_code("go", "\n".join(written), knobs(params))
               if not isinstance(fx, Unparsed)]
    return Report(effects, [])


def go_sources(cmd: Command, ctx: Context, params: dict) -> tuple[list[str], bool]:
    """The Go source this command line wrote, for a `go` subcommand that builds or runs code,
    and whether the command names only those files (`go run main.go [args]`). Otherwise
    (`go run .`, `go test ./...`, a file written earlier) other files of the package, unseen,
    may give the same names other values: the reader's findings then stand, but INT020 still
    asks for what could do harm."""
    entry = params.get("compiled", {}).get("go")
    written = getattr(ctx.files, "written_code", None)
    if entry is None or written is None:
        return [], False
    words = [w for w in cmd.words[1:] if not w.text.startswith("-")]
    if not words or words[0].text not in entry.get("subcommands", ()):
        return [], False
    found = [(path, text) for path, text in written() if path.endswith(".go")]
    named = []
    for word in words[1:]:
        if not word.text.endswith(".go"):
            break
        named.append(word)
    only = bool(named) and all(w.literal for w in named) and all(
        any(p == w.text or p.endswith("/" + w.text.lstrip("./")) for p, _ in found)
        for w in named)
    # every Go file the line wrote is named: one it wrote elsewhere (`lib/lib.go`) may be a
    # package the named files import, whose code runs too (its `init`)
    only = only and all(any(p == w.text or p.endswith("/" + w.text.lstrip("./")) for w in named)
                        for p, _ in found)
    return [t for _, t in found], only


def _script_folder(source, cmd: Command) -> str:
    from agentsh.engine.domains.code.sources import folder_of

    return folder_of(source, program_of(cmd))


def params_of(policy) -> dict:
    """`[analyzer.code]`, with the cloud analyzer's destroy verbs unless it names its own."""
    params = dict(policy.analyzer("code"))
    params.setdefault("destroy_verbs", policy.analyzer("cloud").get("destroy_verbs", []))
    return params


def view_report(view) -> Report | None:
    cached = view.__dict__.get("_code_report", False)
    if cached is False:
        cached = report(view.cmd, view.ctx, params_of(view.policy))
        view.__dict__["_code_report"] = cached
    return cached


def domain_facts(view, domain: str, params: dict) -> list[Fact]:
    """Facts of one domain from the code a command runs ([] for any other command)."""
    if language_of(view.cmd) is None:
        return []
    rep = view_report(view)
    if rep is None:
        return []
    from agentsh.engine.domains.code.effects import domain_facts as facts_of

    out = facts_of(rep.effects, domain, params)
    if domain == "interp":
        out = [f for f in rep.facts if f.label.startswith("interp.")] + out
    return out


def interp_facts(view, params: dict) -> list[Fact]:
    """The `interp` domain: what the code does that no other domain names (a deletion or a
    command only known at run time, code that cannot be parsed or read)."""
    own = view.policy.analyzer("code")
    out = compiled_facts(view, own) + domain_facts(view, "interp", params)
    if view.program in own.get("foreign", {}):
        from agentsh.engine.domains.code.foreign import facts as foreign_facts

        out += foreign_facts(view, own)
    elif len(view.cmd.words) > 1 and (own.get("unknown_code_options") and any(
            w.text.split("=", 1)[0] in own["unknown_code_options"] for w in view.cmd.words[1:])
            or _runs_written_file(view)):
        from agentsh.engine.domains.code.foreign import unknown_program_facts

        out += unknown_program_facts(view, own)
    return out


def _runs_written_file(view) -> bool:
    """The cheap test for a program handed a file this command line wrote with known content
    (`cat > x.hy <<EOF ... EOF; hy x.hy`): the file may be its code (`domains._interp` makes
    the same test before it imports this package)."""
    written = getattr(view.ctx.files, "written_code", None)
    if written is None or not any(w.literal and not w.text.startswith("-")
                                  for w in view.cmd.words[1:]):
        return False
    return bool(written())


def compiled_facts(view, params: dict) -> list[Fact]:
    """A compiler or build tool of a language agentsh does not analyze (`[analyzer.code]
    compiled`: Go, Rust, C, Java ...) run after this command line wrote source in that language
    holding words that could do harm: the code it builds and runs is unknown."""
    entry = params.get("compiled", {}).get(view.program)
    if entry is None:
        return []
    subcommands = entry.get("subcommands")
    if subcommands:
        first = view.args.positionals[0].text if view.args.positionals else ""
        if first not in subcommands:
            return []
    from agentsh.engine.domains.code.compiled import source_facts

    named = source_facts(view, entry)  # source on disk named here (`go run wipe.go`)
    if named:
        return named
    written = getattr(view.ctx.files, "written_code", None)
    if written is None:
        return []
    from agentsh.engine.domains.code.foreign import could_harm
    from agentsh.engine.domains.code.semantics import may_do_harm

    extensions = tuple(entry.get("extensions", ()))
    for path, text in written():
        go = view.program == "go" and path.endswith(".go")
        if path.endswith(extensions) and (could_harm(text, entry, params, may_do_harm) or
                                          go and _go_unread(text)) and \
                not (go and _go_read(view, params)):
            return [Fact("interp.compiled_planted", f"{view.program} builds {path}, which this "
                         "command line wrote, in a language agentsh does not analyze", path)]
    return []


def _go_unread(text: str) -> bool:
    """Go the reader never follows (raw system calls, `unsafe`, cgo ...: `golang.UNREAD`)."""
    from agentsh.engine.domains.code.golang import UNREAD

    return re.search(UNREAD, text) is not None


def _go_read(view, params: dict) -> bool:
    """Whether the Go reader (`golang.py`) reads all of the source this command builds that
    could do harm: the command names only files this line wrote (`go_sources`), and nothing in
    them is left unread. Its effects are then judged as the other languages' are (`go_report`),
    not by INT020."""
    from agentsh.engine.domains.code.model import Unparsed

    from agentsh.engine.domains.code.golang import outside_imports

    written, only = go_sources(view.cmd, view.ctx, params)
    code = "\n".join(written)
    # a package from outside the standard library (`example.com/app/lib`, written earlier or
    # on disk) runs code of its own (its `init`) that is not read
    return only and not outside_imports(code) and not any(
        isinstance(fx, Unparsed) for fx in analyze_code("go", code, knobs(params)))


def shell_of(cmd: Command, ctx: Context, params: dict) -> tuple[list[tuple[str, str]], list[Fact]]:
    """For the unwrapper: the shell commands the code runs, and facts it found about the
    command itself (code downloaded and run directly)."""
    if language_of(cmd) is None:
        return [], []
    rep = report(cmd, ctx, params)
    if rep is None:
        return [], []
    from agentsh.engine.domains.code.effects import shell_commands

    program = program_of(cmd)
    return ([(t, f"{label} in {program} code") for t, label in shell_commands(rep.effects)],
            [f for f in rep.facts if f.label.startswith("unknown.")])
