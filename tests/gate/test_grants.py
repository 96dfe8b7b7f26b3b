"""Approvals that last ("approve this exact command for this session / N minutes"): expiring
allow entries in a state file, honoured by the rules engine for the exact command, the same
directory and the same agent, and never over a deny."""

from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.gate import grants
from agentsh.gate.decide import answer_for
from agentsh.policy.values import Allow, Decision

ME = grants.agent_identity()  # the agent behind this test process, as the gate finds it


@pytest.fixture
def state(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}


@functools.cache
def _policy():
    from agentsh.policy import build as policy_mod

    return policy_mod.build("/nonexistent", {"HOME": "/nonexistent"}, system=Path("/nonexistent"))[0]


def judged(cmd: str, ctx: Context | None = None) -> str:
    """What the gate binds an approval of `cmd` to (as the `ctx` fixture judges it)."""
    ctx = ctx or Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                         read_file=lambda path: None)
    return grants.fingerprint(classify(cmd, _policy(), ctx), ctx)


def request(cmd: str, cwd: str = "/home/user/project", agent_id: str = ME,
            fingerprint: str | None = None) -> dict:
    return {"cmd": cmd, "cwd": cwd, "pid": 1, "agent_id": agent_id, "agent": "sh(1)",
            "findings": [{"rule": "FS001", "severity": "high", "decision": "confirm",
                          "message": "m", "span": [0, len(cmd)]}],
            "fingerprint": judged(cmd) if fingerprint is None else fingerprint}


def test_an_approval_for_the_session_allows_that_command_only(state, builtin_policy, ctx):
    grants.add(state, request("rm -rf build2"), None, 1)
    same = grants.honour(classify("rm -rf build2", builtin_policy, ctx), builtin_policy, ctx,
                         state)
    assert same.decision == Decision.ALLOW
    assert [f.rule for f in same.suppressed] == ["FS001"]
    assert same.suppressed[0].allowed_by.startswith("grant: approved in `agentsh approve`")
    assert answer_for(same, builtin_policy.settings, {}).reason == "approved earlier"
    other = grants.honour(classify("rm -rf build3", builtin_policy, ctx), builtin_policy, ctx,
                          state)
    assert other.decision == Decision.CONFIRM
    longer = grants.honour(classify("rm -rf build2 && rm -rf src", builtin_policy, ctx),
                           builtin_policy, ctx, state)
    assert longer.decision == Decision.CONFIRM


def test_scope_is_the_directory_and_the_agent(state, builtin_policy, ctx) -> None:
    grants.add(state, request("rm -rf build2"), None, 1)
    elsewhere = ctx._replace(cwd="/home/user/other")
    assert grants.honour(classify("rm -rf build2", builtin_policy, elsewhere), builtin_policy,
                         elsewhere, state).decision == Decision.CONFIRM
    assert grants.allows_for("rm -rf build2", ctx.cwd, state, agent_id="1:1") == ()
    assert grants.allows_for("rm -rf build2", ctx.cwd, state, agent_id=ME) != ()


def test_minutes_expire(state) -> None:
    entry = grants.add(state, request("rm -rf build2"), 5, 1, now=1000.0)
    assert entry["until"] == 1300.0 and not entry["session"]
    assert grants.allows_for("rm -rf build2", "/home/user/project", state, now=1299.0,
                             agent_id=ME)
    assert grants.allows_for("rm -rf build2", "/home/user/project", state, now=1301.0,
                             agent_id=ME) == ()


def test_an_allow_entry_never_turns_a_deny_into_anything_else(builtin_policy, ctx) -> None:
    text = "rm -rf ~"
    grant = tuple(Allow(rule, re.compile(""), source="grant: test", exact=text)
                  for rule in ("FS001", "FS002", "FS003"))
    policy = builtin_policy._replace(allows=builtin_policy.allows + grant)
    verdict = classify(text, policy, ctx)
    assert verdict.decision == Decision.DENY
    assert "FS003" in {f.rule for f in verdict.findings}
    plain = builtin_policy._replace(allows=(Allow("FS", re.compile("rm")),))
    assert classify(text, plain, ctx).decision == Decision.DENY


def test_a_command_with_a_deny_cannot_be_approved_for_longer(state) -> None:
    req = request("rm -rf ~")
    req["findings"].append({"rule": "FS003", "severity": "critical", "decision": "deny",
                            "message": "m", "span": [0, 8]})
    with pytest.raises(ValueError):
        grants.add(state, req, None, 1)


def test_a_request_without_its_agent_cannot_be_approved_for_longer(state) -> None:
    with pytest.raises(ValueError, match="which agent"):
        grants.add(state, request("rm -rf x", agent_id=""), None, 1)


@pytest.mark.parametrize("how", ["group-writable", "symlink", "not-json", "wrong-shape"])
def test_an_unsafe_or_broken_state_file_grants_nothing(state, tmp_path, how) -> None:
    grants.add(state, request("rm -rf build2"), None, 1)
    path = Path(grants.path(state))
    if how == "group-writable":
        path.chmod(0o664)
    elif how == "symlink":
        real = tmp_path / "elsewhere.json"
        real.write_text(path.read_text())
        path.unlink()
        path.symlink_to(real)
    elif how == "not-json":
        path.write_text("{")
    else:
        path.write_text(json.dumps({"grants": [{"cmd": "rm -rf build2", "rules": "FS001"}]}))
    assert grants.allows_for("rm -rf build2", "/home/user/project", state, agent_id=ME) == ()


def test_the_state_file_is_private_and_pruned(state) -> None:
    grants.add(state, request("rm -rf a"), 1, 1, now=time.time() - 3600)  # long expired
    grants.add(state, request("rm -rf b", agent_id="999999999:1"), None, 1)  # agent gone
    grants.add(state, request("rm -rf d", agent_id=grants.session_identity("cursor", "c-1")),
               None, 1)  # a hook's session: kept until it expires
    grants.add(state, request("rm -rf c"), None, 1)
    path = Path(grants.path(state))
    assert path.stat().st_mode & 0o777 == 0o600
    assert [e["cmd"] for e in json.loads(path.read_text())["grants"]] == ["rm -rf d", "rm -rf c"]


def test_explain_shows_what_an_allow_entry_let_through(agentsh_bin, env, home, tmp_path) -> None:
    import subprocess

    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text(
        '[[allow]]\nrule = "FS001"\ncommand = "^rm -rf scratch$"\nreason = "my sandbox"\n')
    out = subprocess.run([agentsh_bin, "explain", "--", "rm -rf scratch"], env=env,
                         cwd=tmp_path, capture_output=True, text=True).stdout
    assert re.search(r"allowed by an allow entry:\n\s+FS001 high -> confirm, allowed by "
                     r"user:\S+rules.toml: allow FS001 /\^rm -rf scratch\$/: ", out), out
    assert "decision: allow (an allow entry covers every finding)" in out


def test_context_helper_is_pure() -> None:
    assert Context().cwd == "/"


def test_a_grant_is_bound_to_the_script_it_judged(state, builtin_policy, tmp_path) -> None:
    """Attack 5.1: `./clean.sh` approved for the session, then rewritten: the next run asks."""
    from agentsh.engine import runtime

    script = tmp_path / "clean.sh"
    script.write_text("#!/bin/sh\nrm -rf work/tmp\n")
    script.chmod(0o755)
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def judge():
        ctx = runtime.make_context(str(tmp_path), env, actor="agent")
        return classify("./clean.sh", builtin_policy, ctx), ctx

    verdict, ctx = judge()
    assert verdict.decision == Decision.CONFIRM
    grants.add(state, request("./clean.sh", cwd=str(tmp_path),
                              fingerprint=grants.fingerprint(verdict, ctx)), None, 1)
    verdict, ctx = judge()
    assert grants.honour(verdict, builtin_policy, ctx, state).decision == Decision.ALLOW
    script.write_text("#!/bin/sh\nrm -rf ../proj\n")  # same rule, another target
    verdict, ctx = judge()
    assert grants.honour(verdict, builtin_policy, ctx, state).decision == Decision.CONFIRM
    script.write_text("#!/bin/sh\nrm -rf work/tmp\n# now with a comment\n")  # same findings
    verdict, ctx = judge()
    assert grants.honour(verdict, builtin_policy, ctx, state).decision == Decision.CONFIRM


def test_a_grant_without_what_it_judged_fits_nothing(state, builtin_policy, ctx) -> None:
    grants.add(state, request("rm -rf build2", fingerprint=""), None, 1)
    verdict = classify("rm -rf build2", builtin_policy, ctx)
    assert grants.honour(verdict, builtin_policy, ctx, state).decision == Decision.CONFIRM
