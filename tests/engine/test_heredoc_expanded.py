"""An unquoted here-document whose values are known: what it reads is known (`words.
heredoc_text`), so a script it writes can be read when run (posix2.tests:96, `cat >
$TMPDIR/conftest1 << EOF` then `$TESTSHELL $TMPDIR/conftest1`: it asked, "cannot read"), and
`sh << EOF` runs known code. Expanded as bash does: as inside double quotes, but a double quote
is text, a backslash escapes only `$`, backquote, backslash and newline, with the values before
the command (not its own `X=v` prefix). bash is the oracle."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.engine.words import heredoc_text
from agentsh.policy.values import Decision

VALUES = {"X": "rm", "D": "/tmp/d", "E": ""}

BODIES = {
    "variables": "$X -rf $D/x\n",
    "escaped-dollar": "\\$X ${X}y\n",
    "double-quotes-are-text": 'echo "\\$@" \\"x\\" "$X"\n',
    "backslash-kept": "a\\b \\\\ \\` c\n",
    "continued-line": "a\\\nb $E.\n",
    "braces": "${X:-no} ${E:-yes} ${#D}\n",
}


@pytest.mark.parametrize("body", list(BODIES.values()), ids=list(BODIES))
def test_heredoc_text_is_what_bash_reads(body: str) -> None:
    script = "".join(f"{k}='{v}'\n" for k, v in VALUES.items()) + f"cat <<EOF\n{body}EOF\n"
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True,
                         text=True, timeout=10)
    assert heredoc_text(body, VALUES.get) == out.stdout


@pytest.mark.parametrize("body", ["$unknown\n", "$(date)\n", "$((1+2))\n", "`ls`\n"])
def test_unknown_parts_stay_unknown(body: str) -> None:
    assert heredoc_text(body, {}.get) is None


def verdict(text: str, policy):
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"), ("TMPDIR", "/tmp/t")),
                  read_file=lambda path: None)
    return classify(text, policy, ctx)


def test_script_written_by_unquoted_heredoc_is_read(builtin_policy) -> None:
    text = ('cat > $TMPDIR/c1 << EOF\n$TMPDIR/c2 "\\$@"\nEOF\n'
            'cat > $TMPDIR/c2 << "EOF"\n#! /bin/sh\necho $#\nEOF\n'
            'chmod +x $TMPDIR/c1 $TMPDIR/c2\nsh $TMPDIR/c1\nrm -f $TMPDIR/c1 $TMPDIR/c2')
    v = verdict(text, builtin_policy)
    assert v.decision == Decision.ALLOW, v.findings


@pytest.mark.parametrize("text", [
    "X=rm\ncat > s1 << EOF\n$X -rf ~/\nEOF\nsh s1",
    "X=m\nsh << EOF\nr$X -rf ~/\nEOF",
    "X=m\nsh <<- EOF\n\tr$X -rf ~/\nEOF",
    "cat > s1 << EOF\n$unknown -rf ~/\nEOF\nsh s1",
    "X=rm\ncat > s1 << EOF\n\\$X -rf ~/\nEOF\nX=echo\nX=rm sh s1",
])
def test_dangerous_twins_still_stop(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW


PIECES = ["$X", "${X}", "${X:-a}", "\\$", "\\\\", '\\"', '"', "'", "\n", "\\`", " ", "a",
          '${E:-"q r"}', "${E:-'s'}", "${X#r}", "$(echo hi)", "\\\n", "\\a", "$", "${#X}", "$E",
          "\t", "\\\\\\$X", '"$X"', "'$X'"]


def test_random_bodies_read_as_bash_reads_them() -> None:
    """Where heredoc_text says what a body reads, bash reads the same (seeded, 300 bodies)."""
    import random

    rng = random.Random(7)
    values = {"X": "rm", "E": ""}
    checked = 0
    for _ in range(300):
        body = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))) + "\n"
        got = heredoc_text(body, values.get)
        if got is None or "\nEOF\n" in "\n" + body:
            continue
        out = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                              f"X=rm; E=; cat <<EOF\n{body}EOF\n"], capture_output=True,
                             text=True, timeout=10).stdout
        assert got == out, body
        checked += 1
    assert checked > 100
