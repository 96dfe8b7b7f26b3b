"""`agentsh hook AGENT`: every agent's pre-command hook, one module per agent.

Each adapter only translates the agent's JSON to the engine and back: `read(payload)` gives a
`Request` (or `None` for a tool that is not a shell, which gets no opinion) and
`answer(allowed, reason)` the agent's own JSON and exit status. Confirmation is obtained through
agentsh's own channels and answered as allow or deny: an agent's own "ask" is not relied on.
Malformed input, an unknown event or any internal error denies in the agent's blocking form,
because these agents run the command when a hook fails."""

from __future__ import annotations

import json
import os
import sys

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks.payload import Request
from agentsh.lean import CHECK_YOUNG, resume_collection

MAX_INPUT = 1 << 20


# agent name -> its adapter's module in this package (`read(payload) -> Request | None` and
# `answer(allowed, reason)`), imported by `adapter_of` when first used
ADAPTERS = {
    "claude-code": "claude_code", "cursor": "cursor", "codex": "codex", "gemini": "gemini",
    "copilot": "copilot", "vscode": "vscode", "opencode": "opencode", "amp": "amp",
    "windsurf": "windsurf", "cline": "cline", "qwen": "qwen", "droid": "droid", "kimi": "kimi",
    "pi": "pi", "hermes": "hermes", "grok": "grok", "antigravity": "antigravity",
    "openclaw": "openclaw", "kiro": "kiro",
}


def adapter_of(agent: str):
    """The adapter module of `agent` (a key of ADAPTERS). A hook runs before every agent
    command and needs its own agent's adapter only (importing all 19 cost about 2 M
    instructions)."""
    name = f"agentsh.frontends.hooks.{ADAPTERS[agent]}"
    __import__(name)
    return sys.modules[name]


# --explicit-allow: Cursor with failClosed: answer allow out loud (see cursor.py)
# --update-input: the agent applies a changed command (Claude Code's `updatedInput`): a line
# whose snapshot bash must take at the deletion is routed through `agentsh -c` (hook_route)
FLAGS = ("--explicit-allow", "--update-input")
ROUTED = ("agentsh: this line runs through agentsh -c, which checks it again and saves what "
          "it destroys before it is destroyed (see `agentsh undo`)")


def agent_reason(verdict, answer, timeout: int | None = None) -> str:
    from agentsh.gate.messages import blocked_message

    return blocked_message(verdict, answer, audience="agent", timeout=timeout).strip()


def decide(agent: str, request: Request, env: dict[str, str], can_route: bool = False
           ) -> tuple[bool, str, str, str]:
    """(allowed, reason for the agent, note, route) — the same engine and gate as the shell.
    The terminal channel is never used: a hook's terminal is the agent's own. The note names
    the undo id when a snapshot stood in for a person. `route`: with `can_route` (the agent
    applies a changed command), the command that runs the line through the wrapper when only
    the wrapper can take its snapshots (frontends/hook_route.py); "" otherwise. A routed line
    is neither snapshotted, asked about nor logged here: the wrapper does all three, once."""
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify
    from agentsh.gate import audit
    from agentsh.gate import decide as gate

    env = {**env, "AGENTSH_TERMINAL_APPROVAL": "never"}
    from agentsh import locations

    if locations.protected_root():  # protected mode: the service decides and logs
        from agentsh.gate import remote

        answer = remote.check(request.command, request.cwd, env, actor="agent",
                              route=f"hook:{agent}")
        return answer["allow"], answer["message"].strip(), "", ""  # no snapshots there yet
    policy = runtime.load_policy(request.cwd, env)
    runtime.seed_watched(policy, request.cwd, env)  # as the shell's full path does
    from agentsh.gate.moves import Session

    session = Session(env, request.session, agent)  # what its earlier commands moved
    ctx = runtime.make_context(request.cwd, env, actor="agent", session=session)
    from agentsh.gate.grants import session_identity

    agent_id = session_identity(agent, request.session) if request.session else None
    from agentsh.gate.decide import checked

    resume_collection(CHECK_YOUNG)  # start-up is over: what checking makes is collected
    verdict = gate.with_grants(checked(request.command, policy, ctx, classify), policy, ctx,
                               env, agent_id)
    if can_route:
        from agentsh.frontends import hook_route as route

        if route.routable(verdict, policy.settings):
            routed = route.command(request.command, locations.SELF, agent, request.session)
            if routed is not None:
                return True, "", "", routed
    answer = gate.answer_for(verdict, policy.settings, env, request.cwd, agent_id, ctx=ctx)
    verdict = gate.escalated(verdict, answer)  # an overwrite whose copy failed was asked about
    if answer.approved:
        session.remember(verdict, answer, request.cwd)
    extra = {"session": request.session} if request.session else {}
    audit.record(audit.log_path(policy.settings.audit_log, env), verdict, cwd=request.cwd,
                 channel=answer.channel, outcome=answer.reason, agent=agent,
                 approver_pid=answer.approver_pid, syslog=policy.settings.syslog,
                 extra={**extra, **gate.snapshot_fields(answer)} or None)
    return answer.approved, "" if answer.approved else \
        agent_reason(verdict, answer, policy.settings.approve_timeout), \
        gate.snapshot_note(answer), ""


def record_failure(agent: str, reason: str, env: dict[str, str]) -> None:
    """A hook that could not read its input still leaves a line in the audit log."""
    try:
        from agentsh.engine.model import Verdict
        from agentsh.gate import audit
        from agentsh.policy.values import Decision

        path = audit.log_path("", env)
        audit.record(path, Verdict("", Decision.DENY, (), False), cwd=os.getcwd(),
                     channel="hook", outcome=reason[:200], agent=agent)
    except Exception:
        pass


def main(args: list[str], stdin=None, stdout=None, stderr=None) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if not args or args[0] not in ADAPTERS or set(args[1:]) - set(FLAGS):
        stderr.write(f"usage: agentsh hook {'|'.join(ADAPTERS)} [--explicit-allow] "
                     "[--update-input]\n")
        return Exit.DENY
    agent = args[0]
    adapter = adapter_of(agent)
    try:
        raw = stdin.read(MAX_INPUT + 1)
        if len(raw) > MAX_INPUT:
            raise ValueError("hook input is larger than 1 MiB")
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("hook input is not a JSON object")
        request = adapter.read(data)
        note = routed = ""
        if request is None:  # not a shell command: no opinion
            allowed, reason = True, ""
        else:
            can_route = "--update-input" in args[1:] and \
                getattr(adapter, "reroutable", lambda _data: False)(data)
            allowed, reason, note, routed = decide(agent, request, dict(os.environ), can_route)
    except Exception as exc:  # fail closed: these agents run the command when a hook fails
        allowed, note, routed = False, "", ""
        reason = (f"agentsh could not check this command ({type(exc).__name__}: {exc}), so it "
                  "is blocked. If you are an AI agent: stop and ask your user.")
        record_failure(agent, reason, dict(os.environ))
    if routed:
        body, code = adapter.rerouted(data, routed, ROUTED)
        stdout.write(json.dumps(body) + "\n")
        return code
    body, code = adapter.answer(allowed, reason)
    if allowed and "--explicit-allow" in args[1:]:
        body = getattr(adapter, "EXPLICIT_ALLOW", body)
    if body is not None:
        stdout.write(json.dumps(body) + "\n")
    if not allowed:
        stderr.write(reason + "\n")
    elif note:
        stderr.write(note)
    return code
