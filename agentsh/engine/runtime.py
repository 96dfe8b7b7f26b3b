"""The engine's edge to the world: the policy in effect (cached, with the fast path's index kept
beside it), the context of the calling process (working directory, environment, who is asking),
and reading scripts for the pure core."""

from __future__ import annotations

import os

from agentsh import locations
from agentsh.engine.model import Context
from agentsh.policy.values import Policy

SCRIPT_CAP = 1 << 20  # bytes of a script or body file agentsh reads to check it
_S_IFMT, _S_IFREG, _S_IFDIR, _S_IFIFO, _S_IFSOCK = 0o170000, 0o100000, 0o040000, 0o010000, 0o140000
# Paths that name a process's own file descriptors: opening one reads the checker's stdin (or
# another stream it holds), never what the checked command will read.
_STREAM_PREFIXES = ("/dev/stdin", "/dev/fd/", "/dev/stdout", "/dev/stderr", "/proc/self/fd/",
                    "/proc/thread-self/fd/", "/dev/tty", "/dev/tcp/", "/dev/udp/")


def full_path(path: str, cwd: str) -> str:
    return path if path.startswith("/") else os.path.join(cwd, path)


def is_stream_path(path: str) -> bool:
    """`/dev/stdin`, `/dev/fd/N`, `/proc/PID/fd/N`, `/dev/tty`: a stream, not a file."""
    if path.startswith(_STREAM_PREFIXES) or path in ("/dev/stdin", "/dev/tty"):
        return True
    parts = path.split("/")
    return len(parts) >= 5 and parts[1] == "proc" and parts[3] == "fd"


def read_regular(full: str, cap: int) -> bytes | None:
    """Up to `cap` + 1 bytes of a regular file, or None for anything else. The file is checked
    before it is opened and again through the open descriptor, and opened without blocking, so
    a pipe, a device or a terminal is never opened or read (opening a FIFO blocks until a
    writer comes; opening some devices has effects of its own)."""
    try:
        st = os.stat(full)
        if st.st_mode & _S_IFMT != _S_IFREG:
            return None
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        again = os.fstat(fd)
        if again.st_mode & _S_IFMT != _S_IFREG or (again.st_dev, again.st_ino) != \
                (st.st_dev, st.st_ino):
            return None
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 16, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_script(path: str, cwd: str) -> str | None:
    """A script's text for checking, or None when it cannot be read, is not a regular file, is
    a stream (`/dev/stdin`), or is too big or binary."""
    if is_stream_path(path):
        return None
    data = read_regular(full_path(path, cwd), SCRIPT_CAP)
    if data is None or len(data) > SCRIPT_CAP or b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


class Files:
    """What the pure core may ask about paths without reading them (`Context.files`): what
    kind of file a path is, what a glob matches, where PATH finds a name, and which program a
    file really is (a symlink, hard link or copy of `rm` is `rm`)."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd

    def kind(self, path: str) -> str:
        """'file', 'dir', 'missing', 'fifo', 'device', 'socket' or 'stream' (`/dev/stdin`)."""
        if is_stream_path(path):
            return "stream"
        try:
            mode = os.stat(full_path(path, self.cwd)).st_mode & _S_IFMT
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "unreadable"
        return {_S_IFREG: "file", _S_IFDIR: "dir", _S_IFIFO: "fifo",
                _S_IFSOCK: "socket"}.get(mode, "device")

    def glob(self, pattern: str) -> list[str]:
        """What bash makes of an unquoted pattern here, sorted; [] when nothing matches."""
        import glob

        base = "" if pattern.startswith("/") else self.cwd + "/"
        try:
            found = sorted(glob.glob(base + pattern))[:64]
        except (OSError, ValueError, RecursionError):
            return []
        return [f[len(base):] for f in found]

    def which(self, name: str, path_value: str) -> str | None:
        """The file PATH (`path_value`) finds for a command name, as bash would."""
        for directory in path_value.split(":"):
            candidate = os.path.join(full_path(directory or ".", self.cwd), name)
            try:
                if os.stat(candidate).st_mode & _S_IFMT == _S_IFREG and \
                        os.access(candidate, os.X_OK):
                    return candidate
            except OSError:
                continue
        return None

    def program(self, path: str, names: frozenset[str]) -> str | None:
        """The program among `names` that the file at `path` is: by its real name through
        symlinks, or by being the same file as (a hard link) or a byte-for-byte copy of that
        program's binary in the system directories. None when it is none of them."""
        from agentsh.engine import identity

        return identity.program_of(full_path(path, self.cwd), names)


def make_context(cwd: str, env: dict[str, str], positional: tuple[str, ...] = (),
                 actor: str | None = None) -> Context:
    return Context(cwd=cwd, env=tuple(sorted(env.items())),
                   actor=locations.actor_of(env) if actor is None else actor,
                   read_file=lambda p: read_script(p, cwd), positional=positional,
                   files=Files(cwd))


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True) -> Policy:
    """The policy in effect here (see `policy.cache`); the fast path's index is written beside
    the cache the first time a policy is loaded for these layers."""
    from agentsh.policy import cache

    def keep_index(policy: Policy, deps: list[str]) -> None:
        if not os.path.exists(locations.fast_index_path(cwd, env)):
            from agentsh.engine import fastindex

            fastindex.write_index(policy, cwd, env, deps)

    return cache.load_policy(cwd, env, use_cache=use_cache, on_load=keep_index)
