"""Bash runs the bytes agentsh checked (issue 13, item 7): a script file swapped or rewritten
between the check and the run (`cp payload s.sh` by a background writer, `ln -sfn`) runs nothing
unchecked. The race is made deterministic by swapping the file from inside the check."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from agentsh.engine import classify as classify_mod
from agentsh.frontends import shell

BENIGN = "echo benign\n"
PAYLOAD = "rm -rf victim\n"


class Exec(Exception):
    """os.execve, caught: what bash would have been started with."""


@pytest.fixture
def swapping(tmp_path, monkeypatch, env):
    """A scratch directory with a benign s.sh that turns into a payload right after the check
    has read it; os.execve is caught instead of run."""
    work = tmp_path / "work"
    (work / "victim").mkdir(parents=True)
    script = work / "s.sh"
    script.write_text(BENIGN)
    monkeypatch.chdir(work)
    for key in list(os.environ):
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    real = classify_mod.classify

    def check_then_swap(text, policy, ctx, today=None):
        verdict = real(text, policy, ctx, today)
        payload = work / "payload.sh"
        payload.write_text(PAYLOAD)
        os.replace(payload, script)  # what a background writer does between check and run
        return verdict

    monkeypatch.setattr(classify_mod, "classify", check_then_swap)
    started: list = []

    def execve(path, argv, env):
        started.append((path, argv, env))
        raise Exec()

    monkeypatch.setattr(shell.os, "execve", execve)
    import _signal  # exec_bash gives bash default SIGPIPE handling: not to the test process

    monkeypatch.setattr(_signal, "signal", lambda *args: None)
    return work, started


def test_an_agents_script_runs_as_the_bytes_that_were_checked(swapping, monkeypatch) -> None:
    work, started = swapping
    monkeypatch.setenv("CLAUDECODE", "1")
    with pytest.raises(Exec):
        shell.run(["bash", "s.sh", "arg"])
    _, argv, _ = started[0]
    assert argv[0] == "bash" and argv[2] == "arg"
    fd = int(argv[1].removeprefix("/dev/fd/"))
    with open(f"/proc/self/fd/{fd}", "rb") as fh:
        assert fh.read().decode() == BENIGN  # not the payload now on disk
    with pytest.raises(OSError):  # sealed: nobody can rewrite the copy bash will read
        write_fd = os.open(f"/proc/self/fd/{fd}", os.O_WRONLY)
        try:
            os.write(write_fd, b"x")
        finally:
            os.close(write_fd)
    os.close(fd)
    assert (work / "victim").exists()


def test_a_script_handed_over_by_path_is_not_run_once_it_changed(swapping, capsys) -> None:
    _, started = swapping
    assert shell.run(["bash", "s.sh"]) == 126
    assert not started
    assert "changed after it was checked" in capsys.readouterr().err


def test_a_script_runs_with_its_arguments_and_stdin(agentsh_bin, env, tmp_path: Path) -> None:
    script = tmp_path / "s.sh"
    script.write_text('echo "$0|$1|$2"; read x; echo "got $x"\n'
                      'if echo tamper >> "$0" 2>/dev/null; then echo WRITABLE; else echo SEALED; fi\n'
                      "exit 7\n")
    agent = subprocess.run([agentsh_bin, "s.sh", "a", "b"], input=b"line\n", cwd=tmp_path,
                           env={**env, "CLAUDECODE": "1"}, capture_output=True, timeout=30)
    out = agent.stdout.decode().splitlines()
    assert agent.returncode == 7, agent.stderr
    assert out[0].startswith("/dev/fd/") and out[0].endswith("|a|b") and out[1:] == ["got line",
                                                                                  "SEALED"]
    person = subprocess.run([agentsh_bin, "s.sh", "a", "b"], input=b"line\n", cwd=tmp_path, env=env,
                            capture_output=True, timeout=30)
    assert person.stdout.decode().splitlines()[:2] == ["s.sh|a|b", "got line"]


def test_a_stdin_script_is_sealed_too(agentsh_bin, env, tmp_path: Path) -> None:
    code = b'echo run; if echo tamper >> /proc/$$/fd/0 2>/dev/null; then echo WRITABLE; ' \
           b'else echo SEALED; fi\n'
    done = subprocess.run([agentsh_bin, "-s"], input=code, cwd=tmp_path, env=env,
                          capture_output=True, timeout=30)
    assert done.stdout == b"run\nSEALED\n", done.stderr


def test_a_script_found_on_path_is_checked(agentsh_bin, env, tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "tool.sh").write_text("rm -rf victim\n")
    (tmp_path / "victim").mkdir()
    done = subprocess.run([agentsh_bin, "tool.sh"], cwd=tmp_path, capture_output=True, timeout=30,
                          env={**env, "CLAUDECODE": "1", "PATH": f"{bindir}:{env['PATH']}"})
    assert done.returncode == 126 and b"FS001" in done.stderr
    assert (tmp_path / "victim").exists()


def test_a_nested_bash_through_the_shim_checks_what_it_reads(agentsh_bin, env, tmp_path) -> None:
    """`cp payload s.sh; bash s.sh`: the outer check read the old s.sh; with the `bash` shim
    first on PATH the nested bash is agentsh again, and it checks the payload it runs."""
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "bash").symlink_to(agentsh_bin)
    work = tmp_path / "work"
    (work / "victim").mkdir(parents=True)
    (work / "s.sh").write_text(BENIGN)
    (work / "payload.sh").write_text(PAYLOAD)
    done = subprocess.run([agentsh_bin, "-c", "cp payload.sh s.sh; bash s.sh"], cwd=work,
                          env={**env, "CLAUDECODE": "1", "PATH": f"{shims}:{env['PATH']}"},
                          capture_output=True, timeout=30)
    assert done.returncode == 126 and b"FS001" in done.stderr, done.stderr
    assert (work / "victim").exists()
