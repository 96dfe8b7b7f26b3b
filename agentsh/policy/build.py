"""Building the policy: rules.toml layers read, checked, merged and compiled.

Layers, in order: built-in (the shipped rules.toml), system (/etc/agentsh/rules.toml, only if
root-owned and not group- or world-writable), user (XDG config), team files (`include = [...]`
and AGENTSH_RULES), and the project's `.agentsh/rules.toml` found upward from the working
directory. The project file may only tighten until a person trusts its exact content.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from agentsh import locations
from agentsh.policy.values import (
    Allow,
    Decision,
    Layer,
    Policy,
    PolicyError,
    ProgramSpec,
    Regex,
    Rule,
    Settings,
    Severity,
    Snapshots,
    Wrapper,
)

# ---------------------------------------------------------------- reading one file


def read_toml(path: Path) -> dict:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_toml(path, data)


def parse_toml(path: Path, data: bytes) -> dict:
    import tomli

    try:
        return tomli.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{path}: not UTF-8 text: {exc}") from None
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        msg = getattr(exc, "msg", str(exc))
        where = f"{path}:{line}:{col}" if line else str(path)
        raise PolicyError(f"{where}: {msg}") from None


def load_file(path: Path, *, need_examples: bool = True) -> dict:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read: {exc.strerror}") from None
    return load_text(path, data, need_examples=need_examples)


def load_text(path: Path, data: bytes, *, need_examples: bool = True) -> dict:
    """A rules file's bytes, parsed and checked against the schema (`path` names it)."""
    from agentsh.policy.schema import validate

    doc = parse_toml(path, data)
    problems = validate(doc, need_examples=need_examples)
    if problems:
        raise PolicyError("\n".join(f"{path}: {p}" for p in problems))
    return doc


# ---------------------------------------------------------------- compiling


def _regexes(values: list[str]) -> tuple[Regex, ...]:
    return tuple(Regex(v) for v in values)


def compile_rule(raw: dict, source: str) -> Rule:
    subs = tuple(tuple(s.split()) for s in raw.get("subcommand", []))
    # a snapshot never stands in for a person on a critical or deny rule, whatever the layers say
    recoverable = raw.get("recoverable") == "snapshot" and raw["severity"] != "critical" and \
        raw.get("decision") != "deny"
    return Rule(
        id=raw["id"], domain=raw.get("domain", ""), severity=Severity.parse(raw["severity"]),
        message=raw.get("message", ""),
        decision=Decision.parse(raw["decision"]) if "decision" in raw else None,
        safer=raw.get("safer", ""), enabled=raw.get("enabled", True),
        programs=frozenset(raw.get("program", [])), subcommands=subs,
        flags_any=frozenset(raw.get("flags_any", [])), flags_all=frozenset(raw.get("flags_all", [])),
        flags_none=frozenset(raw.get("flags_none", [])),
        args_any=_regexes(raw.get("args_any", [])), args_none=_regexes(raw.get("args_none", [])),
        targets_any=tuple(raw.get("targets_any", [])),
        targets_exempt=tuple(raw.get("targets_exempt", [])),
        option_values=tuple((k, Regex(v)) for k, v in raw.get("option_values", {}).items()),
        env=tuple((k, Regex(v)) for k, v in raw.get("env", {}).items()),
        env_none=tuple((k, Regex(v)) for k, v in raw.get("env_none", {}).items()),
        env_none_args=_regexes(raw.get("env_none_args", [])),
        cwd=tuple(raw.get("cwd", [])), actor=raw.get("actor", ""),
        redirect_to=tuple(raw.get("redirect_to", [])), facts=frozenset(raw.get("facts", [])),
        via=tuple(raw.get("via", [])), operands_min=raw.get("operands_min", 0),
        must_match=tuple(raw.get("must_match", [])),
        must_not_match=tuple(raw.get("must_not_match", [])),
        todo_match=tuple(raw.get("todo_match", [])),
        todo_not_match=tuple(raw.get("todo_not_match", [])), source=source,
        writes_any=tuple(raw.get("writes_any", [])), effects=frozenset(raw.get("effects", [])),
        paths_any=tuple(raw.get("paths_any", [])),
        paths_exempt=tuple(raw.get("paths_exempt", [])), existing=raw.get("existing", False),
        empties=raw.get("empties", False),
        any_value=_regexes(raw.get("any_value", [])),
        recoverable="snapshot" if recoverable else "",
        recoverable_match=tuple(raw.get("recoverable_match", [])),
        recoverable_not_match=tuple(raw.get("recoverable_not_match", [])))


def _long_flags(rules: list[Rule], program: str) -> set[str]:
    out: set[str] = set()
    for rule in rules:
        if program in rule.programs:
            out |= {f for f in rule.flags_any | rule.flags_all | rule.flags_none
                    if f.startswith("--")}
            out |= {k for k, _ in rule.option_values if k.startswith("--")}
    return out


# ---------------------------------------------------------------- layers


@dataclass
class _Merge:
    """The layers merged so far, while the policy is being built."""

    settings: dict = field(default_factory=dict)
    programs: dict = field(default_factory=dict)
    wrappers: dict = field(default_factory=dict)
    analyzers: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)  # id -> (raw dict, source)
    allows: list = field(default_factory=list)
    layers: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    seen: set = field(default_factory=set)


def _decision_rank(value: str) -> int:
    return Decision.parse(value).value


def _apply(m: _Merge, name: str, path: Path, doc: dict, trusted: bool) -> None:
    notes: list[str] = []
    refused: list[str] = []
    source = f"{name}:{path}"
    for key, value in (doc.get("settings") or {}).items():
        if not trusted:
            old = m.settings.get(key)
            if key == "default" and old is not None and _decision_rank(value) < _decision_rank(old):
                refused.append(f"settings.default = {value!r} (lowers {old!r})")
                continue
            if key == "severity":
                cur = m.settings.get("severity", {})
                lowered = [s for s, d in value.items()
                           if s in cur and _decision_rank(d) < _decision_rank(cur[s])]
                if lowered:
                    refused.append(f"settings.severity lowers {', '.join(lowered)}")
                    continue
            elif key != "default":
                refused.append(f"settings.{key} (only a trusted project file may set it)")
                continue
        if key in ("severity", "snapshots"):
            m.settings[key] = {**m.settings.get(key, {}), **value}
        else:
            m.settings[key] = value
        notes.append(f"settings.{key}")
    for prog, spec in (doc.get("program") or {}).items():
        if not trusted:
            refused.append(f"program.{prog} (only a trusted project file may change how "
                           "arguments are read)")
            continue
        cur = m.programs.setdefault(prog, {})
        for key, value in spec.items():
            cur[key] = sorted(set(cur.get(key, [])) | set(value)) if isinstance(value, list) else value
        notes.append(f"program.{prog}")
    for wrapper, spec in (doc.get("wrapper") or {}).items():
        if not trusted:
            refused.append(f"wrapper.{wrapper} (only a trusted project file may change how "
                           "commands inside commands are found)")
            continue
        cur = m.wrappers.setdefault(wrapper, {})
        for key, value in spec.items():
            cur[key] = sorted(set(cur.get(key, [])) | set(value)) if isinstance(value, list) \
                else {**cur.get(key, {}), **value} if isinstance(value, dict) else value
        notes.append(f"wrapper.{wrapper}")
    for an, params in (doc.get("analyzer") or {}).items():
        if not isinstance(params, dict):
            refused.append(f"analyzer.{an} (expected a table)")
            continue
        for key, value in params.items():
            problem = _merge_analyzer(m.analyzers.setdefault(an, {}), an, key, value, trusted)
            if problem:
                refused.append(problem)
            else:
                notes.append(f"analyzer.{an}.{key}")
    for raw in doc.get("rule") or []:
        rid = raw["id"]
        if rid in m.rules:
            old, _ = m.rules[rid]
            if not trusted:
                if raw.get("enabled") is False:
                    refused.append(f"rule {rid}: enabled = false")
                    continue
                if "severity" in raw and Severity.parse(raw["severity"]) < Severity.parse(
                        old["severity"]):
                    refused.append(f"rule {rid}: severity lowered to {raw['severity']}")
                    continue
                if "decision" in raw and "decision" in old and \
                        _decision_rank(raw["decision"]) < _decision_rank(old["decision"]):
                    refused.append(f"rule {rid}: decision lowered to {raw['decision']}")
                    continue
                changed = {k: v for k, v in raw.items() if k in
                           ("id", "severity", "decision", "message", "safer")}
                if raw.get("recoverable") == "no":  # a snapshot no longer stands in for a person
                    changed["recoverable"] = "no"
                elif "recoverable" in raw:
                    refused.append(f"rule {rid}: recoverable = {raw['recoverable']!r}")
            else:
                changed = raw
            m.rules[rid] = ({**old, **changed}, source)
            notes.append(f"changed {rid}")
        else:
            m.rules[rid] = (raw, source)
            notes.append(f"added {rid}")
    for entry in doc.get("allow") or []:
        if not trusted:
            refused.append(f"allow {entry.get('rule')} (untrusted: run `agentsh trust`)")
            continue
        m.allows.append((entry, source))
        notes.append(f"allow {entry.get('rule')} /{entry.get('command')}/")
    if refused:
        notes += [f"ignored until trusted: {r}" for r in refused]
    m.layers.append(Layer(name, str(path), trusted, tuple(notes)))


def _merge_analyzer(cur: dict, an: str, key: str, value: Any, trusted: bool) -> str:
    """Merge one analyzer parameter into the policy so far; '' or why it was refused. A trusted
    layer replaces lists and adds to or changes tables; any other layer may only do what
    `schema.ANALYZER_PARAMETERS` calls tightening."""
    from agentsh.policy.schema import ANALYZER_PARAMETERS, NEW_KEYS_TIGHTEN, TIGHTENS

    where = f"analyzer.{an}.{key}"
    kind = ANALYZER_PARAMETERS.get((an, key))
    old = cur.get(key)
    if trusted:
        cur[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value
        return ""
    if kind == TIGHTENS and isinstance(value, list):
        cur[key] = list(dict.fromkeys(list(old or []) + value))
        return ""
    if kind == NEW_KEYS_TIGHTEN and isinstance(value, dict):
        changed = sorted(k for k in value if k in (old or {}))
        if changed:
            return f"{where} (may only add new entries; changes {', '.join(changed)})"
        cur[key] = {**(old or {}), **value}
        return ""
    if kind is None:
        return f"{where} (not a known parameter, so it may not be changed until trusted)"
    return f"{where} ({kind}: adding to it loosens the checks, so only a trusted file may)"


def _safe_system_file(path: Path) -> str:
    st = path.stat()
    if st.st_uid != 0:
        return "not owned by root"
    if st.st_mode & 0o022:
        return "group- or world-writable"
    return ""


def builtin_path() -> Path:
    return Path(locations.builtin_rules())


def find_project_file(cwd: str, env: dict[str, str]) -> Path | None:
    found = locations.project_rules(cwd, env)
    return Path(found) if found else None


def layer_paths(cwd: str, env: dict[str, str], system: Path) -> list[tuple[str, Path]]:
    """The layer files that exist, before includes, in order."""
    return [(name, Path(p)) for name, p in locations.layer_files(cwd, env, str(system))]


def build(cwd: str, env: dict[str, str], *, system: Path = Path("/etc/agentsh/rules.toml"),
          trust: dict[str, str] | None = None, layers: list[tuple[str, Path]] | None = None,
          read: Callable[[Path, bool], bytes] | None = None,
          untrusted: frozenset[str] = frozenset()) -> tuple[Policy, list[Path]]:
    """Read every layer and compile the policy; also return every file it depends on.

    `layers` replaces the layers found from `cwd` and `env`, `read(path, tighten_only)` how a
    file's bytes are had (the protected service reads the agent's files through its client, and
    only those that may only tighten), and layers named in
    `untrusted` (and everything they include) may only tighten, like a project file, unless the
    trust store holds their exact content."""
    m = _Merge()
    deps: list[Path] = []
    trust = trust or {}
    read = read or (lambda p, _: p.read_bytes())
    queue = [(n, p, n in untrusted or n == "project") for n, p in
             (layers if layers is not None else layer_paths(cwd, env, system))]
    i = 0
    while i < len(queue):
        name, path, tighten_only = queue[i]
        i += 1
        real = path.resolve()
        if real in m.seen:
            continue
        m.seen.add(real)
        deps.append(path)
        try:
            if name == "system":
                problem = _safe_system_file(path)
                if problem:
                    m.layers.append(Layer(name, str(path), False, (), f"skipped: {problem}"))
                    continue
            data = read(path, tighten_only)
            doc = load_text(path, data, need_examples=(name == "builtin"))
        except PolicyError as exc:
            m.errors.append(str(exc))
            m.layers.append(Layer(name, str(path), False, (), str(exc).splitlines()[0]))
            continue
        except OSError as exc:
            m.errors.append(f"{path}: {exc}")
            continue
        trusted = True
        if tighten_only:
            trusted = trust.get(str(real)) == hashlib.sha256(data).hexdigest()
        _apply(m, name, path, doc, trusted)
        for inc in doc.get("include") or []:
            inc_path = (path.parent / Path(inc).expanduser()) if not inc.startswith("/") else Path(inc)
            queue.insert(i, ("project" if name == "project" else "team", inc_path, tighten_only))
    return _compile(m), deps


def _known_allows(m: _Merge) -> list:
    """The allow entries that name a rule in effect; an unknown ID is an error (a typo would
    silently allow nothing, or, as a one-letter prefix, far more than meant)."""
    from agentsh.policy.schema import allow_rule_known

    kept = []
    for entry, source in m.allows:
        if allow_rule_known(entry["rule"], m.rules):
            kept.append((entry, source))
        else:
            m.errors.append(f"{source.split(':', 1)[1]}: allow {entry['rule']}: rule: no rule "
                            f"{entry['rule']!r} exists; name a rule ID (like FS001) or the "
                            "letters of one (like FS)")
    return kept


def _compile(m: _Merge) -> Policy:
    m.allows = _known_allows(m)
    rules = [compile_rule(raw, src) for raw, src in m.rules.values()]
    specs = []
    for name, raw in m.programs.items():
        specs.append(ProgramSpec(
            name, tuple(raw.get("aliases", [])), frozenset(raw.get("value_options", [])),
            raw.get("clusters", True),
            frozenset(raw.get("long_options", [])) | frozenset(_long_flags(rules, name)),
            frozenset(raw.get("command_options", [])),
            frozenset(raw.get("global_value_options", [])),
            bool(raw.get("own_lead_options", False))))
    wrappers = tuple(compile_wrapper(name, raw) for name, raw in m.wrappers.items())
    s = m.settings
    severity = dict(Settings().severity)
    for sev, dec in (s.get("severity") or {}).items():
        severity[Severity.parse(sev)] = Decision.parse(dec)
    settings = Settings(
        default=Decision.parse(s.get("default", "allow")), timeout=s.get("timeout", 60),
        severity=tuple(sorted(severity.items())), audit_log=s.get("audit_log", ""),
        syslog=s.get("syslog", False), bash=s.get("bash", "/bin/bash"),
        trusted_snapshots=tuple(s.get("trusted_snapshots", [])),
        approve_timeout=s.get("approve_timeout", 300), enforce=s.get("enforce", True),
        scripts_by_path=s.get("scripts_by_path", False),
        snapshots=Snapshots()._replace(**(s.get("snapshots") or {})))
    allows = tuple(
        Allow(e["rule"], Regex(e["command"]), e.get("cwd", ""), _date(e.get("expires")),
              e.get("reason", ""), f"{src}: allow {e['rule']} /{e['command']}/")
        for e, src in m.allows)
    analyzers = tuple(sorted((k, dict(v)) for k, v in m.analyzers.items()))
    return Policy(settings, tuple(rules), tuple(specs), analyzers, allows, tuple(m.layers),
                  tuple(m.errors), wrappers)


def compile_wrapper(name: str, raw: dict) -> Wrapper:
    def names(key: str) -> frozenset[str]:
        return frozenset(raw.get(key, []))

    arity = tuple(sorted(raw.get("arity", {}).items()))
    return Wrapper(
        name, tuple(raw.get("aliases", [])), names("value_options") | {k for k, _ in arity},
        arity, raw.get("before", 0), raw.get("dash_option", False),
        raw.get("assignments", False), names("no_command"), names("code_options"),
        names("script_options"), names("argv_options"), names("stdin_options"),
        raw.get("stdin_code", False), raw.get("runs", "argv"), names("homonyms"))


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value
