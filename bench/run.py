#!/usr/bin/env python3
"""agentsh's numbers, side by side with the floors they are measured against.

    .venv/bin/python bench/run.py [--runs N] [--corpus FILE]

Process start-up: the interpreter floor (the venv's `python -I -S -c pass`), `bash -c true`,
`agentsh -c true` (no parser needed), `agentsh -c 'echo $(true)'` (the grammar parser), text
only the fallback parsers are tried on (tree-sitter, then bashlex), the same with the
compiled-policy cache disabled, and `agentsh check` of a command; beside the wall-clock medians,
instructions counted by valgrind up to the exec of bash (repeatable on a loaded machine). Bounded
work: a 1 MB pipeline and one just under the parse limit on standard input (time, peak memory).
In-process classification on the tldr corpus (median and p99), which heavy modules the allow path
imports, and the peak memory of a `-c` process. Writes bench/results.md and prints it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("prompt_toolkit", "psutil", "bashlex", "tree_sitter", "sqlparse", "tomli", "inspect",
         "dataclasses", "pathlib", "json")
# commands of everyday shapes, profiled for start-up (issue 16): the dataflow pass, SQL, code
PROFILED = ("cd /tmp && ls | grep x > out.txt", 'psql -c "select 1"', 'python3 -c "print(1)"',
            "git status && git diff")
# Claude Code's PreToolUse hook, checked the same way
HOOKED = ("ls -la", "git status && git diff")
# instructions per millisecond on a quiet core of the development machine: the floor, 28 M
# instructions, ran in 6.1 ms (docs/benchmarks.md)
QUIET_RATE = 4.6
VENV = ROOT / ".venv"
AGENTSH = VENV / "bin" / "agentsh"
ENTRY = VENV / "agentsh" / "lib" / "agentsh-entry.py"


def timed(argv: list[str], env: dict[str, str], runs: int, stdin: bytes | None = None) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, input=stdin, stdin=None if stdin is not None else
                       subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, samples: list[float], floor: float | None, icount: str = "") -> str:
    med = statistics.median(samples)
    extra = f"{med - floor:+.1f}" if floor is not None else ""
    return f"| {name} | {med:.1f} | {min(samples):.1f} | {extra} | {icount} |"


# `agentsh -c TEXT` as the compiled launcher runs it (`python -I -S`, the venv's site-packages
# put first on sys.path), up to (not including) the exec of bash
_UP_TO_EXEC = """
import os, sys
sys.path[:0] = [sys.argv[1]]
os.execve = lambda *a: os._exit(0)
sys.argv = ["agentsh", "-c", sys.argv[2]]
from agentsh.cli import entry
entry()
"""


# Claude Code's hook as the launcher runs it, the whole process (a hook does not exec bash)
_HOOK = """
import sys
sys.path[:0] = [sys.argv[1]]
sys.argv = ["agentsh", "hook", sys.argv[2] if len(sys.argv) > 2 else "claude-code"]
from agentsh.cli import entry
entry()
"""


def hook_payload(command: str, cwd: str) -> bytes:
    """A PreToolUse payload for Claude Code's Bash tool."""
    return json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash", "session_id": "bench",
                       "tool_input": {"command": command}, "cwd": cwd}).encode()


# the agents' file tools (an everyday edit in the project): agent -> payload maker
def file_tool_payloads(cwd: str) -> dict[str, bytes]:
    patch = "*** Begin Patch\n*** Update File: src/app.py\n@@\n-a = 1\n+a = 2\n*** End Patch\n"
    base = {"hook_event_name": "PreToolUse", "session_id": "bench", "cwd": cwd}
    return {
        "claude-code": json.dumps({**base, "tool_name": "Write", "tool_input": {
            "file_path": f"{cwd}/src/app.py", "content": "a = 2\n"}}).encode(),
        "codex": json.dumps({**base, "tool_name": "apply_patch",
                             "tool_input": {"command": patch}}).encode(),
    }


def instructions(python: str, text: str | None, env: dict[str, str],
                 hook: bytes | None = None, agent: str = "claude-code") -> int | None:
    """Instructions executed (valgrind, callgrind) by the interpreter alone (`text` None), by
    agentsh checking `-c TEXT` up to the exec of bash, or (`hook`, a payload) by the whole
    `agentsh hook claude-code` process; None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    if text is None:
        argv = [python, "-I", "-S", "-c", "pass"]
    else:
        site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                               "['purelib'])"], capture_output=True, text=True).stdout.strip()
        argv = [python, "-I", "-S", "-c", _HOOK, site, agent] if hook is not None else \
            [python, "-I", "-S", "-c", _UP_TO_EXEC, site, text]
    done = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                          env=env, input=hook.decode() if hook is not None else None,
                          stdin=None if hook is not None else subprocess.DEVNULL,
                          capture_output=True, text=True)
    for line in done.stderr.splitlines():
        if "refs:" in line:
            return int(line.rsplit(None, 1)[-1].replace(",", ""))
    return None


def peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run of `argv` (this child alone)."""
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_maxrss / 1024


def icount_cell(count: int | None, floor: int | None) -> str:
    if count is None:
        return ""
    if floor is None:
        return f"{count / 1e6:.0f} M"
    return f"{count / 1e6:.0f} M ({(count - floor) / 1e6:+.0f} M)"


def bounded(argv: list[str], data: bytes, env: dict[str, str]) -> tuple[float, float, int, float]:
    """`argv` reading `data` on standard input: seconds, peak resident MiB, exit status, and
    the CPU seconds it used (user and system: what a loaded machine does not stretch)."""
    with tempfile.TemporaryFile() as fh:
        fh.write(data)
        fh.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=fh, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, \
            usage.ru_utime + usage.ru_stime


def _tree_cpu(pid: int) -> float:
    """CPU milliseconds used so far by a process and its descendants (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) * 1000 / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total


class _Pty:
    """A program on a fresh pseudo-terminal, read until a pattern shows (no pexpect: its close
    sleeps 0.1 s, which a start-up timed after another one would count)."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.buffer = b""

    def expect(self, pattern: bytes, timeout: float = 300) -> None:
        import re
        import select

        while True:
            found = re.search(pattern, self.buffer)
            if found:
                self.buffer = self.buffer[found.end():]
                return
            if not select.select([self.fd], [], [], timeout)[0]:
                raise TimeoutError(f"no {pattern!r} in {self.buffer[-300:]!r}")
            self.buffer += os.read(self.fd, 65536)

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        """Ctrl-D, then read to the end."""
        os.write(self.fd, b"\x04")
        try:
            while os.read(self.fd, 65536):
                pass
        except OSError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


# what each shell draws when it is at its prompt: bash's prompt after bracketed paste is on;
# agentsh's first prompt (drawn before the editor loads), then the editor's own drawing
_BASH_READY = rb"\x1b\[\?2004h[^\r\n]*bench\$ "
_AGENTSH_FIRST = rb"agentsh [^\r\n]*\$"
_AGENTSH_READY = rb"\x1b\[\?2004h[\s\S]*?agentsh [^\r\n]*\$"


def _per_line_instructions(shell_env: dict[str, str], few: int, many: int) -> float | None:
    """Instructions agentsh's own process executes per line (`true`), from two callgrind runs
    of `few` and `many` lines: repeatable on a loaded machine. None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    python = str(VENV / "bin" / "python")
    counts = []
    for lines in (few, many):
        with tempfile.NamedTemporaryFile(suffix=".log") as log:
            child = _Pty([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          f"--log-file={log.name}", python, "-I", "-S", str(ENTRY), "-i"],
                         shell_env)
            child.expect(_AGENTSH_READY)
            for _ in range(lines):
                child.send(b"true\r")
                child.expect(_AGENTSH_READY)
            child.close()
            refs = [line for line in Path(log.name).read_text().splitlines() if "refs:" in line]
        if not refs:
            return None
        counts.append(int(refs[0].rsplit(None, 1)[-1].replace(",", "")))
    return (counts[1] - counts[0]) / (many - few)


def interactive(home: Path, env: dict[str, str], starts: int, commands: int,
                instructions: bool = False, figures: dict | None = None) -> list[str]:
    """`agentsh -i` and `bash -i` through a pseudo-terminal, reading the same start-up file: time
    to the first prompt, to agentsh's editor taking keys, and per command (`true` typed at once,
    until the next prompt): wall clock and the CPU time of the shell's processes. Starts
    alternate between the two shells, so a change in the machine's load weighs on both."""
    (home / ".bashrc").write_text("PS1='bench$ '\n")
    shell_env = {**env, "TERM": "xterm"}
    shells = {"bash": ["/bin/bash", "-i"], "agentsh": [str(AGENTSH), "-i"]}
    first: dict[str, list[float]] = {"bash": [], "agentsh": []}
    live: dict[str, list[float]] = {"bash": [], "agentsh": []}
    per: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}
    ready = {"bash": _BASH_READY, "agentsh": _AGENTSH_READY}
    for _ in range(starts + 1):  # the first round warms the policy cache and the disk cache
        for name, argv in shells.items():
            begin = time.perf_counter()
            child = _Pty(argv, shell_env)
            child.expect(_AGENTSH_FIRST if name == "agentsh" else _BASH_READY)
            first[name].append((time.perf_counter() - begin) * 1000)
            if name == "agentsh":
                child.expect(_AGENTSH_READY)
            live[name].append((time.perf_counter() - begin) * 1000)
            child.close()
    for name in shells:
        first[name], live[name] = first[name][1:], live[name][1:]
    for name, argv in shells.items():
        child = _Pty(argv, shell_env)
        child.expect(ready[name])
        for _ in range(10):  # warm up
            child.send(b"true\r")
            child.expect(ready[name])
        before = _tree_cpu(child.pid)
        samples = []
        for _ in range(commands):
            begin = time.perf_counter()
            child.send(b"true\r")
            child.expect(ready[name])
            samples.append((time.perf_counter() - begin) * 1000)
        cpu[name] = (_tree_cpu(child.pid) - before) / commands
        per[name] = samples
        child.close()
    # agentsh with the history file of a shell in daily use: its editor goes back through it
    history = home / ".local" / "state" / "agentsh" / "history"
    history.parent.mkdir(parents=True, exist_ok=True)
    kept = history.read_bytes() if history.exists() else None
    history.write_text("".join(f"\n# 2026-11-30 00:00:00\n+echo old-{n}\n" for n in range(10000)))
    child = _Pty(shells["agentsh"], shell_env)
    child.expect(_AGENTSH_READY)
    for _ in range(10):
        child.send(b"true\r")
        child.expect(_AGENTSH_READY)
    with_history = []
    for _ in range(commands):
        begin = time.perf_counter()
        child.send(b"true\r")
        child.expect(_AGENTSH_READY)
        with_history.append((time.perf_counter() - begin) * 1000)
    child.close()
    if kept is None:
        history.unlink()
    else:
        history.write_bytes(kept)

    def cells(b: float, a: float) -> str:
        return f"| {b:.1f} | {a:.1f} | {a - b:+.1f} |"

    med = statistics.median
    if figures is not None:
        figures.update(per_command=med(per["agentsh"]) - med(per["bash"]),
                       per_command_cpu=cpu["agentsh"] - cpu["bash"])
    out = ["", "## The interactive shell, side by side with `bash -i`", "",
           f"Both read the same ~/.bashrc; {starts} starts each, alternating; {commands} commands "
           "each (`true`, typed at once, until the next prompt); milliseconds.", "",
           "| | `bash -i` | `agentsh -i` | added |", "|---|---|---|---|",
           "| to the first prompt (median) " + cells(med(first["bash"]), med(first["agentsh"])),
           "| to the editor taking keys (median) " + cells(med(live["bash"]), med(live["agentsh"])),
           "| per command, wall clock (median) " + cells(med(per["bash"]), med(per["agentsh"])),
           "| per command, wall clock, 10,000 lines in agentsh's history (median) " +
           cells(med(per["bash"]), med(with_history)),
           "| per command, CPU of the shell's processes (mean) " +
           cells(cpu["bash"], cpu["agentsh"])]
    if instructions:
        count = _per_line_instructions(shell_env, 10, 40)
        if figures is not None:
            figures["per_command_instructions"] = count
        if count is not None:
            out.append(f"| per command, instructions of agentsh's process (callgrind) | | "
                       f"{count / 1e6:.2f} M | |")
    return out


def done_when(floor: list[float], icount_floor: int | None, walls: dict, counts: dict,
              big: tuple[float, float, float], shell: dict, load: tuple[float, float],
              grammar_text: str, fallback_text: str) -> list[str]:
    """Issue 16's "Done when" lines, each beside its goal, from this run's measurements. Wall
    clock over the floor is what a person waits; on a loaded machine it swells, so the
    instruction counts (which load does not change) are also given in milliseconds on a quiet
    core (QUIET_RATE), and those decide the start-up lines."""
    f, fastest = statistics.median(floor), min(floor)
    rate = QUIET_RATE
    in_run = icount_floor / fastest / 1e6 if icount_floor and fastest else None  # M per ms

    def start_up(text: str, goal: float) -> str:
        added = statistics.median(walls[text]) - f
        best = min(walls[text]) - fastest
        cell = f"wall +{added:.1f} ms (median; best +{best:.1f})"
        count = counts.get(text)
        if count is not None and icount_floor is not None and rate:
            extra = (count - icount_floor) / 1e6
            cell += f"; +{extra:.0f} M instructions = +{extra / rate:.1f} ms on a quiet core"
            met = extra / rate <= goal
        else:
            met = added <= goal
        return f"{cell} | {'yes' if met else 'no'} |"

    seconds, mib, cpu = big
    per = shell.get("per_command")
    count = shell.get("per_command_instructions")
    shell_cell = (f"wall +{per:.1f} ms (median), CPU +{shell.get('per_command_cpu', 0):.1f} ms"
                  if per is not None else "not measured")
    if count is not None and rate:
        shell_cell += f"; {count / 1e6:.2f} M instructions = {count / 1e6 / rate:.1f} ms"
    shell_met = per is not None and (per <= 5 or (count is not None and rate and
                                                   count / 1e6 / rate <= 5))
    return [
        "## Issue 16's \"Done when\", measured in this run", "",
        f"Load average {load[0]:.1f} at the start, {load[1]:.1f} at the end, on "
        f"{os.cpu_count()} cores; the floor (`python -I -S -c pass`) took {f:.1f} ms (median), "
        f"{fastest:.1f} ms at best" + (f", {icount_floor / 1e6:.0f} M instructions ({in_run:.1f} M "
                                       f"per ms in this run)" if in_run else "") + ". "
        f"Instructions are turned into time at {QUIET_RATE} M per ms, the floor's rate on a quiet "
        "core (28 M instructions in 6.1 ms): the start-up goals are judged on them, since load "
        "does not change them.", "",
        "| goal | measured | met |", "|---|---|---|",
        f"| `agentsh -c` on the parser path (`{grammar_text}`) within +15 ms of the floor | "
        + start_up(grammar_text, 15),
        f"| the bashlex fallback (`{fallback_text}`) within +40 ms | "
        + start_up(fallback_text, 40),
        f"| a 1 MB pipeline answered in under 2 s and under 200 MB | {seconds:.2f} s (median "
        f"of 5; {cpu:.2f} s of CPU), {mib:.0f} MiB | "
        f"{'yes' if seconds < 2 and mib < 200 else 'no'} |",
        f"| interactive under 5 ms per command (added to `bash -i`'s) | {shell_cell} | "
        f"{'yes' if shell_met else 'no'} |", ""]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    corpus = next((folder / "shared" / "corpus" / "tldr-commands.txt" for folder in ROOT.parents
                   if (folder / "shared" / "corpus" / "tldr-commands.txt").exists()),
                  ROOT.parent / "shared" / "corpus" / "tldr-commands.txt")
    ap.add_argument("--corpus", default=str(corpus))
    ap.add_argument("--interactive-only", action="store_true",
                    help="only the interactive shell beside bash -i (printed, results.md untouched)")
    ap.add_argument("--instructions", action="store_true",
                    help="also count the interactive shell's instructions per line "
                         "(valgrind, a few minutes)")
    a = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="agentsh-bench-"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LC_ALL": "C.UTF-8"}
    if a.interactive_only:
        load = os.getloadavg()[0]
        print("\n".join(interactive(home, env, max(10, a.runs // 2), max(100, a.runs * 5),
                                     instructions=a.instructions)))
        print(f"\nLoad average while measuring: {load:.1f} on {os.cpu_count()} cores.")
        return
    subprocess.run([str(AGENTSH), "-c", "true"], env=env, check=True)  # warm the policy cache
    python = str(VENV / "bin" / "python")
    floor = timed([python, "-I", "-S", "-c", "pass"], env, a.runs)
    f = statistics.median(floor)
    nocache = {**env, "XDG_CACHE_HOME": "/proc/agentsh-bench-no-cache"}
    icount_floor = instructions(python, None, env)
    grammar_text, fallback_text = "echo $(true)", "echo ("  # bash rejects the second one

    counts: dict[str, int | None] = {}
    walls: dict[str, list[float]] = {}

    def counted(text: str) -> str:
        counts[text] = instructions(python, text, env)
        return icount_cell(counts[text], icount_floor)

    def wall(text: str) -> list[float]:
        walls[text] = timed([str(AGENTSH), "-c", text], env, a.runs)
        return walls[text]

    load_before = os.getloadavg()[0]

    lines = ["# agentsh benchmark", "",
             f"{time.strftime('%Y-%m-%d')}, {os.uname().machine}, {os.cpu_count()} cores, "
             f"Python {sys.version.split()[0]}, {a.runs} runs each, wall-clock ms; instructions "
             "(valgrind) up to the exec of bash, and their difference from the floor's.", "",
             "| process | median | min | vs floor | instructions |", "|---|---|---|---|---|",
             row("floor: venv `python -I -S -c pass`", floor, None,
                 icount_cell(icount_floor, None)),
             row("`bash -c true`", timed(["/bin/bash", "-c", "true"], env, a.runs), f),
             row("`agentsh -c true`", timed([str(AGENTSH), "-c", "true"], env, a.runs), f,
                 counted("true")),
             row("`agentsh -c 'echo $(true)'` (the grammar parser)",
                 wall(grammar_text), f, counted(grammar_text)),
             row("`agentsh -c 'echo ('` (rejected: tree-sitter and bashlex tried too)",
                 wall(fallback_text), f, counted(fallback_text)),
             *(row(f"`agentsh -c {text!r}`", timed([str(AGENTSH), "-c", text], env, a.runs), f,
                   counted(text)) for text in PROFILED),
             *(row(f"`agentsh hook claude-code`, PreToolUse `{text}` (the whole process)",
                   timed([str(AGENTSH), "hook", "claude-code"], env, a.runs,
                         hook_payload(text, str(home))), f,
                   icount_cell(instructions(python, text, env, hook_payload(text, str(home))),
                               icount_floor)) for text in HOOKED),
             *(row(f"`agentsh hook {agent}`, an edit of a project file by its file tool",
                   timed([str(AGENTSH), "hook", agent], env, a.runs, body), f,
                   icount_cell(instructions(python, "", env, body, agent), icount_floor))
               for agent, body in file_tool_payloads(str(home)).items()),
             row("`agentsh -c true`, policy cache off (reads TOML)",
                 timed([str(AGENTSH), "-c", "true"], nocache, a.runs), f),
             row("`agentsh check -- 'git push --force'`",
                 timed([str(AGENTSH), "check", "--", "git push --force"], env, a.runs), f)]
    # bounded work: a pipeline on standard input, past the parse limit and just under it
    from agentsh.engine.parse import MAX_TEXT

    lines += ["", "| input | seconds | peak MiB | exit |", "|---|---|---|---|"]
    stage = " | grep -v zz"
    big = "echo a" + stage * (((1 << 20) - 6) // len(stage))
    runs = [bounded([str(AGENTSH)], big.encode(), env) for _ in range(5)]
    seconds, mib, code, cpu = sorted(runs)[len(runs) // 2]  # the median run by wall clock
    big_figures = (seconds, mib, cpu)
    lines.append(f"| `agentsh < FILE`, a 1 MB pipeline `echo a{stage} ...` (past the parse limit: "
                 f"asks, no person: exit 126; median of 5, CPU {cpu:.2f} s) | {seconds:.2f} | "
                 f"{mib:.0f} | {code} |")
    under = "echo a" + stage * ((MAX_TEXT - 1024 - 6) // len(stage))
    payload = json.dumps({"cmd": under}).encode() + b"\n"
    seconds, mib, code, _ = bounded([str(AGENTSH), "check", "--json", "--batch"], payload, env)
    lines.append(f"| `agentsh check --batch`, a {len(under) // 1024} KiB pipeline of "
                 f"{under.count('|') + 1:,} commands (parsed and checked in full) | {seconds:.2f} "
                 f"| {mib:.0f} | {code} |")
    # imports on the allow path
    probe = subprocess.run([python, "-X", "importtime", "-I", "-S", str(ENTRY), "-c", "true"],
                           env=env, capture_output=True, text=True)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in probe.stderr.splitlines()
                if "|" in line}
    heavy = sorted(m for m in HEAVY if m in imported)
    lines += ["", f"Modules imported by `agentsh -c true` (of {', '.join(HEAVY)}): "
              f"{', '.join(heavy) or 'none'}."]
    probe = subprocess.run([python, "-X", "importtime", "-I", "-S", str(ENTRY), "-c",
                            "echo $(true)"], env=env, capture_output=True, text=True)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in probe.stderr.splitlines()
                if "|" in line}
    heavy = sorted(m for m in HEAVY if m in imported)
    lines.append(f"Modules imported by `agentsh -c 'echo $(true)'`: {', '.join(heavy) or 'none'}.")
    # peak memory
    peak = peak_mib([str(AGENTSH), "-c", "echo $(true)"], env)
    lines.append(f"Peak resident memory of an `agentsh -c 'echo $(true)'` process: {peak:.1f} MiB.")
    # the interactive shell, side by side with bash -i
    shell_figures: dict = {}
    lines += interactive(home, env, max(10, a.runs // 2), max(100, a.runs * 5),
                         instructions=a.instructions, figures=shell_figures)
    load_after = os.getloadavg()[0]
    lines[4:4] = done_when(floor, icount_floor, walls, counts, big_figures, shell_figures,
                           (load_before, load_after), grammar_text, fallback_text)
    # in-process classification
    sys.path.insert(0, str(ROOT))
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify
    from agentsh.policy import build as policy_mod

    commands = [c.rstrip("\n") for c in open(a.corpus, encoding="utf-8") if c.strip()]
    pol, _ = policy_mod.build("/", {"HOME": str(home)})
    ctx = runtime.make_context(str(home), env)
    for command in commands[:500]:
        classify(command, pol, ctx)  # warm imports
    samples = []
    parsers: dict[str, int] = {}
    from agentsh.engine import parse

    for command in commands:
        start = time.perf_counter()
        classify(command, pol, ctx)
        samples.append((time.perf_counter() - start) * 1e6)
        used = parse.parse(command).parser
        parsers[used] = parsers.get(used, 0) + 1
    samples.sort()
    p99 = samples[int(len(samples) * 0.99)]
    lines += ["", f"In-process classification of {len(commands)} tldr-pages commands: median "
              f"{statistics.median(samples):.0f} µs, p99 {p99:.0f} µs, max {samples[-1]:.0f} µs.",
              "Parser used: " + ", ".join(f"{k} {v} ({100 * v / len(commands):.1f}%)"
                                          for k, v in sorted(parsers.items())) + "."]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
