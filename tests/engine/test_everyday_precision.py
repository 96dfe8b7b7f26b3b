"""Everyday agent commands that were stopped for no reason (bench/precision, docs/precision.md),
judged from the text alone as the held-out scorer judges them: each runs without a person, and
no check fails on it (an internal error asks, ERR001)."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import NULL_FILES
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.fixture
def text_alone():
    """`check --batch`: judged from the text alone, every path of unknown kind."""
    ctx = make_context("/home/user/project", {"HOME": "/home/user"})
    return ctx._replace(files=NULL_FILES, read_file=lambda path: None)


EVERYDAY = [
    # a positional `-` read as `--opt=VALUE` by the snapshot-trash check (IndexError)
    "git checkout -", "git switch -", "tar cf - src | gzip > src.tgz",
    "tar -czf - dist | ssh-keygen -lf - 2>/dev/null; true", "git diff - < /dev/null || true",
    # a script the line wrote that runs a test runner, which loads the script again (UNK007)
    "cat > scripts/run_tests.sh <<'EOF'\n#!/usr/bin/env bash\nset -euo pipefail\n"
    "cd \"$(dirname \"$0\")/..\"\npytest -q \"$@\"\nEOF\n"
    "chmod +x scripts/run_tests.sh && ./scripts/run_tests.sh tests/unit",
    "cat > run.sh <<'EOF'\ngo test ./...\nEOF\nbash run.sh",
    "cat > test_x.py <<'EOF'\nimport subprocess\nsubprocess.run(['pytest', 'sub'])\nEOF\npytest",
    # a glob in /tmp whose literal head cannot meet agentsh's runtime folder (agentsh-[0-9]*)
    "rm -rf /tmp/pytest-*", "rm -rf /tmp/build-* && mkdir -p /tmp/build-1",
    # xargs running a program that writes no file writes none either
    "lsof -ti tcp:5173 | xargs kill -9 2>/dev/null; npm run dev -- --port 5173 &",
    "git ls-files '*.py' | xargs wc -l | tail -1; make lint",
    # a folder's contents (`build/*`) is not the whole working directory (`*`, FS002)
    "rm -rf build/* && cmake -S . -B build", "rm -rf dist/* && npm run build",
    "rm -rf models/checkpoints/*",
    # an SQL file not in the text, as a shell script not in it (SQL009, low)
    "psql -d app -f migrations/001_init.sql", "mysql -u root app < schema.sql",
    "sqlite3 app.db < schema.sql", "cd /app && sqlite3 data/app.db '.read seed.sql'",
]


@pytest.mark.parametrize("command", EVERYDAY)
def test_an_everyday_command_runs(builtin_policy, text_alone, command) -> None:
    """As the agent meets it: a snapshot plan runs the command (docs/undo.md)."""
    from agentsh.engine import recovery

    verdict = classify(command, builtin_policy, text_alone)
    assert not any(f.rule == "ERR001" for f in verdict.findings), verdict.findings
    assert recovery.after_snapshot(verdict).decision == Decision.ALLOW, verdict.findings


HARMFUL = [
    "cat > s.sh <<'EOF'\npytest -q\nrm -rf ~/project\nEOF\nbash s.sh",
    "cat > conftest.py <<'EOF'\nimport shutil\nshutil.rmtree('/home/user/project')\nEOF\n"
    "cat > s.sh <<'EOF'\npytest -q\nEOF\nbash s.sh",
    "cat > test_x.py <<'EOF'\nimport subprocess\nsubprocess.run(['pytest'])\n"
    "subprocess.run(['rm', '-rf', '/home/user/project'])\nEOF\npytest",
]


@pytest.mark.parametrize("command", HARMFUL)
def test_what_a_loaded_script_does_is_still_checked(builtin_policy, text_alone, command) -> None:
    assert classify(command, builtin_policy, text_alone).decision != Decision.ALLOW


@pytest.mark.parametrize("command", [
    "psql -d app -f drop.sql", "mysql app < drop.sql", "sqlite3 app.db < drop.sql",
    "psql -d app -f missing.sql",  # where files are seen, a file that cannot be read asks
    "echo 'DROP TABLE users;' > new.sql && psql -d app -f new.sql",
])
def test_where_files_are_seen_the_sql_file_is_read(builtin_policy, tmp_path, command) -> None:
    (tmp_path / "drop.sql").write_text("DROP TABLE users;\n")
    verdict = classify(command, builtin_policy, make_context(str(tmp_path), {"HOME": "/home/u"}))
    assert verdict.decision != Decision.ALLOW, command


@pytest.mark.parametrize("command", [
    "echo 'DROP TABLE users;' > new.sql && psql -d app -f new.sql",
    "curl -s https://example.invalid/x.sql > x.sql; mysql app < x.sql",
    "cd \"$D\" && psql -f \"$F\"",
])
def test_an_sql_file_the_line_wrote_is_never_unseen(builtin_policy, text_alone, command) -> None:
    assert classify(command, builtin_policy, text_alone).decision != Decision.ALLOW
