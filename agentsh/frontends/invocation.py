"""Reading a bash command line the way bash does, so agentsh can stand in for bash anywhere."""

from __future__ import annotations

from agentsh.records import Record

VALUE_OPTIONS = frozenset(("-o", "+o", "-O", "+O", "--rcfile", "--init-file"))


class Invocation(Record, fields="args command script positional login interactive version help",
                 defaults=(None, None, (), False, False, False, False)):
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
        return Invocation(**base, command=rest[0], positional=rest[2:])
    if "s" in flags or not rest:
        return Invocation(**base, positional=rest)
    return Invocation(**base, script=rest[0], positional=rest[1:])
