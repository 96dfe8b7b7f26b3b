"""Tab completion: bash's own programmable completion (bash-completion's thousands of
completions: git branches, make targets, ssh hosts), run in the live bash at the prompt, and
agentsh's local completion of commands and paths where that bash cannot answer.

agentsh splits the line as readline would (COMP_WORDS by COMP_WORDBREAKS, the command the cursor
is in), reads the compspec bash holds for the command (`complete -p`), and has the hooks run it
(rc.bash `run`). A compspec can carry code (`complete -C CMD`, `-W` words with substitutions):
agentsh's rules see that code first, and code they would not allow is not run for a Tab."""

from __future__ import annotations

import os
import shlex

from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_BREAKS = " \t\n\"'><=;|&(:"
SEPARATORS = ";|&(){}\n`"
FILENAME_SPECIALS = " \t\n\"'\\$`&;|()<>*?[]!#{}~"


class Spec(Record, fields="function command generators options code",
           defaults=("", "", (), (), "")):
    """A compspec, as `complete -p` prints it, taken apart: its function, its -C command, the
    compgen arguments for its other actions, its -o options, and any code in it."""

    __slots__ = ()

    function: str
    command: str
    generators: tuple[str, ...]
    options: tuple[str, ...]
    code: str  # what runs besides a function: the -C command, -W words with substitutions


class Request(Record, fields="line point words cword prefix"):
    """What bash's completion is given: the current command (COMP_LINE), the cursor in it
    (COMP_POINT), its words (COMP_WORDS), the word being completed (COMP_CWORD), and the part of
    that word before the cursor (what a candidate replaces)."""

    __slots__ = ()

    line: str
    point: int
    words: tuple[str, ...]
    cword: int
    prefix: str


def command_segment(text: str, point: int) -> tuple[str, int]:
    """The command the cursor is in (after the last unquoted `;`, `|`, `&&`, `(`, newline...)
    and the cursor's place in it."""
    start = 0
    quote = ""
    i = 0
    while i < point:
        ch = text[i]
        if ch == "\\" and quote != "'":
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in SEPARATORS or (ch == "$" and text[i + 1:i + 2] == "("):
            start = i + (2 if ch == "$" else 1)
        i += 1
    end = len(text)
    quote = ""
    i = point
    while i < len(text):
        ch = text[i]
        if ch == "\\" and quote != "'":
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in SEPARATORS:
            end = i
            break
        i += 1
    segment = text[start:end]
    stripped = segment.lstrip()
    return stripped, point - start - (len(segment) - len(stripped))


def split_words(line: str, point: int, breaks: str = DEFAULT_BREAKS) -> Request:
    """COMP_WORDS as bash builds them: words split at blanks, and each run of other
    COMP_WORDBREAKS characters a word of its own; quotes kept in the words."""
    spans: list[tuple[int, int]] = []
    blanks = " \t\n"
    other = "".join(ch for ch in breaks if ch not in blanks + "\"'")
    start = -1
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"':
                i += 1
            i += 1
            continue
        if ch in blanks or ch in other:
            if start >= 0:
                spans.append((start, i))
                start = -1
            if ch in other:
                j = i
                while j < len(line) and line[j] in other:
                    j += 1
                spans.append((i, j))
                i = j
            else:
                i += 1
            continue
        if start < 0:
            start = i
        if ch == "\\":
            i += 2
            continue
        if ch in "'\"":
            quote = ch
        i += 1
    if start >= 0:
        spans.append((start, len(line)))
    words = [line[s:e] for s, e in spans]
    for n, (s, e) in enumerate(spans):
        if s <= point <= e and not (line[s:e] and line[s] in other and point == e
                                    and n + 1 < len(spans) and spans[n + 1][0] == e):
            return Request(line, point, tuple(words), n, line[s:point])
    before = sum(1 for _, e in spans if e <= point)  # the cursor on a blank: a new, empty word
    words.insert(before, "")
    return Request(line, point, tuple(words), before, "")


def parse_spec(text: str) -> Spec | None:
    """A compspec from `complete -p`'s output (read as data, never evaluated)."""
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if not words or words[0] != "complete":
        return None
    words = words[1:-1] if words[-1] != "-D" else words[1:]
    function = command = ""
    generators: list[str] = []
    options: list[str] = []
    code: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        value = words[i + 1] if i + 1 < len(words) else ""
        if word == "-F":
            function = value
            i += 2
        elif word == "-C":
            command = value
            code.append(value)
            i += 2
        elif word == "-o":
            options.append(value)
            i += 2
        elif word in ("-W", "-A", "-G", "-X", "-P", "-S"):
            generators += [word, value]
            if word == "-W" and any(c in value for c in "$`"):
                code.append(f": {value}")
            i += 2
        elif word in ("-D", "-E", "-I"):
            i += 1
        elif word.startswith("-") and len(word) > 1:
            generators.append(word)
            i += 1
        else:
            i += 1
    return Spec(function, command, tuple(generators), tuple(options), "\n".join(code))


def quote_filename(name: str, prefix: str) -> str:
    """A file name as it goes into the line: inside the quote the word opened, or with
    backslashes before the characters the shell would read."""
    if prefix[:1] in ("'", '"'):
        quote = prefix[0]
        if quote == "'":
            return quote + name.replace("'", "'\\''")
        return quote + "".join("\\" + c if c in '"\\$`' else c for c in name)
    head = ""
    if name.startswith("~") and prefix.startswith("~"):
        head, name = "~", name[1:]
    return head + "".join("\\" + c if c in FILENAME_SPECIALS else c for c in name)


def candidates(request: Request, found: list[str], options: set[str], cwd: str
               ) -> list[tuple[str, str]]:
    """(text to insert, text to show) for each candidate, as readline would insert them."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    names = found if "nosort" in options else sorted(set(found))
    filenames = "filenames" in options
    for name in names:
        if name in seen or not name:
            continue
        seen.add(name)
        shown = name
        is_dir = False
        if filenames:
            path = os.path.expanduser(name)
            is_dir = os.path.isdir(path if os.path.isabs(path) else os.path.join(cwd, path))
            shown = os.path.basename(name.rstrip("/")) + ("/" if is_dir else "") or name
        text = name if "noquote" in options or not filenames else quote_filename(name, request.prefix)
        if is_dir:
            text += "" if text.endswith("/") else "/"
        elif "nospace" not in options and len(names) == 1:
            text += " "
        out.append((text, shown))
    return out


def local_candidates(request: Request, env: dict[str, str], cwd: str) -> list[tuple[str, str]]:
    """agentsh's own completion, where bash cannot answer: commands on PATH for the first word,
    else paths."""
    prefix = request.prefix
    if request.cword == 0 and "/" not in prefix:
        names = {n for n in command_names(env) if n.startswith(prefix)}
        return candidates(request, sorted(names), set(), cwd)
    base = os.path.expanduser(prefix)
    folder, start = os.path.split(base)
    where = folder if os.path.isabs(folder) else os.path.join(cwd, folder)
    try:
        entries = [e for e in os.listdir(where or ".") if e.startswith(start)]
    except OSError:
        return []
    head = prefix[:len(prefix) - len(start)]
    return candidates(request, [head + e for e in entries if not e.startswith(".") or
                                start.startswith(".")], {"filenames"}, cwd)


def command_names(env: dict[str, str]) -> set[str]:
    names = set("cd export alias unalias source exit history pwd echo type set unset".split())
    for folder in env.get("PATH", "").split(os.pathsep):
        try:
            names.update(e.name for e in os.scandir(folder) if e.is_file() and
                         os.access(e.path, os.X_OK))
        except OSError:
            continue
    return names


def make_completer(complete: Callable[[str, int], tuple[Request, list[tuple[str, str]]]]):
    """A prompt-toolkit completer asking `complete(text, cursor)` for (request, candidates)."""
    from prompt_toolkit.completion import Completer, Completion

    class BashCompleter(Completer):
        def get_completions(self, document, complete_event):
            try:
                request, found = complete(document.text, document.cursor_position)
            except Exception:
                return
            for text, shown in found:
                yield Completion(text, start_position=-len(request.prefix), display=shown)

    return BashCompleter()
