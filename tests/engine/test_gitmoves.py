"""The pure core of whole-tree git moves (engine/gitmoves.py): which reads a move asks the edge
for, and how the edge's answer is judged. No git runs here: the answers are given as probes,
as `gate/probes.py::read_moved` gives them on the live routes."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.engine import gitmoves, runtime
from agentsh.engine.classify import classify


@pytest.mark.parametrize("words,reads", [
    ("merge evil", [("diff", "@merge", "evil")]),
    ("merge", [("diff", "@merge", "@{upstream}")]),
    ("switch evil", [("diff", "HEAD", "evil")]),
    ("checkout -b x evil", [("diff", "HEAD", "evil")]),
    ("checkout -", [("diff", "HEAD", "@{-1}")]),
    # a path from the index: the edge finds no commit of that name and reads nothing
    ("checkout a.txt", [("diff", "HEAD", "a.txt")]),
    ("reset --hard evil", [("diff", "", "evil")]),
    ("pull . evil", [("diff", "@merge", "evil")]),
    ("pull origin main", [("diff", "@merge", "refs/remotes/origin/main")]),
    ("rebase --onto evil base", [("diff", "@merge", "evil")]),
    ("stash pop", [("diff", "stash@{0}^1", "stash@{0}"), ("tree", "stash@{0}^3")]),
    ("cherry-pick a..b c", [("log", "a..b"), ("commit", "c")]),
    ("am x.patch", [("mailbox", "x.patch")]),
    # no commit brought: a new branch here, the index, paths, an abort
    ("checkout -b x", None), ("checkout a.txt b.txt", None), ("reset HEAD~1", None),
    ("merge --abort", None), ("checkout evil -- .claude", None), ("stash list", None),
])
def test_the_reads_a_move_asks_for(words, reads) -> None:
    parts = words.split()
    assert gitmoves.plan(parts[0], parts[1:]) == reads


def test_a_revision_the_line_moves_first_is_unknown(builtin_policy) -> None:
    ctx = runtime.make_context("/r", {"HOME": "/h", "PATH": "/usr/bin:/bin"})
    verdict = classify("git branch e2 evil && git merge e2", builtin_policy, ctx)
    [(_, _, reads)] = gitmoves.requests(verdict.commands, ctx)
    assert isinstance(reads, str)
    verdict = classify("git stash && git pull && git stash pop", builtin_policy, ctx)
    got = gitmoves.requests(verdict.commands, ctx)
    assert all(not isinstance(reads, str) for _, _, reads in got)


@pytest.mark.parametrize("answer,rule", [
    (("ROOT", (".claude/settings.local.json",)), "SELF002"),
    (("ROOT", (".agentsh/rules.toml",)), "SELF001"),
    ("a word of it is only known at run time", "SELF002"),
    (("ROOT", ("src/app.py", "README.md")), None),
])
def test_the_edge_answer_is_judged_as_path_writes(builtin_policy, tmp_path: Path, answer,
                                                  rule) -> None:
    (tmp_path / ".git").mkdir()
    if not isinstance(answer, str):
        answer = (str(tmp_path), answer[1])
    env = {"HOME": str(tmp_path.parent), "PATH": "/usr/bin:/bin"}
    ctx = runtime.make_context(str(tmp_path), env)
    plain = classify("git merge evil", builtin_policy, ctx)
    assert not any(f.rule.startswith("SELF") for f in plain.findings)
    key = gitmoves.move_key(str(tmp_path), ["merge", "evil"])
    verdict = classify("git merge evil", builtin_policy, ctx._replace(probes=((key, answer),)))
    rules = {f.rule for f in verdict.findings}
    assert (rule in rules) if rule else not any(r.startswith("SELF") for r in rules)
