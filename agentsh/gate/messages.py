"""The message a blocked command leaves on stderr (the shell) or hands to the agent (hooks)."""

from __future__ import annotations

from agentsh.engine.model import Verdict
from agentsh.policy.values import Decision


def blocked_message(verdict: Verdict, reason: str) -> str:
    lines = [f"agentsh: blocked: {verdict.text.strip()[:500]}"]
    for f in verdict.findings[:8]:
        lines.append(f"  {f.rule} ({f.severity}, {f.decision}): {f.message}")
        if f.safer:
            lines.append(f"    safer: {f.safer}")
    if verdict.decision == Decision.DENY:
        lines.append("agentsh: this command is denied by policy and was not run.")
    else:
        lines.append(f"agentsh: this command needs a person's approval and was not run ({reason}).")
    lines.append("If you are an AI agent: stop here and ask your user to review this command. "
                 "Do not try another way to do the same thing.")
    return "\n".join(lines) + "\n"
