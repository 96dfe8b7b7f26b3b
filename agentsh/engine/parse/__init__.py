"""Parsing: shell text -> the simple commands bash would run (before unwrapping wrappers).

Three parsers, cheapest first, each used only where it is right:
  1. `plain`: `shlex` for text without shell syntax (no ``$ ` ; & | < > ( )``, newline or
     comment): bash's argv exactly, and no parser import at all.
  2. `treesitter`: tree-sitter-bash for everything else: fast, and it sees substitutions
     everywhere (inside `${x:-$(...)}`, unquoted heredoc bodies, `done < <(...)`).
  3. `bashlex_fallback`: bashlex when tree-sitter reports a syntax error: a second opinion from a
     parser modelled on bash's own grammar. Only if both fail is the text unparseable, and
     unparseable asks.
"""

from __future__ import annotations

from agentsh.engine.model import Parsed
from agentsh.engine.parse.plain import parse_plain


def parse(text: str) -> Parsed:
    result = _parse(text)
    if result.ok and "\\\n" in text:
        # bash removes backslash-newline before it splits words (`git re\<newline>set`), and
        # tree-sitter does not; check the joined text too, and keep both readings.
        joined = _parse(text.replace("\\\n", ""))
        if joined.ok:
            seen = {c.argv for c in result.commands}
            extra = tuple(c._replace(span=(0, len(text))) for c in joined.commands
                          if c.argv not in seen)
            result = result._replace(commands=result.commands + extra)
    return result


def _parse(text: str) -> Parsed:
    plain = parse_plain(text)
    if plain is not None:
        return plain
    from agentsh.engine.parse import treesitter

    result = treesitter.parse(text)
    if result.ok:
        return result
    from agentsh.engine.parse import bashlex_fallback

    second = bashlex_fallback.parse(text)
    if second.ok:
        return second
    return Parsed((), False, "none", result.error or second.error)
