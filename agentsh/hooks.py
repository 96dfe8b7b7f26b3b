"""`agentsh hook AGENT`: the pre-command hooks of Claude Code, Cursor, Codex and Gemini CLI.

Each adapter only translates the agent's JSON to the engine and back. Confirmation is obtained
through agentsh's own channels and answered as allow or deny: an agent's own "ask" is not relied
on. Malformed input, an unknown event or any internal error denies with exit status 2, because
these agents run the command when a hook exits 1 or times out."""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from typing import Any, Callable

from agentsh.exitcodes import Exit

MAX_INPUT = 1 << 20


@dataclass(frozen=True)
class Request:
    """What an agent's hook payload asks: a command, and where it would run."""

    command: str
    cwd: str


def _command_text(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if len(value) >= 3 and os.path.basename(value[0]) in ("bash", "sh", "zsh") and \
                value[1] in ("-c", "-lc", "-ilc"):
            return value[2]
        return shlex.join(value)
    if isinstance(value, str):
        return value
    raise ValueError("the command is neither a string nor a list of strings")


def _tool_input(data: dict, events: tuple[str, ...], tools: tuple[str, ...]) -> Request:
    event = data.get("hook_event_name")
    if event not in events:
        raise ValueError(f"unexpected event {event!r}")
    tool = data.get("tool_name")
    if tool not in tools:
        raise ValueError(f"unexpected tool {tool!r}")
    tool_input = data.get("tool_input") or {}
    command = _command_text(tool_input.get("command"))
    cwd = tool_input.get("directory") or tool_input.get("workdir") or data.get("cwd") or os.getcwd()
    return Request(command, str(cwd))


def read_claude(data: dict) -> Request:
    return _tool_input(data, ("PreToolUse",), ("Bash",))


def read_codex(data: dict) -> Request:
    return _tool_input(data, ("PreToolUse",), ("Bash", "shell", "exec_command", "local_shell"))


def read_gemini(data: dict) -> Request:
    return _tool_input(data, ("BeforeTool",), ("run_shell_command",))


def read_cursor(data: dict) -> Request:
    if data.get("hook_event_name", "beforeShellExecution") != "beforeShellExecution":
        raise ValueError(f"unexpected event {data.get('hook_event_name')!r}")
    cwd = data.get("cwd") or (data.get("workspace_roots") or [os.getcwd()])[0]
    return Request(_command_text(data.get("command")), str(cwd))


def answer_claude(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return None, Exit.OK
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": reason}}, Exit.DENY


def answer_cursor(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return {"permission": "allow"}, Exit.OK
    return {"permission": "deny", "user_message": reason.splitlines()[0],
            "agent_message": reason}, Exit.DENY


def answer_gemini(allowed: bool, reason: str) -> tuple[dict | None, int]:
    if allowed:
        return {}, Exit.OK
    return {"decision": "deny", "reason": reason}, Exit.DENY


ADAPTERS: dict[str, tuple[Callable[[dict], Request], Callable[[bool, str], tuple]]] = {
    "claude-code": (read_claude, answer_claude),
    "codex": (read_codex, answer_claude),
    "cursor": (read_cursor, answer_cursor),
    "gemini": (read_gemini, answer_gemini),
}


def agent_reason(verdict, why: str) -> str:
    from agentsh.shell import blocked_message

    return blocked_message(verdict, why).strip()


def decide(request: Request, env: dict[str, str]) -> tuple[bool, str]:
    """(allowed, reason for the agent) — the same engine and gate as the shell."""
    from agentsh import audit, gate, runtime
    from agentsh.classify import classify

    policy = runtime.load_policy(request.cwd, env)
    ctx = runtime.make_context(request.cwd, env, actor="agent")
    verdict = classify(request.command, policy, ctx)
    answer = gate.answer_for(verdict, policy.settings, env)
    audit.record(audit.log_path(policy.settings.audit_log, env), verdict, cwd=request.cwd,
                 channel=answer.channel, outcome=answer.reason, agent="hook",
                 approver_pid=answer.approver_pid, syslog=policy.settings.syslog)
    return answer.approved, "" if answer.approved else agent_reason(verdict, answer.reason)


def main(args: list[str], stdin=None, stdout=None, stderr=None) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if len(args) != 1 or args[0] not in ADAPTERS:
        stderr.write(f"usage: agentsh hook {'|'.join(ADAPTERS)}\n")
        return Exit.DENY
    read, answer = ADAPTERS[args[0]]
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
