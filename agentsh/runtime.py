"""The edge between the pure core and the world: the policy on disk (cached), the context of the
calling process (working directory, environment, who is asking), and reading scripts."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from pathlib import Path

from agentsh import __version__
from agentsh.model import Context
from agentsh.policy import Policy, build, layer_paths

SCRIPT_CAP = 1 << 20  # bytes of a script or body file agentsh reads to check it
AGENT_MARKERS = ("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CURSOR_AGENT", "CURSOR_TRACE_ID",
                 "CODEX_SANDBOX", "CODEX_MANAGED_BY_NPM", "CODEX_HOME", "GEMINI_CLI",
                 "AIDER_MODEL", "OPENHANDS", "AGENTSH_ACTOR_AGENT")


def state_home(env: dict[str, str]) -> Path:
    return Path(env.get("XDG_STATE_HOME") or Path(env.get("HOME", "/")) / ".local" / "state")


def data_home(env: dict[str, str]) -> Path:
    return Path(env.get("XDG_DATA_HOME") or Path(env.get("HOME", "/")) / ".local" / "share")


def cache_home(env: dict[str, str]) -> Path:
    return Path(env.get("XDG_CACHE_HOME") or Path(env.get("HOME", "/")) / ".cache")


def trust_path(env: dict[str, str]) -> Path:
    return data_home(env) / "agentsh" / "trust.json"


def read_trust(env: dict[str, str]) -> dict[str, str]:
    try:
        data = json.loads(trust_path(env).read_text())
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def read_script(path: str, cwd: str) -> str | None:
    """A script's text for checking, or None when it cannot be read or is too big or binary."""
    full = path if path.startswith("/") else os.path.join(cwd, path)
    try:
        with open(full, "rb") as fh:
            data = fh.read(SCRIPT_CAP + 1)
    except OSError:
        return None
    if len(data) > SCRIPT_CAP or b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


def actor_of(env: dict[str, str]) -> str:
    if any(env.get(k) for k in AGENT_MARKERS) or any(k.startswith("CODEX_") for k in env):
        return "agent"
    return ""


def make_context(cwd: str, env: dict[str, str], positional: tuple[str, ...] = (),
                 actor: str | None = None) -> Context:
    return Context(cwd=cwd, env=tuple(sorted(env.items())),
                   actor=actor_of(env) if actor is None else actor,
                   read_file=lambda p: read_script(p, cwd), positional=positional)


# ------------------------------------------------------------------ the compiled-policy cache


def _stamp(path: Path) -> tuple:
    try:
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if st.st_size < (4 << 20) else ""
        return (str(path), st.st_size, st.st_mtime_ns, digest)
    except OSError:
        return (str(path), None)


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True) -> Policy:
    """The policy in effect here. The compiled result is cached, keyed by every layer file's
    path, size, mtime and hash and by the trust store, so the common path reads no TOML."""
    system = Path(env.get("AGENTSH_SYSTEM_RULES", "/etc/agentsh/rules.toml"))
    trust_file = trust_path(env)
    base = [p for _, p in layer_paths(cwd, env, system)] + [trust_file]
    key = hashlib.sha256(repr((__version__, sys.version_info[:2], [_stamp(p) for p in base],
                               env.get("AGENTSH_RULES", ""))).encode()).hexdigest()[:32]
    cache = cache_home(env) / "agentsh" / f"policy-{key}.pickle"
    if use_cache:
        try:
            with open(cache, "rb") as fh:
                deps, policy = pickle.load(fh)
            if all(_stamp(Path(d[0])) == d for d in deps):
                return policy
        except Exception:  # a missing, stale or corrupt cache is rebuilt
            pass
    policy, deps = build(cwd, env, system=system, trust=read_trust(env))
    if use_cache and not policy.errors:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(([_stamp(d) for d in deps], policy), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError:
            pass
    return policy
