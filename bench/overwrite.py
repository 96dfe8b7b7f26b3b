#!/usr/bin/env python3
"""What keeping a copy of an overwritten file (FS050, docs/undo.md "Overwrites") costs a redirect.

    .venv/bin/python bench/overwrite.py [--runs N]

`agentsh -c 'echo x > f'` run as an agent (CLAUDECODE=1, a temporary HOME, snapshots on) with f
missing (nothing to save: the check alone) and with f existing at several sizes (the copy into the
trash), beside the interpreter floor and `bash -c`. Wall clock medians (ms) of N runs each, and
instructions counted by valgrind up to the exec of bash (bench/run.py's method: the copy is taken
before bash starts, so it is counted). Writes bench/overwrite-results.md and prints it."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AGENTSH, ROOT, VENV, icount_cell, instructions  # noqa: E402

SIZES = (("1 KiB", 1 << 10), ("1 MiB", 1 << 20), ("16 MiB", 16 << 20))


def one(argv: list[str], env: dict[str, str], cwd: Path, prepare) -> float:
    prepare()
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--trash", type=int, nargs="*", default=None, metavar="N",
                        help="only the cost as the trash fills: a 1 KiB copy with N snapshots "
                             "already in the trash, for each N (table printed, not written)")
    parser.add_argument("--venv", default=str(VENV), help="the agentsh to measure (its venv)")
    args = parser.parse_args()
    if args.trash is not None:
        filling(args)
        return
    python = str(VENV / "bin" / "python")
    rows = []
    with tempfile.TemporaryDirectory(prefix="agentsh-bench-overwrite-") as tmp:
        base = Path(tmp)
        home, work = base / "home", base / "work"
        home.mkdir()
        work.mkdir()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "XDG_CONFIG_HOME": str(home / ".config"), "XDG_STATE_HOME": str(home / ".state"),
               "XDG_DATA_HOME": str(home / ".data"), "XDG_CACHE_HOME": str(home / ".cache"),
               "CLAUDECODE": "1", "LANG": "C.UTF-8"}
        target = work / "f"
        text = "echo x > f"

        def missing() -> None:
            target.unlink(missing_ok=True)

        def existing(size: int):
            data = os.urandom(size)

            def make() -> None:
                target.write_bytes(data)
            return make

        subprocess.run([str(AGENTSH), "-c", "true"], env=env, cwd=work, check=False)  # caches
        floor = statistics.median(one([python, "-I", "-S", "-c", "pass"], env, work, missing)
                                  for _ in range(args.runs))
        floor_i = instructions(python, None, env)
        rows.append(("interpreter floor (`python -I -S -c pass`)", floor, floor_i))
        rows.append(("`bash -c 'echo x > f'`", statistics.median(
            one(["bash", "-c", text], env, work, missing) for _ in range(args.runs)), None))
        cases = [("f missing (nothing to save)", missing)] + \
            [(f"f existing, {name} (copied to the trash)", existing(size)) for name, size in SIZES]
        for name, prepare in cases:
            samples = [one([str(AGENTSH), "-c", text], env, work, prepare)
                       for _ in range(args.runs)]
            # one more run, so the instructions are counted with the policy cache as it is
            # between commands (the first snapshot makes the trash, which the cache key stats)
            one([str(AGENTSH), "-c", text], env, work, prepare)
            prepare()
            old = os.getcwd()
            os.chdir(work)
            try:
                count = instructions(python, text, env)
            finally:
                os.chdir(old)
            rows.append((f"`agentsh -c '{text}'`, {name}", statistics.median(samples), count))
    lines = ["# The cost of a copy before an overwrite (bench/overwrite.py)", "",
             f"{args.runs} runs each, wall clock median; instructions by valgrind up to the exec "
             "of bash (difference from the interpreter floor in brackets). Load average at the "
             f"start: {os.getloadavg()[0]:.1f}.", "",
             "| command | ms (median) | vs floor | instructions |", "|---|---|---|---|"]
    for name, ms, count in rows:
        lines.append(f"| {name} | {ms:.1f} | {ms - floor:+.1f} | {icount_cell(count, floor_i)} |")
    out = "\n".join(lines) + "\n"
    (ROOT / "bench" / "overwrite-results.md").write_text(out)
    print(out)


def populate(trash: Path, count: int, now: float) -> None:
    """`count` snapshots of one 1 KiB copy each, as the gate writes them (manifest and file)."""
    import json

    trash.mkdir(parents=True, exist_ok=True, mode=0o700)
    for n in range(count):
        sid = f"20260101-000000-{n:05x}"
        folder = trash / sid
        (folder / "files").mkdir(parents=True)
        (folder / "files" / "0").write_bytes(b"x" * 1024)
        manifest = {"version": 1, "id": sid, "time": now - 3600 + n, "cmd": "echo x > f",
                    "cwd": "/w", "items": [{"n": 0, "kind": "copy", "path": "/w/f",
                                            "type": "file", "real": "/w/f"}],
                    "git": [], "files": 1, "bytes": 1024, "copied": 1024, "undone": None,
                    "what": "1 file"}
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))


def filling(args) -> None:
    """The cost of one overwrite copy as the trash fills (`--trash N ...`)."""
    venv = Path(args.venv)
    agentsh, python = str(venv / "bin" / "agentsh"), str(venv / "bin" / "python")
    print("| snapshots in the trash | ms (median) | instructions |\n|---|---|---|")
    for count in args.trash:
        with tempfile.TemporaryDirectory(prefix="agentsh-bench-trash-") as tmp:
            base = Path(tmp)
            home, work = base / "home", base / "work"
            home.mkdir()
            work.mkdir()
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
                   "XDG_CONFIG_HOME": str(home / ".config"),
                   "XDG_STATE_HOME": str(home / ".state"), "XDG_DATA_HOME": str(home / ".data"),
                   "XDG_CACHE_HOME": str(home / ".cache"), "CLAUDECODE": "1", "LANG": "C.UTF-8"}
            populate(home / ".data" / "agentsh" / "trash", count, time.time())
            data = os.urandom(1024)

            def prepare(target: Path = work / "f", data: bytes = data) -> None:
                target.write_bytes(data)

            subprocess.run([agentsh, "-c", "true"], env=env, cwd=work, check=False)  # caches
            samples = [one([agentsh, "-c", "echo x > f"], env, work, prepare)
                       for _ in range(args.runs)]
            prepare()
            old = os.getcwd()
            os.chdir(work)
            try:
                count_i = instructions(python, "echo x > f", env)
            finally:
                os.chdir(old)
            cell = f"{count_i / 1e6:.0f} M" if count_i else "-"
            print(f"| {count:,} | {statistics.median(samples):.1f} | {cell} |", flush=True)


if __name__ == "__main__":
    main()
