"""Build folders deleted from code decide as `rm -rf` of the same folders does in the shell
(session 29, engineer "code6"): a Python comprehension over a literal list of folders is walked
once per folder, as a `for` loop over them was (before, its item was only known at run time:
INT001). Run as a blocked agent would (`agentsh -c`, no terminal, CLAUDECODE=1, snapshots off).
Each RUNS command was refused on main; each has a dangerous twin in BLOCKED."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env

RUNS = {
    "listcomp-build-dirs": "python3 -c 'import shutil; [shutil.rmtree(d, ignore_errors=True) "
                           "for d in (\"dist\", \"build\", \".pytest_cache\")]'",
    "genexp-caches": "python3 -c 'import shutil; any(shutil.rmtree(d, ignore_errors=True) "
                     "for d in [\"dist\", \".mypy_cache\"])'",
    "listcomp-filtered": "python3 -c 'import os, shutil; [shutil.rmtree(d) for d in "
                         "(\"dist\", \"coverage\") if os.path.isdir(d)]'",
}
BLOCKED = {
    "listcomp-with-src": "python3 -c 'import shutil; [shutil.rmtree(d, ignore_errors=True) "
                         "for d in (\"dist\", \"src\")]'",
    "listcomp-with-home": "python3 -c 'import os, shutil; [shutil.rmtree(os.path.expanduser(d), "
                          "ignore_errors=True) for d in (\"dist\", \"~/data\")]'",
    "listcomp-argv": "python3 -c 'import shutil, sys; [shutil.rmtree(d) for d in sys.argv[1:]]' "
                     "dist ~/data",
    "listcomp-two-generators": "python3 -c 'import shutil; [shutil.rmtree(a + b) for a in "
                               "(\"dist\",) for b in (\"\", \"/../src\")]'",
}


@pytest.fixture
def proj(tmp_path: Path, agent_home: Path):
    env = agent_env(agent_home, snapshots=False)
    (agent_home / "data").mkdir(exist_ok=True)
    (agent_home / "data" / "keep.txt").write_text("precious\n")
    proj = tmp_path / "proj"
    (proj / "dist").mkdir(parents=True)
    (proj / "src").mkdir()
    (proj / "src" / "main.py").write_text("print(1)\n")
    return proj, env, agent_home


@pytest.mark.parametrize("command", RUNS.values(), ids=list(RUNS))
def test_build_dirs_deleted_from_code_run(agentsh_bin, proj, command) -> None:
    proj, env, home = proj
    done = run_as_agent(agentsh_bin, command, proj, env)
    assert done.returncode == 0, done.stderr[-600:]
    assert not (proj / "dist").exists()  # it really ran
    assert (proj / "src" / "main.py").exists()


@pytest.mark.parametrize("command", BLOCKED.values(), ids=list(BLOCKED))
def test_project_or_home_deleted_from_code_is_refused(agentsh_bin, proj, command) -> None:
    proj, env, home = proj
    assert_blocked(run_as_agent(agentsh_bin, command, proj, env))
    assert (proj / "src" / "main.py").exists()
    assert (home / "data" / "keep.txt").exists()
