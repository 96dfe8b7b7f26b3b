"""`wait $!` (heredoc3.sub:72): `$!`, `$$`, `$?` and `$#` expand to digits or nothing, never an
option such as `-p NAME`, so the wait assigns nothing; agentsh forgot every variable and the
working directory there (a later `rm 'x*x'` asked: "a directory only known at run time"). A
word only known at run time still may be `-p NAME`. bash is the oracle."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Decision


def verdict(text: str, policy):
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    return classify(text, policy, ctx)


@pytest.mark.parametrize("word", ["$!", '"$!"', "${!}", "$$"])
def test_wait_for_a_pid_assigns_nothing(builtin_policy, word: str) -> None:
    text = f"x=ls\nsleep 0 &\nwait {word}\n${{x}}_cmd"
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                          "command_not_found_handle() { echo \"$1\"; }\n" + text],
                         capture_output=True, text=True, timeout=10)
    assert out.stdout.strip() == "ls_cmd"
    v = verdict(text, builtin_policy)
    assert "ls_cmd" in [c.argv[0] for c in v.commands]


def test_the_directory_stays_known(builtin_policy) -> None:
    v = verdict("cd /tmp\nsleep 1 &\nwait $!\ntouch b; rm b", builtin_policy)
    assert v.decision == Decision.ALLOW, v.findings


@pytest.mark.parametrize("text", [
    "x=ls\nwait -p x $!\n$x -rf ~/",
    "x=ls\nwait $y\n$x -rf ~/",  # $y may be -p
    "x=ls\nwait $! -p x\n$x -rf ~/",
])
def test_dangerous_twins_still_stop(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW
