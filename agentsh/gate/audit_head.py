"""The audit log's chain head, kept in a second place: how many entries the log holds, the hash
of its first and last entry, and which file it is (inode). An agent that truncates, replaces,
rewrites or symlinks the log must also find and forge this record (and, where a system log runs,
the copy sent there) for `agentsh log --verify` to miss it.

The record is one line of plain text (no JSON: the fast path writes it and imports nothing):
`agentsh-audit-head 1 COUNT FIRST LAST INODE DEVICE`, padded with blanks to `WIDTH` bytes."""

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
    import stat

    try:  # a FIFO or a link planted there is no record (and opening it must not block)
        fd = os.open(head_path(log, folder), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            words = fh.read(512).decode("ascii").split()
        if len(words) != 7 or words[0] != MAGIC or words[1] != "1":
            return None
        return Head((int(words[2]), words[3], words[4], int(words[5]), int(words[6])))
    except (OSError, ValueError):
        return None


# The record is padded with blanks to one size, so each write after the first overwrites it in
# place: replacing a file by renaming over it makes ext4 write the new file out at once
# (auto_da_alloc), about 0.5 ms of CPU and a wait on a busy disk, at every command.
WIDTH = 256


def write(log: str, folder: str, head: Head) -> None:
    """Record `head` (called with the log's lock held: writers never overlap). In place when the
    record there is agentsh's own (a regular file of the record's size with no other name);
    anything else there (missing, an older record, a link, a FIFO, a device) is replaced whole,
    never written through."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = head_path(log, folder)
    record = f"{MAGIC} 1 {head.count} {head.first} {head.last} {head.inode} {head.device}"
    data = (record.ljust(WIDTH - 1) + "\n").encode("ascii")
    if _overwrite(path, data):
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _overwrite(path: str, data: bytes) -> bool:
    """Write `data` over the record at `path` if it is one agentsh wrote; False otherwise."""
    import stat

    try:  # no blocking on a FIFO, no following a link
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or st.st_size != len(data):
            return False
        return os.pwrite(fd, data, 0) == len(data)
    except OSError:
        return False
    finally:
        os.close(fd)


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
