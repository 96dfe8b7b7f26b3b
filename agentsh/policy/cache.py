"""The compiled-policy cache: building the policy reads and checks every TOML layer, so the
result is cached, keyed by every layer file's path, size, mtime and sha256 and by the trust
store, and the common path reads no TOML."""

from __future__ import annotations

import os
import pickle
import sys

from agentsh import __version__, locations
from agentsh.policy.values import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def _sha256():
    """The builtin sha256 module, so no OpenSSL load before every command."""
    try:
        from _sha256 import sha256 as constructor
    except ImportError:
        from hashlib import sha256 as constructor
    return constructor


def _stamp(path: str) -> tuple:
    try:
        st = os.stat(path)
        digest = ""
        if st.st_size < (4 << 20):
            with open(path, "rb") as fh:
                digest = _sha256()(fh.read()).hexdigest()
        return (path, st.st_size, st.st_mtime_ns, digest)
    except OSError:
        return (path, None)


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True,
                on_load: Callable[[Policy, list[str]], None] | None = None) -> Policy:
    """The policy in effect here. `on_load(policy, dependency paths)` runs whenever a policy is
    loaded from the cache or built (the engine writes the fast path's index with it)."""
    system = locations.system_rules(env)
    base = [p for _, p in locations.layer_files(cwd, env, system)] + [locations.trust_file(env)]
    key = _sha256()(repr((__version__, sys.version_info[:2], [_stamp(p) for p in base],
                          env.get("AGENTSH_RULES", ""))).encode()).hexdigest()[:32]
    cache = os.path.join(locations.cache_home(env), "agentsh", f"policy-{key}.pickle")
    if use_cache:
        try:
            with open(cache, "rb") as fh:
                deps, policy = pickle.load(fh)
            if all(_stamp(d[0]) == d for d in deps):
                if on_load is not None:
                    on_load(policy, [d[0] for d in deps])
                return policy
        except Exception:  # a missing, stale or corrupt cache is rebuilt
            pass
    from pathlib import Path

    from agentsh.policy.build import build
    from agentsh.policy.trust import read_trust

    policy, dep_paths = build(cwd, env, system=Path(system), trust=read_trust(env))
    deps = [str(d) for d in dep_paths]
    if use_cache and on_load is not None:
        on_load(policy, deps)
    if use_cache and not policy.errors:
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            tmp = f"{cache}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(([_stamp(d) for d in deps], policy), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError:
            pass
    return policy
