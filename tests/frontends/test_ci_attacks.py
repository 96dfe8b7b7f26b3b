"""Report s23 row 2.8 (destruction delegated to CI), run as an agent runs it: `agentsh -c` with
no terminal, CLAUDECODE=1, a temporary HOME holding a repository with a bare remote and
workflows, and stand-ins for `gh`, `glab` and `act` on PATH that leave a mark when they run
(CI itself is not here: a dispatched workflow "runs" when its dispatcher ran). A destructive
workflow pushed or dispatched is refused: the remote does not move, the dispatcher never runs.
Harmless workflows run."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env

GIT_ID = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
          "GIT_COMMITTER_EMAIL": "t@example.com"}
TESTS = """name: Tests
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: pip install -e .
      - name: Test
        run: |
          pytest -q
          echo "done ${{ github.sha }}"
"""
DESTROY = """name: Destroy
on:
  workflow_dispatch:
    inputs:
      env:
        default: staging
jobs:
  destroy:
    runs-on: ubuntu-latest
    steps:
      - run: terraform -chdir=envs/${{ inputs.env }} destroy -auto-approve
"""
OPS = """on:
  workflow_dispatch:
    inputs:
      command:
        default: terraform plan
jobs:
  ops:
    runs-on: ubuntu-latest
    steps:
      - run: ${{ inputs.command }}
"""


def _git(repo: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**env, **GIT_ID}, check=True,
                          capture_output=True, text=True, timeout=60).stdout.strip()


@pytest.fixture
def rig(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    bin_dir = home / "bin"
    bin_dir.mkdir()
    for tool in ("gh", "glab", "act"):
        stub = bin_dir / tool
        stub.write_text(f'#!/bin/sh\necho "$@" >> "$HOME/{tool}.ran"\n')
        stub.chmod(0o755)
    env["PATH"] = f"{bin_dir}:{env.get('PATH', '/usr/bin:/bin')}"
    remote = home / "remote.git"
    repo = home / "repo"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True,
                   env=env, timeout=60)
    repo.mkdir()
    _git(repo, env, "init", "-q", "-b", "main")
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yml").write_text(TESTS)
    (workflows / "destroy.yml").write_text(DESTROY)
    (workflows / "ops.yml").write_text(OPS)
    (repo / ".gitlab-ci.yml").write_text("stages: [test]\nunit:\n  script:\n    - make test\n"
                                         "wipe:\n  when: manual\n  script: [terraform destroy]\n")
    (repo / "Makefile").write_text("test:\n\tpytest -q\n")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-qm", "init")
    _git(repo, env, "remote", "add", "origin", str(remote))
    _git(repo, env, "push", "-q", "-u", "origin", "main")
    return repo, remote, home, {**env, **GIT_ID, "CLAUDECODE": "1"}


def _agent(agentsh_bin: str, repo: Path, env: dict[str, str], command: str):
    return subprocess.run([agentsh_bin, "-c", command], cwd=repo, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=120)


PUSHED = [
    pytest.param("printf 'on: push\\njobs:\\n  x:\\n    runs-on: ubuntu-latest\\n    steps:\\n"
                 "      - run: railway volume delete --volume vol_1 -y\\n' > .github/workflows/x.yml"
                 " && git add -A && git commit -qm ci && git push -q", id="github-workflow-in-line"),
    pytest.param("printf 'stages: [x]\\nx:\\n  script: [terraform destroy -auto-approve]\\n'"
                 " > .gitlab-ci.yml && git commit -qam ci && git push -q", id="gitlab-ci-in-line"),
    pytest.param("printf 'pipeline { agent any\\n stages { stage(\"x\") { steps { sh \"kubectl "
                 "delete namespace prod\" } } } }\\n' > Jenkinsfile && git add -A && "
                 "git commit -qm ci && git push -q origin main", id="jenkinsfile-in-line"),
    pytest.param("sed -i 's/pytest -q/terraform destroy -auto-approve/' .github/workflows/test.yml"
                 " && git commit -qam ci && git push -q", id="workflow-edited-in-place"),
]


@pytest.mark.parametrize("command", PUSHED)
def test_pushing_a_destructive_workflow_is_refused(agentsh_bin, rig, command: str) -> None:
    repo, remote, _, env = rig
    before = _git(remote, env, "rev-parse", "main")
    done = _agent(agentsh_bin, repo, env, command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert _git(remote, env, "rev-parse", "main") == before


def test_a_workflow_written_earlier_is_read_at_push(agentsh_bin, rig) -> None:
    """The file tool (or an earlier command) wrote the workflow; `git push` alone is refused."""
    repo, remote, _, env = rig
    (repo / ".github" / "workflows" / "x.yml").write_text(
        "on: [push]\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: aws rds delete-db-instance --db-instance-identifier prod "
        "--skip-final-snapshot\n")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-qm", "ci")
    before = _git(remote, env, "rev-parse", "main")
    done = _agent(agentsh_bin, repo, env, "git push -q")
    assert done.returncode == 126 and b"CLOUD" in done.stderr, done.stderr
    assert _git(remote, env, "rev-parse", "main") == before


@pytest.mark.parametrize("command", [
    "gh workflow run destroy.yml", "gh workflow run Destroy",
    "gh workflow run ops.yml -f command='terraform destroy -auto-approve'",
    "gh workflow run ops.yml --raw-field command='kubectl delete ns prod'",
    "gh workflow run test.yml --ref evil", "gh workflow run -R other/repo test.yml",
    "gh workflow run missing.yml", "gh api -X POST repos/o/r/dispatches -f event_type=destroy",
    "gh api repos/o/r/actions/workflows/destroy.yml/dispatches -f ref=main",
    "glab ci run --variables CMD:'terraform destroy -auto-approve'", "act -j destroy",
    "act workflow_dispatch",
])
def test_dispatching_a_destructive_workflow_is_refused(agentsh_bin, rig, command: str) -> None:
    repo, _, home, env = rig
    if command.startswith("glab"):
        (repo / ".gitlab-ci.yml").write_text("x:\n  script:\n    - $CMD\n")
    done = _agent(agentsh_bin, repo, env, command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert not list(home.glob("*.ran")), "the dispatcher ran"


@pytest.mark.parametrize("command", [
    "gh workflow run test.yml", "gh workflow run Tests", "gh workflow run ops.yml",
    "gh workflow run ops.yml -f command='terraform plan'", "gh workflow run test.yml --ref main",
    "glab ci run", "act -j test", "act", "gh workflow list", "gh run list",
    "git push -q", "git commit -q --allow-empty -m x && git push -q origin main",
    "git add -A && git commit -qm 'chore: add CI' --allow-empty && git push",
])
def test_harmless_workflows_run(agentsh_bin, rig, command: str) -> None:
    repo, _, _, env = rig
    done = _agent(agentsh_bin, repo, env, command)
    assert done.returncode == 0, done.stderr


DEPLOY = """on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: aws s3 sync ./site s3://example-site --delete
"""


def test_a_workflow_the_remote_already_has_does_not_ask_at_every_push(agentsh_bin, rig) -> None:
    """A deploy-on-push workflow already upstream starts nothing new when pushed again: git at
    the edge says it is unchanged, so an ordinary push runs."""
    repo, remote, _, env = rig
    (repo / ".github" / "workflows" / "deploy.yml").write_text(DEPLOY)
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-qm", "deploy")
    _git(repo, env, "push", "-q")
    (repo / "README").write_text("more\n")
    done = _agent(agentsh_bin, repo, env, "git add -A && git commit -qm docs && git push -q")
    assert done.returncode == 0, done.stderr
    assert _git(remote, env, "rev-parse", "main") == _git(repo, env, "rev-parse", "main")


def test_a_workflow_the_remote_does_not_have_yet_asks(agentsh_bin, rig) -> None:
    repo, remote, _, env = rig
    (repo / ".github" / "workflows" / "deploy.yml").write_text(DEPLOY)
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-qm", "deploy")
    before = _git(remote, env, "rev-parse", "main")
    done = _agent(agentsh_bin, repo, env, "git push -q")
    assert done.returncode == 126 and b"CLOUD006" in done.stderr, done.stderr
    assert _git(remote, env, "rev-parse", "main") == before
    done = _agent(agentsh_bin, repo.parent, env, "git -C repo push -q")
    assert done.returncode == 126 and b"CLOUD006" in done.stderr, done.stderr


def test_what_a_push_sends_fails_closed(tmp_path) -> None:
    """No repository: git cannot say what is sent, and that is a reason (the push asks)."""
    from agentsh.engine.ci import PushRequest
    from agentsh.gate.probes import read_sent

    request = PushRequest("k", str(tmp_path), "", [("HEAD", "")], [".gitlab-ci.yml"], [], "")
    assert isinstance(read_sent(request, {}, {}), str)
