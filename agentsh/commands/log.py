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
    from agentsh import locations

    protected = locations.protected_root()
    if "file" in filters:
        path = filters.pop("file")
    elif protected:
        path = locations.Protected(protected).log
    else:
        path = audit.log_path(runtime.load_policy(os.getcwd(), env).settings.audit_log, env)
    out = _printable(sys.stdout)
    if verify:
        problems = audit.verify(path, **_service_head(path) if protected else {})
        if not problems and not os.path.lexists(path) and not protected:
            from agentsh.gate import audit_head

            if os.path.isdir(audit_head.head_dir(env)):
                # heads are kept from the first entry on: a log agentsh wrote is gone
                problems = [f"{path}: the log is missing, but agentsh has kept audit heads in "
                            f"{audit_head.head_dir(env)}: it was deleted or moved"]
        for problem in problems:
            out.write(problem + "\n")
        if not problems:
            out.write(f"{path}: no log yet\n" if not os.path.lexists(path) else
                      f"{path}: the chain is intact\n")
        return Exit.CONFIG if problems else Exit.OK
    try:
        lines = audit.read_lines(path)
    except OSError:
        out.write(f"{path}: no log yet\n")
        return Exit.OK
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or not _keep(entry, filters):
            continue
        if as_json:
            out.write(line + "\n")
            continue
        findings = entry.get("findings") if isinstance(entry.get("findings"), list) else []
        rules = ",".join(str(f.get("rule")) for f in findings if isinstance(f, dict)) or "-"
        out.write(visible(f"{entry.get('time', '?')}  {entry.get('decision', '?'):<7} "
                          f"{entry.get('outcome', ''):<12} {rules:<16} "
                          f"{entry.get('cmd', '')}") + "\n")
    return Exit.OK


def _service_head(path: str) -> dict:
    """Protected mode: the chain head as the service (which alone writes the log) keeps it."""
    from agentsh.gate import audit_head, remote

    try:
        answer = remote.call({"type": "head"}, timeout=10)
    except remote.Refused as exc:
        return {"heads": f"(the service: {exc})", "head": None}
    head = answer.get("head")
    if answer.get("log") != path or not (isinstance(head, list) and len(head) == 5):
        return {"heads": "the service", "head": None}
    return {"heads": "the service", "head": audit_head.Head(head)}


def _printable(stream):
    """Writing never fails on text that came from bytes that were not UTF-8."""
    try:
        stream.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError):
        pass
    return stream


def _keep(entry: dict, filters: dict[str, str]) -> bool:
    if "decision" in filters and entry.get("decision") != filters["decision"] and \
            entry.get("outcome") != filters["decision"]:
        return False
    findings = entry.get("findings") if isinstance(entry.get("findings"), list) else []
    if "rule" in filters and not any(str(f.get("rule", "")).startswith(filters["rule"])
                                     for f in findings if isinstance(f, dict)):
        return False
    if "since" in filters and entry.get("time", "") < filters["since"]:
        return False
    if "agent" in filters and filters["agent"] not in str(entry.get("agent", "")):
        return False
    return True
