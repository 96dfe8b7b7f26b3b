"""Text read in bash's posix mode (issue 16, compat: posixexp2.tests). After `set -o posix` on
an earlier line, bash reads a single quote inside `${x+...}` in double quotes as text, so
`"${IFS+'$(cmd)}"` runs cmd; in its default mode that quote opens a quoted string. agentsh's
fallback parsers read the default way only: on main `set -o posix` then
`echo "${IFS+'$(rm -rf victim)}"` was allowed while bash ran rm. bash itself is the oracle: each
command it runs is one agentsh reports."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine import parse

BASH = shutil.which("bash")

TEXTS = [
    "set -o posix\necho \"${IFS+'$(probe one)}\"",
    "set -o posix ; shopt -u xpg_echo\n(echo 3 \"foo ${IFS+'bar} baz $(probe two)\")",
    "set -o posix\nx=\"${y:-'$(probe three)'}\"",
    "set -o posix\necho \"${x#'$(probe four)'}\"\necho \"${IFS+'$(probe five)}\"",
]


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_every_command_bash_runs_in_posix_mode_is_reported(text):
    ran = subprocess.run([BASH, "--norc", "-c", "probe() { echo \"RAN $*\" >&2; }\n" + text],
                         capture_output=True, text=True).stderr
    runs = [line[4:].split() for line in ran.splitlines() if line.startswith("RAN ")]
    assert runs, ran
    reported = [list(c.argv) for c in parse.parse(text).commands]
    for argv in runs:
        assert ["probe", *argv] in reported, (argv, reported)


def test_text_bash_rejects_in_both_modes_does_not_parse():
    assert not parse.parse("set -o posix\necho \"${IFS+'$(probe)\"").ok
