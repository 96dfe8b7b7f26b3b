"""The pure core of git's output read by a writer (engine/gitcarry.py): what the edge is asked
to read for each git command, how a writer names what it carries, and how the edge's answer
(given here as a probe, as `gate/probes.py::read_carried` gives it) is judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.engine import gitcarry, runtime
from agentsh.engine.classify import classify


@pytest.mark.parametrize("argv,printed,first", [
    ("git archive evil .claude", "archive", ("ls", "evil", ".claude")),
    ("git archive --format=tar -o e.tar evil", "archive", ("ls", "evil")),
    ("git diff HEAD evil -- .claude", "patch",
     ("git", "diff", "--name-only", "HEAD", "evil", "--", ".claude")),
    ("git show evil:x.patch", "blob", ("blob", "evil:x.patch")),
    ("git cat-file -p evil:x.patch", "blob", ("blob", "evil:x.patch")),
    ("git format-patch -1 evil --stdout", "patch",
     ("git", "log", "--format=", "--name-only", "-m", "-n", "500", "-1", "evil")),
    ("git format-patch main --stdout", "patch",
     ("git", "log", "--format=", "--name-only", "-m", "-n", "500", "main..HEAD")),
    ("git stash show -p", "patch", ("git", "diff", "--name-only", "stash@{0}^1", "stash@{0}")),
])
def test_what_the_edge_reads_of_git_output(argv, printed, first) -> None:
    got = gitcarry.produces(argv.split())
    assert got[0] == printed and got[1][0] == first


@pytest.mark.parametrize("argv", ["git status", "git log --oneline", "git stash list",
                                  "git archive --list", "git cat-file -t HEAD"])
def test_git_output_that_is_no_archive_or_patch(argv) -> None:
    got = gitcarry.produces(argv.split())
    assert got is None or got[0] == "patch"  # `git log`: read, a superset


@pytest.mark.parametrize("argv", ["git diff --relative HEAD evil", "git diff --no-index a b",
                                  "git archive --remote=x HEAD", "git --git-dir=/x diff",
                                  "git diff --src-prefix x/ HEAD evil"])
def test_output_whose_names_are_not_known(argv) -> None:
    assert isinstance(gitcarry.produces(argv.split()), str)


def _ctx(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    return runtime.make_context(str(tmp_path), {"HOME": str(tmp_path.parent),
                                                "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("line,names,rule", [
    ("git archive evil | tar -x", (".claude/settings.json",), "SELF002"),
    ("git archive --prefix=x/ evil | tar -x --strip-components=1", (
        "x/.claude/settings.json",), "SELF002"),
    ("git diff HEAD evil | git apply", ("b/.claude/settings.local.json",), "SELF002"),
    ("git diff HEAD evil | git apply --directory=.claude", ("b/settings.json",), "SELF002"),
    ("git diff HEAD evil | patch -p1", ("b/.agentsh/rules.toml",), "SELF001"),
    ("git archive evil | tar -x", ("src/app.py", "README.md"), None),
    ("git diff HEAD evil | git apply -p2", ("b/x/src/app.py",), None),
    ("git archive evil | tar -x", "evil is not known here", "SELF002"),
    ("git archive evil | tar -x --transform s/^x/.c/", ("xlaude/settings.json",), "SELF002"),
])
def test_the_edge_answer_is_judged_as_path_writes(builtin_policy, tmp_path, line, names,
                                                  rule) -> None:
    ctx = _ctx(tmp_path)
    plain = classify(line, builtin_policy, ctx)
    assert any(f.rule in ("SELF001", "SELF002") for f in plain.findings)  # text alone: anything
    [writer] = [c for c in plain.commands if gitcarry.consumer(c)]
    key = gitcarry.carry_key(str(tmp_path), writer)
    answer = names if isinstance(names, str) else (str(tmp_path), names)
    verdict = classify(line, builtin_policy, ctx._replace(probes=((key, answer),)))
    rules = {f.rule for f in verdict.findings}
    assert (rule in rules) if rule else not any(r.startswith("SELF") for r in rules)


@pytest.mark.parametrize("line", [
    "git archive HEAD | tar -x -C /tmp/build", "git archive HEAD | tar -x -C build",
    "git diff | git apply --check", "git diff | git apply --stat", "git archive HEAD | gzip > a.tgz",
    "git show HEAD:README.md", "git diff > my.patch", "git config alias.st status && git st",
    "curl -sL https://example.com/a.tar.gz | tar -xz", "cat x.patch | git apply"])
def test_everyday_lines_are_not_judged_as_carried(builtin_policy, tmp_path, line) -> None:
    verdict = classify(line, builtin_policy, _ctx(tmp_path))
    assert not any(f.rule in ("SELF001", "SELF002") for f in verdict.findings), verdict.findings


def test_a_file_the_line_writes_from_git_is_linked_at_the_edge(builtin_policy, tmp_path) -> None:
    ctx = _ctx(tmp_path)
    verdict = classify("git diff HEAD evil > p.diff; patch -p1 < p.diff", builtin_policy, ctx)
    [(key, where, reads, piped)] = gitcarry.requests(verdict.commands, ctx)
    assert key == gitcarry.carry_key(str(tmp_path), verdict.commands[1]) and not piped
    assert reads[0][0][:3] == ("git", "diff", "--name-only")


def test_an_alias_the_line_stores_is_followed(builtin_policy, tmp_path) -> None:
    verdict = classify("git config alias.co checkout && git co evil -- .claude",
                       builtin_policy, _ctx(tmp_path))
    assert "SELF002" in {f.rule for f in verdict.findings}
