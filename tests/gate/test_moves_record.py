"""The session record of moves (gate/moves.py): per session, private, bounded, expiring, and
cleared when a snapshot or a person took the place."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from agentsh.engine.model import Snap, Verdict
from agentsh.gate import moves
from agentsh.gate.answer import Answer
from agentsh.policy.values import Decision


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    return {"XDG_RUNTIME_DIR": str(run), "HOME": str(tmp_path)}


ALLOWED = Answer(True, "policy", "allowed")


def moved(text: str, *places: str) -> Verdict:
    return Verdict(text, Decision.ALLOW, (), True, (), (), places)


def test_a_session_sees_its_own_moves_only(env, tmp_path) -> None:
    place = tmp_path / "build"
    place.mkdir()
    first = moves.Session(env, "s-1", "claude-code")
    assert first.places == ()
    first.remember(moved("mv ~/data build", str(place)), ALLOWED, str(tmp_path))
    assert moves.Session(env, "s-1", "claude-code").places == (str(place),)
    assert moves.Session(env, "s-2", "claude-code").places == ()
    assert moves.Session(env, "s-1", "cursor").places == ()
    assert os.stat(moves.path(env)).st_mode & 0o777 == 0o600


def test_a_run_time_destination_is_the_directory_the_command_ran_in(env, tmp_path) -> None:
    moves.Session(env, "s", "a").remember(moved("mv \"$A\" \"$B\"", "*"), ALLOWED, str(tmp_path))
    assert moves.Session(env, "s", "a").places == (str(tmp_path),)


def test_places_that_no_longer_exist_or_expired_do_not_count(env, tmp_path) -> None:
    gone, old = tmp_path / "gone", tmp_path / "old"
    old.mkdir()
    moves.Session(env, "s", "a").remember(moved("mv", str(gone), str(old)), ALLOWED, "/")
    assert moves.Session(env, "s", "a").places == (str(old),)
    data = json.loads(Path(moves.path(env)).read_text())
    for entry in data["moves"]:
        entry["at"] = time.time() - (moves.HOURS + 1) * 3600
    Path(moves.path(env)).write_text(json.dumps(data))
    assert moves.Session(env, "s", "a").places == ()


def test_a_snapshot_or_a_person_clears_the_place(env, tmp_path) -> None:
    place = tmp_path / "build"
    place.mkdir()
    moves.Session(env, "s", "a").remember(moved("mv", str(place)), ALLOWED, "/")
    session = moves.Session(env, "s", "a")
    from agentsh.engine.model import Command, Finding
    from agentsh.policy.values import Severity

    finding = Finding("FS001", Severity.HIGH, Decision.CONFIRM, "m", (0, 1), "rm",
                      Command((), (0, 1)), recovery=(Snap("tree", str(tmp_path)),))
    deletion = Verdict("rm -rf .", Decision.CONFIRM, (finding,), True)
    session.remember(deletion, Answer(True, "policy", "allowed"), "/")  # no snapshot: kept
    assert moves.Session(env, "s", "a").places == (str(place),)
    session.remember(deletion, Answer(True, "snapshot", "recoverable", snapshot=object()), "/")
    assert moves.Session(env, "s", "a").places == ()


def test_the_record_is_bounded(env, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(moves, "MAX_ENTRIES", 5)
    for n in range(8):
        moves.Session(env, "s", "a").remember(moved("mv", f"{tmp_path}/p{n}"), ALLOWED, "/")
    assert len(json.loads(Path(moves.path(env)).read_text())["moves"]) == 5


@pytest.mark.parametrize("damage", ["mode", "symlink", "garbage"])
def test_a_record_that_is_not_safe_is_not_read(env, tmp_path, damage) -> None:
    place = tmp_path / "build"
    place.mkdir()
    moves.Session(env, "s", "a").remember(moved("mv", str(place)), ALLOWED, "/")
    path = Path(moves.path(env))
    if damage == "mode":
        path.chmod(0o644)
    elif damage == "symlink":
        real = tmp_path / "elsewhere.json"
        path.rename(real)
        path.symlink_to(real)
    else:
        path.write_text("{not json")
    assert moves.Session(env, "s", "a").places == ()


def test_no_record_costs_no_session_lookup(env, monkeypatch) -> None:
    monkeypatch.setattr(moves, "agent_session", lambda *a: pytest.fail("looked up"))
    session = moves.Session(env)
    assert session.places == () and session.key is None
    session.remember(moved("ls"), ALLOWED, "/")  # nothing moved: nothing written
    assert not os.path.exists(moves.path(env))
