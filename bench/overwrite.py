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
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
