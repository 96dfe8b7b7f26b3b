"""`agentsh setup` and `agentsh doctor`: for every agent, setup is idempotent and uninstall gives
every file back byte for byte (or removes what setup created, folders included); backups never
overwrite each other; the hook written fails closed when agentsh is gone; `--system --root` writes
the managed settings root-owned style; `--detect` and `doctor` see what is installed."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from agentsh.commands.setup import files
from agentsh.commands.setup.agents import AGENTS, CLAUDE_MATCHER, CODEX_MATCHER
from agentsh.commands.setup.wrapper import hook_command
from tests.conftest import without_snapshots

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
WRITABLE = sorted(name for name, agent in AGENTS.items() if name != "kiro")
SYSTEM = sorted(name for name, agent in AGENTS.items() if agent.system is not None)
# a person's own settings file, in their own layout, for the agents that share one with agentsh
THEIRS = {
    "claude-code": ('{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls)"]},\n'
                    '    "hooks": {\n        "PreToolUse": [\n            {"matcher": "Edit", '
                    '"hooks": [{"type": "command", "command": "/usr/bin/true"}]}\n        ]\n'
                    '    }\n}'),
    "cursor": '{"version":1,"hooks":{"afterFileEdit":[{"command":"./fmt.sh"}]}}\n',
    "codex": '{\n\t"hooks": {}\n}\n',
    "gemini": '{\n  "theme": "Dracula",\n  "ui": {"title": "ünïcode ✓"}\n}\n',
    "windsurf": '{"hooks": {"pre_run_command": [{"command": "echo hi", "show_output": false}]}}',
    "qwen": '{\n  "model": {"name": "qwen3-coder"}\n}\n',
    "droid": '{\n  "PreToolUse": [{"matcher": "Create", "hooks": [{"type": "command", '
             '"command": "lint"}]}]\n}\n',
    "antigravity": '{\n  "mine": {"enabled": false}\n}\n',
    "kimi": '# my config\ndefault_model = "kimi-k2"\n\n[models.kimi-k2]\nprovider = "moonshot"\n',
}


def setup(agentsh_bin: str, env: dict[str, str], *args: str, cwd: Path | None = None):
    return subprocess.run([agentsh_bin, "setup", *args], env=env, capture_output=True, text=True,
                          timeout=60, cwd=cwd)


def snapshot(root: Path, skip: tuple[str, ...] = (".local/state/agentsh",)) -> dict[str, bytes]:
    """Every file and folder under `root`, with the bytes of each file."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        out[rel] = path.read_bytes() if path.is_file() and not path.is_symlink() else b"<dir>"
    return out


def target(name: str, home: Path) -> Path:
    return AGENTS[name].user(home)


@pytest.mark.parametrize("name", WRITABLE)
def test_setup_is_idempotent_and_uninstall_leaves_a_fresh_home_as_it_was(agentsh_bin, env, home,
                                                                         name) -> None:
    before = snapshot(home)
    first = setup(agentsh_bin, env, name)
    assert first.returncode == 0, first.stdout
    after_first = snapshot(home)
    assert after_first != before
    second = setup(agentsh_bin, env, name)
    assert second.returncode == 0 and "nothing changed" in second.stdout
    assert snapshot(home) == after_first
    gone = setup(agentsh_bin, env, name, "--uninstall")
    assert gone.returncode == 0, gone.stdout
    assert snapshot(home) == before


@pytest.mark.parametrize("name", sorted(THEIRS))
def test_uninstall_restores_the_persons_file_byte_for_byte(agentsh_bin, env, home, name) -> None:
    path = target(name, home)
    path.parent.mkdir(parents=True)
    path.write_bytes(THEIRS[name].encode())
    before = snapshot(home)
    assert setup(agentsh_bin, env, name).returncode == 0
    assert path.read_bytes() != THEIRS[name].encode()
    assert setup(agentsh_bin, env, name).returncode == 0
    assert setup(agentsh_bin, env, name, "--uninstall").returncode == 0
    assert snapshot(home) == before
    assert not list((home / ".local" / "state").rglob("backups/*"))


def test_a_change_made_after_setup_is_kept_and_the_backup_named(agentsh_bin, env, home) -> None:
    path = target("claude-code", home)
    path.parent.mkdir()
    path.write_text(THEIRS["claude-code"])
    setup(agentsh_bin, env, "claude-code")
    doc = json.loads(path.read_text())
    doc["model"] = "sonnet"
    path.write_text(json.dumps(doc, indent=4) + "\n")
    out = setup(agentsh_bin, env, "claude-code", "--uninstall").stdout
    kept = json.loads(path.read_text())
    assert kept["model"] == "sonnet"
    assert kept["hooks"] == json.loads(THEIRS["claude-code"])["hooks"]
    backup = Path(out.split("kept in ")[1].strip().rstrip(")"))
    assert backup.read_text() == THEIRS["claude-code"]


def test_two_agents_in_one_file_each_come_out_and_the_last_restores(agentsh_bin, env,
                                                                    home) -> None:
    path = target("claude-code", home)
    path.parent.mkdir()
    path.write_text(THEIRS["claude-code"])
    setup(agentsh_bin, env, "claude-code")
    setup(agentsh_bin, env, "shell")
    assert "CLAUDE_CODE_SHELL" in path.read_text() and "hook claude-code" in path.read_text()
    setup(agentsh_bin, env, "claude-code", "--uninstall")
    assert "hook claude-code" not in path.read_text()
    setup(agentsh_bin, env, "shell", "--uninstall")
    assert path.read_text() == THEIRS["claude-code"]


def test_backups_never_overwrite_each_other(tmp_path) -> None:
    config = tmp_path / "settings.json"
    journal = files.Journal(tmp_path / "state")
    names = set()
    for n in range(5):  # well within one second
        config.write_text(f"version {n}")
        names.add(journal._backup(config))
    assert len(names) == 5
    assert sorted(p.read_text() for p in names) == [f"version {n}" for n in range(5)]


def test_a_file_that_is_not_agentshs_is_left_alone(agentsh_bin, env, home) -> None:
    hook = home / "Documents" / "Cline" / "Hooks" / "PreToolUse"
    hook.parent.mkdir(parents=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    result = setup(agentsh_bin, env, "cline")
    assert result.returncode != 0 and "not agentsh's" in result.stdout
    assert hook.read_text() == "#!/bin/sh\necho mine\n"


def test_broken_json_is_not_rewritten(agentsh_bin, env, home) -> None:
    path = target("gemini", home)
    path.parent.mkdir()
    path.write_text('{ // comment\n "a": 1 }')
    result = setup(agentsh_bin, env, "gemini")
    assert result.returncode != 0 and "not plain JSON" in result.stdout
    assert path.read_text() == '{ // comment\n "a": 1 }'


def test_codex_says_to_trust_the_hook_and_not_to_set_codex_hooks(agentsh_bin, env) -> None:
    out = setup(agentsh_bin, env, "codex").stdout
    assert "/hooks" in out and "trust" in out
    assert "codex_hooks" not in out


def test_claude_code_hook_blocks_on_failure_and_outlasts_the_approval_wait(agentsh_bin, env,
                                                                           home) -> None:
    setup(agentsh_bin, env, "claude-code")
    group = json.loads(target("claude-code", home).read_text())["hooks"]["PreToolUse"][0]
    assert group["matcher"] == CLAUDE_MATCHER
    assert group["hooks"][0]["onFailure"] == "block" and group["hooks"][0]["timeout"] == 600


@pytest.mark.parametrize("name,event", [("claude-code", "PreToolUse"), ("codex", "PreToolUse"),
                                        ("gemini", "BeforeTool")])
def test_update_input_is_written_for_the_agents_that_apply_it_and_comes_out_again(
        agentsh_bin, env, home, name, event) -> None:
    """`--update-input` declares that the agent applies a changed command (docs/undo.md, the
    route through the wrapper: Claude Code's and Codex's `updatedInput`, Gemini CLI's
    `tool_input`); an agent whose hook cannot change the command is refused it."""
    before = snapshot(home)
    assert setup(agentsh_bin, env, name, "--update-input").returncode == 0
    hook = json.loads(target(name, home).read_text())["hooks"][event][0]
    assert f" hook {name} --update-input; " in hook["hooks"][0]["command"]
    refused = setup(agentsh_bin, env, "cursor", "--update-input")
    assert refused.returncode != 0 and "claude-code, codex, gemini only" in refused.stdout
    assert setup(agentsh_bin, env, name, "--uninstall").returncode == 0
    assert snapshot(home) == before


def test_cursor_user_hook_keeps_cursors_approval_and_the_managed_one_fails_closed(
        agentsh_bin, env, home, tmp_path) -> None:
    setup(agentsh_bin, env, "cursor")
    user = json.loads(target("cursor", home).read_text())
    entry = user["hooks"]["beforeShellExecution"][0]
    assert user["version"] == 1 and entry["timeout"] == 600 and "failClosed" not in entry
    assert "--explicit-allow" not in entry["command"]
    root = tmp_path / "root"
    setup(agentsh_bin, env, "cursor", "--system", "--root", str(root))
    managed = json.loads((root / "etc" / "cursor" / "hooks.json").read_text())
    entry = managed["hooks"]["beforeShellExecution"][0]
    assert entry["failClosed"] is True and "--explicit-allow" in entry["command"]


def hook_of(name: str, home: Path, root: Path | None = None) -> str:
    """The command line agentsh's hook entry for `name` runs."""
    path = AGENTS[name].system(root) if root else target(name, home)
    if path.is_dir():
        path = next(p for p in path.iterdir() if p.is_file())
    if name == "cline":
        return f"/bin/sh {path}"
    text = path.read_text()
    if name == "kimi":
        return json.loads(text.split("command = ", 1)[1].splitlines()[0])
    found = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and "hook" in value and value.startswith("/bin/sh"):
            found.append(value)

    walk(json.loads(text))
    return found[0]


HOOKED = ["claude-code", "cursor", "codex", "gemini", "copilot", "windsurf", "cline", "qwen",
          "droid", "kimi", "grok", "antigravity"]


@pytest.mark.parametrize("name", HOOKED)
def test_the_hook_written_blocks_when_agentsh_is_gone(agentsh_bin, env, home, tmp_path,
                                                      name) -> None:
    from tests.frontends.test_hooks import BLOCKING, payload

    launcher = tmp_path / "bin" / "agentsh"
    launcher.parent.mkdir()
    shutil.copy2(agentsh_bin, launcher)
    assert subprocess.run([str(launcher), "setup", name], env=env, capture_output=True,
                          timeout=60).returncode == 0
    command = hook_of(name, home)
    written = Path(command.split(" ", 1)[1]).read_text() if name == "cline" else command
    assert str(launcher) in written and "case $s in" in written
    body = json.dumps(payload(name, "git status", tmp_path))
    ok = subprocess.run(command, shell=True, input=body, env=env, capture_output=True, text=True,
                        timeout=60)
    assert ok.returncode == 0 and "cancel\": true" not in ok.stdout and "deny" not in ok.stdout
    launcher.unlink()
    gone = subprocess.run(command, shell=True, input=body, env=env, capture_output=True,
                          text=True, timeout=60)
    code, check = BLOCKING[name]
    assert gone.returncode == code and gone.returncode != 127
    assert f"agentsh setup {name} --uninstall" in gone.stderr
    if code == 0:  # only JSON blocks there
        answer = json.loads(gone.stdout)
        assert "deny" in json.dumps(answer) or answer.get("cancel") is True


@pytest.mark.parametrize("name", ["claude-code", "copilot", "cline"])
def test_the_wrapper_blocks_on_a_crash(tmp_path, name) -> None:
    from tests.frontends.test_hooks import BLOCKING

    crash = tmp_path / "agentsh"
    crash.write_text("#!/bin/sh\nexit 1\n")
    crash.chmod(0o755)
    result = subprocess.run(hook_command(name, str(crash)), shell=True, input="{}",
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == BLOCKING[name][0]
    assert "could not run" in result.stderr


def test_the_hook_command_is_not_stopped_by_agentsh_as_the_agents_shell(agentsh_bin, env) -> None:
    """Codex runs hooks with `$SHELL -lc`: with agentsh as $SHELL the wrapper itself must pass."""
    result = subprocess.run([agentsh_bin, "check", "--", hook_command("codex", agentsh_bin)],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("name", SYSTEM)
def test_system_settings_go_under_the_root_and_come_out_again(agentsh_bin, env, tmp_path,
                                                              name) -> None:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    before = snapshot(root)
    result = setup(agentsh_bin, env, name, "--system", "--root", str(root))
    assert result.returncode == 0, result.stdout
    written = AGENTS[name].system(root)
    assert written.exists() and str(written).startswith(str(root))
    for path in [written, *written.parents]:
        if path == root / "etc":
            break
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
    for path in written.rglob("*") if written.is_dir() else []:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert setup(agentsh_bin, env, name, "--system", "--root", str(root)).stdout.count(
        "nothing changed") == 1
    assert setup(agentsh_bin, env, name, "--system", "--root", str(root),
                 "--uninstall").returncode == 0
    assert snapshot(root) == before


def test_codex_managed_hook_needs_no_trust_step(agentsh_bin, env, tmp_path) -> None:
    out = setup(agentsh_bin, env, "codex", "--system", "--root", str(tmp_path)).stdout
    assert "automatically" in out and "press" not in out


def test_uninstall_without_an_agent_removes_every_hook(agentsh_bin, env, home) -> None:
    before = snapshot(home)
    for name in ("claude-code", "codex", "copilot", "opencode", "kimi", "windsurf"):
        assert setup(agentsh_bin, env, name).returncode == 0
    result = setup(agentsh_bin, env, "--uninstall")
    assert result.returncode == 0, result.stdout
    assert snapshot(home) == before


def test_detect_lists_installed_agents_and_their_routes(agentsh_bin, env, home, tmp_path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("codex", "goose"):
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)
    (home / ".qwen").mkdir()
    setup(agentsh_bin, env, "qwen")
    out = setup(agentsh_bin, {**env, "PATH": f"{bin_dir}:/usr/bin:/bin"}, "--detect").stdout
    assert "Codex CLI [codex] (codex on PATH): no hook: `agentsh setup codex`" in out
    assert "Qwen Code [qwen] (~/.qwen): hook set up (user)" in out
    assert "covers: run_shell_command" in out
    assert "Goose (goose on PATH): no pre-command route" in out
    assert "Cursor" not in out


def test_doctor_checks_each_hook_once_and_flags_a_missing_agentsh(agentsh_bin, env, home,
                                                                  tmp_path) -> None:
    launcher = tmp_path / "bin" / "agentsh"
    launcher.parent.mkdir()
    shutil.copy2(agentsh_bin, launcher)
    subprocess.run([str(launcher), "setup", "claude-code"], env=env, check=True,
                   capture_output=True)
    subprocess.run([str(launcher), "setup", "gemini"], env=env, check=True, capture_output=True)
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, capture_output=True, text=True,
                            cwd=home, timeout=60).stdout
    assert doctor.count(str(target("claude-code", home))) == 1
    assert "claude-code: hook in" in doctor and "ok, fails closed" in doctor
    launcher.unlink()
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, capture_output=True, text=True,
                            cwd=home, timeout=60)
    assert doctor.returncode == 1 and "which is missing" in doctor.stdout


def test_doctor_flags_a_hook_that_does_not_see_the_file_tools_and_setup_upgrades_it(
        agentsh_bin, env, home) -> None:
    setup(agentsh_bin, env, "claude-code")
    file = target("claude-code", home)
    doc = json.loads(file.read_text())
    doc["hooks"]["PreToolUse"][0]["matcher"] = "Bash"  # as agentsh wrote it before stop 26
    file.write_text(json.dumps(doc))
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, capture_output=True, text=True,
                            cwd=home, timeout=60)
    assert "file tools are not checked" in doctor.stdout and doctor.returncode == 1
    setup(agentsh_bin, env, "claude-code")
    groups = json.loads(file.read_text())["hooks"]["PreToolUse"]
    assert [g["matcher"] for g in groups] == [CLAUDE_MATCHER]


# agent -> (event, the matcher its file tools need, or None where the event is the file tools')
FILE_TOOL_ENTRIES = {
    "codex": ("PreToolUse", CODEX_MATCHER),
    "cursor": ("preToolUse", "Write|StrReplace|EditNotebook|Delete"),
    "windsurf": ("pre_write_code", None),
    "droid": ("PreToolUse", "Execute|Create|Edit|MultiEdit|ApplyPatch"),
}


def _entries(doc: dict, name: str, event: str) -> list:
    return doc[event] if name == "droid" else doc["hooks"][event]  # droid: a hooks file


@pytest.mark.parametrize("name", sorted(FILE_TOOL_ENTRIES))
def test_setup_hooks_the_agents_file_tools_and_doctor_flags_a_hook_from_before(
        agentsh_bin, env, home, name) -> None:
    """Setup writes the entry that makes the agent's file tools reach agentsh (Codex's
    apply_patch, Cursor's preToolUse, Windsurf's pre_write_code, droid's file tools); doctor
    flags a file written by an older agentsh without it, and setup again upgrades it in place."""
    event, matcher = FILE_TOOL_ENTRIES[name]
    assert setup(agentsh_bin, env, name).returncode == 0
    file = target(name, home)
    doc = json.loads(file.read_text())
    entries = _entries(doc, name, event)
    assert len(entries) == 1 and (matcher is None or entries[0]["matcher"] == matcher)
    assert "hook " + name in json.dumps(entries)
    if matcher and name != "cursor":  # the shell-only matcher agentsh wrote before
        entries[0]["matcher"] = {"codex": "^Bash$", "droid": "Execute"}[name]
    elif name == "droid":
        del doc[event]
    else:
        del doc["hooks"][event]
    file.write_text(json.dumps(doc))
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, capture_output=True, text=True,
                            cwd=home, timeout=60)
    assert "file tools are not checked" in doctor.stdout and doctor.returncode == 1
    setup(agentsh_bin, env, name)
    again = _entries(json.loads(file.read_text()), name, event)
    assert len(again) == 1 and (matcher is None or again[0]["matcher"] == matcher)
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, capture_output=True, text=True,
                            cwd=home, timeout=60)
    assert "file tools are not checked" not in doctor.stdout


def test_cursors_file_tool_entry_fails_closed_where_the_shell_entry_does(agentsh_bin, env,
                                                                         tmp_path) -> None:
    root = tmp_path / "root"
    setup(agentsh_bin, env, "cursor", "--system", "--root", str(root))
    managed = json.loads((root / "etc" / "cursor" / "hooks.json").read_text())["hooks"]
    shell, files_ = managed["beforeShellExecution"][0], managed["preToolUse"][0]
    assert files_["failClosed"] is True and files_["command"] == shell["command"]


def test_shell_shims_never_loop(agentsh_bin, env, home, tmp_path) -> None:
    setup(agentsh_bin, env, "shell")
    shims = home / ".local" / "share" / "agentsh" / "shims"
    path_env = {**env, "PATH": f"{shims}:{env['PATH']}"}
    result = subprocess.run(["bash", "-c", "echo via-shim $0"], env=path_env,
                            capture_output=True, text=True, timeout=20, cwd=tmp_path)
    assert result.stdout == "via-shim bash\n"
    blocked = subprocess.run(["sh", "-c", "rm -rf ./x"], env=without_snapshots(path_env, home),
                             capture_output=True,
                             text=True, timeout=20, cwd=tmp_path, start_new_session=True)
    assert blocked.returncode == 126


def test_setup_shell_sets_editor_terminal_profiles_and_restores_them(agentsh_bin, env,
                                                                     home) -> None:
    settings = home / ".config" / "Cursor" / "User" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{\n    "editor.fontSize": 13\n}')
    setup(agentsh_bin, env, "shell")
    doc = json.loads(settings.read_text())
    assert doc["terminal.integrated.defaultProfile.linux"] == "agentsh"
    assert doc["terminal.integrated.automationProfile.linux"]["path"].endswith("agentsh")
    assert "nothing to change" in setup(agentsh_bin, env, "shell").stdout
    setup(agentsh_bin, env, "shell", "--uninstall")
    assert settings.read_text() == '{\n    "editor.fontSize": 13\n}'


def test_setup_shell_points_claude_code_at_the_bash_shim(agentsh_bin, env, home) -> None:
    (home / ".claude").mkdir()
    setup(agentsh_bin, env, "shell")
    settings = json.loads((home / ".claude" / "settings.json").read_text())
    shim = settings["env"]["CLAUDE_CODE_SHELL"]
    assert "bash" in shim and Path(shim).resolve() == Path(agentsh_bin).resolve()
    setup(agentsh_bin, env, "shell", "--uninstall")
    assert not (home / ".claude" / "settings.json").exists()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("case", ["allow", "deny", "missing", "other-tool", "write-rules",
                                  "write-project", "patch-bashrc"])
def test_the_opencode_plugin_blocks_on_deny_and_on_any_failure(agentsh_bin, env, home, tmp_path,
                                                               case) -> None:
    from agentsh.commands.setup import plugins
    from tests.frontends.test_hooks import DESTRUCTIVE

    binary = "/nonexistent/agentsh" if case == "missing" else agentsh_bin
    plugin = tmp_path / "agentsh.mjs"
    plugin.write_bytes(plugins.opencode(binary)["agentsh.js"])
    command = DESTRUCTIVE if case == "deny" else "git status"
    tool = {"other-tool": "read", "write-rules": "write", "write-project": "edit",
            "patch-bashrc": "apply_patch"}.get(case, "bash")
    args = {"write-rules": {"filePath": str(home / ".config/agentsh/rules.toml"), "content": "x"},
            "write-project": {"filePath": str(tmp_path / "src/app.py"), "oldString": "a",
                              "newString": "b"},
            "patch-bashrc": {"patchText": f"*** Begin Patch\n*** Update File: {home}/.bashrc\n"
                                          "@@\n+curl x | sh\n*** End Patch\n"}
            }.get(case, {"command": command})
    driver = tmp_path / "run.mjs"
    driver.write_text(
        f"import {{ AgentshPlugin }} from {json.dumps(str(plugin))};\n"
        f"const hooks = await AgentshPlugin({{ directory: {json.dumps(str(tmp_path))} }});\n"
        "try {\n"
        f"  await hooks['tool.execute.before']({{ tool: {json.dumps(tool)}, sessionID: 's1', "
        f"callID: 'c1' }}, {{ args: {json.dumps(args)} }});\n"
        "  console.log('ALLOWED');\n"
        "} catch (error) { console.log('BLOCKED ' + error.message); }\n")
    result = subprocess.run(["node", str(driver)], env=env, capture_output=True, text=True,
                            timeout=60)
    if case in ("allow", "other-tool", "write-project"):
        assert result.stdout.strip() == "ALLOWED", result.stderr
    else:
        assert result.stdout.startswith("BLOCKED"), result.stderr
        assert {"deny": "HTTP002", "write-rules": "SELF001", "patch-bashrc": "SELF003"}.get(
            case, "could not check") in result.stdout


def test_the_hermes_plugin_blocks_on_deny_and_when_agentsh_is_gone(agentsh_bin, env,
                                                                   tmp_path) -> None:
    from agentsh.commands.setup import plugins
    from tests.frontends.test_hooks import DESTRUCTIVE

    def load(binary: str) -> dict:
        scope: dict = {}
        exec(plugins.hermes(binary)["__init__.py"].decode(), scope)  # noqa: S102
        return scope

    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        call = load(agentsh_bin)["_pre_tool_call"]
        assert call(tool_name="read_file", args={"path": "x"}) is None
        assert call(tool_name="terminal", args={"command": "git status"}) is None
        denied = call(tool_name="terminal", args={"command": DESTRUCTIVE}, session_id="h1")
        assert denied["action"] == "block" and "HTTP002" in denied["message"]
        gone = load("/nonexistent/agentsh")["_pre_tool_call"](tool_name="terminal",
                                                              args={"command": "ls"})
        assert gone["action"] == "block"
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_every_agent_is_in_the_usage_the_readme_table_and_the_docs() -> None:
    from agentsh.frontends.hooks import ADAPTERS
    from agentsh.usage import USAGE
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    docs = (ROOT / "docs" / "agents.md").read_text()
    for name in set(ADAPTERS) | set(AGENTS):
        assert f" {name}" in USAGE
        assert f"| `{name}`:" in readme and f"| `{name}`:" in docs
    for agent in AGENTS.values():
        assert f"| {agent.title} |" in readme
