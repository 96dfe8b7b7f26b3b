"""Shell commands run from inside other programs' own languages and settings.

awk `system("CMD")`, `"CMD" | getline`, `print | "CMD"`; sed's `e CMD` and `s///e`; vim/ex
`:!CMD`, `:r !CMD`, `:w !CMD`, `call system()`; ed `!CMD`; tar `--to-command`,
`--checkpoint-action=exec=`, `-I PROG`; lua `os.execute`/`io.popen`; Tcl and expect `exec`,
`open |CMD`, `spawn`; git config keys that hold commands (`-c core.sshCommand=CMD`, `alias.x=!CMD`,
`git config core.pager CMD`) and git's own command options (`rebase --exec`, `submodule
foreach`); environment variables that hold commands (`EDITOR=CMD`, `GIT_SSH_COMMAND=CMD`); a
function exported through the environment (`env 'BASH_FUNC_ls%%=() { ...; }' bash -c ls`);
crontab entries; keys typed into a terminal (`tmux send-keys ... Enter`, `screen -X stuff`).

Each literal command becomes `Code` the unwrapper parses and checks as shell; a command built at
run time becomes `unknown.dynamic_command`. These are scanners for the parts that run commands,
not full parsers of the languages: what they cannot place they leave to the rules on the program
itself. Interpreter code (Python, JavaScript ...) is `domains.interp`'s."""

from __future__ import annotations

import re

from agentsh.engine.model import Code, Command, Context, Fact, Stdin, Word
from agentsh.lean import fnmatchcase

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.names import Names

AWKS = frozenset(("awk", "gawk", "mawk", "nawk", "original-awk", "bwk-awk", "goawk"))
VIMS = frozenset(("vim", "vi", "nvim", "view", "gvim", "gview", "vimdiff", "nvi", "evim",
                  "vim.basic", "vim.tiny", "ex", "exim", "vimx"))
EDS = frozenset(("ed",))
# SQL clients whose own commands run a shell: psql `\!`, mysql `system`/`\!`, sqlite3 `.shell`,
# `.system` (and `.once|` / `.output|` pipes)
SQL_SHELLS = frozenset(("psql", "mysql", "mariadb", "sqlite3", "duckdb", "pgcli", "litecli", "mycli",
                        "usql", "sqlcmd", "sqlplus", "vsql"))
LUAS = frozenset(("lua", "luajit", "lua5.1", "lua5.2", "lua5.3", "lua5.4", "texlua"))
TCLS = frozenset(("tclsh", "wish", "expect", "jimsh", "tclsh8.6", "tclsh8.5"))
DECLARATIONS = frozenset(("export", "declare", "typeset", "readonly"))
ENTER_KEYS = frozenset(("Enter", "C-m", "KPEnter", "C-j", "^M", "^J"))
KEY_NAME = re.compile(r"^(?:[CMS]-.+|\^.|Escape|Tab|BTab|BSpace|DC|End|Home|IC|NPage|PageDown|"
                      r"PgDn|PPage|PageUp|PgUp|Space|Up|Down|Left|Right|F[0-9]{1,2}|KP\w+|"
                      r"Any|MouseDown\w*|MouseUp\w*|WheelUp\w*|WheelDown\w*)$")


def codes(cmd: Command, ctx: Context, names: Names, params: dict) -> tuple[list[Code], list[Fact]]:
    """The shell commands `cmd` runs through its own language or settings."""
    out: list[Code] = []
    facts: list[Fact] = []
    out += _environment(cmd, cmd.assignments, params, facts, _written_literally(cmd))
    if not cmd.words or not cmd.words[0].literal:
        return out, facts
    prog = cmd.program
    if prog in DECLARATIONS:  # `export EDITOR=CMD`: checked once, where it is set
        out += _environment(cmd, _exported(cmd), params, facts)
        return out, facts
    if prog.lower().endswith(".exe"):
        prog = prog[:-4]
    reader = _reader(ctx)
    if prog in AWKS:
        out += _awk(cmd, reader)
    elif prog in ("sed", "gsed"):
        out += _sed(cmd, reader)
    elif prog in VIMS:
        out += _vim(cmd, reader)
    elif prog in EDS:
        out += _ed(cmd, reader)
    elif prog in ("tar", "gtar", "bsdtar"):
        out += _tar(cmd)
    elif prog in LUAS:
        out += _lua(cmd, reader)
    elif prog in TCLS:
        out += _tcl(cmd, reader)
    elif prog == "git":
        c, f = _git(cmd, names, params, reader, ctx)
        out += c
        facts += f
    elif prog == "screen":
        out += _screen(cmd)
    elif prog == "gh":
        out += _gh_alias(cmd)
    if prog in params.get("settings_commands", {}):
        out += settings_codes(cmd, prog, params["settings_commands"][prog], names, reader)
    elif prog in SQL_SHELLS:
        out += _sql_shell(cmd, reader)
    elif prog in SSH_CLIENTS:
        c, f = _ssh(cmd, reader)
        out += c
        facts += f
        if prog in ESCAPES:  # sftp -b FILE, and its stdin
            out += _escapes(cmd, prog, reader)
    elif prog == "rsync":
        out += _command_option(cmd, ("-e", "--rsh"), "rsync -e")
    elif prog == "man":
        out += _command_option(cmd, ("-P", "--pager"), "man -P")
    elif prog in ESCAPES:
        out += _escapes(cmd, prog, reader)
    return out, facts


def _reader(ctx: Context):
    reader = ctx.read_file
    return reader if callable(reader) else (lambda path: None)


def _code(text: str | None, label: str, span: tuple[int, int], **kw) -> Code:
    return Code(text, label, span, **kw)


# ---------------------------------------------------------------- environment


def _exported(cmd: Command) -> list[tuple[str, str]]:
    """The NAME=VALUE pairs `export`/`declare -x` sets (values as written when not literal)."""
    if cmd.program != "export" and not any(w.text.startswith("-") and "x" in w.text
                                           for w in cmd.words[1:]):
        return []
    pairs = []
    for word in cmd.words[1:]:
        name, eq, value = (word.text if word.literal else word.raw).partition("=")
        if eq and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            if not word.literal:
                from agentsh.engine.names import _dequote

                value, literal = _dequote(value)
                value = value if literal else f"${{{name}}}`{value}`"  # marks it dynamic
            pairs.append((name, value))
    return pairs


def _written_literally(cmd: Command) -> frozenset[str]:
    """The names `cmd` assigns a value bash does not expand (`X="sed -i '2,\\$s/a/b/'"`: the
    `$` is quoted), read from the source of each assignment; the value as parsed keeps no
    quotes, so a `$` in it may have been either."""
    out = set()
    for raw in cmd.assign_raw:
        name, eq, value = raw.partition("=")
        if eq and not _expands(value):
            out.add(name)
    return frozenset(out)


def _expands(raw: str) -> bool:
    """Whether a word written as `raw` holds a `$` or backquote bash expands (outside single
    quotes and not escaped); `$'...'` counts, to keep it simple."""
    quote, i = "", 0
    while i < len(raw):
        ch = raw[i]
        if quote == "'":
            quote = "" if ch == "'" else quote
        elif ch == "\\":
            i += 1  # outside quotes anything is escaped; in double quotes only $ ` " \ newline,
            # and a backslash kept before another character is not an expansion either
        elif ch in "$`":
            return True
        elif ch == '"':
            quote = "" if quote == '"' else '"'
        elif ch == "'" and not quote:
            quote = "'"
        i += 1
    return False


def _environment(cmd: Command, pairs, params: dict, facts: list[Fact],
                 literally: frozenset[str] = frozenset()) -> list[Code]:
    """Variables set for this command (or exported by it) that hold a command some program
    runs (`EDITOR`, `GIT_SSH_COMMAND`, `LESSOPEN`), options a program reads as if they were on
    its command line (`TAR_OPTIONS`, `ZIPOPT`: checked as `tar VALUE`), a function
    (`BASH_FUNC_x%%`), or a library loaded into a program (`LD_PRELOAD`)."""
    if not pairs:
        return []
    command_env = set(params.get("command_env", ()))
    command_patterns = [p for p in command_env if "*" in p]
    option_env = params.get("option_env", {})
    option_patterns = [p for p in option_env if "*" in p]
    out: list[Code] = []
    seen = set()
    for name, value in pairs:
        if name in seen:
            continue
        seen.add(name)
        literal = "$" not in value and "`" not in value or name in literally
        if name.startswith("BASH_FUNC_") and name.endswith(("%%", "()")):
            function = name[len("BASH_FUNC_"):].rstrip("%()")
            out.append(_code(f"{function} {value}" if literal else None,
                             f"exported function {function}", cmd.span))
        elif value and (name in command_env or
                        any(fnmatchcase(name, p) for p in command_patterns)):
            if name.startswith("LESS"):
                value = value.lstrip("|").replace("%s", "FILE")
            out.append(_code(value if literal else None, f"${name}", cmd.span))
        elif value and (prefix := _option_env(name, option_env, option_patterns)):
            # options a program reads from its environment; `PROGRAM SUB ...`: added to the
            # command it is set on when that is PROGRAM SUB (`-out p` stays beside `-destroy`)
            if prefix.endswith(" ..."):
                prefix = prefix[:-4]
                own = [w.raw for w in cmd.words]
                if [w.text for w in cmd.words[: len(prefix.split())]] == prefix.split():
                    prefix = " ".join(own)
            out.append(_code(f"{prefix} {value}" if literal else None, f"${name}", cmd.span))
        elif name in ("LD_PRELOAD", "LD_AUDIT", "DYLD_INSERT_LIBRARIES") and value:
            facts.append(Fact("unknown.preload", f"{name}={value} loads a library into "
                              f"{cmd.program or 'the command'}: code agentsh cannot see"))
    return out


def _option_env(name: str, option_env: dict, patterns: list[str]) -> str:
    """The command line a variable's value is read into (`TAR_OPTIONS` -> `tar`), "" if none;
    a `*` in the name stands for a part the line names (`TF_CLI_ARGS_*` = `terraform {1}`:
    `TF_CLI_ARGS_apply=-destroy` is checked as `terraform apply -destroy`)."""
    if name in option_env:
        return option_env[name]
    for pattern in patterns:
        m = re.fullmatch(re.escape(pattern).replace(r"\*", "(.+)"), name)
        if m:
            return option_env[pattern].replace("{1}", m.group(1))
    return ""


# ---------------------------------------------------------------- awk


_AWK_VALUE = frozenset(("-F", "-v", "--field-separator", "--assign", "-i", "--include", "-l",
                        "--load", "-W", "-o", "--dump-variables", "-p", "--profile"))
_AWK_FILE = frozenset(("-f", "--file", "-E", "--exec"))
_AWK_TOKEN = re.compile(r"""
    (?P<nl>\\\n|\n) | (?P<space>[ \t\r]+) | (?P<comment>\#[^\n]*) |
    (?P<str>"(?:\\.|[^"\\\n])*") |
    (?P<name>[A-Za-z_][A-Za-z0-9_]*) | (?P<num>[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?) |
    (?P<op>\|&|\|\||&&|[<>!=]=|\+\+|--|[-+*/%^]=|>>|[-+*/%^!<>=~?:,;(){}\[\]$|&]|\S)
""", re.X)
_AWK_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a",
                "b": "\b", "f": "\f", "v": "\v"}


def _awk_string(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\([0-7]{1,3}|.)",
                  lambda m: chr(int(m.group(1), 8)) if m.group(1)[0] in "01234567"
                  else _AWK_ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


def _awk_tokens(src: str) -> list[tuple[str, str]]:
    """awk tokens: (kind, text), kind one of str, regex, name, num, op, nl."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(src):
        prev = out[-1] if out else ("op", "{")
        if src[i] == "/" and (prev[0] == "nl" or (prev[0] == "op" and prev[1] not in (")", "]", "$"))
                              or (prev[0] == "name" and prev[1] in ("print", "printf", "return",
                                                                    "in", "case"))):
            m = re.compile(r"/(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n])*/").match(src, i)
            if m:
                out.append(("regex", m.group(0)))
                i = m.end()
                continue
        m = _AWK_TOKEN.match(src, i)
        if m is None:
            break
        kind = m.lastgroup or "op"
        if kind not in ("space", "comment"):
            out.append((kind, m.group(0)))
        i = m.end()
    return out


_AWK_STOP_BACK = frozenset(("(", "{", "}", ";", ",", "=", "&&", "||", "!", "?", ":", "+=", "-=",
                            "*=", "/=", "%=", "^="))
_AWK_STOP_FORWARD = frozenset((";", "}", ")", ">", ">>"))


def awk_commands(src: str, variables: dict[str, str] | None = None
                 ) -> list[tuple[str | None, str | None]]:
    """(command or None when built at run time, text piped into it when known) for each shell
    command an awk program runs. `variables` are those set with `-v NAME=VALUE`."""
    toks = _awk_tokens(src)
    if variables:
        toks = [("str", '"' + variables[t].replace("\\", "\\\\").replace('"', '\\"') + '"')
                if kind == "name" and t in variables else (kind, t) for kind, t in toks]
    out: list[tuple[str | None, str | None]] = []
    for k, (kind, text) in enumerate(toks):
        if kind == "name" and text == "system" and k + 1 < len(toks) and toks[k + 1][1] == "(":
            depth, j, arg = 0, k + 1, []
            while j < len(toks):
                if toks[j][1] == "(":
                    depth += 1
                elif toks[j][1] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                if j > k + 1:
                    arg.append(toks[j])
                j += 1
            out.append((_awk_single(arg), None))
        elif kind == "op" and text in ("|", "|&"):
            if k + 1 < len(toks) and toks[k + 1] == ("name", "getline"):
                j, left = k - 1, []
                while j >= 0 and toks[j][0] != "nl" and toks[j][1] not in _AWK_STOP_BACK:
                    left.insert(0, toks[j])
                    j -= 1
                out.append((_awk_single(left), None))
            else:
                j, right = k + 1, []
                while j < len(toks) and toks[j][0] != "nl" and toks[j][1] not in _AWK_STOP_FORWARD:
                    right.append(toks[j])
                    j += 1
                out.append((_awk_single(right), _awk_printed(toks, k)))
    return out


def _awk_single(tokens: list[tuple[str, str]]) -> str | None:
    while tokens and tokens[0][1] == "(" and tokens[-1][1] == ")":
        tokens = tokens[1:-1]
    if len(tokens) == 1 and tokens[0][0] == "str":
        return _awk_string(tokens[0][1])
    return None


def _awk_printed(toks: list[tuple[str, str]], pipe: int) -> str | None:
    """What `print "a", "b" | CMD` writes to CMD, when every item is a string literal."""
    j, items = pipe - 1, []
    while j >= 0 and toks[j] not in (("name", "print"), ("name", "printf")):
        if toks[j][0] == "nl" or toks[j][1] in (";", "{", "}"):
            return None
        items.insert(0, toks[j])
        j -= 1
    if j < 0 or not items or any(kind not in ("str",) and text != "," for kind, text in items):
        return None
    parts = [_awk_string(text) for kind, text in items if kind == "str"]
    if toks[j][1] == "printf":
        return parts[0] if len(parts) == 1 and "%" not in parts[0] else None
    return " ".join(parts) + "\n"


def _awk(cmd: Command, reader) -> list[Code]:
    words = cmd.words
    programs: list[tuple[str | None, str]] = []
    variables: dict[str, str] = {}
    i, given = 1, False
    while i < len(words):
        text = words[i].text
        if text == "--":
            i += 1
            break
        assignment = words[i + 1] if text in ("-v", "--assign") and i + 1 < len(words) else \
            Word(text[2:], words[i].literal) if text.startswith("-v") and len(text) > 2 else None
        if assignment is not None and assignment.literal and "=" in assignment.text:
            name, _, value = assignment.text.partition("=")
            variables[name] = value
        if text in _AWK_FILE and i + 1 < len(words):
            programs.append(_file_text(words[i + 1], reader, cmd))
            given = True
            i += 2
        elif text.startswith("--file=") or (text.startswith("-f") and len(text) > 2):
            path = text.split("=", 1)[1] if text.startswith("--") else text[2:]
            programs.append(_file_text(Word(path, True, words[i].span, path), reader, cmd))
            given = True
            i += 1
        elif text in ("-e", "--source") and i + 1 < len(words):
            programs.append((words[i + 1].text if words[i + 1].literal else None, "awk -e"))
            given = True
            i += 2
        elif text in _AWK_VALUE:
            i += 2
        elif text.startswith("-") and len(text) > 1 and words[i].literal:
            i += 1
        else:
            break
    if not given and i < len(words):
        programs.append((words[i].text if words[i].literal else None, "awk"))
    out = []
    for src, label in programs:
        if src is None and label == _RUN_TIME:  # its program file is standard input, a pipe
            out.append(_code(None, f"{cmd.program} -f (a program only known at run time)",
                             cmd.span))
        if src is None:
            continue  # an awk program only known at run time: the rules on awk itself decide
        for command, printed in awk_commands(src, variables):
            stdin = Stdin("pipe", printed, ("awk",)) if printed is not None else \
                Stdin("pipe", None, ("awk print",))
            out.append(_code(command, f"{cmd.program} program", cmd.span, stdin=stdin))
    return out


_STDIN_PATHS = frozenset(("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"))
_RUN_TIME = "\0run time"


def _file_text(word: Word, reader, cmd: Command | None = None) -> tuple[str | None, str]:
    """The text of a program file (`awk -f F`, `sed -f F`): standard input when F names it
    (`-f /dev/stdin <<< CODE`, `echo CODE | awk -f -`); (None, _RUN_TIME) when it is only
    known at run time (a pipe, `<(...)`, a word agentsh cannot evaluate)."""
    if not word.literal or word.raw.startswith(("<(", ">(")):
        return None, _RUN_TIME
    if cmd is not None and word.text in _STDIN_PATHS:
        stdin = cmd.stdin
        if stdin is None:
            return None, _RUN_TIME
        if stdin.kind == "file":
            text = reader(stdin.path)
            return (text, stdin.path) if text is not None else (None, _RUN_TIME)
        return (stdin.text, word.text) if stdin.text is not None else (None, _RUN_TIME)
    if word.text.startswith(("/dev/fd/", "/proc/")):
        return None, _RUN_TIME
    return reader(word.text), word.text


# ---------------------------------------------------------------- sed


def _sed(cmd: Command, reader) -> list[Code]:
    words = cmd.words
    if any(w.text == "--sandbox" for w in words):
        return []  # GNU sed refuses e, r and w in sandbox mode
    scripts: list[str | None] = []
    i, given = 1, False
    while i < len(words):
        text = words[i].text
        if text == "--":
            i += 1
            break
        if text in ("-e", "--expression") and i + 1 < len(words):
            scripts.append(words[i + 1].text if words[i + 1].literal else None)
            given = True
            i += 2
        elif text.startswith("--expression="):
            scripts.append(text.split("=", 1)[1])
            given = True
            i += 1
        elif text in ("-f", "--file") and i + 1 < len(words):
            found, where = _file_text(words[i + 1], reader, cmd)
            scripts.append(found if where != _RUN_TIME else _RUN_TIME)
            given = True
            i += 2
        elif text in ("-l", "--line-length", "-s"):
            i += 2 if text != "-s" else 1
        elif text.startswith("-") and len(text) > 1 and words[i].literal:
            if "e" in text[1:] and not text.startswith("--") and i + 1 < len(words):
                scripts.append(words[i + 1].text if words[i + 1].literal else None)  # -ne SCRIPT
                given = True
                i += 2
                continue
            i += 1
        else:
            break
    if not given and i < len(words):
        scripts.append(words[i].text if words[i].literal else None)
    out = []
    for script in scripts:
        if script == _RUN_TIME:  # its script file is standard input, a pipe
            out.append(_code(None, "sed -f (a script only known at run time)", cmd.span))
            continue
        if script is None:
            continue
        for command in sed_commands(script):
            out.append(_code(command, "sed e", cmd.span))
    return out


_SED_ADDRESS = re.compile(r"""
    \s*(?: \d+(?:~\d+)? | \$ | /(?:\\.|[^/\\\n])*/[IM]* | \\(.)(?:\\.|(?!\1).)*\1[IM]* )
    (?: \s*,\s*(?: [+~]?\d+ | \$ | /(?:\\.|[^/\\\n])*/[IM]* ) )? \s*!?\s*
""", re.X)


def sed_commands(script: str) -> list[str | None]:
    """Shell commands a sed script runs: `e CMD` (the command), a bare `e` or `s///e` (the
    pattern space, known only at run time: None)."""
    out: list[str | None] = []
    i, n = 0, len(script)
    try:
        while i < n:
            while i < n and script[i] in " \t\n;":
                i += 1
            if i >= n:
                break
            m = _SED_ADDRESS.match(script, i)
            if m and m.end() > i:
                i = m.end()
            if i >= n:
                break
            c = script[i]
            i += 1
            if c in "{}=dDgGhHlnNpPxzF":
                continue
            if c == "#" or c in ":aic" or c in "rRwW" or c == "e":
                end = _line_end(script, i, continued=c in "aic")
                arg = script[i:end].strip()
                if c == "e":
                    out.append(arg or None)
                i = end
            elif c in "btTqQLv":
                while i < n and script[i] not in ";\n}":
                    i += 1
            elif c in "sy":
                i, replacement, regex = _sed_parts(script, i)
                flags_end = i
                while flags_end < n and script[flags_end] not in ";\n}":
                    if script[flags_end] in "wW" and c == "s":
                        flags_end = _line_end(script, flags_end)
                        break
                    flags_end += 1
                flags = script[i:flags_end]
                if c == "s" and "e" in flags.split("w", 1)[0]:
                    whole = regex in ("^.*$", ".*", "^.*", ".*$")
                    out.append(_sed_unescape(replacement) if whole and "&" not in replacement
                               and "\\" not in replacement.replace("\\/", "") else None)
                i = flags_end
            else:
                raise ValueError(f"unknown sed command {c!r}")
    except (ValueError, IndexError):
        if re.search(r"(?:^|[;{}\n0-9$/!])\s*e(?:\s|;|$)|/[gpiImM0-9]*e[gpiImM0-9]*\s*(?:[;}]|$)",
                     script):
            out.append(None)
    return out


def _line_end(script: str, i: int, continued: bool = False) -> int:
    while i < len(script) and script[i] != "\n":
        if continued and script[i] == "\\" and i + 1 < len(script):
            i += 2
            continue
        i += 1
    return i


def _sed_parts(script: str, i: int) -> tuple[int, str, str]:
    """Past `s/REGEX/REPLACEMENT/` (any delimiter): (index after it, replacement, regex)."""
    delim = script[i]
    if delim in "\\\n":
        raise ValueError("bad delimiter")
    parts, cur, i = [], [], i + 1
    while len(parts) < 2:
        ch = script[i]
        if ch == "\\" and i + 1 < len(script):
            cur.append(script[i : i + 2])
            i += 2
            continue
        if ch == "[" and not parts:  # a bracket expression may hold the delimiter: s/[/]/x/
            end = script.index("]", i + 2 if script[i + 1 : i + 2] in ("]", "^") else i + 1)
            cur.append(script[i : end + 1])
            i = end + 1
            continue
        if ch == delim:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    return i, parts[1], parts[0]


def _sed_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


# ---------------------------------------------------------------- vim, ex, ed


_EX_RANGE = re.compile(r"""^[\s:]*(?:(?:[%.$]|\d+|'[a-zA-Z<>\[\]]|/(?:\\.|[^/])*/|\?(?:\\.|[^?])*\?
                         |[-+]\d*|\\[/?&])\s*[,;]?\s*)*""", re.X)
_EX_NAME = re.compile(r"^([A-Za-z]+|!)(!?)\s*")


def _abbrev(name: str, full: str, least: int) -> bool:
    return len(name) >= least and full.startswith(name)


def ex_commands(line: str, reader=None, depth: int = 0) -> list[str | None]:
    """Shell commands one line of ex commands runs (`:!CMD`, `:r !CMD`, `:w !CMD`,
    `:silent !CMD`, `:call system("CMD")`, `:terminal CMD`, `:source FILE`)."""
    out: list[str | None] = []
    rest = line
    while rest.strip() and depth < 8:
        rest = _EX_RANGE.sub("", rest, count=1)
        if rest.startswith('"'):
            break
        m = _EX_NAME.match(rest)
        if m is None:
            break
        name, arg = m.group(1), rest[m.end():]
        if name == "!":
            out.append(arg.strip() or None)
            break
        if any(_abbrev(name, full, least) for full, least in (("read", 1), ("write", 1),
                                                               ("wq", 2), ("xit", 1), ("edit", 1),
                                                               ("update", 2))) \
                and arg.lstrip().startswith("!"):
            out.append(arg.lstrip()[1:].strip() or None)
            break
        if _abbrev(name, "silent", 3) or _abbrev(name, "noautocmd", 3) or \
                _abbrev(name, "keepalt", 5) or _abbrev(name, "vertical", 4):
            rest = arg
            continue
        if _abbrev(name, "terminal", 3):
            command = re.sub(r"^(?:\+\+\S+\s*)*", "", arg).strip()
            if command:
                out.append(command)
            break
        if _abbrev(name, "source", 2) or _abbrev(name, "runtime", 2):
            path = arg.strip().split("|", 1)[0].strip()
            text = reader(path) if reader and path else None
            for script_line in (text or "").splitlines():
                out += ex_commands(script_line, reader, depth + 1)
            if text is None and path:
                out.append(None)
            break
        if _abbrev(name, "execute", 3) or _abbrev(name, "normal", 4):
            strings = re.findall(r'"((?:\\.|[^"\\])*)"|\'([^\']*)\'', arg)
            if _abbrev(name, "execute", 3) and strings and re.fullmatch(
                    r"""\s*(?:"(?:\\.|[^"\\])*"|'[^']*')\s*""", arg.split("|", 1)[0]):
                for a, b in strings:
                    out += ex_commands(a or b, reader, depth + 1)
            elif "!" in arg or "system" in arg:
                out.append(None)
            break
        effects = _vim_file_functions(arg)
        if effects:
            out += effects
            break
        if re.search(r"\b(?:system|systemlist|jobstart|termopen|job_start|term_start)\s*\(", arg):
            for call in re.finditer(r"\b(?:system|systemlist|jobstart|termopen|job_start|"
                                    r"term_start)\s*\(\s*(?:\"((?:\\.|[^\"\\])*)\"|'([^']*)')?",
                                    arg):
                literal = call.group(1) if call.group(1) is not None else call.group(2)
                out.append(literal)
            break
        if name in ("py", "py3", "python", "python3", "pyx", "pythonx", "lua", "perl", "ruby",
                    "rub", "mz", "mzscheme", "tcl", "pydo", "py3do", "pyxdo", "luado", "perldo",
                    "rubydo", "tcldo", "luafile", "pyfile", "py3file", "pyxfile", "rubyfile",
                    "perlfile", "tclfile", "mzfile"):
            # code in another language vim embeds: agentsh reads no harm words into it (a
            # `shutil.rmtree` is as bad as `os.system`), so it is code agentsh cannot see
            out.append(None)
            break
        if "|" in arg:
            rest = arg.split("|", 1)[1]
            continue
        break
    return out


_VIM_FILE_CALL = re.compile(r"\b(delete|rename|writefile|setfperm|libcall|libcallnr|luaeval|"
                            r"py3eval|pyeval|pyxeval|perleval|rubyeval|mzeval)\s*\(")
_VIM_STRING = r"""\s*(?:"((?:\\.|[^"\\])*)"|'((?:[^']|'')*)')\s*"""


def _vim_file_functions(arg: str) -> list[str | None]:
    """Vimscript functions that change files or run code in an embedded language, as shell
    (`delete("d", "rf")` is `rm -rf d`, `rename(a, b)` is `mv a b`); one whose arguments are not
    plain strings, or that writes or evaluates, is unknown (None)."""
    import shlex

    out: list[str | None] = []
    for call in _VIM_FILE_CALL.finditer(arg):
        name = call.group(1)
        strings = []
        for m in re.finditer(_VIM_STRING + r"(,|\))", arg[call.end():]):
            strings.append(m.group(1) if m.group(1) is not None else m.group(2).replace("''", "'"))
            if m.group(3) == ")":
                break
        else:
            strings = []
        literal = re.match(r"(?:" + _VIM_STRING + r",?)*\)", arg[call.end():]) is not None
        if name == "delete" and literal and strings:
            flags = strings[1] if len(strings) > 1 else ""
            out.append("rm -rf -- " + shlex.quote(strings[0]) if "rf" in flags else
                       "rmdir -- " + shlex.quote(strings[0]) if "d" in flags else
                       "rm -f -- " + shlex.quote(strings[0]))
        elif name == "rename" and literal and len(strings) == 2:
            out.append(f"mv -- {shlex.quote(strings[0])} {shlex.quote(strings[1])}")
        else:
            out.append(None)
    return out


def _vim(cmd: Command, reader) -> list[Code]:
    words = cmd.words
    prog = cmd.program
    commands: list[str] = []
    ex_mode = prog in ("ex", "exim")
    i = 1
    while i < len(words):
        text = words[i].text
        if not words[i].literal:
            i += 1
            continue
        if text == "--":
            break
        if text in ("-c", "--cmd") and i + 1 < len(words):
            commands.append(words[i + 1].text if words[i + 1].literal else "!")
            i += 2
            continue
        if text.startswith("+") and len(text) > 1 and not text[1:].isdigit() and \
                not text.startswith("+/"):
            commands.append(text[1:])
        elif text in ("-S", "-u") and i + 1 < len(words):
            path = words[i + 1].text
            if path not in ("NONE", "NORC", "DEFAULTS"):
                commands.append(f"source {path}")
            i += 2
            continue
        elif text in ("-e", "-E", "-es", "-Es", "-se") or (text.startswith("-") and
                                                          not text.startswith("--") and
                                                          "e" in text[1:] and len(text) <= 4):
            ex_mode = True
        elif text in ("-i", "-T", "-w", "-W", "-r", "-t", "-q", "--servername", "--remote-send",
                      "--remote-expr", "--startuptime", "--listen"):
            if text in ("--remote-send", "--remote-expr") and i + 1 < len(words):
                commands.append("!")  # keys or an expression sent to another vim
            i += 2
            continue
        i += 1
    out = []
    for line in commands:
        for command in ex_commands(line, reader):
            out.append(_code(command, f"{prog} command", cmd.span))
    if ex_mode and cmd.stdin is not None and prog not in ("rvim", "rview"):
        text = cmd.stdin.text if cmd.stdin.kind != "file" else reader(cmd.stdin.path)
        for line in (text or "").splitlines():
            for command in ex_commands(line, reader):
                out.append(_code(command, f"{prog} commands on stdin", cmd.span))
    return out


def _ed(cmd: Command, reader) -> list[Code]:
    stdin = cmd.stdin
    if stdin is None:
        return []
    text = stdin.text if stdin.kind != "file" else reader(stdin.path)
    if text is None:
        return [_code(None, "ed commands on stdin", cmd.span)] if stdin.kind != "file" else []
    out = []
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        m = re.match(r"^\s*(?:[0-9.$,;+\-]|'[a-z]|/(?:\\.|[^/])*/|\?(?:\\.|[^?])*\?)*\s*([aic])\s*$",
                     line)
        if m:  # text entry until a lone `.`
            while k < len(lines) and lines[k] != ".":
                k += 1
            k += 1
            continue
        body = re.sub(r"^\s*(?:[0-9.$,;+\-]|'[a-z]|/(?:\\.|[^/])*/|\?(?:\\.|[^?])*\?)*\s*", "",
                      line)
        if body.startswith("!"):
            out.append(_code(body[1:].strip() or None, "ed !", cmd.span))
        elif re.match(r"^[rweEW]\s*!", body):
            out.append(_code(body.split("!", 1)[1].strip() or None, "ed !", cmd.span))
    return out


# ---------------------------------------------------------------- tar


_TAR_CODE_LONG = ("--to-command", "--use-compress-program", "--info-script",
                  "--new-volume-script", "--rsh-command")
_TAR_VALUE_SHORT = "fCTXbgHKLNVIF"


def _tar(cmd: Command) -> list[Code]:
    words = cmd.words
    out = []
    i = 1
    old_style = len(words) > 1 and words[1].literal and not words[1].text.startswith("-")
    while i < len(words):
        word = words[i]
        text = word.text
        if not word.literal:
            i += 1
            continue
        name, eq, value = text.partition("=")
        if name in _TAR_CODE_LONG or name == "--checkpoint-action":
            if not eq and i + 1 < len(words):
                value, eq = words[i + 1].text, "="
                i += 1
            if name == "--checkpoint-action":
                if value.startswith("exec="):
                    out.append(_code(value[5:], "tar --checkpoint-action=exec", cmd.span))
            else:
                out.append(_code(value, f"tar {name}", cmd.span))
        elif text.startswith("-") and not text.startswith("--") or (i == 1 and old_style):
            letters = text.lstrip("-")
            attached = not (i == 1 and old_style)
            for j, ch in enumerate(letters):
                if ch not in _TAR_VALUE_SHORT:
                    continue
                rest = letters[j + 1 :] if attached else ""
                if rest:
                    value = rest
                elif i + 1 < len(words):
                    i += 1
                    value = words[i].text
                else:
                    break
                if ch in "IF":
                    out.append(_code(value, f"tar -{ch}", cmd.span))
                if attached:
                    break
        i += 1
    return out


# ---------------------------------------------------------------- lua, tcl, expect


_LUA_STRING = r"""(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|\[(=*)\[(.*?)\]\3\])"""
_LUA_CALL = re.compile(r"\b(?:os\.execute|io\.popen)\s*(?:\(\s*)?(" + _LUA_STRING + r")?",
                       re.S)


def lua_commands(src: str) -> list[str | None]:
    out: list[str | None] = []
    for m in _LUA_CALL.finditer(src):
        if m.group(1) is None:
            out.append(None)
            continue
        tail = src[m.end():].lstrip()
        if tail.startswith(".."):
            out.append(None)  # "rm " .. path: built at run time
            continue
        value = next(g for g in (m.group(2), m.group(3), m.group(5)) if g is not None)
        out.append(value if m.group(5) is not None else _lua_unescape(value))
    return out


def _lua_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _script_source(cmd: Command, reader, code_options: tuple[str, ...]) -> list[str | None]:
    """An interpreter's program: `-e CODE`/`-c CODE`, a script file, or a literal stdin."""
    words = cmd.words
    out: list[str | None] = []
    i = 1
    while i < len(words):
        text = words[i].text
        if text in code_options and i + 1 < len(words):
            out.append(words[i + 1].text if words[i + 1].literal else None)
            i += 2
            continue
        if text.startswith("-") and text != "-":
            i += 1
            continue
        break
    if out:
        return out
    if i < len(words) and words[i].text != "-":
        return [_file_text(words[i], reader)[0]]
    if cmd.stdin is not None:
        return [cmd.stdin.text if cmd.stdin.kind != "file" else reader(cmd.stdin.path)]
    return []


def _lua(cmd: Command, reader) -> list[Code]:
    out = []
    for src in _script_source(cmd, reader, ("-e",)):
        if src is None:
            continue
        out += [_code(c, f"{cmd.program} os.execute", cmd.span) for c in lua_commands(src)]
    return out


_TCL_HEAD = re.compile(r"(?:^|[\n;\[{])\s*(exec|open|spawn|system)\b")


def _tcl_words(src: str, i: int) -> tuple[list[str | None], int]:
    """Tcl words from `i` to the end of the command (newline, `;` or a closing `]`)."""
    words: list[str | None] = []
    n = len(src)
    while i < n:
        while i < n and src[i] in " \t":
            i += 1
        if i >= n or src[i] in "\n;]":
            break
        if src[i] == "{":
            depth, j = 0, i
            while j < n:
                if src[j] == "{":
                    depth += 1
                elif src[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            words.append(src[i + 1 : j])
            i = j + 1
        elif src[i] == '"':
            m = re.compile(r'"((?:\\.|[^"\\])*)"').match(src, i)
            if m is None:
                break
            value = m.group(1)
            words.append(None if "$" in value or "[" in value else value)
            i = m.end()
        else:
            m = re.compile(r"[^\s;\]]+").match(src, i)
            if m is None:
                break
            value = m.group(0)
            words.append(None if "$" in value or "[" in value else value)
            i = m.end()
    return words, i


def tcl_commands(src: str) -> list[str | None]:
    """Shell commands a Tcl (or expect) program runs: `exec PROG ARGS` (pipes and redirects
    kept), `open "|PROG ARGS"`, expect's `spawn PROG ARGS` and `system CMD`."""
    import shlex

    out: list[str | None] = []
    for m in _TCL_HEAD.finditer(src):
        head = m.group(1)
        words, _ = _tcl_words(src, m.end())
        if head == "open":
            target = words[0] if words else None
            if target is not None and target.startswith("|"):
                out.append(target[1:])
            continue
        if head == "exec":
            while words and words[0] is not None and words[0].startswith("-") and \
                    words[0] in ("-ignorestderr", "-keepnewline", "--"):
                words = words[1:]
        if not words:
            continue
        if any(w is None for w in words):
            out.append(None)
            continue
        if head == "system":
            out.append(" ".join(w for w in words if w is not None))
            continue
        parts = []
        for w in words:
            if w in ("|", "|&", "&") or re.match(r"^(?:[0-9]?[<>]+&?|2>@1|>@|<@)", w or ""):
                parts.append(w)
            else:
                parts.append(shlex.quote(w))
        out.append(" ".join(parts))
    return out


def _tcl(cmd: Command, reader) -> list[Code]:
    out = []
    for src in _script_source(cmd, reader, ("-c",) if cmd.program == "expect" else ()):
        if src is None:
            continue
        out += [_code(c, f"{cmd.program} exec", cmd.span) for c in tcl_commands(src)]
    return out


# ---------------------------------------------------------------- git


_GIT_VALUE = frozenset(("-C", "--git-dir", "--work-tree", "--namespace", "--super-prefix",
                        "--list-cmds", "--attr-source"))
_GIT_CODE_OPTIONS = {
    "rebase": ("-x", "--exec"),
    "filter-branch": ("--tree-filter", "--index-filter", "--msg-filter", "--env-filter",
                      "--commit-filter", "--parent-filter", "--tag-name-filter"),
    "difftool": ("-x", "--extcmd"),
    "send-email": ("--to-cmd", "--cc-cmd", "--sendmail-cmd", "--header-cmd"),
    "fetch": ("--upload-pack",), "clone": ("-u", "--upload-pack"), "pull": ("--upload-pack",),
    "ls-remote": ("--upload-pack",), "push": ("--receive-pack", "--exec"),
    "archive": ("--exec",),
    "grep": ("-O", "--open-files-in-pager"),  # `-O` alone runs the pager (core.pager)
}
_HOOKS = {"commit": ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"),
          "merge": ("pre-merge-commit", "commit-msg", "post-merge"),
          "pull": ("pre-merge-commit", "post-merge", "post-checkout"),
          "push": ("pre-push",), "checkout": ("post-checkout",), "switch": ("post-checkout",),
          "rebase": ("pre-rebase", "post-rewrite", "post-checkout"),
          "am": ("applypatch-msg", "pre-applypatch", "post-applypatch"),
          "clone": ("post-checkout",), "worktree": ("post-checkout",),
          "cherry-pick": ("pre-commit", "commit-msg", "post-commit"),
          "revert": ("pre-commit", "commit-msg", "post-commit"),
          "gc": ("pre-auto-gc",), "reset": ("reference-transaction",)}
# every hook githooks(5) names: a hooks folder set for later commands is read whole
_ALL_HOOKS = frozenset([h for names in _HOOKS.values() for h in names] + [
    "pre-push", "reference-transaction", "post-rewrite", "prepare-commit-msg", "pre-rebase",
    "post-index-change", "push-to-checkout", "sendemail-validate", "fsmonitor-watchman",
    "pre-receive", "update", "proc-receive", "post-receive", "post-update", "p4-changelist",
    "p4-prepare-changelist", "p4-post-changelist", "p4-pre-submit"])


def command_key(key: str, params: dict) -> bool:
    """Is git config `key` (lowercase) one whose value is a command git runs?"""
    return any(fnmatchcase(key, p) for p in params.get("git_command_keys", ()))


def _git(cmd: Command, names: Names, params: dict, reader, ctx: Context | None = None
         ) -> tuple[list[Code], list[Fact]]:
    words = cmd.words
    out: list[Code] = []
    facts: list[Fact] = []
    configs: list[tuple[str, str | None]] = []
    i = 1
    while i < len(words) and words[i].text.startswith("-"):
        text = words[i].text
        if text == "-c" and i + 1 < len(words):
            word = words[i + 1]
            key, _, value = word.text.partition("=")
            configs.append((key.lower(), value if word.literal else None))
            i += 2
            continue
        if text.startswith("--config-env="):
            key, _, variable = text.split("=", 1)[1].partition("=")
            found = names.env(cmd, variable)
            configs.append((key.lower(), found[0] if found and found[1] else None))
        elif text in _GIT_VALUE:
            i += 1
        elif text.startswith("--exec-path="):
            facts.append(Fact("unknown.path_lookup", f"git runs its commands from "
                              f"{text.split('=', 1)[1]} (--exec-path)"))
        i += 1
    sub = words[i].text if i < len(words) and words[i].literal else ""
    args = words[i + 1 :]
    for key, value in configs + _git_env_configs(cmd, names):
        out += _git_config_code(key, value, sub, args, cmd, params, reader, facts, words[1:i])
    if sub and sub not in GIT_BUILTINS and not any(
            k == f"alias.{sub.lower()}" for k, _ in configs + _git_env_configs(cmd, names)):
        out += _stored_alias(sub, words[1:i], args, cmd, names, reader)
    if sub == "config":
        out += _git_config_command(args, cmd, params, reader, facts, ctx)
        _remember_alias(args, names)
    elif sub == "submodule" and args and args[0].text == "foreach":
        rest = [w for w in args[1:] if w.text not in ("--recursive", "-q", "--quiet")]
        if rest:
            literal = all(w.literal for w in rest)
            out.append(_code(" ".join(w.text for w in rest) if literal else None,
                             "git submodule foreach", cmd.span))
    elif sub == "bisect" and args and args[0].text == "run" and len(args) > 1:
        literal = all(w.literal for w in args[1:])
        import shlex

        out.append(_code(shlex.join(w.text for w in args[1:]) if literal else None,
                         "git bisect run", cmd.span))
    for k, word in enumerate(args):
        options = _GIT_CODE_OPTIONS.get(sub, ())
        name, eq, value = word.text.partition("=")
        short = word.text[:2]
        if short in options and len(short) == 2 and len(word.text) > 2 and \
                not word.text.startswith("--"):  # `-O'CMD'`, `-xCMD`: the value attached
            out.append(_code(word.text[2:] if word.literal else None, f"git {sub} {short}",
                             cmd.span))
        elif name in options:
            if eq:
                out.append(_code(value if word.literal else None, f"git {sub} {name}", cmd.span))
            elif k + 1 < len(args):
                nxt = args[k + 1]
                out.append(_code(nxt.text if nxt.literal else None, f"git {sub} {name}",
                                 cmd.span))
        if sub in ("clone", "fetch", "pull", "ls-remote", "push", "remote", "submodule") and \
                word.text.startswith("ext::"):
            out.append(_code(_ext_command(word.text[5:]) if word.literal else None,
                             "git ext:: transport", cmd.span))
    return out, facts


# git's own commands (an alias never shadows one), so `git WORD` looks for an alias only otherwise
GIT_BUILTINS = frozenset((
    "add", "am", "annotate", "apply", "archive", "bisect", "blame", "branch", "bundle",
    "cat-file", "check-attr", "check-ignore", "checkout", "checkout-index", "cherry",
    "cherry-pick", "clean", "clone", "commit", "commit-tree", "config", "count-objects",
    "describe", "diff", "diff-files", "diff-index", "diff-tree", "difftool", "fetch",
    "filter-branch", "for-each-ref", "format-patch", "fsck", "gc", "grep", "help", "init",
    "log", "ls-files", "ls-remote", "ls-tree", "maintenance", "merge", "merge-base", "mergetool",
    "mv", "notes", "pull", "push", "range-diff", "read-tree", "rebase", "reflog", "remote",
    "repack", "replace", "reset", "restore", "rev-list", "rev-parse", "revert", "rm",
    "send-pack", "shortlog", "show", "show-branch", "show-ref", "sparse-checkout", "stash",
    "status", "submodule", "switch", "symbolic-ref", "tag", "update-index", "update-ref",
    "var", "version", "whatchanged", "worktree", "lfs"))


def _stored_alias(sub: str, options: tuple[Word, ...], args: tuple[Word, ...], cmd: Command,
                  names: Names, reader) -> list[Code]:
    """`git WORD` where WORD is no git command: the alias a config file git reads defines for
    it (the repository's `.git/config` here or in a parent folder, `~/.gitconfig`,
    `$XDG_CONFIG_HOME/git/config`, `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM`), checked as
    `git BODY ARGS` (or shell for `!`). A later command runs what an earlier one stored
    (`git rh HEAD~3` after `git config alias.rh 'reset --hard'`)."""
    texts = [w.text for w in options]
    base = ""
    if "-C" in texts and texts.index("-C") + 1 < len(texts):
        base = texts[texts.index("-C") + 1].rstrip("/") + "/"
    files = [base + "../" * up + ".git/config" for up in range(6)]
    for name, tail in (("GIT_CONFIG_SYSTEM", ""), ("GIT_CONFIG_GLOBAL", ""),
                       ("XDG_CONFIG_HOME", "/git/config"), ("HOME", "/.gitconfig"),
                       ("HOME", "/.config/git/config")):
        found = names.env(cmd, name)
        if found and not found[1]:  # `GIT_CONFIG_SYSTEM=$PWD/g.cfg`: the folder it runs in
            value = found[0]
            if value.startswith(("$PWD/", "${PWD}/")) and cmd.cwd:
                value = cmd.cwd.rstrip("/") + "/" + value.split("/", 1)[1]
            value = names.expand(value) if "$" in value or "`" in value else value
            if value is None:  # a config file only known at run time may define any alias
                return [_code(None, f"git alias {sub} ({name} only known at run time)",
                              cmd.span)]
            found = (value, True)
        if found and found[1] and found[0]:
            files.append(found[0].rstrip("/") + tail if tail else found[0])
    want = f"alias.{sub.lower()}"
    value = None
    stored = getattr(names, "git_aliases", {})
    if sub.lower() in stored:  # stored by an earlier command of the same text
        value = stored[sub.lower()]
        if value is None:
            return [_code(None, f"git alias {sub} (stored earlier with a value only known at "
                          "run time)", cmd.span)]
        files = []
    for path in files:
        text = reader(path)
        if text is None:
            continue
        pairs = _config_file_pairs(text)
        for key, v in list(pairs):  # one level of includes, read in place
            if key == "include.path" or (key.startswith("includeif.") and key.endswith(".path")):
                folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
                included = reader(v if v.startswith("/") else folder + v)
                pairs += _config_file_pairs(included) if included else []
        for key, v in pairs:
            if key == want:
                value = v
        if value is not None:
            break
    if value is None:
        return []
    rest = " ".join(w.raw for w in args)
    # the alias reads what `git NAME` reads (`git diff A B | git ap` after `alias.ap apply`)
    if value.startswith("!"):
        return [_code(f"{value[1:]} {rest}".strip(), f"git alias {sub}", cmd.span,
                      stdin=cmd.stdin)]
    before = " ".join(w.raw for w in options)
    return [_code(f"git {before} {value} {rest}".replace("  ", " ").strip(), f"git alias {sub}",
                  cmd.span, stdin=cmd.stdin)]


def settings_codes(cmd: Command, prog: str, spec: dict, names: Names, reader) -> list[Code]:
    """The programs a tool's settings files make it run, read when the tool runs
    (`[analyzer.exec.settings_commands]`): cargo's `rustc-wrapper`/`runner`/`linker` in
    `.cargo/config.toml` (here or in a parent folder), the AWS CLI's `credential_process` and
    its aliases (`~/.aws/cli/alias`: `!` runs shell), kubeconfig `exec` credential plugins, gh
    aliases, docker CLI plugins (`docker NAME` runs `~/.docker/cli-plugins/docker-NAME`). A
    settings file that cannot be read is not there: nothing is added."""
    words = cmd.words
    files = _settings_files(cmd, spec.get("files", ()), spec, names)
    alias_files = _settings_files(cmd, spec.get("alias_files", ()), {}, names)
    word = next((w for w in words[1:] if not w.text.startswith("-")), None)
    out: list[Code] = []
    for path in files:
        text = reader(path)
        if text is None:
            continue
        label = f"{prog} settings {path}"
        for pattern in spec.get("commands", ()):
            for m in re.finditer(pattern, text, re.M):
                out.append(_code(_setting_value(m.group(1)), label, cmd.span))
        if spec.get("kube_exec"):
            out += [_code(c, label, cmd.span) for c in _kube_exec(text)]
    for path in _settings_files(cmd, spec.get("options_files", ()), {}, names):
        text = reader(path)  # httpie `default_options`: options every run starts with
        if text is None:
            continue
        import json
        import shlex

        try:
            found = json.loads(text).get(spec.get("options_key", "default_options"), [])
        except (ValueError, AttributeError):
            out.append(_code(None, f"{prog} settings {path}", cmd.span))
            break
        if isinstance(found, list) and found:
            rest = " ".join(w.raw for w in words[1:])
            out.append(_code(f"{prog} {shlex.join(str(o) for o in found)} {rest}",
                             f"{prog} settings {path}", cmd.span))
        break
    if spec.get("plugins") and word is not None and word.literal and "/" not in word.text:
        import shlex

        rest = " ".join(w.raw for w in words[words.index(word) + 1:])
        for path in _settings_files(cmd, [p.replace("NAME", word.text) for p in spec["plugins"]],
                                    {}, names):
            if reader(path) is not None:  # `docker NAME` runs the plugin program docker-NAME
                out.append(_code(f"{shlex.quote(path)} {rest}".strip(), f"{prog} plugin {path}",
                                 cmd.span))
                break
    alias = spec.get("aliases")
    for path in alias_files if alias and word is not None and word.literal else ():
        text = reader(path)
        m = re.search(alias.replace("NAME", re.escape(word.text)), text or "", re.M)
        if m:
            body = _setting_value(m.group(1))
            rest = " ".join(w.raw for w in words[words.index(word) + 1:])
            shell = body.startswith("!")
            body = re.sub(r"\$(\d+|@|\*)", "ARG", body.lstrip("!"))
            out.append(_code(f"{body} {rest}" if shell else f"{prog} {body} {rest}",
                             f"{prog} alias {word.text}", cmd.span))
            break
    return out


def _settings_files(cmd: Command, paths, spec: dict, names: Names) -> list[str]:
    words = cmd.words
    texts = [w.text for w in words]
    files: list[str] = []
    for option in spec.get("options", ()):
        for n, text in enumerate(texts[1:], 1):
            if text == option and n + 1 < len(words) and words[n + 1].literal:
                files.append(texts[n + 1])
            elif text.startswith(option + "="):
                files.append(text.split("=", 1)[1])
    for path in paths:
        if path.startswith("$"):
            name, _, tail = path[1:].partition("/")
            found = names.env(cmd, name)
            if not found or not found[1] or not found[0]:
                continue
            for value in found[0].split(":") if name == "KUBECONFIG" else [found[0]]:
                files.append(value.rstrip("/") + ("/" + tail if tail else ""))
        else:
            files += ["../" * up + path for up in range(spec.get("parents", 0) + 1)]
    return files


def _setting_value(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def _kube_exec(text: str) -> list[str]:
    """The commands a kubeconfig's `exec` credential plugins run: `command` and its `args`, in
    block or flow YAML (`user: {exec: {command: sh, args: ["-c", "CMD"]}}`)."""
    import json
    import shlex

    out = []
    for m in re.finditer(r"\bcommand\s*:\s*([^\s,}\]]+)", text):
        command = _setting_value(m.group(1))
        after = text[m.end(): m.end() + 2000]
        args: list[str] = []
        flow = re.match(r"[^\n]*?\bargs\s*:\s*(\[[^\]]*\])", after) or \
            re.match(r"(?:\s*\n)*\s*args\s*:\s*(\[[^\]]*\])", after)
        block = re.match(r"(?:\s*\n)*(\s*)args\s*:\s*\n((?:\1\s*-\s*[^\n]*\n?)+)", after)
        if flow:
            try:
                args = [str(a) for a in json.loads(flow.group(1))]
            except ValueError:
                args = [_setting_value(a) for a in flow.group(1)[1:-1].split(",") if a.strip()]
        elif block:
            args = [_setting_value(line.split("-", 1)[1])
                    for line in block.group(2).splitlines() if line.strip()]
        out.append(shlex.join([command, *args]))
    return out


def _gh_alias(cmd: Command) -> list[Code]:
    """`gh alias set NAME BODY`: BODY runs later as `gh BODY ARGS` (`$1`.. the arguments), or as
    shell with `--shell`/`-s` or a leading `!`; checked now, since the later `gh NAME` names
    nothing agentsh can tie to it."""
    words = cmd.words
    texts = [w.text for w in words]
    if texts[1:3] != ["alias", "set"]:
        return []
    operands = [w for w in words[3:] if not w.text.startswith("-")]
    if len(operands) < 2:
        return []
    body = operands[1]
    if not body.literal:
        return [_code(None, "gh alias set", cmd.span)]
    text = body.text
    shell = text.startswith("!") or "--shell" in texts or "-s" in texts
    text = re.sub(r"\$(\d+|@|\*)", "ARG", text.lstrip("!"))
    return [_code(text if shell else f"gh {text}", "gh alias set", cmd.span)]


def _ext_command(spec: str) -> str:
    """git's `ext::` transport command: unescaped spaces separate arguments, `% ` is a space
    inside one, `%%` a percent sign (`%S`, `%s`, `%G`, `%V` are git's own placeholders)."""
    import shlex

    args, cur, i = [], [], 0
    while i < len(spec):
        ch = spec[i]
        if ch == "%" and i + 1 < len(spec):
            nxt = spec[i + 1]
            cur.append(" " if nxt == " " else "%" if nxt == "%" else "%" + nxt)
            i += 2
            continue
        if ch == " ":
            if cur:
                args.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    if cur:
        args.append("".join(cur))
    return shlex.join(args)


def _git_env_configs(cmd: Command, names: Names) -> list[tuple[str, str | None]]:
    """Config set through the environment: GIT_CONFIG_COUNT/KEY_n/VALUE_n and
    GIT_CONFIG_PARAMETERS."""
    out: list[tuple[str, str | None]] = []
    count = names.env(cmd, "GIT_CONFIG_COUNT")
    if count and count[0].isdigit():
        for n in range(min(int(count[0]), 64)):
            key = names.env(cmd, f"GIT_CONFIG_KEY_{n}")
            value = names.env(cmd, f"GIT_CONFIG_VALUE_{n}")
            if key:
                out.append((key[0].lower(), value[0] if value and value[1] else None))
    params = names.env(cmd, "GIT_CONFIG_PARAMETERS")
    if params:
        for m in re.finditer(r"'([^'=]+)'(?:='([^']*)')?|'([^'=]+)=([^']*)'", params[0]):
            key = m.group(1) or m.group(3)
            value = m.group(2) if m.group(1) else m.group(4)
            out.append((key.lower(), value if params[1] else None))
    return out


def _git_config_code(key: str, value: str | None, sub: str, args: tuple[Word, ...],
                     cmd: Command, params: dict, reader, facts: list[Fact],
                     options: tuple[Word, ...] = ()) -> list[Code]:
    label = f"git -c {key}"
    if key.startswith("alias."):
        if key[6:] != sub.lower() or value is None:
            return [] if value is not None else [_code(None, label, cmd.span)]
        rest = " ".join(w.raw for w in args)
        if value.startswith("!"):
            return [_code(f"{value[1:]} {rest}".strip(), label, cmd.span, stdin=cmd.stdin)]
        # the body runs with the same options and environment, so an alias it names is the
        # one this command line sets too (`-c alias.y=x -c alias.x='reset --hard' y`)
        assigned = " ".join(r for r in cmd.assign_raw if r.upper().startswith("GIT_"))
        before = " ".join(w.raw for w in options)
        return [_code(f"{assigned} git {before} {value} {rest}".replace("  ", " ").strip(),
                      label, cmd.span, stdin=cmd.stdin)]
    becomes = _config_becomes(key, value, params, label, cmd)
    if becomes:
        return becomes
    if key == "core.hookspath":
        return _hooks(value, sub, cmd, reader, facts)
    if key in ("include.path",) or (key.startswith("includeif.") and key.endswith(".path")):
        text = reader(value) if value else None
        if text is None:
            facts.append(Fact("unknown.script_unreadable",
                              f"{label}: cannot read the config file {value} to check it", value or ""))
            return []
        out: list[Code] = []
        for k, v in _config_file_pairs(text):
            out += _git_config_code(k, v, sub, args, cmd, params, reader, facts)
        return out
    if not command_key(key, params):
        return []
    if value is None:
        return [_code(None, label, cmd.span)]
    if key == "core.fsmonitor" and value.lower() in ("true", "false", "yes", "no", "on", "off",
                                                     "1", "0", ""):
        return []
    if key.endswith(".helper") and not value.startswith("!") and "/" not in value:
        return []  # a credential helper by name: git runs its own git-credential-NAME
    return [_code(value[1:] if value.startswith("!") else value, label, cmd.span)]


def _hooks(directory: str | None, sub: str, cmd: Command, reader, facts: list[Fact]
           ) -> list[Code]:
    """`-c core.hooksPath=DIR`: the hooks in DIR that this git command runs."""
    if directory is None:
        return [_code(None, "git -c core.hooksPath", cmd.span)]
    if directory in ("", "/dev/null") or sub not in _HOOKS:
        return []
    out, readable = [], False
    for hook in _HOOKS[sub]:
        text = reader(f"{directory.rstrip('/')}/{hook}")
        if text is not None:
            readable = True
            out.append(_code(text, f"git hook {hook}", cmd.span))
    if not readable:
        facts.append(Fact("unknown.script_unreadable", f"git {sub} runs hooks from {directory}, "
                          "and agentsh cannot read them to check them", directory))
    return out


def _config_file_pairs(text: str) -> list[tuple[str, str]]:
    """(section.key, value) pairs of a git config file."""
    out, section = [], ""
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r'^\[\s*([\w.-]+)(?:\s+"([^"]*)")?\s*\]', line)
        if m:
            section = m.group(1) + (f".{m.group(2)}" if m.group(2) is not None else "")
            continue
        m = re.match(r"^([\w-]+)\s*=\s*(.*)$", line)
        if m and section:
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            out.append((f"{section}.{m.group(1)}".lower(), value))
    return out


# `git config` options that take a value (`-f FILE`), so the value is not the key
_GIT_CONFIG_VALUE_OPTIONS = frozenset(("-f", "--file", "--blob", "--type", "--default",
                                       "--comment", "--value", "--worktree-file"))


def _remember_alias(args: tuple[Word, ...], names: Names) -> None:
    """`git config [SCOPE] alias.NAME VALUE` (or `set`): the alias a later `git NAME` of the
    same text runs (whatever scope or file it is stored in: taken to be one git reads)."""
    operands: list[Word] = []
    skip = False
    for word in args:
        if skip:
            skip = False
        elif word.text in _GIT_CONFIG_VALUE_OPTIONS:
            skip = True
        elif word.text in ("--unset", "--unset-all", "--remove-section", "--rename-section",
                           "unset", "--get", "--get-all", "--get-regexp", "get", "-l", "--list"):
            return
        elif not word.text.startswith("-"):
            operands.append(word)
    if operands and operands[0].text in ("set", "add", "replace-all"):
        operands = operands[1:]
    if len(operands) >= 2 and operands[0].literal and \
            operands[0].text.lower().startswith("alias."):
        names.git_aliases[operands[0].text.lower()[6:]] = \
            operands[1].text if operands[1].literal else None


def _git_config_command(args: tuple[Word, ...], cmd: Command, params: dict, reader,
                        facts: list[Fact] | None = None, ctx: Context | None = None
                        ) -> list[Code]:
    """`git config [--global] KEY VALUE`, `git config set KEY VALUE`: a command stored now and
    run by later git commands (a command key, an alias: `alias.cl 'clean -fdx'` is checked as
    `git clean -fdx`), or a setting that turns a later plain git command into a destroying one
    (`remote.origin.mirror true`: `[analyzer.exec.git_config_becomes]`)."""
    operands: list[Word] = []
    skip = False
    for word in args:
        if skip:
            skip = False
        elif word.text in _GIT_CONFIG_VALUE_OPTIONS:
            skip = True
        elif not word.text.startswith("-"):
            operands.append(word)
    if operands and operands[0].text in ("set", "add", "replace-all"):
        operands = operands[1:]
    if len(operands) < 2:
        return []
    key, value = operands[0].text.lower(), operands[1]
    if key == "core.hookspath" and value.literal and value.text and facts is not None and \
            ctx is not None:
        facts += _unseen_hooks(value.text, ctx)
    return _stored_setting(key, value.text if value.literal else None, cmd, params, reader, 0)


def _unseen_hooks(directory: str, ctx: Context) -> list[Fact]:
    """`git config core.hooksPath DIR`: hooks in DIR that later git commands run but agentsh
    cannot check: written by the same line with content it cannot know (`curl -o DIR/pre-commit
    URL`), or there but unreadable (too big, binary)."""
    full = ctx._full(directory.rstrip("/")) if hasattr(ctx, "_full") else ""
    if not full:
        return []
    unknown_writes = getattr(ctx.files, "unknown_writes", None)
    written = [p for p in (unknown_writes() if unknown_writes is not None else ())
               if p.startswith(full + "/") and p[len(full) + 1:] in _ALL_HOOKS]
    facts = [Fact("unknown.project_file_written", f"git runs the hook {p} (core.hooksPath), "
                  "which the same line wrote with content agentsh cannot know", p)
             for p in written[:4]]
    for hook in sorted(_ALL_HOOKS):
        path = f"{full}/{hook}"
        if path not in written and ctx.read_file(path) is None and \
                ctx.files.kind(path) == "file" and not ctx.files.written(path):
            facts.append(Fact("unknown.project_file_unreadable", f"git runs the hook {path} "
                              "(core.hooksPath), which cannot be read to check it", path))
    return facts


def _stored_setting(key: str, value: str | None, cmd: Command, params: dict, reader,
                    depth: int) -> list[Code]:
    """One git setting stored for later commands, checked as what it will run. An included
    file (`include.path`, `includeIf.*.path`) is checked setting by setting; one that cannot be
    read is unknown."""
    label = f"git config {key}"
    if key.startswith("alias."):
        if value is None:
            return [_code(None, label, cmd.span)]
        if value.startswith("!"):
            return [_code(value[1:], label, cmd.span)]
        return [_code(f"git {value}", label, cmd.span)]
    if key == "include.path" or (key.startswith("includeif.") and key.endswith(".path")):
        text = None
        if value and depth < 3:  # a relative path is relative to the file that includes it
            text = reader(value) if value.startswith("/") else \
                reader(f".git/{value}") or reader(value)
        if text is None:
            return [_code(None, label, cmd.span)]
        out: list[Code] = []
        for k, v in _config_file_pairs(text):
            out += _stored_setting(k, v, cmd, params, reader, depth + 1)
        return out
    if key == "core.hookspath" and value:  # the hooks there run on later git commands
        hooks = sorted(_ALL_HOOKS)
        texts = [(h, reader(f"{value.rstrip('/')}/{h}")) for h in hooks]
        return [_code(t, f"git hook {h} (core.hooksPath {value})", cmd.span)
                for h, t in texts if t is not None]
    becomes = _config_becomes(key, value, params, label, cmd)
    if becomes or not command_key(key, params):
        return becomes
    if value is not None and value.startswith("!"):
        value = value[1:]
    return [_code(value, label, cmd.span)]


def _config_becomes(key: str, value: str | None, params: dict, label: str, cmd: Command
                    ) -> list[Code]:
    """A git setting that makes a later plain command destroy: `remote.NAME.push=+SRC:DST`
    is `git push NAME +SRC:DST`, `remote.NAME.mirror=true` is `git push --mirror NAME`
    (`[analyzer.exec.git_config_becomes]`: KEY pattern = [VALUE regex, the command, `{1}` the
    `*` part and `{value}` the value]). A value only known at run time is checked as unknown."""
    import shlex

    for pattern, (value_re, command) in params.get("git_config_becomes", {}).items():
        m = re.fullmatch(re.escape(pattern).replace(r"\*", "(.+)"), key)
        if not m:
            continue
        if value is None:
            return [_code(None, label, cmd.span)]
        if not re.search(value_re, value):
            return []
        text = command.replace("{value}", shlex.quote(value))
        for n, part in enumerate(m.groups(), 1):
            text = text.replace(f"{{{n}}}", shlex.quote(part))
        return [_code(text, label, cmd.span)]
    return []


# ---------------------------------------------------------------- crontab and terminals


def crontab_code(code: Code) -> Code:
    """A crontab's text -> the commands its entries run, one per line."""
    if code.text is None:
        return code
    lines = []
    for line in code.text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#") or re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*=", entry):
            continue
        if entry.startswith("@"):
            parts = entry.split(None, 1)
            command = parts[1] if len(parts) > 1 else ""
        else:
            parts = entry.split(None, 5)
            command = parts[5] if len(parts) == 6 else ""
        command = re.split(r"(?<!\\)%", command, maxsplit=1)[0].replace("\\%", "%")
        if command:
            lines.append(command)
    return code._replace(text="\n".join(lines), label=f"{code.label} (crontab)")


def keys_code(words: tuple[Word, ...], label: str) -> list[Code]:
    """Keys typed into a terminal (`tmux send-keys -t T 'rm -rf x' Enter`): each line ended by
    Enter, and what is left typed, is checked as shell code if it parses as shell."""
    literal_mode = any(w.text == "-l" for w in words[:1])
    lines, line, out = [], "", []
    for word in words:
        if not word.literal:
            out.append(_code(None, label, word.span))
            continue
        text = word.text
        if not literal_mode and text in ENTER_KEYS:
            lines.append(line)
            line = ""
        elif not literal_mode and KEY_NAME.match(text):
            if text in ("C-c", "C-u"):
                line = ""
        else:
            line += text
    if line.strip():
        lines.append(line)
    span = (words[0].span[0], words[-1].span[1]) if words else (0, 0)
    out += [_code(text, label, span, guess=True) for text in lines if text.strip()]
    return out


def _screen(cmd: Command) -> list[Code]:
    """`screen -S NAME -X stuff 'CMD^M'` types into a session; `-X exec CMD`/`-X screen CMD`
    runs a command in it."""
    texts = [w.text for w in cmd.words]
    if "-X" not in texts:
        return []
    rest = cmd.words[texts.index("-X") + 1 :]
    if not rest:
        return []
    verb = rest[0].text
    if verb == "stuff" and len(rest) > 1:
        word = rest[1]
        if not word.literal:
            return [_code(None, "screen -X stuff", cmd.span)]
        typed = re.sub(r"\^[Mm]|\\r|\\n|\\015|\\012", "\n", word.text)
        return [_code(line, "screen -X stuff", cmd.span, guess=True)
                for line in typed.split("\n") if line.strip()]
    if verb in ("exec", "screen") and len(rest) > 1:
        body = [w for w in rest[1:] if not (verb == "exec" and re.fullmatch(r"[.!:|]+", w.text))]
        if all(w.literal for w in body):
            import shlex

            return [_code(shlex.join(w.text for w in body), f"screen -X {verb}", cmd.span)]
        return [_code(None, f"screen -X {verb}", cmd.span)]
    return []


# ---------------------------------------------------------------- ssh, rsync, man

SSH_CLIENTS = frozenset(("ssh", "scp", "sftp", "autossh", "sshfs"))
# ssh_config keywords whose value is a command ssh runs locally through the user's shell
_SSH_COMMAND_KEYS = ("proxycommand", "localcommand", "knownhostscommand")
_SSH_OPTION = re.compile(r"^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$", re.S)
_SSH_MATCH_EXEC = re.compile(r"\bexec\s+(\"[^\"]*\"|\S+)", re.I)


def _ssh_setting(line: str, label: str, span: tuple[int, int]) -> list[Code]:
    """One `Key value` / `Key=value` setting: the local command it holds, if any."""
    m = _SSH_OPTION.match(line)
    if not m:
        return []
    key, value = m.group(1).lower(), m.group(2).strip()
    if key in _SSH_COMMAND_KEYS and value.lower() != "none":
        return [_code(value.removeprefix("exec ") if value.startswith("exec ") else value,
                      f"{label} {m.group(1)}", span)]
    if key == "match":
        return [_code(v.strip('"'), f"{label} Match exec", span)
                for v in _SSH_MATCH_EXEC.findall(value)]
    return []


def _ssh(cmd: Command, reader) -> tuple[list[Code], list[Fact]]:
    """ssh, scp, sftp: `-o ProxyCommand=CMD`, `LocalCommand`, `KnownHostsCommand` (run on this
    machine, not the remote one), and the same in a `-F FILE` configuration, which is read
    (unreadable: unknown)."""
    out: list[Code] = []
    facts: list[Fact] = []
    words = cmd.words
    i = 1
    while i < len(words):
        word = words[i]
        text = word.text
        value, j = None, i
        if text in ("-o", "-F") and i + 1 < len(words):
            value, j = words[i + 1], i + 1
            flag = text
        elif text.startswith(("-o", "-F")) and len(text) > 2 and not text.startswith("--"):
            value, flag = word._replace(text=text[2:]), text[:2]
        if value is not None:
            if not value.literal:
                out.append(_code(None, f"{cmd.program} {flag}", cmd.span))
            elif flag == "-o":
                out += _ssh_setting(value.text, f"{cmd.program} -o", cmd.span)
            else:
                text_ = reader(value.text)
                if text_ is None:
                    facts.append(Fact("unknown.script_unreadable", f"{cmd.program} -F "
                                      f"{value.text}: a configuration that may run local "
                                      "commands, which agentsh cannot read", value.text))
                else:
                    for line in text_.splitlines():
                        out += _ssh_setting(line, f"{cmd.program} -F {value.text}", cmd.span)
            i = j + 1
            continue
        i += 1
    return out, facts


def _command_option(cmd: Command, options: tuple[str, ...], label: str) -> list[Code]:
    """The value of an option whose value is a shell command run here (`rsync -e CMD`,
    `--rsh=CMD`, `man -P CMD`, `-PCMD`, `--pager=CMD`): `options` are its spellings, the long
    ones also taken with `=`, the short ones also glued to their value."""
    words = cmd.words
    for i, word in enumerate(words[1:], 1):
        text = word.text
        value = None
        for option in options:
            if text == option and i + 1 < len(words):
                value = words[i + 1]
            elif option.startswith("--") and text.startswith(option + "="):
                value = word._replace(text=text[len(option) + 1:])
            elif not option.startswith("--") and option != "-e" and text.startswith(option) \
                    and len(text) > len(option):
                value = word._replace(text=text[len(option):])
            if value is not None:
                return [_code(value.text if value.literal else None, label, cmd.span)]
    return []


# ---------------------------------------------------------------- `!` shell escapes

# Programs whose command language has a shell escape: program -> (options whose value is
# commands, options whose value is a file of commands, whether operands are command files,
# the escape: a regex whose group 1 is the shell command, matched per line).
_BANG = r"^\s*!(.*)$"
ESCAPES = {
    "ftp": ((), (), False, _BANG), "tnftp": ((), (), False, _BANG),
    "sftp": ((), ("-b",), False, _BANG),
    "lftp": (("-c", "-e"), ("-f",), False, r"^\s*(?:!|shell\s)(.*)$"),
    "gdb": (("-ex", "--ex", "-eval-command", "--eval-command", "-iex"),
            ("-x", "--command", "-command", "-ix"), False, r"^\s*(?:!|shell\s|she\s)(.*)$"),
    "dc": (("-e", "--expression"), ("-f", "--file"), True, r"!(?![<>=])(.*)$"),
}


def _escape_lines(text: str, pattern: str, label: str, span) -> list[Code]:
    out = []
    for line in text.splitlines():
        m = re.search(pattern, line)
        if m:
            out.append(_code(m.group(1).strip() or None, label, span))
    return out


def _escapes(cmd: Command, prog: str, reader) -> list[Code]:
    """ftp, sftp, lftp, gdb and dc run `!CMD` (gdb: `shell CMD`) through the shell: from
    their stdin (a here-document, a literal pipe, a file), their script options and files.
    Commands that cannot be read are unknown; a terminal is UNK101's."""
    code_opts, file_opts, operand_files, pattern = ESCAPES[prog]
    label = f"{prog} !"
    out: list[Code] = []
    words = cmd.words
    i = 1
    while i < len(words):
        word = words[i]
        text = word.text
        name, eq, inline = text.partition("=")
        value = None
        if text in code_opts + file_opts and i + 1 < len(words):
            value, name, i = words[i + 1], text, i + 1
        elif eq and name in code_opts + file_opts and name.startswith("--"):
            value = word._replace(text=inline)
        elif operand_files and not text.startswith("-"):
            value, name = word, "-f"
        if value is not None:
            if not value.literal:
                out.append(_code(None, label, cmd.span))
            elif name in code_opts:
                out += _escape_lines(value.text, pattern, label, cmd.span)
            elif value.text != "-":  # `-b -`: stdin, read below
                body = reader(value.text)
                out += [_code(None, label, cmd.span)] if body is None else \
                    _escape_lines(body, pattern, label, cmd.span)
        i += 1
    stdin = cmd.stdin
    if stdin is not None and not (stdin.kind == "file" and stdin.path == "/dev/null"):
        body = stdin.text if stdin.kind != "file" else reader(stdin.path)
        out += [_code(None, label, cmd.span)] if body is None else \
            _escape_lines(body, pattern, label, cmd.span)
    return out


# ---------------------------------------------------------------- SQL clients

_SQL_ESCAPE = re.compile(r"^\s*(?:\\!|system\s|\.shell\s|\.system\s|\.(?:once|output)\s+\||"
                         r"\\o\s*\||\\copy\s.*\bprogram\s)(.*)$", re.I)
_SQL_TEXT_OPTIONS = frozenset(("-c", "--command", "-e", "--execute", "-cmd"))
# each client's own escapes beyond the common ones: sqlcmd `!!cmd`, sqlplus `host cmd` / `!cmd`
_CLIENT_ESCAPES = {"sqlcmd": re.compile(r"^\s*:?!!\s*(.*)$"),
                   "sqlplus": re.compile(r"^\s*(?:host\b|ho\b|!)\s*(.*)$", re.I)}
_CLIENT_TEXT_OPTIONS = {"sqlcmd": ("-Q", "-q")}


def _sql_shell(cmd: Command, reader) -> list[Code]:
    """Shell commands a SQL client runs from its own commands, in `-c`/`-e` text, arguments
    (`sqlite3 db ".shell rm -rf x"`), here-documents or a file it reads (`-f F`, `< F`)."""
    texts: list[str | None] = []
    words = cmd.words
    for k, w in enumerate(words[1:], 1):
        if (w.text in _SQL_TEXT_OPTIONS or w.text in _CLIENT_TEXT_OPTIONS.get(cmd.program, ())) \
                and k + 1 < len(words):
            texts.append(words[k + 1].text if words[k + 1].literal else None)
        elif w.text in ("-f", "--file", "-init") and k + 1 < len(words) and words[k + 1].literal:
            texts.append(reader(words[k + 1].text))
        elif not w.text.startswith("-") and w.literal and ("\n" in w.text or " " in w.text):
            texts.append(w.text)
    stdin = cmd.stdin
    if stdin is not None:
        texts.append(stdin.text if stdin.kind != "file" else reader(stdin.path))
    out = []
    for text in texts:
        if text is None:
            continue
        for line in text.splitlines():
            m = _SQL_ESCAPE.match(line)
            if m:
                body = m.group(1).strip().rstrip(";")
                if line.lstrip().lower().startswith("\\copy"):
                    q = re.search(r"\bprogram\s+'((?:[^']|'')*)'", line, re.I)
                    body = q.group(1).replace("''", "'") if q else ""
                out.append(_code(body or None, f"{cmd.program} shell escape", cmd.span))
                continue
            own = _CLIENT_ESCAPES.get(cmd.program)
            m = own.match(line) if own else None
            if m:
                out.append(_code(m.group(1).strip() or None, f"{cmd.program} shell escape", cmd.span))
                continue
            for body in _sql_pipes(line):
                out.append(_code(body or None, f"{cmd.program} pipe to a command", cmd.span))
    return out


# client commands whose argument is a command line: sqlite3 `.output|.once|.import|.read|.excel`
# with a quoted `|cmd`, psql `\g |cmd` (anywhere on the line), `\w |cmd`, `\setenv PAGER cmd`,
# mysql `pager cmd`/`\P cmd`, and the SQLite CLI's `edit(text, EDITOR)` function
_SQL_PIPES = (
    re.compile(r"^\s*\.(?:once|output|import|read|excel)\s+(?:-\S+\s+)*(['\"])\|(.*?)\1", re.I),
    re.compile(r"\\(?:gx?|w|o|qecho)\s*\|(.*)$"),
    re.compile(r"^\s*\\setenv\s+(?:PSQL_)?(?:PAGER|EDITOR|VISUAL|PSQL_WATCH_PAGER)\s+(.+)$", re.I),
    re.compile(r"^\s*(?:pager|\\P)\s+(.+?);?$", re.I),
    re.compile(r"\bedit\s*\(\s*(?:'(?:[^']|'')*'|\w+)\s*,\s*'((?:[^']|'')*)'", re.I),
)


def _sql_pipes(line: str) -> list[str]:
    out = []
    for pattern in _SQL_PIPES:
        for m in pattern.finditer(line):
            body = m.group(m.lastindex or 1).strip()
            if len(body) > 1 and body[0] == body[-1] and body[0] in "'\"":
                body = body[1:-1]
            out.append(body.replace("''", "'"))
    return out
