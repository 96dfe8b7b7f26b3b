"""`coproc NAME ...` (coproc.tests): bash sets NAME to the two pipe descriptors and NAME_PID to
the job's process ID. agentsh read it as arithmetic on NAME and NAME_PID, so `echo flop
>&${REFLECT[1]}` was a write to a file only known at run time (UNK110) and `wait $REFLECT_PID`
could be `wait -p X`, which assigns X. Now NAME holds descriptors (an element `>&${NAME[0|1]}`
copies one) and NAME_PID a number, until anything assigns NAME; run as the agent, compared
with bash. Where NAME was given another value (a run-time one, in a function, a branch, through
a nameref, `unset`), or the element is not 0 or 1, the redirect is a file again and asks."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env


@pytest.fixture
def rig(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "name.txt").write_text(str(home / ".bashrc") + "\n")
    (home / ".bashrc").write_text("precious\n")
    return work, home, agent_env(home)


@pytest.mark.parametrize("line", [
    "coproc R { cat - ; }; echo flop >&${R[1]}; read LINE <&${R[0]}; echo $LINE; "
    "kill $R_PID; wait $R_PID; echo done",
    "coproc { read x; echo got $x; }; echo hi >&\"${COPROC[1]}\"; read y <&${COPROC[0]}; "
    "echo $y; wait $COPROC_PID",
], ids=["named", "default-name"])
def test_descriptors_run_as_in_bash(agentsh_bin, rig, line) -> None:
    work, _, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env, timeout=60)
    assert done.returncode == bash.returncode, done.stderr
    assert done.stdout == bash.stdout


@pytest.mark.parametrize("after", [
    "R[1]=$(cat name.txt)",
    "read -a R < name.txt",
    "f() { R=(x ~/.bashrc); }; f",
    "if [ -e name.txt ]; then R=(x ~/.bashrc); fi",
    "R=(x ~/.bashrc)",
    "unset R; R[1]=$(cat name.txt)",
    "mapfile -t R < name.txt; R[1]=${R[0]}",
], ids=["element", "read", "function", "branch", "array", "unset", "mapfile"])
def test_a_name_given_another_value_writes_a_file_again(agentsh_bin, rig, after) -> None:
    work, home, env = rig
    line = f"coproc R {{ cat; }}; {after}; echo gone >&${{R[1]}}"
    assert_blocked(run_as_agent(agentsh_bin, line, work, env))
    assert (home / ".bashrc").read_text() == "precious\n"


@pytest.mark.parametrize("line", [
    "declare -n R=Y; coproc R { cat; }; Y[1]=$(cat name.txt); echo gone >&${R[1]}",
    "coproc R { cat; }; R[2]=$(cat name.txt); echo gone >&${R[2]}",
    "X=-p; coproc R { cat; }; T=~/x; wait $X T; echo gone > $T",
], ids=["nameref", "third-element", "wait-option"])
def test_other_forms_still_ask(agentsh_bin, rig, line) -> None:
    work, home, env = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, env))
    assert (home / ".bashrc").read_text() == "precious\n"
