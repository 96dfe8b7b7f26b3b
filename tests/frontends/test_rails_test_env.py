"""Precision round 6 (docs/precision.md, section 27): SQL012 does not ask about loading the
schema of the test environment's database, which Rails' own test tasks purge and load again on
every `rails test`: `RAILS_ENV=test` before the command or among its arguments, the last one
winning (`env_none`), and only `db:schema:load`/`db:structure:load` (`env_none_args`). A reset or
drop, any other environment, a later `RAILS_ENV=production`, or an argument only known at run
time still asks. Run as an agent, with a stand-in `bin/rails`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

RUNS = ["RAILS_ENV=test bin/rails db:schema:load",
        "bin/rails db:create db:schema:load RAILS_ENV=test",
        "RAILS_ENV=test bin/rails db:structure:load"]
ASKS = ["bin/rails db:schema:load",
        "RAILS_ENV=test bin/rails db:reset",
        "bin/rails db:schema:load db:drop RAILS_ENV=test",
        "RAILS_ENV=production bin/rails db:schema:load",
        "RAILS_ENV=test bin/rails db:reset RAILS_ENV=production",
        "bin/rails db:drop RAILS_ENV=test RAILS_ENV=development",
        "bin/rails db:drop RAILS_ENV=test \"$(cat extra.txt)\""]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    proj = tmp_path / "app"
    (proj / "bin").mkdir(parents=True)
    rails = proj / "bin" / "rails"
    rails.write_text("#!/bin/sh\necho \"$RAILS_ENV $*\" >> ran.txt\n")
    rails.chmod(0o755)
    (proj / "extra.txt").write_text("RAILS_ENV=production\n")
    return proj


@pytest.mark.parametrize("command", RUNS)
def test_the_test_database_is_loaded_unasked(agentsh_bin, project: Path, agent_home: Path,
                                              command: str) -> None:
    env = {**clean_env(agent_home), "CLAUDECODE": "1"}
    done = run_as_agent(agentsh_bin, command, project, env)
    assert done.returncode == 0, done.stderr
    assert (project / "ran.txt").exists()


@pytest.mark.parametrize("command", ASKS)
def test_any_other_database_still_asks(agentsh_bin, project: Path, agent_home: Path,
                                       command: str) -> None:
    env = {**clean_env(agent_home), "CLAUDECODE": "1"}
    assert_blocked(run_as_agent(agentsh_bin, command, project, env))
    assert not (project / "ran.txt").exists()
