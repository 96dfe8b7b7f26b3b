"""The last review of session 29 (red team on the lead's late changes), run as the agent: no
terminal, CLAUDECODE=1, a temporary HOME, stand-in programs that record that they ran (they
must not). Each got through on main `8884fd7`:
- git's own subcommand programs run directly (`/usr/lib/git-core/git-merge evil` brought a
  prepared commit's `.claude/settings.local.json`; agentsh reads only `git SUBCOMMAND`): GIT092;
- `rye run` was no wrapper, so the program it runs was never judged;
- a method word with a trailing newline (`$'DELETE\\n'`) passed the HTTP analyzer's new cheap
  test, though the method pattern matches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

STANDIN = "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> \"$RAN\"\n"


@pytest.fixture
def rig(tmp_path: Path, agent_home: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("git-merge", "git-reset", "rye", "restish"):
        (bin_dir / name).write_text(STANDIN)
        (bin_dir / name).chmod(0o755)
    ran = tmp_path / "ran.log"
    env = clean_env(agent_home, CLAUDECODE="1", RAN=str(ran))
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    work = tmp_path / "proj"
    work.mkdir()
    (work / "src").mkdir()
    return work, env, ran, bin_dir


@pytest.mark.parametrize("command", [
    "git-merge evil",
    "{bin}/git-reset --hard evil",
    "rye run rm -rf src",
    "rye run python3 -c \"import shutil; shutil.rmtree('src')\"",
    "restish $'DELETE\\n' https://api.example.com/v1/db",
])
def test_blocked_and_the_stand_in_never_ran(agentsh_bin: str, rig, command: str) -> None:
    work, env, ran, bin_dir = rig
    assert_blocked(run_as_agent(agentsh_bin, command.format(bin=bin_dir), work, env))
    assert not ran.exists()
    assert (work / "src").is_dir()


def test_rye_running_tests_still_runs(agentsh_bin: str, rig) -> None:
    work, env, ran, _ = rig
    done = run_as_agent(agentsh_bin, "rye run python3 -c 'print(1)'", work, env)
    assert done.returncode == 0, done.stderr
    assert "rye run python3" in ran.read_text()
