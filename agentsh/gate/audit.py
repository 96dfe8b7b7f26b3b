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
    tail = fh.read(back).decode("utf-8", "surrogateescape")
    found = jsonl.last_hash(tail)
    if found:
        return found
    line = tail.rstrip("\n").rsplit("\n", 1)[-1]
    return jsonl.sha256()(line.encode("utf-8", "surrogateescape")).hexdigest()  # a torn line


def _count_and_first(fh) -> tuple[int, str]:
    """Entries in an open log and the hash of the first (read in full: only when no head
    record exists yet)."""
    fh.seek(0)
    lines = fh.read().decode("utf-8", "surrogateescape").splitlines()
    if not lines:
        return 0, ""
    sealed = jsonl.unseal(lines[0])
    first = sealed[1] if sealed else jsonl.sha256()(
        lines[0].encode("utf-8", "surrogateescape")).hexdigest()
    return len(lines), first


def append(path: str, entry: dict[str, Any], heads: str | None = None,
           mode: int = 0o600) -> dict[str, Any]:
    """Append one entry, chained to the one before it, under an exclusive lock, and record the
    new chain head in `heads` (a folder elsewhere; see `audit_head`). A symbolic link or anything
    but a regular file is refused: entries written there would be lost without a trace."""
    import fcntl
    import stat

    from agentsh.gate import audit_head

    os.makedirs(os.path.dirname(path) or ".", mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "r+b") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{path} is not a regular file")
        fcntl.flock(fh, fcntl.LOCK_EX)
        prev = previous_hash(fh)
        head = audit_head.read(path, heads) if heads else None
        if head is None:
            count, first = _count_and_first(fh)
        else:
            count, first = head.count, head.first
            if prev != head.last:
                # the log lost entries since the last write: say so, inside the chain
                entry["lost"] = (f"the log held {count} entries ending {head.last[:16]}; "
                                 f"now it ends {prev[:16]}")
                if prev == GENESIS:
                    prev = head.last  # a deleted or emptied log: keep the chain going
        entry["prev"] = prev
        line = jsonl.seal(entry, jsonl.sha256())
        fh.seek(0, os.SEEK_END)
        fh.write((line + "\n").encode("utf-8", "surrogateescape"))
        fh.flush()
        if heads:
            digest = line[-66:-2]
            new = audit_head.Head((count + 1, first or digest, digest, st.st_ino, st.st_dev))
            audit_head.write(path, heads, new)
            audit_head.announce(path, new)
    return entry


def entry_for(verdict: Verdict, *, channel: str, outcome: str) -> dict[str, Any]:
    """The part of an entry that says what was decided (secrets redacted)."""
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cmd": redact(verdict.text),
        "decision": str(verdict.decision),
        "outcome": outcome,
        "findings": [{"rule": f.rule, "severity": str(f.severity), "span": list(f.span),
                      "message": redact(f.message),
                      **({"recoverable": "snapshot"} if f.recovery else {})}
                     for f in verdict.findings],
        "channel": channel,
    }


def record(path: str, verdict: Verdict, *, cwd: str, channel: str, outcome: str,
           agent: str = "", approver_pid: int | None = None, exit_status: int | None = None,
           stderr: TextIO = sys.stderr, extra: dict[str, Any] | None = None,
           syslog: bool = False, ancestry: str | None = None) -> None:
    """`ancestry`: the processes above this one, when the caller already knows them (a
    long-lived shell logs a line at a time; they are read from /proc otherwise)."""
    entry = entry_for(verdict, channel=channel, outcome=outcome)
    entry.update(cwd=cwd, agent=agent, pid=os.getpid(),
                 ancestry=locations.ancestry() if ancestry is None else ancestry)
    if approver_pid is not None:
        entry["approver_pid"] = approver_pid
    if exit_status is not None:
        entry["exit"] = exit_status
    entry.update(extra or {})
    write(path, entry, stderr, syslog)


def write(path: str, entry: dict[str, Any], stderr: TextIO, syslog: bool,
          heads: str | None = None, mode: int = 0o600) -> None:
    """Append `entry`, keeping its chain head in `heads` (default: `audit_head.head_dir`); a
    new log gets `mode` (the protected service's is readable by every user)."""
    try:
        if heads is None:
            from agentsh.gate import audit_head

            heads = audit_head.head_dir(os.environ)
        append(path, entry, heads, mode)
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
        level = sl.LOG_INFO if entry.get("decision") == "allow" else sl.LOG_WARNING
        sl.syslog(level, json.dumps(entry, ensure_ascii=False))
    except Exception:
        pass


def read_lines(path: str) -> list[str]:
    """The log's lines; bytes that are not UTF-8 come back as surrogate escapes, so reading never
    fails on them and they hash back to the same bytes."""
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8", "surrogateescape").splitlines()


_READ = object()


def verify(path: str, heads: str | None = None, head=_READ) -> list[str]:
    """Problems with the log: an edited, removed, inserted or reordered entry breaks the chain;
    the head record kept elsewhere (`heads`) shows truncation, a replaced file and a chain that
    was rewritten from the start; a symbolic link is reported."""
    import json
    import stat

    from agentsh.gate import audit_head

    if heads is None:
        heads = audit_head.head_dir(os.environ)
    if head is _READ:  # else the head as the protected service reports it (or None)
        head = audit_head.read(path, heads)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if head is not None and head.count:
            return [f"{path}: missing, but {head.count} entries were written to it "
                    f"(head record in {heads})"]
        return []
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror}"]
    if stat.S_ISLNK(st.st_mode):
        return [f"{path}: is a symbolic link (to {os.readlink(path)}), so entries written "
                "through it may be lost; agentsh no longer writes there"]
    if not stat.S_ISREG(st.st_mode):
        return [f"{path}: is not a regular file"]
    try:
        lines = read_lines(path)
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror}"]
    problems = []
    sha256 = jsonl.sha256()
    prev = GENESIS
    first = last = ""
    for number, line in enumerate(lines, start=1):
        sealed = jsonl.unseal(line)
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if sealed is None or not isinstance(entry, dict):
            problems.append(f"{path}:{number}: not a sealed audit entry")
            prev = last = sha256(line.encode("utf-8", "surrogateescape")).hexdigest()
            first = first or last
            continue
        body, recorded = sealed
        if number == 1 and entry.get("prev") != GENESIS:
            problems.append(f"{path}:1: the log starts after entries that are missing (its first "
                            f"entry follows {str(entry.get('prev'))[:16]})")
        elif number > 1 and entry.get("prev") == GENESIS:
            problems.append(f"{path}:{number}: the chain starts again here (the entries before "
                            "it were replaced)")
        elif number > 1 and entry.get("prev") != prev:
            problems.append(f"{path}:{number}: does not follow the entry before it "
                            "(an entry was removed, inserted or reordered)")
        if sha256(body.encode("utf-8", "surrogateescape")).hexdigest() != recorded:
            problems.append(f"{path}:{number}: its content was changed after it was written")
        if entry.get("lost"):
            problems.append(f"{path}:{number}: written after entries were lost: {entry['lost']}")
        prev = last = recorded
        first = first or recorded
    problems += _against_head(path, head, heads, len(lines), first, last, st)
    return problems


def _against_head(path: str, head, heads: str, count: int, first: str, last: str,
                  st: os.stat_result) -> list[str]:
    if head is None:
        if not count:
            return []
        return [f"{path}: no head record in {heads}: entries cut from its end could not be "
                "noticed (the record was deleted, or no entry was written since agentsh started "
                "keeping it)"]
    out = []
    if head.first != first:
        out.append(f"{path}: the chain was rewritten from the start (its first entry is not the "
                   "one first written)")
    if count < head.count:
        out.append(f"{path}: truncated: {head.count} entries were written, {count} are left")
    elif count > head.count:
        out.append(f"{path}: holds {count} entries but {head.count} were written by agentsh")
    if head.last != last and count >= head.count:
        out.append(f"{path}: its last entry is not the one agentsh wrote last")
    if (head.inode, head.device) != (st.st_ino, st.st_dev):
        out.append(f"{path}: the file was replaced (it is not the file agentsh wrote to)")
    return out
