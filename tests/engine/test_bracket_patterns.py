"""A protected-path pattern holding a bracket expression (`/tmp/agentsh-[0-9]*`, SELF001: the
approver socket's folder and the record of moves, `moves.json`, when XDG_RUNTIME_DIR is unset)
matches the literal paths it names. The quick string test in front of the glob took the text
between the brackets (`0-9`) as a piece every match holds, so `rm -f /tmp/agentsh-0/moves.json`
was allowed, and an agent that had moved `~/data` into `build` could wipe the record and
delete `build` in its next command with no snapshot (red team session 26)."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.mark.parametrize("command", [
    "rm -f /tmp/agentsh-0/moves.json",
    ": > /tmp/agentsh-1000/moves.json",
    "echo '[]' > /tmp/agentsh-0/moves.json",
    "rm -rf /tmp/agentsh-0",
    "cd /tmp/agentsh-0 && rm moves.json",
])
def test_agentsh_runtime_folder_under_tmp_is_protected(builtin_policy, tmp_path, command) -> None:
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "CLAUDECODE": "1"}
    verdict = classify(command, builtin_policy, make_context(str(tmp_path), env))
    assert verdict.decision != Decision.ALLOW, command
    assert any(f.rule == "SELF001" for f in verdict.findings), verdict.findings


@pytest.mark.parametrize("command", [
    "rm -rf /tmp/agentsh-test-1", "rm -rf /tmp/build-12",
])
def test_other_scratch_under_tmp_is_not(builtin_policy, tmp_path, command) -> None:
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "CLAUDECODE": "1"}
    verdict = classify(command, builtin_policy, make_context(str(tmp_path), env))
    assert not any(f.rule == "SELF001" for f in verdict.findings), verdict.findings
