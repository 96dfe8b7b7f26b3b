"""`${x@P}` (exp8.sub): a prompt expansion decodes backslash escapes, then expands `$(...)`,
backquotes and `${y@P}` in the value. Where every value x may hold here is known and has no
`$`, backquote or backslash, nothing in it can run: agentsh lets it run as bash runs it. A value
only known at run time, or one that decodes to code (`\\044(cmd)` is `$(cmd)`), still asks."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env


@pytest.fixture
def rig(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").mkdir()
    (home / "data" / "keep.txt").write_text("precious\n")
    work = tmp_path / "work"
    work.mkdir()
    return work, home, agent_env(home)


@pytest.mark.parametrize("line", [
    "var=$'x\\001y\\177z'; recho() { printf '<%s>\\n' \"$@\"; }; recho ${var@P}",
    "v='a b'; echo \"${v@P}\" ${v@P}",
    "if [ -e nothere ]; then v=a; else v=b; fi; echo \"${v@P}\"",
    "v=; echo \"[${v@P}]\"",
], ids=["control-chars", "spaces", "either-branch", "empty"])
def test_known_inert_values_run_as_in_bash(agentsh_bin, rig, line) -> None:
    work, _, env = rig
    done = run_as_agent(agentsh_bin, line, work, env, text=True)
    bash = subprocess.run(["bash", "-c", line], cwd=work, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == bash.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == (bash.stdout, bash.stderr)


@pytest.mark.parametrize("line", [
    "v='$(rm -rf ~/data)'; echo \"${v@P}\"",
    "v='\\044(rm -rf ~/data)'; echo \"${v@P}\"",  # octal escape decodes to `$(`
    "v='\\140rm -rf ~/data\\140'; echo \"${v@P}\"",  # ... to a backquote
    "y='$(rm -rf ~/data)'; v='${y@P}'; echo \"${v@P}\"",
    "v=a; f() { v=$1; }; f '$(rm -rf ~/data)'; echo \"${v@P}\"",
    "v=a; declare -n r=v; r='$(rm -rf ~/data)'; echo \"${v@P}\"",
    "if [ -e nothere ]; then v=a; else v='`rm -rf ~/data`'; fi; echo \"${v@P}\"",
    "v=a; read -r v <<< '$(rm -rf ~/data)'; echo \"${v@P}\"",
    "v=a; n=v; echo \"${!n@P}\"",
    "echo \"${V@P}\"",
], ids=["dollar-paren", "octal-dollar", "octal-backquote", "nested-prompt", "function-call",
        "nameref", "one-branch", "read", "indirect", "unknown"])
def test_values_that_may_run_code_still_ask(agentsh_bin, rig, line) -> None:
    work, home, env = rig
    assert_blocked(run_as_agent(agentsh_bin, line, work, {**env, "V": "$(rm -rf ~/data)"}))
    assert (home / "data" / "keep.txt").exists()
