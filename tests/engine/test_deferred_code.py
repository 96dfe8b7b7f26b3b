"""Code a command stores for bash to run later (`trap`, `alias`, `PROMPT_COMMAND`, the prompt
strings, `bind -x`, `complete -C`/`-W`, `fc`) is classified where it is stored, as if it ran
there: the line that runs it later has nothing of it for the gate to see."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.policy.values import Decision

STORED = {
    "trap EXIT": "trap 'rm -rf victim' EXIT",
    "trap DEBUG": "trap 'rm -rf victim' DEBUG",
    "trap double-quoted": 'trap "rm -rf victim" INT TERM',
    "builtin trap": "builtin trap 'rm -rf victim' EXIT",
    "alias": "alias ls='rm -rf victim'",
    "alias among others": "alias ll='ls -la' gs='git status' ls='rm -rf victim'",
    "PROMPT_COMMAND": "PROMPT_COMMAND='rm -rf victim'",
    "PROMPT_COMMAND array": "PROMPT_COMMAND+=('rm -rf victim')",
    "PROMPT_COMMAND element": "PROMPT_COMMAND[1]='rm -rf victim'",
    "PROMPT_COMMAND appended": "PROMPT_COMMAND+='; rm -rf victim'",
    "PROMPT_COMMAND redirected": "PROMPT_COMMAND='rm -rf victim' 2>/dev/null",
    "export PROMPT_COMMAND": "export PROMPT_COMMAND='rm -rf victim'",
    "declare PROMPT_COMMAND": "declare PROMPT_COMMAND='rm -rf victim'",
    "PS0": "PS0='$(rm -rf victim)'",
    "PS1 backticks": "PS1='`rm -rf victim` $ '",
    "bind -x": "bind -x '\"\\C-m\": rm -rf victim'",
    "complete -C": "complete -C 'rm -rf victim' pets",
    "compgen -W": "compgen -W '$(rm -rf victim)' x",
    "eval of an alias": "eval \"alias x='rm -rf victim'\"",
    "printf -v": "printf -v PROMPT_COMMAND 'rm -rf victim'",
    "printf -v joined": "printf -vPS0 '%s' '$(rm -rf victim)'",
    "read": "read -r PROMPT_COMMAND < cmd.txt",
    "mapfile": "mapfile -t PROMPT_COMMAND < cmds.txt",
    "nameref": "declare -n p=PROMPT_COMMAND; p='rm -rf victim'",
    "fc -s": "fc -s rm",
    "fc with an editor": "fc -e vi -1",
    "bare fc": "fc",
}

HARMLESS = {
    "alias ll": "alias ll='ls -la'",
    "alias list": "alias",
    "trap reset": "trap - EXIT",
    "trap list": "trap -p",
    "trap ignore": "trap '' INT",
    "trap cleanup of a temporary file": "trap 'rm -f \"$tmp\"' EXIT",
    "PROMPT_COMMAND history": "PROMPT_COMMAND='history -a'",
    "PS1 escapes": "PS1='\\u@\\h:\\w\\$ '",
    "PS1 venv": 'PS1="(venv) ${PS1:-}"',
    "PS1 git": "PS1='$(__git_ps1) $ '",
    "fc list": "fc -l",
    "fc list numbers": "fc -ln -5",
    "complete -F": "complete -F _pets pets",
    "compgen -W words": "compgen -W 'start stop' -- st",
    "printf -v other": "printf -v now '%(%s)T' -1",
    "read other": "read -r answer",
    "nameref other": "declare -n ref=other",
}


@pytest.mark.parametrize("line", list(STORED.values()), ids=list(STORED))
def test_stored_code_is_classified_where_it_is_stored(line, builtin_policy, ctx) -> None:
    assert classify(line, builtin_policy, ctx).decision != Decision.ALLOW


@pytest.mark.parametrize("line", list(HARMLESS.values()), ids=list(HARMLESS))
def test_harmless_stored_code_stays_quiet(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict


def test_a_trap_cannot_carry_a_blocked_command_past_agentsh_c(agentsh_bin, env, tmp_path) -> None:
    """As the agent would: no terminal, agent markers set. `rm -rf victim` asks (and with no
    one to ask, does not run); so must the trap that runs it when the shell exits."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "file").write_text("precious")
    result = subprocess.run([agentsh_bin, "-c", "trap 'rm -rf victim' EXIT; echo ran"],
                            env={**env, "CLAUDECODE": "1"}, cwd=tmp_path, capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert victim.exists(), result
    assert "ran" not in result.stdout
