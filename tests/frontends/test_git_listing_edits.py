"""In-place edits over a git listing (docs/precision.md round 9): `sed -i ... $(git ls-files
'*.py')`, `perl -pi -e ... $(git grep -l x -- '*.go')`. Each pathspec stands for the pattern
at any depth below the command's folder (engine/listings.py); the gate lists the tracked files
when it takes the snapshot and copies each (kind `gitls`). Run as an agent: the edit runs,
`agentsh undo` restores every file at every depth; the twins are blocked and change nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env


def _repo(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run(git + ["init", "-q", "."], cwd=path, check=True)
    subprocess.run(git + ["add", "-A"], cwd=path, check=True)
    subprocess.run(git + ["commit", "-qm", "init"], cwd=path, check=True)
    return path


FILES = {"top.py": "x = 1\n", "src/a.py": "x = 1\n", "src/deep/er/b.py": "x = 1\n",
         ".github/tool.py": "x = 1\n", "README.md": "x = 1\n"}


@pytest.mark.parametrize("command", [
    "sed -i 's/1/2/' $(git ls-files '*.py')",
    "perl -pi -e 's/1/2/' $(git ls-files -- '*.py')",
    "git status --short && sed -i -e 's/1/2/' $(git grep -l 'x = 1' -- '*.py')",
    # piped into xargs: the same listing (before, it ran with no copy and unchecked)
    "git ls-files '*.py' | xargs sed -i 's/1/2/'",
    "git grep -l 'x = 1' -- '*.py' | xargs -r perl -pi -e 's/1/2/'",
])
def test_the_edit_runs_and_undo_restores_every_listed_file(agentsh_bin, tmp_path: Path,
                                                            agent_home: Path, command: str) -> None:
    env = agent_env(agent_home)
    proj = _repo(tmp_path / "proj" if (tmp_path / "proj").mkdir() is None else tmp_path, FILES)
    done = run_as_agent(agentsh_bin, command, proj, env)
    assert done.returncode == 0, done.stderr
    for name in ("top.py", "src/a.py", "src/deep/er/b.py", ".github/tool.py"):
        assert (proj / name).read_text() == "x = 2\n", name
    assert (proj / "README.md").read_text() == "x = 1\n"
    undo = subprocess.run([agentsh_bin, "undo"], cwd=proj, env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert undo.returncode == 0, undo.stderr
    for name in FILES:
        assert (proj / name).read_text() == "x = 1\n", name


def test_judged_from_text_alone_it_runs_after_a_copy(agentsh_bin, tmp_path: Path,
                                                     agent_home: Path) -> None:
    env = agent_env(agent_home)
    verdicts = agent_batch(agentsh_bin, tmp_path, env, [
        "sed -i 's/a/b/' $(git ls-files '*.py')",
        "sed -i 's/^import requests$/import httpx/' $(git grep -l '^import requests$')",
        "cd /srv/app && perl -pi -e 's/a/b/' $(git ls-files 'src/**/*.ts' 'src/**/*.tsx')",
        # twins: still unknown (ask)
        "sed -i 's/a/b/' $(git ls-files -o '*.py')",
        "sed -i 's/a/b/' $(git ls-files \"$P\")",
        "cd \"$D\" && sed -i 's/a/b/' $(git ls-files '*.py')",
        "sed -i 's/a/b/' $(git ls-files ':(top)*.py')",
        "sed -i 's/a/b/' $(git -C ~ ls-files '*.toml')",
        "cd ~/.config && sed -i 's/deny/allow/' $(git ls-files '*.toml')",
        "cd ~ && sed -i 's/a/b/' $(git ls-files '*.json')",
    ])
    assert [v["decision"] for v in verdicts[:3]] == ["allow"] * 3, verdicts[:3]
    assert verdicts[0]["snapshot"][0]["kind"] == "gitls"
    for v in verdicts[3:]:
        assert v["decision"] != "allow", (v["cmd"], v["findings"])


def test_agentshs_own_files_and_hook_settings_stay(agentsh_bin, tmp_path: Path,
                                                   agent_home: Path) -> None:
    """A dotfiles repository at home, or agentsh's own folder under git: blocked, unchanged."""
    env = agent_env(agent_home, snapshots=False)
    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    settings = agent_home / ".claude" / "settings.json"
    _repo(agent_home, {".config/agentsh/rules.toml": "# deny\n",
                       ".claude/settings.json": '{"deny": 1}\n'})
    work = tmp_path / "work"
    work.mkdir()
    for command in ["cd ~ && sed -i 's/deny/allow/' $(git ls-files '*.json')",
                    "cd ~/.config && perl -pi -e 's/deny/allow/' $(git ls-files '*.toml')",
                    "cd ~ && sed -i 's/deny/allow/' $(git grep -l deny -- '*.toml')",
                    "cd ~ && sed -i 's/deny/allow/' $(git grep -l deny)",
                    "cd ~ && git ls-files '*.json' | xargs sed -i 's/deny/allow/'",
                    "cd ~/.config && git grep -l deny | xargs perl -pi -e 's/deny/allow/'"]:
        assert_blocked(run_as_agent(agentsh_bin, command, work, env))
    for command in ["sed -i 's/deny/allow/' $(git ls-files '*.toml')",  # started at home
                    "sed -i 's/deny/allow/' $(git grep -l deny)"]:
        assert_blocked(run_as_agent(agentsh_bin, command, agent_home, env))
    assert rules.read_text() == "# deny\n"
    assert settings.read_text() == '{"deny": 1}\n'


def test_a_listing_an_earlier_command_may_change_is_not_saved_blind(agentsh_bin, tmp_path: Path,
                                                                    agent_home: Path) -> None:
    """`git add -A && sed -i ... $(git ls-files)`: an untracked file becomes listed after the
    snapshot; the gate refuses the plan, nobody is there to ask: nothing runs. A listed name
    bash would split into other names: the same."""
    env = agent_env(agent_home)
    proj = _repo(tmp_path, {"a.py": "x = 1\n"})
    (proj / "new.py").write_text("x = 1\n")
    assert_blocked(run_as_agent(agentsh_bin, "git add -A && sed -i 's/1/2/' "
                                "$(git ls-files '*.py')", proj, env))
    assert (proj / "new.py").read_text() == "x = 1\n"
    assert (proj / "a.py").read_text() == "x = 1\n"
    split = _repo(tmp_path / "split" if (tmp_path / "split").mkdir() is None else tmp_path,
                  {"a b.py": "x = 1\n", "b.py": "x = 1\n"})
    assert_blocked(run_as_agent(agentsh_bin, "sed -i 's/1/2/' $(git ls-files '*.py')", split, env))
    assert (split / "b.py").read_text() == "x = 1\n"


def test_an_unknown_listing_piped_into_an_in_place_edit_asks(agentsh_bin, tmp_path: Path,
                                                            agent_home: Path) -> None:
    """`ls -d ~/.config/agentsh/rules.toml | xargs sed -i ...` ran as an agent and rewrote the
    rules: xargs's items, only known at run time, escaped UNK110. Now they are a path only
    known at run time unless a lister of files below a known folder of the agent's own (not
    home, not above agentsh's folders, not the system's) produces them."""
    env = agent_env(agent_home, snapshots=False)
    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("# deny\n")
    work = tmp_path / "work"
    (work / "src").mkdir(parents=True)
    (work / "src" / "a.txt").write_text("old\n")
    for command in ["ls -d ~/.config/agentsh/rules.toml | xargs sed -i 's/deny/allow/'",
                    "cat ~/paths.txt | xargs sed -i 's/deny/allow/'",
                    "find ~ -name rules.toml | xargs perl -pi -e 's/deny/allow/'",
                    "cd ~/.config && grep -rl deny . | xargs sed -i 's/deny/allow/'",
                    "cd ~ && grep -rl deny . | xargs sed -i 's/deny/allow/'"]:
        (agent_home / "paths.txt").write_text(f"{rules}\n")
        assert_blocked(run_as_agent(agentsh_bin, command, work, env))
    assert rules.read_text() == "# deny\n"
    done = run_as_agent(agentsh_bin, "grep -rl old src | xargs sed -i 's/old/new/'", work, env)
    assert done.returncode == 0, done.stderr
    assert (work / "src" / "a.txt").read_text() == "new\n"
