"""Deletions of single files (FS053, docs/undo.md "Deletions of files"), live as an agent runs
them: a file that exists before the line and that the line did not make is kept in the trash
first (a hard link where it can be), the command runs without a person as it always did, and
`agentsh undo` brings the file back. Found by the lead's pass in session 30: `rm -f
~/Documents/thesis.docx`, `rm -f ~/notes/*` and `rm ~/backups/db.dump` ran with nothing kept,
while `echo x > ~/notes/a.md` (FS050) kept a copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.gate.snapshots.helpers import agent, audit_entries, person, trash_dir, undo_id

OLD = "the person's notes, written by hand\n"

FORMS = [
    ("rm", "rm notes.txt", ["notes.txt"]),
    ("rm-f", "rm -f notes.txt", ["notes.txt"]),
    ("unlink", "unlink notes.txt", ["notes.txt"]),
    ("rm-several", "rm -f notes.txt data.csv", ["notes.txt", "data.csv"]),
    ("rm-glob", "rm -f *.csv notes.*", ["notes.txt", "data.csv"]),
    ("cd-then-rm", "cd sub && rm deep.txt", ["sub/deep.txt"]),
    ("rm-in-home", "rm -f ~/Documents/thesis.docx", ["~/Documents/thesis.docx"]),
    ("rm-home-glob", "rm -f ~/notes/*", ["~/notes/a.md", "~/notes/b.md"]),
    ("rm-a-dump", "rm ~/backups/db.dump", ["~/backups/db.dump"]),
    # written in place first, then deleted: the copy of what was there is what comes back (a
    # hard link would hold what the write left)
    ("write-then-rm", "echo x > notes.txt && rm notes.txt", ["notes.txt"]),
    ("empty-then-rm", ": > notes.txt; rm -f notes.txt", ["notes.txt"]),
    # red-team s30 review: written in place by code or a tool the rules did not read as a
    # write, then deleted; or emptied through a second name in scratch space no rule copies
    ("python-r+-then-rm", "python3 -c 'open(\"notes.txt\", \"r+\").truncate()' && rm notes.txt",
     ["notes.txt"]),
    ("perl-+<-then-rm", "perl -e 'open(F, \"+<\", \"notes.txt\"); truncate(F, 0)' && rm notes.txt",
     ["notes.txt"]),
    ("perl-truncate-then-rm", "perl -e 'truncate(\"notes.txt\", 0)'; rm -f notes.txt",
     ["notes.txt"]),
    ("punch-hole-then-rm", "fallocate -p -o 0 -l 64 notes.txt && rm notes.txt", ["notes.txt"]),
    ("second-name-emptied", "mkdir -p build && ln notes.txt build/n && rm notes.txt && : > build/n",
     ["notes.txt"]),
]
NEEDS: dict[str, str] = {"perl-+<-then-rm": "perl", "perl-truncate-then-rm": "perl",
                         "punch-hole-then-rm": "fallocate"}


def victims(home: Path, proj: Path) -> None:
    (proj / "sub").mkdir(parents=True)
    for path in (proj / "notes.txt", proj / "data.csv", proj / "sub" / "deep.txt",
                 home / "Documents" / "thesis.docx", home / "notes" / "a.md",
                 home / "notes" / "b.md", home / "backups" / "db.dump"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(OLD)
        os.chmod(path, 0o640)


def where(name: str, home: Path, proj: Path) -> Path:
    return home / name[2:] if name.startswith("~/") else proj / name


@pytest.mark.parametrize("name, command, gone", FORMS, ids=[n for n, _, _ in FORMS])
def test_a_file_delete_runs_after_a_copy_and_undo_brings_it_back(
        agentsh_bin, env, home, tmp_path, name, command, gone) -> None:
    if name in NEEDS and not shutil.which(NEEDS[name]):
        pytest.skip(f"{NEEDS[name]} is not installed")
    proj = tmp_path / "proj"
    victims(home, proj)
    ran = agent(agentsh_bin, env, proj, command)
    assert ran.returncode == 0, ran.stderr
    assert "approval" not in ran.stderr, ran.stderr  # nothing asks that did not ask before
    for victim in gone:
        assert not where(victim, home, proj).exists(), (victim, ran.stderr)
    sid = undo_id(ran)
    assert audit_entries(home)[-1]["undo"] == sid
    undone = person(agentsh_bin, env, proj, "undo", sid)
    assert undone.returncode == 0, undone.stdout + undone.stderr
    for victim in gone:
        path = where(victim, home, proj)
        assert path.read_text() == OLD, victim
        assert oct(os.stat(path).st_mode & 0o777) == oct(0o640), victim


@pytest.mark.parametrize("command", [
    "rm -f build/out.txt", "rm -f app.log", "rm -f /tmp/agentsh-fs053-{pid}",
    "echo x > fresh.txt && rm fresh.txt", "rm -f missing.txt", "mkdir d && touch d/n && rm d/n",
    "rm -f *.tmp", "rm -f ~/notes/*.bak", "rm -f sub",
])
def test_nothing_is_kept_for_scratch_build_output_logs_new_or_missing_files(
        agentsh_bin, env, home, tmp_path, command) -> None:
    proj = tmp_path / "proj"
    victims(home, proj)
    (proj / "build").mkdir()
    (proj / "build" / "out.txt").write_text("generated\n")
    (proj / "app.log").write_text("log\n")
    scratch = Path(f"/tmp/agentsh-fs053-{os.getpid()}")
    scratch.write_text("scratch\n")
    try:
        ran = agent(agentsh_bin, env, proj, command.format(pid=os.getpid()))
    finally:
        scratch.unlink(missing_ok=True)
    assert ran.returncode == (1 if command == "rm -f sub" else 0), ran.stderr  # rm's own error
    assert "agentsh undo" not in ran.stderr, ran.stderr
    trash = trash_dir(home)
    assert not trash.exists() or not [p for p in trash.iterdir() if not p.name.startswith(".")]


def test_a_file_that_cannot_be_kept_asks_instead_of_running(agentsh_bin, env, home,
                                                           tmp_path) -> None:
    """Fail closed: over the snapshot's copy limit (another file system, or the trash full),
    the delete is not run with nothing kept; with no person, it is refused."""
    proj = tmp_path / "proj"
    victims(home, proj)
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True, exist_ok=True)
    (config / "rules.toml").write_text("[settings.snapshots]\nmax_files = 0\n")
    ran = agent(agentsh_bin, env, proj, "rm -f ~/Documents/thesis.docx")
    assert ran.returncode == 126, ran.stderr
    assert (home / "Documents" / "thesis.docx").read_text() == OLD


def test_a_second_name_written_on_a_later_line_does_not_reach_the_kept_file(
        agentsh_bin, env, home, tmp_path) -> None:
    """`ln notes.txt build/n`, `rm notes.txt`, `: > build/n` as three lines (red-team s30
    review): the kept hard link was the same file as build/n, and undo brought back nothing."""
    proj = tmp_path / "proj"
    victims(home, proj)
    (proj / "build").mkdir()
    assert agent(agentsh_bin, env, proj, "ln notes.txt build/n").returncode == 0
    ran = agent(agentsh_bin, env, proj, "rm notes.txt")
    assert ran.returncode == 0, ran.stderr
    assert agent(agentsh_bin, env, proj, ": > build/n").returncode == 0
    undone = person(agentsh_bin, env, proj, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stdout + undone.stderr
    assert (proj / "notes.txt").read_text() == OLD
