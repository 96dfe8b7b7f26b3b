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
_S_IFMT, _S_IFREG = 0o170000, 0o100000
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


_PROTECTED: dict | None = None
# the files a hard link elsewhere may lead to that rules protect by their place: agentsh's own
# (settings, rules, state), keys and credentials, shell start-up files, agents' settings
_PROTECTED_DIRS = (".ssh", ".aws", ".kube", ".gnupg", ".docker", ".claude", ".config/gcloud",
                   ".config/gh", ".codex", ".gemini", ".cursor")
_PROTECTED_FILES = (".bashrc", ".bash_profile", ".profile", ".bash_login", ".zshrc", ".zshenv",
                    ".gitconfig", ".netrc", ".git-credentials", ".pgpass", ".npmrc", ".pypirc")


def _protected_inodes() -> dict:
    """{(device, inode): path} of the protected files that have other hard links (read once
    per process, and only when a path with more than one link is resolved)."""
    global _PROTECTED
    if _PROTECTED is not None:
        return _PROTECTED
    from agentsh import locations

    env = os.environ
    home = env.get("HOME", "")
    dirs = [os.path.join(f(env), "agentsh") for f in (locations.config_home,
                                                       locations.state_home,
                                                       locations.data_home)]
    dirs += [os.path.join(home, d) for d in _PROTECTED_DIRS] if home.startswith("/") else []
    files = [os.path.join(home, f) for f in _PROTECTED_FILES] if home.startswith("/") else []
    for folder in dirs:
        try:
            with os.scandir(folder) as entries:
                files += [e.path for _, e in zip(range(256), entries)]
        except (OSError, ValueError):
            continue
    found = {}
    for path in files:
        try:
            st = os.stat(path, follow_symlinks=False)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
            found.setdefault((st.st_dev, st.st_ino), path)
    _PROTECTED = found
    return found


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
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return None
        try:
            st = os.stat(real)
        except (OSError, ValueError):
            return real  # missing, or not reachable: no file with other links
        if st.st_nlink > 1 and stat.S_ISREG(st.st_mode):
            # a hard link to a protected file (`ln ~/.config/agentsh/rules.toml r` made earlier,
            # then `: > r`): what is written lands in that file, so it is where the path leads
            return _protected_inodes().get((st.st_dev, st.st_ino), real)
        return real

    def written(self, path: str) -> bool:
        return False

    def edited(self, path: str) -> bool:
        return False

    def glob(self, pattern: str, cwd: str) -> list[str] | None:
        import glob

        if not pattern.startswith("/") and not cwd.startswith("/"):
            return None
        base = "" if pattern.startswith("/") else cwd.rstrip("/") + "/"
        try:
            found = sorted(glob.glob(base + pattern))[:64]
        except (OSError, ValueError, RecursionError):
            return None
        return [f[len(base):] for f in found]

    def which(self, name: str, path_value: str, cwd: str) -> str | None:
        for directory in path_value.split(":"):
            candidate = os.path.join(full_path(directory or ".", cwd), name)
            try:
                if stat.S_ISREG(os.stat(candidate).st_mode) and os.access(candidate, os.X_OK):
                    return candidate
            except (OSError, ValueError):
                continue
        return None

    def program(self, path: str, names: frozenset[str]) -> str | None:
        from agentsh.engine import identity

        return identity.program_of(path, names)


HOST_FILES = HostFiles()


class SeenFiles(HostFiles):
    """The host's files for one check, remembering what was read (see `ScriptReader`)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, str | None] = {}

    def read(self, path: str) -> str | None:
        text = HostFiles.read(self, path)
        if path.startswith("/"):
            self.seen[path] = _digest(text)
        return text


def running_install() -> dict[str, str]:
    """Where the agentsh checking this runs from, as variables the SELF rules name
    (`$AGENTSH_PACKAGE/**`, `$AGENTSH_VENV/**`, `$AGENTSH_PYTHON/**`): its own files are
    protected wherever it was installed, not only in the default places.

    The virtual environment is found from the package's own place (the folder above it that
    holds `pyvenv.cfg`), not from `sys.prefix`: the compiled launcher runs Python with `-S`,
    so `site` never moves `sys.prefix` to the venv, and the launcher, its entry file and the
    venv's `python` were left unprotected (red-team s29: `cp /bin/true .venv/bin/agentsh`
    ran, and the hook that names it then allowed everything). The Python the venv runs on is
    named only when it lies under the user's home (pyenv, uv, conda: files the agent can
    write); elsewhere it would be all of /usr."""
    global _RUNNING
    if _RUNNING is None:
        _RUNNING = _find_install()
    return dict(_RUNNING)


_RUNNING: dict[str, str] | None = None


def _find_install() -> dict[str, str]:
    import sys

    package = os.path.dirname(os.path.abspath(__file__.rsplit("/engine/", 1)[0]
                                              + "/__init__.py"))
    out = {"AGENTSH_PACKAGE": package}
    venv = sys.prefix if sys.prefix != getattr(sys, "base_prefix", sys.prefix) else ""
    if not venv:
        up = package
        for _ in range(5):  # VENV/lib/pythonX.Y/site-packages/agentsh
            up = os.path.dirname(up)
            if os.path.isfile(os.path.join(up, "pyvenv.cfg")):
                venv = up
                break
    if venv:
        out["AGENTSH_VENV"] = venv
    base = os.path.realpath(getattr(sys, "base_prefix", "") or "")
    home = os.path.realpath(os.path.expanduser("~"))
    if base and home not in ("", "/") and base.startswith(home.rstrip("/") + "/"):
        out["AGENTSH_PYTHON"] = base
    return out


def _digest(text: str | None) -> str | None:
    if text is None:  # a start-up file that is not there (~/.psqlrc) costs no import
        return None
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class ScriptReader:
    """`ctx.read_file` at the edge: `read_script`, remembering the sha256 of every file it read
    (None: could not be read) in `seen`, so that an approval can be bound to what it judged."""

    __slots__ = ("cwd", "seen")

    def __init__(self, cwd: str, seen: dict[str, str | None] | None = None) -> None:
        self.cwd = cwd
        self.seen: dict[str, str | None] = {} if seen is None else seen

    def __call__(self, path: str) -> str | None:
        text = read_script(path, self.cwd)
        self.seen[full_path(path, self.cwd)] = _digest(text)
        return text


def make_context(cwd: str, env: dict[str, str], positional: tuple[str, ...] = (),
                 actor: str | None = None, complete_env: bool = False,
                 session=None, gate: str = "", pid: int = 0) -> Context:
    """`session`: the agent's session record (`gate.moves.Session`): the places its earlier
    commands moved something into, and what this line moves is computed to be remembered.
    `pid`: the process ID bash will run the text in (`Context.pid`), 0 when not known."""
    env = {**env, **running_install()}
    files = SeenFiles()
    return Context(cwd=cwd, env=tuple(sorted(env.items())),
                   actor=locations.actor_of(env) if actor is None else actor,
                   read_file=ScriptReader(cwd, files.seen), positional=positional,
                   files=files, complete_env=complete_env,
                   moved=session.places if session is not None else (),
                   keeps_moves=session is not None, gate=gate if complete_env else "",
                   pid=pid)


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True) -> Policy:
    """The policy in effect here (see `policy.cache`); the fast path's index is written beside
    the cache the first time a policy is loaded for these layers."""
    from agentsh.policy import cache

    def keep_index(policy: Policy, deps: list[str], built: bool) -> None:
        from agentsh.engine import fastindex

        if fastindex.needs_writing(cwd, env, thorough=built):
            fastindex.write_index(policy, cwd, env, deps)

    return cache.load_policy(cwd, env, use_cache=use_cache, on_load=keep_index)


def seed_watched(policy: Policy, cwd: str, env: dict[str, str]) -> None:
    """The programs that matter from the fast path's index for these layers (checked against
    every policy source), so the classifier need not derive them again (`programs.watched`,
    about 2.5 M instructions): the shell's full path and every agent hook. Nothing is seeded
    when the rules have errors or there is no valid index: they are then derived as before."""
    if policy.errors:
        return
    from agentsh.engine import fastindex

    seen = fastindex.watched_seen(cwd, env)
    if seen is not None:
        policy.memo("watched_programs", lambda _policy: seen)
