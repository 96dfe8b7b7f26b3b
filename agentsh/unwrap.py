"""Stage 2: from each simple command to every command it would run.

Prefix commands (sudo, env, timeout, xargs, find -exec ...) are peeled off and the inner command
is classified too; code handed to a shell (`bash -c`, `eval`, `ssh host CMD`, `docker exec`,
heredocs and pipes into `sh`, scripts that are run or sourced) is parsed again, recursively.
What cannot be seen becomes an `unknown.*` fact, and unknown asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agentsh.model import Command, Context, Fact, Word

MAX_DEPTH = 6
SHELLS = frozenset("sh bash zsh dash ksh mksh ash yash posh busybox-sh".split())
INTERPRETERS = frozenset(
    "python python2 python3 node nodejs deno bun perl ruby php lua irb psql mysql".split())
REMOTE_FETCHERS = frozenset("curl wget fetch http https xh aria2c".split())
POSITIONAL_REF = re.compile(r"\$(?:[1-9@*]|\{[1-9@*]\})")
PLACEHOLDER = "{}"


@dataclass(frozen=True)
class Found:
    """A command that would run, with what the unwrapper learned about it."""

    command: Command
    facts: tuple[Fact, ...] = ()


# ------------------------------------------------------------------ prefix commands


@dataclass(frozen=True)
class Prefix:
    """How a prefix command reads its own options before the command it runs."""

    value_options: frozenset[str] = frozenset()
    positional_before: int = 0  # words it consumes before the command (timeout's DURATION)
    no_command_flags: frozenset[str] = frozenset()  # `command -v`: looks up, runs nothing


def _p(values: str = "", before: int = 0, none: str = "") -> Prefix:
    return Prefix(frozenset(values.split()), before, frozenset(none.split()))


PREFIXES: dict[str, Prefix] = {
    "sudo": _p("-u --user -g --group -h --host -p --prompt -C --close-from -D --chdir -r --role "
               "-t --type -U --other-user -T --command-timeout", none="-l --list -v --validate "
               "-k -K -e --edit -V --version"),
    "doas": _p("-u -C"),
    "command": _p(none="-v -V"),
    "builtin": _p(),
    "exec": _p("-a"),
    "nice": _p("-n --adjustment"),
    "nohup": _p(),
    "timeout": _p("-s --signal -k --kill-after", before=1),
    "time": _p("-f --format -o --output"),
    "coproc": _p(),
    "stdbuf": _p("-i --input -o --output -e --error"),
    "ionice": _p("-c --class -n --classdata", none="-p --pid -P --pgid -u --uid"),
    "setsid": _p(),
    "chroot": _p("--userspec --groups", before=1),
    "strace": _p("-e -o -p -s -u -E -a -b -I -O -P -S -X"),
    "ltrace": _p("-e -o -p -s -u -a -n"),
    "busybox": _p(),
    "nsenter": _p("-t --target -S --setuid -G --setgid"),
    "unshare": _p(),
    "catchsegv": _p(),
    "caffeinate": _p("-t -w"),
    "torsocks": _p(),
    "proxychains": _p("-f"),
    "proxychains4": _p("-f"),
    "firejail": _p(),
    "npx": _p("-p --package -c --call"),
    "bunx": _p("-p --package"),
    "pnpx": _p(),
    "!": _p(),
    "doppler": _p(),
    "dotenv": _p("-e -v"),
}
# `tool SUBCOMMAND [options] CMD...` runners: uv run, poetry run, bundle exec, ...
RUNNERS: dict[tuple[str, str], Prefix] = {
    ("uv", "run"): _p("--with --python -p --project --directory --env-file --package --group "
                      "--extra --index --with-requirements"),
    ("poetry", "run"): _p(),
    ("pipenv", "run"): _p(),
    ("pdm", "run"): _p(),
    ("hatch", "run"): _p(),
    ("bundle", "exec"): _p(),
    ("pipx", "run"): _p("--spec"),
    ("npm", "exec"): _p("-p --package -c --call"),
    ("pnpm", "exec"): _p(),
    ("pnpm", "dlx"): _p(),
    ("yarn", "dlx"): _p(),
    ("yarn", "exec"): _p(),
    ("op", "run"): _p("--env-file"),
    ("doppler", "run"): _p("-p --project -c --config"),
    ("aws-vault", "exec"): _p("-d --duration -r --region", before=1),
    ("direnv", "exec"): _p(before=1),
    ("mise", "exec"): _p(),
    ("nix", "shell"): _p(),
    ("flatpak-spawn", "--host"): _p(),
}


def _skip_options(words: tuple[Word, ...], spec: Prefix, start: int) -> int | None:
    """Index of the first word of the inner command, or None when it runs none."""
    i = start
    while i < len(words):
        text = words[i].text
        if text == "--":
            return i + 1
        if not text.startswith("-") or text == "-" or not words[i].literal:
            break
        name = text.split("=", 1)[0]
        if name in spec.no_command_flags:
            return None
        if name in spec.value_options and "=" not in text:
            i += 2
            continue
        if len(text) > 2 and not text.startswith("--") and text[:2] in spec.value_options:
            i += 1  # -uroot
            continue
        if name == "-n" and text[2:].isdigit():
            i += 1
            continue
        if text[1:].isdigit():  # nice -10
            i += 1
            continue
        i += 1
    i += spec.positional_before
    return i if i < len(words) else None


def _inner(cmd: Command, words: tuple[Word, ...], label: str,
           assignments: tuple[tuple[str, str], ...] = ()) -> Command:
    return replace(cmd, words=words, via=cmd.via + (label,),
                   assignments=cmd.assignments + assignments)


def _env(cmd: Command) -> tuple[Command | None, list[Fact], list[str]]:
    words = cmd.words
    i, assignments, code = 1, [], []
    while i < len(words):
        text = words[i].text
        if text == "--":
            i += 1
            continue
        if text in ("-u", "--unset", "-C", "--chdir", "-P"):
            i += 2
            continue
        if text in ("-S", "--split-string") and i + 1 < len(words):
            code.append(words[i + 1].text + " " + " ".join(w.text for w in words[i + 2 :]))
            return None, [], code
        if text.startswith("--split-string=") or text.startswith("-S") and len(text) > 2:
            rest = text.split("=", 1)[1] if text.startswith("--") else text[2:]
            code.append(rest + " " + " ".join(w.text for w in words[i + 1 :]))
            return None, [], code
        if text.startswith("-") and words[i].literal:
            i += 1
            continue
        name, eq, value = text.partition("=")
        if eq and name and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            assignments.append((name, value))
            i += 1
            continue
        break
    if i >= len(words):
        return None, [], []
    return _inner(cmd, words[i:], "env", tuple(assignments)), [], []


def _replace_token(options: tuple[Word, ...], short: tuple[str, ...], default: str) -> str:
    """The string xargs/parallel replace with each input (`-I {}`, `--replace`, `-J %`)."""
    for i, word in enumerate(options):
        text = word.text
        for flag in short:
            if text == flag and i + 1 < len(options):
                return options[i + 1].text
            if text.startswith(flag) and len(text) > len(flag):
                return text[len(flag):]
        if text in ("-i", "--replace"):
            return default
        if text.startswith(("--replace=", "-i")):
            return text.split("=", 1)[1] if "=" in text else text[2:]
    return ""


def _with_inputs(words: tuple[Word, ...], token: str, span) -> tuple[Word, ...]:
    """Words that contain the input placeholder are only known at run time."""
    return tuple(Word(w.text, False, w.span, w.raw) if token and token in w.text else w
                 for w in words)


def _xargs(cmd: Command) -> Command | None:
    spec = _p("-a --arg-file -d --delimiter -E -e --eof -I -J -R -S -L --max-lines -l "
              "-n --max-args -P --max-procs -s --max-chars --process-slot-var")
    start = _skip_options(cmd.words, spec, 1)
    if start is None:
        return None
    inner = cmd.words[start:]
    token = _replace_token(cmd.words[1:start], ("-I", "-J"), "{}")
    if token:
        inner = _with_inputs(inner, token, cmd.span)
    else:
        inner = inner + (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),)
    return _inner(cmd, inner, "xargs")


def _parallel(cmd: Command) -> Command | None:
    spec = _p("-j --jobs -S --sshlogin -a --arg-file --delay --timeout --joblog --results "
              "-I --tmpdir --workdir --env -d --delimiter -N --max-args")
    start = _skip_options(cmd.words, spec, 1)
    if start is None:
        return None
    words = cmd.words[start:]
    texts = [w.text for w in words]
    for sep in (":::", "::::", ":::+"):
        if sep in texts:
            k = texts.index(sep)
            inputs = tuple(w for w in words[k + 1 :] if w.text not in (":::", "::::", ":::+"))
            if sep == "::::":
                inputs = (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),)
            body = words[:k]
            if not body:  # `parallel ::: CMD...`: each input is a command line
                return _inner(cmd, (Word("eval", True, cmd.span, "eval"),) + inputs, "parallel")
            if any("{" in w.text for w in body):
                if sep == "::::":
                    return _inner(cmd, _with_inputs(body, "{", cmd.span), "parallel")
                return _inner(cmd, tuple(w for w in body if "{" not in w.text) + inputs,
                              "parallel")
            return _inner(cmd, body + inputs, "parallel")
    if any("{" in w.text for w in words):
        return _inner(cmd, _with_inputs(words, "{", cmd.span), "parallel")
    return _inner(cmd, words + (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),), "parallel")


def _find_exec(cmd: Command) -> list[Command]:
    out = []
    words = cmd.words
    i = 1
    while i < len(words):
        if words[i].text in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            while j < len(words) and words[j].text not in (";", "+", "\\;"):
                j += 1
            body = tuple(Word(PLACEHOLDER, False, w.span, w.raw) if PLACEHOLDER in w.text else w
                         for w in words[i + 1 : j])
            if body:
                out.append(_inner(cmd, body, f"find {words[i].text}"))
            i = j
        i += 1
    return out


# ------------------------------------------------------------------ code handed to a shell


@dataclass(frozen=True)
class Code:
    """Shell code to parse again. `text` is None when it is not known before run time."""

    text: str | None
    label: str
    span: tuple[int, int]
    args: tuple[str, ...] = ()  # positional parameters the code sees as $1...


SHELL_VALUE_OPTS = frozenset("-o +o -O +O --rcfile --init-file".split())


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
    spec = _p("-B -b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w")
    start = _skip_options(cmd.words, spec, 1)
    rest = cmd.words[start + 1 :] if start is not None else ()
    if not rest:
        return _stdin_code(cmd, "ssh", ctx) if cmd.stdin and cmd.stdin.kind != "file" else ([], [])
    literal = all(w.literal for w in rest)
    text = " ".join(w.text for w in rest)
    span = (rest[0].span[0], rest[-1].span[1])
    return [Code(text if literal else None, "ssh", span)], []


def _container_exec(cmd: Command) -> Command | None:
    """`docker exec [opts] CTR CMD`, `docker run [opts] IMAGE CMD`, `kubectl exec POD -- CMD`."""
    texts = [w.text for w in cmd.words]
    prog = cmd.program
    if prog == "kubectl" or prog == "oc":
        if "exec" in texts and "--" in texts:
            k = texts.index("--")
            return _inner(cmd, cmd.words[k + 1 :], f"{prog} exec") if k + 1 < len(texts) else None
        return None
    docker_opts = ("-e --env --env-file -u --user -w --workdir --detach-keys -v --volume -p "
                   "--publish --name --network --net --entrypoint --mount --platform -l --label "
                   "-h --hostname --cpus -m --memory --add-host --device --dns --ulimit --pull "
                   "--restart --log-driver --security-opt --cap-add --cap-drop --tmpfs --gpus "
                   "-a --attach --cidfile --ipc --pid --shm-size --runtime --stop-signal "
                   "--health-cmd --user --group-add --link --expose --env-file --index "
                   "-f --file --project-name --profile")
    spec = _p(docker_opts)
    i = 1
    # docker [global opts] [compose] exec|run ...
    while i < len(texts) and texts[i].startswith("-"):
        i += 2 if texts[i] in ("-H", "--host", "--context", "-c", "--config", "--log-level") else 1
    if i < len(texts) and texts[i] == "compose":
        i += 1
        while i < len(texts) and texts[i].startswith("-"):
            i += 2 if texts[i] in ("-f", "--file", "-p", "--project-name", "--profile",
                                   "--env-file", "--project-directory") else 1
    if i < len(texts) and texts[i] == "container":
        i += 1
    if i >= len(texts) or texts[i] not in ("exec", "run"):
        return None
    start = _skip_options(cmd.words, spec, i + 1)
    if start is None or start + 1 >= len(texts):
        return None
    return _inner(cmd, cmd.words[start + 1 :], f"{prog} {texts[i]}")


# ------------------------------------------------------------------ the walk


class Unwrapper:
    def __init__(self, ctx: Context, parse, interp_shellouts=None, snapshot_trusted=None,
                 eval_generators: frozenset[str] = frozenset()) -> None:
        self.ctx = ctx
        self.parse = parse
        self.interp_shellouts = interp_shellouts
        self.snapshot_trusted = snapshot_trusted or (lambda path: False)
        self.eval_generators = eval_generators
        self.found: list[Found] = []

    def run(self, commands: tuple[Command, ...]) -> list[Found]:
        for cmd in commands:
            self.command(cmd)
        return self.found

    def command(self, cmd: Command) -> None:
        facts: list[Fact] = []
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
        prog = cmd.program
        inner: list[Command] = []
        codes: list[Code] = []
        if prog in PREFIXES and name_word.literal:
            start = _skip_options(cmd.words, PREFIXES[prog], 1)
            if start is not None:
                inner.append(_inner(cmd, cmd.words[start:], prog))
        elif prog == "env":
            sub, more, code = _env(cmd)
            if sub is not None:
                inner.append(sub)
            codes += [Code(c, "env -S", cmd.span) for c in code]
        elif prog == "xargs":
            sub = _xargs(cmd)
            if sub is not None:
                inner.append(sub)
        elif prog == "parallel":
            sub = _parallel(cmd)
            if sub is not None:
                inner.append(sub)
        elif prog == "find":
            inner += _find_exec(cmd)
        elif prog in SHELLS:
            c, f = _shell_code(cmd, self.ctx)
            codes += c
            facts += f
        elif prog in ("eval",):
            codes += self._eval(cmd, facts)
        elif prog in ("source", "."):
            if len(cmd.words) > 1:
                path = cmd.words[1].text
                if not (cmd.words[1].literal and self.snapshot_trusted(path)):
                    c, f = _script(cmd.words[1], prog, self.ctx,
                                   tuple(w.text for w in cmd.words[2:]))
                    codes += c
                    facts += f
        elif prog == "su":
            codes += self._su(cmd)
        elif prog == "watch":
            rest = self._watch(cmd)
            if rest is not None:
                codes.append(rest)
        elif prog == "ssh":
            c, f = _ssh(cmd, self.ctx)
            codes += c
            facts += f
        elif prog in ("docker", "podman", "nerdctl", "kubectl", "oc", "docker-compose"):
            sub = _container_exec(cmd)
            if sub is not None:
                inner.append(sub)
        elif prog in ("flock",):
            texts = [w.text for w in cmd.words]
            if "-c" in texts and texts.index("-c") + 1 < len(texts):
                w = cmd.words[texts.index("-c") + 1]
                codes.append(Code(w.text if w.literal else None, "flock -c", w.span))
            else:
                start = _skip_options(cmd.words, _p("-w --timeout -E --conflict-exit-code"), 1)
                if start is not None and start + 1 < len(cmd.words):
                    inner.append(_inner(cmd, cmd.words[start + 1 :], "flock"))
        elif len(cmd.words) > 1 and (prog, cmd.words[1].text) in RUNNERS:
            spec = RUNNERS[(prog, cmd.words[1].text)]
            start = _skip_options(cmd.words, spec, 2)
            if start is not None:
                inner.append(_inner(cmd, cmd.words[start:], f"{prog} {cmd.words[1].text}"))
        elif "/" in cmd.name and name_word.literal and not self.snapshot_trusted(cmd.name):
            c, f = self._path_script(cmd)
            codes += c
            facts += f
        if self.interp_shellouts is not None and prog.rstrip("0123456789.") in INTERPRETERS:
            codes += [Code(text, f"{prog} shell-out", cmd.span)
                      for text in self.interp_shellouts(cmd)]
            if cmd.stdin is not None and cmd.stdin.kind == "pipe" and cmd.stdin.text is None \
                    and prog.rstrip("0123456789.") not in ("psql", "mysql") \
                    and cmd.stdin.producer[:1] and \
                    cmd.stdin.producer[0].rsplit("/", 1)[-1] in REMOTE_FETCHERS:
                facts.append(Fact("unknown.remote_code",
                                  f"code downloaded by {cmd.stdin.producer[0]} is run by {prog}"))
        self.found.append(Found(cmd, tuple(facts)))
        for sub in inner:
            self.command(replace(sub, depth=cmd.depth + 1))
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
        spec = _p("-n --interval -d --differences -q --equexit")
        start = _skip_options(cmd.words, spec, 1)
        if start is None:
            return None
        rest = cmd.words[start:]
        literal = all(w.literal for w in rest)
        return Code(" ".join(w.text for w in rest) if literal else None, "watch",
                    (rest[0].span[0], rest[-1].span[1]))

    def _path_script(self, cmd: Command) -> tuple[list[Code], list[Fact]]:
        reader = self.ctx.read_file
        if not callable(reader):
            return [], []
        text = reader(cmd.name)
        if text is None or not _looks_like_shell(cmd.name, text):
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
        commands = [replace(c, span=code.span, via=via, depth=parent.depth + 1)
                    for c in parsed.commands]
        if code.args and POSITIONAL_REF.search(code.text):
            commands = bind_positional(commands, code.args)
        for cmd in commands:
            self.command(cmd)


_ONE = re.compile(r'^"?\$(?:([1-9])|\{([1-9])\})"?$')
_ALL = re.compile(r'^"?\$(?:[@*]|\{[@*]\})"?$')


def bind_positional(commands: list[Command], args: tuple[str, ...]) -> list[Command]:
    """Code run with positional parameters (`bash -c CODE NAME ARGS...`) that uses them as words:
    `"$1"` and `"$@"` become the arguments themselves, `shift` moves along, so
    `. "$1" && shift && exec "$@"` and `eval "$1"` are checked as the commands they run."""
    out: list[Command] = []
    offset = 0
    for cmd in commands:
        words: list[Word] = []
        changed = False
        for word in cmd.words:
            one = _ONE.match(word.raw)
            if one:
                index = int(one.group(1) or one.group(2)) + offset - 1
                value = args[index] if index < len(args) else ""
                words.append(Word(value, True, word.span, word.raw))
                changed = True
            elif _ALL.match(word.raw):
                words += [Word(a, True, word.span, word.raw) for a in args[offset:]]
                changed = True
            else:
                words.append(word)
        if cmd.argv[:1] == ("shift",):
            step = cmd.argv[1] if len(cmd.argv) > 1 else "1"
            offset += int(step) if step.isdigit() else 1
        out.append(replace(cmd, words=tuple(words)) if changed else cmd)
    return out


def _looks_like_shell(path: str, text: str) -> bool:
    first = text.split("\n", 1)[0]
    if first.startswith("#!"):
        return any(s in first for s in ("sh", "bash", "zsh", "ksh"))
    return path.endswith((".sh", ".bash")) or "\x00" not in text[:512]
