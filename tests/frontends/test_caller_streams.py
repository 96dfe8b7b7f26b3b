"""What the caller gave agentsh reaches bash as it was: closed standard streams, the locale
environment, ignored signals; what agentsh reads to check is bounded; anything unexpected ends
in a clean refusal. Each case runs the same way under bash and under agentsh (as `bash`, like
through a shim, so the shell's name in messages agrees)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

BASH = "/bin/bash"


def through(program: str, setup: str, args: list[str], env: dict[str, str], cwd: Path,
            stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """Run `program` as `bash ARGS` from a bash that first runs `setup` (closing a stream,
    ignoring a signal) and then execs it."""
    script = f'{setup}\nexec -a bash "$PROG" "$@"'
    return subprocess.run([BASH, "-c", script, "runner", *args], env={**env, "PROG": program},
                          cwd=cwd, stdin=stdin, capture_output=True, timeout=60)


def same(agentsh_bin, setup, args, env, cwd, **kw) -> subprocess.CompletedProcess:
    ours = through(agentsh_bin, setup, args, env, cwd, **kw)
    theirs = through(BASH, setup, args, env, cwd, **kw)
    assert (ours.stdout, ours.stderr, ours.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)
    assert b"Traceback" not in ours.stderr
    return ours


@pytest.mark.parametrize("setup, args", [
    ("exec >&-", ["-c", "echo out; echo err >&2; echo $(echo sub) >&2"]),
    ("exec 2>&-", ["-c", "echo out; ls /nonexistent-agentsh-test; echo done"]),
    ("exec <&-", ["-c", "read x; echo read=$?; cat; echo cat=$?"]),
    ("exec <&-", []),
    ("exec >&- 2>&-", ["-c", "echo nothing; exit 3"]),
    ("exec <&- >&- 2>&-", ["-c", "touch made-it"]),
], ids=["stdout-closed", "stderr-closed", "stdin-closed", "stdin-closed-no-command",
        "stdout-and-stderr-closed", "all-closed"])
def test_closed_standard_streams(agentsh_bin, env, tmp_path, setup, args) -> None:
    """`>&-`, `2>&-`, `<&-`: bash sees the stream closed (agentsh's own files must never take
    its number: with stdout closed, bash would have written into the audit log)."""
    same(agentsh_bin, setup, args, env, tmp_path)
    if "touch" in " ".join(args):
        assert (tmp_path / "made-it").exists()


def test_a_closed_stdout_never_reaches_the_audit_log(agentsh_bin, env, tmp_path, home) -> None:
    through(agentsh_bin, "exec >&-", ["-c", "echo secret-output-$((6*7)) >&1"], env, tmp_path)
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    assert log.exists() and "secret-output-42" not in log.read_text()


@pytest.mark.parametrize("lang", [{"LANG": "C"}, {}, {"LC_CTYPE": "C"}, {"LANG": "C.UTF-8"},
                                  {"LC_ALL": "C"}],
                         ids=["lang-c", "nothing-set", "lc-ctype-c", "utf8", "lc-all-c"])
def test_no_locale_variable_is_added(agentsh_bin, tmp_path, home, lang) -> None:
    """Python's C-locale coercion sets LC_CTYPE=C.UTF-8 for itself; bash must not get it:
    `x=é; echo ${#x}` counts bytes in the C locale."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), **lang}
    same(agentsh_bin, "", ["-c", 'x=é; echo ${#x}; env | grep -E "^(LC_|LANG)" | sort'], env,
         tmp_path)


@pytest.mark.parametrize("setup", ["trap '' PIPE", "trap '' INT QUIT", "trap '' HUP TERM",
                                   "trap '' XFSZ", ""],
                         ids=["sigpipe-ignored", "sigint-sigquit-ignored", "hup-term-ignored",
                              "xfsz-ignored", "none-ignored"])
def test_signal_dispositions_are_kept(agentsh_bin, env, tmp_path, setup) -> None:
    """A signal the caller ignored stays ignored for bash (`trap -p` lists it); one it did not
    is at its default (Python itself ignores SIGPIPE and SIGXFSZ)."""
    result = same(agentsh_bin, setup, ["-c", "trap -p; yes | head -n 1"], env, tmp_path)
    assert result.stdout.endswith(b"y\n")


def test_sigpipe_kills_a_writer_as_under_bash(agentsh_bin, env, tmp_path) -> None:
    same(agentsh_bin, "", ["-c", "yes | (exit 0); echo ${PIPESTATUS[0]}"], env, tmp_path)


@pytest.mark.parametrize("source", ["/dev/zero", "yes"])
def test_standard_input_is_read_up_to_a_cap(agentsh_bin, env, tmp_path, source) -> None:
    """`agentsh < /dev/zero` and `yes | agentsh` must not read without bound: past 8 MiB it asks
    (here: no approver, so it refuses at once with exit 126 and says why)."""
    start = time.monotonic()
    if source == "yes":
        result = subprocess.run(f'yes | exec "{agentsh_bin}"', shell=True, env=env, cwd=tmp_path,
                                capture_output=True, timeout=60)
    else:
        with open(source, "rb") as stdin:
            result = subprocess.run([agentsh_bin], env=env, cwd=tmp_path, stdin=stdin,
                                    capture_output=True, timeout=60)
    assert result.returncode == 126
    assert b"more than 8 MiB" in result.stderr and b"Traceback" not in result.stderr
    assert time.monotonic() - start < 30


def test_input_past_the_cap_reaches_bash_whole_when_allowed(agentsh_bin, env, tmp_path, home):
    """In observe mode (or once a person approves) bash reads all of it, the part agentsh read
    first and the rest still in the pipe."""
    rules = home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True)
    rules.write_text("[settings]\nenforce = false\n")
    script = ("#" + "x" * 1000 + "\n") * 9000 + "echo tail-ran $((6*7))\n"
    result = subprocess.run([agentsh_bin], env=env, cwd=tmp_path, input=script.encode(),
                            capture_output=True, timeout=120)
    assert result.stdout == b"tail-ran 42\n" and result.returncode == 0


def test_an_internal_error_refuses_cleanly(agentsh_bin, env, tmp_path) -> None:
    """Anything unexpected on the shell path: one line, exit 126, nothing run (it used to be a
    Python traceback and exit 1)."""
    python = Path(agentsh_bin).resolve().parent / "python"
    if not python.exists():
        python = Path(sys.executable)
    code = ("import sys, agentsh.engine.runtime as r\n"
            "def broken(*a, **k): raise RuntimeError('policy store exploded')\n"
            "r.load_policy = broken\n"
            "sys.argv = ['agentsh', '-c', 'touch ran-anyway; echo $(echo x)']\n"
            "from agentsh.cli import entry\nentry()\n")
    result = subprocess.run([str(python), "-c", code], env=env, cwd=tmp_path,
                            capture_output=True, timeout=60)
    assert result.returncode == 126
    assert result.stderr == (b"agentsh: internal error (RuntimeError: policy store exploded); "
                             b"the command was not run\n")
    assert not (tmp_path / "ran-anyway").exists()
