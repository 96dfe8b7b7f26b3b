"""`agentsh check` and `agentsh explain`: classify without running anything."""

from __future__ import annotations

import json
import os
import sys

from agentsh.exitcodes import Exit
from agentsh.policy.values import Decision

DECISION_EXIT = {Decision.ALLOW: Exit.OK, Decision.CONFIRM: Exit.CONFIRM, Decision.DENY: Exit.DENY}


def main(name: str, args: list[str]) -> int:
    as_json = batch = look_here = False
    cwd = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest = args[i + 1 :]
            break
        if arg == "--json":
            as_json = True
        elif arg == "--batch":
            batch = True
        elif arg == "--here":
            look_here = True
        elif arg == "--cwd" and i + 1 < len(args):
            cwd = args[i + 1]
            i += 1
        elif arg.startswith("-") and not rest:
            sys.stderr.write(f"agentsh {name}: unknown option {arg}\n")
            return Exit.USAGE
        else:
            rest = args[i:]
            break
        i += 1
    from agentsh.commands import report
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify

    env = dict(os.environ)
    cwd = cwd or os.getcwd()
    policy = runtime.load_policy(cwd, env)
    if batch:
        # Commands in a batch come from elsewhere (a corpus, a log, another machine): each is
        # judged from its text alone, as if every path it names may exist with content agentsh
        # cannot see, so the verdicts do not depend on where the check runs. `--here` judges
        # them against this machine's files instead, as the wrapper shell and hooks do.
        from agentsh.engine.model import NULL_FILES

        out = sys.stdout
        contexts: dict[str, object] = {}
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["cmd"] if isinstance(item, dict) else str(item)
                here = item.get("cwd", cwd) if isinstance(item, dict) else cwd
            except (ValueError, KeyError, TypeError) as exc:
                out.write(json.dumps({"cmd": line.rstrip("\n"), "decision": "confirm",
                                      "findings": [], "parse_ok": False,
                                      "error": f"bad input line: {exc}"}) + "\n")
                continue
            ctx = contexts.get(here) or runtime.make_context(here, env)
            if not look_here:
                ctx = ctx._replace(files=NULL_FILES, read_file=_nothing)
            contexts[here] = ctx
            out.write(report.dumps(classify(text, policy, ctx)) + "\n")
        return Exit.OK
    if not rest:
        sys.stderr.write(f"usage: agentsh {name} [--json] [--] COMMAND\n")
        return Exit.USAGE
    text = rest[0] if len(rest) == 1 else " ".join(rest)
    verdict = classify(text, policy, runtime.make_context(cwd, env))
    if name == "explain":
        report.explain(verdict, sys.stdout, report.wants_colour(sys.stdout, env))
    elif as_json:
        sys.stdout.write(report.dumps(verdict) + "\n")
    else:
        top = verdict.top
        reason = f" ({top.rule}: {top.message})" if top else ""
        sys.stdout.write(f"{verdict.decision}{reason}\n")
    return DECISION_EXIT[verdict.decision]


def _nothing(path: str) -> None:
    return None
