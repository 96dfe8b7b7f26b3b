"""What the text exports to a child that is this gate again (`dataflow.same_gate`,
`dataflow._inert_export`): a function (`export -f f`, heredoc.tests' `export -f fff` before
`${THIS_SH} ./heredoc5.sub`) and a variable with a lower-case name and a value the text wrote
(array.tests' `export rv`) leave the child the same gate, which checks its own code with them
in its environment. Everything else still keeps the outer check of the child's code, and a
function the child gets from its environment is checked at each call (`names.Names`), as bash
runs it. Run as the agent runs commands (no terminal, CLAUDECODE=1)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

# a file named after the child's own `$$`, which the outer agentsh cannot know (it asks)
SCRIPT = 'T=$TMPDIR/t-$$\nexec 4>$T\necho "traced $rv" >&4\ncat $T\nrm -f $T\nf\n'
LINE = "f() { echo in-f; }; export -f f; rv=3; export rv; ${THIS_SH} ./x.sub; echo rc=$?"


@pytest.fixture
def rig(tmp_path, agentsh_bin):
    home, work, tmp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for folder in (home / "keep", work / "bin", tmp):
        folder.mkdir(parents=True)
    (home / "keep" / "a").write_text("a\n")
    shim = work / "bin" / "bash"  # as `agentsh setup shell` and bash's run-all set THIS_SH
    shim.symlink_to(os.path.realpath(agentsh_bin))
    (work / "x.sub").write_text(SCRIPT)
    env = {**clean_env(home), "CLAUDECODE": "1", "THIS_SH": str(shim), "TMPDIR": str(tmp)}
    return work, env, home


def test_exported_function_and_value_leave_the_child_to_itself(agentsh_bin, rig) -> None:
    """heredoc.tests and array.tests: the outer check read the child's script (it asked at
    the child's `$$` file); now the child checks it, with f and rv from its environment.
    bash is the oracle for the output."""
    work, env, _ = rig
    done = run_as_agent(agentsh_bin, LINE, work, env, text=True)
    bash = subprocess.run(["bash", "-c", LINE], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={**env, "THIS_SH": "/bin/bash"})
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout == "traced 3\nin-f\nrc=0\n"


@pytest.mark.parametrize("line", [
    "export FOO=1; ${THIS_SH} ./x.sub",
    "rv=$(curl -s https://example.invalid/x); export rv; ${THIS_SH} ./x.sub",
    "read -r rv < x.sub; export rv; ${THIS_SH} ./x.sub",
    "declare -n r=AGENTSH_RULES; export r=/dev/null; ${THIS_SH} ./x.sub",
    "g() { local -x rv=$(curl -s https://example.invalid/x); ${THIS_SH} ./x.sub; }; rv=1; g",
    "g() { rv=$(curl -s https://example.invalid/x); }; rv=1; export rv; g; ${THIS_SH} ./x.sub",
    "export -f 'f=x'; ${THIS_SH} ./x.sub",
], ids=["upper-case-name", "downloaded-value", "value-read-at-run-time",
        "nameref-to-a-setting", "local-export-of-a-download", "changed-by-a-call",
        "not-a-function-export"])
def test_other_exports_keep_the_outer_check(agentsh_bin, rig, line) -> None:
    work, env, _ = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))


def test_a_function_from_the_environment_is_checked_at_its_call(agentsh_bin, rig) -> None:
    """The child the export now leaves to itself gets `BASH_FUNC_f%%`: a call of f runs its
    body (on main the call was read as a program named f, and `rm -rf` ran unasked)."""
    work, env, home = rig
    (work / "z.sub").write_text('f "$HOME/keep"\necho after\n')
    child = {**env, "BASH_FUNC_f%%": '() {  rm -rf "$1"\n}'}
    for line in ("${THIS_SH} ./z.sub", 'f "$HOME/keep"'):
        done = run_as_agent(agentsh_bin, line, work, child, text=True)
        assert "after" not in done.stdout and "FS001" in done.stderr, done.stderr
        assert (home / "keep" / "a").exists()
    # a body bash does not import (a syntax error: `f: command not found`) runs nothing; a
    # plain one runs as bash runs it
    broken = {**env, "BASH_FUNC_f%%": '() { rm -rf "$HOME/keep"; ( x'}
    assert run_as_agent(agentsh_bin, "f", work, broken, text=True).returncode in (126, 127)
    assert (home / "keep" / "a").exists()
    plain = run_as_agent(agentsh_bin, "f", work, {**env, "BASH_FUNC_f%%": "() {  echo hi\n}"},
                         text=True)
    assert plain.returncode == 0 and plain.stdout == "hi\n", plain.stderr


def test_an_exported_dangerous_function_still_asks(agentsh_bin, rig) -> None:
    work, env, home = rig
    (work / "z.sub").write_text('f "$HOME/keep"\n')
    line = 'f() { rm -rf "$1"; }; export -f f; ${THIS_SH} ./z.sub'
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / "keep" / "a").exists()


_ENV_READ = re.compile(r'(?:getenv|environ\.get|env\.get|environ\[|env\[)\(?"([A-Za-z0-9_]+)"')


def test_the_gate_reads_upper_case_environment_names_only() -> None:
    """`_inert_export` relies on it: a lower-case name exported to a child that is this gate
    changes nothing in how that gate reads and decides."""
    root = Path(__file__).resolve().parents[2]
    sources = list((root / "agentsh").rglob("*.py")) + list((root / "launcher").glob("*.c"))
    names = {m.group(1) for path in sources for m in _ENV_READ.finditer(path.read_text())}
    assert names and "HOME" in names
    assert not [n for n in names if any(c.islower() for c in n)]
