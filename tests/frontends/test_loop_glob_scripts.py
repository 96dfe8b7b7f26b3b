"""`for f in ./t[0-9].sub; do ${THIS_SH} "$f"; done` (nameref.tests): a `for` list that is a
plain glob is listed as bash lists it, from the folder as it was before the line, so each script
the loop runs is read and checked. Where the line wrote in that folder, ran a program with
unknown effects, or an option may change the listing, the values stay unknown and it asks."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env


@pytest.fixture
def rig(tmp_path):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "keep.txt").write_text("precious\n")
    work = tmp_path / "work"
    work.mkdir()
    for n in (1, 2, 10):
        (work / f"t{n}.sub").write_text(f"echo sub {n}\n")
    return work, home, agent_env(home)


def _bash(line, work, env):
    return subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)


@pytest.mark.parametrize("line", [
    "for f in ./t[0-9].sub ./t[1-9][0-9].sub; do bash \"$f\"; done",
    "for f in t*.sub; do . \"./$f\"; done",
    "for f in ./nothing[0-9].sub; do echo \"$f\"; done",
], ids=["scripts", "sourced", "no-match"])
def test_listed_glob_runs_as_in_bash(agentsh_bin, rig, line) -> None:
    work, _, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = _bash(line, work, env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout


@pytest.mark.parametrize("line", [
    "for f in ./t*.sub; do bash \"$f\"; done",  # a planted script among them: read, checked
    "printf 'rm -rf ~/data\\n' > t3.sub; for f in ./t*.sub; do bash \"$f\"; done",
    "python3 gen.py; for f in ./t*.sub; do bash \"$f\"; done",  # unknown effects first
    "mv x.txt t4.sub; for f in ./t*.sub; do bash \"$f\"; done",
    "mv x.txt \"$(date +t%s.sub)\"; for f in ./t*.sub; do bash \"$f\"; done",
    "cp x.txt t$RANDOM.sub; for f in ./t*.sub; do bash \"$f\"; done",
], ids=["planted", "written-first", "unknown-effects", "moved-in", "moved-anywhere",
        "copied-to-a-run-time-name"])
def test_what_the_glob_may_hold_still_asks(agentsh_bin, rig, line) -> None:
    work, home, env = rig
    (work / "gen.py").write_text("open('t5.sub', 'w').write('rm -rf ~/data\\n')\n")
    (work / "x.txt").write_text("rm -rf ~/data\n")
    if "planted" in line or line.startswith("for"):
        (home / "evil.sh").write_text("rm -rf ~/data\n")
        os.symlink(home / "evil.sh", work / "t7.sub")
    assert_blocked(run_as_agent(agentsh_bin, line, work, env))
    assert (home / "data" / "keep.txt").exists()


@pytest.mark.parametrize("line", [
    "shopt -s nullglob; for f in ./t*.sub; do bash \"$f\"; done",
    "set -f; for f in ./t*.sub; do bash \"$f\"; done",
    "GLOBIGNORE=x; for f in ./t*.sub; do bash \"$f\"; done",
], ids=["nullglob", "noglob", "globignore"])
def test_options_that_change_the_listing_leave_it_unknown(agentsh_bin, rig, line) -> None:
    work, _, env = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, env))


# `./t1.py` after `sed -i ... ./t1.py` is the file the line edited (its `.` parts dropped,
# model.Context._full): on main the explicit `./` form asked (INT012) where `t1.py` ran, and a
# glob-listed loop over `./*.py` names its files that way
@pytest.mark.parametrize("line", [
    "sed -i 's/x/y/' ./t1.py; python3 ./t1.py",
    "for f in ./t*.py; do sed -i 's/x/y/' \"$f\"; python3 \"$f\"; done",
], ids=["explicit", "loop"])
def test_a_script_edited_in_place_runs(agentsh_bin, rig, line) -> None:
    work, _, env = rig
    for n in (1, 2):
        (work / f"t{n}.py").write_text("print('x')\n")
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    assert done.returncode == 0, done.stderr[-400:]
    assert done.stdout.count("y") == line.count("for") + 1


def test_a_script_downloaded_there_still_asks(agentsh_bin, rig) -> None:
    work, _, env = rig
    (work / "t1.py").write_text("print('x')\n")
    line = "curl -s -o ./t1.py http://127.0.0.1:9/x; python3 ./t1.py"
    assert_blocked(run_as_agent(agentsh_bin, line, work, env))
