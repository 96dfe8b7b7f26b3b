"""Report s23 class 6 (destroy by plan or omission), run as an agent runs it: `agentsh -c` with
no terminal, CLAUDECODE=1, a temporary HOME holding a real terraform workspace whose two
resources (`terraform_data`, built into terraform: no network, no provider) are the victims.
A saved plan that destroys, an apply with no review step and a plan agentsh cannot read are
refused and the resources survive; a saved plan that destroys nothing, and `terraform plan`,
run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env

TERRAFORM = shutil.which("terraform")
pytestmark = pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed")

CONFIG = ('resource "terraform_data" "db" {\n  input = "db"\n}\n'
          'resource "terraform_data" "cache" {\n  input = "cache"\n}\n')


def _tf(work: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run([TERRAFORM, *args], cwd=work, env=env, check=True,
                          capture_output=True, text=True, timeout=120).stdout


@pytest.fixture
def rig(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in clean_env(home).items() if not k.startswith("TF_")}
    env["TF_IN_AUTOMATION"] = "1"
    work = home / "tf"
    work.mkdir()
    (work / "main.tf").write_text(CONFIG)
    _tf(work, env, "init", "-input=false")
    _tf(work, env, "apply", "-auto-approve", "-input=false")
    return work, {**env, "CLAUDECODE": "1"}


def _state(work: Path, env: dict[str, str]) -> list[str]:
    return sorted(_tf(work, env, "state", "list").split())


def _agent(agentsh_bin: str, work: Path, env: dict[str, str], command: str):
    return subprocess.run([agentsh_bin, "-c", command], cwd=work, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=120)


# (how the plan is made before the agent's command, the agent's command)
REFUSED = [
    pytest.param(("plan", "-destroy", "-out", "p"), "terraform apply p", id="saved-destroy-plan"),
    pytest.param(("plan", "-destroy", "-out", "p"), "terraform apply -input=false p",
                 id="saved-destroy-plan-input-false"),
    pytest.param(("plan", "-destroy", "-out", "p"), "terraform -chdir=. apply p",
                 id="saved-destroy-plan-chdir"),
    pytest.param(("plan", "-destroy", "-out", "p"), "cd .. && terraform -chdir=tf apply p",
                 id="saved-destroy-plan-chdir-from-above"),
    pytest.param(("plan", "-replace=terraform_data.db", "-out", "p"), "terraform apply p",
                 id="saved-replace-plan"),
    pytest.param(None, "terraform plan -destroy -out p && terraform apply p", id="plan-in-line"),
    pytest.param(("plan", "-out", "p"),
                 "sed -i '1,3d' main.tf && terraform plan -out p && terraform apply p",
                 id="harmless-plan-rewritten-by-the-line"),
    pytest.param(None, "terraform plan -out p && terraform apply p", id="unread-plan-in-line"),
    pytest.param(None, "printf 'resource \"terraform_data\" \"cache\" {\\n  input = \"cache\"\\n}\\n'"
                 " > main.tf; terraform apply -auto-approve", id="omission-auto-approve"),
    pytest.param(None, "sed -i '1,3d' main.tf && terraform apply -auto-approve -input=false",
                 id="omission-sed"),
    pytest.param(None, "rm main.tf && terraform apply -auto-approve", id="omission-rm"),
    pytest.param(None, "yes yes | terraform apply", id="prompt-answered-by-pipe"),
    pytest.param(None, "TF_CLI_ARGS_apply=-auto-approve terraform apply",
                 id="auto-approve-by-variable"),
]


def test_plan_made_with_tf_cli_args_is_read_live(agentsh_bin, rig) -> None:
    """Report row 4.2 as written: the plan was made earlier with `TF_CLI_ARGS_plan=-destroy`
    (so nothing in its command said destroy); `terraform apply p` alone is refused."""
    work, env = rig
    subprocess.run([TERRAFORM, "plan", "-out", "p", "-input=false"], cwd=work,
                   env={**env, "TF_CLI_ARGS_plan": "-destroy"}, check=True, capture_output=True,
                   timeout=120)
    done = _agent(agentsh_bin, work, env, "terraform apply p")
    assert done.returncode == 126 and b"blocked" in done.stderr, done.stderr
    assert b"destroys terraform_data" in done.stderr, done.stderr
    assert _state(work, env) == ["terraform_data.cache", "terraform_data.db"]


@pytest.mark.parametrize("plan, command", REFUSED)
def test_destroy_by_plan_or_omission_is_refused(agentsh_bin, rig, plan, command: str) -> None:
    work, env = rig
    if plan:
        _tf(work, env, *plan, "-input=false")
    done = _agent(agentsh_bin, work, env, command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert b"CLOUD05" in done.stderr or b"CLOUD030" in done.stderr, done.stderr
    assert _state(work, env) == ["terraform_data.cache", "terraform_data.db"]


def test_unreadable_saved_plan_is_refused(agentsh_bin, rig) -> None:
    """A file terraform cannot read as a plan: the reader fails, so it asks (not allowed)."""
    work, env = rig
    (work / "p").write_bytes(b"PK\x03\x04 not a plan")
    done = _agent(agentsh_bin, work, env, "terraform apply p")
    assert done.returncode == 126 and b"CLOUD050" in done.stderr, done.stderr
    assert b"failed" in done.stderr, done.stderr


def test_saved_plan_that_destroys_nothing_runs(agentsh_bin, rig) -> None:
    work, env = rig
    (work / "extra.tf").write_text('resource "terraform_data" "extra" {\n  input = "x"\n}\n')
    _tf(work, env, "plan", "-out", "grow.plan", "-input=false")
    done = _agent(agentsh_bin, work, env, "terraform apply -input=false grow.plan")
    assert done.returncode == 0, done.stderr
    assert _state(work, env) == ["terraform_data.cache", "terraform_data.db",
                                 "terraform_data.extra"]


@pytest.mark.parametrize("command", ["terraform plan", "terraform plan -out=tfplan",
                                     "terraform show -json tfplan 2>/dev/null | head -c 1",
                                     "terraform validate", "terraform state list"])
def test_everyday_terraform_runs(agentsh_bin, rig, command: str) -> None:
    work, env = rig
    if "show" in command:
        _tf(work, env, "plan", "-out", "tfplan", "-input=false")
    done = _agent(agentsh_bin, work, env, command)
    assert done.returncode == 0, done.stderr
    assert _state(work, env) == ["terraform_data.cache", "terraform_data.db"]


@pytest.mark.parametrize("plan, blocked", [(("plan", "-destroy", "-out", "p"), True),
                                           (("plan", "-out", "p"), False)])
def test_the_hook_route_reads_saved_plans(agentsh_bin, rig, plan, blocked: bool) -> None:
    """Claude Code's PreToolUse hook judges in the agent's directory: it reads the plan too."""
    import json

    work, env = rig
    _tf(work, env, *plan, "-input=false")
    body = {"session_id": "s", "hook_event_name": "PreToolUse", "tool_name": "Bash",
            "cwd": str(work), "tool_input": {"command": "terraform apply p"}}
    done = subprocess.run([agentsh_bin, "hook", "claude-code"], input=json.dumps(body).encode(),
                          env=env, capture_output=True, timeout=120, start_new_session=True)
    assert (done.returncode == 2) is blocked, (done.returncode, done.stderr)
    assert (b"CLOUD050" in done.stderr) is blocked, done.stderr


# Red team s24: a saved plan that only creates a resource runs its provisioners when applied.
PROVISIONED = [
    pytest.param('resource "terraform_data" "hook" {\n  input = "x"\n  provisioner "local-exec" {\n'
                 '    command = "rm -rf ${path.module}/../victim"\n  }\n}\n', id="computed-command"),
    pytest.param('resource "terraform_data" "hook" {\n  input = "x"\n  provisioner "local-exec" {\n'
                 '    command = "rm -rf ../victim"\n  }\n}\n', id="local-exec"),
    pytest.param('resource "terraform_data" "hook" {\n  input = "x"\n  provisioner "local-exec" {\n'
                 '    interpreter = ["/bin/sh", "-c"]\n    command = "rm -rf ../victim"\n  }\n}\n',
                 id="local-exec-interpreter"),
    pytest.param('module "m" {\n  source = "./m"\n}\n', id="in-a-module"),
]


@pytest.mark.parametrize("extra", PROVISIONED)
def test_a_saved_plan_that_only_creates_runs_no_destructive_provisioner(agentsh_bin, rig,
                                                                        extra) -> None:
    work, env = rig
    victim = work.parent / "victim"
    victim.mkdir()
    (victim / "keep").write_text("x\n")
    if "module" in extra:
        (work / "m").mkdir()
        (work / "m" / "main.tf").write_text(
            'resource "terraform_data" "hook" {\n  input = "x"\n  provisioner "local-exec" {\n'
            '    command = "rm -rf ../../victim"\n  }\n}\n')
    (work / "extra.tf").write_text(extra)
    if "module" in extra:
        _tf(work, env, "init", "-input=false")
    _tf(work, env, "plan", "-out", "grow.plan", "-input=false")
    done = _agent(agentsh_bin, work, env, "terraform apply -input=false grow.plan")
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (victim / "keep").exists()


def test_a_saved_plan_with_a_harmless_provisioner_runs(agentsh_bin, rig) -> None:
    work, env = rig
    (work / "extra.tf").write_text(
        'resource "terraform_data" "hook" {\n  input = "x"\n  provisioner "local-exec" {\n'
        '    command = "echo created > created.txt"\n  }\n}\n')
    _tf(work, env, "plan", "-out", "grow.plan", "-input=false")
    done = _agent(agentsh_bin, work, env, "terraform apply -input=false grow.plan")
    assert done.returncode == 0, done.stderr
    assert (work / "created.txt").exists()


def test_apply_with_destroy_off_is_not_a_destroy(agentsh_bin, rig) -> None:
    """`-destroy=false` turns the destroy mode off: not CLOUD003 (a plain apply asks on the
    terminal; with no terminal it stops there, so `-input=false` makes it end)."""
    work, env = rig
    done = _agent(agentsh_bin, work, env, "terraform apply -destroy=false -input=false")
    assert b"CLOUD003" not in done.stderr, done.stderr
