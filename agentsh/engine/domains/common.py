"""Helpers shared by analyzers: reading a command's stdin or a named file as text."""

from __future__ import annotations

from agentsh.engine.domains.sockets import SOCKET_PROGRAMS, sends_text  # noqa: F401 (re-exported)
from agentsh.engine.lazyre import later
from agentsh.engine.model import Command, Context

WORD_SPLIT = later(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
# a destroying HTTP method written as a word: `DELETE`, `-XDELETE`, `--method=delete`, `-m PURGE`
METHOD_WORD = later(r"(?i)^(?:-X|-m|--?method[=:]|--request=|--http-method=)?(?:delete|purge)$")
URL_WORD = later(r"(?i)^(?:[a-z][a-z0-9+.-]*://\S+|(?:localhost|[0-9]{1,3}(?:\.[0-9]{1,3}){3}|"
                 r"[\w-]+(?:\.[\w-]+)+)?:[0-9]+(?:/\S*)?|(?:[\w-]+\.)+[a-z]{2,}/\S*)$")


def method_word(cmd: Command) -> str:
    """A literal destroying HTTP method among a command's words ('' when there is none): any
    program may be an HTTP client (curlie, restish, hey, ab, httpx ...)."""
    return next((w.text for w in cmd.words[1:] if w.literal and METHOD_WORD.match(w.text)), "")


def stdin_text(cmd: Command, ctx: Context) -> tuple[bool, str | None]:
    """(has stdin, its text or None when it is produced at run time or unreadable)."""
    stdin = cmd.stdin
    if stdin is None:
        return False, None
    if stdin.kind == "file":
        return True, read(stdin.path, ctx)
    return True, stdin.text


def read(path: str, ctx: Context) -> str | None:
    reader = ctx.read_file
    return reader(path) if callable(reader) else None


def unseen(path: str, cmd: Command, ctx: Context) -> bool:
    """Whether a file a command reads as code is unseen because it is judged from the text
    alone (`check --batch`): a plain path the line did not touch (as a shell script not in the
    text is, INT014). Where files are seen, or the line may have written it, it is unreadable."""
    files = ctx.files
    if getattr(files, "sees_world", getattr(files, "knows_files", False)):
        return False
    if not path or path == "-" or "$" in path or path.startswith(("/dev/", "/proc/")):
        return False
    from agentsh.engine.flowstate import line_wrote

    return not line_wrote(getattr(cmd.flow, "files", None), path)


def name_words(name: str) -> list[str]:
    """`volumeDelete` -> ['volume', 'delete']; `delete-db-instance` -> ['delete', 'db', 'instance']."""
    return [w.lower() for w in WORD_SPLIT.findall(name)]


def has_verb(name: str, verbs: frozenset[str] | set[str]) -> bool:
    """A destroy verb is the whole name, or its first or last word."""
    words = name_words(name)
    if not words:
        return False
    return name.lower() in verbs or words[0] in verbs or words[-1] in verbs


def option_pairs(cmd: Command) -> list[tuple[str, str]]:
    """(option, value) for every option written with a value, attached (`--x=v`) or as the next
    word: for CLIs whose options nearly all take values (aws, gcloud, az), where the program's
    table in rules.toml cannot list every one."""
    words = [w.text for w in cmd.words[1:]]
    out = []
    for i, word in enumerate(words):
        if not word.startswith("-") or word == "--":
            continue
        name, eq, value = word.partition("=")
        if eq:
            out.append((name, value))
        elif i + 1 < len(words) and not words[i + 1].startswith("-"):
            out.append((name, words[i + 1]))
    return out


def option_value(cmd: Command, name: str) -> list[str]:
    """Every value given to option `name`, read as in option_pairs."""
    return [v for n, v in option_pairs(cmd) if n == name]


# programs that send their stdin to a network service (domains/net.py reads it as the protocol)
# the socket clients and `sends_text`: engine/domains/sockets.py (imported before any domain module)
