"""Every agent `agentsh setup` knows: where its hook goes (user, project and managed/system
scope), what the route covers, and whether it fails closed. One table, read by setup, `--detect`
and `doctor`; the sources for each entry are cited in docs/agents.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from agentsh.commands.setup import plugins
from agentsh.commands.setup.targets import Ctx, JsonHooks, JsonHooksMany, Manual, OwnFiles, TomlBlock
from agentsh.commands.setup.wrapper import hook_command, script
from agentsh.frontends.hooks.mcp import GEMINI_MATCHER as MCP_GEMINI
from agentsh.frontends.hooks.mcp import MATCHER as MCP_MATCHER
from agentsh.records import Record

TIMEOUT = 600  # seconds: above agentsh's own approval wait (settings.approve_timeout, 300)
MAC = sys.platform == "darwin"
MAC_SUPPORT = "/Library/Application Support"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


class Agent(Record, fields="name title target user project system binaries dirs covers "
                           "misses fails_closed after"):
    """One agent: its setup target and its files per scope (a function of the home, the project
    or the system root; None where the agent has no such scope), how to find it installed, and
    what the route covers, misses and does on failure (the README table)."""

    __slots__ = ()

    name: str
    title: str
    target: Any
    user: Callable[[Path], Path] | None
    project: Callable[[Path], Path] | None
    system: Callable[[Path], Path] | None
    binaries: tuple[str, ...]
    dirs: tuple[str, ...]
    covers: str
    misses: str
    fails_closed: str
    after: Callable[[Ctx, str], str] | None


def _cmd(ctx: Ctx) -> str:
    return ctx.command


# The shell, the file tools (frontends/hooks/claude_code.py reads each) and the known MCP
# servers' file and shell tools (frontends/hooks/mcp.py), as one regular expression: anchored,
# since a matcher that is not a plain list of names is an unanchored regex for Claude Code
# (`Write` would also match `TodoWrite`), a substring match for Codex.
CLAUDE_MATCHER = f"^(Bash|Write|Edit|MultiEdit|NotebookEdit|{MCP_MATCHER})$"
# Gemini CLI names an MCP tool `mcp_SERVER_TOOL` (`SERVER__TOOL` before 0.3x)
GEMINI_MATCHER = f"^(run_shell_command|write_file|replace|{MCP_GEMINI})$"
# Qwen Code reads the matcher as a regular expression
QWEN_MATCHER = f"^(run_shell_command|write_file|edit|notebook_edit|{MCP_MATCHER}|{MCP_GEMINI})$"
CODEX_MATCHER = f"^(Bash|apply_patch|{MCP_MATCHER})$"  # frontends/hooks/codex.py
CURSOR_FILE_MATCHER = "Write|StrReplace|EditNotebook|Delete"  # frontends/hooks/cursor.py
DROID_MATCHER = "Execute|Create|Edit|MultiEdit|ApplyPatch"  # frontends/hooks/droid.py


def claude_entry(ctx: Ctx) -> dict:
    return {"matcher": CLAUDE_MATCHER, "hooks": [{"type": "command", "command": ctx.command,
                                          "timeout": TIMEOUT, "onFailure": "block"}]}


def codex_entry(ctx: Ctx) -> dict:
    return {"matcher": CODEX_MATCHER, "hooks": [{"type": "command", "command": ctx.command,
                                                 "timeout": TIMEOUT}]}


def gemini_entry(ctx: Ctx) -> dict:
    return {"matcher": GEMINI_MATCHER, "hooks": [
        {"name": "agentsh", "type": "command", "command": ctx.command, "timeout": TIMEOUT * 1000}]}


def qwen_entry(ctx: Ctx) -> dict:
    return {"matcher": QWEN_MATCHER, "hooks": [
        {"type": "command", "command": ctx.command, "name": "agentsh", "timeout": TIMEOUT * 1000}]}


def droid_entry(ctx: Ctx) -> dict:
    return {"matcher": DROID_MATCHER, "hooks": [{"type": "command", "command": ctx.command,
                                                 "timeout": TIMEOUT}]}


def cursor_entry(ctx: Ctx) -> dict:
    entry: dict[str, Any] = {"command": ctx.command, "timeout": TIMEOUT}
    if ctx.system:  # managed: blocks on a crash or a timeout too; allow must then be said aloud
        entry["failClosed"] = True
    return entry


def cursor_file_entry(ctx: Ctx) -> dict:
    """`preToolUse` for the file tools only: the shell is `beforeShellExecution`'s, and one
    command asked about twice would ask a person twice."""
    return {"matcher": CURSOR_FILE_MATCHER, **cursor_entry(ctx)}


def cursor_mcp_entry(ctx: Ctx) -> dict:
    """`beforeMCPExecution`, which fires before every MCP call: never `failClosed` nor
    `--explicit-allow`, even managed, since an MCP tool agentsh does not know must get no answer
    (Cursor's own MCP approval goes on), where `{"permission": "allow"}` would approve it."""
    return {"command": hook_command(ctx.agent, ctx.agentsh), "timeout": TIMEOUT}


def windsurf_entry(ctx: Ctx) -> dict:
    return {"command": ctx.command, "show_output": True}


def antigravity_entry(ctx: Ctx) -> dict:
    return {"enabled": True, "PreToolUse": [{"hooks": [
        {"type": "command", "command": ctx.command, "timeout": TIMEOUT}]}]}


def copilot_file(ctx: Ctx) -> dict[str, bytes]:
    """One file for Copilot CLI and VS Code, which both read `~/.copilot/hooks/*.json`. The
    PascalCase event makes Copilot CLI send VS Code's payload shape; `bash`/`timeoutSec` are
    Copilot CLI's spellings, `command`/`timeout` VS Code's."""
    doc = {"version": 1, "hooks": {"PreToolUse": [
        {"type": "command", "command": ctx.command, "bash": ctx.command, "timeout": TIMEOUT,
         "timeoutSec": TIMEOUT}]}}
    return {"agentsh.json": (json.dumps(doc, indent=2) + "\n").encode()}


def grok_file(ctx: Ctx) -> dict[str, bytes]:
    doc = {"hooks": {"PreToolUse": [{"hooks": [
        {"type": "command", "command": ctx.command, "timeout": TIMEOUT}]}]}}
    return {"agentsh.json": (json.dumps(doc, indent=2) + "\n").encode()}


def cline_file(ctx: Ctx) -> dict[str, bytes]:
    body = script("cline", ctx.agentsh)
    return {"PreToolUse": (f"#!/bin/sh\n# managed by agentsh (`agentsh setup cline --uninstall` "
                           f"removes it)\n{body}\n").encode()}


def kimi_block(ctx: Ctx) -> str:
    return f'[[hooks]]\nevent = "PreToolUse"\ncommand = {json.dumps(ctx.command)}\n'


def kiro_snippet(ctx: Ctx) -> str:
    hook = {"hooks": {"preToolUse": [
        {"matcher": tool, "command": ctx.command, "timeout_ms": TIMEOUT * 1000}
        for tool in ("shell", "write")]}}
    return ("Kiro CLI and Amazon Q CLI keep hooks in each agent's JSON configuration "
            "(~/.kiro/agents/*.json, ~/.aws/amazonq/cli-agents/*.json). Add this to the agent "
            "you use (for Amazon Q the matchers are `execute_bash` and `fs_write`):\n"
            + json.dumps(hook, indent=2) + "\n")


def codex_after(ctx: Ctx, where: str) -> str:
    if ctx.system:
        return "  Codex trusts managed hooks in /etc/codex automatically.\n"
    return ("  Codex runs a new or changed hook only after you trust it: start Codex, open "
            "`/hooks`, select the agentsh PreToolUse hook and press `t`. Until then Codex skips "
            "it silently.\n")


def gemini_after(ctx: Ctx, where: str) -> str:
    return ("  Gemini CLI runs hooks unless `hooksConfig.enabled` is false in its settings "
            "(`tools.enableHooks` in releases before 0.27).\n")


def cline_after(ctx: Ctx, where: str) -> str:
    return ("  Turn hooks on in Cline (Settings > Hooks, or `cline config set hooks-enabled=true`)."
            "\n")


def hermes_after(ctx: Ctx, where: str) -> str:
    return "  Enable it: hermes plugins enable agentsh\n"


def openclaw_after(ctx: Ctx, where: str) -> str:
    return (f"  Install it into OpenClaw and restart the gateway: openclaw plugins install {where} "
            "--force && openclaw plugins enable agentsh\n")


def cursor_after(ctx: Ctx, where: str) -> str:
    if ctx.system:
        return ("  failClosed is on: a crash or a timeout blocks, and agentsh answers allow "
                "out loud, which skips Cursor's own approval for commands agentsh allows.\n")
    return ""


def _sys(linux: str, mac: str | None = None) -> Callable[[Path], Path]:
    path = mac if MAC and mac else linux
    return lambda root: root / path.lstrip("/")


CLAUDE = JsonHooks(("hooks", "PreToolUse"), claude_entry)
AGENTS: dict[str, Agent] = {a.name: a for a in (
    Agent("claude-code", "Claude Code", CLAUDE,
          lambda h: h / ".claude" / "settings.json", lambda p: p / ".claude" / "settings.json",
          _sys("/etc/claude-code/managed-settings.json",
               f"{MAC_SUPPORT}/ClaudeCode/managed-settings.json"),
          ("claude",), (".claude",),
          "every Bash tool call, and where Write/Edit/MultiEdit/NotebookEdit write (PreToolUse)",
          "other tools (WebFetch, MCP tools other than the common file and shell tools)",
          "yes (onFailure: block, Claude Code 2.1.295+; wrapper)", None),
    Agent("cursor", "Cursor", JsonHooksMany(JsonHooks(("hooks", "beforeShellExecution"),
                                                      cursor_entry),
                                            JsonHooks(("hooks", "preToolUse"), cursor_file_entry),
                                            JsonHooks(("hooks", "beforeMCPExecution"),
                                                      cursor_mcp_entry),
                                            scaffold={"version": 1}),
          lambda h: h / ".cursor" / "hooks.json", lambda p: p / ".cursor" / "hooks.json",
          _sys("/etc/cursor/hooks.json", f"{MAC_SUPPORT}/Cursor/hooks.json"),
          ("cursor", "cursor-agent"), (".cursor",),
          "every agent shell command, editor and cursor-agent (beforeShellExecution), and where "
          "Write/StrReplace/EditNotebook/Delete write or delete (preToolUse)",
          "the editor's own terminal (use `setup shell`)",
          "crash/missing: yes (wrapper); timeout: only with --system (failClosed)", cursor_after),
    Agent("codex", "Codex CLI", JsonHooks(("hooks", "PreToolUse"), codex_entry),
          lambda h: h / ".codex" / "hooks.json", lambda p: p / ".codex" / "hooks.json",
          _sys("/etc/codex/hooks.json"), ("codex",), (".codex",),
          "every shell tool call (PreToolUse, reported as Bash), and every file apply_patch "
          "adds, changes, deletes or moves",
          "the hook runs only once trusted in `/hooks` (managed hooks are trusted)",
          "crash/missing: yes (wrapper); timeout: no", codex_after),
    Agent("gemini", "Gemini CLI", JsonHooks(("hooks", "BeforeTool"), gemini_entry),
          lambda h: h / ".gemini" / "settings.json", lambda p: p / ".gemini" / "settings.json",
          _sys("/etc/gemini-cli/settings.json", f"{MAC_SUPPORT}/GeminiCli/settings.json"),
          ("gemini",), (".gemini",),
          "run_shell_command, and where write_file/replace write (BeforeTool)",
          "hooks switched off in its settings", "crash/missing: yes (wrapper); timeout: no",
          gemini_after),
    Agent("copilot", "GitHub Copilot CLI", OwnFiles(copilot_file, folder=True),
          lambda h: h / ".copilot" / "hooks", lambda p: p / ".github" / "hooks",
          _sys("/etc/github-copilot/policy.d"), ("copilot",), (".copilot",),
          "bash/powershell tool calls (preToolUse)", "nothing else; VS Code reads the same file",
          "crash/missing: yes (wrapper, JSON deny); timeout: no", None),
    Agent("vscode", "VS Code Copilot agent mode", OwnFiles(copilot_file, folder=True),
          lambda h: h / ".copilot" / "hooks", lambda p: p / ".github" / "hooks", None,
          ("code", "code-insiders"), (".vscode",),
          "run_in_terminal tool calls (agent hooks, Preview)",
          "the editor's terminal typed by a person (use `setup shell`); org policy can turn "
          "hooks off", "crash/missing: yes (wrapper); timeout: no", None),
    Agent("opencode", "OpenCode", OwnFiles(lambda c: plugins.opencode(c.agentsh)),
          lambda h: h / ".config" / "opencode" / "plugins" / "agentsh.js",
          lambda p: p / ".opencode" / "plugins" / "agentsh.js",
          _sys("/etc/opencode/plugins/agentsh.js", f"{MAC_SUPPORT}/opencode/plugins/agentsh.js"),
          ("opencode",), (".config/opencode",), "every bash tool call (plugin, tool.execute.before)",
          "a plugin OpenCode fails to load is skipped", "yes (the plugin throws on any failure)",
          None),
    Agent("amp", "Amp", OwnFiles(lambda c: plugins.amp(c.agentsh)),
          lambda h: h / ".config" / "amp" / "plugins" / "agentsh.ts",
          lambda p: p / ".amp" / "plugins" / "agentsh.ts", None,
          ("amp",), (".config/amp", ".amp"), "every shell tool call (plugin, tool.call)",
          "remote (Orb) threads, which read only the Personal Plugins repository",
          "yes (the plugin rejects on any failure)", None),
    Agent("windsurf", "Windsurf (Cascade)", JsonHooksMany(
              JsonHooks(("hooks", "pre_run_command"), windsurf_entry),
              JsonHooks(("hooks", "pre_write_code"), windsurf_entry)),
          lambda h: h / ".codeium" / "windsurf" / "hooks.json",
          lambda p: p / ".windsurf" / "hooks.json",
          _sys("/etc/windsurf/hooks.json", f"{MAC_SUPPORT}/Windsurf/hooks.json"),
          ("windsurf",), (".codeium/windsurf",),
          "every Cascade command (pre_run_command) and where Cascade writes (pre_write_code)",
          "the editor's terminal typed by a person (use `setup shell`)",
          "crash/missing: yes (wrapper); timeout: no", None),
    Agent("cline", "Cline", OwnFiles(cline_file, mode=0o755, folder=True),
          lambda h: h / "Documents" / "Cline" / "Hooks", lambda p: p / ".clinerules" / "hooks",
          None, ("cline",), ("Documents/Cline", ".cline"),
          "execute_command tool calls, and where write_to_file/replace_in_file write "
          "(PreToolUse hook file)",
          "hooks must be turned on in Cline; an existing PreToolUse file is left alone",
          "crash/missing: yes (wrapper, JSON cancel); timeout: no", cline_after),
    Agent("qwen", "Qwen Code", JsonHooks(("hooks", "PreToolUse"), qwen_entry),
          lambda h: h / ".qwen" / "settings.json", lambda p: p / ".qwen" / "settings.json",
          _sys("/etc/qwen-code/settings.json", f"{MAC_SUPPORT}/QwenCode/settings.json"),
          ("qwen",), (".qwen",),
          "run_shell_command, and where write_file/edit/notebook_edit write (PreToolUse)",
          "`disableAllHooks`",
          "crash/missing: yes (wrapper); timeout: no", None),
    Agent("droid", "Factory droid", JsonHooks(("PreToolUse",), droid_entry),
          lambda h: h / ".factory" / "hooks.json", lambda p: p / ".factory" / "hooks.json", None,
          ("droid",), (".factory",),
          "Execute tool calls, and where Create/Edit/MultiEdit/ApplyPatch write (PreToolUse)",
          "managed hooks live in Factory's cloud Enterprise Controls",
          "crash/missing: yes (wrapper); timeout: unverified", None),
    Agent("kimi", "Kimi Code", TomlBlock(kimi_block),
          lambda h: h / ".kimi-code" / "config.toml", None, None, ("kimi",), (".kimi-code",),
          "Bash, and where Write/Edit write (PreToolUse)", "failure semantics undocumented",
          "crash/missing: yes (wrapper, JSON deny); timeout: unverified", None),
    Agent("pi", "Pi", OwnFiles(lambda c: plugins.pi(c.agentsh)),
          lambda h: h / ".pi" / "agent" / "extensions" / "agentsh.ts",
          lambda p: p / ".pi" / "extensions" / "agentsh.ts", None, ("pi",), (".pi/agent",),
          "bash tool calls (extension, tool_call)", "extensions switched off in Pi's settings",
          "yes (the extension blocks on any failure)", None),
    Agent("hermes", "Hermes Agent", OwnFiles(lambda c: plugins.hermes(c.agentsh), folder=True),
          lambda h: h / ".hermes" / "plugins" / "agentsh", None, None, ("hermes",), (".hermes",),
          "terminal tool calls (plugin, pre_tool_call)", "the plugin must be enabled",
          "yes (the plugin blocks on any failure)", hermes_after),
    Agent("grok", "Grok Build", OwnFiles(grok_file, folder=True),
          lambda h: h / ".grok" / "hooks", None, None, ("grok",), (".grok",),
          "run_terminal_command (PreToolUse)", "an unparsable hooks file is skipped by Grok",
          "crash/missing: yes (wrapper, JSON deny); timeout: unverified", None),
    Agent("antigravity", "Antigravity CLI", JsonHooks(("agentsh",), antigravity_entry,
                                                      keyed=True),
          lambda h: h / ".gemini" / "config" / "hooks.json", None, None, ("agy", "antigravity"),
          (".gemini/antigravity", ".gemini/config"),
          "run_command, and where write_to_file/replace_file_content write (PreToolUse)",
          "the Antigravity editor (unverified)",
          "crash/missing: yes (wrapper, JSON deny); timeout: unverified", None),
    Agent("openclaw", "OpenClaw", OwnFiles(lambda c: plugins.openclaw(c.agentsh), folder=True),
          lambda h: h / ".local" / "share" / "agentsh" / "openclaw-plugin", None, None,
          ("openclaw",), (".openclaw",), "exec tool calls (plugin, before_tool_call)",
          "needs `openclaw plugins install` and a gateway restart",
          "yes (the plugin blocks on any failure)", openclaw_after),
    Agent("kiro", "Kiro CLI / Amazon Q CLI", Manual(kiro_snippet), lambda h: h / ".kiro", None,
          None, ("kiro-cli", "q"), (".kiro", ".aws/amazonq"),
          "shell/execute_bash tool calls, and where write/fs_write write (agent preToolUse hook)",
          "setup prints the hook: it belongs in the agent configuration you use",
          "crash/missing: yes (wrapper); timeout: no", None),
)}

# Agents with no pre-command route of their own: what covers them instead, and why.
NO_ROUTE = {
    "Roo Code": ("no hook API in released versions (only the unmerged PR RooCodeInc/Roo-Code"
                 "#10785)", "`agentsh setup shell`: the editor terminal profile and the shims"),
    "Kilo Code": ("no hook mechanism (Kilo-Org/kilocode#7859); its permission rules cannot "
                  "call a program", "`agentsh setup shell`; its `permission.bash` rules set to ask"),
    "Goose": ("only permission modes, no call-out before a command",
              "`export SHELL=agentsh` (its shell tool runs $SHELL) and the shims"),
    "Aider": ("no tool hooks: it runs only `/run` commands a person types or approves",
              "`export SHELL=agentsh` and the shims; git hooks would see only commits"),
    "Continue": ("no pre-tool hook", "`agentsh setup shell`"),
    "Kiro IDE": ("its hooks receive no payload (kirodotdev/Kiro#7408)", "`agentsh setup shell`"),
}
