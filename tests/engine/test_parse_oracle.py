"""bash itself as the oracle of what agentsh's parser must find: random shell text from a grammar
(commands, pipelines, lists, compound commands, quotes, expansions, here-documents, comments,
line continuations, extglob), run in a sandboxed bash that logs every command it runs. For each
text bash accepts, agentsh must parse it and report every command bash ran, with the same command
word, and the same arguments where it says its words are literal. A bounded number of texts here;
bench/parse_oracle.py runs thousands."""

from __future__ import annotations

import os

import pytest
import shellgen

from agentsh.engine.parse import parse

TEXTS = int(os.environ.get("AGENTSH_ORACLE_TEXTS", "48"))


def _one(seed: int):
    extglob = seed % 5 == 0
    text = shellgen.Generator(seed, extglob).text()
    return seed, text, shellgen.check(text, parse, extglob)


@pytest.mark.skipif(not os.path.exists(shellgen.BASH), reason="needs bash at /bin/bash")
def test_agentsh_finds_every_command_bash_runs() -> None:
    results = shellgen.parallel_map(_one, range(TEXTS))
    accepted = [r for r in results if r[2] is not None]
    assert len(accepted) >= 0.9 * TEXTS, "the generator writes mostly text bash rejects"
    failures = [(seed, text, problems) for seed, text, problems in accepted if problems]
    report = "\n\n".join(f"seed {seed}:\n{text}\n" + "\n".join(f"  - {p}" for p in problems)
                         for seed, text, problems in failures[:3])
    assert not failures, f"{len(failures)} of {len(accepted)} texts:\n{report}"


@pytest.mark.parametrize("text, ran", [
    ("t1 a 'b c'; f2 | t3 $(t4 q)", [("t1", "a", "b c"), ("f2",), ("t4", "q"), ("t3",)]),
    ("while f1; do t2; done; until t3; do f4; done", [("f1",), ("t3",)]),
    ("cat <<EOF\n$(t1)\nEOF", [("t1",), ("cat",)]),  # no PATH: cat is made up too
], ids=["list-pipe-substitution", "loops-end", "heredoc-body"])
def test_the_oracle_logs_what_bash_runs(text, ran) -> None:
    """The oracle itself: every command bash runs is in its log, and nothing else."""
    assert sorted(shellgen.run_bash(text)) == sorted(ran)


def test_the_oracle_catches_a_missed_command() -> None:
    from agentsh.engine.model import Command, Parsed, Word

    text = "t1; t2"
    only_first = Parsed((Command((Word("t1"),), (0, 2)),), True, "test")
    assert shellgen.compare(text, shellgen.run_bash(text), only_first) == [
        "bash ran ('t2',); agentsh reports no command named 't2'"]
