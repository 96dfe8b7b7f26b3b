"""Allow entries loosen one rule for one command, never more: a pattern that matches any text and
an unknown rule ID are errors (in `rules check` and when the policy loads), and a deny stays a
deny whatever an allow entry says (issue 12, item 4)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy import build as policy_mod
from agentsh.policy.schema import validate
from agentsh.policy.values import Decision

CTX = Context(cwd="/home/dev/project", read_file=lambda p: None)
CATCH_ALL = ["[\\s\\S]*", "x?", "(?:)", "^", ".", ".*", "$", "\\b|x", "(rm)?", "[^\\n]*"]
SPECIFIC = ["^rm -rf \\./scratch$", "^git push origin feature/x$", "rm -rf build"]


def user_rules(home: Path, text: str) -> Path:
    path = home / ".config" / "agentsh" / "rules.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def allow(rule: str, command: str) -> str:
    return f"[[allow]]\nrule = {rule!r}\ncommand = '{command}'\n"


def build(home: Path):
    return policy_mod.build("/", {"HOME": str(home)}, system=home / "no-system")[0]


@pytest.mark.parametrize("pattern", CATCH_ALL)
def test_patterns_that_match_any_text_are_rejected(pattern) -> None:
    errors = validate({"allow": [{"rule": "FS001", "command": pattern}]})
    assert any("matches every command" in e for e in errors), errors


@pytest.mark.parametrize("pattern", SPECIFIC)
def test_patterns_that_name_a_command_are_accepted(pattern) -> None:
    assert validate({"allow": [{"rule": "FS001", "command": pattern}]}) == []


@pytest.mark.parametrize("pattern", ["[\\s\\S]*", "x?", "(?:)", "^"])
def test_rules_check_rejects_catch_all_patterns(agentsh_bin, env, home, pattern) -> None:
    path = user_rules(home, allow("FS001", pattern))
    result = subprocess.run([agentsh_bin, "rules", "check", str(path)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 78 and "matches every command" in result.stdout


@pytest.mark.parametrize("rule", ["NOPE001", "F", "FS9", "fs001", "GIT999"])
def test_unknown_rule_ids_are_rejected_in_check_and_at_load(agentsh_bin, env, home, rule) -> None:
    path = user_rules(home, allow(rule, "^rm -rf \\./scratch$"))
    result = subprocess.run([agentsh_bin, "rules", "check", str(path)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 78, result.stdout
    policy = build(home)
    assert policy.errors and not policy.allows


def test_a_catch_all_pattern_at_load_is_a_broken_layer_that_loosens_nothing(home) -> None:
    user_rules(home, allow("FS001", "[\\s\\S]*"))
    policy = build(home)
    assert policy.errors and not policy.allows
    assert classify("rm -rf ./src", policy, CTX).decision == Decision.CONFIRM


@pytest.mark.parametrize("rule", ["FS", "FS003", "FS001"])
def test_an_allow_entry_never_turns_a_deny_into_anything_else(home, rule) -> None:
    user_rules(home, allow(rule, "^rm -rf"))
    policy = build(home)
    assert not policy.errors
    assert classify("rm -rf ~", policy, CTX).decision == Decision.DENY
    assert classify("rm -rf /", policy, CTX).decision == Decision.DENY


def test_as_the_agent_an_allow_entry_does_not_let_rm_rf_home_run(agentsh_bin, env, home,
                                                                tmp_path) -> None:
    victim = home / "victim"
    victim.mkdir()
    user_rules(home, allow("FS", "^rm -rf"))
    result = subprocess.run([agentsh_bin, "-c", "rm -rf ~"], env={**env, "CLAUDECODE": "1"},
                            cwd=tmp_path, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    assert result.returncode == 126 and "FS003" in result.stderr
    assert victim.exists()


def test_an_allow_entry_still_loosens_the_confirm_it_names(home) -> None:
    user_rules(home, allow("FS001", "^rm -rf \\./scratch$"))
    policy = build(home)
    assert classify("rm -rf ./scratch", policy, CTX).decision == Decision.ALLOW
    assert classify("rm -rf ./src", policy, CTX).decision == Decision.CONFIRM
