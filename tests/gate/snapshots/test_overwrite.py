"""Writes over existing files (FS050, docs/undo.md "Overwrites"), live as an agent runs them: the
file the line did not make is copied into the trash first, the command runs without a person as
it always did, and `agentsh undo` brings the old content back. Nothing is saved for appends, for
files the line makes, or for files that do not exist; when the copy cannot be made, a person
decides (fail closed)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.gate.snapshots.helpers import agent, audit_entries, person, trash_dir, undo_id, user_rules

OLD = "the person's notes, written by hand\n"
NEW = "NEW"

FORMS = [
    ("redirect", "echo NEW > notes.txt"),
    ("noclobber-redirect", "printf NEW >| notes.txt"),
    ("redirect-both-streams", "echo NEW &> notes.txt"),
    ("cat-redirect", "cat other.txt > notes.txt"),
    ("cd-then-redirect", "cd sub && cd .. && echo NEW > notes.txt"),
    ("heredoc", "cat > notes.txt <<'EOF'\nNEW\nEOF"),
    ("cp", "cp other.txt notes.txt"),
    ("mv", "mv other.txt notes.txt"),
    ("install", "install -m 644 other.txt notes.txt"),
    ("rsync", "rsync other.txt notes.txt"),
    ("dd", "dd if=other.txt of=notes.txt status=none"),
    ("tee", "echo NEW | tee notes.txt"),
    ("sed-i", "sed -i 's/.*/NEW/' notes.txt"),
    ("perl-pi", "perl -pi -e 's/.*/NEW/' notes.txt"),
    ("truncate", "truncate -s 1 notes.txt"),
    ("curl-o", "curl -s -o notes.txt file://{here}/other.txt"),
    ("wget-O", "wget -q -O notes.txt http://127.0.0.1:9/x || true"),
    ("python-open", "python3 -c \"open('notes.txt', 'w').write('NEW')\""),
    ("python-write-text",
     "python3 -c \"from pathlib import Path; Path('notes.txt').write_text('NEW')\""),
    ("python-os-replace", "python3 -c \"import os; os.replace('other.txt', 'notes.txt')\""),
    ("python-shutil-copy", "python3 -c \"import shutil; shutil.copy('other.txt', 'notes.txt')\""),
    ("node-writeFileSync", "node -e \"require('fs').writeFileSync('notes.txt', 'NEW')\""),
    ("tar-x", "tar xf arch.tar"),
    ("tar-x-into", "tar -xzf arch.tgz -C ."),
    ("unzip-o", "unzip -o -q arch.zip"),
    ("tar-x-from-a-redirect", "tar -x -C . < arch.tar"),
    # a path through `..` or a link named like scratch space lands on the file itself
    # (lead's red-team pass, session 24: each ran with no copy)
    ("dotdot-redirect", "echo NEW > sub/../notes.txt"),
    ("dotdot-sed-i", "sed -i 's/.*/NEW/' sub/../notes.txt"),
    ("link-named-like-a-log", "ln -sf notes.txt x.log && echo NEW > x.log"),
    ("link-in-build-output", "mkdir -p build && ln -s ../notes.txt build/n && echo NEW > build/n"),
    # laundering: the file moved by the line into an exempt name first, written over there and
    # moved back (red team, stop 24: each ran with no copy); the copy is of where it was
    ("launder-through-a-log-name", "mv notes.txt x.log && echo NEW > x.log && mv x.log notes.txt"),
    ("launder-through-build-output",
     "mkdir -p build && mv notes.txt build/n && echo NEW > build/n && mv build/n notes.txt"),
    ("launder-through-tmp", "mv notes.txt {tmp} && echo NEW > {tmp} && mv {tmp} notes.txt"),
    ("launder-in-a-moved-folder", "mv notes.txt sub/ && mkdir -p build && mv sub build/s && "
     "sed -i 's/.*/NEW/' build/s/notes.txt && mv build/s/notes.txt notes.txt"),
    ("launder-renamed-twice", "mv notes.txt a.log && mv a.log b.log && cp other.txt b.log && "
     "mv b.log notes.txt"),
    # a link made over the file replaces it (the undo gives the name back, never writing
    # through the new link into other.txt)
    ("hard-link-over", "ln -f other.txt notes.txt"),
    ("symlink-over", "ln -sf other.txt notes.txt"),
    ("cp-link-over", "cp -lf other.txt notes.txt"),
    ("cp-symlink-over", "cp -sf {here}/other.txt notes.txt"),
    ("mv-f", "mv -f other.txt notes.txt"),
    ("cp-remove-destination", "cp --remove-destination other.txt notes.txt"),
    ("install-T", "install -T other.txt notes.txt"),
    # tools that write a file named by an option, the last word, or the operand's name
    ("gunzip-f", "gunzip -f notes.txt.gz"),
    ("gzip-dkf", "gzip -dkf notes.txt.gz"),
    ("unxz-f", "unxz -f notes.txt.xz"),
    ("bunzip2-f", "bunzip2 -f notes.txt.bz2"),
    ("python-m-json-tool", "python3 -m json.tool data.json notes.txt"),
    ("openssl-out", "openssl enc -base64 -in other.txt -out notes.txt"),
    # code that opens the file for writing (a copy where it exists; a new file costs nothing)
    ("python-open-wb", "python3 -c \"open('notes.txt', 'wb').write(b'NEW')\""),
    ("python-io-open", "python3 -c \"import io; io.open('notes.txt', 'w').write(u'NEW')\""),
    ("python-os-open-trunc", "python3 -c \"import os; fd = os.open('notes.txt', "
     "os.O_WRONLY | os.O_TRUNC); os.write(fd, b'NEW')\""),
    ("python-json-dump", "python3 -c \"import json; json.dump([1], open('notes.txt', 'w'))\""),
    ("python-heredoc",
     "python3 - <<'EOF'\nwith open('notes.txt', 'w') as fh:\n    fh.write('NEW')\nEOF"),
    ("node-createWriteStream", "node -e \"const s = require('fs').createWriteStream('notes.txt');"
     " s.end('NEW')\""),
    # a folder copied over another: no file named in the text (the gate compares the trees)
    ("cp-r-folder-content", "cp -r incoming/. ."),
    ("cp-rT", "cp -rT incoming ."),
    ("cp-a-folder-content", "cp -a incoming/. ./"),
    ("rsync-a-folder", "rsync -a incoming/ ./"),
]
NEEDS = {"rsync": "rsync", "curl-o": "curl", "wget-O": "wget", "perl-pi": "perl",
         "node-writeFileSync": "node", "unzip-o": "unzip", "gunzip-f": "gunzip",
         "gzip-dkf": "gzip", "unxz-f": "unxz", "bunzip2-f": "bunzip2", "openssl-out": "openssl",
         "rsync-a-folder": "rsync", "node-createWriteStream": "node"}


def project(root: Path) -> Path:
    proj = root / "proj"
    (proj / "sub").mkdir(parents=True)
    (proj / "notes.txt").write_text(OLD)
    os.chmod(proj / "notes.txt", 0o640)
    (proj / "other.txt").write_text("NEW\n")
    with tarfile.open(proj / "arch.tar", "w") as tar:  # an archive that holds notes.txt
        tar.add(proj / "other.txt", arcname="notes.txt")
    with tarfile.open(proj / "arch.tgz", "w:gz") as tar:  # compressed: tar -t reads it too
        tar.add(proj / "other.txt", arcname="./notes.txt")
    with tarfile.open(proj / "fresh.tar", "w") as tar:  # one whose member is new
        tar.add(proj / "other.txt", arcname="brand-new.txt")
    with zipfile.ZipFile(proj / "arch.zip", "w") as archive:
        archive.write(proj / "other.txt", arcname="notes.txt")
    for suffix, module in ((".gz", gzip), (".xz", lzma), (".bz2", bz2)):  # notes.txt, packed
        (proj / f"notes.txt{suffix}").write_bytes(module.compress(b"NEW\n"))
    (proj / "data.json").write_text('{"a": 1}')
    (proj / "incoming" / "sub").mkdir(parents=True)  # a folder whose files land on the project's
    (proj / "incoming" / "notes.txt").write_text("NEW\n")
    (proj / "incoming" / "sub" / "deep.txt").write_text("NEW\n")
    (proj / "sub" / "deep.txt").write_text(OLD)
    return proj


def saved_ids(home: Path) -> list[str]:
    trash = trash_dir(home)
    return sorted(p.name for p in trash.iterdir() if not p.name.startswith(".")) \
        if trash.exists() else []


@pytest.mark.parametrize("name, command", FORMS, ids=[n for n, _ in FORMS])
def test_an_overwrite_runs_after_a_copy_and_undo_brings_the_old_content_back(
        agentsh_bin, env, home, tmp_path, name, command) -> None:
    if name in NEEDS and not shutil.which(NEEDS[name]):
        pytest.skip(f"{NEEDS[name]} is not installed")
    proj = project(tmp_path)
    scratch = f"/tmp/agentsh-test-{os.getpid()}-{name}"
    ran = agent(agentsh_bin, env, proj, command.format(here=proj, tmp=scratch))
    assert "approval" not in ran.stderr, ran.stderr  # nothing asks that did not ask before
    assert (proj / "notes.txt").read_text() != OLD, (ran.stdout, ran.stderr)
    sid = undo_id(ran)
    assert audit_entries(home)[-1]["undo"] == sid
    undone = person(agentsh_bin, env, proj, "undo", sid)
    assert undone.returncode == 0, undone.stdout + undone.stderr
    assert (proj / "notes.txt").read_text() == OLD
    assert oct(os.stat(proj / "notes.txt").st_mode & 0o777) == oct(0o640)
    assert not (proj / "notes.txt").is_symlink()
    if (proj / "other.txt").exists():  # an undo never writes through a link into another file
        assert (proj / "other.txt").read_text() == "NEW\n"


@pytest.mark.parametrize("command", ["cp -r incoming/. .", "rsync -a incoming/ ./"])
def test_a_folder_copied_over_another_keeps_each_file_it_replaces(
        agentsh_bin, env, home, tmp_path, command) -> None:
    if command.startswith("rsync") and not shutil.which("rsync"):
        pytest.skip("rsync is not installed")
    proj = project(tmp_path)
    ran = agent(agentsh_bin, env, proj, command)
    assert (proj / "sub" / "deep.txt").read_text() == "NEW\n", ran.stderr
    manifest = json.loads((trash_dir(home) / undo_id(ran) / "manifest.json").read_text())
    assert sorted(i["path"] for i in manifest["items"]) == \
        [str(proj / "notes.txt"), str(proj / "sub" / "deep.txt")]  # only what it replaces
    assert person(agentsh_bin, env, proj, "undo", undo_id(ran)).returncode == 0
    assert (proj / "sub" / "deep.txt").read_text() == OLD
    assert (proj / "notes.txt").read_text() == OLD


def test_rsync_delete_over_a_folder_is_undone_without_force(agentsh_bin, env, home,
                                                             tmp_path) -> None:
    """FS014 saves the destination whole, FS052 the files rsync replaces: the undo writes
    them back without `--force` (they changed because of the command, as the copies say)."""
    if not shutil.which("rsync"):
        pytest.skip("rsync is not installed")
    proj = project(tmp_path)
    (proj / "dst" / "sub").mkdir(parents=True)
    (proj / "dst" / "notes.txt").write_text(OLD)
    (proj / "dst" / "sub" / "deep.txt").write_text(OLD)
    (proj / "dst" / "keep.txt").write_text(OLD)
    ran = agent(agentsh_bin, env, proj, "rsync -a --delete incoming/ dst/")
    assert not (proj / "dst" / "keep.txt").exists(), ran.stderr
    undone = person(agentsh_bin, env, proj, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stdout + undone.stderr
    for name in ("notes.txt", "sub/deep.txt", "keep.txt"):
        assert (proj / "dst" / name).read_text() == OLD, name


def test_a_source_folder_too_large_to_compare_asks(tmp_path, monkeypatch) -> None:
    from agentsh.gate.snapshots import files, take

    (tmp_path / "src").mkdir()
    (tmp_path / "dst").mkdir()
    for n in range(5):
        (tmp_path / "src" / f"f{n}").write_text("x")
    (tmp_path / "dst" / "f1").write_text("old")
    assert take._overlaid(str(tmp_path / "dst"), str(tmp_path / "src")) == \
        [str(tmp_path / "dst" / "f1")]
    monkeypatch.setattr(take, "OVERLAY_LIMIT", 3)
    with pytest.raises(files.Refused):
        take._overlaid(str(tmp_path / "dst"), str(tmp_path / "src"))


def test_trash_list_shows_what_wrote_over_the_file(agentsh_bin, env, home, tmp_path) -> None:
    proj = project(tmp_path)
    ran = agent(agentsh_bin, env, proj, "cp other.txt notes.txt")
    listed = person(agentsh_bin, env, proj, "trash", "list")
    assert undo_id(ran) in listed.stdout and "cp other.txt notes.txt" in listed.stdout
    manifest = json.loads((trash_dir(home) / undo_id(ran) / "manifest.json").read_text())
    assert [(i["kind"], i["path"]) for i in manifest["items"]] == \
        [("copy", str(proj / "notes.txt"))]


@pytest.mark.parametrize("command", [
    "echo more >> notes.txt",  # an append loses nothing
    "echo a > fresh.txt && echo b > fresh.txt",  # the line made it
    "echo a > new.txt",  # nothing was there
    "echo a > /dev/null; ls > /dev/null 2>&1",
    "mkdir -p out && echo a > out/x.txt",
    "echo a > build.log",  # logs and build output, as FS020 exempts them
    "tar xf fresh.tar",  # an archive whose members are all new
    "tar xf no-such.tar 2>/dev/null; true",  # no archive, nothing extracted
    "python3 -c \"import io; io.open('new.txt', 'w').write(u'x')\"",  # code makes a new file
    "python3 -c \"open('new.bin', 'wb').write(b'x')\"",
    "cp -r sub/. fresh-copy/ 2>/dev/null; mkdir -p d && cp -r sub/. d/",  # nothing there yet
])
def test_nothing_is_saved_where_nothing_is_lost(agentsh_bin, env, home, tmp_path,
                                                command) -> None:
    proj = project(tmp_path)
    (proj / "build.log").write_text("old log\n")
    ran = agent(agentsh_bin, env, proj, command)
    assert ran.returncode == 0, ran.stderr
    assert "agentsh" not in ran.stderr and saved_ids(home) == []


def test_a_fifo_is_written_with_no_copy(agentsh_bin, env, home, tmp_path) -> None:
    proj = project(tmp_path)
    os.mkfifo(proj / "pipe")
    reader = subprocess.Popen(["cat", str(proj / "pipe")], stdout=subprocess.PIPE)
    ran = agent(agentsh_bin, env, proj, "echo through > pipe")
    assert reader.communicate(timeout=30)[0] == b"through\n"
    assert ran.returncode == 0 and saved_ids(home) == [], ran.stderr


def asked(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 126 and "needs a person's approval" in result.stderr


def test_a_copy_over_the_copy_limit_asks(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\nmax_copy_bytes = 4096\n")
    proj = project(tmp_path)
    (proj / "app.db").write_bytes(b"z" * 10000)
    blocked = agent(agentsh_bin, env, proj, "cp other.txt app.db")
    assert asked(blocked), blocked.stderr
    assert (proj / "app.db").read_bytes() == b"z" * 10000
    entry = audit_entries(home)[-1]
    assert "max_copy_bytes" in entry["unrecoverable"] and entry["decision"] == "confirm"
    assert "FS050" in blocked.stderr and "no snapshot could stand in" in blocked.stderr
    # a small file still goes through
    assert agent(agentsh_bin, env, proj, "cp other.txt notes.txt").returncode == 0


def test_a_full_trash_asks(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\ntrash_bytes = 10\n")
    proj = project(tmp_path)
    blocked = agent(agentsh_bin, env, proj, "echo NEW > notes.txt")
    assert asked(blocked) and (proj / "notes.txt").read_text() == OLD


def test_an_unreadable_file_asks(agentsh_bin, env, home, tmp_path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file: the copy cannot fail for lack of permission")
    proj = project(tmp_path)
    os.chmod(proj / "notes.txt", 0o200)
    blocked = agent(agentsh_bin, env, proj, "echo NEW > notes.txt")
    os.chmod(proj / "notes.txt", 0o600)
    assert asked(blocked) and (proj / "notes.txt").read_text() == OLD


def test_a_symlink_into_the_system_asks(agentsh_bin, env, home, tmp_path) -> None:
    proj = project(tmp_path)
    os.symlink("/etc/hostname", proj / "host")
    blocked = agent(agentsh_bin, env, proj, "echo x > host")
    assert blocked.returncode == 126, blocked.stderr  # never written through unasked


def test_with_snapshots_off_an_overwrite_runs_as_before(agentsh_bin, env, home, tmp_path) -> None:
    user_rules(home, "[settings.snapshots]\nenabled = false\n")
    proj = project(tmp_path)
    ran = agent(agentsh_bin, env, proj, "echo NEW > notes.txt")
    assert ran.returncode == 0 and "agentsh" not in ran.stderr
    assert (proj / "notes.txt").read_text() == "NEW\n"


def test_a_hook_copies_then_answers_allow(agentsh_bin, env, home, tmp_path) -> None:
    proj = project(tmp_path)
    payload = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "session_id": "s1",
               "cwd": str(proj), "tool_input": {"command": "cp other.txt notes.txt"}}
    hooked = subprocess.run([agentsh_bin, "hook", "claude-code"], input=json.dumps(payload),
                            env=env, capture_output=True, text=True, start_new_session=True)
    assert hooked.returncode == 0 and hooked.stdout == "", hooked.stderr
    sid = undo_id(hooked)
    subprocess.run(["cp", "other.txt", "notes.txt"], cwd=proj, check=True)  # the agent runs it
    assert person(agentsh_bin, env, proj, "undo", sid).returncode == 0
    assert (proj / "notes.txt").read_text() == OLD


LEAN = """
import sys
from agentsh.engine import runtime
from agentsh.engine.classify import classify
from agentsh.gate.decide import answer_for
env = {"HOME": sys.argv[1], "CLAUDECODE": "1"}
policy = runtime.load_policy(sys.argv[1], env, use_cache=False)
open(sys.argv[1] + "/log.txt", "w").close()
for text in ("echo x > new.txt", "echo x >> log.txt", "ls > /dev/null"):
    verdict = classify(text, policy, runtime.make_context(sys.argv[1], env))
    assert answer_for(verdict, policy.settings, env, sys.argv[1]).approved
print(sorted(m for m in sys.modules if m.startswith(("agentsh.gate.snapshots",
                                                    "agentsh.engine.recovery"))))
"""


def test_a_redirect_to_a_new_file_loads_no_snapshot_code(tmp_path) -> None:
    """The cost of every redirect: a file that does not exist is no finding, no plan, and the
    snapshot code is never imported."""
    out = subprocess.run([sys.executable, "-c", LEAN, str(tmp_path)], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout == "[]\n", out.stderr
