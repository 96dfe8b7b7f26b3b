"""agentsh's own installation is protected wherever it runs from, as the compiled launcher
runs it: `python -I -S ENTRY` (red-team s29, bench/redteam/attack-2026-11-30-s29-gate.md).

With `-S`, `site` never moves `sys.prefix` into the virtual environment, so `$AGENTSH_VENV`
was never set and the launcher, its entry file and the venv's `python` were writable without a
question: `cp /bin/true .venv/bin/agentsh` ran, and the agent's hook, which names that
launcher, allowed everything after it."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import agentsh

SOURCE = Path(agentsh.__file__).resolve().parent


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    """A virtual environment laid out as install.sh makes it, holding this source tree."""
    root = tmp_path / "venv"
    site = root / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    shutil.copytree(SOURCE, site / "agentsh", ignore=shutil.ignore_patterns("__pycache__"))
    if not (site / "agentsh" / "rules.toml").exists():  # a source checkout keeps it above
        shutil.copy(SOURCE.parent / "rules.toml", site / "agentsh" / "rules.toml")
    (root / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (root / "bin").mkdir()
    (root / "bin" / "agentsh").write_bytes(b"\x7fELF launcher")
    entry = root / "agentsh" / "lib" / "agentsh-entry.py"
    entry.parent.mkdir(parents=True)
    deps = sysconfig.get_paths()["purelib"]  # tree-sitter, bashlex ... from the test's venv
    entry.write_text(f"import sys\nsys.path[:0] = [{str(site)!r}, {deps!r}]\n"
                     "from agentsh.cli import entry\nentry()\n")
    return root


def run_as_agent(venv: Path, home: Path, command: str) -> subprocess.CompletedProcess:
    """`agentsh check COMMAND` started as the launcher starts it, with an agent's markers."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "CLAUDECODE": "1", "LANG": "C.UTF-8"}
    entry = venv / "agentsh" / "lib" / "agentsh-entry.py"
    return subprocess.run([sys.executable, "-I", "-S", str(entry), "check", "--", command],
                          cwd=home, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


@pytest.mark.parametrize("command", [
    "cp /bin/true {venv}/bin/agentsh",
    "ln -sf /bin/true {venv}/bin/agentsh",
    "printf 'import sys' > {venv}/agentsh/lib/agentsh-entry.py",
    "rm {venv}/pyvenv.cfg",
    "cd {venv}/bin && cp /bin/true agentsh",
], ids=["cp-launcher", "ln-launcher", "entry-file", "pyvenv-cfg", "cd-then-cp"])
def test_writes_to_the_running_venv_ask(venv: Path, tmp_path: Path, command: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = run_as_agent(venv, home, command.format(venv=venv))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SELF001" in done.stdout


def test_reading_the_running_venv_runs(venv: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = run_as_agent(venv, home, f"ls -l {venv}/bin && cat {venv}/pyvenv.cfg")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_python_under_home_is_named(monkeypatch, tmp_path: Path) -> None:
    from agentsh.engine import runtime

    base = tmp_path / ".pyenv" / "versions" / "3.11.7"
    base.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "base_prefix", str(base))
    monkeypatch.setattr(runtime, "_RUNNING", None)
    assert runtime.running_install()["AGENTSH_PYTHON"] == str(base)
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.setattr(runtime, "_RUNNING", None)
    assert "AGENTSH_PYTHON" not in runtime.running_install()
    monkeypatch.setattr(runtime, "_RUNNING", None)
