"""What earlier commands of an agent's session moved into scratch names (docs/undo.md, "Moves
across commands").

Within one command line the dataflow pass knows that `mv ~/data build && rm -rf build` deletes
data, not build output (`Files.moved`). Across commands only the edge can know: an agent runs
`mv ~/data build` (allowed: a move loses nothing) and then `rm -rf build` (build output, by its
name). This module keeps, per session, the places allowed commands moved, linked or mounted
something into (`Verdict.moved`), and hands the session's places to the pure core as
`Context.moved`, where no name exempts them or what is under them: deleting them is saved first
(a snapshot), or asks where no snapshot can be made.

- A session is the agent's own: for a hook, the session id in its payload (Claude Code's
  `session_id`, Cursor's `conversation_id` ...); for `agentsh -c`, the agent process (the
  parent of the highest ancestor carrying an agent's markers, by process id and start time, as
  approvals name it), so a later process reusing the pid is another session.
- The record is one file, `$XDG_RUNTIME_DIR/agentsh/moves.json` (else /tmp/agentsh-UID/), 0600,
  owner-checked, never read through a symlink, under the SELF rules; at most `MAX_ENTRIES`
  entries (the oldest go first), each kept `HOURS` (the trash's retention).
- An entry goes when its place no longer exists, or when an allowed command deletes it with a
  snapshot or a person's approval (the snapshot holds it, or a person decided).
- A destination only known at run time is recorded as the pattern its word names (`mv ~/data
  /tmp/x-$PPID`: `/tmp/x-*`; `"$(mktemp -d)"`: `/tmp/tmp.*`), which later deletions are
  matched against as globs (`pathmatch.meets_moved`); when the word names no place before its
  first expansion (`Verdict.moved` holds ANYWHERE: code that moves, `mv "$SRC" "$DST"`), as
  the directory the command ran in: where a relative destination lands; nothing under it is
  scratch for the session afterwards.
- Only commands an agent runs are recorded; a person's are not. No file means no cost: the
  session's identity is only looked up when the file exists or a command moved something.
"""

from __future__ import annotations

import os
import time

from agentsh import locations

HOURS = 48  # the trash's default retention: what was moved stays unsure as long as undo works
MAX_ENTRIES = 400
MAX_FILE = 1 << 20
ANYWHERE = "*"


def runtime_dir(env) -> str:
    base = env.get("XDG_RUNTIME_DIR")
    try:
        if base and os.path.isdir(base) and os.stat(base).st_uid == os.getuid():
            return os.path.join(base, "agentsh")
    except OSError:
        pass
    return f"/tmp/agentsh-{os.getuid()}"


def path(env) -> str:
    return os.path.join(runtime_dir(env), "moves.json")


def read(env) -> list[dict]:
    """The entries of the record, or [] when it is missing, unsafe or unreadable."""
    from agentsh.gate import statefile

    return statefile.read(path(env), "moves", _well_formed, max_bytes=MAX_FILE)


def _well_formed(entry: object) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("session"), str) and \
        isinstance(entry.get("place"), str) and entry["place"].startswith("/") and \
        isinstance(entry.get("at"), (int, float))


def agent_session(env, hook_session: str = "", agent: str = "") -> str:
    """Which session a command belongs to: the hook's own session id, else the agent process
    (`PID:START`), '' when not known."""
    if hook_session:
        return f"session:{agent}:{hook_session}"[:300]
    pid = _agent_process()
    return locations.process_identity(pid) if pid > 1 else ""


def _agent_process() -> int:
    """The agent behind this process, from /proc (`approval.agent_process` without psutil):
    the parent of the highest ancestor carrying an agent's markers, else this one's parent."""
    chain, pid = [], os.getpid()
    for _ in range(12):
        if pid <= 1:
            break
        chain.append(pid)
        pid = _parent(pid)
    marked = [p for p in chain if _marked(p)]
    if marked:
        parent = _parent(marked[-1])
        return parent if parent > 1 else marked[-1]
    return chain[1] if len(chain) > 1 else os.getppid()


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            stat = fh.read()
        return int(stat[stat.rfind(")") + 2:].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _marked(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            data = fh.read(1 << 20)
    except OSError:
        return False
    names = {item.split(b"=", 1)[0] for item in data.split(b"\0") if b"=" in item}
    return any(m.encode() in names for m in locations.AGENT_MARKERS) or \
        any(n.startswith(b"CODEX_") for n in names)


class Session:
    """One check's view of the record: the session's places (`places`, for `Context.moved`)
    and, after the gate decided, what to remember (`remember`)."""

    __slots__ = ("env", "key", "places", "_hook", "_agent", "_entries")

    def __init__(self, env, hook_session: str = "", agent: str = "") -> None:
        self.env = env
        self._hook, self._agent = hook_session, agent
        self.key: str | None = None
        self._entries = read(env)
        self.places: tuple[str, ...] = ()
        if self._entries:
            self.key = agent_session(env, hook_session, agent)
            now = time.time()
            self.places = tuple(sorted({e["place"] for e in self._entries
                                        if e["session"] == self.key and
                                        now - e["at"] < HOURS * 3600 and _exists(e["place"])}))

    def remember(self, verdict, answer, cwd: str) -> None:
        """After the gate let the line run: record what it moves for the session; forget the
        places it deletes with a snapshot or a person's approval. Never raises."""
        try:
            new = [cwd if m == ANYWHERE else m for m in getattr(verdict, "moved", ())]
            new = [m for m in dict.fromkeys(new) if m.startswith("/") and m != "/"]
            # where it really is too, when a directory above it is a link (the next command
            # may name it either way)
            new = list(dict.fromkeys(new + [r for r in map(_real, new) if r and r != "/"]))
            gone = _deleted(verdict, answer) if self.places else ()
            gone = tuple(p for p in self.places if any(
                p == g or p.startswith(g.rstrip("/") + "/") for g in gone))
            if not new and not gone:
                return
            if self.key is None:
                self.key = agent_session(self.env, self._hook, self._agent)
            if self.key:
                _update(self.env, self.key, new, gone, verdict.text)
        except Exception:  # noqa: BLE001 - the record is best effort, never a reason not to run
            pass


def _real(place: str) -> str:
    try:
        return os.path.realpath(place)
    except (OSError, ValueError):
        return ""


def _exists(place: str) -> bool:
    """The place is there; for a pattern (a destination only known at run time, `/tmp/x-*`),
    something it matches is."""
    if not any(c in place for c in "*?["):
        return os.path.lexists(place)
    import glob

    try:
        return next(glob.iglob(place), None) is not None
    except (OSError, ValueError, RecursionError):
        return True


def _deleted(verdict, answer) -> tuple[str, ...]:
    """The trees the line deletes that a snapshot saved or a person approved deleting: every
    tree in the findings' plans."""
    if not getattr(answer, "approved", False) or \
            getattr(answer, "channel", "") not in ("snapshot", "terminal", "approver", "grant"):
        return ()
    return tuple(s.path for f in verdict.findings for s in (f.recovery or ())
                 if s.kind == "tree" and "glob" not in s.args)


def _update(env, key: str, new, gone, text: str) -> None:

    target = path(env)
    directory = os.path.dirname(target)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    st = os.lstat(directory)
    if st.st_uid != os.getuid() or st.st_mode & 0o077 or not os.path.isdir(directory) or \
            os.path.islink(directory):
        return
    now = time.time()

    def change(entries: list[dict]) -> list[dict]:
        kept = [e for e in entries if now - e["at"] < HOURS * 3600 and
                not (e["session"] == key and (e["place"] in gone or e["place"] in new))]
        kept += [{"session": key, "place": m, "at": now, "by": text[:200]} for m in new]
        return kept[-MAX_ENTRIES:]

    from agentsh.gate import statefile

    statefile.rewrite(target, "moves", change, lambda: read(env))


class Held:
    """The record protected mode's service keeps (docs/undo.md "Moves across commands"): in its
    own memory, out of the agent's reach, one per user id. The service runs as its own user, so
    it cannot read the agent's process environment to find the agent (the markers) nor look
    into the user's folders to see whether a place still exists, and a session key the client
    sent would be the agent's to choose: every agent command of one user shares the record,
    and an entry goes after `HOURS`, or when the user's command deleting it ran with a person's
    code. What a service restart forgets asks no question it asked before."""

    __slots__ = ("_lock", "_entries")

    def __init__(self) -> None:
        import threading

        self._lock = threading.Lock()
        self._entries: dict[int, dict[str, float]] = {}

    def places(self, uid: int) -> tuple[str, ...]:
        now = time.time()
        with self._lock:
            held = self._entries.get(uid, {})
            for place in [p for p, at in held.items() if now - at >= HOURS * 3600]:
                del held[place]
            return tuple(sorted(held))

    def remember(self, uid: int, verdict, by_person: bool, cwd: str) -> None:
        """After the service let a line run: what it moves; the places it deletes with a
        person's code are forgotten (a person decided). Never raises."""
        try:
            new = [cwd if m == ANYWHERE else m for m in getattr(verdict, "moved", ())]
            new = [m for m in dict.fromkeys(new) if m.startswith("/") and m != "/"]
            gone = tuple(s.path for f in verdict.findings for s in (f.recovery or ())
                         if s.kind == "tree" and "glob" not in s.args) if by_person else ()
            if not new and not gone:
                return
            now = time.time()
            with self._lock:
                held = self._entries.setdefault(uid, {})
                for place in [p for p in held if any(
                        p == g or p.startswith(g.rstrip("/") + "/") for g in gone)]:
                    del held[place]
                for place in new:
                    held.pop(place, None)
                    held[place] = now
                while len(held) > MAX_ENTRIES:
                    del held[next(iter(held))]
        except Exception:  # noqa: BLE001 - the record is best effort, never a reason not to run
            pass

