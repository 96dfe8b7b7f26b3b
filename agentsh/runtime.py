"""The edge between the pure core and the world: the policy on disk (cached), the context of the
calling process (working directory, environment, who is asking), and reading scripts."""

from __future__ import annotations

import os
import pickle
import sys

from agentsh import __version__, jsonl, locations
from agentsh.model import Context
from agentsh.policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

SCRIPT_CAP = 1 << 20  # bytes of a script or body file agentsh reads to check it
def trust_path(env: dict[str, str]) -> Path:
    from pathlib import Path

    return Path(locations.trust_file(env))


def read_trust(env: dict[str, str]) -> dict[str, str]:
    import json

    try:
        with open(locations.trust_file(env), encoding="utf-8") as fh:
            data = json.load(fh)
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


actor_of = locations.actor_of


def make_context(cwd: str, env: dict[str, str], positional: tuple[str, ...] = (),
                 actor: str | None = None) -> Context:
    return Context(cwd=cwd, env=tuple(sorted(env.items())),
                   actor=actor_of(env) if actor is None else actor,
                   read_file=lambda p: read_script(p, cwd), positional=positional)


# ------------------------------------------------------------------ the compiled-policy cache


def _stamp(path: str) -> tuple:
    try:
        st = os.stat(path)
        digest = ""
        if st.st_size < (4 << 20):
            with open(path, "rb") as fh:
                digest = jsonl.sha256()(fh.read()).hexdigest()
        return (path, st.st_size, st.st_mtime_ns, digest)
    except OSError:
        return (path, None)


def _fast_index(policy: Policy, cwd: str, env: dict[str, str], deps: list[str]) -> None:
    from agentsh import fastpath

    if not os.path.exists(fastpath.index_path(cwd, env)):
        fastpath.write_index(policy, cwd, env, deps)


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True) -> Policy:
    """The policy in effect here. The compiled result is cached, keyed by every layer file's
    path, size, mtime and hash and by the trust store, so the common path reads no TOML."""
    system = locations.system_rules(env)
    base = [p for _, p in locations.layer_files(cwd, env, system)] + [locations.trust_file(env)]
    key = jsonl.sha256()(repr((__version__, sys.version_info[:2], [_stamp(p) for p in base],
                          env.get("AGENTSH_RULES", ""))).encode()).hexdigest()[:32]
    cache = os.path.join(locations.cache_home(env), "agentsh", f"policy-{key}.pickle")
    if use_cache:
        try:
            with open(cache, "rb") as fh:
                deps, policy = pickle.load(fh)
            if all(_stamp(d[0]) == d for d in deps):
                _fast_index(policy, cwd, env, [d[0] for d in deps])
                return policy
        except Exception:  # a missing, stale or corrupt cache is rebuilt
            pass
    from pathlib import Path

    from agentsh.policy_build import build

    policy, dep_paths = build(cwd, env, system=Path(system), trust=read_trust(env))
    deps = [str(d) for d in dep_paths]
    if use_cache:
        _fast_index(policy, cwd, env, deps)
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
