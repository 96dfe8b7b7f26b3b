"""A function of the text named like a program agentsh reads as `rm -rf` (`del`, `rimraf`:
`[analyzer.runners] delete_tools`) was still read as that program where it is called: bash's
assoc test (`del() { unset -v dict["$1"]; }; for k in "${!dict[@]}"; do del "$k"; done`) asked
FS001/FS002/UNK110. Where the text surely defined the function before the call on every way
there, and nothing may remove it out of sight (`flowstate.State.sure_functions`,
`dataflow._Flow.keeps_function`, `_may_unset_function`), the call is the function, whose body
is checked as code. Every way the program may still run keeps asking. Run as the agent runs
commands (no terminal, CLAUDECODE=1); bash is the oracle for output."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent


@pytest.fixture
def rig(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "x").mkdir(parents=True)
    work.mkdir()
    return work, home, {**clean_env(home), "CLAUDECODE": "1"}


@pytest.mark.parametrize("line", [
    'del() { unset -v dict["$1"]; }\ndeclare -A dict=([a]=1 [b]=2)\n'
    'for k in "${!dict[@]}"; do del "$k"; done\nunset "dict[$k]" dict\necho "${#dict[@]}"',
    "rimraf() { echo \"would remove $*\"; }\nrimraf ~/x",
    "del() { echo \"del $1\"; }\nunset -v del\nunset 'a[@]' a\ndel ~/x",
    "bash -c 'del() { echo \"del $1\"; }; del ~/x'",  # a child shell's own function
], ids=["assoc", "rimraf", "other-unsets", "child-shell"])
def test_a_function_named_like_a_delete_tool_runs(agentsh_bin, rig, line) -> None:
    work, home, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout and done.stdout
    assert (home / "x").is_dir()


@pytest.mark.parametrize("line", [
    "del() { :; }; command del -rf ~/x",  # `command` runs the program
    "del() { :; }; env del -rf ~/x",
    "del() { :; }; echo ~/x | xargs del -rf",
    "if [ -e nothere ]; then del() { :; }; fi; del -rf ~/x",  # maybe not defined
    "del -rf ~/x; del() { :; }",  # defined after
    "del() { :; }; unset -f del; del -rf ~/x",
    "del() { :; }; unset del; del -rf ~/x",  # no variable del: the function goes
    "del() { :; }; unset d?l; del -rf ~/x",  # a pattern that may match it
    "del() { :; }; g() { unset -f del; }; g; del -rf ~/x",
    'del() { :; }; x=del; unset -f $x; del -rf ~/x',
    'del() { :; }; v="x] del"; unset assoc[$v]; del -rf ~/x',  # split: may name it
    'del() { :; }; eval "unset -f del"; del -rf ~/x',
    'del() { :; }; trap "unset -f del" DEBUG; del -rf ~/x',
    'del() { :; }; $c del; del -rf ~/x',  # a command word only known at run time
    "del() { rm -rf \"$@\"; }; del ~/x",  # the body is checked
    "del() { :; }; bash -c 'del -rf ~/x'",  # a child shell has no such function
    "bash -c 'del() { :; }; command del -rf ~/x'",
], ids=["command", "env", "xargs", "maybe-defined", "defined-after", "unset-f", "unset",
        "pattern", "unset-in-function", "unset-variable-name", "split-operand", "eval",
        "trap", "dynamic-word", "body", "parent-function", "child-command"])
def test_the_program_or_a_harmful_body_still_asks(agentsh_bin, rig, line) -> None:
    work, home, env = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / "x").is_dir()
