"""The trash: where snapshots live, their manifests, listing, expiry and purge.

Layout: `ROOT/ID/manifest.json` and `ROOT/ID/files/N` (what item N of the manifest saved). A
snapshot is built in `ROOT/.ID.partial` and renamed into place once whole, so a listed
snapshot is always complete. ROOT is `settings.snapshots.trash`, by default
`$XDG_DATA_HOME/agentsh/trash`: in user mode under the SELF and UNDO rules; in protected mode a
folder the service owns (docs/undo.md)."""

from __future__ import annotations

import json
import os
import stat
import time

from agentsh import locations
from agentsh.records import Record

MANIFEST = "manifest.json"
PARTIAL_GRACE = 3600  # seconds before an unfinished snapshot is thrown away


class Entry(Record, fields="id path manifest"):
    """One snapshot in the trash: its id, its folder and its manifest."""

    __slots__ = ()

    id: str
    path: str
    manifest: dict

    @property
    def time(self) -> float:
        return float(self.manifest.get("time", 0))

    @property
    def bytes(self) -> int:
        return int(self.manifest.get("bytes", 0))

    @property
    def undone(self) -> dict | None:
        return self.manifest.get("undone")


def root(snapshots, env: dict[str, str]) -> str:
    """The trash folder for these settings (`settings.snapshots.trash`, `~` expanded)."""
    if snapshots.trash:
        path = snapshots.trash
        if path == "~" or path.startswith("~/"):
            path = env.get("HOME", "/nonexistent") + path[1:]
        return os.path.abspath(path)
    return os.path.join(locations.data_home(env), "agentsh", "trash")


def ensure(path: str) -> None:
    """Create the trash folder, private to its owner."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
        raise OSError(f"{path} is not a folder of yours")
    if st.st_mode & 0o077:
        os.chmod(path, 0o700)


def new_id(now: float) -> str:
    """`20250301-101500-3fa2`: sortable by time, short enough to type, unique in practice."""
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + "-" + os.urandom(2).hex()


def entries(path: str) -> list[Entry]:
    """Every complete snapshot, oldest first."""
    out = []
    try:
        names = os.listdir(path)
    except OSError:
        return []
    for name in names:
        if name.startswith("."):
            continue
        manifest = read_manifest(os.path.join(path, name))
        if manifest is not None:
            out.append(Entry(name, os.path.join(path, name), manifest))
    return sorted(out, key=lambda e: (e.time, e.id))


# ------------------------------------------------------------------ the index
#
# Every snapshot needs the trash's total size and the snapshots past their retention; reading
# every manifest for that made each copy cost more as the trash filled (one manifest per
# overwrite, for 48 hours). `ROOT/.index/` holds `items.txt`, one line `TIME BYTES ID` appended
# per snapshot (in the order they were taken, so by time), and `summary.json`: the total bytes,
# the count, the time of the oldest, and the offset in `items.txt` of the first line still held
# (the lines before it expired). A snapshot reads the summary, reads lines only for what expires,
# appends one line and rewrites the summary: its cost does not grow with the trash. The summary
# is stamped with the trash folder's modification time, link count and inode as they were when
# it was written: a snapshot added, renamed or removed any other way (`agentsh undo`, `trash
# purge`, an agentsh of before the index, a person) changes them, and the index is then rebuilt
# from the manifests. It lives in a folder of its own so that writing it does not change the
# trash folder's own stamp.

INDEX_DIR = ".index"
SUMMARY = "summary.json"
ITEMS = "items.txt"


class Summary(Record, fields="id time bytes"):
    """What taking a snapshot needs of another one: its id, when it was taken, its size."""

    __slots__ = ()

    id: str
    time: float
    bytes: int


def _stamp(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_nlink, st.st_ino]


class Index:
    """The trash's index (above): `bytes`, `count` and `oldest` of what it holds."""

    def __init__(self, root: str, data: dict) -> None:
        self.root = root
        self.folder = os.path.join(root, INDEX_DIR)
        self.bytes = int(data["bytes"])
        self.count = int(data["count"])
        self.oldest = float(data["oldest"])
        self.offset = int(data["offset"])
        self.fresh = bool(data.get("rebuilt"))  # read from the manifests just now

    @classmethod
    def load(cls, root: str) -> Index:
        """The index, or one rebuilt from the manifests when it does not match the trash."""
        stamp = _stamp(root)
        try:
            with open(os.path.join(root, INDEX_DIR, SUMMARY), encoding="utf-8") as fh:
                data = json.load(fh)
            if stamp is not None and data.get("stamp") == stamp:
                return cls(root, data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return cls.rebuild(root)

    @classmethod
    def rebuild(cls, root: str) -> Index:
        items = [Summary(e.id, e.time, e.bytes) for e in entries(root)]
        index = cls(root, {"bytes": sum(i.bytes for i in items), "count": len(items),
                           "oldest": items[0].time if items else 0.0, "offset": 0,
                           "rebuilt": True})
        try:
            os.makedirs(index.folder, mode=0o700, exist_ok=True)
            tmp = os.path.join(index.folder, f"{ITEMS}.{os.getpid()}.tmp")
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.writelines(f"{i.time!r} {i.bytes} {i.id}\n" for i in items)
            os.replace(tmp, os.path.join(index.folder, ITEMS))
        except OSError:
            pass
        return index

    def expired(self, cutoff: float) -> list[Summary]:
        """The snapshots taken before `cutoff` (they are no longer counted once returned);
        reads only their lines."""
        if not self.count or self.oldest >= cutoff:
            return []
        out = []
        try:
            with open(os.path.join(self.folder, ITEMS), "rb") as fh:
                fh.seek(self.offset)
                while True:
                    line = fh.readline()
                    if not line:
                        self.oldest = 0.0
                        break
                    when, size, sid = line.decode("utf-8", "surrogateescape").rstrip(
                        "\n").split(" ", 2)
                    if float(when) >= cutoff:
                        self.oldest = float(when)
                        break
                    out.append(Summary(sid, float(when), int(size)))
                    self.offset += len(line)
        except (OSError, ValueError):
            return self._all_expired(cutoff)
        self.bytes -= sum(i.bytes for i in out)
        self.count -= len(out)
        return out

    def _all_expired(self, cutoff: float) -> list[Summary]:
        """An unreadable list: the manifests say (and the index is rebuilt after)."""
        items = [Summary(e.id, e.time, e.bytes) for e in entries(self.root)]
        out = [i for i in items if i.time < cutoff]
        left = [i for i in items if i.time >= cutoff]
        self.bytes, self.count = sum(i.bytes for i in left), len(left)
        self.oldest = left[0].time if left else 0.0
        self.fresh = False
        self.offset = -1  # rewrite on save
        return out

    def add(self, sid: str, when: float, size: int) -> None:
        """A snapshot just renamed into the trash."""
        try:
            with open(os.path.join(self.folder, ITEMS), "a", encoding="utf-8") as fh:
                fh.write(f"{when!r} {size} {sid}\n")
        except OSError:
            self.offset = -1
        self.bytes += size
        self.oldest = when if not self.count else min(self.oldest, when)
        self.count += 1

    def save(self) -> None:
        """Write the summary, stamped with the trash folder as it is now (best effort: without
        an index, the next snapshot reads the manifests)."""
        try:
            if self.offset < 0:
                Index.rebuild(self.root)._write()
                return
            self._write()
        except OSError:
            pass

    def _write(self) -> None:
        stamp = _stamp(self.root)
        if stamp is None:
            return
        if self.offset > 1 << 20 and self.offset * 2 > os.path.getsize(
                os.path.join(self.folder, ITEMS)):  # mostly expired lines: start it again
            Index.rebuild(self.root)._write()
            return
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        tmp = os.path.join(self.folder, f"{SUMMARY}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"stamp": stamp, "bytes": self.bytes, "count": self.count,
                       "oldest": self.oldest, "offset": self.offset}, fh)
        os.replace(tmp, os.path.join(self.folder, SUMMARY))


def read_manifest(folder: str) -> dict | None:
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(folder: str, manifest: dict) -> None:
    tmp = os.path.join(folder, MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True)  # ensure_ascii: odd names survive
    os.chmod(tmp, 0o600)
    os.replace(tmp, os.path.join(folder, MANIFEST))


def find(path: str, wanted: str | None) -> Entry | None:
    """The snapshot with this id (or unique prefix); with no id, the latest not yet undone.
    Raises LookupError naming the candidates when a prefix is ambiguous."""
    items = entries(path)
    if not wanted:  # what an undo replaced is brought back only by its id
        left = [e for e in items if not e.undone and not e.manifest.get("replaced_by_undo")]
        return left[-1] if left else None
    exact = [e for e in items if e.id == wanted]
    if exact:
        return exact[0]
    matches = [e for e in items if e.id.startswith(wanted)]
    if len(matches) > 1:
        raise LookupError(", ".join(e.id for e in matches))
    return matches[0] if matches else None


def held_bytes(items: list[Entry]) -> int:
    return sum(e.bytes for e in items)


def expired(items: list[Entry], retention_hours: int, now: float) -> list[Entry]:
    return [e for e in items if now - e.time > retention_hours * 3600]


def expire(path: str, retention_hours: int, now: float, env: dict[str, str],
           items: list | None = None, sweep: bool = True) -> list[str]:
    """Remove snapshots older than the retention, and unfinished ones; their ids. `items`:
    `entries(path)` (or `summaries`) when the caller has read them already. `sweep`: look for
    unfinished snapshots too (a listing of the whole trash)."""
    gone = []
    for entry in expired(entries(path) if items is None else items, retention_hours, now):
        if not isinstance(entry, Entry):  # a summary: its manifest names the git refs it keeps
            manifest = read_manifest(os.path.join(path, entry.id))
            entry = Entry(entry.id, os.path.join(path, entry.id), manifest or {})
        remove(entry, env)
        gone.append(entry.id)
    if not sweep:
        return gone
    try:
        names = os.listdir(path)
    except OSError:
        names = []
    for name in names:
        if name.startswith(".") and name.endswith(".partial"):
            full = os.path.join(path, name)
            try:
                if now - os.lstat(full).st_mtime > PARTIAL_GRACE:
                    rmtree(full)
            except OSError:
                pass
    return gone


def remove(entry: Entry, env: dict[str, str]) -> None:
    """Delete one snapshot: its files and the private git refs it keeps."""
    from agentsh.gate.snapshots import gitstate

    for record in entry.manifest.get("git", []):
        gitstate.drop_refs(record, env)
    rmtree(entry.path)


def rmtree(path: str) -> None:
    """Remove a folder of saved files, including folders saved without write permission."""
    import shutil

    def retry(func, name, _exc_info) -> None:
        parent = os.path.dirname(name)
        try:
            os.chmod(parent, 0o700)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, 0o700)
                shutil.rmtree(name, onerror=retry)
            else:
                func(name)
        except FileNotFoundError:
            pass

    if os.path.lexists(path):
        shutil.rmtree(path, onerror=retry)


def describe_age(seconds: float) -> str:
    if seconds < 90:
        return f"{int(seconds)} s ago"
    if seconds < 5400:
        return f"{int(seconds // 60)} min ago"
    return f"{seconds / 3600:.1f} h ago"
