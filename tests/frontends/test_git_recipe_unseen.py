"""Precision round 8 (docs/precision.md, section 34): judging text alone (`agentsh check`, the
held-out scorers), git writing the working tree from the repository's own commits, index or
stashes (`git reset --hard`, `git checkout -b x origin/main`, `git stash pop`, `git pull
--rebase`, `git worktree add`) leaves a recipe read after it (`npm test`, `make`) as unseen as it
was before: UNK006 no longer asks. So do a dependency removed (`pnpm remove x`), a package
manager's cache or question, a project made from a registry's template, and `node -v`. Its twins still ask: a fetched head or a URL, git told where
its tree is, a name only known at run time, after the line wrote a file agentsh knows; and
where files are seen (as an agent runs it) the recipe is another commit's: still asks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env

RUNS = [
    "git reset --hard && npm test",
    "git reset --hard HEAD~1 && git log --oneline -3 && make",
    "git checkout -b fix/login origin/main && npm ci && npm test",
    "git switch -c x main && make",
    "git stash && git pull --rebase && git stash pop && npm test",
    "git checkout -- src/app.ts && npm run lint",
    "git restore . && pnpm test",
    "git worktree add ../review origin/main && cd ../review && npm ci && npm test",
    # a dependency removed, a package manager's cache or question, a registry's template
    "pnpm remove request && pnpm install", "npm uninstall moment && npm i dayjs && npm test",
    "yarn cache clean && yarn install --immutable", "pnpm why lodash && npm test",
    "pnpm create vite ui --template react-ts && cd ui && pnpm install",
    "nvm use 20 && node -v && npm ci",
]

STILL_ASK = [
    "git fetch https://example.invalid/fork.git main && git checkout FETCH_HEAD && make",
    "git pull https://example.invalid/x.git main && make",
    "git pull fork main && make",
    "git --work-tree=. reset --hard && make",
    "git checkout -b \"$B\" && npm test",
    "printf 'x' > notes.txt && git stash pop && make",
    "git apply fix.diff && make",
    "npm pkg set scripts.test=x && npm test",
    "node -v x.js && npm test",
]


def test_text_alone_the_recipe_is_as_unseen(agentsh_bin, tmp_path: Path,
                                            agent_home: Path) -> None:
    env = agent_env(agent_home, snapshots=False)
    for command, verdict in zip(RUNS, agent_batch(agentsh_bin, tmp_path, env, RUNS), strict=True):
        assert not any(f["rule"] == "UNK006" for f in verdict["findings"]), (command, verdict)


@pytest.mark.parametrize("command", STILL_ASK, ids=range(len(STILL_ASK)))
def test_other_tree_writers_still_ask(agentsh_bin, tmp_path: Path, agent_home: Path,
                                      command: str) -> None:
    env = agent_env(agent_home, snapshots=False)
    [verdict] = agent_batch(agentsh_bin, tmp_path, env, [command])
    assert any(f["rule"] == "UNK006" for f in verdict["findings"]), (command, verdict)


def test_as_an_agent_another_commits_recipe_still_asks(agentsh_bin, tmp_path: Path,
                                                       agent_home: Path) -> None:
    """Where files are seen, HEAD's Makefile (which deletes a folder) is not the one on disk:
    `git reset --hard && make` is blocked and the folder stays."""
    env = agent_env(agent_home)  # the reset alone would run after a snapshot
    repo = tmp_path / "repo"
    repo.mkdir()
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "data.txt").write_text("mine\n")
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=a", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "Makefile").write_text(f"all:\n\trm -rf {keep}\n")
    subprocess.run(git + ["add", "Makefile"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "x"], cwd=repo, check=True)
    (repo / "Makefile").write_text("all:\n\techo hi\n")
    stderr = assert_blocked(run_as_agent(agentsh_bin, "git reset --hard && make", repo, env,
                                         text=True))
    assert "UNK006" in stderr, stderr
    assert (keep / "data.txt").read_text() == "mine\n"
