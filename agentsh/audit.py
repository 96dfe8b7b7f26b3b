"""The audit log: every decision as one JSON line, each chained to the previous by its hash.

Writing never blocks or breaks the gate: any failure is one warning on stderr."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from agentsh.model import Verdict

GENESIS = "0" * 64
SECRET_PATTERNS = [
    (re.compile(r"(?i)((?:authorization|proxy-authorization)\s*:\s*)(?:bearer\s+|basic\s+|token\s+)?[^'\"\s]+"), r"\1[REDACTED]"),
    (re.compile(r"(?i)((?:x-api-key|api-key|x-auth-token|private-token|x-access-token|cookie)\s*:\s*)[^'\"\s]+"), r"\1[REDACTED]"),
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^:/\s@'\"]+:)[^@\s'\"]+(@)"), r"\1[REDACTED]\2"),
    (re.compile(r"(?<![\w-])(-u|--user|--password|-p)(\s+|=)([^\s:'\"]+):([^\s'\"]+)"), r"\1\2\3:[REDACTED]"),
    (re.compile(r"(?i)\b([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*=)(\"[^\"]*\"|'[^']*'|\S+)"), r"\1[REDACTED]"),
    (re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|"
                r"xox[abposr]-[A-Za-z0-9-]{10,}|sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|"
                r"AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|"
                r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})"), "[REDACTED]"),
    (re.compile(r"(?i)(--(?:token|password|api-key|secret)[= ])(\S+)"), r"\1[REDACTED]"),
]


def redact(text: str) -> str:
    for pattern, repl in SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


def log_path(setting: str, env: dict[str, str]) -> Path:
    if setting:
        return Path(os.path.expanduser(setting))
    from agentsh.runtime import state_home

    return state_home(env) / "agentsh" / "audit.jsonl"


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _last_hash(fh) -> str:
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return GENESIS
    back = min(size, 65536)
    fh.seek(size - back)
    tail = fh.read(back).decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
    try:
        return json.loads(tail).get("hash", GENESIS)
    except ValueError:
        return hashlib.sha256(tail.encode()).hexdigest()  # a torn line still anchors the chain


def record(path: Path, verdict: Verdict, *, cwd: str, channel: str, outcome: str,
           agent: str = "", approver_pid: int | None = None, exit_status: int | None = None,
           stderr: TextIO = sys.stderr, extra: dict[str, Any] | None = None,
           syslog: bool = False) -> None:
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "r+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            entry: dict[str, Any] = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "cmd": redact(verdict.text),
                "cwd": cwd,
                "decision": str(verdict.decision),
                "outcome": outcome,
                "findings": [{"rule": f.rule, "severity": str(f.severity), "span": list(f.span),
                              "message": redact(f.message)} for f in verdict.findings],
                "channel": channel,
                "agent": agent,
                "pid": os.getpid(),
            }
            if approver_pid is not None:
                entry["approver_pid"] = approver_pid
            if exit_status is not None:
                entry["exit"] = exit_status
            if extra:
                entry.update(extra)
            entry["prev"] = _last_hash(fh)
            entry["hash"] = entry_hash(entry)
            fh.seek(0, os.SEEK_END)
            fh.write((json.dumps(entry, ensure_ascii=False) + "\n").encode())
    except Exception as exc:  # the log never stops enforcement
        try:
            stderr.write(f"agentsh: warning: could not write the audit log {path}: {exc}\n")
        except Exception:
            pass
    else:
        if syslog:
            _forward(entry)


def _forward(entry: dict[str, Any]) -> None:
    """Send the entry to the system log (`settings.syslog`), for a team's log pipeline."""
    try:
        import syslog as sl

        sl.openlog("agentsh", sl.LOG_PID, sl.LOG_AUTH)
        level = sl.LOG_WARNING if entry["decision"] != "allow" else sl.LOG_INFO
        sl.syslog(level, json.dumps(entry, ensure_ascii=False))
    except Exception:
        pass


def verify(path: Path) -> list[str]:
    """Problems with the chain: an edited, removed or reordered entry breaks it."""
    problems = []
    prev = GENESIS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror}"]
    for number, line in enumerate(lines, start=1):
        try:
            entry = json.loads(line)
        except ValueError:
            problems.append(f"{path}:{number}: not a JSON entry")
            prev = hashlib.sha256(line.encode()).hexdigest()
            continue
        if entry.get("prev") != prev:
            problems.append(f"{path}:{number}: does not follow the entry before it "
                            "(an entry was removed, inserted or reordered)")
        if entry_hash(entry) != entry.get("hash"):
            problems.append(f"{path}:{number}: its content was changed after it was written")
        prev = entry.get("hash", "")
    return problems
