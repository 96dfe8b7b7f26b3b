"""The compiled policy: immutable values built from the rules.toml layers by `build`, and
cached, so that checking a command never reads TOML."""

from __future__ import annotations

import re

from agentsh.lean import NamedInt
from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any


class Severity(NamedInt):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Decision(NamedInt):
    """Ordered so that the strictest decision of several findings is their max()."""

    ALLOW = 0
    CONFIRM = 1
    DENY = 2

    @classmethod
    def parse(cls, name: str) -> Decision:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Regex:
    """A regular expression from a rules file, compiled the first time it is used: a policy
    loaded from the cache then costs no compilation for the rules a command never reaches."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def search(self, text: str):
        return self.compiled().search(text)

    def match(self, text: str):
        return self.compiled().match(text)

    def fullmatch(self, text: str):
        return self.compiled().fullmatch(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Regex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"


class ProgramSpec(
        Record, fields="name aliases value_options clusters long_options command_options "
        "global_value_options own_lead_options",
        defaults=((), frozenset(), True, frozenset(), frozenset(), frozenset(), False)):
    """How a program reads its arguments (from `[program.NAME]` in rules.toml)."""

    __slots__ = ()

    name: str
    aliases: tuple[str, ...]
    value_options: frozenset[str]
    clusters: bool  # `-rf` is `-r -f`; False for find, terraform (`-destroy`)
    long_options: frozenset[str]  # known names, for unambiguous prefixes
    command_options: frozenset[str]  # find's -exec: a command up to `;` or `+`
    global_value_options: frozenset[str]  # take a value only before the subcommand (docker -H)
    # options before the subcommand are the program's own, never the subcommand's (`git -C DIR
    # checkout` has no checkout `-C`): rules with a subcommand see only the options after it
    own_lead_options: bool


class Wrapper(
        Record, fields="name aliases value_options arity before dash_option assignments no_command "
        "code_options script_options argv_options stdin_options stdin_code runs homonyms",
        defaults=((), frozenset(), (), 0, False, False, frozenset(), frozenset(), frozenset(),
                  frozenset(), frozenset(), False, "argv", frozenset())):
    """A program that runs another command or shell code (from `[wrapper.NAME]` in rules.toml):
    `sudo`, `timeout 5`, `uv run`, `script -c CODE`, `at` (code on stdin), `tmux new-session`.
    NAME is a program, or a program and its subcommand (`uv run`)."""

    __slots__ = ()

    name: str
    aliases: tuple[str, ...]
    value_options: frozenset[str]  # options that take the next word
    arity: tuple[tuple[str, int], ...]  # options that take more than one word (bwrap --bind A B)
    before: int  # words it reads before the command (timeout's DURATION, su's USER)
    dash_option: bool  # a lone `-` is an option (`su -`), not an operand
    assignments: bool  # NAME=VALUE words before the command set its environment (cross-env)
    no_command: frozenset[str]  # options after which it runs nothing (`sudo -l`, `command -v`)
    code_options: frozenset[str]  # options whose value is shell code (`script -c`, `su -c`)
    script_options: frozenset[str]  # options whose value is a file of shell code (`at -f`)
    argv_options: frozenset[str]  # options after which the words are a command (`runuser -u`)
    stdin_options: frozenset[str]  # with one of these and no command, code comes on stdin
    stdin_code: bool  # with no command, it runs shell code from its standard input (`at`, `su`)
    runs: str  # what the words after its options are: see WRAPPER_RUNS in policy.schema
    homonyms: frozenset[str]  # first operands meaning another program of the same name


class Rule(
        Record, fields="id domain severity message decision safer enabled programs subcommands "
        "flags_any flags_all flags_none args_any args_none targets_any targets_exempt "
        "option_values env cwd actor redirect_to facts via operands_min must_match "
        "must_not_match todo_match todo_not_match source any_value writes_any effects paths_any "
        "paths_exempt existing empties recoverable recoverable_match recoverable_not_match "
        "env_none env_none_args",
        defaults=(None, "", True, frozenset(), (), frozenset(), frozenset(), frozenset(), (), (),
                  (), (), (), (), (), "", (), frozenset(), (), 0, (), (), (), (), "", (), (),
                  frozenset(), (), (), False, False, "", (), (), (), ())):
    """One `[[rule]]`: its identity, what it means, and its matchers over a parsed command."""

    __slots__ = ()

    id: str
    domain: str
    severity: Severity
    message: str
    decision: Decision | None
    safer: str
    enabled: bool
    programs: frozenset[str]
    subcommands: tuple[tuple[str, ...], ...]
    flags_any: frozenset[str]
    flags_all: frozenset[str]
    flags_none: frozenset[str]
    args_any: tuple[Regex, ...]
    args_none: tuple[Regex, ...]
    targets_any: tuple[str, ...]
    targets_exempt: tuple[str, ...]
    option_values: tuple[tuple[str, Regex], ...]
    env: tuple[tuple[str, Regex], ...]
    cwd: tuple[str, ...]
    actor: str
    redirect_to: tuple[str, ...]
    facts: frozenset[str]
    via: tuple[str, ...]
    operands_min: int
    must_match: tuple[str, ...]
    must_not_match: tuple[str, ...]
    todo_match: tuple[str, ...]
    todo_not_match: tuple[str, ...]
    source: str
    any_value: tuple[re.Pattern[str], ...]  # any word, option value, URL host or env value
    writes_any: tuple[str, ...]  # paths any effect of the command reaches (engine.effects)
    effects: frozenset[str]  # effect kinds the `paths_*` matchers look at
    paths_any: tuple[str, ...]
    paths_exempt: tuple[str, ...]
    existing: bool  # only paths that exist before the command (or may: the null view)
    empties: bool  # only effects that leave the path empty
    # "snapshot": the gate may take a snapshot of what the command destroys and then let it run
    # without a person (never for critical or deny rules); "" otherwise
    recoverable: str
    recoverable_match: tuple[str, ...]  # examples whose finding has a snapshot plan
    recoverable_not_match: tuple[str, ...]  # examples the rule matches with no plan
    env_none: tuple[tuple[str, Regex], ...]  # no match where a variable's value matches
    env_none_args: tuple[re.Pattern[str], ...]  # ... and every argument args_any hit matches


class Allow(Record, fields="rule command cwd expires reason source exact",
            defaults=("", None, "", "", "")):
    """One `[[allow]]` entry: a rule ID (or prefix) allowed for commands matching a pattern.
    Never turns a deny into anything else."""

    __slots__ = ()

    rule: str
    command: Regex
    cwd: str
    expires: datetime.date | None
    reason: str
    source: str  # where it came from, as `explain` names it
    exact: str  # when set, only this whole command text (an approval "for this session")


class Snapshots(Record, fields="enabled max_files max_copy_bytes trash_bytes retention_hours trash",
                defaults=(True, 50_000, 64 << 20, 2 << 30, 48, "")):
    """`[settings.snapshots]`: when the gate may take a snapshot instead of asking a person."""

    __slots__ = ()

    enabled: bool
    max_files: int  # files and directories in one snapshot
    max_copy_bytes: int  # bytes one snapshot may copy (in-place writes, other file systems)
    trash_bytes: int  # bytes the whole trash may hold before snapshots fall back to asking
    retention_hours: int  # how long a snapshot is kept
    trash: str  # where the trash is; "" = $XDG_DATA_HOME/agentsh/trash


class Settings(Record, fields="default timeout severity audit_log syslog bash trusted_snapshots "
                              "approve_timeout enforce scripts_by_path snapshots",
               defaults=(Decision.ALLOW, 60,
                         ((Severity.LOW, Decision.ALLOW), (Severity.MEDIUM, Decision.CONFIRM),
                          (Severity.HIGH, Decision.CONFIRM), (Severity.CRITICAL, Decision.CONFIRM)),
                         "", False, "/bin/bash", (), 300, True, False, Snapshots())):
    """The `[settings]` table: default decision, severities, timeouts, log, bash."""

    __slots__ = ()

    default: Decision  # commands no rule matches
    timeout: int  # seconds the terminal prompt waits
    severity: tuple[tuple[Severity, Decision], ...]  # what each severity means
    audit_log: str
    syslog: bool
    bash: str
    trusted_snapshots: tuple[str, ...]
    approve_timeout: int  # seconds a request waits in `agentsh approve`
    enforce: bool  # False: observe only (decide and log, but run everything); trusted layers only
    scripts_by_path: bool  # `agentsh SCRIPT` hands bash the path, not the checked bytes
    snapshots: Snapshots

    def decision_for(self, severity: Severity) -> Decision:
        return dict(self.severity).get(severity, Decision.CONFIRM)


class Layer(Record, fields="name path trusted contributed error", defaults=(True, (), "")):
    """One rules file in effect, and what it contributed."""

    __slots__ = ()

    name: str  # builtin, system, user, team, project
    path: str
    trusted: bool
    contributed: tuple[str, ...]  # one line each: what this layer added or changed
    error: str


class Policy:
    """Everything the classifier needs from the rules files, compiled. Immutable; the lookup
    tables it builds on first use are derived from its fields."""

    __slots__ = ("settings", "rules", "programs", "analyzers", "allows", "layers", "errors",
                 "wrappers", "_index")

    def __init__(self, settings: Settings, rules: tuple[Rule, ...],
                 programs: tuple[ProgramSpec, ...], analyzers: tuple[tuple[str, Any], ...] = (),
                 allows: tuple[Allow, ...] = (), layers: tuple[Layer, ...] = (),
                 errors: tuple[str, ...] = (), wrappers: tuple[Wrapper, ...] = ()) -> None:
        set_ = object.__setattr__
        set_(self, "settings", settings)
        set_(self, "rules", rules)
        set_(self, "programs", programs)
        set_(self, "analyzers", analyzers)
        set_(self, "allows", allows)
        set_(self, "layers", layers)
        set_(self, "errors", errors)  # a broken layer: nothing but plain reads runs unconfirmed
        set_(self, "wrappers", wrappers)
        set_(self, "_index", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Policy is immutable (tried to set {name})")

    def __repr__(self) -> str:
        return (f"Policy({len(self.rules)} rules, {len(self.allows)} allow entries, "
                f"{len(self.layers)} layers, errors={self.errors!r})")

    def _replace(self, **changes) -> Policy:
        fields = {k: getattr(self, k) for k in self.__slots__ if k != "_index"}
        return Policy(**{**fields, **changes})

    def spec(self, program: str) -> ProgramSpec:
        i = self._lookup()["spec"].get(program)
        return ProgramSpec(program) if i is None else self.programs[i]

    def has_spec(self, program: str) -> bool:
        """Whether a `[program.NAME]` entry names `program` (not an alias)."""
        return program in self._lookup()["spec"]

    def program_names(self) -> list[tuple[str, tuple[str, ...] | list[str]]]:
        """(name, aliases) of every program spec, without building the specs a policy read
        from the cache holds unbuilt (see `LazyRecords`)."""
        return _names(self.programs)

    def canonical(self, program: str) -> str:
        return self._lookup()["alias"].get(program, program)

    def rules_for(self, program: str, present: frozenset[str] | None = None) -> tuple[Rule, ...]:
        """The rules that may match `program`: its own, then those without a program. With
        `present` (the facts the command has in the domains such rules match), a rule without a
        program whose facts are all absent is left out without being built (a command built
        about 100 of them, decoding each from the cache, to skip them right after)."""
        idx = self._lookup()
        if present is not None:
            # kept per (program, facts): a long script asks the same question for most of its
            # commands (each answer walked about 100 rules)
            seen = idx["by_present"]
            found = seen.get((program, present))
            if found is None:
                rules, facts_of = self.rules, self._facts_of
                found = tuple(rules[i] for i in idx["by_program"].get(program, ())) + tuple(
                    rules[i] for i in idx["any_program"]
                    if not (facts := facts_of(i)) or not present.isdisjoint(facts))
                if len(seen) > 512:
                    seen.clear()
                seen[program, present] = found
            return found
        found = idx["made"].get(program)
        if found is None:
            rules = self.rules
            found = tuple(rules[i] for i in idx["by_program"].get(program, []) + idx["any_program"])
            idx["made"][program] = found
        return found

    def fact_domains_without_program(self) -> tuple[str, ...]:
        """The domains whose facts rules without a `program` match (`cloud`, `backups`, ...)."""
        return self._lookup()["fact_domains"]

    def analyzer(self, name: str) -> dict[str, Any]:
        return self._lookup()["analyzers"].get(name, {})

    def rule(self, rule_id: str) -> Rule | None:
        i = self._lookup()["by_id"].get(rule_id)
        return None if i is None else self.rules[i]

    def memo(self, key: str, build):
        """A value derived from the policy by the engine, built once (`build(policy)`)."""
        idx = self._lookup()
        if key not in idx:
            idx[key] = build(self)
        return idx[key]

    def wrapper(self, name: str) -> Wrapper | None:
        """The wrapper spec for a program (`sudo`) or a program and subcommand (`uv run`)."""
        i = self._lookup()["wrapper"].get(name)
        return None if i is None else self.wrappers[i]

    def wrapper_programs(self) -> frozenset[str]:
        """Every program some wrapper spec names (`uv` for `uv run`)."""
        return self._lookup()["wrapper_programs"]

    def rule_metas(self) -> list[tuple[str, bool, frozenset[str] | list[str]]]:
        """(id, enabled, programs) of every rule, in order, without building the rules a policy
        read from the cache holds unbuilt (see `LazyRules`)."""
        rules = self.rules
        if isinstance(rules, LazyRules):
            return rules.metas()
        return [(r.id, r.enabled, r.programs) for r in rules]

    def _facts_of(self, i: int):
        rules = self.rules
        return rules.facts(i) if isinstance(rules, LazyRules) else rules[i].facts

    def _lookup(self) -> dict:
        if not self._index:
            alias, spec = {}, {}  # spec: a program's name -> its index in `programs`
            for i, (name, aliases) in enumerate(_names(self.programs)):
                spec[name] = i
                for a in aliases:
                    alias[a] = name
            metas = self.rule_metas()
            by_program: dict[str, list[int]] = {}
            any_program: list[int] = []
            by_id: dict[str, int] = {}
            for i, (rid, enabled, programs) in enumerate(metas):
                by_id[rid] = i
                if not enabled:
                    continue
                if programs:
                    for p in programs:
                        by_program.setdefault(p, []).append(i)
                else:
                    any_program.append(i)
            wrapper = {}  # a wrapper's name or alias -> its index in `wrappers`
            for i, (name, aliases) in enumerate(_names(self.wrappers)):
                for each in (name, *aliases):
                    wrapper[each] = i
            self._index.update(
                wrapper=wrapper, wrapper_programs=frozenset(n.split()[0] for n in wrapper),
                spec=spec, alias=alias, by_program=by_program,
                any_program=any_program, by_id=by_id, made={}, by_present={},
                analyzers=dict(self.analyzers),
                fact_domains=tuple(sorted({f.split(".", 1)[0] for i in any_program
                                           for f in self._facts_of(i)})))
        return self._index


class LazyRules:
    """The rules of a policy read from plain data (the cache), each turned into a `Rule` the
    first time it is used: a command reaches the rules of its own programs, not all of them."""

    __slots__ = ("_raw", "_make", "_made", "_metas")

    def __init__(self, raw: list, make, metas: list | None = None) -> None:
        self._raw = raw
        self._make = make  # raw entry -> Rule (raises ValueError on a bad entry)
        self._made: list[Rule | None] = [None] * len(raw)
        # [id, enabled, programs, facts] of each, when the raw entries do not show them
        self._metas = metas

    def metas(self) -> list[tuple[str, bool, list[str]]]:
        """(id, enabled, programs) of every rule, without building them."""
        if self._metas is not None:
            return [(r[0], r[1], r[2]) for r in self._metas]
        return [(r[0], r[6], r[7]) for r in self._raw]

    def facts(self, i: int) -> list[str] | frozenset[str]:
        """The facts rule `i` matches, without building it."""
        if self._metas is not None:
            return self._metas[i][3]
        return self._raw[i][21]

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, i: int) -> Rule:
        rule = self._made[i]
        if rule is None:
            rule = self._made[i] = self._make(self._raw[i])
        return rule

    def __iter__(self):
        return (self[i] for i in range(len(self._raw)))


def _names(records) -> list:
    """(name, aliases) of each program spec or wrapper, built or not."""
    if isinstance(records, LazyRecords):
        return records.names()
    return [(r.name, r.aliases) for r in records]


class LazyRecords:
    """Program specs or wrappers of a policy read from the cache, each turned into its record
    the first time it is used (building all of them, most of it hashing the strings of their
    sets, cost about 7 M instructions before every checked command). Their names and aliases
    (the first two fields of both) are known without building them; `make` checks an entry
    and raises ValueError on a bad one, which asks (fail closed), as a bad rule line does."""

    __slots__ = ("_raw", "_make", "_made")

    def __init__(self, raw: list, make) -> None:
        self._raw = raw
        self._make = make
        self._made: list = [None] * len(raw)

    def names(self) -> list[tuple[str, list[str]]]:
        return [(r[0], r[1]) for r in self._raw]

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, i: int):
        made = self._made[i]
        if made is None:
            made = self._made[i] = self._make(self._raw[i])
        return made

    def __iter__(self):
        return (self[i] for i in range(len(self._raw)))


class LazyLines:
    """A layer's `contributed` lines read from the cache, decoded the first time they are used
    (only `agentsh rules` and `doctor` show them; decoding every layer's, about 12 KB, cost
    about 1 M instructions before every checked command). A tuple of strings to its readers;
    ValueError when the line is not a list of strings (a forged cache fails where it is read)."""

    __slots__ = ("_text", "_decode", "_lines")

    def __init__(self, text, decode) -> None:
        self._text = text
        self._decode = decode
        self._lines: tuple[str, ...] | None = None

    def _get(self) -> tuple[str, ...]:
        if self._lines is None:
            value = self._decode(self._text)
            if type(value) is not list or not all(type(x) is str for x in value):
                raise ValueError("cache: contributed lines")
            self._lines = tuple(value)
        return self._lines

    def __iter__(self):
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, i):
        return self._get()[i]

    def __eq__(self, other) -> bool:
        return self._get() == (tuple(other) if isinstance(other, LazyLines) else other)

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


class PolicyError(Exception):
    """A rules file that cannot be used; str() is `FILE:LINE:COL: message` or key-path lines."""
