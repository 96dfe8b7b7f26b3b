"""Precision round 5 (docs/precision.md, section 21): a word only known at run time whose
value is a data producer's output passed through filters that print whole lines of their input
(`git branch --merged | grep -v main | xargs git branch -d`), or a variable only a `for` over
data producers or globs sets (`for c in $(git rev-list A..B)`, `for f in *.tar.gz; do tar -tzf
"$f"`), is data, not a verb or an option: UNK140 no longer asks. Anything that may print a part
of a line, read a file, or set the variable another way still asks. Run as an agent would run
them (`agentsh -c` / `check --batch`, CLAUDECODE=1, a temporary HOME)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env

RUNS = [
    "git branch --merged | grep -v '\\*' | xargs git branch -d",
    "git branch --merged main | grep -v '^\\*\\|main' | xargs -r git branch -d",
    "git branch --merged origin/main | grep -vE '^\\*|main|master|develop' | xargs -n 1 git branch -d",
    "git branch --merged | grep -v main | sort -u | head -n 20 | xargs git branch -d",
    "for c in $(git rev-list --reverse HEAD~5..HEAD); do git show --stat --oneline \"$c\"; done",
    "for b in $(git branch --format='%(refname:short)' | grep '^feat/'); do "
    "git log -1 --format=%cr \"$b\"; done",
    "for f in *.tar.gz; do tar -tzf \"$f\" | head -3; done",
    "git branch -d $(git branch --merged | grep -v '\\*')",
    "cd data && for f in *.json; do python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "
    "\"$f\"; done",
]

STILL_ASK = [
    # a part of a line may start with `-`
    "git branch --merged | grep -o -- '-.*' | xargs git branch -d",
    # the lines are a file's, not the producer's
    "git branch --merged | grep -v x branches.txt | xargs git branch -d",
    "git branch --merged | cat - flags.txt | xargs git branch -d",
    # grep -A prints `--` between groups; tail -c cuts a line anywhere
    "git branch --merged | grep -A1 main | xargs git branch -d",
    "git branch --merged | tail -c 3 | xargs git branch -d",
    # the loop variable is set another way too, or split at blanks, or the items are not data
    "for f in *.tar.gz; do read f; git push \"$f\" origin main; done",
    "for f in *.tar.gz; do git push $f origin main; done",
    "for f in $(cat flags.txt); do git push \"$f\" origin main; done",
    "for f in *.tar.gz -f; do git push \"$f\" origin main; done",
    # a glob elsewhere names files where agentsh's own are (red team: policy-*.pickle)
    "for f in ~/.cache/agentsh/policy-*.pickle; do python3 -c \"import pickle,sys; "
    "pickle.dump({}, open(sys.argv[1],'wb'))\" \"$f\"; done",
    "cd ~/.cache/agentsh && for f in policy-*.pickle; do python3 -c \"import pickle,sys; "
    "pickle.dump({}, open(sys.argv[1],'wb'))\" \"$f\"; done",
    "for f in /tmp/*.tar.gz; do git push \"$f\" origin main; done",
    # not a producer at all
    "cat flags.txt | grep -v x | xargs git push origin main",
]


def test_data_through_filters_and_loops_runs(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    env = agent_env(agent_home)
    for command, verdict in zip(RUNS, agent_batch(agentsh_bin, tmp_path, env, RUNS), strict=True):
        assert verdict["decision"] == "allow", (command, verdict["findings"])


@pytest.mark.parametrize("command", STILL_ASK, ids=range(len(STILL_ASK)))
def test_what_may_not_be_data_still_asks(agentsh_bin, tmp_path: Path, agent_home: Path,
                                         command: str) -> None:
    env = agent_env(agent_home, snapshots=False)
    [verdict] = agent_batch(agentsh_bin, tmp_path, env, [command])
    assert verdict["decision"] != "allow", (command, verdict["findings"])


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_merged_branches_go_and_unmerged_stay(agentsh_bin, tmp_path: Path,
                                              agent_home: Path) -> None:
    """Decision: `git branch --merged | grep -v ... | xargs git branch -d` runs. git deletes
    only merged branches with `-d` (their commits are in the current branch, and the reflog
    keeps where they pointed), and no branch name starts with `-`."""
    env = agent_env(agent_home, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                    GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", "-b", "main", cwd=repo)
    (repo / "a").write_text("a\n")
    _git("add", "a", cwd=repo)
    _git("commit", "-qm", "a", cwd=repo)
    _git("branch", "feat/merged", cwd=repo)
    _git("checkout", "-qb", "feat/unmerged", cwd=repo)
    (repo / "b").write_text("b\n")
    _git("add", "b", cwd=repo)
    _git("commit", "-qm", "b", cwd=repo)
    _git("checkout", "-q", "main", cwd=repo)
    done = run_as_agent(agentsh_bin, "git branch --merged | grep -v '\\*' | xargs git branch -d",
                        repo, env)
    assert done.returncode == 0, done.stderr
    branches = _git("branch", "--format=%(refname:short)", cwd=repo).split()
    assert branches == ["feat/unmerged", "main"]
    # the same pipeline with `-D` is still stopped (GIT013), and the unmerged branch stays
    assert_blocked(run_as_agent(agentsh_bin, "git branch | grep -v '\\*' | xargs git branch -D",
                                repo, env))
    assert "feat/unmerged" in _git("branch", cwd=repo)
