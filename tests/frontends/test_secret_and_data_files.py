"""Deleting keys and secrets through a glob, run as the agent would: `agentsh -c` with no
terminal, an agent's environment marker set, victims under a temporary home. `rm -f
~/.ssh/id_rsa` asks (FS023); `rm ~/.ssh/*` and `rm *` in a folder holding `server.key` delete the
same files, so they must ask too: a glob operand is judged by what it expands to here, and by
the places it could name when the files are not known (`check --batch`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env, run_as_agent, without_snapshots

VICTIMS = {
    ".ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
    ".ssh/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
    "proj/certs/server.key": "-----BEGIN PRIVATE KEY-----\n",
    "proj/.env": "TOKEN=secret\n",
}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    for rel, text in VICTIMS.items():
        path = home / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (home / "proj" / "certs" / "notes.txt").write_text("notes\n")
    (home / "proj" / "build.o").write_text("obj\n")
    (home / "keys").symlink_to(".ssh")
    return home


def run(agentsh_bin: str, command: str, home: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = clean_env(home, CLAUDECODE="1")
    return run_as_agent(agentsh_bin, command, cwd, env, timeout=30, text=True)


def lost(home: Path) -> list[str]:
    return [rel for rel, text in VICTIMS.items()
            if not (home / rel).is_file() or (home / rel).read_text() != text]


ATTACKS = [
    ("ssh-star", "rm ~/.ssh/*", "."),
    ("ssh-id-star", "rm -f ~/.ssh/id*", "."),
    ("cd-ssh-star", "cd ~/.ssh && rm -f *", "."),
    # started in the home itself: its dot-entries are not project files (ran unasked before)
    ("cd-ssh-name", "cd ~/.ssh && rm -f id_ed25519", "."),
    ("cd-dot-ssh-star", "cd .ssh && rm -f *", "."),
    ("cd-dot-ssh-loop", "cd .ssh && for f in id_*; do rm -f \"$f\"; done", "."),
    ("cd-linked-ssh-star", "cd keys && rm -f *", "."),  # keys -> .ssh, made before
    ("certs-star", "rm -f certs/*", "proj"),
    ("cd-certs-star", "cd certs; rm *", "proj"),
    ("absolute-star", "rm -f {home}/proj/certs/*", "."),
    ("question-marks", "rm -f certs/server.???", "proj"),
]


@pytest.mark.parametrize("name,command,where", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_a_glob_that_deletes_keys_asks(agentsh_bin: str, home: Path, name: str, command: str,
                                       where: str) -> None:
    done = run(agentsh_bin, command.format(home=home), home, home / where)
    assert done.returncode == 126, (done.returncode, done.stderr)
    assert lost(home) == []


@pytest.mark.parametrize("command", ["rm -f certs/*.txt", "rm -f *.o"])
def test_a_glob_that_names_no_key_runs(agentsh_bin: str, home: Path, command: str) -> None:
    done = run(agentsh_bin, command, home, home / "proj")
    assert done.returncode == 0, done.stderr
    assert lost(home) == []


def test_check_batch_judges_a_glob_by_the_places_it_could_name(agentsh_bin: str, home: Path) -> None:
    lines = "".join(json.dumps({"cmd": c}) + "\n" for c in ("rm ~/.ssh/*", "rm -f ~/.cache/pip/*"))
    done = subprocess.run([agentsh_bin, "check", "--batch", "--json"], input=lines, text=True,
                          capture_output=True, env=clean_env(home, CLAUDECODE="1"), cwd=home,
                          timeout=60)
    decisions = [json.loads(line)["decision"] for line in done.stdout.splitlines()]
    assert decisions == ["confirm", "allow"], done.stdout


DATABASES = ["rm -f data/prod.db", "unlink data/prod.db", "rm -f data/*.db",
             "cd data && rm prod.db"]


@pytest.mark.parametrize("command", DATABASES)
def test_deleting_a_database_file_asks_without_snapshots(agentsh_bin: str, home: Path,
                                                          command: str) -> None:
    db = home / "proj" / "data" / "prod.db"
    db.parent.mkdir()
    db.write_bytes(b"SQLite format 3\x00rows")
    env = without_snapshots(clean_env(home, CLAUDECODE="1"), home)
    done = subprocess.run([agentsh_bin, "-c", command], env=env, cwd=home / "proj",
                          capture_output=True, text=True, timeout=30, start_new_session=True,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 126, done.stderr
    assert db.read_bytes() == b"SQLite format 3\x00rows"


@pytest.mark.parametrize("command", DATABASES)
def test_deleting_a_database_file_runs_after_a_snapshot_and_undo_brings_it_back(
        agentsh_bin: str, home: Path, command: str) -> None:
    db = home / "proj" / "data" / "prod.db"
    db.parent.mkdir()
    db.write_bytes(b"SQLite format 3\x00rows")
    env = clean_env(home, CLAUDECODE="1")
    done = run(agentsh_bin, command, home, home / "proj")
    assert done.returncode == 0, done.stderr
    assert "agentsh undo" in done.stderr and not db.exists()
    undone = subprocess.run([agentsh_bin, "undo"], env=env, cwd=home / "proj", capture_output=True,
                            text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert undone.returncode == 0, undone.stderr
    assert db.read_bytes() == b"SQLite format 3\x00rows"
