#!/usr/bin/env python3
"""What UNK140 (engine/wildcard.py) costs on real agent commands.

  .venv/bin/python bench/precision/wildcard_cost.py [--set FILE] [--repeat N] [-v]

Judges every command of the set (default ../shared/agent-commands/dev.jsonl) from its text
alone, as `check --batch` does, and counts the commands that reach the wildcard
(`wildcard.could_match` called at least once), the calls, the rule matches it tried, and the
time spent in it (best of --repeat runs per command; the program's vocabulary is built again
for each run, as in a fresh `agentsh -c`). Prints the
totals and the slowest commands. Run it from the checkout (it imports agentsh from there).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="/work/shared/agent-commands/dev.jsonl")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()

    from agentsh.engine import classify as classify_mod
    from agentsh.engine import runtime, wildcard
    from agentsh.engine.model import NULL_FILES

    env = {"HOME": "/nonexistent-home", "PATH": os.environ.get("PATH", "")}
    cwd = "/nonexistent-cwd"
    policy = runtime.load_policy(cwd, env)
    ctx = runtime.make_context(cwd, env)._replace(files=NULL_FILES, read_file=lambda p: None)

    spent = [0.0]
    calls = [0]
    tried = [0]
    original = wildcard.could_match
    original_match = wildcard.match

    def counting_match(rule, view):
        tried[0] += 1
        return original_match(rule, view)

    def timed(*args, **kw):
        calls[0] += 1
        t = time.process_time()
        try:
            return original(*args, **kw)
        finally:
            spent[0] += time.process_time() - t

    wildcard.could_match = timed
    wildcard.match = counting_match
    rows = [json.loads(ln)["cmd"] for ln in open(a.set) if ln.strip()]
    reached = []
    total_all = 0.0
    for text in rows:
        best_w = best_all = None
        n_calls = n_tried = 0
        for _ in range(a.repeat):
            spent[0] = 0.0
            calls[0] = tried[0] = 0
            memo = policy._lookup()
            for key in [k for k in memo if isinstance(k, str) and k.startswith("wildcard:")]:
                del memo[key]  # as in a fresh `agentsh -c`: the vocabulary is built again
            t = time.process_time()
            classify_mod.classify(text, policy, ctx)
            whole = time.process_time() - t
            best_all = whole if best_all is None else min(best_all, whole)
            best_w = spent[0] if best_w is None else min(best_w, spent[0])
            n_calls, n_tried = calls[0], tried[0]
        total_all += best_all
        if n_calls:
            reached.append((best_w, n_calls, n_tried, best_all, text))
    w_total = sum(r[0] for r in reached)
    print(f"{len(rows)} commands, {len(reached)} reach the wildcard "
          f"({sum(r[1] for r in reached)} calls, {sum(r[2] for r in reached)} rule matches tried)")
    if reached:
        print(f"time in the wildcard: {1000 * w_total:.1f} ms in all, "
              f"{1000 * w_total / len(reached):.2f} ms per command that reaches it; "
              f"slowest {1000 * max(r[0] for r in reached):.1f} ms")
    print(f"time to judge every command: {total_all:.2f} s")
    for w, n, m, whole, text in sorted(reached, reverse=True)[: 40 if a.v else 10]:
        print(f"  {1000 * w:7.2f} ms wildcard ({n} calls, {m} matches) of {1000 * whole:7.2f} ms: "
              f"{text[:110]!r}")


if __name__ == "__main__":
    main()
