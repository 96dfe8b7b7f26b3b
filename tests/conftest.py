"""Shared fixtures. Tests never touch the real home, /etc or a real database: every subprocess
gets a temporary HOME and XDG directories, and no agent markers from the calling environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agentsh.engine.model import Context
from agentsh.policy import build as policy_mod

ROOT = Path(__file__).resolve().parent.parent
AGENT_MARKERS = ("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CURSOR_AGENT", "CURSOR_TRACE_ID",
                 "GEMINI_CLI", "AIDER_MODEL", "OPENHANDS", "AGENTSH_RULES", "AGENTSH_BASH")


def find_agentsh() -> str:
    explicit = os.environ.get("AGENTSH_BIN")
    if explicit:
        return explicit
    for candidate in (Path(sys.executable).parent / "agentsh", ROOT / ".venv" / "bin" / "agentsh"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("agentsh")
    if found:
        return found
    raise RuntimeError("agentsh is not installed: run ./install.sh --dev first")


@pytest.fixture(scope="session")
def agentsh_bin() -> str:
    return find_agentsh()


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in AGENT_MARKERS and not k.startswith(("CODEX_", "XDG_", "AGENTSH_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_STATE_HOME=str(home / ".local" / "state"),
               XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(home / "run"), AGENTSH_SYSTEM_RULES=str(home / "no-system"),
               LC_ALL="C.UTF-8", TERM="xterm")
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    env.update(extra)
    return env


def without_snapshots(env: dict[str, str], home: Path) -> dict[str, str]:
    """The environment with snapshots off (a team rules layer), for tests of asking a person
    that use `rm -rf` as their example of a command that needs one: with snapshots on, it runs
    after a snapshot instead (docs/undo.md)."""
    team = home.parent / "no-snapshots.toml"  # beside the home: tests look inside it
    team.write_text("[settings.snapshots]\nenabled = false\n")
    return {**env, "AGENTSH_RULES": str(team)}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return clean_env(home)


@pytest.fixture(scope="session")
def builtin_policy():
    policy, _ = policy_mod.build("/nonexistent", {"HOME": "/nonexistent"},
                                 system=Path("/nonexistent"))
    assert not policy.errors, policy.errors
    return policy


@pytest.fixture
def ctx() -> Context:
    return Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                   read_file=lambda path: None)


def run_as_agent(agentsh_bin: str, command: str, cwd: Path, env: dict[str, str],
                 stdin: bytes | None = None, timeout: float = 60,
                 text: bool = False) -> subprocess.CompletedProcess:
    """`agentsh -c COMMAND` as an agent runs it: no controlling terminal (a new session),
    standard input empty or the given bytes, output captured. The caller's `env` says which
    agent (e.g. CLAUDECODE=1)."""
    return subprocess.run([agentsh_bin, "-c", command], cwd=cwd, env=env, input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, text=text,
                          start_new_session=True)


# a PATH stand-in that records its name and arguments in $SHIM_LOG and reads its input
SHIM = "#!/bin/sh\nprintf '%s\\n' \"$(basename \"$0\") $*\" >> \"$SHIM_LOG\"\ncat >/dev/null\n"


def shimmed_env(home: Path, bin_dir: Path, shims: dict[str, str], log: Path,
                **extra: str) -> dict[str, str]:
    """An agent's environment (CLAUDECODE=1, HOME `home`) whose PATH starts with `bin_dir`,
    holding each program of `shims` (name -> script, usually `SHIM`) logging to `log`."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name, script in shims.items():
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    base = clean_env(home)
    return {**base, "CLAUDECODE": "1", "PATH": f"{bin_dir}:{base['PATH']}",
            "SHIM_LOG": str(log), **extra}


def claude_hook(agentsh_bin: str, command: str, cwd: Path, env: dict[str, str]
                ) -> subprocess.CompletedProcess:
    """Claude Code's PreToolUse hook for its Bash tool running `command` (bytes out)."""
    import json

    body = {"session_id": "s", "hook_event_name": "PreToolUse", "tool_name": "Bash",
            "cwd": str(cwd), "tool_input": {"command": command}}
    return subprocess.run([agentsh_bin, "hook", "claude-code"], input=json.dumps(body).encode(),
                          env=env, capture_output=True, timeout=60, start_new_session=True)


def assert_blocked(done: subprocess.CompletedProcess) -> bytes:
    """The command was refused (exit 126, "blocked"): nobody was there to ask. Returns stderr."""
    blocked = "blocked" if isinstance(done.stderr, str) else b"blocked"
    assert done.returncode == 126 and blocked in done.stderr, (
        done.args, done.returncode, done.stderr[-600:])
    return done.stderr
