"""The audit log: every decision recorded, secrets redacted, the hash chain verifies, and an
edited, removed or reordered entry is detected. Writing it never stops enforcement."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from agentsh.gate import audit


def run(agentsh_bin, args, env, cwd):
    return subprocess.run([agentsh_bin, *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=20, start_new_session=True,
                          stdin=subprocess.DEVNULL)


def log_file(home: Path) -> Path:
    return home / ".local" / "state" / "agentsh" / "audit.jsonl"


def test_every_decision_is_logged_and_verifies(agentsh_bin, env, home, tmp_path) -> None:
    run(agentsh_bin, ["-c", "echo hi"], env, tmp_path)
    run(agentsh_bin, ["-c", "rm -rf ./x"], env, tmp_path)
    run(agentsh_bin, ["-c", "rm -rf /"], env, tmp_path)
    entries = [json.loads(line) for line in log_file(home).read_text().splitlines()]
    assert [(e["decision"], e["outcome"]) for e in entries] == [
        ("allow", "allowed"), ("confirm", "no-channel"), ("deny", "denied")]
    assert entries[1]["findings"][0]["rule"] == "FS001"
    assert run(agentsh_bin, ["log", "--verify"], env, tmp_path).returncode == 0
    shown = run(agentsh_bin, ["log", "--rule", "FS"], env, tmp_path).stdout
    assert "rm -rf ./x" in shown and "echo hi" not in shown


@pytest.mark.parametrize("tamper", ["edit", "remove", "reorder"])
def test_tampering_is_detected(agentsh_bin, env, home, tmp_path, tamper) -> None:
    for n in range(4):
        run(agentsh_bin, ["-c", f"echo {n}"], env, tmp_path)
    path = log_file(home)
    lines = path.read_text().splitlines()
    if tamper == "edit":
        lines[1] = lines[1].replace('"echo 1"', '"echo 9"')
    elif tamper == "remove":
        del lines[2]
    else:
        lines[1], lines[2] = lines[2], lines[1]
    path.write_text("\n".join(lines) + "\n")
    result = run(agentsh_bin, ["log", "--verify"], env, tmp_path)
    assert result.returncode != 0 and path.name in result.stdout


def test_secrets_are_redacted() -> None:
    cases = {
        "curl -H 'Authorization: Bearer abc.def' https://x": "abc.def",
        "curl -u admin:hunter2 https://x": "hunter2",
        "psql postgres://app:s3cret@db/prod": "s3cret",
        "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123 gh api": "ghp_abcdefghij",
        "export API_KEY=zzz123": "zzz123",
        "echo sk-ant-abcdefghijklmnopqrstuvwx": "sk-ant-abcdefghijklmnop",
        "curl -H 'X-API-Key: k-999' https://x": "k-999",
    }
    for text, secret in cases.items():
        assert secret not in audit.redact(text), text


def test_an_unwritable_log_warns_and_enforcement_goes_on(agentsh_bin, env, home, tmp_path):
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text('[settings]\naudit_log = "/proc/agentsh-cannot-write"\n')
    allowed = run(agentsh_bin, ["-c", "echo still-runs"], env, tmp_path)
    assert allowed.stdout == "still-runs\n" and "could not write the audit log" in allowed.stderr
    blocked = run(agentsh_bin, ["-c", "rm -rf ./x"], env, tmp_path)
    assert blocked.returncode == 126


def test_entries_name_the_processes_that_asked(agentsh_bin, env, home, tmp_path) -> None:
    subprocess.run(["sh", "-c", f"{agentsh_bin} -c 'echo one'; {agentsh_bin} -c 'rm -rf ./x'"],
                   env=env, cwd=tmp_path, capture_output=True, stdin=subprocess.DEVNULL)
    entries = [json.loads(line) for line in log_file(home).read_text().splitlines()]
    assert len(entries) == 2
    for entry in entries:
        assert entry["ancestry"].startswith("sh(")


def test_syslog_forwarding(tmp_path, monkeypatch) -> None:
    import syslog

    sent = []
    monkeypatch.setattr(syslog, "syslog", lambda level, message: sent.append((level, message)))
    monkeypatch.setattr(syslog, "openlog", lambda *a, **k: None)
    heads = str(tmp_path / "heads")
    audit.write(str(tmp_path / "audit.jsonl"), {"decision": "confirm", "cmd": "rm -rf x"},
                stderr=None, syslog=True, heads=heads)
    assert sent and sent[-1][0] == syslog.LOG_WARNING and '"rm -rf x"' in sent[-1][1]
    assert audit.verify(str(tmp_path / "audit.jsonl"), heads=heads) == []
