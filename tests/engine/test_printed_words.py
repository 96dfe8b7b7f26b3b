"""What `$(...)` and backquotes print, where agentsh reads it (issue 16, compat: braces.tests'
``eval echo XXXX\\{`echo a b c | tr ' ' ','`\\}``): `echo`/`printf` of literal words, and such
output through `tr SET1 SET2` of plain ASCII characters. bash is the oracle: the fields agentsh
reads are bash's, and where it cannot know them it says so (None)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine.flowstate import State
from agentsh.engine.model import NULL_FILES
from agentsh.engine.words import expand

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")

KNOWN = [
    "XXXX\\{`echo a b c | tr ' ' ','`\\}",
    "`echo rm`",
    "`echo r``echo m`",
    "\"$(echo a b c | tr ' ' ,)\"",
    "$(echo abcab | tr ab xyz)",
    "$(echo abc | tr abc x)",
    "$(echo a | tr a b | tr b c)",
]
UNKNOWN = [
    "`echo r\\m`",  # a backslash inside backquotes: bash removes one level first
    "$(echo abc | tr a-c x)",  # a range
    "$(echo abc | tr -d a)",  # an option
    "$(echo abc | tr '\\n' x)",
    "$(echo abc | tr [a] x)",
    "$(echo abc | tr \u00e9 e)",  # tr reads bytes
    "`printf '%s-' a b | tr - ' '`",  # `-`: an option, or a range
    "$(cat f | tr a b)",
    "\"`echo rm`\"",
]


def fields(word: str):
    return expand(word, State("/w", {}, NULL_FILES).lookup)


@pytest.mark.parametrize("word", KNOWN, ids=range(len(KNOWN)))
def test_printed_output_is_bash_s(word):
    real = subprocess.run([BASH, "--norc", "-c", f"printf '<%s>' {word}"], capture_output=True,
                          text=True, check=True).stdout
    got = fields(word)
    assert got is not None and "".join(f"<{f}>" for f in got) == real


@pytest.mark.parametrize("word", UNKNOWN, ids=range(len(UNKNOWN)))
def test_printed_output_not_read_is_unknown(word):
    assert fields(word) is None
