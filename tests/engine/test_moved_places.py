"""Moves the core is told about (`Context.moved`: earlier commands of the session) and the moves
a line makes (`Verdict.moved`, for the edge to remember): docs/undo.md "Moves across commands"."""

from __future__ import annotations

import pytest

from agentsh.engine import recovery
from agentsh.engine.classify import classify
from agentsh.engine.model import Context, Snap
from agentsh.policy.values import Decision

P = "/home/user/project"
CTX = Context(cwd=P, env=(("HOME", "/home/user"),), read_file=lambda p: None)
KEEPS = CTX._replace(keeps_moves=True)


@pytest.mark.parametrize("text,moved,plan", [
    ("rm -rf build", (f"{P}/build",), [Snap("tree", f"{P}/build")]),
    ("rm -rf node_modules", (f"{P}/node_modules/thesis",), [Snap("tree", f"{P}/node_modules")]),
    ("rm -rf build/data", (f"{P}/build",), [Snap("tree", f"{P}/build/data")]),
    ("rm -rf /tmp/x", ("/tmp/x",), [Snap("tree", "/tmp/x")]),
    ("rm -rf dist build", (P,), [Snap("tree", f"{P}/dist"), Snap("tree", f"{P}/build")]),
    ("cd sub && rm -rf target", (f"{P}/sub/target",), [Snap("tree", f"{P}/sub/target"),
                                                       Snap("tree", f"{P}/target", ("elsewhere",))]),
], ids=["same-place", "holds-it", "under-it", "tmp", "cwd-anywhere", "after-cd"])
def test_a_place_moved_into_earlier_is_no_scratch_and_is_saved(text, moved, plan,
                                                               builtin_policy) -> None:
    verdict = classify(text, builtin_policy, CTX._replace(moved=moved))
    assert verdict.decision == Decision.CONFIRM
    assert [f.rule for f in verdict.findings] == ["FS001"]
    assert sorted(recovery.plan(verdict)) == sorted(plan)


@pytest.mark.parametrize("text,moved", [
    ("rm -rf build", ()),
    ("rm -rf build", (f"{P}/other",)),
    ("rm -rf node_modules", ("/home/user/elsewhere/node_modules",)),
    ("rm -rf dist", (f"{P}/build",)),
])
def test_other_places_stay_scratch(text, moved, builtin_policy) -> None:
    assert classify(text, builtin_policy, CTX._replace(moved=moved)).decision == Decision.ALLOW


@pytest.mark.parametrize("text,moved", [
    ("npm ci", (f"{P}/node_modules",)),
    ("cargo clean", (f"{P}/target/x",)),
    ("mvn -q clean install", (P,)),
    ("./gradlew clean build", (f"{P}/build",)),
])
def test_a_tool_deleting_its_output_folder_that_holds_a_move_asks(text, moved,
                                                                   builtin_policy) -> None:
    verdict = classify(text, builtin_policy, CTX._replace(moved=moved))
    assert "FS070" in [f.rule for f in verdict.findings], verdict.findings


@pytest.mark.parametrize("text", ["npm ci", "cargo clean", "npm test", "cargo build"])
def test_a_tool_deleting_its_output_folder_with_nothing_moved_runs(text, builtin_policy) -> None:
    verdict = classify(text, builtin_policy, CTX._replace(moved=("/home/user/elsewhere",)))
    assert "FS070" not in [f.rule for f in verdict.findings]


@pytest.mark.parametrize("text,moved", [
    ("mv ~/data build", (f"{P}/build",)),
    ("mv db.sqlite /tmp/x", ("/tmp/x",)),
    ("mount --bind ~/data build", (f"{P}/build",)),
    ("bash -c 'mv ~/data build'", (f"{P}/build",)),
    ("find ~/data -maxdepth 0 -exec mv {} build \\;", (f"{P}/build",)),
    ("find ~/data -maxdepth 0 -exec mv -t build {} +", (f"{P}/build",)),
    ("mv \"$SRC\" \"$DST\"", ("*",)),
    ("python3 -c \"import shutil; shutil.move('/home/user/data', 'build')\"", ("*",)),
    ("node -e \"require('fs').renameSync('/home/user/data', 'dist')\"", ("*",)),
], ids=["mv", "mv-tmp", "mount", "bash-c", "find-exec", "find-exec-t", "unknown", "python",
        "node"])
def test_what_a_line_moves_is_reported_for_the_edge(text, moved, builtin_policy) -> None:
    verdict = classify(text, builtin_policy, KEEPS)
    assert set(moved) <= set(verdict.moved), verdict.moved


@pytest.mark.parametrize("text", [
    "ls -la", "cp -r ~/data build", "mv dist/app.js build/", "mv build/app.js dist/",
    "sphinx-build -b html docs docs/_build",  # a program with unknown effects names a folder
    "python3 -c \"print('a b'.replace(' ', '_'))\"",  # str.replace moves nothing
    "python3 -c \"import subprocess; subprocess.run(['make'])\"",
    "python3 -c \"import pandas as pd; pd.read_csv('a').rename(columns={'a': 'b'})\"",
], ids=["read", "copy", "scratch-into-scratch", "scratch-into-scratch-2",
        "named-by-unknown", "str-replace", "subprocess-only", "pandas-rename"])
def test_what_is_no_move_or_only_a_guess_is_not_reported(text, builtin_policy) -> None:
    verdict = classify(text, builtin_policy, KEEPS)
    assert verdict.moved == (), verdict.moved


def test_nothing_is_reported_unless_the_edge_keeps_moves(builtin_policy) -> None:
    assert classify("mv ~/data build", builtin_policy, CTX).moved == ()


def test_a_place_already_in_the_record_is_not_reported_again(builtin_policy) -> None:
    ctx = KEEPS._replace(moved=(f"{P}/build",))
    assert classify("mv ~/more build/", builtin_policy, ctx).moved == (f"{P}/build/more",) or \
        f"{P}/build" not in classify("mv ~/more build/", builtin_policy, ctx).moved


@pytest.mark.parametrize("text,decision", [
    ("mv dist/app.js build/ && rm -rf build", Decision.ALLOW),
    ("mv node_modules/.cache/x build/ && rm -rf build", Decision.ALLOW),
    ("mv /tmp/dl.tar.gz build/ && rm -rf build", Decision.CONFIRM),  # a place, not a name
    ("mv ~/data build && rm -rf build", Decision.CONFIRM),
    ("mv dist/../../data build && rm -rf build", Decision.CONFIRM),
    ("find ~/data -maxdepth 0 -exec mv {} build \\; ; rm -rf build", Decision.CONFIRM),
])
def test_in_one_line_a_move_of_scratch_brings_no_data(text, decision, builtin_policy) -> None:
    assert classify(text, builtin_policy, CTX).decision == decision


def test_scratch_that_holds_an_earlier_move_is_no_scratch_source(builtin_policy) -> None:
    """`mv db.sqlite /tmp/x` (recorded), then `mv /tmp/x build/ && rm -rf build`."""
    ctx = CTX._replace(moved=("/tmp/x",))
    assert classify("mv /tmp/x build/ && rm -rf build", builtin_policy, ctx).decision == \
        Decision.CONFIRM
