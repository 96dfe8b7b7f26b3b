"""The usage text, shared by `agentsh --help` (the shell) and the subcommands. Imports only
`exitcodes`."""

from __future__ import annotations

from agentsh.exitcodes import HELP

USAGE = """usage: agentsh [bash options] [-c COMMAND [NAME [ARGS...]] | SCRIPT [ARGS...]]
       agentsh check [--json] [--batch] [--cwd DIR] [--] COMMAND
       agentsh explain [--cwd DIR] [--] COMMAND
       agentsh rules check [FILE] | rules test [FILE] | rules show
       agentsh trust [FILE] | trust --revoke [FILE]
       agentsh log [--verify] [--decision D] [--rule ID] [--since ISO-TIME] [--agent NAME]
       agentsh undo [ID] [--force]        (bring back what a command deleted or discarded)
       agentsh trash list | show ID | purge ID... | purge --all | purge --expired
       agentsh approve                    (the approver console: a terminal of your own)
       agentsh hook AGENT                 (an agent's pre-command hook; JSON on stdin)
       agentsh setup AGENT|shell [--project | --system [--root DIR]] [--uninstall]
       agentsh setup --detect | --uninstall [--system]
       agentsh doctor
       agentsh --version
AGENT: claude-code cursor codex gemini copilot vscode opencode amp windsurf cline qwen droid
       kimi pi hermes grok antigravity openclaw kiro (docs/agents.md)

As a shell, agentsh checks every command bash would run, asks a person before irreversible
ones (on a channel the agent cannot answer), logs every decision, then runs the real bash.
"""


def usage() -> str:
    return USAGE + "\n" + HELP + "\n"
