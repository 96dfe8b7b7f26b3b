"""A hook's command routed through the wrapper (docs/undo.md, "Hooks: the route through the
wrapper"): where a line's snapshot must be taken right before its deletion (a late plan, `at =
"deletion"`), only `agentsh -c` can take it, by handing bash a rewritten line; where a path
is named by the shell's `$$`, only `agentsh -c` knows the process bash runs in. An agent whose
hook may change the command (Claude Code's and Codex's `updatedInput`, Gemini CLI's
`hookSpecificOutput.tool_input`) gets the line back as

    AGENTSH_HOOK_ROUTE='claude-code:SESSION' command '/ABS/agentsh' -c 'TEXT'

The wrapper checks TEXT again from scratch, with its own policy, and takes every snapshot
itself (before the line, and at the deletion, bound to its own process). The mark only labels
the audit record and makes the wrapper judge as an agent: it can make nothing less strict.
Anything unexpected (no launcher, a text too long or holding NUL, a line that would still ask
or be denied) is no route: the hook answers as before."""

from __future__ import annotations

import os
import re

MARK = "AGENTSH_HOOK_ROUTE"
MAX_TEXT = 64 * 1024  # bytes of the command; one argument may hold 128 KiB on Linux
_LABEL = re.compile(r"[a-z][a-z-]{0,30}:[A-Za-z0-9._-]{0,200}")


def quote(text: str) -> str:
    """`text` as one word that bash and zsh (also with RC_QUOTES) read back byte for byte:
    single quotes, each `'` written as `'\\''` (never `''` inside a quoted part)."""
    return "'" + text.replace("'", "'\\''") + "'"


def routable(verdict, settings) -> bool:
    """Whether only the wrapper can save what this line destroys, and would then run it
    without a person: it has findings whose snapshot bash takes at the deletion, or a plan
    naming a path by the shell's `$$` (known only to the process bash runs in: the wrapper
    execs it), and every other finding that asks has a plan; none denies. Otherwise the hook
    answers as before."""
    from agentsh.engine import recovery
    from agentsh.engine.flowstate import PID
    from agentsh.policy.values import Decision

    if not settings.enforce or not settings.snapshots.enabled:
        return False
    if not recovery.late(verdict) and not any(PID in s.path for s in recovery.plan(verdict)):
        return False
    settled = recovery.settle_late(verdict)
    if settled.decision == Decision.DENY:
        return False
    return all(f.recovery for f in settled.findings if f.decision == Decision.CONFIRM)


def label(agent: str, session: str) -> str:
    """The route's mark: the agent and its session id ("" when the id is not a plain token)."""
    value = f"{agent}:{session}"
    return value if _LABEL.fullmatch(value) else f"{agent}:"


def plain_session(agent: str, value) -> bool:
    """A session id the route's mark carries whole: otherwise the wrapper would judge the line
    without what the session moved earlier (gate/moves.py), so such a line is not routed."""
    return value is None or value == "" or (
        isinstance(value, str) and read_label(f"{agent}:{value}") is not None)


def read_label(value: str) -> tuple[str, str] | None:
    """(agent, session) from the mark the wrapper finds in its environment, None when it is not
    one agentsh writes."""
    if not value or not _LABEL.fullmatch(value):
        return None
    agent, _, session = value.partition(":")
    return agent, session


def command(text: str, launcher: str, agent: str, session: str = "") -> str | None:
    """The command that runs `text` through this agentsh's wrapper, or None when it cannot be
    made soundly. `launcher`: the absolute path of the launcher that runs this hook."""
    if not text or "\0" in text or len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT:
        return None
    if text[0] in "-+":  # bash would read it as an option, not as the command
        return None
    if not launcher or not os.path.isabs(launcher) or "\0" in launcher:
        return None
    if not os.path.isfile(launcher) or not os.access(launcher, os.X_OK):
        return None
    mark = label(agent, session)
    if not _LABEL.fullmatch(mark):
        return None
    return f"{MARK}={quote(mark)} command {quote(launcher)} -c {quote(text)}"
