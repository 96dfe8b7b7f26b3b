"""The harness's Markdown summary: counts, differences, blocks by rule and by cause, and the
per-test to-do list."""

from __future__ import annotations


def _code(text: str) -> str:
    """Inline code that survives backquotes and pipes inside a table cell."""
    text = text.replace("|", "\\|").replace("\n", " ⏎ ")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _header(s: dict) -> list[str]:
    lines = ["# bash 5.2's test suite under agentsh", "",
             f"Suite `{s['suite']}`, {s['tests']} tests, bash `{s['bash']}`, agentsh "
             f"`{s['agentsh']}`; timeout {s['timeout']:g} s per test and mode, {s['jobs']} in "
             f"parallel, {s['seconds']} s in all. Locales compiled for the tests: "
             f"{', '.join(s['locales']) or 'none'}. Outputs: `{s['outputs']}`.", ""]
    p = s.get("permissive")
    if p:
        probe = "blocked (exit 126)" if p["probe_blocked"] else f"ran (exit {p['probe_exit']})"
        lines += [f"Permissive method: **{p['method']}**"
                  + (f" ({p['note']})" if p["note"] else "") + f"; probe `{p['probe']}` {probe}"
                  + ("" if p["rules_valid"] else "; the generated rules file is NOT valid") + ".",
                  ""]
        if p["probe_blocked"]:
            lines += ["**Permissive mode still blocks commands** (the probe was refused), so its "
                      "numbers are not those of an agentsh that allows everything.", ""]
    return lines


def _counts(s: dict) -> list[str]:
    base = len(s["baseline"])
    lines = ["## Pass counts", "", f"| mode | of all {s['tests']} | of the {base} that pass "
             "with bash | blocked (tests) | time (s) |", "|---|---|---|---|---|"]
    for m in s["modes"]:
        blocked = len(s["blocked_tests"].get(m, [])) if m != "bash" else ""
        lines.append(f"| {m} | {s['counts'][m]}/{s['tests']} | {s['counts_on_baseline'][m]}/"
                     f"{base} | {blocked} | {s['seconds_per_mode'][m]} |")
    if s["flaky"]:
        lines += ["", "Flaky (failed, then passed when run again; counted as passing): "
                  + ", ".join(s["flaky"]) + "."]
    if s["bash_failures"]:
        fails = ", ".join(f["test"] + (" (timeout)" if f["timed_out"] else "")
                          for f in s["bash_failures"])
        lines += ["", f"Not compared (fail with plain bash here): {fails}."]
    return lines + [""]


def _differences(s: dict) -> list[str]:
    agent_modes = [m for m in s["modes"] if m != "bash"]
    rows: dict[str, dict[str, dict]] = {}
    for d in s["differences"]:
        rows.setdefault(d["test"], {})[d["mode"]] = d
    lines = ["## Differences among tests that pass with bash", "",
             f"{len(rows)} tests differ in at least one mode. `blocked`: agentsh refused at least "
             "one command (exit 126); `pass*`: passes, though a command was blocked.", "",
             "| test | " + " | ".join(agent_modes) + " | causes | first place |",
             "|---|" + "---|" * len(agent_modes) + "---|---|"]
    for test, by_mode in rows.items():
        cells, causes, first = [], [], ""
        for mode in agent_modes:
            d = by_mode.get(mode)
            if d is None:
                cells.append("pass")
                continue
            rules = ", ".join(sorted({b["rule"] for b in d["blocks"]}))
            result = ("pass*" if d["passed"] else "blocked") if d["blocked"] else \
                ("pass" if d["passed"] else "FAIL")
            cells.append(f"{result} {rules}".strip())
            causes += [c for c in dict.fromkeys(b["cause"] for b in d["blocks"]) or [d["cause"]]
                       if c not in causes]
            first = first or (d["blocks"][0]["where"] if d["blocks"] else "")
        lines.append(f"| {test} | " + " | ".join(cells) + f" | {'; '.join(causes)} | {first} |")
    return lines + [""]


def _families(s: dict) -> list[str]:
    lines = ["## Blocked tests by class of cause", "",
             "`tests`: blocked tests with at least one block of this class; `only`: blocked "
             "tests with no other class (fixing this class alone lets them run). `whole file`: "
             "the test's own script was refused before anything ran.", ""]
    previous = None
    for mode, fams in s["families"].items():
        if not fams:
            continue
        if fams == previous:
            lines += [f"### {mode}: the same as above", ""]
            continue
        previous = fams
        top = sum(1 for d in s["differences"] if d["mode"] == mode and d.get("top_blocked"))
        lines += [f"### {mode} ({len(s['blocked_tests'].get(mode, []))} blocked tests, {top} "
                  "as a whole file)", "", "| class | tests | only |", "|---|---|---|"]
        lines += [f"| {f['family']} | {len(f['tests'])} | {len(f['only'])} |" for f in fams]
        lines.append("")
    return lines


def _groups(s: dict, key: str, title: str) -> list[str]:
    lines = [f"## {title}", "", "`tests`: tests it affects; `only`: tests with no other "
             f"{key}; `places`: distinct places in the suite.", ""]
    previous = None
    for mode, groups in s[f"by_{key}"].items():
        if not groups:
            continue
        if groups == previous:
            lines += [f"### {mode}: the same as above", ""]
            continue
        previous = groups
        lines += [f"### {mode}", "", f"| {key} | tests | only | places | examples |",
                  "|---|---|---|---|---|"]
        for g in groups:
            examples = "<br>".join(f"{e['where']}: {_code(e['construct'])}" for e in g["examples"])
            lines.append(f"| {g[key]} | {len(g['tests'])} | {len(g['only'])} | "
                         f"{len(g['places'])} | {examples} |")
        lines.append("")
    return lines


def _todo(s: dict) -> list[str]:
    lines = ["## To-do: every blocked test, place and construct", "",
             "Each line: where, the construct, the cause, and the rule per mode. A blocked file "
             "hides what it would have run, so fixing these can reveal more.", ""]
    tests: dict[str, dict[tuple, dict]] = {}
    for d in s["differences"]:
        for b in d["blocks"]:
            inner = ", in it: " + b["detail"] if "in a script this command runs" in b["cause"] else ""
            key = (b["where"], b["construct"], b["cause"] + inner)
            tests.setdefault(d["test"], {}).setdefault(key, {})[d["mode"]] = b["rule"]
    for test, places in tests.items():
        lines.append(f"- **{test}**")
        for (where, construct, cause), rules in places.items():
            per_mode = ", ".join(f"{m} {r}" for m, r in rules.items())
            lines.append(f"  - {where}: {_code(construct[:160])} — {cause} ({per_mode})")
    return lines + [""]


def _excerpts(s: dict) -> list[str]:
    lines = ["## Diff excerpts of failures with nothing blocked", ""]
    shown = [d for d in s["differences"] if not d["blocks"] and not d["passed"]]
    for d in shown:
        lines += [f"**{d['test']}** ({d['mode']}): {d['cause']}", "", "```diff",
                  d["diff_excerpt"], "```", ""]
    return lines if shown else []


def markdown(summary: dict, brief: bool = False) -> str:
    """The summary as Markdown; `brief` leaves out the per-rule table, the to-do list and the
    diff excerpts (for the terminal when the whole goes to a file)."""
    parts = (_header(summary) + _counts(summary) + _families(summary) + _differences(summary)
             + _groups(summary, "cause", "Blocks and failures by cause"))
    if not brief:
        parts += _groups(summary, "rule", "Blocks by rule") + _todo(summary) + _excerpts(summary)
    return "\n".join(parts).rstrip() + "\n"
