"""`decide.pid_paths`: a snapshot's path holding the checked shell's `$$` (a stand-in) gets the
process ID bash will have, where the caller execs it; elsewhere the copy cannot be made."""

from __future__ import annotations

import pytest

from agentsh.engine.flowstate import SELF_PID, pid_token
from agentsh.engine.model import Snap
from agentsh.gate.decide import pid_paths


def test_the_wrapper_s_own_pid_goes_in() -> None:
    plan = (Snap("copy", f"/tmp/x-{SELF_PID}", ()), Snap("copy", "/w/notes.txt", ("overwrite",)))
    out, why_not = pid_paths(plan, 4242)
    assert why_not == "" and [s.path for s in out] == ["/tmp/x-4242", "/w/notes.txt"]
    assert out[1].args == ("overwrite",)


@pytest.mark.parametrize("pid, path", [
    (None, f"/tmp/x-{SELF_PID}"),  # a hook: the agent's tool starts bash, its PID unknown here
    (4242, f"/tmp/x-{pid_token(object())}"),  # a child shell's `$$` (`bash -c '... $$'`)
], ids=["hook", "child-shell"])
def test_an_unknown_pid_is_no_copy(pid, path) -> None:
    out, why_not = pid_paths((Snap("copy", path, ()),), pid)
    assert "process ID" in why_not


def test_a_plan_with_no_pid_is_unchanged() -> None:
    plan = (Snap("copy", "/w/notes.txt", ()),)
    assert pid_paths(plan, None) == (plan, "")
