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
