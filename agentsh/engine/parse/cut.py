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


def _bash() -> str | None:
    import os

    for path in BASH_PATHS:
        if os.access(path, os.X_OK):
            return path
    return None


def _bash_agrees(text: str, end: int, line: int) -> bool:
    import re
    import subprocess

    bash = _bash()
    if bash is None or "\0" in text:
        return False
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}  # no BASH_ENV, no ENV: nothing is run
    for options in ((), ("-O", "extglob")):
        def check(code: str, options: tuple = options) -> subprocess.CompletedProcess:
            return subprocess.run([bash, "--norc", "--noprofile", *options, "-n", "-c", code],
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  env=env, timeout=ORACLE_TIMEOUT, errors="replace")
        try:
            whole = check(text)
            if whole.returncode == 0:
                return False
            said = re.search(r"line (\d+):", whole.stderr)
            if said is None or int(said.group(1)) < line:
                return False  # bash stops before the command agentsh thinks it stops at
            if text[:end].strip() and check(text[:end]).returncode != 0:
                return False
        except (OSError, subprocess.SubprocessError):
            return False
    return True
