#!/usr/bin/env python3
"""The parser against bash itself, at length: how many generated texts each parser reads the way
bash runs them (tests/engine/shellgen.py has the generator and the oracle).

    .venv/bin/python bench/parse_oracle.py [--texts N] [--start SEED] [--parsers agentsh ...]

For each text bash accepts, a parser fails it when it cannot parse it, misses a command bash ran,
or reports literal arguments other than bash's. `agentsh` is the whole parse stage (what
classify uses); `grammar`, `tree-sitter` and `bashlex` are each parser alone. Prints a table
and the first failures of each parser (shrunk to the lines that still fail)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "engine"), str(ROOT)]

import shellgen  # noqa: E402


def parsers() -> dict:
    from agentsh.engine.parse import bashlex_fallback, grammar_walk, parse, treesitter

    return {"agentsh": parse, "grammar": grammar_walk.parse, "tree-sitter": treesitter.parse,
            "bashlex": bashlex_fallback.parse}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--start", type=int, default=100000)
    ap.add_argument("--parsers", nargs="+", default=["agentsh", "grammar", "tree-sitter",
                                                     "bashlex"])
    ap.add_argument("--show", type=int, default=3, help="failures to print per parser")
    a = ap.parse_args()
    table = {k: v for k, v in parsers().items() if k in a.parsers}
    begin = time.time()

    def one(seed: int):
        extglob = seed % 5 == 0
        text = shellgen.Generator(seed, extglob).text()
        if not shellgen.bash_accepts(text, extglob):
            return seed, text, extglob, None, {}
        ran = shellgen.run_bash(text, extglob)
        out = {}
        for name, parse in table.items():
            try:
                out[name] = shellgen.compare(text, ran, parse(text))
            except Exception as exc:  # a crashing parser fails the text
                out[name] = [f"{type(exc).__name__}: {exc}"]
        return seed, text, extglob, ran, out

    results = shellgen.parallel_map(one, range(a.start, a.start + a.texts))
    accepted = [r for r in results if r[3] is not None]
    print(f"{a.texts} texts (seeds {a.start}..{a.start + a.texts - 1}), {len(accepted)} accepted "
          f"by bash, {time.time() - begin:.0f} s\n")
    print("| parser | read as bash runs them | cannot parse | miss a command | other words |")
    print("|---|---|---|---|---|")
    for name in table:
        fails = [r for r in accepted if r[4][name]]
        unparsed = sum(1 for r in fails if r[4][name][0].startswith("agentsh cannot parse"))
        missed = sum(1 for r in fails if any("reports no command" in p for p in r[4][name]))
        other = len(fails) - unparsed - missed
        ok = len(accepted) - len(fails)
        print(f"| {name} | {ok}/{len(accepted)} ({100 * ok / max(1, len(accepted)):.1f}%) | "
              f"{unparsed} | {missed} | {other} |")
    for name, parse in table.items():
        shown = 0
        for seed, text, extglob, _ran, out in accepted:
            problems = out[name]
            if not problems or problems[0].startswith("agentsh cannot parse") or shown >= a.show:
                continue
            shown += 1

            def still_fails(trial: str, parse=parse, extglob=extglob) -> bool:
                return bool(shellgen.check(trial, parse, extglob))

            small = shellgen.shrink(text, still_fails)
            print(f"\n{name}, seed {seed}:\n{small}\n  - " +
                  "\n  - ".join(shellgen.check(small, parse, extglob) or problems))
    return 1 if any(r[4].get("agentsh") for r in accepted) else 0


if __name__ == "__main__":
    raise SystemExit(main())
