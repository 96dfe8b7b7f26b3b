"""Immutable values that flow through the pipeline: parsed commands, findings, verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from agentsh.policy.values import Decision, Severity

Span = tuple[int, int]


@dataclass(frozen=True)
class Word:
    """One shell word after quote removal. `literal` is False when bash would expand part of it
    at run time (a variable, a substitution, arithmetic); `text` then keeps the unexpanded source
    form (`$DIR/`) so rules can still see it."""

    text: str
    literal: bool = True
    span: Span = (0, 0)
    raw: str = ""  # the source text of the word, quotes included


@dataclass(frozen=True)
class Redirect:
    """A redirection of a command: `>`, `>>`, `<`, `2>&1` ..."""

    op: str  # '>', '>>', '<', '<<', '<<<', '&>', '>|' ...
    target: Word
    fd: int | None = None


@dataclass(frozen=True)
class Stdin:
    """Where a command's standard input comes from, when agentsh can tell.

    kind: 'heredoc', 'herestring', 'pipe' or 'file'. `text` is the data when it is literal
    (a quoted heredoc, a literal here-string, `echo 'x' | sh`); None when it is produced at run
    time. `producer` is the argv of the command piping into this one."""

    kind: str
    text: str | None
    producer: tuple[str, ...] = ()
    path: str = ""  # for kind 'file': the redirect's target


@dataclass(frozen=True)
class Command:
    """A simple command that bash would run, as found anywhere in the input."""

    words: tuple[Word, ...]
    span: Span
    assignments: tuple[tuple[str, str], ...] = ()
    redirects: tuple[Redirect, ...] = ()
    stdin: Stdin | None = None
    via: tuple[str, ...] = ()  # wrappers and nested shells that lead to it: ('sudo', 'bash -c')
    depth: int = 0

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


@dataclass(frozen=True)
class Parsed:
    """The simple commands found in a text, and which parser found them."""

    commands: tuple[Command, ...]
    ok: bool
    parser: str  # 'shlex', 'tree-sitter', 'bashlex' or 'none'
    error: str = ""


@dataclass(frozen=True)
class Finding:
    """One rule that matched one command, with where and why."""

    rule: str
    severity: Severity
    decision: Decision
    message: str
    span: Span
    command: str
    safer: str = ""
    target: str = ""  # what a person types to confirm a critical action (issue: human gate)
    domain: str = ""


@dataclass(frozen=True)
class Verdict:
    """The decision on a whole command line, with every finding behind it."""

    text: str
    decision: Decision
    findings: tuple[Finding, ...]
    parse_ok: bool
    commands: tuple[Command, ...] = field(default=(), compare=False)

    @property
    def top(self) -> Finding | None:
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: (f.decision, f.severity))


@dataclass(frozen=True)
class Fact:
    """Something an analyzer or the unwrapper established about one command, which rules match
    by label (`sql.drop`, `http.graphql_destroy`, `unknown.dynamic_name`)."""

    label: str
    detail: str = ""
    target: str = ""


@dataclass(frozen=True)
class Context:
    """What the pure core may know about the world, handed in by the edges.

    `read_file(path)` returns a script's text, or None when it cannot or must not be read (it is
    size-capped by the caller). `positional` holds `$1...` of a `-c` string."""

    cwd: str = "/"
    env: tuple[tuple[str, str], ...] = ()
    actor: str = ""  # 'agent', 'person' or '' when unknown
    read_file: object = None
    positional: tuple[str, ...] = ()

    def getenv(self, name: str, default: str = "") -> str:
        for key, value in self.env:
            if key == name:
                return value
        return default
