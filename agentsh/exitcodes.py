"""Exit codes, defined once. A command that runs exits with bash's own status."""

from __future__ import annotations

from agentsh.lean import NamedInt


class Exit(NamedInt):
    OK = 0  # check: allow
    CONFIRM = 1  # check: a person must confirm it
    NOT_DONE = 1  # undo: refused (changed since) or nothing to undo; nothing was changed
    DENY = 2  # check: denied; hooks: blocked (the agents' convention)
    USAGE = 64  # bad command line
    INTERNAL = 70  # agentsh itself failed (the firewall path fails closed instead)
    CONFIG = 78  # a rules file is broken (`rules check`)
    BLOCKED = 126  # the shell: the command was not run (bash's "cannot execute")
    INTERRUPTED = 130  # the shell: Ctrl-C while it waited for a person; it was not run


HELP = """Exit codes:
  0    check: allowed          (the shell: the command's own status)
  1    check: needs a person's confirmation; undo: refused, nothing was changed
  2    check: denied; hook: blocked
  64   usage error
  70   internal error outside the firewall path
  78   rules check: the rules file has problems
  126  the shell: the command was blocked and did not run
  130  the shell: interrupted while it waited for approval; it did not run"""
