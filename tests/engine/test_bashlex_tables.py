"""bashlex's parser tables, shipped as data (`parse/bashlex_tables.py`) so the fallback does not
rebuild them in every process: they are current for the installed bashlex, they parse exactly as
bashlex's own, a stale copy is never used, and loading them is much cheaper than building."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from agentsh.engine.parse import bashlex_fallback, bashlex_tables

TEXTS = [
    "echo hi", "a | b && c || d; e &", "if a; then b; elif c; then d; else e; fi",
    "for x in 1 2; do echo $x; done", "while read l; do echo \"$l\"; done < f",
    "case $x in a|b) echo 1;; *) echo 2;; esac", "f() { echo $(date) `id`; }",
    "cat <<EOF\nhello $USER\nEOF\n", "x=1 y=$(z) cmd >out 2>&1 <in", "(cd /; ls) | wc -l",
    "echo $((1+2)) ${a:-b} 'q' \"d\"", "! a | b", "coproc x", "time a | b",
]

# Parse TEXTS in a fresh interpreter and print the trees (bashlex keeps module state).
_DUMP = """
import json, sys
{setup}
out = []
for text in json.loads(sys.argv[1]):
    try:
        out.append([t.dump() for t in parser.parse(text)])
    except Exception as exc:
        out.append(type(exc).__name__ + ": " + str(exc))
print(json.dumps(out))
"""


def _trees(setup: str) -> list:
    proc = subprocess.run([sys.executable, "-c", _DUMP.format(setup=setup), json.dumps(TEXTS)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def _installed_bashlex_dir() -> str:
    import importlib.util

    return os.path.dirname(importlib.util.find_spec("bashlex").origin)


def test_shipped_tables_match_the_installed_bashlex() -> None:
    """A bashlex upgrade without new tables would silently cost 250 ms per fallback: regenerate
    with `python -m agentsh.engine.parse.bashlex_fallback agentsh/engine/parse/bashlex_tables.py`."""
    assert bashlex_tables.DIGEST == bashlex_fallback._sources_digest(_installed_bashlex_dir())


def test_regenerating_writes_the_shipped_file(tmp_path) -> None:
    out = tmp_path / "tables.py"
    subprocess.run([sys.executable, "-m", "agentsh.engine.parse.bashlex_fallback", str(out)],
                   check=True)
    assert out.read_text() == open(bashlex_tables.__file__).read()


def test_loaded_tables_parse_exactly_as_bashlex_builds_them() -> None:
    own = _trees("from bashlex import parser")
    loaded = _trees("from agentsh.engine.parse import bashlex_fallback as b\n"
                    "parser = b._bashlex_parser()")
    assert loaded == own
    assert sum(isinstance(t, list) for t in own) >= 10, "bashlex parses most of them"


# Whether a process builds bashlex's tables (ply's LRTable) to parse `a | b`, and what it read.
_SPY = """
from agentsh.engine.parse.shared import bare_package
bare_package("bashlex")
from bashlex import yacc
real = yacc.LRTable
class Spy(real):
    def __init__(self, *args, **kwargs):
        print("BUILT")
        super().__init__(*args, **kwargs)
yacc.LRTable = Spy
from agentsh.engine.parse import bashlex_tables, bashlex_fallback
{setup}
print([c.argv for c in bashlex_fallback.parse("a | b").commands])
"""


@pytest.mark.parametrize("setup, built", [
    ("", False),
    ("bashlex_tables.DIGEST = 'from another bashlex'", True),
    ("import bashlex.parser", True),
], ids=["current-tables-loaded", "stale-tables-never-used", "bashlex-own-import-builds"])
def test_tables_are_loaded_only_when_current(setup, built) -> None:
    """Stale tables may not fit the installed bashlex's grammar: then bashlex builds its own.
    The last case shows the probe sees a build when there is one."""
    out = subprocess.run([sys.executable, "-c", _SPY.format(setup=setup)], capture_output=True,
                         text=True, check=True).stdout
    assert ("BUILT" in out) is built
    assert "[('a',), ('b',)]" in out


def test_the_fallback_reads_commands() -> None:
    parsed = bashlex_fallback.parse("a; b | c")
    assert parsed.ok and [c.argv for c in parsed.commands] == [("a",), ("b",), ("c",)]


# Whether a process that parses `a | b` with the fallback imported `inspect` (45 M instructions).
_INSPECTED = """
import sys
from agentsh.engine.parse import bashlex_tables, bashlex_fallback
{setup}
print([c.argv for c in bashlex_fallback.parse("a | b").commands], "inspect" in sys.modules)
"""


@pytest.mark.parametrize("setup, inspected", [
    ("", False),
    ("bashlex_tables.DIGEST = 'from another bashlex'", True),
], ids=["current-tables-no-inspect", "stale-tables-bashlex-builds-with-inspect"])
def test_inspect_is_imported_only_when_bashlex_builds_its_tables(setup, inspected) -> None:
    """bashlex's yacc imports `inspect` only to read grammar source when it builds tables: with
    the shipped tables it is never imported (issue 16: the fallback within +40 ms); with stale
    ones yacc gets the real module on first use and builds as before."""
    out = subprocess.run([sys.executable, "-c", _INSPECTED.format(setup=setup)],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"[('a',), ('b',)] {inspected}"
