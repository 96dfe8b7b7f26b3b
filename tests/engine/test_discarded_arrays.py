"""An array assignment whose word list holds a token that is not a word (`a=(x & y)`,
`m=( <> )`): bash 5.2 reports it, drops the top-level command it was reading and the rest of
that line, and reads on from the next line (array.tests:28, 305-306). agentsh reads the text
the same way (`parse.cut.discards`), with bash itself as the oracle here: what agentsh says
runs is what bash runs. Before, it took the error for the place bash stops (UNK080) and
checked nothing after it."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.engine.parse import cut, grammar
from agentsh.policy.values import Decision

# `echo N` marks what runs
TEXTS = {
    "next-line-runs": ("echo 1\na=(x & y)\necho 2", ["1", "2"]),
    "rest-of-line-dropped": ("echo 1\na=(x & y); echo 2\necho 3", ["1", "3"]),
    "whole-list-dropped": ("echo 1; a=(x & y); echo 2\necho 3", ["3"]),
    "redirect-tokens": ("m=( <> < > ! )\necho 1\nm=( [1]=<> [2]=< )\necho 2", ["1", "2"]),
    "multi-line-assignment": ("a=(x\ny & z); echo 1\necho 2", ["2"]),
    "heredoc-operator-dropped": ("a=(x & y) <<E\necho 1\nE=2\necho 3", ["1", "3"]),
    "function-dropped": ("f() { a=(x & y); }\necho 1\nf() { echo 2; }\nf", ["1", "2"]),
    "in-command-substitution": ('echo "$(a=(x & y))"; echo 1\necho 2', ["2"]),
}


def bash_output(text: str) -> list[str]:
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", text], capture_output=True,
                         text=True, timeout=10, env={"PATH": "/usr/bin:/bin"})
    assert "syntax error" in out.stderr, out
    return out.stdout.split()


@pytest.mark.parametrize("text, runs", list(TEXTS.values()), ids=list(TEXTS))
def test_agentsh_reads_on_where_bash_reads_on(text: str, runs: list[str]) -> None:
    assert bash_output(text) == runs
    found = cut.discards(text)
    assert found is not None
    assert len(found.text) == len(text) and found.text.count("\n") == text.count("\n")
    # the blanked text bash accepts and runs the same commands
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", found.text],
                         capture_output=True, text=True, timeout=10)
    assert out.stderr == "" and out.stdout.split() == runs
    assert grammar.complete_end(text) is None  # not a place bash stops


@pytest.mark.parametrize("text", [
    "a=(x y)\necho 1",  # bash accepts it
    "a=(x y",  # the end of the text inside the list: bash stops there
    "a=(x & y); echo 'open\necho 2'\necho 3",  # the line dropped leaves a quote open
    "a=(x & y)\nif ;\necho 1",  # a syntax error where bash stops, after it
])
def test_no_discard(text: str) -> None:
    assert cut.discards(text) is None


def verdict(text: str, policy):
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    return classify(text, policy, ctx)


def test_harmless_text_runs_with_a_note(builtin_policy) -> None:
    v = verdict("test=(first & second)\necho $?\nunset test", builtin_policy)
    assert v.decision == Decision.ALLOW
    assert [f.rule for f in v.findings] == ["UNK082"]
    assert [c.argv[0] for c in v.commands] == [":", "echo", "unset"]


@pytest.mark.parametrize("text", [
    "a=(x & y)\nrm -rf ~",  # after the dropped line: runs
    "a=(x & y)\nX=rm\n$X -rf ~/",  # main allowed this and ran rm (read as cut at line 1)
    "echo ok\nm=( <> )\nrm -rf /",
    "bash -c 'a=(x & y)\nX=rm; $X -rf ~/'",
])
def test_what_runs_after_it_is_judged(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW


@pytest.mark.parametrize("text", [
    "a=(x & rm -rf ~)\necho ok",  # dropped, but the agent meant it: asks as before
    "a=(x & y); rm -rf ~\necho ok",
    "alias a=b\na=(x & y)\necho ok",  # an alias may change what bash reads
])
def test_dropped_harm_or_changed_reading_asks(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW
