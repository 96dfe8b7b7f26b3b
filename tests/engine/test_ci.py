"""CI definitions as code (engine/ci.py): which steps a dispatch, a local run or a push runs,
how inputs reach them, and what asks because it cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.engine import runtime
from agentsh.engine.classify import classify


def _rules(verdict) -> set[str]:
    return {f.rule for f in verdict.findings}


@pytest.fixture
def repo(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "Makefile").write_text("test:\n\tpytest -q\n")
    return tmp_path


def _check(builtin_policy, repo: Path, command: str, cwd: Path | None = None):
    """Judged where the files are, with stand-ins for the CI programs on PATH (a program that
    is not installed runs nothing)."""
    bin_dir = repo.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("gh", "glab", "act"):
        (bin_dir / tool).write_text("#!/bin/sh\n")
        (bin_dir / tool).chmod(0o755)
    ctx = runtime.make_context(str(cwd or repo), {"HOME": str(repo.parent),
                                                  "PATH": f"{bin_dir}:/usr/bin:/bin"})
    return classify(command, builtin_policy, ctx)


def _workflow(repo: Path, name: str, text: str) -> None:
    (repo / ".github" / "workflows" / name).write_text(text)


DISPATCH = """on:
  workflow_dispatch:
    inputs:
      target:
        default: web
jobs:
  go:
    runs-on: ubuntu-latest
    steps:
      - name: act
        run: kubectl delete deployment ${{ inputs.target }}
"""


def test_dispatch_reads_steps_with_defaults(builtin_policy, repo) -> None:
    _workflow(repo, "ops.yml", DISPATCH)
    verdict = _check(builtin_policy, repo, "gh workflow run ops.yml")
    assert "CLOUD001" in _rules(verdict)
    assert any("deployment web" in f.command for f in verdict.findings)


def test_dispatch_from_a_subdirectory_finds_the_root(builtin_policy, repo) -> None:
    _workflow(repo, "ops.yml", DISPATCH)
    (repo / "src" / "deep").mkdir(parents=True)
    verdict = _check(builtin_policy, repo, "gh workflow run ops.yml", cwd=repo / "src" / "deep")
    assert "CLOUD001" in _rules(verdict)


@pytest.mark.parametrize("command, rule", [
    ("gh workflow run ops.yml -f target=ns/prod", "CLOUD005"),
    ("gh workflow run ops.yml --field=target=pv/data", "CLOUD005"),
    ("gh workflow run ops.yml --ref main -f target='deploy web'", "CLOUD001"),
    ("gh workflow run ops.yml --ref release", "CI001"),
    ("gh workflow run ops.yml --json", ""),  # inputs on stdin: the command is unknown
])
def test_inputs_given_reach_the_steps(builtin_policy, repo, command, rule) -> None:
    _workflow(repo, "ops.yml", DISPATCH.replace("kubectl delete deployment", "kubectl delete"))
    if "--json" in command:
        _workflow(repo, "ops.yml", DISPATCH.replace("kubectl delete deployment ${{ inputs.target }}",
                                                    "${{ inputs.target }}"))
    verdict = _check(builtin_policy, repo, command)
    assert verdict.decision.name != "ALLOW"
    assert not rule or rule in _rules(verdict), verdict.findings


def test_unknown_expressions_stay_unknown(builtin_policy, repo) -> None:
    """`${{ github.event.client_payload.cmd }}` as a command: a name known only at run time."""
    _workflow(repo, "x.yml", "on: repository_dispatch\njobs:\n  x:\n    runs-on: u\n    steps:\n"
              "      - run: ${{ github.event.client_payload.cmd }}\n")
    assert _check(builtin_policy, repo, "act repository_dispatch").decision.name != "ALLOW"


@pytest.mark.parametrize("trigger, asks", [
    ("push", True), ("[push, pull_request]", True), ("pull_request", True),
    # later, with no one asking; after another workflow; a branch or tag the push creates; a
    # release, a comment or a merge queue the agent can start: the incident with a delay
    ("\n  schedule:\n    - cron: '0 3 * * *'", True), ("workflow_run", True), ("create", True),
    ("\n  push:\n    tags: ['v*']", True), ("release", True), ("issue_comment", True),
    ("merge_group", True), ("{schedule: [{cron: '0 0 * * *'}], workflow_dispatch: {}}", True),
    # only a person (or a dispatch agentsh judges when it is made) starts these
    ("workflow_dispatch", False), ("[workflow_dispatch, repository_dispatch]", False),
    ("workflow_call", False)])
def test_push_judges_workflows_that_fire_without_a_person(builtin_policy, repo, trigger,
                                                          asks) -> None:
    _workflow(repo, "x.yml", f"on: {trigger}\njobs:\n  x:\n    runs-on: u\n    steps:\n"
              "      - run: terraform destroy -auto-approve\n")
    verdict = _check(builtin_policy, repo, "git push origin main")
    assert ("CLOUD001" in _rules(verdict)) is asks, verdict.findings


@pytest.mark.parametrize("name, text", [
    (".gitlab-ci.yml", "deploy:\n  stage: deploy\n  script:\n    - helm uninstall api\n"),
    (".gitlab-ci.yml", "default:\n  before_script: [terraform destroy -auto-approve]\n"
                       "t:\n  script: [make]\n"),
    ("Jenkinsfile", "pipeline {\n  stages { stage('x') { steps {\n    sh '''\n      terraform destroy "
                    "-auto-approve\n    '''\n  } } }\n}\n"),
    (".circleci/config.yml", "jobs:\n  x:\n    steps:\n      - run:\n          name: wipe\n"
                             "          command: aws s3 rm s3://bucket/ --recursive\n"),
    ("bitbucket-pipelines.yml", "pipelines:\n  default:\n    - step:\n        script:\n"
                                "          - docker volume rm data\n"),
])
def test_push_reads_other_ci_systems(builtin_policy, repo, name, text) -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text)
    verdict = _check(builtin_policy, repo, "git push")
    assert verdict.decision.name != "ALLOW", verdict.findings


def test_manual_gitlab_jobs_do_not_run_on_push(builtin_policy, repo) -> None:
    (repo / ".gitlab-ci.yml").write_text("t:\n  script: [make test]\nwipe:\n  when: manual\n"
                                         "  script: [terraform destroy -auto-approve]\n")
    assert _check(builtin_policy, repo, "git push").decision.name == "ALLOW"
    assert _check(builtin_policy, repo, "glab ci run").decision.name == "ALLOW"


@pytest.mark.parametrize("command", ["git push --dry-run", "git push -n origin main",
                                     "git status", "git log", "gh workflow view ops.yml"])
def test_commands_that_run_nothing(builtin_policy, repo, command) -> None:
    _workflow(repo, "x.yml", "on: push\njobs:\n  x:\n    steps:\n      - run: terraform destroy\n")
    assert "CLOUD001" not in _rules(_check(builtin_policy, repo, command))


def test_workflow_written_by_the_line_is_read_from_its_text(builtin_policy, ctx) -> None:
    """Text alone (no files): the workflow the line writes is what the push runs."""
    text = ("mkdir -p .github/workflows && printf 'on: push\\njobs:\\n  x:\\n    steps:\\n"
            "      - run: gh repo delete o/r --yes\\n' > .github/workflows/x.yml && "
            "git add -A && git commit -qm ci && git push")
    assert "CLOUD001" in _rules(classify(text, builtin_policy, ctx))


def test_act_reads_the_chosen_file_and_job(builtin_policy, repo) -> None:
    _workflow(repo, "a.yml", "on: push\njobs:\n  safe:\n    steps:\n      - run: make test\n"
              "  wipe:\n    steps:\n      - run: docker system prune --volumes -f\n")
    assert _check(builtin_policy, repo, "act -j safe").decision.name == "ALLOW"
    assert "CLOUD001" in _rules(_check(builtin_policy, repo, "act -j wipe"))
    assert "CLOUD001" in _rules(_check(builtin_policy, repo, "act -W .github/workflows/a.yml"))


EVERYDAY_STEPS = """on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: rm -rf dist build node_modules
      - run: npm ci && npm run build
      - run: |
          mkdir -p out
          cp -r dist/* out/
          rm -rf out/tmp
      - run: git clean -fdx && git reset --hard
      - run: find . -name '*.pyc' -delete
      - run: echo "${{ secrets.TOKEN }}" | docker login -u x --password-stdin
"""


def test_the_runners_own_files_are_not_asked_about(builtin_policy, repo) -> None:
    """A CI runner works in a fresh, disposable checkout: deleting its files is not what a
    pushed workflow can destroy (`[analyzer.ci] runner_local`)."""
    _workflow(repo, "ci.yml", EVERYDAY_STEPS)
    verdict = _check(builtin_policy, repo, "git push")
    assert verdict.decision.name == "ALLOW", verdict.findings


@pytest.mark.parametrize("step, rule", [("git push --force origin main", "GIT003"),
                                        ("aws s3 rm s3://bucket/ --recursive", "CLOUD007"),
                                        ("psql $DB -c 'DROP TABLE users'", "SQL001")])
def test_what_reaches_beyond_the_runner_asks(builtin_policy, repo, step, rule) -> None:
    _workflow(repo, "ci.yml", EVERYDAY_STEPS + f"      - run: {step}\n")
    assert rule in _rules(_check(builtin_policy, repo, "git push"))


def _push_workflow(steps: str) -> str:
    return f"on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


@pytest.mark.parametrize("files, steps", [
    ({"ops/go.sh": "#!/bin/sh\nterraform destroy -auto-approve\n"}, "      - run: ./ops/go.sh\n"),
    ({"ops/go.sh": "terraform destroy -auto-approve\n"}, "      - run: bash -e ops/go.sh prod\n"),
    ({"infra/go.sh": "terraform destroy -auto-approve\n"},
     "      - run: ./go.sh\n        working-directory: infra\n"),
    ({"ops/a.sh": "./ops/b.sh\n", "ops/b.sh": "terraform destroy -auto-approve\n"},
     "      - run: ./ops/a.sh\n"),
    ({"Makefile": "nuke:\n\tterraform destroy -auto-approve\n"}, "      - run: make nuke\n"),
    ({"infra/Makefile": "all:\n\tterraform destroy -auto-approve\n"},
     "      - run: make -C infra\n"),
    ({".github/actions/wipe/action.yml": "name: wipe\nruns:\n  using: composite\n  steps:\n"
      "    - run: terraform destroy -auto-approve\n      shell: bash\n"},
     "      - uses: ./.github/actions/wipe\n"),
    ({"deploy.py": "import subprocess\nsubprocess.run(['terraform', 'destroy', '-auto-approve'])\n"},
     "      - run: python3 deploy.py\n"),
    ({}, "      - shell: python\n        run: |\n          import subprocess\n"
         "          subprocess.run('terraform destroy -auto-approve', shell=True)\n"),
    ({"package.json": '{"scripts": {"nuke": "terraform destroy -auto-approve"}}'},
     "      - run: npm run nuke\n"),
    ({"web/package.json": '{"scripts": {"postinstall": "terraform destroy -auto-approve"}}'},
     "      - run: npm ci\n        working-directory: web\n"),
    ({"justfile": "nuke:\n    terraform destroy -auto-approve\n"}, "      - run: just nuke\n"),
], ids=["script", "bash-script", "working-directory", "script-runs-script", "make-target",
        "make-C", "composite-action", "python-script", "shell-python", "npm-run",
        "npm-ci-lifecycle", "just"])
def test_what_a_step_runs_from_the_project_is_read(builtin_policy, repo, files, steps) -> None:
    """Indirection inside a workflow: the step names a file of the project; what it runs is
    judged as the step itself is."""
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    _workflow(repo, "x.yml", _push_workflow(steps))
    verdict = _check(builtin_policy, repo, "git push")
    assert "CLOUD001" in _rules(verdict), verdict.findings


def test_a_reusable_workflow_is_read(builtin_policy, repo) -> None:
    _workflow(repo, "wipe.yml", "on: workflow_call\njobs:\n  w:\n    runs-on: u\n    steps:\n"
              "      - run: terraform destroy -auto-approve\n")
    _workflow(repo, "x.yml", "on: push\njobs:\n  call:\n    uses: ./.github/workflows/wipe.yml\n")
    assert "CLOUD001" in _rules(_check(builtin_policy, repo, "git push"))


@pytest.mark.parametrize("steps", [
    "      - run: ./ops/missing.sh\n",
    "      - run: make nuke\n        working-directory: nowhere\n",
    "      - uses: ./.github/actions/missing\n",
    "      - run: echo x\n        shell: fish {0}\n",
    "      - uses: ./.github/actions/js\n",
], ids=["missing-script", "missing-makefile", "missing-action", "unknown-shell", "js-action"])
def test_what_a_step_runs_that_cannot_be_read_asks(builtin_policy, repo, steps) -> None:
    (repo / ".github" / "actions" / "js").mkdir(parents=True)
    (repo / ".github" / "actions" / "js" / "action.yml").write_text(
        "runs:\n  using: node20\n  main: index.js\n")
    _workflow(repo, "x.yml", _push_workflow(steps))
    verdict = _check(builtin_policy, repo, "git push")
    assert "CI001" in _rules(verdict), verdict.findings


@pytest.mark.parametrize("text", [
    "on: push\njobs:\n  x:\n    runs-on: u\n    steps: [{run: terraform destroy -auto-approve}]\n",
    "on: push\njobs: {x: {runs-on: u, steps: [{name: a, run: 'terraform destroy -auto-approve'}]}}\n",
    "on: push\njobs:\n  x:\n    runs-on: u\n    steps: [\n      {run: terraform destroy -auto-approve}\n"
    "    ]\n",
    "on: push\njobs:\n  x:\n    runs-on: u\n    steps:\n      - run: terraform\n"
    "          destroy -auto-approve\n",
    "on: push\njobs:\n  x:\n    runs-on: u\n    steps:\n      - run: \"terraform\n"
    "          destroy -auto-approve\"\n",
    ".s: &s\n  - run: terraform destroy -auto-approve\non: push\njobs:\n  x:\n    runs-on: u\n"
    "    steps: *s\n",
], ids=["flow-steps", "flow-everything", "flow-over-lines", "folded-plain", "folded-quoted",
        "anchor"])
def test_yaml_spellings_are_read(builtin_policy, repo, text) -> None:
    _workflow(repo, "x.yml", text)
    assert "CLOUD001" in _rules(_check(builtin_policy, repo, "git push"))


@pytest.mark.parametrize("text", [
    "on: push\njobs:\n  x:\n    steps: !!seq\n      - run: terraform destroy\n",
    "on: push\njobs:\n  x:\n    steps:\n      - run: ls\n          - odd\n   bad: 1\n",
    "on: push\njobs:\n  x:\n    steps:\n      - run: ls\n---\nsecond: document\n",
    "on: push\njobs:\n  x:\n    steps: [{run: ls}\n",
], ids=["tag", "skipped-line", "second-document", "unclosed-flow"])
def test_yaml_agentsh_cannot_read_asks(builtin_policy, repo, text) -> None:
    _workflow(repo, "x.yml", text)
    assert "CI001" in _rules(_check(builtin_policy, repo, "git push"))


@pytest.mark.parametrize("trigger, rule", [
    ("\n  schedule:\n    - cron: '0 3 * * *'", "CLOUD001"), ("push", "CLOUD001"),
    ("workflow_dispatch", ""),
])
def test_enabling_a_workflow_judges_what_then_fires(builtin_policy, repo, trigger, rule) -> None:
    """`gh workflow enable`: a disabled scheduled destroy starts firing with no one asking."""
    _workflow(repo, "nightly.yml", f"on: {trigger}\njobs:\n  x:\n    runs-on: u\n    steps:\n"
              "      - run: terraform destroy -auto-approve\n")
    verdict = _check(builtin_policy, repo, "gh workflow enable nightly.yml")
    assert (rule in _rules(verdict)) if rule else verdict.decision.name == "ALLOW", verdict.findings


@pytest.mark.parametrize("command", ["gh workflow enable missing.yml", "gh workflow enable",
                                     "gh workflow enable -R o/r nightly.yml"])
def test_enabling_a_workflow_agentsh_cannot_read_asks(builtin_policy, repo, command) -> None:
    assert "CI001" in _rules(_check(builtin_policy, repo, command))



@pytest.mark.parametrize("include, asks", [
    ("include:\n  - local: /ci/wipe.yml\n", "CLOUD001"),
    ("include: 'ci/wipe.yml'\n", "CLOUD001"),
    ("include:\n  - local: ci/outer.yml\n", "CLOUD001"),
    ("include:\n  - project: other/group\n    file: /x.yml\n", "CI001"),
    ("include:\n  - remote: https://example.com/x.yml\n", "CI001"),
    ("include:\n  - local: ci/*.yml\n", "CI001"),
    ("include:\n  - local: ci/missing.yml\n", "CI001"),
])
def test_gitlab_includes_are_read(builtin_policy, repo, include, asks) -> None:
    """A `.gitlab-ci.yml` that includes a local file runs that file's jobs at the push."""
    (repo / "ci").mkdir()
    (repo / "ci" / "wipe.yml").write_text("wipe:\n  script:\n    - terraform destroy -auto-approve\n")
    (repo / "ci" / "outer.yml").write_text("include: ci/wipe.yml\n")
    (repo / ".gitlab-ci.yml").write_text(include + "test:\n  script: [make test]\n")
    assert asks in _rules(_check(builtin_policy, repo, "git push"))


def test_a_matrix_include_is_not_a_gitlab_include(builtin_policy, repo) -> None:
    _workflow(repo, "m.yml", "on: push\njobs:\n  t:\n    runs-on: u\n    strategy:\n      matrix:\n"
              "        include:\n          - os: linux\n    steps:\n      - run: make test\n")
    assert _check(builtin_policy, repo, "git push").decision.name == "ALLOW"
