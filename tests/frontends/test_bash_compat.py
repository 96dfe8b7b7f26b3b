"""agentsh against real bash: same stdout, stderr and exit status for allowed commands, across the
ways agents, editors, sshd and login programs call a shell. Both run with argv[0] `bash` (as
through a shim), so `$0` and bash's messages agree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

BASH = "/bin/bash"

CASES: list[tuple[str, list[str], str | None]] = [
    ("echo", ["-c", "echo hello"], None),
    ("dollar0-and-args", ["-c", 'echo "$0|$1|$2"', "name", "a", "b"], None),
    ("quoted-args", ["-c", 'printf "<%s>" "$@"', "n", "a b", "", "c"], None),
    ("arg-count", ["-c", "echo $#", "n", "1", "2", "3"], None),
    ("exit-status", ["-c", "exit 7"], None),
    ("exit-wraps", ["-c", "exit 300"], None),
    ("false", ["-c", "false"], None),
    ("stdout-stderr", ["-c", "echo out; echo err >&2; exit 3"], None),
    ("errexit-flag", ["-e", "-c", "false; echo not reached"], None),
    ("errexit-set", ["-c", "set -e; false; echo no"], None),
    ("pipefail", ["-o", "pipefail", "-c", "false | true"], None),
    ("no-pipefail", ["-c", "false | true"], None),
    ("pipefail-clustered", ["-eo", "pipefail", "-c", "false | true; echo after"], None),
    ("nounset", ["-u", "-c", "echo $UNSET_VAR_X"], None),
    ("xtrace", ["-x", "-c", "echo traced"], None),
    ("flags", ["-c", "echo $-"], None),
    ("extglob", ["-O", "extglob", "-c", "shopt extglob"], None),
    ("plus-O", ["+O", "checkhash", "-c", "shopt checkhash"], None),
    ("norc-noprofile", ["--norc", "--noprofile", "-c", "echo x"], None),
    ("posix", ["--posix", "-c", "set -o | grep -w posix"], None),
    ("login-flag", ["-l", "-c", "shopt login_shell"], None),
    ("login-clustered", ["-lc", "shopt login_shell; echo $0"], None),
    ("ilc-env", ["-ilc", "env | grep -c '^HOME='"], None),
    ("interactive-flag", ["-i", "-c", "case $- in *i*) echo interactive;; esac"], None),
    ("stdin-script", [], "echo from stdin; exit 4\n"),
    ("stdin-script-reads-data", [], "read x; echo got $x\nhello\n"),
    ("dash-s", ["-s", "a", "b"], 'echo "$1-$2"\n'),
    ("stdin-empty", [], ""),
    ("signal-term", ["-c", "kill -TERM $$"], None),
    ("trap-exit", ["-c", 'trap "echo trapped" EXIT; exit 2'], None),
    ("sigpipe", ["-c", "yes | head -n 2"], None),
    ("bash-version", ["-c", "echo $BASH_VERSION"], None),
    ("cd", ["-c", "cd / && pwd"], None),
    ("loop", ["-c", "for i in 1 2 3; do echo $i; done"], None),
    ("heredoc", ["-c", "cat <<EOF\nx $((1+2))\nEOF"], None),
    ("not-found", ["-c", "nonexistent_cmd_xyz"], None),
    ("empty-command", ["-c", ""], None),
    ("execution-string", ["-c", 'echo "$BASH_EXECUTION_STRING"'], None),
    ("ppid", ["-c", "echo $PPID"], None),
    ("case-statement", ["-c", "case ab in a*) echo matched;; esac"], None),
    ("cursor-style", ["-O", "extglob", "-c", 'eval "$1"', "--", "echo cursor"], None),
    ("double-dash", ["--", "-c"], None),
    ("subshell-status", ["-c", "(exit 5); echo $?"], None),
    ("functions", ["-c", "f() { echo in f; return 3; }; f; echo $?"], None),
    ("arrays", ["-c", "a=(x y z); echo ${#a[@]} ${a[1]}"], None),
    ("dbl-bracket", ["-c", "[[ abc == a* ]] && echo yes"], None),
    ("process-subst", ["-c", "cat <(echo inner)"], None),
]


def run(program: str, args: list[str], env: dict[str, str], stdin: str | None,
        cwd: Path, pass_fds=(), argv0: str = "bash") -> subprocess.CompletedProcess:
    return subprocess.run([argv0, *args], executable=program, env=env, cwd=cwd,
                          input=(stdin or "").encode(), capture_output=True, timeout=30,
                          pass_fds=pass_fds)


@pytest.mark.parametrize("name, args, stdin", CASES, ids=[c[0] for c in CASES])
def test_same_as_bash(agentsh_bin, env, tmp_path, name, args, stdin) -> None:
    ours = run(agentsh_bin, args, env, stdin, tmp_path)
    theirs = run(BASH, args, env, stdin, tmp_path)
    assert (ours.stdout, ours.stderr, ours.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)


def test_script_file_and_args(agentsh_bin, env, tmp_path) -> None:
    script = tmp_path / "s.sh"
    script.write_text('echo "$0:$1:$2"; exit 9\n')
    for args in (["s.sh", "a", "b"], ["--", "s.sh", "x"], ["-e", "s.sh"]):
        ours = run(agentsh_bin, args, env, None, tmp_path)
        theirs = run(BASH, args, env, None, tmp_path)
        assert (ours.stdout, ours.stderr, ours.returncode) == \
            (theirs.stdout, theirs.stderr, theirs.returncode)


def test_missing_script(agentsh_bin, env, tmp_path) -> None:
    ours = run(agentsh_bin, ["missing.sh"], env, None, tmp_path)
    theirs = run(BASH, ["missing.sh"], env, None, tmp_path)
    assert (ours.stdout, ours.stderr, ours.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)


def test_login_by_dash_argv0(agentsh_bin, env, tmp_path) -> None:
    ours = run(agentsh_bin, ["-c", "shopt login_shell"], env, None, tmp_path, argv0="-bash")
    theirs = run(BASH, ["-c", "shopt login_shell"], env, None, tmp_path, argv0="-bash")
    assert ours.stdout == theirs.stdout and b"on" in ours.stdout


@pytest.mark.parametrize("fd", [3, 4])
def test_extra_file_descriptors_survive(agentsh_bin, env, tmp_path, fd) -> None:
    """Cursor's agent passes shell state on fds 3 and 4: they must reach bash."""
    results = []
    for program in (agentsh_bin, BASH):
        out = tmp_path / f"out-{fd}"
        inp = tmp_path / f"in-{fd}"
        inp.write_text(f"state-in-{fd}\n")
        setup = (f'exec {fd}>"$OUT" 9<"$IN"; '
                 f'exec -a bash "$PROG" -c "echo written-to-{fd} >&{fd}; cat <&9"')
        result = subprocess.run([BASH, "-c", setup], env={**env, "OUT": str(out), "IN": str(inp),
                                                         "PROG": program},
                                cwd=tmp_path, capture_output=True, timeout=30)
        results.append((out.read_text(), result.stdout, result.stderr, result.returncode))
    assert results[0] == results[1]
    assert results[0][0] == f"written-to-{fd}\n" and results[0][1] == f"state-in-{fd}\n".encode()


def test_codex_and_claude_wrappers_run_the_real_command(agentsh_bin, env, tmp_path) -> None:
    snapshot = tmp_path / "snapshot.sh"
    snapshot.write_text("export SNAP=loaded\n")
    codex = run(agentsh_bin, ["-c", '. "$1" && shift && exec "$@"', "codex", str(snapshot), "sh", "-c",
                              'echo "$SNAP"'], env, None, tmp_path)
    assert codex.stdout == b"loaded\n" and codex.returncode == 0
    blocked = run(agentsh_bin, ["-c", '. "$1" && shift && exec "$@"', "codex", str(snapshot),
                                "rm", "-rf", "/srv/agentsh-test-keep"], env, None, tmp_path)
    assert blocked.returncode == 126 and b"FS001" in blocked.stderr
    claude = run(agentsh_bin, ["-c", f"source {snapshot} && eval 'echo $SNAP' < /dev/null && "
                                     f"pwd -P >| {tmp_path}/cwd"], env, None, tmp_path)
    assert claude.stdout == b"loaded\n"
    assert (tmp_path / "cwd").read_text().strip() == str(tmp_path.resolve())


@pytest.mark.parametrize("shell", ["/bin/zsh", None, "AGENTSH"],
                         ids=["another-shell", "unset", "agentshs-own-route"])
def test_shell_is_the_callers(agentsh_bin, env, tmp_path, shell) -> None:
    """SHELL is never rewritten: a caller that made agentsh its shell keeps it for every child,
    any other caller's SHELL (or none) reaches bash as it was, as with bash itself."""
    env = {k: v for k, v in env.items() if k != "SHELL"}
    if shell is not None:
        env["SHELL"] = agentsh_bin if shell == "AGENTSH" else shell
    ours = run(agentsh_bin, ["-c", 'echo "${SHELL-unset}"; env | grep -c "^SHELL="'], env, None,
               tmp_path)
    theirs = run(BASH, ["-c", 'echo "${SHELL-unset}"; env | grep -c "^SHELL="'], env, None,
                 tmp_path)
    assert (ours.stdout, ours.returncode) == (theirs.stdout, theirs.returncode)


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_as_bash_are_bashs_own(agentsh_bin, env, tmp_path, home, flag) -> None:
    """Through the `bash`/`sh` shims, scripts that parse `bash --version` get bash's text."""
    for name in ("bash", "sh"):
        ours = run(agentsh_bin, [flag], env, None, tmp_path, argv0=name)
        theirs = run(BASH, [flag], env, None, tmp_path, argv0=name)
        assert (ours.stdout, ours.returncode) == (theirs.stdout, theirs.returncode), name
    assert not (home / ".local" / "state" / "agentsh").exists()


def test_version_and_help_as_agentsh_are_agentshs(agentsh_bin, env, tmp_path, home) -> None:
    from agentsh import __version__

    version = run(agentsh_bin, ["--version"], env, None, tmp_path, argv0="agentsh")
    assert version.returncode == 0
    first, second = version.stdout.decode().splitlines()
    assert first == f"agentsh {__version__}"
    assert "GNU bash" in second
    helped = run(agentsh_bin, ["--help"], env, None, tmp_path, argv0="agentsh")
    assert helped.returncode == 0 and b"usage: agentsh" in helped.stdout
    assert not (home / ".local" / "state" / "agentsh").exists()


def test_ilc_env_with_no_terminal_prints_only_the_command_output(agentsh_bin, env, tmp_path):
    result = subprocess.run([agentsh_bin, "-ilc", "echo only-this"], env=env, cwd=tmp_path,
                            stdin=subprocess.DEVNULL, capture_output=True, timeout=10,
                            start_new_session=True)
    assert result.stdout == b"only-this\n"
    assert b"approv" not in result.stderr
