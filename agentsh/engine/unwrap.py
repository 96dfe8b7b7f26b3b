"""Stage 2: from each simple command to every command it would run.

Prefix commands (sudo, env, timeout, xargs, find -exec ...) are peeled off and the inner command
is classified too; code handed to a shell (`bash -c`, `eval`, `ssh host CMD`, `docker exec`,
heredocs and pipes into `sh`, scripts that are run or sourced) is parsed again, recursively.
What cannot be seen becomes an `unknown.*` fact, and unknown asks.
"""

from __future__ import annotations

import re
from collections import namedtuple

from agentsh.engine import dataflow
from agentsh.engine.model import Command, Context, Fact, Word
from agentsh.engine.wrappers import (
    PREFIXES,
    RUNNERS,
    container_exec,
    env_command,
    find_exec,
    parallel_command,
    peel,
    prefix_spec,
    skip_options,
    xargs_command,
)

MAX_DEPTH = 6
SHELLS = frozenset("sh bash zsh dash ksh mksh ash yash posh busybox-sh agentsh".split())
INTERPRETERS = frozenset(
    "python python2 python3 node nodejs deno bun perl ruby php lua irb psql mysql".split())
REMOTE_FETCHERS = frozenset("curl wget fetch http https xh aria2c".split())


class Found(namedtuple("Found", "command facts", defaults=((),))):
    """A command that would run, with what the unwrapper learned about it."""

    __slots__ = ()

    command: Command
    facts: tuple[Fact, ...]


# ------------------------------------------------------------------ code handed to a shell


class Code(namedtuple("Code", "text label span args how", defaults=((), "child"))):
    """Shell code to parse again. `text` is None when it is not known before run time."""

    __slots__ = ()

    text: str | None
    label: str
    span: tuple[int, int]
    args: tuple[str, ...] | None  # positional parameters the code sees as $1... (None: same)
    how: str  # where it runs (`dataflow.child_state`): same, child, elsewhere, remote


SHELL_VALUE_OPTS = frozenset("-o +o -O +O --rcfile --init-file".split())
# `agentsh WORD` for these subcommands (a copy of cli.SUBCOMMANDS, pinned by a test) runs no
# script: an agent's hook entry is `agentsh hook AGENT`. The ones that could take agentsh out of
# an agent's path (`setup ... --uninstall`, `trust`) are SELF rules in rules.toml.
AGENTSH_SUBCOMMANDS = frozenset(
    "check explain rules trust log approve hook setup doctor".split())


def _shell_code(cmd: Command, ctx: Context) -> tuple[list[Code], list[Fact]]:
    """`bash -c STR`, `bash script.sh`, `bash <<EOF`, `curl | bash`."""
    words = cmd.words
    i, has_c = 1, False
    while i < len(words):
        text = words[i].text
        if not words[i].literal or not (text.startswith("-") or text.startswith("+")) or text == "-":
            break
        if text == "--":
            i += 1
            break
        if text in SHELL_VALUE_OPTS:
            i += 2
            continue
        if not text.startswith("--") and "c" in text[1:] and text[0] == "-":
            has_c = True
        i += 1
    name = cmd.program
    if name == "agentsh" and not has_c and i < len(words) and words[i].literal and \
            words[i].text in AGENTSH_SUBCOMMANDS:
        return [], []
    if has_c:
        if i >= len(words):
            return [], []
        word = words[i]
        args = tuple(w.text for w in words[i + 2 :])
        return [Code(word.text if word.literal else None, f"{name} -c", word.span, args)], []
    if i < len(words):
        return _script(words[i], f"{name} script", ctx, tuple(w.text for w in words[i + 1 :]))
    return _stdin_code(cmd, name, ctx)


def _stdin_code(cmd: Command, name: str, ctx: Context) -> tuple[list[Code], list[Fact]]:
    stdin = cmd.stdin
    if stdin is None:
        return [], []  # reads the terminal: an interactive shell
    if stdin.kind == "file":
        if stdin.path == "/dev/null":
            return [], []
        word = Word(stdin.path, "$" not in stdin.path, cmd.span, stdin.path)
        return _script(word, f"{name} <", ctx)
    if stdin.text is not None:
        return [Code(stdin.text, f"{name} <<{stdin.kind}", cmd.span)], []
    if stdin.kind == "pipe" and stdin.producer and \
            stdin.producer[0].rsplit("/", 1)[-1] in REMOTE_FETCHERS:
        return [], [Fact("unknown.remote_code",
                         f"code downloaded by {stdin.producer[0]} is run by {name}")]
    producer = " ".join(stdin.producer) if stdin.producer else stdin.kind
    return [], [Fact("unknown.dynamic_stdin", f"{name} runs code produced at run time ({producer})")]


def _script(word: Word, label: str, ctx: Context, args: tuple[str, ...] = ()
            ) -> tuple[list[Code], list[Fact]]:
    if not word.literal:
        fetch = any(f in word.raw for f in REMOTE_FETCHERS)
        label_ = "unknown.remote_code" if fetch else "unknown.dynamic_script"
        return [], [Fact(label_, f"{label}: the script {word.raw} is produced at run time")]
    reader = ctx.read_file
    text = reader(word.text) if callable(reader) else None
    if text is None:
        return [], [Fact("unknown.script_unreadable",
                         f"{label}: cannot read {word.text} to check it", word.text)]
    if text == "":
        return [], []
    return [Code(text, f"{label} {word.text}", word.span, args)], []


def _ssh(cmd: Command, ctx: Context) -> tuple[list[Code], list[Fact]]:
    spec = prefix_spec("-B -b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w")
    start = skip_options(cmd.words, spec, 1)
    rest = cmd.words[start + 1 :] if start is not None else ()
    if not rest:
        return _stdin_code(cmd, "ssh", ctx) if cmd.stdin and cmd.stdin.kind != "file" else ([], [])
    literal = all(w.literal for w in rest)
    text = " ".join(w.text for w in rest)
    span = (rest[0].span[0], rest[-1].span[1])
    return [Code(text if literal else None, "ssh", span, how="remote")], []


# ------------------------------------------------------------------ the walk


class Unwrapper:
    def __init__(self, ctx: Context, parse, code_shell=None, snapshot_trusted=None,
                 eval_generators: frozenset[str] = frozenset(), runners=None,
                 flow: dataflow.Config | None = None) -> None:
        self.ctx = ctx
        self.flow = flow or dataflow.Config({}, parse=parse, trusted=snapshot_trusted)
        self.parse = parse
        self.code_shell = code_shell
        self.snapshot_trusted = snapshot_trusted or (lambda path: False)
        self.eval_generators = eval_generators
        self.runners = runners  # cmd -> what a package or task runner runs (engine.runners)
        self.found: list[Found] = []

    def run(self, commands: tuple[Command, ...]) -> list[Found]:
        for cmd in commands:
            self.command(cmd)
        return self.found

    def command(self, cmd: Command) -> None:
        facts: list[Fact] = []
        ctx = dataflow.context_for(self.ctx, cmd)  # where it runs, and what the line wrote
        if cmd.depth > MAX_DEPTH:
            self.found.append(Found(cmd, (Fact("unknown.too_deep",
                                               f"nested more than {MAX_DEPTH} levels deep"),)))
            return
        if not cmd.words:
            return
        name_word = cmd.words[0]
        if not name_word.literal:
            facts.append(Fact("unknown.dynamic_name",
                              f"the command name {name_word.raw} is only known at run time"))
        elif name_word.raw.startswith("$'") or name_word.raw.startswith("$\""):
            facts.append(Fact("unknown.obfuscated_name",
                              f"the command name is written as {name_word.raw}"))
        if any(name.startswith("AGENTSH_") for name, _ in cmd.assignments):
            facts.append(Fact("self.agentsh_env", "sets an AGENTSH_ variable for this command"))
        prog = cmd.program
        inner: list[Command] = []
        codes: list[Code] = []
        ran = self.runners(cmd) if self.runners is not None else None
        if ran is not None:
            inner += ran[0]
            codes += [Code(text, label, cmd.span) for text, label in ran[1]]
            facts += ran[2]
        elif prog in PREFIXES and name_word.literal:
            start = skip_options(cmd.words, PREFIXES[prog], 1)
            if start is not None:
                inner.append(dataflow.inner(cmd, peel(cmd, cmd.words[start:], prog)))
        elif prog == "env":
            sub, code = env_command(cmd)
            if sub is not None:
                inner.append(dataflow.inner(cmd, sub))
            codes += [Code(c, "env -S", cmd.span) for c in code]
        elif prog == "xargs":
            sub = xargs_command(cmd)
            if sub is not None:
                inner.append(sub)
        elif prog == "parallel":
            sub = parallel_command(cmd)
            if sub is not None:
                inner.append(sub)
        elif prog == "find":
            inner += [dataflow.inner(cmd, c) for c in find_exec(cmd)]
        elif prog in SHELLS:
            c, f = _shell_code(cmd, ctx)
            codes += c
            facts += f
        elif prog in ("eval",):
            codes += [c._replace(how="same", args=None) for c in self._eval(cmd, facts)]
        elif prog in ("source", "."):
            if len(cmd.words) > 1:
                path = cmd.words[1].text
                if not (cmd.words[1].literal and self.snapshot_trusted(path)):
                    c, f = _script(cmd.words[1], prog, ctx,
                                   tuple(w.text for w in cmd.words[2:]))
                    codes += [x._replace(how="same", args=x.args or None) for x in c]
                    facts += f
        elif prog == "su":
            codes += [c._replace(how="remote") for c in self._su(cmd)]
        elif prog == "watch":
            rest = self._watch(cmd)
            if rest is not None:
                codes.append(rest)
        elif prog == "ssh":
            c, f = _ssh(cmd, ctx)
            codes += c
            facts += f
        elif prog in ("docker", "podman", "nerdctl", "kubectl", "oc", "docker-compose"):
            sub = container_exec(cmd)
            if sub is not None:
                inner.append(dataflow.inner(cmd, sub))
        elif prog in ("flock",):
            texts = [w.text for w in cmd.words]
            if "-c" in texts and texts.index("-c") + 1 < len(texts):
                w = cmd.words[texts.index("-c") + 1]
                codes.append(Code(w.text if w.literal else None, "flock -c", w.span))
            else:
                start = skip_options(cmd.words, prefix_spec("-w --timeout -E --conflict-exit-code"), 1)
                if start is not None and start + 1 < len(cmd.words):
                    inner.append(peel(cmd, cmd.words[start + 1 :], "flock"))
        elif len(cmd.words) > 1 and (prog, cmd.words[1].text) in RUNNERS:
            spec = RUNNERS[(prog, cmd.words[1].text)]
            start = skip_options(cmd.words, spec, 2)
            if start is not None:
                inner.append(peel(cmd, cmd.words[start:], f"{prog} {cmd.words[1].text}"))
        elif "/" in cmd.name and name_word.literal and not self.snapshot_trusted(cmd.name):
            c, f = self._path_script(cmd, ctx)
            codes += c
            facts += f
        if self.code_shell is not None:
            # code in another language: the commands it runs (shell-outs, deletions as rm)
            # it reads files as this command sees them; its shell-outs may run anywhere
            shell, code_facts = self.code_shell(cmd, ctx)
            codes += [Code(text, label, cmd.span, how="elsewhere") for text, label in shell]
            facts += code_facts
        self.found.append(Found(cmd, tuple(facts)))
        for sub in inner:
            self.command(sub._replace(depth=cmd.depth + 1))
        for code in codes:
            self.code(cmd, code)

    def _eval(self, cmd: Command, facts: list[Fact]) -> list[Code]:
        args = cmd.words[1:]
        if not args:
            return []
        if all(w.literal for w in args):
            return [Code(" ".join(w.text for w in args), "eval", (args[0].span[0], args[-1].span[1]))]
        raw = " ".join(w.raw for w in args)
        m = re.fullmatch(r"\"?\$\(\s*([\w./-]+)[^`$;&|<>]*\)\"?", raw)
        if m and m.group(1).rsplit("/", 1)[-1] in self.eval_generators:
            return []
        facts.append(Fact("unknown.eval_dynamic", f"eval runs {raw}, only known at run time"))
        return []

    def _su(self, cmd: Command) -> list[Code]:
        words = cmd.words
        for i, w in enumerate(words[1:], start=1):
            if w.text in ("-c", "--command") and i + 1 < len(words):
                code = words[i + 1]
                return [Code(code.text if code.literal else None, "su -c", code.span)]
            if w.text.startswith("--command="):
                return [Code(w.text.split("=", 1)[1], "su -c", w.span)]
        return []

    def _watch(self, cmd: Command) -> Code | None:
        spec = prefix_spec("-n --interval -d --differences -q --equexit")
        start = skip_options(cmd.words, spec, 1)
        if start is None:
            return None
        rest = cmd.words[start:]
        literal = all(w.literal for w in rest)
        return Code(" ".join(w.text for w in rest) if literal else None, "watch",
                    (rest[0].span[0], rest[-1].span[1]))

    def _path_script(self, cmd: Command, ctx: Context) -> tuple[list[Code], list[Fact]]:
        reader = ctx.read_file
        if not callable(reader):
            return [], []
        text = reader(cmd.name)
        if text is None:
            return [], []
        interpreter = _shebang_interpreter(text)
        if interpreter is not None:
            # `./x.py` with `#!/usr/bin/env python3`: checked as `python3 ./x.py`, which the code
            # analyzer reads
            import shlex

            argv = [interpreter, cmd.name] + [w.text for w in cmd.words[1:]]
            return [Code(shlex.join(argv), f"script {cmd.name}", cmd.words[0].span)], []
        if not _looks_like_shell(cmd.name, text):
            return [], []
        return [Code(text, f"script {cmd.name}", cmd.words[0].span,
                     tuple(w.text for w in cmd.words[1:]))], []

    def code(self, parent: Command, code: Code) -> None:
        via = parent.via + (code.label,)
        if code.text is None:
            self.found.append(Found(parent, (Fact(
                "unknown.dynamic_code", f"{code.label} runs code only known at run time"),)))
            return
        if parent.depth + 1 > MAX_DEPTH:
            self.found.append(Found(parent, (Fact("unknown.too_deep",
                                                  f"nested more than {MAX_DEPTH} levels deep"),)))
            return
        parsed = self.parse(code.text)
        if not parsed.ok:
            self.found.append(Found(parent, (Fact(
                "unknown.parse_error", f"{code.label}: cannot parse: {parsed.error}"),)))
            return
        start = dataflow.child_state(parent, code.how, self.ctx)
        if code.args is not None and code.how != "same":
            start = start.copy()
            start.positional = tuple(code.args)
        resolved, _ = dataflow.resolve(parsed, self.flow, start)
        for cmd in resolved:
            self.command(cmd._replace(span=code.span, via=via, depth=parent.depth + 1))


SHEBANG = re.compile(r"^#!\s*(?:\S*/)?(?:env\s+(?:-S\s+)?(?:[A-Za-z_]\w*=\S*\s+)*)?"
                     r"(python[0-9.]*|pypy[0-9.]*|node|nodejs|deno|bun|tsx|ts-node|ruby|perl|php|"
                     r"lua[0-9.]*|luajit)\b")


def _shebang_interpreter(text: str) -> str | None:
    m = SHEBANG.match(text.split("\n", 1)[0])
    return m.group(1) if m else None


def _looks_like_shell(path: str, text: str) -> bool:
    first = text.split("\n", 1)[0]
    if first.startswith("#!"):
        return any(s in first for s in ("sh", "bash", "zsh", "ksh"))
    return path.endswith((".sh", ".bash")) or "\x00" not in text[:512]
