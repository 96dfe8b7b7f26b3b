"""Approvals that outlive one request: "approve this exact command for this session" and "for N
minutes", answered in `agentsh approve`.

Each is an expiring allow entry in a state file (`$XDG_STATE_HOME/agentsh/grants.json`, 0600,
owner-checked, never read through a symlink, and under the SELF rules so an agent cannot write
it through the shell). An entry is scoped to the exact command text, the working directory and
the agent (its process id and start time, so a later agent that reuses the pid does not match; or, for
a hook, the agent's own session id); "this session" lasts while that agent process lives, or
for a hook's session until it expires (at most `SESSION_HOURS`).

An entry is also bound to what the check judged (`fingerprint`): the findings' rules and
resolved targets and the sha256 of every file the check read (a script, a Makefile,
package.json...), or that it could not read one. `./clean.sh` approved for the session asks again
once clean.sh says something else; an entry without a fingerprint fits nothing.

The edge reads the entries that fit the command and hands them to the rules engine as allow
entries, which honours them like any other: they suppress only the findings they name, and never
a deny (see `engine.classify`). Only commands that need a person pay for this."""

from __future__ import annotations

import json
import os
import re
import time

from agentsh import locations
from agentsh.engine.model import Context, Verdict
from agentsh.policy.values import Allow, Decision, Policy

SESSION_HOURS = 12
MAX_MINUTES = 24 * 60
MAX_ENTRIES = 500
ANY_COMMAND = re.compile("")  # the entry's `exact` text does the matching


def fingerprint(verdict: Verdict, ctx: Context | None) -> str:
    """What an approval of `verdict` is bound to: its findings (rule, resolved target, the
    command found) and the files the check read, by content. A context that does not say what
    it read (tests, rule examples) contributes its findings only."""
    import hashlib

    findings = sorted({(f.rule, f.target, f.command) for f in verdict.findings} |
                      {(f.rule, f.target, f.command) for f in verdict.suppressed
                       if not f.allowed_by.startswith("grant:")})
    seen = {**(getattr(getattr(ctx, "read_file", None), "seen", None) or {}),
            **(getattr(getattr(ctx, "files", None), "seen", None) or {})}
    reads = sorted((k, v or "") for k, v in seen.items())
    blob = json.dumps([findings, reads], sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest()


def path(env: dict[str, str]) -> str:
    return os.path.join(locations.state_home(env), "agentsh", "grants.json")


def agent_identity(pid: int | None = None) -> str:
    """The identity of the agent behind this process (see `approval.agent_process`)."""
    from agentsh.gate.approval import agent_process

    return locations.process_identity(agent_process(os.getpid() if pid is None else pid))


def session_identity(agent: str, session: str) -> str:
    """The identity of an agent's session as its hook names it (Claude Code's `session_id`,
    Cursor's `conversation_id`, ...): steadier than the hook's process tree, which is new for
    every call."""
    return f"session:{agent}:{session}"[:300]


def read(env: dict[str, str]) -> list[dict]:
    """The entries in the state file, or [] when it is missing, unsafe or unreadable."""
    from agentsh.gate import statefile

    return statefile.read(path(env), "grants", _well_formed, max_bytes=4 << 20,
                          forbidden_mode=0o022)


def _well_formed(entry: object) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(k), str) and entry.get(k)
                                           for k in ("cmd", "cwd", "agent_id")) and \
        isinstance(entry.get("until"), (int, float)) and isinstance(entry.get("rules"), list) and \
        all(isinstance(r, str) and r for r in entry["rules"]) and bool(entry["rules"])


def add(env: dict[str, str], request: dict, minutes: int | None, approver_pid: int,
        now: float | None = None) -> dict:
    """Record an approval of `request` for the agent's session (`minutes` None) or for N
    minutes, and return the entry. Raises ValueError when the request cannot be granted."""

    now = time.time() if now is None else now
    if not request.get("agent_id"):
        raise ValueError("the request does not say which agent asked")
    rules = sorted({f["rule"] for f in request["findings"] if f.get("decision", "confirm")
                    == "confirm"})
    if not rules or any(f.get("decision") == "deny" for f in request["findings"]):
        raise ValueError("only a command that needs confirmation can be approved for longer")
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes: expected 1 to {MAX_MINUTES}")
    until = now + (minutes * 60 if minutes is not None else SESSION_HOURS * 3600)
    entry = {"cmd": request["cmd"], "cwd": request["cwd"], "agent_id": request["agent_id"],
             "agent": request.get("agent", ""), "rules": rules, "until": until,
             "session": minutes is None, "created": now, "approver_pid": approver_pid,
             "fingerprint": request.get("fingerprint", "")}
    target = path(env)
    os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)

    def change(entries: list[dict]) -> list[dict]:
        kept = [e for e in entries if e["until"] > now and _agent_alive(e)]
        return [e for e in kept if not _same_scope(e, entry)][-(MAX_ENTRIES - 1):] + [entry]

    from agentsh.gate import statefile

    statefile.rewrite(target, "grants", change, lambda: read(env), indent=1)
    return entry


def _same_scope(a: dict, b: dict) -> bool:
    return (a["cmd"], a["cwd"], a["agent_id"]) == (b["cmd"], b["cwd"], b["agent_id"])


def _agent_alive(entry: dict) -> bool:
    if entry["agent_id"].startswith("session:"):
        return True  # an agent's own session id: it lasts until the entry expires
    pid = entry["agent_id"].split(":", 1)[0]
    return pid.isdigit() and locations.process_identity(int(pid)) == entry["agent_id"]


def describe(entry: dict) -> str:
    """How `explain`, the log and the console name an entry."""
    if entry.get("session"):
        scope = "for this agent's session"
    else:
        scope = f"until {time.strftime('%H:%M', time.localtime(entry['until']))}"
    made = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.get("created", 0)))
    return f"grant: approved in `agentsh approve` at {made} {scope}"


def allows_for(text: str, cwd: str, env: dict[str, str], now: float | None = None,
               agent_id: str | None = None, judged: str | None = None) -> tuple[Allow, ...]:
    """The allow entries that approvals give this exact command, here, for this agent, when
    the check judged the same thing (`judged`: its `fingerprint`; None: not compared)."""
    now = time.time() if now is None else now
    candidates = [e for e in read(env) if e["cmd"] == text and e["cwd"] == cwd and
                  e["until"] > now and (judged is None or e.get("fingerprint") == judged)]
    if not candidates:
        return ()
    mine = agent_identity() if agent_id is None else agent_id
    if not mine:
        return ()
    return tuple(Allow(rule, ANY_COMMAND, source=describe(e), exact=text)
                 for e in candidates if e["agent_id"] == mine for rule in e["rules"])


def honour(verdict: Verdict, policy: Policy, ctx: Context, env: dict[str, str],
           agent_id: str | None = None) -> Verdict:
    """The verdict with earlier approvals applied: a command that needs confirmation is checked
    again with the approvals that fit it as allow entries. Anything else is returned as is."""
    if verdict.decision != Decision.CONFIRM:
        return verdict
    try:
        allows = allows_for(verdict.text, ctx.cwd, env, agent_id=agent_id,
                            judged=fingerprint(verdict, ctx))
    except Exception:  # an unreadable approval is no approval
        return verdict
    if not allows:
        return verdict
    from agentsh.engine.classify import classify

    return classify(verdict.text, policy._replace(allows=policy.allows + allows), ctx)
