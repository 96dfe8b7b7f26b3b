"""Which project files a tool runs unasked (`engine/projectfiles.py`): git's hooks as git finds
them, pytest's conftest.py files, the setup.py pip builds, nox's noxfile, direnv's .envrc."""

from __future__ import annotations

import pytest

from agentsh.engine import projectfiles
from agentsh.engine.model import Command, Word


def command(text: str) -> Command:
    words = tuple(Word(w, True, (0, 0), w) for w in text.split())
    return Command(words=words, span=(0, len(text)))


def ran(text: str, files: dict[str, str]) -> list[str]:
    return [label for _, label in projectfiles.codes(command(text), files.get)]


REPO = {".git/HEAD": "ref: refs/heads/main\n"}


@pytest.mark.parametrize(("text", "files", "expected"), [
    ("git commit -m x", {**REPO, ".git/hooks/pre-commit": "rm -rf d"},
     ["git commit runs the hook .git/hooks/pre-commit"]),
    ("git commit -m x --no-verify", {**REPO, ".git/hooks/pre-commit": "rm -rf d"}, []),
    ("git commit -nm x", {**REPO, ".git/hooks/pre-commit": "rm -rf d"}, []),
    ("git commit --no-verify -m x", {**REPO, ".git/hooks/post-commit": "rm -rf d"},
     ["git commit runs the hook .git/hooks/post-commit"]),
    ("git status", {**REPO, ".git/hooks/pre-commit": "rm -rf d"}, []),
    ("git push origin main", {**REPO, ".git/hooks/pre-push": "x"},
     ["git push runs the hook .git/hooks/pre-push"]),
    ("git -C sub commit -m x", {"sub/.git/HEAD": "x", "sub/.git/hooks/pre-commit": "x"},
     ["git commit runs the hook sub/.git/hooks/pre-commit"]),
    ("git commit -m x", {"../.git/HEAD": "x", "../.git/hooks/pre-commit": "x"},
     ["git commit runs the hook ../.git/hooks/pre-commit"]),
    ("git commit -m x", {**REPO, ".git/config": "[core]\n\thooksPath = hk\n", "hk/pre-commit": "x"},
     ["git commit runs the hook hk/pre-commit"]),
    ("git commit -m x", {**REPO, ".git/config": "[core]\n\thooksPath = .husky/_\n",
                         ".husky/_/pre-commit": "x", ".husky/pre-commit": "y"},
     ["git commit runs the hook .husky/_/pre-commit", "git commit runs the hook .husky/pre-commit"]),
    ("git commit -m x", {".git": "gitdir: ../main/.git/worktrees/w\n",
                         "../main/.git/worktrees/w/commondir": "../..\n",
                         "../main/.git/hooks/pre-commit": "x"},
     ["git commit runs the hook ../main/.git/hooks/pre-commit"]),
], ids=["commit", "no-verify", "-n", "post-commit-still-runs", "status-runs-none", "push",
        "-C", "parent", "hooksPath", "husky", "worktree"])
def test_git_hooks_found_as_git_finds_them(text, files, expected) -> None:
    assert ran(text, files) == expected


@pytest.mark.parametrize(("hook", "shell"), [
    ("#!/bin/sh\nrm -rf d\n", "#!/bin/sh\nrm -rf d\n"),
    ("rm -rf d\n", "rm -rf d\n"),
    ("#!/usr/bin/env python3\nimport shutil\n", "python3 - <<'AGENTSH_RECIPE_END'\nimport shutil\n"),
    ("#!/usr/bin/env -S node --no-warnings\nx()\n", "node - <<'AGENTSH_RECIPE_END'\nx()\n"),
])
def test_a_hook_is_run_by_the_interpreter_its_first_line_names(hook, shell) -> None:
    ((text, _),) = projectfiles.codes(command("git commit -m x"),
                                      {**REPO, ".git/hooks/pre-commit": hook}.get)
    assert text.startswith(shell)


@pytest.mark.parametrize(("text", "files", "expected"), [
    ("pytest -q", {"conftest.py": "", "tests/conftest.py": ""},
     ["cd 'tests' && python3 -c 'import conftest'", "python3 -c 'import conftest'"]),
    ("python3 -m pytest pkg/sub/test_x.py", {"pkg/sub/conftest.py": "", "pkg/conftest.py": ""},
     ["cd 'pkg' && python3 -c 'import conftest'", "cd 'pkg/sub' && python3 -c 'import conftest'"]),
    ("pip install -e .", {"setup.py": ""}, ["python3 -c 'import setup'"]),
    ("pip install requests", {"setup.py": ""}, []),
    ("nox -s lint", {"noxfile.py": ""}, ["python3 -c 'import noxfile'"]),
    ("direnv allow", {".envrc": "rm -rf d"}, ["rm -rf d"]),
])
def test_python_project_files_are_read_as_modules(text, files, expected) -> None:
    assert sorted(t for t, _ in projectfiles.codes(command(text), files.get)) == sorted(expected)
