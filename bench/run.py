#!/usr/bin/env python3
"""agentsh's numbers, side by side with the floors they are measured against.

    .venv/bin/python bench/run.py [--runs N] [--corpus FILE]

Process start-up: the interpreter floor (the venv's `python -I -S -c pass`), `bash -c true`,
`agentsh -c true` (no parser needed), `agentsh -c 'echo $(true)'` (needs tree-sitter), the same
with the compiled-policy cache disabled, and `agentsh check` of a command. In-process
classification on the tldr corpus (median and p99), which heavy modules the allow path imports,
and the peak memory of a `-c` process. Writes bench/results.md and prints it."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("prompt_toolkit", "psutil", "bashlex", "tree_sitter", "sqlparse", "tomli", "inspect",
         "dataclasses", "pathlib", "json")
VENV = ROOT / ".venv"
AGENTSH = VENV / "bin" / "agentsh"
ENTRY = VENV / "agentsh" / "lib" / "agentsh-entry.py"


def timed(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, samples: list[float], floor: float | None) -> str:
    med = statistics.median(samples)
    extra = f"{med - floor:+.1f}" if floor is not None else ""
    return f"| {name} | {med:.1f} | {min(samples):.1f} | {extra} |"


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


def interactive(home: Path, env: dict[str, str], starts: int, commands: int) -> list[str]:
    """`agentsh -i` and `bash -i` through a pseudo-terminal, reading the same start-up file: time
    to the first prompt, to agentsh's editor taking keys, and per command (`true` typed at once,
    until the next prompt): wall clock and the CPU time of the shell's processes."""
    import pexpect

    (home / ".bashrc").write_text("PS1='bench$ '\n")
    shell_env = {**env, "TERM": "xterm"}
    ready = {"bash": rb"\x1b\[\?2004h[^\r\n]*bench\$ ",
             # agentsh draws its first prompt before the editor loads; the editor's own drawing
             # comes after it turned bracketed paste on
             "agentsh": rb"\x1b\[\?2004h[\s\S]*?agentsh [^\r\n]*\$"}
    shells = {"bash": ["/bin/bash", "-i"], "agentsh": [str(AGENTSH), "-i"]}
    first: dict[str, list[float]] = {"bash": [], "agentsh": []}
    live: dict[str, list[float]] = {"bash": [], "agentsh": []}
    per: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}
    for name, argv in shells.items():
        for _ in range(starts):
            begin = time.perf_counter()
            child = pexpect.spawn(argv[0], argv[1:], env=shell_env, timeout=20)
            child.expect(rb"agentsh [^\r\n]*\$" if name == "agentsh" else ready[name])
            first[name].append((time.perf_counter() - begin) * 1000)
            if name == "agentsh":
                child.expect(ready[name])
            live[name].append((time.perf_counter() - begin) * 1000)
            child.sendeof()
            child.expect(pexpect.EOF)
        child = pexpect.spawn(argv[0], argv[1:], env=shell_env, timeout=20)
        child.delaybeforesend = None
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
        child.sendeof()
        child.expect(pexpect.EOF)

    def cells(b: float, a: float) -> str:
        return f"| {b:.1f} | {a:.1f} | {a - b:+.1f} |"

    med = statistics.median
    return ["", "## The interactive shell, side by side with `bash -i`", "",
            f"Both read the same ~/.bashrc; {starts} starts each; {commands} commands each (`true`, "
            "typed at once, until the next prompt); milliseconds.", "",
            "| | `bash -i` | `agentsh -i` | added |", "|---|---|---|---|",
            "| to the first prompt (median) " + cells(med(first["bash"]), med(first["agentsh"])),
            "| to the editor taking keys (median) " + cells(med(live["bash"]), med(live["agentsh"])),
            "| per command, wall clock (median) " + cells(med(per["bash"]), med(per["agentsh"])),
            "| per command, CPU of the shell's processes (mean) " +
            cells(cpu["bash"], cpu["agentsh"])]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "tldr-commands.txt"))
    ap.add_argument("--interactive-only", action="store_true",
                    help="only the interactive shell beside bash -i (printed, results.md untouched)")
    a = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="agentsh-bench-"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LC_ALL": "C.UTF-8"}
    if a.interactive_only:
        load = os.getloadavg()[0]
        print("\n".join(interactive(home, env, max(10, a.runs // 2), max(100, a.runs * 5))))
        print(f"\nLoad average while measuring: {load:.1f} on {os.cpu_count()} cores.")
        return
    subprocess.run([str(AGENTSH), "-c", "true"], env=env, check=True)  # warm the policy cache
    python = str(VENV / "bin" / "python")
    floor = timed([python, "-I", "-S", "-c", "pass"], env, a.runs)
    f = statistics.median(floor)
    nocache = {**env, "XDG_CACHE_HOME": "/proc/agentsh-bench-no-cache"}
    lines = ["# agentsh benchmark", "",
             f"{time.strftime('%Y-%m-%d')}, {os.uname().machine}, {os.cpu_count()} cores, "
             f"Python {sys.version.split()[0]}, {a.runs} runs each, wall-clock ms.", "",
             "| process | median | min | vs floor |", "|---|---|---|---|",
             row("floor: venv `python -I -S -c pass`", floor, None),
             row("`bash -c true`", timed(["/bin/bash", "-c", "true"], env, a.runs), f),
             row("`agentsh -c true`", timed([str(AGENTSH), "-c", "true"], env, a.runs), f),
             row("`agentsh -c 'echo $(true)'` (tree-sitter)",
                 timed([str(AGENTSH), "-c", "echo $(true)"], env, a.runs), f),
             row("`agentsh -c true`, policy cache off (reads TOML)",
                 timed([str(AGENTSH), "-c", "true"], nocache, a.runs), f),
             row("`agentsh check -- 'git push --force'`",
                 timed([str(AGENTSH), "check", "--", "git push --force"], env, a.runs), f)]
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
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([str(AGENTSH), "-c", "echo $(true)"], env=env, stdout=subprocess.DEVNULL)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines.append(f"Peak resident memory of an `agentsh -c` process: {max(peak, before) / 1024:.1f} MiB.")
    # the interactive shell, side by side with bash -i
    try:
        lines += interactive(home, env, max(10, a.runs // 2), max(100, a.runs * 5))
    except ImportError:
        pass
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
