"""The audit log's chain head record: rewritten in place at each entry (no rename, which makes
ext4 write the file out at every command), and never written through anything planted where it
is kept (a hard link to another file, a FIFO, a symbolic link)."""

from __future__ import annotations

import os
import signal

import pytest

from agentsh.gate import audit, audit_head


def entry(n: int) -> dict:
    return {"time": "t", "cmd": f"echo {n}", "decision": "allow", "outcome": "allowed",
            "findings": [], "channel": "policy"}


@pytest.fixture
def log(tmp_path):
    path = str(tmp_path / "audit.jsonl")
    heads = str(tmp_path / "heads")
    audit.append(path, entry(0), heads)
    return path, heads


def test_the_head_is_rewritten_in_place_and_reads_back(log) -> None:
    path, heads = log
    record = audit_head.head_path(path, heads)
    inode = os.stat(record).st_ino
    for n in range(1, 4):
        audit.append(path, entry(n), heads)
        assert os.stat(record).st_ino == inode
        assert os.path.getsize(record) == audit_head.WIDTH
        assert audit_head.read(path, heads).count == n + 1
    assert audit.verify(path, heads=heads) == []
    assert not [name for name in os.listdir(heads) if name.endswith(".tmp")]


def test_an_older_unpadded_record_is_replaced_whole(log) -> None:
    path, heads = log
    record = audit_head.head_path(path, heads)
    head = audit_head.read(path, heads)
    with open(record, "w", encoding="ascii") as fh:  # as agentsh wrote it before padding
        fh.write(f"{audit_head.MAGIC} 1 {head.count} {head.first} {head.last} {head.inode} "
                 f"{head.device}\n")
    audit.append(path, entry(1), heads)
    assert os.path.getsize(record) == audit_head.WIDTH
    assert audit_head.read(path, heads).count == 2
    assert audit.verify(path, heads=heads) == []


def test_a_hard_link_planted_as_the_head_is_not_written_through(log, tmp_path) -> None:
    path, heads = log
    record = audit_head.head_path(path, heads)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n".ljust(audit_head.WIDTH, b"#"))  # the record's very size
    os.unlink(record)
    os.link(victim, record)
    audit.append(path, entry(1), heads)
    assert victim.read_bytes() == b"precious\n".ljust(audit_head.WIDTH, b"#")
    assert audit_head.read(path, heads).count == 2


def test_a_symbolic_link_planted_as_the_head_is_not_followed(log, tmp_path) -> None:
    path, heads = log
    record = audit_head.head_path(path, heads)
    victim = tmp_path / "victim"
    victim.write_bytes(b"x" * audit_head.WIDTH)
    os.unlink(record)
    os.symlink(victim, record)
    audit.append(path, entry(1), heads)
    assert victim.read_bytes() == b"x" * audit_head.WIDTH
    assert not os.path.islink(record) and audit_head.read(path, heads).count == 2


def test_a_fifo_planted_as_the_head_does_not_hang_the_writer(log) -> None:
    path, heads = log
    record = audit_head.head_path(path, heads)
    os.unlink(record)
    os.mkfifo(record)
    previous = signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(10)
    try:
        audit.append(path, entry(1), heads)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert audit_head.read(path, heads).count == 2
