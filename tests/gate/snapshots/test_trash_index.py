"""The trash's index (gate/snapshots/trash.py): taking a snapshot reads one small file, not every
manifest in the trash, so an overwrite costs the same after hundreds of snapshots; any change the
index did not see (an undo, a purge, a person removing a folder) makes it read the manifests
again, and what it says is then right."""

from __future__ import annotations

import os
import shutil

import pytest

from agentsh.engine.model import Snap
from agentsh.gate.snapshots import take, trash
from agentsh.policy.values import Snapshots


@pytest.fixture
def setup(tmp_path):
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    os.makedirs(env["HOME"])
    work = tmp_path / "work"
    work.mkdir()
    return env, work


DEFAULTS = Snapshots()


def snap(env, work, name: str, now: float, settings=DEFAULTS) -> take.Result:
    (work / name).write_text("x" * 100)
    result = take.take((Snap("copy", str(work / name), ("overwrite",)),), settings, env,
                       command=f"echo y > {name}", cwd=str(work), now=now)
    assert result.ok, result.reason
    return result


def count_manifest_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = trash.read_manifest

    def counting(folder: str):
        reads.append(folder)
        return real(folder)

    monkeypatch.setattr(trash, "read_manifest", counting)
    return reads


def test_a_snapshot_reads_no_manifest_once_the_index_is_written(setup, monkeypatch) -> None:
    env, work = setup
    for n in range(20):
        snap(env, work, f"f{n}", 1000.0 + n)
    reads = count_manifest_reads(monkeypatch)
    snap(env, work, "last", 1100.0)
    assert reads == []
    index = trash.Index.load(trash.root(Snapshots(), env))
    assert not index.fresh and index.count == 21 and index.bytes == 21 * 100


def test_a_change_the_index_did_not_see_makes_it_read_the_manifests(setup, monkeypatch) -> None:
    env, work = setup
    first = snap(env, work, "a", 1000.0)
    snap(env, work, "b", 1001.0)
    root = trash.root(Snapshots(), env)
    shutil.rmtree(os.path.join(root, first.id))  # a person removes one
    reads = count_manifest_reads(monkeypatch)
    index = trash.Index.load(root)
    assert index.fresh and index.count == 1 and index.bytes == 100
    assert reads  # the manifests were read
    snap(env, work, "c", 1002.0)
    index = trash.Index.load(root)  # and the index written again
    assert not index.fresh and index.count == 2


def test_expiry_and_the_budget_use_the_index(setup) -> None:
    env, work = setup
    old = snap(env, work, "a", 1000.0)
    snap(env, work, "b", 1000.0 + 47 * 3600)
    later = snap(env, work, "c", 1000.0 + 49 * 3600)  # a is past the 48 h retention now
    root = trash.root(Snapshots(), env)
    assert old.id in later.expired and not os.path.exists(os.path.join(root, old.id))
    index = trash.Index.load(root)
    assert not index.fresh and index.count == 2 and index.bytes == 200
    full = Snapshots(trash_bytes=200)
    (work / "d").write_text("x")
    refused = take.take((Snap("copy", str(work / "d"), ("overwrite",)),), full, env,
                        command="echo y > d", cwd=str(work), now=1000.0 + 49 * 3600 + 1)
    assert not refused.ok and "full" in refused.reason


def test_the_index_agrees_with_the_manifests_as_snapshots_expire(setup) -> None:
    env, work = setup
    settings = Snapshots(retention_hours=2)
    root = trash.root(settings, env)
    for n in range(8):
        snap(env, work, f"f{n}", 1000.0 + n * 3600, settings)
        index = trash.Index.load(root)
        held = trash.entries(root)
        assert not index.fresh and index.count == len(held) == min(n + 1, 3)
        assert index.bytes == trash.held_bytes(held)
