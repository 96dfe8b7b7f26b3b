#!/usr/bin/env python3
"""What a snapshot before destruction costs, and what an undo costs (docs/undo.md).

    .venv/bin/python bench/snapshot.py [--sizes 1000,10000,100000] [--runs 3] [--tmpfs]

For trees of 1k, 10k and 100k small files (100 files a folder, 64 bytes each): the snapshot
alone (`gate.snapshots.take`, hard links on the same file system), `bash -c 'rm -rf T'` against
`agentsh -c 'rm -rf T'` as an agent runs it (the snapshot, the check, the exec, bash's own rm),
and `agentsh undo`. With --tmpfs (root), the same trees on another file system, where the
snapshot copies. Writes bench/snapshot-results.md and prints it."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENTSH = ROOT / ".venv" / "bin" / "agentsh"
PER_FOLDER = 100
PAYLOAD = b"x" * 64


def make_tree(root: Path, files: int) -> None:
    root.mkdir()
    for n in range(files):
        folder = root / f"d{n // PER_FOLDER:05d}"
        if n % PER_FOLDER == 0:
            folder.mkdir()
        (folder / f"f{n:06d}.txt").write_bytes(PAYLOAD)


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def cpu(who: int) -> float:
    """CPU seconds (user + system) used so far by this process or its children: on a machine
    shared with other work, wall clock mostly measures the queue."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class Clock:
    """Wall and CPU time of one step (in this process, or in the children it runs)."""

    def __init__(self, who: int) -> None:
        self.who = who

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), cpu(self.who)
        return self

    def __exit__(self, *_exc) -> None:
        self.wall = (time.perf_counter() - self.wall) * 1000
        self.cpu = (cpu(self.who) - self.cpu) * 1000


def measure(base: Path, home: Path, files: int, runs: int
            ) -> dict[str, tuple[float, float]]:
    sys.path.insert(0, str(ROOT))
    from agentsh.engine.model import Snap
    from agentsh.gate.snapshots import take, trash
    from agentsh.policy.values import Snapshots

    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LC_ALL": "C.UTF-8",
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / "share"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
           "AGENTSH_SYSTEM_RULES": str(home / "none")}
    limits = Snapshots(max_files=10 * files, max_copy_bytes=1 << 34, trash_bytes=1 << 40)
    rules = home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text(f"[settings.snapshots]\nmax_files = {10 * files}\n"
                     f"max_copy_bytes = {1 << 34}\ntrash_bytes = {1 << 40}\n")
    subprocess.run([str(AGENTSH), "-c", "rm -rf missing"], cwd=base, env=env, check=True,
                   capture_output=True)  # warm the policy cache
    subprocess.run([str(AGENTSH), "trash", "list"], cwd=base, env=env, check=True,
                   capture_output=True)
    trash.rmtree(trash.root(limits, env))
    out: dict[str, list[tuple[float, float]]] = {"snapshot": [], "bash rm": [],
                                                  "agentsh rm": [], "undo": []}
    tree = base / "tree"
    children = resource.RUSAGE_CHILDREN
    for _ in range(runs):
        make_tree(tree, files)
        with Clock(resource.RUSAGE_SELF) as c:
            result = take.take((Snap("tree", str(tree)),), limits, env, command="bench",
                               cwd=str(base))
        out["snapshot"].append((c.cpu, c.wall))
        assert result.ok, result.reason
        trash.rmtree(trash.root(limits, env))
        with Clock(children) as c:
            subprocess.run(["bash", "-c", "rm -rf tree"], cwd=base, env=env, check=True)
        out["bash rm"].append((c.cpu, c.wall))
        make_tree(tree, files)
        with Clock(children) as c:
            ran = subprocess.run([str(AGENTSH), "-c", "rm -rf tree"], cwd=base,
                                 env={**env, "CLAUDECODE": "1"}, stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True)
        out["agentsh rm"].append((c.cpu, c.wall))
        assert ran.returncode == 0 and not tree.exists(), ran.stderr
        sid = ran.stderr.rsplit("agentsh undo ", 1)[1].strip()
        with Clock(children) as c:
            subprocess.run([str(AGENTSH), "undo", sid], cwd=base, env=env, check=True,
                           capture_output=True)
        out["undo"].append((c.cpu, c.wall))
        assert sum(1 for _ in tree.rglob("*.txt")) == files
        shutil.rmtree(tree)
        trash.rmtree(trash.root(limits, env))
    return {k: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v))
            for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tmpfs", action="store_true")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    lines = ["# snapshot cost", "",
             f"Trees of small files ({PER_FOLDER} a folder, {len(PAYLOAD)} bytes each), medians "
             f"of {a.runs} runs on this machine ({os.cpu_count()} cores, load average "
             f"{os.getloadavg()[0]:.1f} at the start): CPU time (user + system), then wall "
             "clock in brackets.", "",
             "| files | where | snapshot alone | `bash -c 'rm -rf'` | `agentsh -c 'rm -rf'` "
             "(agent) | `agentsh undo` |", "|---|---|---|---|---|---|"]
    places = [("same file system (hard links)", None)]
    if a.tmpfs:
        places.append(("another file system (copies)", "tmpfs"))
    for label, kind in places:
        for files in sizes:
            home = Path(tempfile.mkdtemp(prefix="agentsh-bench-home-"))
            base = Path(tempfile.mkdtemp(prefix="agentsh-bench-"))
            if kind == "tmpfs":
                subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2g", "tmpfs", str(base)],
                               check=True)
            try:
                r = measure(base, home, files, a.runs)
            finally:
                if kind == "tmpfs":
                    subprocess.run(["umount", "-l", str(base)], check=False)
                shutil.rmtree(home, ignore_errors=True)
                shutil.rmtree(base, ignore_errors=True)
            cells = " | ".join(f"{r[k][0]:.0f} ms ({r[k][1]:.0f})"
                               for k in ("snapshot", "bash rm", "agentsh rm", "undo"))
            lines.append(f"| {files:,} | {label} | {cells} |")
            print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "snapshot-results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
