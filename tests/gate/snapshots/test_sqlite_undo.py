"""SQL on a local SQLite file runs after a copy of the file (lead, session 30): `sqlite3
tmp/test.db 'DELETE FROM jobs; VACUUM;'`, `sqlite3 app.db 'DROP TABLE IF EXISTS events'` asked a
person (SQL004, SQL001) though the file is the whole of what they change; agents reset local
test databases this way all day (precision sets 5-8). Now a copy of the file (and its journal
or log) is taken, the command runs, and `agentsh undo` brings the rows back. SQL that may reach
past the file, or that agentsh cannot read, still asks. Run as the agent (no terminal,
`CLAUDECODE=1`, a temporary HOME)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.gate.snapshots.helpers import agent, person, undo_id

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="sqlite3 is not installed")


def _db(proj: Path) -> Path:
    (proj / "tmp").mkdir(parents=True)
    db = proj / "tmp" / "test.db"
    con = sqlite3.connect(db)
    con.executescript("CREATE TABLE jobs(id INTEGER); INSERT INTO jobs VALUES (1), (2), (3);"
                      "CREATE TABLE events(k TEXT); INSERT INTO events VALUES ('a');")
    con.commit()
    con.close()
    return db


def _rows(db: Path, table: str) -> int | None:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return None  # no such table
    finally:
        con.close()


@pytest.mark.parametrize("command, table", [
    ("sqlite3 tmp/test.db 'DELETE FROM jobs; VACUUM;'", "jobs"),
    ("sqlite3 tmp/test.db 'DROP TABLE IF EXISTS events'", "events"),
    ("cd tmp && sqlite3 test.db 'UPDATE jobs SET id = NULL'", None),
    ("sqlite3 -bail tmp/test.db 'DELETE FROM jobs' 'DROP TABLE events'", "jobs"),
])
def test_sql_on_a_local_sqlite_file_runs_after_a_copy(agentsh_bin, env, home, tmp_path,
                                                      command, table) -> None:
    proj = tmp_path / "proj"
    db = _db(proj)
    ran = agent(agentsh_bin, env, proj, command)
    assert ran.returncode == 0, ran.stderr
    if table:
        assert _rows(db, table) in (0, None)
    undone = person(agentsh_bin, env, proj, "undo", undo_id(ran))
    assert undone.returncode == 0, undone.stdout + undone.stderr
    assert _rows(db, "jobs") == 3 and _rows(db, "events") == 1
    assert sqlite3.connect(db).execute("SELECT count(*) FROM jobs WHERE id IS NULL"
                                       ).fetchone()[0] == 0


@pytest.mark.parametrize("command", [
    "sqlite3 tmp/test.db \"ATTACH 'tmp/other.db' AS o; DELETE FROM jobs\"",
    "sqlite3 tmp/test.db '.shell true' 'DELETE FROM jobs'",
    "sqlite3 -cmd '.shell true' tmp/test.db 'DELETE FROM jobs'",
    "echo 'DELETE FROM jobs;' | sqlite3 tmp/test.db",
    "sqlite3 tmp/test.db < drop.sql",
    "sqlite3 \"tmp/$RANDOM.db\" 'DELETE FROM jobs'",
    "sqlite3 \"file:tmp/test.db?mode=rw\" 'DELETE FROM jobs'",
    "sqlite3 tmp/test.db \"SELECT load_extension('./x.so'); DELETE FROM jobs\"",
    # native code loaded into sqlite3, with or without other SQL (UNK013)
    "sqlite3 tmp/test.db \"SELECT load_extension('./x.so')\"",
    "sqlite3 -cmd '.load ./x' tmp/test.db 'select 1'",
    # a database not named for tests or scratch work is a person's data (precision sets 1, 2, 7)
    "cp tmp/test.db tmp/app.db && sqlite3 tmp/app.db 'DELETE FROM jobs'",
    # an application's data outside the working folder is a person's (precision sets 3-4)
    "sqlite3 ~/app/test.db 'DELETE FROM jobs'",
    "cd ~ && sqlite3 app/test.db 'DELETE FROM jobs'",
    # review-g: options in their two-dash spelling, SQL that writes past the file, links
    "sqlite3 --init drop.sql tmp/test.db 'DELETE FROM jobs'",
    "sqlite3 tmp/test.db 'DELETE FROM jobs' --vfs unix-none",
    "sqlite3 -deserialize tmp/test.db 'DELETE FROM jobs'",
    "sqlite3 tmp/test.db 'DELETE FROM jobs; VACUUM main INTO \"tmp/copy.db\"'",
    "sqlite3 tmp/test.db 'DELETE FROM jobs; VACUUM/**/INTO \"tmp/copy.db\"'",
    "sqlite3 tmp/test.db \"CREATE VIRTUAL TABLE temp.z USING zipfile('tmp/z.zip'); "
    "DELETE FROM jobs\"",
    "ln -s ~/app/test.db tmp/x_test.db; sqlite3 tmp/x_test.db 'DELETE FROM jobs'",
    "ln -s ~/app lnk && sqlite3 lnk/test.db 'DELETE FROM jobs'",
    # the same file as `sqlite3 ~/app/test.db`, reached by a change of folder
    "cd ~/app && sqlite3 test.db 'DELETE FROM jobs'",
    "pushd ~/app && sqlite3 test.db 'DELETE FROM jobs'",
    "env -C ~/app sqlite3 test.db 'DELETE FROM jobs'",
    "(cd ~/app; sqlite3 test.db 'DELETE FROM jobs')",
    "bash -c \"cd ~/app && sqlite3 test.db 'DELETE FROM jobs'\"",
])
def test_sql_that_may_reach_past_the_file_still_asks(agentsh_bin, env, home, tmp_path,
                                                     command) -> None:
    proj = tmp_path / "proj"
    db = _db(proj)
    _db(home / "app" / "x")  # a database of the same name under the home, not the project
    (home / "app" / "test.db").write_bytes((home / "app" / "x" / "tmp" / "test.db").read_bytes())
    (proj / "drop.sql").write_text("DELETE FROM jobs;\n.shell true\n")
    (proj / "dbname").write_text("tmp/test.db\n")
    ran = agent(agentsh_bin, env, proj, command)
    assert ran.returncode == 126, (ran.returncode, ran.stderr)
    assert _rows(db, "jobs") == 3 and _rows(home / "app" / "test.db", "jobs") == 3


def test_a_link_named_for_tests_to_a_database_elsewhere_asks(agentsh_bin, env, home,
                                                             tmp_path) -> None:
    """`tmp/x_test.db -> ~/app/test.db` made before: the file sqlite3 opens is the link's."""
    proj = tmp_path / "proj"
    _db(proj)
    _db(home / "app" / "x")
    (proj / "tmp" / "x_test.db").symlink_to(home / "app" / "x" / "tmp" / "test.db")
    ran = agent(agentsh_bin, env, proj, "sqlite3 tmp/x_test.db 'DELETE FROM jobs'")
    assert ran.returncode == 126, (ran.returncode, ran.stderr)
    assert _rows(home / "app" / "x" / "tmp" / "test.db", "jobs") == 3


def test_init_in_its_two_dash_spelling_is_read(agentsh_bin, env, tmp_path) -> None:
    """sqlite3 takes `--init F` as `-init F`: the file's SQL is unread, not an allowed line."""
    import subprocess
    out = subprocess.run([str(agentsh_bin), "check", "sqlite3 --init evil.sql app.db 'select 1'"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert not out.stdout.startswith("allow"), out.stdout


@pytest.mark.parametrize("command", [
    "sqlite3 app.db \"SELECT load_extension/**/('./x.so')\"",
    "sqlite3 app.db 'SELECT \"load_extension\"(\"./x.so\")'",
    "sqlite3 app.db 'SELECT [load_extension](\"./x.so\")'",
    "sqlite3 app.db '.lo ./x.so'",
    "sqlite3 app.db '.l ./x.so'",
    "sqlite3 app.db '.\"lo\" ./x.so'",
    "sqlite3 app.db <<< '.load ./x'",
    "printf '.load ./x\\n' | sqlite3 app.db",
    "sqlite3 app.db <<'EOF'\nSELECT load_extension('./x.so');\nEOF",
])
def test_every_spelling_of_loading_an_extension_asks(agentsh_bin, env, tmp_path,
                                                     command) -> None:
    """review-g: each of these loads ./x.so in sqlite3 3.40 and was allowed (UNK013 read only
    `load_extension(` and `.load` in the arguments)."""
    import subprocess
    out = subprocess.run([str(agentsh_bin), "check", command], capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert "UNK013" in out.stdout, out.stdout + out.stderr


@pytest.mark.parametrize("command", [
    "sqlite3 app.db '.log stdout'", "sqlite3 app.db '.limit'",
    "sqlite3 app.db \"select 'load_extension'\"",
])
def test_not_loading_an_extension_is_not_unk013(agentsh_bin, env, tmp_path, command) -> None:
    import subprocess
    out = subprocess.run([str(agentsh_bin), "check", command], capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert "UNK013" not in out.stdout, out.stdout
