"""`gcloud storage buckets update --lifecycle-file F`: the option holds a file name, and the
lifecycle rules are in the file. Before session 29 the file's name was read as the rules
themselves (no JSON: nothing found), so a rule deleting every object a day old ran unasked,
while the same file through `gsutil lifecycle set` asked. Run as the agent, with a stand-in
gcloud that records that it ran."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

EXPIRE = '{"rule": [{"action": {"type": "Delete"}, "condition": {"age": 1}}]}\n'
ARCHIVE = '{"rule": [{"action": {"type": "SetStorageClass", "storageClass": "NEARLINE"}, ' \
          '"condition": {"age": 30}}]}\n'


@pytest.fixture
def rig(tmp_path: Path, agent_home: Path) -> tuple[Path, dict[str, str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "ran.log"
    (bin_dir / "gcloud").write_text(f"#!/bin/sh\necho \"$*\" >> {log}\n")
    (bin_dir / "gcloud").chmod(0o755)
    (tmp_path / "expire.json").write_text(EXPIRE)
    (tmp_path / "archive.json").write_text(ARCHIVE)
    env = clean_env(agent_home, CLAUDECODE="1")
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    return tmp_path, env, log


@pytest.mark.parametrize("option", ["--lifecycle-file=expire.json", "--lifecycle-file expire.json"])
def test_a_lifecycle_file_that_deletes_asks(agentsh_bin: str, rig, option: str) -> None:
    work, env, log = rig
    done = run_as_agent(agentsh_bin, f"gcloud storage buckets update gs://prod-data {option}",
                        work, env)
    assert b"DATA002" in assert_blocked(done)
    assert not log.exists()


def test_a_lifecycle_file_that_only_archives_runs(agentsh_bin: str, rig) -> None:
    work, env, log = rig
    done = run_as_agent(agentsh_bin, "gcloud storage buckets update gs://b "
                        "--lifecycle-file archive.json", work, env)
    assert done.returncode == 0, done.stderr
    assert "--lifecycle-file archive.json" in log.read_text()
