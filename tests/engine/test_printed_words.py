"""`$(printf ...)` and backquotes whose words hold expansions, escapes and known variables
(iquote.tests:62 `` eval tmp=`printf "$'\\\\\\x%x'\\n" 127` ``, :69 `$(printf '%o' $a)`): the
words are expanded as bash expands them (`words._Scanner._words_of`), backquotes lose the
backslash before `$`, backquote and backslash (`words._backquoted`), and what printf prints
is known. bash is the oracle: the command agentsh says runs is the one bash runs."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

CASES = {
    "hex-escape-in-backquotes": "eval tmp=`printf \"$'\\\\\\\\\\x%x'\\n\" 127`\nz${tmp}_cmd",
    "octal-of-a-variable": "a=127\neval c=\\$\\'\\\\$(printf '%o' $a)\\'\nz${c}_cmd",
    "variable-argument": "a=5\n$(printf \"x%d\" $a)_cmd",
    "backslash-kept-in-backquotes": "`printf '%s' r\\m`_cmd",
    "double-backslash": "`printf \"%s\" \"a\\\\\\\\b\"`_cmd",
    "split-value": "a='p q'\n$(printf '%s-' $a)_cmd",
}


def bash_runs(text: str) -> str:
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                          "command_not_found_handle() { printf '%s\\n' \"$1\"; }\n" + text],
                         capture_output=True, text=True, timeout=10,
                         env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    return out.stdout.rstrip("\n")


def verdict(text: str, policy):
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: None)
    return classify(text, policy, ctx)


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_agentsh_knows_what_bash_runs(builtin_policy, text: str) -> None:
    runs = bash_runs(text)
    assert runs.endswith("_cmd")
    v = verdict(text, builtin_policy)
    assert runs in [c.argv[0] for c in v.commands], (runs, [c.argv for c in v.commands])
    assert v.decision == Decision.ALLOW, v.findings


@pytest.mark.parametrize("text", [
    "a=rm\n$(printf \"%s\" $a) -rf ~/",
    "a=\"rm -rf\"\n`printf \"%s \" $a` ~/",
    "x=`echo \\`rm -rf ~/\\``",
    "`printf '%s' r\\m` -rf ~/",
    "$(printf '%s' $unknown) -rf ~/",
    "$(printf '%s' r*) -rf ~/",  # a pattern: only known at run time
    "shopt -s xpg_echo\n$(echo \"r\\155\") -rf ~/",
])
def test_dangerous_twins_still_stop(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision != Decision.ALLOW
