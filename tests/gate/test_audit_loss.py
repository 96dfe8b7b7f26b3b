"""The audit log notices loss (issue 12, item 8): its chain head is kept in a second place, so
`log --verify` reports a truncated log, a log replaced by a freshly chained one, a symbolic link
and a chain that restarted; bytes that are not UTF-8 are stored escaped and reading never fails.
Each tamper is done the way an agent would do it in one command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from agentsh.gate import audit


def run(agentsh_bin, args, env, cwd, **kw):
    return subprocess.run([agentsh_bin, *args], env=env, cwd=cwd, capture_output=True,
                          timeout=20, start_new_session=True, stdin=subprocess.DEVNULL, **kw)


def log_file(home: Path) -> Path:
    return home / ".local" / "state" / "agentsh" / "audit.jsonl"


@pytest.fixture
def agent_env(env):
    return {**env, "CLAUDECODE": "1"}


@pytest.fixture
def five_entries(agentsh_bin, agent_env, home, tmp_path) -> Path:
    for n in range(5):
        run(agentsh_bin, ["-c", f"echo {n}"], agent_env, tmp_path)
    assert run(agentsh_bin, ["log", "--verify"], agent_env, tmp_path).returncode == 0
    return log_file(home)


def verify(agentsh_bin, env, cwd) -> tuple[int, str]:
    result = run(agentsh_bin, ["log", "--verify"], env, cwd, text=True)
    return result.returncode, result.stdout


def bash(script: str, env, cwd) -> None:
    subprocess.run(["bash", "-c", script], env=env, cwd=cwd, check=True)


def test_truncation_by_head_and_mv_is_reported(agentsh_bin, agent_env, five_entries,
                                               tmp_path) -> None:
    bash(f"head -n 3 {five_entries} > {tmp_path}/tmp && mv {tmp_path}/tmp {five_entries}",
         agent_env, tmp_path)
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "truncated: 5 entries were written, 3 are left" in out
    assert "the file was replaced" in out


def test_truncation_in_place_is_reported(agentsh_bin, agent_env, five_entries, tmp_path) -> None:
    lines = five_entries.read_text().splitlines(keepends=True)
    with open(five_entries, "r+") as fh:  # the same file, shortened: no new inode
        fh.truncate(len("".join(lines[:2])))
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "truncated: 5 entries were written, 2 are left" in out


def test_a_rewritten_valid_chain_is_reported(agentsh_bin, agent_env, five_entries,
                                             tmp_path) -> None:
    forged = tmp_path / "forged.jsonl"
    for n in range(5):
        audit.append(str(forged), {"cmd": f"echo {n}", "decision": "allow"})
    problems = audit.verify(str(forged), heads=str(tmp_path / "no-heads"))
    assert len(problems) == 1 and "no head record" in problems[0]  # the chain itself is valid
    bash(f"mv {forged} {five_entries}", agent_env, tmp_path)
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "rewritten from the start" in out


def test_a_symlink_to_dev_null_is_reported_and_not_written_through(
        agentsh_bin, agent_env, five_entries, tmp_path) -> None:
    bash(f"rm {five_entries} && ln -s /dev/null {five_entries}", agent_env, tmp_path)
    ran = run(agentsh_bin, ["-c", "echo still-runs"], agent_env, tmp_path, text=True)
    assert ran.stdout == "still-runs\n" and "could not write the audit log" in ran.stderr
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "symbolic link" in out


def test_a_deleted_log_is_reported_and_the_next_entry_says_what_was_lost(
        agentsh_bin, agent_env, five_entries, tmp_path) -> None:
    five_entries.unlink()
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "missing, but 5 entries were written" in out
    run(agentsh_bin, ["-c", "echo again"], agent_env, tmp_path)
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "starts after entries that are missing" in out
    assert "written after entries were lost" in out


def test_a_chain_restarted_in_the_middle_is_reported(agentsh_bin, agent_env, five_entries,
                                                     tmp_path) -> None:
    forged = tmp_path / "forged.jsonl"
    audit.append(str(forged), {"cmd": "echo forged", "decision": "allow"})
    with open(five_entries, "a") as fh:
        fh.write(forged.read_text())
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and ":6: the chain starts again here" in out


def test_deleting_the_head_record_too_is_reported(agentsh_bin, agent_env, home, five_entries,
                                                  tmp_path) -> None:
    bash(f"rm -r {home}/.local/share/agentsh/audit-heads && head -n 3 {five_entries} > t && "
         f"mv t {five_entries}", agent_env, tmp_path)
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 78 and "no head record" in out


def test_bytes_that_are_not_utf8_are_stored_escaped_and_read_back(agentsh_bin, agent_env, home,
                                                                   tmp_path) -> None:
    subprocess.run([agentsh_bin, "-c", b"echo \xff \xfe-bytes"], env=agent_env, cwd=tmp_path,
                   capture_output=True, stdin=subprocess.DEVNULL, start_new_session=True)
    run(agentsh_bin, ["-c", "rm -rf ./x\udcff".encode("utf-8", "surrogateescape")], agent_env,
        tmp_path)
    raw = log_file(home).read_bytes()
    raw.decode("utf-8")  # every line is valid UTF-8
    assert b"\\udcff" in raw
    shown = run(agentsh_bin, ["log"], agent_env, tmp_path, text=True)
    assert shown.returncode == 0 and "bytes" in shown.stdout, shown.stderr
    assert run(agentsh_bin, ["log", "--json"], agent_env, tmp_path).returncode == 0
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 0, out
    entries = [json.loads(line) for line in raw.decode().splitlines()]
    assert entries[0]["cmd"] == "echo \udcff \udcfe-bytes"


def test_an_old_log_with_raw_bytes_still_reads_and_verifies(agentsh_bin, agent_env, home,
                                                            tmp_path) -> None:
    """Logs written before escaping held the raw bytes; reading them must not fail either."""
    from agentsh.gate import jsonl

    path = log_file(home)
    path.parent.mkdir(parents=True)
    body = '{"cmd": "echo \udcff", "decision": "allow", "prev": "' + audit.GENESIS + '"}'
    digest = jsonl.sha256()(body.encode("utf-8", "surrogatepass")).hexdigest()
    path.write_bytes((body[:-1] + f', "hash": "{digest}"}}\n').encode("utf-8", "surrogatepass"))
    assert run(agentsh_bin, ["log"], agent_env, tmp_path).returncode == 0
    assert audit.verify(str(path), heads=str(tmp_path / "none")) == [
        f"{path}: no head record in {tmp_path / 'none'}: entries cut from its end could not be "
        "noticed (the record was deleted, or no entry was written since agentsh started keeping "
        "it)"]


def test_verify_on_a_fresh_install_says_no_log_yet(agentsh_bin, agent_env, tmp_path) -> None:
    code, out = verify(agentsh_bin, agent_env, tmp_path)
    assert code == 0 and "no log yet" in out


def test_malformed_lines_do_not_stop_log(agentsh_bin, agent_env, five_entries, tmp_path) -> None:
    with open(five_entries, "a") as fh:
        fh.write('[1]\n{"findings": [1], "cmd": "x"}\n{"findings": "no"}\nnot json\n')
    shown = run(agentsh_bin, ["log", "--rule", "FS"], agent_env, tmp_path, text=True)
    assert shown.returncode == 0, shown.stderr
    assert run(agentsh_bin, ["log"], agent_env, tmp_path).returncode == 0
