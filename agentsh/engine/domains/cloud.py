"""Cloud and infrastructure CLIs: a subcommand word that is, starts or ends with a destroy verb.

Which CLIs, which verbs, how deep the subcommand path goes and what marks production all come
from `[analyzer.cloud]` in rules.toml, so a team can add its own CLI without code."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import has_verb
from agentsh.engine.model import Fact
from agentsh.engine.options import resource_option

SAFE_WORDS = frozenset(("help", "plan", "preview", "diff", "list", "ls", "get", "describe",
                        "show", "status", "--help"))


def analyze(view, params: dict) -> list[Fact]:
    clis = params.get("clis", {})
    depth = clis.get(view.program)
    if depth is None:
        return []
    args = view.args
    if args.help or any(f.startswith("--dry-run") and v not in ("none", "false")
                        for f, v in args.options) or "--dry-run" in args.flags:
        return []
    words = [w.text for w in args.positionals[:depth]]
    if any(w in SAFE_WORDS for w in words[:1]):
        return []
    verbs = frozenset(params.get("destroy_verbs", []))
    stop = frozenset(params.get("stop_words", []))
    facts = []
    for k, word in enumerate(words):
        if word in stop:
            break
        if re.match(r"^[A-Za-z][\w:.-]*$", word) and has_verb(word, verbs):
            rest = [w.text for w in args.positionals[k + 1 :]]
            detail = f"{view.program} {' '.join(words[: k + 1])}"
            target = resource_option(view.cmd.words[1:]) or " ".join(rest[:2]) or detail
            if detail in params.get("not_destructive", []):
                break
            facts.append(Fact("cloud.destroy", detail, target))
            marker = production_marker(view, params)
            if marker:
                facts.append(Fact("cloud.destroy_production", f"{detail} ({marker})", target))
            break
    return facts


def production_marker(view, params: dict) -> str:
    """What marks this command as aimed at production, or ''."""
    patterns = [re.compile(p, re.I) for p in params.get("production_patterns", [])]
    if not patterns:
        return ""
    for option in params.get("production_options", []):
        for value in view.args.values(option):
            if any(p.search(value) for p in patterns):
                return f"{option} {value}"
    for name in params.get("production_env", []):
        value = view.env(name)
        if value and any(p.search(value) for p in patterns):
            return f"{name}={value}"
    return ""
