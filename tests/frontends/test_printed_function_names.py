"""A function whose name is only printed (`echo "fn4 here. Calling fn3..."`, bash's
dbg-support test) was taken as named somewhere the pass cannot follow, so it was not followed
per call: its body was read once where nothing is known, and the functions it calls with it
(`fn3` sourcing `./dbg-support.sub`) asked. An `echo` with literal words, in no pipeline,
substitution or subshell, in a text that sends no output to a file or stream, prints where no
code of the text reads it back (`dataflow._printed_words`): such a name calls nothing. Every
way the printed text could still become code keeps asking. Run as the agent runs commands (no
terminal, CLAUDECODE=1); bash is the oracle for output."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

# `h` is named in a string it prints; `g` is followed per call: `cd "$1"` then a script
# sourced where the call put it
PRINTED = ('g() { cd "$1"; . ./s.sub; }\n'
           'h() { echo "h here. Calling g..."; g sub; }\n'
           'h\n')


@pytest.fixture
def rig(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    home.mkdir()
    (work / "sub" / "s.sub").write_text("echo sourced\n")
    (home / ".bashrc").write_text("# the person's\n")
    return work, home, {**clean_env(home), "CLAUDECODE": "1"}


@pytest.mark.parametrize("more", ["", "echo h done >&2\n", "echo 'h' >/dev/null\n"],
                         ids=["alone", "to-stderr", "to-null"])
def test_a_function_named_only_in_printed_text_is_followed_per_call(agentsh_bin, rig, more
                                                                    ) -> None:
    work, _, env = rig
    line = PRINTED + more
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout and "sourced" in done.stdout


@pytest.mark.parametrize("twin", [
    'echo "g ../../home" | . /dev/stdin',  # a pipe into code
    'echo "g ../../home" > c.sub; . ./c.sub',  # a file sourced later
    'exec 4>&1 >c.sub; echo "g ../../home"; exec >&4; . ./c.sub',  # the shell's output moved
    'eval "$(echo g ../../home)"',  # a substitution run as code
    'echo() { eval "$@"; }\necho "g ../../home"',  # `echo` is a function of the text
    'shopt -s expand_aliases\nalias echo=eval\necho "g ../../home"',  # an alias
    'source <(echo g ../../home)',  # a process substitution
    '{ echo g ../../home; } > c.sub; . ./c.sub',  # a group's output
    # printed by a function whose output is read back as code
    'p() { echo "g ../../home"; }\np | . /dev/stdin',
    'p() { echo "g ../../home"; }\nsource <(p)',
    'p() { echo "g ../../home"; }\nx=$(p); $x',
    'p() { echo "g ../../home"; }\nread -r a b < <(p); $a $b',
], ids=["pipe", "file", "exec", "comsub", "function", "alias", "procsub", "group",
        "function-pipe", "function-procsub", "function-comsub", "function-read"])
def test_a_printed_name_that_may_become_code_still_asks(agentsh_bin, rig, twin) -> None:
    work, home, env = rig
    (home / "s.sub").write_text("rm -f .bashrc\n")
    line = PRINTED + twin + "\n"
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / ".bashrc").read_text() == "# the person's\n"
