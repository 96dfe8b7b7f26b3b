"""`. /dev/null` (bash's builtins tests, source6.sub): a character device that reads empty, so
the sourcing runs nothing; agentsh says so instead of asking about a device it never opens. Not
after a program with unknown effects (as root it may have put a file or another device there),
and no other device (`/dev/tty`, `/dev/stdin`, `/dev/zero`)."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent


@pytest.fixture
def rig(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return tmp_path, {**clean_env(home), "CLAUDECODE": "1"}


@pytest.mark.parametrize("line", [". /dev/null; echo $?", "source /dev/null x y; echo $?",
                                  "x=1; . /dev/null; echo $x"],
                         ids=["dot", "source-with-args", "then-a-variable"])
def test_runs_as_bash_runs_it(agentsh_bin, rig, line) -> None:
    work, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == (bash.stdout, bash.stderr)


@pytest.mark.parametrize("line", [
    "python3 ./gen.py; . /dev/null",  # code agentsh cannot follow ran first
    ". /dev/tty", ". /dev/zero",
], ids=["after-unknown-effects", "tty", "zero"])
def test_still_asks(agentsh_bin, rig, line) -> None:
    work, env = rig
    (work / "gen.py").write_text("import sys\nexec(sys.argv[0])\n")
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
