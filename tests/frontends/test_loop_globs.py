"""Precision round 6 (docs/precision.md, section 24): a quoted variable only a `for` over one
relative glob sets stands for that glob (`for f in src/*.py; do sed -i s/a/b/ "$f"; done` is
judged, and its writes saved, as `sed -i s/a/b/ src/*.py`): UNK110 ("a path only known at run
time may be agentsh's own file") no longer asks, and the overwrite copy is taken. A glob under
`~` or `/`, a loop after a `cd` elsewhere, a `cd` in the loop, an unquoted or twice-set
variable, or a glob in agentsh's own folder still ask. Run as an agent would run them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env

RUNS = [
    "for f in src/*.py; do sed -i 's/\\t/    /g' \"$f\"; done",
    "for f in migrations/*.sql; do sed -i 's/SERIAL/BIGSERIAL/g' \"$f\"; done",
    "for f in out/*.log; do : > \"$f\"; done",
    "for f in *.json; do jq -S . \"$f\" > \"$f.tmp\" && mv \"$f.tmp\" \"$f\"; done",
    "cd services/api && for f in src/*.py; do sed -i 's/a/b/' \"$f\"; done",
]

STILL_ASK = [
    # where agentsh's and the agents' own files are
    "for f in ~/.config/agentsh/*.toml; do echo x > \"$f\"; done",
    "cd ~/.config/agentsh && for f in *.toml; do echo x > \"$f\"; done",
    "for f in /tmp/*.toml; do echo x > \"$f\"; done",
    # the loop changes folder: the relative glob is not where the write lands
    "for f in *.toml; do cd ~/.config/agentsh; echo x > \"$f\"; done",
    # set another way too, or split at blanks, or two globs
    "for f in *.toml; do read f; echo x > \"$f\"; done",
    "for f in *.toml; do echo x > $f; done",
    "for f in a/*.toml b/*.toml; do echo x > \"$f\"; done",
    # round 7: after a `cd` to a known folder the glob is judged there, as written literally
    "cd ~ && for f in .*rc; do sed -i 's/a/b/' \"$f\"; done",
    "cd /etc && for f in *.conf; do sed -i 's/a/b/' \"$f\"; done",
    "cd ~ && for f in *; do rm -rf \"$f\"; done",
    "cd \"$D\" && for f in src/*.py; do sed -i 's/a/b/' \"$f\"; done",
]


def test_loops_over_a_project_glob_run(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    env = agent_env(agent_home)
    for command, verdict in zip(RUNS, agent_batch(agentsh_bin, tmp_path, env, RUNS), strict=True):
        assert verdict["decision"] == "allow", (command, verdict["findings"])
        assert not any(f["rule"] == "UNK110" for f in verdict["findings"]), command


@pytest.mark.parametrize("command", STILL_ASK, ids=range(len(STILL_ASK)))
def test_other_loops_still_ask(agentsh_bin, tmp_path: Path, agent_home: Path,
                               command: str) -> None:
    env = agent_env(agent_home, snapshots=False)
    [verdict] = agent_batch(agentsh_bin, tmp_path, env, [command])
    assert verdict["decision"] != "allow", (command, verdict["findings"])


def test_the_loop_runs_and_is_undone(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    """As an agent: the loop's writes run with a copy first, and `agentsh undo` brings the
    files back; the same loop in agentsh's own folder is blocked, its rules file untouched."""
    env = agent_env(agent_home)
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    for name in ("a.py", "b.py"):
        (proj / "src" / name).write_text("x = 1\n")
    done = run_as_agent(agentsh_bin, "for f in src/*.py; do sed -i 's/1/2/' \"$f\"; done",
                        proj, env)
    assert done.returncode == 0, done.stderr
    assert (proj / "src" / "a.py").read_text() == "x = 2\n"
    undo = subprocess.run([agentsh_bin, "undo"], cwd=proj, env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert undo.returncode == 0, undo.stderr
    assert (proj / "src" / "a.py").read_text() == "x = 1\n"
    assert (proj / "src" / "b.py").read_text() == "x = 1\n"
    config = agent_home / ".config" / "agentsh"
    config.mkdir(parents=True, exist_ok=True)
    rules = config / "rules.toml"
    rules.write_text("# mine\n")
    assert_blocked(run_as_agent(agentsh_bin, "for f in *.toml; do echo x > \"$f\"; done",
                                config, env))
    assert rules.read_text() == "# mine\n"


def test_a_loop_after_a_cd_to_a_known_folder_runs_and_is_undone(agentsh_bin, tmp_path: Path,
                                                                 agent_home: Path) -> None:
    """Round 7 (docs/precision.md): `cd /abs/proj && for f in src/*.py; do sed -i ...` from
    another folder: the glob stands for names in /abs/proj, the loop runs after a copy, and
    `agentsh undo` brings the files back; the same loop after `cd` into agentsh's own folder
    is blocked and its rules file stays."""
    env = agent_env(agent_home)
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    for name in ("a.py", "b.py"):
        (proj / "src" / name).write_text("x = 1\n")
    # started above the project: a folder under /tmp that is not where the line started is
    # scratch space, whose files are not copied (docs/undo.md); a project elsewhere is
    elsewhere = tmp_path
    done = run_as_agent(agentsh_bin, f"cd {proj} && for f in src/*.py; do sed -i 's/1/2/' "
                        "\"$f\"; done", elsewhere, env)
    assert done.returncode == 0, done.stderr
    assert (proj / "src" / "b.py").read_text() == "x = 2\n"
    undo = subprocess.run([agentsh_bin, "undo"], cwd=proj, env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert undo.returncode == 0, undo.stderr
    assert (proj / "src" / "a.py").read_text() == "x = 1\n"
    assert (proj / "src" / "b.py").read_text() == "x = 1\n"
    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("# mine\n")
    blocked = run_as_agent(agentsh_bin, f"cd {rules.parent} && for f in *.toml; do "
                           "sed -i 's/mine/theirs/' \"$f\"; done", elsewhere,
                           agent_env(agent_home, snapshots=False))
    assert_blocked(blocked)
    assert rules.read_text() == "# mine\n"
