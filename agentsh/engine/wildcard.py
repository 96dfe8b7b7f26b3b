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
    """The argument positions whose value bash only knows when it runs the command: an
    expansion, or a pattern bash replaces with the names of matching files (`--har?` is
    `--hard` where a file of that name exists)."""
    return [i for i, w in enumerate(cmd.words) if i and (not w.literal or glob_of(w) is not None)]


def glob_of(word: Word) -> str | None:
    """The pattern of a literal word with an unquoted `*`, `?` or `[...]` (what is quoted is
    escaped), or None for a word bash passes as it is."""
    raw = word.raw
    if not word.literal or not raw or not any(c in raw for c in "*?["):
        return None
    from agentsh.engine import globs

    out, quote, i = [], "", 0
    while i < len(raw):
        ch = raw[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                out.append("\\" + ch)
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch == "\\" and i + 1 < len(raw) and raw[i + 1] in '"\\$`':
                out.append("\\" + raw[i + 1])
                i += 1
            else:
                out.append("\\" + ch)
        elif ch == "\\" and i + 1 < len(raw):
            out.append(raw[i:i + 2])
            i += 1
        elif ch == "$" and raw[i + 1:i + 2] == "'":
            quote = "'"
            i += 1
        elif ch in "'\"":
            quote = ch
        else:
            out.append(ch)
        i += 1
    pattern = "".join(out)
    return pattern if globs.is_glob(pattern) else None


def shape(word: Word) -> re.Pattern[str] | None:
    """What is known of an unknown word, as a pattern its values must match (`"--$x"` is
    `--.*`, the glob `--har?` is `--har.`); None when nothing is known (the whole word is one
    expansion, or a pattern agentsh cannot read)."""
    pattern = glob_of(word)
    if pattern is not None:
        from agentsh.engine import globs

        try:
            return globs.text_regex(pattern)
        except globs.Unsupported:
            return None
    parts = literal_parts(word.text)
    if parts is None or not any(parts):
        return None
    return re.compile("(?s)" + ".*".join(re.escape(p) for p in parts) + r"\Z")


def literal_parts(text: str) -> list[str] | None:
    """The literal text between the expansions of a word (`--$x` is `["--", ""]`), reading
    `$(...)`, `$((...))`, `${...}` and backquotes to their real end (quotes and nested
    parentheses inside: `$(python3 -c 'print("x")')` is one expansion); None when an
    expansion does not end."""
    parts, current, i, n = [], [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "$" and i + 1 < n and text[i + 1] in "({":
            end = _close(text, i + 1)
            if end is None:
                return None
        elif ch == "`":
            end = text.find("`", i + 1)
            while end > 0 and text[end - 1] == "\\":
                end = text.find("`", end + 1)
            if end < 0:
                return None
        elif ch == "$" and i + 1 < n and (text[i + 1].isalnum() or text[i + 1] in "_@*#?$!-"):
            m = re.match(r"\$(?:[A-Za-z_]\w*|.)", text[i:])
            end = i + m.end() - 1
        elif text.startswith("{}", i):
            end = i + 1  # what xargs/find put in the place of `{}`
        else:
            current.append(ch)
            i += 1
            continue
        parts.append("".join(current))
        current = []
        i = end + 1
    parts.append("".join(current))
    return parts


def _close(text: str, i: int) -> int | None:
    """The index of the bracket that closes the one at `i` (`(` or `{`), skipping quoted text
    and nested brackets; None when it is not closed."""
    pairs = {"(": ")", "{": "}"}
    stack = [pairs[text[i]]]
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "'" and stack[-1] == ")":
            j = text.find("'", j + 1)
            if j < 0:
                return None
        elif ch == '"':
            k = j + 1
            while k < len(text) and text[k] != '"':
                k += 2 if text[k] == "\\" else 1
            if k >= len(text):
                return None
            j = k
        elif ch in pairs:
            stack.append(pairs[ch])
        elif ch == stack[-1]:
            stack.pop()
            if not stack:
                return j
        j += 1
    return None


def splits(word: Word) -> bool:
    """Whether the word may become several words (an unquoted expansion that is the whole
    word: `$x`, `$(cmd)`, xargs' appended input), not one (`"$x"`)."""
    if word.literal:
        return False  # a glob: each name it gives is tried alone
    raw = word.raw or word.text
    return not raw.startswith(('"', "'", "$'")) and literal_parts(word.text) == ["", ""]


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


def _producer(text: str, producers: frozenset[str], shaped: frozenset[str] = frozenset()
              ) -> bool:
    """Whether a command (`pgrep -f x`, `git ls-files -m`) is one whose output is data. A
    producer in `shaped` prints what its own arguments say (`date +FORMAT`, `basename NAME`,
    `find -printf`, `git rev-parse --sq-quote`): it is data only when none of its arguments may
    start a word of its output with `-` (`date +--hard` prints an option)."""
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
    keys = [name] + [f"{name} {x}" for x in rest + flags]
    if not any(k in producers for k in keys):
        return False
    return not any(k in shaped for k in keys) or not _may_print_option(name, words[1:])


OUTPUT_FIELD = later(r"(?:^|\s|%[nt]|/)(?:-|%:{0,3}z)")


def _may_print_option(name: str, args: list[str]) -> bool:
    """Whether a producer that prints its arguments' text may start an output word with `-`:
    a `-` (or `date`'s `%z`, `-0500`) at the start of a word, after a space, `%n`/`%t` or a `/`
    (a path component) of an argument, or a format option that prints names (`-printf`)."""
    operands = False
    for arg in args:
        if arg == "--" and not operands:
            operands = True
            continue
        if arg.startswith("-") and not operands:
            if arg.split("=", 1)[0] in ("-printf", "-fprintf", "-exec", "-execdir", "-ok",
                                        "-okdir", "-f", "--format", "-s", "--separator",
                                        "--sq-quote", "--sq", "--flags", "--parseopt",
                                        "--no-revs"):
                return True
            continue
        if OUTPUT_FIELD.search(arg[1:] if arg.startswith("+") else arg):
            return True
    return False


def _filter(words: list[str], filters: dict) -> bool:
    """Whether a command prints only whole lines of its standard input (`grep -v main`, `head
    -n 5`, `sort -u`): after a data producer its output is data too. `filters` maps a program
    to the options it may be given (`-e=` takes a value; one-letter ones may be bundled,
    `-NUM` is a count, `PATTERN` allows one operand unless `-e` gave it). No file operands (the
    lines would be the file's), nothing that prints part of a line (`grep -o`, `tail -c`) or
    lines of its own (`grep -A`'s `--`)."""
    allowed = filters.get(words[0].rsplit("/", 1)[-1]) if words else None
    if allowed is None:
        return False
    flags = {a.rstrip("=") for a in allowed if a.startswith("-")}
    valued = {a[:-1] for a in allowed if a.endswith("=")}
    operands, pattern_given, i = [], False, 1
    while i < len(words):
        w = words[i]
        if w == "--":
            operands += words[i + 1:]
            break
        if w.startswith("-") and len(w) > 1:
            name = w.split("=", 1)[0] if w.startswith("--") else w[:2]
            if w[1:].isdigit() and "-NUM" in allowed:
                pass
            elif name in valued:
                pattern_given |= name in ("-e", "--regexp")
                if w == name:  # the value is the next word
                    i += 1
            elif w.startswith("--"):
                if w not in flags:
                    return False
            elif not all("-" + c in flags and "-" + c not in valued for c in w[1:]):
                return False
        else:
            operands.append(w)
        i += 1
    return not operands or ("PATTERN" in allowed and not pattern_given and len(operands) == 1)


def _pipeline_data(argvs: list[list[str]], producers: frozenset[str], shaped: frozenset[str],
                   filters: dict) -> bool:
    """A pipeline whose output is data: a data producer, then only producers or filters that
    print whole lines of their input (`git branch --merged | grep -v main`)."""
    import shlex

    if not argvs or not all(argvs):
        return False
    if not _producer(shlex.join(argvs[0]), producers, shaped):
        return False
    return all(_producer(shlex.join(a), producers, shaped) or _filter(a, filters)
               for a in argvs[1:])


def data_only(word: Word, cmd: Command, producers: frozenset[str],
              shaped: frozenset[str] = frozenset(), filters: dict | None = None) -> bool:
    """A word whose value comes from a program that prints data (`$(pgrep x)`, the input
    `find . | xargs` appends): never an option or a verb."""
    import shlex

    text = word.text
    filters = filters or {}
    if word.literal:
        return False  # a glob: file names, which may be anything
    if text == "{}" and cmd.via and cmd.via[-1] in ("xargs", "parallel"):
        stdin = cmd.stdin
        if stdin is None or stdin.kind != "pipe" or not stdin.producer:
            return False
        chain = getattr(stdin, "upstream", ()) or (stdin.producer,)
        return _pipeline_data([list(a) for a in chain], producers, shaped, filters)
    inner = text[2:-1] if text.startswith("$(") and text.endswith(")") else \
        text[1:-1] if text.startswith("`") and text.endswith("`") else None
    if inner is None or "$(" in inner or "`" in inner:
        return False
    try:
        argvs = [shlex.split(part) for part in re.split(r"\|", inner)]
    except ValueError:
        return False
    return _pipeline_data(argvs, producers, shaped, filters)


def _named(text: str, name: str) -> int:
    """How many times `text` names variable `name` as a whole word other than to expand it
    (`for f`, `read f`, `f=1`, `declare -n r=f`, `${f:=x}`), each a way it may be set."""
    count = 0
    for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
        before, after = text[max(0, m.start() - 3):m.start()], text[m.end():m.end() + 2]
        if before.endswith(("$", "-")):
            continue  # an expansion, or an option letter (`rm -f "$f"`)
        if before.endswith(("${", "${#", "${!")) and not (after[:1] in ("=", "[") or
                                                         after == ":="):
            continue
        count += 1
    return count


FOR_HEAD = later(r"(?<![\w$-])for[ \t]+([A-Za-z_]\w*)[ \t]+in[ \t]+")


def looped(word: Word, cmd: Command, text: str, producers: frozenset[str],
           shaped: frozenset[str], filters: dict, start: str = "") -> str | re.Pattern[str] | None:
    """What is known of one variable that only a `for NAME in LIST` of the line sets: "data"
    when every item of LIST is a data producer's output (`for c in $(git rev-list A..B)`), a
    pattern every value matches when every item is a relative glob, the command runs where the
    line started (`start`) or below, and the word is quoted (`for f in *.tar.gz; do tar -tzf
    "$f"`: a name the glob matches, or the glob itself), else None. A glob elsewhere (`~/...`,
    `/...`, after `cd ~/.cache/agentsh`) names files where agentsh's and the agents' own files
    are: its values stay anything, as before."""
    found = _loop_items(word, cmd, text)
    if found is None:
        return None
    items = found[1]
    if all(kind == "sub" and data_only(Word(v, False, cmd.span, v), cmd, producers, shaped, filters)
           for kind, v in items):
        return "data"
    globbed = _plain_globs(word, cmd, items, start)
    if globbed is None:
        return None
    return re.compile("|".join(f"(?:{p})" for _, p in globbed), re.S)


def _loop_items(word: Word, cmd: Command, text: str):
    """(the `for` head's match, the items of its list as ("sub"|"word", text)) for a word that
    is one variable only that `for` of the line sets; None otherwise."""
    m = VARIABLE.fullmatch(word.text)
    if not m or word.literal or not text or getattr(cmd.flow, "opaque", True):
        return None
    name = m.group(1)
    heads = [h for h in FOR_HEAD.finditer(text) if h.group(1) == name]
    if len(heads) != 1 or _named(text, name) != 1:
        return None  # set some other way too (`read`, an assignment, another loop)
    items, i = [], heads[0].end()
    while i < len(text) and text[i] not in ";\n":
        if text[i] in " \t":
            i += 1
            continue
        quoted = text.startswith('"$(', i)
        if text.startswith("$(", i) or quoted:
            end = _close(text, i + 1 + quoted)
            if end is None:
                return None
            items.append(("sub", text[i + quoted:end + 1]))
            i = end + 1 + quoted
            continue
        j = i
        while j < len(text) and text[j] not in " \t;\n":
            j += 1
        items.append(("word", text[i:j]))
        i = j
    return (heads[0], items) if items else None


MOVES_FOLDER = later(r"(?<![\w./-])(?:cd|pushd|popd)(?![\w.-])")


def loop_glob(word: Word, cmd: Command, text: str, start: str) -> str | None:
    """The glob a quoted loop variable's every value matches, as a word can stand for it:
    `for f in src/*.py; do sed -i s/a/b/ "$f"; done` writes a file `src/*.py` names, as `sed
    -i s/a/b/ src/*.py` does (the same paths, judged and saved the same way). Only one plain
    relative glob in the list (`looped`'s conditions), and nothing after the loop's head that may
    change folder (the glob is relative to where the loop started, for every pass)."""
    found = _loop_items(word, cmd, text)
    if found is None or len(found[1]) != 1:
        return None
    head, items = found
    # where the loop runs when that is one known folder (`cd /workspace/app && for ...`): the
    # glob stands for names there, judged there as the same glob written literally would be
    # (a loop in agentsh's own folder is SELF001's); else where the line started, or below
    here = cmd.cwd or ""
    globbed = _plain_globs(word, cmd, items, here if here.startswith("/") else start)
    if not globbed or cmd.span[0] < head.end() or MOVES_FOLDER.search(text[head.end():]):
        return None
    return globbed[0][0]


def _plain_globs(word: Word, cmd: Command, items: list, start: str) -> list | None:
    """(glob, its regex) for each item of a `for` list when every item is a plain relative
    glob, the word is quoted and the command runs where the line started or below; else None."""
    if splits(word) or not all(kind == "word" for kind, _ in items):
        return None
    here = cmd.cwd or ""
    if not start or not here or not (here == start or here.startswith(start.rstrip("/") + "/")):
        return None
    from agentsh.engine import globs

    out = []
    for _, raw in items:
        if any(c in raw for c in "'\"\\$`{}()~") or raw.startswith("/") or \
                not globs.is_glob(raw):
            return None  # a literal item would be known: only plain globs here
        try:
            out.append((raw, globs.text_regex(raw).pattern))
        except globs.Unsupported:
            return None
    return out


VARIABLE = later(r"\$\{?([A-Za-z_]\w*)\}?")


def set_by_line(name: str, flow) -> bool:
    """Whether the line itself may have given variable `name` its value (an assignment, `read`,
    `for`, `printf -v`, code the dataflow pass could not follow), rather than the environment."""
    return flow is not None and (getattr(flow, "opaque", True) or name in getattr(flow, "vars", {})
                                 or name in getattr(flow, "volatile", ())
                                 or name in getattr(flow, "mentions", ()))


def data_assigned(word: Word, cmd: Command, text: str, producers: frozenset[str],
                  shaped: frozenset[str]) -> bool:
    """A word that is one variable the line sets only from data producers
    (`BRANCH=$(git branch --show-current); git push origin "$BRANCH"`): data, like the output
    it holds. Every other way of setting it (`read`, `for`, a literal, `printf -v`) is not."""
    m = VARIABLE.fullmatch(word.text)
    if not m or word.literal or not text or not set_by_line(m.group(1), cmd.flow) or \
            getattr(cmd.flow, "opaque", True):
        return False
    from agentsh.engine.flowstate import mention_count

    name = m.group(1)
    values = []
    for found in re.finditer(r"(?<![\w$])" + re.escape(name) + r'=("?)\$\(', text):
        start = found.end() - 1
        end = _close(text, start)
        if end is None:
            return False
        after = text[end + 1:end + 2] if not found.group(1) else \
            (text[end + 2:end + 3] if text[end + 1:end + 2] == '"' else "x")
        if after and not after.isspace() and after not in ";&|)":
            return False  # more than the output: `X=$(pgrep a)" --force"`
        values.append(text[start - 1:end + 1])
    if not values or mention_count(text, name) != len(values):
        return False
    return all(data_only(Word(v, False, cmd.span, v), cmd, producers, shaped) for v in values)


def data_named(word: Word, patterns: tuple[str, ...], flow=None) -> bool:
    """A word that is one variable whose name says it holds a place or an identity
    (`"$DATABASE_URL"`, `$OUT_DIR`, `$USER_ID`): not a verb, option or statement. Patterns are
    a name or `*END`. The name only says so of a value from outside the line: a variable the
    line itself sets (`BRANCH=$(...)`, `read TAG < f`, `for NAME in ...`), or one code the pass
    cannot follow may have set, holds whatever it was given."""
    m = VARIABLE.fullmatch(word.text)
    if not m or not patterns or word.literal or set_by_line(m.group(1), flow):
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


def read_only_call(cmd: Command, entry: dict | None, values: frozenset[str] = frozenset()
                   ) -> bool:
    """For a CLI of `wildcard_read_only` (aws): its first `depth` positional words are literal,
    come before any word only known at run time, and the last names a read-only operation.
    Options before them are only the CLI's own (`--region X`, `--profile X`), read by its
    option table; anything unknown there keeps the wildcard. Not the operations of `except`
    (named as reads, they write a local file: `aws s3api get-object ... "$OUT"`)."""
    if not entry:
        return False
    depth = int(entry.get("depth", 1))
    prefixes = tuple(entry.get("prefixes", ()))
    found: list[str] = []
    words = cmd.words[1:]
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not word.literal or glob_of(word) is not None:
            return False
        if word.text.startswith("-"):
            if found:
                return False  # an option between the command words: not this simple shape
            if word.text in values:
                i += 1  # its value (`--region "$R"`), whatever it is, is not a command word
            continue
        found.append(word.text)
        if len(found) == depth:
            # a whole word (`ls`, `scan`, `wait`) is that operation or one of its family
            # (`query-...`), not any name it begins (`lsx`, `scanner-delete`)
            op = found[-1]
            family = tuple(p if p.endswith("-") else p + "-" for p in prefixes)
            return (op.startswith(family) or op in prefixes) and \
                " ".join(found) not in entry.get("except", ())
    return False


WHOLE_OPTION = later(r"--[A-Za-z0-9][\w-]*|-[A-Za-z0-9]")


def whole(value: str) -> bool:
    """A value that is a whole argument by itself: not an option (`rm`, `delete`, `+main`), or
    an option with no value attached (`--hard`, `-f`; not `-XDELETE`, `--request=DELETE`)."""
    return not value.startswith("-") or WHOLE_OPTION.fullmatch(value) is not None


def could_match(cmd: Command, program: str, policy: Policy, ctx: Context, analyzers: dict,
                params: dict, text: str = "", start: str = "") -> Hit | None:
    """The first destructive rule of `program` some value of an unknown word makes match.
    `start`: the directory the line starts in ("" when not known)."""
    if cmd.via and cmd.via[-1].startswith(("find -exec", "find -ok")):
        return None  # `{}` is a path find found (its start path first): paths are UNK110's
    positions = unknown_words(cmd)
    if not positions or read_only_call(cmd, params.get("wildcard_read_only", {}).get(program),
                                       policy.spec(program).value_options):
        return None
    vocab = vocabulary(policy, program, int(params.get("wildcard_max_values", 400)))
    skip = frozenset(params.get("wildcard_skip_rules", ()))
    rules = tuple(r for r in vocab.rules if r.id not in skip)
    if not rules:
        return None
    producers = frozenset(params.get("wildcard_data_producers", ()))
    shaped = frozenset(params.get("wildcard_data_shaped", ()))
    names = tuple(params.get("wildcard_data_names", ()))
    filters = dict(params.get("wildcard_data_filters", {}))
    shapes = {i: looped(cmd.words[i], cmd, text, producers, shaped, filters, start)
              for i in positions}
    # names, numbers or ids are not a verb, option, method or statement: not tried, and not
    # counted against the word budget (`$(pgrep a) $(pgrep b) ... $(cat verb)`)
    positions = [i for i in positions
                 if not (data_only(cmd.words[i], cmd, producers, shaped, filters) or
                         data_assigned(cmd.words[i], cmd, text, producers, shaped) or
                         data_named(cmd.words[i], names, cmd.flow) or shapes[i] == "data")]
    most = int(params.get("wildcard_max_words", 4))
    if len(positions) > most:
        # more unknown words than are tried: the rest could be anything (fail closed)
        return Hit((rules[0], cmd.words[positions[most]].text,
                    f"anything (more than {most} words only known at run time)"))
    budget = int(params.get("wildcard_max_matches", 3000))
    values_of = option_values(cmd, policy, program)
    seen: set = set()
    for index in positions:
        word = cmd.words[index]
        slot_rules = rules
        if id(word) in values_of and not splits(word):
            # an option's value (`git commit -m "$(cat msg)"`, `--format "$F"`): whatever it
            # is, it stays that option's value, so only a rule on options' values or one on an
            # analyzer's facts (which may read it) can see it
            slot_rules = tuple(r for r in rules if r.facts or r.option_values)
            if not slot_rules:
                continue
        pattern = shape(word) or (shapes[index] if shapes[index] != "data" else None)
        many = pattern is None and splits(word)
        # a quoted word (`"$x"`) is one argument: tried as a value, a verb, an operand or a
        # whole option (`--hard`), not as an option with its value attached (`-XDELETE`),
        # which would make every `curl "$URL"` ask
        tries: list[tuple[str, ...]] = [(v,) for v in vocab.words
                                        if (pattern is None or pattern.match(v)) and
                                        (many or pattern is not None or whole(v))]
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
