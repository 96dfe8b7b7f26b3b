"""Precision round 6 (docs/precision.md, section 25): a folder `mktemp` made, deleted by the
line's own clean-up, runs: a `trap 'rm -rf "$tmp"' EXIT` handler that only expands the name
(it assigns nothing), a clean-up function after which the line `cd`s into the folder (`cd`
assigns no variable), and `mktemp -d -t build.XXXX` (a template under $TMPDIR). A handler or
line that may assign the name otherwise still asks, and the victim survives. Run as an agent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env

RUNS = [
    "tmpdir=$(mktemp -d); trap 'rm -rf \"$tmpdir\"' EXIT; cp -r src \"$tmpdir\"/; ls \"$tmpdir\"",
    "tmpdir=\"$(mktemp -d)\"; trap 'rm -rf \"$tmpdir\"' EXIT INT TERM; ls \"$tmpdir\"",
    "cleanup() { rm -rf \"$WORK\"; }; WORK=$(mktemp -d); trap cleanup EXIT; "
    "cp -r src \"$WORK/\" && cd \"$WORK\" && ls",
    "out=$(mktemp -d -t build.XXXX); ls \"$out\"; rm -rf \"$out\"",
    "rm -rf \"$(mktemp -d)\"",
    "cd services/worker && rm -rf \"$(mktemp -d)\"",
]

STILL_ASK = [
    # the handler assigns the name itself, or reads it
    "tmpdir=$(mktemp -d); trap 'tmpdir=~; rm -rf \"$tmpdir\"' EXIT; ls",
    "tmpdir=$(mktemp -d); trap 'read tmpdir; rm -rf \"$tmpdir\"' EXIT; ls",
    "tmpdir=$(mktemp -d); trap 'eval \"$x\"; rm -rf \"$tmpdir\"' EXIT; ls",
    # the line assigns it again after the clean-up is set
    "cleanup() { rm -rf \"$WORK\"; }; WORK=$(mktemp -d); trap cleanup EXIT; cd \"$WORK\"; WORK=~",
    # a template mktemp refuses leaves the name empty: `rm -rf "$out"/*` is `rm -rf /*`
    "out=$(mktemp -d -t build.XX); rm -rf \"$out\"/*",
    "out=$(mktemp -d -p ~ -t x.XXXX); rm -rf \"$out\"/..",
    "rm -rf \"$(mktemp -d)\"/..",
    "rm -rf \"$(mktemp -d -p ~)\"",
]


def test_temp_cleanups_run(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    env = agent_env(agent_home)
    for command, verdict in zip(RUNS, agent_batch(agentsh_bin, tmp_path, env, RUNS), strict=True):
        assert verdict["decision"] == "allow", (command, verdict["findings"])


@pytest.mark.parametrize("command", STILL_ASK, ids=range(len(STILL_ASK)))
def test_other_cleanups_still_ask(agentsh_bin, tmp_path: Path, agent_home: Path,
                                  command: str) -> None:
    env = agent_env(agent_home, snapshots=False)
    [verdict] = agent_batch(agentsh_bin, tmp_path, env, [command])
    assert verdict["decision"] != "allow", (command, verdict["findings"])


def test_the_cleanup_runs_and_a_reassigned_one_is_blocked(agentsh_bin, tmp_path: Path,
                                                          agent_home: Path) -> None:
    env = agent_env(agent_home, snapshots=False)
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    (proj / "src" / "a.py").write_text("x = 1\n")
    done = run_as_agent(agentsh_bin, RUNS[0], proj, env, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["src"]
    victim = agent_home / "notes.txt"
    victim.write_text("mine\n")
    assert_blocked(run_as_agent(agentsh_bin, "tmpdir=$(mktemp -d); trap 'tmpdir=~/notes.txt; "
                                "rm -rf \"$tmpdir\"' EXIT; ls", proj, env))
    assert victim.read_text() == "mine\n"
