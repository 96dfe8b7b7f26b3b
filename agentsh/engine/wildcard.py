"""Words only known at run time, read as "anything" (UNK140).

A word the dataflow pass could not evaluate (`$(...)` it cannot run, a variable set by `read`,
the input `xargs` appends, `"$1"` of a script) is still handed to the program. When the program
has rules that would ask with some value in that place, the word is a wildcard: this module
tries the values the policy itself names for that program (the subcommands, options and words
of its destructive rules and their `must_match` examples) in the unknown word's place and reports
the first that makes a rule match. A word in a place no rule inspects (`git commit -m "$(cat
msg)"`, `echo "$x"`) changes nothing.

Only imported for a command with a word whose value is unknown (the `-c` path stays lean).
"""

from __future__ import annotations

import re

from agentsh.engine.lazyre import later
from agentsh.engine.matcher import View, match
from agentsh.engine.model import Command, Word
from agentsh.policy.values import Decision, Policy, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Context

SEPARATORS = frozenset((";", "&&", "||", "|", "&", "|&", "(", ")", "{", "}", "!"))
EXPANSION = later(r"\$\(\(.*?\)\)|\$\([^)]*\)?|`[^`]*`?|\$\{[^}]*\}?|\$[A-Za-z_]\w*|\$[0-9@*#?$!-]"
                       r"|\{\}")


class Hit(tuple):
    """(the rule that could match, the unknown word, the value tried in its place); the rule
    is None when there were more values to try than `wildcard_max_matches` allows."""

    __slots__ = ()

    @property
    def rule(self) -> Rule | None:
        return self[0]

    @property
    def word(self) -> str:
        return self[1]

    @property
    def value(self) -> str:
        return self[2]


def unknown_words(cmd: Command) -> list[int]:
    """The argument positions whose value bash only knows when it runs the command."""
    return [i for i, w in enumerate(cmd.words) if i and not w.literal]


def shape(word: Word) -> re.Pattern[str] | None:
    """What is known of an unknown word, as a pattern its values must match (`"--$x"` is
    `--.*`); None when nothing is known (the whole word is one expansion)."""
    text = word.text
    parts = EXPANSION.split(text)
    if not any(parts):
        return None
    return re.compile("(?s)" + ".*".join(re.escape(p) for p in parts) + r"\Z")


def splits(word: Word) -> bool:
    """Whether the word may become several words (an unquoted expansion that is the whole
    word: `$x`, `$(cmd)`, xargs' appended input), not one (`"$x"`)."""
    raw = word.raw or word.text
    return not raw.startswith(('"', "'", "$'")) and EXPANSION.fullmatch(word.text) is not None


WORD_OR_OPERATOR = later(r"""[;&|()]+|(?:[^\s;&|()'"\\]+|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+""", re.S)
QUOTED_PART = later(r"""'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)|([^'"\\]+)""", re.S)
DQ_ESCAPE = later(r"""\\([\\"])""")


def _unquoted(token: str) -> str:
    out = []
    for single, double, escaped, plain in QUOTED_PART.findall(token):
        out.append(single or (DQ_ESCAPE.sub(r"\1", double) if double else escaped or plain))
    return "".join(out)


def _tokens(example: str) -> list[str]:
    """An example's shell words (quotes removed) and operators, as POSIX shlex splits them at
    `;&|()` (tests/engine/test_wildcard_cost.py compares the two on every rule example); shlex
    itself for a comment or an unterminated quote. Ten times faster than shlex."""
    if "#" in example:
        import shlex

        lexer = shlex.shlex(example, posix=True, punctuation_chars=";&|()")
        lexer.whitespace_split = True
        return list(lexer)
    if WORD_OR_OPERATOR.sub(" ", example).strip():
        raise ValueError("unterminated quote")  # a part the pattern could not read
    tokens = WORD_OR_OPERATOR.findall(example)
    return [t if t[0] in ";&|()" else _unquoted(t) for t in tokens]


def _tails(example: str, program: str) -> list[tuple[str, ...]]:
    """The argument lists `program` gets in one rule example, read crudely (shell words split
    at operators; wrappers and nested code are the real matcher's business)."""
    try:
        tokens = _tokens(example)
    except ValueError:
        return []
    out, current = [], []
    for token in tokens + [";"]:
        if token in SEPARATORS or set(token) <= set(";&|()"):
            while current and "=" in current[0] and not current[0].startswith("-"):
                current.pop(0)  # `VAR=value program ...`
            if current and current[0].rsplit("/", 1)[-1] == program:
                out.append(tuple(current[1:]))
            current = []
        else:
            current.append(token)
    return out


def destructive(rule: Rule, policy: Policy) -> bool:
    """A rule whose match asks or denies, about what a command does (not about what agentsh
    cannot see, nor about paths: a path only known at run time is UNK110's)."""
    decision = rule.decision if rule.decision is not None else \
        policy.settings.decision_for(rule.severity)
    if decision < Decision.CONFIRM or rule.domain in ("unknown", "parse", "self") or rule.via:
        return False
    if rule.targets_any or rule.writes_any or rule.effects or rule.paths_any or \
            rule.redirect_to or rule.actor or rule.any_value:
        return False  # paths are UNK110's; a rule on any word would take every unknown one
    return not (rule.facts and all(f.startswith("unknown.") or f.endswith(".unknown") or
                                   "unreadable" in f or "unknown" in f for f in rule.facts))


def resource(value: str) -> bool:
    """A value that names a place (a URL, a path, a remote ref: one word with a `/`), not a
    verb, option, method, body or statement: where a rule looks at places (an endpoint whose
    name says it deletes, a path), an unknown one is not tried as every place it names."""
    return "/" in value and not any(c.isspace() for c in value)


class Vocabulary:
    """What the policy says about one program: the rules that could match it, and the values
    worth trying in an unknown word's place (single words, and whole argument runs for a word
    that may split)."""

    __slots__ = ("rules", "words", "runs")

    def __init__(self, rules: tuple[Rule, ...], words: tuple[str, ...],
                 runs: tuple[tuple[str, ...], ...]) -> None:
        self.rules = rules
        self.words = words
        self.runs = runs


def vocabulary(policy: Policy, program: str, limit: int) -> Vocabulary:
    def build(policy: Policy) -> Vocabulary:
        rules, words, runs = [], {}, {}
        for rule in policy.rules_for(program):
            if not rule.enabled or not destructive(rule, policy):
                continue
            mine = program in rule.programs
            tails = [t for example in rule.must_match if program in example
                     for t in _tails(example, program)]
            if not mine and not tails:
                continue  # a rule without a program whose examples never name this one
            rules.append(rule)
            for sub in rule.subcommands:
                for w in sub:
                    words.setdefault(w, None)
                for flag in sorted(rule.flags_any) or [""]:
                    run = sub + tuple(sorted(rule.flags_all)) + ((flag,) if flag else ())
                    runs.setdefault(run, None)
            for flag in sorted(rule.flags_any | rule.flags_all):
                words.setdefault(flag, None)
                if not rule.subcommands:
                    runs.setdefault((flag,), None)
            for tail in tails:
                runs.setdefault(tail, None)
                for w in tail:
                    if not resource(w):
                        words.setdefault(w, None)
        return Vocabulary(tuple(rules), tuple(words)[:limit], tuple(runs)[:limit])

    return policy.memo(f"wildcard:{program}", build)


def _replaced(cmd: Command, index: int, values: tuple[str, ...]) -> Command:
    import shlex

    old = cmd.words[index]
    new = tuple(Word(v, True, old.span, shlex.quote(v)) for v in values)
    return cmd._replace(words=cmd.words[:index] + new + cmd.words[index + 1:])


def _producer(text: str, producers: frozenset[str]) -> bool:
    """Whether a command (`pgrep -f x`, `git ls-files -m`) is one whose output is data."""
    import shlex

    try:
        words = shlex.split(text)
    except ValueError:
        return False
    if not words:
        return False
    name = words[0].rsplit("/", 1)[-1]
    rest = [w for w in words[1:] if not w.startswith("-")][:1]
    flags = [w for w in words[1:] if w.startswith("-")]
    return name in producers or any(f"{name} {x}" in producers for x in rest + flags)


def data_only(word: Word, cmd: Command, producers: frozenset[str]) -> bool:
    """A word whose value comes from a program that prints data (`$(pgrep x)`, the input
    `find . | xargs` appends): never an option or a verb."""
    text = word.text
    if text == "{}" and cmd.via and cmd.via[-1] in ("xargs", "parallel"):
        stdin = cmd.stdin
        return stdin is not None and stdin.kind == "pipe" and bool(stdin.producer) and \
            _producer(" ".join(stdin.producer), producers)
    inner = text[2:-1] if text.startswith("$(") and text.endswith(")") else \
        text[1:-1] if text.startswith("`") and text.endswith("`") else None
    if inner is None or "$(" in inner or "`" in inner:
        return False
    return all(_producer(part, producers) for part in re.split(r"\|", inner))


VARIABLE = later(r"\$\{?([A-Za-z_]\w*)\}?")


def data_named(word: Word, patterns: tuple[str, ...]) -> bool:
    """A word that is one variable whose name says it holds a place or an identity
    (`"$DATABASE_URL"`, `$OUT_DIR`, `$USER_ID`): not a verb, option or statement. Patterns are
    a name or `*END`."""
    m = VARIABLE.fullmatch(word.text)
    if not m or not patterns:
        return False
    name = m.group(1).upper()
    return any(name.endswith(p[1:]) if p.startswith("*") else name == p for p in patterns)


def option_values(cmd: Command, policy: Policy, program: str) -> frozenset[int]:
    """The unknown words the program reads as an option's value (in every reading of its
    arguments), by id: `"$(cat msg)"` in `git commit -m "$(cat msg)"`."""
    from agentsh.engine.options import read_args

    args = read_args(cmd.words[1:], policy.spec(program))
    if not args.dynamic:
        return frozenset()
    free = {id(w) for reading in args.readings() for w in reading}
    return frozenset(id(w) for w in cmd.words[1:] if not w.literal and id(w) not in free)


def could_match(cmd: Command, program: str, policy: Policy, ctx: Context, analyzers: dict,
                params: dict) -> Hit | None:
    """The first destructive rule of `program` some value of an unknown word makes match."""
    if cmd.via and cmd.via[-1].startswith(("find -exec", "find -ok")):
        return None  # `{}` is a path find found (its start path first): paths are UNK110's
    positions = unknown_words(cmd)[: int(params.get("wildcard_max_words", 4))]
    if not positions:
        return None
    vocab = vocabulary(policy, program, int(params.get("wildcard_max_values", 400)))
    skip = frozenset(params.get("wildcard_skip_rules", ()))
    rules = tuple(r for r in vocab.rules if r.id not in skip)
    if not rules:
        return None
    producers = frozenset(params.get("wildcard_data_producers", ()))
    names = tuple(params.get("wildcard_data_names", ()))
    budget = int(params.get("wildcard_max_matches", 3000))
    values_of = option_values(cmd, policy, program)
    seen: set = set()
    for index in positions:
        word = cmd.words[index]
        if data_only(word, cmd, producers) or data_named(word, names):
            continue  # names, numbers or ids: not a verb, option, method or statement
        slot_rules = rules
        if id(word) in values_of and not splits(word):
            # an option's value (`git commit -m "$(cat msg)"`, `--format "$F"`): whatever it
            # is, it stays that option's value, so only a rule on options' values or one on an
            # analyzer's facts (which may read it) can see it
            slot_rules = tuple(r for r in rules if r.facts or r.option_values)
            if not slot_rules:
                continue
        pattern = shape(word)
        many = pattern is None and splits(word)
        # a quoted word (`"$URL"`) is one argument: tried as a value, a verb or an operand,
        # not as an option (`-XDELETE`), which would make every `curl "$URL"` ask
        tries: list[tuple[str, ...]] = [(v,) for v in vocab.words
                                        if (pattern is None or pattern.match(v)) and
                                        (many or not v.startswith("-") or pattern is not None)]
        if many:
            tries += [run for run in vocab.runs if len(run) > 1]
        for values in tries:
            candidate = _replaced(cmd, index, values)
            key = candidate.argv
            if key in seen:
                continue
            seen.add(key)
            view = View(candidate, policy, ctx, (), analyzers)
            for rule in slot_rules:
                budget -= 1
                if budget < 0:  # more than agentsh tries: what it did not try may match
                    return Hit((None, word.text, " ".join(values)))
                try:
                    if match(rule, view) is not None:
                        return Hit((rule, word.text, " ".join(values)))
                except Exception:  # a candidate a matcher cannot read: not evidence either way
                    continue
    return None
