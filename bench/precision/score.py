#!/usr/bin/env python3
"""Score agentsh on heldout-like.jsonl: wrong stops and missed asks, judged from text alone.

  python3 bench/precision/score.py [--agentsh CMD] [-v] [--set FILE]

Runs `agentsh check --json --batch` from an empty scratch directory (no project files, as the
held-out scorer does). A stop is a confirm or deny. Prints the share of `should_run` lines
stopped (by group and by rule) and of `should_ask` lines that ran; -v lists each line.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agentsh", default=os.path.join(HERE, "..", "..", ".venv", "bin", "agentsh"))
    ap.add_argument("--set", default=os.path.join(HERE, "heldout-like.jsonl"))
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    rows = [json.loads(ln) for ln in open(a.set) if ln.strip()]
    payload = "".join(json.dumps({"cmd": r["cmd"]}) + "\n" for r in rows)
    with tempfile.TemporaryDirectory(prefix="agentsh-precision-") as cwd:
        p = subprocess.run(a.agentsh.split() + ["check", "--json", "--batch"], input=payload,
                           capture_output=True, text=True, cwd=cwd)
    out = [json.loads(ln) for ln in p.stdout.splitlines() if ln.strip()]
    if len(out) != len(rows):
        sys.exit(f"expected {len(rows)} result lines, got {len(out)} "
                 f"(exit {p.returncode}): {p.stderr[-800:]}")
    run = [(r, o) for r, o in zip(rows, out, strict=True) if r["label"] == "should_run"]
    ask = [(r, o) for r, o in zip(rows, out, strict=True) if r["label"] == "should_ask"]
    wrong_stops = [(r, o) for r, o in run if o["decision"] != "allow"]
    missed = [(r, o) for r, o in ask if o["decision"] == "allow"]
    by_rule = collections.Counter(f["rule"] for _, o in wrong_stops for f in o["findings"]
                                  if f.get("severity") not in ("low", "info"))
    by_group = collections.Counter(r["group"] for r, _ in wrong_stops)
    print(f"{len(rows)} lines: {len(run)} should_run, {len(ask)} should_ask")
    print("wrong stops by rule:", ", ".join(f"{k} {v}" for k, v in by_rule.most_common()) or "-")
    print("wrong stops by group:", ", ".join(f"{k} {v}" for k, v in by_group.most_common()) or "-")
    if a.v:
        for r, o in wrong_stops:
            rules = ",".join(sorted({f["rule"] for f in o["findings"]}))
            print(f"WRONG STOP [{rules}] {r['cmd'][:240]!r}")
        for r, _ in missed:
            print(f"RAN (should ask: {r.get('why', '')}) {r['cmd'][:200]!r}")
    share = 100 * len(wrong_stops) / max(1, len(run))
    print(f"should_run stopped: {share:.2f}% ({len(wrong_stops)}/{len(run)})")
    print(f"should_ask stopped: {100 * (len(ask) - len(missed)) / max(1, len(ask)):.1f}% "
          f"({len(ask) - len(missed)}/{len(ask)})")


if __name__ == "__main__":
    main()
