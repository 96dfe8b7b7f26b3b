"""A trap handler that calls a function of the text (`trap 'print_debug_trap $LINENO' DEBUG`,
bash's dbg-support test) stopped every function from being followed per call: the handler runs
at times the pass does not see, with arguments it cannot follow. A function that only prints or
returns (`dataflow._inert_function`: `echo`, `return`, `:`, no redirection, substitution,
assignment or prompt expansion in its words, defined once, nothing defined inside it) changes
nothing whenever it runs, so the other functions are followed per call again. Every way such a
function could still change something keeps asking. Run as the agent runs commands (no
terminal, CLAUDECODE=1); bash is the oracle for output."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

# a function followed per call: `cd "$1"` then a script sourced where the call put it
FOLLOWED = 'f() { cd "$1"; . ./s.sub; }\nf sub\n'


@pytest.fixture
def rig(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    home.mkdir()
    (work / "sub" / "s.sub").write_text("echo sourced\n")
    (home / ".bashrc").write_text("# the person's\n")
    return work, home, {**clean_env(home), "CLAUDECODE": "1"}


@pytest.mark.parametrize("printer", [
    'p() { echo "debug lineno: $1 ${FUNCNAME[1]}"; return; }',
    "p() { :; }",
    'function p { echo "$@"; true; }',
], ids=["echo-return", "colon", "function-keyword"])
def test_a_handler_calling_a_function_that_only_prints_keeps_others_followed(
        agentsh_bin, rig, printer) -> None:
    work, _, env = rig
    line = f"{printer}\ntrap 'p $LINENO' DEBUG\n{FOLLOWED}"
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout and "sourced" in done.stdout


@pytest.mark.parametrize("printer", [
    'p() { rm -f "$1"; }',  # it deletes what the handler names
    'p() { echo x > "$1"; }',  # it writes
    'p() { echo "${D:=$HOME}"; }',  # it assigns
    'p() { echo "$(cd ..)"; }',  # a substitution runs code
    'p() { cd ..; }',  # it moves the shell
    'p() { echo hi; }\np() { cd ..; }',  # defined twice
    'p() { g() { cd ..; }; }',  # it defines a function
    'p() { q; }\nq() { cd ..; }',  # it calls another function
    'echo() { cd ..; }\np() { echo hi; }',  # `echo` is a function of the text
    'p() { D=$HOME echo hi; }',  # an assignment
], ids=["rm", "redirect", "assign-expansion", "substitution", "cd", "twice", "nested-def",
        "calls-another", "echo-redefined", "prefix-assignment"])
def test_a_handler_calling_a_function_that_changes_something_still_asks(
        agentsh_bin, rig, printer) -> None:
    work, home, env = rig
    line = f"{printer}\ntrap 'p $LINENO' DEBUG\n{FOLLOWED}"
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / ".bashrc").read_text() == "# the person's\n"
