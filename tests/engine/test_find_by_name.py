"""`find ROOT -maxdepth 1 -name PATTERN -exec rm -rf {} +` reaches ROOT/PATTERN, not all of ROOT
(effects/programs.py `effects_find`): clearing a test runner's leftovers in /tmp no longer reads
as changing agentsh's runtime folder there. Any other expression (deeper, `-o`, `!`, `-path`,
`*`) and a root whose own name matches keep the whole root (docs/precision.md, round 3)."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import NULL_FILES
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.fixture
def text_alone():
    ctx = make_context("/home/user/project", {"HOME": "/home/user"})
    return ctx._replace(files=NULL_FILES, read_file=lambda path: None)


@pytest.mark.parametrize("command", [
    "find /tmp -maxdepth 1 -name 'pytest-of-*' -mmin +60 -exec rm -rf {} +",
    "find /tmp -maxdepth 1 -type d -name 'tmp*_test' -exec rm -rf {} \\;",
    "find /tmp -maxdepth 1 -iname 'vite-*' -exec rm -rf {} +",
])
def test_a_selection_by_name_in_tmp_runs(builtin_policy, text_alone, command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision == Decision.ALLOW, verdict.findings


@pytest.mark.parametrize("command", [
    "find /tmp -maxdepth 1 -name 'agentsh-*' -exec rm -rf {} +",
    "find /tmp -maxdepth 1 -iname 'AGENTSH-*' -exec rm -rf {} +",
    "find /tmp -maxdepth 1 -name '[a]gentsh*' -exec rm -rf {} +",
    "find /tmp -maxdepth 1 -name 'a*' -exec rm -rf {} +",
    "find /tmp -name 'pytest-of-*' -exec rm -rf {} +",  # deeper: inside agentsh's folder too
    "find /tmp -maxdepth 1 -name '*' -exec rm -rf {} +",
    "find /tmp -maxdepth 1 -name 'pytest-*' -o -name 'x' -exec rm -rf {} +",
    "find /tmp -maxdepth 1 ! -name 'pytest-*' -exec rm -rf {} +",
    "find /tmp -maxdepth 1 -path '/tmp/p*' -exec rm -rf {} +",
    "find ~ -maxdepth 1 -name '.bash*' -exec rm -rf {} +",
])
def test_what_may_reach_agentsh_or_home_still_asks(builtin_policy, text_alone, command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision != Decision.ALLOW, command
