"""Jupyter notebooks run from the command line: the Python their code cells hold.

`jupyter nbconvert --execute nb.ipynb`, `jupyter execute nb.ipynb` and `papermill in.ipynb
out.ipynb` run every code cell in order in one IPython kernel. The cells are Python plus
IPython's own syntax, which is written here as the Python it stands for so the Python front-end
judges it: `!cmd` and `x = !cmd` run a shell command (`os.system`), `%%bash`/`%%sh`/`%%script`
cells are shell scripts, `%sx`/`%system` and the posix aliases (`%rm`, `%mv`, `%cp`, `%rmdir`,
and `rm -rf x` typed without `%`, which automagic runs) are shell commands, `%run f.py` runs a
file (`exec(open(f).read())`), `%%writefile f` writes one, `%pip`/`%conda` run the installer.
`{name}` and `$name` inside a shell line are Python values (an f-string). Other magics
(`%matplotlib`, `%%time` ...) are display or timing, and are dropped (the body of `%%time` still
runs). A notebook that is not JSON is read as it is: as Python that does not parse, it asks when
it holds words that could do harm (INT011)."""

from __future__ import annotations

import re

from agentsh.engine.lazyre import later

# programs that run a notebook's cells (`jupyter nbconvert --execute`, `jupyter execute`)
RUNNERS = frozenset(("jupyter", "jupyter-nbconvert", "jupyter-execute", "papermill"))
SHELL_CELLS = frozenset(("bash", "sh", "system", "script", "sx"))
SKIPPED_CELLS = frozenset(("html", "javascript", "js", "latex", "markdown", "svg", "md"))
ALIASES = frozenset(("rm", "rmdir", "mv", "cp", "mkdir", "cat", "ls", "ln"))
# an identifier, attribute or index IPython expands in a shell line (`{path}`, `$name`)
EXPANSION = later(r"\{([A-Za-z_][\w.]*(?:\[[^\]{}]*\])?)\}|\$([A-Za-z_]\w*)")
ASSIGNED_SHELL = later(r"^([A-Za-z_]\w*)\s*=\s*!(.*)$")


def runs_notebook(cmd) -> bool:
    """`jupyter nbconvert --execute`, `jupyter execute`, `jupyter-execute`, `papermill`: a
    conversion without `--execute` runs nothing."""
    program = cmd.program.rsplit("/", 1)[-1]
    words = [w.text for w in cmd.words[1:]]
    if program in ("papermill", "jupyter-execute"):
        return True
    if program == "jupyter":
        if not words or words[0] not in ("nbconvert", "execute"):
            return False
        if words[0] == "execute":
            return True
        words = words[1:]
    return any(w == "--execute" or w.startswith("--ExecutePreprocessor.enabled=")
               and w.endswith(("True", "true", "1")) for w in words)


def notebook_code(text: str, drop_parameters: bool = False) -> str:
    """The Python a notebook's code cells run, in order. `drop_parameters`: papermill given
    values for the cell tagged "parameters" replaces it (the names are then unknown)."""
    import json

    try:
        doc = json.loads(text)
        cells = doc.get("cells") if isinstance(doc, dict) else None
        if not isinstance(cells, list):
            return text
    except (ValueError, RecursionError):
        return text
    out: list[str] = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata")
        tags = meta.get("tags", ()) if isinstance(meta, dict) else ()
        if drop_parameters and isinstance(tags, list) and "parameters" in tags:
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            return text  # not a notebook nbformat writes: judged as it is
        out.append(cell_code(source))
    return "\n".join(out)


def cell_code(source: str) -> str:
    """One cell's IPython written as Python."""
    lines = source.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic, _, rest = first[2:].partition(" ")
        body = "\n".join(lines[1:])
        if magic in SHELL_CELLS:
            return _shell(body, "")
        if magic in SKIPPED_CELLS:
            return ""
        if magic in ("writefile", "file"):
            target = rest.replace("-a", "").strip()
            mode = "a" if "-a" in rest.split() else "w"
            return f"open({target!r}, {mode!r}).write({body!r})\n"
        return "\n".join(_line(line) for line in lines[1:])  # %%time, %%capture: the body runs
    return "\n".join(_line(line) for line in lines)


def _line(line: str) -> str:
    stripped = line.lstrip()
    indent = line[:len(line) - len(stripped)]
    if stripped.startswith("!"):
        return _shell(stripped[1:].lstrip("!"), indent)
    assigned = ASSIGNED_SHELL.match(stripped)
    if assigned:
        return f"{indent}{assigned.group(1)} = " + _shell(assigned.group(2), "", "popen").lstrip()
    if stripped.startswith("%") and not stripped.startswith("%%"):
        name, _, rest = stripped[1:].partition(" ")
        if name in ("sx", "system") or name in ALIASES:
            return _shell(rest if name in ("sx", "system") else f"{name} {rest}", indent)
        if name in ("pip", "conda", "mamba"):
            return _shell(f"{name} {rest}", indent)
        if name == "run":
            target = rest.split()[-1] if rest.split() else ""
            return f"{indent}exec(open({target!r}).read())" if target else indent + "pass"
        if name == "cd":
            return f"{indent}__import__('os').chdir({rest.strip()!r})"
        return indent + "pass"  # %matplotlib, %load_ext, %time ...: display, timing, setup
    word, _, rest = stripped.partition(" ")
    if word in ALIASES and rest and not re.match(r"\s*[=(\[.,:+*/%<>!&|^]", rest):
        return _shell(stripped, indent)  # automagic: `rm -rf build` typed without `%`
    return line


def _shell(command: str, indent: str, call: str = "system") -> str:
    """`os.system(f"...")` for a shell line, IPython's `{x}` and `$x` as the Python values."""
    parts: list[str] = []
    last = 0
    for m in EXPANSION.finditer(command):
        parts.append(command[last:m.start()].replace("{", "{{").replace("}", "}}"))
        parts.append("{" + (m.group(1) or m.group(2)) + "}")
        last = m.end()
    parts.append(command[last:].replace("{", "{{").replace("}", "}}"))
    return f"{indent}__import__('os').{call}(f{''.join(parts)!r})"
