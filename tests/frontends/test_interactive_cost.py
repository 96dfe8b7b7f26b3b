"""The interactive shell's cost: what it loads before its first prompt, and the mode it falls back
to when no pseudo-terminal can be opened (docs/interactive.md, "Start-up and cost per line")."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pexpect
import pytest

from tests.conftest import ROOT

# The first prompt is drawn as soon as bash is at its prompt: none of these may be loaded on the
# way there (they cost more than bash's whole start-up; they load while the prompt is shown).
LATER = ("asyncio", "prompt_toolkit", "agentsh.engine.classify", "agentsh.gate.decide")

_UP_TO_THE_FIRST_PROMPT = """
import os, sys
os.isatty = lambda fd: True  # standard input is a terminal: the interactive shell's branch
from agentsh.frontends import interactive

def first_prompt(argv0, inv, env, policy):
    # what `run` and the session load before they draw the first prompt
    from agentsh import locations
    from agentsh.frontends.interactive.gate import for_policy
    from agentsh.frontends.interactive.reader import prompt_text, wants_plain
    from agentsh.frontends.interactive.session import Session, new_loop

    gate = for_policy(policy, env)
    locations.real_bash(gate.policy.settings.bash, env)
    prompt_text(os.getcwd(), env, False)
    print(" ".join(m for m in LATER if m in sys.modules) or "none")
    return 0

interactive.run = first_prompt
from agentsh.frontends import shell
sys.exit(shell.run(["agentsh"]))
"""


def test_nothing_heavy_is_loaded_on_the_way_to_the_first_prompt(env, tmp_path) -> None:
    code = f"LATER = {LATER!r}\n" + _UP_TO_THE_FIRST_PROMPT
    done = subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(ROOT)},
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["none"]


def _ptmx_hidden() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to hide /dev/ptmx in a mount namespace")
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount --bind /dev/null /dev/ptmx"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot hide /dev/ptmx here: {probe.stderr.decode(errors='replace')}")


def test_without_dev_ptmx_it_falls_back_says_so_once_and_keeps_the_gate(agentsh_bin, env,
                                                                          tmp_path) -> None:
    """No pseudo-terminal can be opened (/dev/ptmx is /dev/null in this mount namespace): the
    shell says so once, runs bash without job control behind the same editor, and every line
    still meets the gate."""
    _ptmx_hidden()
    child = pexpect.spawn("unshare", ["-m", "--propagation", "private", "sh", "-c",
                                      f"mount --bind /dev/null /dev/ptmx && exec {agentsh_bin} -i"],
                          env={**env, "TERM": "dumb"}, cwd=str(tmp_path), timeout=30,
                          encoding="utf-8")
    child.expect(r"\$ ")
    said = child.before
    child.sendline("echo fallback-$((2+3))")
    child.expect("fallback-5")
    child.expect(r"\$ ")
    child.sendline("echo second-$((3+4))")
    child.expect("second-7")
    child.sendline("rm -rf /")
    child.expect("denied by policy")
    child.sendline("exit 3")
    child.expect(pexpect.EOF)
    child.close()
    transcript = said + child.before
    assert said.count("no pseudo-terminal for bash") == 1
    assert "without job control" in said
    assert transcript.count("no pseudo-terminal") == 1
    assert child.exitstatus == 3


EDITOR_PROMPT = r"\x1b\[\?2004h[\s\S]*?agentsh [^\r\n]*\$"


def _three_lines(agentsh_bin, env, tmp_path, pause: float) -> str:
    """What the terminal gets from a session that runs three lines sent whole."""
    import io
    import time

    child = pexpect.spawn(agentsh_bin, ["-i"], env={**env, "PROMPT_TOOLKIT_NO_CPR": "1",
                                                    "TERM_PROGRAM": "vscode",
                                                    "VSCODE_NONCE": "n0nce"},
                          cwd=str(tmp_path), timeout=30, encoding="utf-8", dimensions=(40, 120))
    child.expect(EDITOR_PROMPT)
    child.expect(r"\x1b\]633;B\x07")  # the editor's prompt is up, its end marked
    sink = io.StringIO()
    child.logfile_read = sink
    for n in range(3):
        time.sleep(pause)
        child.send(f"echo line-{n}\r")
        child.expect(f"line-{n}\r\n")
        child.expect(r"\x1b\]633;B\x07")
    out = sink.getvalue()
    child.sendline("exit")
    child.expect(pexpect.EOF)
    return out


@pytest.mark.parametrize("pause", [0, 0.3], ids=["sent-at-once", "sent-later"])
def test_a_line_sent_at_once_is_drawn_once_with_its_prompt_marks(agentsh_bin, env, tmp_path,
                                                                  pause) -> None:
    """A line sent whole (an editor's sendText, a paste) costs one drawing of the editor, and VS
    Code still gets the prompt's start and end marks before the command's: at once after the
    prompt is drawn, or a while later."""
    import re

    drawings = []
    # The marks are checked in every session. The number of drawings is a cost, not a
    # correctness property, and a machine under load may split a write or run a pending redraw
    # before Enter is read: the best of three sessions must draw each prompt once (a regression
    # draws twice in every session).
    for _ in range(3):
        out = _three_lines(agentsh_bin, env, tmp_path, pause)
        kinds = re.findall(r"\x1b\]633;([A-Z])", out)
        assert "".join(kinds).startswith("ECDPAB" * 3)
        # one drawing turns autowrap off, the erasing does not
        drawings.append(out.count("\x1b[?7l"))
        if drawings[-1] == 3:
            break
    assert min(drawings) == 3, drawings
