"""Snapshot tests run as the agent would: no terminal, an agent's marker set, victims under a
temporary home; snapshots on (the gate tests around them turn them off)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import clean_env


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return clean_env(home)
