"""`agentsh hook AGENT`: the pre-command hooks of Claude Code, Cursor, Codex and Gemini CLI.

Each adapter only translates the agent's JSON to the engine and back. Confirmation is obtained
through agentsh's own channels and answered as allow or deny: an agent's own "ask" is not relied
on. Malformed input, an unknown event or any internal error denies with exit status 2, because
these agents run the command when a hook exits 1 or times out."""

from __future__ import annotations

import json
import os
import sys

from agentsh.exitcodes import Exit
from agentsh.frontends.hooks import claude_code, codex, cursor, gemini
from agentsh.frontends.hooks.payload import Request

MAX_INPUT = 1 << 20
# agent name -> its adapter: `read(payload) -> Request` and `answer(allowed, reason)`
ADAPTERS = {"claude-code": claude_code, "codex": codex, "cursor": cursor, "gemini": gemini}


def agent_reason(verdict, answer, timeout: int | None = None) -> str:
    from agentsh.gate.messages import blocked_message

    return blocked_message(verdict, answer, audience="agent", timeout=timeout).strip()


def decide(request: Request, env: dict[str, str]) -> tuple[bool, str]:
    """(allowed, reason for the agent) — the same engine and gate as the shell."""
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify
    from agentsh.gate import audit
    from agentsh.gate import decide as gate

    policy = runtime.load_policy(request.cwd, env)
    ctx = runtime.make_context(request.cwd, env, actor="agent")
    verdict = gate.with_grants(classify(request.command, policy, ctx), policy, ctx, env)
    answer = gate.answer_for(verdict, policy.settings, env, request.cwd)
    audit.record(audit.log_path(policy.settings.audit_log, env), verdict, cwd=request.cwd,
                 channel=answer.channel, outcome=answer.reason, agent="hook",
                 approver_pid=answer.approver_pid, syslog=policy.settings.syslog)
    return answer.approved, "" if answer.approved else \
        agent_reason(verdict, answer, policy.settings.approve_timeout)


def main(args: list[str], stdin=None, stdout=None, stderr=None) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if len(args) != 1 or args[0] not in ADAPTERS:
        stderr.write(f"usage: agentsh hook {'|'.join(ADAPTERS)}\n")
        return Exit.DENY
    read, answer = ADAPTERS[args[0]].read, ADAPTERS[args[0]].answer
    try:
        raw = stdin.read(MAX_INPUT + 1)
        if len(raw) > MAX_INPUT:
            raise ValueError("hook input is larger than 1 MiB")
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("hook input is not a JSON object")
        request = read(data)
        allowed, reason = decide(request, dict(os.environ))
    except Exception as exc:  # fail closed: these agents run the command on exit 1
        allowed = False
        reason = (f"agentsh could not check this command ({type(exc).__name__}: {exc}), so it "
                  "is blocked. If you are an AI agent: stop and ask your user.")
    body, code = answer(allowed, reason)
    if body is not None:
        stdout.write(json.dumps(body) + "\n")
    if not allowed:
        stderr.write(reason + "\n")
    return code
