"""`docker compose -p ci-$$ down -v` is the line's own stack (a project named with this shell's
process ID: engine.made), unless the compose file names a volume with a fixed `name:`: that
volume is the same whatever the project is called, and `down -v` removes it. Before session 30
the project's name alone decided, so a compose file with `name: prod-pgdata` lost its data
unasked. Also `docker-compose -f FILE down -v` (compose v1) read FILE as the subcommand and
ran unasked. Run as the agent, with a stand-in docker that records that it ran; a compose file
whose volumes follow the project, or are external, still runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

FIXED = ("services:\n  db:\n    image: postgres\n    volumes: [pgdata:/var/lib/postgresql/data]\n"
         "volumes:\n  pgdata:\n    name: prod-pgdata\n")
SCOPED = ("services:\n  db:\n    image: postgres\n    volumes: [pgdata:/var/lib/postgresql/data]\n"
          "volumes:\n  pgdata: {}\n  cache:\n    name: ${COMPOSE_PROJECT_NAME}-cache\n"
          "  shared:\n    external: true\n    name: prod-shared\n")


def _rig(tmp_path: Path, agent_home: Path, compose: str):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "ran.log"
    for cli in ("docker", "docker-compose"):
        (bin_dir / cli).write_text(f"#!/bin/sh\necho \"$0 $*\" >> {log}\n")
        (bin_dir / cli).chmod(0o755)
    work = tmp_path / "app"
    work.mkdir()
    (work / "docker-compose.yml").write_text(compose)
    env = clean_env(agent_home, CLAUDECODE="1")
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    return work, env, log


@pytest.mark.parametrize("command", [
    "docker compose -p ci-$$ down -v",
    "docker compose -p ci-$$ down --volumes --remove-orphans",
    "docker compose -p e2e-$$ -f docker-compose.yml down -v",
    "docker-compose -f docker-compose.yml down -v",
])
def test_down_v_of_a_fixed_volume_name_asks(agentsh_bin: str, tmp_path: Path,
                                            agent_home: Path, command: str) -> None:
    work, env, log = _rig(tmp_path, agent_home, FIXED)
    assert b"CLOUD009" in assert_blocked(run_as_agent(agentsh_bin, command, work, env))
    assert not log.exists()


def test_a_fixed_name_written_by_the_line_asks(agentsh_bin: str, tmp_path: Path,
                                               agent_home: Path) -> None:
    work, env, log = _rig(tmp_path, agent_home, SCOPED)
    command = ("cat > compose.yaml <<'EOF'\n" + FIXED + "EOF\ndocker compose -p ci-$$ -f "
               "compose.yaml down -v")
    assert b"CLOUD009" in assert_blocked(run_as_agent(agentsh_bin, command, work, env))


@pytest.mark.parametrize("command", [
    "docker compose -p ci-$$ down -v",
    "docker compose -p it-$$ up -d --wait && true; docker compose -p it-$$ down -v",
    "docker compose down",
    "docker-compose -f docker-compose.yml down",
])
def test_project_scoped_volumes_run(agentsh_bin: str, tmp_path: Path, agent_home: Path,
                                    command: str) -> None:
    work, env, log = _rig(tmp_path, agent_home, SCOPED)
    done = run_as_agent(agentsh_bin, command, work, env)
    assert done.returncode == 0, done.stderr
    assert log.exists()
