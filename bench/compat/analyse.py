"""Turn the harness's raw runs into findings: which commands agentsh blocked, where in the suite
they come from, why (grouped into causes an engineer can fix), and what else differs."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

BLOCKED_EXIT = 126
# Variables the harness exports to every test: a command word made of one is known to agentsh
ENV_NAMES = frozenset({"THIS_SH", "BUILD_DIR", "BASH_TSTOUT", "PATH", "HOME", "TMPDIR", "LOCPATH"})
BLOCKED_LINE = "agentsh: blocked: "
SHELL_NAME = "only the shell's name differs (`agentsh: -c: line 1:` for `bash: -c: line 1:`)"
NOT_BLOCKED = "output differs, nothing blocked"
TIMED_OUT = "timed out"
EXCERPT_LINES = 12
MAX_CHUNK_LINES = 400
MAX_CULPRIT_LINES = 80
TS_POISON = "a[x y]=1"  # tree-sitter rejects it, bashlex accepts it (checked before use)
BL_POISON = "a=(1 2)"  # bashlex rejects it, tree-sitter accepts it
PARSERS = {
    "both": "neither parser (tree-sitter, bashlex) parses it",
    "tree-sitter": "tree-sitter fails here; bashlex parses it but fails elsewhere in the text",
    "bashlex": "bashlex (the fallback) fails here first, so tree-sitter's failures count",
}
RULE_ID = re.compile(r'^\s*id\s*=\s*"([A-Z]{2,6}[0-9]{3})"', re.M)
DYNAMIC_NAME = re.compile(r"command name (.+?) is only known at run time")
VARIABLE = re.compile(r"^\"?\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])")
OPENER = re.compile(r"(\{|\(|\bdo|\bthen|\belse)\s*(#.*)?$")
CLOSER = re.compile(r"\s*(\}|\)|done|fi)\b")
OFFSET = re.compile(r"syntax error near offset (\d+)")

# What a construct that does not parse contains, checked in order on the failing text: the
# first feature found names the cause. Only a label for grouping: the to-do entry itself is the
# file, line and text.
PARSE_FEATURES = (
    ("history expansion (`!!:$`, `!-2:3*`)", re.compile(r"!(!|-?\d|\?\w)")),
    ("array assignment `a=( )`", re.compile(r"(^|\s)[A-Za-z_]\w*\+?=\(")),
    ("extended glob `@( ) !( ) +( ) *( ) ?( )`", re.compile(r"(?<!\))[@!+*?]\(")),
    ("here-document", re.compile(r"<<-?\s*['\"\\]?\w")),
    ("`case` with `;&` / `;;&`", re.compile(r";;?&")),
    ("`case` pattern with brackets or a leading `(` (`( [\"$x\"] )`, `[!A-Z])`)",
     re.compile(r"\bin\s+\(?\s*\[|^\s*\(?\s*\[(?!\[)[^\]]*\][^\s()]*\)|^\s*\(\s*\[")),
    ("array subscript in a word (`a[x y]=`, `${a[k]}`, `export a[4]`)",
     re.compile(r"(^|[\s{:])[A-Za-z_]\w*\[[^\]]*\]")),
    ("`$'...'` / `$\"...\"` quoting", re.compile(r"\$'|\$\"")),
    ("here-string `<<<`", re.compile(r"<<<")),
    ("process substitution `<( )` / `>( )`", re.compile(r"[<>]\(")),
    ("arithmetic `(( ))` / `$(( ))` / `for ((`", re.compile(r"\(\(")),
    ("`[[ ]]` conditional", re.compile(r"\[\[")),
    ("`coproc`", re.compile(r"\bcoproc\b")),
    ("`function` keyword / unusual function name",
     re.compile(r"\bfunction\b|^\s*[^\s=()]*[^\w\s=()][^\s=()]*\s*\(\)")),
    ("command substitution `$( )` / backquotes", re.compile(r"\$\(|`")),
    ("parameter expansion `${ }`", re.compile(r"\$\{")),
    ("redirection `&>` / `>|` / `{fd}>` / `<&-`", re.compile(r"&>|>\||\{\w+\}[<>]|[<>]&-")),
    ("`case`", re.compile(r"\bcase\b")),
    ("backslash-newline / line continuation", re.compile(r"\\\n")),
)


def strip_warnings(stderr: str) -> str:
    """A run script's stderr without its `warning:` banner lines."""
    return "".join(line for line in stderr.splitlines(True) if not line.startswith("warning:"))


def read_audit(path: Path) -> dict:
    """How many commands agentsh checked in a run, and the ones it did not run."""
    if not path.exists():
        return {"checked": 0, "blocked": []}
    entries = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    blocked = [{"cmd": e["cmd"], "decision": e["decision"], "outcome": e["outcome"],
                "findings": e["findings"]}
               for e in entries if e.get("outcome") not in ("allowed", "approved")]
    return {"checked": len(entries), "blocked": blocked}


def rule_ids(toml_text: str) -> list[str]:
    """The IDs of the `[[rule]]` tables of a rules.toml (stdlib only: no tomllib on 3.10)."""
    ids: list[str] = []
    in_rule = False
    for line in toml_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            in_rule = stripped == "[[rule]]"
            continue
        m = RULE_ID.match(line)
        if in_rule and m and m.group(1) not in ids:
            ids.append(m.group(1))
            in_rule = False
    return ids


def first_line(text: str, width: int = 110) -> str:
    """The first non-blank line of a text, shortened for a table."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


class SuiteIndex:
    """The suite's files, to say where a checked text (a whole script or a `-c` string) is."""

    def __init__(self, tests: Path) -> None:
        self.files: dict[str, str] = {}
        for path in sorted(tests.iterdir()):
            if path.is_file() and not path.name.endswith(".right"):
                try:
                    self.files[path.name] = path.read_text("utf-8")
                except UnicodeDecodeError:
                    continue
        self.by_content = {text: name for name, text in self.files.items()}

    def main_scripts(self, test: str) -> set[str]:
        """The files `run-TEST` hands to the shell under test: `${THIS_SH} ./NAME.tests`,
        `${THIS_SH} < ./input.sh`, `${THIS_SH} ./${TEST_NAME}.tests`."""
        script = self.files.get(f"run-{test}", "")
        for name, value in re.findall(r"^(\w+)=['\"]?([\w.-]+)['\"]?$", script, re.M):
            script = script.replace(f"${{{name}}}", value)
        return set(re.findall(r"\$\{THIS_SH\}\s+(?:<\s*)?\./(\S+)", script))

    def whole_file(self, text: str) -> str | None:
        """The file whose whole content is `text` (a script agentsh read), if any."""
        return self.by_content.get(text)

    def find(self, text: str) -> tuple[str, int] | None:
        """The file and line where `text` starts, searching the tests and .sub files."""
        for needle in (text, text.strip(), first_line(text, 10_000)):
            if len(needle) < 4:
                continue
            for name, body in self.files.items():
                at = body.find(needle)
                if at >= 0:
                    return name, body.count("\n", 0, at) + 1
        return None


class ParseLocator:
    """Finds the constructs agentsh cannot parse in a text that bash runs.

    agentsh parses with tree-sitter and, where that fails, with bashlex; a text fails when both
    fail on it, which they can do in different places of a long script. So each parser is asked
    on its own: a line that tree-sitter rejects and bashlex accepts (TS_POISON) put in front of a
    text makes agentsh's answer bashlex's, and a line bashlex rejects (BL_POISON) makes it
    tree-sitter's. Both poisons are checked first; without them only commands that fail alone
    are found. The text is split into the smallest complete commands (`bash -n` decides); for a
    failing one the locator goes into its body (functions, loops) or removes one line at a time
    to find the line."""

    def __init__(self, agentsh: str, bash: str, scratch: Path) -> None:
        self.agentsh, self.bash = agentsh, bash
        self.home = Path(tempfile.mkdtemp(prefix="locate-", dir=scratch))
        (self.home / "run").mkdir(mode=0o700)
        self.cache: dict[str, list[dict]] = {}
        self.oracles: dict[str, str] | None = None

    def _env(self) -> dict[str, str]:
        h = self.home
        return {"PATH": "/usr/bin:/bin", "HOME": str(h), "XDG_CONFIG_HOME": str(h / "c"),
                "XDG_STATE_HOME": str(h / "s"), "XDG_CACHE_HOME": str(h / "k"),
                "XDG_DATA_HOME": str(h / "d"), "XDG_RUNTIME_DIR": str(h / "run"),
                "AGENTSH_SYSTEM_RULES": str(h / "none")}

    def complete(self, text: str) -> bool:
        """Whether bash parses `text` as complete commands (extglob on, as many tests set it)."""
        run = subprocess.run([self.bash, "-O", "extglob", "-n"], input=text, text=True,
                             capture_output=True, env=self._env(), check=False)
        return run.returncode == 0 and not run.stderr

    def chunks(self, lines: list[str], start: int, stop: int) -> list[tuple[int, int]]:
        """Split lines[start:stop] into the shortest runs of lines that are complete commands
        (a line that completes nothing within MAX_CHUNK_LINES stands alone)."""
        out: list[tuple[int, int]] = []
        i = start
        while i < stop:
            if not lines[i].strip() or lines[i].lstrip().startswith("#"):
                i += 1
                continue
            end = next((j for j in range(i + 1, min(stop, i + MAX_CHUNK_LINES) + 1)
                        if self.complete("".join(lines[i:j]))), i + 1)
            out.append((i, end))
            i = end
        return out

    def parses(self, texts: list[str], prefix: str = "") -> list[tuple[bool, str]]:
        """agentsh's parse result (ok, error detail) for `prefix` + each text, in one process;
        error offsets are made relative to the text."""
        if not texts:
            return []
        batch = "".join(json.dumps({"cmd": prefix + t}) + "\n" for t in texts)
        run = subprocess.run([self.agentsh, "check", "--batch"], input=batch, text=True,
                             capture_output=True, env=self._env(), check=False)
        out = []
        for line in run.stdout.splitlines():
            verdict = json.loads(line)
            detail = next((f["message"] for f in verdict["findings"] if f["rule"] == "UNK001"), "")
            detail = OFFSET.sub(lambda m: f"syntax error near offset {int(m.group(1)) - len(prefix)}",
                                detail)
            out.append((verdict["parse_ok"], detail))
        if len(out) != len(texts):
            raise RuntimeError(f"agentsh check --batch answered {len(out)} of {len(texts)}: "
                               + run.stderr[-500:])
        return out

    def _oracles(self) -> dict[str, str]:
        """Prefixes that make agentsh's answer one parser's: {'tree-sitter': ..., 'bashlex': ...},
        empty when the poisons do not behave as expected with this agentsh."""
        if self.oracles is None:
            ts, bl = TS_POISON + "\n", BL_POISON + "\n"
            (p_ok, _), (q_ok, _), (both, detail) = self.parses([TS_POISON, BL_POISON, ts + bl])
            m = OFFSET.search(detail)
            good = p_ok and q_ok and not both and m is not None and int(m.group(1)) < len(ts)
            self.oracles = {"tree-sitter": bl, "bashlex": ts} if good else {}
        return self.oracles

    def locate(self, text: str) -> list[dict]:
        """The failing constructs of `text`: line (1-based), text, which parser, detail."""
        if text not in self.cache:
            lines = text.splitlines(True)
            found = self._locate(lines, 0, len(lines), "tree-sitter")
            if found and all(f["parsers"] != "both" for f in found):
                found += self._locate(lines, 0, len(lines), "bashlex")[:1]
            self.cache[text] = found
        return self.cache[text]

    def _locate(self, lines: list[str], start: int, stop: int, parser: str) -> list[dict]:
        """The failing commands of lines[start:stop] for one parser (or both, without oracles)."""
        spans = self.chunks(lines, start, stop)
        texts = ["".join(lines[a:b]) for a, b in spans]
        prefix = self._oracles().get(parser, "")
        verdicts = self.parses(texts, prefix)
        other = self.parses(texts, self._oracles()["bashlex"]) \
            if prefix and parser == "tree-sitter" else [(False, "")] * len(texts)
        found: list[dict] = []
        for (a, b), (ok, detail), (other_ok, _) in zip(spans, verdicts, other, strict=False):
            if ok:
                continue
            body = "".join(lines[a + 1:b - 1])
            inner = self._locate(lines, a + 1, b - 1, parser) \
                if compound(lines, a, b) and body.strip() and self.complete(body) else []
            which = "both" if not prefix or (parser == "tree-sitter" and not other_ok) \
                else parser
            found += inner or [_construct(lines, a, b, detail,
                                          self.culprit(lines, a, b, prefix), which)]
        return found

    def culprit(self, lines: list[str], a: int, b: int, prefix: str = "") -> int | None:
        """The one line of a failing multi-line command whose removal leaves text that bash and
        agentsh (after `prefix`) both parse, if there is one."""
        if b - a < 3 or b - a > MAX_CULPRIT_LINES:
            return None
        variants = [(i, "".join(lines[a:i] + lines[i + 1:b])) for i in range(a + 1, b - 1)
                    if lines[i].strip()]
        verdicts = self.parses([text for _, text in variants], prefix)
        for (i, text), (ok, _) in zip(variants, verdicts, strict=False):
            if ok and self.complete(text):
                return i
        return None


def compound(lines: list[str], a: int, b: int) -> bool:
    """Whether lines a..b-1 are a compound command whose body lines are commands (a function,
    loop, `if`, group or subshell), not a here-document."""
    return b - a > 2 and "<<" not in lines[a] and bool(OPENER.search(lines[a])) \
        and bool(CLOSER.match(lines[b - 1]))


def _construct(lines: list[str], a: int, b: int, detail: str, culprit: int | None,
               which: str) -> dict:
    """A failing command (lines a..b-1), narrowed to the line the parser's offset points at or,
    when that is the first line, to the culprit line found by removing lines."""
    chunk = "".join(lines[a:b])
    m = OFFSET.search(detail)
    offset = int(m.group(1)) if m and which != "bashlex" else -1
    at = a + (chunk.count("\n", 0, offset) if 0 <= offset < len(chunk) else 0)
    if at == a and culprit is not None:
        at = culprit
    text = lines[at].strip() if at > a or b - a == 1 or culprit is not None else \
        " ⏎ ".join(ln.strip() for ln in lines[a:min(b, a + 3)]) + (" ⏎ …" if b - a > 3 else "")
    return {"line": a + 1, "end_line": b, "error_line": at + 1, "text": text,
            "chunk": chunk.rstrip("\n"), "detail": detail, "parsers": which}


def parse_feature(*texts: str) -> str:
    """A label for what a construct that does not parse contains: the first text (the line the
    parser points at) decides, then the next (the whole command)."""
    for text in texts:
        for label, pattern in PARSE_FEATURES:
            if any(pattern.search(line) for line in [text, *text.splitlines()]):
                return label
    return "other"


def fact_detail(message: str) -> str:
    """The analyzer's own words inside a finding's message, the same whichever rule (UNK00x in
    the shipped policy, UNK000 when the rule is disabled) reported it."""
    for pattern in (r"^agentsh cannot see what this runs: (.*)$",
                    r"^agentsh cannot parse this command[^(]*\((.*)\)$", r"^[^(]* \((.*)\)$"):
        m = re.match(pattern, message, re.S)
        if m:
            return m.group(1)
    return message


def dynamic_cause(word: str, text: str, span: list[int]) -> str:
    """Why a command word is only known at run time, in terms of what agentsh could know."""
    if "=" in word.split("$", 1)[0]:
        return "`env NAME=VALUE` whose NAME is not an identifier is taken as the command word"
    v = VARIABLE.match(word)
    if not v:
        return "command word is a command substitution or computed word (`` `echo true` ``)"
    name = v.group(1)
    if name in ENV_NAMES:
        return f"command word is a variable set in the environment: `${{{name}}} ./x.sub`"
    if name.isdigit() or name in "@*#?$!-":
        return "command word is a positional or special parameter (`$1`, `$@`)"
    assigned = re.compile(rf"(^|[\s;&|(]){re.escape(name)}=|\b(for|read|local|declare)\s.*\b"
                          rf"{re.escape(name)}\b", re.M)
    if assigned.search(text[: span[0]] if span else text):
        return "command word is a variable assigned earlier in the same text (`$bintrue`)"
    if assigned.search(text):
        return "command word is a variable assigned later in the text (a loop, a function)"
    return "command word is a variable neither assigned in the text nor exported (`$EXIT`)"


def unknown_cause(detail: str, text: str, span: list[int]) -> str:
    """A cause label for an `unknown.*` finding, from the analyzer's detail."""
    m = DYNAMIC_NAME.search(detail)
    line_start = text.rfind("\n", 0, span[0]) + 1
    if m and "((" in text[line_start:span[0]]:
        return "part of an arithmetic `for (( ))` is read as a command word"
    if m and m.group(1) not in text[span[0]:span[1]]:
        return "command word is a variable, in a script this command runs (`./trap2.sub`)"
    if m:
        return dynamic_cause(m.group(1), text, span)
    if detail.startswith("the command name is written as"):
        return "`env NAME=VALUE` whose NAME is not an identifier is taken as the command word"
    if re.match(r"eval runs .*, only known at run time$", detail, re.S):
        return "`eval` of text only known at run time (`eval $x`, `eval \"$cmd\"`)"
    if re.match(r"\S+: the script .* is produced at run time$", detail, re.S):
        return "script sourced by a name only known at run time (`. $FN`)"
    if re.match(r".*: cannot read .* to check it$", detail, re.S):
        return ("script run or sourced cannot be read when checked (created later by the test, "
                "missing, a directory, or empty)")
    return re.sub(r"`[^`]*`|\$\S+|\d+", "…", detail)


def blocks_of(run: dict, index: SuiteIndex, locator: ParseLocator | None) -> list[dict]:
    """One entry per blocking finding of every command agentsh did not run in this run;
    `top` marks the test's own script, blocked as a whole before anything ran."""
    out: list[dict] = []
    main = index.main_scripts(run["test"])
    for entry in run["audit"]["blocked"]:
        text = entry["cmd"]
        source = index.whole_file(text)
        where = index.find(text) if source is None else (source, 1)
        scope = f"script {source}" if source else ("-c string or stdin" if where else "generated")
        for finding in entry["findings"]:
            if finding.get("severity") == "low":  # allowed and logged: not why it was blocked
                continue
            out += [{**b, "top": source in main}
                    for b in _finding_blocks(finding, text, where, scope, locator)]
    return out


def family(cause: str) -> str:
    """The broad class of a cause, as the engine and parser work divides."""
    if cause.startswith("command word is a variable"):
        return "command word is a variable (`${THIS_SH} ./x.sub`, `$bintrue`, `$EXIT`)"
    if cause.startswith(("does not parse", "bashlex")):
        return "a construct does not parse"
    return cause


def families(differences: list[dict], mode: str) -> list[dict]:
    """For each family of causes: the tests it blocks, and the tests it alone blocks."""
    found: dict[str, dict] = {}
    for diff in differences:
        if diff["mode"] != mode or not diff["blocks"]:
            continue
        names = {family(b["cause"]) for b in diff["blocks"]}
        for name in names:
            f = found.setdefault(name, {"family": name, "tests": [], "only": []})
            f["tests"].append(diff["test"])
            if len(names) == 1:
                f["only"].append(diff["test"])
    return sorted(found.values(), key=lambda f: (-len(f["tests"]), f["family"]))


def _finding_blocks(finding: dict, text: str, where: tuple[str, int] | None, scope: str,
                    locator: ParseLocator | None) -> list[dict]:
    """The to-do entries for one finding: located, with the construct and the cause."""
    rule, message = finding["rule"], finding["message"]
    span = finding.get("span") or [0, len(text)]
    detail = fact_detail(message)
    base = {"rule": rule, "scope": scope, "invocation": first_line(text), "message": message,
            "detail": detail}

    def at(line: int) -> str:
        return f"{where[0]}:{where[1] + line - 1}" if where else f"(text):{line}"

    if detail.startswith("cannot parse") and span[0] == 0 and span[1] >= len(text.rstrip()):
        located = locator.locate(text) if locator is not None else []
        if located:
            return [{**base, "where": at(c["error_line"]), "construct": c["text"],
                     "chunk": c["chunk"], "lines": [at(c["line"]), at(c["end_line"])],
                     "parsers": PARSERS[c["parsers"]], "detail": c["detail"] or detail,
                     "cause": ("bashlex (the fallback parser) fails: " if c["parsers"] == "bashlex"
                               else "does not parse: ") + parse_feature(c["text"], c["chunk"])}
                    for c in located]
        return [{**base, "where": at(1), "construct": text[:300],
                 "cause": "does not parse: whole text (no smaller failing command found)"}]
    construct = text[span[0]:span[1]]
    if ": cannot parse" in detail:
        cause = (f"does not parse: code given to `{detail.split(':')[0]}` "
                 f"({parse_feature(construct)})")
    elif rule.startswith("UNK"):
        cause = unknown_cause(detail, text, span)
    else:
        cause = f"policy: {rule} {message}"
    return [{**base, "where": at(text.count("\n", 0, span[0]) + 1), "construct": construct,
             "cause": cause}]


def diff_cause(run: dict, name: str) -> str:
    """Why a run failed when agentsh (called `name`) blocked nothing."""
    if run["timed_out"]:
        return TIMED_OUT
    lines = run["diff"].splitlines()
    ours = [ln[2:] for ln in lines if ln.startswith("< ")]
    theirs = [ln[2:] for ln in lines if ln.startswith("> ")]
    renamed = [re.sub(rf"\b{re.escape(name)}\b", "bash", ln) for ln in ours]
    if ours and sorted(renamed) == sorted(theirs):
        return SHELL_NAME
    return NOT_BLOCKED


def excerpt(text: str, limit: int = EXCERPT_LINES) -> str:
    """The first lines of a diff."""
    lines = text.splitlines()
    more = f"\n... ({len(lines) - limit} more lines)" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def summarise(runs: list[dict], modes: list[str], tests: Path,
              locator: ParseLocator | None, shell_name: str = "agentsh") -> dict:
    """Counts, the differences among tests that pass with bash, and blocks grouped by rule and
    by cause, with the exact construct and place of each. `shell_name`: agentsh's file name, which
    bash prints in messages where it would print `bash`."""
    index = SuiteIndex(tests)
    by_test: dict[str, dict[str, dict]] = defaultdict(dict)
    for run in runs:
        by_test[run["test"]][run["mode"]] = run
    names = sorted(by_test)
    baseline = [n for n in names if by_test[n].get("bash", {}).get("passed")] \
        if "bash" in modes else names
    counts = {m: sum(1 for n in names if by_test[n].get(m, {}).get("passed")) for m in modes}
    counts_on_baseline = {m: sum(1 for n in baseline if by_test[n].get(m, {}).get("passed"))
                          for m in modes}
    differences, blocked_tests = [], defaultdict(list)
    for name in baseline:
        for mode in modes:
            run = by_test[name].get(mode)
            if mode == "bash" or run is None:
                continue
            blocks = blocks_of(run, index, locator)
            run["blocks"] = blocks
            if blocks:
                blocked_tests[mode].append(name)
            if run["passed"] and not blocks:
                continue
            differences.append({
                "test": name, "mode": mode, "passed": run["passed"], "rc": run["rc"],
                "blocked": bool(blocks), "blocks": blocks,
                "top_blocked": any(b["top"] for b in blocks),
                "blocked_in_output": BLOCKED_LINE in run["diff"] + run["output"] + run["stderr"],
                "cause": "blocked" if blocks else diff_cause(run, shell_name),
                "diff_excerpt": excerpt(run["diff"] or run["stderr"]),
            })
    return {
        "modes": modes, "tests": len(names), "baseline": baseline,
        "counts": counts, "counts_on_baseline": counts_on_baseline,
        "bash_failures": [{"test": n, "timed_out": by_test[n]["bash"]["timed_out"],
                           "seconds": by_test[n]["bash"]["seconds"]}
                          for n in names if "bash" in by_test[n] and n not in baseline],
        "blocked_tests": {m: sorted(v) for m, v in blocked_tests.items()},
        "differences": differences,
        "permissive_regressions": sorted(d["test"] for d in differences
                                         if d["mode"] == "permissive" and not d["passed"]),
        "by_rule": {m: group(differences, m, "rule") for m in modes if m != "bash"},
        "by_cause": {m: group(differences, m, "cause") for m in modes if m != "bash"},
        "families": {m: families(differences, m) for m in modes if m != "bash"},
        "flaky": sorted(f"{r['test']} ({r['mode']})" for r in runs if r.get("flaky")),
        "seconds_per_mode": {m: round(sum(r["seconds"] for r in runs if r["mode"] == m), 1)
                             for m in modes},
    }


def group(differences: list[dict], mode: str, key: str) -> list[dict]:
    """Blocks (and, by cause, unblocked failures) of one mode, grouped by `key`, biggest first:
    how many tests each group touches, how many places, and example constructs."""
    groups: dict[str, dict] = {}
    for diff in differences:
        if diff["mode"] != mode:
            continue
        items = diff["blocks"] or ([] if key == "rule" or diff["passed"] else
                                   [{"cause": diff["cause"], "where": diff["test"],
                                     "construct": first_line(diff["diff_excerpt"])}])
        alone = len({item[key] for item in items}) == 1
        for item in items:
            g = groups.setdefault(item[key], {key: item[key], "tests": [], "only": [],
                                              "places": [], "examples": []})
            if diff["test"] not in g["tests"]:
                g["tests"].append(diff["test"])
                if alone:
                    g["only"].append(diff["test"])
            if item["where"] not in g["places"]:
                g["places"].append(item["where"])
                if len(g["examples"]) < 3:
                    g["examples"].append({"where": item["where"],
                                          "construct": first_line(item["construct"])})
    return sorted(groups.values(), key=lambda g: (-len(g["tests"]), -len(g["places"]), g[key]))
