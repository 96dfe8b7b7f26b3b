"""`declare -n foo` after `r=foo` (nameref12.sub): bash makes foo stand for foo's own value, and
foo is surely unset where the script started with a known environment and nothing before
assigned it. The text names foo before only as the value of a bare assignment (`r=foo`), which
is data: it names a variable only where code reads r as one, and with no expansion of r before
that is `declare -n r`, which the pass follows. Where r was expanded first (`printf -v$r`,
`(( $r = 5 ))` assign the variable r names, and the pass does not follow those), foo's value
is unknown as before, and the command it could change asks. Run as bash runs a script
(`agentsh FILE`, THIS_SH in bash's tests), compared with bash."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import clean_env

KNOWN = "C=echo\nr=foo\ndeclare -n foo\ndeclare -a foo\nfoo[0]=7\n$C done \"${foo[0]}\"\n"


@pytest.fixture
def rig(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "d").mkdir()
    (work / "d" / "keep.txt").write_text("x\n")
    return work, clean_env(home)


def _run(argv, work, env):
    return subprocess.run(argv, cwd=work, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, start_new_session=True, timeout=60)


def test_a_name_only_assigned_as_a_value_is_unset(agentsh_bin, rig) -> None:
    work, env = rig
    (work / "s.sh").write_text(KNOWN)
    done = _run([agentsh_bin, "./s.sh"], work, env)
    bash = _run(["bash", "./s.sh"], work, env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout == "done 7\n"


@pytest.mark.parametrize("first", ["printf -v$r rm", "(( $r = 5 ))"],
                         ids=["printf-joined", "arithmetic"])
def test_a_name_assigned_through_an_expansion_still_asks(agentsh_bin, rig, first) -> None:
    work, env = rig
    # bash: the name r holds is assigned first, so `declare -n X` ... `$X -rf d` runs rm
    text = f"r=X\n{first}\ndeclare -n X\nX=rm\n$X -rf d\n"
    if first.startswith("printf"):
        text = f"r=X\n{first}\ndeclare -n X\nX=rm\nC=$X\n$C -rf d\n"
    (work / "s.sh").write_text(text)
    done = _run([agentsh_bin, "./s.sh"], work, env)
    assert done.returncode == 126 and "blocked" in done.stderr, done.stderr
    assert (work / "d" / "keep.txt").exists()
    _run(["bash", "./s.sh"], work, env)
    assert not (work / "d").exists(), "bash itself deletes d: the twin is real"
