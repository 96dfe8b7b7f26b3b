"""The verdict on a text and the answer to it: the verdict with the machine's reads where it
needs them (`checked`); the policy's own answer for allow and deny; for confirm, a person's, on
the strongest channel available (the approver console, then the terminal when no agent drives
the session), or no channel and so no approval."""

from __future__ import annotations

import os

from agentsh import locations
from agentsh.engine.model import Verdict
from agentsh.gate.answer import Answer
from agentsh.policy.values import Decision


def checked(text: str, policy, ctx, classify) -> Verdict:
    """`classify(text, policy, ctx)`, and where the verdict needs what only the machine can say
    (saved plans, what `git push` sends, what a whole-tree git move brings) the same after
    `gate.probes` has read it. A verdict that allows a line with no git in it needs none of
    that, so `probes` (its git and plan readers) is not even imported for it: this runs before
    every agent command."""
    verdict = classify(text, policy, ctx)
    if verdict.decision == Decision.ALLOW and not any(
            c.program.rsplit("/", 1)[-1] == "git" for c in verdict.commands):
        return verdict
    from agentsh.gate import probes

    return probes.after(verdict, text, policy, ctx, classify)


def answer_for(verdict: Verdict, settings, env: dict[str, str], cwd: str | None = None,
               agent_id: str | None = None, ctx=None, rewrite: bool = False,
               pid: int | None = None) -> Answer:
    """The answer to a verdict: the policy's own for allow and deny, a person's for confirm.
    `ctx`: the context it was judged in (an approval for longer is bound to what it read).
    `rewrite`: the caller can hand bash a rewritten line (engine/snapline.py), so a finding
    whose snapshot bash takes at the deletion does not ask; the answer's `late` names them.
    Without it (an agent's hook, the interactive shell) such a plan is no plan.
    `pid`: the process ID bash will have (the caller execs it), which a path with the checked
    shell's `$$` in it holds (`pid_paths`); without it such a path cannot be saved."""
    if any(f.at for f in verdict.findings):
        from agentsh.engine import recovery

        late = recovery.late(verdict) if rewrite and settings.snapshots.enabled else ()
        if not late:
            verdict = recovery.without_late(verdict)
        else:
            answer = answer_for(recovery.settle_late(verdict), settings, env, cwd, agent_id, ctx,
                                pid=pid)
            if not answer.approved:
                return answer
            if answer.channel == "policy" and answer.reason == "allowed":
                answer = answer._replace(channel="snapshot", reason="recoverable at the deletion")
            return answer._replace(late=late)
    if verdict.decision == Decision.ALLOW:
        if any(f.recovery for f in verdict.findings):  # writes over existing files (FS050)
            return _after_copies(verdict, settings, env, cwd, agent_id, ctx, pid)
        if any(f.allowed_by.startswith("grant:") for f in verdict.suppressed):
            return Answer(True, "grant", "approved earlier")
        return Answer(True, "policy", "allowed")
    if not settings.enforce:  # observe mode: decided and logged, not enforced
        # a recoverable command is saved first, as enforcement would (and the log says so)
        taken = recover(verdict, settings, env, cwd, pid)
        if taken is not None and taken.ok:
            return Answer(True, "policy", "observed (recoverable)", snapshot=taken)
        return Answer(True, "policy", f"observed ({verdict.decision})", snapshot=taken)
    if verdict.decision == Decision.DENY:
        return Answer(False, "policy", "denied")
    taken = recover(verdict, settings, env, cwd, pid)
    if taken is not None and taken.ok:
        return Answer(True, "snapshot", "recoverable", snapshot=taken)
    answer = ask(verdict, settings.timeout, env, settings.approve_timeout, cwd, agent_id, ctx)
    return answer._replace(snapshot=taken) if taken is not None else answer


def _after_copies(verdict: Verdict, settings, env: dict[str, str], cwd: str | None,
                  agent_id: str | None, ctx, pid: int | None = None) -> Answer:
    """An allowed line that writes over existing files (FS050): a copy of each goes to the
    trash first, then it runs as before. Fail closed: when the copies cannot be made (an
    unreadable file, over `max_copy_bytes`, a full trash, another user's file), a person
    decides, as on `escalated(verdict)`; with snapshots off, it runs as it always did."""
    taken = recover(verdict, settings, env, cwd, pid)
    granted = any(f.allowed_by.startswith("grant:") for f in verdict.suppressed)
    allowed = Answer(True, "grant", "approved earlier") if granted else \
        Answer(True, "policy", "allowed")
    if taken is None:
        return allowed
    if taken.ok:
        return allowed._replace(snapshot=taken) if taken.id else allowed  # "": nothing to save
    from agentsh.gate.snapshots.take import OFF

    if taken.reason == OFF:
        return allowed
    if not settings.enforce:
        return Answer(True, "policy", "observed (confirm)", snapshot=taken)
    answer = ask(escalated(verdict), settings.timeout, env, settings.approve_timeout, cwd,
                 agent_id, ctx)
    return answer._replace(snapshot=taken)


def escalated(verdict: Verdict, answer: Answer | None = None) -> Verdict:
    """The verdict a person is asked about when an allowed line's copies (FS050) could not be
    made: those findings confirm, with no plan. With `answer`: only when that is what
    happened (for the log and the blocked message), else `verdict` unchanged."""
    if verdict.decision != Decision.ALLOW or not any(f.recovery for f in verdict.findings):
        return verdict
    if answer is not None and (answer.snapshot is None or answer.snapshot.ok or
                               answer.channel in ("policy", "grant")):
        return verdict
    findings = tuple(f._replace(decision=Decision.CONFIRM, recovery=())
                     if f.recovery and f.decision == Decision.ALLOW else f
                     for f in verdict.findings)
    return verdict._replace(findings=findings, decision=Decision.CONFIRM)


def recover(verdict: Verdict, settings, env: dict[str, str], cwd: str | None = None,
            pid: int | None = None):
    """A snapshot in place of a person (docs/undo.md): when every finding that asks is
    recoverable, save what the command destroys. The snapshot's result (ok with its undo id,
    or why not), or None when there is nothing to try. Any failure is a "why not": the caller
    then asks a person, as the rules say."""
    from agentsh.engine import recovery

    plan = recovery.plan(verdict)
    plan, why_not = pid_paths(plan, pid)
    if why_not:
        from agentsh.gate.snapshots import take

        return take.Result(False, reason=why_not)
    if verdict.decision == Decision.ALLOW:
        # copies of files an allowed line writes over: only what is a regular file now (a
        # file the line makes, a fifo, a device loses nothing), and nothing at all to save
        # means no snapshot
        plan = tuple(s for s in plan if _there_now(s))
    if not plan:
        return None
    from agentsh.gate.snapshots import take

    try:
        return take.take(plan, settings.snapshots, env, command=verdict.text,
                         cwd=cwd or _cwd(), skip_empty=verdict.decision == Decision.ALLOW)
    except Exception as exc:  # a broken snapshot is no snapshot: a person decides
        return take.Result(False, reason=f"the snapshot failed ({type(exc).__name__}: {exc})")


def _a_file_now(snap) -> bool:
    """A copy item names a regular file now (for a pattern, `src/*.py`: one it matches), not a
    symlink where a link replaces it."""
    paths = [snap.path]
    if any(c in snap.path for c in "*?["):
        from agentsh.gate.snapshots.take import glob

        paths = glob(snap.path)
    return any(os.path.isfile(p) and not ("replace" in snap.args and os.path.islink(p))
               for p in paths)


def _there_now(snap) -> bool:
    """A plan item an allowed line needs now: a copy of a file there (`_a_file_now`), a file a
    single delete takes that is there (FS053, "if-there"), or anything else."""
    if snap.kind == "copy":
        return _a_file_now(snap)
    if snap.kind != "tree" or "if-there" not in snap.args:
        return True
    paths = [snap.path]
    if "glob" in snap.args:
        from agentsh.gate.snapshots.take import glob

        paths = glob(snap.path)
    return any(os.path.islink(p) or os.path.isfile(p) for p in paths)


def snapshot_note(answer: Answer) -> str:
    """The one line a command run after a snapshot prints on stderr; when the snapshot could
    not be taken, the line that says why a person is asked ("" when snapshots are off, and
    when what the command would destroy does not exist: there is nothing to undo)."""
    taken = answer.snapshot
    if taken is None:
        return ""
    if not taken.ok:
        from agentsh.gate.snapshots.take import OFF

        if taken.reason == OFF or answer.reason.startswith("observed"):
            return ""  # (observe mode asks nobody: the log has it, bash's streams stay bash's)
        from agentsh.gate.messages import visible

        return (f"agentsh: no snapshot could stand in for a person here: "
                f"{visible(taken.reason)}\n")
    from agentsh.gate.snapshots.take import NOTHING

    if taken.what == NOTHING:
        # nothing the command destroys exists: no line on bash's stderr, where a script's own
        # output is compared or parsed (the audit log keeps the snapshot's id)
        return ""
    return f"agentsh: saved {taken.what} before this command; to undo it: agentsh undo {taken.id}\n"


def snapshot_fields(answer: Answer) -> dict:
    """For the audit log: the snapshot taken (its undo id and size), or why none could be."""
    taken = answer.snapshot
    if taken is None:
        return {}
    out: dict = {"expired": list(taken.expired)} if taken.expired else {}
    if taken.ok:
        out["undo"] = taken.id
        out["saved"] = {"files": taken.files, "bytes": taken.bytes, "copied": taken.copied,
                        "seconds": round(taken.seconds, 3)}
    else:
        out["unrecoverable"] = taken.reason
    return out


def pid_paths(plan: tuple, pid: int | None) -> tuple[tuple, str]:
    """The plan with the checked shell's `$$` (`flowstate.SELF_PID`) in its paths replaced by
    `pid`, the process ID bash will have (the wrapper execs it: the same process), and why not
    ("" when every path is known). A path with a `$$` nobody knows here (a hook's command runs
    in a shell the agent starts; a child shell's) could be a link planted at that name, to any
    file (`ln -s ~/.bashrc /tmp/x-12345`, for every likely process ID): saving the stand-in's
    path saves nothing, so a person decides (fail closed)."""
    from agentsh.engine.flowstate import PID, SELF_PID

    if not any(PID in s.path for s in plan):
        return plan, ""
    out = []
    for snap in plan:
        path = snap.path.replace(SELF_PID, str(pid)) if pid else snap.path
        if PID in path:
            return plan, (f"{snap.path} holds the shell's process ID (`$$`), only known when it "
                          "runs, so what is there now cannot be saved")
        out.append(snap._replace(path=path))
    return tuple(out), ""


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return os.environ.get("PWD", "/")


def with_grants(verdict: Verdict, policy, ctx, env: dict[str, str], agent_id: str | None = None
                ) -> Verdict:
    """The verdict with a person's earlier "approve for this session / N minutes" applied (see
    `grants`); only a verdict that needs confirmation can change, and only to fewer findings.
    `agent_id`: who asks, when the caller knows better than the process tree (a hook's session)."""
    if verdict.decision != Decision.CONFIRM:
        return verdict
    from agentsh.gate import grants

    return grants.honour(verdict, policy, ctx, env, agent_id)


def ask(verdict: Verdict, timeout: int, env: dict[str, str], approve_timeout: int = 300,
        cwd: str | None = None, agent_id: str | None = None, ctx=None) -> Answer:
    """The strongest channel available, or no channel (and so no approval). `cwd`: where the
    command would run (a hook's request names it; else this process's directory). `agent_id`:
    the agent an approval for longer is scoped to (else the agent process, see `grants`)."""
    from agentsh.gate.approval import ask_approver
    from agentsh.gate.grants import fingerprint
    from agentsh.gate.terminal import ask_terminal, open_tty

    answer = ask_approver(verdict, env, approve_timeout, cwd=cwd, agent_id=agent_id,
                          fingerprint=fingerprint(verdict, ctx))
    if answer is not None:
        return answer
    if terminal_is_a_persons(env):
        fd = open_tty()
        if fd is not None:
            try:
                return ask_terminal(verdict, timeout, fd)
            except Exception as exc:  # a prompt that cannot be shown is no approval
                return Answer(False, "terminal", f"prompt failed: {type(exc).__name__}")
            finally:
                os.close(fd)
    return Answer(False, "none", "no-channel")


def terminal_is_a_persons(env: dict[str, str]) -> bool:
    """The terminal channel is used only where no agent is known to drive the session: an agent
    in an editor's terminal can type into it (and read the approve key off the screen)."""
    if env.get("AGENTSH_TERMINAL_APPROVAL") == "never":
        return False
    return locations.actor_of(env) != "agent"
