"""Reading a command's argv the way its program does: options, their values, positionals."""

from __future__ import annotations

import posixpath
import re

from agentsh.engine.lazyre import later
from agentsh.engine.model import Command, Word
from agentsh.policy.values import ProgramSpec
from agentsh.records import Record

DEFAULT_SPEC = ProgramSpec("")
# programs and builtins that never write a file themselves (the shell's redirects are separate)
NO_EFFECTS = frozenset((":", "true", "false", "echo", "printf", "test", "[", "[[", "pwd",
                        "cd", "pushd", "popd", "dirs", "export", "declare", "typeset", "local",
                        "readonly", "unset", "set", "shift", "read", "exit", "return", "alias",
                        "unalias", "shopt", "type", "hash", "wait", "trap"))


def program_name(name: str) -> str:
    """`git.exe` (WSL runs Windows programs) is `git`; `python3.11` is `python3`."""
    if name.lower().endswith(".exe"):
        name = name[:-4]
    if name[-1:] in "0123456789." and re.fullmatch(r"(python|pypy)[0-9.]+", name) and \
            name not in ("python2", "python3"):
        return "python3"
    return name


class Args(Record, fields="options positionals help dynamic guessed lead",
           defaults=(frozenset(), None, 0)):
    """A command's arguments: the options as (name, value) and the positional words in order."""

    __slots__ = ()

    options: tuple[tuple[str, str | None], ...]
    positionals: tuple[Word, ...]
    help: bool  # `--help` given: the program prints its help and does nothing else
    dynamic: frozenset[str]  # options whose value is only known at run time
    # The other reading of a command whose leading options agentsh does not know: each unknown
    # option before the subcommand takes the next word as its value (`tool --cacert F forget`),
    # so rules can check both readings. None when there is no other reading.
    guessed: tuple[Word, ...] | None
    lead: int  # how many of the options come before the first positional word

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.options)

    @property
    def flags_after_lead(self) -> frozenset[str]:
        """The options after the first positional word (a subcommand's, where the program's
        own come before it)."""
        return frozenset(name for name, _ in self.options[self.lead:])

    def values(self, name: str) -> list[str]:
        return [v for n, v in self.options if n == name and v is not None]

    def readings(self) -> tuple[tuple[Word, ...], ...]:
        """The positional words as the program reads them, then the guessed reading if any."""
        return (self.positionals,) if self.guessed is None else (self.positionals, self.guessed)


# Options that take no value in the common CLIs: never guessed to consume the next word.
KNOWN_FLAGS = frozenset((
    "-h", "--help", "-v", "--verbose", "-q", "--quiet", "--debug", "-d", "--json", "-y", "--yes",
    "-f", "--force", "--version", "-V", "--no-color", "--insecure", "-k", "--dry-run", "-m",
    "--no-pager", "-p", "--paginate", "-P", "--bare", "-i", "--interactive", "-t", "--tty",
    "--all", "-a", "--quick", "--trace", "--no-cache", "--silent", "-s", "--plain", "--raw",
    "--confirm", "--no-input", "--non-interactive", "--batch", "-u", "-r", "-R", "-l", "--list"))
# Words a guessed reading never consumes: with them first the command is plainly a read.
NOT_VALUES = frozenset(("help", "version", "list", "ls", "get", "describe", "show", "status",
                        "info", "inspect", "--help"))


def _long(name: str, spec: ProgramSpec) -> str:
    if name in spec.long_options or name in spec.value_options:
        return name
    matches = [o for o in spec.long_options | spec.value_options
               if o.startswith("--") and o.startswith(name)]
    return matches[0] if len(matches) == 1 else name


def _ambiguous(name: str, spec: ProgramSpec) -> list[str]:
    """The flags an abbreviated long option may stand for when it names several."""
    if name in spec.long_options or name in spec.value_options:
        return []
    matches = sorted(o for o in spec.long_options if o.startswith(name) and
                     o not in spec.value_options)
    return matches if len(matches) > 1 else []


def _option(name: str, attached: str | None, words: tuple[Word, ...], i: int, spec: ProgramSpec,
            options: list[tuple[str, str | None]], dynamic: set[str], lead: bool) -> int:
    """Record option `name`, with its value attached (`--x=v`) or taken from the next word when
    the program's option takes one; return the index of the word after it."""
    if attached is not None:
        options.append((name, attached))
    elif (name in spec.value_options or lead and name in spec.global_value_options) \
            and i < len(words):
        options.append((name, words[i].text))
        if not words[i].literal:
            dynamic.add(name)
        return i + 1
    else:
        options.append((name, None))
    return i


def read_args(words: tuple[Word, ...], spec: ProgramSpec = DEFAULT_SPEC) -> Args:
    options: list[tuple[str, str | None]] = []
    positionals: list[Word] = []
    dynamic: set[str] = set()
    guessed: set[int] = set()  # indices of words an unknown leading option may take as a value
    i, n, help_ = 0, len(words), False
    first = -1  # how many options came before the first positional word
    while i < n:
        word = words[i]
        text = word.text
        i += 1
        lead = not positionals
        guess = len(positionals) == len(guessed)  # before the subcommand in the guessed reading
        if not word.literal or text == "-" or not text.startswith("-"):
            if first < 0:
                first = len(options)
            positionals.append(word)
            continue
        if text == "--":
            if first < 0:
                first = len(options)
            options.append(("--", None))
            positionals.extend(words[i:])
            break
        if text in spec.command_options:
            end = i
            while end < n and words[end].text not in (";", "+", "\\;"):
                end += 1
            options.append((text, " ".join(w.text for w in words[i:end])))
            i = end + 1
            continue
        if text.startswith("--"):
            name, eq, value = text.partition("=")
            typed, name = name, _long(name, spec)
            help_ = help_ or name == "--help"
            before = i
            i = _option(name, value if eq else None, words, i, spec, options, dynamic, lead)
            if name == typed and len(typed) > 3:
                # an abbreviation the table finds ambiguous may be unique to the program (git
                # shares one table across its commands: `checkout --forc` is `--force`): it is
                # read as every option it may stand for
                options += [(o, None) for o in _ambiguous(typed, spec)]
            if guess and i == before and not eq:
                _guess(name, words, i, spec, guessed)
            continue
        if not spec.clusters or text in spec.value_options or len(text) == 2 or \
                lead and text in spec.global_value_options:
            name, eq, value = text.partition("=") if not spec.clusters else (text, "", "")
            before = i
            i = _option(name, value if eq else None, words, i, spec, options, dynamic, lead)
            if guess and i == before and not eq and (len(name) == 2 or not spec.clusters):
                _guess(name, words, i, spec, guessed)
            continue
        # a cluster: -rf, -XDELETE, -n5
        for j, ch in enumerate(text[1:], start=1):
            name = "-" + ch
            if name in spec.value_options:
                rest = text[j + 1 :]
                if rest:
                    options.append((name, rest))
                elif i < n:
                    options.append((name, words[i].text))
                    if not words[i].literal:
                        dynamic.add(name)
                    i += 1
                else:
                    options.append((name, None))
                break
            options.append((name, None))
    alternative = None
    if guessed:
        skip = {id(words[k]) for k in guessed}
        alternative = tuple(w for w in positionals if id(w) not in skip)
    return Args(tuple(options), tuple(positionals), help_, frozenset(dynamic), alternative,
                len(options) if first < 0 else first)


def _guess(name: str, words: tuple[Word, ...], i: int, spec: ProgramSpec, guessed: set[int]) -> None:
    """An option agentsh does not know, before the subcommand, followed by a plain word: that
    word may be its value."""
    if i >= len(words) or name in KNOWN_FLAGS or name in spec.long_options:
        return
    nxt = words[i]
    if nxt.literal and not nxt.text.startswith("-") and nxt.text not in NOT_VALUES:
        guessed.add(i)


def command_args(cmd: Command, spec: ProgramSpec = DEFAULT_SPEC) -> Args:
    return read_args(cmd.words[1:], spec)


def normalize_path(path: str) -> str:
    """A target as rules see it: no trailing slash, `a/../b` resolved unless a variable is in it."""
    if not path or "://" in path:
        return path
    if "$" in path:
        stripped = path.rstrip("/")
        return stripped or "/"
    lead = path.startswith("/")
    norm = posixpath.normpath(path)
    if lead and norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    return norm


RESOURCE_OPTION = later(r"^--(?:[a-z0-9-]+-)?(?:ids?|identifiers?|names?|arn)$")


def resource_option(words: tuple[Word, ...]) -> str:
    """The value of an option that names a resource (`--db-instance-identifier x`,
    `--instance-ids i-1`, `--name rg1`, `--volume-id=v`), read from the words whatever the
    program's spec says, or ''."""
    for i, word in enumerate(words):
        name, eq, value = word.text.partition("=")
        if not RESOURCE_OPTION.match(name):
            continue
        if eq and value:
            return value
        if i + 1 < len(words) and not words[i + 1].text.startswith("-"):
            return words[i + 1].text
    return ""


URL = later(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s]*)")
USER_HOST = later(r"^[^@/\s:=]+@(\[[^\]]*\]|[^:/\s]+)")
HOST_PORT = later(r"^([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}|[0-9.]+):(?:[0-9]+|/)")
DEV_TCP = later(r"^/dev/(?:tcp|udp)/([^/]+)/")


def _value_forms(text: str) -> list[str]:
    """A value and what it names: itself, a URL's host, `user@HOST`, `HOST:port`."""
    out = [text]
    for pattern in (URL, USER_HOST, HOST_PORT, DEV_TCP):
        m = pattern.match(text)
        if m and m.group(1):
            out.append(m.group(1).strip("[]"))
    return out


def command_values(cmd: Command) -> list[str]:
    """Every value a command carries, for `any_value` rules: each word; each option's value
    (`--host=V`, `-hV`); each `key=value` value (libpq's `host=V port=5432` too); the command's
    own environment assignments; redirect targets; and the host of any URL, `user@host` or
    `host:port` among them."""
    raw: list[str] = [value for _, value in cmd.assignments]
    for word in cmd.words:
        text = word.text
        raw.append(text)
        if text.startswith("-") and not text.startswith("--") and len(text) > 2:
            raw.append(text[2:])
        for part in text.split() if " " in text else (text,):
            if "=" in part:
                raw.append(part.split("=", 1)[1])
    raw += [r.target.text for r in cmd.redirects]
    out: list[str] = []
    for value in raw:
        out += _value_forms(value)
    return list(dict.fromkeys(v for v in out if v))
