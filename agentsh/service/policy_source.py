"""The policy the service decides with: the built-in and system layers from root-owned files,
and the agent's own layers (user, team, project), sent by the client and applied tighten-only
unless the service's trust store holds their exact content. Compiled policies are kept in
memory, keyed by every layer's content."""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from pathlib import Path

from agentsh import locations
from agentsh.policy.build import build
from agentsh.policy.values import Policy

KEEP = 32  # compiled policies kept in memory


class NeedFile(Exception):
    """The policy or the check needs a file only the client can read."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def read_trust(path: str) -> dict[str, str]:
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def trusted_on_disk(path: Path) -> bool:
    """A file the service may read itself: owned by root (or the service) and writable by no
    one else."""
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid in (0, os.getuid()) and not st.st_mode & 0o022


class PolicySource:
    def __init__(self, paths: locations.Protected) -> None:
        self.paths = paths
        self._kept: OrderedDict[str, tuple[Policy, list]] = OrderedDict()

    def policy(self, layers: list, files: dict) -> Policy:
        """The policy for these client layers and file contents; NeedFile when a layer includes
        a file the client has not sent."""
        client = [(str(n), Path(str(p))) for n, p in layers
                  if n in ("user", "team", "project") and isinstance(p, str)]
        digests = [(n, str(p), hashlib.sha256(str(files.get(str(p), "")).encode(
            "utf-8", "surrogateescape")).hexdigest()) for n, p in client]
        trust = read_trust(self.paths.trust)
        key = hashlib.sha256(repr((digests, sorted(files), sorted(trust.items()))).encode(
            "utf-8", "surrogateescape")).hexdigest()
        kept = self._kept.get(key)
        if kept is not None and all(locations.source_agrees(s) for s in kept[1]):
            self._kept.move_to_end(key)
            return kept[0]
        order = [("builtin", Path(locations.builtin_rules())),
                 ("system", Path(self.paths.system_rules))] + client

        def read(path: Path, tighten_only: bool) -> bytes:
            if not tighten_only:  # built-in, system and what they include: root's files only
                if not trusted_on_disk(path):
                    raise PermissionError(f"{path}: not root-owned, or writable by others")
                return path.read_bytes()
            text = files.get(str(path))
            if text is not None:
                return text.encode("utf-8", "surrogateescape")
            if str(path) in files:
                raise FileNotFoundError(f"{path}: not readable by the agent's user")
            raise NeedFile(str(path))

        layer_list = [(n, p) for n, p in order if n != "system" or p.exists()]
        policy, deps = build("/", {"HOME": "/nonexistent"}, layers=layer_list, read=read,
                             trust=trust, untrusted=frozenset(("user", "team", "project")))
        stamps = [locations.source_stamp(str(p)) for p in deps if trusted_on_disk(p)]
        stamps.append(locations.source_stamp(self.paths.trust))
        self._kept[key] = (policy, stamps)
        while len(self._kept) > KEEP:
            self._kept.popitem(last=False)
        return policy
