"""`agentsh setup AGENT` and `agentsh doctor`: put agentsh in each agent's path, and check it.

    agentsh setup AGENT [--project | --system [--root DIR]] [--uninstall] [--update-input]
    agentsh setup --uninstall [--system [--root DIR]]     every agent set up in that scope
    agentsh setup --detect                                the agents installed here
    agentsh setup shell [--uninstall]                     the wrapper-shell routes
    agentsh doctor

Setup writes agentsh's absolute path through a wrapper that fails closed (`wrapper`), keeps the
original of every file it changes in agentsh's state directory (`files`), recognises its own
entries so a second run changes nothing, and `--uninstall` removes only those, giving the file
back byte for byte when nothing else changed. `--system` writes the agent's managed, root-owned
settings (0644 files, 0755 folders) under `--root` (default `/`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from agentsh.commands.setup.agents import AGENTS, Agent
from agentsh.commands.setup.files import Journal
from agentsh.commands.setup.targets import Ctx, OwnFiles, SetupError
from agentsh.commands.setup.wrapper import agentsh_path, hook_command
from agentsh.exitcodes import Exit

# agents whose hook may answer with a changed command that they apply (docs/undo.md)
UPDATES_INPUT = ("claude-code", "codex", "gemini")
USAGE = ("usage: agentsh setup AGENT [--project | --system [--root DIR]] [--uninstall] "
         "[--update-input]\n"
         "       agentsh setup --uninstall [--system [--root DIR]]\n"
         "       agentsh setup --detect\n"
         "       agentsh setup shell [--uninstall]\n"
         f"AGENT: {', '.join(AGENTS)}\n")


def journal_for(scope: str, root: Path, env: dict[str, str]) -> Journal:
    from agentsh import locations

    if scope == "system":
        return Journal(root / "var" / "lib" / "agentsh" / "setup", system=True)
    return Journal(Path(locations.state_home(env)) / "agentsh" / "setup")


def file_for(agent: Agent, scope: str, home: Path, cwd: Path, root: Path) -> Path | None:
    place = {"user": agent.user, "project": agent.project, "system": agent.system}[scope]
    if place is None:
        return None
    return place({"user": home, "project": cwd, "system": root}[scope])


def context(agent: Agent, scope: str, journal: Journal, out, update_input: bool = False) -> Ctx:
    path = agentsh_path()
    extra = ("--explicit-allow",) if agent.name == "cursor" and scope == "system" else ()
    if update_input:  # the agent applies a changed command: see docs/undo.md, the route
        extra += ("--update-input",)
    hook_agent = "copilot" if agent.name == "vscode" else agent.name  # one shared file
    return Ctx(hook_agent, path, hook_command(hook_agent, path, extra), scope == "system",
               journal, out)


def setup_agent(agent: Agent, scope: str, uninstall: bool, home: Path, cwd: Path, root: Path,
                env: dict[str, str], out, update_input: bool = False) -> int:
    target = file_for(agent, scope, home, cwd, root)
    if target is None:
        out.write(f"agentsh setup: {agent.title} has no {scope} settings agentsh can write\n")
        return Exit.USAGE
    journal = journal_for(scope, root, env)
    ctx = context(agent, scope, journal, out, update_input)
    try:
        if uninstall:
            done = agent.target.uninstall(target, ctx)
        else:
            done = agent.target.install(target, ctx)
    except SetupError as exc:
        out.write(f"agentsh setup: {exc}\n")
        return Exit.CONFIG
    except OSError as exc:
        out.write(f"agentsh setup: {target}: {exc.strerror or exc}\n")
        return Exit.CONFIG
    out.write(f"{target}: {done}\n")
    if not uninstall and agent.after is not None:
        out.write(agent.after(ctx, str(target)))
    return Exit.OK


def installed(agent: Agent, scope: str, home: Path, cwd: Path, root: Path) -> bool:
    """Whether `scope` holds anything of agentsh's for `agent`, read as plain text, so a file
    setup can no longer parse still counts (and its uninstall then fails loudly)."""
    from agentsh.commands.setup.wrapper import is_ours

    target = file_for(agent, scope, home, cwd, root)
    hook_agent = "copilot" if agent.name == "vscode" else agent.name
    if target is None or not target.exists():
        return False
    paths = [p for p in target.iterdir() if p.is_file()] if target.is_dir() else [target]
    for path in paths:
        text = path.read_text(errors="replace")
        if is_ours(text, hook_agent) or f"agentsh setup {hook_agent} --uninstall" in text:
            return True
    return False


def uninstall_all(scope: str, home: Path, cwd: Path, root: Path, env: dict[str, str],
                  out) -> int:
    """Every agent that has agentsh's hook in `scope` (what install.sh --uninstall calls)."""
    worst = Exit.OK
    for agent in AGENTS.values():
        if isinstance(agent.target, OwnFiles) and agent.name == "vscode":
            continue  # the same file as copilot's
        if installed(agent, scope, home, cwd, root):
            code = setup_agent(agent, scope, True, home, cwd, root, env, out)
            worst = max(worst, code)
    if scope == "user":
        from agentsh.commands.setup.shell import setup_shell

        if (home / ".local" / "share" / "agentsh" / "shims").exists():
            setup_shell(True, home, journal_for("user", root, env), out)
    if worst == Exit.OK:
        out.write("agentsh setup: no agentsh hook is left in the " + scope + " settings\n")
    return worst


def main(name: str, args: list[str], out=None) -> int:
    out = out or sys.stdout
    env = dict(os.environ)
    home = Path(env.get("HOME", "/"))
    cwd = Path(os.getcwd())
    if name == "doctor":
        from agentsh.commands.setup.doctor import doctor

        return doctor(home, cwd, env, out)
    root = Path("/")
    rest: list[str] = []
    flags: set[str] = set()
    it = iter(args)
    for arg in it:
        if arg == "--root":
            value = next(it, None)
            if value is None:
                out.write(USAGE)
                return Exit.USAGE
            root = Path(value).resolve()
            flags.add(arg)
        elif arg.startswith("--"):
            flags.add(arg)
        else:
            rest.append(arg)
    known = {"--project", "--system", "--root", "--uninstall", "--detect", "--update-input"}
    if flags - known or len(rest) > 1 or ("--project" in flags and "--system" in flags) or \
            ("--root" in flags and "--system" not in flags):
        out.write(USAGE)
        return Exit.USAGE
    if "--detect" in flags:
        from agentsh.commands.setup.doctor import detect

        return detect(home, env, out)
    scope = "system" if "--system" in flags else "project" if "--project" in flags else "user"
    uninstall = "--uninstall" in flags
    if not rest:
        if uninstall:
            return uninstall_all(scope, home, cwd, root, env, out)
        out.write(USAGE)
        return Exit.USAGE
    if rest[0] == "shell":
        from agentsh.commands.setup.shell import setup_shell

        return setup_shell(uninstall, home, journal_for("user", root, env), out)
    if rest[0] not in AGENTS:
        out.write(f"agentsh setup: unknown agent {rest[0]!r}\n" + USAGE)
        return Exit.USAGE
    if "--update-input" in flags and rest[0] not in UPDATES_INPUT:
        out.write(f"agentsh setup: --update-input is for {', '.join(UPDATES_INPUT)} only\n")
        return Exit.USAGE
    return setup_agent(AGENTS[rest[0]], scope, uninstall, home, cwd, root, env, out,
                       "--update-input" in flags)
