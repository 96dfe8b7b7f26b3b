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
           items: list[Entry] | None = None) -> list[str]:
    """Remove snapshots older than the retention, and unfinished ones; their ids. `items`:
    `entries(path)` when the caller has read them already."""
    gone = []
    for entry in expired(entries(path) if items is None else items, retention_hours, now):
        remove(entry, env)
        gone.append(entry.id)
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
