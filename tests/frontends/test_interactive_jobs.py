"""Job control and the rest of a login shell, played as the same keystrokes to agentsh and to
`bash -i` in a real terminal emulator (tmux): what bash shows, agentsh shows."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time

import pytest

from tests.frontends.conftest import Screen, needs_tmux, ready


def test_ctrl_z_jobs_bg_fg_ctrl_c(shells) -> None:
    shells.keys("sleep 100", "Enter")
    shells.foreground("sleep")
    shells.keys("C-z")
    shells.wait_for("Stopped                 sleep 100")
    shells.keys("jobs", "Enter")
    shells.wait_for("Stopped                 sleep 100", count=2)
    shells.keys("bg", "Enter")
    shells.wait_for("[1]+ sleep 100 &")
    shells.keys("jobs", "Enter")
    shells.wait_for("Running                 sleep 100 &")
    shells.keys("fg", "Enter")
    shells.wait_for("\nsleep 100\n")
    shells.foreground("sleep")
    shells.keys("C-c")
    shells.keys("echo status=$?", "Enter")
    shells.wait_for("status=130")
    shells.keys("jobs; echo jobs-done", "Enter")
    shells.wait_for("\njobs-done")
    for term in shells.both:
        assert "sleep 100" not in term.screen().split("jobs-done")[0].rsplit("status=130", 1)[1]


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_vim_suspended_and_resumed(shells, tmp_path) -> None:
    shells.keys("vim -u NONE -N notes.txt", "Enter")
    shells.wait_for("notes.txt")
    shells.foreground("vim")
    shells.keys("i")
    shells.wait_for("-- INSERT --")
    shells.keys("hello from vim", "Escape")
    for term in shells.both:  # vim has left insert mode: the next key is a command
        deadline = time.monotonic() + 30
        while "-- INSERT --" in term.screen() and time.monotonic() < deadline:
            time.sleep(0.05)
    shells.keys("C-z")
    shells.wait_for("Stopped                 vim -u NONE -N notes.txt")
    shells.keys("fg", "Enter")
    shells.wait_for("hello from vim")
    for term in shells.both:
        assert "Stopped" not in term.screen()  # vim has the whole screen again
    shells.keys(":wq", "Enter")
    shells.keys("cat notes.txt", "Enter")
    shells.wait_for("\nhello from vim")


def test_wait_disown_and_exit_status(shells) -> None:
    shells.keys("sleep 0.3 & wait; echo waited=$?", "Enter")
    shells.wait_for("waited=0")
    shells.keys("sleep 100 & disown; jobs; echo disowned", "Enter")
    shells.wait_for("\ndisowned")
    for term in shells.both:
        assert "Running" not in term.screen()
    shells.keys("exit 3", "Enter")
    shells.wait_for("[exited 3]")


def test_exec_replaces_the_shell(shells) -> None:
    shells.keys("exec sh -c 'echo in-sh; exit 4'", "Enter")
    shells.wait_for("in-sh")
    shells.wait_for("[exited 4]")


def test_a_stopped_job_holds_exit_once(shells) -> None:
    shells.keys("sleep 100", "Enter")
    shells.foreground("sleep")
    shells.keys("C-z")
    shells.wait_for("Stopped")
    shells.keys("exit", "Enter")
    shells.wait_for("There are stopped jobs.")
    shells.keys("exit", "Enter")
    shells.wait_for("[exited ")
    statuses = {re.search(r"\[exited (\d+)\]", t.screen()).group(1) for t in shells.both}
    assert len(statuses) == 1, statuses


@pytest.mark.skipif(not shutil.os.path.exists("/usr/share/bash-completion/bash_completion"),
                    reason="bash-completion is not installed (apt-get install bash-completion)")
def test_git_checkout_tab_completes_a_branch(agentsh_bin, env, home, tmp_path) -> None:
    from tests.frontends.conftest import Shells

    needs_tmux()
    for name in ("agentsh", "bash"):
        repo = tmp_path / name
        git = ["git", "-C", str(repo), "-c", "user.email=t@example.com", "-c", "user.name=t"]
        subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
        subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "first"], check=True,
                       env=env)
        subprocess.run([*git, "branch", "feature-completion-xyz"], check=True, env=env)
        subprocess.run([*git, "branch", "other"], check=True, env=env)
    pair = Shells(agentsh_bin, env, home, tmp_path, {"WITH_COMPLETION": "1"})
    try:
        ready(pair.agentsh, "agentsh ")
        ready(pair.bash, "$ ")
        pair.keys("git checkout feat", "Tab")
        pair.wait_for("git checkout feature-completion-xyz")
        pair.keys("Enter")
        pair.wait_for("Switched to branch 'feature-completion-xyz'")
    finally:
        pair.close()


def test_suspend_stops_agentsh_in_the_shell_that_started_it(agentsh_bin, env, home, tmp_path):
    """`suspend` stops bash, so agentsh stops too, and the shell it was started from gets its
    prompt back; `fg` there continues both."""
    needs_tmux()
    (home / ".bashrc").write_text("PS1='outer$ '\n")
    term = Screen("bash -i", {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        term.wait_for("outer$ ")
        term.keys(f"{shlex.quote(agentsh_bin)} -i", "Enter")
        ready(term, "agentsh ")
        term.keys("x=kept; suspend", "Enter")
        term.wait_for("Stopped")
        term.keys("fg", "Enter")
        time.sleep(0.5)
        term.keys("echo resumed-$x", "Enter")
        term.wait_for("\nresumed-kept")
        term.keys("exit", "Enter")
        term.wait_for("outer$ ", count=3)
    finally:
        term.close()


def test_a_login_shell_cannot_be_suspended(agentsh_bin, env, home, tmp_path) -> None:
    needs_tmux()
    term = Screen(f"sh -c '{agentsh_bin} -l; echo \"[exited $?]\"; sleep 600'",
                  {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        ready(term, "agentsh ")
        term.keys("suspend", "Enter")
        term.wait_for("cannot suspend a login shell")
        term.keys("echo still-here", "Enter")
        term.wait_for("\nstill-here")
    finally:
        term.close()


def test_vi_mode_from_the_start_up_files(agentsh_bin, env, home, tmp_path) -> None:
    """`set -o vi` in ~/.bashrc gives agentsh's editor vi keys (bash itself never edits)."""
    needs_tmux()
    (home / ".bashrc").write_text("set -o vi\n")
    term = Screen(f"{agentsh_bin} -i", {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        ready(term, "agentsh ")
        term.keys("echo xabc", "Escape")
        time.sleep(0.3)
        term.keys("b", "x", "Enter")  # back a word, delete the x: vi keys
        term.wait_for("\nabc")
        term.keys("set -o | grep -E '^(vi|emacs) '", "Enter")
        term.wait_for("\nvi")
        assert re.search(r"\nvi\s+off", term.screen())
    finally:
        term.close()


def test_completion_runs_in_the_live_shell(screen) -> None:
    """A compspec and the function behind it, defined at the prompt, complete on Tab: bash's
    completion runs in the very shell the person is using."""
    screen.keys("_pets() { COMPREPLY=($(compgen -W 'parrot python' -- \"$2\")); }; "
                "complete -F _pets pets; pets() { echo \"pet:$1\"; }", "Enter")
    screen.keys("pets par", "Tab")
    screen.wait_for("pets parrot")
    screen.keys("Enter")
    screen.wait_for("\npet:parrot")


def test_a_compspec_whose_code_the_rules_would_stop_does_not_run_on_tab(agentsh_bin, env, home,
                                                                         tmp_path) -> None:
    """A compspec from the start-up files (which no gate reads) whose code the rules would stop:
    Tab does not run it. (Typed at the prompt, the line that defines it asks: see
    test_interactive_gate.)"""
    needs_tmux()
    (tmp_path / "victim").mkdir()
    (home / ".bashrc").write_text("complete -C 'rm -rf victim' pets\n")
    term = Screen(f"{agentsh_bin} -i", {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        ready(term, "agentsh ")
        term.keys("complete -p pets", "Enter")
        term.wait_for("\ncomplete -C 'rm -rf victim' pets")
        term.keys("pets a", "Tab")
        term.keys("C-u", "echo after-tab", "Enter")  # the Tab was handled before this line
        term.wait_for("\nafter-tab")
        assert (tmp_path / "victim").exists()
    finally:
        term.close()
