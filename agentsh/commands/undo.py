"""`agentsh undo [ID] [--force]` and `agentsh trash list|show|purge`: bring a snapshot back, and
look after the trash (docs/undo.md). Every undo and purge is written to the audit log; a purge
run by an agent asks a person first, as deleting a snapshot is critical."""

from __future__ import annotations

import json
import os
import sys
import time

from agentsh.exitcodes import Exit

TRASH_USAGE = "usage: agentsh trash list [--json] | show ID | purge ID... | purge --all | " \
              "purge --expired\n"


def main(name: str, args: list[str]) -> int:
    from agentsh.engine import runtime

    env = dict(os.environ)
    policy = runtime.load_policy(_cwd(), env)
    if name == "undo":
        return undo(args, env, policy)
    return trash_command(args, env, policy)


def undo(args: list[str], env: dict[str, str], policy) -> int:
    from agentsh.gate.messages import visible
    from agentsh.gate.snapshots import restore, trash

    force = "--force" in args
    rest = [a for a in args if a != "--force"]
    if len(rest) > 1 or any(a.startswith("-") for a in rest):
        sys.stderr.write("usage: agentsh undo [ID] [--force]\n")
        return Exit.USAGE
    snapshots = policy.settings.snapshots
    root = trash.root(snapshots, env)
    try:
        entry = trash.find(root, rest[0] if rest else None)
    except LookupError as exc:
        sys.stderr.write(f"agentsh undo: {rest[0]} could be any of {exc}; give more of the id\n")
        return Exit.USAGE
    if entry is None:
        what = f"no snapshot {rest[0]}" if rest else "no snapshot left to undo"
        sys.stderr.write(f"agentsh undo: {what} in {root} (`agentsh trash list` shows them)\n")
        return Exit.NOT_DONE
    guarded = _guarded_paths(entry.manifest, env, policy)
    if guarded:
        _audit(env, policy, f"agentsh undo {entry.id}" + (" --force" if force else ""),
               "refused", {"undo": entry.id, "guarded": guarded[:50]})
        sys.stderr.write(f"agentsh undo: nothing was changed: {entry.id} would write where "
                         f"agentsh's own rules guard ({visible(guarded[0])}); a snapshot never "
                         "holds such paths, so this one was changed by something else. Its "
                         f"files are in {entry.path} for a person to look at.\n")
        return Exit.BLOCKED
    now = time.time()
    sys.stdout.write(f"undoing {entry.id}, taken {trash.describe_age(now - entry.time)} before: "
                     f"{visible(entry.manifest.get('cmd', ''))}\n")
    outcome = restore.undo(entry, force=force, env=env, snapshots=snapshots, now=now)
    _audit(env, policy, f"agentsh undo {entry.id}" + (" --force" if force else ""),
           "restored" if outcome.ok else "refused",
           {"undo": entry.id, "restored": outcome.restored,
            "conflicts": list(outcome.conflicts)[:50], "saved_as": outcome.saved,
            **({"reason": outcome.reason} if outcome.reason else {})})
    for path in outcome.conflicts[:20]:
        sys.stdout.write(f"  {'overwritten' if outcome.ok else 'changed since'}: "
                         f"{visible(path)}\n")
    if len(outcome.conflicts) > 20:
        sys.stdout.write(f"  ... and {len(outcome.conflicts) - 20} more\n")
    if outcome.saved:
        sys.stdout.write(f"what it replaced is saved as {outcome.saved} "
                         f"(`agentsh undo {outcome.saved}` puts it back)\n")
    if not outcome.ok:
        sys.stderr.write(f"agentsh undo: nothing was changed: {outcome.reason}\n"
                         if not outcome.restored else f"agentsh undo: {outcome.reason}\n")
        return Exit.NOT_DONE
    sys.stdout.write(f"restored {outcome.restored} path{'s' if outcome.restored != 1 else ''}\n")
    return Exit.OK


def _guarded_paths(manifest: dict, env: dict[str, str], policy) -> list[str]:
    """Paths a snapshot would write that agentsh guards itself (SELF rules: its rules, hooks,
    launcher; UNDO rules: the trash and refs/agentsh), judged as the engine judges deleting
    them, so a tree holding such a path counts too. The engine never plans a snapshot of
    these, so a manifest naming one was written by something else (a script editing the
    trash): `agentsh undo` must not become a way to write them."""
    import shlex

    from agentsh.engine import runtime
    from agentsh.engine.classify import classify

    paths = [str(item.get("real") or item.get("path") or "") for item in manifest.get("items", [])]
    paths += [str(rec.get("repo") or "") for rec in manifest.get("git", [])]
    out = []
    for path in dict.fromkeys(paths):
        if not path.startswith("/") or path.rstrip("/").count("/") < 2:
            out.append(path or "(no path)")
            continue
        ctx = runtime.make_context(os.path.dirname(path), env, actor="agent")
        verdict = classify(f"rm -rf -- {shlex.quote(path)}", policy, ctx)
        if any(f.domain in ("self", "undo") or f.rule.startswith(("SELF", "UNDO"))
               for f in verdict.findings):
            out.append(path)
    return out


def trash_command(args: list[str], env: dict[str, str], policy) -> int:
    from agentsh.gate.snapshots import trash

    snapshots = policy.settings.snapshots
    root = trash.root(snapshots, env)
    verb, rest = (args[0], args[1:]) if args else ("list", [])
    now = time.time()
    if verb == "list" and set(rest) <= {"--json"}:
        gone = trash.expire(root, snapshots.retention_hours, now, env) if os.path.isdir(root) \
            else []
        if gone:
            _audit(env, policy, "agentsh trash list", "expired", {"expired": gone})
        return _list(trash.entries(root), root, snapshots, now, "--json" in rest)
    if verb == "show" and len(rest) == 1:
        try:
            entry = trash.find(root, rest[0])
        except LookupError as exc:
            sys.stderr.write(f"agentsh trash: {rest[0]} could be any of {exc}\n")
            return Exit.USAGE
        if entry is None:
            sys.stderr.write(f"agentsh trash: no snapshot {rest[0]}\n")
            return Exit.NOT_DONE
        return _show(entry, now)
    if verb == "purge" and rest:
        return _purge(rest, root, env, policy, now)
    sys.stderr.write(TRASH_USAGE)
    return Exit.USAGE


def _list(entries, root: str, snapshots, now: float, as_json: bool) -> int:
    from agentsh.gate.messages import visible
    from agentsh.gate.snapshots import trash

    if as_json:
        for e in entries:
            sys.stdout.write(json.dumps({"id": e.id, "time": e.time, "cmd": e.manifest.get("cmd"),
                                         "cwd": e.manifest.get("cwd"), "files": e.manifest.get(
                                             "files"), "bytes": e.bytes,
                                         "undone": bool(e.undone)}) + "\n")
        return Exit.OK
    if not entries:
        sys.stdout.write(f"the trash is empty ({root})\n")
        return Exit.OK
    for e in entries:
        mark = " (undone)" if e.undone else ""
        sys.stdout.write(f"{e.id}  {trash.describe_age(now - e.time):>11}  "
                         f"{e.manifest.get('files', 0):>7} files  {_size(e.bytes):>9}  "
                         f"{visible(e.manifest.get('cmd', ''))[:80]}{mark}\n")
    sys.stdout.write(f"{len(entries)} snapshots, {_size(trash.held_bytes(entries))} of "
                     f"{_size(snapshots.trash_bytes)}; each kept {snapshots.retention_hours} h "
                     f"({root})\n")
    return Exit.OK


def _show(entry, now: float) -> int:
    from agentsh.gate.messages import visible
    from agentsh.gate.snapshots import trash

    m = entry.manifest
    taken = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.time))
    sys.stdout.write(f"id: {entry.id}\ntaken: {taken} ({trash.describe_age(now - entry.time)})\n"
                     f"command: {visible(m.get('cmd', ''))}\ndirectory: {visible(m.get('cwd', ''))}\n"
                     f"saved: {m.get('files', 0)} files and folders, {_size(entry.bytes)}"
                     f" ({_size(m.get('copied', 0))} copied)\n")
    if entry.undone:
        sys.stdout.write(f"undone: {trash.describe_age(now - entry.undone['time'])}\n")
    for item in m.get("items", []):
        what = {"copy": "a copy of"}.get(item["kind"], "")
        sys.stdout.write(f"  {item['type']:8} {what + ' ' if what else ''}"
                         f"{visible(item['path'])}\n")
    for rec in m.get("git", []):
        if rec["op"] == "ref":
            for name, old in rec["values"]:
                sys.stdout.write(f"  git      {visible(name)} of {visible(rec['repo'])} at "
                                 f"{old[:12] or '(none)'}\n")
        elif rec["op"] == "stash":
            sys.stdout.write(f"  git      {len(rec['entries'])} stash entries of "
                             f"{visible(rec['repo'])}\n")
        else:
            paths = " ".join(rec["paths"]) or "the whole tree"
            sys.stdout.write(f"  git      work tree and index of {visible(rec['repo'])} "
                             f"({visible(paths)}), HEAD {rec['head'][:12]}\n")
    return Exit.OK


def _purge(rest: list[str], root: str, env: dict[str, str], policy, now: float) -> int:
    from agentsh.gate.snapshots import trash

    entries = trash.entries(root)
    if rest == ["--all"]:
        chosen = entries
    elif rest == ["--expired"]:
        chosen = trash.expired(entries, policy.settings.snapshots.retention_hours, now)
    elif not any(a.startswith("-") for a in rest):
        chosen = []
        for wanted in rest:
            try:
                entry = trash.find(root, wanted)
            except LookupError as exc:
                sys.stderr.write(f"agentsh trash: {wanted} could be any of {exc}\n")
                return Exit.USAGE
            if entry is None:
                sys.stderr.write(f"agentsh trash: no snapshot {wanted}\n")
                return Exit.NOT_DONE
            chosen.append(entry)
    else:
        sys.stderr.write(TRASH_USAGE)
        return Exit.USAGE
    if not chosen:
        sys.stdout.write("nothing to purge\n")
        return Exit.OK
    text = "agentsh trash purge " + " ".join(rest)
    if rest != ["--expired"] and not _approved(text, [e.id for e in chosen], env, policy):
        _audit(env, policy, text, "denied", {"purge": [e.id for e in chosen]})
        sys.stderr.write("agentsh trash: not purged (an agent asked, and a person must approve "
                         "it on the terminal or in `agentsh approve`)\n")
        return Exit.BLOCKED
    for entry in chosen:
        trash.remove(entry, env)
    _audit(env, policy, text, "purged", {"purge": [e.id for e in chosen]})
    sys.stdout.write(f"purged {len(chosen)} snapshot{'s' if len(chosen) != 1 else ''}\n")
    return Exit.OK


def _approved(text: str, ids: list[str], env: dict[str, str], policy) -> bool:
    """A person's yes when an agent asks for a purge (deleting snapshots is critical)."""
    from agentsh import locations

    if locations.actor_of(env) != "agent":
        return True
    from agentsh.engine.model import Finding, Verdict
    from agentsh.gate import decide as gate
    from agentsh.policy.values import Decision, Severity

    target = ids[0] if len(ids) == 1 else "trash"
    finding = Finding("UNDO001", Severity.CRITICAL, Decision.CONFIRM,
                      f"delete {len(ids)} snapshot(s) from the trash: the way back for earlier "
                      "commands", (0, len(text)), text, target=target, domain="undo")
    answer = gate.ask(Verdict(text, Decision.CONFIRM, (finding,), True),
                      policy.settings.timeout, env, policy.settings.approve_timeout)
    return answer.approved


def _audit(env: dict[str, str], policy, text: str, outcome: str, extra: dict) -> None:
    from agentsh import locations
    from agentsh.gate import audit

    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cmd": audit.redact(text),
             "cwd": _cwd(), "decision": "allow", "outcome": outcome, "findings": [],
             "channel": "undo", "agent": locations.actor_of(env), "pid": os.getpid(),
             "ancestry": locations.ancestry(), **extra}
    audit.write(audit.log_path(policy.settings.audit_log, env), entry, sys.stderr,
                policy.settings.syslog)


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}"
    return f"{n} B"


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return os.environ.get("PWD", "/")
