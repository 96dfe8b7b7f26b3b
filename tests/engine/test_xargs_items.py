"""`xargs -I{}` with items known from the text (docs/precision.md, round 6, section 26): each
line of a literal input (`printf '%s\\n' a b`, `echo a`) is read in place of the token, so the
command is judged on the real paths (`~/{}` is still the home's); an item run as a program or
as code (`xargs -I{} bash -c {}`), or an input only known at run time, stays unknown."""

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
    "echo .bashrc | xargs -I{} cp /dev/null ~/{}",
    "printf '%s\\n' notes.txt .profile | xargs -I{} cp /dev/null ~/{}",
    "echo ok | xargs -I{} bash -c {}",
    "echo rm | xargs -I{} {} -rf ~/work",
])
def test_items_that_reach_home_or_run_as_code_ask(builtin_policy, text_alone, command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision != Decision.ALLOW, command


@pytest.mark.parametrize("command", [
    "printf '%s\\n' src/a.py src/b.py | xargs -I{} cp templates/header.py {}",
    "echo notes.txt | xargs -I{} sed -i 's/a/b/' {}",
])
def test_items_in_the_project_run(builtin_policy, text_alone, command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision == Decision.ALLOW, verdict.findings
