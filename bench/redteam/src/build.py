#!/usr/bin/env python3
"""Build bench/redteam/{destructive,everyday}.jsonl from the source modules beside this file, and
check every command with `bash -n` (valid bash) and inline Python with compile()."""

from __future__ import annotations

import importlib
import json
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402

SETS = {
    "destructive": ["d_incident", "d_code", "d_shell", "d_norm", "d_self", "d_data", "d_s24",
                    "d_remote24", "d_archived", "d_s26", "d_s27", "d_s28", "d_s30"],
    "everyday": ["e_read", "e_build", "e_tricky", "e_s24", "e_remote24", "e_archived", "e_s26", "e_s27", "e_s28", "e_s30"],
}


def bash_ok(cmd: str) -> str:
    p = subprocess.run(["bash", "-n", "-c", cmd], capture_output=True, text=True)
    return p.stderr.strip() if p.returncode else ""


def python_ok(cmd: str) -> str:
    """Compile the code of a simple `python3 -c CODE` command."""
    try:
        words = shlex.split(cmd)
    except ValueError:
        return ""
    for i, w in enumerate(words[:-1]):
        if w in ("python", "python3") and words[i + 1] == "-c" and i + 2 < len(words):
            if any(ch in words[i + 2] for ch in "$`") and '"' in cmd.split("-c", 1)[1][:2]:
                return ""  # double-quoted code with shell expansions: bash changes it first
            try:
                compile(words[i + 2], "<c>", "exec")
            except SyntaxError as e:
                return f"python: {e}"
    return ""


def main() -> int:
    bad = 0
    for name, mods in SETS.items():
        common.ROWS.clear()
        for m in mods:
            try:
                importlib.import_module(m)
            except ModuleNotFoundError as e:
                if e.name == m:
                    continue
                raise
        rows = list(common.ROWS)
        seen = set()
        for r in rows:
            err = bash_ok(r["cmd"]) or python_ok(r["cmd"])
            if r["cmd"] in seen:
                err = "duplicate"
            seen.add(r["cmd"])
            if err:
                bad += 1
                print(f"{name}: {r['class']}: {err}\n    {r['cmd']!r}")
        out = HERE.parent / f"{name}.jsonl"
        with out.open("w") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["class"]] = counts.get(r["class"], 0) + 1
        print(f"{name}: {len(rows)} commands in {len(counts)} classes: {counts}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
