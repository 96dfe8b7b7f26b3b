"""The interactive shell checks each line in the state the live shell holds: a name hashed to
a planted script, a PATH or an exported BASH_ENV set by an earlier line (red-team s29,
bench/redteam/attack-2026-11-30-s29-gate.md: each ran `rm -rf victim` unasked in the next
line, since a line was judged as if typed into a fresh shell). Run in a real terminal (tmux)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.frontends.test_interactive_gate import deny

STEPS = {
    "hash-p": ["hash -p {job} ls", "ls"],
    "bash-env": ["export BASH_ENV={job}", "bash -c true"],
    "path": ["mkdir -p bin && cp {job} bin/ls && chmod +x bin/ls", "PATH={tmp}/bin:$PATH", "ls"],
}


@pytest.mark.parametrize("name", list(STEPS))
def test_state_set_by_one_line_is_seen_by_the_next(screen, tmp_path: Path, name: str) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "file").write_text("precious")
    job = tmp_path / "job.sh"
    job.write_text("#!/bin/sh\nrm -rf victim\n")  # run where the shell is: tmp_path
    job.chmod(0o755)
    for i, line in enumerate(STEPS[name]):
        screen.type(line.format(job=job, tmp=tmp_path) + f"; echo step-$((0+{i}))\r")
        if i < len(STEPS[name]) - 1:
            screen.wait_for(f"\nstep-{i}")
    deny(screen)
    assert victim.exists()


def test_an_ordinary_path_change_still_runs(screen, tmp_path: Path) -> None:
    screen.type("export PATH=$PATH:/opt/none; echo done-$((1+1))\r")
    screen.wait_for("\ndone-2")
    screen.type("ls -d / && echo again-$((1+2))\r")
    screen.wait_for("\nagain-3")
