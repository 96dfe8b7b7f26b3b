"""`agentsh doctor` in protected mode names a kernel where the agent's user can attach a
debugger to its own agentsh hook or wrapper client (Yama's ptrace_scope 0, or no Yama)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.commands.protected import ptrace_gap


@pytest.mark.parametrize("value", ["1\n", "2\n", "3\n"])
def test_a_scope_of_one_or_more_is_no_gap(tmp_path: Path, value: str) -> None:
    scope = tmp_path / "ptrace_scope"
    scope.write_text(value)
    assert ptrace_gap(str(scope)) == ""


def test_a_scope_of_zero_is_a_gap_naming_the_fix(tmp_path: Path) -> None:
    scope = tmp_path / "ptrace_scope"
    scope.write_text("0\n")
    gap = ptrace_gap(str(scope))
    assert "ptrace_scope is 0" in gap and "set kernel.yama.ptrace_scope to 1" in gap


def test_no_yama_is_a_gap(tmp_path: Path) -> None:
    gap = ptrace_gap(str(tmp_path / "absent"))
    assert gap.startswith("no Yama ptrace restriction") and "attach a debugger" in gap
