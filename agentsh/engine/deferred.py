"""Code a command stores for bash to run later, checked where it is stored.

bash runs some text as code at a later moment: `trap CODE SIG` (at the signal, at `EXIT`, before
every command for `DEBUG`), `alias NAME=VALUE` (wherever NAME is typed next), `PROMPT_COMMAND`
(before each prompt), the prompt strings `PS0`-`PS4` (their command substitutions, at each
prompt), `bind -x 'KEYS: CODE'` (at a key), `complete -C CODE` / `compgen -C` (at Tab) and the
`-W` word lists (expanded, command substitutions included), and `fc`, which re-runs lines from
the history. A value only known at run time written into one of those variables (`printf -v`,
`read`, `mapfile`, a `declare -n` name for it) is unknown code. In an interactive shell the line
that stores the code passes the gate and the code would then run without it; so the stored code
is classified as if it ran in this shell, and what cannot be known (`fc`'s history) is unknown
code.

Values are approximated by their text with quotes removed: `trap "rm -rf $dir" EXIT` is checked
as `rm -rf $dir`, exactly as the same command typed directly."""

from __future__ import annotations

import re

from agentsh.engine.lazyre import later

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Command

PROMPT_VARIABLES = frozenset(("PS0", "PS1", "PS2", "PS3", "PS4"))
CODE_VARIABLES = frozenset(("PROMPT_COMMAND",))
DECLARERS = frozenset(("export", "declare", "typeset", "local", "readonly"))
_SELF_REFERENCE = later(r"\$\{?PROMPT_COMMAND\b(?:\[[@*0-9]+\])?(?:[:+\-=?][^}]*)?\}?")
_ASSIGNMENT_WORD = later(r"([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=")
_BIND_X = later(r'^\s*("(?:[^"\\]|\\.)*"|[^:\s]+)\s*:\s*(.*)$', re.S)


def stored_code(cmd: Command) -> list[tuple[str | None, str]]:
    """(code text or None when unknown, label) for each piece of code `cmd` stores."""
    out: list[tuple[str | None, str]] = []
    for name, value in cmd.assignments:
        out += _variable(name, value)
    if not cmd.words:
        return out
    for word in cmd.words:  # `a[1]=x`: an assignment some parsers leave as a word
        m = _ASSIGNMENT_WORD.match(word.text)
        if m is None:
            break
        out += _variable(m.group(1), word.text[m.end():])
    prog = cmd.program
    args = [w.text for w in cmd.words[1:]]
    if prog in DECLARERS:
        nameref = any(a.startswith("-") and "n" in a[1:] for a in args)
        for text in args:
            name, sep, value = text.partition("=")
            if nameref and sep and value.split("[", 1)[0] in CODE_VARIABLES | PROMPT_VARIABLES:
                out.append((None, f"{prog} -n {name} (another name for {value})"))
            elif sep and not text.startswith("-"):
                out += _variable(name.rstrip("+"), _dequote(value))
    elif prog == "trap":
        rest = _after_options(args, "lpP")
        if len(rest) >= 2 and rest[0] not in ("-", ""):
            out.append((rest[0], "trap"))
    elif prog == "alias":
        for text in _after_options(args, "p"):
            name, sep, value = text.partition("=")
            if sep and value.strip():
                out.append((value, f"alias {name}"))
    elif prog == "bind":
        for i, text in enumerate(args):
            if text == "-x" and i + 1 < len(args):
                m = _BIND_X.match(args[i + 1])
                out.append((_dequote(m.group(2)) if m else None, "bind -x"))
            elif text.startswith("-x") and len(text) > 2:
                m = _BIND_X.match(text[2:])
                out.append((_dequote(m.group(2)) if m else None, "bind -x"))
    elif prog in ("complete", "compgen"):
        for i, text in enumerate(args[:-1]):
            if text == "-C":
                out.append((args[i + 1], f"{prog} -C"))
            elif text == "-W":
                out.append((_expansion(args[i + 1]), f"{prog} -W"))
    if prog in ("mapfile", "readarray"):
        # `-C CALLBACK`: evaluated (with the index and the line appended) every -c lines
        for i, word in enumerate(cmd.words[1:]):
            text = word.text
            if text == "-C" and i + 1 < len(args):
                value = cmd.words[i + 2]
                out.append((value.text if value.literal else None, f"{prog} -C"))
            elif text.startswith("-C") and len(text) > 2:
                out.append((text[2:] if word.literal else None, f"{prog} -C"))
    if prog in ("printf", "read", "mapfile", "readarray"):
        # a value only known at run time written into a variable bash runs as code
        for i, text in enumerate(args):
            name = text[2:] if prog == "printf" and text.startswith("-v") and len(text) > 2 else \
                args[i + 1] if prog == "printf" and text == "-v" and i + 1 < len(args) else \
                text if prog != "printf" else ""
            if name.split("[", 1)[0] in CODE_VARIABLES | PROMPT_VARIABLES:
                out.append((None, f"{prog} into {name}"))
                break
    elif prog == "fc" and not any(a.startswith("-") and "l" in a[1:] for a in args):
        out.append((None, "fc (a line from the history)"))
    return out


def _variable(name: str, value: str) -> list[tuple[str | None, str]]:
    name = name.split("[", 1)[0]  # PROMPT_COMMAND[1]=CODE runs too
    if name in CODE_VARIABLES:
        if value.startswith("(") and value.endswith(")"):  # an array: each element runs
            items = _split(value[1:-1])
            if items is None:
                return [(None, name)]
        else:
            items = [value]
        return [(_SELF_REFERENCE.sub(":", item), name) for item in items if item.strip()]
    if name in PROMPT_VARIABLES and ("$(" in value or "`" in value):
        return [(_expansion(value), name)]
    return []


def _expansion(value: str) -> str:
    """Code whose run expands `value` as a double-quoted word would (command substitutions)."""
    return ': "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _after_options(args: list[str], letters: str) -> list[str]:
    i = 0
    while i < len(args) and args[i].startswith("-") and len(args[i]) > 1:
        if args[i] == "--":
            return args[i + 1:]
        if not set(args[i][1:]) <= set(letters):
            break
        i += 1
    return args[i:]


def _split(text: str) -> list[str] | None:
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return None


def _dequote(text: str) -> str:
    parts = _split(text)
    return text if parts is None else " ".join(parts)


# ------------------------------------------------------------------ history expansion

# both must be on for bash to expand `!` in what it reads (neither is in a shell that is not
# interactive until the text turns it on: `set -o history`, `set -H` / `set -o histexpand`)
HISTORY_OPTIONS = frozenset(("history", "histexpand"))


def history_expansion(text: str, commands, on: frozenset = frozenset(),
                      later: frozenset = frozenset()) -> int | None:
    """The offset of the first place in `text` where bash, reading it as a script or `-c`
    text (not `eval` or `source`: those are never expanded), may replace a `!` word (`!!`,
    `!e`, `!?x?`, `!-2:$`) or a line's leading `^a^b` with a line of its history: code only
    known at run time (`history -s "rm -rf ~"` then `!!` runs rm). Only on a line after a
    command that may turn on the history and one that may turn on history expansion (or from
    the start for options in `on`, a child shell's own flags), as bash expands each line
    when it reads it; None where nothing can be expanded. Quotes are read as bash's history
    library reads them, per line: single quotes (`$'...'` with its escapes) and a backslash
    keep a `!`, double quotes do not; a `!` before a blank, `=` or the end, `$!`, `${!x}` and
    `[!...]` are never expanded. `histchars` given any other value: every line. `later`: the
    options the whole text may turn on as the dataflow pass followed it (`eval 'set -H'`, a
    sourced file, a function): one turned on there and not by a command of `commands` counts
    from the start (an option only known at run time there, `"*"`, does not: a command of
    `commands` that may turn on any option counts, `set $x`, and `eval` of unknown text asks on
    its own)."""
    if "!" not in text and "^" not in text and "histchars" not in text:
        return None  # nothing bash's history library could expand (the common case: no walk)
    from agentsh.engine import shellopts

    start = {"history": -1 if "history" in on or "*" in on else None,
             "histexpand": -1 if "histexpand" in on or "*" in on else None}
    hist, sub = "!", "^"
    for cmd in commands:
        for name, value in cmd.assignments:
            if name == "histchars" and _dequote(value)[:2] not in ("!^", "!"):
                hist = sub = ""  # another history character: any line
        words = list(cmd.words)
        while words and words[0].literal and words[0].text in ("builtin", "command"):
            words = words[1:]
        if not words or not words[0].literal:
            continue
        prog = words[0].text
        if prog == "set":
            found = shellopts.from_set(words[1:])
        elif prog == "shopt" and any(w.text.startswith("-") and "o" in w.text for w in words):
            found = shellopts.from_shopt(words[1:])
        else:
            found = set()
        for option in HISTORY_OPTIONS:
            if (option in found or "*" in found) and start[option] is None:
                start[option] = cmd.span[0]
    for option in HISTORY_OPTIONS:
        if start[option] is None and option in later:
            start[option] = -1  # turned on by code the pass followed: where, not known here
    if start["history"] is None or start["histexpand"] is None:
        return None
    at = max(start["history"], start["histexpand"])
    first = 0 if at < 0 else text.find("\n", at) + 1
    if first <= 0 and at >= 0:
        return None  # the last line: nothing is read after it
    offset = first
    for line in text[first:].split("\n"):
        found = _history_word(line, hist, sub)
        if found is not None:
            return offset + found
        offset += len(line) + 1
    return None


def _history_word(line: str, hist: str, sub: str) -> int | None:
    """Where in one line bash's history expansion may start (`!word`, a leading `^`)."""
    if not hist:
        return 0 if line.strip() else None
    if line.startswith(sub):
        return 0
    i, double = 0, False
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == "'" and not double:
            escapes = i > 0 and line[i - 1] == "$"
            i += 1
            while i < len(line) and line[i] != "'":
                i += 2 if escapes and line[i] == "\\" else 1
        elif c == '"':
            double = not double
        elif c == hist:
            after = line[i + 1:i + 2]
            before = line[max(0, i - 2):i]
            if not (after in ("", " ", "\t", "\r", "=") or (double and after == '"') or
                    before.endswith("$") or before == "${" or
                    (before.endswith("[") and "]" in line[i + 1:])):
                return i
        i += 1
    return None
