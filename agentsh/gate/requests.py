"""An approval request: what a waiting command sends to `agentsh approve`, checked field by field,
and the queue of requests waiting for a person's answer.

The queue knows nothing about sockets or screens: a transport (the Unix socket in
`approver_server`, or another) puts requests in with `add` and waits on them; a front end (the
console) lists them and answers with `decide`. Every request ends in exactly one state:
approved, denied, expired (its time ran out) or cancelled (the waiting command went away)."""

from __future__ import annotations

import re
import threading
import time
from collections import deque

from agentsh.policy.values import Severity
from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Verdict

RULE_ID = re.compile(r"^[A-Z]{2,6}[0-9]{3}$|^[A-Z]{2,8}$")
SEVERITIES = tuple(str(s) for s in Severity)
DECISIONS = ("allow", "confirm", "deny")
MAX_TEXT = 1 << 20
MAX_FINDINGS = 64
DEFAULT_TIMEOUT = 300
MAX_TIMEOUT = 86400

_STR, _INT, _SPAN, _FINDINGS = "a string", "an integer", "a [start, end] pair", "findings"
FIELDS = {  # name: (kind, required)
    "cmd": (_STR, True), "cwd": (_STR, True), "pid": (_INT, True), "findings": (_FINDINGS, True),
    "critical_target": (_STR, False), "repo": (_STR, False), "agent": (_STR, False),
    "agent_id": (_STR, False), "timeout": (_INT, False), "fingerprint": (_STR, False),
}
FINDING_FIELDS = {"rule": (_STR, True), "severity": (_STR, True), "message": (_STR, True),
                  "span": (_SPAN, True), "target": (_STR, False), "decision": (_STR, False),
                  "safer": (_STR, False)}


class RequestError(ValueError):
    """A request that does not fit the schema; str() names the field."""


def _kind_ok(value: object, kind: str) -> bool:
    if kind == _STR:
        return isinstance(value, str) and len(value) <= MAX_TEXT
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _SPAN:
        return isinstance(value, list) and len(value) == 2 and \
            all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    return True


def _fields(obj: object, schema: dict, where: str) -> dict:
    if not isinstance(obj, dict):
        raise RequestError(f"{where}: expected an object, got {type(obj).__name__}")
    unknown = sorted(set(obj) - set(schema))
    if unknown:
        raise RequestError(f"{where}: unknown field {unknown[0]!r}")
    for name, (kind, required) in schema.items():
        if name not in obj:
            if required:
                raise RequestError(f"{where}: {name}: required")
            continue
        if kind != _FINDINGS and not _kind_ok(obj[name], kind):
            raise RequestError(f"{where}: {name}: expected {kind}, got {obj[name]!r:.60}")
    return obj


def validate(obj: object) -> dict:
    """The request, checked against the schema; RequestError names what is wrong."""
    req = _fields(obj, FIELDS, "request")
    findings = req["findings"]
    if not isinstance(findings, list) or len(findings) > MAX_FINDINGS:
        raise RequestError(f"request: findings: expected a list of at most {MAX_FINDINGS}")
    for number, finding in enumerate(findings, start=1):
        where = f"request: findings #{number}"
        _fields(finding, FINDING_FIELDS, where)
        if not RULE_ID.match(finding["rule"]):
            raise RequestError(f"{where}: rule: not a rule ID: {finding['rule']!r:.40}")
        if finding["severity"] not in SEVERITIES:
            raise RequestError(f"{where}: severity: expected one of {', '.join(SEVERITIES)}")
        if finding.get("decision", "confirm") not in DECISIONS:
            raise RequestError(f"{where}: decision: expected one of {', '.join(DECISIONS)}")
    timeout = req.get("timeout", DEFAULT_TIMEOUT)
    if not 1 <= timeout <= MAX_TIMEOUT:
        raise RequestError(f"request: timeout: expected 1 to {MAX_TIMEOUT} seconds")
    return req


def build(verdict: Verdict, *, cwd: str, pid: int, agent: str, agent_id: str, repo: str,
          timeout: int, fingerprint: str = "") -> dict:
    """The request a waiting command sends (the requesting side of `validate`)."""
    top = verdict.top
    return {
        "cmd": verdict.text, "cwd": cwd, "pid": pid, "agent": agent, "agent_id": agent_id,
        "findings": [{"rule": f.rule, "severity": str(f.severity), "decision": str(f.decision),
                      "message": f.message, "span": list(f.span), "target": f.target,
                      "safer": f.safer} for f in verdict.findings[:MAX_FINDINGS]],
        "critical_target": top.target if top and top.severity >= Severity.CRITICAL else "",
        "repo": repo, "timeout": max(1, min(int(timeout), MAX_TIMEOUT)),
        "fingerprint": fingerprint,  # what a grant of it is bound to (`grants.fingerprint`)
    }


# ------------------------------------------------------------------ the queue

WAITING, APPROVED, DENIED, EXPIRED, CANCELLED = "waiting", "approved", "denied", "expired", \
    "cancelled"


class Decided(Record, fields="answer reason note grant", defaults=("", None)):
    """How a request ended, as the transport tells the waiting command."""

    __slots__ = ()

    answer: str  # 'approve' or 'deny'
    reason: str
    note: str  # the person's words for the agent (deny with a reason)
    grant: dict | None  # approve for this session / N minutes: the allow entry written


class Pending:
    """A request in the queue: waiting until `decide`, `expire` or `cancel` ends it."""

    __slots__ = ("number", "request", "received", "deadline", "state", "decided", "ended", "done")

    def __init__(self, number: int, request: dict, now: float) -> None:
        self.number = number
        self.request = request
        self.received = now
        self.deadline = now + request.get("timeout", DEFAULT_TIMEOUT)
        self.state = WAITING
        self.decided = Decided("deny", "")
        self.ended = 0.0
        self.done = threading.Event()

    def left(self, now: float) -> float:
        return max(0.0, self.deadline - now)


class Queue:
    """Requests waiting for a person, oldest first, and the last few that ended."""

    def __init__(self, clock=time.monotonic, keep: int = 8) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.waiting: list[Pending] = []
        self.ended: deque[Pending] = deque(maxlen=keep)
        self.arrived = 0  # count of requests ever added: a new one rings the bell
        self._numbers = 0

    def add(self, request: dict) -> Pending:
        with self.lock:
            self._numbers += 1
            item = Pending(self._numbers, request, self.clock())
            self.waiting.append(item)
            self.arrived += 1
        self.changed.set()
        return item

    def snapshot(self) -> tuple[list[Pending], list[Pending]]:
        with self.lock:
            return list(self.waiting), list(self.ended)

    def _end(self, item: Pending, state: str, decided: Decided) -> bool:
        with self.lock:
            if item.state != WAITING:
                return False
            item.state, item.decided, item.ended = state, decided, self.clock()
            if item in self.waiting:
                self.waiting.remove(item)
            self.ended.appendleft(item)
        item.done.set()
        self.changed.set()
        return True

    def decide(self, item: Pending, answer: str, reason: str, note: str = "",
               grant: dict | None = None) -> bool:
        """A person's answer; False when the request already ended (expired, cancelled)."""
        if self.clock() >= item.deadline:
            self.expire(item)
            return False
        state = APPROVED if answer == "approve" else DENIED
        return self._end(item, state, Decided(answer, reason, note, grant))

    def expire(self, item: Pending) -> bool:
        return self._end(item, EXPIRED, Decided("deny", "timeout"))

    def cancel(self, item: Pending, reason: str = "cancelled") -> bool:
        return self._end(item, CANCELLED, Decided("deny", reason))

    def expire_due(self) -> list[Pending]:
        now = self.clock()
        due = [i for i in self.snapshot()[0] if now >= i.deadline]
        return [i for i in due if self.expire(i)]

    def close(self, reason: str = "approver closed") -> None:
        for item in self.snapshot()[0]:
            self._end(item, DENIED, Decided("deny", reason))
