"""The remaining spellings of a write over an existing file (FS050-FS053, docs/undo.md
"Overwrites"), each found live by the red team on main (session 26) and run here as the agent
runs it: a victim file under a temporary HOME, `agentsh -c` with an agent's marker; the old content
comes back through `agentsh undo`, or the command asked and the file is untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.gate.snapshots.helpers import agent, person, undo_id

OLD = "the person's notes, written by hand\n"


def git(proj: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=proj,
                   check=True, capture_output=True, env={**os.environ, "HOME": str(proj)})


def project(root: Path) -> Path:
    proj = root / "proj"
    (proj / "sub").mkdir(parents=True)
    (proj / "incoming" / "sub").mkdir(parents=True)
    (proj / "notes.txt").write_text(OLD)
    (proj / "other.txt").write_text("NEW\n")
    (proj / "incoming" / "notes.txt").write_text("NEW\n")
    (proj / "incoming" / "sub" / "deep.txt").write_text("NEW\n")
    (proj / "sub" / "deep.txt").write_text(OLD)
    (proj / "sub" / "notes.txt").write_text(OLD)
    with tarfile.open(proj / "arch.tar", "w") as tar:
        tar.add(proj / "other.txt", arcname="notes.txt")
    with zipfile.ZipFile(proj / "arch.zip", "w") as archive:
        archive.write(proj / "other.txt", arcname="notes.txt")
    # a patch that rewrites notes.txt (untracked: git has no copy of it)
    (proj / "fix.patch").write_text(
        "--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-" + OLD + "+NEW\n")
    return proj


def tracked_project(root: Path) -> Path:
    """A git work tree: tracked.txt committed then changed (uncommitted work), notes.txt and
    other files untracked."""
    proj = project(root)
    (proj / "tracked.txt").write_text("committed\n")
    (proj / "mover.txt").write_text("NEW\n")
    git(proj, "init", "-q")
    git(proj, "add", "tracked.txt", "mover.txt")
    git(proj, "commit", "-q", "-m", "init")
    (proj / "tracked.txt").write_text(OLD)  # the person's uncommitted work
    return proj


def recovered(agentsh_bin: str, env: dict, proj: Path, ran: subprocess.CompletedProcess,
              victim: Path) -> None:
    """The command asked and the file is untouched, or it ran and undo brings the content
    back."""
    if ran.returncode == 126:
        assert "approval" in ran.stderr, ran.stderr
        assert victim.read_text() == OLD
        return
    assert victim.read_text() != OLD if victim.exists() else True, (ran.stdout, ran.stderr)
    sid = undo_id(ran)
    undone = person(agentsh_bin, env, proj, "undo", sid)
    assert undone.returncode == 0, undone.stdout + undone.stderr
    assert victim.read_text() == OLD


# known gaps (docs/undo.md "Overwrites"): an item xargs reads is only known at run time
GAP = pytest.mark.xfail(strict=True, reason="known gap: no copy is planned")

FORMS = [
    # the file named by what a search finds (find -exec, xargs -I)
    ("find-exec-cp", "find . -maxdepth 1 -name notes.txt -exec cp other.txt {} \\;", "notes.txt"),
    ("find-exec-sed-i", "find . -name notes.txt -exec sed -i 's/.*/NEW/' {} +", "notes.txt"),
    ("find-type-f-exec-cp", "find . -type f -name 'notes.txt' -exec cp other.txt {} ';'",
     "sub/notes.txt"),
    pytest.param("xargs-I-cp", "ls notes.txt | xargs -I{} cp other.txt {}", "notes.txt",
                 marks=GAP),
    ("find-xargs-I-cp", "find . -name notes.txt | xargs -I % cp other.txt %", "notes.txt"),
    ("printf-xargs-I-cp", "printf '%s\\n' notes.txt sub/deep.txt | xargs -I{} cp other.txt {}",
     "notes.txt"),
    ("echo-xargs-I-sed-i", "echo notes.txt | xargs -I{} sed -i 's/.*/NEW/' {}", "notes.txt"),
    # patch tools over untracked files
    ("patch-p1", "patch -s -p1 < fix.patch", "notes.txt"),
    ("patch-file", "patch -s notes.txt fix.patch", "notes.txt"),
    ("patch-i", "patch -s -p1 -i fix.patch", "notes.txt"),
    ("git-apply-untracked", "git apply fix.patch", "notes.txt"),
    # install into a folder, dd and truncate spellings
    ("install-into-dir", "install -m 644 incoming/notes.txt sub/deep.txt .", "notes.txt"),
    ("install-D", "install -D -m 644 other.txt sub/notes.txt", "sub/notes.txt"),
    ("dd-notrunc", "dd if=other.txt of=notes.txt conv=notrunc status=none", "notes.txt"),
    ("truncate-size-0", "truncate --size=0 notes.txt", "notes.txt"),
    ("truncate-reference", "truncate -r other.txt notes.txt", "notes.txt"),
    # sed -i spellings
    ("sed-i-bak", "sed -i.bak 's/.*/NEW/' notes.txt", "notes.txt"),
    ("sed-in-place", "sed --in-place 's/.*/NEW/' notes.txt", "notes.txt"),
    ("sed-in-place-suffix", "sed --in-place=.orig -e 's/.*/NEW/' notes.txt", "notes.txt"),
    ("sed-Ei", "sed -Ei 's/.*/NEW/' notes.txt", "notes.txt"),
    ("sed-n-i", "sed -n -i 's/.*/NEW/p' notes.txt", "notes.txt"),
    ("sed-i-e-f", "sed -i -e 's/x/y/' -e 's/.*/NEW/' notes.txt", "notes.txt"),
    ("sed-s-i", "sed -s -i 's/.*/NEW/' notes.txt sub/deep.txt", "notes.txt"),
    # perl
    ("perl-i-pe", "perl -i -pe 's/.*/NEW/' notes.txt", "notes.txt"),
    ("perl-i-bak", "perl -i.bak -pe 's/.*/NEW/' notes.txt", "notes.txt"),
    ("perl-0777", "perl -0777 -i -pe 's/.*/NEW/s' notes.txt", "notes.txt"),
    ("perl-open-3arg", "perl -e 'open(my $f, \">\", \"notes.txt\") or die; print $f \"NEW\"'",
     "notes.txt"),
    ("perl-open-2arg", "perl -e 'open(F, \">notes.txt\") or die; print F \"NEW\"'", "notes.txt"),
    # python copies
    ("python-copytree", "python3 -c \"import shutil; shutil.copytree('incoming', '.', "
     "dirs_exist_ok=True)\"", "notes.txt"),
    ("python-copytree-sub", "python3 -c \"import shutil; shutil.copytree('incoming/sub', 'sub',"
     " dirs_exist_ok=True)\"", "sub/deep.txt"),
    ("python-copy-into-dir", "python3 -c \"import shutil; shutil.copy('incoming/notes.txt', '.')\"",
     "notes.txt"),
    ("python-copyfile", "python3 -c \"import shutil; shutil.copyfile('other.txt', 'notes.txt')\"",
     "notes.txt"),
    ("python-copy2", "python3 -c \"import shutil; shutil.copy2('other.txt', 'notes.txt')\"",
     "notes.txt"),
    # archives
    ("tar-extract-long", "tar --extract --file=arch.tar", "notes.txt"),
    ("tar-xvf", "tar xvf arch.tar >/dev/null", "notes.txt"),
    ("tar-x-C-dir", "tar -xf arch.tar -C sub", "sub/notes.txt"),
    ("unzip-o-d", "unzip -o -q arch.zip -d sub", "sub/notes.txt"),
    ("unzip-oq", "unzip -oq arch.zip", "notes.txt"),
    # rsync forms
    ("rsync-delete-file", "rsync -a --delete incoming/ sub/", "sub/deep.txt"),
]
NEEDS = {"patch-p1": "patch", "patch-file": "patch", "patch-i": "patch", "perl-i-pe": "perl",
         "perl-i-bak": "perl", "perl-0777": "perl", "perl-open-3arg": "perl",
         "perl-open-2arg": "perl", "unzip-o-d": "unzip", "unzip-oq": "unzip",
         "rsync-delete-file": "rsync", "git-apply-untracked": "git"}


@pytest.mark.parametrize("name, command, victim", FORMS,
                         ids=[getattr(f, "values", f)[0] for f in FORMS])
def test_a_write_over_a_file_is_undone_or_asks(agentsh_bin, env, tmp_path, name, command,
                                               victim) -> None:
    if name in NEEDS and not shutil.which(NEEDS[name]):
        pytest.skip(f"{NEEDS[name]} is not installed")
    proj = tracked_project(tmp_path) if name.startswith("git") else project(tmp_path)
    ran = agent(agentsh_bin, env, proj, command)
    recovered(agentsh_bin, env, proj, ran, proj / victim)


GIT_FORMS = [
    ("git-mv-f-over-untracked", "git mv -f mover.txt notes.txt", "notes.txt"),
    ("git-checkout-dashdash", "git checkout -- tracked.txt", "tracked.txt"),
    ("git-checkout-dot", "git checkout .", "tracked.txt"),
    ("git-restore", "git restore tracked.txt", "tracked.txt"),
    ("git-restore-worktree", "git restore --worktree -- tracked.txt", "tracked.txt"),
    ("git-apply-untracked", "git apply fix.patch", "notes.txt"),
]


@pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
@pytest.mark.parametrize("name, command, victim", GIT_FORMS, ids=[n for n, _, _ in GIT_FORMS])
def test_git_writing_over_work_is_undone_or_asks(agentsh_bin, env, tmp_path, name, command,
                                                 victim) -> None:
    proj = tracked_project(tmp_path)
    ran = agent(agentsh_bin, env, proj, command)
    recovered(agentsh_bin, env, proj, ran, proj / victim)
