"""Task runners' recipe files, read as the shell commands they run.

Pure functions from a file's text to shell text: Makefile targets (variables, prerequisites,
`$@`/`$<`), justfile recipes (with `{{var}}` and shebang recipes), package.json scripts (with
pre/post hooks and lifecycle scripts), deno.json tasks, Taskfile.yml tasks (a minimal YAML
reader: no new dependency for the few shapes Taskfiles use), and Rakefile tasks (best effort,
through the Ruby parser). Recipes in other languages are handed back as `python3 - <<EOF`-style
shell, so the code analyzer reads them."""

from __future__ import annotations

import json
import re

MAX_EXPANSION = 20
MAKE_BUILTINS = {"RM": "rm -f", "MAKE": "make", "CC": "cc", "CXX": "g++", "CPP": "cc -E",
                 "AR": "ar", "AS": "as", "LD": "ld", "SHELL": "/bin/sh", "MKDIR": "mkdir",
                 "CP": "cp", "MV": "mv", "INSTALL": "install", "ECHO": "echo", "SED": "sed",
                 "GO": "go", "PYTHON": "python3", "PIP": "pip", "NPM": "npm", "DOCKER": "docker"}
HEREDOC_END = "AGENTSH_RECIPE_END"


def shebang_program(text: str) -> str:
    """The program a script's `#!` line names (`#!/bin/sh`: sh; `#!/usr/bin/env -S python3
    -u`: python3), or sh when it has none (as git, make and just run such a script)."""
    if not text.startswith("#!"):
        return "sh"
    words = text[2:].split("\n", 1)[0].split()
    if words and words[0].rsplit("/", 1)[-1] == "env":
        words = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
    return words[0].rsplit("/", 1)[-1] if words else "sh"


def as_shell(interpreter: str, body: str) -> str:
    """A script in another language as shell text that runs it: `python3 - <<'END' ... END`."""
    if interpreter in ("sh", "bash", "zsh", "dash", "ksh"):
        return body
    return f"{interpreter} - <<'{HEREDOC_END}'\n{body}\n{HEREDOC_END}"


# ------------------------------------------------------------------ make


def makefile_recipe(text: str, targets: list[str], overrides: dict[str, str],
                    environment: dict[str, str] | None = None) -> str | None:
    """`environment`: make's environment, read as variables the Makefile may assign over
    (`?=` keeps the environment's value)."""
    variables: dict[str, str] = dict(MAKE_BUILTINS)
    variables.update(environment or {})
    rules: dict[str, tuple[list[str], list[str]]] = {}
    patterns: list[tuple[str, list[str], list[str]]] = []
    order: list[str] = []
    current: list[str] | None = None
    lines = _logical_lines(text)
    for line in lines:
        if line.startswith("\t") and current is not None:
            current.append(line[1:])
            continue
        stripped = line.split("#", 1)[0].rstrip() if not line.startswith("\t") else line
        if not stripped.strip():
            continue
        current = None
        m = re.match(r"^\s*(?:export\s+|override\s+)*([A-Za-z_][\w.-]*)\s*(\?=|:::=|::=|:=|\+=|!=|=)"
                     r"\s*(.*)$", stripped)
        if m and ":" not in m.group(1):
            name, op, value = m.groups()
            if op == "?=" and name in variables and name not in MAKE_BUILTINS:
                continue
            if op == "+=":
                variables[name] = (variables.get(name, "") + " " + value).strip()
            elif op == "!=":
                variables[name] = f"$(shell {value})"
            else:
                variables[name] = value
            continue
        if re.match(r"^\s*(?:-?include|sinclude|ifeq|ifneq|ifdef|ifndef|else|endif|define|endef|"
                    r"export|unexport|vpath)\b", stripped):
            continue
        m = re.match(r"^([^:=]+?)\s*::?\s*(?!=)(.*)$", stripped)
        if not m:
            continue
        names, rest = m.group(1).split(), m.group(2)
        prereqs_text, _, inline = rest.partition(";")
        prereqs = prereqs_text.split("|")[0].split()
        recipe: list[str] = [inline.strip()] if inline.strip() else []
        for name in names:
            if "%" in name:
                patterns.append((name, prereqs, recipe))
                continue
            if name not in rules:
                rules[name] = ([], [])
                order.append(name)
            rules[name][0].extend(prereqs)
            rules[name][1].extend(recipe)
        current = recipe
        if names and "%" not in names[0]:
            current = rules[names[0]][1] if len(names) == 1 else recipe
            for name in names[1:]:
                rules[name] = (rules[name][0], recipe) if name in rules else ([], recipe)
    variables.update(overrides)
    if not targets:
        goal = variables.get(".DEFAULT_GOAL") or next(
            (t for t in order if not t.startswith(".")), None)
        if goal is None:
            return None
        targets = [goal]
    out: list[str] = []
    seen: set[str] = set()

    def run(target: str, depth: int) -> None:
        if target in seen or depth > MAX_EXPANSION:
            return
        seen.add(target)
        rule = rules.get(target)
        recipe: list[str] = []
        prereqs: list[str] = []
        stem = ""
        if rule is not None:
            prereqs, recipe = rule
        if not recipe:
            for pattern, pre, rec in patterns:
                regex = "^" + re.escape(pattern).replace("%", "(.*)", 1) + "$"
                m = re.match(regex, target)
                if m:
                    stem = m.group(1)
                    prereqs = prereqs + [p.replace("%", stem) for p in pre]
                    recipe = rec
                    break
        expanded_prereqs = [_make_expand(p, variables, target, [], stem).strip()
                            for p in prereqs]
        for pre in expanded_prereqs:
            for word in pre.split():
                run(word, depth + 1)
        for line in recipe:
            cmd = _make_expand(line, variables, target, expanded_prereqs, stem)
            out.append(cmd.lstrip().lstrip("@-+").lstrip())

    for target in targets:
        run(target, 0)
    return "\n".join(line for line in out if line.strip())


def makefile_parse_commands(text: str, recipes_too: bool = False) -> str:
    """The shell commands make runs while it reads a makefile, whatever the goal: every
    `$(shell CMD)` outside recipes and every `VAR != CMD`; with `recipes_too` (make -n, which
    expands recipe lines to print them) the `$(shell ...)` in recipe lines and the recipe lines
    that run even then (a `+` prefix, or naming `$(MAKE)`)."""
    out: list[str] = []
    for line in _logical_lines(text):
        recipe = line.startswith("\t")
        if recipe and not recipes_too:
            continue
        body = line[1:] if recipe else line.split("#", 1)[0]
        if recipe:
            stripped = body.lstrip()
            while stripped[:1] in ("@", "-", "+"):
                if stripped[0] == "+":
                    out.append(stripped.lstrip("@-+").lstrip())
                    break
                stripped = stripped[1:].lstrip()
            else:
                if "$(MAKE)" in stripped or "${MAKE}" in stripped:
                    out.append(stripped)
        else:
            m = re.match(r"^\s*(?:export\s+|override\s+)*[A-Za-z_][\w.-]*\s*!=\s*(.*)$", body)
            if m:
                out.append(m.group(1))
        i = 0
        while True:
            start = min((k for k in (body.find("$(shell", i), body.find("${shell", i)) if k >= 0),
                        default=-1)
            if start < 0:
                break
            close = ")" if body[start + 1] == "(" else "}"
            depth, j = 0, start + 1
            while j < len(body):
                if body[j] in "({":
                    depth += 1
                elif body[j] in ")}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = body[start + 8:j] if j < len(body) and body[j] == close else None
            out.append(inner.strip() if inner is not None else "false $(unknown)")
            i = j + 1 if inner is not None else len(body)
    return "\n".join(c for c in out if c.strip())


def _logical_lines(text: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for raw in text.splitlines():
        if raw.startswith("\t"):
            if buf:
                out.append(buf)
                buf = ""
            if out and out[-1].startswith("\t") and out[-1].endswith("\\"):
                out[-1] = out[-1] + "\n" + raw.lstrip("\t")
            else:
                out.append(raw)
            continue
        if raw.endswith("\\"):
            buf += raw[:-1] + " "
            continue
        out.append(buf + raw)
        buf = ""
    if buf:
        out.append(buf)
    return out


def _make_expand(text: str, variables: dict[str, str], target: str, prereqs: list[str],
                 stem: str, depth: int = 0) -> str:
    if depth > MAX_EXPANSION or "$" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch != "$" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt in "({":
            close = ")" if nxt == "(" else "}"
            depth_count, j = 1, i + 2
            while j < n and depth_count:
                if text[j] == nxt:
                    depth_count += 1
                elif text[j] == close:
                    depth_count -= 1
                j += 1
            inner = text[i + 2 : j - 1]
            out.append(_make_reference(inner, variables, target, prereqs, stem, depth))
            i = j
            continue
        auto = {"@": target, "<": prereqs[0] if prereqs else "", "^": " ".join(prereqs),
                "+": " ".join(prereqs), "*": stem, "?": " ".join(prereqs)}
        if nxt in auto:
            out.append(auto[nxt])
        elif nxt.isalnum() or nxt == "_":
            out.append(_make_reference(nxt, variables, target, prereqs, stem, depth))
        i += 2
    return "".join(out)


def _make_reference(inner: str, variables: dict[str, str], target: str, prereqs: list[str],
                    stem: str, depth: int) -> str:
    name = _make_expand(inner, variables, target, prereqs, stem, depth + 1).strip()
    if name.startswith("shell "):
        return f"$({name[6:]})"
    if " " in name or "," in name:  # a function: $(wildcard ...), $(patsubst ...)
        func = name.split()[0]
        if func in ("strip", "firstword", "lastword", "sort", "dir", "notdir"):
            return name.split(None, 1)[1] if " " in name else ""
        return "${MAKE_" + re.sub(r"\W", "_", func).upper() + "}"
    if name in ("@D",):
        return target.rsplit("/", 1)[0] if "/" in target else "."
    if name in ("@F",):
        return target.rsplit("/", 1)[-1]
    if name in variables:
        return _make_expand(variables[name], variables, target, prereqs, stem, depth + 1)
    return "${" + re.sub(r"\W", "_", name) + "}"


# ------------------------------------------------------------------ just


def justfile_recipe(text: str, recipe: str | None, args: list[str]) -> str | None:
    variables: dict[str, str] = {}
    recipes: dict[str, tuple[list, list[str], list[str]]] = {}  # params, deps, body
    order: list[str] = []
    current: list[str] | None = None
    for raw in text.splitlines():
        if raw[:1] in (" ", "\t") and current is not None:
            current.append(raw)
            continue
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("#!") else raw
        if not line.strip():
            if current is not None:
                current.append("")
            continue
        current = None
        if line.startswith("[") or line.startswith(("set ", "alias ", "import ", "mod ")):
            m = re.match(r"^alias\s+(\S+)\s*:=\s*(\S+)", line)
            if m:
                recipes.setdefault(m.group(1), ([], [m.group(2)], []))
            continue
        m = re.match(r"^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$", line)
        if m:
            variables[m.group(1)] = _just_string(m.group(2))
            continue
        m = re.match(r"^@?([A-Za-z_][\w-]*)((?:\s+[^:]*?)?)\s*:(?!=)\s*(.*)$", line)
        if m:
            name = m.group(1)
            params = [(p.split("=", 1)[0].lstrip("+*$"),
                       _just_string(p.split("=", 1)[1]) if "=" in p else None)
                      for p in re.findall(r"[+*$]?[\w-]+(?:=(?:'[^']*'|\"[^\"]*\"|\S+))?",
                                          m.group(2))]
            deps = [d for d in re.split(r"\s+", m.group(3).strip()) if d and not d.startswith("(")]
            body: list[str] = []
            recipes[name] = (params, deps, body)
            order.append(name)
            current = body
    if not recipes:
        return None
    goal = recipe or ("default" if "default" in recipes else (order[0] if order else None))
    if goal is None or goal not in recipes:
        return None
    out: list[str] = []
    seen: set[str] = set()

    def run(name: str, argv: list[str], depth: int) -> None:
        if name in seen or depth > MAX_EXPANSION or name not in recipes:
            return
        seen.add(name)
        params, deps, body = recipes[name]
        for dep in deps:
            run(dep, [], depth + 1)
        values = dict(variables)
        for k, (p, default) in enumerate(params):
            values[p] = argv[k] if k < len(argv) else \
                (default if default is not None else "${" + re.sub(r"\W", "_", p) + "}")
        lines = _dedent(body)
        text = "\n".join(_just_expand(line, values) for line in lines)
        first = text.lstrip().split("\n", 1)[0]
        if first.startswith("#!"):
            interpreter = shebang_program(first)
            out.append(as_shell(interpreter, text.lstrip().split("\n", 1)[1]
                                if "\n" in text.lstrip() else ""))
        else:
            out.extend(line.lstrip("@-") for line in text.split("\n") if line.strip())

    run(goal, args, 0)
    return "\n".join(out)


def _just_string(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _just_expand(line: str, values: dict[str, str]) -> str:
    def repl(m: re.Match) -> str:
        expr = m.group(1).strip()
        if expr in values:
            return values[expr]
        if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
            return expr[1:-1]
        return "${JUST_" + re.sub(r"\W", "_", expr).upper()[:40] + "}"

    return re.sub(r"\{\{(.*?)\}\}", repl, line)


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return [line[cut:] for line in lines]


# ------------------------------------------------------------------ package.json, deno.json

LIFECYCLE = {
    "install": ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare",
                "postprepare"],
    "publish": ["prepublishOnly", "prepack", "prepare", "postpack", "prepublish", "publish",
                "postpublish"],
    "pack": ["prepack", "prepare", "postpack"],
}


def package_scripts(text: str) -> dict[str, str] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return {}
    return {k: v for k, v in scripts.items() if isinstance(v, str)}


def script_recipe(scripts: dict[str, str], name: str, extra: list[str]) -> str | None:
    """`npm run NAME -- extra`: preNAME, NAME with the extra arguments, postNAME."""
    if name in LIFECYCLE:
        parts = [scripts[s] for s in LIFECYCLE[name] if s in scripts]
        return "\n".join(parts) if parts else None
    if name not in scripts:
        return None
    body = scripts[name]
    if extra:
        import shlex

        body = body + " " + " ".join(shlex.quote(a) for a in extra)
    parts = [scripts[f"pre{name}"]] if f"pre{name}" in scripts else []
    parts.append(body)
    if f"post{name}" in scripts:
        parts.append(scripts[f"post{name}"])
    return "\n".join(parts)


def deno_tasks(text: str) -> dict[str, str] | None:
    stripped = re.sub(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', lambda m: m.group(1) or "",
                      text, flags=re.S)
    try:
        data = json.loads(re.sub(r",(\s*[}\]])", r"\1", stripped))
    except ValueError:
        return None
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, dict):
        return {}
    out = {}
    for k, v in tasks.items():
        if isinstance(v, str):
            out[k] = v
        elif isinstance(v, dict) and isinstance(v.get("command"), str):
            out[k] = v["command"]
    return out


# ------------------------------------------------------------------ Taskfile.yml


def taskfile_recipe(text: str, names: list[str], overrides: dict[str, str]) -> str | None:
    doc = mini_yaml(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("tasks"), dict):
        return None
    tasks = doc["tasks"]
    variables = {k: str(v) for k, v in (doc.get("vars") or {}).items()
                 if isinstance(v, (str, int, float))} if isinstance(doc.get("vars"), dict) else {}
    variables.update(overrides)
    out: list[str] = []
    seen: set[str] = set()

    def expand(cmd: str, local: dict[str, str]) -> str:
        def repl(m: re.Match) -> str:
            key = m.group(1).strip().lstrip(".")
            if key in local:
                return local[key]
            return "${" + re.sub(r"\W", "_", key)[:40] + "}"

        return re.sub(r"\{\{(.*?)\}\}", repl, cmd)

    def run(name: str, depth: int) -> None:
        if name in seen or depth > MAX_EXPANSION:
            return
        seen.add(name)
        task = tasks.get(name)
        if task is None:
            return
        if isinstance(task, str):
            task = {"cmds": [task]}
        elif isinstance(task, list):
            task = {"cmds": task}
        if not isinstance(task, dict):
            return
        local = dict(variables)
        if isinstance(task.get("vars"), dict):
            local.update({k: str(v) for k, v in task["vars"].items() if isinstance(v, (str, int))})
        for dep in task.get("deps") or []:
            dep_name = dep.get("task") if isinstance(dep, dict) else dep
            if isinstance(dep_name, str):
                run(dep_name, depth + 1)
        cmds = task.get("cmds") or ([task["cmd"]] if isinstance(task.get("cmd"), str) else [])
        for item in cmds if isinstance(cmds, list) else [cmds]:
            if isinstance(item, str):
                out.append(expand(item, local))
            elif isinstance(item, dict):
                if isinstance(item.get("cmd"), str):
                    out.append(expand(item["cmd"], local))
                elif isinstance(item.get("task"), str):
                    run(item["task"], depth + 1)
                elif isinstance(item.get("defer"), str):
                    out.append(expand(item["defer"], local))

    for name in names or ["default"]:
        run(name, 0)
    return "\n".join(out)


class YamlUnread(ValueError):
    """A spelling the strict YAML reader does not take exactly (a CI definition asks)."""


class _Yaml:
    """How one document is read: `strict` (a CI definition: what is not read exactly raises
    YamlUnread) and the anchors seen so far (`&name`, `*name`, `<<: *name`)."""

    __slots__ = ("strict", "anchors")

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.anchors: dict = {}

    def doubt(self, why: str) -> None:
        if self.strict:
            raise YamlUnread(why)


KEY = re.compile(r"^(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^:#\s\"'\[\]{},&*!|>%@`-][^:]*?|"
                 r"-[^\s:][^:]*?)\s*:(?:\s+(.*)|$)")
BLOCK = re.compile(r"^[|>][-+1-9]*$")


def mini_yaml(text: str, strict: bool = False):
    """The block-style YAML a Taskfile or a CI definition uses: mappings, sequences, plain,
    quoted and multi-line scalars, `|`/`>` block scalars, flow collections (`[a, {b: c}]`) and
    anchors. With `strict`, anything it does not read exactly raises YamlUnread (a tag, a line
    it would skip, a second document); otherwise such parts are left out or kept as text."""
    mode = _Yaml(strict)
    lines = []
    started = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or (not started and stripped == "---") or \
                (not started and stripped.startswith("%YAML")):
            lines.append((None, raw))
            continue
        started = True
        lines.append((len(raw) - len(raw.lstrip(" ")), raw))
    value, i = _yaml_block(lines, 0, 0, mode)
    while i < len(lines) and lines[i][0] is None:
        i += 1
    if i < len(lines):
        mode.doubt(f"line {i + 1} is not read: {lines[i][1].strip()[:60]}")
    return value


def _yaml_block(lines: list, i: int, indent: int, mode: _Yaml | None = None):
    mode = mode or _Yaml(False)
    while i < len(lines) and lines[i][0] is None:
        i += 1
    if i >= len(lines):
        return None, i
    first_indent, first = lines[i]
    if first_indent < indent:
        return None, i
    if first.lstrip().startswith("- ") or first.strip() == "-":
        return _yaml_seq(lines, i, first_indent, mode)
    return _yaml_map(lines, i, first_indent, mode)


def _continued(lines: list, i: int, indent: int, rest: str) -> tuple[str, int]:
    """A scalar that goes on over the lines indented more than `indent` (a plain scalar folded,
    a quoted one, a flow collection), joined with spaces; and the next line."""
    parts = [rest]
    while i < len(lines):
        ind, raw = lines[i]
        if ind is None:
            if rest[:1] in "\"'" and not _closed(" ".join(parts)):
                parts.append(raw.strip())  # a blank or `#` line inside a quoted scalar
            i += 1
            continue
        if ind <= indent and not (rest[:1] in "\"'[{" and not _closed(" ".join(parts))):
            break  # (a flow collection or quoted scalar goes on until it is closed)
        parts.append(raw.strip())
        i += 1
        if len(parts) > 400:
            break
    return " ".join(parts), i


def _closed(text: str) -> bool:
    """Whether a quoted scalar or flow collection that `text` starts is closed in it."""
    try:
        _flow(text, _Yaml(True))
    except (YamlUnread, IndexError):
        return False
    return True


def _yaml_map(lines: list, i: int, indent: int, mode: _Yaml | None = None):
    mode = mode or _Yaml(False)
    out: dict = {}
    while i < len(lines):
        ind, raw = lines[i]
        if ind is None:
            i += 1
            continue
        if ind < indent:
            break
        if ind > indent:
            mode.doubt(f"line {i + 1} is indented past its mapping: {raw.strip()[:60]}")
            i += 1
            continue
        m = KEY.match(raw.strip())
        if not m or raw.lstrip(" ").startswith("\t"):
            mode.doubt(f"line {i + 1} is not `key: value`: {raw.strip()[:60]}")
            i += 1
            continue
        key = _yaml_key(m.group(1))
        rest = (m.group(2) or "").strip()
        i += 1
        value, i = _yaml_value(lines, i, indent, rest, mode, raw)
        if key == "<<":
            merged = value if isinstance(value, list) else [value]
            for part in merged:
                if isinstance(part, dict):
                    for k, v in part.items():
                        out.setdefault(k, v)
                else:
                    mode.doubt("`<<` merges something that is not a mapping")
            continue
        if key in out:
            mode.doubt(f"the key {key!r} is given twice")
        out[key] = value
    return out, i


def _yaml_key(text: str) -> str:
    if text.startswith('"'):
        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text.strip()


def _yaml_value(lines: list, i: int, indent: int, rest: str, mode: _Yaml, raw: str):
    """The value after `key:` (on its line as `rest`, or in the block below), and the next line."""
    anchor = ""
    m = re.match(r"^&([^\s\[\]{},]+)\s*(.*)$", rest)
    if m:
        anchor, rest = m.group(1), m.group(2)
    if rest.startswith("!"):
        mode.doubt(f"a tag is not read: {rest[:40]}")
        m = re.match(r"^!\S*\s*(.*)$", rest)
        rest = m.group(1) if m else ""
    if rest[:1] in "|>":
        rest = re.sub(r"\s+#.*$", "", rest)
    if BLOCK.match(rest):
        if rest not in ("|", "|-", "|+", ">", ">-", ">+"):
            mode.doubt(f"a block scalar's indentation indicator is not read: {rest}")
        value, i = _yaml_scalar_block(lines, i, indent, rest.startswith(">"), rest.endswith("+"))
    elif rest and not rest.startswith("#"):
        if rest.startswith("- ") or rest == "-":
            mode.doubt(f"a sequence on its key's line: {raw.strip()[:60]}")
        rest, i = _continued(lines, i, indent, rest)
        value = _yaml_scalar(rest, mode)
    else:
        value, i = _yaml_block(lines, i, indent + 1, mode)
        if value is None:  # `key:` then a sequence at the key's own indentation
            j = i
            while j < len(lines) and lines[j][0] is None:
                j += 1
            if j < len(lines) and lines[j][0] == indent and lines[j][1].lstrip().startswith("-"):
                value, i = _yaml_seq(lines, j, indent, mode)
    if anchor:
        mode.anchors[anchor] = value
    return value, i


def _yaml_seq(lines: list, i: int, indent: int, mode: _Yaml | None = None):
    mode = mode or _Yaml(False)
    out: list = []
    while i < len(lines):
        ind, raw = lines[i]
        if ind is None:
            i += 1
            continue
        if ind < indent or not (raw.lstrip().startswith("- ") or raw.strip() == "-"):
            break
        if ind > indent:
            mode.doubt(f"line {i + 1} is indented past its sequence: {raw.strip()[:60]}")
            i += 1
            continue
        rest = raw.lstrip()[1:].strip()
        if not rest:
            value, i = _yaml_block(lines, i + 1, indent + 1, mode)
            out.append(value)
            continue
        inner_indent = ind + (len(raw.lstrip()) - len(rest))  # the column `rest` starts at
        if rest.startswith("- ") or rest == "-" or (KEY.match(rest) and not
                                                    rest.startswith(("&", "*", "!", "[", "{"))):
            # `- key: value` starts a mapping inside the list, `- - a` a list
            fake = [(inner_indent, " " * inner_indent + rest)]
            j = i + 1
            while j < len(lines) and (lines[j][0] is None or lines[j][0] >= inner_indent):
                fake.append(lines[j])
                j += 1
            value, k = _yaml_block(fake, 0, inner_indent, mode)
            while k < len(fake) and fake[k][0] is None:
                k += 1
            if k < len(fake):
                mode.doubt(f"an item's line is not read: {fake[k][1].strip()[:60]}")
            out.append(value)
            i = j
            continue
        value, i = _yaml_value(lines, i + 1, indent, rest, mode, raw)
        out.append(value)
    return out, i


def _yaml_scalar_block(lines: list, i: int, indent: int, folded: bool, keep: bool = False):
    body = []
    block_indent = None
    while i < len(lines):
        ind, raw = lines[i]
        if ind is not None and ind <= indent:
            break
        if ind is not None and block_indent is None:
            block_indent = ind
        body.append(raw[block_indent:] if block_indent is not None and ind is not None else "")
        i += 1
    while body and not body[-1].strip():
        body.pop()
    return (" " if folded else "\n").join(body) + ("\n" if keep and body else ""), i


def _yaml_scalar(text: str, mode: _Yaml | None = None):
    mode = mode or _Yaml(False)
    if text.startswith("*"):
        name = re.sub(r"\s+#.*$", "", text)[1:].strip()
        if name in mode.anchors:
            return mode.anchors[name]
        mode.doubt(f"the alias *{name} names no anchor before it")
        return text
    if text.startswith(("[", "{", '"', "'")):
        try:
            return _flow(text, _Yaml(True) if mode.strict else mode, whole=True)
        except (YamlUnread, IndexError) as exc:
            mode.doubt(f"cannot read {text[:40]!r}: {exc}")
    text = re.sub(r"\s+#.*$", "", text) if not text.startswith(("'", '"')) else text
    if text.startswith("[") and text.endswith("]"):
        return [_yaml_scalar(p.strip()) for p in text[1:-1].split(",") if p.strip()]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if text.startswith("{") and text.endswith("}"):
        out = {}
        for part in text[1:-1].split(","):
            k, _, v = part.partition(":")
            if k.strip():
                out[k.strip().strip("\"'")] = _yaml_scalar(v.strip())
        return out
    if text.startswith(("&", "!", "%", "@", "`", "|", ">")):
        mode.doubt(f"a scalar YAML reads otherwise: {text[:40]}")
    return text


def _flow(text: str, mode: _Yaml, whole: bool = False):
    """A flow collection or quoted scalar at the start of `text` (the whole of it with `whole`,
    but for a trailing comment), read exactly: YamlUnread when it is not."""
    value, i = _flow_value(text, 0, mode)
    rest = text[i:].strip()
    if whole and rest and not rest.startswith("#"):
        raise YamlUnread(f"text after a flow value: {rest[:30]}")
    return value


def _flow_value(s: str, i: int, mode: _Yaml, depth: int = 0):
    if depth > 40:
        raise YamlUnread("flow collections nested too deep")
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        raise YamlUnread("a flow value ends early")
    c = s[i]
    if c == '"':
        j = i + 1
        while j < len(s) and s[j] != '"':
            j += 2 if s[j] == "\\" else 1
        if j >= len(s):
            raise YamlUnread("a double-quoted scalar is not closed")
        try:
            return json.loads(s[i:j + 1]), j + 1
        except ValueError:
            raise YamlUnread("a double-quoted scalar with escapes JSON does not read") from None
    if c == "'":
        j, out = i + 1, []
        while True:
            k = s.find("'", j)
            if k < 0:
                raise YamlUnread("a single-quoted scalar is not closed")
            out.append(s[j:k])
            if s.startswith("''", k):
                out.append("'")
                j = k + 2
                continue
            return "".join(out), k + 1
    if c in "[{":
        close = "]" if c == "[" else "}"
        items: list = []
        mapping: dict = {}
        i += 1
        while True:
            while i < len(s) and s[i] == " ":
                i += 1
            if i >= len(s):
                raise YamlUnread("a flow collection is not closed")
            if s[i] == close:
                return (items if c == "[" else mapping), i + 1
            key, i = _flow_value(s, i, mode, depth + 1)
            while i < len(s) and s[i] == " ":
                i += 1
            if i < len(s) and s[i] == ":":
                value, i = _flow_value(s, i + 1, mode, depth + 1) if \
                    s[i + 1:].lstrip(" ")[:1] not in (",", close) else ("", i + 1)
                if not isinstance(key, str):
                    raise YamlUnread("a flow key that is not a scalar")
                if c == "[":
                    items.append({key: value})
                else:
                    mapping[key] = value
            elif c == "[":
                items.append(key)
            else:
                if not isinstance(key, str):
                    raise YamlUnread("a flow key that is not a scalar")
                mapping[key] = None
            while i < len(s) and s[i] == " ":
                i += 1
            if i < len(s) and s[i] == ",":
                i += 1
            elif i >= len(s) or s[i] != close:
                raise YamlUnread("a flow collection's items are not separated by commas")
    if c in "&*!|>%@`]},#":
        if c == "*":
            m = re.match(r"\*([^\s\[\]{},]+)", s[i:])
            if m and m.group(1) in mode.anchors:
                return mode.anchors[m.group(1)], i + m.end()
        raise YamlUnread(f"a flow value YAML reads otherwise: {s[i:i + 20]}")
    j = i
    while j < len(s) and s[j] not in ",[]{}" and not (s[j] == ":" and (j + 1 >= len(s) or
                                                               s[j + 1] in " ,[]{}")) \
            and not (s[j] == "#" and s[j - 1] == " "):
        j += 1
    return s[i:j].strip(), j


# ------------------------------------------------------------------ Rakefile


def rake_recipe(text: str, names: list[str]) -> str | None:
    """The source lines of the named tasks (and their prerequisites), as Ruby, best effort."""
    try:
        from agentsh.engine.domains.code.script import parse
        from agentsh.engine.domains.code.tokens import tokenize

        nodes = parse(tokenize(text, "ruby"), "ruby")
    except (ValueError, RecursionError):
        return None
    tasks: dict[str, tuple[list[str], tuple[int, int]]] = {}
    lines = text.splitlines()

    def walk(items: list, prefix: str) -> None:
        for node in items:
            if not isinstance(node, tuple) or node[0] != "call":
                if isinstance(node, tuple) and node[0] == "block":
                    walk(node[1], prefix)
                continue
            callee, args, block = node[1], node[2], node[3]
            if callee[0] != "name":
                continue
            if callee[1] == "namespace" and args and args[0][0] == "lit" and \
                    isinstance(block, tuple):
                walk(block[2], f"{prefix}{args[0][1]}:")
            elif callee[1] in ("task", "file", "multitask") and args:
                name, deps = _rake_name(args[0])
                span = block[3] if isinstance(block, tuple) and len(block) > 3 else (0, 0)
                if name:
                    tasks[prefix + name] = (deps, span)

    walk(nodes, "")
    goals = names or ["default"]
    out: list[str] = []
    seen: set[str] = set()

    def run(name: str, depth: int) -> None:
        if name in seen or depth > MAX_EXPANSION or name not in tasks:
            return
        seen.add(name)
        deps, (first, last) = tasks[name]
        for dep in deps:
            run(dep, depth + 1)
        if first:
            out.append("\n".join(lines[first - 1 : last]))

    for goal in goals:
        run(goal, 0)
    return as_shell("ruby", "\n".join(out)) if out else None


def _rake_name(node) -> tuple[str, list[str]]:
    if node[0] == "lit":
        return node[1], []
    if node[0] == "kw" and node[1][0] == "lit":
        deps = node[2]
        if deps[0] == "arr":
            return node[1][1], [d[1] for d in deps[1] if d[0] == "lit"]
        if deps[0] == "lit":
            return node[1][1], [deps[1]]
        return node[1][1], []
    if node[0] == "obj":
        for key, value in node[1]:
            if key and key[0] == "lit":
                names = [v[1] for v in (value[1] if value[0] == "arr" else [value])
                         if v[0] == "lit"]
                return key[1], names
    return "", []


TOX_SUBSTITUTION = re.compile(r"\{(env:)?([^{}:]*)(?::([^{}]*))?\}")
TOX_DIRS = {"toxinidir": ".", "tox_root": ".", "envdir": ".tox/env", "env_dir": ".tox/env",
            "envtmpdir": ".tox/env/tmp", "env_tmp_dir": ".tox/env/tmp", "toxworkdir": ".tox",
            "work_dir": ".tox", "envpython": "python", "envbindir": ".tox/env/bin",
            "posargs": "", "envname": "env", "env_name": "env", "basepython": "python"}


def _tox_sub(m: re.Match) -> str:
    if m.group(1):  # {env:NAME} / {env:NAME:default}
        default = m.group(3)
        return f"${{{m.group(2)}:-{default}}}" if default is not None else f"${{{m.group(2)}}}"
    if m.group(2) == "posargs":
        return m.group(3) or ""
    return TOX_DIRS.get(m.group(2), m.group(0))


def tox_commands(text: str, envs: list[str]) -> str:
    """The shell text of the commands tox runs for `envs` (every testenv when empty): `commands`,
    `commands_pre` and `commands_post` of [testenv:NAME] and of [testenv], substitutions
    (`{env:HOME}`, `{posargs}`, `{toxinidir}`) written as shell."""
    import configparser

    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return text  # not an ini file agentsh can read: check all of it as shell
    sections = [s for s in parser.sections() if s == "testenv" or s.startswith("testenv:")]
    if envs:
        wanted = {f"testenv:{e}" for e in envs} | {"testenv"}
        sections = [s for s in sections if s in wanted]
    lines: list[str] = []
    for section in sections:
        for key in ("commands_pre", "commands", "commands_post"):
            value = parser.get(section, key, fallback="") or ""
            for line in value.splitlines():
                line = line.strip()
                if line.startswith("-") and not line.startswith("--"):
                    line = line[1:].strip()  # `- cmd`: its failure is ignored
                if line and not line.startswith("#"):
                    lines.append(TOX_SUBSTITUTION.sub(_tox_sub, line))
    return "\n".join(lines)


def poe_task(text: str, name: str, depth: int = 0) -> str | None:
    """The shell text of poethepoet task `name` in pyproject.toml ([tool.poe.tasks]): a `cmd`
    or `shell` string, or a `sequence` of them; None when there is no such task."""
    import tomli

    try:
        data = tomli.loads(text)
    except (tomli.TOMLDecodeError, ValueError):
        return text  # a file agentsh cannot parse: check all of it as shell
    tasks = data.get("tool", {}).get("poe", {}).get("tasks", data.get("tasks", {}))
    task = tasks.get(name) if isinstance(tasks, dict) else None
    return _poe_text(task, tasks, depth)


def _poe_text(task, tasks: dict, depth: int) -> str | None:
    if task is None or depth > 5:
        return None
    if isinstance(task, str):
        return task
    if isinstance(task, list):  # a sequence written as an array
        parts = [_poe_text(tasks.get(t, t) if isinstance(t, str) and t in tasks else t, tasks,
                           depth + 1) for t in task]
        return "\n".join(p for p in parts if p)
    if isinstance(task, dict):
        for key in ("cmd", "shell"):
            if isinstance(task.get(key), str):
                return task[key]
        if "sequence" in task:
            return _poe_text(task["sequence"], tasks, depth + 1)
        if "ref" in task and isinstance(task["ref"], str):
            ref = task["ref"].split()[0]
            return _poe_text(tasks.get(ref), tasks, depth + 1)
        if "script" in task:  # a Python function: code agentsh does not follow from here
            return f"python3 -c {task['script']!r}"
    return None
