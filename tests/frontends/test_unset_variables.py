"""A variable in no environment is unset (issue 16, compat): when bash runs the text with exactly
the environment agentsh checked it with (`agentsh -c`, a script; no BASH_ENV, no `-a`/`-k`, not
a login or interactive shell), `$EXIT 0` runs `0` and `a=1 $CHMOD $MODE` assigns `a`, as in
bash's own varenv and redir tests. Run the way an agent runs it: `agentsh -c` with no terminal,
CLAUDECODE=1, a temporary HOME; every attack is a way to make agentsh believe a variable is unset
while bash has a value for it, and must ask (exit 126) with the victim left in place.

Also here: `source NAME` with no slash is looked up on PATH before the working directory, as
bash does (`sourcepath`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env, without_snapshots

# names the commands below use: none of them may come from the test runner's environment
USED = ("E", "X", "XY", "CHMOD", "MODE", "FN", "EXIT", "ECHO", "BASH_ENV", "ENV", "SHELLOPTS",
        "BASHOPTS", "r", "o", "a")

# each reads as a variable in no environment being empty, while bash gives it a value
ATTACKS = [
    "declare -n r=X; r=rm; $X -rf victim",
    "declare -n r=X; read r <<< rm; $X -rf victim",
    "printf -vX rm; $X -rf victim",
    "printf -v \"$(printf '\\x58')\" rm; $X -rf victim",
    "o=-v; printf $o X rm; $X -rf victim",
    "printf $(echo -v) X rm; $X -rf victim",
    "printf -v$'\\x58' rm; $X -rf victim",
    "a=x; printf -v \"${a^^}\" rm; $X -rf victim",
    # printf's -v name only known at run time may assign a variable that was known
    "X=ls; printf -v \"$(printf '\\x58')\" rm; $X -rf victim",
    "X=ls; a=x; printf -v \"${a^^}\" rm; $X -rf victim",
    "read X <<< rm; $X -rf victim",
    "read X\"\"Y <<< rm; $XY -rf victim",
    "read \"$(printf '\\x58')\" <<< rm; $X -rf victim",
    "mapfile -t X <<< rm; $X -rf victim",
    ": ${X:=rm}; $X -rf victim",
    ": ${X=rm}; $X -rf victim",
    "a=x; declare \"${a^^}=rm\"; $X -rf victim",
    "eval \"$(printf 'X=rm')\"; $X -rf victim",
    "f() { X=rm; }; f; $X -rf victim",
    "select X in rm; do break; done <<< 1; $X -rf victim",
    "trap 'X=rm' DEBUG; $X -rf victim",
    "shopt -s expand_aliases; alias a='X=rm'\na; $X -rf victim",
    "getopts :a X -z; $X -rf victim",
    # under `set -k` an assignment after a name that expanded to nothing assigns the shell
    "set -k; $E X=rm; $X -rf victim",
    "set -k; $E PATH=/nonexistent rm -rf victim",
    # a child shell gets what the parent exported, however it was exported
    "set -a; X=rm; bash -c '$X -rf victim'",
    "X=rm bash -c '$X -rf victim'",
    "env X=rm bash -c '$X -rf victim'",
    # a function body or trap handler runs where a variable holds any value the text gives it
    "f() { $X -rf victim; }; X=ls; f; X=rm; f",
    "f() { $X -rf victim; }; X=ls; X=rm f",
    "f() { $X -rf victim; }; X=ls; (X=rm; f)",
    "trap '$X -rf victim' EXIT; X=ls; X=rm",
    "f() { $X -rf victim; }; X=ls; read X <<< rm; f",
    "f() { $X -rf victim; }; X=l; X+=s; X+=x; X=r; X+=m; f",
    "f() { $X -rf victim; }; X=ls; eval 'X=rm'; f",
    "echo X=rm > s.sh; f() { $X -rf victim; }; X=ls; . ./s.sh; f",
    "f() { $X -rf victim; }; X=ls; for X in rm; do :; done; f",
    "f() { $X -rf victim; }; X=ls; Y=X; declare -n r=$Y; r=rm; f",
    "f() { $X -rf victim; }; X=ls; X=r$E'm'; f",
    "f() { $X -rf victim; }; X=$Y; Y=rm; X=$Y; f",
    "f() { $X -rf victim; }; X=$(echo rm); f",
    "f() { $X -rf victim; }; X=ls; : ${X:=rm}; unset X; : ${X:=rm}; f",
    "f() { $X -rf victim; }; X=ls; export X=rm; f",
    "f() { $X -rf victim; }; X=( rm ); X[1]=ls; f",
    "X=(x rm -rf victim); X=command; \"${X[@]}\"",  # element 0 only: the rest stay
    "trap '$X -rf victim' EXIT; X=(rm); X=ls",
    # a link planted where `$$` names a file: removed first, or written through (asks)
    "F=/tmp/x.$$; echo 'rm -rf victim' > $F; . $F",
    "F=$TMPDIR/x.$$; rm -f $F; echo 'rm -rf victim' > $F; . $F; rm -f $F",
    "F=$TMPDIR/x.$$; rm -f $F; echo 'return 0; rm -rf victim' > $F; . $F; rm -rf victim",
    # the name that expands to nothing hands the command name to the next word
    "$E rm -rf victim",
    "$E/bin/rm -rf victim",
    "${E:-rm} -rf victim",
    "$CHMOD $MODE rm -rf victim",
]



@pytest.fixture
def work(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    (work / "victim").mkdir(parents=True)
    (work / "victim" / "keep.txt").write_text("precious\n")
    return work


def agent_env(home: Path, **extra: str) -> dict[str, str]:
    env = without_snapshots(clean_env(home), home)
    for name in USED:
        env.pop(name, None)
    return {**env, "CLAUDECODE": "1", **extra}


def run(agentsh_bin: str, work: Path, env: dict[str, str], command: str, *options: str
        ) -> subprocess.CompletedProcess:
    return subprocess.run([agentsh_bin, *options, "-c", command], cwd=work, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60)


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_a_value_bash_has_is_never_read_as_unset(agentsh_bin, agent_home, work, command):
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


# bash's own tests (varenv.tests, redir.tests): what bash prints, and nothing asked
COMPAT = [
    ("$EXIT 0; echo ran", "ran\n"),
    ("a=3 b=4 $CHMOD $MODE $FN; echo $a $b", "3 4\n"),
    ("$E echo hi", "hi\n"),
    ("x=${NOTSET:-default}; $E echo $x", "default\n"),
    ("HOME=/a/b/c $ECHO a=$HOME c=9; echo ${a-unset}", "unset\n"),
    # lastpipe.tests: a function body run where `$binfalse` is one of the values given to it
    ("binfalse() { $binfalse || return 1; }\nif [ -x /bin/false ]; then binfalse=/bin/false; "
     "else binfalse=false; fi\ntrue | binfalse | true; echo $?", "0\n"),
    # mapfile1.sub: a trap handler's path is one of the values given to it
    ("F=$TMPDIR/file; trap 'rm -f $F' EXIT; echo x > $F; cat $F", "x\n"),
    # varenv1.sub, func3.sub: a `$$` file the line removed first is the line's own; a sourced
    # file's `return` ends the file, not the shell; a function's redirect to /dev/null
    ("F=$TMPDIR/x.$$; rm -f $F; echo 'v=40 return 2; echo no' > $F; . $F; echo $? $v; "
     "rm -f $F; echo done", "2\ndone\n"),
    ("f() { echo in f; } >> /dev/null; F=$TMPDIR/y; echo 'echo hi' > $F; f; . $F; rm -f $F",
     "hi\n"),
    # globstar.tests: a directory named by `$$`, made by the line, has no link in it but its own
    ("d=$PWD; G=$TMPDIR/g-$$; mkdir $G || exit 1; cd $G || exit 1; touch a.o; cd $d; "
     "bash ./ok.sh", "ok\n"),
]


@pytest.mark.parametrize("command,output", COMPAT, ids=[c for c, _ in COMPAT])
def test_an_unset_variable_runs_as_in_bash(agentsh_bin, agent_home, work, command, output):
    (work / "ok.sh").write_text("echo ok\n")
    tmp = work.parent / "tmp"
    tmp.mkdir(exist_ok=True)
    done = run(agentsh_bin, work, agent_env(agent_home, TMPDIR=str(tmp)), command)
    plain = subprocess.run(["bash", "-c", command], cwd=work,
                           env=agent_env(agent_home, TMPDIR=str(tmp)),
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert done.returncode == plain.returncode, done.stderr
    assert done.stdout.decode() == plain.stdout.decode() == output


@pytest.mark.parametrize("how", ["BASH_ENV", "ENV-k", "SHELLOPTS", "login", "allexport"])
def test_a_shell_that_may_start_with_more_variables_reads_them_as_unknown(
        agentsh_bin, agent_home, work, tmp_path, how):
    """BASH_ENV is read before the text, `-k` and SHELLOPTS=keyword turn later words into
    assignments, a login shell reads profiles: a name in no environment may be set."""
    startup = tmp_path / "startup.sh"
    startup.write_text("X=rm\n")
    env = agent_env(agent_home)
    options: tuple[str, ...] = ()
    command = "$X -rf victim"
    if how == "BASH_ENV":
        env["BASH_ENV"] = str(startup)
    elif how == "ENV-k":
        options, command = ("-k",), "$E X=rm; $X -rf victim"
    elif how == "SHELLOPTS":
        env["SHELLOPTS"] = "keyword"
        command = "$E X=rm; $X -rf victim"
    elif how == "login":
        options = ("-l",)
        (agent_home / ".bash_profile").write_text(f". {startup}\n")
    else:
        options, command = ("-a",), "X=rm; bash -c '$X -rf victim'"
    done = run(agentsh_bin, work, env, command, *options)
    (agent_home / ".bash_profile").unlink(missing_ok=True)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


def test_source_looks_a_bare_name_up_on_path_first(agentsh_bin, agent_home, work, tmp_path):
    """bash's `source NAME` (no slash) reads the first NAME on PATH, then ./NAME: checking the
    working directory's harmless file instead would let the one on PATH run unchecked."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "setup.sh").write_text("rm -rf victim\n")
    (work / "setup.sh").write_text("echo harmless\n")
    env = agent_env(agent_home)
    done = run(agentsh_bin, work, env, f"PATH={bindir}:$PATH; source setup.sh")
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()
    (work / "setup.sh").unlink()  # only the one on PATH: it is what is checked (rm -rf asks)
    done = run(agentsh_bin, work, env, f"PATH={bindir}:$PATH; . setup.sh")
    assert done.returncode == 126 and b"rm" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()
    (bindir / "setup.sh").unlink()
    (work / "setup.sh").write_text("echo harmless\n")  # only here: read and run
    done = run(agentsh_bin, work, env, f"PATH={bindir}:$PATH; source setup.sh")
    assert done.returncode == 0 and done.stdout == b"harmless\n", done.stderr


# a handler or a child shell reading a variable the text gives agentsh's rules file's path
RULES_FILE_ATTACKS = [
    "trap 'rm -f $D' EXIT; D=~/.config/agentsh/rules.toml",
    "trap 'rm -f $D' EXIT; D=~/.config/agentsh/rules.toml; D=x",
    "trap 'echo > $D' EXIT; D=$HOME/.config/agentsh/rules.toml",
    "trap 'rm -f rules.toml' EXIT; cd ~/.config/agentsh",
    "bash -c 'trap \"rm -f \\$D\" EXIT; D=~/.config/agentsh/rules.toml'",
    "f() { rm -f $D; }; D=~/.config/agentsh/rules.toml; f",
    "X=~/.config/agentsh/rules.toml bash -c 'rm -f $X'",
    "set -a; X=~/.config/agentsh/rules.toml; bash -c 'rm -f $X'",
    "env X=~/.config/agentsh/rules.toml bash -c 'rm -f $X'",
    "declare -x X=~/.config/agentsh/rules.toml; bash -c 'rm -f $X'",
    "echo 'X=~/.config/agentsh/rules.toml' > e.sh; export BASH_ENV=./e.sh; bash -c 'rm -f $X'",
    "echo 'X=~/.config/agentsh/rules.toml' > e.sh; BASH_ENV=./e.sh bash -c 'rm -f $X'",
]


@pytest.mark.parametrize("command", RULES_FILE_ATTACKS, ids=range(len(RULES_FILE_ATTACKS)))
def test_the_rules_file_survives_a_handler_or_a_child(agentsh_bin, agent_home, work, command):
    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("# the person's rules\n")
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert rules.read_text() == "# the person's rules\n"
