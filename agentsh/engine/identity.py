"""Which program a file really is: `ln -s /bin/rm x; ./x -rf DIR` and `cp /bin/rm /tmp/r;
/tmp/r -rf DIR` run `rm` under another name. A file is a watched program when its real path
(symlinks followed) carries that program's name, or when it is the same file as (a hard link)
or a byte-for-byte copy of that program's binary in the system directories.

Part of the engine's edge (`runtime.Files.program`): it reads the file system. The binaries'
identities are gathered once per process, and only when a command is run by a path that is
not itself a watched program's name."""

from __future__ import annotations

import os

SYSTEM_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
COMPARE_CAP = 64 << 20  # bytes: a copy larger than this is not compared

_known: dict[frozenset[str], tuple[dict, dict]] = {}


def _binaries(names: frozenset[str]) -> tuple[dict, dict]:
    """(device, inode) -> name and size -> [(path, name)] for the watched programs' binaries."""
    if names in _known:
        return _known[names]
    by_inode: dict[tuple[int, int], str] = {}
    by_size: dict[int, list[tuple[str, str]]] = {}
    seen_dirs = set()
    for directory in SYSTEM_DIRS:
        real = os.path.realpath(directory)
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        for name in names:
            path = os.path.join(real, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            if st.st_mode & 0o170000 != 0o100000:
                continue
            by_inode.setdefault((st.st_dev, st.st_ino), name)
            by_size.setdefault(st.st_size, []).append((path, name))
    _known[names] = (by_inode, by_size)
    return by_inode, by_size


def _same_bytes(a: str, b: str) -> bool:
    """Byte for byte the same (the standard library's comparison, never a shallow one)."""
    import filecmp

    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def real_name(path: str) -> str:
    """The file name at the end of the symlinks, with `.exe` and version suffixes dropped the
    way rules name programs (`python3.11` is `python3`)."""
    name = os.path.basename(os.path.realpath(path))
    if name.lower().endswith(".exe"):
        name = name[:-4]
    return name


def program_of(path: str, names: frozenset[str]) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_mode & 0o170000 != 0o100000:
        return None
    name = real_name(path)
    if name in names:
        return name
    by_inode, by_size = _binaries(names)
    hit = by_inode.get((st.st_dev, st.st_ino))
    if hit is not None:
        return hit
    if st.st_size > COMPARE_CAP:
        return None
    for binary, candidate in by_size.get(st.st_size, ()):
        if _same_bytes(path, binary):
            return candidate
    return None
