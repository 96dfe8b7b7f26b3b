"""`eval` given a process substitution (`eval cat <(echo test1)`, bash's procsub test) ran
"code only known at run time" (UNK003): bash hands eval a path to a pipe (`/dev/fd/63`).
The code eval runs is now read with the substitution as written (`dataflow.eval_text`): what
it runs is checked where eval reads the pipe's path, and the commands inside are checked as
well. Where the operands are otherwise unknown, or the code reads the substitution as code,
it still asks. Run as the agent runs commands (no terminal, CLAUDECODE=1); bash is the oracle
for output."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent


@pytest.fixture
def rig(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (home / ".bashrc").write_text("# the person's\n")
    return work, home, {**clean_env(home), "CLAUDECODE": "1"}


@pytest.mark.parametrize("line", [
    "eval cat <(echo test1)",
    'eval "echo foo;cat" <(echo test2)',
    'unset f\neval f=<(echo test4) "; cat \\$f"\necho "${f:+set}"',
    "eval wc -l <(printf 'a\\nb\\n') '|' tr -d ' /a-z0-9'",
], ids=["cat", "two-commands", "assigned", "pipeline"])
def test_eval_of_a_process_substitution_runs(agentsh_bin, rig, line) -> None:
    work, _, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout and done.stdout


@pytest.mark.parametrize("line", [
    "eval source <(echo 'rm -f ~/.bashrc')",  # the substitution's output run as code
    "eval bash <(echo 'rm -f ~/.bashrc')",
    "eval 'rm -f' <(echo x) ~/.bashrc",  # what eval runs is checked
    'eval "$(cat cmd.txt)" <(echo x)',  # an operand only known at run time
    'eval "echo \\$(" <(echo x) ")"',  # the pipe's path run as a command
    "eval cat <(rm -f ~/.bashrc)",  # what the substitution runs
], ids=["source", "bash", "rm-in-eval", "unknown-operand", "path-as-command", "inside"])
def test_eval_of_a_process_substitution_that_runs_code_asks(agentsh_bin, rig, line) -> None:
    work, home, env = rig
    (work / "cmd.txt").write_text("rm -f ~/.bashrc\n")
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / ".bashrc").read_text() == "# the person's\n"
