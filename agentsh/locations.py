"""Where agentsh's files and the real bash are, and who is asking: plain functions of the
environment that both the fast path and the full path use. A leaf: imports only builtins."""

from __future__ import annotations

import os
import sys

SELF = ""  # the launcher's own path, when the compiled launcher tells it (see cli.entry)
PROTECTED_ROOT = ""  # a protected install's root ("/"), set by its root-owned entry file
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
FAST_INDEX_MAGIC = "agentsh-fast-index"
FAST_INDEX_VERSION = 6  # the fast path's index format (frontends.fastpath, engine.fastindex)
AGENT_MARKERS = ("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CURSOR_AGENT", "CURSOR_TRACE_ID",
                 "CODEX_SANDBOX", "CODEX_MANAGED_BY_NPM", "CODEX_HOME", "GEMINI_CLI",
                 "AIDER_MODEL", "OPENHANDS", "AGENTSH_ACTOR_AGENT")


def _home(env) -> str:
    return env.get("HOME", "/")


def config_home(env) -> str:
    return env.get("XDG_CONFIG_HOME") or os.path.join(_home(env), ".config")


def state_home(env) -> str:
    return env.get("XDG_STATE_HOME") or os.path.join(_home(env), ".local", "state")


def data_home(env) -> str:
    return env.get("XDG_DATA_HOME") or os.path.join(_home(env), ".local", "share")


def cache_home(env) -> str:
    return env.get("XDG_CACHE_HOME") or os.path.join(_home(env), ".cache")


def trust_file(env) -> str:
    return os.path.join(data_home(env), "agentsh", "trust.json")


def builtin_rules() -> str:
    for candidate in (os.path.join(PACKAGE_DIR, "rules.toml"),
                      os.path.join(os.path.dirname(PACKAGE_DIR), "rules.toml")):
        if os.path.isfile(candidate):
            return candidate
    return os.path.join(PACKAGE_DIR, "rules.toml")


def system_rules(env) -> str:
    return env.get("AGENTSH_SYSTEM_RULES", "/etc/agentsh/rules.toml")


def project_rules(cwd: str, env) -> str | None:
    """`.agentsh/rules.toml` in the working directory or above it, up to the home directory."""
    home = _home(env)
    folder = cwd
    while True:
        candidate = os.path.join(folder, ".agentsh", "rules.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if folder == home or parent == folder:
            return None
        folder = parent


def layer_files(cwd: str, env, system: str | None = None) -> list[tuple[str, str]]:
    """(layer name, path) of the layer files that exist, before includes, in order."""
    out = [("builtin", builtin_rules())]
    system = system or system_rules(env)
    if os.path.isfile(system):
        out.append(("system", system))
    user = os.path.join(config_home(env), "agentsh", "rules.toml")
    if os.path.isfile(user):
        out.append(("user", user))
    for item in filter(None, env.get("AGENTSH_RULES", "").split(os.pathsep)):
        out.append(("team", os.path.expanduser(item)))
    project = project_rules(cwd, env)
    if project is not None:
        out.append(("project", project))
    return out


def ancestry(pid: int | None = None, depth: int = 6) -> str:
    """A one-line summary of the processes above `pid` (default: this one's parent), read from
    /proc: `bash(812) < claude(640) < node(601)`, so the log says which agent asked."""
    out = []
    pid = os.getppid() if pid is None else pid
    for _ in range(depth):
        if pid <= 1:
            break
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            break
        name = stat[stat.find("(") + 1 : stat.rfind(")")]
        out.append(f"{name}({pid})")
        pid = int(stat[stat.rfind(")") + 2 :].split()[1])
    return " < ".join(out)


def process_identity(pid: int) -> str:
    """`PID:START` (its start time in clock ticks since boot, from /proc): names one process even
    after its pid is reused. '' when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            stat = fh.read()
        return f"{pid}:{stat[stat.rfind(')') + 2:].split()[19]}"
    except (OSError, IndexError):
        return ""


def actor_of(env) -> str:
    if any(env.get(k) for k in AGENT_MARKERS) or any(k.startswith("CODEX_") for k in env):
        return "agent"
    return ""


# ------------------------------------------------------------------ protected mode

PROTECTED_CONF = os.path.join("etc", "agentsh", "protected.conf")


def protected_root() -> str:
    """The install root when agentsh runs in protected mode, else ''. A protected install's
    launcher says so itself (its entry file is root-owned); any other agentsh on the machine
    follows a root-owned /etc/agentsh/protected.conf. Never from the environment: the agent's
    user could set that."""
    if PROTECTED_ROOT:
        return PROTECTED_ROOT
    try:
        st = os.stat(os.path.join("/", PROTECTED_CONF))
    except OSError:
        return ""
    return "/" if st.st_uid == 0 and not st.st_mode & 0o022 else ""


def under(root: str, *parts: str) -> str:
    return os.path.join(root, *parts)


class Protected:
    """Where protected mode keeps everything, under an install root (`/` in production, a
    prefix in tests): root-owned code and policy, the service's own state, cache and log."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.conf = under(root, PROTECTED_CONF)
        self.etc = under(root, "etc", "agentsh")
        self.system_rules = under(root, "etc", "agentsh", "rules.toml")
        self.run = under(root, "run", "agentsh")
        self.socket = under(root, "run", "agentsh", "gate.sock")
        self.state = under(root, "var", "lib", "agentsh")
        self.totp = under(root, "var", "lib", "agentsh", "totp.json")
        self.trust = under(root, "var", "lib", "agentsh", "trust.json")
        self.heads = under(root, "var", "lib", "agentsh", "audit-heads")
        self.cache = under(root, "var", "cache", "agentsh")
        self.log_dir = under(root, "var", "log", "agentsh")
        self.log = under(root, "var", "log", "agentsh", "audit.jsonl")

    def config(self) -> dict[str, str]:
        """`key = value` lines of protected.conf (service_user, users)."""
        out = {}
        try:
            with open(self.conf, encoding="utf-8") as fh:
                for line in fh:
                    key, sep, value = line.partition("=")
                    if sep and not key.strip().startswith("#"):
                        out[key.strip()] = value.strip()
        except OSError:
            pass
        return out


# ------------------------------------------------------------------ programs


def real_bash(setting: str, env: dict[str, str]) -> str:
    """The bash to exec: never agentsh itself (a `bash` shim that points back here would loop)."""
    candidates = [env.get("AGENTSH_BASH", ""), setting, "/bin/bash", "/usr/bin/bash",
                  "/usr/local/bin/bash", "/opt/homebrew/bin/bash"]
    me = {os.path.realpath(sys.argv[0]), os.path.realpath(sys.executable)}
    if SELF:
        me.add(os.path.realpath(SELF))
    for path in candidates:
        if path and os.path.isabs(path) and os.access(path, os.X_OK):
            real = os.path.realpath(path)
            if real in me or _is_agentsh_launcher(real):
                continue
            return path
    raise FileNotFoundError("no real bash found (set settings.bash in rules.toml)")


def _is_agentsh_launcher(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(256)
    except OSError:
        return False
    return head.startswith(b"#!") and b"agentsh" in head.split(b"\n", 1)[0] + head


def self_path(argv0: str) -> str:
    if SELF:
        return SELF
    name = argv0.lstrip("-")
    if "/" in name:
        return os.path.abspath(name)
    import shutil

    return shutil.which(name) or os.path.abspath(sys.argv[0])


# ------------------------------------------------------------------ caches and their sources


def sha256():
    """The builtin sha256 module, so no OpenSSL load before every command."""
    try:
        from _sha256 import sha256 as constructor
    except ImportError:
        from hashlib import sha256 as constructor
    return constructor


def source_stamp(path: str) -> list:
    """[path, size, sha256, inode, ctime] of a file a cache was built from, or
    [path, None, "", 0, 0] when it does not exist."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except OSError:
        return [path, None, "", 0, 0]
    return [path, len(data), sha256()(data).hexdigest(), st.st_ino, st.st_ctime_ns]


def source_agrees(recorded) -> bool:
    """Does a source file still hold what it held when a cache was written? The same inode and
    change time mean no byte was written since (no user can set a change time back); else its
    sha256 decides. Caches are never trusted over their sources."""
    if type(recorded) is not list or len(recorded) != 5 or type(recorded[0]) is not str:
        return False
    try:
        st = os.stat(recorded[0])
    except OSError:
        return recorded[1] is None
    if (st.st_size, st.st_ino, st.st_ctime_ns) == (recorded[1], recorded[3], recorded[4]):
        return True
    return source_stamp(recorded[0])[1:3] == recorded[1:3]


# ------------------------------------------------------------------ the fast path's index


def file_stamp(path: str) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (path, None)
    return (path, st.st_size, st.st_mtime_ns, st.st_ino)


def fast_index_path(cwd: str, env) -> str:
    import zlib

    layers = [p for _, p in layer_files(cwd, env)] + [trust_file(env)]
    key = repr((FAST_INDEX_VERSION, [file_stamp(p) for p in layers], env.get("AGENTSH_RULES", ""),
                sys.version_info[:2]))
    return os.path.join(cache_home(env), "agentsh",
                        f"fast-{zlib.crc32(key.encode()):08x}.index")
