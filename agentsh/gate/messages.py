"""What agentsh says about a command it did not run, and how it shows a command to a person.

One template serves every audience: what was blocked, why (each finding), what to do instead
(the rule's `safer`), and, when a person could still approve it, how (the exact command) and how
long a request waits. The person-facing variant (a person said no on their own terminal) drops
the instructions meant for an agent; the agent-facing one ends with them; when the audience is
not known, the text addresses both.

Everything shown is made safe to show: secrets are redacted (the audit log's patterns) and every
control character is escaped visibly (`\\r`, `\\e[2K`), so a command cannot hide part of itself
from the person reading it. Off the allow path: imported only when something is shown."""

from __future__ import annotations

from agentsh.gate.answer import Answer
from agentsh.gate.audit import redact
from agentsh.policy.values import Decision

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Verdict

APPROVE_HOW = "open `agentsh approve` in a terminal of your own, then rerun this command"
AGENT_LINE = ("If you are an AI agent: stop here and ask your user to review this command. "
              "Do not try another way to do the same thing.")
SHOWN_CHARS = 2000  # of a command, in messages
MAX_FINDINGS = 8

# ------------------------------------------------------------------ showing text safely

_NAMED = {0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f",
          0x0D: "\\r", 0x1B: "\\e"}
# invisible or reordering characters that change what a person sees: bidi controls, zero-width
# characters, separators and the byte-order mark
_INVISIBLE = frozenset([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070),
                        0x2028, 0x2029, 0x061C, 0x00AD, 0x180E, 0xFEFF, *range(0xFFF9, 0xFFFC)])


def visible(text: str, newlines: bool = False) -> str:
    """`text` with every control character (C0, DEL, C1) and every invisible or reordering
    character spelled out, so what a terminal shows is exactly what the text holds. With
    `newlines`, a newline stays a line break (it cannot hide anything) and is not escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x0A and newlines:
            out.append("\n")
        elif code in _NAMED:
            out.append(_NAMED[code])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0x80 <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif 0xDC80 <= code <= 0xDCFF:  # a raw byte kept by surrogateescape
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or code in _INVISIBLE:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def shown(text: str, limit: int = SHOWN_CHARS, strip: bool = True) -> str:
    """A command as messages show it: redacted, escaped, and cut at `limit` characters."""
    text = redact(text.strip() if strip else text)
    more = len(text) - limit
    body = visible(text[:limit] if more > 0 else text)
    return body + (f" ... ({more} more characters)" if more > 0 else "")


def redacted_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """`text` cut at the flagged spans (which point into it as sent), each part redacted: a list
    of (part, flagged). One unflagged part, the whole text redacted, when no span marks a part of
    it or when a secret crosses a part's edge (redacting the parts alone would show it)."""
    spans = sorted({(s, e) for s, e in spans
                    if 0 <= s < e <= len(text) and (s, e) != (0, len(text))})
    parts: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)
        if start >= end:
            continue
        parts += [(redact(text[pos:start]), False), (redact(text[start:end]), True)]
        pos = end
    parts.append((redact(text[pos:]), False))
    joined = "".join(part for part, _ in parts)
    whole = redact(text)
    if len(parts) == 1 or redact(joined) != joined or len(joined) > len(whole):
        return [(whole, False)]
    return [(part, flagged) for part, flagged in parts if part]


# ------------------------------------------------------------------ the blocked message


def _outcome(answer: Answer, decision: Decision, timeout: int | None) -> tuple[str, bool]:
    """(what happened, in one sentence; whether a person could still approve it)."""
    reason, channel = answer.reason, answer.channel
    if decision == Decision.DENY or channel == "policy":
        return "it is denied by policy and was not run; no approval can run it", False
    if channel == "none":
        return "it needs a person's approval and was not run: no approver is open", True
    if channel == "terminal":
        if reason == "wrong-name":
            return "it was not run: the name typed did not match", True
        if reason == "timeout":
            return "it was not run: nobody answered the prompt in time", True
        if reason.startswith("prompt failed"):
            return f"it was not run: the prompt could not be shown ({reason})", True
        return "it was not run: the prompt was cancelled", True
    # the approver console
    if reason == "timeout":
        waited = f" within {timeout} s" if timeout else ""
        return f"it was not run: nobody answered in `agentsh approve`{waited}", True
    if reason == "wrong-name":
        return "it was not run: the name typed in `agentsh approve` did not match", True
    if reason in ("interrupted", "cancelled"):
        return "it was not run: the request was cancelled while it waited", True
    if reason == "approver closed":
        return "it was not run: `agentsh approve` was closed before anyone answered", True
    if reason in ("denied", "denied with a reason"):
        return "a person denied it in `agentsh approve`; it was not run", False
    return f"it was not run: the approver did not approve it ({visible(reason)})", True


def blocked_message(verdict: Verdict, answer: Answer | str, *, audience: str = "",
                    timeout: int | None = None) -> str:
    """The text for a command that did not run. `audience`: 'agent', 'person' or '' (unknown:
    the text addresses both). `timeout`: how long a request waits in `agentsh approve`."""
    if isinstance(answer, str):  # a bare reason, as older callers pass it
        answer = Answer(False, "none" if answer == "no-channel" else
                        "policy" if answer == "denied" else "approver", answer)
    lines = [f"agentsh: blocked: {shown(verdict.text)}"]
    for f in verdict.findings[:MAX_FINDINGS]:
        lines.append(f"  {f.rule} ({f.severity}, {f.decision}): {visible(redact(f.message))}")
        if f.safer:
            lines.append(f"    safer: {visible(f.safer)}")
    if len(verdict.findings) > MAX_FINDINGS:
        lines.append(f"  ... and {len(verdict.findings) - MAX_FINDINGS} more findings")
    outcome, approvable = _outcome(answer, verdict.decision, timeout)
    lines.append(f"agentsh: {outcome}.")
    note = getattr(answer, "note", "")
    if note:
        lines.append(f"  The person who reviewed it said: {visible(note)}")
    wait = f" (a request waits there up to {timeout} s for an answer)" if timeout else ""
    if approvable and audience == "person":
        lines.append(f"  To approve it: {APPROVE_HOW}{wait}.")
    elif approvable:
        lines.append(f"  To approve it, a person opens `agentsh approve` in a terminal of their "
                     f"own, then the command is run again{wait}.")
    if audience != "person":
        lines.append(AGENT_LINE)
    return "\n".join(lines) + "\n"


def waiting_message(approver_pid: int, timeout: int) -> str:
    """What a waiting command tells its caller (an agent reads this while it waits)."""
    minutes = f" ({timeout // 60} min)" if timeout >= 120 else ""
    return (f"agentsh: waiting for a person to answer in `agentsh approve` (pid {approver_pid}); "
            f"the request waits up to {timeout} s{minutes}, then it is denied.\n")


def audience_of(answer: Answer, actor: str) -> str:
    """Who reads the message: 'person' when a person answered on their own terminal (or the
    caller knows a person typed the command), 'agent' when an agent is known to drive the
    session, '' when nobody knows."""
    if actor == "agent":
        return "agent"
    if answer.channel == "terminal" or actor == "person":
        return "person"
    return ""
