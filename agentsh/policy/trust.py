"""The trust store: which project rules files a person has trusted, by path and sha256 of their
exact content (any change voids the trust)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from agentsh import locations


def trust_path(env: dict[str, str]) -> Path:
    return Path(locations.trust_file(env))


def read_trust(env: dict[str, str]) -> dict[str, str]:
    try:
        with open(locations.trust_file(env), encoding="utf-8") as fh:
            data = json.load(fh)
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_trust(path: Path, store: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(store, indent=2, sort_keys=True) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
