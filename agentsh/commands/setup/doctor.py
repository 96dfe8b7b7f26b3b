"""`agentsh setup --detect` and `agentsh doctor`: which agents are installed here, what each
route covers, and whether each hook is present, calls an agentsh that exists, and fails closed."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from agentsh.commands.setup.agents import (
    AGENTS,
    CLAUDE_MATCHER,
    CODEX_MATCHER,
    CURSOR_FILE_MATCHER,
    DROID_MATCHER,
    GEMINI_MATCHER,
    NO_ROUTE,
    QWEN_MATCHER,
    Agent,
)
from agentsh.commands.setup.wrapper import agentsh_in, agentsh_path, is_ours
from agentsh.exitcodes import Exit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# agents without a route: how to see them installed (binaries, VS Code extension prefixes)
NO_ROUTE_SIGNS = {"Roo Code": ((), "rooveterinaryinc.roo-cline"),
                  "Kilo Code": (("kilo", "kilocode"), "kilocode.kilo-code"),
                  "Goose": (("goose",), None), "Aider": (("aider",), None),
                  "Continue": (("cn",), "continue.continue"), "Kiro IDE": (("kiro",), None)}


def present(agent: Agent, home: Path, env: dict[str, str]) -> list[str]:
    """What shows `agent` installed: binaries on PATH and its configuration folders."""
    path = env.get("PATH", os.defpath)
    found = [f"{b} on PATH" for b in agent.binaries if shutil.which(b, path=path)]
    found += [f"~/{d}" for d in agent.dirs if (home / d).is_dir()]
    return found


def places(agent: Agent, home: Path, cwd: Path, root: Path = Path("/")) -> list[tuple[str, Path]]:
    """(scope, file) for every scope the agent has, each file once (the cwd may be the home)."""
    out: list[tuple[str, Path]] = []
    seen: set[Path] = set()
    for scope, place, base in (("user", agent.user, home), ("project", agent.project, cwd),
                               ("system", agent.system, root)):
        if place is None:
            continue
        path = place(base)
        key = Path(os.path.realpath(path))
        if key in seen:
            continue
        seen.add(key)
        out.append((scope, path))
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# agents whose hook also sees their file tools: the matcher setup writes for them
FILE_TOOL_MATCHERS = {"claude-code": CLAUDE_MATCHER, "gemini": GEMINI_MATCHER,
                      "codex": CODEX_MATCHER, "cursor": CURSOR_FILE_MATCHER,
                      "droid": DROID_MATCHER, "qwen": QWEN_MATCHER}


def check_entry(agent: Agent, entry: Any) -> list[str]:
    """Problems with one agentsh entry: a missing agentsh, no fail-closed wrapper or setting."""
    problems = []
    texts = _strings(entry)
    paths = [p for t in texts for p in [agentsh_in(t)] if p]
    paths += [m for t in texts for m in re.findall(r'AGENTSH = "([^"]+)"', t)]
    if not paths:
        problems.append("cannot tell which agentsh it calls")
    for path in paths:
        if not os.access(path, os.X_OK):
            problems.append(f"calls {path}, which is missing (the hook blocks every command "
                            f"until you run `agentsh setup {agent.name}` again)")
    commands = [t for t in texts if is_ours(t)]
    if commands and not any("case $s in" in t for t in commands):
        problems.append("written by an older agentsh without the fail-closed wrapper: run "
                        f"`agentsh setup {agent.name}` again")
    wanted = FILE_TOOL_MATCHERS.get(agent.name)
    if wanted and isinstance(entry, dict) and entry.get("matcher") not in (wanted, None, "", "*"):
        problems.append(f"matcher {entry.get('matcher')!r} from an older agentsh: the agent's file "
                        f"tools are not checked; run `agentsh setup {agent.name}` again")
    if agent.name == "claude-code" and isinstance(entry, dict):
        hooks = [h for h in entry.get("hooks", []) if isinstance(h, dict)]
        if hooks and not all(h.get("onFailure") == "block" for h in hooks):
            problems.append("no `onFailure: block`: a timeout lets the command run")
    return problems


def doctor(home: Path, cwd: Path, env: dict[str, str], out) -> int:
    from agentsh.commands import protected
    from agentsh.engine import runtime
    from agentsh.gate import approval

    out.write(f"agentsh: {agentsh_path()}\n")
    gaps = protected.doctor_mode(out)
    for agent in AGENTS.values():
        hook_agent = "copilot" if agent.name == "vscode" else agent.name
        signs = present(agent, home, env)
        found = []
        for scope, path in places(agent, home, cwd):
            entries = agent.target.entries(path, hook_agent) if path.exists() else []
            for entry in entries:
                found.append((scope, path, check_entry(agent, entry)))
            missing = getattr(agent.target, "missing", None)
            lacking = missing(path, hook_agent) if entries and missing else []
            if lacking:  # a hook from before the file tools were hooked
                found.append((scope, path, [f"no {', '.join(lacking)} hook from an older "
                                            "agentsh: the agent's file tools are not checked; "
                                            f"run `agentsh setup {agent.name}` again"]))
        if not found and not signs:
            continue
        if not found:
            gaps += 1
            out.write(f"  {agent.name}: installed ({', '.join(signs)}) but no hook; run "
                      f"`agentsh setup {agent.name}`\n")
            continue
        for scope, path, problems in found:
            state = "; ".join(problems) if problems else f"ok, fails closed: {agent.fails_closed}"
            gaps += bool(problems)
            out.write(f"  {agent.name}: hook in {path} ({scope}): {state}\n")
        if agent.name == "gemini":
            gaps += gemini_hooks_off(home, out)
    shell = env.get("SHELL", "")
    out.write(f"  $SHELL: {shell} {'(agentsh)' if 'agentsh' in shell else '(not agentsh)'}\n")
    if env.get("CLAUDE_CODE_SHELL"):
        out.write(f"  CLAUDE_CODE_SHELL: {env['CLAUDE_CODE_SHELL']}\n")
    policy = runtime.load_policy(str(cwd), env, use_cache=False)
    out.write("rules layers:\n")
    for layer in policy.layers:
        mark = "" if layer.trusted else " (untrusted: tighten only)"
        error = f" ERROR {layer.error}" if layer.error else ""
        out.write(f"  {layer.name}: {layer.path}{mark}{error}\n")
    if policy.errors:
        gaps += 1
        out.write("  a rules file is broken: run `agentsh rules check`\n")
    if not policy.settings.enforce:
        gaps += 1
        out.write("  enforcement is OFF (settings.enforce = false): commands are checked and "
                  "logged but nothing is stopped\n")
    sock = approval.socket_path(env)
    if sock is not None and sock.exists():
        out.write(f"approval: an approver is listening on {sock}\n")
    else:
        out.write("approval: no approver running; run `agentsh approve` in a terminal of your "
                  "own, or agent commands that need approval are denied\n")
    return Exit.OK if gaps == 0 else Exit.CONFIRM


def gemini_hooks_off(home: Path, out) -> int:
    try:
        doc = json.loads((home / ".gemini" / "settings.json").read_text())
    except (OSError, ValueError):
        return 0
    config = doc.get("hooksConfig") if isinstance(doc.get("hooksConfig"), dict) else {}
    if config.get("enabled") is False:
        out.write("  gemini: hooksConfig.enabled is false: Gemini CLI runs no hook\n")
        return 1
    return 0


def detect(home: Path, env: dict[str, str], out) -> int:
    """The agents installed on this machine and what each route covers."""
    any_found = False
    for agent in AGENTS.values():
        signs = present(agent, home, env)
        if not signs:
            continue
        any_found = True
        hook_agent = "copilot" if agent.name == "vscode" else agent.name
        hooked = [s for s, p in places(agent, home, home)
                  if p.exists() and agent.target.entries(p, hook_agent)]
        state = f"hook set up ({', '.join(hooked)})" if hooked else \
            f"no hook: `agentsh setup {agent.name}`"
        out.write(f"{agent.title} [{agent.name}] ({', '.join(signs)}): {state}\n"
                  f"  covers: {agent.covers}\n  does not cover: {agent.misses}\n"
                  f"  fails closed: {agent.fails_closed}\n")
    path = env.get("PATH", os.defpath)
    extensions = home / ".vscode" / "extensions"
    for title, (binaries, extension) in NO_ROUTE_SIGNS.items():
        signs = [f"{b} on PATH" for b in binaries if shutil.which(b, path=path)]
        if extension and extensions.is_dir():
            signs += [e.name for e in extensions.iterdir() if e.name.lower().startswith(extension)]
        if signs:
            any_found = True
            why, instead = NO_ROUTE[title]
            out.write(f"{title} ({', '.join(signs)}): no pre-command route: {why}\n"
                      f"  instead: {instead}\n")
    if not any_found:
        out.write("no coding agent found on PATH or in the home directory\n")
    return Exit.OK
