"""The audit log: every decision as one JSON line, each chained to the previous by its hash.

Writing never blocks or breaks the gate: any failure is one warning on stderr."""

from __future__ import annotations

import os
import sys
import time

from agentsh import locations
from agentsh.gate import jsonl

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from agentsh.engine.model import Verdict

GENESIS = "0" * 64
SECRET_PATTERNS = (  # (pattern, replacement), compiled on first use
    (r"(?i)((?:authorization|proxy-authorization)\s*:\s*)(?:bearer\s+|basic\s+|token\s+)?"
     r"[^'\"\s]+", r"\1[REDACTED]"),
    (r"(?i)((?:x-api-key|api-key|x-auth-token|private-token|x-access-token|cookie)\s*:\s*)"
     r"[^'\"\s]+", r"\1[REDACTED]"),
    (r"(?i)(\b[a-z][a-z0-9+.-]*://[^:/\s@'\"]+:)[^@\s'\"]+(@)", r"\1[REDACTED]\2"),
    (r"(?<![\w-])(-u|--user|--password|-p)(\s+|=)([^\s:'\"]+):([^\s'\"]+)", r"\1\2\3:[REDACTED]"),
    (r"(?i)\b([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|"
     r"CREDENTIALS?)[A-Z0-9_]*=)(\"[^\"]*\"|'[^']*'|\S+)", r"\1[REDACTED]"),
    (r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|"
     r"xox[abposr]-[A-Za-z0-9-]{10,}|sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|"
     r"AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|"
     r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})", "[REDACTED]"),
    (r"(?i)(--(?:token|password|api-key|secret)[= ])(\S+)", r"\1[REDACTED]"),
)
_compiled: list = []


def redact(text: str) -> str:
    if not jsonl.may_hold_secret(text):
        return text
    if not _compiled:
        import re

        _compiled.extend((re.compile(p), r) for p, r in SECRET_PATTERNS)
    for pattern, repl in _compiled:
        text = pattern.sub(repl, text)
    return text


def log_path(setting: str, env: dict[str, str]) -> str:
    from agentsh import locations

    if setting:
        return os.path.expanduser(setting)
    return os.path.join(locations.state_home(env), "agentsh", "audit.jsonl")


def previous_hash(fh) -> str:
    """The hash of the last entry in an open log (read from its tail only)."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return GENESIS
    back = min(size, 65536)
    fh.seek(size - back)
    tail = fh.read(back).decode("utf-8", "replace")
    found = jsonl.last_hash(tail)
    if found:
        return found
    line = tail.rstrip("\n").rsplit("\n", 1)[-1]
    return jsonl.sha256()(line.encode()).hexdigest()  # a torn line still anchors the chain


def append(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Append one entry, chained to the one before it, under an exclusive lock."""
    import fcntl

    os.makedirs(os.path.dirname(path) or ".", mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        entry["prev"] = previous_hash(fh)
        line = jsonl.seal(entry, jsonl.sha256())
        fh.seek(0, os.SEEK_END)
        fh.write((line + "\n").encode("utf-8", "surrogatepass"))
    return entry


def record(path: str, verdict: Verdict, *, cwd: str, channel: str, outcome: str,
           agent: str = "", approver_pid: int | None = None, exit_status: int | None = None,
           stderr: TextIO = sys.stderr, extra: dict[str, Any] | None = None,
           syslog: bool = False) -> None:
    entry: dict[str, Any] = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cmd": redact(verdict.text),
        "cwd": cwd,
        "decision": str(verdict.decision),
        "outcome": outcome,
        "findings": [{"rule": f.rule, "severity": str(f.severity), "span": list(f.span),
                      "message": redact(f.message),
                      **({"recoverable": "snapshot"} if f.recovery else {})}
                     for f in verdict.findings],
        "channel": channel,
        "agent": agent,
        "pid": os.getpid(),
        "ancestry": locations.ancestry(),
    }
    if approver_pid is not None:
        entry["approver_pid"] = approver_pid
    if exit_status is not None:
        entry["exit"] = exit_status
    entry.update(extra or {})
    write(path, entry, stderr, syslog)


def write(path: str, entry: dict[str, Any], stderr: TextIO, syslog: bool) -> None:
    try:
        append(path, entry)
    except Exception as exc:  # the log never stops enforcement
        try:
            stderr.write(f"agentsh: warning: could not write the audit log {path}: {exc}\n")
        except Exception:
            pass
        return
    if syslog:
        _forward(entry)


def _forward(entry: dict[str, Any]) -> None:
    """Send the entry to the system log (`settings.syslog`), for a team's log pipeline."""
    try:
        import json
        import syslog as sl

        sl.openlog("agentsh", sl.LOG_PID, sl.LOG_AUTH)
        level = sl.LOG_WARNING if entry["decision"] != "allow" else sl.LOG_INFO
        sl.syslog(level, json.dumps(entry, ensure_ascii=False))
    except Exception:
        pass


def verify(path: str) -> list[str]:
    """Problems with the chain: an edited, removed or reordered entry breaks it."""
    problems = []
    prev = GENESIS
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror}"]
    import json

    sha256 = jsonl.sha256()
    for number, line in enumerate(lines, start=1):
        sealed = jsonl.unseal(line)
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if sealed is None or not isinstance(entry, dict):
            problems.append(f"{path}:{number}: not a sealed audit entry")
            prev = sha256(line.encode()).hexdigest()
            continue
        body, recorded = sealed
        if entry.get("prev") != prev:
            problems.append(f"{path}:{number}: does not follow the entry before it "
                            "(an entry was removed, inserted or reordered)")
        if sha256(body.encode("utf-8", "surrogatepass")).hexdigest() != recorded:
            problems.append(f"{path}:{number}: its content was changed after it was written")
        prev = recorded
    return problems
