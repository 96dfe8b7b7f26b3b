"""The gate's small JSON state files (approval grants, the moves record): one object with a
list of entries under a key, owned by this user, never read through a symlink, rewritten whole
under a lock. Anything missing, unsafe or malformed reads as no entries."""

from __future__ import annotations

import os


def read(path: str, key: str, well_formed, *, max_bytes: int, forbidden_mode: int = 0o077
         ) -> list[dict]:
    """The well-formed entries under `key`, or [] when the file is missing, not a regular file
    of this user, open to others (`forbidden_mode` bits) or unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return []
    try:
        import json  # only when there is a file: the common path never imports it

        st = os.fstat(fd)
        if st.st_uid != os.getuid() or st.st_mode & forbidden_mode or \
                (st.st_mode & 0o170000) != 0o100000:
            return []
        chunks, size = [], 0
        while size < max_bytes:
            chunk = os.read(fd, max_bytes - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = json.loads(b"".join(chunks).decode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return []
    finally:
        os.close(fd)
    entries = data.get(key) if isinstance(data, dict) else None
    return [e for e in entries if well_formed(e)] if isinstance(entries, list) else []


def rewrite(path: str, key: str, change, read_entries, *, indent: int | None = None) -> None:
    """Replace the entries under `key` with `change(read_entries())`, read and written under an
    exclusive lock beside the file, through a temporary file renamed over it (0600)."""
    import fcntl
    import json

    lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = change(read_entries())
        tmp = f"{path}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as fh:
            json.dump({"version": 1, key: entries}, fh, indent=indent)
        os.replace(tmp, path)
    finally:
        os.close(lock)
