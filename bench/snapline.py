#!/usr/bin/env python3
"""The cost of the line rewrite's call (docs/undo.md, "The line rewrite").

  python3 bench/snapline.py [--agentsh CMD] [--runs N]

As an agent (CLAUDECODE=1, a temporary HOME), a folder of 10 small files deleted three ways:
`bash -c 'sleep 0; rm -rf d'` (no agentsh), `agentsh -c 'true; rm -rf d'` (a snapshot before
the line: `true` is quiet) and `agentsh -c 'sleep 0; rm -rf d'` (the line rewrite: bash runs
the call right before `rm`). Prints the median CPU time (user + system, of every process) of
each, which a loaded machine changes less than the wall clock: the difference of the last two
rows is what the rewrite costs (writing the record, parsing the rewritten line, starting the
call's interpreter)."""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def one(argv: list[str], env: dict[str, str], work: str) -> float:
    d = os.path.join(work, "d")
    os.makedirs(d, exist_ok=True)
    for n in range(10):
        with open(os.path.join(d, f"f{n}"), "w") as fh:
            fh.write("x" * 64)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0 or os.path.exists(d):
        raise SystemExit(f"{argv}: {done.returncode} {done.stderr}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agentsh", default=os.path.join(HERE, "..", ".venv", "bin", "agentsh"))
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="agentsh-snapline-") as tmp:
        home = os.path.join(tmp, "home")
        work = os.path.join(tmp, "work")
        os.makedirs(os.path.join(home, "run"), mode=0o700)
        os.makedirs(work)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "AGENTSH_"))}
        env.update(HOME=home, XDG_RUNTIME_DIR=os.path.join(home, "run"), CLAUDECODE="1",
                   XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_STATE_HOME=os.path.join(home, "state"),
                   XDG_CACHE_HOME=os.path.join(home, "cache"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"))
        rows = [("bash -c 'sleep 0; rm -rf d'", ["bash", "-c", "sleep 0; rm -rf d"]),
                ("agentsh -c 'true; rm -rf d' (snapshot before the line)",
                 [a.agentsh, "-c", "true; rm -rf d"]),
                ("agentsh -c 'sleep 0; rm -rf d' (snapshot at the deletion)",
                 [a.agentsh, "-c", "sleep 0; rm -rf d"])]
        one(rows[1][1], env, work)  # the policy cache
        for name, argv in rows:
            times = [one(argv, env, work) for _ in range(a.runs)]
            print(f"{name}: median {1000 * statistics.median(times):.0f} ms CPU "
                  f"(min {1000 * min(times):.0f} ms, {a.runs} runs)")
        print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
