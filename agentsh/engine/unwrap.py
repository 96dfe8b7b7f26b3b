"""Stage 2: from each simple command to every command it would run.

Prefix commands and runners (sudo, timeout, `uv run`, `script -c`, `at`, `tmux new`: the
`[wrapper.*]` tables of rules.toml, read by `wrappers`) are peeled off and the inner command is
classified too; code handed to a shell (`bash -c`, `eval`, `ssh host CMD`, heredocs and pipes
into `sh`, scripts that are run or sourced, start-up files such as BASH_ENV) is parsed again,
recursively; code written in other programs' languages that runs shell commands (awk
`system()`, sed `e`, vim `:!`, git config keys, crontab lines: `embedded`) likewise. Names are
looked up the way bash would (`names`: aliases, functions, `hash -p`, PATH, copies of programs),
and an unknown program whose arguments hold a watched program and its arguments is checked as
that command too. What cannot be seen becomes an `unknown.*` fact, and unknown asks.
"""

from __future__ import annotations

import posixpath
import re

from agentsh.engine import dataflow, deferred, work
from agentsh.engine.flowstate import PID, line_wrote
from agentsh.engine.lazyre import later
from agentsh.engine.model import Code, Command, Context, Definition, Fact, Parsed, Stdin, Word
from agentsh.engine.names import BUILTINS, Names, fd_of_stream
from agentsh.engine.wrappers import (
    container_exec,
    env_command,
    find_exec,
    leading_assignments,
    parallel_code,
    parallel_command,
    peel,
    scan,
    xargs_commands,
)
from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

    from agentsh.policy.values import Wrapper

MAX_DEPTH = 6
SHELLS = frozenset("sh bash zsh dash ksh mksh ash yash posh busybox-sh agentsh".split())
PATCH_PROGRAMS = frozenset(("apply_patch", "applypatch"))  # engine.patches.PROGRAMS
POSIX_SHELLS = frozenset("sh dash ash posh yash busybox-sh".split())  # read ENV, never BASH_ENV
INTERPRETERS = frozenset(
    "python python2 python3 node nodejs deno bun perl ruby php lua irb psql mysql".split())
REMOTE_FETCHERS = frozenset("curl wget fetch http https xh aria2c".split())
ARGUMENT = "argument of "  # the `via` label of a command found among another's arguments
SUBSCRIPT_LABEL = "array subscript"  # code in `a[$(CMD)]`, which runs only if bash reads a name
# the label of a project file a tool runs unasked (engine.projectfiles: a git hook, conftest.py):
# the project's own machinery, judged by what rules recognise in it, not by what agentsh cannot
# see inside it (a hook manager's `. "$(dirname "$0")/h"` is not a question at every commit)
PROJECT_FILE = "project file: "
GUESSES = (ARGUMENT, SUBSCRIPT_LABEL, PROJECT_FILE)  # labels of code judged only by what rules
# recognise (code that may not run at all, or a project's own machinery)
LINE_WORDS = later(r"[\s;&|()`]+")  # the words of a command line handed over as one argument
OTHER_SHELL = "a shell like bash: "  # code of fish, nu ...: what bash cannot parse is theirs
# programs whose own language or settings `engine.embedded` reads for shell commands
EMBEDDED = frozenset("awk gawk mawk nawk original-awk bwk-awk goawk sed gsed vim vi nvim view gvim "
                     "gview vimdiff nvi evim vim.basic vim.tiny ex exim vimx ed tar gtar bsdtar "
                     "lua luajit lua5.1 lua5.2 lua5.3 lua5.4 texlua tclsh wish expect jimsh "
                     "tclsh8.6 tclsh8.5 git screen export declare typeset readonly psql mysql mariadb "
                     "sqlite3 duckdb pgcli litecli mycli usql sqlcmd sqlplus vsql ssh scp sftp autossh "
                     "sshfs rsync man ftp tnftp lftp gdb dc gh".split())
# git subcommands in which `embedded._git` reads nothing but its global options and environment
# (builtins, so no alias; no option that runs a command, no `ext::` transport; not `config`,
# `submodule foreach`, `bisect run`): a test checks this against embedded's own tables
PLAIN_GIT = frozenset("status diff log show add commit branch checkout switch restore reset "
                      "stash merge tag rev-parse ls-files blame describe shortlog reflog mv rm "
                      "init cherry-pick revert show-ref cat-file rev-list diff-tree".split())
PROC_EXE = r"^/proc/(?:self|thread-self|[0-9]+|\$\$|\$BASHPID|\$\{BASHPID\})/exe$"
# `${x@P}`, `${a[1]@P}`: a parameter expanded as a prompt string (its `$(...)` run)
PROMPT_EXPANSION = later(r"\$\{[#!]?[A-Za-z_0-9@*]+(?:\[[^]]*\])?@P\}")
PROMPT_OF_NAME = later(r"\$\{([A-Za-z_][A-Za-z_0-9]*)@P\}")
# what prompt decoding turns into code: `$(...)`, `${y@P}`, a backquote, and a backslash
# (`\044(cmd)` decodes to `$(cmd)`, which then runs)
PROMPT_ACTIVE = frozenset("$`\\")


def stray_prompts(text: str, parsed_commands) -> str | None:
    """A `${x@P}` of `text` that is in no command's words (where `Unwrapper.command` judges
    it): in an assignment (`a=${x@P}`), a here-document or here-string, a redirection, a `case`
    subject, `[[ ]]`, a `for` list. Bash runs the command substitutions of the value there
    too; the first such expansion, or None. Only counted (a quoted one counts as well)."""
    if "@P" not in text:
        return None
    found = PROMPT_EXPANSION.findall(text)
    if not found:
        return None
    seen = sum(len(PROMPT_EXPANSION.findall(w.raw)) for c in parsed_commands for w in c.words
               if "@P" in w.raw)
    return found[0] if len(found) > seen else None


def _inert_prompts(raw: str, state) -> bool:
    """Whether every `${x@P}` in a word expands a variable whose value is known here (each
    string it may hold) and holds nothing prompt decoding turns into code: no `$`, backquote
    or backslash. Only plain names; `${!x@P}`, `${a[i]@P}`, `${@@P}` and a value only known at
    run time are not inert."""
    if not isinstance(state, dataflow.State):
        return False
    if len(PROMPT_EXPANSION.findall(raw)) != len(PROMPT_OF_NAME.findall(raw)):
        return False
    for name in PROMPT_OF_NAME.findall(raw):
        values = state.choices(name)
        if values is None or any(isinstance(v, str) and not PROMPT_ACTIVE.isdisjoint(v)
                                 for v in values):
            return False
    return True


# Programs that read commands from the terminal when started without a script or a command
# (a REPL): program -> (options after which they do not, how many operands still leave them
# interactive; None: any). Lines an agent types into one later (Codex's `write_stdin`) are
# never checked. Shells are `unknown.dynamic_stdin` (UNK004).
_NO_REPL = ("--version", "-V", "--help")
_PY = (("-c", "-m", "-h") + _NO_REPL, 0)
_JS = (("-e", "--eval", "-p", "--print", "-h", "-v") + _NO_REPL, 0)
REPLS = {
    "python": _PY, "python2": _PY, "python3": _PY, "pypy": _PY, "pypy3": _PY, "ipython": _PY,
    "node": _JS, "nodejs": _JS, "deno": (_JS[0] + ("run", "eval", "task", "test"), 0),
    "ruby": (("-e", "-v") + _NO_REPL, 0), "irb": (_NO_REPL, None),
    "perl": (("-e", "-E", "-v") + _NO_REPL, 0), "php": (("-r", "-v") + _NO_REPL, 0),
    "lua": (("-e", "-v") + _NO_REPL, 0), "psql": (("-c", "--command", "-f", "--file", "-l",
                                                    "--list") + _NO_REPL, None),
    "mysql": (("-e", "--execute") + _NO_REPL, None), "mariadb": (("-e", "--execute") + _NO_REPL,
                                                                 None),
    "sqlite3": (("-version", "-help") + _NO_REPL, 1), "duckdb": (("-c",) + _NO_REPL, 1),
    "mongosh": (("--eval", "-f", "--file") + _NO_REPL, None),
    "gdb": (("-batch", "--batch") + _NO_REPL, None), "ed": (_NO_REPL, None),
    "red": (_NO_REPL, None), "ftp": (_NO_REPL, None), "lftp": (("-c", "-f", "-e") + _NO_REPL, None),
    "telnet": (_NO_REPL, None), "sftp": (("-b",) + _NO_REPL, None), "bc": (_NO_REPL, None),
    "dc": (("-e", "-f", "--expression", "--file") + _NO_REPL, 0),
}


def repl_on_terminal(cmd: Command, prog: str) -> bool:
    """Whether `cmd` starts `prog` reading its commands from the terminal (see REPLS)."""
    batch, most = REPLS[prog]
    operands = 0
    for word in cmd.words[1:]:
        text = word.text
        if text in batch or text.split("=", 1)[0] in batch or \
                any(text.startswith(b) for b in batch if len(b) == 2 and b[0] == "-" and
                    b[1] != "-" and len(text) > 2 and text[1] != "-"):
            return False
        if text.endswith((".js", ".mjs")) and prog == "mongosh":
            return False  # a script file, not a prompt
        if not text.startswith("-") or text == "-":
            operands += 1
    return most is None or operands <= most


# zsh code that bash reads otherwise, and that may run code bash would not see: parameter flags
# (`${(e)x}` evaluates), `=(CMD)`, `=NAME` (the path of NAME: `=rm -rf x` runs rm), and a
# parenthesis glued to a word, which zsh reads as glob qualifiers (`*(e:CODE:)`, `*(+func)`);
# `$(`, `a=(`, `<(`, `f()` and `((` are the common subset.
ZSH_ONLY = re.compile(r"\$\{\(|(?:^|[\s;&|(])=[(A-Za-z_]|[^\s$=<>(\[|&;`'\"\\]\((?!\))")


def zsh_facts(codes: list[Code]) -> list[Fact]:
    """zsh text is judged as bash when it keeps to the common subset; otherwise it is unknown."""
    for code in codes:
        if code.text is not None and ZSH_ONLY.search(code.text):
            return [Fact("unknown.zsh_code", f"{code.label} runs zsh code that bash reads "
                         "otherwise (glob qualifiers, parameter flags, `=` expansion), which "
                         "agentsh does not check")]
    return []


class Found(Record, fields="command facts", defaults=((),)):
    """A command that would run, with what the unwrapper learned about it."""

    __slots__ = ()

    command: Command
    facts: tuple[Fact, ...]


class Knowledge:
    """What the unwrapper takes from the policy: wrapper specs by name, the programs some rule,
    analyzer or wrapper looks at (`watched`), those whose appearance among an unknown
    program's arguments is checked as a command (`triggers`), and programs whose arguments
    name programs only as data (`data`: `man rm`, `apt install git`)."""

    __slots__ = ("wrapper", "watched", "triggers", "data")

    def __init__(self, wrapper, watched: frozenset[str] = frozenset(),
                 triggers: frozenset[str] = frozenset(), data: frozenset[str] = frozenset()):
        self.wrapper = wrapper  # name -> Wrapper | None
        self.watched = watched
        self.triggers = triggers
        self.data = data


NO_KNOWLEDGE = Knowledge(lambda name: None)


# ------------------------------------------------------------------ code handed to a shell


SHELL_VALUE_OPTS = frozenset("-o +o -O +O --rcfile --init-file".split())
# `agentsh WORD` for these subcommands (a copy of cli.SUBCOMMANDS, pinned by a test) runs no
# script: an agent's hook entry is `agentsh hook AGENT`. The ones that could take agentsh out of
# an agent's path (`setup ... --uninstall`, `trust`) are SELF rules in rules.toml; `undo` saves
# what it overwrites, and `trash purge` asks a person itself when an agent runs it.
AGENTSH_SUBCOMMANDS = frozenset(
    "check explain rules trust log approve hook setup doctor undo trash".split())


class ShellArgs:
    """A shell's own options: where its operands start, `-c`, `-i`, `--posix`, `--rcfile F`,
    `-n` (read the code, run none of it)."""

    __slots__ = ("index", "has_c", "interactive", "posix", "rcfiles", "noexec", "stdin", "login",
                 "norc", "noprofile")

    def __init__(self, index: int, has_c: bool, interactive: bool, posix: bool,
                 rcfiles: tuple[Word, ...], noexec: bool, stdin: bool = False,
                 login: bool = False, norc: bool = False, noprofile: bool = False) -> None:
        self.index = index
        self.has_c = has_c
        self.interactive = interactive
        self.posix = posix
        self.rcfiles = rcfiles
        self.noexec = noexec
        self.stdin = stdin  # `-s`: the code comes from standard input, operands are `$1...`
        self.login = login  # `-l`, `--login`: reads the profile files under HOME
        self.norc = norc
        self.noprofile = noprofile


UNKNOWN_ARGS = "\0unknown arguments"  # in `Code.args`: `$1...` are only known at run time


def _bound(words, cmd: Command) -> tuple[str, ...]:
    """What a word list binds to the callee's `$1...` (see `dataflow.bound_args`)."""
    found = dataflow.bound_args(words, cmd.flow)
    return (UNKNOWN_ARGS,) if found is None else found


def shell_args(words: tuple[Word, ...]) -> ShellArgs:
    i, has_c, interactive, posix, rcfiles, noexec = 1, False, False, False, [], False
    stdin = login = norc = noprofile = False
    while i < len(words):
        text = words[i].text
        if not words[i].literal or not (text.startswith("-") or text.startswith("+")) or text == "-":
            break
        if text == "--":
            i += 1
            break
        login = login or text == "--login" or (text[:1] == "-" and text[1:2] != "-" and
                                               "l" in text[1:])
        stdin = stdin or (text[:1] == "-" and text[1:2] != "-" and "s" in text[1:])
        norc = norc or text == "--norc"
        noprofile = noprofile or text == "--noprofile"
        if text in ("--rcfile", "--init-file") and i + 1 < len(words):
            rcfiles.append(words[i + 1])
        if text == "--posix" or (text in ("-o", "+o") and i + 1 < len(words) and
                                 words[i + 1].text == "posix" and text == "-o"):
            posix = True
        if text in SHELL_VALUE_OPTS:
            i += 2
            continue
        if not text.startswith("--") and text[0] == "-":
            has_c = has_c or "c" in text[1:]
            interactive = interactive or "i" in text[1:]
            noexec = noexec or "n" in text[1:]
        elif text == "-o" and i + 1 < len(words) and words[i + 1].text == "noexec":
            noexec = True
        i += 1
    return ShellArgs(i, has_c, interactive, posix, tuple(rcfiles), noexec, stdin, login, norc,
                     noprofile)


def _remote(producer: tuple[str, ...]) -> bool:
    return bool(producer) and producer[0].rsplit("/", 1)[-1] in REMOTE_FETCHERS


_EXPORTERS = frozenset(("export", "declare", "typeset", "local", "readonly"))


def _exported_names(commands) -> frozenset | None:
    """The names any of `commands` may export to a child's environment (`export X`,
    `declare -x X`, `local -x`, `readonly -x`, also run through `builtin`/`command`), wherever
    they are (a function body a summary reads does not say what it exports); None where that
    may be any name, or the environment may lose one: `set -a` (every name assigned then is
    exported), `set -k` (assignment words after a command's name go to its environment),
    `declare +x`/`export -n` (a name taken out), a word only known at run time given to one
    of these or to `set`/`shopt`, SHELLOPTS given to a command."""
    names: set[str] = set()
    for cmd in commands:
        if any(name == "SHELLOPTS" for name, _ in cmd.assignments):
            return None
        words = cmd.words  # (a command word only known at run time asks on its own)
        # `builtin builtin export X`, `command -- export X`, `command -p declare -x X`: the
        # builtin they run (a wrapper's options and `--` skipped)
        while words and words[0].literal and words[0].text in ("builtin", "command"):
            words = words[1:]
            while words and words[0].literal and words[0].text[:1] == "-" and \
                    words[0].text != "-":
                words = words[1:]
        if not words or not words[0].literal:
            continue
        prog = words[0].text
        if prog in ("set", "shopt"):
            for word in words[1:]:
                # `set -k` / `-o keyword`: an assignment word anywhere on a later command
                # line goes to that program's environment (`$THIS_SH x.sub X=1`)
                if not word.literal or word.text in ("allexport", "keyword") or \
                        (word.text[:1] in "-+" and set("ak") & set(word.text[1:]) and
                         word.text[:2] != "--"):
                    return None
            continue
        if prog not in _EXPORTERS:
            continue
        if not all(w.literal for w in words[1:]):
            return None
        flags = "".join(w.text[1:] for w in words[1:] if w.text[:1] in "-+")
        if any(w.text[:1] == "+" and "x" in w.text for w in words[1:]) or \
                (prog == "export" and "n" in flags):
            return None  # `declare +x NAME`, `export -n NAME`: a name taken out of the
            # environment children get, which the values alone do not show
        if prog == "export" or "x" in flags:
            operands = [w.text for w in words[1:] if w.text[:1] not in "-+"]
            if "f" in flags:
                # `export -f f`, `declare -fx f`: the function reaches the child as
                # `BASH_FUNC_f%%` (`declare -fx f=v` is no form bash takes: any name)
                if any("=" in o for o in operands):
                    return None
                names |= {f"BASH_FUNC_{o}%%" for o in operands}
            else:
                names |= {o.split("=", 1)[0].split("[", 1)[0] for o in operands}
    return frozenset(names)


# ------------------------------------------------------------------ the walk


class Unwrapper:
    def __init__(self, ctx: Context, parse, code_shell=None, snapshot_trusted=None,
                 eval_generators: frozenset[str] = frozenset(), runners=None,
                 knowledge: Knowledge = NO_KNOWLEDGE, params: dict | None = None,
                 flow: dataflow.Config | None = None) -> None:
        self.ctx = ctx  # the calling process's context: host questions (globs, PATH, copies)
        # the context of the command being looked at (`dataflow.context_for`): where it runs,
        # and the files the line wrote before it; set by `command` before anything reads it
        self.here = ctx
        self.flow = flow or dataflow.Config({}, parse=parse, trusted=snapshot_trusted)
        self.parse = parse
        self.code_shell = code_shell
        self.snapshot_trusted = snapshot_trusted or (lambda path: False)
        self.eval_generators = eval_generators
        self.runners = runners  # cmd -> what a package or task runner runs (engine.runners)
        self.knowledge = knowledge
        self.params = params or {}
        self.names = Names(ctx)
        self.found: list[Found] = []
        self.project_file_programs: frozenset[str] | None = None
        self.project_reads: dict = {}  # (folder, file view) -> the reads `_shared_reads` shares
        # () -> (code options, any_value patterns), asked for on first use: it reads every rule
        self.any_program_words: Callable[[], tuple] | None = None
        # the names the text (and code it reads) may export, None: any (`dataflow.same_gate`)
        self.may_export: frozenset | None = frozenset()

    def run(self, commands: tuple[Command, ...],
            definitions: tuple[Definition, ...] = (), parsed: tuple[Command, ...] = ()
            ) -> list[Found]:
        """`parsed`: the commands as parsed, before the dataflow pass dropped bare assignments
        (`x='a[$(CMD)]'` holds code a later `(( x ))` runs)."""
        self._bare_assignments(parsed, None)
        self._walk(list(commands), definitions, lambda c: c)
        return self.found

    def stray_prompts(self, text: str, parsed, where: Command | None) -> None:
        """`${x@P}` outside command words (`stray_prompts`): asks as in a command word whose
        value is not known to be inert, on `where` (a command standing for the text)."""
        prompt = stray_prompts(text, parsed)
        if prompt is None:
            return
        if where is None or not where.words:
            span = (0, len(text))
            where = Command((Word(":", True, span, ":"),), span)
        self.found.append(Found(where, (Fact(
            "unknown.eval_dynamic", f"{prompt} expands a value as a prompt outside a command's "
            "words: the command substitutions in it run"),)))

    def history_words(self, text: str, parsed, where: Command | None, on=frozenset(),
                      end=None, before=frozenset()) -> None:
        """A `!` bash may expand from its history while reading `text` (`deferred.
        history_expansion`): a line of the history runs there, code only known at run time.
        `end`: the state after the text, whose registry holds the options it may turn on
        (less `before`, those the registry held when the text started: a parent's)."""
        registry = getattr(end, "registry", None)
        later = frozenset(registry.options) - before if registry is not None else frozenset()
        at = deferred.history_expansion(text, parsed, on, later)
        if at is None:
            return
        line = text[at:].split("\n", 1)[0][:60]
        if where is None or not where.words:
            span = (at, at + 1)
            where = Command((Word(":", True, span, ":"),), span)
        self.found.append(Found(where, (Fact(
            "unknown.dynamic_code", f"history expansion (`{line}` after `set -H` with the "
            "history on) runs a line from the history: code only known at run time"),)))

    def _bare_assignments(self, parsed, parent: Command | None) -> None:
        for cmd in parsed:
            if cmd.words or not cmd.assignments:
                continue
            for code in subscript_code(cmd):
                self.code(parent or cmd, code)

    def _walk(self, commands: list[Command], definitions: tuple[Definition, ...], place) -> None:
        """Each command in order, with the functions and variables the text defines before it
        in force (`place` moves a command parsed from nested code to where it runs)."""
        pending = list(definitions)
        if self.may_export is not None:
            more = _exported_names(commands)
            self.may_export = None if more is None else self.may_export | more
        for cmd in commands:
            while pending and pending[0].offset <= cmd.span[0]:
                self.names.define(pending.pop(0))
            self.command(place(cmd))
        for definition in pending:
            self.names.define(definition)

    # -------------------------------------------------------------- one command

    def command(self, cmd: Command) -> None:
        work.charge()
        self.here = dataflow.context_for(self.ctx, cmd)  # where it runs, what the line wrote
        if cmd.depth > MAX_DEPTH:
            if self._hypothetical(cmd):
                return
            self.found.append(Found(cmd, (Fact("unknown.too_deep",
                                               f"nested more than {MAX_DEPTH} levels deep"),)))
            return
        stored = deferred.stored_code(cmd)  # trap, alias, PROMPT_COMMAND, ...: run later, here
        if not cmd.words:
            for text, label in stored:
                self.code(cmd, Code(text, label, cmd.span, None, how="same"))
            return
        names = self.names
        cmd = names.expand_braces(cmd)
        alias = names.alias_code(cmd)
        if alias is not None:
            self.code(cmd, alias._replace(how="same", args=None))
            return
        facts: list[Fact] = []
        name_word = cmd.words[0]
        if not name_word.literal:
            facts.append(Fact("unknown.dynamic_name",
                              f"the command name {name_word.raw} is only known at run time"))
        elif name_word.raw.startswith("$'") or name_word.raw.startswith("$\""):
            facts.append(Fact("unknown.obfuscated_name",
                              f"the command name is written as {name_word.raw}"))
        if any(name.startswith("AGENTSH_") for name, _ in cmd.assignments):
            facts.append(Fact("self.agentsh_env", "sets an AGENTSH_ variable for this command"))
        prompt = next((w.raw for w in cmd.words if not w.literal and "@P" in w.raw and
                       PROMPT_EXPANSION.search(w.raw) and not _inert_prompts(w.raw, cmd.flow)),
                      None)
        if prompt is not None:  # bash runs the `$(...)` in the value again, as eval would
            facts.append(Fact("unknown.eval_dynamic", f"{prompt} expands the value as a prompt: "
                              "the command substitutions in it run"))
        replacement, looked = self._lookup(cmd)
        facts += looked
        if replacement is not None:
            facts += names.record(cmd, self.knowledge.watched)
            self.found.append(Found(cmd, tuple(facts)))
            self.command(replacement._replace(depth=cmd.depth + 1))
            return
        inner: list[Command] = []
        codes: list[Code] = [Code(text, label, cmd.span, None, how="same") for text, label in stored]
        body = names.function_code(cmd)
        if body is not None:
            codes.append(body._replace(how="same"))
        prog = cmd.program
        read_script = False
        ran = self.runners(cmd) if self.runners is not None else None
        wrapper, start = self._wrapper_spec(cmd) if ran is None else (None, 1)
        if ran is not None:
            inner += ran[0]
            codes += [Code(run[0], run[1], cmd.span, how=run[2] if len(run) > 2 else "child")
                      for run in ran[1]]
            facts += ran[2]
        elif wrapper is not None:
            i, c, f = self._wrapped(cmd, wrapper, start, wrapper.name)
            inner += [dataflow.inner(cmd, sub) for sub in i]
            # a trap's handler runs in this shell (the state its command carries: see
            # dataflow); a child shell would not see the variables it reads
            where = "remote" if prog in dataflow.ELSEWHERE_PROGRAMS else \
                "same" if prog == "trap" else "child"
            codes += [x._replace(how=where) for x in c]
            facts += f
        elif prog == "env":
            sub, code = env_command(cmd)
            if sub is not None:
                inner.append(dataflow.inner(cmd, sub))
            codes += [Code(c, "env -S", cmd.span) for c in code]
        elif prog == "xargs":
            reader = self.here.read_file
            inner += xargs_commands(cmd, reader if callable(reader) else None)
        elif prog == "parallel":
            # GNU parallel runs each job as a shell line; moreutils' parallel (the same name
            # on some systems) runs the words as a command: both readings are checked
            jobs = parallel_code(cmd)
            if jobs is not None:
                codes += [Code(text, "parallel", cmd.span, args) for text, args in jobs]
            sub = parallel_command(cmd)
            if sub is not None and (jobs is None or (sub.words and sub.words[0].literal and
                                                     not any(c.isspace() for c in sub.words[0].text))):
                inner.append(sub)
        elif prog == "find":
            inner += [dataflow.inner(cmd, c) for c in find_exec(cmd)]
        elif prog in SHELLS:
            c, f = self._shell_code(cmd)
            if prog == "zsh":
                f = f + zsh_facts(c)
            codes += c
            facts += f
        elif prog in ("eval",):
            codes += [c._replace(how="same", args=None) for c in self._eval(cmd, facts)]
        elif prog in ("source", "."):
            if len(cmd.words) > 1:
                path = cmd.words[1].text
                sourced = self._sourced(cmd)
                if sourced is None:
                    facts.append(Fact("unknown.script_unreadable", f"{prog}: which file "
                                      f"{path} is cannot be known (bash looks a name with no "
                                      "slash up on PATH, then here)", path))
                elif not (cmd.words[1].literal and self.snapshot_trusted(path)):
                    c, f = self._script(sourced, prog, cmd, _bound(cmd.words[2:], cmd))
                    codes += [x._replace(how="same") for x in c]
                    facts += f
        elif prog in PATCH_PROGRAMS:
            codes += self._patch(cmd)
        elif prog in ("docker", "podman", "nerdctl", "kubectl", "oc", "docker-compose"):
            sub = container_exec(cmd, self.params.get("image_entrypoints"))
            if sub is not None:
                inner.append(dataflow.inner(cmd, sub))
        elif "/" in cmd.name and name_word.literal and not self.snapshot_trusted(cmd.name):
            c, f, read_script = self._path_command(cmd)
            codes += c
            facts += f
            if not c and not f:
                renamed = self._renamed(cmd)
                if renamed is not None:
                    inner.append(renamed)
        if prog in REPLS and self.ctx.actor == "agent" and self.names.stdin is None and \
                cmd.stdin is None and repl_on_terminal(cmd, prog):  # a person types their own
            facts.append(Fact("unknown.repl_terminal", f"{prog} reads its commands from the "
                              "terminal, where agentsh does not check what is typed"))
        if (prog in EMBEDDED or cmd.assignments or prog in self.params.get("settings_commands", ())
                ) and not self._plain_git(cmd):
            from agentsh.engine import embedded  # loaded only for the programs it reads

            c, f = embedded.codes(cmd, self.here, names, self.params)
            codes += c
            facts += f
        if self.code_shell is not None:
            # code in another language: the commands it runs (shell-outs, deletions as rm)
            # it reads files as this command sees them; its shell-outs may run anywhere
            shell, code_facts = self.code_shell(cmd, self.here)
            codes += [Code(text, label, cmd.span, how="elsewhere",
                           guess=label.startswith(OTHER_SHELL)) for text, label in shell]
            facts += code_facts
        codes += subscript_code(cmd)
        if prog in self._project_file_programs() or prog.startswith("python"):
            c, f = self._project_files(cmd)
            codes += c
            facts += f
        inner += self._project_code(cmd)
        if not inner and not codes and not read_script and body is None:
            inner += self._arguments_as_command(cmd)
            codes += self._arguments_as_code(cmd)
        if self._hypothetical(cmd):
            facts = [f for f in facts if not f.label.startswith("unknown.")]
        else:
            facts += names.record(cmd, self.knowledge.watched)
        self.found.append(Found(cmd, tuple(facts)))
        for sub in inner:
            self.command(sub._replace(depth=cmd.depth + 1))
        for code in codes:
            self.code(cmd, code)

    # -------------------------------------------------------------- name lookup

    def _lookup(self, cmd: Command) -> tuple[Command | None, list[Fact]]:
        """The command bash really runs when its name is looked up: `/proc/self/exe` (bash
        itself), a glob (`/bin/r?`), a name `hash -p` or PATH sends elsewhere, a copy or link
        of a program made earlier in the text."""
        word = cmd.words[0]
        rest = cmd.words[1:]
        if word.raw.startswith(("/proc/", "\"/proc/", "'/proc/")) and \
                re.match(PROC_EXE, word.raw.strip("\"'")):
            return peel(cmd, (Word("bash", True, word.span, "bash"),) + rest, word.raw), []
        if not word.literal:
            return None, []
        pattern = self.names.glob_pattern(word)
        if pattern is not None:
            cwd = self.here.cwd
            matches = self.ctx.files.glob(pattern, cwd) if cwd or pattern.startswith("/") \
                else None
            if matches is None:
                return None, [Fact("unknown.glob_name", f"the command name {word.raw} is a "
                                   "pattern bash expands to files only at run time")]
            if not matches:
                return None, []  # bash runs the pattern itself: command not found
            words = tuple(Word(m, True, word.span, m) for m in matches)
            return peel(cmd, words + rest, f"glob {word.raw}"), []
        target, facts = self.names.lookup(cmd, self.knowledge.watched)
        if target is not None:
            label, real = target
            return peel(cmd, (Word(real, True, word.span, word.raw),) + rest, label), facts
        return None, facts

    def _renamed(self, cmd: Command) -> Command | None:
        """A path that is really a watched program under another name (a symlink, hard link
        or copy of `rm`): checked as that program."""
        prog = cmd.program
        cwd = self.here.cwd
        if prog in self.knowledge.watched or not (cwd or cmd.name.startswith("/")):
            return None
        full = cmd.name if cmd.name.startswith("/") else f"{cwd}/{cmd.name}"
        real = self.ctx.files.program(full, self.knowledge.watched)
        if real is None or real == prog:
            return None
        return peel(cmd, (Word(real, True, cmd.words[0].span, cmd.words[0].raw),) +
                    cmd.words[1:], f"{cmd.name} is {real}")

    def _plain_git(self, cmd: Command) -> bool:
        """`git status`, `git diff`, `git commit -m x`: a git command in which `embedded.codes`
        can find no code (no assignment, no global option such as `-c`, no GIT_CONFIG_* in its
        environment, and a subcommand of PLAIN_GIT: a git builtin, so never an alias, with no
        option that runs a command), told before that module (124 KB of code and 18 patterns,
        3 M instructions) is loaded for every git command. A test runs `embedded.codes` wherever
        this says yes, over the tldr-pages corpus and the red-team bench, and finds nothing."""
        words = cmd.words
        return cmd.program == "git" and not cmd.assignments and len(words) > 1 and \
            words[0].literal and words[1].literal and words[1].text in PLAIN_GIT and \
            "git" not in self.params.get("settings_commands", ()) and \
            self.names.env(cmd, "GIT_CONFIG_COUNT") is None and \
            self.names.env(cmd, "GIT_CONFIG_PARAMETERS") is None

    def _project_file_programs(self) -> frozenset[str]:
        """The programs `[analyzer.exec.project_files]` names (`python` any python3.X)."""
        if self.project_file_programs is None:
            table = self.params.get("project_files") or {}
            self.project_file_programs = frozenset(key.split()[0] for key in table) | \
                PROJECT_FILE_PROGRAMS
        return self.project_file_programs

    def _project_files(self, cmd: Command) -> tuple[list[Code], list[Fact]]:
        """The project files `cmd` runs unasked (`[analyzer.exec.project_files]`, read by
        `engine.projectfiles`), each as code judged by what rules recognise in it; files that are
        there but cannot be read, or more than are read, are facts of their own."""
        from agentsh.engine import projectfiles  # git hooks and settings, conftest.py, build.rs ...

        here = self.here
        read = here.read_file
        if not callable(read):
            return [], []
        cwd = here.cwd
        files = here.files

        def env(name: str) -> str | None:
            found = self.names.env(cmd, name)
            return found[0] if found and found[1] else None

        def glob(pattern: str) -> list[str] | None:
            return self.ctx.files.glob(pattern, cwd) if cwd else None

        def present(path: str) -> bool:
            """There from before the line (one the line wrote, `sed -i conf.py`, is the write's
            to answer for: its content is unknown to a check of the text alone)."""
            full = path if path.startswith("/") else f"{cwd.rstrip('/')}/{path}" if cwd else ""
            return bool(full) and files.kind(full) == "file" and not files.written(full)

        def unknown(name: str) -> bool:
            found = self.names.env(cmd, name)
            return bool(found) and not found[1]

        def as_read(paths) -> list[str]:
            """Absolute paths, and relative to where the command runs (as the readers ask)."""
            out = []
            for path in paths:
                out.append(path)
                if cwd and path.startswith(cwd.rstrip("/") + "/"):
                    out.append(path[len(cwd.rstrip("/")) + 1:])
            return out

        unknown_writes = getattr(files, "unknown_writes", None)
        written_files = getattr(files, "written_files", None)
        world = projectfiles.World(
            read, env, glob, present, self.params, unknown,
            as_read(unknown_writes() if unknown_writes is not None else ()),
            as_read(written_files() if written_files is not None else ()),
            self._shared_reads(cmd, cwd))
        table = self.params.get("project_files")
        codes = [Code(text, PROJECT_FILE + label, cmd.span)
                 for text, label in projectfiles.codes(cmd, read, table, world, _build_reader)
                 if not self._inert(text)]
        facts = [Fact("unknown.project_file_unreadable", f"{cmd.program} runs {path}, which "
                      "cannot be read to check it (too big, binary, unreadable or only known at "
                      "run time)", path) for path in world.unread[:4]]
        facts += [Fact("unknown.project_file_written", f"{cmd.program} runs {path}, which the "
                      "same line wrote with content agentsh cannot know (a download, a copy, a "
                      "program's output)", path) for path in world.overwritten[:4]]
        facts += [Fact("interp.project_files_many", f"{cmd.program} runs more files ({what}) "
                       f"than agentsh reads to check them", what) for what in world.many[:2]]
        return codes, facts

    def _shared_reads(self, cmd: Command, cwd: str) -> dict | None:
        """The project files' reads shared by this line's commands that run in the same known
        folder over the same files (the dataflow state's file view, as the line left it: a
        write, a move or a `cd` between them makes another), so that `git status && git diff`
        climb to the repository and read git's config files once (2.3 M instructions each)."""
        if not cwd or not isinstance(cmd.flow, dataflow.State) or cwd != cmd.cwd:
            return None  # files read as `dataflow.context_for` sees them, or not shared
        state_files = cmd.flow.files
        key = (cwd, id(state_files))
        entry = self.project_reads.get(key)
        if entry is None or entry[0] is not state_files:
            entry = self.project_reads[key] = (state_files, {})  # holds the view: no id reused
        return entry[1]

    def _inert(self, text: str) -> bool:
        """Project-file code no rule can match, so not worth a parse (`git-lfs clean -- %f`,
        `delta`, `code --wait` in git's settings on every `git status`): one plain command of
        a program nothing watches, with no watched program, code option or `any_value` word
        among its words (the fast path's own test, `frontends.fastpath.vouches`)."""
        knowledge = self.knowledge
        if self.any_program_words is None or not knowledge.watched or \
                INERT_SYNTAX.intersection(text):
            return False
        words = text.split()
        if not words or "/" in words[0] or words[0] in knowledge.watched:
            return False
        code_options, patterns = self.any_program_words()
        for word in words:
            name = word.rsplit("/", 1)[-1]
            if name in knowledge.watched or name in knowledge.triggers or word in code_options or \
                    any(p.search(word) for p in patterns):
                return False
        return True

    def _project_code(self, cmd: Command) -> list[Command]:
        """A test runner or build tool loads the project's code (`pytest` runs conftest.py and
        every test file, `go run .`, `tox`, `nox`): code files the same line wrote before it
        are checked as if run (`cat > conftest.py <<EOF ... EOF; pytest`). A file already being
        checked as loaded further up (a script that runs the test runner that loads it) is not
        loaded again: that would go round until too deep (UNK007), and its code is checked."""
        prog = cmd.program
        sub = cmd.words[1].text if len(cmd.words) > 1 else ""
        if prog not in PROJECT_RUNNERS and not (prog.startswith("python") and sub == "-m" and
                                                len(cmd.words) > 2 and
                                                cmd.words[2].text in PROJECT_RUNNERS):
            return []
        view = self.here.files
        written = view.written_code() if hasattr(view, "written_code") else []
        out = []
        loading = {label.split(LOADS, 1)[1] for label in cmd.via if LOADS in label}
        moved_in = getattr(view, "moved_in", None)
        for path, _ in written[:16]:
            interpreter = CODE_FILES.get(path.rsplit(".", 1)[-1] if "." in path else "")
            if moved_in is not None and moved_in(path):
                continue  # renamed, not written: what was there, which the runner's own files
                # reader judges (`mv tests/test_a.py tests/test_b.py && pytest`)
            if interpreter is not None and path not in loading:
                words = (Word(interpreter, True, cmd.span, interpreter), Word(path, True, cmd.span,
                                                                               path))
                out.append(peel(cmd, words, f"{prog}{LOADS}{path}"))
        return out

    def _unknown_program(self, cmd: Command) -> bool:
        """A literal program no table names, not a builtin nor a function the line defines:
        what it does with its arguments is unknown, so they are read as what they could be."""
        knowledge = self.knowledge
        prog = cmd.program
        return bool(knowledge.triggers) and prog not in knowledge.watched and \
            prog not in knowledge.data and prog not in BUILTINS and cmd.words[0].literal and \
            not self.names.is_defined(cmd.name)

    def _arguments_as_command(self, cmd: Command) -> list[Command]:
        """An unknown program handed a watched program and its arguments (`anything 1 rm -rf
        DIR`) may run them: each such tail is checked as the command it would be."""
        if not self._unknown_program(cmd):
            return []
        knowledge = self.knowledge
        prog = cmd.program
        out = []
        for k in range(1, len(cmd.words) - 1):
            word = cmd.words[k]
            if word.literal and word.text.rsplit("/", 1)[-1] in knowledge.triggers and \
                    not word.text.startswith("-"):
                out.append(peel(cmd, cmd.words[k:], f"{ARGUMENT}{prog}"))
        return out

    def _arguments_as_code(self, cmd: Command) -> list[Code]:
        """An unknown program handed a whole command line as one argument (`anything --command
        'rm -rf DIR'`, `paas exec APP 'psql -c ...'`) may run it with a shell: an argument that
        names a watched program among its words (`'cd src && rm -rf .'`, `'true; psql ...'`)
        is checked as that line."""
        if not self._unknown_program(cmd):
            return []
        knowledge = self.knowledge
        prog = cmd.program
        out = []
        for word in cmd.words[1:]:
            text = word.text
            if not word.literal or "\n" in text and len(text) > 4096:
                continue
            names = LINE_WORDS.split(text.strip())
            if len(names) > 1 and any(n.rsplit("/", 1)[-1] in knowledge.triggers
                                      for n in names):
                out.append(Code(text, f"{ARGUMENT}{prog}", word.span, guess=True))
        return out

    @staticmethod
    def _hypothetical(cmd: Command) -> bool:
        """Found among an unknown program's arguments: whether it runs at all is a guess, so
        only what rules recognise counts, never what agentsh cannot see inside it."""
        return any(label.startswith(GUESSES) for label in cmd.via)

    # -------------------------------------------------------------- wrappers

    def _wrapper_spec(self, cmd: Command) -> tuple[Wrapper | None, int]:
        if not cmd.words[0].literal:
            return None, 1
        find = self.knowledge.wrapper
        prog = cmd.program
        own = find(prog)
        if own is not None and own.runs == "subcommand":
            return own, 1  # its options first, then each subcommand (`tmux -L s new \; ...`)
        if len(cmd.words) > 1 and cmd.words[1].literal:
            spec = find(f"{prog} {cmd.words[1].text}")
            if spec is not None:
                return spec, 2
        return own, 1

    def _wrapped(self, cmd: Command, spec: Wrapper, start: int, label: str
                 ) -> tuple[list[Command], list[Code], list[Fact]]:
        """What a wrapper runs, read by its rules.toml spec."""
        read = scan(cmd.words, spec, start)
        inner: list[Command] = []
        codes: list[Code] = [Code(w.text if w.literal else None, f"{label} (option)", w.span)
                             for w in read.codes]
        facts: list[Fact] = []
        for word in read.scripts:
            c, f = self._script(word, f"{label} (script)", cmd)
            codes += c
            facts += f
        if read.no_command:
            return inner, codes, facts
        rest = read.rest
        if read.codes or read.scripts:
            rest = ()
        runs = "argv" if read.argv else spec.runs
        if runs == "nothing":
            rest = ()
        if not rest:
            if runs == "shell":
                inner.append(peel(cmd, (Word("sh", True, cmd.words[0].span, "sh"),), label))
            elif runs == "crontab" or ((spec.stdin_code or read.stdin) and not codes):
                c, f = self._stdin_code(cmd, label)
                if runs == "crontab":
                    from agentsh.engine.embedded import crontab_code

                    c = [crontab_code(code) for code in c]
                    facts += _crontab_emptied(cmd, c, f)
                codes += c
                facts += f
            return inner, codes, facts
        span = (rest[0].span[0], rest[-1].span[1])
        if runs == "argv":
            assignments, k = leading_assignments(rest) if spec.assignments else ((), 0)
            rest = rest[k:]
            if rest and rest[0].literal and any(ch.isspace() for ch in rest[0].text):
                codes.append(Code(rest[0].text, f"{label} (string)", rest[0].span))
            elif rest:
                inner.append(peel(cmd, rest, label, assignments))
        elif runs == "string":
            literal = all(w.literal for w in rest)
            # a remote shell's commands read what the wrapper reads (`ssh host bash -s < F`)
            codes.append(Code(" ".join(w.text for w in rest) if literal else None, label, span,
                              stdin=cmd.stdin if spec.stdin_code else None))
        elif runs == "strings":
            codes += [Code(w.text if w.literal else None, label, w.span) for w in rest]
        elif runs == "first":
            codes.append(Code(rest[0].text if rest[0].literal else None, label, rest[0].span))
        elif runs == "shell":
            inner.append(peel(cmd, (Word("sh", True, cmd.words[0].span, "sh"),) + rest, label))
        elif runs == "subcommand":
            i, c, f = self._subcommands(cmd, rest)
            inner += i
            codes += c
            facts += f
        elif runs == "keys":
            from agentsh.engine.embedded import keys_code

            codes += keys_code(rest, label)
        elif runs == "crontab":
            from agentsh.engine.embedded import crontab_code

            word = rest[0]
            if word.text == "-":
                c, f = self._stdin_code(cmd, label)
            else:
                c, f = self._script(word, label, cmd)
            c = [crontab_code(code) for code in c]
            codes += c
            facts += f + _crontab_emptied(cmd, c, f)
        return inner, codes, facts

    def _subcommands(self, cmd: Command, words: tuple[Word, ...]
                     ) -> tuple[list[Command], list[Code], list[Fact]]:
        """`tmux new-session -d CMD \\; split-window CMD`: each subcommand by its own spec."""
        inner: list[Command] = []
        codes: list[Code] = []
        facts: list[Fact] = []
        prog = cmd.program
        part: list[Word] = []
        for word in words + (Word(";", True, cmd.span, ";"),):
            if word.text != ";" or not word.literal:
                part.append(word)
                continue
            if part and part[0].literal:
                spec = self.knowledge.wrapper(f"{prog} {part[0].text}")
                if spec is not None:
                    sub = cmd._replace(words=(cmd.words[0],) + tuple(part))
                    i, c, f = self._wrapped(sub, spec, 2, spec.name)
                    inner += i
                    codes += c
                    facts += f
            part = []
        return inner, codes, facts

    # -------------------------------------------------------------- shells and scripts

    def _shell_code(self, cmd: Command) -> tuple[list[Code], list[Fact]]:
        """`bash -c STR`, `bash script.sh`, `bash <<EOF`, `curl | bash`, and the start-up code
        the shell reads first (BASH_ENV, ENV, --rcfile)."""
        words = cmd.words
        args = shell_args(words)
        name = cmd.program
        if args.noexec and not args.interactive:
            return [], []  # `bash -n script.sh` only checks the syntax
        i = args.index
        if name == "agentsh" and not args.has_c and i < len(words) and words[i].literal and \
                words[i].text in AGENTSH_SUBCOMMANDS:
            return [], []
        codes, facts = self._startup(cmd, args)
        i = args.index
        if not args.stdin and i < len(words) and words[i].literal and dataflow.same_gate(
                cmd, self.ctx, self.may_export, None if args.has_c else words[i].text):
            # this very gate again, with the same settings: it checks the script or the `-c`
            # text itself when it starts, with its own `$$` and the files as they are then
            # (`${THIS_SH} ./x.sub`, docs/compat.md). Not code the outer check would know the
            # provenance of and the child not (standard input, text made at run time)
            return codes, facts
        if args.has_c:
            if i >= len(words):
                return codes, facts
            word = words[i]
            # `$0` is NAME (the word after the code), as bash expands it; then `$1`...
            positional = _bound(words[i + 1 :], cmd) if i + 1 < len(words) else (name,)
            codes.append(Code(word.text if word.literal else None, f"{name} -c", word.span,
                              positional))
            return codes, facts
        if args.stdin and name != "agentsh":
            # `sh -s a b < F`: the code is standard input, the operands are `$1 $2`
            c, f = self._stdin_code(cmd, name)
            bound = _bound(words[i:], cmd)
            return codes + [x._replace(args=bound) for x in c], facts + f
        if i < len(words):
            c, f = self._script(words[i], f"{name} script", cmd,
                                _bound(words[i + 1 :], cmd))
            return codes + c, facts + f
        c, f = self._stdin_code(cmd, name)
        return codes + c, facts + f

    def _startup(self, cmd: Command, args: ShellArgs) -> tuple[list[Code], list[Fact]]:
        """Code a shell runs before its own: `--rcfile F`, BASH_ENV for a non-interactive
        bash, ENV for an interactive POSIX shell. Values set on the command, exported earlier
        in the text or inherited all count."""
        codes: list[Code] = []
        facts: list[Fact] = []
        files = list(args.rcfiles)
        posix = cmd.program in POSIX_SHELLS or args.posix
        variable = "ENV" if posix or args.interactive else "BASH_ENV"
        if not posix or args.interactive:
            value = self.names.env(cmd, variable)
            if value is not None and value[0]:
                text, literal = value
                files.append(Word(text, literal, cmd.span, text if literal else f"${variable}"))
        names, home_facts = self._home_startup(cmd, args, posix)
        files += names
        facts += home_facts
        for word in files:
            c, f = self._script(word, f"{cmd.program} start-up file", cmd)
            codes += c
            facts += f
        return codes, facts

    def _home_startup(self, cmd: Command, args: ShellArgs, posix: bool
                      ) -> tuple[list[Word], list[Fact]]:
        """The start-up files under HOME an interactive (`~/.bashrc`) or login (`~/.profile`,
        `~/.bash_profile`) shell reads, when the line points HOME somewhere else than the
        person's home (`HOME=$PWD bash -ic true`): there, the agent chose what they hold. The
        person's own are theirs (and protected), not read here."""
        if not (args.login or (args.interactive and not posix)):
            return [], []
        if (args.login and args.noprofile) or (not args.login and (args.norc or args.rcfiles)):
            return [], []
        value = self.names.env(cmd, "HOME")
        own = self.ctx.getenv("HOME", "\0")
        if value is None:
            return [], []
        text = value[0] if value[1] else None
        if text is None and isinstance(cmd.flow, dataflow.State):
            from agentsh.engine.words import expand

            got = expand(value[0], cmd.flow.lookup, assignment=True)  # `$PWD`: where it runs
            text = got[0] if got else None
        if text == own:
            return [], []
        if not text or not text.startswith("/"):
            return [], [Fact("unknown.startup_home", f"{cmd.program} reads its start-up files "
                             f"from HOME={value[0]}, a directory only known at run time")]
        if not args.login:
            names = [".bashrc"]
        elif posix:
            names = [".profile"]
        else:
            names = [".bash_profile", ".bash_login", ".profile"]  # bash reads the first found
        home = text.rstrip("/")
        return [Word(f"{home}/{n}", True, cmd.span, f"{home}/{n}") for n in names], []

    def _stdin_code(self, cmd: Command, name: str) -> tuple[list[Code], list[Fact]]:
        """Code a shell (or `at`, `su`, `ssh HOST`) reads on its standard input."""
        stdin = cmd.stdin
        if stdin is None:
            dup = next((r for r in cmd.redirects if r.op == "<&" and r.fd in (None, 0)), None)
            if dup is not None:
                return self._fd_code(dup.target, name, cmd)
            path = self.names.stdin
            if path is None:  # reads the terminal: an interactive shell, whose lines no one checks
                elsewhere = dataflow.ELSEWHERE_PROGRAMS | {"sudo", "doas"}
                if name not in SHELLS or name == "agentsh" or \
                        any(v.split(" ", 1)[0] in elsewhere for v in cmd.via):
                    # agentsh checks its own; a container's or host's shell is theirs; another
                    # user's login shell (`sudo -i`, `su -`) is ordinary (tests/engine/test_runners)
                    return [], []
                return [], [Fact("unknown.dynamic_stdin", f"{name} reads its commands from the "
                                 "terminal, where agentsh does not check them")]
            if fd_of_stream(path) == "0":
                return [], [Fact("unknown.stdin_script", f"{name} reads its code from standard "
                                 "input, which agentsh cannot read without taking it from the "
                                 "command")]
            stdin = Stdin("file", None, path=path)
        if stdin.kind == "file":
            if stdin.path == "/dev/null":
                return [], []
            word = Word(stdin.path, "$" not in stdin.path, cmd.span, stdin.path)
            return self._script(word, f"{name} <", cmd)
        if stdin.text is not None:
            return [Code(stdin.text, f"{name} <<{stdin.kind}", cmd.span)], []
        if stdin.kind == "pipe" and _remote(stdin.producer):
            return [], [Fact("unknown.remote_code",
                             f"code downloaded by {stdin.producer[0]} is run by {name}")]
        producer = " ".join(stdin.producer) if stdin.producer else stdin.kind
        return [], [Fact("unknown.dynamic_stdin",
                         f"{name} runs code produced at run time ({producer})")]

    def _fd_code(self, target: Word, label: str, cmd: Command) -> tuple[list[Code], list[Fact]]:
        """Code read from file descriptor N (`bash <&5`, `source /dev/fd/5`): the file an
        earlier `exec 5< FILE` opened, or unknown."""
        path = self.names.fds.get(target.text) if target.literal else None
        own = next((r.target for r in cmd.redirects if r.op == "<" and str(r.fd) == target.text),
                   None)  # `bash /dev/fd/3 3< FILE`
        if own is not None:
            path = own.text if own.literal else None
        if path:
            return self._script(Word(path, True, cmd.span, path), label, cmd)
        return [], [Fact("unknown.stdin_script",
                         f"{label} reads its code from file descriptor {target.raw}, which "
                         "agentsh cannot read without taking it from the command")]

    def _sourced(self, cmd: Command) -> Word | None:
        """`source NAME`'s operand as the file bash reads: a bare name is looked up on PATH
        (`dataflow.sourced_file`); None where that is not known."""
        word = cmd.words[1]
        state = cmd.flow
        if not word.literal or "/" in word.text or not isinstance(state, dataflow.State) or \
                not state.files.world.knows:
            return word  # a path; or judging text alone: read as written
        if self.snapshot_trusted(word.text):
            return word
        found = dataflow.sourced_file(word.text, state, cmd.cwd or "")
        return word._replace(text=found) if found else None

    def _script(self, word: Word, label: str, cmd: Command, args: tuple[str, ...] = ()
                ) -> tuple[list[Code], list[Fact]]:
        """A script file's code. A stream (`/dev/stdin`, `/dev/fd/N`, a pipe, a device) is
        never opened: its code is the command's literal stdin when there is one, else unknown."""
        if not word.literal:
            if re.match(PROC_FD, word.raw.strip("\"'")):
                return self._stream(word, label, cmd, args)
            fetch = any(f in word.raw for f in REMOTE_FETCHERS)
            label_ = "unknown.remote_code" if fetch else "unknown.dynamic_script"
            return [], [Fact(label_, f"{label}: the script {word.raw} is produced at run time")]
        if fd_of_stream(word.text) is not None:
            return self._stream(word, label, cmd, args)
        here = self.here
        reader = here.read_file
        text = reader(word.text) if callable(reader) else None
        if text is None:
            kind = here.file_kind(word.text)
            if kind == "missing":
                # bash says "No such file" and runs nothing; files the line writes first are
                # known to the file view, and one written by something it cannot follow is
                # not "missing" but unknown
                return [], []
            files = getattr(cmd.flow, "files", None)
            if kind == "char" and word.text == NULL_DEVICE and files is not None and \
                    not files.unsure:
                # `. /dev/null` reads as empty: it runs nothing. Not after a program with
                # unknown effects (as root, it may have put a file or another device there)
                return [], []
            if kind in ("fifo", "char", "block", "socket"):
                return [], [Fact("unknown.special_script",
                                 f"{label}: {word.text} is a {kind}, not a file; agentsh never "
                                 "opens it, so it cannot see the code", word.text)]
            if kind == "unknown" and _runs_script_now(label) and \
                    not getattr(here.files, "sees_world", here.files.knows_files) and \
                    not _line_wrote(cmd, word.text) and PID not in word.text:
                # judging text alone (`check --batch`): a script the text does not touch is
                # unseen, as an interpreter's is (INT014); where files are looked at, one that
                # cannot be read (or is somewhere only known at run time) asks, and so does one
                # the line wrote in a way agentsh could not follow, or one named by the shell's
                # process ID (`/tmp/s.$$`: which file that is, nobody knows before it runs)
                return [], [Fact("interp.script_unseen", f"{label}: cannot see {word.text} to "
                                 "check it (judged from the text alone)", word.text)]
            return [], [Fact("unknown.script_unreadable",
                             f"{label}: cannot read {word.text} to check it", word.text)]
        if text == "":
            return [], []
        return [Code(text, f"{label} {word.text}", word.span, args)], []

    def _stream(self, word: Word, label: str, cmd: Command, args: tuple[str, ...]
                ) -> tuple[list[Code], list[Fact]]:
        fd = fd_of_stream(word.text) if word.literal else fd_of_stream(
            re.sub(PROC_FD, r"/dev/fd/\1", word.raw.strip("\"'")))
        if fd == "0":
            shell_stdin = self.names.stdin
            if cmd.stdin is not None or any(r.op == "<&" for r in cmd.redirects) or \
                    (shell_stdin is not None and fd_of_stream(shell_stdin) is None):
                codes, facts = self._stdin_code(cmd, f"{label} {word.text}")
                return [c._replace(args=args) for c in codes], facts
            return [], [Fact("unknown.stdin_script",
                             f"{label} reads its code from standard input ({word.raw}), which "
                             "agentsh cannot read without taking it from the command")]
        if fd is not None and fd.isdigit():
            return self._fd_code(Word(fd, True, word.span, word.raw), label, cmd)
        return [], [Fact("unknown.stdin_script",
                         f"{label} reads its code from {word.raw}, a stream agentsh never opens")]

    def _eval(self, cmd: Command, facts: list[Fact]) -> list[Code]:
        args = cmd.words[1:]
        if not args:
            return []
        text = dataflow.eval_text(args)
        if text is not None:
            return [Code(text, "eval", (args[0].span[0], args[-1].span[1]))]
        raw = " ".join(w.raw for w in args)
        m = re.fullmatch(r"\"?\$\(\s*([\w./-]+)[^`$;&|<>]*\)\"?", raw)
        if m and m.group(1).rsplit("/", 1)[-1] in self.eval_generators:
            return []
        facts.append(Fact("unknown.eval_dynamic", f"eval runs {raw}, only known at run time"))
        return []

    def _path_command(self, cmd: Command) -> tuple[list[Code], list[Fact], bool]:
        """A program run by path: a shell script is read and checked (True: it was read)."""
        if fd_of_stream(cmd.name) is not None:
            c, f = self._stream(cmd.words[0], "run", cmd, _bound(cmd.words[1:], cmd))
            return c, f, True
        reader = self.here.read_file
        if not callable(reader):
            return [], [], False
        text = reader(cmd.name)
        if text is None:
            if (SCRIPT_NAME.search(cmd.name) or "." not in cmd.name.rsplit("/", 1)[-1]) and \
                    _written_unknown(cmd, cmd.name):
                # `curl -o build.sh URL && ./build.sh`, `sed -i '1i CODE' run.sh && ./run.sh`:
                # a script the line wrote with content agentsh cannot know (as `bash build.sh`);
                # a name with no extension too (`curl -o x URL && chmod +x x && ./x`: a script
                # or a program, as unread as `curl URL | sh`; red-team s30)
                return [], [Fact("unknown.script_unreadable", f"run: {cmd.name} was written "
                                 "earlier in the line with content agentsh cannot know (a "
                                 "download, a copy, a program's output)", cmd.name)], False
            return [], [], False
        shebang = kernel_shebang(text)
        if shebang is not None and not _plain_shebang(*shebang):
            # the kernel runs `INTERPRETER [ARGUMENT] ./x ARGS` (the argument is the rest of
            # the line, one word): `#!/usr/bin/env -S rm -rf src`, `#!/bin/sh -c ...`,
            # `#!/usr/bin/make -f`, a shebang naming another script. That command is checked
            import shlex

            interpreter, argument = shebang
            argv = [interpreter] + ([argument] if argument else []) + [cmd.name] + [
                w.text for w in cmd.words[1:]]
            return [Code(shlex.join(argv), f"script {cmd.name}", cmd.words[0].span)], [], True
        interpreter = _shebang_interpreter(text)
        if interpreter is not None:
            # `./x.py` with `#!/usr/bin/env python3`: checked as `python3 ./x.py`, which the code
            # analyzer reads
            import shlex

            argv = [interpreter, cmd.name] + [w.text for w in cmd.words[1:]]
            return [Code(shlex.join(argv), f"script {cmd.name}", cmd.words[0].span)], [], True
        if not _looks_like_shell(cmd.name, text):
            return [], [], False
        return [Code(text, f"script {cmd.name}", cmd.words[0].span,
                     _bound(cmd.words[1:], cmd))], [], True

    # -------------------------------------------------------------- nested code

    def _discarded(self, parent: Command, code: Code, parsed: Parsed) -> tuple[Code, Parsed]:
        """Code where bash throws away array assignments it cannot read and reads on from the
        next line (`parse.cut.discards`): the code with those parts blanked, with a note (fact
        `parse.discard`); else (`code`, `parsed`)."""
        read = read_past_discards(code.text, self.parse)
        if read is None:
            return code, parsed
        found, blanked = read
        lines = ", ".join(str(n) for n in found.lines)
        self.found.append(Found(parent, (Fact(
            "parse.discard", f"{code.label}: bash cannot read an array assignment on line "
            f"{lines}: it drops that command and reads on from the next line"),)))
        return code._replace(text=found.text), blanked

    def _cut(self, parent: Command, code: Code, parsed: Parsed) -> Parsed:
        """Code bash rejects: the part bash runs before the syntax error, with a note (fact
        `parse.cut`), when it is certain where bash stops; else `parsed` (it asks)."""
        from agentsh.engine.parse import cut as cut_stage

        cut = cut_stage.find(code.text, parsed.error)
        if cut is None:
            return parsed
        before = self.parse(code.text[:cut.end])
        if not before.ok or any(changes_reading(c) or c.program in ("source", ".", "eval")
                                for c in before.commands):
            return parsed
        self.found.append(Found(parent, (Fact(
            "parse.cut", f"{code.label}: bash rejects line {cut.line} ({cut.error}): nothing "
            "from there runs"),)))
        return before

    def _patch(self, cmd: Command) -> list[Code]:
        """`apply_patch PATCH` or `apply_patch <<'EOF'`: the files the patch touches, as the
        shell line doing the same (`engine.patches`); a patch only known at run time is
        unknown code. Codex applies such a command itself, whatever runs it."""
        from agentsh.engine import patches

        args = cmd.words[1:]
        if args:
            text = args[0].text if args[0].literal else None
        elif cmd.stdin is not None:
            text = cmd.stdin.text
        else:
            return []  # nothing to apply
        shell = patches.shell_of(text) if text is not None else None
        if shell is None:  # only known at run time, or a patch agentsh cannot read
            return [Code(None, "apply_patch", cmd.span)]
        return [Code(shell, "apply_patch", cmd.span, how="same")] if shell else []

    def code(self, parent: Command, code: Code) -> None:
        via = parent.via + (code.label,)
        if code.text is None and self._hypothetical(parent):
            return
        if code.text is None:
            self.found.append(Found(parent, (Fact(
                "unknown.dynamic_code", f"{code.label} runs code only known at run time"),)))
            return
        if parent.depth + 1 > MAX_DEPTH:
            if self._hypothetical(parent):
                return
            self.found.append(Found(parent, (Fact("unknown.too_deep",
                                                  f"nested more than {MAX_DEPTH} levels deep"),)))
            return
        parsed = self.parse(code.text)
        if not parsed.ok and not code.guess and parsed.parser != "limit" and _read_by_bash(code):
            code, parsed = self._discarded(parent, code, parsed)
        if not parsed.ok and not code.guess and parsed.parser != "limit" and _read_by_bash(code):
            parsed = self._cut(parent, code, parsed)
        elif not parsed.ok and code.label == "eval" and parsed.parser != "limit":
            # eval reads one top-level command at a time too (dataflow.eval_cut)
            # where the pass cut it (the options in force there: later ones do not count); an
            # eval the pass did not run (the line's last command) is read here, with every
            # option the text may turn on
            state = parent.flow if isinstance(parent.flow, dataflow.State) else None
            cuts = state.registry.eval_cuts if state is not None and \
                state.registry is not None else {}
            if cuts.get(code.text) is True or code.text not in cuts and \
                    dataflow.eval_cut(code.text, parsed, state, self.parse) is not parsed:
                parsed = self._cut(parent, code, parsed)
        if not parsed.ok:
            if code.guess or self._hypothetical(parent):
                return  # keys typed into a terminal that are not shell: nothing bash would run
            self.found.append(Found(parent, (Fact(
                "unknown.parse_error", f"{code.label}: cannot parse: {parsed.error}"),)))
            return
        start = dataflow.child_state(parent, code.how, self.ctx)
        if code.args is not None and (code.args or code.how != "same"):
            start = start.copy()  # `bash -c CODE NAME ARGS`, `source FILE ARGS`, `f ARGS`
            start.positional = None if UNKNOWN_ARGS in code.args else tuple(code.args)
            if code.label.endswith(" -c"):  # its first argument is `$0`
                start.zero = start.positional[0] if start.positional else None
                start.positional = start.positional[1:] if start.positional else None
            elif code.label.startswith("script ") or " script " in code.label:
                start.zero = code.label.split("script ", 1)[1]  # the script as named
        in_function = True if code.label.startswith("function ") else \
            (False if code.how == "child" else None)
        before = frozenset(start.registry.options) if start.registry is not None else \
            frozenset()
        commands, end = dataflow.resolve(parsed, self.flow, start, same=code.how == "same",
                                         in_function=in_function, text=code.text)
        self._bare_assignments(parsed.commands, parent)
        self.stray_prompts(code.text, parsed.commands, parent._replace(via=via))
        if code.how == "child":  # what a shell reads as a script or `-c` text (not eval, source)
            self.history_words(code.text, parsed.commands, parent._replace(via=via),
                               _history_flags(parent), end, before)
        stdin = code.stdin

        def place(cmd: Command) -> Command:
            cmd = cmd._replace(span=code.span, via=via, depth=parent.depth + 1)
            if stdin is not None and cmd.stdin is None:
                cmd = cmd._replace(stdin=stdin)
            return cmd

        self._walk(commands, parsed.definitions, place)


# builtins that change how bash reads the text after them (aliases, extglob, posix mode): after
# one of them, where bash stops at a syntax error is not known from the text alone
CHANGES_READING = frozenset(("shopt", "alias", "enable"))


def changes_reading(cmd: Command) -> bool:
    return cmd.program in CHANGES_READING or (
        cmd.program == "set" and any("posix" in w.text for w in cmd.words[1:]))


def read_past_discards(text: str, parse):
    """(`parse.cut.Discards`, the blanked text parsed) where bash throws away array assignments
    it cannot read and reads on from the next line, and no command of what it reads may change
    how it reads (`alias`, `shopt`, `enable`; `set -o posix` only ends a script there, so less
    runs); else None. `parse(text) -> Parsed`."""
    from agentsh.engine.parse import cut as cut_stage

    found = cut_stage.discards(text)
    if found is None:
        return None
    blanked = parse(found.text)
    if not blanked.ok or any(c.words and changes_reading(c) and c.program != "set"
                             for c in blanked.commands):
        return None
    return found, blanked


def _runs_script_now(label: str) -> bool:
    """A shell running a script file named on its command line now (`bash x.sh`, `source
    x.sh`): not code installed to run later (`crontab FILE`), a start-up file (BASH_ENV), a
    file on standard input, or agentsh itself."""
    words = label.split(" ")
    return (words[0] in SHELLS and words[0] != "agentsh" and words[1:2] == ["script"]) or \
        label in ("source", ".")


# a script's name (what a compiler or a build does not write: `go build -o app && ./app` runs)
SCRIPT_NAME = later(r"\.(?:sh|bash|zsh|ksh|py|pl|rb|js|mjs|cjs|ts|php|command|lua)$")


def _written_unknown(cmd: Command, path: str) -> bool:
    """Whether the line before `cmd` wrote exactly `path` with content agentsh cannot know: not
    an in-place edit of what was there, not a file moved there (as `FileView.unknown_writes`)."""
    files = getattr(cmd.flow, "files", None)
    entries = getattr(files, "entries", None)
    if not entries or "$" in path or not (path.startswith("/") or cmd.cwd):
        return False
    found = entries.get(posixpath.normpath(path if path.startswith("/") else f"{cmd.cwd}/{path}"))
    # a write of the file itself (not `chmod +x run.sh` on a file agentsh cannot see: unknown)
    return found is not None and found.kind == "file" and found.content is None \
        and not found.edited and not found.source


def _line_wrote(cmd: Command, path: str) -> bool:
    """Whether the command line before `cmd` may have written `path` (a relative one wherever
    it was written), or ran something whose writes are unknown."""
    return line_wrote(getattr(cmd.flow, "files", None), path)


def _history_flags(cmd: Command) -> frozenset:
    """The history options a child shell `cmd` starts may start with: its own flags (`bash -H
    -o history`, `-i`: an interactive shell has both on); not the options of the shell that
    starts it, which no child inherits (but through SHELLOPTS, read where the text starts)."""
    from agentsh.engine import shellopts

    words = cmd.words
    for n, word in enumerate(words):
        name = word.text.rsplit("/", 1)[-1] if word.literal else ""
        if name in SHELLS:
            found = shellopts.from_shell_flags(words[n:], name)
            for flag in words[n + 1:]:
                if not flag.literal or flag.text == "--" or flag.text[:1] not in "-+":
                    break
                if flag.text[0] == "-" and flag.text[1:2] != "-" and "i" in flag.text[1:]:
                    found |= deferred.HISTORY_OPTIONS
            return frozenset(found)
    return frozenset()


def _read_by_bash(code: Code) -> bool:
    """Code bash reads one top-level command at a time (`bash -c`, `bash script`, `bash <<EOF`,
    a script whose first line names bash), where a syntax error ends what runs (`parse.cut`)."""
    first = code.label.split(" ", 1)[0]
    if first == "bash":
        return True
    return first == "script" and code.text is not None and \
        code.text.startswith("#!") and "bash" in code.text.split("\n", 1)[0]


# `a[$(CMD)]` in a word bash may take as a variable name: arithmetic (`(( x ))`, `let`, `[[ $x
# -eq 1 ]]`), `declare`, `printf -v`, `read`, `test -v` and `${!x}` expand the subscript, and
# run CMD, even when the word was quoted where it was written
SUBSCRIPT = later(r"[A-Za-z_][A-Za-z0-9_]*\[([^\n]*(?:\$\(|`)[^\n]*)\]")


def subscript_code(cmd: Command) -> list[Code]:
    """Command substitutions inside array subscripts of the command's words and assignment
    values, as code that may run (read as a guess: text that is not shell runs nothing)."""
    out = []
    texts = [(w.text, w.span) for w in cmd.words[1:] if "[" in w.text] + \
        [(value, cmd.span) for _, value in cmd.assignments if "[" in value]
    for text, span in texts:
        for m in SUBSCRIPT.finditer(text):
            out.append(Code(m.group(1), SUBSCRIPT_LABEL, span, guess=True))
    return out


# characters that make project-file code more than one plain command (`Unwrapper._inert`)
INERT_SYNTAX = frozenset("\n;&|<>()$`{}\\*?[]~#'\"!=\t")
# programs that load and run the project's own code files (tests, build scripts, task files)
LOADS = " loads "  # the label of code a project runner loads: "pytest loads /p/conftest.py"
def _build_reader(kind: str):
    """A build tool's reader of `[analyzer.exec.project_files]` (`engine.buildfiles`, imported
    only when a tool's entry names one: never on `git status`'s path)."""
    from agentsh.engine import buildfiles

    return buildfiles.READERS.get(kind)


PROJECT_RUNNERS = frozenset(
    "pytest py.test tox nox unittest poe invoke inv hatch pdm go cargo jest vitest mocha ava "
    "tap node deno bun ts-node tsx rspec rake bundle behave nose2 trial ward green django-admin "
    "gradle gradlew mvn sbt dotnet mix elixir phpunit pest".split())
# programs that run project files they are not given (engine.projectfiles): git's hooks, pytest's
# conftest.py, the setup.py pip builds, nox's noxfile.py, direnv's .envrc
PROJECT_FILE_PROGRAMS = frozenset("git pytest py.test pip pip3 uv nox direnv".split())
CODE_FILES = {"py": "python3", "js": "node", "mjs": "node", "cjs": "node", "ts": "node",
              "rb": "ruby", "pl": "perl", "php": "php", "sh": "bash", "bash": "bash"}


NULL_DEVICE = "/dev/null"  # a character device that always reads empty
PROC_FD = r"^/proc/(?:\$\$|\$BASHPID|\$\{BASHPID\}|[0-9]+)/fd/([0-9]+)$"

SHEBANG = later(r"^#!\s*(?:\S*/)?(?:env\s+(?:-S\s+)?(?:[A-Za-z_]\w*=\S*\s+)*)?"
                r"(python[0-9.]*|pypy[0-9.]*|node|nodejs|deno|bun|tsx|ts-node|ruby|perl|php|"
                r"lua[0-9.]*|luajit)\b")


def kernel_shebang(text: str) -> tuple[str, str] | None:
    """What the kernel reads from a `#!` line: the interpreter (a path; a bare name is
    relative to the directory the program runs in) and its one optional argument (the rest
    of the line, blanks inside kept), or None when the file has no `#!` line."""
    if not text.startswith("#!"):
        return None
    line = text[2:].split("\n", 1)[0].strip(" \t")
    interpreter, _, argument = line.replace("\t", " ").partition(" ")
    if not interpreter:
        return None
    if "/" not in interpreter:
        interpreter = "./" + interpreter
    return interpreter, argument.strip(" \t")


def _plain_shebang(interpreter: str, argument: str) -> bool:
    """A `#!` line that only names a shell or a known language (`#!/bin/bash`, `#!/usr/bin/env
    python3`), read as before; anything else is checked as the command the kernel runs."""
    name = interpreter.rsplit("/", 1)[-1]
    if not argument:
        return name in SHELLS or bool(_shebang_interpreter("#!" + interpreter))
    if name == "env" and " " not in argument and not argument.startswith("-") and \
            "=" not in argument:
        return argument in SHELLS or bool(_shebang_interpreter("#!/usr/bin/env " + argument))
    return False


def _shebang_interpreter(text: str) -> str | None:
    m = SHEBANG.match(text.split("\n", 1)[0])
    return m.group(1) if m else None


def _looks_like_shell(path: str, text: str) -> bool:
    first = text.split("\n", 1)[0]
    if first.startswith("#!"):
        return any(s in first for s in ("sh", "bash", "zsh", "ksh"))
    return path.endswith((".sh", ".bash")) or "\x00" not in text[:512]


def _crontab_emptied(cmd: Command, codes: list[Code], facts: list[Fact]) -> list[Fact]:
    """`echo -n | crontab -`, `crontab - < /dev/null`: a crontab installed from text known to
    hold no entry replaces the user's crontab with nothing, as `crontab -r` does (SYS013)."""
    if facts or any(code.text is None or code.text.strip() for code in codes):
        return []
    if not codes:  # nothing read: only stdin from /dev/null says "no entry"
        stdin = cmd.stdin
        if stdin is None or stdin.kind != "file" or stdin.path != "/dev/null":
            return []
    return [Fact("system.crontab_emptied", f"{cmd.program} installs a crontab with no entry: "
                 "every cron job of the user is removed")]
