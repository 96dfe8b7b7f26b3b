"""History expansion in what bash reads as a script or `-c` text: after `set -o history` and
`set -H` (or `set -o histexpand`), bash replaces `!!`, `!e`, `!?x?`, a line's leading `^a^b`
with lines of its history as it reads each line, before anything parses it. On main agentsh
read `!!` as a program named `!!`: `history -s "rm -rf ~/keep"` then `!!` deleted ~/keep
unasked. Now such a line asks (UNK004, `deferred.history_expansion`); a `!` bash never
expands (quoted, before a blank or `=`, `$!`, `${!x}`, `[!...]`) and a text that does not turn
both options on run as before, compared with bash. Run as the agent runs commands."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

ON = "set -o history\nset -H\nhistory -s 'rm -rf \"$HOME/keep\"'\n"


@pytest.fixture
def rig(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "keep").mkdir(parents=True)
    (home / "keep" / "a").write_text("a\n")
    work.mkdir()
    return work, {**clean_env(home), "CLAUDECODE": "1"}, home


@pytest.mark.parametrize("text", [
    ON + "!!\n",
    ON + "echo x; !r\n",
    ON + 'echo "x!!"\n',
    ON + "!?keep?\n",
    "set -o history -o histexpand\nhistory -s 'rm -rf \"$HOME/keep\"'\n!!\n",
    "set -Ho history\nhistory -s 'rm -rf \"$HOME/keep\"'\n!-1\n",
    "o=history; set -o $o -H\nhistory -s 'rm -rf \"$HOME/keep\"'\n!!\n",
    ON + "histchars='%^#'\n%%\n",
    "bash -c '" + ON.replace("'", "\"") + "!!'\n",
    "eval 'set -o history -H'\nhistory -s 'rm -rf \"$HOME/keep\"'\n!!\n",
    "on() { set -o history -H; }\non\nhistory -s 'rm -rf \"$HOME/keep\"'\n!!\n",
    "printf 'set -o history -H\\n' > on.sh\n. ./on.sh\nhistory -s 'rm -rf \"$HOME/keep\"'\n!!\n",
], ids=["bang-bang", "by-prefix", "in-double-quotes", "by-search", "set-o-names",
        "letters-together", "option-only-known-at-run-time", "another-history-character",
        "in-bash-c", "turned-on-by-eval", "turned-on-by-a-function", "turned-on-by-a-sourced-file"])
def test_a_line_from_the_history_asks(agentsh_bin, rig, text) -> None:
    work, env, home = rig
    for how in ("-c", "script"):
        if how == "script":
            (work / "h.sh").write_text(text)
            done = run_as_agent(agentsh_bin, "bash ./h.sh", work, env, text=True)
        else:
            done = run_as_agent(agentsh_bin, text, work, env, text=True)
        assert_blocked(done)
        assert (home / "keep" / "a").exists()


@pytest.mark.parametrize("text", [
    ON + "echo 'x!y' $'a\\' b!' \"q!\" \"r!=\" ${!HOME@} $! [!a-z]\n[[ ! -e /nonexistent ]] && echo no\n",
    "set -H\nhistory -s 'echo from-history'\necho x\n!!\n",
    "set -o history\necho x\n!!\n",
    "set -o history; set -H; echo hi; !!\n",
    "set +H\necho hi!x\n",
    "set -- \"$@\"\nbash -c 'x=aq; echo \"${x/q/!}\"'\n",
], ids=["never-expanded", "no-history", "no-histexpand", "same-line", "turned-off",
        "childs-own-options"])
def test_what_bash_does_not_expand_runs_as_bash(agentsh_bin, rig, text) -> None:
    work, env, _ = rig
    done = run_as_agent(agentsh_bin, text, work, env, text=True)
    bash = subprocess.run(["bash", "-c", text], cwd=work, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == bash.returncode and done.stdout == bash.stdout, done.stderr
