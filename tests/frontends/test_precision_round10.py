"""Round 10 (docs/precision.md): a PHP syntax check runs none of the file's code; `kubectl auth
can-i delete` is a question. Each with a dangerous twin that still asks, run as the agent runs
commands (no terminal, CLAUDECODE=1, a temporary HOME); stand-in `php` and `kubectl` record
that they ran."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent


def _world(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    home, work, bin_dir = tmp_path / "home", tmp_path / "work", tmp_path / "bin"
    for d in (home, work / "app", bin_dir):
        d.mkdir(parents=True)
    (work / "app" / "a.php").write_text("<?php echo 1;\n")
    for prog in ("php", "kubectl"):
        (bin_dir / prog).write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path}/{prog}.log\n")
        (bin_dir / prog).chmod(0o755)
    env = {**clean_env(home), "CLAUDECODE": "1"}
    return work, {**env, "PATH": f"{bin_dir}:{env['PATH']}"}


@pytest.mark.parametrize("command", [
    "find . -name '*.php' -not -path './vendor/*' | xargs -n1 php -l",
    "find app -name '*.php' -exec php -l {} \\;",
    "kubectl auth can-i delete pods -n staging",
])
def test_checks_and_questions_run(tmp_path: Path, agentsh_bin, command: str) -> None:
    work, env = _world(tmp_path)
    done = run_as_agent(agentsh_bin, command, work, env, text=True)
    assert done.returncode == 0, done.stderr[-600:]
    prog = command.split("|")[-1].split()[0] if "kubectl" in command else "php"
    assert (tmp_path / f"{prog}.log").exists()


@pytest.mark.parametrize("command", [
    "find . -name '*.php' | xargs -n1 php",  # runs each file
    "find . -name '*.php' | xargs -n1 php -l -d auto_prepend_file=x.php",
    "kubectl delete pods --all -n staging",
    "kubectl auth can-i delete pods && kubectl delete pods --all",
])
def test_their_twins_ask(tmp_path: Path, agentsh_bin, command: str) -> None:
    work, env = _world(tmp_path)
    assert_blocked(run_as_agent(agentsh_bin, command, work, env, text=True))
    assert not (tmp_path / "php.log").exists() and not (tmp_path / "kubectl.log").exists()
