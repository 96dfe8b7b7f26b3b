"""A script written by an unquoted here-document is now read when it is run, where its values
are known (posix2.tests). What a blocked agent would try next with that, run as the agent would
(`agentsh -c`, no terminal, CLAUDECODE=1, the victim under a temporary home): the victim
survives every one, and the harmless form runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env, without_snapshots

ATTACKS = {
    "value-in-body": "X=rm\ncat > s1 << EOF\n$X -rf ~/work\nEOF\nsh s1",
    "escaped-then-set": "cat > s1 << EOF\n\\$X -rf ~/work\nEOF\nX=rm sh s1",
    "split-name": "X=m\nsh << EOF\nr$X -rf ~/work\nEOF",
    "tab-stripped": "X=m\nbash <<- EOF\n\tr$X -rf ~/work\nEOF",
    "command-substitution": "cat > s1 << EOF\n$(echo rm) -rf ~/work\nEOF\nsh s1",
}


@pytest.fixture
def world(tmp_path: Path):
    home = tmp_path / "home"
    (home / "work").mkdir(parents=True)
    (home / "work" / "important.db").write_text("rows\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return home, scratch, without_snapshots(clean_env(home, CLAUDECODE="1"), home)


def run(agentsh_bin, world, command: str) -> subprocess.CompletedProcess:
    home, scratch, env = world
    return subprocess.run([agentsh_bin, "-c", command], env=env, cwd=scratch,
                          capture_output=True, text=True, timeout=30, start_new_session=True,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", list(ATTACKS.values()), ids=list(ATTACKS))
def test_the_victim_survives(agentsh_bin, world, command: str) -> None:
    done = run(agentsh_bin, world, command)
    assert (world[0] / "work" / "important.db").read_text() == "rows\n", done.stderr
    assert done.returncode == 126, (done.returncode, done.stderr)


def test_harmless_script_runs(agentsh_bin, world) -> None:
    done = run(agentsh_bin, world, 'N=there\ncat > s1 << EOF\necho "hi $N" "\\$#"\nEOF\nsh s1 a b')
    assert (done.returncode, done.stdout) == (0, "hi there 2\n"), done.stderr
