"""The process state the caller gave agentsh, handed to bash as it was.

Python changes three things before agentsh's own code runs, and bash must not inherit them:
  - a closed standard stream (`>&-`, `2>&-`, `<&-`): Python's own files could take its number,
    so bash would write to agentsh's audit log; the descriptor is filled with /dev/null while
    agentsh runs and closed again for bash;
  - the locale: Python's C-locale coercion sets LC_CTYPE=C.UTF-8 when LANG is unset or C, and
    bash would count characters differently (`x=é; echo ${#x}`);
  - signal dispositions: Python ignores SIGPIPE and SIGXFSZ, and a signal the caller ignored
    (`trap '' PIPE`, nohup's SIGHUP, a non-interactive parent's SIGINT/SIGQUIT) must stay
    ignored for bash.
The compiled launcher (launcher/agentsh.c) records all three before Python starts, in
AGENTSH_CLOSED_FDS, AGENTSH_LC_CTYPE and AGENTSH_SIG_IGN; without it, closed streams are found
here and the locale and signals are those Python left. `restore_for_exec` undoes everything
just before bash is exec'd. Imports only builtins: this runs before every command."""

from __future__ import annotations

import os
import sys

# signals whose disposition is restored for bash: ignored if the caller ignored them, else default
SIGNALS = ("SIGHUP", "SIGINT", "SIGQUIT", "SIGPIPE", "SIGTERM", "SIGTSTP", "SIGTTIN", "SIGTTOU",
           "SIGXFSZ")
PYTHON_IGNORES = ("SIGPIPE", "SIGXFSZ")

CLOSED: frozenset[int] = frozenset()  # standard descriptors the caller had closed
IGNORED: frozenset[int] | None = None  # signals the caller ignored; None: not known
LC_KNOWN = False  # whether the launcher told the caller's LC_CTYPE
LC_CTYPE: str | None = None  # the caller's LC_CTYPE; None: it was not set


def record(environ=os.environ) -> None:
    """Read (and remove) what the launcher recorded; fill closed standard streams."""
    global CLOSED, IGNORED, LC_KNOWN, LC_CTYPE
    closed = environ.pop("AGENTSH_CLOSED_FDS", None)
    ignored = environ.pop("AGENTSH_SIG_IGN", None)
    lc_ctype = environ.pop("AGENTSH_LC_CTYPE", None)
    if closed is not None:
        CLOSED = frozenset(int(fd) for fd in closed.split(",") if fd.isdigit())
    else:
        CLOSED = _fill_closed()
    if ignored is not None:
        IGNORED = frozenset(int(s) for s in ignored.split(",") if s.isdigit())
    if lc_ctype is not None:  # "=VALUE", or "-" when the caller had no LC_CTYPE
        LC_KNOWN = True
        LC_CTYPE = lc_ctype[1:] if lc_ctype.startswith("=") else None
        if LC_CTYPE is None:
            environ.pop("LC_CTYPE", None)
        else:
            environ["LC_CTYPE"] = LC_CTYPE
    _reopen_std_files()


def _fill_closed() -> frozenset[int]:
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
    for fd in sorted(closed):
        new = os.open(os.devnull, os.O_RDWR)
        if new != fd:
            os.dup2(new, fd)
            os.close(new)
    return frozenset(closed)


def _reopen_std_files() -> None:
    """Python sets sys.stdin/stdout/stderr to None for a descriptor closed at start-up."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is None:
            try:
                setattr(sys, name, open(fd, mode, closefd=False, errors="backslashreplace"))
            except OSError:
                pass


def restore_for_exec(env: dict[str, str]) -> None:
    """Just before exec: the caller's locale variable in `env`, its closed descriptors closed,
    its signal dispositions."""
    if LC_KNOWN:
        if LC_CTYPE is None:
            env.pop("LC_CTYPE", None)
        else:
            env["LC_CTYPE"] = LC_CTYPE
    import _signal  # not `signal`: it imports enum

    for name in SIGNALS:
        sig = getattr(_signal, name, None)
        if sig is None or (IGNORED is None and name not in PYTHON_IGNORES):
            continue  # not known: leave what Python left (exec resets handlers to default)
        handler = _signal.SIG_IGN if IGNORED is not None and sig in IGNORED else _signal.SIG_DFL
        try:
            _signal.signal(sig, handler)
        except (OSError, ValueError):
            pass
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    for fd in CLOSED:
        try:
            os.close(fd)
        except OSError:
            pass
