"""`agentsh log`: show, filter and verify the audit log."""

from __future__ import annotations

import json
import os
import sys

from agentsh.exitcodes import Exit


def main(args: list[str]) -> int:
    from agentsh.engine import runtime
    from agentsh.gate import audit
    from agentsh.gate.messages import visible

    env = dict(os.environ)
    filters: dict[str, str] = {}
    verify = as_json = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--verify":
            verify = True
        elif arg == "--json":
            as_json = True
        elif arg in ("--decision", "--rule", "--since", "--agent", "--file") and i + 1 < len(args):
            filters[arg[2:]] = args[i + 1]
            i += 1
        else:
            sys.stderr.write(f"agentsh log: unknown argument {arg}\n")
            return Exit.USAGE
        i += 1
    if "file" in filters:
        path = filters.pop("file")
    else:
        path = audit.log_path(runtime.load_policy(os.getcwd(), env).settings.audit_log, env)
    if verify:
        problems = audit.verify(path)
        for problem in problems:
            sys.stdout.write(problem + "\n")
        if not problems:
            sys.stdout.write(f"{path}: the chain is intact\n")
        return Exit.CONFIG if problems else Exit.OK
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        sys.stdout.write(f"{path}: no log yet\n")
        return Exit.OK
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not _keep(entry, filters):
            continue
        if as_json:
            sys.stdout.write(line + "\n")
            continue
        rules = ",".join(f["rule"] for f in entry.get("findings", [])) or "-"
        sys.stdout.write(visible(f"{entry.get('time', '?')}  {entry.get('decision', '?'):<7} "
                                 f"{entry.get('outcome', ''):<12} {rules:<16} "
                                 f"{entry.get('cmd', '')}") + "\n")
    return Exit.OK


def _keep(entry: dict, filters: dict[str, str]) -> bool:
    if "decision" in filters and entry.get("decision") != filters["decision"] and \
            entry.get("outcome") != filters["decision"]:
        return False
    if "rule" in filters and not any(f.get("rule", "").startswith(filters["rule"])
                                     for f in entry.get("findings", [])):
        return False
    if "since" in filters and entry.get("time", "") < filters["since"]:
        return False
    if "agent" in filters and filters["agent"] not in entry.get("agent", ""):
        return False
    return True
