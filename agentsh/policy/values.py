"""The compiled policy: immutable values built from the rules.toml layers by `build`, and
cached, so that checking a command never reads TOML."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Decision(enum.IntEnum):
    """Ordered so that the strictest decision of several findings is their max()."""

    ALLOW = 0
    CONFIRM = 1
    DENY = 2

    @classmethod
    def parse(cls, name: str) -> Decision:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class ProgramSpec:
    """How a program reads its arguments (from `[program.NAME]` in rules.toml)."""

    name: str
    aliases: tuple[str, ...] = ()
    value_options: frozenset[str] = frozenset()
    clusters: bool = True  # `-rf` is `-r -f`; False for find, terraform (`-destroy`)
    long_options: frozenset[str] = frozenset()  # known names, for unambiguous prefixes
    command_options: frozenset[str] = frozenset()  # find's -exec: a command up to `;` or `+`


@dataclass(frozen=True, eq=False)
class Rule:
    """One `[[rule]]`: its identity, what it means, and its matchers over a parsed command."""

    id: str
    domain: str
    severity: Severity
    message: str
    decision: Decision | None = None
    safer: str = ""
    enabled: bool = True
    programs: frozenset[str] = frozenset()
    subcommands: tuple[tuple[str, ...], ...] = ()
    flags_any: frozenset[str] = frozenset()
    flags_all: frozenset[str] = frozenset()
    flags_none: frozenset[str] = frozenset()
    args_any: tuple[re.Pattern[str], ...] = ()
    args_none: tuple[re.Pattern[str], ...] = ()
    targets_any: tuple[str, ...] = ()
    targets_exempt: tuple[str, ...] = ()
    option_values: tuple[tuple[str, re.Pattern[str]], ...] = ()
    env: tuple[tuple[str, re.Pattern[str]], ...] = ()
    cwd: tuple[str, ...] = ()
    actor: str = ""
    redirect_to: tuple[str, ...] = ()
    facts: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()
    operands_min: int = 0
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    todo_match: tuple[str, ...] = ()
    todo_not_match: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, eq=False)
class Allow:
    """One `[[allow]]` entry: a rule ID (or prefix) allowed for commands matching a pattern."""

    rule: str
    command: re.Pattern[str]
    cwd: str = ""
    expires: datetime.date | None = None
    reason: str = ""
    source: str = ""


@dataclass(frozen=True)
class Settings:
    """The `[settings]` table: default decision, severities, timeouts, log, bash."""

    default: Decision = Decision.ALLOW
    timeout: int = 60
    severity: tuple[tuple[Severity, Decision], ...] = (
        (Severity.LOW, Decision.ALLOW), (Severity.MEDIUM, Decision.CONFIRM),
        (Severity.HIGH, Decision.CONFIRM), (Severity.CRITICAL, Decision.CONFIRM))
    audit_log: str = ""
    syslog: bool = False
    bash: str = "/bin/bash"
    trusted_snapshots: tuple[str, ...] = ()
    approve_timeout: int = 300

    def decision_for(self, severity: Severity) -> Decision:
        return dict(self.severity).get(severity, Decision.CONFIRM)


@dataclass(frozen=True)
class Layer:
    """One rules file in effect, and what it contributed."""

    name: str  # builtin, system, user, team, project
    path: str
    trusted: bool = True
    contributed: tuple[str, ...] = ()  # one line each: what this layer added or changed
    error: str = ""


@dataclass(frozen=True, eq=False)
class Policy:
    """Everything the classifier needs from the rules files, compiled."""

    settings: Settings
    rules: tuple[Rule, ...]
    programs: tuple[ProgramSpec, ...]
    analyzers: tuple[tuple[str, Any], ...] = ()
    allows: tuple[Allow, ...] = ()
    layers: tuple[Layer, ...] = ()
    errors: tuple[str, ...] = ()  # a broken layer: nothing but plain reads runs unconfirmed
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def spec(self, program: str) -> ProgramSpec:
        idx = self._lookup()
        return idx["spec"].get(program) or ProgramSpec(program)

    def canonical(self, program: str) -> str:
        return self._lookup()["alias"].get(program, program)

    def rules_for(self, program: str) -> tuple[Rule, ...]:
        idx = self._lookup()
        return idx["by_program"].get(program, ()) + idx["any_program"]

    def analyzer(self, name: str) -> dict[str, Any]:
        return dict(self.analyzers).get(name, {})

    def rule(self, rule_id: str) -> Rule | None:
        return self._lookup()["by_id"].get(rule_id)

    def _lookup(self) -> dict:
        if not self._index:
            alias = {}
            for spec in self.programs:
                for a in spec.aliases:
                    alias[a] = spec.name
            by_program: dict[str, tuple[Rule, ...]] = {}
            active = [r for r in self.rules if r.enabled]
            for rule in active:
                for p in rule.programs:
                    by_program[p] = by_program.get(p, ()) + (rule,)
            self._index.update(
                spec={s.name: s for s in self.programs}, alias=alias, by_program=by_program,
                any_program=tuple(r for r in active if not r.programs),
                by_id={r.id: r for r in self.rules})
        return self._index


class PolicyError(Exception):
    """A rules file that cannot be used; str() is `FILE:LINE:COL: message` or key-path lines."""
