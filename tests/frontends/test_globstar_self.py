"""A `**` segment in a written path meets agentsh's own folder (found in round 7): `sed -i
s/a/b/ ~/.config/**/*.toml` ran and rewrote ~/.config/agentsh/rules.toml, because a pattern
ending in `**` (`~/.config/agentsh/**`) was taken to name no file by name (pathmatch
`_same_name`). Run as an agent would run it: blocked, and the rules file stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

ATTEMPTS = [
    "sed -i 's/deny/allow/' ~/.config/**/*.toml",
    "cd ~/.config && sed -i 's/deny/allow/' **/*.toml",
    "perl -pi -e 's/deny/allow/' ~/.config/**/rules.toml",
    "cd ~ && sed -i 's/deny/allow/' .config/**/*.toml",
]


@pytest.mark.parametrize("command", ATTEMPTS, ids=range(len(ATTEMPTS)))
def test_a_globstar_write_into_agentshs_folder_is_blocked(agentsh_bin, tmp_path: Path,
                                                          agent_home: Path, command: str) -> None:
    env = {**clean_env(agent_home), "CLAUDECODE": "1"}
    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("# deny\n")
    work = tmp_path / "work"
    work.mkdir()
    assert_blocked(run_as_agent(agentsh_bin, command, work, env))
    assert rules.read_text() == "# deny\n"
