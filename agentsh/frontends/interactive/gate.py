"""Who decides a line typed at the interactive prompt.

`LocalGate` decides in this process, exactly like `agentsh -c`: rules (with a person's earlier
approvals), a person's approval where the rules say so, the audit log. `ServiceGate` is protected
mode: every line goes to `agentsh serve` (`gate/remote.py`), which runs as another user, decides
with its root-owned policy, asks for the TOTP code and logs; this process reads no policy, grant
or log the agent's user could write, and a service it cannot reach means the line does not run.
Both keep a policy for the editor's hints (protected mode: the root-owned built-in and system
layers only), which never decides anything.

Ctrl-C while a line waits for a person cancels that line only; the shell stays."""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Verdict
    from agentsh.policy.values import Policy


def for_policy(policy: Policy | None, env: dict[str, str]) -> LocalGate | ServiceGate:
    """`policy` None is protected mode (the wrapper shell found a protected install)."""
    return ServiceGate(env) if policy is None else LocalGate(policy, env)


class LocalGate:
    protected = False

    def __init__(self, policy: Policy, env: dict[str, str]) -> None:
        from agentsh.gate import audit

        self.policy = policy  # the editor's hints, and the decision
        self.env = env
        self.log = audit.log_path(policy.settings.audit_log, env)
        self.parents: tuple[int, str] = (0, "")  # (parent pid, ancestry) for the audit log

    def ancestry(self) -> str:
        """The processes above this shell, read again only when its parent changed."""
        from agentsh import locations

        ppid = os.getppid()
        if self.parents[0] != ppid:
            self.parents = (ppid, locations.ancestry())
        return self.parents[1]

    def check(self, line: str, cwd: str, ctx,
              verdict: Verdict | None = None) -> tuple[bool, str]:
        """Whether `line` may run, and if not what to tell the person (`verdict`: the editor's
        classification of this exact text)."""
        from agentsh.engine.classify import classify
        from agentsh.gate import audit
        from agentsh.gate.answer import Answer
        from agentsh.gate.decide import (
            answer_for,
            escalated,
            snapshot_fields,
            snapshot_note,
            with_grants,
        )

        if verdict is None:
            verdict = classify(line, self.policy, ctx)
        verdict = with_grants(verdict, self.policy, ctx, self.env)
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            answer = answer_for(verdict, self.policy.settings, self.env, cwd, ctx=ctx)
        except KeyboardInterrupt:
            answer = Answer(False, "approver", "interrupted")
        finally:
            signal.signal(signal.SIGINT, previous)
        verdict = escalated(verdict, answer)  # an overwrite whose copy failed was asked about
        audit.record(self.log, verdict, cwd=cwd, channel=answer.channel, outcome=answer.reason,
                     agent="person", approver_pid=answer.approver_pid,
                     syslog=self.policy.settings.syslog, extra=snapshot_fields(answer) or None,
                     ancestry=self.ancestry())
        note = snapshot_note(answer) if answer.snapshot is not None else ""
        if answer.approved:
            if note:  # ran after a snapshot: say how to undo it
                sys.stderr.write(note)
                sys.stderr.flush()
            return True, ""
        from agentsh.gate.messages import blocked_message

        return False, note + blocked_message(verdict, answer, audience="person",
                                             timeout=self.policy.settings.approve_timeout)


class ServiceGate:
    protected = True

    def __init__(self, env: dict[str, str]) -> None:
        from pathlib import Path

        from agentsh import locations
        from agentsh.policy.build import build

        paths = locations.Protected(locations.protected_root())
        layers = [("builtin", Path(locations.builtin_rules())), ("system", Path(paths.system_rules))]
        self.policy, _ = build("/", {}, layers=[(n, p) for n, p in layers if p.exists()])
        self.env = env
        env.pop("AGENTSH_BASH", None)  # the agent's user may set it; protected mode ignores it

    def check(self, line: str, cwd: str, ctx=None,
              verdict: Verdict | None = None) -> tuple[bool, str]:
        """The service's decision (it logs); anything that goes wrong is a denial."""
        from agentsh.gate import remote

        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            answer = remote.check(line, cwd, self.env, actor="person", route="interactive")
        except KeyboardInterrupt:  # the connection closes: the service drops the request
            answer = {"allow": False, "message": "agentsh: blocked: interrupted while waiting "
                                                 "for approval; the command was not run\n"}
        finally:
            signal.signal(signal.SIGINT, previous)
        if answer["allow"] is True:
            return True, ""
        return False, answer["message"] or "agentsh: blocked by the agentsh service\n"
