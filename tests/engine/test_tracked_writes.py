"""Version control writes only the files it tracks: a checkout, stash or pull in a folder that
also holds agentsh's own files (a home directory, a checkout with agentsh's venv) reaches none
of them, while commands that can write anything under a folder still do."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

HOME = "/home/user"
IN_HOME = Context(cwd=HOME, env=(("HOME", HOME),), read_file=lambda p: None)


@pytest.mark.parametrize("command", [
    "git stash", "git checkout main", "git pull", "git restore --staged .", "git clean -n",
    "find . -name x", "find . -type f -exec cat {} +", "find . -name -delete -print",
])
def test_reading_or_tracked_writes_in_the_home_folder_reach_nothing_of_agentsh(
        builtin_policy, command) -> None:
    rules = {f.rule for f in classify(command, builtin_policy, IN_HOME).findings}
    assert not {r for r in rules if r.startswith(("SELF", "UNDO"))}, rules


@pytest.mark.parametrize("command", [
    "tar xzf a.tgz -C .", "find . -exec rm {} +", "git clean -fdx", "rm -rf ./*",
    "git restore .config/agentsh/rules.toml",
])
def test_writes_that_reach_anything_under_the_home_folder_still_ask(builtin_policy,
                                                                    command) -> None:
    verdict = classify(command, builtin_policy, IN_HOME)
    assert verdict.decision != Decision.ALLOW
    assert any(f.rule.startswith(("SELF", "UNDO")) for f in verdict.findings), verdict.findings
