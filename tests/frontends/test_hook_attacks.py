"""Red-team report 22, sections 3, 4, 5 and 7, as an agent's hook sees them: the real hook entry
point is fed the agent's JSON on stdin, and the answer must be the agent's "stop" (exit 2 with
Claude Code's deny, which Codex reads too), with the victim under a temporary HOME untouched."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import without_snapshots
from tests.frontends.test_hooks import hook, payload


def codex(command, cwd, **tool_input) -> dict:
    data = payload("codex", "", cwd)
    data["tool_input"] = {"command": command, **tool_input}
    return data


def stopped(result, rule: str) -> bool:
    body = json.loads(result.stdout)["hookSpecificOutput"]
    return result.returncode == 2 and body["permissionDecision"] == "deny" and \
        rule in result.stderr.decode()


@pytest.fixture
def victims(home):
    ssh = home / ".ssh"
    ssh.mkdir()
    (ssh / "id_ed25519").write_text("key")
    rules = home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True)
    rules.write_text("# the person's own rules\n")
    return ssh, rules


# ------------------------------------------------------------------ 4: argv payloads


@pytest.mark.parametrize("argv,rule", [
    (["bash", "-c", "--", "rm -rf {home}/.ssh"], "FS003"),
    (["bash", "-c", "cat /dev/null > \"$1\"", "_", "{rules}"], "SELF001"),
    (["bash", "-c", "rm -f \"$1\"", "_", "{rules}"], "SELF001"),
    (["/bin/sh", "-c", "rm -f \"$1\"", "sh", "{rules}"], "SELF001"),
    (["zsh", "-lc", "echo *(e:'rm -rf src':)"], "UNK100"),
    (["zsh", "-c", "=rm -rf {home}/.ssh"], "UNK100"),
], ids=["bash-c-dashdash", "positional-truncate", "positional-rm", "sh-positional",
        "zsh-glob-qualifier", "zsh-equals-expansion"])
def test_an_argv_is_judged_as_bash_runs_it(agentsh_bin, env, home, tmp_path, victims, argv,
                                           rule) -> None:
    ssh, rules = victims
    argv = [a.format(home=home, rules=rules) for a in argv]
    result = hook(agentsh_bin, "codex", codex(argv, tmp_path), without_snapshots(env, home))
    assert stopped(result, rule), result.stderr
    assert (ssh / "id_ed25519").exists() and rules.exists()


def test_codex_workdir_is_where_the_command_runs(agentsh_bin, env, home, tmp_path,
                                                 victims) -> None:
    _, rules = victims
    result = hook(agentsh_bin, "codex", codex("rm rules.toml", tmp_path, workdir=str(rules.parent)),
                  env)
    assert stopped(result, "SELF001")
    (tmp_path / "sub").mkdir()
    assert hook(agentsh_bin, "codex", codex("ls", tmp_path, workdir="sub"), env).returncode == 0
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    assert json.loads(log.read_text().splitlines()[-1])["cwd"] == str(tmp_path / "sub")


def test_codex_write_stdin_is_judged_as_typed_shell(agentsh_bin, env, home, tmp_path) -> None:
    data = payload("codex", "", tmp_path)
    data["tool_name"] = "write_stdin"
    data["tool_input"] = {"session_id": 3, "chars": "rm -rf ~/.ssh\n"}
    assert stopped(hook(agentsh_bin, "codex", data, env), "FS00")
    data["tool_input"] = {"session_id": 3, "chars": ""}  # a poll types nothing
    result = hook(agentsh_bin, "codex", data, env)
    assert result.returncode == 0 and not result.stdout.strip()


# ------------------------------------------------------------------ 3 and 7: code the text hides


@pytest.mark.parametrize("command,rule", [
    ("ssh -o ProxyCommand='rm -rf src' -o ConnectTimeout=1 x", "FS001"),
    ("ssh -oLocalCommand='rm -rf src' -o PermitLocalCommand=yes x", "FS001"),
    ("scp -o 'KnownHostsCommand=rm -rf src' a x:b", "FS001"),
    ("rsync -e \"ssh -o ProxyCommand='rm -rf src'\" a x:b", "FS001"),
    ("man -P 'rm -rf src' ls", "FS001"),
    ("printf '!rm -rf src\\n' | ftp", "FS001"),
    ("ftp -n host <<'EOF'\nuser a b\n!rm -rf src\nEOF", "FS001"),
    ("gdb -batch -ex 'shell rm -rf src' ./a.out", "FS001"),
    ("dc -e '!rm -rf src'", "FS001"),
    ("python3", "UNK101"),
    ("psql -h db app", "UNK101"),
    ("sqlite3 app.db", "UNK101"),
    ("CLAUDE_CONFIG_DIR=/tmp/empty claude -p 'clean up src'", "SELF044"),
    ("claude -p x --settings '{\"disableAllHooks\":true}'", "SELF046"),
    ("claude --dangerously-skip-permissions -p 'rm -rf src'", "SELF041"),
    ("HOME=/tmp/empty claude -p 'clean up'", "SELF042"),
    ("CODEX_HOME=/tmp/empty codex exec 'clean up'", "SELF045"),
    ("codex exec -c hooks.pre_tool_use=[] 'clean up'", "SELF046"),
    ("gemini -y -p 'delete src'", "SELF041"),
    ("npx @anthropic-ai/claude-code --dangerously-skip-permissions -p x", "SELF041"),
    ("tmux new-window -d 'python3 fake.py'", "SELF040"),
    ("tmux run-shell -b 'python3 fake.py'", "SELF040"),
    ("tmux -S /tmp/tmux-0/default new-window -d ./ap.sh", "SELF040"),
    ("screen -X screen python3 fake.py", "SELF048"),
])
def test_code_the_text_hides_asks(agentsh_bin, env, home, tmp_path, command, rule) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.py").write_text("x = 1\n")
    result = hook(agentsh_bin, "claude-code", payload("claude-code", command, tmp_path),
                  without_snapshots(env, home))
    assert stopped(result, rule), result.stderr
    assert (src / "a.py").exists()


@pytest.mark.parametrize("command", ["claude -p 'summarise the diff'", "codex exec 'write tests'",
                                     "tmux new -d -s dev 'npm run dev'",
                                     "tmux split-window -v -t workflow",
                                     "ssh -o ConnectTimeout=5 host uptime",
                                     "gdb -batch -ex bt ./a.out", "echo 'print(1)' | python3",
                                     "python3 -m pytest -q", "dc -e '2 3 + p'"])
def test_everyday_commands_stay_allowed(agentsh_bin, env, tmp_path, command) -> None:
    result = hook(agentsh_bin, "claude-code", payload("claude-code", command, tmp_path), env)
    assert result.returncode == 0 and not result.stdout.strip(), result.stderr


# ------------------------------------------------------------------ 5.1: grants bound to content


def test_a_session_grant_does_not_cover_a_rewritten_script(agentsh_bin, env, home,
                                                           tmp_path) -> None:
    """The person approves `./clean.sh` for the session; the agent rewrites it; it asks again."""
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify
    from agentsh.gate import grants

    env = without_snapshots(env, home)
    proj = tmp_path / "proj"
    (proj / "work" / "tmp").mkdir(parents=True)
    script = proj / "clean.sh"
    script.write_text("#!/bin/sh\nrm -rf work/tmp\n")
    script.chmod(0o755)
    policy = runtime.load_policy(str(proj), env)
    ctx = runtime.make_context(str(proj), env, actor="agent")
    verdict = classify("./clean.sh", policy, ctx)
    assert [f.rule for f in verdict.findings] == ["FS001"]
    data = payload("claude-code", "./clean.sh", proj)
    request = {"cmd": "./clean.sh", "cwd": str(proj), "pid": 1, "agent": "claude",
               "agent_id": grants.session_identity("claude-code", data["session_id"]),
               "findings": [{"rule": "FS001", "severity": "high", "decision": "confirm",
                             "message": "m", "span": [0, 10]}],
               "fingerprint": grants.fingerprint(verdict, ctx)}
    grants.add(env, request, None, 1, now=time.time())  # what the console writes on `s`
    assert hook(agentsh_bin, "claude-code", data, env).returncode == 0
    script.write_text("#!/bin/sh\nrm -rf ../proj\n")  # the agent's edit tool, or `printf >`
    assert stopped(hook(agentsh_bin, "claude-code", data, env), "FS001")
    assert script.exists()


@pytest.mark.parametrize("command", ["bc", "telnet localhost 9", "python3", "ed notes.txt"])
def test_a_repl_started_by_an_agent_asks_on_the_shell_route_too(agentsh_bin, env, tmp_path,
                                                                command) -> None:
    """`agentsh -c` (the fast path included): no terminal, CLAUDECODE=1, nobody to ask."""
    import subprocess

    result = subprocess.run([agentsh_bin, "-c", command], env={**env, "CLAUDECODE": "1"},
                            cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
                            timeout=30, start_new_session=True)
    assert result.returncode == 126 and b"UNK101" in result.stderr, result.stderr
