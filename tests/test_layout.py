"""The package shows its pipeline: each stage imports only the stages below it, and no module
imports itself back through another (imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "agentsh"
# lowest first: a module may import its own stage and the stages before it, never one after it
# `service` (protected mode's `agentsh serve`) decides like the gate, as another user: it may use
# the gate, engine and policy; the frontends reach it only through `gate.remote`'s socket
STAGES = ("leaves", "policy", "engine", "gate", "service", "frontends", "commands", "cli")
LEAVES = {"agentsh", "agentsh.bundle", "agentsh.exitcodes", "agentsh.fastre", "agentsh.lean",
          "agentsh.locations", "agentsh.records", "agentsh.usage"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def stage(module: str) -> str:
    if module in LEAVES:
        return "leaves"
    if module in ("agentsh.cli", "agentsh.__main__"):
        return "cli"
    return module.split(".")[1]


def imports(module: str) -> set[str]:
    """The agentsh modules `module` imports anywhere in its text."""
    out = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("agentsh")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("agentsh"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                out.add(sub if sub in MODULES else node.module)
    return out - {module}


def test_every_module_belongs_to_a_stage() -> None:
    assert {stage(m) for m in MODULES} <= set(STAGES), sorted(MODULES)


def test_no_module_imports_a_later_stage() -> None:
    upward = [f"{m} ({stage(m)}) imports {i} ({stage(i)})"
              for m in sorted(MODULES) for i in sorted(imports(m))
              if STAGES.index(stage(i)) > STAGES.index(stage(m))]
    assert not upward, "\n".join(upward)


def test_there_are_no_import_cycles() -> None:
    graph = {m: imports(m) & MODULES.keys() for m in MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [node, nxt]))
            elif nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert not cycles, "\n".join(cycles)


def test_the_top_level_holds_only_the_entry_points_and_leaves() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == {"__init__", "__main__", "bundle", "cli", "exitcodes", "fastre", "lean",
                   "locations", "records", "usage"}
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == \
        {"policy", "engine", "gate", "service", "frontends", "commands"}


def test_every_stage_says_what_it_owns_and_may_import() -> None:
    for name in ("policy", "engine", "gate", "service", "frontends", "commands"):
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc and "import" in doc, name
