"""bashlex -> simple commands: the last opinion, for text the grammar and tree-sitter reject.

bashlex builds its LALR tables at import (ply's yacc: about 250 ms per process). agentsh loads
them instead from `bashlex_tables` (plain data written once from the same bashlex by
`write_tables`, and checked against the installed bashlex's grammar source: if bashlex changed,
the tables are stale and bashlex builds its own, the slow and always right way)."""

from __future__ import annotations

from agentsh.engine.model import Command, Parsed, Redirect, Stdin, Word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NON_LITERAL = frozenset(("parameter", "commandsubstitution", "processsubstitution", "tilde"))


def _word(text: str, node: Any) -> Word:
    start, end = node.pos
    literal = not any(getattr(p, "kind", "") in NON_LITERAL for p in getattr(node, "parts", []))
    if getattr(node, "kind", "") == "word" and "$'" in text[start:end]:
        literal = True
    return Word(node.word if literal else text[start:end], literal, (start, end), text[start:end])


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.commands: list[Command] = []

    def visit(self, node: Any, stdin: Stdin | None = None) -> Command | None:
        kind = getattr(node, "kind", "")
        if kind == "command":
            return self._command(node, stdin)
        if kind == "pipeline":
            previous = None
            first = True
            for part in node.parts:
                if getattr(part, "kind", "") == "pipe":
                    continue
                feed = stdin if first else Stdin("pipe", None, previous.argv if previous else ("?",))
                previous = self.visit(part, feed)
                first = False
            return None
        for child in self._children(node):
            self.visit(child)
        return None

    @staticmethod
    def _children(node: Any) -> list[Any]:
        out = list(getattr(node, "parts", []) or [])
        for attr in ("list", "command", "output"):
            value = getattr(node, attr, None)
            if isinstance(value, list):
                out.extend(value)
            elif value is not None and hasattr(value, "kind"):
                out.append(value)
        return out

    def _command(self, node: Any, stdin: Stdin | None) -> Command | None:
        words: list[Word] = []
        assignments: list[tuple[str, str]] = []
        raw: list[str] = []
        redirects: list[Redirect] = []
        for part in node.parts:
            kind = part.kind
            if kind == "assignment" and not words:
                name, _, value = part.word.partition("=")
                assignments.append((name.rstrip("+"), value))
                raw.append(self.text[part.pos[0]:part.pos[1]])
            elif kind == "word":
                words.append(_word(self.text, part))
            elif kind == "redirect":
                target = part.output
                if hasattr(target, "kind") and target.kind == "word":
                    red = Redirect(part.type, _word(self.text, target),
                                   part.input if isinstance(part.input, int) else None)
                    redirects.append(red)
                    if part.type == "<":
                        stdin = Stdin("file", None, path=red.target.text)
                heredoc = getattr(part, "heredoc", None)
                if heredoc is not None:
                    stdin = Stdin("heredoc", None)
            for child in self._children(part):
                self.visit(child)
        if not words:
            if assignments:  # a bare assignment: the dataflow pass needs to see it
                self.commands.append(Command((), tuple(node.pos), tuple(assignments),
                                             tuple(redirects), stdin, assign_raw=tuple(raw)))
            return None
        cmd = Command(tuple(words), tuple(node.pos), tuple(assignments), tuple(redirects), stdin,
                      assign_raw=tuple(raw))
        self.commands.append(cmd)
        return cmd


def _sources_digest(package_dir: str) -> str:
    """What the tables are a function of: bashlex's grammar and tokens (a CRC, not a hash:
    it tells an upgraded bashlex from the one the tables came from, and costs no hashlib
    import)."""
    import os
    import zlib

    parts = []
    for name in ("parser.py", "tokenizer.py", "yacc.py"):
        with open(os.path.join(package_dir, name), "rb") as fh:
            data = fh.read()
        parts.append(f"{name}:{len(data)}:{zlib.crc32(data):08x}")
    return " ".join(parts)


class _Production:
    """What ply's LRParser uses of a grammar production."""

    __slots__ = ("name", "len", "callable", "str", "func")

    def __init__(self, name: str, length: int, func: str | None, pdict: dict) -> None:
        self.name, self.len, self.func = name, length, func
        self.callable = pdict.get(func) if func else None
        self.str = name


def _import_yacc():
    """bashlex's `yacc`, without importing `inspect` (about 45 M instructions, 10 ms): yacc uses
    it only to find grammar source when it builds tables, which the loaded tables skip. While
    yacc's module body runs, `inspect` is a stand-in; yacc keeps a proxy that imports the real
    module the first time yacc reads an attribute of it (when bashlex builds its own tables)."""
    import sys
    import types

    if "bashlex.yacc" in sys.modules or "inspect" in sys.modules:
        from bashlex import yacc

        return yacc
    stand_in = types.ModuleType("inspect")
    sys.modules["inspect"] = stand_in
    try:
        from bashlex import yacc
    finally:
        if sys.modules.get("inspect") is stand_in:
            del sys.modules["inspect"]
    if getattr(yacc, "inspect", None) is stand_in:
        yacc.inspect = _RealOnUse()
    return yacc


class _RealOnUse:
    """Stands for `inspect` in bashlex's yacc: the real module, imported on first use."""

    def __getattr__(self, name: str):
        import inspect

        return getattr(inspect, name)


def _bashlex_parser():
    """bashlex's `parser` module, with tables loaded rather than built when they are current."""
    import sys

    if "bashlex.parser" in sys.modules:
        return sys.modules["bashlex.parser"]
    from agentsh.engine.parse.shared import bare_package

    bare_package("bashlex")  # its __init__ would import bashlex.parser before we are ready
    yacc = _import_yacc()

    package_dir = sys.modules["bashlex"].__path__[0]
    try:
        from agentsh.engine.parse import bashlex_tables as tables

        current = tables.DIGEST == _sources_digest(package_dir)
    except (ImportError, OSError, AttributeError):
        current = False
    if not current:
        from bashlex import parser

        return parser
    real = yacc.yacc

    def load(*args, **kwargs):
        pdict = yacc.get_caller_module_dict(2)
        import types

        table = types.SimpleNamespace(
            lr_productions=[_Production(n, k, f, pdict) for n, k, f in tables.PRODUCTIONS],
            lr_action={state: dict(row) for state, row in tables.ACTION.items()},
            lr_goto={state: dict(row) for state, row in tables.GOTO.items()})
        parser = yacc.LRParser(table, pdict.get("p_error"))
        yacc.parse = parser.parse
        return parser

    yacc.yacc = load
    try:
        from bashlex import parser
    finally:
        yacc.yacc = real
    return parser


def write_tables(path: str) -> None:
    """Build bashlex's tables the slow way once and write them to `path` as a module."""
    import pprint
    import sys

    from agentsh.engine.parse.shared import bare_package

    for name in [m for m in sys.modules if m == "bashlex" or m.startswith("bashlex.")]:
        del sys.modules[name]
    bare_package("bashlex")
    from bashlex import yacc

    real = yacc.yacc
    captured = {}

    def capture(*args, **kwargs):  # the tables as built, before bashlex patches a few entries
        import copy

        pdict = yacc.get_caller_module_dict(2)
        parser = real(module=_Module(pdict), **kwargs)
        captured.update(action=copy.deepcopy(dict(parser.action)),
                        goto=copy.deepcopy(dict(parser.goto)),
                        productions=[(p.name, p.len, p.func) for p in parser.productions])
        return parser

    yacc.yacc = capture
    try:
        from bashlex import parser  # noqa: F401
    finally:
        yacc.yacc = real
    digest = _sources_digest(sys.modules["bashlex"].__path__[0])
    with open(path, "w") as fh:
        fh.write('"""bashlex\'s LALR tables (written by `bashlex_fallback.write_tables`; do not '
                 'edit).\n\nbashlex builds them at every import; agentsh loads these instead '
                 'while DIGEST matches\nthe installed bashlex\'s grammar source."""\n\n'
                 "# ruff: noqa: E501\n")
        fh.write(f"DIGEST = {digest!r}\n")
        fh.write(f"PRODUCTIONS = {captured['productions']!r}\n")
        fh.write(f"ACTION = {pprint.pformat(captured['action'], width=100, compact=True)}\n")
        fh.write(f"GOTO = {pprint.pformat(captured['goto'], width=100, compact=True)}\n")


class _Module:
    """A module-like view of a dict (ply's yacc reads the grammar from a module's names)."""

    def __init__(self, names: dict) -> None:
        self.__dict__.update(names)


def parse(text: str) -> Parsed:
    try:
        trees = _bashlex_parser().parse(text)
        walker = _Walker(text)
        for tree in trees:
            walker.visit(tree)
    except Exception as exc:  # bashlex raises many types, AttributeError included
        return Parsed((), False, "bashlex", f"{type(exc).__name__}: {exc}")
    return Parsed(tuple(walker.commands), True, "bashlex")


if __name__ == "__main__":  # python -m agentsh.engine.parse.bashlex_fallback PATH: new tables
    import sys

    write_tables(sys.argv[1])
