"""A trap handler whose text expands something (`trap 'rm -f $TMPDIR/x-$$' 0`, redir.tests)
used to stop every function of the text from being followed per call: the expansion might
name a function and call it with anything. A handler every command of which is run by a
literal program that is no function of the text and no builtin that runs code (`eval`,
`command`, `source`, `trap`...) can call no function (`dataflow._plain_handler`), so the
functions are followed per call again. Each way a handler can still call one keeps asking.
Run as the agent runs commands (no terminal, CLAUDECODE=1); bash is the oracle for output."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

BODY = 'f() { rm -f "$1"; }; '


@pytest.fixture
def rig(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (home / ".bashrc").write_text("# the person's\n")
    return work, {**clean_env(home), "CLAUDECODE": "1", "TMPDIR": str(tmp_path)}


@pytest.mark.parametrize("handler", [
    "rm -f $TMPDIR/x-$$", "echo bye $LINENO", "rm -f $TMPDIR/a; echo $(date +%s) > /dev/null",
], ids=["rm-pid-path", "echo-lineno", "substitution-of-a-program"])
def test_a_plain_handler_keeps_functions_followed_per_call(agentsh_bin, rig, handler) -> None:
    work, env = rig
    line = BODY + f"trap '{handler}' EXIT; touch a; f a; ls; echo done"
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    (work / "a").unlink(missing_ok=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout and done.stdout.startswith("done\n")


@pytest.mark.parametrize("handler", [
    "f $D", "$n $D", 'eval "$n $D"', "echo $($n $D)", "command $n $D", "g $D",
    "source $D", "trap '$n $D' TERM; kill -TERM $$", 'zap "$n $D"',
], ids=["the-function", "command-word-from-a-variable", "eval", "in-a-substitution",
        "through-command", "through-another-function", "source", "another-trap",
        "an-alias-for-eval"])
def test_a_handler_that_may_call_a_function_keeps_it_unknown(agentsh_bin, rig, handler) -> None:
    """Each handler may call `f` with `~/.bashrc` at exit; the line's own call is harmless.
    `$n` is f's name made only when the line runs (the text names f nowhere else)."""
    work, env = rig
    alias = "shopt -s expand_aliases; alias zap=eval; " if handler.startswith("zap") else ""
    line = (BODY + 'g() { f "$1"; }; D=~/.bashrc; n="$(printf "\\x66")"; '
            f"{alias}trap {handler!r} EXIT; touch a; f a")
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (work.parent / "home" / ".bashrc").exists()
