"""Immutable values that flow through the pipeline: parsed commands, findings, verdicts.

They are named tuples rather than frozen dataclasses: this module loads before every checked
command, and building a dataclass costs about 0.5 ms at import where a named tuple costs 0.05.
Fields are listed in each class's docstring; `_replace` makes a changed copy."""

from __future__ import annotations

from collections import namedtuple

from agentsh.policy.values import Decision, Severity

Span = tuple  # (start, end) offsets into the checked text


class Word(namedtuple("Word", "text literal span raw", defaults=(True, (0, 0), ""))):
    """One shell word after quote removal. `literal` is False when bash would expand part of it
    at run time (a variable, a substitution, arithmetic); `text` then keeps the unexpanded source
    form (`$DIR/`) so rules can still see it."""

    __slots__ = ()

    text: str
    literal: bool
    span: Span
    raw: str  # the source text of the word, quotes included


class Redirect(namedtuple("Redirect", "op target fd", defaults=(None,))):
    """A redirection of a command: `>`, `>>`, `<`, `2>&1` ..."""

    __slots__ = ()

    op: str  # '>', '>>', '<', '<<', '<<<', '&>', '>|' ...
    target: Word
    fd: int | None


class Stdin(namedtuple("Stdin", "kind text producer path", defaults=((), ""))):
    """Where a command's standard input comes from, when agentsh can tell.

    kind: 'heredoc', 'herestring', 'pipe' or 'file'. `text` is the data when it is literal
    (a quoted heredoc, a literal here-string, `echo 'x' | sh`); None when it is produced at run
    time. `producer` is the argv of the command piping into this one."""

    __slots__ = ()

    kind: str
    text: str | None
    producer: tuple[str, ...]
    path: str  # for kind 'file': the redirect's target


class Command(namedtuple("Command", "words span assignments redirects stdin via depth",
                         defaults=((), (), None, (), 0))):
    """A simple command that bash would run, as found anywhere in the input."""

    __slots__ = ()

    words: tuple[Word, ...]
    span: Span
    assignments: tuple[tuple[str, str], ...]
    redirects: tuple[Redirect, ...]
    stdin: Stdin | None
    via: tuple[str, ...]  # wrappers and nested shells that lead to it: ('sudo', 'bash -c')
    depth: int

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


class Parsed(namedtuple("Parsed", "commands ok parser error", defaults=("",))):
    """The simple commands found in a text, and which parser found them."""

    __slots__ = ()

    commands: tuple[Command, ...]
    ok: bool
    parser: str  # 'shlex', 'tree-sitter', 'bashlex' or 'none'
    error: str


class Snap(namedtuple("Snap", "kind path args", defaults=((),))):
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


class Finding(namedtuple("Finding", "rule severity decision message span command safer target "
                                    "domain allowed_by recovery",
                         defaults=("", "", "", "", ()))):
    """One rule that matched one command, with where and why. `recovery`: what a snapshot must
    save so this finding's command can be undone (empty: a person decides, as the rule says)."""

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


class Verdict(namedtuple("Verdict", "text decision findings parse_ok commands suppressed",
                         defaults=((), ()))):
    """The decision on a whole command line, with every finding behind it."""

    __slots__ = ()

    text: str
    decision: Decision
    findings: tuple[Finding, ...]
    parse_ok: bool
    commands: tuple[Command, ...]
    suppressed: tuple[Finding, ...]  # findings allow entries suppressed (`allowed_by` set)

    @property
    def top(self) -> Finding | None:
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: (f.decision, f.severity))


class Fact(namedtuple("Fact", "label detail target", defaults=("", ""))):
    """Something an analyzer or the unwrapper established about one command, which rules match
    by label (`sql.drop`, `http.graphql_destroy`, `unknown.dynamic_name`)."""

    __slots__ = ()

    label: str
    detail: str
    target: str


class Context(namedtuple("Context", "cwd env actor read_file positional",
                         defaults=("/", (), "", None, ()))):
    """What the pure core may know about the world, handed in by the edges.

    `read_file(path)` returns a script's text, or None when it cannot or must not be read (it is
    size-capped by the caller). `positional` holds `$1...` of a `-c` string."""

    __slots__ = ()

    cwd: str
    env: tuple[tuple[str, str], ...]
    actor: str  # 'agent', 'person' or '' when unknown
    read_file: object
    positional: tuple[str, ...]

    def getenv(self, name: str, default: str = "") -> str:
        for key, value in self.env:
            if key == name:
                return value
        return default
