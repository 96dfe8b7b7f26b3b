"""Code in a language agentsh does not analyze, run by its interpreter: `Rscript -e CODE`,
`julia -e`, `elixir -e`, `pwsh -c`, `fish -c`, `osascript -e`, a script file, or standard input.

`[analyzer.code] foreign` names each interpreter and how it takes code. Without a front-end for
the language, agentsh cannot tell what the code does; it asks when the code holds a word that
could do harm (`semantics.may_do_harm`: deleting, running programs, sending requests, and the
table's own `words`, such as m4's `syscmd`) and lets plain data processing run. A script that
cannot be read is a low finding, as for the languages agentsh reads."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import read
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact

LABEL = "interp.foreign_harm"
# words of prose that the harm words would take for calls (`echo "it executed"`)
PROSE = later(r"(?i)\bexecut(?:ed|ion|ions|able|ables|ing|or|ors)\b")


# the label prefix of a shell's code read as bash text (`fish -c 'rm -rf src'`): what bash
# cannot parse of it is that shell's own syntax, not a command bash would run
SHELL_LABEL = "a shell like bash: "


class _View:
    __slots__ = ("cmd", "ctx", "program")

    def __init__(self, cmd, ctx) -> None:
        self.cmd, self.ctx, self.program = cmd, ctx, cmd.program


def shell_lines(cmd, ctx, entry: dict) -> list[tuple[str, str]]:
    """For the unwrapper: the code a shell other than bash runs, as text to read as bash (its
    simple commands are written the same way: `fish -c 'rm -rf src'`)."""
    return [(code, f"{SHELL_LABEL}{origin}") for code, origin in _codes(_View(cmd, ctx), entry, [])]


def facts(view, params: dict) -> list[Fact]:
    entry = params.get("foreign", {}).get(view.program)
    if entry is None:
        return []
    if entry.get("when") and not any(w.text in entry["when"] for w in view.cmd.words[1:]):
        return []
    from agentsh.engine.domains.code.semantics import may_do_harm

    out: list[Fact] = []
    codes = _codes(view, entry, out)
    if entry.get("shell"):
        return out  # its commands are read as bash text by the unwrapper
    for code, origin in codes:
        if could_harm(PROSE.sub(" ", code), entry, params, may_do_harm):
            out.append(Fact(LABEL, f"{origin} runs code in a language agentsh does not analyze, "
                            "and the code could do harm", origin))
            break
    return out


def could_harm(text: str, entry: dict, params: dict, may_do_harm) -> bool:
    """Whether code of a language agentsh does not analyze holds words that could do harm, once
    the entry's `benign` idioms (and those of its family, `[analyzer.code] idioms`) are taken
    out; the entry's and the family's `words` could do harm too."""
    family = params.get("idioms", {}).get(entry.get("idioms", ""), {})
    benign = [p for p in (*entry.get("benign", ()), *family.get("benign", ()))
              if isinstance(p, str)]
    extra = [w for w in (*entry.get("words", ()), *family.get("words", ())) if isinstance(w, str)]
    for pattern in benign:
        text = re.sub(pattern, " ", text)
    return may_do_harm(text) or any(re.search(w, text) for w in extra)


def has_code_option(cmd, options) -> bool:
    """The cheap test, run for every command that reaches the `interp` domain."""
    words = cmd.words
    return len(words) > 1 and words[0].literal and \
        any(w.text.split("=", 1)[0] in options for w in words[1:])


def unknown_program_facts(view, params: dict) -> list[Fact]:
    """A program no table names, given code by an option interpreters use for it (`matlab
    -batch CODE`, `qjs -e CODE`, `hy -c CODE`: `[analyzer.code] unknown_code_options`): the list
    of foreign interpreters is closed, so code with words that could do harm asks (INT021) for any
    program agentsh knows nothing about. Programs some rule, analyzer or wrapper watches have
    their own readers, and builtins take no code this way."""
    cmd = view.cmd
    options = frozenset(params.get("unknown_code_options", ()))
    words = cmd.words
    if len(words) < 2 or not words[0].literal:
        return []
    from agentsh.engine.names import BUILTINS
    from agentsh.engine.options import NO_EFFECTS

    program = view.program
    from agentsh.engine.domains.code.notebook import RUNNERS

    if program in RUNNERS:
        return []  # a notebook run is read as Python (`notebook.py`); converted, it is data
    # the programs some rule, analyzer or wrapper watches (`engine.programs.watched`, built
    # for the unwrapper before any analyzer runs); not built: every program counts as unknown
    watched = view.policy._lookup().get("watched_programs", ())
    if program in BUILTINS or program in NO_EFFECTS or program in watched \
            or program in view.policy.analyzer("effects").get("none", ()):
        return []
    from agentsh.engine.domains.code.semantics import may_do_harm

    for i, word in enumerate(words[1:], 1):
        name, eq, value = word.text.partition("=")
        if not word.literal or name not in options or (not eq and i + 1 >= len(words)):
            continue
        code = value if eq else words[i + 1].text
        # code, not a value such as `-c qemu:///system` or `-e dd/mm/yyyy`: a call or a
        # statement has brackets or blanks in it
        if CODE_SHAPE.search(code) and may_do_harm(PROSE.sub(" ", code)):
            return [Fact(LABEL, f"{program} {name} runs code agentsh has no reader for, and the "
                         "code could do harm", f"{program} {name}")]
    return _written_files_run(view, params, may_do_harm)


def _written_files_run(view, params: dict, may_do_harm) -> list[Fact]:
    """A program no table names, handed a file this command line wrote (`cat > x.hy <<EOF ...
    EOF && hy x.hy`, `printf ... > job.tcl && tool job.tcl`): agentsh cannot tell whether the
    program reads the file as data or runs it as code, so a file that holds words that could do
    harm asks (INT021), unless its name says it is data (`[analyzer.code] data_extensions`:
    `.md`, `.json`, `.csv` ...)."""
    written = dict(view.ctx.files.written_code())
    if not written:
        return []
    data = tuple(params.get("data_extensions", ()))
    res = getattr(view.ctx.files, "res", None)
    for word in view.cmd.words[1:]:
        text = word.text
        if not word.literal or text.startswith("-"):
            continue
        path = _written_path(text, written, res)
        if path is None or path.lower().endswith(data):
            continue
        if may_do_harm(PROSE.sub(" ", written[path])):
            return [Fact(LABEL, f"{view.program} is handed {text}, which this command line wrote "
                         "with words that could do harm, and agentsh cannot tell whether it runs "
                         "it as code", f"{view.program} {text}")]
    return []


def _written_path(text: str, written: dict, res) -> str | None:
    """The key of `written` that the word names (the flow keeps absolute paths)."""
    if text in written:
        return text
    if res is not None:
        path = res.path(text, text)
        return path if path in written else None
    return next((k for k in written if k.endswith("/" + text.lstrip("./"))), None)


CODE_SHAPE = later(r"[\s(\[{]")


def _codes(view, entry: dict, out: list[Fact]) -> list[tuple[str, str]]:
    """(code, where it came from) for each piece of code the command runs."""
    cmd = view.cmd
    words = cmd.words
    program = view.program
    code_options = tuple(entry.get("code", ()))
    file_options = tuple(entry.get("files", ()))
    values = tuple(entry.get("values", ()))
    found: list[tuple[str, str]] = []
    i = 1
    while i < len(words):
        word = words[i]
        text = word.text
        if text == "--":
            i += 1
            break
        name, eq, value = text.partition("=")
        if eq and name in code_options:
            found.append(_literal(word, value, f"{program} {name}", out))
            i += 1
            continue
        if text in code_options:
            if i + 1 < len(words):
                found.append(_literal(words[i + 1], words[i + 1].text, f"{program} {text}", out))
            i += 2
            continue
        if text in file_options and i + 1 < len(words):
            found.append(_file(words[i + 1], program, view, out))
            i += 2
            continue
        if text in values:
            i += 2
            continue
        if not text.startswith("-") or text == "-":
            break
        i += 1
    if any(w.text in entry.get("code_flags", ()) for w in words[1:]):
        # every operand is code (`emacsclient --eval '(a)' '(b)'`; getopt reads the flag
        # wherever it is), and option values are read as code too: only ever more to check
        found += [_literal(w, w.text, f"{program} {w.text[:20]}", out) for w in words[i:]
                  if not w.text.startswith("-")]
    found = [f for f in found if f is not None]
    if found or entry.get("operands") == "data":
        return found
    if i < len(words) and words[i].text != "-":
        word = words[i]
        found = _file(words[i], program, view, out)
        return [found] if found is not None else []
    stdin = cmd.stdin
    if stdin is None:
        return []  # reads the terminal: a REPL, or it waits for input
    if stdin.kind == "file":
        if stdin.path == "/dev/null":
            return []
        text = read(stdin.path, view.ctx)
        if text is None:
            out.append(Fact("interp.unknown", f"{program} runs {stdin.path}, which cannot be "
                            "read", stdin.path))
            return []
        return [(text, f"{program} < {stdin.path}")]
    if stdin.text is not None:
        return [(stdin.text, f"{program} <<{stdin.kind}")]
    out.append(Fact("interp.unknown", f"{program} runs code from standard input"))
    return []


def _literal(word, text: str, origin: str, out: list[Fact]):
    if word.literal:
        return (text, origin)
    out.append(Fact("interp.dynamic_exec", f"{origin} runs {word.raw}, only known at run time"))
    return None


def _file(word, program: str, view, out: list[Fact]):
    if not word.literal:
        out.append(Fact("interp.script_unreadable",
                        f"{program} runs {word.raw}, only known at run time", word.raw))
        return None
    text = read(word.text, view.ctx)
    if text is None:
        from agentsh.engine.domains.code.sources import unread_script

        out += unread_script(word.text, view.ctx)
        return None
    return (text, f"{program} {word.text}")
