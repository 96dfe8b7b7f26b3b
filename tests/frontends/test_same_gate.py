"""`${THIS_SH} ./x.sub` where THIS_SH is agentsh itself (bash's test suite runs every child so):
the child is the same gate, with the same settings, and checks its own script or `-c` text when
it starts, with its own `$$` and the files as they are then. The outer check leaves that code
to it (`dataflow.same_gate`), and judges only what is outside the child. Everything that may make
the child another gate, or no gate, keeps the outer check of the child's code: each twin below
asks where the plain call runs. Run as the agent runs commands (no terminal, CLAUDECODE=1)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

# code only known when it runs: the outer agentsh cannot check it, the child can
CALL = 'cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"; echo rc=$?'


@pytest.fixture
def rig(tmp_path, agentsh_bin):
    home, work, tmp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for folder in (home, work / "bin", work / "sub", tmp):
        folder.mkdir(parents=True)
    shim = work / "bin" / "bash"  # as `agentsh setup shell` and bash's run-all set THIS_SH
    shim.symlink_to(os.path.realpath(agentsh_bin))
    (work / "cmd.txt").write_text("echo hello\n")
    env = {**clean_env(home), "CLAUDECODE": "1", "THIS_SH": str(shim), "TMPDIR": str(tmp)}
    return work, env


def test_code_only_known_at_run_time_is_checked_by_the_child(agentsh_bin, rig) -> None:
    work, env = rig
    done = run_as_agent(agentsh_bin, CALL, work, env, text=True)
    bash = subprocess.run(["bash", "-c", CALL], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={**env, "THIS_SH": "/bin/bash"})
    assert done.returncode == bash.returncode == 0, done.stderr
    assert done.stdout == bash.stdout == "hello\nrc=0\n"


def test_a_child_pid_path_is_the_childs_to_save(agentsh_bin, rig) -> None:
    """set-x1.sub: `exec 4>$TMPDIR/t-$$` in the child. The outer agentsh cannot know the
    child's `$$` (it asked); the child knows its own and saves what is there first."""
    work, env = rig
    (work / "x.sub").write_text('T=$TMPDIR/t-$$\nexec 4>$T\necho traced >&4\ncat $T\n'
                                'rm -f $T\n')
    done = run_as_agent(agentsh_bin, "${THIS_SH} ./x.sub; echo rc=$?", work, env, text=True)
    assert done.returncode == 0 and done.stdout == "traced\nrc=0\n", done.stderr


def test_the_child_still_stops_what_its_code_does(agentsh_bin, rig) -> None:
    """The child's code would rewrite agentsh's own rules: the child asks, nobody answers."""
    work, env = rig
    rules = os.path.join(env["XDG_CONFIG_HOME"], "agentsh", "rules.toml")
    os.makedirs(os.path.dirname(rules))
    (work / "cmd.txt").write_text(f"echo 'default = \"allow\"' > {rules}\n")
    done = run_as_agent(agentsh_bin, CALL, work, env, text=True)
    assert done.stdout == "rc=126\n" and "SELF001" in done.stderr, done.stderr
    assert not os.path.exists(rules)


@pytest.mark.parametrize("line", [
    'cmd=$(sort cmd.txt); AGENTSH_RULES=/dev/null ${THIS_SH} -c "$cmd"',
    'cmd=$(sort cmd.txt); FOO=1 ${THIS_SH} -c "$cmd"',
    'export FOO=1; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"; export cmd',
    'f() { export AGENTSH_X=1; }; f; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'HOME=/tmp; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'unset TMPDIR; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'XDG_CONFIG_HOME=$(cat cmd.txt); cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'set -a; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'o=-a; set $o; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'cmd=$(sort cmd.txt); cd sub; ${THIS_SH} -c "$cmd"',
    'cmd=$(sort cmd.txt); env ${THIS_SH} -c "$cmd"',
    'ln -sf /bin/bash bin/bash; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'THIS_SH=/bin/bash; cmd=$(sort cmd.txt); ${THIS_SH} -c "$cmd"',
    'cmd=$(sort cmd.txt); bash -c "$cmd"',
], ids=["agentsh-setting-for-the-call", "prefix-assignment", "export", "export-later",
        "export-in-a-function", "environment-variable-changed", "environment-variable-unset",
        "config-home-unknown", "allexport", "allexport-unknown", "another-directory",
        "wrapper", "shim-replaced-by-the-line", "another-shell", "plain-bash"])
def test_another_gate_or_none_keeps_the_outer_check(agentsh_bin, rig, line) -> None:
    work, env = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))


def test_judging_text_alone_keeps_the_outer_check(agentsh_bin, rig) -> None:
    """`agentsh check` (and hooks) do not start bash: they know no environment it would have."""
    work, env = rig
    done = subprocess.run([agentsh_bin, "check", CALL], cwd=work, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    assert "allow" not in done.stdout.split("\n", 1)[0], done.stdout
