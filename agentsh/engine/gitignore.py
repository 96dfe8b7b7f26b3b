"""Is a path ignored by its git repository (`.gitignore` files, `.git/info/exclude`)? Read
through the file view only; a path that cannot be decided is not ignored."""

from __future__ import annotations

import posixpath
import re

from agentsh.engine import globs
from agentsh.lean import lru_cache

MAX_LEVELS = 40


def repo_root(path: str, files) -> str | None:
    """The nearest directory at or above `path`'s parent that holds `.git`."""
    folder = posixpath.dirname(path)
    for _ in range(MAX_LEVELS):
        if files.kind(folder + "/.git" if folder != "/" else "/.git") in ("dir", "file"):
            return folder
        if folder == "/":
            return None
        folder = posixpath.dirname(folder)
    return None


def ignored(path: str, files, is_dir: bool) -> bool:
    """True when git ignores `path` (absolute, symlinks resolved) in its repository."""
    root = repo_root(path, files)
    if root is None or path == root:
        return False
    rel = path[len(root):].lstrip("/")
    if rel == ".git" or rel.startswith(".git/"):
        return False
    parts = rel.split("/")
    # a parent directory that is ignored ignores everything under it (git does not look inside)
    for depth in range(1, len(parts) + 1):
        sub = "/".join(parts[:depth])
        sub_is_dir = depth < len(parts) or is_dir
        verdict = None
        sources = [(root, _before(files, root + "/.git/info/exclude"))]
        for level in range(depth):
            folder = root + ("/" + "/".join(parts[:level]) if level else "")
            sources.append((folder, _before(files, folder + "/.gitignore")))
        for folder, text in sources:
            if not text:
                continue
            base = folder[len(root):].lstrip("/")
            here = sub[len(base) + 1:] if base else sub
            for negate, regex, dir_only in _rules(text):
                if dir_only and not sub_is_dir:
                    continue
                if regex.match(here):
                    verdict = not negate
        if verdict:
            return True
    return False


def _before(files, path: str) -> str | None:
    """An ignore file's text, unless the command line itself wrote, moved or deleted it: an
    ignore rule the line wrote (`echo '*' > .gitignore; rm -rf src`) is the agent's say-so,
    not the repository's (red-team 22, 1.29)."""
    state = getattr(files, "state", None)
    entries = getattr(getattr(state, "files", None), "entry", None)
    if callable(entries) and entries(path) is not None:
        return None
    return files.read(path)


@lru_cache(maxsize=256)
def _rules(text: str) -> tuple[tuple[bool, re.Pattern[str], bool], ...]:
    out = []
    for line in text.splitlines():
        line = line.rstrip()
        if line.endswith("\\") or not line:
            continue
        if line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate or line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        try:
            body = _translate(line)
        except globs.Unsupported:
            # not understood: a pattern that ignores is left out, one that un-ignores
            # un-ignores everything (what is ignored is only ever less)
            if negate:
                out.append((True, re.compile(r".*\Z", re.S), False))
            continue
        prefix = "" if anchored else r"(?:.*/)?"
        out.append((negate, re.compile(prefix + body + r"\Z", re.S), dir_only))
    return tuple(out)


def _translate(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append(r"/.*")
            i += 3
            continue
        piece, i = globs.atom(pattern, i)
        out.append(piece)
    return "".join(out)
