"""git commands that discard work run after a record of the repository (`git stash create` kept by
a private ref, HEAD, untracked files), and `agentsh undo` brings the discarded work back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gate.snapshots.helpers import agent, person, undo_id


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def repo(tmp_path, env) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "a@example.com")
    git(repo, "config", "user.name", "A")
    (repo / "app.py").write_text("v1\n")
    (repo / "lib.py").write_text("lib v1\n")
    (repo / ".gitignore").write_text("*.log\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    (repo / "app.py").write_text("v2\n")
    git(repo, "commit", "-qam", "two")
    return repo


def state(repo: Path) -> tuple[str, str, str, dict[str, str]]:
    """HEAD, the index, the status, and every file's content."""
    files = {str(p.relative_to(repo)): p.read_text() for p in sorted(repo.rglob("*"))
             if p.is_file() and ".git" not in p.relative_to(repo).parts}
    return (git(repo, "rev-parse", "HEAD"), git(repo, "ls-files", "-s"),
            git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored"), files)


def test_git_checkout_of_a_file_with_uncommitted_edits_is_undone(agentsh_bin, env, repo) -> None:
    (repo / "app.py").write_text("staged edit\n")
    git(repo, "add", "app.py")
    (repo / "app.py").write_text("staged edit\nand an unstaged one\n")
    (repo / "lib.py").write_text("lib edit\n")
    before = state(repo)
    ran = agent(agentsh_bin, env, repo, "git checkout -- app.py lib.py")
    assert ran.returncode == 0, ran.stderr
    assert (repo / "app.py").read_text() == "staged edit\n"
    assert (repo / "lib.py").read_text() == "lib v1\n"
    undone = person(agentsh_bin, env, repo, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stderr
    assert state(repo) == before


def test_git_reset_hard_is_undone_with_head_index_and_edits(agentsh_bin, env, repo) -> None:
    (repo / "app.py").write_text("uncommitted\n")
    (repo / "new.py").write_text("staged new file\n")
    git(repo, "add", "new.py")
    (repo / "debug.log").write_text("ignored, untouched\n")
    before = state(repo)
    ran = agent(agentsh_bin, env, repo, "git reset --hard HEAD~1")
    assert ran.returncode == 0, ran.stderr
    assert (repo / "app.py").read_text() == "v1\n" and not (repo / "new.py").exists()
    undone = person(agentsh_bin, env, repo, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stderr
    assert state(repo) == before


def test_an_untracked_file_the_reset_overwrites_comes_back(agentsh_bin, env, repo) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    (repo / "extra.py").write_text("committed on side\n")
    git(repo, "add", "extra.py")
    git(repo, "commit", "-qm", "side")
    git(repo, "checkout", "-q", "main")
    (repo / "extra.py").write_text("my untracked work\n")
    before = state(repo)
    ran = agent(agentsh_bin, env, repo, "git reset --hard side")
    assert ran.returncode == 0 and (repo / "extra.py").read_text() == "committed on side\n"
    assert person(agentsh_bin, env, repo, "undo", undo_id(ran)).returncode == 0
    assert state(repo) == before


def test_git_restore_and_git_clean_are_undone(agentsh_bin, env, repo) -> None:
    (repo / "app.py").write_text("edit\n")
    (repo / "notes.txt").write_text("untracked notes\n")
    (repo / "build").mkdir()
    (repo / "build" / "out.log").write_text("ignored output\n")
    before = state(repo)
    ran = agent(agentsh_bin, env, repo, "git restore . && git clean -fdx")
    assert ran.returncode == 0, ran.stderr
    assert state(repo)[2] == ""  # clean
    undone = person(agentsh_bin, env, repo, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stderr
    assert state(repo) == before


def test_git_stash_drop_and_clear_are_undone(agentsh_bin, env, repo) -> None:
    for text in ("first stash\n", "second stash\n"):
        (repo / "app.py").write_text(text)
        git(repo, "stash", "-q")
    before = git(repo, "stash", "list", "--format=%H %gs")
    dropped = agent(agentsh_bin, env, repo, "git stash drop stash@{1}")
    assert dropped.returncode == 0 and len(git(repo, "stash", "list").splitlines()) == 1
    assert person(agentsh_bin, env, repo, "undo", undo_id(dropped)).returncode == 0
    assert git(repo, "stash", "list", "--format=%H %gs") == before  # in its place
    cleared = agent(agentsh_bin, env, repo, "git stash clear")
    assert cleared.returncode == 0 and git(repo, "stash", "list") == ""
    assert person(agentsh_bin, env, repo, "undo", undo_id(cleared)).returncode == 0
    assert git(repo, "stash", "list", "--format=%H %gs") == before  # same order too


def test_a_later_edit_is_a_conflict_that_only_force_overwrites(agentsh_bin, env, repo) -> None:
    (repo / "app.py").write_text("my edit\n")
    ran = agent(agentsh_bin, env, repo, "git checkout -- app.py")
    (repo / "app.py").write_text("edited again after the checkout\n")
    refused = person(agentsh_bin, env, repo, "undo", undo_id(ran))
    assert refused.returncode == 1 and "app.py" in refused.stdout
    assert (repo / "app.py").read_text() == "edited again after the checkout\n"
    forced = person(agentsh_bin, env, repo, "undo", undo_id(ran), "--force")
    assert forced.returncode == 0 and (repo / "app.py").read_text() == "my edit\n"


def test_the_private_ref_keeps_the_work_and_goes_with_the_snapshot(agentsh_bin, env,
                                                                   repo) -> None:
    (repo / "app.py").write_text("my edit\n")
    sid = undo_id(agent(agentsh_bin, env, repo, "git checkout -- app.py"))
    assert git(repo, "for-each-ref", "--format=%(refname)", "refs/agentsh/").split() == \
        [f"refs/agentsh/{sid}"]
    blocked = agent(agentsh_bin, env, repo, f"git update-ref -d refs/agentsh/{sid}")
    assert blocked.returncode == 126 and "UNDO002" in blocked.stderr
    assert person(agentsh_bin, env, repo, "trash", "purge", sid).returncode == 0
    assert git(repo, "for-each-ref", "refs/agentsh/") == ""


def test_a_branch_switch_that_discards_work_still_asks(agentsh_bin, env, repo) -> None:
    git(repo, "branch", "other")
    (repo / "app.py").write_text("my edit\n")
    blocked = agent(agentsh_bin, env, repo, "git checkout -f other")
    assert blocked.returncode == 126 and (repo / "app.py").read_text() == "my edit\n"


def test_git_update_ref_runs_and_undo_sets_the_ref_back(agentsh_bin, env, repo) -> None:
    """GIT070 (precision round 6): a full ref name set on the command line runs after a record
    of where it pointed (kept alive by a private ref); `agentsh undo` sets it back, and deletes
    a ref the command made. `--stdin` (refs only known at run time) still asks."""
    one, two = git(repo, "rev-parse", "HEAD~1").strip(), git(repo, "rev-parse", "HEAD").strip()
    git(repo, "branch", "scratch")
    ran = agent(agentsh_bin, env, repo, "git update-ref refs/heads/scratch HEAD~1")
    assert ran.returncode == 0, ran.stderr
    assert git(repo, "rev-parse", "scratch").strip() == one
    git(repo, "reflog", "expire", "--expire=now", "--all")
    git(repo, "gc", "-q", "--prune=now")  # the private ref keeps the old commit alive
    undone = person(agentsh_bin, env, repo, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stderr
    assert git(repo, "rev-parse", "scratch").strip() == two
    ran = agent(agentsh_bin, env, repo, "git update-ref refs/tags/bench-base HEAD~1")
    assert ran.returncode == 0, ran.stderr
    undone = person(agentsh_bin, env, repo, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stderr
    assert git(repo, "tag", "--list") == ""
    blocked = agent(agentsh_bin, env, repo, "printf 'update refs/heads/main %s\\n' "
                    f"{one} | git update-ref --stdin")
    assert blocked.returncode == 126, blocked.stderr
    assert git(repo, "rev-parse", "main").strip() == two
