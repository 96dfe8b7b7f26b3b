"""Word splitting with a known IFS other than bash's default, and what `$(printf ...)` prints
(issue 16, compat: intl.tests' `IFS=$(printf '%b' '\\303\\251')`, exp.tests' `IFS=":$IFS"`).
Each case is compared with bash itself: the fields agentsh reads must be the ones bash makes,
and where it cannot know them (a locale that reads bytes as one character or another) it must
say so (None), never guess."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine.words import UNSET, expand, printf_output

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")

# (IFS, value of x, the word): bash's fields of the word
SPLITS = [
    (":", "a:b", "$x"),
    (":", "a::b", "$x"),
    (":", ":a:", "$x"),
    (":", "a b", "$x"),
    (":", "", "$x"),
    (":", ":", "$x"),
    (":", "a:", "q$x"),
    (":", ":a", '"q"$x'),
    (":", "a:b", '$x"q"$x'),
    (" :", "a : b::c ", "$x"),
    (" :", " :a", "$x"),
    (" -", "rm -rf", "$x"),
    ("-", "rm -rf", "$x"),
    (":\t", "a\t\t:b", "$x"),
    ("", "a b", "$x"),
    ("", "", "$x"),
    (":", "a:b", '"$x"'),
    (":", "a:b", "${x}c"),
    (":", "a:b", "${y:-$x}"),
    (":", "a:b", '"${y:-$x}"'),
    ("\u00e9", "/usr/bin/bash", "$x"),  # intl.tests: a value with none of IFS's characters
    ("\u00e9", "a\u00e9b", "$x"),
    (":", "a\u00e9:b", "$x"),
    ("\u00e9:", "a:b", "$x"),
    ("\u00e9:", "ab", "$x"),
]


def bash_fields(ifs: str, value: str, word: str) -> list[str]:
    script = f'IFS=$1; x=$2; unset y; printf "<%s>\\n" {word}'
    out = subprocess.run([BASH, "-c", script, "bash", ifs, value], capture_output=True,
                         env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}, check=True).stdout
    fields = out.decode("utf-8", "surrogateescape").split("\n")[:-1]
    return [] if fields == ["<>"] and not _one_empty_field(ifs, value, word) else \
        [f[1:-1] for f in fields]


def _one_empty_field(ifs: str, value: str, word: str) -> bool:
    """printf prints `<>` for no argument too: whether the word makes one empty field."""
    script = f'IFS=$1; x=$2; unset y; set -- {word}; echo $#'
    out = subprocess.run([BASH, "-c", script, "bash", ifs, value], capture_output=True,
                         env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}, check=True).stdout
    return out.strip() == b"1"


@pytest.mark.parametrize("ifs,value,word", SPLITS, ids=[repr(c) for c in SPLITS])
def test_fields_under_a_known_ifs_are_bash_s(ifs, value, word):
    lookup = {"IFS": ifs, "x": value, "y": UNSET}.get
    got = expand(word, lookup, ifs=ifs)
    if got is None:  # only where the locale decides
        assert not (ifs + value).isascii(), (ifs, value, word)
        return
    assert got == bash_fields(ifs, value, word)


def test_the_ascii_cases_are_all_known():
    known = [c for c in SPLITS if (c[0] + c[1]).isascii()]
    assert known and all(expand(w, {"IFS": i, "x": v, "y": UNSET}.get, ifs=i) is not None
                         for i, v, w in known)
    assert expand("$x", {"x": "/usr/bin/bash"}.get, ifs="\u00e9") == ["/usr/bin/bash"]


@pytest.mark.parametrize("ifs,value", [("\u00e9", "a\u00e9b"), ("\u00e9:", "a:b"),
                                       ("\u00e9", "a\u00e8b")])
def test_bytes_outside_ascii_in_both_are_unknown(ifs, value):
    """How bash splits them depends on the locale (bytes or characters, and which)."""
    assert expand("$x", {"x": value}.get, ifs=ifs) is None


def test_unknown_ifs_splits_nothing_known():
    assert expand("$x", {"x": "a b"}.get, ifs=None) is None
    assert expand('"$x"', {"x": "a b"}.get, ifs=None) == ["a b"]


@pytest.mark.parametrize("word,ifs,expected", [
    ("$*", ":", None),  # each positional parameter splits on its own
    ('"$*"', ":", ["rm:-rf"]),
    ('"$*"', "\u00e9", None),  # the joiner is a character of the locale
])
def test_star_and_at(word, ifs, expected):
    lookup = {"@": ("rm", "-rf"), "IFS": ifs}.get
    assert expand(word, lookup, ifs=ifs) == expected


@pytest.mark.parametrize("ifs", [":", ""])
def test_star_in_an_assignment_joins_with_ifs(ifs):
    lookup = {"@": ("rm", "-rf"), "IFS": ifs}.get
    real = subprocess.run([BASH, "-c", 'IFS=$1; set -- rm -rf; x=$*; printf %s "$x"', "bash",
                           ifs], capture_output=True, check=True).stdout.decode()
    assert expand("$*", lookup, assignment=True) == [real]


PRINTF = [
    ("%b", ["\\303\\251"]), ("\\303\\251", []), ("\\0303", []), ("%b", ["\\0303"]),
    ("\\x41\\x4", []), ("%b", ["\\x41\\x4"]), ('\\"', []), ("%b", ["\\'"]), ("\\e", []),
    ("\\101\\1012", []), ("%b", ["\\101\\1012"]), ("a%%b", []), ("%b", ["a%%b"]),
    ("%s-%b;", ["1", "2\\t", "3"]), ("x", ["a", "b"]), ("\\777", []), ("%s\\n", ["a", "b"]),
    ("%b", ["A\\303\\251B"]), ("\\072", []), ("%s", []),
    # integers written plainly (iquote.tests: `printf "$'\\\\\\x%x'\\n" 127`, `printf '%o' $a`)
    ("$'\\\\x%x'\\n", ["127"]), ("%o", ["127"]), ("%d %i|", ["-12", "0", "7"]), ("%u", ["-1"]),
    ("%x%X", ["-255", "255"]), ("%d", []), ("%o.", ["8", "9223372036854775807"]),
]
PRINTF_UNKNOWN = [("a\\qb", []), ("%b%b", ["\\0", "x"]), ("\\c", []), ("%b", ["a\\cb"]),
                  ("\\u00e9", []), ("%5d", ["1"]), ("-v", ["x", "y"]), ("%q", ["a"]),
                  ("%d", ["010"]), ("%d", ["0x1f"]), ("%d", ["'a"]), ("%d", [" 1"]),
                  ("%d", ["+1"]), ("%d", ["9223372036854775808"]), ("%#x", ["1"]), ("%f", ["1"])]


@pytest.mark.parametrize("fmt,values", PRINTF, ids=[repr(c) for c in PRINTF])
def test_printf_output_is_bash_s(fmt, values):
    real = subprocess.run([BASH, "-c", 'printf "$@"', "bash", fmt, *values],
                          capture_output=True, check=True).stdout
    got = printf_output(fmt, values)
    assert got is not None and got.encode("utf-8", "surrogateescape") == real


@pytest.mark.parametrize("fmt,values", PRINTF_UNKNOWN, ids=[repr(c) for c in PRINTF_UNKNOWN])
def test_printf_output_not_read_is_none(fmt, values):
    assert printf_output(fmt, values) is None


def test_a_command_substitution_of_printf_is_its_output():
    from agentsh.engine.flowstate import State

    lookup = State("/", {}, None, ()).lookup  # echo and printf are the builtins
    assert expand("$(printf '%b' '\\303\\251')", lookup, assignment=True) == ["\u00e9"]
    assert expand("$(printf '\\072')", lookup, assignment=True) == [":"]
    # escapes in "...": the words as bash expands them (compat9), then printf's own
    assert expand('$(printf "\\072")', lookup, assignment=True) == [":"]
