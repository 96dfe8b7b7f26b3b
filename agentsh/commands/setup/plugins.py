"""The small plugins agentsh writes for agents whose only pre-command route is an in-process
plugin API (OpenCode, Amp, Pi, OpenClaw, Hermes). Each one sends the agent's own event to
`agentsh hook AGENT` as JSON and lets the call go on only when agentsh exits 0 with nothing on
stdout; a deny, a missing agentsh, a crash, a timeout or an exception in the plugin all block.
Each file names agentsh by its absolute path and says it is managed by agentsh."""

from __future__ import annotations

import json

HEADER = "managed by agentsh (`agentsh setup {agent} --uninstall` removes it); agentsh hook {agent}"
TIMEOUT_MS = 600_000  # above agentsh's own approval wait

# The part every JavaScript plugin shares: run agentsh, and say why the call is blocked (or null).
JS_CHECK = """import { spawnSync } from "node:child_process";

const AGENTSH = %(agentsh)s;
const AGENT = %(agent)s;
const FAILED = "agentsh could not check this command, so it is blocked. If agentsh was removed " +
  "on purpose, run: agentsh setup " + AGENT + " --uninstall";

function agentshBlocks(payload) {
  let result;
  try {
    result = spawnSync(AGENTSH, ["hook", AGENT], {
      input: JSON.stringify(payload), encoding: "utf8", timeout: %(timeout)d,
      maxBuffer: 8 * 1024 * 1024,
    });
  } catch (error) {
    return FAILED + " (" + error + ")";
  }
  if (!result) return FAILED + " (no result)";
  if (result.error) return FAILED + " (" + result.error.message + ")";
  const out = String(result.stdout || "").trim();
  if (result.status === 0 && out === "") return null;
  let reason = "";
  try {
    const body = JSON.parse(out);
    if (body && typeof body.reason === "string") reason = body.reason;
  } catch (error) {
    reason = "";
  }
  return reason || String(result.stderr || "").trim() || FAILED + " (status " + result.status + ")";
}
"""

OPENCODE = """// %(header)s
// OpenCode plugin: tool.execute.before runs agentsh before every bash call and every file
// tool's write; throwing blocks it.
%(check)s
const CHECKED = new Set(%(checked)s);

export const AgentshPlugin = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    let reason;
    try {
      const tool = input ? input.tool : undefined;
      if (typeof tool === "string" && !CHECKED.has(tool)) return;
      reason = agentshBlocks({
        tool, sessionID: input.sessionID, callID: input.callID,
        args: output ? output.args : undefined, directory,
      });
    } catch (error) {
      reason = FAILED + " (" + error + ")";
    }
    if (reason) throw new Error(reason);
  },
});
"""

AMP = """// %(header)s
// Amp plugin: every tool call that is a shell command goes to agentsh first.
%(check)s
function reject(message) {
  return { action: "reject-and-continue", message };
}

export default function agentsh(amp) {
  amp.on("tool.call", (event) => {
    try {
      const shell = amp.helpers.shellCommandFromToolCall(event);
      if (!shell) return { action: "allow" };
      let root = null;
      if (amp.system && amp.system.workspaceRoot) {
        root = amp.helpers.filePathFromURI(amp.system.workspaceRoot);
      }
      const reason = agentshBlocks({
        tool: event.tool, thread: { id: event.thread ? event.thread.id : null },
        shell: { command: shell.command, dir: typeof shell.dir === "string" ? shell.dir : null },
        workspaceRoot: root,
      });
      return reason ? reject(reason) : { action: "allow" };
    } catch (error) {
      return reject(FAILED + " (" + error + ")");
    }
  });
}
"""

PI = """// %(header)s
// Pi extension: every bash tool call goes to agentsh first; {block: true} stops it.
%(check)s
export default function agentsh(pi) {
  pi.on("tool_call", async (event, ctx) => {
    try {
      const tool = event ? event.toolName : undefined;
      if (typeof tool === "string" && tool !== "bash") return undefined;
      let session = "";
      try {
        session = ctx.sessionManager.getSessionId();
      } catch (error) {
        session = "";
      }
      const reason = agentshBlocks({
        toolName: tool, input: event.input, cwd: ctx ? ctx.cwd : undefined, sessionId: session,
      });
      return reason ? { block: true, reason } : undefined;
    } catch (error) {
      return { block: true, reason: FAILED + " (" + error + ")" };
    }
  });
}
"""

OPENCLAW = """// %(header)s
// OpenClaw plugin: before_tool_call sends every exec call to agentsh; {block: true} stops it.
%(check)s
function workspace(api, ctx) {
  try {
    return api.runtime.agent.resolveAgentWorkspaceDir(api.config, ctx.agentId);
  } catch (error) {
    return null;
  }
}

export default {
  id: "agentsh",
  name: "agentsh",
  description: "agentsh checks every exec call before OpenClaw runs it.",
  register(api) {
    api.on("before_tool_call", (event, ctx) => {
      try {
        const tool = event ? event.toolName : undefined;
        if (typeof tool === "string" && tool !== "exec") return undefined;
        if (event.toolKind !== undefined) return undefined;
        const reason = agentshBlocks({
          toolName: tool, params: event.params, cwd: workspace(api, ctx || {}),
          sessionKey: ctx ? (ctx.sessionId || ctx.sessionKey || "") : "",
        });
        return reason ? { block: true, blockReason: reason } : undefined;
      } catch (error) {
        return { block: true, blockReason: FAILED + " (" + error + ")" };
      }
    }, { matcher: ["exec"], priority: 50 });
  },
};
"""

HERMES = '''# %(header)s
"""agentsh for Hermes Agent: every `terminal` tool call goes to agentsh first. Hermes ignores a
callback that raises, so every failure here returns a block itself."""

import json
import os
import subprocess

AGENTSH = %(agentsh)s
FAILED = ("agentsh could not check this command, so it is blocked. If agentsh was removed on "
          "purpose, run: agentsh setup hermes --uninstall")


def _block(message):
    return {"action": "block", "message": message}


def _pre_tool_call(tool_name="", args=None, session_id="", task_id="", **_):
    try:
        if isinstance(tool_name, str) and tool_name != "terminal":
            return None
        payload = json.dumps({"tool_name": tool_name, "args": args, "session_id": session_id or "",
                              "cwd": os.environ.get("TERMINAL_CWD") or os.getcwd()})
        result = subprocess.run([AGENTSH, "hook", "hermes"], input=payload, capture_output=True,
                                text=True, encoding="utf-8", errors="replace",
                                timeout=%(timeout_s)d)
        out = result.stdout.strip()
        if result.returncode == 0 and not out:
            return None
        try:
            reason = json.loads(out).get("reason") or ""
        except (ValueError, AttributeError):
            reason = ""
        return _block(reason or result.stderr.strip() or FAILED)
    except Exception as error:  # noqa: BLE001 - any failure blocks
        return _block("%%s (%%s)" %% (FAILED, error))


def register(ctx):
    ctx.register_hook("pre_tool_call", _pre_tool_call)
'''

HERMES_MANIFEST = """# %(header)s
name: agentsh
version: "1"
description: "agentsh checks every terminal command before Hermes runs it."
provides_hooks:
  - pre_tool_call
"""


def _fill(template: str, agent: str, agentsh: str, js: bool = True, **more: str) -> bytes:
    values = {"agentsh": json.dumps(agentsh), "agent": json.dumps(agent), "timeout": TIMEOUT_MS,
              "timeout_s": TIMEOUT_MS // 1000, "header": HEADER.format(agent=agent), **more}
    if js:
        values["check"] = JS_CHECK % values
    return (template % values).encode("utf-8")


def opencode(agentsh: str) -> dict[str, bytes]:
    from agentsh.frontends.hooks.opencode import CHECKED_TOOLS

    return {"agentsh.js": _fill(OPENCODE, "opencode", agentsh,
                                checked=json.dumps(list(CHECKED_TOOLS)))}


def amp(agentsh: str) -> dict[str, bytes]:
    return {"agentsh.ts": _fill(AMP, "amp", agentsh)}


def pi(agentsh: str) -> dict[str, bytes]:
    return {"agentsh.ts": _fill(PI, "pi", agentsh)}


def openclaw(agentsh: str) -> dict[str, bytes]:
    header = HEADER.format(agent="openclaw")
    manifest = {"id": "agentsh", "name": "agentsh", "description": header, "version": "1",
                "activation": {"onStartup": True},
                "configSchema": {"type": "object", "additionalProperties": False,
                                 "properties": {}}}
    package = {"name": "agentsh", "version": "1", "description": header, "type": "module",
               "openclaw": {"extensions": ["./index.js"]}}
    return {"index.js": _fill(OPENCLAW, "openclaw", agentsh),
            "openclaw.plugin.json": (json.dumps(manifest, indent=2) + "\n").encode(),
            "package.json": (json.dumps(package, indent=2) + "\n").encode()}


def hermes(agentsh: str) -> dict[str, bytes]:
    return {"__init__.py": _fill(HERMES, "hermes", agentsh, js=False),
            "plugin.yaml": _fill(HERMES_MANIFEST, "hermes", agentsh, js=False)}
