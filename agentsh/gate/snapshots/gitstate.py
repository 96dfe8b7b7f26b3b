"""A repository's state before git discards work, and bringing it back.

Recording (`record`): the work tree and index as a commit made by `git stash create` (it touches
nothing), kept alive by a private ref `refs/agentsh/ID`; HEAD and the branch it names; what the
discarding command may write instead (the index, or a revision resolved to its tree); untracked
files the command may overwrite; or, for `git stash drop/clear`, the stash entries themselves.

Restoring (`plan_restore`, `restore`): a path goes back to what it held when the command leaves
it as the command would (still equal to the index or the revision it was reset to), or stays
as it is when it already holds the saved content; anything else was changed afterwards, and is
a conflict that only `--force` overwrites."""

from __future__ import annotations

import os
import stat
import subprocess

from agentsh.gate.snapshots.errors import GitError  # take imports this module lazily

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
GIT_TIMEOUT = 60



def git(where: str, *args: str, env: dict[str, str], data: bytes | None = None,
        check: bool = True) -> bytes:
    """Run git in `where` with hooks and fsmonitor off, literal pathspecs, no pager, no prompt."""
    run_env = {k: v for k, v in env.items() if not k.startswith("GIT_") or k in (
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CEILING_DIRECTORIES")}
    run_env.update(PATH=SAFE_PATH, GIT_TERMINAL_PROMPT="0", GIT_LITERAL_PATHSPECS="1",
                   GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    argv = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", *args]
    try:
        done = subprocess.run(argv, cwd=where, env=run_env, input=data, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]}: {exc}") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else done.returncode}")
    return done.stdout


def _line(out: bytes) -> str:
    return out.decode("utf-8", "surrogateescape").strip()


def _nul(out: bytes) -> list[str]:
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


# ------------------------------------------------------------------ recording


def record(snap, sid: str, env: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Record what `snap` (kind 'git') needs; returns the manifest record and the absolute paths
    of untracked files to save as well."""
    where = snap.path
    ref = f"refs/agentsh/{sid}"
    if snap.args[0] == "ref":
        return _record_ref(where, ref, snap.args[1], env), []
    top = _line(git(where, "rev-parse", "--show-toplevel", env=env))
    if snap.args[0] == "stash":
        return _record_stash(where, top, ref, snap.args[1], snap.args[2], env), []
    _op, verb, targets, paths = snap.args
    head = _line(git(where, "rev-parse", "--verify", "-q", "HEAD", env=env, check=False))
    if not head:
        raise GitError("the repository has no commit yet")
    head_ref = _line(git(where, "symbolic-ref", "-q", "HEAD", env=env, check=False))
    blind_spots(where, env)
    stash = _line(git(where, "stash", "create", env=env))
    index_tree = _line(git(where, "write-tree", env=env))
    work_tree = _line(git(where, "rev-parse", f"{stash}^{{tree}}", env=env)) if stash else \
        index_tree
    resolved: dict[str, str] = {}
    untracked: list[str] = []
    for target in targets:
        if target == "index":
            resolved["index"] = index_tree
            continue
        commit = _line(git(where, "rev-parse", "--verify", "-q", f"{target}^{{commit}}",
                           env=env, check=False))
        if not commit:
            continue  # not a revision: git reads it as a path
        resolved[target] = _line(git(where, "rev-parse", f"{commit}^{{tree}}", env=env))
        # untracked files the revision would write over
        there = set(_nul(git(where, "ls-tree", "-r", "-z", "--name-only", "--full-name", commit,
                             "--", *paths, env=env)))
        loose = _nul(git(where, "ls-files", "-z", "-o", "--exclude-standard", "--full-name",
                         "--", *paths, env=env))
        untracked += [p for p in loose if p in there]
    if not resolved:
        raise GitError("cannot tell what the command would write")
    git(where, "update-ref", "-m", f"agentsh snapshot {sid}", ref, stash or head, env=env)
    return {"op": "worktree", "verb": verb, "repo": top, "dir": where, "head": head,
            "head_ref": head_ref, "stash": stash, "index_tree": index_tree,
            "work_tree": work_tree, "targets": resolved, "paths": list(paths), "ref": ref,
            "moves_head": verb == "reset", "untracked": sorted(set(untracked))}, \
        [os.path.join(top, p) for p in sorted(set(untracked))]


def blind_spots(where: str, env: dict[str, str]) -> None:
    """`git stash create` records what git sees as changed; the discard overwrites files git
    does not look at too: assume-unchanged (`git ls-files -v`: a lower-case tag) and
    skip-worktree (`S`) entries, and every file under `core.ignoreStat`. The discarded edits
    would not be in the snapshot: raises GitError (a person decides)."""
    for key in ("core.ignoreStat",):
        value = _line(git(where, "config", "--type=bool", "--get", key, env=env, check=False))
        if value == "true":
            raise GitError(f"{key} is set: git does not see which files changed")
    listing = git(where, "ls-files", "-v", "-z", "--full-name", env=env)
    for item in listing.split(b"\0"):
        if item[:1].islower() or item[:2] == b"S ":
            raise GitError(f"git does not look at {os.fsdecode(item[2:])} (assume-unchanged "
                           "or skip-worktree): its edits would not be saved")


def _record_stash(where: str, top: str, ref: str, verb: str, which: str,
                  env: dict[str, str]) -> dict[str, Any]:
    listing = git(where, "log", "-g", "-z", "--format=%H%x01%gs", "refs/stash", env=env,
                  check=False)
    entries = [e.split("\x01", 1) for e in listing.decode("utf-8", "replace").split("\0")
               if "\x01" in e]
    dropped = list(range(len(entries)))
    if verb == "drop":
        sha = _line(git(where, "rev-parse", "--verify", "-q", which, env=env, check=False))
        dropped = [n for n, e in enumerate(entries) if e[0] == sha][:1]
    for n, (sha, _) in enumerate(entries):
        git(where, "update-ref", "-m", "agentsh snapshot", f"{ref}/{n}", sha, env=env)
    # every entry, newest first, and which of them the command drops
    return {"op": "stash", "repo": top, "dir": where, "entries": entries, "dropped": dropped,
            "refs": [f"{ref}/{n}" for n in range(len(entries))]}


def _record_ref(where: str, ref: str, name: str, env: dict[str, str]) -> dict[str, Any]:
    """`git update-ref NAME ...`: where NAME points now ("" when it does not exist), the commit
    kept alive by a private ref. No repository there yet (`git init` then `update-ref` in
    the same line): no ref to lose."""
    top = _line(git(where, "rev-parse", "--show-toplevel", env=env, check=False)) \
        if os.path.isdir(where) else ""
    if not top:
        return {"op": "ref", "repo": where, "dir": where, "values": [], "refs": []}
    old = _line(git(where, "rev-parse", "--verify", "-q", name, env=env, check=False))
    if old:
        git(where, "update-ref", "-m", "agentsh snapshot", f"{ref}/0", old, env=env)
    return {"op": "ref", "repo": top, "dir": where, "values": [[name, old]],
            "refs": [f"{ref}/0"] if old else []}


def drop_refs(rec: dict[str, Any], env: dict[str, str]) -> None:
    """Remove the private refs a record keeps (when its snapshot goes)."""
    refs = rec.get("refs") or ([rec["ref"]] if rec.get("ref") else [])
    for ref in refs:
        try:
            git(rec["repo"], "update-ref", "-d", ref, env=env, check=False)
        except GitError:
            pass


# ------------------------------------------------------------------ restoring


def overwritten(rec: dict[str, Any], env: dict[str, str]) -> set[str]:
    """Untracked files the command wrote over that still hold what it wrote: bringing them
    back is no conflict (they are saved as files, `files.conflicts` would call them newer)."""
    names = rec.get("untracked") or []
    if rec["op"] != "worktree" or not names:
        return set()
    live = _live(rec["repo"], names, env)
    out = set()
    for tree in rec["targets"].values():
        after = _entries(rec["repo"], tree, names, env)
        out |= {os.path.join(rec["repo"], n) for n in names if n in live and
                live[n] == after.get(n)}
    return out


class Plan:
    """What restoring one record would do, and what stands in its way."""

    def __init__(self) -> None:
        self.head: tuple[str, str] | None = None  # (to, from): move HEAD back
        self.write: list[str] = []  # paths (from the top) to write back from the saved tree
        self.delete: list[str] = []  # paths the saved tree did not have
        self.index: list[str] = []  # `git update-index --index-info` lines
        self.stash: list[tuple[str, str]] = []  # (sha, message) to store again, oldest first
        self.rebuild_stash = False  # clear the stash list first (to restore its order)
        self.refs: list[tuple[str, str, str]] = []  # (name, saved value, value now)
        self.conflicts: list[str] = []  # what changed after the command
        self.index_conflicts: list[str] = []


def plan_restore(rec: dict[str, Any], env: dict[str, str]) -> Plan:
    plan = Plan()
    top = rec["repo"]
    if rec["op"] == "ref":
        for name, old in rec["values"]:
            now = _line(git(top, "rev-parse", "--verify", "-q", name, env=env, check=False))
            if now != old:
                plan.refs.append((name, old, now))
        return plan
    if rec["op"] == "stash":
        present = _nul(git(top, "log", "-g", "-z", "--format=%H", "refs/stash", env=env,
                           check=False))
        entries = [tuple(e) for e in rec["entries"]]
        kept = [e[0] for n, e in enumerate(entries) if n not in rec["dropped"]]
        if present == kept:  # as the command left it: rebuilt in the original order
            plan.rebuild_stash = bool(present)
            plan.stash = list(reversed(entries))
        else:  # changed since: the dropped entries go back on top
            plan.stash = [e for n, e in reversed(list(enumerate(entries)))
                          if n in rec["dropped"] and e[0] not in present]
        return plan
    targets = rec["targets"]
    if rec["moves_head"]:
        current = _line(git(top, "rev-parse", "--verify", "-q", "HEAD", env=env, check=False))
        if current != rec["head"]:
            # moved by the command: the branch it named now holds one of the targets' trees
            branch = _line(git(top, "symbolic-ref", "-q", "HEAD", env=env, check=False))
            tree = _line(git(top, "rev-parse", "--verify", "-q", f"{current}^{{tree}}",
                             env=env, check=False))
            if branch == rec["head_ref"] and tree in targets.values():
                plan.head = (rec["head"], current)
            else:
                plan.conflicts.append("HEAD (it moved after the command)")
    saved_work, saved_index = rec["work_tree"], rec["index_tree"]
    expected = list(targets.values())
    where = rec["dir"] if os.path.isdir(rec["dir"]) else top
    candidates: set[str] = set()
    for tree in expected:
        for base in (saved_work, saved_index):
            candidates |= set(_nul(git(where, "diff-tree", "-r", "-z", "--name-only", base, tree,
                                       "--", *rec["paths"], env=env)))
    if not candidates:
        return plan
    names = sorted(candidates)
    work = _entries(top, saved_work, names, env)
    index = _entries(top, saved_index, names, env)
    after = [_entries(top, tree, names, env) for tree in expected]
    live = _live(top, names, env)
    staged = _staged(top, names, env)
    untracked = set(rec.get("untracked") or [])  # saved as files: restored as files
    for name in names:
        want, now = work.get(name), live.get(name)
        could = [a.get(name) for a in after]
        if now == want or name in untracked:
            pass
        elif now in could:
            (plan.write if want else plan.delete).append(name)
        else:
            plan.conflicts.append(os.path.join(top, name))
        want_i, now_i = index.get(name), staged.get(name)
        if now_i != want_i:
            if now_i in could:
                plan.index.append(f"{want_i[0]} {want_i[1]}\t{name}" if want_i else
                                  f"0 {'0' * 40}\t{name}")
            else:
                plan.index_conflicts.append(name)
    return plan


def _entries(top: str, tree: str, names: list[str], env: dict[str, str]
             ) -> dict[str, tuple[str, str]]:
    """path -> (mode, blob) in a tree, for these paths."""
    out = {}
    listing = git(top, "ls-tree", "-r", "-z", "--full-tree", tree, "--", *names, env=env)
    for item in listing.split(b"\0"):
        if not item:
            continue
        head, _, path = item.partition(b"\t")
        mode, _kind, sha = head.decode().split()
        out[os.fsdecode(path)] = (mode, sha)
    return out


def _staged(top: str, names: list[str], env: dict[str, str]) -> dict[str, tuple[str, str]]:
    out = {}
    for item in git(top, "ls-files", "-s", "-z", "--full-name", "--", *names,
                    env=env).split(b"\0"):
        if item:
            head, _, path = item.partition(b"\t")
            mode, sha, _stage = head.decode().split()
            out[os.fsdecode(path)] = (mode, sha)
    return out


def _live(top: str, names: list[str], env: dict[str, str]) -> dict[str, tuple[str, str]]:
    """path -> (mode, blob) of the work tree as git would record it (its filters applied)."""
    present, modes = [], {}
    for name in names:
        try:
            st = os.lstat(os.path.join(top, name))
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            modes[name] = "120000"
        elif stat.S_ISREG(st.st_mode):
            modes[name] = "100755" if st.st_mode & stat.S_IXUSR else "100644"
        else:
            continue
        present.append(name)
    if not present:
        return {}
    data = b"".join(os.fsencode(n) + b"\n" for n in present)
    if any(b"\n" in os.fsencode(n) for n in present):
        shas = [_line(git(top, "hash-object", "--", n, env=env)) for n in present]
    else:
        shas = _line(git(top, "hash-object", "--stdin-paths", env=env, data=data)).split("\n")
    return {n: (modes[n], s) for n, s in zip(present, shas, strict=True)}


def restore(rec: dict[str, Any], plan: Plan, force: bool, env: dict[str, str]) -> int:
    """Carry out a plan (with `force`, its conflicts are overwritten too). Paths restored."""
    top = rec["repo"]
    if rec["op"] == "ref":
        for name, old, now in plan.refs:
            if old:
                git(top, "update-ref", "-m", "agentsh undo", name, old, *([now] if now else []),
                    env=env)
            else:  # the command made it
                git(top, "update-ref", "-d", name, now, env=env)
        return len(plan.refs)
    if rec["op"] == "stash":
        if plan.rebuild_stash:  # every entry is kept by the snapshot's refs meanwhile
            git(top, "update-ref", "-d", "refs/stash", env=env)
        for sha, message in plan.stash:
            git(top, "stash", "store", "-m", message or "agentsh undo", sha, env=env)
        return len(plan.stash)
    if plan.head is not None:
        to, was = plan.head
        git(top, "update-ref", "-m", "agentsh undo", "HEAD", to, was, env=env)
    elif force and rec["moves_head"] and any(c.startswith("HEAD") for c in plan.conflicts):
        git(top, "update-ref", "-m", "agentsh undo --force", "HEAD", rec["head"], env=env)
    write, delete = list(plan.write), list(plan.delete)
    if force:
        saved = _entries(top, rec["work_tree"], [os.path.relpath(c, top) for c in plan.conflicts
                                                 if c.startswith("/")], env)
        for path in plan.conflicts:
            if path.startswith("/"):
                name = os.path.relpath(path, top)
                (write if name in saved else delete).append(name)
    if plan.index:
        git(top, "update-index", "-z", "--index-info", env=env,
            data=b"".join(os.fsencode(line) + b"\0" for line in plan.index))
    if write:
        git(top, "restore", f"--source={rec['work_tree']}", "--worktree",
            "--pathspec-from-file=-", "--pathspec-file-nul", env=env,
            data=b"".join(os.fsencode(p) + b"\0" for p in write))
    for name in delete:
        try:
            os.unlink(os.path.join(top, name))
        except FileNotFoundError:
            pass
    return len(write) + len(delete) + len(plan.index) + (plan.head is not None)
