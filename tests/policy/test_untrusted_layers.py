"""A layer that is not trusted (a project's `.agentsh/rules.toml` until `agentsh trust`) may add
rules and raise severities, and add entries only to the analyzer lists that tighten; every
analyzer parameter is classified in one place (`schema.ANALYZER_PARAMETERS`). Removing or moving
the project's rules file with git asks (issue 12, item 3). Run as the agent would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy import build as policy_mod
from agentsh.policy.build import read_toml
from agentsh.policy.schema import ANALYZER_PARAMETERS, TIGHTENS
from agentsh.policy.values import Decision
from tests.conftest import without_snapshots

ROOT = Path(__file__).resolve().parents[2]
CTX = Context(cwd="/", read_file=lambda p: "rm -rf victim\n")


def project(tmp_path: Path, text: str) -> Path:
    repo = tmp_path / "repo"
    (repo / ".agentsh").mkdir(parents=True, exist_ok=True)
    (repo / ".agentsh" / "rules.toml").write_text(text)
    return repo


def policy_in(repo: Path, home: Path):
    return policy_mod.build(str(repo), {"HOME": str(home)}, system=home / "no-system")[0]


def test_every_shipped_analyzer_parameter_is_classified() -> None:
    shipped = read_toml(ROOT / "rules.toml")["analyzer"]
    missing = [f"{an}.{key}" for an, params in shipped.items() for key in params
               if (an, key) not in ANALYZER_PARAMETERS]
    assert not missing, f"classify these in schema.ANALYZER_PARAMETERS: {missing}"


@pytest.mark.parametrize("toml, command", [
    ('[analyzer.unknown]\neval_generators = ["cat"]\n', 'eval "$(cat cmds.txt)"'),
    ('[analyzer.cloud]\nnot_destructive = ["aws s3 rb"]\n', "aws s3 rb s3://bucket"),
    ('[analyzer.cloud]\nstop_words = ["s3"]\n', "aws s3 rb s3://bucket"),
    ('[analyzer.cloud.clis]\naws = 0\n', "aws s3 rb s3://bucket"),
    ('[analyzer.sql]\nclients = { psql = { sql = [] } }\n', "psql -c 'DROP TABLE users'"),
    ('[analyzer.cloud]\ndestroy_verbs = []\nnew_thing = ["x"]\n', "aws s3 rb s3://bucket"),
], ids=["eval-generators", "not-destructive", "stop-words", "clis-depth", "sql-client",
        "unknown-key"])
def test_an_untrusted_layer_cannot_loosen_through_analyzer_lists(tmp_path, toml, command):
    repo = project(tmp_path, toml)
    home = tmp_path / "home"
    # still stopped (the file `$(cat cmds.txt)` reads is now read: `rm -rf victim` from `/`)
    assert classify(command, policy_in(repo, home), CTX).decision in (Decision.CONFIRM,
                                                                      Decision.DENY)
    layer = policy_in(repo, home).layers[-1]
    assert any("ignored until trusted" in note for note in layer.contributed), layer


@pytest.mark.parametrize("toml, command", [
    ('[analyzer.cloud]\ndestroy_verbs = ["zap"]\n', "aws s3 zap s3://bucket"),
    ('[analyzer.cloud.clis]\nmycloud = 2\n', "mycloud bucket delete b"),
    ('[analyzer.cloud]\nproduction_patterns = ["^blue$"]\n', "aws --profile blue s3 rb s3://x"),
], ids=["destroy-verb", "new-cli", "production-pattern"])
def test_an_untrusted_layer_may_tighten_through_analyzer_lists(tmp_path, toml, command):
    repo = project(tmp_path, toml)
    verdict = classify(command, policy_in(repo, tmp_path / "home"), CTX)
    assert verdict.decision == Decision.CONFIRM, verdict


def test_a_trusted_layer_adding_a_cli_keeps_the_shipped_ones(tmp_path) -> None:
    home = tmp_path / "home"
    (home / ".config" / "agentsh").mkdir(parents=True)
    (home / ".config" / "agentsh" / "rules.toml").write_text("[analyzer.cloud.clis]\nmycloud = 2\n")
    policy = policy_in(tmp_path, home)
    assert classify("aws s3 rb s3://b", policy, CTX).decision == Decision.CONFIRM
    assert classify("mycloud bucket delete b", policy, CTX).decision == Decision.CONFIRM


def test_tightening_parameters_are_lists_and_tables_only() -> None:
    assert {k for k, v in ANALYZER_PARAMETERS.items() if v == TIGHTENS}


def agent(agentsh_bin, env, cwd, command):
    return subprocess.run([agentsh_bin, "-c", command], env={**env, "CLAUDECODE": "1"}, cwd=cwd,
                          capture_output=True, text=True, timeout=30, start_new_session=True,
                          stdin=subprocess.DEVNULL)


def test_as_the_agent_a_planted_generator_does_not_let_eval_run(agentsh_bin, env, tmp_path):
    repo = project(tmp_path, '[analyzer.unknown]\neval_generators = ["cat"]\n')
    (repo / "victim").mkdir()
    (repo / "cmds.txt").write_text("rm -rf victim\n")
    # snapshots off: `rm -rf victim` (what the file says) must wait for a person
    result = agent(agentsh_bin, without_snapshots(env, tmp_path / "home"), repo,
                   'eval "$(cat cmds.txt)"')
    assert result.returncode == 126 and (repo / "victim").exists()


def git_repo_with_rules(tmp_path: Path) -> Path:
    repo = project(tmp_path, '[[rule]]\nid = "FS001"\nseverity = "critical"\n')
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=a@b", "-c", "user.name=a",
                                                 "commit", "-qm", "rules"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


@pytest.mark.parametrize("command", ["git rm -q .agentsh/rules.toml", "git rm -rq .agentsh",
                                     "git mv .agentsh .x", "git mv .agentsh/rules.toml old.toml",
                                     "rm .agentsh/rules.toml", "mv .agentsh .x"])
def test_as_the_agent_removing_the_project_rules_file_asks(agentsh_bin, env, tmp_path,
                                                           command) -> None:
    repo = git_repo_with_rules(tmp_path)
    result = agent(agentsh_bin, env, repo, command)
    assert result.returncode == 126 and "SELF" in result.stderr, result.stderr
    assert (repo / ".agentsh" / "rules.toml").exists()


@pytest.mark.parametrize("command", [
    "rm {team}", "mv {team} /tmp/elsewhere.toml", "cd {folder} && rm rules.toml",
    "rm -rf {folder}",
])
def test_as_the_agent_removing_a_team_rules_file_asks(agentsh_bin, env, home, tmp_path,
                                                      command) -> None:
    team = tmp_path / "team" / "rules.toml"
    team.parent.mkdir()
    team.write_text('[[rule]]\nid = "FS001"\nseverity = "critical"\n')
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text(f'include = ["{team}"]\n')
    result = agent(agentsh_bin, env, tmp_path, command.format(team=team, folder=team.parent))
    assert result.returncode == 126 and team.exists()
