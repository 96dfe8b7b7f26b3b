"""The command an agent's hook entry runs, written so that it fails closed.

An agent that finds nothing at a hook's path sees exit 127, which most of them treat as "go
ahead". So the entry does not name agentsh directly: it runs `/bin/sh -c '...'`, which calls
agentsh by its absolute path and turns any status agentsh itself never gives (127 for a missing
binary, 126, a crash, a signal) into the agent's own blocking answer, with a message saying how to
remove the hook. `/bin/sh` and a literal path: no variable, so the line reads the same to a person,
to the agent's shell and to agentsh itself when it is that shell."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sys


def agentsh_path() -> str:
    """agentsh's absolute path: the launcher that started this process, else the one on PATH."""
    from agentsh import locations

    found = locations.SELF or shutil.which("agentsh")
    return os.path.abspath(found) if found else os.path.abspath(sys.argv[0])


def _dq(text: str) -> str:
    """`text` as one double-quoted sh word."""
    return '"' + re.sub(r'([\\"$`])', r"\\\1", text) + '"'


def failure_message(agent: str) -> str:
    return (f"agentsh could not run, so this command is blocked; to remove this hook: "
            f"agentsh setup {agent} --uninstall")


def script(agent: str, agentsh: str, extra: tuple[str, ...] = ()) -> str:
    """The sh script: agentsh's own answers pass through, anything else blocks (with the
    agent's deny JSON on stdout where only JSON blocks, i.e. where a deny exits 0)."""
    from agentsh.frontends.hooks import adapter_of

    message = failure_message(agent)
    body, code = adapter_of(agent).answer(False, message)
    passing = "0|2" if code == 2 else "0"
    words = " ".join([shlex.quote(agentsh), "hook", agent, *extra])
    out = f"echo {_dq(json.dumps(body))}; " if body is not None and code == 0 else ""
    return (f"{words}; s=$?; case $s in {passing}) exit $s;; esac; {out}"
            f"echo {_dq(message)} >&2; exit {int(code)}")


def hook_command(agent: str, agentsh: str | None = None, extra: tuple[str, ...] = ()) -> str:
    return "/bin/sh -c " + shlex.quote(script(agent, agentsh or agentsh_path(), extra))


def is_ours(command: object, agent: str | None = None) -> bool:
    """Whether a hook command is agentsh's (this one's or an older spelling, for `agent`)."""
    if not isinstance(command, str):
        return False
    name = re.escape(agent) if agent else r"[a-z-]+"
    return re.search(rf"agentsh['\"]? hook {name}(?=[\s;'\"]|$)", command) is not None


def agentsh_in(command: str) -> str | None:
    """The agentsh path a hook command calls, for doctor."""
    found = re.search(r"(?:^|[\s'\"])(/[^\s'\";]*agentsh)['\"]? hook ", command)
    return found.group(1) if found else None
