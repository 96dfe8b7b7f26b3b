"""`agentsh setup AGENT` and `agentsh doctor`: put agentsh in each agent's path, and check it.

Setup writes agentsh's absolute path (a bare name an agent cannot find fails open), keeps a
backup of the file it changes, recognises its own entries so a second run changes nothing, and
`--uninstall` removes only those entries."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from agentsh.exitcodes import Exit

AGENTS = ("claude-code", "cursor", "codex", "gemini", "shell")


def agentsh_path() -> str:
    """agentsh's absolute path: the launcher that started this process, else the one on PATH."""
    from agentsh import locations

    found = locations.SELF or shutil.which("agentsh")
    return os.path.abspath(found) if found else os.path.abspath(sys.argv[0])


def hook_command(agent: str) -> str:
    return f"{agentsh_path()} hook {agent}"


def _is_ours(command: Any, agent: str) -> bool:
    return isinstance(command, str) and command.rstrip().endswith(f"agentsh hook {agent}")


def config_file(agent: str, project: bool, home: Path, cwd: Path) -> Path:
    root = cwd if project else home
    return {
        "claude-code": root / ".claude" / "settings.json",
        "cursor": root / ".cursor" / "hooks.json",
        "codex": root / ".codex" / "hooks.json",
        "gemini": root / ".gemini" / "settings.json",
    }[agent]


def _nested_entry(agent: str, matcher: str, event: str) -> tuple[str, dict]:
    hook: dict[str, Any] = {"type": "command", "command": hook_command(agent)}
    if agent == "gemini":
        hook["name"] = "agentsh"
        hook["timeout"] = 600000
    else:
        hook["timeout"] = 600
    return event, {"matcher": matcher, "hooks": [hook]}


def add_hook(doc: dict, agent: str) -> bool:
    """Add agentsh's hook to an agent's settings document; False when it is already there."""
    hooks = doc.setdefault("hooks", {})
    if agent == "cursor":
        doc.setdefault("version", 1)
        entries = hooks.setdefault("beforeShellExecution", [])
        if any(_is_ours(e.get("command"), agent) for e in entries if isinstance(e, dict)):
            return False
        entries.append({"command": hook_command(agent)})
        return True
    event, entry = {"claude-code": _nested_entry(agent, "Bash", "PreToolUse"),
                    "codex": _nested_entry(agent, "Bash", "PreToolUse"),
                    "gemini": _nested_entry(agent, "run_shell_command", "BeforeTool")}[agent]
    groups = hooks.setdefault(event, [])
    for group in groups:
        if isinstance(group, dict) and any(_is_ours(h.get("command"), agent)
                                           for h in group.get("hooks", []) if isinstance(h, dict)):
            return False
    groups.append(entry)
    return True


def remove_hook(doc: dict, agent: str) -> int:
    removed = 0
    for event, groups in list((doc.get("hooks") or {}).items()):
        if not isinstance(groups, list):
            continue
        kept = []
        for group in groups:
            if isinstance(group, dict) and _is_ours(group.get("command"), agent):
                removed += 1
                continue
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                inner = [h for h in group["hooks"] if not (isinstance(h, dict) and
                                                           _is_ours(h.get("command"), agent))]
                if len(inner) != len(group["hooks"]):
                    removed += len(group["hooks"]) - len(inner)
                    if not inner:
                        continue
                    group = {**group, "hooks": inner}
            kept.append(group)
        if kept:
            doc["hooks"][event] = kept
        else:
            del doc["hooks"][event]
    if doc.get("hooks") == {}:
        del doc["hooks"]
    return removed


def _write(path: Path, doc: dict, out) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        backup = path.with_name(path.name + f".agentsh-backup-{time.strftime('%Y%m%d%H%M%S')}")
        shutil.copy2(path, backup)
        out.write(f"  backup: {backup}\n")
    tmp = path.with_name(path.name + ".agentsh-tmp")
    tmp.write_text(json.dumps(doc, indent=2) + "\n")
    os.replace(tmp, path)


def setup_hook(agent: str, project: bool, uninstall: bool, home: Path, cwd: Path, out) -> int:
    path = config_file(agent, project, home, cwd)
    try:
        doc = json.loads(path.read_text()) if path.exists() else {}
    except ValueError as exc:
        out.write(f"agentsh setup: {path} is not valid JSON ({exc}); fix it first\n")
        return Exit.CONFIG
    if uninstall:
        removed = remove_hook(doc, agent)
        if not removed:
            out.write(f"{path}: no agentsh hook to remove\n")
            return Exit.OK
        _write(path, doc, out)
        out.write(f"{path}: removed {removed} agentsh hook entr{'y' if removed == 1 else 'ies'}\n")
        return Exit.OK
    if not add_hook(doc, agent):
        out.write(f"{path}: agentsh hook already present; nothing changed\n")
        return Exit.OK
    _write(path, doc, out)
    out.write(f"{path}: added the hook `{hook_command(agent)}`\n")
    if agent == "codex":
        out.write("  Codex runs hooks only with `[features] codex_hooks = true` in "
                  "~/.codex/config.toml; add it if it is not there.\n")
    if agent == "gemini":
        out.write("  Gemini CLI runs hooks only when they are enabled in its settings "
                  "(see its hooks documentation).\n")
    return Exit.OK


def editor_settings(home: Path) -> list[Path]:
    """The user settings files of the VS Code family editors installed here."""
    roots = [home / ".config", home / "Library" / "Application Support"]
    names = ("Code", "Cursor", "Code - Insiders", "VSCodium", "Windsurf")
    return [root / name / "User" / "settings.json" for root in roots for name in names
            if (root / name / "User").is_dir()]


def editor_profile(doc: dict, platform: str, uninstall: bool) -> bool:
    """Make (or remove) agentsh the terminal and automation shell in an editor's settings."""
    path = agentsh_path()
    profiles_key = f"terminal.integrated.profiles.{platform}"
    default_key = f"terminal.integrated.defaultProfile.{platform}"
    automation_key = f"terminal.integrated.automationProfile.{platform}"
    before = json.dumps(doc, sort_keys=True)
    if uninstall:
        profiles = doc.get(profiles_key)
        if isinstance(profiles, dict):
            profiles.pop("agentsh", None)
            if not profiles:
                doc.pop(profiles_key)
        if doc.get(default_key) == "agentsh":
            doc.pop(default_key)
        automation = doc.get(automation_key)
        if isinstance(automation, dict) and str(automation.get("path", "")).endswith("agentsh"):
            doc.pop(automation_key)
    else:
        doc.setdefault(profiles_key, {})["agentsh"] = {"path": path, "args": ["-l"]}
        doc[default_key] = "agentsh"
        doc[automation_key] = {"path": path}
    return json.dumps(doc, sort_keys=True) != before


def setup_editors(uninstall: bool, home: Path, out) -> None:
    platform = "osx" if sys.platform == "darwin" else "linux"
    for path in editor_settings(home):
        try:
            doc = json.loads(path.read_text()) if path.exists() else {}
        except ValueError:
            out.write(f"{path}: has comments or is not plain JSON; set "
                      f"terminal.integrated.defaultProfile.{platform} and automationProfile."
                      f"{platform} to {agentsh_path()} by hand\n")
            continue
        if editor_profile(doc, platform, uninstall):
            _write(path, doc, out)
            out.write(f"{path}: {'removed' if uninstall else 'set'} the agentsh terminal and "
                      "automation profile\n")
        else:
            out.write(f"{path}: nothing to change\n")


def setup_claude_shell(uninstall: bool, home: Path, shim: Path, out) -> None:
    """Claude Code runs its Bash tool in CLAUDE_CODE_SHELL when that path contains `bash`: point
    it at the `bash` shim (a second route beside the hook), in Claude's own settings `env`."""
    path = home / ".claude" / "settings.json"
    if not path.parent.is_dir():
        return
    try:
        doc = json.loads(path.read_text()) if path.exists() else {}
    except ValueError:
        out.write(f"{path}: not valid JSON; set env.CLAUDE_CODE_SHELL={shim} by hand\n")
        return
    env = doc.get("env") if isinstance(doc.get("env"), dict) else {}
    if uninstall:
        if env.get("CLAUDE_CODE_SHELL") != str(shim):
            return
        del env["CLAUDE_CODE_SHELL"]
        if not env:
            doc.pop("env", None)
    else:
        if env.get("CLAUDE_CODE_SHELL") == str(shim):
            out.write(f"{path}: CLAUDE_CODE_SHELL already {shim}; nothing changed\n")
            return
        doc["env"] = {**env, "CLAUDE_CODE_SHELL": str(shim)}
    _write(path, doc, out)
    out.write(f"{path}: {'removed' if uninstall else 'set'} env.CLAUDE_CODE_SHELL\n")


def setup_shell(uninstall: bool, home: Path, out) -> int:
    """A directory of `bash` and `sh` shims that run agentsh, for tools that pick a shell by
    name; agentsh finds the real bash by absolute path, so the shims never loop."""
    shim_dir = home / ".local" / "share" / "agentsh" / "shims"
    setup_editors(uninstall, home, out)
    setup_claude_shell(uninstall, home, shim_dir / "bash", out)
    if uninstall:
        if shim_dir.exists():
            shutil.rmtree(shim_dir)
            out.write(f"removed {shim_dir}\n")
        else:
            out.write(f"{shim_dir}: not there; nothing changed\n")
        return Exit.OK
    shim_dir.mkdir(parents=True, exist_ok=True)
    changed = False
    for name in ("bash", "sh"):
        link = shim_dir / name
        target = agentsh_path()
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(target)
        changed = True
    out.write(f"{shim_dir}: {'created bash and sh shims' if changed else 'shims already present'}\n")
    out.write("Routes to use them (each is your choice; agentsh does not edit shell profiles):\n"
              f"  Claude Code (if ~/.claude did not exist yet):  "
              f"export CLAUDE_CODE_SHELL={shim_dir}/bash\n"
              f"  Aider and tools that run $SHELL:  export SHELL={agentsh_path()}\n"
              f"  login shell:  add {agentsh_path()} to /etc/shells, then chsh -s {agentsh_path()}\n"
              f"  tools that look bash up on PATH:  export PATH={shim_dir}:$PATH\n")
    return Exit.OK


def doctor(home: Path, cwd: Path, env: dict[str, str], out) -> int:
    from agentsh.engine import runtime
    from agentsh.gate import approval

    gaps = 0
    out.write(f"agentsh: {agentsh_path()}\n")
    for agent in ("claude-code", "cursor", "codex", "gemini"):
        places = [config_file(agent, p, home, cwd) for p in (False, True)]
        active = [p for p in places if p.exists() and f"agentsh hook {agent}" in p.read_text(
            errors="replace")]
        if active:
            out.write(f"  {agent}: hook active in {', '.join(map(str, active))}\n")
        else:
            gaps += 1
            out.write(f"  {agent}: no hook; run `agentsh setup {agent}`\n")
    shell = env.get("SHELL", "")
    out.write(f"  $SHELL: {shell} {'(agentsh)' if 'agentsh' in shell else '(not agentsh)'}\n")
    claude_shell = env.get("CLAUDE_CODE_SHELL", "")
    if claude_shell:
        out.write(f"  CLAUDE_CODE_SHELL: {claude_shell}\n")
    policy = runtime.load_policy(str(cwd), env, use_cache=False)
    out.write("rules layers:\n")
    for layer in policy.layers:
        mark = "" if layer.trusted else " (untrusted: tighten only)"
        error = f" ERROR {layer.error}" if layer.error else ""
        out.write(f"  {layer.name}: {layer.path}{mark}{error}\n")
    if policy.errors:
        gaps += 1
        out.write("  a rules file is broken: run `agentsh rules check`\n")
    sock = approval.socket_path(env)
    if sock is not None and sock.exists():
        out.write(f"approval: an approver is listening on {sock}\n")
    else:
        out.write("approval: no approver running; run `agentsh approve` in a terminal of your "
                  "own, or agent commands that need approval are denied\n")
    return Exit.OK if gaps == 0 else Exit.CONFIRM


def main(name: str, args: list[str], out=None) -> int:
    out = out or sys.stdout
    home = Path(os.environ.get("HOME", "/"))
    cwd = Path(os.getcwd())
    if name == "doctor":
        return doctor(home, cwd, dict(os.environ), out)
    flags = {a for a in args if a.startswith("--")}
    rest = [a for a in args if not a.startswith("--")]
    if len(rest) != 1 or rest[0] not in AGENTS or flags - {"--project", "--uninstall"}:
        out.write(f"usage: agentsh setup {'|'.join(AGENTS)} [--project] [--uninstall]\n")
        return Exit.USAGE
    if rest[0] == "shell":
        return setup_shell("--uninstall" in flags, home, out)
    return setup_hook(rest[0], "--project" in flags, "--uninstall" in flags, home, cwd, out)
