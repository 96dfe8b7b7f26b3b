"""The gate sees every line the interactive shell's bash runs: typed, pasted (bracketed and as a
fast burst of keys, which is also how an editor's `sendText` arrives), typed ahead while a
command runs, injected into the terminal's input, or expanded from history. And what a command
does to the shell (its prompt hook, its standard input, line editing) does not open a way
around it. Run as a person meets it, in a real terminal emulator (tmux)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pexpect
import pytest

INJECT = ("python3 -c \"import fcntl,termios,sys\n"
          "try:\n"
          " [fcntl.ioctl(0, termios.TIOCSTI, bytes([c])) for c in b'rm -rf victim\\n']\n"
          " print('inject' + 'ed')\n"
          "except OSError as e:\n"
          " print('refused', e)\"")


def injected(screen) -> None:
    """Wait for the injecting command's verdict; skip where the kernel refuses injection."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = screen.screen()
        if "\ninjected" in text:
            return
        if "refused [Errno" in text:
            pytest.skip("this kernel refuses TIOCSTI (dev.tty.legacy_tiocsti=0)")
        time.sleep(0.05)
    raise AssertionError(screen.screen())


def deny(screen, nth: int = 1) -> None:
    """Answer the `nth` terminal prompt with a key that is not the approve key."""
    found = re.findall(r"Press (\w) to run it", screen.wait_for("to run it", count=nth))
    time.sleep(0.6)  # keys in the prompt's first moments do not count
    screen.keys("n" if found[-1] != "n" else "m")
    screen.wait_for("was not run", count=nth)


def logged(home: Path) -> list[dict]:
    """The audit log, less the fixture's readiness probe."""
    path = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    entries = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [e for e in entries if e["cmd"] != "echo shell-is-ready"]


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.mkdir()
    (path / "file").write_text("precious")
    return path


def test_a_pasted_block_is_checked_line_by_line(screen, victim, home) -> None:
    screen.paste("echo one-$((0+1))\nrm -rf victim\necho three-$((1+2))\n")
    screen.keys("Enter")  # a bracketed paste waits for Enter, as in bash
    screen.wait_for("\none-1")
    deny(screen)
    screen.wait_for("the rest of the pasted lines did not run")
    assert "three-3" not in screen.screen()
    assert victim.exists()
    commands = [e["cmd"] for e in logged(home)]
    assert commands == ["echo one-$((0+1))", "rm -rf victim"]
    screen.keys("Enter")  # the rest waits in the editor
    screen.wait_for("\nthree-3")


def test_a_fast_burst_of_lines_is_checked_line_by_line(screen, victim, home) -> None:
    """Keys arriving faster than bash could run them, as from a terminal without bracketed
    paste or an editor's sendText: each line meets the gate on its own."""
    screen.type("echo one-$((0+1))\rrm -rf victim\recho three-$((1+2))\r")
    screen.wait_for("\none-1")
    deny(screen)
    screen.wait_for("\nthree-3")
    assert victim.exists()
    assert [e["cmd"] for e in logged(home)] == ["echo one-$((0+1))", "rm -rf victim",
                                                "echo three-$((1+2))"]


def test_a_burst_after_a_command_that_reads_the_terminal_goes_to_the_prompt(screen, victim,
                                                                             tmp_path) -> None:
    """Lines that came in the same burst as the one that starts a program reading the terminal
    are commands for agentsh's prompt, not input for that program (one that runs what it reads
    would run them unchecked)."""
    screen.type("cat > typed.txt\rrm -rf victim\r")
    screen.foreground("cat")
    screen.keys("C-d")
    deny(screen)  # the burst's second line met the gate at the next prompt
    assert victim.exists()
    assert (tmp_path / "typed.txt").read_text() == ""


def test_keys_typed_while_a_command_runs_meet_the_gate(screen, victim) -> None:
    screen.keys("sleep 1", "Enter")
    time.sleep(0.3)
    screen.type("rm -rf victim\r")
    deny(screen)
    assert victim.exists()


def test_text_injected_into_the_terminal_meets_the_gate(screen, victim) -> None:
    screen.keys(INJECT, "Enter")
    injected(screen)
    deny(screen)
    assert victim.exists()


def test_injection_from_a_background_job_never_reaches_bash(screen, victim) -> None:
    screen.keys(f"(sleep 0.5; {INJECT}) &", "Enter")
    injected(screen)
    time.sleep(1)
    assert victim.exists()  # nothing ran while agentsh had the prompt
    screen.keys("Enter")  # the next prompt takes the injected keys back, into the gate
    deny(screen)
    assert victim.exists()


def test_history_expansion_is_checked_after_it_expands(screen, victim) -> None:
    screen.keys("echo rm -rf victim", "Enter")
    screen.wait_for("\nrm -rf victim")
    screen.keys("!!:1-3", "Enter")
    deny(screen)
    assert victim.exists()
    screen.keys("echo marker-$((6*7))", "Enter")
    screen.wait_for("\nmarker-42")
    screen.keys("!!", "Enter")
    screen.wait_for("\nmarker-42", count=2)


def test_a_removed_prompt_hook_is_put_back(screen, victim) -> None:
    screen.keys("PROMPT_COMMAND=", "Enter")
    screen.keys("echo after-$((2+2))", "Enter")
    screen.wait_for("\nafter-4")
    screen.keys("rm -rf victim", "Enter")
    deny(screen)
    assert victim.exists()


def test_a_removed_hook_and_a_new_prompt_are_put_back(screen, victim) -> None:
    screen.keys("PROMPT_COMMAND=(); PS1='plain$ '", "Enter")
    screen.keys("echo after-$((3+3))", "Enter")
    screen.wait_for("\nafter-6")
    screen.keys("rm -rf victim", "Enter")
    deny(screen)
    assert victim.exists()


def test_bash_keeps_reading_its_lines_from_agentsh(screen, victim) -> None:
    """A line that points the shell's standard input at the terminal (or anywhere) does not
    make bash read its next commands from there: the line's redirections are undone after it."""
    screen.keys("exec 0</dev/tty; echo redirected", "Enter")
    screen.wait_for("\nredirected")
    screen.keys("rm -rf victim", "Enter")
    deny(screen)
    assert victim.exists()


def test_line_editing_switched_on_cannot_rewrite_the_next_line(screen, tmp_path) -> None:
    screen.keys("""set -o emacs; bind '"\\C-j": " ; touch pwned\\C-j"' 2>/dev/null; """
                """bind '"\\C-m": " ; touch pwned\\C-m"' 2>/dev/null; echo bound""", "Enter")
    screen.wait_for("\nbound")
    screen.keys("echo next-$((1+1))", "Enter")
    screen.wait_for("\nnext-2")
    time.sleep(0.3)
    assert not (tmp_path / "pwned").exists()


def test_the_command_socket_cannot_be_opened_through_proc(screen, tmp_path) -> None:
    """A command cannot write lines into bash's command reader by opening bash's descriptors
    through /proc (it could with a pipe)."""
    (tmp_path / "probe.py").write_text(
        "import os\n"
        "pid = os.getppid()\n"
        "for fd in sorted(os.listdir(f'/proc/{pid}/fd'), key=int):\n"
        "    path = f'/proc/{pid}/fd/{fd}'\n"
        "    if not os.readlink(path).startswith(('socket:', 'pipe:')):\n"
        "        continue\n"
        "    try:\n"
        "        os.close(os.open(path, os.O_WRONLY))\n"
        "        print('opened', fd, os.readlink(path))\n"
        "    except OSError as e:\n"
        "        print('refused', fd, e.errno)\n"
        "print('probe-done')\n")
    screen.keys("python3 probe.py", "Enter")
    text = screen.wait_for("probe-done")
    assert "refused" in text  # bash's own end of the socket (and its saved copy) is there
    assert "opened" not in text


def test_start_up_files_run_in_an_interactive_bash_with_the_terminal(agentsh_bin, env, home,
                                                                      tmp_path) -> None:
    from tests.frontends.conftest import Screen, needs_tmux, ready

    needs_tmux()
    (home / ".bashrc").write_text(
        "case $- in *i*) echo rc-sees-interactive;; esac\n"
        '[ -z "$PS1" ] && return\n'
        "stty -ixon && echo rc-stty-ok\n"
        "export GPG_TTY=$(tty)\n"
        "PROMPT_COMMAND='rc_prompts=$((rc_prompts+1))'\n")
    term = Screen(f"{agentsh_bin} -i", {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        ready(term, "agentsh ")
        screen = term.screen()
        assert "rc-sees-interactive" in screen and "rc-stty-ok" in screen
        term.keys("echo gpg=$GPG_TTY tty=$(tty) prompts=$rc_prompts", "Enter")
        term.wait_for("gpg=/dev/pts/")
        assert re.search(r"gpg=/dev/pts/\d+ tty=/dev/pts/\d+ prompts=2", term.screen())
    finally:
        term.close()


def test_editor_marks_from_commands_are_dropped(agentsh_bin, env, tmp_path) -> None:
    """Only agentsh's own OSC 633 reaches VS Code: a command printing one cannot end a command
    early in the editor's eyes."""
    child = pexpect.spawn(agentsh_bin, ["-i"], env={**env, "PROMPT_TOOLKIT_NO_CPR": "1",
                                                    "TERM_PROGRAM": "vscode"},
                          cwd=str(tmp_path), timeout=30, dimensions=(40, 120))
    import io

    sink = io.BytesIO()
    child.logfile_read = sink
    prompt = rb"\x1b\[\?2004h[\s\S]*?agentsh [^\r\n]*\$"
    child.expect(prompt)
    child.sendline(r"printf '\e]633;D;0\a\e]633;E;fake;x\afake-done\n'; false")
    child.expect(prompt)
    child.sendline("exit")
    child.expect(pexpect.EOF)
    out = sink.getvalue()
    assert b"fake-done" in out
    assert re.findall(rb"\x1b\]633;D;(\d+)\x07", out) == [b"1"]
    assert b"\x1b]633;E;fake" not in out


def test_without_a_pseudo_terminal_it_falls_back_and_says_so(agentsh_bin, env, tmp_path):
    child = pexpect.spawn(agentsh_bin, ["-i"], env={**env, "AGENTSH_INTERACTIVE": "pipe",
                                                    "TERM": "dumb"},
                          cwd=str(tmp_path), timeout=30, encoding="utf-8")
    child.expect("no pseudo-terminal for bash")
    child.expect(r"\$ ")
    child.sendline("echo fallback-$((2+3))")
    child.expect("fallback-5")
    child.sendline("rm -rf /")
    child.expect("denied by policy")
    child.sendline("exit 6")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 6


def test_keys_typed_before_the_editor_has_loaded_meet_the_gate(agentsh_bin, env, home, tmp_path,
                                                               victim) -> None:
    """The first prompt shows before the editor has loaded; what is typed or pasted at once
    waits for it, and meets the gate."""
    from tests.frontends.conftest import Screen, needs_tmux

    needs_tmux()
    term = Screen(f"{agentsh_bin} -i", {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        term.wait_for("agentsh ")
        term.paste("echo pasted-$((40+2))\nrm -rf victim\n")
        term.keys("Enter")
        term.wait_for("\npasted-42")
        deny(term)
        assert victim.exists()
    finally:
        term.close()


@pytest.mark.parametrize("store, use", [
    ("PROMPT_COMMAND='rm -rf victim'", "echo next"),
    ("PROMPT_COMMAND+=('rm -rf victim')", "echo next"),
    ("PS0='$(rm -rf victim)'", "echo next"),
    ("export PS1='$(rm -rf victim)'", "echo next"),
    ("trap 'rm -rf victim' DEBUG", "echo next"),
    ("alias ls='rm -rf victim'", "ls"),
    ("bind -x '\"\\C-m\": rm -rf victim'", "echo next"),
    ("complete -C 'rm -rf victim' pets", "echo next"),
], ids=["PROMPT_COMMAND", "PROMPT_COMMAND-array", "PS0", "PS1", "trap-DEBUG", "alias",
        "bind-x", "complete-C"])
def test_code_stored_for_later_is_checked_when_it_is_stored(screen, victim, store, use) -> None:
    """A line that stores code for bash to run later (at the next prompt, before each command,
    where an alias is typed) asks for the code it stores: after it the code would run with no
    line of its own for the gate to see."""
    screen.keys(store, "Enter")
    deny(screen)
    screen.keys(use, "Enter")
    screen.keys("echo done-$((2+3))", "Enter")
    screen.wait_for("\ndone-5")
    assert victim.exists()


def test_fc_rerunning_a_history_line_asks(screen, victim) -> None:
    """`fc -s` runs a line from bash's history, which a command may have put there
    (`history -s`): what it runs is not known when the line is checked, so it asks."""
    screen.keys("history -s 'rm -rf victim'", "Enter")
    screen.keys("fc -s rm", "Enter")
    deny(screen)
    screen.keys("fc -l -2 | cat; echo listed-$((1+1))", "Enter")  # listing stays free
    screen.wait_for("\nlisted-2")
    assert victim.exists()


@pytest.mark.parametrize("line", ["bash", "exec bash", "exec /bin/bash -l", "env sh"])
def test_a_shell_reading_the_terminal_asks(screen, victim, line) -> None:
    """A shell started on the terminal reads the lines typed (or sent) next itself, and nothing
    checks them: starting one asks. Kept back, the lines still meet agentsh's gate."""
    screen.keys(line, "Enter")
    deny(screen)
    screen.keys("rm -rf victim", "Enter")
    deny(screen, nth=2)
    assert victim.exists()
