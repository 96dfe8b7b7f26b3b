"""The one glob translation (engine/globs.py) against bash itself: for each pattern, the names
bash's pathname expansion produces in a folder are exactly the names `globs.match` accepts."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from agentsh.engine import globs

NAMES = ["alpha.txt", "beta.txt", "kappa.txt", "Kappa.txt", ".hidden", "x", "9lives", "]odd",
         "-dash", "a b", "star*", "q?", "br[ack]et", "^caret", "!bang", "\\back", "éclair",
         "UPPER", "mixed_Case1", "tab\tname", "z"]

PATTERNS = [
    "*", "?*", "[^k]*", "[!k]*", "[^[:alpha:]]*", "[[:alpha:]]*", "[[:print:]]*",
    "[[:lower:]]*", "[[:upper:]]*", "[[:digit:]]*", "[[:punct:]]*", "[[:alnum:]]*",
    "[[:space:]]*", "*[[:space:]]*", "[]]*", "[!]]*", "[^]k]*", "[a-c]*", "[z-a]*", "[-]*",
    "[a-]*", "\\**", "*\\?", "star\\*", "br\\[ack]et", "br[[]ack]et", "[[]*", "[\\]]*",
    "[!a-z]*", ".*", "[.]*", "*.txt", "[ab]*.txt", "?", "[[:alpha:][:digit:]]*", "[^^]*",
    "[!!]*", "[x]", "[", "[a", "*[", "[[:word:]]*", "[[:xdigit:]]*", "[[:blank:]]*",
    "[!é]*", "[^[:upper:]]*", "[[=a=]]*", "[!a-é]*",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    here = tmp_path_factory.mktemp("globs")
    for name in NAMES:
        (here / name).write_text("x")
    return here


def bash_matches(folder, pattern: str) -> set[str]:
    out = subprocess.run(["bash", "-c", f"shopt -s nullglob; printf '%s\\0' {pattern}"],
                         cwd=folder, capture_output=True, env={"LC_ALL": "C.UTF-8",
                                                               "PATH": os.defpath},
                         check=True).stdout
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_translation_selects_what_bash_selects(folder, pattern: str) -> None:
    theirs = bash_matches(folder, pattern)
    ours = {n for n in os.listdir(folder) if globs.match(n, pattern)}
    if not globs.is_glob(pattern):  # no pattern at all: bash prints the word itself
        ours = {globs.literal(pattern)} & set(os.listdir(folder))
        theirs &= set(os.listdir(folder))
    # exact for ASCII names; a bracket expression takes any non-ASCII character (what bash's
    # classes and ranges hold there depends on its locale): a superset
    assert {n for n in ours if n.isascii()} == {n for n in theirs if n.isascii()}
    assert theirs <= ours


@pytest.mark.parametrize("pattern", ["@(a|b)", "!(keep)", "+(x)", "*(y)", "?(z)", "[[=ab=]x]",
                                     "[[:nosuch:]]"])
def test_what_it_does_not_understand_may_match_anything(pattern: str) -> None:
    assert globs.match("anything", pattern)


@pytest.mark.parametrize("pattern, everything", [
    ("*", True), ("?*", True), ("[[:print:]]*", True), ("[^k]*", True), ("[a-z]*", True),
    ("??*", True), ("*.o", False), ("src*", False), ("[ab]*.log", False), ("?", False)])
def test_globs_that_select_every_name(pattern: str, everything: bool) -> None:
    assert globs.matches_everything(pattern) is everything


@pytest.mark.parametrize("pattern, value, removed", [
    ("*/", "a/b/c", "c"), ("[^a]", "xa", "a"), ("[[:digit:]]*", "9abc", "")])
def test_parameter_patterns_cross_slashes(pattern: str, value: str, removed: str) -> None:
    from agentsh.engine.words import _remove

    assert _remove(value, pattern, "##") == removed
