"""The snapshot bash takes when it reaches a deletion (docs/undo.md, "The line rewrite").

Two halves. `prepare` runs in the wrapper before it execs bash: it writes a plan record (what
each wrapped command's snapshot saves) and returns the rewritten line (`engine/snapline.py`).
`main` is the call bash runs right before each wrapped command:

    command /ABS/python -IS -c 'import sys; sys.path[:0] = [SITE]; from agentsh.gate.snapline
    import run; run()' RECORD N DIGEST

It takes the snapshot of plan N of RECORD, prints the undo line, writes an audit entry, and
exits 0; on any failure it says why on stderr and exits 126, and the wrapped line's `|| exit
126` ends the shell (or the subshell) before the deletion runs.

The record: `RUNTIME_DIR/snapline/RECORD.json` (the moves record's directory: XDG_RUNTIME_DIR,
else /tmp/agentsh-UID), 0600 in a 0700 folder, never read through a symlink or when another
user owns it. What it holds is bound by the DIGEST (its SHA-256) written in the line bash
holds, which the agent cannot change: an edited, swapped or forged record is refused (and then
the deletion does not run). It is valid while the bash it was written for runs (on Linux: its
pid and start time must be an ancestor of the call) and at most `HOURS` old; a replayed call
can only take another snapshot. Records are removed once stale by the next `prepare`."""

from __future__ import annotations

import os
import sys
import time

HOURS = 48
MAX_RECORD = 1 << 20
MAX_ANCESTORS = 64


def directory(env) -> str:
    from agentsh.gate.moves import runtime_dir

    return os.path.join(runtime_dir(env), "snapline")


def _python() -> tuple[str, str] | None:
    """The interpreter that runs the call and the folder this agentsh is imported from: the call
    runs isolated and without site (`-IS`, as the launcher does), so neither the environment
    (PYTHONPATH, the current directory, a user site) nor the line can swap agentsh's code."""
    import agentsh

    here = os.path.dirname(os.path.dirname(os.path.abspath(agentsh.__file__)))
    exe = os.path.abspath(sys.executable or "")
    if not exe or not os.path.isfile(exe) or not os.path.isdir(os.path.join(here, "agentsh")):
        return None
    return exe, here


def _reserved_env(env: dict[str, str]) -> bool:
    """Code bash itself would load before the line (BASH_ENV), run before each traced command
    (a PS4 with an expansion), or functions it imports under a name the call relies on
    (`BASH_FUNC_command%%`)."""
    from agentsh.engine.snapline import RESERVED

    if env.get("BASH_ENV") or env.get("ENV"):
        return True
    if any(c in env.get("PS4", "") for c in "$`"):  # expanded before each traced command
        return True
    for key in env:
        if key.startswith("BASH_FUNC_"):
            name = key[len("BASH_FUNC_"):].removesuffix("%%").removesuffix("()")
            if name in RESERVED or "/" in name:
                return True
    return False


def prepare(text: str, late: tuple, settings, env: dict[str, str], cwd: str,
            log: str) -> str | None:
    """The line to hand bash, each late finding's command wrapped in a call that takes its
    snapshot; None when the line cannot be rewritten soundly (then a person decides)."""
    import shlex

    from agentsh.engine import snapline
    from agentsh.engine.parse import parse

    found = _python()
    if found is None or _reserved_env(env):
        return None
    python, here = found
    parsed = parse(text)
    if not parsed.ok or not snapline.line_safe(parsed.commands, parsed.definitions):
        return None
    spans: dict[tuple[int, int], list] = {}
    commands: dict[tuple[int, int], str] = {}
    findings: dict[tuple[int, int], list] = {}
    from agentsh.gate.decide import pid_paths

    for finding in late:
        recovery, why_not = pid_paths(finding.recovery, os.getpid())  # bash runs in this process
        if why_not:
            return None
        finding = finding._replace(recovery=recovery)
        span = tuple(finding.span)
        spans.setdefault(span, [])
        for snap in finding.recovery:
            if snap not in spans[span]:
                spans[span].append(snap)
        commands[span] = finding.command
        findings.setdefault(span, []).append(
            {"rule": finding.rule, "severity": int(finding.severity), "message": finding.message,
             "span": list(span), "command": finding.command, "safer": finding.safer,
             "target": finding.target, "domain": finding.domain})
    order = sorted(spans)
    record = {"version": 1, "created": time.time(), "pid": os.getpid(),
              "start": _start_time(os.getpid()), "text": text, "cwd": cwd, "log": log,
              "syslog": bool(settings.syslog),
              "snapshots": settings.snapshots._asdict(),
              "timeout": settings.timeout, "approve_timeout": settings.approve_timeout,
              "plans": [{"command": commands[s], "span": list(s), "findings": findings[s],
                         "snaps": [_snap_json(x) for x in spans[s]]} for s in order]}
    import json

    data = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogateescape")
    name = _write(env, data)
    if name is None:
        return None
    from agentsh.locations import sha256

    digest = sha256()(data).hexdigest()
    code = f"import sys; sys.path[:0] = [{here!r}]; from {snapline.MODULE} import run; run()"
    call = f"command {shlex.quote(python)} -IS -c {shlex.quote(code)} {name}"
    wraps = [(s, f"{call} {n} {digest}") for n, s in enumerate(order)]
    try:
        rewritten = snapline.rewrite(text, wraps)
    except ValueError:
        rewritten = None
    if rewritten is None or not snapline.verified(text, rewritten, len(order), python):
        _remove(env, name)
        return None
    return rewritten


def _snap_json(snap) -> dict:
    def plain(value):
        return [plain(v) for v in value] if isinstance(value, tuple) else value

    return {"kind": snap.kind, "path": snap.path, "args": plain(tuple(snap.args))}


def _write(env: dict[str, str], data: bytes) -> str | None:
    folder = directory(env)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if st.st_uid != os.getuid() or (st.st_mode & 0o170000) != 0o040000 or \
                st.st_mode & 0o077:
            return None
        _sweep(folder)
        name = f"{int(time.time())}-{os.getpid()}-{os.urandom(6).hex()}"
        partial = os.path.join(folder, f".{name}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.rename(partial, os.path.join(folder, name + ".json"))  # whole, or not there
        return name
    except OSError:
        return None


def _remove(env: dict[str, str], name: str) -> None:
    try:
        os.unlink(os.path.join(directory(env), name + ".json"))
    except OSError:
        pass


def _sweep(folder: str) -> None:
    """Remove records older than HOURS, or whose shell is gone (their name holds its pid)."""
    now = time.time()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for entry in names:
        parts = entry.split("-")
        try:
            created, pid = int(parts[0]), int(parts[1])
        except (ValueError, IndexError):
            continue
        if now - created > HOURS * 3600 or not _alive(pid):
            try:
                os.unlink(os.path.join(folder, entry))
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), "" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
        return stat[stat.rindex(")") + 2:].split()[19]
    except (OSError, ValueError, IndexError):
        return ""


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
        return int(stat[stat.rindex(")") + 2:].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _ancestor(pid: int, start: str) -> bool:
    """Whether the shell the record was written for is this process's ancestor (Linux); True
    where /proc does not say (the age bound still holds)."""
    if not os.path.isdir("/proc/self"):
        return True
    here = os.getppid()
    for _ in range(MAX_ANCESTORS):
        if here <= 1:
            return False
        if here == pid:
            return _start_time(here) == start
        here = _parent(here)
    return False


class Refused(Exception):
    """The call cannot take the snapshot: the deletion must not run."""


def load(env: dict[str, str], name: str, digest: str) -> dict:
    """The record, checked: its name, owner, mode, digest, age and shell."""
    import hmac
    import json

    if not name or "/" in name or name.startswith("."):
        raise Refused("the plan record's name is not one agentsh writes")
    path = os.path.join(directory(env), name + ".json")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise Refused(f"the plan record cannot be read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if st.st_uid != os.getuid() or st.st_mode & 0o077 or \
                (st.st_mode & 0o170000) != 0o100000:
            raise Refused("the plan record is not a private file of this user")
        data = os.read(fd, MAX_RECORD + 1)
    finally:
        os.close(fd)
    from agentsh.locations import sha256

    if not hmac.compare_digest(sha256()(data).hexdigest(), digest):
        raise Refused("the plan record was changed after the line was checked")
    record = json.loads(data.decode("utf-8", "surrogateescape"))
    if time.time() - float(record["created"]) > HOURS * 3600:
        raise Refused("the plan record is too old")
    if not _ancestor(int(record["pid"]), str(record["start"])):
        raise Refused("the plan record belongs to another shell")
    return record


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    what = "the command"
    try:
        if len(argv) != 3:
            raise Refused("usage: RECORD N DIGEST")
        record = load(env, argv[0], argv[2])
        entry = record["plans"][int(argv[1])]
        what = f"`{entry['command']}`"
        from agentsh.engine.model import Snap
        from agentsh.gate.snapshots import take
        from agentsh.policy.values import Snapshots

        plan = tuple(Snap(s["kind"], s["path"], _tuples(s["args"])) for s in entry["snaps"])
        settings = Snapshots(**record["snapshots"])
        try:
            cwd = os.getcwd()
        except OSError:
            cwd = record["cwd"]
        try:
            taken = take.take(plan, settings, env, command=entry["command"], cwd=cwd,
                              skip_empty=True)
        except Exception as exc:  # a broken snapshot is no snapshot: the deletion does not run
            taken = take.Result(False, reason=f"the snapshot failed ({type(exc).__name__}: "
                                f"{exc})")
        _audit(record, entry, taken, cwd)
        if not taken.ok:
            return _ask(record, entry, taken, env, cwd)
    except Refused as exc:
        _say(f"agentsh: not run: the snapshot before {what} could not be taken: {exc}\n")
        return 126
    except Exception as exc:  # fail closed: anything unexpected stops the deletion
        _say(f"agentsh: not run: the snapshot before {what} failed ({type(exc).__name__}: "
             f"{exc})\n")
        return 126
    if taken.id:
        _say(f"agentsh: saved {taken.what} before {what}; to undo it: agentsh undo {taken.id}\n")
    return 0


def _ask(record: dict, entry: dict, taken, env: dict[str, str], cwd: str) -> int:
    """The snapshot could not be taken (too big, the trash full, another user's files): a
    person decides on the command, as the gate asks when a snapshot before the line fails. 0
    when approved (the deletion runs unsaved, as a person said), else 126 with why."""
    from agentsh.engine.model import Finding, Verdict
    from agentsh.gate import audit
    from agentsh.gate.decide import ask
    from agentsh.gate.messages import audience_of, blocked_message, visible
    from agentsh.locations import actor_of
    from agentsh.policy.values import Decision, Severity

    findings = tuple(Finding(f["rule"], Severity(f["severity"]), Decision.CONFIRM, f["message"],
                             tuple(f["span"]), f["command"], f["safer"], f["target"],
                             f["domain"]) for f in entry.get("findings") or ())
    verdict = Verdict(entry["command"], Decision.CONFIRM, findings, True)
    _say(f"agentsh: no snapshot could stand in for a person here: {visible(taken.reason)}\n")
    answer = ask(verdict, int(record.get("timeout") or 0), env,
                 int(record.get("approve_timeout") or 300), cwd)
    audit.record(record["log"], verdict, cwd=cwd, channel=answer.channel, outcome=answer.reason,
                 agent=actor_of(env), approver_pid=answer.approver_pid,
                 syslog=bool(record.get("syslog")),
                 extra={"line": audit.redact(record["text"]), "unrecoverable": taken.reason,
                        "snapshot_at": "deletion"})
    if answer.approved:
        return 0
    _say(blocked_message(verdict, answer, audience=audience_of(answer, actor_of(env)),
                         timeout=int(record.get("approve_timeout") or 300)))
    return 126


def _audit(record: dict, entry: dict, taken, cwd: str) -> None:
    from agentsh import locations
    from agentsh.gate import audit

    out = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cmd": audit.redact(record["text"]),
           "command": audit.redact(entry["command"]), "decision": "confirm",
           "outcome": "recoverable" if taken.ok else "unrecoverable",
           "channel": "snapshot at the deletion", "cwd": cwd, "pid": os.getpid(),
           "ancestry": locations.ancestry()}
    if taken.ok:
        out["undo"] = taken.id
        out["saved"] = {"files": taken.files, "bytes": taken.bytes, "copied": taken.copied,
                        "seconds": round(taken.seconds, 3)}
    else:
        out["unrecoverable"] = taken.reason
    if taken.expired:
        out["expired"] = list(taken.expired)
    audit.write(record["log"], out, sys.stderr, bool(record.get("syslog")))


def _say(line: str) -> None:
    try:
        os.write(2, line.encode("utf-8", "backslashreplace"))
    except OSError:
        pass


def run() -> None:
    """The call's entry (`python -IS -c ... RECORD N DIGEST`)."""
    sys.exit(main(sys.argv[1:]))
