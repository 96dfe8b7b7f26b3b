"""Programs that run other commands, and what they run.

Most are data: `[wrapper.NAME]` tables in rules.toml (`sudo`, `timeout 5`, `uv run`,
`script -c CODE`, `at` reading code on stdin, `tmux new-session CMD`), read here by `Wrapper`
specs: `scan` finds the command, the shell code and the scripts a wrapper runs. A few
have argv shapes no table describes and stay code: `env` (assignments, `-S`), `xargs` and
`parallel` (inputs appended), `find -exec ... ;`, `docker exec`/`kubectl exec`. Package runners
(`npx PKG`, `pnpm dlx`, `uvx` ...), which run a package's binary by the package's name, are
`[analyzer.runners]`, read by `runners.py`."""

from __future__ import annotations

import re

from agentsh.engine.lazyre import later
from agentsh.engine.model import Command, Word
from agentsh.policy.values import Wrapper

PLACEHOLDER = "{}"  # an argument that comes from standard input (xargs, find -exec {})


def options_spec(values: str = "", before: int = 0, none: str = "") -> Wrapper:
    """A wrapper spec written inline, for the code-only wrappers below."""
    return Wrapper("", value_options=frozenset(values.split()), before=before,
                   no_command=frozenset(none.split()))


class Scan:
    """A wrapper's own options read: where its command starts (None: it names none), the words
    of that command, and the shell code and script files its options hold. (A plain class, not
    a named tuple: it never leaves this stage, and a named tuple costs 0.1 ms to define.)"""

    __slots__ = ("start", "no_command", "codes", "scripts", "argv", "stdin", "rest")

    def __init__(self, start: int | None, no_command: bool = False, codes: tuple = (),
                 scripts: tuple = (), argv: bool = False, stdin: bool = False,
                 rest: tuple = ()) -> None:
        self.start = start
        self.no_command = no_command  # an option says it runs nothing (`sudo -l`)
        self.codes: tuple[Word, ...] = codes  # values of code options (`script -c CODE`)
        self.scripts: tuple[Word, ...] = scripts  # values of script options (`at -f FILE`)
        self.argv = argv  # an argv option was given (`runuser -u USER CMD`): the rest is argv
        self.stdin = stdin  # a stdin option was given (`sudo -s`): code may come on stdin
        self.rest: tuple[Word, ...] = rest  # the words of the command it runs


def _takes(spec: Wrapper, name: str) -> int:
    """How many words option `name` takes."""
    if name in spec.code_options or name in spec.script_options:
        return 1
    if name not in spec.value_options:
        return 0
    for option, count in spec.arity:
        if option == name:
            return count
    return 1


PERMUTING = frozenset(("shell", "nothing"))  # options may follow operands (su USER -c CODE)


def scan(words: tuple[Word, ...], spec: Wrapper, start: int) -> Scan:
    """Read a wrapper's options getopt-style (`-dmS NAME` is `-d -m -S NAME`, `-uroot` is
    `-u root`), then skip the words it reads before its command (`spec.before`). Wrappers that
    name no command by argv (`su USER -c CODE`) find options after their operands too."""
    i, n = start, len(words)
    none = argv = stdin = False
    codes: list[Word] = []
    scripts: list[Word] = []
    operands: list[Word] = []
    permute = spec.runs in PERMUTING

    def note(name: str, value: Word | None) -> None:
        nonlocal none, argv, stdin
        none = none or name in spec.no_command
        argv = argv or name in spec.argv_options
        stdin = stdin or name in spec.stdin_options
        if value is not None and name in spec.code_options:
            codes.append(value)
        if value is not None and name in spec.script_options:
            scripts.append(value)

    while i < n:
        word = words[i]
        text = word.text
        if text == "--":
            i += 1
            argv = argv or "--" in spec.argv_options
            break
        if text == "-" and spec.dash_option:
            i += 1
            continue
        if not word.literal or not text.startswith("-") or text == "-":
            if permute and not argv:
                operands.append(word)
                i += 1
                continue
            break
        name, eq, value = text.partition("=")
        whole = name if name.startswith("--") or name in _all_options(spec) else ""
        if whole:
            count = _takes(spec, whole)
            if eq:
                note(whole, Word(value, True, word.span, value))
                i += 1 + max(count - 1, 0)
            else:
                note(whole, words[i + 1] if count and i + 1 < n else None)
                i += 1 + count
            if argv:
                break
            continue
        if text[1:].isdigit():  # nice -10
            i += 1
            continue
        i += 1
        for j in range(1, len(text)):  # a cluster: -qc CODE, -dmS NAME, -n5
            flag = "-" + text[j]
            count = _takes(spec, flag)
            if count:
                rest = text[j + 1 :]
                if rest:
                    note(flag, Word(rest, True, word.span, rest))
                    i += count - 1
                else:
                    note(flag, words[i] if i < n else None)
                    i += count
                break
            note(flag, None)
        if argv:
            break
    if argv:
        rest = tuple(words[i:])
        return Scan(i if rest else None, none, tuple(codes), tuple(scripts), True, stdin, rest)
    first = operands[0] if operands else (words[i] if i < n else None)
    if first is not None and first.literal and first.text in spec.homonyms:
        return Scan(None, True)  # another program of the same name (`sg run` is ast-grep)
    if not permute and (spec.code_options or spec.script_options):
        codes, scripts = _late_options(words, spec, i, codes, scripts)
    if permute:
        rest = tuple(operands[spec.before :]) + tuple(words[i:])
        start_at = i
    else:
        i += spec.before
        rest = tuple(words[i:])
        start_at = i
    if none or not rest:
        return Scan(None, none, tuple(codes), tuple(scripts), False, stdin, ())
    return Scan(start_at, none, tuple(codes), tuple(scripts), False, stdin, rest)


def _late_options(words: tuple[Word, ...], spec: Wrapper, start: int, codes: list[Word],
                  scripts: list[Word]) -> tuple[list[Word], list[Word]]:
    """Code and script options after the first operand, where getopt still finds them
    (`flock FILE -c CODE`)."""
    if not spec.before:
        return codes, scripts
    for k in range(start, len(words) - 1):
        text = words[k].text
        if text == "--":
            break
        if text in spec.code_options:
            codes.append(words[k + 1])
        elif text in spec.script_options:
            scripts.append(words[k + 1])
    return codes, scripts


def _all_options(spec: Wrapper) -> frozenset[str]:
    return (spec.value_options | spec.no_command | spec.code_options | spec.script_options
            | spec.argv_options | spec.stdin_options)


_ASSIGNMENT = later(r"[A-Za-z_][A-Za-z0-9_]*=")


def _is_assignment(text: str) -> bool:
    return _ASSIGNMENT.match(text) is not None


def skip_options(words: tuple[Word, ...], spec: Wrapper, start: int) -> int | None:
    """Index of the first word of the inner command, or None when it runs none."""
    return scan(words, spec, start).start


def peel(cmd: Command, words: tuple[Word, ...], label: str,
         assignments: tuple[tuple[str, str], ...] = ()) -> Command:
    return cmd._replace(words=words, via=cmd.via + (label,),
                        assignments=cmd.assignments + assignments)


def leading_assignments(words: tuple[Word, ...]) -> tuple[tuple[tuple[str, str], ...], int]:
    """`NAME=VALUE` words before a command (`cross-env NODE_ENV=x CMD`), and where it starts."""
    out, i = [], 0
    while i < len(words) and _is_assignment(words[i].text):
        name, _, value = words[i].text.partition("=")
        out.append((name, value))
        i += 1
    return tuple(out), i


def env_command(cmd: Command) -> tuple[Command | None, list[str]]:
    """`env [-u NAME] [NAME=VALUE...] CMD`: the command it runs, or the code of `env -S STRING`.
    Any word with `=` before the command is an assignment to env, even one no shell could write
    (`BASH_FUNC_ls%%=() { ...; }`, an exported function)."""
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
            return None, code
        if text.startswith("--split-string=") or text.startswith("-S") and len(text) > 2:
            rest = text.split("=", 1)[1] if text.startswith("--") else text[2:]
            code.append(rest + " " + " ".join(w.text for w in words[i + 1 :]))
            return None, code
        if text.startswith("-") and words[i].literal:
            i += 1
            continue
        name, eq, value = text.partition("=")
        if eq and name:
            assignments.append((name, value))
            i += 1
            continue
        break
    if i >= len(words):
        return None, []
    return peel(cmd, words[i:], "env", tuple(assignments)), []


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


def _with_inputs(words: tuple[Word, ...], token: str) -> tuple[Word, ...]:
    """Words that contain the input placeholder are only known at run time."""
    return tuple(Word(w.text, False, w.span, w.raw) if token and token in w.text else w
                 for w in words)


XARGS = options_spec("-a --arg-file -d --delimiter -E -e --eof -I -J -R -S -L --max-lines -l "
                     "-n --max-args -P --max-procs -s --max-chars --process-slot-var")
PARALLEL = options_spec("-j --jobs -S --sshlogin -a --arg-file --delay --timeout --joblog "
                        "--results -I --tmpdir --workdir --env -d --delimiter -N --max-args")


def xargs_command(cmd: Command, read=None) -> Command | None:
    """The command xargs runs, with the items it reads where they are known: literal text on
    its standard input, or (given `read`, the file view) a file it reads through `< FILE` or
    `cat FILE |` that can be read, within bounds; else a word only known at run time."""
    start = skip_options(cmd.words, XARGS, 1)
    if start is None:
        return None
    inner = cmd.words[start:]
    token = _replace_token(cmd.words[1:start], ("-I", "-J"), "{}")
    if token:
        found = found_by_producer(cmd, cmd.words[1:start])
        inner = tuple(Word(found, True, w.span, _quote(found)) if found and w.text == token
                      else w for w in inner)
        inner = _with_inputs(inner, token)
    else:
        known = _literal_input(cmd, cmd.words[1:start])
        if known is None and read is not None:
            known = _file_input(cmd, cmd.words[1:start], read)
        if known is None:
            known = listed_by_producer(cmd, cmd.words[1:start])
        inner = inner + (known if known is not None else
                         (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),))
    return peel(cmd, inner, "xargs")


XARGS_INPUT_OPTIONS = ("-a", "--arg-file", "-d", "--delimiter", "-0", "--null", "-E", "-e",
                       "--eof")
# programs that may run an item as code (`xargs -I{} bash -c {}`): their items stay unknown
ITEMS_AS_CODE = frozenset(("sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "eval", "env",
                           "sudo", "doas", "su", "xargs", "parallel", "python", "python3", "node",
                           "perl", "ruby", "php", "lua", "Rscript", "deno", "bun", "awk",
                           "gawk", "ssh", "docker", "kubectl", "nohup", "timeout", "nice",
                           "command", "exec", "time", "watch"))
PLAIN_ITEM = later(r"[\w./@%+=:,-]+")
XARGS_LINE_ITEMS = 64  # `-I` items of a literal input read one by one; more are left unknown


def xargs_commands(cmd: Command, read=None) -> list[Command]:
    """The commands xargs runs: with `-I` and a literal standard input (`printf '%s\n' a b |
    xargs -I{} cp t {}`), one per line (leading blanks dropped, as xargs does), the item in
    place of the token; otherwise the one `xargs_command` reads."""
    start = skip_options(cmd.words, XARGS, 1)
    token = _replace_token(cmd.words[1:start], ("-I", "-J"), "{}") if start is not None else ""
    items = _line_items(cmd, cmd.words[1:start]) if token else None
    inner = cmd.words[start:] if start is not None else ()
    if items and (not inner or token in inner[0].text or not inner[0].literal or
                  inner[0].text.rsplit("/", 1)[-1] in ITEMS_AS_CODE):
        items = None  # an item run as a program or as code stays a word known at run time
    if not items:
        sub = xargs_command(cmd, read)
        return [sub] if sub is not None else []
    # an item is plain text (`_line_items`): in place of the token, quoted or not, it reads
    # as written (`~/{}` is still the home's)
    return [peel(cmd, tuple(Word(w.text.replace(token, item), True, w.span,
                                 w.raw.replace(token, item))
                            if token in w.text and token in w.raw and w.literal else
                            _with_inputs((w,), token)[0] for w in inner), "xargs")
            for item in items]


def _line_items(cmd: Command, options: tuple[Word, ...]) -> list[str] | None:
    """The lines of a literal standard input as `xargs -I` reads them; None when the input is
    only known at run time or read another way, or a line holds a quote or backslash (xargs
    unquotes those) or the options are not all literal."""
    stdin = cmd.stdin
    if stdin is None or stdin.text is None or stdin.kind not in ("herestring", "heredoc", "pipe"):
        return None
    if any(w.text.startswith(XARGS_INPUT_OPTIONS) or not w.literal for w in options):
        return None
    items = [line.lstrip(" \t") for line in stdin.text.split("\n")]
    items = [item for item in items if item]
    # plain names only: no blank, quote, backslash, glob, `~` or `$` (the producer's words as
    # written may differ from what bash gave it: `printf '%s\n' ~/.bashrc` prints the home)
    if not items or len(items) > XARGS_LINE_ITEMS or \
            not all(PLAIN_ITEM.fullmatch(item) for item in items):
        return None
    return items


XARGS_LISTING_OPTIONS = frozenset(("-r", "--no-run-if-empty", "-t", "--verbose"))


def listed_by_producer(cmd: Command, options: tuple[Word, ...]) -> tuple[Word, ...] | None:
    """What xargs appends from a git listing piped straight into it (`git ls-files '*.py' |
    xargs sed -i ...`, `git grep -l x | xargs perl -pi ...`): each pathspec as the pattern
    `./**/NAME` where xargs runs, as for `$(git ls-files ...)` (engine/listings.py), each word
    keeping that spelling as its raw text (recovery.py plans the gate's listing from it); None
    for any other producer or option (`-0`, `-d`, `-I`, `-a`: they read the names otherwise)."""
    stdin = cmd.stdin
    if stdin is None or stdin.kind != "pipe" or len(stdin.producer) < 2 or \
            stdin.producer[:2] not in (("git", "ls-files"), ("git", "grep")) or \
            len(getattr(stdin, "upstream", ()) or ()) > 1 or \
            not all(w.literal and w.text in XARGS_LISTING_OPTIONS for w in options) or \
            any(c in a for a in stdin.producer for c in "$`"):
        return None
    from agentsh.engine import listings

    raw = "$(" + " ".join(_quote(a) if i > 1 else a for i, a in enumerate(stdin.producer)) + ")"
    found = listings.standins(raw, "/")
    if not found:
        return None
    return tuple(Word("./" + p.lstrip("/"), True, cmd.span, raw) for p in found)


def found_by_producer(cmd: Command, options: tuple[Word, ...]) -> str:
    """What `xargs -I{}` gets from a `find` that selects by one name alone piped straight into
    it (`find . -name notes.txt | xargs -I % cp a %`): `START/**/NAME`, as `{}` of `find
    -exec` (`_found_by_name`); "" otherwise."""
    stdin = cmd.stdin
    if stdin is None or stdin.kind != "pipe" or not stdin.producer or \
            stdin.producer[0] != "find" or len(getattr(stdin, "upstream", ()) or ()) > 1 or \
            any(w.text.startswith(XARGS_INPUT_OPTIONS) or not w.literal for w in options):
        return ""
    argv = stdin.producer[1:]
    if any(c in a for a in argv for c in "$`") or any(a in ("-print0", "-printf", "-fprint",
                                                           "-ls", "-fls", "-exec", "-execdir",
                                                           "-ok", "-okdir", "-delete")
                                                      for a in argv):
        return ""
    return _found_by_name(tuple(Word(a, True, cmd.span, _quote(a)) for a in argv))


def _literal_input(cmd: Command, options: tuple[Word, ...]) -> tuple[Word, ...] | None:
    """The words xargs reads from a standard input that is literal text (`<<< '--force origin
    main'`, a quoted heredoc, `echo LIT |`), split as xargs splits them (blanks and newlines,
    quotes and backslashes); None when the input is only known at run time or read another way
    (`-a FILE`, `-0`, `-d`, an end-of-file string)."""
    stdin = cmd.stdin
    if stdin is None or stdin.text is None or stdin.kind not in ("herestring", "heredoc", "pipe"):
        return None
    if any(w.text.startswith(XARGS_INPUT_OPTIONS) or not w.literal for w in options):
        return None
    import shlex

    try:
        values = shlex.split(stdin.text, comments=False, posix=True)
    except ValueError:
        return None
    return tuple(Word(v, True, cmd.span, shlex.quote(v)) for v in values)


XARGS_FILE_BYTES = 65536  # read as xargs input, at most; more is left unknown
XARGS_FILE_ITEMS = 2000


def input_file(cmd: Command) -> str:
    """The file xargs (or the command it runs: it keeps xargs's input) reads its items from,
    by `< FILE` or `cat FILE |`; "" when it is another input or not a plain path."""
    stdin = cmd.stdin
    if stdin is None:
        return ""
    if stdin.kind == "file":
        path = stdin.path
    elif stdin.kind == "pipe" and len(stdin.producer) == 2 and stdin.producer[0] == "cat":
        path = stdin.producer[1]
    else:
        return ""
    return "" if not path or path == "-" or any(c in path for c in "$`*?[{") else path


def _file_input(cmd: Command, options: tuple[Word, ...], read) -> tuple[Word, ...] | None:
    """The words xargs reads from a file it is given on its standard input, split as xargs
    splits them; None when it cannot be read, is too big, or is read another way."""
    path = input_file(cmd)
    if not path or any(w.text.startswith(XARGS_INPUT_OPTIONS) or not w.literal for w in options):
        return None
    text = read(path)
    if text is None or len(text) > XARGS_FILE_BYTES:
        return None
    import shlex

    try:
        values = shlex.split(text, comments=False, posix=True)
    except ValueError:
        return None
    if len(values) > XARGS_FILE_ITEMS:
        return None
    return tuple(Word(v, True, cmd.span, shlex.quote(v)) for v in values)


def parallel_command(cmd: Command) -> Command | None:
    start = skip_options(cmd.words, PARALLEL, 1)
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
                return peel(cmd, (Word("eval", True, cmd.span, "eval"),) + inputs, "parallel")
            if any("{" in w.text for w in body):
                if sep == "::::":
                    return peel(cmd, _with_inputs(body, "{"), "parallel")
                return peel(cmd, tuple(w for w in body if "{" not in w.text) + inputs,
                            "parallel")
            return peel(cmd, body + inputs, "parallel")
    if any("{" in w.text for w in words):
        return peel(cmd, _with_inputs(words, "{"), "parallel")
    return peel(cmd, words + (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),), "parallel")


# GNU parallel's replacement strings: `{}`, `{.}`, `{/}`, `{//}`, `{/.}`, `{#}`, `{%}`, `{1}`...
_PARALLEL_REPLACE = later(r"\{(\d*)(\.|/|//|/\.|#|%)?\}")
# options after which the simple model below (one input per job, `{}` strings) does not hold
_PARALLEL_OTHER = ("-I", "--rpl", "--shebang", "--shebang-wrap", "-a", "--arg-file",
                   "-X", "-m", "--xargs", "-N", "--max-args", "-n", "--colsep",
                   "-C", "--header", "--pipe", "--pipepart", "-L", "--max-lines", "-l",
                   "--max-replace-args", "--plus", "--shellquote", "-E", "--eof")
PARALLEL_JOBS = 16  # jobs checked one by one; more inputs are checked as one unknown input


def parallel_code(cmd: Command) -> list[tuple[str | None, tuple[str | None, ...]]] | None:
    """GNU parallel joins its command words with spaces and hands the line to a shell (`-q`
    quotes each word first), with each input, shell-quoted, in place of `{}` (or appended):
    `parallel 'rm -rf {}' ::: DIR` runs `rm -rf DIR`. The shell line of each job, written with
    `"$1"` for its input, and the inputs (None: only known at run time); a job None is code
    only known at run time (inputs that are commands read from a file or standard input, options
    this does not model); None for `parallel ::: CMD...` (`parallel_command` reads them)."""
    start = skip_options(cmd.words, PARALLEL, 1)
    if start is None:  # no command: each line of standard input (or `-a FILE`) is one
        informational = ("--version", "--help", "-h", "--citation", "--number-of-cpus",
                         "--number-of-cores", "--number-of-sockets", "--bibtex")
        return None if any(w.text in informational for w in cmd.words[1:]) else [(None, ())]
    options = [w.text for w in cmd.words[1:start]]
    if any(o == x or o.startswith(x + "=") or (len(x) == 2 and o.startswith(x))
           for o in options for x in _PARALLEL_OTHER):
        return [(None, ())]  # inputs split, renamed or run as Perl: jobs only known at run time
    words = cmd.words[start:]
    texts = [w.text for w in words]
    seps = [i for i, t in enumerate(texts) if t in (":::", "::::", ":::+", "::::+")]
    body = words[:seps[0]] if seps else words
    if all(_PARALLEL_REPLACE.fullmatch(w.text) for w in body):
        # no command (or only an input: `parallel {}`): each input is a command line
        if seps and not any(texts[i].startswith("::::") for i in seps) and len(seps) == 1 \
                and body:
            return [(w.text if w.literal else None, ()) for w in words[seps[0] + 1:]]
        return None if seps and not body and not texts[seps[0]].startswith("::::") \
            else [(None, ())]
    if not all(w.literal for w in body) or any("{=" in w.text for w in body):
        return [(None, ())]  # a command only known at run time, or `{= perl =}` code
    inputs: list[str | None] = []
    if not seps or any(texts[i].startswith("::::") for i in seps) or len(seps) > 1:
        inputs = [None]  # standard input, a file of inputs, or combinations of several groups
    else:
        inputs = [w.text if w.literal else None for w in words[seps[0] + 1:]] or [None]
    if len(inputs) > PARALLEL_JOBS:
        inputs = [None]
    quote = any(o in ("-q", "--quote") for o in options)
    has_slot = any(_PARALLEL_REPLACE.search(w.text) for w in body)
    jobs = []
    for value in inputs:
        line = " ".join(_parallel_word(w.text, value, quote) for w in body)
        jobs.append((line if has_slot else line + ' "$1"', (value,)))
    return jobs


def _parallel_word(text: str, value: str | None, quote: bool) -> str:
    """One command word of a parallel job: its replacement strings filled with the input,
    shell-quoted (`"$1"` when it is only known at run time); with `-q`, the rest quoted too."""
    out, at = [], 0
    for m in _PARALLEL_REPLACE.finditer(text):
        piece = text[at:m.start()]
        out.append(_sh_quote(piece) if quote and piece else piece)
        if m.group(2) in ("#", "%"):
            out.append("1")
        elif value is None:
            out.append('"$1"')
        else:
            out.append(_sh_quote(_modified(value, m.group(2)) if m.group(2) else value))
        at = m.end()
    rest = text[at:]
    out.append(_sh_quote(rest) if quote and (rest or not out) else rest)
    return "".join(out)


def _modified(value: str, how: str) -> str:
    base = value.rsplit("/", 1)[-1]
    if how == ".":
        head, dot, ext = value.rpartition(".")
        return head if dot and "/" not in ext else value
    if how == "/":
        return base
    if how == "//":
        return value.rsplit("/", 1)[0] if "/" in value else "."
    head, dot, _ = base.rpartition(".")
    return head if dot else base


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'" if re.search(r"[^\w@%+=:,./-]", text) or not text \
        else text


_FIND_NOT_ONLY_NAME = frozenset("-o -or ! -not , -a -and ( ) \\( \\) -path -wholename -ipath "
                                "-regex -iregex -lname -ilname -samefile -inum -links -newer "
                                "-L -H -follow".split())

# tests that take one value and only narrow what a find selects, whatever the value (round 10)
_FIND_NARROWING = frozenset("-user -group -uid -gid -mtime -mmin -atime -amin -ctime -cmin "
                            "-size -perm".split())
# a value that is one word whatever it expands to: a double-quoted variable or a double-quoted
# command substitution with no quote, `$` or bracket inside (it is checked as a command itself)
_ONE_QUOTED_VALUE = later(r'"(\$\([^"`$()\\]*\)|\$\{?\w+\}?)"')


def _found_by_name(words: tuple[Word, ...]) -> str:
    """What `{}` stands for when a find selects by one name alone (`find . -name __pycache__
    -type d`): `START/**/NAME`, which rules can judge as a pattern; "" when it could be anything
    else (several names, `-o`, paths, links followed, a start or name only known at run time)."""
    starts: list[str] = []
    names: list[str] = []
    top = False
    k = 0
    while k < len(words):
        w = words[k]
        if not w.literal and k > 0 and words[k - 1].literal and \
                words[k - 1].text in _FIND_NARROWING and _ONE_QUOTED_VALUE.fullmatch(w.raw):
            k += 1  # `-user "$(id -un)"`: one word only known at run time, that only narrows
            continue
        if not w.literal or w.text in _FIND_NOT_ONLY_NAME:
            return ""
        if w.text == "-maxdepth" and k + 1 < len(words):
            top = words[k + 1].text == "1"
        if w.text in ("-name", "-iname") and k + 1 < len(words):
            names.append(words[k + 1].text)
            k += 2
            continue
        if not w.text.startswith("-") and not names and (k == 0 or words[k - 1].text
                                                          .startswith("-") is False):
            starts.append(w.text)
        k += 1
    if len(names) != 1 or "/" in names[0] or names[0] in ("", "*", ".*", "*.*"):
        return ""
    start = starts[0] if len(starts) == 1 else "." if not starts else ""
    if not start:
        return ""
    from agentsh.engine import globs

    base = start.rstrip("/").rsplit("/", 1)[-1]
    # `-maxdepth 1`: the start's own entries (and the start itself, when its name matches)
    deep = not top or (base not in ("", ".", "..") and globs.match(base, names[0]))
    return f"{start.rstrip('/') or '/'}/{'**/' if deep else ''}{names[0]}"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def find_exec(cmd: Command) -> list[Command]:
    out = []
    words = cmd.words
    i = 1
    while i < len(words):
        if words[i].text in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            while j < len(words) and words[j].text not in (";", "+", "\\;"):
                j += 1
            found = _found_by_name(words[1:i])
            body = tuple(
                (Word(found, True, w.span, _quote(found)) if found and w.text == PLACEHOLDER
                 else Word(PLACEHOLDER, False, w.span, w.raw)) if PLACEHOLDER in w.text else w
                for w in words[i + 1 : j])
            if body:
                out.append(peel(cmd, body, f"find {words[i].text}"))
            i = j
        i += 1
    return out


DOCKER = options_spec(
    "-e --env --env-file -u --user -w --workdir --detach-keys -v --volume -p "
    "--publish --name --network --net --entrypoint --mount --platform -l --label "
    "-h --hostname --cpus -m --memory --add-host --device --dns --ulimit --pull "
    "--restart --log-driver --security-opt --cap-add --cap-drop --tmpfs --gpus "
    "-a --attach --cidfile --ipc --pid --shm-size --runtime --stop-signal "
    "--health-cmd --user --group-add --link --expose --env-file --index "
    "-f --file --project-name --profile")


def _image(name: str) -> str:
    """An image reference without its tag or digest: `docker.io/amazon/aws-cli:2.15` ->
    `amazon/aws-cli`."""
    name = name.split("@", 1)[0]
    head, _, tail = name.rpartition("/")
    tail = tail.split(":", 1)[0]
    name = f"{head}/{tail}" if head else tail
    for registry in ("docker.io/library/", "docker.io/", "index.docker.io/"):
        if name.startswith(registry):
            name = name[len(registry):]
    return name


def _entry(cmd: Command, at: int, words: tuple, entrypoints: dict | None, label: str):
    """The command a container runs: the image's entrypoint (`[analyzer.exec]
    image_entrypoints`: `amazon/aws-cli` runs `aws ARGS`) in front of the arguments."""
    image = _image(cmd.words[at].text) if at < len(cmd.words) else ""
    entry = (entrypoints or {}).get(image)
    if entry:
        word = cmd.words[at]
        words = (Word(str(entry), True, word.span, word.raw),) + tuple(words)
    return peel(cmd, tuple(words), label) if words else None


def container_exec(cmd: Command, entrypoints: dict | None = None) -> Command | None:
    """`docker exec [opts] CTR CMD`, `docker run [opts] IMAGE CMD`, `kubectl exec POD -- CMD`,
    `kubectl run NAME --image=IMAGE -- ARGS`. An image whose entrypoint is a CLI runs it with
    the arguments (`docker run amazon/aws-cli s3 rb ...` is `aws s3 rb ...`)."""
    texts = [w.text for w in cmd.words]
    prog = cmd.program
    if prog == "kubectl" or prog == "oc":
        if "exec" in texts and "--" in texts:
            k = texts.index("--")
            return peel(cmd, cmd.words[k + 1 :], f"{prog} exec") if k + 1 < len(texts) else None
        if "run" in texts and "--" in texts:
            k = texts.index("--")
            args = cmd.words[k + 1 :]
            image = next((t.split("=", 1)[1] for t in texts[:k] if t.startswith("--image=")),
                         next((texts[j + 1] for j in range(k - 1) if texts[j] == "--image"), ""))
            entry = None if "--command" in texts[:k] else (entrypoints or {}).get(_image(image))
            if entry and args:
                args = (Word(str(entry), True, args[0].span, str(entry)),) + tuple(args)
            return peel(cmd, tuple(args), f"{prog} run") if args else None
        return None
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
    start = skip_options(cmd.words, DOCKER, i + 1)
    if start is None or start + 1 >= len(texts):
        return None
    if texts[i] == "run":
        for k in range(i + 1, start):  # `--entrypoint rm IMAGE -rf /data` runs `rm -rf /data`
            word = cmd.words[k]
            if word.text.startswith("--entrypoint="):
                entry = Word(word.text.split("=", 1)[1], word.literal, word.span, word.raw)
                return peel(cmd, (entry,) + cmd.words[start + 1 :], f"{prog} run")
            if word.text == "--entrypoint" and k + 1 < start:
                return peel(cmd, (cmd.words[k + 1],) + cmd.words[start + 1 :], f"{prog} run")
        return _entry(cmd, start, cmd.words[start + 1 :], entrypoints, f"{prog} run")
    return peel(cmd, cmd.words[start + 1 :], f"{prog} {texts[i]}")
