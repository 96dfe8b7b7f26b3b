"""Words that assign as they expand where no command holds them: `${!r:=v}` (assigns the
variable r names), and `${X:=v}` in a `for` list, a `case` subject or pattern, a `[[ ]]`, an unquoted
here-document given to a builtin (expanded in the shell itself). On
main agentsh read `X=; r=X; : ${!r:=rm}; $X -rf d` and `X=; for i in ${X:=rm}; do :; done;
$X -rf d` as running nothing (X empty), and bash ran `rm -rf d`. Each line is first shown to
delete `d` under bash, then asked about under agentsh (no person: refused, `d` kept)."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env

ATTACKS = [
    ": ${!r:=rm}; $X -rf d",
    "unset X; : ${!r=rm}; $X -rf d",
    "Y=${!r:=rm}; $X -rf d",
    "f() { : \"${!r:=rm}\"; }; f; $X -rf d",
    "for i in ${!r:=rm}; do :; done; $X -rf d",
    "for i in ${X:=rm}; do :; done; $X -rf d",
    "case ${X:=rm} in *) ;; esac; $X -rf d",
    "case ${!r:=rm} in *) ;; esac; $X -rf d",
    "case a in ${X:=rm}) ;; *) ;; esac; $X -rf d",
    "[[ ${!r:=rm} ]]; $X -rf d",
    "g() { case ${X:=rm} in *) ;; esac; }; g; $X -rf d",
    # an unquoted here-document given to a builtin is expanded in the shell itself
    "read y <<EOF\n${X:=rm}\nEOF\n$X -rf d",
    ": <<EOF\n${!r:=rm}\nEOF\n$X -rf d",
    "{ read y; } <<EOF\n${X:=rm}\nEOF\n$X -rf d",
    "while read y; do :; done <<EOF\n${X:=rm}\nEOF\n$X -rf d",
    "read y <<EOF && true\n${X:=rm}\nEOF\n$X -rf d",
]


@pytest.fixture
def rig(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    return work, agent_env(home)


@pytest.mark.parametrize("tail", ATTACKS)
def test_assigning_expansions_are_followed(agentsh_bin, rig, tail) -> None:
    work, env = rig
    line = "X=; r=X; " + tail
    (work / "d").mkdir()
    (work / "d" / "keep.txt").write_text("x\n")
    subprocess.run(["bash", "-c", line], cwd=work, env=env, stdin=subprocess.DEVNULL,
                   capture_output=True)
    assert not (work / "d").exists(), "bash itself deletes d: the attack is real"
    (work / "d").mkdir()
    (work / "d" / "keep.txt").write_text("x\n")
    assert_blocked(run_as_agent(agentsh_bin, line, work, env))
    assert (work / "d" / "keep.txt").exists()


@pytest.mark.parametrize("line", [
    "X=ls; r=X; echo ${!r} ${!r:-a}; for i in a b; do :; done; case a in b) ;; esac; $X -a",
    "X=ls; [[ $X = ls ]] && $X -a",
    "X=ls; : ${X:=rm}; for i in ${X:=rm}; do :; done; $X -a",
    "X=ls; read y <<'EOF'\n${X:=rm}\nEOF\n$X -a",
    "X=ls; cat > s.sh <<EOF\nif [ \"$X\" = y ]; then echo $HOME; fi\nEOF\n$X -a",
])
def test_everyday_forms_run(agentsh_bin, rig, line) -> None:
    work, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    assert done.returncode == 0, done.stderr[-400:]
