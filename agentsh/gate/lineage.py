"""Where a process came from, read from /proc: its parent, start time, session, terminal, cgroup,
and which process holds the other end of its terminal. The approval channel uses it to tell a
person's approver from one the agent started (see `approval.refuse_reason`).

An approver the agent starts may have lost every visible link to it: a tmux or screen server
daemonizes (its parent becomes PID 1 or the user's service manager), `setsid -f`, `nohup` and a
double fork leave an orphan, `at` and `systemd-run` hand the job to a daemon. What they cannot
hide is when they started: after the agent did. So a process that started after the agent and
was re-parented to init or started by a service manager or a job runner is not a person's."""

from __future__ import annotations

import os

from agentsh.records import Record

JOB_RUNNERS = frozenset(("atd", "cron", "crond", "anacron", "incrond", "fcron"))
TERMINAL_ROOTS = 4  # at most this many processes hold the terminal's other end (checked below)


class Proc(Record, fields="pid ppid name start sid tty"):
    """One process, as /proc/PID/stat describes it."""

    __slots__ = ()

    pid: int
    ppid: int
    name: str
    start: int  # clock ticks after boot
    sid: int
    tty: int  # the controlling terminal's device number, 0 for none


def proc(pid: int) -> Proc | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            stat = fh.read()
    except OSError:
        return None
    name = stat[stat.find("(") + 1 : stat.rfind(")")]
    fields = stat[stat.rfind(")") + 2 :].split()
    # fields[0] is state; ppid 1, pgrp 2, session 3, tty_nr 4, ... starttime 19
    return Proc(pid, int(fields[1]), name, int(fields[19]), int(fields[3]), int(fields[4]))


def cgroup(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cgroup", encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.startswith("0::"):
            return line[3:]
    return lines[0].split(":", 2)[-1] if lines else ""


def transient_unit(pid: int) -> str:
    """The systemd unit a process runs in when that unit was made at run time (`systemd-run`,
    or anything asking the service manager for a new unit), else ''."""
    unit = cgroup(pid).rstrip("/").rsplit("/", 1)[-1]
    if not unit.endswith((".service", ".scope")):
        return ""
    if unit.startswith("run-"):
        return unit
    for folder in (f"/run/user/{os.getuid()}/systemd/transient", "/run/systemd/transient"):
        if os.path.exists(os.path.join(folder, unit)):
            return unit
    return ""


def is_service_manager(p: Proc | None) -> bool:
    """PID 1, or a user's systemd: where orphans and units started on request end up."""
    return p is not None and (p.pid == 1 or p.name == "systemd")


def pts_index(tty: int) -> int | None:
    """The /dev/pts number of a terminal device number, or None for other terminals."""
    major = (tty >> 8) & 0xFFF
    minor = (tty & 0xFF) | ((tty >> 12) & 0xFFF00)
    if 136 <= major <= 143:
        return (major - 136) * 256 + minor
    return None


def terminal_holders(tty: int) -> list[int]:
    """The processes holding the master side of a pseudo-terminal: the terminal emulator, sshd,
    tmux or screen server, or `script` that the terminal belongs to. Only this user's processes
    are looked at (another user's are not readable anyway)."""
    index = pts_index(tty)
    if index is None:
        return []
    found = []
    uid = os.getuid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != uid and uid != 0:
                continue
            fds = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{entry}/fd/{fd}") not in ("/dev/ptmx", "/dev/pts/ptmx"):
                    continue
                with open(f"/proc/{entry}/fdinfo/{fd}", encoding="ascii", errors="replace") as fh:
                    info = fh.read()
            except OSError:
                continue
            for line in info.splitlines():
                if line.startswith("tty-index:") and int(line.split()[1]) == index:
                    found.append(int(entry))
        if len(found) >= TERMINAL_ROOTS:
            break
    return sorted(set(found))


MULTIPLEXERS = frozenset(("tmux: server", "tmux", "screen", "SCREEN", "zellij", "dtach", "abduco"))


def pane_after_agent(leader: int, holders: list[int], since: int) -> str:
    """Why a terminal multiplexer's pane counts as the agent's, or '': its shell (the session
    leader) started after the agent did. A server a person started before the agent accepts
    `tmux new-window CMD` from anyone, so the server's age says nothing about the pane's."""
    server = next((p for p in (proc(h) for h in holders) if p and p.name in MULTIPLEXERS), None)
    shell = proc(leader)
    if server is None or shell is None or shell.start < since:
        return ""
    kind = server.name.split(":")[0].lower()
    return (f"its {kind} pane ({shell.name}({leader})) was created after the agent started "
            "(its shell started after the agent); open the approver in a pane or window made "
            "before the agent, or in a terminal window of its own")


def started_by_agent(origin: int, agent: int, since: int, agent_cgroup: str) -> str:
    """Why `origin` (or a process above it) may have been started by the agent, or ''.

    Walks up from `origin` while processes started after the agent (`since`, clock ticks): one
    of them is the agent itself, or was re-parented to init, or was started by a service manager
    (a transient unit, or in the agent's own cgroup) or by a job runner after the agent."""
    pid, seen = origin, 0
    while pid > 1 and seen < 64:
        seen += 1
        p = proc(pid)
        if p is None:
            return f"process {pid} above the approver has gone"
        if pid == agent:
            return f"{p.name}({pid}) is the agent process"
        if p.start < since:
            return ""  # started before the agent: neither it nor its parents came from the agent
        parent = proc(p.ppid)
        if p.ppid <= 1 or is_service_manager(parent):
            unit = transient_unit(pid)
            same = cgroup(pid) == agent_cgroup
            if p.ppid <= 1 or unit or same:
                how = f"started by systemd in {unit}" if unit else "re-parented to " + (
                    "init" if p.ppid <= 1 else f"{parent.name}({parent.pid})")
                return (f"{p.name}({pid}) started after the agent and was {how} (a daemonized "
                        "tmux or screen server, setsid, nohup, a double fork or systemd-run)")
        if parent is not None and parent.name in JOB_RUNNERS:
            return f"{p.name}({pid}) was started by {parent.name} after the agent (at, cron)"
        pid = p.ppid
    return ""


MULTIPLEXERS = ("tmux", "screen", "SCREEN", "tmux: server")


def shared_terminal_warning(env, fd: int) -> str:
    """A warning line when the approver runs inside a tmux or screen server, which any process
    of the user (the agent's included) can type into and read; else ''."""
    names = set()
    if env.get("TMUX"):
        names.add("tmux")
    if env.get("STY"):
        names.add("screen")
    try:
        rdev = os.fstat(fd).st_rdev
        minor = os.minor(rdev)
        tty = (os.major(rdev) << 8) | (minor & 0xFF) | ((minor & ~0xFF) << 12)  # as /proc says
        for pid in terminal_holders(tty):
            p = proc(pid)
            if p is not None and p.name.startswith(MULTIPLEXERS):
                names.add("tmux" if p.name.startswith("tmux") else "screen")
    except OSError:
        pass
    if not names:
        return ""
    which = " and ".join(sorted(names))
    return (f"agentsh approve: warning: this terminal belongs to a {which} server, which any "
            f"process of yours can type into and read ({which} send-keys, capture-pane); an "
            "agent could answer here. Prefer a terminal window of its own, and protected mode "
            "for a gate the agent cannot reach (docs/security.md).\n")
