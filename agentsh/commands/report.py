"""Verdicts for machines (`check --json`) and for people (`explain`)."""

from __future__ import annotations

import json
import shlex
from typing import Any, TextIO

from agentsh.engine.model import Verdict
from agentsh.policy.values import Decision


def as_json(verdict: Verdict) -> dict[str, Any]:
    """The verdict as the agent would meet it. A command whose every asking finding is
    recoverable is reported as the gate decides once its snapshot is taken: `decision` allow,
    those findings marked `"recoverable": "snapshot"`, `snapshot` the plan, and
    `decision_without_snapshot` what happens when the snapshot fails (docs/undo.md)."""
    from agentsh.engine import recovery

    plan = recovery.plan(verdict)
    shown = recovery.after_snapshot(verdict) if plan else verdict
    out = {
        "cmd": verdict.text,
        "decision": str(shown.decision),
        "findings": [_finding(f) for f in shown.findings],
        "parse_ok": verdict.parse_ok,
        "allowed": [{"rule": f.rule, "severity": str(f.severity), "decision": str(f.decision),
                     "message": f.message, "by": f.allowed_by} for f in verdict.suppressed],
    }
    if plan:
        # an allowed line's overwrite copies (FS050): when they cannot be made, a person decides
        out["decision_without_snapshot"] = str(verdict.decision) \
            if verdict.decision != Decision.ALLOW else str(Decision.CONFIRM)
        out["snapshot"] = [snap_json(s) for s in plan]
    return out


def _finding(f) -> dict[str, Any]:
    out = {"rule": f.rule, "severity": str(f.severity), "decision": str(f.decision),
           "message": f.message, "span": list(f.span), "command": f.command, "safer": f.safer,
           "target": f.target}
    if f.recovery:
        out["recoverable"] = "snapshot"
        if f.at:  # bash takes it when it reaches the command (the line rewrite)
            out["snapshot_at"] = f.at
    return out


def snap_json(snap) -> dict[str, Any]:
    return {"kind": snap.kind, "path": snap.path,
            "args": [list(a) if isinstance(a, tuple) else a for a in snap.args]}


def dumps(verdict: Verdict) -> str:
    return json.dumps(as_json(verdict), ensure_ascii=False)


COLOURS = {"allow": "32", "confirm": "33", "deny": "31", "rule": "36", "mark": "1;41"}


def _paint(text: str, what: str, colour: bool) -> str:
    return f"\x1b[{COLOURS[what]}m{text}\x1b[0m" if colour else text


def wants_colour(stream: TextIO, env: dict[str, str]) -> bool:
    if env.get("NO_COLOR"):
        return False
    try:
        return stream.isatty() and env.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):
        return False


def explain(verdict: Verdict, out: TextIO, colour: bool) -> None:
    """What agentsh makes of a command, for a person. Everything from the command is shown
    redacted and with its control characters spelled out (`gate.messages.visible`)."""
    from agentsh.gate.messages import shown as safe

    decision = str(verdict.decision)
    out.write(f"command: {safe(verdict.text, 1 << 20, strip=False)}\n")
    if not verdict.parse_ok:
        out.write("parsed: no (agentsh could not parse it, so it asks)\n")
    out.write("commands it would run:\n")
    if not verdict.commands:
        out.write("  (none)\n")
    for cmd in verdict.commands:
        via = f"   via {' > '.join(cmd.via)}" if cmd.via else ""
        out.write(f"  - {safe(shlex.join(cmd.argv), 1 << 20)}{safe(via, 1 << 20, strip=False)}\n")
    if verdict.findings:
        out.write("findings:\n")
    for f in verdict.findings:
        start, end = f.span
        text = verdict.text
        shown = safe(text[:start], 1 << 20, strip=False) + \
            _paint(safe(text[start:end], 1 << 20, strip=False), "mark", colour) + \
            safe(text[end:], 1 << 20, strip=False) \
            if colour and 0 <= start < end <= len(text) else safe(f.command, 1 << 20)
        out.write(f"  {_paint(f.rule, 'rule', colour)} {f.severity} -> "
                  f"{_paint(str(f.decision), str(f.decision), colour)}: "
                  f"{safe(f.message, 1 << 20)}\n")
        out.write(f"      at: {shown}\n")
        if f.target:
            out.write(f"      target: {safe(f.target, 1 << 20)}\n")
        if f.safer:
            out.write(f"      safer: {f.safer}\n")
    from agentsh.engine import recovery

    plan = recovery.plan(verdict)
    if plan:
        out.write("recoverable: the gate first saves\n")
        late = {s for f in verdict.findings if f.at for s in f.recovery}
        for snap in plan:
            when = " (right before its command runs: the line rewrite)" if snap in late else ""
            out.write(f"  - {safe(recovery.describe(snap), 1 << 20)}{when}\n")
        out.write("  then it runs without a person, and `agentsh undo ID` brings it back; if the "
                  "snapshot fails (too big, trash full), a person decides\n")
    if verdict.suppressed:
        out.write("allowed by an allow entry:\n")
    for f in verdict.suppressed:
        out.write(f"  {_paint(f.rule, 'rule', colour)} {f.severity} -> {f.decision}, allowed by "
                  f"{safe(f.allowed_by, 1 << 20)}: {safe(f.message, 1 << 20)}\n")
    why = {Decision.ALLOW: "an allow entry covers every finding" if verdict.suppressed
           else "no rule asks for a person", Decision.CONFIRM:
           "a person must approve it before it runs", Decision.DENY: "the policy forbids it"}
    if plan:
        failed = decision if verdict.decision != Decision.ALLOW else str(Decision.CONFIRM)
        out.write(f"decision: {_paint('allow', 'allow', colour)} after a snapshot "
                  f"({failed} if the snapshot cannot be taken)\n")
        return
    out.write(f"decision: {_paint(decision, decision, colour)} ({why[verdict.decision]})\n")
