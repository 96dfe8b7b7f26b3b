"""The audit log's chain head, kept in a second place: how many entries the log holds, the hash
of its first and last entry, and which file it is (inode). An agent that truncates, replaces,
rewrites or symlinks the log must also find and forge this record (and, where a system log runs,
the copy sent there) for `agentsh log --verify` to miss it.

The record is one line of plain text (no JSON: the fast path writes it and imports nothing):
`agentsh-audit-head 1 COUNT FIRST LAST INODE DEVICE`."""

from __future__ import annotations

import os

from agentsh import locations

MAGIC = "agentsh-audit-head"


class Head(tuple):
    """(count, first hash, last hash, inode, device) of a log as last written."""

    __slots__ = ()

    @property
    def count(self) -> int:
        return self[0]

    @property
    def first(self) -> str:
        return self[1]

    @property
    def last(self) -> str:
        return self[2]

    @property
    def inode(self) -> int:
        return self[3]

    @property
    def device(self) -> int:
        return self[4]


def head_dir(env) -> str:
    """Default: beside the trust store (`$XDG_DATA_HOME/agentsh/audit-heads`), not beside the log."""
    return os.path.join(locations.data_home(env), "agentsh", "audit-heads")


def head_path(log: str, folder: str) -> str:
    from agentsh.gate.jsonl import sha256

    key = sha256()(os.path.abspath(log).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return os.path.join(folder, f"{key}.head")


def read(log: str, folder: str) -> Head | None:
    """The recorded head, or None when there is none (or it cannot be read)."""
    try:
        with open(head_path(log, folder), encoding="ascii") as fh:
            words = fh.read(512).split()
        if len(words) != 7 or words[0] != MAGIC or words[1] != "1":
            return None
        return Head((int(words[2]), words[3], words[4], int(words[5]), int(words[6])))
    except (OSError, ValueError):
        return None


def write(log: str, folder: str, head: Head) -> None:
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = head_path(log, folder)
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(f"{MAGIC} 1 {head.count} {head.first} {head.last} {head.inode} {head.device}\n")
    os.replace(tmp, path)


def announce(log: str, head: Head) -> None:
    """Send the head to the system log where one listens (journald or syslog): a copy outside
    the user's files. Silent where there is none."""
    if not (os.path.exists("/dev/log") or os.path.exists("/run/systemd/journal/syslog")):
        return
    try:
        import syslog

        syslog.openlog("agentsh-audit", syslog.LOG_PID, syslog.LOG_AUTH)
        syslog.syslog(syslog.LOG_INFO, f"{MAGIC} count={head.count} last={head.last} "
                                       f"first={head.first} log={log}")
    except Exception:
        pass
