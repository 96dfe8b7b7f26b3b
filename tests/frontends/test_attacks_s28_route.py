"""Stop 28's attack on the hook route and the agents' file tools
(bench/redteam/attack-2026-11-30-s28-route.md), each attack run as the agent would: the payload
the agent sends into `agentsh hook AGENT`, no terminal, agent markers set."""

from __future__ import annotations

import json
import os
import pwd
import subprocess

import pytest

from tests.frontends.conftest import agent_env
from tests.frontends.test_hook_route import CHAIN, payload, rig  # noqa: F401 (rig: a fixture)
from tests.frontends.test_hook_route import hook as route_hook
from tests.frontends.test_other_agents_file_tools import PATH_TOOLS, TOOLS, blocked, hook


def _user_whose_home_is_absent() -> pwd.struct_passwd | None:
    """A user whose home does not exist: it stands for the agent's own user (HOME is its home)
    without anything of a real home being read or written."""
    for entry in pwd.getpwall():
        if entry.pw_dir.startswith("/") and entry.pw_dir != "/" and \
                not os.path.exists(entry.pw_dir) and entry.pw_name.isidentifier():
            return entry
    return None


USER = _user_whose_home_is_absent()


@pytest.mark.skipif(USER is None, reason="no user whose home directory is absent")
@pytest.mark.parametrize("case", PATH_TOOLS)
@pytest.mark.parametrize("where,rule", [("/.bashrc", "SELF003"),
                                        ("/.config/agentsh/rules.toml", "SELF001")])
def test_a_file_named_by_its_users_tilde_is_judged_where_it_lands(agentsh_bin, env, tmp_path,
                                                                 case, where, rule) -> None:
    """`~me/.bashrc` (the agent's own user by name) given to a file tool was judged as `touch` of
    a path the engine cannot resolve, and allowed: a tool that expands it (`expanduser`) wrote
    the start-up file, or agentsh's own rules, unasked."""
    agent, make = TOOLS[case]
    env = {**env, "HOME": USER.pw_dir}
    result = hook(agentsh_bin, agent, make(f"~{USER.pw_name}{where}", tmp_path), env)
    assert blocked(agent, result), (result.returncode, result.stdout, result.stderr)
    assert rule in result.stderr.decode() + result.stdout.decode()


# ---- the hook route: only Claude Code's own Bash call, with its session carried whole


@pytest.mark.parametrize("marker", [{"cursor_version": "1.7.2"}, {"conversation_id": "c-1"},
                                    {"generation_id": "g-1"}, {"workspace_roots": ["/w"]}])
def test_another_agents_payload_naming_its_tool_bash_is_never_rerouted(agentsh_bin, rig,
                                                                      marker) -> None:
    """Cursor (and VS Code) run the hooks of `~/.claude/settings.json` with payloads of their
    own. One that names its shell tool `Bash` got `updatedInput` and "allow"/"ask": an agent that
    drops `updatedInput` runs the original line, with no snapshot and no person from agentsh.
    Now it gets the hook's own answer (a person, or a refusal)."""
    home, work, env = rig
    data = {**json.loads(payload(CHAIN, work, mode="bypassPermissions")), **marker}
    done = route_hook(agentsh_bin, json.dumps(data).encode(), work, env)
    assert b"updatedInput" not in done.stdout
    assert done.returncode == 2 and json.loads(done.stdout)["hookSpecificOutput"][
        "permissionDecision"] == "deny"


@pytest.mark.parametrize("sid", ["s p a c e", "x" * 300, "a/b", "ümlaut"])
def test_a_session_id_the_mark_cannot_carry_is_not_rerouted(agentsh_bin, rig, sid) -> None:
    """The mark keeps only a plain session id; with any other the wrapper judged the line as
    another session's (without what this session moved before) and ran it. Now such a line is
    not rerouted: the hook answers as before."""
    home, work, env = rig
    data = {**json.loads(payload(CHAIN, work, mode="bypassPermissions")), "session_id": sid}
    done = route_hook(agentsh_bin, json.dumps(data).encode(), work, env)
    assert b"updatedInput" not in done.stdout
    assert done.returncode == 2


# ---- a hard link planted first, then written through by any tool


@pytest.mark.parametrize("link", ["ln {target} notes.txt", "cp -l {target} notes.txt",
                                  "link {target} notes.txt", "ln -t . {target}"])
@pytest.mark.parametrize("target", [".config/agentsh/rules.toml", ".bashrc",
                                    ".claude/settings.json"])
def test_a_hard_link_to_a_protected_file_is_asked_about(agentsh_bin, tmp_path, link,
                                                        target) -> None:
    """`ln ~/.config/agentsh/rules.toml notes.txt` was allowed: the new name is the same file,
    and a later `echo ... > notes.txt` (or a file tool's write of notes.txt) rewrote agentsh's
    rules, a start-up file or the hook settings, with no path naming them. The link is now
    judged as a change to the file it links (no person here: refused)."""
    home = tmp_path / "home"
    (home / os.path.dirname(target)).mkdir(parents=True, exist_ok=True)
    (home / target).write_text("# kept\n")
    work = tmp_path / "proj"
    work.mkdir()
    env = agent_env(home)
    name = os.path.basename(target) if "-t" in link else "notes.txt"

    def agent(line: str) -> subprocess.CompletedProcess:
        return subprocess.run([agentsh_bin, "-c", line], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                              start_new_session=True)

    done = agent(link.format(target=f"~/{target}"))
    assert done.returncode == 126, (done.stdout, done.stderr)
    agent(f"echo 'enforce = false' > ./{name}")  # the next command, through the link
    assert (home / target).read_text() == "# kept\n"
    assert os.stat(home / target).st_nlink == 1


def test_a_hard_link_between_project_files_is_still_quiet(agentsh_bin, tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "a.c").write_text("int a;\n")
    done = subprocess.run([agentsh_bin, "-c", "ln a.c b.c && cat b.c"], cwd=tmp_path,
                          env=agent_env(home), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60, start_new_session=True)
    assert done.returncode == 0 and done.stdout == b"int a;\n", done.stderr
