"""Saving and restoring files: hard links where the trash shares the file system (metadata only,
the original stays untouched), bounded copies where it does not or where a file will be written
in place. Directories are recreated in the trash private to their owner; their modes, owners and
times go in the manifest. Names are handled as bytes, so any name survives."""

from __future__ import annotations

import errno
import os
import stat

FILE_TYPES = ((stat.S_ISDIR, "dir"), (stat.S_ISREG, "file"), (stat.S_ISLNK, "symlink"),
              (stat.S_ISFIFO, "fifo"))


class Refused(Exception):
    """The snapshot cannot be taken (too big, another user's files, unreadable): the reason is
    shown to the person who is asked instead."""


class Budget:
    """What one snapshot may still take: entries, bytes copied, bytes held."""

    def __init__(self, max_files: int, max_copy_bytes: int, max_bytes: int) -> None:
        self.max_files, self.max_copy_bytes, self.max_bytes = max_files, max_copy_bytes, max_bytes
        self.files = self.bytes = self.copied = 0
        self.inodes: dict[tuple[int, int], bytes] = {}  # a file with several names: its copy

    def count(self, size: int, copied: bool = False) -> None:
        self.files += 1
        self.bytes += size
        if copied:
            self.copied += size
        if self.files > self.max_files:
            raise Refused(f"more than {self.max_files} files and folders to save "
                          "(settings.snapshots.max_files)")
        if self.copied > self.max_copy_bytes:
            raise Refused(f"more than {_size(self.max_copy_bytes)} to copy: another file system, "
                          "or files written in place (settings.snapshots.max_copy_bytes)")
        if self.bytes > self.max_bytes:
            raise Refused("the trash would hold more than settings.snapshots.trash_bytes; "
                          "`agentsh trash purge` makes room")


def _size(n: int) -> str:
    return f"{n / (1 << 20):.0f} MiB" if n >= 1 << 20 else f"{n} bytes"


def kind(mode: int) -> str:
    return next((name for test, name in FILE_TYPES if test(mode)), "other")


def meta(st: os.stat_result) -> list[int]:
    return [stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_atime_ns, st.st_mtime_ns]


def apply_meta(path: bytes, saved: list[int], *, symlink: bool = False) -> None:
    """Give `path` the saved owner (as root), mode and times."""
    mode, uid, gid, atime, mtime = saved
    if os.geteuid() == 0:
        os.lchown(path, uid, gid)
    if not symlink:
        os.chmod(path, mode)  # after chown, which clears set-id bits
    os.utime(path, ns=(atime, mtime), follow_symlinks=not symlink)


# ------------------------------------------------------------------ saving


def save(src: bytes, dest: bytes, trash_dev: int, budget: Budget) -> dict:
    """Save `src` (a final symlink is saved as a link) at `dest`: the manifest's record of it."""
    try:
        st = os.lstat(src)
    except FileNotFoundError:
        return {"type": "missing"}
    except OSError as exc:
        raise Refused(f"cannot look at {os.fsdecode(src)}: {exc.strerror}") from None
    if st.st_uid != os.geteuid():
        raise Refused(f"{os.fsdecode(src)} belongs to another user")
    if not stat.S_ISDIR(st.st_mode):
        _save_leaf(src, dest, st, trash_dev, budget)
        return {"type": kind(st.st_mode), "meta": meta(st)}
    dirs: dict[str, list[int]] = {"": meta(st)}
    budget.count(0)
    os.mkdir(dest, 0o700)
    stack = [(src, dest, b"")]
    while stack:
        here, there, rel = stack.pop()
        try:
            with os.scandir(here) as listing:
                children = list(listing)
        except OSError as exc:
            raise Refused(f"cannot read {os.fsdecode(here)}: {exc.strerror}") from None
        for child in children:
            est = child.stat(follow_symlinks=False)
            target = there + b"/" + child.name
            child_rel = rel + b"/" + child.name if rel else child.name
            if stat.S_ISDIR(est.st_mode):
                budget.count(0)
                os.mkdir(target, 0o700)
                dirs[os.fsdecode(child_rel)] = meta(est)
                stack.append((child.path, target, child_rel))
            else:
                _save_leaf(child.path, target, est, trash_dev, budget)
    return {"type": "dir", "meta": dirs[""], "dirs": dirs}


def _save_leaf(src: bytes, dest: bytes, st: os.stat_result, trash_dev: int,
               budget: Budget) -> None:
    size = st.st_size if stat.S_ISREG(st.st_mode) else 0
    # a file with another name is copied: a write in place through that name (a scratch path
    # no rule copies, `: > build/n` after `ln notes.txt build/n && rm notes.txt`) would reach a
    # hard link kept of it (red-team s30 review)
    several = stat.S_ISREG(st.st_mode) and st.st_nlink > 1
    if several and (st.st_dev, st.st_ino) in budget.inodes:
        # another of its names in the same snapshot: a second name of the copy, so undo gives
        # the names back as one file again
        budget.count(0)
        try:
            os.link(budget.inodes[(st.st_dev, st.st_ino)], dest)
            return
        except OSError:
            budget.files -= 1
    if st.st_dev == trash_dev and not several:
        budget.count(size)
        try:
            os.link(src, dest, follow_symlinks=False)
            return
        except OSError as exc:
            if exc.errno == errno.EPERM:
                raise Refused(f"cannot save {os.fsdecode(src)}: it is not yours to link") from None
            if exc.errno != errno.EXDEV:
                raise Refused(f"cannot save {os.fsdecode(src)}: {exc.strerror}") from None
        budget.files -= 1  # counted again below, as a copy
        budget.bytes -= size
    budget.count(size, copied=True)
    copy_leaf(src, dest, st)
    if several:
        budget.inodes[(st.st_dev, st.st_ino)] = dest


def copy_leaf(src: bytes, dest: bytes, st: os.stat_result) -> None:
    """A copy of one file, symlink or FIFO, with its owner (as root), mode and times."""
    mode = st.st_mode
    try:
        if stat.S_ISREG(mode):
            copy_content(src, dest)
        elif stat.S_ISLNK(mode):
            os.symlink(os.readlink(src), dest)
        elif stat.S_ISFIFO(mode):
            os.mkfifo(dest, 0o600)
        else:
            raise Refused(f"cannot copy {os.fsdecode(src)}: a device or socket")
        apply_meta(dest, meta(st), symlink=stat.S_ISLNK(mode))
    except OSError as exc:
        raise Refused(f"cannot copy {os.fsdecode(src)}: {exc.strerror}") from None


def copy_content(src: bytes, dest: bytes, *, in_place: bool = False) -> None:
    """Copy a regular file's bytes; `in_place` rewrites an existing `dest` (same inode)."""
    flags = os.O_WRONLY | (os.O_TRUNC | os.O_CREAT if in_place else os.O_CREAT | os.O_EXCL)
    fin = os.open(src, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        fout = os.open(dest, flags, 0o600)
        try:
            while True:
                chunk = os.read(fin, 1 << 20)
                if not chunk:
                    break
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fout, view):]
        finally:
            os.close(fout)
    finally:
        os.close(fin)


def save_copy(src: bytes, dest: bytes, budget: Budget, *, any_owner: bool = False) -> dict:
    """A copy of a file that will be written in place (hard links would see the new bytes).
    Follows symlinks, as the write will. A reflink (a copy-on-write clone, where the file
    system makes one) costs no bytes and so counts nothing against `max_copy_bytes`.
    `any_owner`: another user's file may be copied (root, which gives the copy its owner)."""
    real = os.path.realpath(src)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return {"type": "missing", "real": os.fsdecode(real)}
    except OSError as exc:
        raise Refused(f"cannot look at {os.fsdecode(src)}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"{os.fsdecode(src)} is not a regular file")
    if st.st_uid != os.geteuid() and not any_owner:
        raise Refused(f"{os.fsdecode(src)} belongs to another user")
    if clone(real, dest):
        budget.count(st.st_size)
        try:
            apply_meta(dest, meta(st))
        except OSError as exc:
            raise Refused(f"cannot copy {os.fsdecode(src)}: {exc.strerror}") from None
    else:
        budget.count(st.st_size, copied=True)
        copy_leaf(real, dest, st)
    return {"type": "file", "meta": meta(st), "real": os.fsdecode(real),
            "inode": [st.st_dev, st.st_ino]}


FICLONE = 0x40049409  # Linux: share the extents of one file with another (btrfs, XFS, ...)


def clone(src: bytes, dest: bytes) -> bool:
    """A reflink of `src` at the new path `dest`, where the file system makes one; False (and
    nothing left at `dest`) where it does not."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        return False
    try:
        fin = os.open(src, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False  # the copy that follows says why
    try:
        fout = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        os.close(fin)
        return False
    try:
        fcntl.ioctl(fout, FICLONE, fin)
        return True
    except OSError:
        os.close(fout)
        fout = -1
        os.unlink(dest)
        return False
    finally:
        os.close(fin)
        if fout >= 0:
            os.close(fout)


# ------------------------------------------------------------------ comparing and restoring


def same_leaf(saved: bytes, live: bytes) -> bool:
    """Whether a live file holds what was saved (same inode, or same type and bytes)."""
    try:
        a, b = os.lstat(saved), os.lstat(live)
    except OSError:
        return False
    if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
        return True
    if kind(a.st_mode) != kind(b.st_mode):
        return False
    if stat.S_ISLNK(a.st_mode):
        return os.readlink(saved) == os.readlink(live)
    if stat.S_ISREG(a.st_mode):
        return a.st_size == b.st_size and _same_bytes(saved, live)
    return stat.S_ISFIFO(a.st_mode)


def _same_bytes(a: bytes, b: bytes) -> bool:
    """Byte for byte the same (the standard library's comparison, never a shallow one)."""
    import filecmp

    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def conflicts(stored: bytes, target: bytes, record: dict) -> list[bytes]:
    """Live paths that a restore of this tree would overwrite: they exist and differ from what
    was saved (made or changed after the snapshot)."""
    if record["type"] == "missing" or not os.path.lexists(target):
        return []
    if record["type"] != "dir":
        return [] if same_leaf(stored, target) else [target]
    if not os.path.isdir(target) or os.path.islink(target):
        return [target]
    out = []
    stack = [(stored, target)]
    while stack:
        here, there = stack.pop()
        with os.scandir(here) as listing:
            for child in listing:
                live = there + b"/" + child.name
                if not os.path.lexists(live):
                    continue
                if child.is_dir(follow_symlinks=False):
                    if os.path.isdir(live) and not os.path.islink(live):
                        stack.append((child.path, live))
                    else:
                        out.append(live)
                elif not same_leaf(child.path, live):
                    out.append(live)
    return out


def restore(stored: bytes, target: bytes, record: dict, replace: set[bytes]) -> int:
    """Bring a saved tree back at `target`: what is missing is linked (or copied) back, what
    is in `replace` is removed first, everything else already there is left alone. Folders
    it makes get their saved mode, owner and times. Returns the number of paths restored."""
    if record["type"] == "missing":
        return 0
    os.makedirs(os.path.dirname(target) or b"/", exist_ok=True)
    if record["type"] != "dir":
        return _restore_leaf(stored, target, replace, record.get("meta"))
    made: list[tuple[bytes, list[int]]] = []
    count = 0
    dirs = record.get("dirs", {})
    if target in replace or (os.path.lexists(target) and not os.path.isdir(target)):
        _remove(target)
    stack = [(stored, target, b"")]
    while stack:
        here, there, rel = stack.pop()
        if not os.path.lexists(there):
            os.mkdir(there, 0o700)
            made.append((there, dirs.get(os.fsdecode(rel), record["meta"])))
            count += 1
        with os.scandir(here) as listing:
            for child in listing:
                live = there + b"/" + child.name
                child_rel = rel + b"/" + child.name if rel else child.name
                if child.is_dir(follow_symlinks=False):
                    if live in replace or (os.path.lexists(live) and (
                            os.path.islink(live) or not os.path.isdir(live))):
                        _remove(live)
                    stack.append((child.path, live, child_rel))
                else:
                    count += _restore_leaf(child.path, live, replace, None)
    for path, saved in reversed(made):  # deepest last made first: times stay as saved
        apply_meta(path, saved)
    return count


def _restore_leaf(stored: bytes, live: bytes, replace: set[bytes], saved: list[int] | None
                  ) -> int:
    if os.path.lexists(live):
        if live not in replace:
            return 0
        _remove(live)
    try:
        os.link(stored, live, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        copy_leaf(stored, live, os.lstat(stored))
    return 1


def _remove(path: bytes) -> None:
    from agentsh.gate.snapshots.trash import rmtree

    if os.path.isdir(path) and not os.path.islink(path):
        rmtree(os.fsdecode(path))
    else:
        os.unlink(path)


def restore_copy(stored: bytes, record: dict) -> int:
    """Write a saved copy back over its file, in place (its inode, and so its other names and
    open handles, stay), with the saved mode and times."""
    if record["type"] == "missing":
        return 0
    real = os.fsencode(record["real"])
    if os.path.lexists(real) and same_leaf(stored, real):
        return 0
    os.makedirs(os.path.dirname(real), exist_ok=True)
    if _same_inode(real, record.get("inode")):
        copy_content(stored, real, in_place=True)
        apply_meta(real, record["meta"])
        return 1
    # the name now is another file, a link or a symlink (`ln -f a f`, `ln -sf a f`, `mv a f`):
    # writing in place would write into `a`; the saved file takes the name back instead
    tmp = real + b".agentsh-undo-" + str(os.getpid()).encode()
    copy_content(stored, tmp)
    try:
        apply_meta(tmp, record["meta"])
        os.rename(tmp, real)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return 1


def _same_inode(path: bytes, saved) -> bool:
    """Whether `path` is (not a symlink to) the file a copy was taken of; a record of before
    the inode was kept says yes (written in place, as then)."""
    if not saved:
        return True
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    return stat.S_ISREG(st.st_mode) and [st.st_dev, st.st_ino] == list(saved)
