"""`agentsh undo`: a snapshot brought back.

First everything is checked, then everything is done: a path that exists and differs from what
was saved was made or changed after the command, and without `force` the undo refuses and
changes nothing. What an undo is about to overwrite (those conflicts with `force`, files written
in place, tracked files git restores) is itself saved first as a new snapshot, so an undo can be
undone."""

from __future__ import annotations

import os
import time

from agentsh.gate.snapshots import files, gitstate, trash
from agentsh.records import Record


class Outcome(Record, fields="ok restored conflicts saved reason",
              defaults=(0, (), "", "")):
    """What an undo did, or why it did nothing."""

    __slots__ = ()

    ok: bool
    restored: int  # paths (and refs) brought back
    conflicts: tuple[str, ...]  # what stands in the way (refused) or was overwritten (force)
    saved: str  # the snapshot of what the undo overwrote, if any
    reason: str


def undo(entry: trash.Entry, *, force: bool, env: dict[str, str], snapshots,
         now: float | None = None) -> Outcome:
    now = time.time() if now is None else now
    manifest = entry.manifest
    if manifest.get("undone") and not force:
        age = trash.describe_age(now - manifest["undone"]["time"])
        return Outcome(False, reason=f"already undone {age} (`--force` restores it again)")
    try:
        return _undo(entry, force, env, snapshots, now)
    except (OSError, gitstate.GitError, files.Refused, KeyError, ValueError) as exc:
        return Outcome(False, reason=f"cannot undo {entry.id}: {exc}")


def _undo(entry: trash.Entry, force: bool, env: dict[str, str], snapshots, now: float
          ) -> Outcome:
    manifest = entry.manifest
    stored = os.path.join(entry.path, "files").encode()
    conflicts: list[bytes] = []
    overwrite: list[str] = []
    try:  # untracked files a git command wrote over, still as it left them
        expected = {os.fsencode(p) for rec in manifest.get("git", [])
                    for p in gitstate.overwritten(rec, env)}
    except gitstate.GitError as exc:
        return Outcome(False, reason=str(exc))
    # files the command wrote over, of which the snapshot holds a copy too (`rsync -a --delete
    # src/ dst/`: dst saved whole, and each file a source file replaced): the command changed
    # them, as a copy says, so they are written back like a copy is (what is there is saved)
    expected |= {os.fsencode(i.get(key, "")) for i in manifest["items"] if i["kind"] == "copy"
                 for key in ("path", "real") if i.get(key)}
    for item in manifest["items"]:
        saved = stored + b"/" + str(item["n"]).encode()
        if item["kind"] == "copy":
            real = item.get("real", item["path"])
            if item["type"] != "missing" and os.path.lexists(real) and \
                    not files.same_leaf(saved, os.fsencode(real)):
                overwrite.append(real)
        else:
            found = files.conflicts(saved, os.fsencode(item["path"]), item)
            overwrite += [os.fsdecode(p) for p in found if p in expected]
            conflicts += [p for p in found if p not in expected]
    git_plans = []
    try:
        for record in manifest.get("git", []):
            plan = gitstate.plan_restore(record, env)
            git_plans.append((record, plan))
            conflicts += [os.fsencode(c) for c in plan.conflicts]
            overwrite += [os.path.join(record["repo"], p) for p in plan.write + plan.delete]
    except gitstate.GitError as exc:
        return Outcome(False, reason=str(exc))
    shown = tuple(os.fsdecode(c) for c in conflicts)
    if conflicts and not force:
        return Outcome(False, conflicts=shown,
                       reason="changed after the snapshot; `agentsh undo --force` overwrites "
                              "them (saving them first)")
    at_risk = sorted({p for p in overwrite} | {os.fsdecode(c) for c in conflicts
                                                if c.startswith(b"/")})
    saved_id = ""
    if at_risk:
        from agentsh.engine.model import Snap
        from agentsh.gate.snapshots import take

        result = take.take(tuple(Snap("copy" if os.path.isfile(p) and not os.path.islink(p)
                                      else "tree", p) for p in at_risk),
                           snapshots, env, command=f"agentsh undo {entry.id} (what it replaced)",
                           cwd=manifest.get("cwd", ""), now=now, replaced_by_undo=entry.id)
        if not result.ok:
            return Outcome(False, conflicts=shown,
                           reason=f"cannot save what the undo would overwrite: {result.reason}")
        saved_id = result.id
    replace = (set(conflicts) if force else set()) | expected
    restored = 0
    try:
        for item in manifest["items"]:
            saved = stored + b"/" + str(item["n"]).encode()
            if item["kind"] == "copy":
                restored += files.restore_copy(saved, item)
            else:
                restored += files.restore(saved, os.fsencode(item["path"]), item, replace)
        for record, plan in git_plans:
            restored += gitstate.restore(record, plan, force, env)
    except (OSError, gitstate.GitError, files.Refused) as exc:
        return Outcome(False, restored, shown, saved_id,
                       f"stopped part way: {exc}" + (f" (what it replaced is in {saved_id})"
                                                     if saved_id else ""))
    manifest["undone"] = {"time": now, "saved": saved_id}
    trash.write_manifest(entry.path, manifest)
    return Outcome(True, restored, shown if force else (), saved_id)
