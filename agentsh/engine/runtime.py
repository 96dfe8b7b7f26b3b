"""The engine's edge to the world: the policy in effect (cached, with the fast path's index kept
beside it), the context of the calling process (working directory, environment, who is asking),
and reading scripts for the pure core."""

from __future__ import annotations

import os
import stat

from agentsh import locations
from agentsh.engine.model import Context
from agentsh.policy.values import Policy

SCRIPT_CAP = 1 << 20  # bytes of a script or body file agentsh reads to check it


def read_script(path: str, cwd: str) -> str | None:
    """A script's text for checking, or None when it cannot be read, is too big or binary, or is
    not a regular file (a FIFO, a device or a terminal is never opened: that would block or eat
    someone's input)."""
    full = path if path.startswith("/") else os.path.join(cwd, path)
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(SCRIPT_CAP + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > SCRIPT_CAP or b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


_KINDS = ((stat.S_ISLNK, "symlink"), (stat.S_ISDIR, "dir"), (stat.S_ISREG, "file"),
          (stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "char"), (stat.S_ISBLK, "block"),
          (stat.S_ISSOCK, "socket"))


class HostFiles:
    """The file view over the real file system (see `model.NullFiles` for the interface).
    Paths are absolute; nothing is ever written, and no FIFO or device is opened."""

    __slots__ = ()
    knows_files = True

    def read(self, path: str) -> str | None:
        if not path.startswith("/"):
            return None
        return read_script(path, "/")

    def kind(self, path: str) -> str:
        if not path.startswith("/"):
            return "unknown"
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return "missing"
        except (OSError, ValueError):
            return "unknown"
        kind = next((name for test, name in _KINDS if test(mode)), "unknown")
        if kind == "dir" and not os.access(path, os.X_OK):
            return "unknown"  # a directory this user cannot enter: `cd` into it fails
        return kind

    def realpath(self, path: str) -> str | None:
        if not path.startswith("/"):
            return None
        try:
            return os.path.realpath(path)
        except (OSError, ValueError):
            return None


HOST_FILES = HostFiles()


def make_context(cwd: str, env: dict[str, str], positional: tuple[str, ...] = (),
                 actor: str | None = None) -> Context:
    return Context(cwd=cwd, env=tuple(sorted(env.items())),
                   actor=locations.actor_of(env) if actor is None else actor,
                   read_file=lambda p: read_script(p, cwd), positional=positional,
                   files=HOST_FILES)


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True) -> Policy:
    """The policy in effect here (see `policy.cache`); the fast path's index is written beside
    the cache the first time a policy is loaded for these layers."""
    from agentsh.policy import cache

    def keep_index(policy: Policy, deps: list[str]) -> None:
        from agentsh.engine import fastindex

        if fastindex.load_index(cwd, env) is None:  # missing, stale or not agentsh's own
            fastindex.write_index(policy, cwd, env, deps)

    return cache.load_policy(cwd, env, use_cache=use_cache, on_load=keep_index)
