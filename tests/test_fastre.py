"""`agentsh.fastre`: compiled regular expressions from the installed table stand in for `re` on
the `-c` path (issue 16). A pattern from the table is the one `re.compile` makes; anything else
is answered by the real `re`; a table written for another interpreter is not used; and a
checked command gets the same verdict with the table as without it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from agentsh import fastre
from agentsh.commands import regexes

PATTERNS = [
    (r"(?P<name>[A-Za-z_]\w*)=(?P<value>.*)", 0), (r"^\s*rm\s+-rf?\b", re.M),
    (r"(?i)^(?:-X|--request=)?(?:delete|purge)$", 0), (r"[\u00e9\u212a]+", re.I),
    (r" a b  # comment\n c", re.X), (r"(?<=x)y(?!z)", 0), (r"(a)|(b)", 0), ("(?s).*", 0),
    (b"[\x80-\xff]", 0),
]
TEXTS = ["name=value", "  rm -rf /", "-XDELETE", "\u00c9k\u212a", "abc", "xy", "xyz", "b", "a\nb",
         "Purge"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """A table of PATTERNS, written as `agentsh.commands.regexes` writes the installed one."""
    entries = {key: regexes.entry_for(*key) for key in PATTERNS}
    assert all(entries.values())
    folder = tmp_path_factory.mktemp("table")
    (folder / "regex_table.py").write_text(regexes.render(entries))
    return folder


def load(folder: Path) -> dict:
    namespace: dict = {}
    exec((folder / "regex_table.py").read_text(), namespace)
    return namespace


@pytest.mark.parametrize("pattern, flags", PATTERNS, ids=[repr(p) for p, _ in PATTERNS])
def test_a_pattern_from_the_table_is_the_one_re_compiles(table, monkeypatch, pattern,
                                                          flags) -> None:
    monkeypatch.setattr(fastre, "_TABLE", dict(load(table)["TABLE"]))
    monkeypatch.setattr(fastre, "_COMPILED", {})
    ours, theirs = fastre.compile(pattern, int(flags)), re.compile(pattern, flags)
    texts = TEXTS if isinstance(pattern, str) else [t.encode() for t in TEXTS]
    assert (pattern, int(flags)) in fastre._COMPILED, "not built from the table"
    assert ours == theirs and ours.groupindex == theirs.groupindex and ours.flags == theirs.flags
    for text in texts:
        assert [m.groups() for m in ours.finditer(text)] == \
            [m.groups() for m in theirs.finditer(text)]
        template = "<\\g<0>>" if isinstance(pattern, str) else b"<\\g<0>>"
        assert ours.sub(template, text) == theirs.sub(template, text)  # a template: real re
        assert fastre.split(pattern, text, flags=int(flags)) == re.split(pattern, text, flags=flags)


def test_anything_else_is_answered_by_re() -> None:
    assert fastre.compile("(x+)", 0) == re.compile("(x+)")
    assert fastre.escape("a.b*c") == re.escape("a.b*c")
    with pytest.raises(re.error):
        fastre.compile("(", 0)
    assert fastre.Pattern is re.Pattern and fastre.error is re.error


SCRIPT = """
import sys
sys.path[:0] = [sys.argv[1]]
import agentsh
agentsh.__path__.insert(0, sys.argv[2])
from agentsh import fastre
print(fastre.install(), getattr(sys.modules.get("re"), "__name__", None))
import re
print(re.compile("(?P<name>[A-Za-z_]\\\\w*)=(?P<value>.*)").match("a=b").group("value"))
print(re.compile("(y)").sub("<\\\\1>", "xyz"), sys.modules["re"].__name__)
"""


def test_installed_it_stands_in_for_re_until_something_needs_re(table) -> None:
    done = subprocess.run([sys.executable, "-I", "-S", "-c", SCRIPT,
                           sysconfig.get_paths()["purelib"], str(table)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:3] == ["True agentsh.fastre", "b", "x<y>z re"], done.stderr


def test_a_table_for_another_interpreter_is_not_used(tmp_path) -> None:
    stale = tmp_path / "stale"
    stale.mkdir()
    entries = {key: regexes.entry_for(*key) for key in PATTERNS[:1]}
    text = regexes.render(entries).replace(repr(fastre.table_key()),
                                           repr(("2.7.0", "cpython-27", "little", 1, 4)))
    (stale / "regex_table.py").write_text(text)
    done = subprocess.run([sys.executable, "-I", "-S", "-c", SCRIPT,
                           sysconfig.get_paths()["purelib"], str(stale)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:3] == ["False None", "b", "x<y>z re"], done.stderr


def test_the_same_verdicts_with_the_table_as_without(agentsh_bin, env, tmp_path) -> None:
    """`agentsh check --batch` through the installed launcher, with the installed table (when
    install.sh wrote one) and with `re` alone, on everyday commands and destructive ones."""
    table = Path(sysconfig.get_paths()["purelib"]) / "agentsh" / "regex_table.py"
    if not table.exists():
        pytest.skip("no installed table (install.sh writes it; the reinstall script does not)")
    texts = [*regexes.EVERYDAY, "rm -rf ~", "git push --force origin main", "psql -c 'drop table x'",
             "curl -X DELETE https://api.example.com/v1/x", "sed -i 's/x/y/' ~/.bashrc",
             "python3 -c 'import shutil; shutil.rmtree(\"/\")'", "kubectl delete ns prod"]
    payload = "".join(json.dumps({"cmd": t}) + "\n" for t in texts)

    def verdicts(extra: dict) -> str:
        return subprocess.run([agentsh_bin, "check", "--batch", "--json"], input=payload,
                              env={**env, **extra}, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120).stdout

    with_table = verdicts({})
    assert with_table.count("\n") == len(texts)
    hidden = table.with_name("regex_table.hidden")
    table.rename(hidden)
    try:
        assert verdicts({}) == with_table
    finally:
        hidden.rename(table)
