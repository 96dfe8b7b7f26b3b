"""`agentsh setup shell`: the routes that make agentsh the shell itself, for agents and tools
that run a shell by name or by setting: `bash`/`sh` shims, the VS Code family's terminal and
automation profiles, and Claude Code's `CLAUDE_CODE_SHELL`. agentsh finds the real bash by
absolute path, so the shims never loop. Settings files come back byte for byte on uninstall."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from agentsh.commands.setup import files
from agentsh.commands.setup.wrapper import agentsh_path
from agentsh.exitcodes import Exit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable


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
        profiles = doc.get(profiles_key) if isinstance(doc.get(profiles_key), dict) else {}
        doc[profiles_key] = {**profiles, "agentsh": {"path": path, "args": ["-l"]}}
        doc[default_key] = "agentsh"
        doc[automation_key] = {"path": path}
    return json.dumps(doc, sort_keys=True) != before


def edit_json(path: Path, change: Callable[[dict, bool], bool], uninstall: bool,
              journal: files.Journal) -> str | None:
    """Apply `change(doc, uninstall)` to a JSON settings file; what happened, or None if
    nothing changed. On uninstall the original bytes come back when nothing else changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    doc = json.loads(text) if text.strip() else {}
    style = files.json_style(text)
    if not change(doc, uninstall):
        return None
    data = files.dump_json(doc, style)
    if not uninstall:
        files.write(path, data, journal)
        return "set"

    def unchanged(original: bytes | None) -> bool:
        expected = json.loads(original) if original and original.strip() else {}
        change(expected, False)
        change(expected, True)
        return doc == expected

    return files.undo(path, data, journal, unchanged)


def setup_editors(uninstall: bool, home: Path, journal: files.Journal, out) -> None:
    platform = "osx" if sys.platform == "darwin" else "linux"
    for path in editor_settings(home):
        try:
            done = edit_json(path, lambda d, u: editor_profile(d, platform, u), uninstall,
                             journal)
        except ValueError:
            out.write(f"{path}: has comments or is not plain JSON; set "
                      f"terminal.integrated.defaultProfile.{platform} and automationProfile."
                      f"{platform} to {agentsh_path()} by hand\n")
            continue
        out.write(f"{path}: {done or 'nothing to change'} (agentsh terminal and automation "
                  "profile)\n")


def setup_claude_shell(uninstall: bool, home: Path, shim: Path, journal: files.Journal,
                       out) -> None:
    """Claude Code runs its Bash tool in CLAUDE_CODE_SHELL when that path contains `bash`: point
    it at the `bash` shim (a second route beside the hook), in Claude's own settings `env`."""
    path = home / ".claude" / "settings.json"
    if not path.parent.is_dir():
        return

    def change(doc: dict, remove: bool) -> bool:
        env = doc.get("env") if isinstance(doc.get("env"), dict) else {}
        if remove:
            if env.get("CLAUDE_CODE_SHELL") != str(shim):
                return False
            del env["CLAUDE_CODE_SHELL"]
            if not env:
                doc.pop("env", None)
            return True
        if env.get("CLAUDE_CODE_SHELL") == str(shim):
            return False
        doc["env"] = {**env, "CLAUDE_CODE_SHELL": str(shim)}
        return True

    try:
        done = edit_json(path, change, uninstall, journal)
    except ValueError:
        out.write(f"{path}: not valid JSON; set env.CLAUDE_CODE_SHELL={shim} by hand\n")
        return
    out.write(f"{path}: {done or 'nothing to change'} (env.CLAUDE_CODE_SHELL)\n")


def setup_shell(uninstall: bool, home: Path, journal: files.Journal, out) -> int:
    shim_dir = home / ".local" / "share" / "agentsh" / "shims"
    setup_editors(uninstall, home, journal, out)
    setup_claude_shell(uninstall, home, shim_dir / "bash", journal, out)
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
              f"  Aider, Goose and tools that run $SHELL:  export SHELL={agentsh_path()}\n"
              f"  login shell:  add {agentsh_path()} to /etc/shells, then chsh -s {agentsh_path()}\n"
              f"  tools that look bash up on PATH:  export PATH={shim_dir}:$PATH\n")
    return Exit.OK
