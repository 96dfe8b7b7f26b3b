"""The compiled policy as plain data (lists, strings, numbers, booleans, null) and back.

The cache and the protected service's wire hold this form, never pickles: plain data cannot run
code or carry arbitrary objects when it is read. Reading it back checks the shape as it goes
(anything unexpected raises ValueError, and the caller rebuilds from the rules files); regular
expressions come back uncompiled (`Regex` compiles on first use), so loading stays fast."""

from __future__ import annotations

from agentsh.policy.values import (
    Allow,
    Decision,
    Layer,
    LazyLines,
    LazyRecords,
    LazyRules,
    Policy,
    ProgramSpec,
    Regex,
    Rule,
    Settings,
    Severity,
    Snapshots,
    Wrapper,
)

FORMAT = 7  # 5: the rules on file effects (writes_any, ...); 6: wrappers ([wrapper.*]);
# 7: recoverable rules and their examples, snapshot settings
RULE_FIELDS = len(Rule._fields)  # a test checks that `_rule` writes every field
_SEVERITY = {s.value: s for s in Severity}
_DECISION = {d.value: d for d in Decision}


def to_plain(policy: Policy, examples: bool = True) -> dict:
    """`examples=False` leaves out the rules' examples but `must_match` (a third of the text):
    only `rules test` runs them, on a policy it builds from the files, so the cache does
    without; `must_match` names the values a rule stops (engine/wildcard.py tries them)."""
    s = policy.settings
    return {
        "format": FORMAT,
        "settings": [_setting(name, getattr(s, name)) for name in Settings._fields],
        "rules": [_rule(r, examples) for r in policy.rules],
        "programs": [_spec(p) for p in policy.programs],
        "analyzers": [[name, params] for name, params in policy.analyzers],
        "allows": [[a.rule, a.command.pattern, a.cwd,
                    a.expires.isoformat() if a.expires else None, a.reason, a.source, a.exact]
                   for a in policy.allows],
        "layers": [[x.name, x.path, x.trusted, list(x.contributed), x.error] for x in policy.layers],
        "errors": list(policy.errors),
        "wrappers": [_wrapper(w) for w in policy.wrappers],
    }


def _setting(name: str, value):
    if name == "default":
        return value.value
    if name == "severity":
        return [[k.value, v.value] for k, v in value]
    return list(value) if isinstance(value, tuple) else value  # Snapshots too: its fields


def _read_settings(s) -> Settings:
    """Every field of Settings, by the type of its default (a field added later is carried too,
    or the data is refused)."""
    if type(s) is not list or len(s) != len(Settings._fields):
        _fail("settings")
    values = []
    for name, value in zip(Settings._fields, s, strict=True):
        default = Settings._field_defaults[name]
        if name == "default":
            values.append(_DECISION[_int(value)])
        elif name == "severity":
            values.append(tuple((_SEVERITY[_int(k)], _DECISION[_int(d)]) for k, d in _list(value)))
        elif name == "snapshots":
            values.append(_read_snapshots(value))
        elif isinstance(default, bool):
            values.append(_bool(value))
        elif isinstance(default, int):
            values.append(_int(value))
        elif isinstance(default, tuple):
            values.append(_strs(value))
        else:
            values.append(_str(value))
    return Settings(*values)


def _read_snapshots(v) -> Snapshots:
    """`[settings.snapshots]`, every field by the type of its default."""
    if type(v) is not list or len(v) != len(Snapshots._fields):
        _fail("snapshots")
    read = {bool: _bool, int: _int, str: _str}
    return Snapshots(*(read[type(Snapshots._field_defaults[name])](value)
                       for name, value in zip(Snapshots._fields, v, strict=True)))


def _spec(p: ProgramSpec) -> list:
    """Every field of a ProgramSpec, in order: sets sorted, tuples as lists."""
    out = []
    for name in ProgramSpec._fields:
        value = getattr(p, name)
        out.append(sorted(value) if isinstance(value, frozenset) else
                   list(value) if isinstance(value, tuple) else value)
    return out


def _readers(cls, special: dict | None = None) -> tuple:
    """How each field of `cls` is read, by the type of its default (a field with none is a
    string), built once per class: the JSON type the field must have (compared for all fields
    at once, in C) and the builtin that makes the field's value from it (`str`, `int` and
    `bool` give back the very value; lists become frozensets or tuples). A `special` reader is
    a Python function that checks its field itself."""
    types, makers = [], []
    for name in cls._fields:
        default = cls._field_defaults.get(name, "")
        if special and name in special:
            types.append(list)
            makers.append(special[name])
        else:
            kind = (frozenset if isinstance(default, frozenset) else
                    tuple if isinstance(default, tuple) else
                    bool if isinstance(default, bool) else
                    int if isinstance(default, int) else str)
            types.append(list if kind in (frozenset, tuple) else kind)
            makers.append(kind)
    return tuple(types), tuple(makers)


_READERS: dict = {}


def _read_fields(cls, v, what: str, special: dict | None = None):
    readers = _READERS.get(cls)
    if readers is None:
        readers = _READERS[cls] = _readers(cls, special)
    types, makers = readers
    if type(v) is not list or tuple(map(type, v)) != types:  # the length too
        _fail(what)
    return cls._make([make(x) for make, x in zip(makers, v, strict=True)])


def _read_spec(v) -> ProgramSpec:
    return _read_fields(ProgramSpec, v, "program")


def _wrapper(w: Wrapper) -> list:
    """Every field of a Wrapper, in order: sets sorted, `arity` as [option, count] pairs."""
    out = []
    for name in Wrapper._fields:
        value = getattr(w, name)
        out.append(sorted(value) if isinstance(value, frozenset) else
                   [list(x) for x in value] if name == "arity" else
                   list(value) if isinstance(value, tuple) else value)
    return out


def _read_wrapper(v) -> Wrapper:
    return _read_fields(Wrapper, v, "wrapper", {"arity": _arity})


def _arity(v) -> tuple[tuple[str, int], ...]:
    return tuple((_str(k), _int(n)) for k, n in _pairs_any(v))


_LIST, _TWO, _STR = frozenset((list,)), frozenset((2,)), frozenset((str,))


def _pairs_any(v) -> list:
    """A list of two-item lists (the items' types looked at in C: `map(type, v)`)."""
    if type(v) is not list or not _LIST.issuperset(map(type, v)) or \
            not _TWO.issuperset(map(len, v)):
        _fail("pairs")
    return v


def _rule(r: Rule, examples: bool) -> list:
    return [r.id, r.domain, r.severity.value, r.message,
            None if r.decision is None else r.decision.value, r.safer, r.enabled,
            sorted(r.programs), [list(s) for s in r.subcommands], sorted(r.flags_any),
            sorted(r.flags_all), sorted(r.flags_none), [x.pattern for x in r.args_any],
            [x.pattern for x in r.args_none], list(r.targets_any), list(r.targets_exempt),
            [[k, v.pattern] for k, v in r.option_values], [[k, v.pattern] for k, v in r.env],
            list(r.cwd), r.actor, list(r.redirect_to), sorted(r.facts), list(r.via),
            # must_match stays: the values a rule names for its program are what a word only
            # known at run time is tried as (engine/wildcard.py)
            r.operands_min, list(r.must_match),
            *([list(r.must_not_match), list(r.todo_match), list(r.todo_not_match)] if examples
              else [[], [], []]),
            r.source, [x.pattern for x in r.any_value], list(r.writes_any), sorted(r.effects),
            list(r.paths_any), list(r.paths_exempt), r.existing, r.empties, r.recoverable,
            *([list(r.recoverable_match), list(r.recoverable_not_match)] if examples
              else [[], []]), [[k, v.pattern] for k, v in r.env_none],
            [x.pattern for x in r.env_none_args]]


# ---------------------------------------------------------------- reading back, checked


def _fail(what: str):
    raise ValueError(f"policy data: bad {what}")


def _str(v) -> str:
    return v if type(v) is str else _fail("string")


def _int(v) -> int:
    return v if type(v) is int else _fail("integer")


def _bool(v) -> bool:
    return v if type(v) is bool else _fail("boolean")


def _frozenset(v) -> frozenset:
    if type(v) is not list:
        _fail("list")
    return frozenset(v)


def _strs(v) -> tuple[str, ...]:
    """A list, as a tuple. Its items are JSON values (nothing else can come out of the parser);
    an item of the wrong kind fails when a rule uses it, and that asks (ERR001)."""
    if type(v) is not list:
        _fail("list")
    return tuple(v)


def _pairs(v) -> tuple[tuple[str, Regex], ...]:
    if type(v) is not list:
        _fail("pairs")
    return tuple((_str(k), Regex(_str(p))) for k, p in v)


_SCALARS = frozenset((str, int, bool, float, type(None)))


def plain_analyzers(data: dict) -> None:
    """ValueError unless every analyzer's parameters in `to_plain`'s `data` are nested lists
    and tables of plain values at most 8 deep: a policy whose are not is not cached."""
    for _, params in data["analyzers"]:
        _plain(params)


def _plain(v, depth: int = 0):
    """Analyzer parameters: nested lists and tables of plain values, nothing else, at most 8
    deep (checked in place: the value itself is returned). A container's items are sorted out
    by type in C (`map(type, items)`); only the containers among them are walked in Python."""
    if depth > 8:
        _fail("analyzer parameters (too deep)")
    kind = type(v)
    if kind in _SCALARS:
        return v
    if kind is list:
        items = v
    elif kind is dict:
        if not _STR.issuperset(map(type, v)):
            _fail("string")
        items = v.values()
    else:
        return _fail("analyzer parameter")
    if items and depth >= 8:  # an item of any kind would be the ninth level
        _fail("analyzer parameters (too deep)")
    if not _SCALARS.issuperset(map(type, items)):
        for x in items:
            if type(x) not in _SCALARS:
                _plain(x, depth + 1)
    return v


def _read_rule(v) -> Rule:
    if type(v) is not list or len(v) != RULE_FIELDS:
        _fail("rule")
    decision = None if v[4] is None else _DECISION[_int(v[4])]
    subs = v[8]
    if type(subs) is not list:
        _fail("subcommands")
    return Rule(
        _str(v[0]), _str(v[1]), _SEVERITY[_int(v[2])], _str(v[3]), decision, _str(v[5]),
        _bool(v[6]), frozenset(_strs(v[7])), tuple(_strs(s) for s in subs),
        frozenset(_strs(v[9])), frozenset(_strs(v[10])), frozenset(_strs(v[11])),
        tuple(Regex(p) for p in _strs(v[12])), tuple(Regex(p) for p in _strs(v[13])),
        _strs(v[14]), _strs(v[15]), _pairs(v[16]), _pairs(v[17]), _strs(v[18]), _str(v[19]),
        _strs(v[20]), frozenset(_strs(v[21])), _strs(v[22]), _int(v[23]), _strs(v[24]),
        _strs(v[25]), _strs(v[26]), _strs(v[27]), _str(v[28]),
        tuple(Regex(p) for p in _strs(v[29])), _strs(v[30]), frozenset(_strs(v[31])),
        _strs(v[32]), _strs(v[33]), _bool(v[34]), _bool(v[35]), _str(v[36]), _strs(v[37]),
        _strs(v[38]), _pairs(v[39]), tuple(Regex(p) for p in _strs(v[40])))


def _date(text: str):
    import datetime  # only for an allow entry that expires

    return datetime.date.fromisoformat(text)


def rule_meta(raw) -> list:
    """[id, enabled, programs, facts] of a rule's plain data: what a policy indexes its rules
    by before it builds them (`LazyRules`)."""
    return [raw[0], raw[6], raw[7], raw[21]]


def from_plain(data, rule_text: list | None = None, decode=None) -> Policy:
    """The policy held in `data`; ValueError (or KeyError) for anything that is not exactly
    what `to_plain` writes. With `rule_text`, `data["rules"]` holds every rule's
    `rule_meta`, `data["programs"]` and `data["wrappers"]` each entry's name and aliases, and
    `rule_text` each rule's, then each program spec's and wrapper's, plain data still encoded,
    which `decode` turns into plain data the first time it is used (the cache: a command
    decodes only the rules, specs and wrappers of its own programs)."""
    if type(data) is not dict or data.get("format") != FORMAT:
        _fail("format")
    settings = _read_settings(data["settings"])
    raw = _list(data["rules"])
    if not raw or any(type(r) is not list or len(r) != (RULE_FIELDS if rule_text is None else 4)
                      or type(r[0]) is not str or type(r[6 if rule_text is None else 1]) is not bool
                      or type(r[7 if rule_text is None else 2]) is not list
                      or type(r[21 if rule_text is None else 3]) is not list for r in raw):
        _fail("rules")
    if rule_text is None:
        rules = LazyRules(raw, _read_rule)
    else:
        specs, wrapped = _named(data["programs"], "program"), _named(data["wrappers"], "wrapper")
        if len(rule_text) != len(raw) + len(specs) + len(wrapped) + len(_list(data["layers"])) or \
                any(len(v) != 2 for v in specs) or any(len(v) != 2 for v in wrapped):
            _fail("rules")

        def make(i: int) -> Rule:
            rule = _read_rule(decode(rule_text[i]))
            if [rule.id, rule.enabled] != raw[i][:2] or rule.programs != frozenset(raw[i][2]) \
                    or rule.facts != frozenset(raw[i][3]):
                _fail("rule (not the one indexed)")
            return rule

        rules = LazyRules(list(range(len(raw))), make, raw)
    if rule_text is None:
        programs = tuple(_read_spec(p) for p in _list(data["programs"]))
    else:  # the cache: each decoded and built when first used, its name and aliases checked now
        programs = LazyRecords(_on_lines(specs, len(raw)), _from_line(rule_text, decode, _read_spec))
    # analyzer parameters are tables of plain data as they come out of JSON; that they are at
    # most 8 deep is checked when the data is written (`plain_analyzers`): walking them all
    # here cost about 4.5 M instructions before every checked command
    analyzers = tuple((_str(name), params) for name, params in _list(data["analyzers"]))
    if any(type(params) is not dict for _, params in analyzers):
        _fail("analyzer table")
    allows = tuple(
        Allow(_str(a[0]), Regex(_str(a[1])), _str(a[2]),
              None if a[3] is None else _date(_str(a[3])), _str(a[4]), _str(a[5]), _str(a[6]))
        for a in _list(data["allows"]))
    if rule_text is None:
        layers = tuple(Layer(_str(x[0]), _str(x[1]), _bool(x[2]), _strs(x[3]), _str(x[4]))
                       for x in _list(data["layers"]))
    else:  # the cache: each layer's contributed lines on a line of their own, the last ones
        layers = tuple(Layer(_str(x[0]), _str(x[1]), _bool(x[2]),
                             LazyLines(rule_text[_line(x[3], len(rule_text))], decode), _str(x[4]))
                       for x in _list(data["layers"]))
    if rule_text is None:
        wrappers = tuple(_read_wrapper(w) for w in _list(data["wrappers"]))
    else:
        wrappers = LazyRecords(_on_lines(wrapped, len(raw) + len(specs)),
                               _from_line(rule_text, decode, _read_wrapper))
    return Policy(settings, rules, programs, analyzers, allows, layers,
                  _strs(data["errors"]), wrappers)


def _named(entries, what: str) -> list:
    """Entries (program specs, wrappers) whose first two fields are a name and a list of
    aliases, all strings: what a policy indexes them by before it builds them."""
    if type(entries) is not list or not _LIST.issuperset(map(type, entries)) or any(
            not v or type(v[0]) is not str or type(v[1]) is not list or
            not _STR.issuperset(map(type, v[1])) for v in entries):
        _fail(what)
    return entries


def _line(v, count: int) -> int:
    if type(v) is not int or not 0 <= v < count:
        _fail("line")
    return v


def _on_lines(named: list, first: int) -> list:
    """(name, aliases, line) of each entry whose data is on line `first`, `first + 1` ..."""
    return [(v[0], v[1], first + i) for i, v in enumerate(named)]


def _from_line(lines: list, decode, read):
    """Builds an entry of `_on_lines` from its line: ValueError when the line is not the entry
    indexed under that name and those aliases (a forged cache asks)."""

    def make(entry):
        name, aliases, line = entry
        v = decode(lines[line])
        if type(v) is not list or v[:2] != [name, aliases]:
            _fail("entry (not the one indexed)")
        return read(v)

    return make


def _list(v) -> list:
    return v if type(v) is list else _fail("list")
