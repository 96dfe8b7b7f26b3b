"""Declarative applies (engine/domains/plans.py): a saved plan is judged by what the edge read
from it (`Context.probes`), an apply with no review step asks, and the edge's reader
(gate/probes.py) fails closed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.domains import plans
from agentsh.gate import probes

CWD = "/home/user/project"
PLAN = f"{CWD}/p"


def _rules(verdict) -> set[str]:
    return {f.rule for f in verdict.findings}


def _with(ctx, result, workdir: str = CWD, plan: str = PLAN):
    return ctx._replace(probes=((plans.probe_key(workdir, plan), result),))


@pytest.mark.parametrize("command", ["terraform apply p", "tofu apply -auto-approve p",
                                     "terragrunt apply p", "terraform apply -input=false p"])
def test_saved_plan_that_destroys_asks_naming_what(builtin_policy, ctx, command) -> None:
    verdict = classify(command, builtin_policy, _with(ctx, ("aws_db_instance.main",)))
    assert "CLOUD050" in _rules(verdict)
    assert any("destroys aws_db_instance.main" in f.message for f in verdict.findings)


@pytest.mark.parametrize("command", ["terraform apply p", "terraform apply -input=false p",
                                     "tofu apply p"])
def test_saved_plan_that_destroys_nothing_runs(builtin_policy, ctx, command) -> None:
    verdict = classify(command, builtin_policy, _with(ctx, ()))
    assert verdict.decision.name == "ALLOW", verdict.findings


def test_reader_failure_asks(builtin_policy, ctx) -> None:
    verdict = classify("terraform apply p", builtin_policy, _with(ctx, "`terraform show` failed"))
    assert "CLOUD050" in _rules(verdict)
    assert any("failed" in f.message for f in verdict.findings)


def test_plan_the_line_writes_is_not_trusted_to_an_earlier_reading(builtin_policy, ctx) -> None:
    """A result for `p` was read before the line ran; the line writes `p` first: unknown."""
    verdict = classify("cp other.plan p && terraform apply p", builtin_policy, _with(ctx, ()))
    assert "CLOUD050" in _rules(verdict)


def test_plan_in_another_directory(builtin_policy, ctx) -> None:
    verdict = classify("terraform -chdir=infra apply tfplan", builtin_policy,
                       _with(ctx, ("x.y",), f"{CWD}/infra", f"{CWD}/infra/tfplan"))
    assert any("destroys x.y" in f.message for f in verdict.findings)
    verdict = classify("cd infra && terraform apply tfplan", builtin_policy,
                       _with(ctx, (), f"{CWD}/infra", f"{CWD}/infra/tfplan"))
    assert verdict.decision.name == "ALLOW", verdict.findings


def test_requests_name_the_plan_where_the_tool_runs(builtin_policy, ctx) -> None:
    verdict = classify("cd infra && terraform -chdir=live apply ../p", builtin_policy, ctx)
    found = plans.requests(verdict.commands, builtin_policy, ctx)
    assert [(r.tool, r.workdir, r.plan) for r in found] == [
        ("terraform", f"{CWD}/infra/live", f"{CWD}/infra/p")]
    verdict = classify("terraform plan -out p && terraform apply p", builtin_policy, ctx)
    assert plans.requests(verdict.commands, builtin_policy, ctx) == []  # the line writes it


@pytest.mark.parametrize("command", [
    "terraform apply -auto-approve", "yes | terraform apply", "terraform apply <<< yes",
    "echo yes | tofu apply", "pulumi up --yes", "PULUMI_SKIP_CONFIRMATIONS=1 pulumi up",
    "cdk deploy --all", "aws cloudformation deploy --template-file t.yml --stack-name s",
    "terragrunt run-all apply --terragrunt-non-interactive",
    "sed -i '/aws_db_instance/,/^}/d' main.tf && terraform apply -auto-approve",
    "bash -c 'terraform apply -auto-approve'"])
def test_apply_with_no_review_step_asks(builtin_policy, ctx, command) -> None:
    assert "CLOUD051" in _rules(classify(command, builtin_policy, ctx))


@pytest.mark.parametrize("command", [
    "terraform apply", "terraform plan", "terraform plan -out=tfplan", "pulumi up",
    "pulumi preview --diff", "cdk diff", "cdk deploy --no-execute", "terraform apply -help",
    "terraform apply -auto-approve=false", "terraform show -json tfplan | jq ."])
def test_reviewed_or_read_only_runs(builtin_policy, ctx, command) -> None:
    assert not _rules(classify(command, builtin_policy, ctx)) & {"CLOUD050", "CLOUD051"}


# ---------------------------------------------------------------- the edge's reader

def _tool(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-terraform"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _request(tool: str, tmp_path: Path):
    return plans.Request(tool, str(tmp_path), str(tmp_path / "p"), ("show", "-json"))


@pytest.mark.parametrize("body, expect", [
    ('echo \'{"format_version":"1.2","resource_changes":[{"address":"a.b","change":'
     '{"actions":["delete","create"]}},{"address":"c.d","change":{"actions":["update"]}}]}\'\n',
     ("a.b",)),
    ('echo \'{"format_version":"1.2","resource_changes":[]}\'\n', ()),
    ('echo \'{"format_version":"1.2"}\'\n', ()),
])
def test_reader_reads_deletes(tmp_path, body, expect) -> None:
    assert probes.read_plan(_request(_tool(tmp_path, body), tmp_path), {}, 5) == expect


@pytest.mark.parametrize("body, why", [
    ("exec sleep 30\n", "did not finish"),
    ("echo broken >&2; exit 1\n", "failed (broken)"),
    ("echo not json\n", "not a plan"),
    ("echo '{\"resource_changes\": []}'\n", "did not print a plan"),
    ("echo '{\"format_version\": \"1\", \"resource_changes\": [1]}'\n", "could not be read"),
])
def test_reader_fails_closed(tmp_path, body, why) -> None:
    result = probes.read_plan(_request(_tool(tmp_path, body), tmp_path), {}, 1)
    assert isinstance(result, str) and why in result, result


def test_missing_reader_fails_closed(tmp_path) -> None:
    result = probes.read_plan(_request(str(tmp_path / "nope"), tmp_path), {}, 1)
    assert isinstance(result, str) and "could not run" in result


def test_reader_runs_without_variables_that_change_it(tmp_path) -> None:
    tool = _tool(tmp_path, 'test -z "$TF_CLI_ARGS_show$TF_CLI_CONFIG_FILE" || exit 3\n'
                 'echo \'{"format_version":"1"}\'\n')
    env = {"PATH": os.environ.get("PATH", ""), "TF_CLI_ARGS_show": "-no-color",
           "TF_CLI_CONFIG_FILE": "/x"}
    assert probes.read_plan(_request(tool, tmp_path), env, 5) == ()


@pytest.mark.parametrize("changes, asks", [("[]", False),
                                           ('[{"address":"a.db","change":{"actions":["delete"]}}]',
                                            True)])
def test_edge_judges_again_with_what_it_read(builtin_policy, tmp_path, changes, asks) -> None:
    """`checked` runs the reader named by the command (`terraform` on the command's PATH),
    then judges the line with its result."""
    from agentsh.engine import runtime

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = Path(_tool(tmp_path, f"echo '{{\"format_version\":\"1\",\"resource_changes\":{changes}}}'\n"))
    fake.rename(bin_dir / "terraform")
    (tmp_path / "p").write_bytes(b"plan")
    ctx = runtime.make_context(str(tmp_path), {"HOME": str(tmp_path), "PATH": str(bin_dir)})
    assert "CLOUD050" in _rules(classify("terraform apply p", builtin_policy, ctx))
    verdict = probes.checked("terraform apply p", builtin_policy, ctx, classify)
    assert ("CLOUD050" in _rules(verdict)) is asks
    if asks:
        assert any("destroys a.db" in f.message for f in verdict.findings)



def _config(resources: list) -> dict:
    return {"format_version": "1.2", "configuration": {"root_module": {"resources": resources}}}


def test_plan_runs_reads_provisioners_and_external_programs() -> None:
    data = _config([
        {"address": "null_resource.a", "mode": "managed", "provisioners": [
            {"type": "local-exec", "expressions": {"command": {"constant_value": "rm -rf ~/x"}}},
            {"type": "remote-exec", "expressions": {"inline": {"constant_value": ["a", "b"]}}},
            {"type": "file", "expressions": {}}]},
        {"address": "data.external.e", "mode": "data", "type": "external",
         "expressions": {"program": {"constant_value": ["bash", "-c", "rm -rf ~/y"]}}}])
    assert probes.plan_runs(data) == (
        ("the local-exec provisioner of null_resource.a", "rm -rf ~/x", "child"),
        ("the remote-exec provisioner of null_resource.a", "a\nb", "remote"),
        ("the external data source data.external.e", "bash -c 'rm -rf ~/y'", "child"))


@pytest.mark.parametrize("provisioner", [
    {"type": "local-exec", "expressions": {"command": {"references": ["var.cmd"]}}},
    {"type": "remote-exec", "expressions": {"script": {"constant_value": "setup.sh"}}},
    {"type": "chef", "expressions": {}},
])
def test_plan_runs_fails_closed(provisioner) -> None:
    result = probes.plan_runs(_config([{"address": "x.y", "provisioners": [provisioner]}]))
    assert isinstance(result, str), result
