"""The engine's edge to the world: the policy in effect (cached, with the fast path's index kept
beside it), the context of the calling process (working directory, environment, who is asking),
and reading scripts for the pure core."""

from __future__ import annotations

import os

from agentsh import locations
from agentsh.engine.model import Context
from agentsh.policy.values import Policy

SCRIPT_CAP = 1 << 20  # bytes of a script or body file agentsh reads to check it


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


def make_context(cwd: str, env: dict[str, str], positional: tuple[str, ...] = (),
                 actor: str | None = None) -> Context:
    return Context(cwd=cwd, env=tuple(sorted(env.items())),
                   actor=locations.actor_of(env) if actor is None else actor,
                   read_file=lambda p: read_script(p, cwd), positional=positional)


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True) -> Policy:
    """The policy in effect here (see `policy.cache`); the fast path's index is written beside
    the cache the first time a policy is loaded for these layers."""
    from agentsh.policy import cache

    def keep_index(policy: Policy, deps: list[str]) -> None:
        from agentsh.engine import fastindex

        if fastindex.load_index(cwd, env) is None:  # missing, stale or not agentsh's own
            fastindex.write_index(policy, cwd, env, deps)

    return cache.load_policy(cwd, env, use_cache=use_cache, on_load=keep_index)
