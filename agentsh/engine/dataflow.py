"""The dataflow pass: what a command line does to the shell and to files, in the order bash
runs it, so that each command is checked as it will really run.

It walks `Parsed.tree` (node kinds below) from the state the context describes and gives every
command: its words with every value known before run time put in (`x=ls; $x` runs `ls`,
`"${a[@]}"`, `$HOME`, `"$@"`), `cwd` (the directory it runs in after any `cd`/`pushd`/`popd`,
"" when unknown), `scope` (the subshells it runs in) and `flow` (the `flowstate.State` it runs
in: variables, and the files the same line wrote before it). Bare assignments are consumed.

Soundness first: a value or directory that depends on something only known at run time (a
branch, a loop, a background job, a command that may fail before a `;`, a function body, an
unknown program's writes) is unknown, never one of the candidates. Unknown values stay in the
words as written, so the unknown rules still see them.

Tree nodes (built by the parser; `None` means the parser could not tell, and the pass assumes
nothing about order or conditions):
  ("cmd", i)  ("seq", (t, ...))  ("and", a, b)  ("or", a, b)  ("not", t)  ("sub", t)
  ("bg", t)  ("pipe", (t, ...))  ("if", cond, then, else)  ("case", head, (arm, ...))
  ("loop", head, body, var, words|None[, "for"|"select"])  ("func", name, body)
  ("arith", names[, names surely assigned a number])

See docs/engine-dataflow.md for the API the other stages use.
"""

from __future__ import annotations

import itertools
import posixpath
import re

from agentsh.engine import deferred, shellopts, work
from agentsh.engine.assigns import Registry, Summarizer, assigned_in_word, assigns_indirectly
from agentsh.engine.flowstate import (
    ANYWHERE,
    DESCRIPTORS,
    EXISTS,
    MADE_CREATORS,
    MISSING,
    NUMBER,
    SELF_PID,
    UNSURE,
    Choice,
    Entry,
    Files,
    Mentions,
    Resolver,
    State,
    World,
    _ansi_c,
    bash_sets,
    holds_number,
    join,
    mention_count,
    mentioned,
    normpath,
    numeric,
    pid_token,
)
from agentsh.engine.lazyre import later
from agentsh.engine.model import NULL_FILES, Command, Context, Parsed, Word
from agentsh.engine.options import NO_EFFECTS, program_name
from agentsh.engine.words import (DEFAULT_IFS, UNSET, Patterns, expand, globby, heredoc_text,
                                  split_array)

MAX_DEPTH = 4  # `source`/`eval`/`bash -c` followed inline, this many levels
MAX_LOOP = 6  # passes over a loop body before everything it touches is unknown
MAX_UNROLLED = 32  # passes of nested `for` loops over known lists followed one by one
# a function body followed once per call, with the values at that call (`_Flow.walk_call`):
# at most this many calls in all and this many calls deep, then read as before (once, with
# nothing the text changes known)
MAX_CALLS = 400
MAX_CALL_DEPTH = 8
# Nodes one walk may visit: nested loops multiply their passes (14 nested `for` loops took
# 112 s). Past the budget the text is walked again insensitive to order, each command once.
# Real agent commands visit at most a few hundred (258 in ../shared/agent-commands/dev.jsonl).
WORK_BASE = 2000
WORK_PER_COMMAND = 20
SHELLS = frozenset("sh bash zsh dash ksh mksh ash yash posh busybox-sh".split())
DECLARATIONS = frozenset("export declare typeset local readonly".split())
# regex patterns are compiled on first use (and cached by `re`): not at import
# a subscript may hold quoted `]` (`A[']']=1`)
_ASSIGN = "(?s)" r"""([A-Za-z_][A-Za-z0-9_]*)(\[(?:[^\]'"]|'[^']*'|"[^"]*")*\])?(\+?=)(.*)"""
_BRACE_ASSIGN = r"\$\{([A-Za-z_][A-Za-z0-9_]*):?="
_ARITH = "(?s)" r"\$\(\((.*?)\)\)"
_ONE_ARITH = "(?s)" r'"?\$\(\((.*)\)\)"?'
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# a field bash expands as a glob that reads the same written unquoted (no quote, `$`, `~`,
# `=`, `#`, brace or parenthesis that would mean something else there)
_PATTERN_FIELD = r"[A-Za-z0-9_./*?\[\]+@,:%-][A-Za-z0-9_./*?\[\]!^+@,:%-]*"
_ARITH_ASSIGN = r"(?<![=!<>])=(?!=)|\+\+|--"
_MKTEMP = r"\$\(\s*(?:/usr/bin/|/bin/)?mktemp((?:\s+[-\w.=]+)*)\s*\)"
# the word a compound command's own redirects are reported under (parse/grammar_walk.py)
COMPOUND_WORDS = frozenset(("{", "(", "if", "while", "until", "for", "select", "case", "((", "[[",
                            "coproc"))
# state builtins that assign no variable named in their arguments (only PWD/OLDPWD, the stack)
MOVES_ONLY = frozenset(("cd", "pushd", "popd", "shift", "break", "continue"))
STATE_BUILTINS = frozenset("cd pushd popd source . eval exec trap alias unalias set shift read "
                           "mapfile readarray getopts printf let unset export declare typeset "
                           "local readonly enable break continue".split())


class Config:
    """What the pass needs from the policy and the engine: the effects table, how programs
    read their options, which sourced files are trusted snapshots, and the parser."""

    __slots__ = ("table", "spec_for", "trusted", "parse", "wrapper", "scratch")

    def __init__(self, table: dict, spec_for=None, trusted=None, parse=None,
                 wrapper=None, scratch=None) -> None:
        self.table = table
        self.spec_for = spec_for
        self.trusted = trusted or (lambda path: False)
        self.parse = parse
        self.wrapper = wrapper or (lambda name: None)  # `[wrapper.NAME]` of rules.toml
        # `scratch(effect, res)`: a move's source is regenerable output by the policy's names
        self.scratch = scratch or (lambda effect, res: False)

    def prefix(self, prog: str):
        """The wrapper spec of a program that runs the command after its options (`sudo`,
        `nice`, `timeout 5`), or None."""
        spec = self.wrapper(prog)
        return spec if spec is not None and spec.runs == "argv" else None


def initial(ctx: Context) -> State:
    """The state before the first command: the context's directory, environment and files."""
    # what earlier commands of the session moved somewhere holds it still (`Context.moved`)
    files = Files(World(ctx.files, ctx.read_file, ctx.pid),
                  moved=tuple(sorted(set(ctx.moved))))
    state = State(ctx.cwd or "", dict(ctx.env), files, ctx.positional)
    state.registry = Registry()
    state.vars["$"] = SELF_PID  # the wrapper's own process ID, when it execs bash
    if ctx.complete_env:
        # bash starts with exactly this environment: a variable in none of it is unset; an
        # exported function's body (`BASH_FUNC_f%%`) may assign whatever it names
        state.absent = True
        state.vars["IFS"] = DEFAULT_IFS  # bash sets it when it starts, ignoring the environment
        for key, value in state.env.items():
            if key.startswith("BASH_FUNC_"):
                state = with_mentions(state, value)
    return state


def with_mentions(state: State, text: str) -> State:
    """`state` before code `text` runs in the same shell: the names it may assign are no
    longer unset for want of an environment (`State.absent`)."""
    if not state.absent:
        return state
    found = mentioned(text)
    new = state.copy()
    if found is None:
        new.absent = False
    elif not found <= state.mentions:
        new.mentions = state.mentions | found
    else:
        return state
    return new


def remote_state() -> State:
    """A command that runs on another machine or file system (ssh, a container, chroot): no
    directory, variable or file of this one is known there."""
    state = State("", {}, Files(World(NULL_FILES, None)), ())
    state.registry = Registry()
    return state


def resolve(parsed: Parsed, config: Config, start: State, depth: int = 0, same: bool = False,
            in_function: bool | None = None, text: str | None = None, settle: bool = False
            ) -> tuple[list[Command], State]:
    """The commands of `parsed`, resolved, in the parser's order (bare assignments dropped),
    and the state after the last one. `same`: the code runs in a shell that goes on after it
    (`eval`, `source`, a function body), which may call its functions after anything.
    `in_function`: whether the text is a function's body (`local` works only there); None when
    not known (code nested in other code). `text`: the code's text (None: not known, and then
    no variable is unset for want of an environment: `State.absent`). `settle`: the state
    after a line of one command is needed too (what it moved: `Files.moved`)."""
    fresh = start.absent  # a shell started for this text alone, which ends with it
    if start.absent:
        start = with_mentions(start, text) if text is not None else start.copy()
        if text is None:
            start.absent = False
    flow = _Flow(parsed.commands, config, depth, parsed.tree, same)
    flow.definitions = parsed.definitions
    flow.in_function = in_function
    flow.text, flow.start, flow.fresh = text, start, fresh
    tree = parsed.tree
    if tree is not None and tree[0] == "cmd" and len(parsed.commands) == 1 and \
            parsed.commands[0].words and depth == 0:
        # one command: nothing runs after it, so only its own words need resolving
        ok, bad = flow.command(0, start, settle=settle)
        end = (join(ok, bad) or start) if settle else start
        return [flow.out[0]] + flow.extra.get(0, []), end  # each reading of a `Choice`
    try:
        if parsed.tree is None:
            end = flow.insensitive(start, range(len(parsed.commands)))
        else:
            ok, bad = flow.run(parsed.tree, start)
            end = join(ok, bad) or start
            flow.racing_jobs(end)
            flow.finish(start)  # function bodies (checked per call, or once as before)
            missed = [i for i in range(len(parsed.commands))
                      if i not in flow.out and i not in flow.never]
            if missed:
                flow.insensitive(start, missed)
        if parsed.tree is None:
            flow.finish(start)
    except _OverBudget:
        flow = _Flow(parsed.commands, config, depth, parsed.tree, same)
        flow.in_function = in_function
        flow.text, flow.start = text, start
        try:
            end = flow.insensitive(start, range(len(parsed.commands)))
            flow.finish(start)
        except _OverBudget:  # even so (code it runs inline is too much): nothing is known
            return [c._replace(cwd="") for c in parsed.commands if c.words], start.forget()
    out = []
    for i in sorted(flow.out):
        out.append(flow.out[i])
        out += flow.extra.get(i, ())
    return out, end


def _tally(items) -> dict:
    """How many times each item comes (`collections.Counter`, which the `-c` path keeps out)."""
    out: dict = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


_NONE = object()


class _Readings(dict):
    """The walk's reading of each command (index -> Command), with a log of each change, so
    that a pass over a loop body finds the readings it made without copying and comparing
    every reading of the text (issue 16: 64 KiB of `for` loops, quadratic)."""

    __slots__ = ("log",)

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[int, object]] = []  # (index, its reading before the change)

    def __setitem__(self, key: int, value: Command) -> None:
        self.log.append((key, self.get(key, _NONE)))
        dict.__setitem__(self, key, value)

    def pop(self, key: int, *default):
        if key in self:
            self.log.append((key, dict.__getitem__(self, key)))
        return dict.pop(self, key, *default)

    def changed_since(self, mark: int) -> dict:
        """index -> its reading before the first change logged after `mark` (`_NONE`: none)."""
        before: dict = {}
        for key, old in self.log[mark:]:
            before.setdefault(key, old)
        return before


class _OverBudget(Exception):
    """The walk visited more nodes than its budget allows."""


class _Calls:
    """Function bodies followed once per call (`_Flow.walk_call`), for one line and the code it
    runs in this shell (`eval`, `source`, an alias): the readings of each body's commands,
    the calls followed, and what makes a body's calls not all known (then it is read once,
    where nothing the text changes is known, as before)."""

    __slots__ = ("readings", "walked", "unwalked", "lost", "stack", "off", "scopes")

    def __init__(self) -> None:
        self.readings: dict[int, list[Command]] = {}  # body command index -> its readings
        self.walked: dict[str, int] = {}  # function -> calls followed
        self.unwalked: set[str] = set()  # functions called somewhere not followed
        self.lost = False  # a function may be called where the pass cannot see the call
        self.stack: list[str] = []  # the calls being followed
        self.off = False  # no call is followed (the walk insensitive to order)
        # per call followed: the names its body made local ("\0any": not known; "\0loop":
        # it ran `break`/`continue`, which leave the caller's loop)
        self.scopes: list[set[str]] = []


def context_for(ctx: Context, cmd: Command) -> Context:
    """The context an analyzer of `cmd` should see: `cwd` where it runs ("" when unknown),
    `read_file` and `files` that see the files the same line wrote before it."""
    state = cmd.flow
    if not isinstance(state, State):
        return ctx
    view = FileView(Resolver(cmd.cwd or "", state))
    return ctx._replace(cwd=cmd.cwd or "", read_file=view.read_text, files=view)


class FileView:
    """`model.NullFiles`'s interface over a command's resolver (what the line wrote first)."""

    __slots__ = ("res",)
    knows_files = True

    def __init__(self, res: Resolver) -> None:
        self.res = res

    def read_text(self, path: str) -> str | None:
        """A path as the command wrote it (relative to where it runs) -> its text."""
        full = self.res.path(path, path) if "$" not in path else ""
        if not full and path and "$" not in path and not path.startswith(("/", "~")):
            return self._read_in_candidates(path)
        return self.res.read(full) if full else None

    def _read_in_candidates(self, path: str) -> str | None:
        """A relative path where the directory is one of a few (`cd app && cat > s.sh <<EOF
        ... EOF` then `sh s.sh`: in app if the cd worked, else where the line started). Judged
        from the text alone, a file the line did not touch is not seen (as a script not in the
        text), so where one candidate holds text the line wrote and every other holds the file
        as it was, that text is what can be checked, and is read (as `Files.join` does for a
        file one branch wrote: `_written_or_untouched`). Where files are seen: None, as before."""
        state = self.res.state
        files = state.files
        candidates = state.cwds
        if not candidates or files.world.knows or (files.unsure and not files.blind) or \
                files.trees:
            return None
        texts = []
        for cwd in candidates:
            if not cwd:
                return None
            found = files.entry(normpath(cwd + "/" + path), through_blind=True)
            if found is None:
                continue  # as it was before the line: unseen
            if found.kind != "file" or found.content is None or found.edited:
                return None
            texts.append(found.content)
        return texts[0] if len(texts) == 1 else None

    def read(self, path: str) -> str | None:
        return self.res.read(path) if path.startswith("/") else self.read_text(path)

    def kind(self, path: str) -> str:
        return self.res.kind(path)

    def realpath(self, path: str) -> str | None:
        return self.res.realpath(path)

    def written(self, path: str) -> bool:
        found = self.res.state.files.entry(path, through_blind=True) if path else None
        return found is not None and found.kind in ("file", "unknown")

    def unknown_writes(self) -> list[str]:
        """The absolute paths the line itself wrote with content agentsh cannot know (a download,
        a copy, output of a program): not an in-place edit of what was there (`sed -i`), nor a
        file moved here (what it holds was there before the line), nor where only programs whose
        unknown writes come from code agentsh never sees ran since (`files.blind`)."""
        files = self.res.state.files
        return sorted(set(files.sinks) | {
            p for p, e in files.entries.items() if e.kind in ("file", "unknown") and
            e.content is None and not e.edited and not e.source})

    def written_files(self) -> list[str]:
        """The absolute paths of every file the line wrote or moved somewhere (what a glob of
        the world before the line does not list)."""
        return sorted(p for p, e in self.res.state.files.entries.items()
                      if e.kind in ("file", "unknown"))

    def moved_in(self, path: str) -> bool:
        """Whether what `path` holds was moved there by the line from a place it had before
        the line (`mv tests/test_a.py tests/test_b.py`)."""
        found = self.res.state.files.entries.get(path)
        return found is not None and bool(found.source)

    def written_code(self) -> list[tuple[str, str]]:
        """(path, text) of every file the line wrote with content agentsh knows."""
        return [(p, e.content) for p, e in self.res.state.files.entries.items()
                if e.kind == "file" and e.content]

    def edited(self, path: str) -> bool:
        found = self.res.state.files.entry(path) if path else None
        return found is not None and found.edited

    def glob(self, pattern: str, cwd: str) -> list[str] | None:
        """The world's files matching an absolute pattern (what the line wrote is not listed),
        or None when the world is not looked at."""
        world = self.res.state.files.world
        glob = getattr(world.view, "glob", None)
        return glob(pattern, cwd) if world.knows and glob is not None else None

    @property
    def sees_world(self) -> bool:
        """Whether the files from before the line are looked at (False when judging text alone:
        `check --batch`, rule examples)."""
        return self.res.state.files.world.knows


def child_state(cmd: Command, how: str, ctx: Context | None = None) -> State:
    """The state nested code starts in: the `same` shell (eval, source), a `child` shell
    (bash -c, a script: exported variables, the directory and the files), `elsewhere` (a
    child whose directory is unknown: an interpreter's shell-out), or `remote` (ssh, su)."""
    state = cmd.flow
    if how == "remote":
        return remote_state()
    if not isinstance(state, State):
        state = initial(ctx) if ctx is not None else remote_state()
        state.cwd = cmd.cwd if cmd.cwd is not None else state.cwd
    if how == "same":
        return state
    if how == "child" and cmd.words and state.registry is not None:
        _child_options(cmd, state.registry)
    new = state.copy()
    if state.registry is not None:
        new.registry = state.registry.child()
    new.refs = {}  # a nameref is no child's: it gets the values (`exported`), not the names
    new.vars = {k: v for k, v in state.vars.items() if k in state.exported or k in state.env}
    # a function may be exported (`export -f`, `set -a`): the child may call it
    new.functions = state.functions
    new.sure_functions = frozenset()  # (the child's own text may define its own)
    new.aliases, new.alias_defs = frozenset(), frozenset()
    new.volatile = frozenset()  # traps are reset in a child
    new.integers = new.ints = frozenset()
    new.positional = ()
    new.vars["$"] = pid_token(new)  # another shell, another process ID
    # a variable in no environment is unset in a child the shell starts itself, with no
    # prefix assignment, wrapper or option that adds to its environment, when nothing in the
    # text names it (`State.mentions`: `set -a; X=v`, `export X`, `env X=v` all name it)
    new.absent = how == "child" and state.absent and _plain_child(cmd, state)
    if how in ("child", "elsewhere"):
        # a new bash sets IFS when it starts, whatever its environment holds (`export IFS=:`
        # reaches it, and is ignored); a startup file it may read could set it again
        startup = any(n in state.mentions or n in state.vars or n in state.env
                      for n in ("BASH_ENV", "ENV"))
        new.vars["IFS"] = None if startup else DEFAULT_IFS
    new.cwd = (cmd.cwd or "") if how == "child" else ""
    if how != "child":  # for rules on what may happen: where it started (never an exemption)
        new.cwds = (cmd.cwd,) if cmd.cwd else state.cwds
    new.dirs = ()
    return new


_CHILD_FLAGS = frozenset("ceuxv")
_CHILD_ENV = ("BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS")


def _plain_child(cmd: Command, state: State) -> bool:
    """Whether a child shell started by `cmd` gets exactly the parent's exported variables:
    no prefix assignment (`X=v bash`), no wrapper (`env X=v bash`, `sudo`), only options that
    add nothing (`-c -e -u -x -v`), and no startup file or option variable the text may set."""
    if cmd.assignments or any(label.split(" ", 1)[0] not in SHELLS for label in cmd.via) or \
            not cmd.words or not cmd.words[0].literal or \
            any(n in state.mentions or n in state.vars for n in _CHILD_ENV):
        return False
    first = cmd.words[0].text
    if "/" not in first and program_name(first) not in SHELLS:
        return False
    for word in cmd.words[1:]:
        if not word.literal:
            return False
        if word.text == "--" or not word.text.startswith(("-", "+")):
            return True
        if not set(word.text[1:]) <= _CHILD_FLAGS:
            return False
        if "c" in word.text[1:]:
            return True
    return True


# variables bash changes by itself as it runs (`_`, `SHLVL` in the child, `PWD`/`OLDPWD` with
# the directory, which `same_gate` compares on its own); the gate reads none of them
_BASH_KEEPS = frozenset(("_", "SHLVL", "PWD", "OLDPWD", "IFS", "$"))


def same_gate(cmd: Command, ctx: Context, may_export: frozenset | None,
              script: str | None = None) -> bool:
    """Whether `cmd` starts the agentsh binary that is checking this text (`Context.gate`)
    again, as a shell, with exactly the environment and directory this check was made with:
    then the child is this gate, with the same settings, and checks its own code (a script it
    reads when it starts, `-c` text, standard input) before bash runs any of it. Never where a
    setting may differ: a prefix assignment (`AGENTSH_RULES=... $THIS_SH x`), a wrapper (`env
    X=v`, `sudo`), a variable of the environment assigned, unset or changed in a way not known,
    a name the text may export anywhere (`may_export`, None: any, as after `set -a`) that is
    not in it with that value, another directory (project rules are found from it), a binary that is
    not the same file (a copy, a link the line made or changed, a path only known at run
    time), or a shell whose environment agentsh does not know (hooks, `check`). `script`: the
    script the child runs, which must be a file the line did not write (a download, a copy:
    what the outer check knows of where it came from, the child would not)."""
    state = cmd.flow
    if not ctx.gate or not ctx.complete_env or may_export is None or not isinstance(state, State) \
            or state.opaque or not state.absent or cmd.assignments or cmd.via \
            or not cmd.words or not all(w.literal for w in cmd.words):
        # (an argument made at run time, `$THIS_SH x.sub "$(curl ...)"`, would reach the
        # child as a known value: where it came from is the outer check's to judge)
        return False
    first = cmd.words[0].text
    if "/" not in first or not cmd.cwd or cmd.cwd != ctx.cwd or state.cwd != ctx.cwd:
        return False
    resolver = Resolver(cmd.cwd, state)
    path = resolver.path(first, first)
    # the line made or changed nothing at that path or at the binary (a link, a copy), and ran
    # no program that may have (only blind ones, as for reading a script): the file bash will
    # start is the one this check looked at
    files = state.files
    operand = resolver.path(script, script) if script is not None else ""
    if not path or files.entry(path, through_blind=True) is not None or \
            files.entry(ctx.gate, through_blind=True) is not None or \
            (script is not None and (not operand or
                                     files.entry(operand, through_blind=True) is not None)) or \
            resolver.realpath(path, settled=True) != ctx.gate:
        return False
    env = state.env
    for name, value in state.vars.items():
        if name in _BASH_KEEPS or _inert_export(name, state):
            continue
        if name in env:
            if value != env[name]:
                return False  # changed, unset, or only known at run time
        elif name in state.exported or name in may_export:
            return False  # a name the environment did not hold, exported
    return all(n in env and state.vars.get(n, env[n]) == env[n] or _inert_export(n, state)
               for n in state.exported | may_export)


def _inert_export(name: str, state: State) -> bool:
    """Whether the child may get `name` as the text leaves it and still be the same gate:
    - an exported function (`export -f f`: `BASH_FUNC_f%%`): the child reads it from its
      environment and follows its body at each call of its own text (`assigns`, as any
      function the agent's environment holds), and its snapshot wrapping refuses one named
      like a command it relies on (`gate.snapline`). The body is text this check read:
      where it may come from code only known at run time the state is opaque (no same gate);
    - a variable whose name holds a lower-case letter, with a value this text wrote (a known
      string), or none the child gets (unset, an array: bash exports no array). agentsh, its
      launcher and bash's start-up read upper-case names only (`AGENTSH_*`, `HOME`, `XDG_*`,
      the agent markers, `BASH_ENV`, `SHELLOPTS`, `PS4`, `LC_*`, `PYTHON*`, `LD_*`:
      tests/frontends/test_same_gate_exports.py keeps it so), so such a name changes how the child
      reads and decides nothing; it is a value its check knows from its environment, and it
      is known here too. A value only known at run time stays the outer check's to judge
      (where it came from, a download, is known here and not in the child)."""
    if name.startswith("BASH_FUNC_"):
        return True
    if not any(c.islower() for c in name) or name in state.refs:
        return False
    value = state.value(name)
    return isinstance(value, (str, tuple)) or value is UNSET


def _child_options(cmd: Command, registry: Registry) -> None:
    """The options a child shell started by `cmd` may have: its own flags (`bash -o physical`,
    `-O cdable_vars`, `sh`), and SHELLOPTS/BASHOPTS/POSIXLY_CORRECT set on the command line
    that starts it (`env SHELLOPTS=physical bash -c ...`). Kept as "may be on" from here."""
    words = cmd.words
    for n, word in enumerate(words):
        if word.literal and program_name(word.text) in SHELLS:
            registry.options |= shellopts.from_shell_flags(words[n:], program_name(word.text))
            break
    texts = [w.text for w in words if w.literal] + [f"{k}={v}" for k, v in cmd.assignments]
    for text in texts:
        name, eq, value = text.partition("=")
        if eq and name in ("SHELLOPTS", "BASHOPTS"):
            registry.options |= {o for o in value.split(":") if o}
        elif eq and name == "POSIXLY_CORRECT":
            registry.options.add("posix")
    if any(not w.literal and "OPTS" in w.raw for w in words):
        registry.options.add("*")


def bound_args(words, state, numbers: bool = False) -> tuple | None:
    """The values a word list binds to `$1 $2 ...` (`set --`, `for x in`, a script's, a
    function's or `bash -c`'s arguments): each word as bash expands it, `~/x` included (it
    reaches the callee as the home path, never as the text `~/x`); None when one of them is
    only known at run time (then how many there are is not known either).

    `numbers` (a function's arguments): a word that is one variable holding a number only
    known at run time (`f EChar "$2" ${x}` in a `for (( ))` loop, intl's unicode1.sub) binds
    `NUMBER`, read as unknown: quoted anywhere (one argument, maybe empty), unquoted only as
    the last word (it may be absent: nothing after it can move) and where IFS splits no
    number."""
    out: list = []
    for n, word in enumerate(words):
        if not word.literal and numbers and isinstance(state, State):
            m = re.fullmatch(r'(")?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?(")?', word.raw)
            quoted = m is not None and m.group(1) == m.group(3) == '"'
            if m and (m.group(1) or "") == (m.group(3) or "") and \
                    re.fullmatch(r"\$(\{\w+\}|\w+)", word.raw.strip('"')) and \
                    state.value(m.group(2)) is NUMBER and (quoted or n == len(words) - 1 and (
                        state.ifs() is not None and not set(state.ifs()) & set("0123456789-"))):
                out.append(NUMBER)
                continue
        if not word.literal:
            return None
        if word.raw.startswith("~") or globby(word.raw):  # `set -- r?`: the files it matches
            lookup = state.lookup if isinstance(state, State) else (lambda name: None)
            fields = expand(word.raw, lookup)
            if fields is None:
                return None
            out += fields
        else:
            out.append(word.text)
    return tuple(out)


# programs whose command runs on another machine, in a container or another root, or as another
# user: nothing of this shell's directory, variables or files is known there
ELSEWHERE_PROGRAMS = frozenset(("docker", "podman", "nerdctl", "kubectl", "oc", "docker-compose",
                                "chroot", "ssh", "lxc", "incus", "multipass", "vagrant", "su",
                                "runuser", "machinectl", "systemd-nspawn", "toolbox",
                                "distrobox"))


def inner(parent: Command, cmd: Command) -> Command:
    """A command a wrapper runs (`sudo -D DIR cmd`, `env -C DIR cmd`, `docker exec ... cmd`):
    where it runs, as far as the pass can tell."""
    prog = parent.program
    texts = [w.text for w in parent.words]
    if prog in ELSEWHERE_PROGRAMS:
        return cmd._replace(cwd="", flow=remote_state())
    if cmd.via and cmd.via[-1] in ("find -execdir", "find -okdir"):
        return cmd._replace(cwd="")  # runs in each found file's directory
    chdir = None
    for flag in ("-D", "--chdir", "-C"):
        if flag in texts and (prog in ("sudo", "env") and texts.index(flag) + 1 < len(texts)):
            chdir = parent.words[texts.index(flag) + 1]
    for word in parent.words:
        if word.text.startswith("--chdir=") and prog in ("sudo", "env"):
            chdir = Word(word.text.split("=", 1)[1], word.literal, word.span, word.raw)
    if chdir is not None and isinstance(parent.flow, State):
        res = Resolver(parent.cwd or "", parent.flow)
        target = res.path(chdir.text, chdir.raw) if chdir.literal else ""
        return cmd._replace(cwd=target)
    return cmd


# ------------------------------------------------------------------ the walk


class _Flow:
    def __init__(self, commands: tuple[Command, ...], config: Config, depth: int,
                 tree=None, same: bool = False) -> None:
        self.commands = commands
        self.tree = tree
        self.same = same
        self.text: str | None = None  # the code's text, when known (`few_values`)
        self.definitions: tuple = ()  # the functions and variables the text defines
        self.start: State | None = None  # the state the code starts in
        self._anywhere: State | None = None  # `anywhere`'s, made once
        self.config = config
        self.depth = depth
        self.out: _Readings = _Readings()
        self.extra: dict[int, list[Command]] = {}  # more readings of a command (`Choice`)
        self.expanding: frozenset = frozenset()  # aliases being followed
        self.functions: list[tuple] = []  # (name, body) analysed at the end
        self.scopes = itertools.count(1)
        self.exits: list[State] = []  # states where `exit` ended the current (sub)shell
        self.sourced = False  # the code is a sourced file's: `return` ends only it
        self.returns: list[State] = []  # states where such a `return` ran
        self.made = 0  # mktemp stand-ins
        # walking a function's body (`local` works only there); None: not known
        self.in_function: bool | None = False
        self.budget = [WORK_BASE + WORK_PER_COMMAND * len(commands)]  # shared with inline code
        self.loops = 0  # loops the walk is in
        self.unrolled = 1  # passes of the `for` loops the walk is unrolling, multiplied
        # per loop the walk is in (innermost last): the states where `break`/`continue` left
        # an iteration, shared with code run in this shell (`eval`, `source`)
        self.loop_exits: list[list[State]] = []
        self.current: Command | None = None  # the declaration being followed
        # function bodies followed per call (`walk_call`), shared with code run inline
        self.calls = _Calls()
        self.never: set[int] = set()  # commands of a function body that never runs
        # background jobs: (node, state it starts in, files after it), the last pass of each
        self.jobs: dict[tuple, tuple] = {}
        # a job a plain `wait` of the same sequence waits for: the files when it was done
        self.waited: dict[tuple, Files] = {}
        # the shell was started for this text and ends with it (`agentsh -c`, a script): no
        # later line of the session can call a function it defines
        self.fresh = False
        self._bodies: dict | None = None  # `bodies`, read once

    # ---------------------------------------------------------- nodes

    def run(self, node: tuple, s: State) -> tuple[State | None, State | None]:
        """(state if the node succeeds, state if it fails); None: that outcome cannot happen."""
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise _OverBudget
        work.charge()
        kind = node[0]
        if kind == "cmd":
            return self.command(node[1], s)
        if kind == "seq":
            ok, bad = s, None
            started: list = []  # background jobs started by this sequence, and when
            for item in node[1]:
                here = join(ok, bad)
                if here is None:  # after `exit`: never runs; checked as if it did
                    here = s
                    started = []
                if item[0] == "cmd" and started and self.waits_all(item[1], here):
                    for key, mark in started:  # done before anything after `wait` runs
                        if mark == self.leaves():
                            self.waited[key] = here.files
                    started = []
                key = self.job_key(item) if item[0] == "bg" else None
                ok, bad = self.run(item, here)
                if key is not None:
                    started.append((key, self.leaves()))
            return ok, bad
        if kind in ("and", "or"):
            # a chain `a && b || c && ...` nests to the left: walked in a loop, not one call
            # per link (a generated chain of 1,500 links went past Python's recursion)
            links = []
            while node[0] in ("and", "or"):
                links.append(node)
                node = node[1]
            ok, bad = self.run(node, s)
            for n, link in enumerate(reversed(links)):
                if n:  # each link a node visited, as when it was walked by a call
                    self.budget[0] -= 1
                    if self.budget[0] < 0:
                        raise _OverBudget
                    work.charge()
                second = ok if link[0] == "and" else bad
                ok2, bad2 = self.run(link[2], second if second is not None else s)
                if second is None:
                    continue
                ok, bad = (ok2, join(bad, bad2)) if link[0] == "and" else (join(ok, ok2), bad2)
            return ok, bad
        if kind == "not":
            ok, bad = self.run(node[1], s)
            return bad, ok
        if kind == "sub":
            after = self.subshell(node[1], s)
            out = s.copy()
            out.files = after.files
            return out, out
        if kind == "bg":
            key = self.job_key(node)
            self.waited.pop(key, None)
            after = self.subshell(node[1], s)
            out = s.copy()
            out.files = s.files.uncertain(_touched(s.files, after.files), after.files.moved)
            self.jobs[key] = (node, s, out.files)  # read again at the end (`racing_jobs`)
            return out, None
        if kind == "pipe":
            return self.pipe(node[1], s)
        if kind == "if":
            # each `elif` is an `if` in the `else` of the one before: walked in a loop, in the
            # same order as by one call per level (1,500 `elif`s went past Python's recursion)
            levels = []
            while True:
                ok, bad = self.run(node[1], s)
                ok2, bad2 = self.run(node[2], ok if ok is not None else s)
                levels.append((ok, bad, ok2, bad2))
                s = bad if bad is not None else s
                node = node[3]
                if node[0] != "if":
                    break
                self.budget[0] -= 1  # the nested `if`, a node visited as when it was a call
                if self.budget[0] < 0:
                    raise _OverBudget
                work.charge()
            ok3, bad3 = self.run(node, s)
            for ok, bad, ok2, bad2 in reversed(levels):
                if ok is None:
                    continue
                ok3, bad3 = (ok2, bad2) if bad is None else (join(ok2, ok3), join(bad2, bad3))
            return ok3, bad3
        if kind == "case":
            ok, bad = self.run(node[1], s)
            head = join(ok, bad) or s
            result = None if node[3:] == ("every",) and node[2] else head
            for arm in node[2]:
                a_ok, a_bad = self.run(arm, head)
                result = join(result, join(a_ok, a_bad))
            return result, result
        if kind == "loop":
            return self.loop(node, s)
        if kind == "func":
            out = s.copy()
            out.functions = s.functions | {node[1]}
            if self.text is not None and not self.depth and not s.opaque and \
                    len(self.bodies().get(node[1], ())) == 1 and self.keeps_function(node[1]):
                out.sure_functions = s.sure_functions | {node[1]}
            self.functions.append((node[1], node[2]))
            self.registry(s).define(node[1], node[2], self.commands)
            return out, None
        if kind == "coproc":
            # `coproc NAME ...`: bash sets NAME to the two pipe descriptors and NAME_PID to
            # the job's process ID: numbers, whatever NAME held. Through a nameref, or where
            # an attribute may change what is assigned (readonly, -l, -i), not followed
            name = node[1]
            pid = name + "_PID"
            if s.refs.keys() & {name, pid}:
                return (s.forget(),) * 2
            out = s.copy()
            plain = name not in s.attributed and name not in s.volatile
            out.vars[name] = DESCRIPTORS if plain else None
            out.vars[pid] = NUMBER if pid not in s.attributed and pid not in s.volatile \
                else None
            out.ints = out.ints - {name}
            return out, out
        if kind == "assigns":  # words no command holds that assign as they expand
            out = s.copy()
            for raw in node[1]:
                names = _assigned_in_text(raw, s.lookup)
                if s.refs.keys() & set(names):
                    return (s.forget(),) * 2
                for name in names:
                    out.vars[name] = None
                if assigns_indirectly(raw):
                    _any_assigned(out)
            return out, out
        if kind == "arith":
            if s.refs.keys() & set(node[1]):  # through a nameref: another variable
                return (s.forget(),) * 2
            out = s.copy()
            for name in node[1]:  # arithmetic assigns numbers, or fails and leaves the value
                out.vars[name] = _number_after(s, name)
            for name in node[2] if len(node) > 2 else ():  # `x=1` alone: surely assigned
                if name not in s.attributed and name not in s.volatile:
                    out.vars[name] = NUMBER
            return out, out
        return s, None

    def racing_jobs(self, end: State) -> None:
        """A background job runs while the commands after it do: a script it runs or sources,
        a file it reads, may be written by them before it gets there (`{ sleep 1; bash c.sh;
        } & echo CODE > c.sh`). Each job is walked again with what the rest of the text wrote
        (up to its end, `wait` or not) unknown to it, so such code is read as unknown."""
        readings = self.calls.readings
        for key, (node, start, after) in list(self.jobs.items()):
            later = _touched(after, self.waited.get(key, end.files))
            if later:
                inside = start.copy()
                inside.files = start.files.uncertain(later)
                self.subshell(node[1], inside)
                for i in _indices(node[1]):  # a job in a function followed per call: its
                    if i in readings and i in self.out:  # commands are checked this way too
                        readings[i] = readings[i] + [self.out[i]] + (self.extra.get(i) or [])

    def job_key(self, node: tuple) -> tuple[int, int]:
        """A background job's pass: its node, and which function call it is in (each call's
        job races with what its caller runs after it; a loop's passes share one)."""
        return id(node), sum(self.calls.walked.values())

    def keeps_function(self, name: str) -> bool:
        """Whether nothing in the text may remove or redefine function `name` out of sight:
        no command word only known at run time, no code run from a text (`eval`, `source`,
        `.`, `trap`, `alias`), and every `unset` either `-v` (variables only) or naming other
        literal names (a plain `unset NAME` removes a function where no variable is set)."""
        for cmd in self.commands:
            if not cmd.words:
                continue
            first = cmd.words[0]
            if not first.literal or first.text in ("eval", "source", ".", "trap", "alias",
                                                   "command", "builtin", "enable"):
                return False
            if first.text != "unset":
                continue
            flags = "".join(w.text[1:] for w in cmd.words[1:] if w.literal and
                            w.text.startswith("-"))
            if "v" in flags and "f" not in flags:
                continue
            if any(_may_unset_function(w, name) for w in cmd.words[1:]):
                return False
        return True

    def leaves(self) -> tuple[int, int, int]:
        """How many ways out of the code being walked were taken so far (`exit`, `return`,
        `break`/`continue`): equal at two points, no command between them left it."""
        return len(self.exits), len(self.returns), sum(map(len, self.loop_exits))

    def waits_all(self, i: int, s: State) -> bool:
        """Whether command `i` is bash's own `wait` with no operand, which returns once every
        job of the shell has ended: not a function or alias of the text (`wait() { :; }`),
        nor where a job may have been taken out of the shell's table (`disown`) or the
        builtin switched off (`enable -n wait`)."""
        cmd = self.commands[i] if i < len(self.commands) else None
        text = self.text or ""
        return cmd is not None and len(cmd.words) == 1 and cmd.words[0].literal and \
            cmd.words[0].raw == "wait" and not cmd.assign_raw and \
            "wait" not in s.functions and "wait" not in self.bodies() and \
            not re.search(r"\b(?:alias|disown|enable)\b", text) and self.text is not None

    def subshell(self, node: tuple, s: State) -> State:
        """The state a subshell ends in, however it ends (`exit` included)."""
        saved, self.exits = self.exits, []
        inside = self.enter(s)
        ok, bad = self.run(node, inside)
        after = join(ok, bad)
        for ended in self.exits:
            after = join(after, ended)
        self.exits = saved
        return after or inside

    def enter(self, s: State) -> State:
        inside = s.copy()
        inside.scope = s.scope + (next(self.scopes),)
        return inside

    def pipe(self, items, s: State):
        """Every element runs at once, each in its own subshell: none can rely on what another
        writes, and after the pipeline each one's writes are done."""
        if len(items) > 1 and self.registry(s).lastpipe(s.env):
            # `shopt -s lastpipe`: the last element may run in this shell, the others do not
            apart, _ = self.pipe_apart(tuple(items[:-1]) + (("seq", ()),), s)
            start = s.copy()
            start.files = s.files.uncertain(_touched(s.files, apart.files), apart.files.moved)
            ok, bad = self.run(items[-1], start)
            done = (join(ok, bad) or start).copy()
            done.files = apart.files.join(done.files)
            out = join(done, apart)
            return out, out
        return self.pipe_apart(items, s)

    def pipe_apart(self, items, s: State):
        afters = [self.subshell(item, s) for item in items]
        written = [_touched(s.files, a.files) if a is not None else set() for a in afters]
        everything = set().union(*written) if written else set()
        if not everything:  # nothing written: the first pass stands
            return s, s
        results = []
        for n, item in enumerate(items):
            others = everything - written[n]
            start = s.copy()
            if others:
                start.files = s.files.uncertain(others)
            results.append(self.subshell(item, start))
        out = s.copy()
        files = s.files.copy()
        counts: dict[str, int] = {}
        for paths in written:
            for path in paths:
                counts[path] = counts.get(path, 0) + 1
        for after, paths in zip(results, written, strict=True):
            for path in paths:
                if counts[path] > 1:
                    files.entries[path] = UNSURE
                elif path:
                    files.entries[path] = after.files.entries.get(path, UNSURE)
                else:
                    files.unsure = True
            files.trees = tuple(sorted(set(files.trees) | set(after.files.trees)))
            # what an element moved somewhere is there after the pipeline too
            files.moved = tuple(sorted(set(files.moved) | set(after.files.moved)))
            files.unsure = files.unsure or after.files.unsure
        # where only blind programs (`npm ci | tail`) made anything unknown, it stays blind
        files.blind = files.unsure and s.files.blind_or_sure() and \
            all(a.files.blind_or_sure() for a in afters if a is not None)
        out.files = files
        return out, out

    def loop(self, node, s: State):
        """A loop body runs any number of times: widen the state until nothing new is learnt
        (what changes from one pass to the next becomes unknown), then check the body in it."""
        _, head, body, var, words = node[:5]
        if node[5:6] == ("for",) and var:
            values = self.loop_values(words, s)
            if values is not None and 0 < len(values) and \
                    self.unrolled * len(values) <= MAX_UNROLLED:
                return self.unroll(head, body, var, values, s)
        value = self.loop_value(words, s) if var else None
        state = s
        self.loops += 1
        self.loop_exits.append([])
        try:
            for _ in range(MAX_LOOP):
                wider = state.join(self.iteration(head, body, var, value, state), choices=False)
                if wider == state:
                    break
                state = wider
            else:
                state = state.forget()
            end = state.join(self.iteration(head, body, var, value, state), choices=False)
        finally:
            self.loops -= 1
            exits = self.loop_exits.pop()
        # `break`/`continue` (here, or in code it ran: `eval`, a function) leave an iteration
        # where they ran: the next one starts there, and the loop may end there
        for left in exits:
            end = end.join(left, choices=False)
        return end, end

    def iteration(self, head, body, var, value, state: State) -> State:
        exits = self.loop_exits[-1] if self.loop_exits else []
        count = len(exits)
        end = self._iteration(head, body, var, value, state)
        for left in exits[count:]:
            end = end.join(left, choices=False)
        return end

    def _iteration(self, head, body, var, value, state: State) -> State:
        start = state
        if var:
            start = state.copy() if var not in state.refs else state.forget()
            # `declare -l x; for x in RM` assigns `rm`, `declare -i i; for i in 1+1` assigns 2
            plain = var not in state.refs and var not in state.attributed and \
                var not in state.integers
            start.vars[var] = value if plain else None
        ok, bad = self.run(head, start)
        after_head = join(ok, bad) or start
        b_ok, b_bad = self.run(body, ok if ok is not None else after_head)
        return join(join(b_ok, b_bad), after_head) or after_head

    def unroll(self, head, body, var, values, s: State):
        """`for x in a b c`: a list known before the loop runs, so it is what bash runs, one
        pass per value in order, each from where the last ended (or where a `continue` left
        it); the loop ends after the last, or where a `break` left it. Each command of the
        body is checked once per pass (`extra`)."""
        readings: dict[int, list] = {}
        self.loops += 1
        self.unrolled *= len(values)
        self.loop_exits.append([])
        exits = self.loop_exits[-1]
        left: State | None = None  # where a `break` (or `continue`) left a pass
        try:
            state: State | None = s
            for value in values:
                if state is None:
                    break  # every way through the last pass left the loop (`exit`)
                mark, count = len(self.out.log), len(exits)
                start = state.copy()
                if var in state.refs:  # `for r in a b` where r is a nameref: r stands for each
                    start.refs = dict(start.refs, **{var: _ref_name(value, var)})
                elif var in state.attributed or var in state.integers:
                    start.vars[var] = None  # (`declare -l x`: `for x in RM` assigns `rm`)
                else:
                    start.vars[var] = value
                ok, bad = self.run(head, start)
                after_head = join(ok, bad) or start
                ok, bad = self.run(body, after_head)
                state = join(ok, bad)
                for here in exits[count:]:  # `continue` goes on from here, `break` ends here
                    state, left = join(state, here), join(left, here)
                for i, old in self.out.changed_since(mark).items():
                    cmd = self.out.get(i, _NONE)
                    if cmd is not _NONE and old is not cmd:
                        readings.setdefault(i, []).append(cmd)
                        readings[i] += self.extra.pop(i, [])
        finally:
            self.loops -= 1
            self.unrolled //= len(values)
            self.loop_exits.pop()
            if not self.loops:  # no pass left that reads the log
                self.out.log.clear()
        for i, got in readings.items():
            self.out[i], self.extra[i] = got[0], got[1:]
        end = join(state, left)
        return end, end

    @staticmethod
    def loop_values(words, s: State) -> list[str] | None:
        """The values a `for` list gives its variable, None when not all known."""
        if words is None:
            return None
        values = []
        for word in words:
            if LISTABLE_GLOB.fullmatch(word.raw) and globby(word.raw):
                listed = listed_glob(word.raw, s)
                if listed is None:
                    return None
                values += listed
                continue
            fields = expand(word.raw, s.lookup, ifs=s.ifs()) if not word.literal or \
                word.raw.startswith("~") or globby(word.raw) else [word.text]
            if fields is None:
                return None
            values += fields
        return values

    @classmethod
    def loop_value(cls, words, s: State):
        values = cls.loop_values(words, s)
        return values[0] if values is not None and len(values) == 1 else None

    # ---------------------------------------------------------- one command

    def command(self, index: int, s: State, settle: bool = True):
        cmd = self.commands[index]
        if not cmd.words:
            return self.bare_assignment(index, cmd, s)
        name, choices = _choice_word(cmd, s)
        if choices:
            # a word is one of a few known strings (`$F` after `if ...; then F=a; else F=b;
            # fi`): the command is checked once for each, and the state after it is what any
            # of them leaves
            outcomes, resolved = [], []
            for value in choices:
                one = s.copy()
                one.vars[name] = value
                ok, bad = self.command(index, one, settle)
                resolved += [c._replace(flow=s) for c in
                             [self.out[index]] + self.extra.pop(index, [])]
                outcomes.append((ok, bad))
            self.out[index] = resolved[0]
            self.extra[index] = resolved[1:]
            ok = bad = None
            for o, b in outcomes:
                ok, bad = join(ok, o), join(bad, b)
            if ok is not None:
                ok = ok.copy()
                ok.vars[name] = s.vars.get(name) if name in s.vars else s.value(name)
            return ok, bad
        words = self.expand_words(cmd, s)
        keyword = []  # `$EMPTY c=7`: `c=7` is a command name, or an assignment under `set -k`
        if words and words[0] is not cmd.words[0] and cmd.words[0].raw not in \
                (w.raw for w in words):
            # the command name expanded to nothing (a variable in no environment): bash takes
            # the next word as the name, even when it looks like an assignment
            if not words[0].literal or not re.match(_ASSIGN, words[0].raw):
                pass
            elif all(w.literal and re.match(_ASSIGN, w.raw) for w in words):
                keyword = [re.match(_ASSIGN, w.raw).group(1) for w in words]
            else:  # `$EMPTY PATH=/x ls`: under `set -k`, `ls` with that PATH: not followed
                words = list(cmd.words)
        if not words:  # every word expanded to nothing: the assignments stay in the shell
            ok, bad = self.bare_assignment(index, cmd, s)
            if index not in self.out:
                self.out[index] = Command((Word(":", True, cmd.span, ""),), cmd.span, (), (),
                                          None, cmd.via, cmd.depth, s.cwd, s.scope, s)
            return ok, bad
        redirects = tuple(r._replace(target=self.expand_one(r.target, s)) for r in cmd.redirects)
        stdin = cmd.stdin
        if stdin is not None and stdin.kind == "heredoc" and stdin.text is None and stdin.body:
            # an unquoted here-document: what it reads is known where its values are
            stdin = stdin._replace(text=heredoc_text(stdin.body, s.lookup))
        if stdin is not None and stdin.kind == "file" and "$" in stdin.path:
            target = next((r.target for r in redirects if r.op == "<"), None)
            if target is not None and target.literal:
                stdin = stdin._replace(path=target.text)
        resolved = cmd._replace(words=tuple(words), redirects=redirects, stdin=stdin,
                                cwd=s.cwd, scope=s.scope, flow=s)
        self.out[index] = resolved
        if words[0].literal and words[0].text == "trap" and len(words) > 1 and \
                self.start is not None:
            # its handler runs later, anywhere after it (at exit, on a signal): checked in the
            # state that holds wherever the text may be then (`trap 'rm -f $D' EXIT; D=...`)
            self.out[index] = resolved._replace(flow=self.anywhere())
        if not settle:
            return s, s
        ok, bad = self.effect(resolved, s)
        if words[0].literal and words[0].text.rsplit("/", 1)[-1] in MADE_CREATORS:
            from agentsh.engine import made

            ok, bad = made.after(resolved, s, ok, bad)
        if keyword:
            ok, bad = (_forget_names(x, keyword) for x in (ok, bad))
        return ok, bad

    def bare_assignment(self, index: int, cmd: Command, s: State):
        self.current = cmd
        after = s.copy()
        for raw in cmd.assign_raw:
            self.assign(raw, after, s)
        dynamic = any("$(" in raw or "`" in raw for raw in cmd.assign_raw)
        if cmd.redirects:  # `x=1 > f` still truncates f: a `:` with those redirects
            redirects = tuple(r._replace(target=self.expand_one(r.target, s))
                              for r in cmd.redirects)
            stored = cmd.assignments if deferred.stored_code(cmd) else ()
            colon = Command((Word(":", True, cmd.span, ""),), cmd.span, stored, redirects, None,
                            cmd.via, cmd.depth, s.cwd, s.scope, s)
            self.out[index] = colon
            self.apply(colon, after)
        elif deferred.stored_code(cmd):  # PROMPT_COMMAND=CODE: classified as the code it stores
            self.out[index] = Command((Word(":", True, cmd.span, ""),), cmd.span, cmd.assignments,
                                      (), None, cmd.via, cmd.depth, s.cwd, s.scope, s)
        return after, (after if dynamic else None)

    def expand_words(self, cmd: Command, s: State) -> list[Word]:
        words: list[Word] = []
        declaration = cmd.words[0].text in DECLARATIONS if cmd.words else False
        ifs = s.ifs()
        if len(cmd.words) == 2 and cmd.words[0].literal and cmd.words[0].text == "eval" and \
                re.fullmatch(_REPRINT, cmd.words[1].raw) and _builtins_as_they_are(s):
            # `eval "$(declare -f f)"`: f defined again as it is, or nothing (not a function)
            return [cmd.words[0], Word(":", True, cmd.words[1].span, cmd.words[1].raw)]
        renamed = self.renamed_copy(cmd, s) if len(cmd.words) == 2 and \
            cmd.words[0].literal and cmd.words[0].text == "eval" else None
        if renamed is not None:
            return [cmd.words[0], Word(renamed, True, cmd.words[1].span, cmd.words[1].raw)]
        for n, word in enumerate(cmd.words):
            compound = re.fullmatch(_ASSIGN, word.raw) if n > 0 and not word.literal and \
                cmd.words[0].text == "eval" and cmd.words[0].literal else None
            if compound and compound.group(4).startswith("(") and \
                    compound.group(4).endswith(")"):
                words += _eval_compound(compound, compound.group(4), s, ifs, word)
                continue
            if word.literal or not _expandable(word.raw):
                words.append(word)  # nothing a variable could explain
                continue
            if declaration and n > 0 and re.match(_ASSIGN, word.raw):
                m = re.match(_ASSIGN, word.raw)
                value = m.group(4)
                fields = None
                if not (value.startswith("(") and value.endswith(")")):
                    fields = expand(value, s.lookup, assignment=True)
                if fields is not None:
                    text = m.group(1) + (m.group(2) or "") + m.group(3) + fields[0]
                    words.append(Word(text, True, word.span, word.raw))
                else:
                    words.append(word)
                continue
            made = re.fullmatch(_MKTEMP, word.raw[1:-1]) if n > 0 and \
                word.raw.startswith('"$(') and word.raw.endswith(')"') else None
            if made:
                # `rm -rf "$(mktemp -d)"`: a name mktemp makes now, under the temporary
                # directory (the pass's stand-in, as for `d=$(mktemp -d)`)
                path = self.mktemp(made, s, s)
                if path:
                    words.append(Word(path, True, word.span, word.raw))
                    continue
            listed = _listing(word.raw, s.cwd) if n > 0 and word.raw.startswith("$(") and \
                "git" in word.raw else None
            if listed:
                # `sed -i ... $(git ls-files '*.py')`: tracked files below this folder, each
                # pathspec as the pattern `CWD/**/*.py`, written relative where the line
                # started (`./**/*.py`, as an agent writes a pattern in its project); the raw
                # text kept: recovery.py plans the gate's own listing (engine/listings.py)
                here = s.cwd.rstrip("/") + "/"
                words += [Word("./" + p[len(here):] if s.cwd == s.project and
                               p.startswith(here) else p, True, word.span, word.raw)
                          for p in listed]
                continue
            fields = expand(word.raw, s.lookup, ifs=ifs, patterns=True)
            if fields is None and n > 0 and cmd.words[0].literal and cmd.words[0].text == "eval":
                fields = _number_refs(word.raw, s)  # `eval echo {$a..$b}` with numbers
            if isinstance(fields, Patterns):
                # bash expands each field as a glob (`x='r?'; $x -rf d` may run rm): a field
                # is read as that pattern written unquoted, where it is plain enough to be
                if any(c in word.raw for c in "'\"\\") or \
                        not all(re.fullmatch(_PATTERN_FIELD, f) for f in fields):
                    words.append(word)
                else:
                    words += [Word(f, True, word.span, f) for f in fields]
            elif fields is None:
                words.append(word)
            else:
                words += [Word(f, True, word.span, word.raw) for f in fields]
        return words

    def renamed_copy(self, cmd: Command, s: State) -> str | None:
        """`eval "$(declare -f f | sed 's:f:g:')"` (type1.sub): bash prints f's definition
        (`f () ` then the body) and sed renames it, so eval defines g with f's body, or does
        nothing where f is no function. The text `g () BODY` where that is certain: f has one
        definition, in this text (no other, none from the environment), whose body does not
        hold the name (sed changes the first one on each line) nor is the name part of a word
        bash's reprint adds; declare and sed as they are. A call of g is still checked as the
        program g too (a function never hides a command). Else None."""
        m = re.fullmatch(_RENAME, cmd.words[1].raw)
        if m is None or m.group(1) != m.group(3) or not _builtins_as_they_are(s) or \
                s.aliases or s.alias_defs:
            return None  # (an alias in a body is expanded where it is defined: the reprint shows
            # the expansion)
        name, new = m.group(1), m.group(4)
        registry = s.registry
        bodies = registry.functions.get(name, []) if registry is not None else None
        found = [d for d in self.definitions if d.kind == "function" and d.name == name]
        if bodies is None or len(bodies) != 1 or len(found) != 1 or len(name) < 2 or \
                name in found[0].value or f"BASH_FUNC_{name}%%" in (s.env or {}) or \
                any(name in word for word in _REPRINT_WORDS):
            return None
        return f"{new} () \n{found[0].value}"

    def expand_one(self, word: Word, s: State) -> Word:
        if word.literal or not _expandable(word.raw):
            return word
        fields = expand(word.raw, s.lookup, ifs=s.ifs())
        if fields is None or len(fields) != 1:
            return word
        return Word(fields[0], True, word.span, word.raw)

    def assign(self, raw: str, into: State, before: State) -> None:
        m = re.match(_ASSIGN, raw)
        if not m:
            nested = _nested_subscript(raw)
            if nested is None or nested[0] in before.refs:
                into.opaque = True
                return
            # `a[b[c]d]=e`: an element of `a`, and what the subscript's arithmetic assigns
            name, index = nested
            into.vars[name] = None
            if re.search(_ARITH_ASSIGN, index) or "$" in index or "`" in index:
                for assigned in re.findall(_IDENT, index):
                    into.vars[assigned] = None
                if "$" in index or "`" in index:
                    into.opaque = True  # its value is read again as arithmetic: anything
            return
        name, index, op, value = m.groups()
        if name in before.refs:  # through a nameref: the variable it stands for
            target = before.ref_target(name)
            if target == "" and index is None and op == "=":
                # a nameref with none yet: the value names the variable it stands for
                # (`declare -n r; r=X`), changed as its attributes say (`declare -l r; r=X`
                # stands for x, `declare -i r; r=X` for X's value: arithmetic) or refused
                # (`declare -r r`): then it is unknown, and no other variable changed
                got = expand(value, before.lookup, assignment=True)
                made = _ref_name(got[0] if got else None, name)
                if got and _refused(got[0]) and not (
                        name in before.integers or name in before.attributed):
                    return  # `r=^`: not a valid identifier; it stands for none still
                if name in before.integers:
                    for assigned in re.findall(_IDENT, value):
                        into.vars[assigned] = _number_after(before, assigned)
                into.refs = dict(into.refs, **{
                    name: None if name in before.attributed else made})
                into.vars[name] = None
                return
            if not target or (index is not None and "[" in target):
                into.vars, into.opaque = {n: None for n in before.refs}, True
                return
            self.assign(target + raw[len(name):], into, before)
            return
        if index is not None or name in before.integers or name in before.attributed:
            # a subscript, an integer's value (arithmetic), `declare -l x; x=ABC` assigns `abc`
            into.vars[name] = None
            arith = (index or "") if re.search(_ARITH_ASSIGN, index or "") else ""
            for assigned in re.findall(_IDENT, arith + (
                    value if name in before.integers else "")):
                into.vars[assigned] = _number_after(before, assigned)
            if index is None and name in before.ints:  # a number, or it fails and stays one
                into.vars[name] = NUMBER
            return
        made = re.fullmatch(_MKTEMP, value.strip('"'))
        if made and op == "=":
            into.vars[name] = self.mktemp(made, into, before)
            return
        if value.startswith("(") and value.endswith(")"):
            items = split_array(value[1:-1])
            new = None
            if items is not None and any(item.startswith("[") for item in items):
                items = None  # `([key]=value)`: an associative or sparse array
            if items is not None:
                fields: list[str] | None = []
                for item in items:
                    got = expand(item, before.lookup, ifs=before.ifs())
                    if got is None:
                        fields = None
                        break
                    fields += got
                new = tuple(fields) if fields is not None else None
        else:
            got = expand(value, before.lookup, assignment=True)
            new = got[0] if got is not None else None
        held = before.lookup(name) if op == "=" and isinstance(new, str) else None
        if isinstance(held, tuple) and held is not UNSET and len(held) > 1:
            # `X=(x rm -rf d); X=command`: element 0 only, the rest stay (`"${X[@]}"` runs
            # `command rm -rf d`; on main agentsh read `command` alone)
            new = (new,) + held[1:]
        if op == "+=":
            old = before.lookup(name)
            if old is None or new is None:
                new = None
            elif isinstance(new, tuple):
                new = (old if isinstance(old, tuple) else (() if old is UNSET else (old,))) + new
            elif isinstance(old, tuple):
                new = None
            else:
                new = ("" if old is UNSET else old) + new
        into.vars[name] = new
        for assigned in _assigned_in_text(raw, before.lookup):
            into.vars[assigned] = _number_after(before, assigned)
        if assigns_indirectly(raw):  # `X=${!r:=rm}`: any variable may be assigned
            _any_assigned(into)
        if new is None and op == "=" and re.fullmatch(_ONE_ARITH, value) and (
                numeric(before.value(name)) or _unset_so_far(self, self.current, before, name)):
            into.vars[name] = NUMBER  # `i=$((i + 1))`: a number, or (an error) the number it held

    def mktemp(self, made, into: State, before: State) -> str | None:
        """`d=$(mktemp -d)`: a new name under the temporary directory, made by this line. Its
        exact name is only known at run time; a stand-in name keeps what the line writes under
        it apart from every other path."""
        args = made.group(1) or ""
        if re.search(r"(^|\s)(-p|--tmpdir)\b|--tmpdir=", args) or "/" in args:
            return None
        prefix = "tmp."
        if re.search(r"(^|\s)-t\b", args):
            # `mktemp -d -t build.XXXX`: the template's name under $TMPDIR (or /tmp); a
            # template mktemp refuses (fewer than three X's) leaves the name empty
            template = [a for a in args.split() if not a.startswith("-")]
            if len(template) != 1 or not re.fullmatch(r"[\w.-]*XXX+", template[0]):
                return None
            prefix = template[0].rstrip("X")
        if "TMPDIR" in before.vars and ("TMPDIR" in before.env or "TMPDIR" in before.exported) \
                and before.vars["TMPDIR"] != before.env.get("TMPDIR"):
            # the line chose where mktemp makes it: it may fail there, and then the name is
            # empty (`rm -rf "$d"/*` is `rm -rf /*`)
            return None
        tmp = before.env.get("TMPDIR")
        base = tmp.rstrip("/") if isinstance(tmp, str) and tmp.startswith("/") else "/tmp"
        self.made += 1
        path = f"{base}/{prefix}agentsh-mktemp-{id(self)}-{self.made}"
        into.files = into.files.copy()
        is_dir = re.search(r"(^|\s)(-d|--directory|-[a-zA-Z]*d[a-zA-Z]*)(\s|$)", args)
        into.files.entries[path] = Entry("dir", None, True) if is_dir else Entry("file", "", True)
        return path

    # ---------------------------------------------------------- what one command does

    def effect(self, cmd: Command, s: State):
        argv = cmd.argv
        name_word = cmd.words[0]
        for raw in [w.raw for w in cmd.words] + [r.target.raw for r in cmd.redirects]:
            if _assigned_in_text(raw, s.lookup):
                s = s.copy()
                for assigned in _assigned_in_text(raw, s.lookup):
                    s.vars[assigned] = None
            if assigns_indirectly(raw):  # `: ${!r:=rm}` assigns the variable r names
                s = s.copy()
                _any_assigned(s)
        if not name_word.literal:
            self.calls.lost = True  # it may be any function, with any arguments
            return (s.forget(),) * 2
        prog = argv[0]
        words = cmd.words
        if prog in ("builtin", "command") and len(argv) > 1 and argv[1] in STATE_BUILTINS:
            prog, words = argv[1], words[1:]
        after = s.copy()
        if cmd.assign_raw and (prog in shellopts.SPECIAL_BUILTINS or prog in s.functions) and \
                _option(s, "posix"):
            # POSIX mode (`set -o posix`, POSIXLY_CORRECT, `sh`): an assignment in front of a
            # special builtin (`x=v :`, `x=v eval ...`) or a function call persists. Only known
            # to be *maybe* on: the variable is either value afterwards
            persisted = s.copy()
            for raw in cmd.assign_raw:
                self.assign(raw, persisted, s)
            after = s.join(persisted)
        if prog in s.functions or prog in s.aliases or f"BASH_FUNC_{prog}%%" in s.env:
            # not a program: what it writes is its body's, and its redirects'
            self.apply(cmd._replace(words=(Word(":", True, cmd.span, ":"),)), after)
            values = [v for n, v in s.alias_defs if n == prog]
            if prog in s.aliases and len(values) == 1 and prog not in s.functions and \
                    f"BASH_FUNC_{prog}%%" not in s.env and self.depth < MAX_DEPTH and \
                    self.config.parse is not None and prog not in self.expanding:
                # an alias is its text, run in this shell: followed like `eval` (bash does
                # not expand an alias again inside its own expansion)
                tail = " ".join(w.raw or w.text for w in self.commands_raw(cmd)[1:])
                self.expanding = self.expanding | {prog}
                try:
                    return self.inline(values[0] + " " + tail, after, False)
                finally:
                    self.expanding = self.expanding - {prog}
            walked = self.walk_call(prog, cmd, words, s, after) if prog in s.functions and \
                prog not in s.aliases else None
            summed = self.call(cmd, prog, words, s, after)
            if walked is not None:  # the state the body, followed from here, ends in
                return walked, walked
            return summed, summed
        if prog in ("eval", "source", "."):  # what they write is the code's they run
            self.apply(cmd._replace(words=(Word(":", True, cmd.span, ":"),)), after)
        else:
            self.apply(cmd, after)
        if prog in COMPOUND_WORDS and name_word.raw == prog:
            # the redirects of `{ ...; } < f` are opened before the body runs (tree: "and")
            return after, (after if _redirects_may_fail(cmd) else None)
        handler = _BUILTINS.get(prog)
        if handler is not None:
            unchanged = after.copy()
            ok, bad = handler(self, cmd, words, s, after)
            if prog in s.disabled or "*" in s.disabled:
                # after `enable -n cd`, `cd` may not be the builtin at all (a program, or
                # not found): it may change nothing here, and succeed or fail either way
                ok, bad = join(ok, unchanged), join(bad, unchanged)
            elif _redirects_may_fail(cmd):
                # bash opens a builtin's redirects first; when one fails (`cd /tmp </nope`,
                # `2>&9`, an ambiguous target) the builtin never runs and fails
                bad = join(bad, unchanged)
            return ok, bad
        if prog in SHELLS:
            return self.shell(cmd, s, after)
        if "/" in prog and not cmd.redirects:
            script = self.shell_script(cmd, s)
            if script is not None:  # `./x.sh`: a shell script, followed as `bash ./x.sh`
                return self.shell(script, s, s.copy())
        if prog == "mkdir":
            return self.mkdir(cmd, s, after)
        return after, after

    def commands_raw(self, cmd: Command) -> tuple:
        """A resolved command's words as written (an alias's text is read again with them)."""
        for i, resolved in self.out.items():
            if resolved is cmd:
                return self.commands[i].words
        return cmd.words

    def registry(self, s: State) -> Registry:
        if s.registry is None:
            s.registry = Registry()
        return s.registry

    def summarizer(self, s: State, cwd: str = "", fixed: dict | None = None) -> Summarizer:
        """What code may assign, against the functions and aliases known in `s`; a `source`
        operand is read relative to `cwd`. `fixed`: variables that hold one of a few values
        wherever the code runs (`few_values`)."""
        res = Resolver(cwd, s)

        def read(word: Word) -> str | None:
            path = sourced_file(word.text, s, cwd) if word.literal else ""
            return res.read(path) if path else None

        aliases: dict[str, list] = {}
        for name, value in sorted(s.alias_defs):
            aliases.setdefault(name, []).append(value)
        choices = {n: v.values for n, v in s.vars.items() if isinstance(v, Choice)}
        choices.update({n: v.values if isinstance(v, Choice) else (v,)
                        for n, v in (fixed or {}).items()})
        return Summarizer(self.registry(s), s.env, self.config.parse, read, s.integers,
                          lambda cmd: self.quiet(cmd, s), aliases, s.lookup, choices,
                          frozenset(fixed or ()))

    def quiet(self, cmd: Command, s: State) -> bool:
        """Whether `cmd` surely writes no file, wherever it runs (function bodies)."""
        if cmd.words and not cmd.words[0].literal:
            return False
        quick = self.quick_effects(cmd) if cmd.words else ""
        if quick == [] or quick is None:
            return quick == []
        from agentsh.engine import effects as effects_stage

        res = Resolver("", s)
        if cmd.words and cmd.words[0].text in COMPOUND_WORDS and len(cmd.words) == 1:
            # a compound command's own redirects (`f() { ...; } >> /dev/null`): only they
            return not effects_stage.redirect_effects(cmd, res)
        found = self.effects_through_wrappers(cmd, res) if cmd.words else []
        return found == [] and not effects_stage.redirect_effects(cmd, res)

    def xargs_effects(self, cmd: Command, res: Resolver):
        """`lsof -ti :3000 | xargs kill`, `git ls-files | xargs wc -l`: xargs runs a program
        that writes no file whatever its arguments (`[analyzer.effects] none`), so neither does
        it. Any other program gets operands only known at run time: its effects with those
        operands unknown (`xargs -I{} mv {} build` moves something into `build`), and nothing
        else about files is known afterwards."""
        from agentsh.engine.wrappers import xargs_command

        sub = xargs_command(cmd) if cmd.words[0].literal else None
        if sub is None or not sub.words or not sub.words[0].literal:
            return None
        inner = program_name(sub.program)
        if inner in RUNS_OTHERS or self.config.wrapper(inner) or inner in SHELLS:
            return None
        if inner in NO_EFFECTS or inner in self.config.table.get("none", ()):
            return []
        from agentsh.engine import effects as effects_stage
        from agentsh.engine.effects.base import Effect

        found = effects_stage.program_effects(sub._replace(redirects=()), self.config.table,
                                              self.config.spec_for, res)
        return None if not found else \
            list(found) + [Effect("unknown", "", "", detail="xargs")]

    def find_removes(self, cmd: Command, res: Resolver):
        """`find . -name node_modules -type d -prune -exec rm -rf {} +`: a find whose only
        action is `-exec rm`/`rmdir` (no `-execdir`, `-ok`, `-delete`, `-fprint`, `-fls`) does
        what that rm does, `{}` as the find selects it (`wrappers.find_exec`: `START/**/NAME`,
        else a word only known at run time). None for any other find (its effects as before:
        unknown where it runs something). Round 10."""
        from agentsh.engine.wrappers import find_exec

        words = cmd.words
        if not words or not all(w.literal for w in words[:1]) or \
                not any(w.text == "-exec" for w in words) or \
                any(w.text in ("-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0",
                               "-fprintf", "-fls") for w in words):
            return None
        from agentsh.engine import effects as effects_stage

        out: list = []
        subs = find_exec(cmd)
        if not subs:
            return None
        for sub in subs:
            if not sub.words or not sub.words[0].literal or sub.words[0].text not in (
                    "rm", "rmdir"):
                return None
            found = effects_stage.program_effects(sub._replace(redirects=()), self.config.table,
                                                  self.config.spec_for, res)
            if found is None or any(e.kind != "delete" for e in found):
                return None
            # what the find selects may be none of it (`-size +1G`): maybe deleted, not surely
            out += [e._replace(sure=False) for e in found]
        return out

    def call(self, cmd: Command, prog: str, words, s: State, after: State) -> State:
        """A function or alias: the shell after it, from what its code may assign."""
        sums = self.summarizer(s, cmd.cwd or "")
        found = None
        if prog in s.aliases:
            found = sums.alias(prog, tuple(words[1:]))
        if prog in s.functions or f"BASH_FUNC_{prog}%%" in s.env:
            got = sums.call(prog)
            found = got if found is None else _union(found, got)
        out = summed(after, found, positional=prog in s.aliases)
        if self.loop_exits and (self.text is None or re.search(
                r"\b(?:break|continue)\b", self.text + "".join(s.env.get(k, "") for k in s.env
                                                            if k.startswith("BASH_FUNC_")))):
            # a `break` in its body ends the caller's loop (bash counts loops dynamically)
            self.loop_exits[-1].append(out)
        return out

    def apply(self, cmd: Command, after: State) -> None:
        """Record the command's effects on files in `after`."""
        quick = self.quick_effects(cmd)
        if quick == []:
            return
        res = Resolver(cmd.cwd or "", after)
        if quick is None and self.not_found(cmd, after):
            return  # bash says "command not found": nothing runs
        if quick is None:
            found, redirects = None, []
        else:
            from agentsh.engine import effects as effects_stage

            found = self.effects_through_wrappers(cmd, res)
            redirects = effects_stage.redirect_effects(cmd, res)
            if found and not after.files.world.knows and _from_commits(cmd) and \
                    self.blind(cmd, after.files):
                found = None  # judging text alone: another commit's files, as unseen as these
            if len(cmd.words) == 1 and cmd.words[0].text in COMPOUND_WORDS and \
                    cmd.words[0].raw == cmd.words[0].text:
                found = []  # a compound command's own redirects (`{ ...; } >> /dev/null`)
        if redirects and _option(after, "noclobber"):
            # `set -C`: `>` onto a file that exists fails and the old content stays
            redirects = [e._replace(content=None) if e.detail in (
                "redirect >", "redirect >&", "redirect &>") and res.kind(e.path) != "missing"
                else e for e in redirects]
        if found == [] and not redirects:
            return
        files = after.files.copy()
        after.files = files
        sinks = _held_open(cmd, redirects)
        if sinks:
            files.sinks = files.sinks | sinks
        opened = list(redirects) if found is None else []
        for effect in opened:
            # bash opens the redirects before the program runs: what they name is resolved as
            # the line left it so far (`./gen.sh > conftest.py && pytest`: conftest.py is then
            # written with what the program prints, unknown), not after "anything may have
            # changed", which would lose the write
            _apply_one(files, res, effect)
        if found is None:  # a program that may write anything: no file content is known
            named = None if self.blind(cmd, files) else unseen_quiet(cmd, files, self.config)
            if named is not None and any(not res.path(w) for w in named):
                named = None  # a place it names is not known: it may write anything anywhere
            if named is None and not self.blind(cmd, files):
                files.unsure = True
            else:
                files.blind_write()
            files.entries = {p: (UNSURE if e.kind == "file" else e)
                             for p, e in files.entries.items()}
            for word in named or ():  # what it names it may have written, or moved data
                files.entries[res.path(word)] = UNSURE  # into: unknown, and no one's scratch
                place = res.path(word)
                if place not in set(files.moved) - files.guessed:  # a guess, unless known
                    files.guessed = files.guessed | {place}
                files.moved = tuple(sorted(set(files.moved) | {place}))
            found = []
        # something moved here from elsewhere: from a place only known at run time too
        # (`mv "$SRC" build`: it may be the user's data, whatever the destination's name); not
        # when all it moves is scratch itself, made by the line or regenerable by name
        moves = [e for e in found if e.kind == "move" and (not e.path or not (
            res.fresh(e.path) or self.config.scratch(e, res)))]
        # only a guess when every move is one (code that may move: `sure` False)
        guess = bool(moves) and not any(e.sure for e in moves)
        # where each moved thing was before the line (`mv notes.txt x.log && echo x > x.log`:
        # the write loses notes.txt's content, whatever x.log's name says)
        sources = _move_sources(files, moves) if moves else {}
        before = dict(files.entries) if sources else {}
        for effect in ([] if opened else list(redirects)) + list(found):
            _apply_one(files, res, effect)
            if sources and effect.kind in ("write", "tree") and effect.path and \
                    sources.get(effect.origin):
                entry = files.entries.get(effect.path) or UNSURE
                files.entries[effect.path] = entry._replace(source=sources[effect.origin])
                # a folder moved with files the line moved into it first keeps their origins
                inside = effect.origin + "/"
                for path, held in before.items():
                    if held.source and path.startswith(inside):
                        files.entries[effect.path + path[len(effect.origin):]] = held
            if moves and effect.kind in ("write", "tree"):
                if effect.path:
                    _unfresh_above(files, effect.path)
                # a destination only known at run time: the place its word may name, as a
                # pattern (`/tmp/x-$PPID` is `/tmp/x-*`), else any place: ANYWHERE
                place = effect.path or run_time_place(effect.text, res) or ANYWHERE
                known = set(files.moved) - files.guessed
                files.moved = tuple(sorted(set(files.moved) | {place}))
                if guess and place not in known:
                    files.guessed = files.guessed | {place}
                elif not guess:
                    files.guessed = files.guessed - {place}

    def blind(self, cmd: Command, files) -> bool:
        return blind_writer(cmd, files, self.config)

    def not_found(self, cmd: Command, s: State) -> bool:
        """Whether a command name is surely no program, builtin or function: bash runs nothing
        for it (with no `command_not_found_handle`). The file view must know files, PATH must
        be known, and the line must not have written anything in a PATH directory."""
        from agentsh.engine.names import BUILTINS

        word = cmd.words[0]
        name = word.text
        files = s.files
        view = files.world.view
        if "/" in name and word.literal and files.world.knows and not files.unsure and \
                not files.trees and ".." not in name.split("/") and (s.cwd or name[0] == "/"):
            # a path: bash runs the file there; none there (`a=/x/y` after a name that
            # expanded to nothing: the directory `a=` is missing) runs nothing
            full = normpath(name if name[0] == "/" else f"{s.cwd}/{name}")
            return files.kind(full) == "missing"
        path = s.lookup("PATH")
        if not word.literal or "/" in name or not name or name in BUILTINS or \
                name in STATE_BUILTINS or not files.world.knows or files.unsure or \
                not isinstance(path, str) or not path or files.trees or \
                "command_not_found_handle" in s.functions or s.functions is None or \
                not callable(getattr(view, "which", None)):
            return False
        dirs = {normpath(d if d.startswith("/") else (s.cwd or "/") + "/" + d)
                for d in path.split(":")}
        if not s.cwd and any(not d.startswith("/") for d in path.split(":")):
            return False
        if any(p.rsplit("/", 1)[0] in dirs or p in dirs for p in files.entries):
            return False
        try:
            return view.which(name, path, s.cwd or "/") is None
        except (OSError, ValueError):
            return False

    def quick_effects(self, cmd: Command):
        """[] (no effects) or None (unknown) when the table says so without loading the effects
        stage; "" when the effects stage must look."""
        if cmd.redirects or not cmd.words or not cmd.words[0].literal:
            return ""
        prog = program_name(cmd.program)
        if prog in self.config.table.get("programs", {}) or self.config.wrapper(prog) or \
                prog in ("env", "xargs") or prog in SHELLS:
            return ""
        if prog in NO_EFFECTS or prog in self.config.table.get("none", ()):
            return []
        return None

    def effects_through_wrappers(self, cmd: Command, res: Resolver):
        """A command's own effects on files, seen through `sudo`, `nice`, `env` ..."""
        from agentsh.engine.wrappers import env_command, skip_options

        prog = cmd.program
        spec = self.config.prefix(prog)
        if spec is not None and cmd.words[0].literal:
            start = skip_options(cmd.words, spec, 1)
            if start is None:
                return []
            sub = inner(cmd, cmd._replace(words=cmd.words[start:], redirects=()))
            if sub.flow is not cmd.flow:  # another machine or file system
                return []
            return self.effects_through_wrappers(sub, Resolver(sub.cwd or "", res.state))
        if prog == "env":
            sub, code = env_command(cmd)
            if code:
                return None
            if sub is None:
                return []
            sub = inner(cmd, sub._replace(redirects=()))
            return self.effects_through_wrappers(sub, Resolver(sub.cwd or "", res.state))
        if prog in SHELLS:
            return []  # followed by `shell` below
        if prog == "xargs":
            return self.xargs_effects(cmd, res)
        if prog == "find":
            removes = self.find_removes(cmd, res)
            if removes is not None:
                return removes
        from agentsh.engine import effects as effects_stage

        return effects_stage.program_effects(cmd._replace(redirects=()), self.config.table,
                                             self.config.spec_for, res)

    def mkdir(self, cmd: Command, s: State, after: State):
        """`mkdir X` fails when X exists: where it succeeded, X is this line's own."""
        res = Resolver(cmd.cwd or "", s)
        parents = any(w.text in ("-p", "--parents") or (w.text.startswith("-") and
                                                         not w.text.startswith("--") and
                                                         "p" in w.text) for w in cmd.words[1:])
        if any(w.text.startswith(("-m", "--mode")) for w in cmd.words[1:]):
            after.files = after.files.copy()  # a mode may make it one nobody can enter
            for word in cmd.words[1:]:
                path = _operand_path(res, word) if not word.text.startswith("-") else ""
                if path:
                    after.files.entries[path] = UNSURE
            return after, after
        if parents:
            return after, after
        ok = after.copy()
        ok.files = after.files.copy()
        for word in cmd.words[1:]:
            if word.text.startswith("-") and word.literal:
                continue
            path = _operand_path(res, word)
            if path:
                ok.files.entries[path] = Entry("dir", None, True)
        return ok, after

    def shell_script(self, cmd: Command, s: State) -> Command | None:
        """`./x.sh ARGS` as `bash ./x.sh ARGS` when the file is a shell script (a shell's `#!`
        line, or none: bash runs such a file itself), else None."""
        res = Resolver(cmd.cwd or "", s)
        path = _operand_path(res, cmd.words[0])
        text = res.read(path) if path else None
        if text is None:
            return None
        name = "bash"  # no `#!` line: bash runs the file itself
        if text.startswith("#!"):
            line = text[2:].split("\n", 1)[0].split()
            if line and line[0].rsplit("/", 1)[-1] == "env" and len(line) > 1:
                line = line[1:]
            if not line or line[0].rsplit("/", 1)[-1] not in SHELLS or len(line) > 1:
                return None
            name = line[0].rsplit("/", 1)[-1]  # `#!/bin/sh`: a POSIX shell
        shell = Word(name, True, cmd.span, name)
        return cmd._replace(words=(shell,) + tuple(cmd.words))

    def shell(self, cmd: Command, s: State, after: State):
        """`bash -c CODE`, `sh script`, `bash <<EOF`: a child shell; what it writes is followed
        when its code is known, else nothing about files is known afterwards."""
        code = _shell_text(cmd, Resolver(cmd.cwd or "", s))
        # the options the child starts with (`bash -o physical`, `-O cdable_vars`, `sh`):
        # kept as "may be on" for the rest of the text (engine/shellopts.py)
        self.registry(s).options |= shellopts.from_shell_flags(
            cmd.words, program_name(cmd.words[0].text))
        out = after.copy()
        if code is None or self.depth >= MAX_DEPTH or self.config.parse is None:
            out.files = out.files.copy()
            out.files.unsure = True
            return out, out
        if code == "":
            return out, out
        parsed = self.config.parse(code)
        if not parsed.ok:
            out.files = out.files.copy()
            out.files.unsure = True
            return out, out
        start = child_state(cmd._replace(flow=out), "child")
        _, end = resolve(parsed, self.config, start, self.depth + 1, in_function=False)
        out.files = end.files
        return out, out

    # ---------------------------------------------------------- the rest

    def insensitive(self, start: State, indices) -> State:
        """Commands whose place in the flow is not known (no tree; function bodies): a state
        that holds wherever they run. Anything the text changes anywhere is unknown."""
        self.calls.off = True  # each command once: a call's body is not followed from here
        s = self.unknown_everywhere(start)
        for i in indices:
            work.charge()
            self.command(i, s)
        return s

    def unknown_everywhere(self, start: State) -> State:
        s = start.copy()
        s.sure_functions = frozenset()
        s.positional = None
        s.ints = frozenset()
        temps: dict[str, object] = {}  # variables only ever assigned `$(mktemp ...)`
        others: set[str] = set()
        for cmd in self.commands:
            raws = list(cmd.assign_raw)
            if cmd.words and cmd.words[0].literal and cmd.words[0].text in DECLARATIONS:
                raws += [w.raw for w in cmd.words[1:] if re.match(_ASSIGN, w.raw)]
            for raw in raws:
                m = re.match(_ASSIGN, raw)
                if not m:
                    continue
                made = re.fullmatch(_MKTEMP, m.group(4).strip('"'))
                if made and m.group(3) == "=" and m.group(2) is None:
                    temps.setdefault(m.group(1), made)
                else:
                    others.add(m.group(1))
            for word in cmd.words:
                others.update(_assigned_in_text(word.raw))
            if cmd.argv and cmd.argv[0] in DECLARATIONS and (cmd.argv[0] == "readonly" or any(
                    w.text[:1] in ("-", "+") and set(w.text[1:]) & set("ilucr")
                    for w in cmd.words[1:])):
                s.attributed = s.attributed | {
                    re.match(_IDENT, w.text).group(0) for w in cmd.words[1:]
                    if w.literal and re.match(_IDENT, w.text)}
            if cmd.argv and cmd.argv[0] in STATE_BUILTINS and cmd.argv[0] not in MOVES_ONLY:
                for word in cmd.words[1:]:
                    m = re.match(_ASSIGN, word.raw)
                    if not (m and m.group(1) in temps and re.fullmatch(
                            _MKTEMP, m.group(4).strip('"'))):
                        others.update(_trap_names(word.raw) if cmd.argv[0] == "trap" else
                                      re.findall(_IDENT, word.raw))
        others.update(_loop_vars(self.tree))
        for cmd in self.commands:
            for raw in cmd.assign_raw:
                m = re.match(_ASSIGN, raw)
                if m:
                    s.vars[m.group(1)] = None
            texts = cmd.argv
            if not texts:
                continue
            if cmd.words[0].literal and texts[0] in ("cd", "pushd", "popd"):
                # (a command word only known at run time: the summary below says `anything`)
                # for rules on what may happen: the literal absolute directories it names
                known = s.candidates() if s.cwd or s.cwds else None
                target = texts[1] if len(texts) == 2 and cmd.words[1].literal else ""
                s.cwd, s.dirs = "", None
                s.cwds = tuple(sorted(set(known) | {target})) if (
                    known is not None and texts[0] == "cd" and target.startswith("/")) else None
        # what any command of the text may have assigned (any function defined here may have
        # been called: by a trap, or by a child it was exported to); a sourced file is read
        # where the line started, unless the text may move
        sure = bool(s.cwd) and s.cwd == start.cwd and not self.same
        few = self.few_values(start) if not self.same else {}
        sums = self.summarizer(start, start.cwd if sure else "", few)
        # a name set and not empty where the text starts: a `${NAME:=v}` assigns it only
        # after something else in the text made it empty, which the summary names anyway
        sums.stays = lambda name: name not in start.refs and not name.isdigit() and \
            name not in start.volatile and _set_non_empty(start.value(name))
        found = sums.code(self.tree, self.commands)
        for name, bodies in list(sums.registry.functions.items()):
            if any(c is self.commands for _, c in bodies):
                found = _union(found, sums.call(name))
        exports = _exports_functions(self.commands)
        if found.anything or found.cwd or self.same or exports:
            s.cwd, s.dirs = "", None
        if found.anything or found.writes or self.same or exports:
            s.files = start.files.unsure_all()  # what anything in the text wrote, unknown
        if found.anything or self.same or exports:
            s.opaque = True
        else:
            for name in found.names:
                s.vars[name] = None
            s.volatile = s.volatile | found.traps
        if not (found.anything or self.same or exports):
            for name, value in few.items():
                if s.vars.get(name, "") is None and name not in s.volatile and \
                        name not in s.attributed:
                    s.vars[name] = value
        for name, made in temps.items() if "\0any" not in others else ():
            # wherever it runs, its value is a name `mktemp` made (or it is still unset)
            if name not in others and s.vars.get(name) is None and name not in s.env and \
                    name not in start.vars and name not in s.refs:
                s.vars[name] = self.mktemp(made, s, s)
        return s

    def few_values(self, start: State) -> dict:
        """Variables the text assigns only by plain `NAME=value` with values known where the
        line starts (`binfalse=/bin/false` in one branch, `false` in another): wherever a
        function body or trap handler runs, each holds its value at the start (unset when no
        environment has it) or one of those, a `Choice`. Only for the line's own text with no
        `source`/`eval` in it (code from elsewhere may assign more), every mention of the name
        one of those assignments (`read X`, `for X`, `X+=`, `${X:=v}`, `local X=v`: not)."""
        text = self.text
        if text is None or start.refs or any(k.startswith("BASH_FUNC_") for k in start.env) \
                or any(w.literal and w.text in ("source", ".", "eval", "alias")
                       for c in self.commands for w in c.words):
            return {}
        assigned: dict[str, list[str]] = {}
        for cmd in self.commands:
            for raw in cmd.assign_raw:
                m = re.match(_ASSIGN, raw)
                if m:
                    plain = m.group(2) is None and m.group(3) == "=" and \
                        not m.group(4).startswith("(")  # `X=(rm)` makes an array
                    assigned.setdefault(m.group(1), []).append(m.group(4) if plain else "$(\0)")

        if not assigned:
            return {}
        flat = re.sub(r"\\\n|[\\'\"]", "", text)
        # each read once for all names (issue 16: per name, each was a scan of the text)
        mentions = Mentions(text)
        defaults = _tally(re.findall(r"\$\{(" + _IDENT + r"):=", flat))
        printed = self._printed_mentions(flat)  # `echo TRACEFILE:` assigns nothing
        # a function of the same name, defined and called, assigns nothing
        defined = _tally(m.group(1) or m.group(2) for m in re.finditer(
            r"(?:\bfunction\s+)?(?<![\w$])(" + _IDENT + r")\s*\(\s*\)|\bfunction\s+(" +
            _IDENT + r")", flat))
        called = _tally(c.words[0].raw for c in self.commands
                        if c.words and c.words[0].literal)

        def lookup(name: str):
            value = start.lookup(name)
            if name == "$" or name not in assigned and mentions.count(name) == 0:
                return value
            if name not in assigned and isinstance(value, str) and value and \
                    mentions.count(name) == defaults.get(name, 0):
                return value  # only `${TMPDIR:=/tmp}`, which assigns nothing while it is set
            return None  # the text may change it: not a value known at the start

        out: dict = {}
        for name, raws in assigned.items():
            if name in start.integers or name in start.attributed:
                continue
            count = mentions.count(name) - (printed.count(name) if printed else 0) - \
                defined.get(name, 0) - called.get(name, 0)
            if count != len(raws):
                continue
            # where the text starts: every mention of it is one of these assignments, so none
            # ran yet (`State.mentions` is for forms the pass may not see)
            first = start.vars[name] if name in start.vars else None if start.opaque else \
                start.env[name] if name in start.env else \
                UNSET if start.absent and not bash_sets(name) else None
            values = {first}
            for raw in raws:
                got = expand(raw, lookup, assignment=True)
                if got is None:
                    break
                values.add(got[0])
            else:
                if all(isinstance(v, str) or v is UNSET for v in values) and \
                        len(values) <= Choice.LIMIT:
                    out[name] = Choice(values) if len(values) > 1 else values.pop()
        return out

    def _printed_mentions(self, flat: str) -> Mentions | None:
        """The mentions of names that are literal words `echo` prints (set-x1.sub's `echo
        TRACEFILE:`): text, which assigns nothing; None for none. Not where the text defines a
        function named `echo` (it could assign the name its arguments hold) or may load a
        builtin (`enable`)."""
        if re.search(r"(?<![\w$])echo\s*\(\s*\)|\bfunction\s+echo\b|\benable\b", flat):
            return None
        words = [word.raw for cmd in self.commands
                 if cmd.words and cmd.words[0].literal and cmd.words[0].raw == "echo" and
                 not cmd.via and not cmd.assign_raw
                 for word in cmd.words[1:]
                 if word.literal and "$" not in word.raw and "`" not in word.raw]
        # one word a paragraph: a run never joins two words, a comment line stays one word's
        return Mentions("\n\n".join(words)) if words else None

    def never_option(self, raw: str) -> bool:
        """Whether `$NAME` never starts with `-`: every value the text gives NAME starts with
        another literal character (`format='%'$(...)'d'`), and nothing else assigns it."""
        m = re.fullmatch(r'"?\$(?:\{(' + _IDENT + r')\}|(' + _IDENT + r'))"?', raw)
        text = self.text
        if not m or text is None or any(w.literal and w.text in ("source", ".", "eval", "alias")
                                        for c in self.commands for w in c.words):
            return False
        name = m.group(1) or m.group(2)
        heads = [re.match(_ASSIGN, r).group(4) for c in self.commands for r in c.assign_raw
                 if re.match(_ASSIGN, r) and re.match(_ASSIGN, r).group(1) == name]
        if not heads or mention_count(text, name) != len(heads) or name in (self.start.env
                                                                            if self.start else {}):
            return False
        for head in heads:
            head = head.lstrip("'\"")
            if not head or head[0] in "-$`\\(" or head[0].isspace():
                return False
        return True

    def anywhere(self) -> State:
        """The state at any point of the text (`unknown_everywhere` of its start), made once."""
        if self._anywhere is None:
            self._anywhere = self.unknown_everywhere(self.start)
        return self._anywhere

    def walk_call(self, name: str, cmd: Command, words, s: State, after: State
                  ) -> State | None:
        """A call of a function this text defines once: its body is followed here, from the
        state at the call with the arguments it passes (`f rm x` runs `"$1" -rf "$2"` as `rm
        -rf x`), and each of its commands is checked once per call (`_Calls.readings`). Where
        that cannot be done (recursion, too many calls, a body this code does not hold) the
        function is marked, and its body is read once where nothing is known (`finish`).

        Returns the state after the call (`after`: the caller's, with what the call's own
        assignments left), or None where the body's own summary must say it: the body may
        `break` or `continue` the caller's loop, or makes a local variable whose name or
        attributes are not all known."""
        calls = self.calls
        bodies = self.bodies().get(name)
        if calls.off or bodies is None or len(bodies) != 1 or name in calls.stack or \
                len(calls.stack) >= MAX_CALL_DEPTH or sum(calls.walked.values()) >= MAX_CALLS:
            calls.unwalked.add(name)
            return None
        body = bodies[0]
        inside = s.copy()
        for raw in cmd.assign_raw:  # `x=v f`: x holds v while the body runs
            self.assign(raw, inside, s)
        inside.positional = bound_args(words[1:], s, numbers=True)
        indices = _indices(body)
        saved = {i: (self.out.pop(i), self.extra.pop(i, None)) for i in indices if i in self.out}
        kept = (self.exits, self.returns, self.loop_exits, self.in_function, self.sourced)
        self.exits, self.returns, self.loop_exits = [], [], []
        self.in_function, self.sourced = True, False
        calls.stack.append(name)
        calls.scopes.append(set())
        calls.walked[name] = calls.walked.get(name, 0) + 1
        end = None
        try:
            ok, bad = self.run(body, inside)
            end = join(ok, bad)
            for left in self.exits:  # `return` (and `exit`: the caller never goes on there)
                end = join(end, left)
        finally:
            calls.stack.pop()
            scoped = calls.scopes.pop()
            self.exits, self.returns, self.loop_exits, self.in_function, self.sourced = kept
            for i in indices:
                if i in self.out:
                    calls.readings.setdefault(i, []).append(self.out.pop(i))
                    calls.readings[i] += self.extra.pop(i, None) or []
            for i, (one, more) in saved.items():
                self.out[i] = one
                if more is not None:
                    self.extra[i] = more
        if end is None or "\0any" in scoped or "\0loop" in scoped:
            return None
        out = end.copy()
        out.positional = after.positional
        for raw in cmd.assign_raw:  # `x=v f`: back to what the caller had
            m = re.match(_ASSIGN, raw)
            if m is None:
                return None
            scoped.add(m.group(1))
        for name in scoped:  # local variables end with the call
            if name in after.vars:
                out.vars[name] = after.vars[name]
            else:
                out.vars.pop(name, None)
            for field in ("attributed", "integers", "ints"):
                mine, theirs = getattr(out, field), getattr(after, field)
                setattr(out, field, mine - {name} | (theirs & {name}))
            if name in out.refs or name in after.refs:
                out.refs = {n: t for n, t in out.refs.items() if n != name}
                if name in after.refs:
                    out.refs[name] = after.refs[name]
        return out

    def bodies(self) -> dict:
        """Function name -> the bodies this code defines for it (`func` nodes of the tree)."""
        found = self._bodies
        if found is None:
            found = {}
            stack = [self.tree] if self.tree is not None else []
            while stack:
                node = stack.pop()
                if not isinstance(node, tuple) or not node:
                    continue
                if node[0] == "func" and len(node) == 3 and isinstance(node[1], str):
                    found.setdefault(node[1], []).append(node[2])
                stack.extend(_parts(node))
            self._bodies = found
        return found

    def per_call(self, name: str, body) -> bool:
        """Whether every run of `name`'s body is a call `walk_call` followed: the function is
        defined once, by the line's own text, which names it nowhere but there and as the
        command word of the calls followed; no code the pass cannot see (`eval` of unknown
        text, a command word only known at run time, a child it is exported to, a `trap` or
        alias whose text expands something) could call it; and each of its commands has a
        reading. Only in a shell started for this text, which ends with it: in an agent's
        shell that lives on (a hook, `agentsh check`), a later line may call the function with
        anything, and that line alone does not show the body."""
        calls = self.calls
        text = self.text
        if calls.lost or calls.off or self.same or self.depth or text is None or not self.fresh or \
                name in calls.unwalked or \
                name in BASH_CALLS or len(self.bodies().get(name, ())) != 1 or \
                _exports_functions(self.commands):
            return False
        if '$"' in text:
            return False  # a translated string may name it
        uncommented = re.sub(r"(?m)^[ \t]*#.*$", "", text)
        flat = re.sub(r"\\\n|[\\'\"]", "", uncommented)
        # a name inside a longer word joined by `-`, `.` or `/` (`rm -f`, `$TMPDIR/catfile-$$`,
        # `f.txt`) is another word, which no command word or `command`/`trap`/`x=` names
        named = r"(?<![\w$./-])" + re.escape(name) + r"(?![\w./-])"
        count = len(re.findall(named, flat))
        if "$'" in text:  # `$'\x66'` names f: read decoded too, the larger count (a comment
            # line names nothing, decoded or not: unicode1.sub's `# get_array_element ...`)
            decoded = re.sub(r"\\\n|[\\'\"]", "", _ansi_c(uncommented).replace("$'", "$ '"))
            count = max(count, len(re.findall(named, decoded)))
        count -= len(re.findall(r"(?:\bfunction\s+)?(?<![\w$])" + re.escape(name) +
                                r"\s*\(\s*\)|\bfunction\s+" + re.escape(name) + r"\b", flat))
        count -= sum(1 for c in self.commands if c.words and c.words[0].literal and
                     c.words[0].raw == name)
        if "$'" not in text:  # `echo "fn4 here"` prints the name where no code reads it back
            count -= len(re.findall(named, _printed_words(self.commands, self.tree, self.bodies(),
                                                          text)))
        # `complete -F NAME`: a completion function runs only when a person presses Tab in
        # an interactive shell, never in this one
        count -= sum(1 for c in self.commands if c.argv[:1] == ("complete",) and all(
            w.literal for w in c.words) for a, b in zip(c.argv, c.argv[1:], strict=False)
            if a == "-F" and b == name)
        if count != 0 or _runs_text_later(self.commands, text, self.config.parse,
                                          self.bodies()):
            return False
        if not calls.walked.get(name):
            return True  # never called: it never runs (`finish`)
        # (a bare assignment has no reading: the pass consumes it)
        return all(i in calls.readings for i in _indices(body) if self.commands[i].words)

    def finish(self, start: State) -> None:
        """Function bodies: each call followed (`walk_call`) checked them with the values at
        that call. A body whose every run is such a call (`per_call`) is done; any other runs
        wherever it is called, so nothing the text changes is known inside it, nor where it
        runs."""
        done: set = set()
        # the state anywhere, made once while no definition is added (issue 16: once per
        # body, each a summary of the whole text, took a 32 KiB chain of sourced files 34 s)
        anywhere: tuple = (None, None)
        while True:
            pending = [(name, body) for name, body in self.functions
                       if (name, id(body)) not in done and not self.per_call(name, body)]
            if not pending:
                break
            for name, body in pending:
                if (name, id(body)) in done:
                    continue
                done.add((name, id(body)))
                version = start.registry.version if start.registry is not None else None
                if anywhere[0] is None or anywhere[1] != version or version is None:
                    anywhere = (self.unknown_everywhere(start), version)
                s = anywhere[0].copy()
                s.dirs, s.positional = None, None  # the directory: where the line started,
                if not s.cwd:  # unless anything in the text may move the shell
                    # for rules on what may happen: where the line started (never for
                    # exemptions)
                    s.cwds = (start.project,) if start.project else None
                self.in_function = True
                self.run(body, s)
        generic = set()
        for name, body in self.functions:
            if (name, id(body)) in done:
                generic.update(_indices(body))
        for name, body in self.functions:
            if (name, id(body)) in done:
                continue
            for i in _indices(body):  # checked per call: one reading per call
                if i in generic:
                    continue
                got = self.calls.readings.get(i)
                if got:
                    self.out[i], self.extra[i] = got[0], got[1:]
                elif not self.calls.walked.get(name):  # never called: it never runs
                    self.never.add(i)
        self.functions = []


# programs in the `none` lists that run another program or code: never "no effects" as what
# xargs runs
RUNS_OTHERS = frozenset(("env", "command", "builtin", "exec", "xargs", "eval", "source", ".",
                         "time", "trap", "nohup", "nice", "timeout", "stdbuf", "sudo", "watch"))


GIT_FROM_COMMITS = frozenset(("reset", "checkout", "switch", "restore", "stash", "merge",
                              "rebase", "cherry-pick", "revert", "worktree"))


def _from_commits(cmd: Command) -> bool:
    """`git reset --hard`, `git checkout -b x origin/main`, `git stash pop`, `git worktree add`,
    `git pull --rebase` (its upstream, no remote or URL named): git writes the working tree
    from the repository's own commits, index or stashes. Not with
    options before the subcommand (`-C`, `--work-tree`), a word only known at run time, a
    fetched head (FETCH_HEAD: whatever `git fetch URL` brought) or a URL; not `git worktree`
    other than `add`."""
    words = cmd.words
    if cmd.program != "git" or len(words) < 2 or not all(w.literal for w in words):
        return False
    sub = words[1].text
    if sub == "pull":  # from the branch's own upstream, named by no word
        return all(w.text.startswith("-") and "=" not in w.text for w in words[2:])
    if sub not in GIT_FROM_COMMITS or (sub == "worktree" and
                                       (len(words) < 3 or words[2].text != "add")):
        return False
    return not any("FETCH_HEAD" in w.text or "://" in w.text or w.text.startswith("ext::")
                   for w in words[2:])


def blind_writer(cmd: Command, files, config: Config) -> bool:
    """Whether `cmd` is a program whose unknown writes come only from code agentsh never
    sees (`[analyzer.effects] blind`: a build tool or package manager, which runs the
    project's build scripts and its dependencies' code). When judging text alone, also the
    `blind_unseen` ones (task runners and installers whose recipe agentsh reads where it
    can see files) and a script the text does not hold, run by path (`./configure`) or by
    a `blind_unseen_scripts` interpreter (`python3 gen.py`): from the text alone, its code
    is as unseen as a build tool's. Never where the line wrote code agentsh knows first
    (the program may load it), nor with a program or subcommand only known at run time
    (its other arguments choose no code agentsh reads). A program named by a path is a
    file the agent may have written: only the rule for scripts applies to it."""
    words = cmd.words
    if not words or not words[0].literal:
        return False
    if any(e.kind == "file" and e.content for e in files.entries.values()):
        return False
    spec = config.prefix(cmd.program)  # `sudo`, `timeout 60`, `nice`: what they run
    if spec is not None:
        from agentsh.engine.wrappers import skip_options

        start = skip_options(words, spec, 1)
        return start is not None and start < len(words) and \
            blind_writer(cmd._replace(words=words[start:]), files, config)
    table = config.table
    prog = program_name(cmd.program)
    names = {prog}
    # the program's own options before its subcommand (`npm --prefix web ci`, `cargo +nightly
    # build`, `go -C dir build`): a flag alone, or with its value when `blind_option_values`
    # names it; an option with a value it does not name leaves that value as the subcommand
    values = set((table.get("blind_option_values") or {}).get(prog, ()))
    rest = list(words[1:])
    while rest and rest[0].literal and rest[0].text[:1] in ("-", "+") and rest[0].text != "--":
        flag = rest.pop(0).text
        if flag in values and rest:
            rest.pop(0)
    for seq in (words[1:3], rest[:2]):  # as written (`python3 -m venv`), and past options
        key = prog
        for word in seq:
            if not word.literal:
                break
            key = f"{key} {word.text}"
            names.add(key)
    by_name = "/" not in words[0].text  # a path is a script: read where files are seen
    if by_name and names & set(table.get("blind", ())):
        return True
    if files.world.knows:
        return False
    if by_name and names & set(table.get("blind_unseen", ())):
        return True
    script = words[0] if "/" in words[0].text else words[1] if len(words) > 1 and \
        prog in table.get("blind_unseen_scripts", ()) else None
    if script is None or not script.literal or script.text.startswith("-") or \
            cmd.stdin is not None:
        return False
    name = "/" + script.text.rsplit("/", 1)[-1]
    return not files.trees and not any(p.endswith(name) for p in files.entries)


PLAIN_ARGUMENT = later(r"[\w./:@%+=,~^-]*")
NAMED_PARTS = later(r"[=:,]")


def _has_effects(prog: str, words, table: dict) -> bool:
    """An effects entry describes this command: not one of a `fetch` entry's other subcommands
    (`docker ps`, `gh pr list`: as with no entry, only `docker cp`, `gh repo clone` are read)."""
    entry = table.get("programs", {}).get(prog)
    if entry is None:
        return False
    if entry.get("special") != "fetch":
        return True
    lead = [w.text for w in words[1:] if not w.text.startswith("-")]
    return any(lead[:len(s.split())] == s.split() for s in entry.get("fetch", {})) or \
        bool(entry.get("subcommands")) and bool(lead) and lead[0] in entry["subcommands"]


def unseen_quiet(cmd: Command, files, config: Config) -> tuple[str, ...] | None:
    """Judging text alone (`check --batch`, the scorers): a program agentsh has no effects
    entry for, named by name, given only plain words (no code, no text with spaces or quotes,
    nothing only known at run time) and nothing on its standard input (`kubectl get pods`,
    `podman ps`, `ansible-lint playbooks/`, `turbo prune --scope=web`). What it writes comes
    from its own code, which agentsh does not see: like a blind writer's, except at the places
    its words name, which it may have written (`aria2c -o run.sh URL`, `gh release download -p
    run.sh`): those, returned (each word, and each part of `k=v`, `a:b`, `a,b`), are unknown.
    None when it is not such a program. Never: where files are seen (there an unknown program
    keeps everything unknown); interpreters, editors and programs with a language of their own
    (`[analyzer.effects] unseen_quiet_never`); shells and wrappers; where the line first wrote
    code agentsh knows (the program may load it)."""
    if files.world.knows or cmd.stdin is not None or not config.table.get("unseen_quiet", True):
        return None
    words = cmd.words
    if not words or not all(w.literal for w in words) or "/" in words[0].text:
        return None
    prog = program_name(cmd.program)
    table = config.table
    if len(words) > 1 and all(w.text in table.get("unseen_quiet_queries", ()) for w in words[1:]):
        return ()  # `node --version`, `python3 -V`: the program only says what it is
    if len(words) == 2 and words[1].text == "-v" and \
            prog in table.get("unseen_quiet_version_v", ()):
        return ()  # `node -v`
    for runner in table.get("unseen_quiet_through", ()):  # `npx prisma validate`: the program
        head = runner.split()                             # it runs, judged the same way
        if [w.text for w in words[:len(head)]] != head:
            continue
        rest = list(words[len(head):])
        while rest and rest[0].text.startswith("-") and rest[0].text not in ("-p", "--package", "-c",
                                                                             "--call"):
            rest.pop(0)
        if not rest or rest[0].text.startswith("-"):
            return None  # an option with a value (a package, code) or nothing to run
        inner = cmd._replace(words=tuple(rest))
        return () if blind_writer(inner, files, config) else unseen_quiet(inner, files, config)
    if prog in table.get("unseen_quiet_sql", ()) and \
            not any(e.kind == "file" and e.content for e in files.entries.values()):
        # `psql -c 'SELECT ...'`, `sqlite3 dev.db '.tables'`: literal SQL that writes no file
        from agentsh.engine import quietsql

        return quietsql.named(prog, [w.text for w in words[1:]])
    if prog in SHELLS or prog in ("env", "xargs") or _has_effects(prog, words, table) or \
            prog in NO_EFFECTS or prog in table.get("none", ()) or \
            prog in table.get("unseen_quiet_never", ()) or config.wrapper(prog) is not None or \
            (len(words) > 1 and config.wrapper(f"{prog} {words[1].text}") is not None):
        return None
    if any(e.kind == "file" and e.content for e in files.entries.values()):
        return None
    if not all(PLAIN_ARGUMENT.fullmatch(w.text) for w in words[1:]):
        return None
    if any("=" in w.text and not w.text.startswith("-") for w in words[1:]):
        return None  # `KEY=VALUE` operands set something the words spell (a setting, a field)
    if any(w.text in table.get("unseen_quiet_never_words", ()) for w in words[1:]):
        return None  # `gh pr checkout 42`: it brings a tree of someone else's files
    named: list[str] = []
    for word in words[1:]:
        for part in [word.text] + NAMED_PARTS.split(word.text):
            part = part.lstrip("-")
            if part and part not in named and not part.startswith("-"):
                named.append(part)
    return tuple(named)


def summed(s: State, found, positional: bool = True) -> State:
    """`s` after code whose effects on the shell are `found` (an `assigns.Summary`) ran in it:
    what it may assign is unknown, and what a trap it set may assign stays unknown. Its
    effects on files are not followed."""
    if found is None or found.anything or (s.refs.keys() & found.names):
        return s.forget()
    out = s.copy()
    for name in found.names:
        out.vars[name] = None
    out.volatile = s.volatile | found.traps
    # an attribute it may have set (`declare -gl x`, `readonly x`): later assignments to the
    # name are lowered, made numbers, or fail and leave the value: unknown
    out.attributed = s.attributed | found.attributed
    out.ints = s.ints - found.names - found.attributed
    if found.cwd:
        out.cwd, out.cwds, out.dirs, out.oldpwd = "", None, None, ""
    if found.positional and positional:
        out.positional = None
    out.functions = s.functions | found.functions
    out.aliases = s.aliases | found.aliases
    if found.writes:
        out.files = s.files.unsure_all()
    return out


def _trap_names(raw: str) -> list[str]:
    """The names a `trap` handler's text may assign: every name in it, except those it only
    expands (`trap 'rm -rf "$tmp"' EXIT` assigns nothing, so `tmp=$(mktemp -d)` still holds
    the name mktemp made when the handler runs). Text that may run other code (`eval`,
    `source`, a `${...}` that may assign) keeps every name."""
    if "${" in raw or re.search(r"(?<![\w-])(eval|source|\.|read|printf|declare|typeset|local|"
                                r"export|readonly|mapfile|readarray|let|unset)(?![\w-])", raw):
        return re.findall(_IDENT, raw)
    return re.findall(r"(?<![\w$])" + _IDENT, raw)


def _may_unset_function(word: Word, name: str) -> bool:
    """Whether operand `word` of a plain `unset` (or `unset -f`) may remove function `name`:
    a word that is or may expand to that name. Not an option, another name, a pattern that
    cannot match it (`dict[@]`), nor a whole double-quoted array element (`"assoc[$var]"`:
    bash unsets an element, never a function, and the word is not split)."""
    if word.literal:
        text = word.text
        if text.startswith("-") or text == "--":
            return False
        if any(c in word.raw for c in "*?[") and not word.raw.startswith(("'", '"')):
            import fnmatch

            return fnmatch.fnmatchcase(name, text) or text == name
        return text == name
    return re.fullmatch(r'"[A-Za-z_][A-Za-z0-9_]*\[[^"]*\]"', word.raw) is None


def _set_non_empty(value) -> bool:
    return isinstance(value, str) and value != ""


def _printed_words(commands, tree, functions: dict, text: str) -> str:
    """The argument words (quotes removed, as `per_call` counts names) of the `echo`
    commands of a text whose output nothing in the text can read back as code: an `echo` with
    literal words, no substitution and no redirection but `>&2`, in no pipeline, substitution or
    subshell, in a text where no command sends output to a file or a stream (`> f`, `exec >
    >(bash)`, `{ ...; } > f`, `f > out`: only `/dev/null` and copies of a descriptor, `>&2`).
    There the output goes where the text started it (a terminal, the caller's file), so a name
    printed there (`echo "fn4 here. Calling fn3..."`, bash's dbg-support test) calls nothing.
    Empty where the parser could not tell how the commands run, or where `echo` may be
    something else (a function of the text, an alias: `alias echo=eval`)."""
    if tree is None or "echo" in functions or re.search(r"\balias\b", text):
        return ""
    def stays(r) -> bool:  # to nothing, or to a descriptor the text never moved to a file
        return r.target.literal and (r.target.text == "/dev/null" or (
            r.op in (">&", "<&") and (r.target.text.isdigit() or r.target.text == "-")))

    if any(">" in r.op and not stays(r) for cmd in commands for r in cmd.redirects):
        return ""
    printed: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, tuple) or not node or node[0] in ("pipe", "sub", "bg"):
            continue
        if node[0] == "cmd" and len(node) == 2 and type(node[1]) is int:
            cmd = commands[node[1]] if node[1] < len(commands) else None
            if cmd is not None and cmd.words and cmd.words[0].literal and \
                    cmd.words[0].raw == "echo" and all(map(stays, cmd.redirects)) and \
                    not cmd.assign_raw and \
                    all(w.literal and not any(c in w.raw for c in "$`<>") for w in cmd.words):
                printed.extend(re.sub(r"\\\n|[\\'\"]", "", w.raw) for w in cmd.words[1:])
            continue
        stack.extend(_parts(node))
    return "\n".join(printed)


def _exports_functions(commands) -> bool:
    """Whether the text may export a function to a child shell (`export -f`, `declare -fx`,
    `set -a`), which may then call it after assigning anything."""
    for cmd in commands:
        texts = [w.text for w in cmd.words if w.literal]
        if not texts:
            continue
        flags = "".join(t[1:] for t in texts[1:] if t[:1] in ("-", "+"))
        if texts[0] in ("export", "declare", "typeset") and "f" in flags:
            return True
        if texts[0] == "set" and ("a" in flags or "allexport" in texts):
            return True
    return False


def _union(a, b):
    if a.anything or b.anything:
        return a if a.anything else b
    return a._replace(names=a.names | b.names, cwd=a.cwd or b.cwd,
                      positional=a.positional or b.positional,
                      functions=a.functions | b.functions, aliases=a.aliases | b.aliases,
                      traps=a.traps | b.traps, writes=a.writes or b.writes,
                      attributed=a.attributed | b.attributed)


_CHOICE_REF = r'"?\$(?:\{(' + _IDENT + r')\}|(' + _IDENT + r'))"?'
MAX_READINGS = 16  # readings of one command with words that are one of a few strings


def _choice_word(cmd: Command, s: State) -> tuple[str, tuple | None]:
    """The first word that is a lone variable holding one of a few known strings, and them;
    ("", None) when there is none or the readings would be too many."""
    found: list[tuple[str, tuple]] = []
    for word in cmd.words:
        if word.literal or "$" not in word.raw:
            continue
        m = re.fullmatch(_CHOICE_REF, word.raw)
        name = (m.group(1) or m.group(2)) if m else ""
        choices = s.choices(name) if name and s.lookup(name) is None else None
        if choices and len(choices) > 1:
            found.append((name, choices))
    readings = 1
    for _, choices in found:
        readings *= len(choices)
    if not found or readings > MAX_READINGS:
        return "", None
    return found[0]


# functions bash itself calls by name
BASH_CALLS = frozenset(("command_not_found_handle",))
# builtins that keep a text to run it later, or call a function named by a word
# (`complete` and `bind -x` only run code in an interactive shell, when a key is pressed)
LATER_CODE = frozenset(("trap", "mapfile", "readarray", "compgen"))


# builtins that run a text or a function named by their words (`eval "$x"`, `command $f`),
# or set up code that runs later: a trap handler holding one of them may call any function
_RUNS_CODE = frozenset(("eval", "source", ".", "command", "builtin", "exec", "trap", "fc",
                        "mapfile", "readarray", "compgen", "complete", "bind", "enable",
                        "alias", "unalias", "declare", "typeset", "local", "export",
                        "readonly", "read", "printf", "let", "unset", "set", "shopt", "kill"))


def _runs_text_later(commands, text: str, parse=None, functions=None) -> bool:
    """Whether code may run a text the pass does not follow as a command: a `trap` handler,
    a `mapfile -C` callback or completion function whose word expands something, a prompt
    (`PS4` under `set -x`, `${x@P}`, `PROMPT_COMMAND`). A function named there by a word that
    expands may be called with any arguments. Not a trap handler whose expansions can call
    no function (`trap 'rm -f $TMPDIR/x-$$' 0`, `_plain_handler`), where the text defines no
    alias."""
    if any(marker in text for marker in ("@P", "PS4", "PS0", "PS1", "PROMPT_COMMAND")):
        return True
    # an alias may turn a handler's plain word into `eval` (`alias zap=eval`)
    aliased = any(c.words and c.words[0].raw in ("alias", "BASH_ALIASES") for c in commands) or \
        "BASH_ALIASES" in text
    for cmd in commands:
        if not cmd.words or cmd.words[0].raw not in LATER_CODE:
            continue
        if cmd.words[0].raw == "trap" and not aliased and \
                _plain_handler(cmd, parse, functions or {}, commands):
            continue
        words = list(cmd.words[1:])
        if cmd.words[0].raw != "trap":  # the words given to -C, -F, -W (expanded, then run)
            given = []
            for i, word in enumerate(words):
                if word.raw == "--":
                    break
                if not word.literal or i and words[i - 1].raw in ("-C", "-F", "-W"):
                    given.append(word)  # (an option only known at run time may be -F)
            words = given
        if any("$" in w.raw or "`" in w.raw for w in words):
            return True
    return False


def _plain_handler(cmd: Command, parse, functions: dict, commands=()) -> bool:
    """Whether `trap HANDLER SIGNAL...` sets a handler that can call no function of the text
    that changes anything, whatever its expansions hold: a literal handler text that parses,
    every command of it (those in substitutions too) run by a literal command word that is no
    builtin that runs code or sets up more (`_RUNS_CODE`) and no function the text defines,
    unless that function only prints (`_inert_function`: `trap 'print_debug_trap $LINENO'
    DEBUG` in bash's dbg-support test). Its expansions are then only arguments of programs
    (`rm -f $TMPDIR/x-$$`, `echo $LINENO`). The handler is still checked as code where it may
    run (`assigns`, `unwrap`); this only says that it calls no function with arguments the pass
    cannot follow that could change what the pass knows."""
    words = cmd.words[1:]
    if words and words[0].literal and words[0].text == "--":
        words = words[1:]
    if parse is None or not words or not all(w.literal for w in words) or \
            words[0].text.startswith("-"):
        return False
    try:
        parsed = parse(words[0].text)
    except Exception:  # noqa: BLE001 - fail closed: a handler not read may call anything
        return False
    if not parsed.ok:
        return False
    for inner in parsed.commands:
        if not inner.words:
            continue
        first = inner.words[0]
        if not first.literal or "$" in first.raw or "`" in first.raw or \
                (first.text in functions and
                 not _inert_function(functions, first.text, commands)) or \
                first.text in _RUNS_CODE or program_name(first.text) in SHELLS:
            return False
    return True


# what an inert function may run: builtins that print or end the function, nothing else
_INERT = frozenset(("echo", "return", ":", "true", "false"))


def _inert_function(functions: dict, name: str, commands) -> bool:
    """A function the text defines once whose body only prints to its standard output or ends
    (`echo "debug lineno: $1 ${FUNCNAME[1]}"; return`): run at any time with any arguments, it
    writes no file, sets nothing, defines nothing and calls nothing. No redirection, no
    substitution, no assignment or prompt expansion in its words (`${X:=v}`, `${x@P}`), no
    function of the text named like the builtins it runs, no function defined inside it."""
    bodies = functions.get(name, ())
    if len(bodies) != 1 or any(n in functions for n in _INERT):
        return False
    stack = list(_parts(bodies[0])) if isinstance(bodies[0], tuple) else []
    while stack:
        node = stack.pop()
        if node and node[0] == "func":
            return False
        stack.extend(_parts(node))
    indices = _indices(bodies[0])
    if not indices:
        return False
    for i in indices:
        if i >= len(commands):
            return False
        inner = commands[i]
        if not inner.words or inner.redirects or not inner.words[0].literal or \
                inner.words[0].text not in _INERT or inner.assignments:
            return False
        if any(any(c in w.raw for c in "`=") or "$(" in w.raw or "<(" in w.raw or
               ">(" in w.raw or re.search(r"@[A-Za-z]", w.raw) for w in inner.words):
            return False
    return True


def _indices(node) -> tuple[int, ...]:
    """The command indices of a tree node, nested function bodies included."""
    found: list[int] = []
    stack = [node]
    while stack:
        part = stack.pop()
        if not isinstance(part, tuple) or not part:
            continue
        if part[0] == "cmd" and len(part) == 2 and type(part[1]) is int:
            found.append(part[1])
            continue
        stack.extend(_parts(part))
    return tuple(sorted(found))


def _parts(node: tuple) -> list:
    """The tuples inside a tree node: its parts, or (a list of nodes: `seq`, `pipe`, `case`
    arms) every item."""
    parts = node[1:] if isinstance(node[0], str) else node
    return [part for part in parts if isinstance(part, tuple)]


def _loop_vars(tree) -> set[str]:
    """Every `for`/`select` variable in a tree (None: the parser could not tell: all of them
    may be any name, so the caller must not rely on the answer; returns a marker name)."""
    if tree is None:
        return {"\0any"}
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, tuple) or not node:
            continue
        if node[0] == "loop" and len(node) > 3 and node[3]:
            found.add(node[3])
        stack.extend(_parts(node))
    return found


def _redirects_may_fail(cmd: Command) -> bool:
    """Whether opening one of the command's redirects may fail, so that the command does not
    run: anything but `/dev/null`, a copy of the standard descriptors (`2>&1`, `>&2`) and
    closing one (`<&-`). A missing file, a directory that is not there or not writable, an
    unopened descriptor (`2>&9`), an ambiguous target (`</*`, `> $x`), noclobber: all fail."""
    for red in cmd.redirects:
        target = red.target
        if not target.literal:
            return True
        text = target.text
        if red.op in ("<&", ">&", "<&-", ">&-") or (red.op.endswith("&") and red.op != "&"):
            if text in ("0", "1", "2", "-"):
                continue
            return True
        if red.op.startswith("&>") or red.op in (">", ">>", "<", ">|", "<>", "&>", "&>>"):
            if text == "/dev/null":
                continue
            return True
        return True
    return False


def sourced_file(name: str, state: State, cwd: str) -> str:
    """The file `source NAME` reads, as an absolute path; "" when not known. A name with a
    slash is a path. A bare name is looked up on PATH first (bash's `sourcepath`, on by
    default: the first entry that is there and no directory), then in the working directory.
    Which one is not known when PATH is not, when the files are not (judging text alone, after
    a program with unknown effects), or when both a PATH entry and the working directory's
    file exist (`shopt -u sourcepath` would read the second)."""
    res = Resolver(cwd, state)
    if "/" in name:
        return res.path(name, name)
    files = state.files
    path = state.lookup("PATH")
    if not name or not isinstance(path, str) or not files.world.knows or files.unsure or \
            files.trees:
        return ""
    here = res.path(name, name)
    for directory in path.split(":"):
        full = res.path(f"{directory or '.'}/{name}", name)
        if not full:
            return ""
        kind = files.kind(full)
        if kind in ("missing", "dir"):
            continue
        if kind != "file" or not here or files.kind(here) not in ("missing", "dir") and \
                here != full:
            return ""
        return full
    return here


def _operand_path(res: Resolver, word: Word) -> str:
    """An operand word as an absolute path, or "" when it is only known at run time."""
    return res.path(word.text, word.raw) if word.literal else ""


def _expandable(raw: str) -> bool:
    """A word left unknown by the parser that known values may explain: `$x`, `~`, a
    backquoted `echo`/`printf` (`words._printed`)."""
    return "$" in raw or raw.startswith("~") or "`" in raw


SHELL_VALUE_OPTS = frozenset("-o +o -O +O --rcfile --init-file".split())


def _shell_text(cmd: Command, res: Resolver) -> str | None:
    """The code a shell command runs (`-c CODE`, a script, its stdin), None when unknown."""
    words = cmd.words
    i, has_c, from_stdin = 1, False, False
    while i < len(words):
        text = words[i].text
        if not words[i].literal or not text.startswith(("-", "+")) or text == "-":
            break
        if text == "--":
            i += 1
            break
        if text in ("--rcfile", "--init-file"):
            return None  # code it reads first: what it writes is not followed
        if text in SHELL_VALUE_OPTS:
            i += 2
            continue
        if not text.startswith("--") and text[0] == "-" and "c" in text[1:]:
            has_c = True
        if not text.startswith("--") and text[0] == "-" and "s" in text[1:]:
            from_stdin = True  # `sh -s ARGS`: the code is standard input
        i += 1
    startup = {"BASH_ENV", "ENV"} & ({k for k, _ in cmd.assignments} | set(
        res.state.exported) | set(res.state.env))
    if startup:
        return None  # a start-up file it reads first (BASH_ENV, ENV): not followed
    if has_c:
        if i >= len(words):
            return ""
        return words[i].text if words[i].literal else None
    if from_stdin:
        i = len(words)
    if i < len(words):
        path = _operand_path(res, words[i])
        return res.read(path) if path else None
    if cmd.stdin is None:
        return None
    from agentsh.engine.effects.base import stdin_of

    return stdin_of(cmd, res)


def _touched(before: Files, after: Files) -> set[str]:
    """Paths whose entry differs between two file states ("" = anything: unknown writes)."""
    out = {p for p, e in after.entries.items() if before.entries.get(p) != e}
    if after.unsure and not before.unsure:
        out.add("")
    out |= set(after.trees) - set(before.trees)
    return out


def _move_sources(files: Files, found) -> dict[str, str]:
    """For each path a command moves away: where what it holds was before the line (itself,
    unless the line made it or moved it there first)."""
    out = {}
    for effect in found:
        if effect.kind == "move" and effect.path:
            before = files.source(effect.path)
            entry = files.entries.get(effect.path)
            # (not a file the line itself wrote with content not known here: `./gen > x.py; mv
            # x.py conftest.py` moves the line's unknown write, not what was there before it)
            written = entry is not None and entry.kind in ("file", "unknown") and \
                entry.content is None and not entry.edited and not entry.source
            if not before and not files.fresh(effect.path) and not written and \
                    files.kind(effect.path) != "missing":
                before = effect.path
            if before:
                out[effect.path] = before
    return out


def _blind_delete(files: Files) -> None:
    """Judging text alone, a deletion of places only known at run time (`find . -name
    node_modules -prune -exec rm -rf {} +`, `rm -rf "$D"`): it makes no file hold new text, and
    what it may remove was unseen anyway, so it leaves files as a blind program does (a recipe
    read after it is as unseen as before; what the line wrote becomes unknown). Round 10."""
    files.blind_write()
    files.entries = {p: (UNSURE if e.kind == "file" else e) for p, e in files.entries.items()}


def _apply_one(files: Files, res: Resolver, effect) -> None:
    kind, path = effect.kind, effect.path
    if kind == "mkdir" and not path:
        # `mkdir -p "$(dirname "$f")"`: a directory somewhere, new or already there; no file's
        # content changes, but what the line deleted may now be a directory again
        files.entries = {p: (UNSURE if e.kind == "missing" else e) for p, e in files.entries.items()}
        return
    if kind == "delete" and not path and not files.world.knows:
        _blind_delete(files)
        return
    if kind == "unknown" or (not path and kind not in ("meta",)):
        files.unsure = True
        files.entries = {p: (UNSURE if e.kind == "file" else e) for p, e in files.entries.items()}
        return
    if not path:
        return
    if not effect.sure:
        files.entries[path] = UNSURE
        return
    if kind in ("write", "append", "touch"):
        # writing through a symlink writes its target; where only blind programs ran since
        # anything became unknown, links are as they were (what those programs did counts as
        # it was: `cargo build && cp .env.example .env && make` reads the Makefile as before,
        # and a write through a link that was there reaches its target)
        real = res.realpath(path, settled=files.blind)
        if real is None:
            # where it lands is not known (after a program with unknown effects, a folder on
            # the way may be a link now): anything may have changed, and what is at the path
            # as named is surely the line's write, of content not known here (`python3 gen.py;
            # echo CODE > conftest.py && pytest` reads conftest.py as written, not as before)
            detail = effect.detail or ""
            in_place = kind == "write" and effect.content is None and (
                detail in ("sed -i", "awk -i inplace") or detail.endswith(" -i"))
            files.unsure = True
            # every name the line wrote since may be a link to this one now: unknown
            files.entries = {p: (UNSURE if e.kind == "file" else e)
                             for p, e in files.entries.items()}
            # (an in-place edit stays one: `sed -i ... pyproject.toml` after `npx nx build`)
            # a whole known text written here is what reading the name as named gives (or
            # less: a link to /dev/null): `make; cat > x.py <<EOF ... EOF; python3 x.py` reads
            # and checks x.py as written (before, unreadable: it ran unchecked)
            files.entries[path] = Entry("unknown", None, False, "", True) if in_place \
                else Entry("file", effect.content) if kind == "write" and \
                effect.content is not None else UNSURE
            return
        path = real
    before = files.kind(path)
    if kind == "write":
        detail = effect.detail or ""
        edited = effect.content is None and before != "missing" and (
            detail in ("sed -i", "awk -i inplace") or detail.endswith(" -i"))
        files.entries[path] = Entry("file", effect.content, before == "missing", "", edited)
    elif kind == "append":
        old = files.read(path) if before in EXISTS else ("" if before == "missing" else None)
        content = old + effect.content if old is not None and effect.content is not None \
            else None
        # known text added to what was there: as unknown as an in-place edit, no more
        edited = content is None and old is None and effect.content is not None
        if edited and not files.world.knows:
            # judged from the text alone, what was there is unseen (as an untouched file is):
            # what the line adds is what can be checked (`echo 'CODE' >> conftest.py && pytest`)
            content = effect.content
        files.entries[path] = Entry("file", content, before == "missing", "", edited)
    elif kind == "meta":
        if before in ("dir", "unknown") or effect.recursive:
            files.entries[path] = UNSURE  # its mode may now keep `cd` out
    elif kind == "touch":
        if before == "missing":
            files.entries[path] = Entry("file", "", True)
        elif before == "unknown":
            files.entries[path] = UNSURE
    elif kind in ("delete", "move"):
        target = res.target(path, effect.text)
        if target is None and kind == "delete" and not files.world.knows:
            _blind_delete(files)
            return
        if target is None:
            files.unsure = True
            return
        for p in [p for p in files.entries if p.startswith(target + "/")]:
            del files.entries[p]
        files.entries[target] = MISSING
    elif kind == "mkdir":
        if before == "missing":
            files.entries[path] = Entry("dir", None, True)
        elif before != "dir":
            files.entries[path] = Entry("dir", None, False) if before == "unknown" else UNSURE
    elif kind == "link":
        if effect.origin and effect.detail in ("ln", "link", "cp"):
            target = effect.origin
            if not target.startswith("/"):
                target = normpath(path.rsplit("/", 1)[0] + "/" + target)
            files.entries[path] = Entry("symlink", None, False, target)
        else:
            files.entries[path] = UNSURE
    elif kind == "tree":
        if before == "missing":
            files.entries[path] = Entry("dir", None, True)
        for p in [p for p in files.entries if p.startswith(path + "/")]:
            del files.entries[p]
        files.trees = tuple(sorted(set(files.trees) | {path}))


def _unfresh_above(files: Files, path: str) -> None:
    parent = path
    while parent not in ("/", ""):
        found = files.entries.get(parent)
        if found is not None and found.fresh:
            files.entries[parent] = found._replace(fresh=False)
        parent = parent.rsplit("/", 1)[0] or "/"
        if parent == "/":
            break


def _any_assigned(state: State) -> None:
    """Any variable may have been assigned (`${!r:=v}`): every value is unknown (in place)."""
    state.vars = {n: None for n in state.vars}
    state.opaque = True
    state.ints = frozenset()


def _assigned_in_text(raw: str, lookup=None) -> list[str]:
    """Variables a word assigns as it expands: `${x:=v}` (not when `x` is known to be set and
    not empty), `$((x=1))`, `$((i++))`, `$[x=1]`, a subscript (`${a[i++]}`)."""
    out = assigned_in_word(raw)
    if lookup is None or not out:
        return out
    for m in re.finditer(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)=", raw):
        value = lookup(m.group(1))
        if value is None or value is UNSET or (m.group(2) and value in ("", ())):
            continue
        if m.group(1) in out and raw.count("${" + m.group(1)) == 1:
            out = [n for n in out if n != m.group(1)]
    return out


# ------------------------------------------------------------------ builtins that change state


def _cd(flow: _Flow, cmd: Command, words, s: State, after: State):
    # options as bash's internal_getopt reads them: before the first operand, the last of
    # -L/-P wins; an unknown option or more than one operand is an error and cd changes nothing
    physical = False
    rest = list(words[1:])
    while rest and rest[0].literal and rest[0].text.startswith("-") and rest[0].text != "-":
        text = rest.pop(0).text
        if text == "--":
            break
        if not set(text[1:]) <= set("LPe@"):
            return None, after  # cd: -x: invalid option
        for letter in text[1:]:
            physical = {"P": True, "L": False}.get(letter, physical)
    args = rest
    if len(args) > 1:
        if all(w.literal for w in args):
            return None, after  # cd: too many arguments
        ok = after.copy()  # a word may expand to nothing: which operand is not known
        ok.oldpwd, ok.cwd, ok.cwds = s.cwd, "", None
        return ok, after
    res = Resolver(cmd.cwd or "", s)
    # what cd reads (CDPATH, HOME, OLDPWD) includes assignments in front of this very cd
    # (`CDPATH=~/.config cd agentsh`, `HOME=/x cd`)
    seen = s
    if cmd.assign_raw:
        seen = s.copy()
        for raw in cmd.assign_raw:
            flow.assign(raw, seen, s)
    cdpath = _known_var(seen, "CDPATH")
    physical = physical or _option(s, "physical")
    if not args:
        home = seen.lookup("HOME")
        target = home if isinstance(home, str) and home.startswith("/") else ""
    elif args[0].literal and args[0].text == "-":
        oldpwd = seen.lookup("OLDPWD") if "OLDPWD" in seen.vars else s.oldpwd
        target = oldpwd if isinstance(oldpwd, str) else ""
    elif not args[0].literal:
        target = ""
        made = re.fullmatch(_MKTEMP, args[0].raw.strip('"'))
        if made and re.search(r"(^|\s)(-d|--directory)(\s|$)", made.group(1) or ""):
            # `cd "$(mktemp -d)"`: a directory this line made, where nothing was
            target = flow.mktemp(made, after, s) or ""
    elif cdpath not in (UNSET, "") and not args[0].text.startswith(("/", "./", "../")) \
            and args[0].text not in (".", ".."):
        target = ""  # bash looks in CDPATH first (or CDPATH is only known at run time)
    else:
        target = res.path(args[0].text, args[0].raw)
    if target and physical:
        raw_text = args[0].text if args and args[0].literal and args[0].text != "-" else target
        target = _physical(res, target, raw_text)
    known = bool(target) and _is_dir(after.files, target, res)
    if target and not known and args and _option(s, "cdable_vars"):
        # `shopt -s cdable_vars`: `cd NAME` where NAME is not a directory goes to `$NAME`
        target = ""
    ok = after.copy()
    ok.oldpwd = s.cwd
    ok.vars.pop("OLDPWD", None)  # cd sets it: an assignment before is gone
    ok.cwd, ok.cwds = target, None
    if "PWD" in ok.vars:
        ok.vars["PWD"] = target or None
    return ok, (None if known else after)


def _physical(res: Resolver, target: str, text: str) -> str:
    """Where a physical `cd` (`cd -P`, `set -P`) lands: each component resolved in turn, so a
    symlink is followed before the `..` after it (`lnk/..` is the link target's parent); ""
    when a link on the way cannot be known."""
    head, _, rest = text.partition("/")
    if text.startswith("/"):
        whole = text
    elif text.startswith("~"):
        home = res.path(head, head)
        if not home:
            return ""
        whole = home + "/" + rest
    elif not res.cwd:
        return ""
    else:
        whole = res.cwd + "/" + text
    cur = "/"
    for part in whole.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            cur = posixpath.dirname(cur) or "/"
            continue
        found = res.realpath(normpath(cur + "/" + part))
        if not found:
            return ""
        cur = found
    return cur


def _held_open(cmd: Command, redirects) -> frozenset:
    """Files a descriptor that outlives this command writes to: `exec 3>f`, `exec >f`,
    `exec 3<>f`, and a compound command's own redirects (`{ ...; } 3>f`), open while its body
    runs. What is written through them later (`echo x >&3`) lands there, so what the line
    writes to them by name is not what they hold."""
    if not redirects or not cmd.words:
        return frozenset()
    first = cmd.words[0]
    if not (cmd.argv == ("exec",) or (first.text in COMPOUND_WORDS and first.raw == first.text)):
        return frozenset()
    return frozenset(e.path for e in redirects if e.path and e.kind in ("write", "append"))


def _known_var(s: State, name: str):
    """A variable as the pass knows it: a string, UNSET when surely unset, None when only
    known at run time (assigned from run time, `read`, or in an unknown shell)."""
    if name in s.volatile:
        return None
    if name in s.vars:
        value = s.vars[name]
        return value if isinstance(value, str) or value is UNSET else None
    if name in s.env:
        return s.env[name]
    return None if s.opaque else UNSET


# a `for` list word that is a plain glob agentsh can list as bash would: literal folders, then
# one last part of plain characters, `*`, `?` and `[...]` of letters, digits and ranges
LISTABLE_GLOB = later(r"(?:[A-Za-z0-9_.,+=@%:-]+/)*(?![.])(?:[A-Za-z0-9_.,+=@%:-]|[*?]|\[[A-Za-z0-9-]+\])+")
# options that change what a glob lists (`set -f` is noglob); "*": any option
GLOB_OPTIONS = frozenset(("nullglob", "failglob", "dotglob", "nocaseglob", "globstar", "extglob",
                          "noglob", "globskipdots", "*"))
_C_LOCALES = frozenset(("", "C", "POSIX", "C.UTF-8", "C.utf8"))
_LISTED_MAX = 64  # the file view lists at most this many (more: not known)


def listed_glob(pattern: str, s: State) -> list[str] | None:
    """What bash makes of a plain glob in a `for` list (`for f in ./t[0-9].sub`): the names in
    the folder as it was before the line, in bash's order; the pattern itself where none match.
    None (only known at run time) where files are not looked at, where the line wrote, moved,
    removed anything in that folder or ran a program with unknown effects, where an option or
    GLOBIGNORE may change the listing, or where the locale's order may differ from the names'."""
    files = s.files
    if not s.cwd or not files.world.knows or files.unsure:
        return None
    lister = getattr(files.world.view, "glob", None)
    if lister is None:
        return None
    folder = posixpath.normpath(posixpath.join(s.cwd, posixpath.dirname(pattern) or "."))
    inside = folder.rstrip("/") + "/"

    def near(path: str) -> bool:  # the folder, in it, or a folder above it (a tree removed)
        return path == folder or path.startswith(inside) or inside.startswith(
            path.rstrip("/") + "/")

    if ANYWHERE in files.moved or any(near(p) for p in files.entries) or \
            any(near(str(t)) for t in files.trees) or any(near(str(m)) for m in files.moved):
        return None
    registry = s.registry
    options = registry.options if registry is not None else None
    if options is None or options & GLOB_OPTIONS:
        return None
    for var, names in (("BASHOPTS", GLOB_OPTIONS), ("SHELLOPTS", {"noglob"})):
        value = _known_var(s, var)
        if value is None or (isinstance(value, str) and names & set(value.split(":"))):
            return None
    if _known_var(s, "GLOBIGNORE") is not UNSET:
        return None
    try:
        found = lister(pattern, s.cwd)
    except (OSError, ValueError):
        return None
    if found is None or len(found) >= _LISTED_MAX or \
            any(not n.isprintable() or n.isspace() for n in found):
        return None
    if not found:
        return [pattern]
    return found if _same_order(found, s) else None


def _same_order(names: list[str], s: State) -> bool:
    """Whether `names` (sorted by code point) are in the order bash sorts them (strcoll): the
    C locale's; in another, only names of lower-case letters, digits and `._-` whose order
    with punctuation ignored (a collation's first level) is the same and strict."""
    locale = None
    for var in ("LC_ALL", "LC_COLLATE", "LANG"):
        value = _known_var(s, var)
        if value is None:
            break
        if isinstance(value, str) and value:
            locale = value
            break
    else:
        locale = ""
    if locale is not None and locale in _C_LOCALES:
        return True
    if any(re.search(r"[^a-z0-9._/-]", n) for n in names):
        return False
    keys = [re.sub(r"[^a-z0-9]", "", n) for n in names]
    return all(a < b for a, b in zip(keys, keys[1:]))


def _option(s: State, name: str) -> bool:
    """Whether shell option `name` may be on where `s` holds (engine/shellopts.py)."""
    def value(var):
        got = _known_var(s, var)
        return False if got is UNSET else got

    registry = s.registry
    return shellopts.may_be_on(registry.options if registry is not None else None, name, value)


def _is_dir(files: Files, path: str, res: Resolver) -> bool:
    """Whether `cd path` succeeds. A program with unknown effects may have written any file,
    but is not taken to remove directories (see docs/engine-dataflow.md, known limits)."""
    found = files.entries.get(path) or files.entry(path)
    if found is None or (found.kind == "unknown" and path not in files.entries):
        kind = files.world.kind(path)
        if kind == "symlink":
            real = files.world.realpath(path)
            return bool(real) and files.world.kind(real) == "dir"
        return kind == "dir"
    return found.kind == "dir"


def _pushd(flow: _Flow, cmd: Command, words, s: State, after: State):
    args = [w for w in words[1:] if w.text != "--"]
    ok = after.copy()
    if not args:
        if s.dirs:
            ok.cwd, ok.cwds, ok.dirs = s.dirs[0], None, (s.cwd,) + s.dirs[1:]
            return ok, after
        ok.cwd, ok.cwds, ok.dirs = "", None, None
        return ok, after
    if any(w.text.startswith(("+", "-")) for w in args) or not args[0].literal:
        ok.cwd, ok.cwds, ok.dirs = "", None, None
        return ok, after
    moved, failed = _cd(flow, cmd, (words[0], args[0]), s, after)
    moved.dirs = (s.cwd,) + s.dirs if s.dirs is not None else None
    return moved, failed


def _popd(flow: _Flow, cmd: Command, words, s: State, after: State):
    args = [w.text for w in words[1:]]
    ok = after.copy()
    if args and args != ["+0"]:
        ok.cwd, ok.dirs = ("", None) if "-n" not in args else (s.cwd, None)
        ok.cwds = None
        return ok, after
    if s.dirs is None:
        ok.cwd, ok.cwds, ok.dirs = "", None, None
        return ok, after
    if not s.dirs:
        return None, after
    ok.oldpwd = s.cwd
    ok.cwd, ok.cwds, ok.dirs = s.dirs[0], None, s.dirs[1:]
    return ok, after


def _dirs(flow: _Flow, cmd: Command, words, s: State, after: State):
    if any(w.text == "-c" for w in words[1:]):
        after.dirs = ()
    return after, after


def _declare(flow: _Flow, cmd: Command, words, s: State, after: State):
    prog = words[0].text
    if prog == "local" and flow.in_function is False:
        return None, after  # `local` outside a function is an error: nothing is assigned
    if flow.calls.scopes and prog in ("local", "declare", "typeset"):
        _scoped(flow.calls.scopes[-1], words)
    unchanged = after.copy()
    flow.current = cmd
    ok, bad = _declare_names(flow, words, s, after)
    if prog == "local" and flow.in_function is None:  # may be outside a function
        return join(ok, unchanged), join(bad, unchanged)
    return ok, bad


def _scoped(scope: set, words) -> None:
    """The names a `local` (`declare`, `typeset` without `-g`) in a followed call makes
    local: they are the caller's again after it."""
    flags = "".join(w.text[1:] for w in words[1:] if w.literal and w.text[:1] in "-+")
    if "g" in flags and words[0].text != "local":
        return
    for word in words[1:]:
        if word.literal and word.text[:1] in "-+":
            continue
        m = re.match(_IDENT, word.raw) if word.raw else None
        if m is None or m.end() < len(word.raw) and word.raw[m.end()] not in "=+[" or \
                not word.literal and not re.match(_ASSIGN, word.raw):
            scope.add("\0any")
            return
        scope.add(m.group(0))


def _declare_names(flow: _Flow, words, s: State, after: State):
    flags = set()
    given = set()  # the attributes given (`-i`), not taken away (`+i`)
    prog = words[0].text
    for word in words[1:]:
        text = word.text
        if word.literal and text[:1] in ("-", "+") and not re.match(_ASSIGN, word.raw):
            flags |= set(text[1:])
            given |= set(text[1:]) if text[:1] == "-" else set()
            continue
        if "p" in flags and prog in ("declare", "typeset", "local"):
            continue  # `declare -p ${!var*}`: it only prints (`declare -p a=1`: not found)
        if not word.literal and not re.match(_ASSIGN, word.raw):
            return (after.forget(),) * 2
        if flags & set("fFp"):
            continue
        if "n" in flags and (prog not in ("declare", "typeset", "local") or "n" in given):
            # a nameref: what it reads and writes is another variable (`export -n`: not one,
            # read as one all the same)
            _nameref(flow, word, prog, after, s)
            continue
        m = re.match(_ASSIGN, word.raw)
        quoted = re.match(_ASSIGN, text) if word.literal and not m else None
        name = quoted.group(1) if quoted else m.group(1) if m else text
        if name in s.refs and "n" in flags:
            # `declare +n r[=v]`: v is assigned through it (`declare +n r=ls` assigns X), then
            # r is a plain variable holding the name it stood for
            if quoted:
                return (after.forget(),) * 2
            if m:
                flow.assign(word.raw, after, s)
            target = after.refs.get(name, s.refs[name])
            after.refs = {n: t for n, t in after.refs.items() if n != name}
            after.vars[name] = UNSET if target == "" else target
            continue
        elif name in s.refs and s.refs[name] == "" and flags & set("aA"):
            # `declare -n r; declare -a r`: a nameref with none yet becomes an array
            after.refs = {n: t for n, t in after.refs.items() if n != name}
            s = s.copy()
            s.refs = after.refs
        elif name in s.refs and s.refs[name] != "" and (
                flags - {"g"} or prog in ("local", "export", "readonly")):
            # an attribute (or a new local) for the variable it stands for: not followed
            after.refs = dict(after.refs, **{name: None})
            s = s.copy()
            s.refs = after.refs
        if flags & set("ilucr") or prog == "readonly":
            # a later `name=ABC` assigns `abc` (or a number); to a readonly name it fails and
            # the value stays (`readonly x=rm; x=ls; $x` runs rm)
            after.attributed = after.attributed | {name}
        if "i" in flags:
            after.integers = after.integers | {name}
        # surely an integer from here, holding a number (not `x=rm; declare -i x`: rm stays)
        sure = "i" in given and "i" not in flags - given and not flags & set("aA") and \
            prog != "export" and (m is not None or numeric(s.value(name)) or name in s.ints or
                                  _unset_so_far(flow, flow.current, s, name))
        after.ints = after.ints | {name} if sure else after.ints - {name}
        if quoted:  # `declare 'x=(3)'`: assigns x, the value read again at run time
            after.vars[name] = None
        elif m:
            if flags & set("iluAc"):
                after.vars[name] = NUMBER if sure and m.group(2) is None else None
                for assigned in re.findall(_IDENT, m.group(4)):
                    after.vars[assigned] = None
            else:
                flow.assign(word.raw, after, s)
        else:
            if name not in after.vars and flags & set("aA"):
                after.vars[name] = () if s.lookup(name) in (UNSET,) else None
        if prog == "export" or "x" in flags:
            after.exported = after.exported | {name}
    return after, after


def _nameref(flow: _Flow, word, prog: str, after: State, s: State) -> None:
    """`declare -n r=X` (`local -n`, `typeset -n`): r stands for X from here. `declare -n r`
    makes r's value (a variable's name) what it stands for. Where bash would refuse it or the
    name is not known, what it stands for is unknown (None)."""
    m = re.match(_ASSIGN, word.raw)
    name = m.group(1) if m else word.text
    if prog not in ("declare", "typeset", "local"):
        target = None
    elif m and word.literal and m.group(2) is None and m.group(3) == "=" and \
            word.text.startswith(name + "="):
        value = word.text[len(name) + 1:]
        if _refused(value) or value == name and prog != "local":
            return  # bash refuses it (`declare -n r=/`, `declare -n r=r`): nothing changes
        target = _ref_name(value, name)
    elif m or not re.fullmatch(_IDENT, name):
        target = None
    elif name in s.refs:
        target = s.refs[name]
    else:
        held = s.value(name)
        if _refused(held) or held == name and prog != "local":
            return  # `r=%; declare -n r`: refused, r is as it was
        unset = held is UNSET or held is None and _unset_so_far(flow, flow.current, s, name)
        target = "" if unset else _ref_name(held, name)
    after.refs = dict(after.refs, **{name: target})
    after.vars[name] = None
    after.ints = after.ints - {name}


_REF_NAME = _IDENT + r"(\[[^\]]*\])?"


def _refused(value) -> bool:
    """Whether bash surely refuses `value` as what a nameref stands for (`/`, `1`, `a[`): not
    a name nor an array's element, read more loosely than bash does."""
    return isinstance(value, str) and not re.fullmatch(r"[A-Za-z_]\w*(\[.+\])?", value)


def _ref_name(value, name: str) -> str | None:
    """What a nameref named `name` given `value` stands for: a variable's name or an array's
    element; None where bash refuses it (`declare -n r=1`, `declare -n r=r`) or it is not
    known."""
    if not isinstance(value, str) or not re.fullmatch(_REF_NAME, value) or \
            value.split("[", 1)[0] == name:
        return None
    return value


def _number_refs(raw: str, s: State) -> list[str] | None:
    """The fields of `eval`'s word `raw` where each unknown `$N`/`${N}` is a number (`NUMBER`):
    the text bash gives eval with each number written back as `${N}`, so the code eval runs
    reads it as the same unknown number (never as a value: `rm -rf /d/v${N}` still asks). Only
    where a number cannot change how that code is read: not joined to a name before it
    (`x$N=1` assigns `x5`), split by no IFS character, never quoted in the code (no `'` or
    `\\` in it) nor assigned there before it is read; None otherwise."""
    ifs = s.ifs()
    if "'" in raw or ifs is None or set(ifs) & set("0123456789-"):
        return None
    names: list[str] = []

    def stand_in(m):
        name = m.group(1) or m.group(2)
        joined = raw[m.start() - 1:m.start()] or " "  # to a name, `$`, or escaped
        if s.value(name) is not NUMBER or re.fullmatch(r"[\w$\\]", joined):
            return m.group(0)
        names.append(name)
        return f"\ue000{len(names) - 1}\ue001"

    text = re.sub(r"\$\{(" + _IDENT + r")\}|\$(" + _IDENT + r")", stand_in, raw)
    fields = expand(text, s.lookup, ifs=ifs) if names and "\ue000" not in raw else None
    if fields is None:
        return None
    out = [re.sub("\ue000([0-9]+)\ue001", lambda m: "${" + names[int(m.group(1))] + "}", f)
           for f in fields]
    code = " ".join(out)
    if "'" in code or "\\" in code or "\ue000" in code or \
            any(mention_count(code, name) for name in names):
        return None
    return out


def _nested_subscript(raw: str) -> tuple[str, str] | None:
    """(name, subscript) of an array element assignment whose subscript holds brackets
    (`a[b[c]d]=e`), read as bash's parser reads it (brackets nest); None otherwise."""
    m = re.match(_IDENT + r"\[", raw)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(raw) and depth:
        if raw[i] in "'\"\\":
            return None
        depth += {"[": 1, "]": -1}.get(raw[i], 0)
        i += 1
    if depth or not re.match(r"\+?=", raw[i:]):
        return None
    return raw[:m.end() - 1], raw[m.end():i - 1]


def _number_after(s: State, name: str):
    """A name arithmetic may assign: a number after it if it held one (the assignment made a
    number, or failed and left the one it held), else unknown."""
    return NUMBER if numeric(s.value(name)) or name in s.ints else None


BARE_NAME_VALUE = later(r"(?m)((?:^|[;&|{(]|\b(?:then|do|else))[ \t]*([A-Za-z_][A-Za-z0-9_]*)=)"
                        r"[A-Za-z_][A-Za-z0-9_]*(?=[ \t]*(?:$|[;&|)}]))")


def _unset_so_far(flow: _Flow, cmd: Command, s: State, name: str) -> bool:
    """Whether `name` is surely unset at `cmd`, in a text bash starts with exactly the
    environment agentsh checked (`State.absent`): `cmd` is outside any loop and function body
    of the line's own text, and the text before it (all that ran before it) names `name` in no
    way (`mention_count`: `State.mentions` is for the whole text) and reads no other code."""
    if flow.same or flow.loops or flow.in_function is not False or flow.text is None or \
            cmd is None or \
            not s.absent or s.opaque or name in s.vars or name in s.env or bash_sets(name):
        return False
    before = re.sub(r"(?m)^[ \t]*#.*$", "", flow.text[:cmd.span[0]])  # (comment lines)
    # a name that is only the value of a bare assignment (`r=foo;`) is data: it names a
    # variable only where code reads r as one. Without an expansion of r before (`$r`, `${!r}`:
    # `printf -v$r`, `(( $r = 1 ))` are not followed), that is `declare -n r`, which the pass
    # follows (r then stands for foo, and what it assigns is foo's)
    before = BARE_NAME_VALUE.sub(lambda m: m.group(1) if not re.search(
        r"\$\{?[!#]?" + re.escape(m.group(2)) + r"(?![A-Za-z0-9_])", before) else m.group(0),
        before)
    return mention_count(before, name) == 0 and not re.search(
        r"(?<![\w$])(?:eval|source|alias|trap)(?!\w)|(?<![\w$./])\.\s", before)


# `"$(declare -f NAME)"`, `"$(typeset -f NAME)"`, `"$(type NAME | sed 1d)"`: bash prints the
# function NAME's definition (type: after a first line "NAME is a function"), or prints nothing
# (or only that first line) when NAME is no function: eval of it defines NAME again as it is,
# or does nothing (heredoc1.sub, type2.sub, type3.sub)
_REPRINT = (r'"\$\(\s*(?:(?:declare|typeset)\s+-f\s+[A-Za-z_]\w*|'
            r'type\s+[A-Za-z_]\w*\s*\|\s*sed\s+1d)\s*\)"')


# `"$(declare -f NAME | sed 's:NAME:NEW:')"` (any one delimiter, no flags)
_RENAME = (r'"\$\(\s*(?:declare|typeset)\s+-f\s+([A-Za-z_]\w*)\s*\|\s*sed\s+'
           r"'s([:/|#,@])([A-Za-z_]\w*)\2([A-Za-z_]\w*)\2'\s*\)\"")
# what bash's reprint of a function may write that its source need not hold
_REPRINT_WORDS = ("function", "then", "else", "elif", "done", "esac", "select", "until", "while",
                  "coproc", "time", "in", "do", "fi", "if", "for", "case", "dev", "null")


def _builtins_as_they_are(s: State) -> bool:
    """No function, alias or `enable -n` of the line stands for declare, typeset, type or sed
    (sed is taken to be the system's, as `tr` and `cat` are in `words._printed`)."""
    names = {"declare", "typeset", "type", "sed", "command"}
    env = s.env or {}
    return not s.disabled and not names & (set(s.functions) | set(s.aliases)) and \
        not any(f"BASH_FUNC_{name}%%" in env for name in names) and "PATH" not in s.vars


def _eval_compound(m, value: str, s: State, ifs, word: Word) -> list[Word]:
    """`eval NAME=( WORDS )`: bash hands eval the word as parse_compound_assignment rebuilt
    it (`NAME=(` and the words as written joined by one space, then `)`), expanded as any other
    argument (quotes removed, unquoted expansions split, no tilde): `eval foo=( "bash" )` runs
    `foo=(bash)`, `eval c=( $x "a  b" )` with x='1 2' gets `c=(1` and `2 a  b)`. A field bash
    would expand as a pattern, or anything not known: the word as it was (unknown)."""
    items = split_array(value[1:-1])
    if items is None:
        return [word]
    rebuilt = m.group(1) + (m.group(2) or "") + m.group(3) + "(" + " ".join(items) + ")"
    fields = expand(rebuilt, s.lookup, ifs=ifs, patterns=True)
    if fields is None or isinstance(fields, Patterns):
        return [word]
    return [Word(f, True, word.span, word.raw) for f in fields]


def _unset(flow: _Flow, cmd: Command, words, s: State, after: State):
    functions = refs = False
    flags = "".join(w.text[1:] for w in words[1:] if w.literal and w.text.startswith("-"))
    if "f" in flags or "v" not in flags:  # it may remove a function: those it names
        after.sure_functions = frozenset(
            f for f in after.sure_functions if not any(_may_unset_function(w, f)
                                                        for w in words[1:]))
    after.ints = frozenset()  # (an attribute goes with the variable)
    for word in words[1:]:
        text = word.text
        if not word.literal and functions:
            continue  # `unset -f $names`: functions go; any left are still taken as there
        if not word.literal:
            out = after.forget()
            if "v" in flags and "f" not in flags:  # `unset -v dict["$1"]`: no function goes
                out.sure_functions = after.sure_functions
            return out, out
        if text == "-f":
            functions = True
            continue
        if text.startswith("-"):
            refs = refs or "n" in text
            continue
        name = text.split("[", 1)[0]
        if functions:
            after.functions = after.functions - {text}
        elif name in after.refs and (refs or after.refs[name] == ""):
            # `unset -n r` (or a nameref that stands for nothing yet): the nameref itself goes
            after.refs = {n: t for n, t in after.refs.items() if n != name}
            after.vars[name] = UNSET
        elif name in after.refs:  # `unset r`: the variable it stands for
            target = after.ref_target(name)
            if not target or "[" in text:
                return (after.forget(),) * 2
            after.vars[target.split("[", 1)[0]] = UNSET if "[" not in target else None
        elif "[" in text and _scalar_element(after, name, text):
            # `unset x[N]` of a scalar (or unset) x: bash leaves it as it was ("not an array
            # variable") where N is not 0, and unsets it where N is 0
            if text.endswith("[0]"):
                after.vars[name] = UNSET
        else:
            after.vars[name] = UNSET if "[" not in text else None
    return after, after


def _scalar_element(s: State, name: str, text: str) -> bool:
    """`text` is `NAME[DIGITS]` and `name` holds a known string or is known to be unset."""
    value = s.lookup(name)
    return re.fullmatch(r"[A-Za-z_]\w*\[[0-9]+\]", text) is not None and (
        isinstance(value, str) or value is UNSET) and name not in s.ints


def _callbacks(flow: _Flow, cmd: Command, words, s: State, after: State):
    """`mapfile -C CALLBACK`, `compgen -F FUNCTION`: code run in this shell, between lines or
    to complete a word. What it may assign is its summary's (`assigns.Summarizer`): before,
    `x=ls; g() { x=rm; }; compgen -F g x; $x -rf d` ran rm unasked (agentsh read ls)."""
    prog = words[0].text
    ok, bad = _reads(flow, cmd, words, s, after) if prog != "compgen" else (after, after)
    runs = any(not w.literal or w.text[:1] == "-" and (
        "C" in w.text if prog != "compgen" else w.text == "-F") for w in words[1:])
    if runs:
        found = flow.summarizer(s, cmd.cwd or "").command(cmd._replace(assign_raw=(),
                                                                       redirects=()))
        ok, bad = (summed(x, found) if x is not None else None for x in (ok, bad))
    return ok, bad


# `$!`, `$$`, `$?`, `$#` (quoted or in braces): digits or nothing, never an option nor a name
_NUMBER_PARAM = r'"?\$(?:[!$?#]|\{[!$?#]\})"?'


def _reads(flow: _Flow, cmd: Command, words, s: State, after: State):
    """read, mapfile, getopts, printf -v, let, wait -p: the names they set become unknown."""
    prog = words[0].text
    texts = [w.text for w in words[1:]]
    names: list[str] = []
    array = False  # `read -a NAME`: NAME is an array of every field, and REPLY is not set
    if prog == "read":
        skip = {"-d", "-i", "-n", "-N", "-p", "-t", "-u"}
        i = 0
        while i < len(texts) and texts[i].startswith("-"):
            if texts[i] == "-a" and i + 1 < len(texts):
                names.append(texts[i + 1])
                array = True
                i += 2
                continue
            array = array or (texts[i][-1:] == "a" and not texts[i].startswith("--"))
            i += 2 if texts[i] in skip else 1
        names += texts[i:] or ([] if array else ["REPLY"])
    elif prog in ("mapfile", "readarray"):
        operands = [t for t in texts if not t.startswith("-")]
        names.append(operands[-1] if operands else "MAPFILE")
    elif prog == "getopts":
        names += texts[1:2] + ["OPTARG", "OPTIND"]
    elif prog in ("printf", "wait"):
        for flag in ("-v", "-p"):
            if flag in texts and texts.index(flag) + 1 < len(texts):
                names.append(texts[texts.index(flag) + 1])
        if prog == "printf":
            for word in words[1:]:  # the options: up to the format
                lead = word.raw.lstrip('"')[:1]
                if not word.literal and (lead and lead not in "$`-\\'{~*?[" or
                                         flow.never_option(word.raw)):
                    break  # `"%s $x"`: the format (no option starts that way)
                if not word.literal or (word.text.startswith("-v") and words.index(word) + 1 <
                                        len(words) and not words[words.index(word) + 1].literal):
                    # `printf -v "$(printf '\x58')" rm`, `printf $o X rm`: a name, or `-v`,
                    # only known at run time: it may assign any variable
                    return (after.forget(),) * 2
                if word.text == "--" or not word.text.startswith("-"):
                    break
    elif prog == "let":
        for word in words[1:]:
            text = word.text if word.literal else _with_numbers(word.raw, s)
            if text is None:  # `let "$x"`: an expression only known at run time
                return (after.forget(),) * 2
            names += re.findall(_IDENT, text)
        # each name it mentions: assigned a number, or read (a number stays one), or the
        # expression failed before it; a name that held other text is unknown
        for name in names:
            after.vars[name] = _number_after(s, name)
        if s.refs.keys() & set(names):
            return (after.forget(),) * 2
        return after, after
    # (`wait $!`, `wait $COPROC_PID`: a number or nothing is no option, `wait -p NAME` assigns)
    if any(not w.literal and not (prog == "wait" and (re.fullmatch(_NUMBER_PARAM, w.raw)
                                                      or holds_number(w.raw, s)))
           for w in words[1:]) and prog != "printf":
        return (after.forget(),) * 2
    if s.refs.keys() & {n.split("[", 1)[0] for n in names}:  # `read r` where r is a nameref
        return (after.forget(),) * 2
    known = _read_literal(cmd, texts, names) if prog == "read" and not array else None
    for i, name in enumerate(names):
        base = name.split("[", 1)[0]  # (readonly, or lowered: not what was read)
        after.vars[base] = None if known is None or base in s.attributed else known[i]
    return after, after


def _with_numbers(raw: str, s: State) -> str | None:
    """The text of `let`'s word `raw` as far as the names it holds go: each `$N`/`${N}` whose
    value is a number or nothing (`numeric`) written as `0` (digits never make or end a name:
    not next to a letter, digit or `_`), the rest expanded; None when that is not known. No
    quote or backslash (`'$n'` stays `$n`), no other expansion."""
    if "'" in raw or "\\" in raw:
        return None

    def number(m):
        name = m.group(1) or m.group(2)
        before = raw[m.start() - 1:m.start()]
        after = raw[m.end():m.end() + 1]
        if re.fullmatch(r"[\w$]", before or " ") or (m.group(1) and re.fullmatch(r"\w", after or " ")):
            return m.group(0)
        return "0" if numeric(s.value(name)) or name in s.ints else m.group(0)

    text = re.sub(r"\$\{(" + _IDENT + r")\}|\$(" + _IDENT + r")", number, raw)
    fields = expand(text, s.lookup)
    return " ".join(fields) if fields is not None else None


READ_PLAIN = frozenset(("-r", "-s", "-e"))


def _read_literal(cmd: Command, texts: list[str], names: list[str]) -> list[str] | None:
    """What `read [-r] NAME...` sets from a literal standard input (`read c <<< destroy`, a
    quoted heredoc, `echo LIT |` in a `lastpipe` shell is not: each element of a pipeline runs
    in a subshell): the first line split at blanks, the last name taking the rest. None when
    the input or the reading is not that plain (other options, an array, backslashes without
    -r, a non-default IFS)."""
    stdin = cmd.stdin
    if stdin is None or stdin.text is None or stdin.kind not in ("herestring", "heredoc"):
        return None
    options = texts[: len(texts) - len(names)]
    if not names or any(o not in READ_PLAIN for o in options) or \
            any(not re.fullmatch(_IDENT, n) for n in names) or \
            any(name == "IFS" for name, _ in cmd.assignments):
        return None
    line = stdin.text.split("\n", 1)[0]
    if "\\" in line and "-r" not in options:
        return None
    if stdin.kind == "herestring" and line.startswith("~"):
        return None  # bash expands a leading tilde in a here-string (`<<< ~/x`): not this text
    fields = line.strip(" \t").split(None, len(names) - 1)
    return fields + [""] * (len(names) - len(fields))


def _set(flow: _Flow, cmd: Command, words, s: State, after: State):
    flow.registry(s).options |= shellopts.from_set(words[1:])
    rest = list(words[1:])
    i = 0
    dashdash = False
    while i < len(rest):
        text = rest[i].text
        if text == "--":
            dashdash = True
            i += 1
            break
        if text in ("-o", "+o") and i + 1 < len(rest):
            i += 2
            continue
        if text[:1] in ("-", "+") and len(text) > 1:
            i += 1
            continue
        break
    if dashdash or i < len(rest):
        after.positional = bound_args(rest[i:], s)
    return after, after


def _shift(flow: _Flow, cmd: Command, words, s: State, after: State):
    step = words[1].text if len(words) > 1 else "1"
    if after.positional is None or not step.isdigit():
        after.positional = None
        return after, after
    if int(step) > len(after.positional):
        return None, after
    if after.positional[-1:] == (NUMBER,) and int(step) == len(after.positional):
        # the last may be absent (`f ${n}`, n empty): then shift fails and changes nothing
        after.positional = None
        return after, after
    after.positional = after.positional[int(step):]
    return after, after


def _source(flow: _Flow, cmd: Command, words, s: State, after: State):
    if len(words) < 2:
        return after, after
    word = words[1]
    if word.literal and flow.config.trusted(word.text):
        after.files = after.files.copy()  # an agent's own snapshot: trusted not to move the
        after.files.unsure = True  # shell; what it writes is not followed
        after.absent = False  # the variables it sets are not followed either
        return after, after
    res = Resolver(cmd.cwd or "", s)
    path = sourced_file(word.text, s, cmd.cwd or "") if word.literal else ""
    text = res.read(path) if path else None
    if text is None or flow.depth >= MAX_DEPTH or flow.config.parse is None:
        flow.calls.lost = True  # code not seen may call any function
        return (after.forget(),) * 2
    args = bound_args(words[2:], s)
    return flow.inline(text, after, args if len(words) > 2 else False, sourced=True)


# a word whose only expansion is one process substitution at its end (`<(echo x)`,
# `f=<(echo x)`): bash gives eval a path to a pipe (`/dev/fd/63`)
_PROCSUB_WORD = re.compile(r"(?s)[A-Za-z0-9_./=:,+@%-]*[<>]\(.*\)")


def eval_text(words) -> str | None:
    """The text `eval` runs, given its operands: joined by spaces; None where a word is only
    known at run time. A process substitution (`eval cat <(echo x)`, bash's procsub test) is
    kept as written: the code eval runs reads it where bash gives it the pipe's path, and what
    it runs is checked there too (and where bash runs it, before eval: the same commands)."""
    out = []
    for w in words:
        if w.literal:
            out.append(w.text)
        elif _PROCSUB_WORD.fullmatch(w.raw) and w.raw.count("(") == w.raw.count(")"):
            out.append(w.raw)
        else:
            return None
    return " ".join(out)


def _eval(flow: _Flow, cmd: Command, words, s: State, after: State):
    text = eval_text(words[1:])
    if text is None or flow.config.parse is None or flow.depth >= MAX_DEPTH:
        flow.calls.lost = True  # code not seen may call any function
        return (after.forget(),) * 2
    return flow.inline(text, after, False)


def eval_cut(text: str, parsed, s: State | None, parse):
    """`eval` of text bash rejects: like `bash -c`, eval reads and runs one top-level command
    at a time and stops at the one it cannot read (`parse.cut`, bash -n as the oracle), so
    what runs is the part before it (`eval 'case esac in esac) ...'`, posix2.tests: nothing).
    Not where posix mode may be on (it reads some text otherwise) nor where an alias is
    defined (eval's text is read with the aliases in force; `bash -n` has none); else
    `parsed` (it asks)."""
    from agentsh.engine.parse import cut as cut_stage

    cuts = s.registry.eval_cuts if s is not None and s.registry is not None else {}
    if s is None or s.aliases or _option(s, "posix"):
        cuts[text] = False
        return parsed
    cut = cut_stage.find(text, parsed.error)
    before = parse(text[:cut.end]) if cut is not None else None
    if before is None or not before.ok:
        cuts[text] = False
        return parsed
    cuts.setdefault(text, True)
    return before


def _inline(self: _Flow, text: str, s: State, args, sourced: bool = False):
    """Code run in this very shell (`eval`, `source`): its outcomes are this command's."""
    if not text.strip():
        return s, s  # an empty file or string: nothing runs
    parsed = self.config.parse(text)
    if not parsed.ok and parsed.parser != "limit" and not sourced and args is False:
        parsed = eval_cut(text, parsed, s, self.config.parse)
    if not parsed.ok or parsed.tree is None:
        self.calls.lost = True
        return (s.forget(),) * 2
    start = with_mentions(s, text)
    if args is not False:
        start = start.copy()
        start.positional = args
    inner = _Flow(parsed.commands, self.config, self.depth + 1, parsed.tree, True)
    inner.budget = self.budget
    inner.expanding = self.expanding
    inner.in_function = self.in_function
    inner.loop_exits = self.loop_exits  # `eval break` ends this shell's loop
    inner.calls = self.calls  # a call there is one `walk_call` did not follow
    inner.sourced = sourced
    inner.start = start
    ok, bad = inner.run(parsed.tree, start)
    for returned in inner.returns:  # `return` in a sourced file ends the file, not the shell
        ok, bad = join(ok, returned), join(bad, returned)
    inner.returns = []
    inner.sourced = False  # in a function body (below), `return` ends the function
    inner.finish(start)
    if inner.exits:  # `exit` inside eval or source ends this shell too
        self.exits += inner.exits
    if args is not False:
        ok, bad = (_restore_args(x, s.positional) for x in (ok, bad))
    return ok, bad


def _forget_names(state: State | None, names) -> State | None:
    if state is None:
        return None
    state = state.copy()
    for name in names:
        state.vars[name] = None
    return state


def _restore_args(state: State | None, positional) -> State | None:
    if state is None:
        return None
    out = state.copy()
    out.positional = positional
    return out


_Flow.inline = _inline  # type: ignore[attr-defined]


def _exec(flow: _Flow, cmd: Command, words, s: State, after: State):
    if len(words) > 1:
        flow.exits.append(after)
        return None, None  # the shell is replaced: nothing after it runs
    return after, after


def _exit(flow: _Flow, cmd: Command, words, s: State, after: State):
    if words[0].text == "return" and flow.sourced:
        flow.returns.append(after)  # a sourced file's `return`: back to the `source`
    else:
        flow.exits.append(after)
    return None, None


def _break(flow: _Flow, cmd: Command, words, s: State, after: State):
    """`break`/`continue [N]`: the rest of the iteration does not run; the state goes to the
    loop (every enclosing one, when N is not 1). Outside a loop: nothing happens."""
    if not flow.loop_exits:
        if flow.calls.scopes:  # in a call followed: it may leave the caller's loop
            flow.calls.scopes[-1].add("\0loop")
        return after, after
    levels = flow.loop_exits if [w.text for w in words[1:]] not in ([], ["1"]) else \
        flow.loop_exits[-1:]
    for exits in levels:
        exits.append(after)
    return None, None


def _trap(flow: _Flow, cmd: Command, words, s: State, after: State):
    """A handler may run between any two later commands: what it may assign is unknown from
    here on (`State.volatile`); one that may move the shell makes everything unknown."""
    texts = [w.text for w in words[1:]]
    if not texts or texts[0] in ("-l", "-p") or set(texts[1:]) <= {"EXIT", "0"}:
        return after, after
    found = flow.summarizer(s, cmd.cwd or "").command(cmd._replace(assign_raw=(),
                                                                   redirects=()))
    out = summed(after, found)
    if not found.writes:  # one that writes may write at any moment: nothing read is sure
        out.files = after.files
    return out, out


def _shopt(flow: _Flow, cmd: Command, words, s: State, after: State):
    if any(not w.literal or w.text == "lastpipe" for w in words[1:]):
        flow.registry(s).shopt_lastpipe = True
    flow.registry(s).options |= shellopts.from_shopt(words[1:])
    return after, after


def _alias(flow: _Flow, cmd: Command, words, s: State, after: State):
    for word in words[1:]:
        if not word.literal:
            return (after.forget(),) * 2  # any name may now be an alias
        name, eq, value = word.text.partition("=")
        if eq:
            after.aliases = after.aliases | {name}
            after.alias_defs = frozenset(d for d in after.alias_defs if d[0] != name) | {
                (name, value)}
            flow.registry(s).alias(name, value)
    return after, after


def _unalias(flow: _Flow, cmd: Command, words, s: State, after: State):
    for word in words[1:]:
        if not word.literal:
            return after, after  # any of them may go: those known stay possible
        if word.text == "-a":
            after.aliases, after.alias_defs = frozenset(), frozenset()
        elif not word.text.startswith("-"):
            after.aliases = after.aliases - {word.text}
            after.alias_defs = frozenset(d for d in after.alias_defs if d[0] != word.text)
    return after, after


def _enable(flow: _Flow, cmd: Command, words, s: State, after: State):
    """`enable -n NAME` turns a builtin off (a later `cd` is a program, or not found);
    `enable -f FILE NAME` loads one from a shared object; `enable NAME` turns it back on."""
    texts = [w.text for w in words[1:]]
    if not texts or all(t in ("-a", "-p", "-s") for t in texts):
        return after, after  # lists them
    if any(not w.literal for w in words[1:]) or any(
            t.startswith("-") and ("f" in t or "d" in t) for t in texts):
        after.disabled = after.disabled | {"*"}
        return after, after
    names = [t for t in texts if not t.startswith("-")]
    after.disabled = after.disabled | set(names)  # may be on or off from here: both kept
    return after, after


def _true(flow: _Flow, cmd: Command, words, s: State, after: State):
    return after, None


def _false(flow: _Flow, cmd: Command, words, s: State, after: State):
    return None, after


_BUILTINS = {
    "cd": _cd, "pushd": _pushd, "popd": _popd, "dirs": _dirs,
    "export": _declare, "declare": _declare, "typeset": _declare, "local": _declare,
    "readonly": _declare, "unset": _unset,
    "read": _reads, "mapfile": _callbacks, "readarray": _callbacks, "compgen": _callbacks,
    "getopts": _reads,
    "printf": _reads, "let": _reads, "wait": _reads,
    "set": _set, "shift": _shift, "source": _source, ".": _source, "eval": _eval,
    "exec": _exec, "exit": _exit, "return": _exit, "logout": _exit, "trap": _trap,
    "break": _break, "continue": _break,
    "alias": _alias, "unalias": _unalias, "shopt": _shopt, "true": _true, ":": _true, "false": _false,
    "enable": _enable,
}


# what a word's expansion makes of its text, for a place only known at run time: a
# substitution `$(...)`, backquotes, an arithmetic `$((...))`, `${...}`, `$NAME` or `$1`
_RUN_TIME_PART = later(
    r"\$\(\((?:[^()]|\([^()]*\))*\)\)|\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`|\$\{[^}]*\}|"
    r"\$(?:[A-Za-z_][A-Za-z_0-9]*|[0-9$?!#@*-])")


def run_time_place(text: str, res) -> str:
    """The place a word only known at run time names, as a glob (docs/undo.md "Moves across
    commands"): each expansion is `*` (`/tmp/x-$PPID` is `/tmp/x-*`, `build/$(date +%s)` is
    `CWD/build/*`); "" when the word gives no place before its first expansion (`"$DST"`,
    `$D/x`, `/$X`), or holds a glob or `..` of its own."""
    if not text or any(c in text for c in "*?[\\") or ".." in text.split("/"):
        return ""
    def value(m) -> str:
        part = m.group(0)
        name = part[2:-1] if part.startswith("${") else part[1:]
        known = res.state.lookup(name) if re.fullmatch(r"[A-Za-z_]\w*", name) else None
        if isinstance(known, str) and known and not any(c in known for c in "*?[$`\\") and \
                "agentsh-mktemp-" not in known:
            return known  # `$TMPDIR/x-$$`: TMPDIR from the environment
        made = re.fullmatch(r"\$\(\s*(?:/usr/bin/|/bin/)?mktemp((?:\s+-[-\w]+)*)\s*\)", part)
        if made and not re.search(r"(^|\s)(-p|--tmpdir|-t)\b", made.group(1)):
            # `"$(mktemp -d)"`: a new name under the temporary directory
            tmp = res.state.lookup("TMPDIR")
            return (tmp.rstrip("/") if isinstance(tmp, str) and tmp.startswith("/") and
                    not any(c in tmp for c in "*?[$") else "/tmp") + "/tmp.*"
        return "*"

    pattern = _RUN_TIME_PART.sub(value, text)
    if "$" in pattern or "`" in pattern:
        return ""
    pattern = re.sub(r"\*+", "*", pattern.replace('"', "").replace("'", ""))
    if pattern.startswith("*") or "*" not in pattern:
        return ""
    path = res.path(pattern, text)
    head = path.split("*", 1)[0]
    # the literal folder before the first expansion must be a place, not the root
    return path if path.startswith("/") and head.rstrip("/").count("/") >= 1 else ""


def recorded_place(place: str) -> str:
    """A place the line moved something into, as a later command may meet it: a name `mktemp`
    makes (the pass's stand-in, `tmp.agentsh-mktemp-...`) is a pattern (`/tmp/tmp.*`; with
    `mktemp -t build.XXXX`, `/tmp/build.*`)."""
    if "agentsh-mktemp-" not in place:
        return place  # (no regex compiled on the everyday path)
    return re.sub(r"/([\w.-]*)agentsh-mktemp-[0-9]+-[0-9]+(?=/|$)", r"/\1*", place)


def _listing(raw: str, cwd: str) -> tuple[str, ...] | None:
    """`engine.listings.standins`, imported only for a word that may be a git listing."""
    from agentsh.engine import listings

    return listings.standins(raw, cwd)
