"""Start-up code and name lookup (issue 13, item 5): BASH_ENV, ENV and rc files a shell reads
first; aliases, functions and traps; PATH and `hash -p`; a program copied or linked under
another name; brace expansion and globs in the command word. Checked against real files in a
temporary directory, through the same context the shell frontend builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from agentsh.engine import runtime
from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.engine.names import expand_raw
from agentsh.policy.values import Decision

RM = "rm -rf /srv/data"
RM_BIN = shutil.which("rm") or "/bin/rm"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "evil.sh").write_text(f"#!/bin/sh\n{RM}\n")
    (tmp_path / "ok.sh").write_text("echo fine\n")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "ls").write_text(f"#!/bin/sh\n{RM}\n")
    (bindir / "ls").chmod(0o755)
    shutil.copy(RM_BIN, bindir / "ls2")
    os.symlink(RM_BIN, tmp_path / "x")
    shutil.copy(RM_BIN, tmp_path / "r")
    return tmp_path


def context(workdir: Path, **env: str) -> Context:
    base = {"HOME": str(workdir), "PATH": "/usr/local/bin:/usr/bin:/bin", "PWD": str(workdir)}
    return runtime.make_context(str(workdir), {**base, **env})


def stopped(builtin_policy, command: str, ctx: Context) -> set[str]:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW, (command, verdict.findings)
    return {f.rule for f in verdict.findings}


def allowed(builtin_policy, command: str, ctx: Context) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, (command, verdict.findings)


STARTUP = [
    "BASH_ENV=evil.sh bash -c ls", "BASH_ENV=./evil.sh bash ok.sh", "env BASH_ENV=evil.sh bash -c ls",
    "export BASH_ENV=evil.sh; bash -c ls", "BASH_ENV=evil.sh; export BASH_ENV; bash -c ls",
    "ENV=evil.sh sh -i", "ENV=evil.sh bash --posix -i", "ENV=evil.sh dash -i",
    "bash --rcfile evil.sh -i", "bash --init-file evil.sh", "sudo BASH_ENV=evil.sh bash -c ls",
]


@pytest.mark.parametrize("command", STARTUP, ids=range(len(STARTUP)))
def test_start_up_files_are_checked(builtin_policy, workdir, command) -> None:
    assert stopped(builtin_policy, command, context(workdir)) & {"FS001", "FS002"}


def test_start_up_files_only_where_the_shell_reads_them(builtin_policy, workdir) -> None:
    ctx = context(workdir)
    for command in ("BASH_ENV=ok.sh bash -c ls", "ENV=evil.sh sh -c ls", "ENV=evil.sh bash -c ls",
                    "BASH_ENV=evil.sh sh -c ls", "bash -n evil.sh"):
        allowed(builtin_policy, command, ctx)
    inherited = context(workdir, BASH_ENV=str(workdir / "evil.sh"))
    assert stopped(builtin_policy, "bash -c ls", inherited) & {"FS001", "FS002"}
    # a start-up file that does not exist runs nothing (bash says so); one that is there but
    # cannot be read (a FIFO) is code agentsh cannot see
    allowed(builtin_policy, "BASH_ENV=/nonexistent/e.sh bash -c ls", ctx)
    os.mkfifo(workdir / "env.fifo")
    assert stopped(builtin_policy, "BASH_ENV=env.fifo bash -c ls", ctx) & {"UNK006", "UNK010"}


ALIASES_AND_FUNCTIONS = [
    f"alias x='{RM}'; x", "alias x='rm -rf'\nx /srv/data",
    f"shopt -s expand_aliases\nalias x='{RM}'\nx",
    f"alias x='{RM}'; eval x", "alias ls='rm -rf'; ls /srv/data", f"alias a='{RM}' b=true; b; a",
    f"f() {{ {RM}; }}; f", "f() { rm \"$@\"; }; f -rf /srv/data",
    "function g { \"$@\"; }; g rm -rf /srv/data",
    "cleanup() { rm -rf \"$1\"; }\ncleanup /srv/data", f"ls() {{ {RM}; }}; ls",
    f"trap '{RM}' EXIT", f"trap \"{RM}\" ERR",
]


@pytest.mark.parametrize("command", ALIASES_AND_FUNCTIONS, ids=range(len(ALIASES_AND_FUNCTIONS)))
def test_aliases_functions_and_traps_run_their_bodies(builtin_policy, ctx, command) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW, verdict.findings
    assert any(f.rule in ("FS001", "FS002") and f.target in ("/srv/data", "") for f in verdict.findings)


def test_a_function_call_binds_its_arguments(builtin_policy, ctx) -> None:
    verdict = classify('f() { rm "$@"; }; f -rf /srv/data', builtin_policy, ctx)
    assert any(f.rule == "FS002" and f.target == "/srv/data" for f in verdict.findings)
    for command in ("alias ll='ls -la'; ll", "alias ls='ls --color'; ls", "f() { echo \"$1\"; }; f hi",
                    "unalias x 2>/dev/null; x=1"):
        allowed(builtin_policy, command, ctx)


NAME_LOOKUP = [
    "PATH=./bin:$PATH ls", "PATH=$PWD/bin:$PATH ls", "PATH=bin:$PATH ls", "export PATH=./bin:$PATH; ls",
    "PATH=./bin:$PATH; ls", "env PATH=./bin:/usr/bin ls", "PATH=./bin:$PATH ls2 -rf /srv/data",
    "hash -p /bin/rm ls; ls -rf /srv/data", "hash -p ./bin/ls make; make",
    "./x -rf /srv/data", "./r -rf /srv/data", f"{RM_BIN[:-1]}? -rf /srv/data",
    "/usr/bin/[r]m -rf /srv/data", "ln -s /bin/rm y; ./y -rf /srv/data",
    "cp /bin/rm /tmp/r; /tmp/r -rf /srv/data", "cp \"$(which rm)\" ./del; ./del -rf /srv/data",
    "cat /bin/rm > ./c; chmod +x c; ./c -rf /srv/data", "{rm,-rf,/srv/data}", "rm -{r,f} /srv/data",
    "{r{m,x},-rf,/srv/data}", "$'\\x72m' -rf /srv/data",
]


@pytest.mark.parametrize("command", NAME_LOOKUP, ids=range(len(NAME_LOOKUP)))
def test_names_are_looked_up_as_bash_would(builtin_policy, workdir, command) -> None:
    assert stopped(builtin_policy, command, context(workdir)) & {"FS001", "FS002", "UNK002"}


def test_ordinary_names_stay_allowed(builtin_policy, workdir) -> None:
    ctx = context(workdir)
    for command in ("PATH=./bin:$PATH make", "PATH=$HOME/.cargo/bin:$PATH cargo build",
                    "export PATH=$PATH:/usr/local/go/bin; go build", "PATH=/usr/bin:/bin ls",
                    "echo {a,b}", "mkdir -p src/{a,b,c}", "echo '{rm,-rf,/srv/data}'", "touch f{1..3}",
                    "cp file{,.bak}", "ls /usr/bin/py*", "./ok.sh", "hash -r; ls",
                    "ln -s ../real_dir link", "ln -s /usr/bin/python3 /usr/local/bin/python",
                    "nomatch?", "[ -f x ]"):
        allowed(builtin_policy, command, ctx)


def test_a_path_lookup_into_a_directory_written_first_is_unknown(builtin_policy, workdir) -> None:
    command = f"mkdir nd; printf '{RM}' > nd/ls; chmod +x nd/ls; PATH=./nd:$PATH ls"
    assert "UNK011" in stopped(builtin_policy, command, context(workdir))


def test_renamed_programs_are_stopped_where_they_are_made(builtin_policy, workdir) -> None:
    ctx = context(workdir)
    for command in ("ln -s /bin/rm ~/.local/bin/del", "cp /usr/bin/git /tmp/g",
                    "install -m 755 /usr/bin/dd ./copy"):
        assert "EXEC001" in stopped(builtin_policy, command, ctx), command


@pytest.mark.parametrize("raw, words", [
    ("{rm,-rf,/srv/data}", ["rm", "-rf", "/srv/data"]),
    ("a{b,c}d", ["abd", "acd"]),
    ("a{b,{c,d}}e", ["abe", "ace", "ade"]),
    ("'{a,b}'", None),
    ("\\{a,b}", None),
    ("${x}", None),
    ("f{1..3}", ["f1", "f2", "f3"]),
    ("{01..03}", ["01", "02", "03"]),
    ("{a..c}", ["a", "b", "c"]),
    ("{1..100000}", None),
    ("{}", None),
])
def test_brace_expansion_matches_bash(raw: str, words) -> None:
    assert expand_raw(raw) == words
