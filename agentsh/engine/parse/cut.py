"""Where bash stops: the part of a text with a syntax error that bash would still run.

bash reads a `-c` string or a script one top-level command at a time and runs each before it
reads the next; at the first command it cannot read it reports the syntax error and stops (exit
status 2). So a text bash rejects is judged by the complete commands before that one, with a note
saying where bash stops, instead of asking about the whole text (issue 14 item 4).

Soundness first: agentsh's own grammar (`grammar.complete_end`) finds the command bash rejects,
read both with and without extglob (they must agree), and bash itself is the oracle: `bash -n`
must reject the whole text and accept the part before that command, under both settings, and the
line bash names must not come before that command. Anything else (no bash, a disagreement, a
timeout) gives None, and the text asks as before. This spawns a process only on this rare path.
"""

from __future__ import annotations

from agentsh.records import Record

ORACLE_TIMEOUT = 5.0  # seconds for each `bash -n`
BASH_PATHS = ("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash")


class Cut(Record, fields="end start line error"):
    """The text up to `end` runs; bash rejects the command at `start` (on `line`, from 1) and
    runs nothing from there on (`error`: why)."""

    __slots__ = ()

    end: int
    start: int
    line: int
    error: str


def find(text: str, error: str = "") -> Cut | None:
    """The cut in `text` (which the grammar rejected, with `error`), or None when it is not
    certain where bash stops."""
    from agentsh.engine.parse import grammar

    ends = {grammar.complete_end(text, extglob) for extglob in (False, True)}
    if len(ends) != 1:
        return None
    found = ends.pop()
    if found is None:
        return None
    end, start = found
    line = text.count("\n", 0, start) + 1
    if not _bash_agrees(text, end, line):
        return None
    return Cut(end, start, line, error)


class Discards(Record, fields="text spans lines"):
    """A text where bash throws away array assignments it cannot read and reads on
    (`grammar.discarded`): `text` is the text with those parts blanked to `:` (same offsets and
    lines), `spans` the parts, `lines` the line (from 1) of each bad token."""

    __slots__ = ()

    text: str
    spans: tuple[tuple[int, int], ...]
    lines: tuple[int, ...]


def discards(text: str) -> Discards | None:
    """The parts bash throws away in `text` and reads past, or None when that is not certain.
    agentsh's grammar finds them, read with and without extglob (they must agree), and bash is
    the oracle: `bash -n` must reject the text with status 1 (the status of a discarded array
    assignment; any other syntax error gives 2), name exactly the lines of the bad tokens, and
    accept the blanked text, under both settings."""
    from agentsh.engine.parse import grammar

    found = {tuple(grammar.discarded(text, extglob) or ()) for extglob in (False, True)}
    if len(found) != 1:
        return None
    spans = found.pop()
    if not spans:
        return None
    blanked = text
    for start, stop in spans:
        blanked = grammar.blank(blanked, start, stop)
    lines = tuple(text.count("\n", 0, stop) + 1 for _, stop in spans)
    if not _bash_discards(text, blanked, set(lines)):
        return None
    return Discards(blanked, spans, lines)


def _bash_discards(text: str, blanked: str, lines: set[int]) -> bool:
    import re

    def agrees(check) -> bool:
        status, stderr = check(text)
        said = {int(n) for n in re.findall(r"^[^\n]*?: -c: line (\d+): ", stderr, re.M)}
        return status == 1 and said == lines and check(blanked)[0] == 0

    return _oracle(text, agrees)


def _bash() -> str | None:
    import os

    for path in BASH_PATHS:
        if os.access(path, os.X_OK):
            return path
    return None


def _bash_agrees(text: str, end: int, line: int) -> bool:
    import re

    def agrees(check) -> bool:
        status, stderr = check(text)
        if status == 0:
            return False
        # (the first line named that is not a warning: a here-document ended by the end
        # of a `$( )` warns before, heredoc3.sub)
        said = re.search(r"line (\d+): (?!warning:)", stderr)
        if said is None or int(said.group(1)) < line:
            return False  # bash stops before the command agentsh thinks it stops at
        return not text[:end].strip() or check(text[:end])[0] == 0

    return _oracle(text, agrees)


def posix_accepts(text: str) -> bool:
    """Whether bash in posix mode (`bash --posix -n`) accepts all of `text`, with and without
    extglob (False when that cannot be known)."""
    return _oracle(text, lambda check: check(text)[0] == 0, "--posix")


def _oracle(text: str, agrees, *options: str) -> bool:
    """Whether `agrees(check)` holds both without and with extglob, where `check(code)` runs
    `bash --norc --noprofile OPTIONS -n -c code` and gives (exit status, stderr). False where
    there is no bash, `text` holds NUL, or bash could not run or took too long."""
    bash = _bash()
    if bash is None or "\0" in text:
        return False
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}  # no BASH_ENV, no ENV: nothing is run
    for extglob in ((), ("-O", "extglob")):
        argv = [bash, "--norc", "--noprofile", *options, *extglob, "-n", "-c"]
        try:
            if not agrees(lambda code, argv=argv: _run([*argv, code], env)):
                return False
        except (OSError, TimeoutError, ValueError):
            return False
    return True


def _run(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `argv` with no input and no output but its standard error: (exit status, stderr).
    `subprocess` is not imported for it (27 M instructions, about 6 ms of every fallback
    parse). Raises TimeoutError (the child killed) after ORACLE_TIMEOUT seconds."""
    import os
    import select
    import time

    read_end, write_end = os.pipe()  # both close on exec; dup2 makes the child's 2 inheritable
    try:
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, write_end, 2)])
    except BaseException:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + ORACLE_TIMEOUT
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, 9)
                raise TimeoutError(f"{argv[0]} took over {ORACLE_TIMEOUT} s")
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        status = os.waitpid(pid, 0)[1]
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")
