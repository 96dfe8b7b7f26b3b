"""Taking a snapshot: a recovery plan (`engine.recovery`) saved into the trash before the command
runs. All or nothing: any failure (too big, a full trash, another user's files, another file
system over the copy limit, git refusing) throws away what was saved and says why, and the gate
then asks a person as the rule says."""

from __future__ import annotations

import os
import re
import time

from agentsh.engine.recovery import SCRATCH, SYSTEM, app_config, in_project
from agentsh.gate.snapshots import files, trash
from agentsh.gate.snapshots.errors import GitError
from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Snap

GLOB = re.compile(r"[*?\[]")
OFF = "snapshots are off (settings.snapshots.enabled)"
LIST_TIMEOUT = 60
# what GNU and BSD xargs split input items at or unquote, without -0
XARGS_SPLITS = re.compile(r"[\s'\"\\]")
# names a `$(...)` listing passes on as other words: split at blanks, expanded as globs
LISTED_SPLITS = re.compile(r"[\s*?\['\"\\]")
# Files that decide whether agentsh is asked, or that run later unasked (the SELF rules'
# project-relative and home paths): an archive or a folder copied over another that would put
# one of these in place is for a person, whatever the copy could bring back (red-team s29:
# `tar xf evil.tar` in the project wrote `.claude/settings.local.json` with
# `disableAllHooks`, and only FS051's copy was taken).
GATE_FILES = re.compile(
    r"(^|/)(\.claude/settings[^/]*\.json|\.cursor/hooks\.json|\.codex/(config\.toml|hooks\.json)"
    r"|\.gemini/settings\.json|\.github/hooks/agentsh\.json|\.windsurf/hooks\.json"
    r"|\.qwen/settings\.json|\.factory/(hooks|settings)\.json|\.(opencode|amp)/plugins/.+"
    r"|\.clinerules/hooks/.+|\.agentsh(/.+)?|\.git/hooks/.+|\.git/config|\.envrc"
    r"|\.config/agentsh/.+|\.local/(state|share)/agentsh/.+|\.local/bin/agentsh"
    r"|\.(bashrc|bash_profile|bash_login|profile|bash_aliases|zshrc|zshenv|zprofile))$")


def refuse_gate_files(paths, what: str) -> None:
    """Refuse (a person decides) when `what` would write one of GATE_FILES."""
    for path in paths:
        if GATE_FILES.search(path):
            raise files.Refused(f"{what} would write {path}, which decides whether agentsh "
                                "is asked or runs later unasked")


# Where a path really is (symlinks resolved) decides whether it is the user's own: a snapshot
# never stands in for a person under the system's directories, whatever the command's words said
# (the engine's lists, `engine.recovery.SYSTEM`, which it applies to the words).


class Result(Record, fields="ok id reason files bytes copied seconds expired what",
             defaults=("", "", 0, 0, 0, 0.0, (), "")):
    """What taking a snapshot came to."""

    __slots__ = ()

    ok: bool
    id: str  # the undo id, when ok
    reason: str  # why not, when not ok
    files: int
    bytes: int  # of the files saved (shared with the originals while they exist)
    copied: int  # bytes copied rather than linked
    seconds: float
    expired: tuple[str, ...]  # snapshots removed for their age on the way
    what: str  # what it holds, in a few words


def take(plan: tuple[Snap, ...], snapshots, env: dict[str, str], *, command: str, cwd: str,
         now: float | None = None, replaced_by_undo: str = "", skip_empty: bool = False
         ) -> Result:
    """Save `plan` before `command` runs in `cwd`. `replaced_by_undo`: the id of the snapshot
    an undo is restoring, when this one saves what that undo overwrites. `skip_empty`: when
    nothing turns out to need saving (an archive none of whose members exist yet), keep no
    snapshot: ok, with no id."""
    start = time.monotonic()
    now = time.time() if now is None else now
    if not snapshots.enabled:
        return Result(False, reason=OFF)
    root = trash.root(snapshots, env)
    try:
        trash.ensure(root)
        # the index, not every manifest: every overwrite takes a snapshot (trash.Index);
        # unfinished snapshots are looked for when the index is rebuilt
        index = trash.Index.load(root)
        gone = index.expired(now - snapshots.retention_hours * 3600)
        expired = tuple(trash.expire(root, snapshots.retention_hours, now, env, gone,
                                     sweep=index.fresh))
    except OSError as exc:
        return Result(False, reason=f"the trash {root} cannot be used: {exc}")
    if expired or index.fresh:
        index.save()
    held = index.bytes
    if held >= snapshots.trash_bytes:
        return Result(False, reason="the trash is full (settings.snapshots.trash_bytes); "
                      "`agentsh trash purge` makes room", expired=expired)
    sid = trash.new_id(now)
    work = os.path.join(root, f".{sid}.partial")
    budget = files.Budget(snapshots.max_files, snapshots.max_copy_bytes,
                          snapshots.trash_bytes - held)
    records: list[dict] = []
    try:
        os.mkdir(work, 0o700)
        os.mkdir(os.path.join(work, "files"), 0o700)
        items = _save_all(plan, root, work, sid, budget, env, records)
        if skip_empty and not records and all(i["type"] == "missing" for i in items):
            trash.rmtree(work)
            index.save()  # the trash's stamp moved with the partial folder
            return Result(True, "", seconds=time.monotonic() - start, expired=expired)
        manifest = {"version": 1, "id": sid, "time": now, "cmd": _redact(command), "cwd": cwd,
                    "items": items, "git": records, "files": budget.files,
                    "bytes": budget.bytes, "copied": budget.copied, "undone": None,
                    "what": _what(budget.files, items, records)}
        if replaced_by_undo:
            manifest["replaced_by_undo"] = replaced_by_undo
        trash.write_manifest(work, manifest)
        os.rename(work, os.path.join(root, sid))
        index.add(sid, now, budget.bytes)
        index.save()
    except (files.Refused, GitError, OSError) as exc:
        if records:
            from agentsh.gate.snapshots import gitstate

            for record in records:
                gitstate.drop_refs(record, env)
        trash.rmtree(work)
        reason = str(exc) if not isinstance(exc, OSError) else f"cannot save: {exc}"
        return Result(False, reason=reason, seconds=time.monotonic() - start, expired=expired)
    return Result(True, sid, "", budget.files, budget.bytes, budget.copied,
                  time.monotonic() - start, expired, manifest["what"])


NOTHING = "nothing (what it would destroy does not exist)"


def _what(count: int, items: list[dict], records: list[dict]) -> str:
    """What a snapshot holds, in a few words: `12 files and folders`, `the uncommitted work of
    /repo`, `2 stash entries of /repo`."""
    parts = []
    saved = [i for i in items if i["type"] != "missing"]
    folders = sum(len(i.get("dirs", ())) for i in saved)
    for n, name in ((count - folders, "file"), (folders, "folder")):
        if n:
            parts.append(f"{n} {name}{'s' if n != 1 else ''}")
    if len(parts) == 2:
        parts = [" and ".join(parts)]
    for rec in records:
        if rec["op"] == "ref":
            parts.append(", ".join(f"where {name} pointed in {rec['repo']}"
                                   for name, _ in rec["values"]) or "no ref (a new repository)")
        elif rec["op"] == "stash":
            parts.append(f"{len(rec['entries'])} stash entr{'ies' if len(rec['entries']) != 1 else 'y'}"
                         f" of {rec['repo']}")
        else:
            parts.append(f"the uncommitted work of {rec['repo']}")
    return ", ".join(parts) or NOTHING


def _save_all(plan, root: str, work: str, sid: str, budget: files.Budget,
              env: dict[str, str], records: list[dict]) -> list[dict]:
    wanted: list[tuple[str, str]] = []  # (kind, absolute path)
    for snap in plan:
        wanted += _expand(snap, sid, env, records)
    trash_dev = os.stat(root).st_dev
    real_root = os.path.realpath(root)
    items: list[dict] = []
    saved_trees: list[str] = []
    home = os.path.realpath(env.get("HOME", "/nonexistent"))
    copies = {path for kind, path in wanted if kind == "copy"}
    wanted = [(k, p) for k, p in wanted if k != "overwrite" or p not in copies]
    # a file the line writes in place and then deletes (`echo x > f && rm f`): the copy holds
    # what was there; a hard link to it would hold what the write left
    copied = {path for kind, path in wanted if kind in ("copy", "overwrite")}
    wanted = [(k, p) for k, p in wanted if k != "tree" or p not in copied]
    for kind, path in sorted(set(wanted), key=lambda kp: (kp[1], kp[0])):
        real = os.path.realpath(path)
        if _overlaps(path, root) or _overlaps(real, real_root):
            raise files.Refused("it would save the trash itself")
        where = os.path.realpath(os.path.dirname(path.rstrip("/")) or "/")
        # an application's configuration file: a copy, of a file the user owns (save_copy
        # checks the owner), where it really is
        config = kind in ("copy", "overwrite") and app_config(real) and app_config(path)
        # a project's folder below /srv, /opt or /var/www: the item itself, where it really is
        project = in_project(real) and in_project(os.path.normpath(path))
        if not (_own_space(where) or config or project) or real in ("/", home):
            raise files.Refused(f"{path} is not in the user's own files (it is in {where})")
        if kind == "tree" and any(path.startswith(t + "/") for t in saved_trees):
            continue  # already inside a saved tree
        n = len(items)
        dest = os.path.join(work, "files", str(n)).encode()
        if kind == "overwrite":  # root's copy of another user's file gets its owner back
            record = files.save_copy(os.fsencode(path), dest, budget,
                                     any_owner=os.geteuid() == 0)
            kind = "copy"
        elif kind == "copy":
            record = files.save_copy(os.fsencode(path), dest, budget)
        else:
            record = files.save(os.fsencode(path), dest, trash_dev, budget)
            saved_trees.append(path)
        items.append({"n": n, "kind": kind, "path": path, **record})
    return items


def _a_file(path: str) -> bool:
    """A file or a symlink is there now (not a folder: a single delete leaves it alone)."""
    return os.path.islink(path) or os.path.isfile(path)


def _own_space(folder: str) -> bool:
    """A folder (symlinks resolved) whose contents a snapshot may stand in for: anywhere but
    the system's own directories (scratch space under them excepted). A home directory under
    one of them (a service account's) is not excepted: there a person decides."""
    def under(base: str) -> bool:
        return folder == base or folder.startswith(base + "/")

    return any(under(s) for s in SCRATCH) or not any(under(s) for s in SYSTEM)


def _overlaps(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/") or root.startswith(path.rstrip("/") + "/")


def _expand(snap: Snap, sid: str, env: dict[str, str], records: list[dict]
            ) -> list[tuple[str, str]]:
    """A plan item as the paths to save: globs matched, listings run, git recorded."""
    if snap.kind == "copy":
        if "nolink" in snap.args and os.path.realpath(snap.path) != snap.path:
            # a file a plan names only where it is itself (FS/SQL plans on a named file whose
            # folder tests the engine made on the path as written: `recovery._sqlite_db`)
            raise files.Refused(f"{snap.path} is reached through a link")
        if "overwrite" in snap.args:  # FS050: what an allowed write replaces, if a file now
            # (a name a link replaces: only a file there now, not a symlink, loses content);
            # a pattern (`sed -i ... src/*.py`, a loop's `"$f"` over it) is each file it
            # matches now
            paths = glob(snap.path) if any(c in snap.path for c in "*?[") else [snap.path]
            return [("overwrite", p) for p in paths if os.path.isfile(p) and not (
                "replace" in snap.args and os.path.islink(p))]
        return [("copy", snap.path)]
    if snap.kind == "archive":  # FS051: the files an extraction replaces, listed now
        members = _members(snap, env)
        refuse_gate_files(members, f"extracting {snap.args[1]}")
        return [("overwrite", p) for p in members if os.path.isfile(p)]
    if snap.kind == "overlay":  # FS052: the files a folder copied over another replaces
        return [("overwrite", p) for p in _overlaid(snap.path, snap.args[0])]
    if snap.kind == "tree":
        path = os.path.realpath(snap.path) if "follow" in snap.args else snap.path
        paths = glob(path) if "glob" in snap.args else [path]
        if "if-there" in snap.args:  # FS053: a file a single delete takes, where one is now
            # "copy": a regular file is copied (the line may write it in place first), a
            # symlink kept as itself
            return [("copy" if "copy" in snap.args and os.path.isfile(p) and
                     not os.path.islink(p) else "tree", p) for p in paths if _a_file(p)]
        if not paths and "elsewhere" not in snap.args:
            # nothing matches now: either bash finds nothing either, or something else (a
            # job started earlier, another spelling of the pattern) puts it there; a person
            raise files.Refused(f"{snap.path} matches nothing to save now")
        return [("tree", p) for p in paths]
    if snap.kind == "find":
        listed = _list(["find", *snap.args, "-print0"], snap.path, env)
        return [("tree", os.path.normpath(os.path.join(snap.path, p))) for p in listed]
    if snap.kind == "found":  # FS050: each file a `find -exec` write replaces, listed now
        listed = _list(["find", *snap.args, "-print0"], snap.path, env)
        paths = [os.path.normpath(os.path.join(snap.path, p)) for p in listed]
        return [("overwrite", p) for p in paths if os.path.isfile(p) and not os.path.islink(p)]
    if snap.kind == "gitls":  # FS050: each file `$(git ls-files PATHSPEC)` names, listed now
        return [("overwrite", p) for p in _git_listed(snap, env)]
    if snap.kind == "xargs":  # `find ... | xargs rm`: what find lists, as xargs reads it
        listed = _list(["find", *snap.args[1:], "-print0"], snap.path, env)
        split = next((p for p in listed if XARGS_SPLITS.search(p)), None) \
            if snap.args[0] == "split" else None
        if split is not None:
            raise files.Refused(f"xargs would split or unquote the name {split!r} into other "
                                "names, which no listing can save")
        return [("tree", os.path.normpath(os.path.join(snap.path, p))) for p in listed]
    if snap.kind == "untracked":
        mode, paths = snap.args[0], snap.args[1:]
        which = ["-i", "--exclude-standard"] if "X" in mode else [] if "x" in mode else \
            ["--exclude-standard"]
        from agentsh.gate.snapshots import gitstate

        out = gitstate.git(snap.path, "ls-files", "-z", "-o", "--directory", *which, "--",
                           *paths, env=env)
        listed = [os.fsdecode(p) for p in out.split(b"\0") if p]
        if "d" not in mode:  # without -d, git clean leaves untracked folders alone
            listed = [p for p in listed if not p.endswith("/")]
        return [("tree", os.path.normpath(os.path.join(snap.path, p))) for p in listed]
    if snap.kind == "git":
        from agentsh.gate.snapshots import gitstate

        record, untracked = gitstate.record(snap, sid, env)
        records.append(record)
        return [("tree", p) for p in untracked]
    raise files.Refused(f"unknown snapshot kind {snap.kind!r}")


# how many names of a source folder are compared with the destination before a person decides
OVERLAY_LIMIT = 50_000


def _overlaid(dest: str, source: str) -> list[str]:
    """The files under `dest` that copying the folder `source` over it replaces: each name in
    the source (not followed into linked folders) where the destination has a file now."""
    if not os.path.isdir(source) or not os.path.isdir(dest):
        return []
    out, seen = [], 0
    for here, dirs, names in os.walk(source):
        seen += len(dirs) + len(names)
        if seen > OVERLAY_LIMIT:
            raise files.Refused(f"{source} holds more than {OVERLAY_LIMIT} names to compare "
                                f"with {dest}")
        rel = os.path.relpath(here, source)
        for name in names + [d for d in dirs if os.path.islink(os.path.join(here, d))]:
            target = os.path.normpath(os.path.join(dest, rel, name))
            refuse_gate_files((target,), f"copying {source} over {dest}")
            if os.path.isfile(target):
                out.append(target)
    return out


def _git_listed(snap: Snap, env: dict[str, str]) -> list[str]:
    """The regular files below `snap.path` that `git ls-files` lists and one of the pathspecs
    in `snap.args[1:]` matches as git does by default (`*` across `/`; here also in any case:
    a superset). Refused when the engine could not settle the listing, or a listed name would
    be split or globbed by bash into other names (blanks, quotes, glob characters)."""
    if snap.args[:1] != ("settled",):
        raise files.Refused("an earlier command in the line may change which files git lists, "
                            "or where it runs is not known")
    from agentsh.gate.snapshots import gitstate

    try:
        out = gitstate.git(snap.path, "ls-files", "-z", env=env)
    except GitError as exc:
        raise files.Refused(f"cannot list the repository's files: {exc}") from None
    import fnmatch

    specs = [s.lower() for s in snap.args[1:]]
    paths = []
    for name in (os.fsdecode(p) for p in out.split(b"\0") if p):
        if not any(fnmatch.fnmatchcase(name.lower(), s) for s in specs):
            continue
        if LISTED_SPLITS.search(name):
            raise files.Refused(f"bash would split or expand the listed name {name!r} into "
                                "other names, which no listing can save")
        path = os.path.normpath(os.path.join(snap.path, name))
        if os.path.isfile(path) and not os.path.islink(path):
            paths.append(path)
    return paths


def _members(snap: Snap, env: dict[str, str]) -> list[str]:
    """Where an archive's members land under `snap.path`, as its own tool lists them (a plain
    PATH, no program of the agent's). A member with `..` or an absolute name is refused: the
    tools strip or refuse those by default, and agentsh does not guess which."""
    tool, archive = snap.args
    if not os.path.isdir(snap.path) or not os.path.isfile(os.path.join(snap.path, archive)):
        return []  # no archive, nothing extracted (the tool says so)
    argv = ["tar", "-tf", archive] if tool == "tar" else ["unzip", "-Z1", archive]
    import subprocess

    from agentsh.gate.snapshots.gitstate import SAFE_PATH

    run_env = {"PATH": SAFE_PATH, "LC_ALL": "C", "HOME": env.get("HOME", "/")}
    try:
        done = subprocess.run(argv, cwd=snap.path, env=run_env, capture_output=True,
                              timeout=LIST_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise files.Refused(f"cannot list what {archive} holds: {exc}") from None
    if done.returncode != 0:
        raise files.Refused(f"cannot list what {archive} holds ({tool} exited "
                            f"{done.returncode})")
    out = []
    for line in done.stdout.split(b"\n"):
        name = os.fsdecode(line.rstrip(b"\r"))
        if not name or name.endswith("/"):
            continue
        if name.startswith("/") or ".." in name.split("/"):
            raise files.Refused(f"{archive} holds a member outside the folder: {name}")
        out.append(os.path.normpath(os.path.join(snap.path, name)))
    return out


def glob(pattern: str) -> list[str]:
    """The paths a pattern may match, widened: hidden names and any case match too, and the
    pattern itself as a literal name (quoting is not always known), so what bash matches is
    always among them."""
    from agentsh.engine import globs

    found = ["/"]
    for part in pattern.strip("/").split("/"):
        if not GLOB.search(part):
            found = [os.path.join(base, part) for base in found]
            continue
        try:  # bash's own grammar (`[^k]`, `[[:print:]]`, `[]x]`), any case, hidden names too
            match = globs.component_regex(part, ignore_case=True).match
        except globs.Unsupported:
            raise files.Refused(f"cannot tell what {pattern} matches") from None
        nxt = []
        for base in found:
            try:
                names = os.listdir(base)
            except OSError:
                continue
            nxt += [os.path.join(base, name) for name in names if match(name)]
        found = nxt
    out = {p for p in found if os.path.lexists(p)}
    if os.path.lexists(pattern):
        out.add(pattern)
    return sorted(out)


def _list(argv: list[str], cwd: str, env: dict[str, str]) -> list[str]:
    """NUL-separated paths a listing command prints (a plain PATH: no program of the agent's)."""
    import subprocess

    from agentsh.gate.snapshots.gitstate import SAFE_PATH

    run_env = {"PATH": SAFE_PATH, "LC_ALL": "C", "HOME": env.get("HOME", "/")}
    try:
        done = subprocess.run(argv, cwd=cwd, env=run_env, capture_output=True,
                              timeout=LIST_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise files.Refused(f"cannot list what {argv[0]} selects: {exc}") from None
    return [os.fsdecode(p) for p in done.stdout.split(b"\0") if p]


def _redact(text: str) -> str:
    from agentsh.gate.audit import redact

    return redact(text)
