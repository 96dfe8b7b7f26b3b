"""Immutable values that flow through the pipeline: parsed commands, findings, verdicts.

They are records (`agentsh.records`: named tuples) rather than frozen dataclasses: this module
loads before every checked command, and building a dataclass costs about 0.5 ms at import where
a record costs 0.03. Fields are listed in each class's docstring; `_replace` makes a changed
copy."""

from __future__ import annotations

from agentsh.policy.values import Decision, Severity
from agentsh.records import Record

Span = tuple  # (start, end) offsets into the checked text


class Word(Record, fields="text literal span raw", defaults=(True, (0, 0), "")):
    """One shell word after quote removal. `literal` is False when bash would expand part of it
    at run time (a variable, a substitution, arithmetic); `text` then keeps the unexpanded source
    form (`$DIR/`) so rules can still see it."""

    __slots__ = ()

    text: str
    literal: bool
    span: Span
    raw: str  # the source text of the word, quotes included


class Redirect(Record, fields="op target fd", defaults=(None,)):
    """A redirection of a command: `>`, `>>`, `<`, `2>&1` ..."""

    __slots__ = ()

    op: str  # '>', '>>', '<', '<<', '<<<', '&>', '>|' ...
    target: Word
    fd: int | None


class Stdin(Record, fields="kind text producer path upstream body",
            defaults=((), "", (), "")):
    """Where a command's standard input comes from, when agentsh can tell.

    kind: 'heredoc', 'herestring', 'pipe' or 'file'. `text` is the data when it is literal
    (a quoted heredoc, a literal here-string, `echo 'x' | sh`); None when it is produced at run
    time. `producer` is the argv of the command piping into this one; `upstream` the argvs of
    every command of the pipeline before it, first first, ending with `producer` (`git branch
    | grep -v x | xargs ...`), or () when one of them is not a simple command (or not known).
    `body`: see below."""

    __slots__ = ()

    kind: str
    text: str | None
    producer: tuple[str, ...]
    path: str  # for kind 'file': the redirect's target
    upstream: tuple[tuple[str, ...], ...]
    body: str  # an unquoted here-document whose `text` is None: its body as written, which the
    # dataflow pass expands where the values are known (`words.heredoc_text`)


class Command(Record, fields="words span assignments redirects stdin via depth cwd scope "
                             "flow assign_raw",
              defaults=((), (), None, (), 0, None, (), None, ())):
    """A simple command that bash would run, as found anywhere in the input.

    The parser fills the first fields. The dataflow pass (`engine.dataflow`) fills `cwd`,
    `scope` and `flow` and replaces words whose value it knows: see docs/engine-dataflow.md.
    A command with no words and `assign_raw` set is a bare assignment (`x=1`); the dataflow
    pass consumes those, so rules never see them."""

    __slots__ = ()

    words: tuple[Word, ...]
    span: Span
    assignments: tuple[tuple[str, str], ...]
    redirects: tuple[Redirect, ...]
    stdin: Stdin | None
    via: tuple[str, ...]  # wrappers and nested shells that lead to it: ('sudo', 'bash -c')
    depth: int
    cwd: str | None  # where it runs: an absolute path, "" when unknown, None before dataflow
    scope: tuple[int, ...]  # the subshells it runs in, outermost first; () = the shell itself
    flow: object  # the dataflow state it runs in (`dataflow.State`), None before dataflow
    assign_raw: tuple[str, ...]  # the source text of each assignment (`a=(x "y z")`)

    @property
    def argv(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.words)

    @property
    def name(self) -> str:
        return self.words[0].text if self.words else ""

    @property
    def program(self) -> str:
        """The basename of the command name: `/usr/bin/git` -> `git`."""
        return self.name.rsplit("/", 1)[-1]


class Definition(Record, fields="kind name value literal offset"):
    """A name the shell defines as it runs the text: a function (`f() { ...; }`: value is the
    body's source) or a shell variable set by a statement of its own (`PATH=dir:$PATH`)."""

    __slots__ = ()

    kind: str  # 'function' or 'variable'
    name: str
    value: str
    literal: bool  # False when the value is only known at run time
    offset: int  # where it starts in the parsed text: it applies to commands after it


class Parsed(Record, fields="commands ok parser error definitions tree",
             defaults=("", (), None)):
    """The simple commands found in a text, and which parser found them.

    `definitions` are the functions and variables the text defines (for name lookup); `tree` is
    how the commands run, as nested tuples over indices into `commands` (see `engine.dataflow`
    for the node kinds); None when the parser cannot tell, and the dataflow pass then assumes
    nothing about order or conditions."""

    __slots__ = ()

    commands: tuple[Command, ...]
    ok: bool
    parser: str  # 'shlex', 'tree-sitter', 'bashlex' or 'none'
    error: str
    definitions: tuple[Definition, ...]
    tree: tuple | None


class Snap(Record, fields="kind path args", defaults=((),)):
    """One thing to save before a command runs, so what it destroys can be brought back: part
    of a recovery plan (`engine.recovery`). The engine only says what; the gate does it.

    kind: 'tree' (the path and everything under it, as it is: hard links where possible),
    'copy' (a copy of a file that will be written in place), 'find' (the paths a find
    expression selects, in `args`, listed at snapshot time), 'untracked' (a repository's
    untracked files, `git clean`), 'git' (the work tree, index and HEAD of the repository, or
    its stash entries: `args[0]` is 'worktree' or 'stash', then what it needs)."""

    __slots__ = ()

    kind: str
    path: str  # absolute: the tree, the file, or the directory the listing or git runs in
    args: tuple


class Code(Record, fields="text label span args stdin guess how",
           defaults=((), None, False, "child")):
    """Shell code a command runs, to parse and check again. `text` is None when it is not
    known before run time. `guess` marks text that may not be shell at all (keys typed into a
    terminal): when it does not parse, bash would run nothing of it, so it is not unknown."""

    __slots__ = ()

    text: str | None
    label: str  # how it is run, for `via` and messages: 'bash -c', 'awk system()'
    span: tuple[int, int]
    args: tuple[str, ...]  # positional parameters the code sees as $1...
    stdin: Stdin | None  # what its commands read on standard input, when the runner says
    guess: bool
    how: str  # where it runs (`dataflow.child_state`): same, child, elsewhere, remote


class Finding(Record, fields="rule severity decision message span command safer target "
                             "domain allowed_by recovery at",
              defaults=("", "", "", "", (), "")):
    """One rule that matched one command, with where and why. `recovery`: what a snapshot must
    save so this finding's command can be undone (empty: a person decides, as the rule says).
    `at`: when that snapshot is taken: "" before the line starts, "deletion" by bash itself
    right before the command (the line rewrite, engine/snapline.py, docs/undo.md)."""

    __slots__ = ()

    rule: str
    severity: Severity
    decision: Decision
    message: str
    span: Span
    command: str
    safer: str
    target: str  # what a person types to confirm a critical action: the resource it destroys
    domain: str
    allowed_by: str  # set on a finding an allow entry suppressed: which entry
    recovery: tuple[Snap, ...]
    at: str


class Verdict(Record, fields="text decision findings parse_ok commands suppressed moved",
              defaults=((), (), ())):
    """The decision on a whole command line, with every finding behind it. `moved`: the places
    the line moves (or links, or mounts) something into from elsewhere, absolute, ANYWHERE
    (`*`) when one is only known at run time, that the context's `moved` did not hold already
    (computed when the context says `keeps_moves`; the edge remembers them for the session)."""

    __slots__ = ()

    text: str
    decision: Decision
    findings: tuple[Finding, ...]
    parse_ok: bool
    commands: tuple[Command, ...]
    suppressed: tuple[Finding, ...]  # findings allow entries suppressed (`allowed_by` set)
    moved: tuple[str, ...]

    @property
    def top(self) -> Finding | None:
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: (f.decision, f.severity))


class Fact(Record, fields="label detail target", defaults=("", "")):
    """Something an analyzer or the unwrapper established about one command, which rules match
    by label (`sql.drop`, `http.graphql_destroy`, `unknown.dynamic_name`)."""

    __slots__ = ()

    label: str
    detail: str
    target: str


FILE_KINDS = ("file", "dir", "symlink", "fifo", "char", "block", "socket", "missing", "unknown")


class NullFiles:
    """The file view when nothing may be looked at (rule examples, most tests): every path is of
    unknown kind, unreadable, with no known real path. Rules then decide as if any path may exist
    (a deletion or truncation may lose data) and as if no symlink is involved except the ones
    the same command line creates (those the dataflow pass sees)."""

    __slots__ = ()
    knows_files = False  # True for a view that looks at a real file system

    def read(self, path: str) -> str | None:
        """The text of the regular file at absolute `path`, or None (unknown, unreadable,
        too big, binary, or not a regular file: a FIFO or device is never opened)."""
        return None

    def kind(self, path: str) -> str:
        """One of FILE_KINDS for absolute `path`, not following a final symlink."""
        return "unknown"

    def realpath(self, path: str) -> str | None:
        """Absolute `path` with every symlink resolved, or None when that is not known."""
        return None

    def written(self, path: str) -> bool:
        """Whether the command line changed absolute `path` before this command (what it holds
        now is then the line's doing, not what was there)."""
        return False

    def edited(self, path: str) -> bool:
        """Whether the line's last change to absolute `path` was an in-place edit of what was
        there (`sed -i`), so its unknown content is what was there, changed."""
        return False

    def glob(self, pattern: str, cwd: str) -> list[str] | None:
        """What bash makes of an unquoted pattern in directory `cwd`, sorted ([] when nothing
        matches), or None when that is not known."""
        return None

    def which(self, name: str, path_value: str, cwd: str) -> str | None:
        """The file a PATH value finds for a command name, as bash would, or None."""
        return None

    def program(self, path: str, names: frozenset[str]) -> str | None:
        """The program among `names` that the file at absolute `path` really is (through
        symlinks, a hard link or a byte-for-byte copy), or None."""
        return None


NULL_FILES = NullFiles()


class Context(Record, fields="cwd env actor read_file positional files complete_env probes "
              "moved keeps_moves gate pid",
              defaults=("/", (), "", None, (), NULL_FILES, False, (), (), False, "", 0)):
    """What the pure core may know about the world, handed in by the edges.

    `read_file(path)` returns a script's text, or None when it cannot or must not be read (it is
    size-capped by the caller); a relative path is relative to `cwd`. `positional` holds `$1...`
    of a `-c` string. `files` is the file view (`NullFiles` for the interface).
    `complete_env`: `env` is exactly the environment bash starts the text with and bash reads
    no startup file first (`agentsh -c`/a script, no BASH_ENV, not a login or interactive
    shell), so a variable in none of it is unset (hooks and `check` do not know that).
    `probes`: what the edge learned by running a tool's own read-only dry run before the check
    (`gate/probes.py`: `terraform show -json PLAN`), as (key, result) pairs; the core runs
    no program, and asks where a result it needs is missing.
    `moved`: absolute places earlier commands of the same session moved, linked or mounted
    something into (`gate/moves.py` keeps the record): what they hold is not regenerable
    output, whatever their names, so no name exempts them or what is under them.
    `keeps_moves`: the edge remembers what this line moves (`Verdict.moved` is computed).
    `gate`: the real path of the agentsh binary checking this text as the shell that runs it
    (with `complete_env`), "" otherwise: a child shell started as that same binary, with the
    same environment and directory, is this gate again and checks its own code when it starts
    (`unwrap.Unwrapper._same_gate`).
    `pid`: the process ID the shell running the text will have, its `$$` (the wrapper execs
    bash: the same process); 0 where nobody knows it (a hook's command runs in a shell the
    agent starts, `check`). With it, a path named by `$$` (`$TMPDIR/x-$$`) is looked at as any
    other path (`flowstate.World`).

    Analyzers receive the context of the command they look at (`dataflow.context_for`): its
    `cwd` is where that command runs ("" when unknown), and `read_file` and `files` see the files
    the same command line wrote before it."""

    __slots__ = ()

    cwd: str
    env: tuple[tuple[str, str], ...]
    actor: str  # 'agent', 'person' or '' when unknown
    read_file: object
    positional: tuple[str, ...]
    files: NullFiles
    complete_env: bool
    probes: tuple[tuple[str, object], ...]
    moved: tuple[str, ...]
    keeps_moves: bool
    gate: str
    pid: int

    def probe(self, key: str) -> object:
        """The edge's result for probe `key`, or None when it did not run one."""
        for name, result in self.probes:
            if name == key:
                return result
        return None

    def file_kind(self, path: str) -> str:
        """One of FILE_KINDS for a path as a command here names it ("unknown" when where it
        points is not known: a relative path after an unknown `cd`)."""
        full = path if path.startswith("/") else f"{self.cwd.rstrip('/')}/{path}" \
            if self.cwd.startswith("/") else ""
        return self.files.kind(full) if full else "unknown"

    def file_written(self, path: str) -> bool:
        """Whether the command line changed the file at `path` before this command."""
        full = self._full(path)
        return bool(full) and self.files.written(full)

    def file_edited(self, path: str) -> bool:
        """Whether the command line last changed `path` by editing it in place (`sed -i`)."""
        full = self._full(path)
        return bool(full) and self.files.edited(full)

    def _full(self, path: str) -> str:
        """The absolute path as the line's records name it: `.` parts dropped (`./f.py` after
        `sed -i ./f.py` is the file it edited; `..` is left alone: a link may be under it)."""
        if not path.startswith("/"):
            if not self.cwd.startswith("/"):
                return ""
            path = f"{self.cwd.rstrip('/')}/{path}"
        while "/./" in path:
            path = path.replace("/./", "/")
        return path[:-2] or "/" if path.endswith("/.") else path

    def getenv(self, name: str, default: str = "") -> str:
        for key, value in self.env:
            if key == name:
                return value
        return default
