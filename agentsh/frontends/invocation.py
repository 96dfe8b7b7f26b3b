"""Reading a bash command line the way bash does, so agentsh can stand in for bash anywhere."""

from __future__ import annotations

from agentsh.records import Record

VALUE_OPTIONS = frozenset(("-o", "+o", "-O", "+O", "--rcfile", "--init-file"))


class Invocation(Record, fields="args command script positional login interactive version help "
                                "command_at",
                 defaults=(None, None, (), False, False, False, False, -1)):
    """A bash command line, read the way bash reads it."""

    __slots__ = ()

    args: tuple[str, ...]  # everything after argv[0], passed to bash unchanged
    command: str | None  # the -c string
    script: str | None  # a script file
    positional: tuple[str, ...]  # $1 ... (for -c: after $0); else commands come on stdin
    login: bool
    interactive: bool
    version: bool
    help: bool
    command_at: int  # where the -c string is in `args` (-1: none)


def parse_invocation(argv0: str, args: list[str]) -> Invocation:
    i, flags, long_flags = 0, set(), set()
    while i < len(args):
        arg = args[i]
        if arg in ("--", "-"):
            i += 1
            break
        if arg in VALUE_OPTIONS:
            i += 2
            continue
        if arg.startswith("--"):
            long_flags.add(arg)
            i += 1
            continue
        if len(arg) > 1 and arg[0] in "-+" and not arg.startswith("+-"):
            chars = arg[1:]
            if arg[0] == "-":
                flags.update(chars)
            # clustered -o/-O take their value from the next word (`-eo pipefail`)
            i += 1 + sum(1 for ch in chars if ch in "oO")
            continue
        break
    rest = tuple(args[i:])
    login = argv0.startswith("-") or "l" in flags or "--login" in long_flags
    base = dict(args=tuple(args), login=login, interactive="i" in flags,
                version="--version" in long_flags, help="--help" in long_flags)
    if "c" in flags:
        if not rest:
            return Invocation(**base, command="")
        return Invocation(**base, command=rest[0], positional=rest[2:], command_at=i)
    if "s" in flags or not rest:
        return Invocation(**base, positional=rest)
    return Invocation(**base, script=rest[0], positional=rest[1:])


# options that change neither which variables bash starts with nor how it reads assignments
_PLAIN_FLAGS = frozenset("ceuxv")
_PLAIN_SET = frozenset("errexit nounset pipefail xtrace verbose braceexpand hashall "
                       "interactive-comments".split())
_PLAIN_SHOPT = frozenset("extglob globstar nullglob failglob dotglob nocaseglob".split())
_PLAIN_LONG = frozenset(("--norc", "--noprofile"))


def starts_clean(inv: Invocation, env: dict[str, str]) -> bool:
    """Whether bash runs the checked text with exactly `env` as its variables: a `-c` string or
    a script, not a login or interactive shell, no BASH_ENV to read first, and no option that
    exports or assigns on its own (`-a`, `-k`, `SHELLOPTS=keyword`). Then a variable in none of
    `env` is unset when the text starts (`Context.complete_env`)."""
    if (inv.command is None and inv.script is None) or inv.login or inv.interactive:
        return False
    if env.get("BASH_ENV") or env.get("ENV"):
        return False
    for name, plain in (("SHELLOPTS", _PLAIN_SET), ("BASHOPTS", _PLAIN_SHOPT)):
        if name in env and not set(filter(None, env[name].split(":"))) <= plain:
            return False
    args = list(inv.args)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--", "-") or arg[:1] not in ("-", "+") or len(arg) < 2:
            return True
        if arg in ("-o", "+o", "-O", "+O"):
            plain = _PLAIN_SET if arg[1] == "o" else _PLAIN_SHOPT
            if i + 1 >= len(args) or args[i + 1] not in plain:
                return False
            i += 2
            continue
        if arg.startswith("--"):
            if arg not in _PLAIN_LONG:
                return False
        elif not set(arg[1:]) <= _PLAIN_FLAGS:
            return False
        if "c" in arg[1:] and not arg.startswith("--"):
            return True  # the code follows; what is after it are $0 and the arguments
        i += 1
    return True
