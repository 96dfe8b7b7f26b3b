"""Helpers for the snapshot tests: running commands as an agent and as a person, reading the
trash and the audit log, and fingerprinting a tree."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest


def agent(agentsh_bin: str, env: dict[str, str], cwd: Path, command: str,
          **extra: str) -> subprocess.CompletedProcess:
    """`agentsh -c COMMAND` as an agent's shell tool runs it."""
    return subprocess.run([agentsh_bin, "-c", command], env={**env, "CLAUDECODE": "1", **extra},
                          cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          start_new_session=True, timeout=60)


def person(agentsh_bin: str, env: dict[str, str], cwd: Path, *args: str
           ) -> subprocess.CompletedProcess:
    """An agentsh subcommand a person runs (no agent marker, no terminal)."""
    return subprocess.run([agentsh_bin, *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, start_new_session=True, timeout=60)


def undo_id(result: subprocess.CompletedProcess) -> str:
    """The undo id the one-line note on stderr names."""
    for line in result.stderr.splitlines():
        if "agentsh undo " in line:
            return line.rsplit("agentsh undo ", 1)[1].strip()
    raise AssertionError(f"no undo id in {result.stderr!r}")


def user_rules(home: Path, text: str) -> None:
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True, exist_ok=True)
    (config / "rules.toml").write_text(text)


def audit_entries(home: Path) -> list[dict]:
    path = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def trash_dir(home: Path) -> Path:
    return home / ".local" / "share" / "agentsh" / "trash"


def fingerprint(root: Path, dir_times: bool = True) -> dict:
    """Everything about a tree that a restore must bring back: names as bytes, types, modes,
    owners, sizes, bytes, link targets, modification times, and which names share an inode.
    Without `dir_times`: folders the command only deleted from (their times changed, and only
    what was deleted is restored)."""
    out = {}
    inodes: dict[tuple[int, int], bytes] = {}
    base = os.fsencode(root)
    for here, dirs, files in os.walk(base):
        for name in dirs + files:
            path = os.path.join(here, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, base)
            item = [stat.filemode(st.st_mode), st.st_uid, st.st_gid]
            if stat.S_ISLNK(st.st_mode):
                item.append(os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as fh:
                    item += [fh.read(), st.st_mtime_ns, inodes.setdefault(
                        (st.st_dev, st.st_ino), rel)]
            elif stat.S_ISDIR(st.st_mode) and dir_times:
                item.append(st.st_mtime_ns)
            out[rel] = item
    return out


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (mount, chown)")
