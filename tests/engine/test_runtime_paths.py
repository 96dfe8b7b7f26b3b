"""Paths only known at run time in bash's own tests (issue 16, branch compat8): a `$$` name
assigned once and read by a trap handler (set-x1.sub), in a function body called per call
(heredoc5.sub). Each known value is one bash has too; each way to make agentsh believe another
still asks."""

from __future__ import annotations

import pytest

from agentsh.engine import recovery, runtime
from agentsh.engine.classify import classify
from agentsh.policy.values import Decision

ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home"}


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    here = str(tmp_path_factory.mktemp("paths"))
    policy = runtime.load_policy(here, ENV)
    ctx = runtime.make_context(here, ENV)._replace(complete_env=True)  # `agentsh -c`, a script

    def verdict(text: str):
        return classify(text, policy, ctx)
    return verdict


def rules(verdict) -> set[str]:
    return {f.rule for f in verdict.findings if f.decision != Decision.ALLOW}


RUNS = [
    # heredoc5.sub: `catfile` is named inside `$TMPDIR/catfile-$$`, `f` inside `rm -f`
    ("per-call-name-in-a-path", "F=/tmp/catfile-$$\ncatfile() {\n  echo x > $F\n  rm -f $F\n}\n"
                                "catfile a\ncatfile b"),
    ("per-call-name-in-an-option", "F=/tmp/c-$$; f() { echo x > $F; rm -f $F; }; f"),
]


@pytest.mark.parametrize("text", [t for _, t in RUNS], ids=[i for i, _ in RUNS])
def test_runs(judge, text) -> None:
    assert judge(text).decision == Decision.ALLOW, rules(judge(text))


def test_a_trace_file_by_pid_is_recoverable(judge) -> None:
    """set-x1.sub: the name printed (`echo TRACEFILE:`) is no assignment; the trap handler's
    `rm -f $TRACEFILE` reads the one value; the truncation has a copy planned (the gate puts
    the process ID in: gate/decide.py `pid_paths`)."""
    text = ("TRACEFILE=/tmp/bash-trace-$$\ntrap 'rm -f $TRACEFILE' 0 1 2 3 6 15\n"
            "exec 4>$TRACEFILE\nBASH_XTRACEFD=4\nset -x\necho 1\nset +x\necho TRACEFILE:\n"
            "cat $TRACEFILE\nexit 0")
    verdict = judge(text)
    assert rules(verdict) == {"FS020"}, rules(verdict)
    assert recovery.plan(verdict)


ASKS = [
    # the name read into, or assigned by a function named echo: the handler's value is unknown
    ("read-after-echo", "T=/tmp/x-$$; echo T; read T; trap 'rm -rf $T' 0; :"),
    ("echo-function", "echo() { read -r \"$1\"; }; T=/tmp/x-$$; echo T; trap 'rm -rf $T' 0; :"),
    ("enable", "enable -f ./x.so echo; T=/tmp/x-$$; echo T; trap 'rm -rf $T' 0; :"),
    # a function called where the pass cannot see it: its body is read where nothing is known
    ("called-by-a-made-name", "f() { rm -rf \"$D\"; }; D=/tmp/d; f; n=$(printf f); D=~; $n"),
    ("called-by-alias", "shopt -s expand_aliases; f() { rm -rf \"$D\"; }; D=/tmp/d; f\n"
                        "alias g=f\nD=~\ng"),
]


@pytest.mark.parametrize("text", [t for _, t in ASKS], ids=[i for i, _ in ASKS])
def test_still_asks(judge, text) -> None:
    assert judge(text).decision != Decision.ALLOW


def targets(verdict) -> set[str]:
    return {f.target for f in verdict.findings if f.rule == "FS020"}


# `$BASHPID` is the top shell's `$$` outside any subshell (coproc.tests' `TMPOUT=...-$BASHPID`);
# in a subshell, a pipeline, a background job, a coproc, a command or process substitution, or
# a child shell it is another process's, which the gate never puts in (no copy: it asks)
@pytest.mark.parametrize("text, self_pid", [
    (": > /tmp/x-$BASHPID", True),
    ("{ : > /tmp/x-$BASHPID; }", True),
    ("T=/tmp/x-$BASHPID; ( : > $T )", True),  # expanded in the top shell
    ("( : > /tmp/x-$BASHPID )", False),
    ("echo $(: > /tmp/x-$BASHPID)", False),
    ("cat <(: > /tmp/x-$BASHPID)", False),
    ("coproc { : > /tmp/x-$BASHPID; }", False),
    (": > /tmp/x-$BASHPID &", False),
    (": | : > /tmp/x-$BASHPID", False),
    ("f() { : > /tmp/x-$BASHPID; }; f | cat", False),
    ("bash -c ': > /tmp/x-$BASHPID'", False),
    ("BASHPID=/etc; : > /tmp/x-$BASHPID", False),
], ids=["top", "group", "captured", "subshell", "comsub", "procsub", "coproc", "background",
        "pipeline", "function-in-pipeline", "child-shell", "assigned"])
def test_bashpid(judge, text, self_pid) -> None:
    from agentsh.engine.flowstate import SELF_PID

    found = targets(judge(text))
    assert any(SELF_PID in t for t in found) == self_pid, found
