"""The interactive shell through a real pseudo-terminal: one bash behind it keeps state, the gate
asks before a destructive line, editor shell-integration marks come in order, Ctrl-C interrupts
the command and not the shell, and full-screen programs get the terminal."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from tests.conftest import clean_env, without_snapshots
from tests.frontends.conftest import wait_foreground

# A new prompt: prompt-toolkit turns bracketed paste on, then draws it. (It also redraws the
# accepted line, so the prompt text alone would match too early.)
PROMPT = r"\x1b\[\?2004h[\s\S]*?agentsh [^\r\n]*\$"


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    """These tests ask a person about `rm -rf`: with snapshots off it still needs one (the
    interactive shell with snapshots on: tests/gate/test_snapshots.py)."""
    return without_snapshots(clean_env(home), home)


def spawn(agentsh_bin: str, env: dict[str, str], cwd: Path, *args: str, **extra: str):
    # pexpect's terminal does not answer cursor-position requests; tell prompt-toolkit so
    child = pexpect.spawn(agentsh_bin, list(args) or ["-i"],
                          env={**env, "PROMPT_TOOLKIT_NO_CPR": "1", **extra}, cwd=str(cwd),
                          timeout=30, encoding="utf-8", dimensions=(40, 120))
    return child


def test_state_carries_between_lines(agentsh_bin, env, tmp_path) -> None:
    child = spawn(agentsh_bin, env, tmp_path)
    child.expect(PROMPT)
    child.sendline("cd /usr && export FOO=bar && f() { echo in-f $1; }; alias hi='echo aliased'")
    child.expect(PROMPT)
    child.sendline("echo $PWD $FOO; f x; hi; set -o noclobber")
    child.expect("/usr bar")
    child.expect("in-f x")
    child.expect("aliased")
    child.expect(PROMPT)
    child.sendline("false")
    child.expect(PROMPT)
    child.sendline("echo status=$?; shopt -o noclobber")
    child.expect("status=1")
    child.expect(r"noclobber\s+on")
    child.expect(PROMPT)
    child.sendline("exit 3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3


def test_multi_line_input_continues(agentsh_bin, env, tmp_path) -> None:
    child = spawn(agentsh_bin, env, tmp_path)
    child.expect(PROMPT)
    child.sendline("if true; then")
    child.sendline("echo inside-$((40+2))")
    child.sendline("fi")
    child.expect("inside-42")
    child.expect(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)


def test_destructive_line_asks_and_n_leaves_the_files(agentsh_bin, env, tmp_path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "file").write_text("precious")
    child = spawn(agentsh_bin, env, tmp_path)
    child.expect(PROMPT)
    child.sendline("rm -rf victim")
    child.expect(r"Press (\w) to run it")
    time.sleep(0.6)
    child.send("n" if child.match.group(1) != "n" else "y")
    child.expect("was not run")
    child.expect(PROMPT)
    child.sendline("echo status=$?")
    child.expect("status=126")
    assert (victim / "file").read_text() == "precious"
    child.sendline("exit")
    child.expect(pexpect.EOF)


def _transcript(agentsh_bin, env, tmp_path, lines, **extra) -> str:
    import io

    child = spawn(agentsh_bin, env, tmp_path, **extra)
    sink = io.StringIO()
    child.logfile_read = sink
    child.expect(PROMPT)
    for line in lines:
        child.sendline(line)
        child.expect(PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)
    return sink.getvalue()


def test_osc_633_in_order_with_status(agentsh_bin, env, tmp_path) -> None:
    out = _transcript(agentsh_bin, env, tmp_path, ["echo nonce=${VSCODE_NONCE:-unset}; false"],
                      TERM_PROGRAM="vscode", VSCODE_NONCE="n0nce")
    marks = re.findall(r"\x1b\]633;([A-Z])(?:;([^\x07]*))?\x07", out)
    kinds = [k for k, _ in marks]
    first_e = kinds.index("E")
    assert kinds[:first_e][-2:] == ["A", "B"]
    assert kinds[first_e:first_e + 4] == ["E", "C", "D", "P"]
    assert marks[first_e][1] == "echo\\x20nonce=${VSCODE_NONCE:-unset}\\x3b\\x20false;n0nce"
    assert marks[first_e + 2][1] == "1"
    assert marks[first_e + 3][1] == f"Cwd={str(tmp_path).replace(';', '')}"
    assert "nonce=unset" in out  # the nonce is not left for commands to read


def test_osc_633_in_order_for_each_line_of_a_pasted_block(agentsh_bin, env, tmp_path) -> None:
    """Lines pasted together run one by one, each shown as if typed: VS Code still gets every
    line's marks in order (the previous command's end before the next prompt's start)."""
    child = spawn(agentsh_bin, env, tmp_path, TERM_PROGRAM="vscode", VSCODE_NONCE="n0nce")
    child.expect(PROMPT)
    child.expect(r"\x1b\]633;B\x07")
    sink = io.StringIO()
    child.logfile_read = sink
    child.send("\x1b[200~echo one-$((0+1))\necho two-$((1+1))\necho three-$((1+2))\x1b[201~\r")
    child.expect("three-3")
    child.expect(r"\x1b\]633;B\x07")
    child.sendline("exit")
    child.expect(pexpect.EOF)
    kinds = "".join(re.findall(r"\x1b\]633;([A-Z])", sink.getvalue()))
    assert kinds.startswith("ECDPABECDPABECDPAB"), kinds


def test_osc_133_when_enabled(agentsh_bin, env, tmp_path) -> None:
    out = _transcript(agentsh_bin, env, tmp_path, ["true"], AGENTSH_OSC133="1")
    assert re.search(r"\x1b\]133;C\x07.*\x1b\]133;D;0\x07", out, re.S)


def test_ctrl_c_interrupts_the_command_not_the_shell(agentsh_bin, env, tmp_path) -> None:
    child = spawn(agentsh_bin, env, tmp_path)
    child.expect(PROMPT)
    child.sendline("sleep 30; echo after-sleep")
    wait_foreground(child.pid, "sleep")
    started = time.monotonic()
    child.sendcontrol("c")
    child.expect(PROMPT, timeout=30)
    assert time.monotonic() - started < 20  # not the 30 s of the sleep
    child.sendline("echo still-alive")
    child.expect("still-alive")
    child.expect(PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_vim_opens_and_quits(agentsh_bin, env, tmp_path) -> None:
    child = spawn(agentsh_bin, env, tmp_path)
    child.expect(PROMPT)
    child.sendline("vim -u NONE -N notes.txt")
    child.expect("notes.txt")
    time.sleep(0.5)
    child.send("ihello from vim\x1b")
    time.sleep(0.3)
    child.send(":wq\r")
    child.expect(PROMPT)
    child.sendline("cat notes.txt")
    child.expect("hello from vim")
    child.expect(PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_dumb_terminal_gets_a_plain_reader_and_the_same_gate(agentsh_bin, env, tmp_path):
    child = spawn(agentsh_bin, env, tmp_path, TERM="dumb")
    child.expect(r"\$ ")
    child.sendline("echo plain-$((1+1))")
    child.expect("plain-2")
    child.expect(r"\$ ")
    child.sendline("rm -rf /")
    child.expect("denied by policy")
    child.expect(r"\$ ")
    child.sendline("exit 4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


def test_ctrl_d_leaves_with_the_last_status(agentsh_bin, env, tmp_path) -> None:
    child = spawn(agentsh_bin, env, tmp_path, TERM="dumb")
    child.expect(r"\$ ")
    child.sendline("(exit 5)")
    child.expect(r"\$ ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 5


def test_login_shell_reads_the_profile(agentsh_bin, env, home, tmp_path) -> None:
    (home / ".profile").write_text("export FROM_PROFILE=yes\n")
    # the guard most distributions' bashrc starts with: it returns unless the shell is interactive
    (home / ".bashrc").write_text("case $- in\n    *i*) ;;\n      *) return;;\nesac\n"
                                  "alias rcalias='echo from-rc'\n")
    child = spawn(agentsh_bin, env, tmp_path, "-l", TERM="dumb")
    child.expect(r"\$ ")
    child.sendline("echo profile=$FROM_PROFILE")
    child.expect("profile=yes")
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child = spawn(agentsh_bin, env, tmp_path, "-i", TERM="dumb")
    child.expect(r"\$ ")
    child.sendline("rcalias")
    child.expect("from-rc")
    child.sendline("exit")
    child.expect(pexpect.EOF)


class Tmux:
    """A real terminal emulator (tmux) running agentsh: it answers cursor-position requests, so
    prompt-toolkit draws its full layout (completions, the bottom toolbar) as for a person."""

    def __init__(self, agentsh_bin: str, env: dict[str, str], cwd: Path) -> None:
        import subprocess

        self.run = lambda *a: subprocess.run(["tmux", "-L", self.socket, *a], env=env,
                                             capture_output=True, text=True)
        self.socket = f"agentsh-test-{os.getpid()}-{id(self)}"
        self.run("new-session", "-d", "-s", "t", "-x", "120", "-y", "30", "-c", str(cwd),
                 f"{agentsh_bin} -i")
        self.wait_for("agentsh ")

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "t", "-p").stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on the screen:\n{self.screen()}")

    def close(self) -> None:
        self.run("kill-server")


@pytest.fixture
def tmux(agentsh_bin, env, tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    term = Tmux(agentsh_bin, {**env, "TERM": "xterm-256color"}, tmp_path)
    yield term
    term.close()


def test_tab_completes_commands_and_paths(tmux, tmp_path) -> None:
    (tmp_path / "notes-for-completion.txt").write_text("completed-text\n")
    tmux.keys("cat notes-for-compl", "Tab")
    tmux.wait_for("cat notes-for-completion.txt")
    tmux.keys("Enter")
    tmux.wait_for("completed-text")
    tmux.keys("printen", "Tab")
    tmux.wait_for("printenv")


def test_the_toolbar_shows_the_risk_while_typing(tmux) -> None:
    tmux.keys("git push --force origin main")
    tmux.wait_for("GIT003 force-push rewrites the default branch")
    tmux.keys("C-u", "echo fine")
    screen = tmux.wait_for("echo fine")
    assert "GIT003" not in screen


def test_history_persists_between_sessions(agentsh_bin, env, tmp_path, home) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    term_env = {**env, "TERM": "xterm-256color"}
    first = Tmux(agentsh_bin, term_env, tmp_path)
    try:
        first.keys("echo history-marker-42", "Enter")
        first.wait_for("\nhistory-marker-42")
        first.keys("exit", "Enter")
        time.sleep(0.5)
    finally:
        first.close()
    assert "history-marker-42" in (home / ".local" / "state" / "agentsh" / "history").read_text()
    second = Tmux(agentsh_bin, term_env, tmp_path)
    try:
        second.keys("Up", "Up")  # the last line was `exit`
        second.wait_for("$ echo history-marker-42")
    finally:
        second.close()


# ------------------------------------------------------------------ as a person meets it


def test_n_in_your_own_terminal_gets_text_for_a_person(agentsh_bin, env, tmp_path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    child = spawn(agentsh_bin, env, tmp_path)
    child.expect(PROMPT)
    child.sendline("rm -rf victim")
    child.expect(r"Press (\w) to run it")
    time.sleep(0.6)
    child.send("n" if child.match.group(1) != "n" else "y")
    child.expect("the prompt was cancelled")
    child.expect(PROMPT)
    said = child.before
    assert "If you are an AI agent" not in said
    assert "open `agentsh approve` in a terminal of your own" in said
    assert victim.exists()
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_ctrl_c_while_waiting_for_the_approver_keeps_the_shell(agentsh_bin, env, tmp_path):
    """Ctrl-C cancels the waiting request only: the shell, its directory, environment and
    history stay, the approver shows the request as cancelled, and the audit log has it."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (tmp_path / "sub").mkdir()
    console = pexpect.spawn(agentsh_bin, ["approve"], env=env, cwd=str(tmp_path), timeout=20,
                            encoding="utf-8", dimensions=(50, 200))
    console.expect("waiting for requests")
    # started by a shell of its own, as a person's terminal would start it
    shell = pexpect.spawn("bash", ["-c", f"trap : INT; '{agentsh_bin}' -i; echo shell-exit=$?"],
                          env={**env, "PROMPT_TOOLKIT_NO_CPR": "1"}, cwd=str(tmp_path),
                          timeout=20, encoding="utf-8", dimensions=(40, 120))
    try:
        shell.expect(PROMPT)
        shell.sendline("cd sub && export KEEP=kept")
        shell.expect(PROMPT)
        shell.sendline("rm -rf ../victim")
        shell.expect("waiting for a person to answer in `agentsh approve`")
        console.expect(r"command: rm -rf \.\./victim")
        shell.sendcontrol("c")
        shell.expect("the request was cancelled while it waited")
        shell.expect(PROMPT)
        console.expect(r"cancelled\s+rm -rf \.\./victim")
        shell.sendline("echo still=$KEEP in=$PWD")
        shell.expect(r"still=kept in=\S*/sub")
        shell.expect(PROMPT)
        assert "shell-exit" not in shell.before
        assert victim.exists()
        shell.sendline("exit 0")
        shell.expect("shell-exit=0")
    finally:
        shell.terminate(force=True)
        console.sendcontrol("c")
    log = subprocess.run([agentsh_bin, "log"], env=env, capture_output=True, text=True).stdout
    assert re.search(r"confirm\s+interrupted\s+FS001\s+rm -rf \.\./victim", log), log


def test_no_parse_error_hint_while_a_construct_is_still_open(tmux) -> None:
    tmux.keys("for i in 1 2; do", "Enter")
    tmux.wait_for("\n>")
    time.sleep(0.5)
    screen = tmux.screen()
    assert "UNK001" not in screen and "cannot parse" not in screen, screen
    tmux.keys("echo item-$i", "Enter", "done", "Enter")
    tmux.wait_for("item-2")


def test_a_parse_error_is_still_hinted_when_the_line_is_complete(tmux) -> None:
    tmux.keys("echo )(")
    tmux.wait_for("UNK080")  # bash stops there (docs/precision.md)


def test_history_is_private(agentsh_bin, env, tmp_path, home) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    state = home / ".local" / "state" / "agentsh"
    state.mkdir(parents=True)
    (state / "history").write_text("")
    (state / "history").chmod(0o644)  # as earlier versions left it
    term = Tmux(agentsh_bin, {**env, "TERM": "xterm-256color"}, tmp_path)
    try:
        term.keys("echo secret-in-history", "Enter")
        term.wait_for("\nsecret-in-history")
    finally:
        term.close()
    assert (state / "history").stat().st_mode & 0o777 == 0o600
