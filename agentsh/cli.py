"""`agentsh`: a bash-compatible shell when called as a shell, and a few subcommands for people.

As `bash`/`sh` (a shim), with a `-` argv[0], or with any first argument that is not a subcommand
below, it is the shell. To run a script named like a subcommand, call it as `./check`."""

from __future__ import annotations

import os
import sys

SUBCOMMANDS = ("check", "explain", "rules", "trust", "log", "approve", "hook", "setup", "doctor",
               "serve", "enroll", "undo", "trash")


def main(argv: list[str]) -> int:
    name = os.path.basename(argv[0])
    as_shell = name in ("bash", "sh") or argv[0].startswith("-")
    if not as_shell and len(argv) > 1 and argv[1] in SUBCOMMANDS:
        return subcommand(argv[1], argv[2:])
    from agentsh.frontends import shell

    return shell.run(argv)


def subcommand(name: str, args: list[str]) -> int:
    if name in ("check", "explain"):
        from agentsh.commands import check

        return check.main(name, args)
    if name in ("rules", "trust"):
        from agentsh.commands import rules

        return rules.main(name, args)
    if name == "log":
        from agentsh.commands import log

        return log.main(args)
    if name == "approve":
        from agentsh import locations

        if locations.protected_root():  # approvals go through the service, with a TOTP code
            from agentsh.gate import protected_console

            return protected_console.console(args)
        from agentsh.gate import console

        return console.console(args)
    if name == "hook":
        from agentsh.frontends import hooks

        return hooks.main(args)
    if name in ("serve", "enroll"):
        from agentsh.commands import protected

        return protected.serve(args) if name == "serve" else protected.enroll(args)
    if name in ("undo", "trash"):
        from agentsh.commands import undo

        return undo.main(name, args)
    if name in ("setup", "doctor"):
        from agentsh.commands import setup

        return setup.main(name, args)
    return 64


def entry() -> None:
    argv = list(sys.argv)
    role = "shell"
    try:
        from agentsh.frontends import caller

        caller.record()  # closed streams, locale, ignored signals: bash gets the caller's back
        # the compiled launcher passes the caller's argv[0] and its own path; bash must not
        # see them
        argv0 = os.environ.pop("AGENTSH_ARGV0", None)
        self_path = os.environ.pop("AGENTSH_SELF", None)
        if self_path:
            from agentsh import locations

            locations.SELF = self_path
        argv = [argv0 or sys.argv[0], *sys.argv[1:]]
        name = os.path.basename(argv[0])
        if not (name in ("bash", "sh") or argv[0].startswith("-")) and len(argv) > 1 and \
                argv[1] in SUBCOMMANDS:
            role = argv[1]
        if role == "shell":
            from agentsh.frontends import fastpath

            fastpath.run(argv, self_path or "")  # execs bash, or returns for the full path
        if role in ("shell", "hook"):
            from agentsh.lean import pause_collection

            pause_collection()  # until the policy is loaded (see `lean.resume_collection`)
        from agentsh import bundle, fastre

        bundle.install()  # agentsh's modules precompiled in one file: no search per import
        fastre.install()  # compiled regexes from the installed table: `re` only on a miss
        code = main(argv)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 141
    except Exception as exc:  # fail closed: nothing unexpected ever lets a command run
        code = internal_error(exc, role)
    sys.exit(code)


def internal_error(exc: BaseException, role: str) -> int:
    """One line for a person, and an exit code that never means "it ran": the shell did not run
    the command (126), a hook blocks it (2), any other subcommand failed (70)."""
    what, code = {"shell": ("the command was not run", 126),
                  "hook": ("the command is blocked", 2)}.get(role, ("nothing was changed", 70))
    line = f"agentsh: internal error ({type(exc).__name__}: {exc}); {what}\n"
    try:
        os.write(2, line.encode("utf-8", "backslashreplace"))
    except OSError:
        pass
    return code
