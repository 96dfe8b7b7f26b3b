"""What every parser's walker needs: the value of `$'...'`, and what a simple command writes to a
pipe when that is plain text (`echo 'x' | sh` runs `x`)."""

from __future__ import annotations

import codecs
import re

from agentsh.engine.model import Command

_CTRL = None
_OCTAL = None


def bare_package(name: str) -> None:
    """Make `name`'s submodules importable without running its __init__: those of tree_sitter
    and tree_sitter_bash import typing and importlib.resources (7 ms, before every command
    that needs the parser) for things agentsh never uses, and bashlex's imports its parser,
    which builds the LALR tables agentsh loads instead (`bashlex_fallback`)."""
    import sys
    import types

    if name in sys.modules:
        return
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec(name)
    if spec is not None and spec.submodule_search_locations:
        package = types.ModuleType(name)
        package.__path__ = list(spec.submodule_search_locations)
        package.__spec__ = spec
        sys.modules[name] = package


def decode_ansi_c(body: str) -> str:
    """The value of `$'...'` (without the `$'` and `'`)."""
    global _CTRL, _OCTAL
    if "\\" not in body:
        return body
    if _CTRL is None:
        _CTRL, _OCTAL = re.compile(r"\\c(.)"), re.compile(r"\\([0-7]{1,3})")
    body = _CTRL.sub(lambda m: chr(ord(m.group(1).upper()) ^ 0x40), body)
    body = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), body)
    body = body.replace("\\'", "'").replace("\\E", "\\x1b").replace("\\e", "\\x1b")
    try:
        return codecs.decode(body.encode("latin-1", "backslashreplace"), "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return body


def literal_output(cmd: Command) -> str | None:
    """What `echo 'x'`, `printf 'x'` or `cat <<'EOF'` writes, when it is plain text."""
    if not all(w.literal for w in cmd.words):
        return None
    argv = cmd.argv
    if argv and argv[0] == "echo":
        args = list(argv[1:])
        while args and args[0] in ("-n", "-e", "-E", "-ne", "-en"):
            args.pop(0)
        return " ".join(args) + "\n"
    if argv and argv[0] == "printf" and len(argv) >= 2 and "%" not in argv[1]:
        if "\\" not in argv[1].replace("\\n", ""):
            return argv[1].replace("\\n", "\n")
        from agentsh.engine.words import printf_output  # `\t` and the other escapes

        return printf_output(argv[1], list(argv[2:]))
    if argv and argv[0] == "printf" and len(argv) >= 3 and argv[1] == "%s\\n" and \
            not any("\\" in a for a in argv[2:]):
        return "".join(a + "\n" for a in argv[2:])  # `printf '%s\n' a b`: one per line
    if argv and argv[0] == "cat" and len(argv) == 1 and cmd.stdin and cmd.stdin.kind != "pipe":
        return cmd.stdin.text
    return None


def expansion_assigns(raws) -> list:
    """`[("assigns", raws)]` for the words of a `for` list or a `case` subject or pattern that
    may assign as they expand (`${X:=v}`, `${!r:=v}`, `$((i++))`): they are no command's
    words, so the dataflow pass and the summaries read them from this node; else `[]`."""
    found = tuple(r for r in raws if "$" in r and ("=" in r or "++" in r or "--" in r))
    return [("assigns", found)] if found else []


def heredoc_assigns(body: str, quoted: bool) -> list:
    """`expansion_assigns` of an unquoted here-document's `${...}` and `$((...))`: given to a
    builtin or a function (`read y <<EOF`, `: <<EOF`) bash expands it in the shell itself, so
    `${X:=v}` there assigns X (to another program, in its child: taken as assigning too)."""
    if quoted or "$" not in body:
        return []
    import re

    return expansion_assigns(re.findall(r"\$\{[^}]*\}|\$\(\(.*?\)\)", body))


def cond_assigns(raw: str) -> list:
    """`expansion_assigns` of the parameter expansions in a `[[ ]]` (its text as a whole: the
    operators, `=` among them, are not read as assignments)."""
    if "${" not in raw:
        return []
    import re

    return expansion_assigns(re.findall(r"\$\{[^}]*\}", raw))
