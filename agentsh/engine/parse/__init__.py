"""Parsing: shell text -> the simple commands bash would run (before unwrapping wrappers).

Cheapest first, each used only where it is right:
  1. `plain`: `shlex` for text without shell syntax (no ``$ ` ; & | < > ( )``, newline or
     comment): bash's argv exactly, and no parser import at all.
  2. `grammar` (+ `grammar_walk`): bash's own grammar read by recursive descent, the way bash
     5.2's parse.y reads it. Property-tested against bash itself (tests/engine/shellgen.py):
     it reports every command bash runs, with the same words.
  3. `treesitter`, then `bashlex_fallback`: only for text the grammar rejects, which bash
     rejects too (a syntax error: bash runs the lines before it). They keep agentsh's reading
     of such text what it was; only if all fail is the text unparseable, and that asks.

Text longer than MAX_TEXT is not parsed at all (`Parsed.parser == "limit"`): it asks, saying
why, instead of spending unbounded time and memory on it. The grammar's work is linear in the
text (and capped by a token budget); tree-sitter's is not (a pipeline of n stages takes memory
in n squared: 100 KB took 657 MB), so text the grammar rejects goes to the other parsers only up
to FALLBACK_MAX; longer, the grammar's syntax error stands (it asks).
"""

from __future__ import annotations

from agentsh.engine.model import Parsed
from agentsh.engine.parse.plain import parse_plain

MAX_TEXT = 256 * 1024  # characters parsed in full; longer text asks
FALLBACK_MAX = 16 * 1024  # characters tree-sitter and bashlex are given (see above)


def parse(text: str, extglob: bool | None = None) -> Parsed:
    """The commands of `text`. `extglob`: whether bash's extglob option is on (None: not
    known, so text where it matters is read both ways)."""
    if len(text) > MAX_TEXT:
        return Parsed((), False, "limit",
                      f"the text is {len(text):,} characters long; agentsh reads at most "
                      f"{MAX_TEXT:,} in full")
    plain = parse_plain(text)
    if plain is not None:
        return plain
    from agentsh.engine.parse import grammar_walk

    result = grammar_walk.parse(text, extglob)
    if result.ok or result.parser == "limit" or len(text) > FALLBACK_MAX:
        return result
    fallback = _fallback(text)
    if fallback.ok:
        return _posix_too(text, fallback)
    return result


def memoized(chars: int = 4 * MAX_TEXT):
    """`parse`, remembering its answers (for one check: `classify` makes one). The same text is
    read many times on one line: a function's body at each call, a sourced file at each
    `source`; each read the whole body again (about 1.5 ms a function). `Parsed` is immutable,
    so one answer serves every reader. At most `chars` characters of text are remembered."""
    cache: dict = {}
    room = [chars]

    def cached(text: str, extglob: bool | None = None) -> Parsed:
        key = (text, extglob)
        got = cache.get(key)
        if got is None:
            got = parse(text, extglob)
            if len(text) <= room[0]:
                room[0] -= len(text) + 64
                cache[key] = got
        return got

    return cached


def _posix_too(text: str, fallback: Parsed) -> Parsed:
    """A text the grammar rejects and a fallback parser reads: where the text may turn on
    bash's posix mode (`set -o posix` on an earlier line), bash reads later lines otherwise
    (`"${x+'$(cmd)}"`: the quote is text, and cmd runs), and the fallback parsers do not know
    it. The grammar's posix reading is added; where it fails too, nothing is certain: the text
    does not parse (it asks)."""
    import re

    if not re.search(r"(?i)posix", text):
        return fallback
    from agentsh.engine.parse import grammar_walk

    posix = grammar_walk.parse(text, None, posix=True)
    if not posix.ok:
        return posix._replace(error=f"{posix.error} (read as bash reads it in posix mode)")
    seen = {(c.argv, c.span, c.assign_raw) for c in fallback.commands}
    extra = tuple(c for c in posix.commands if (c.argv, c.span, c.assign_raw) not in seen)
    return fallback._replace(commands=fallback.commands + extra, tree=None)


def _fallback(text: str) -> Parsed:
    result = _fallback_once(text)
    if result.ok and "\\\n" in text:
        # bash removes backslash-newline before it splits words (`git re\<newline>set`), and
        # tree-sitter does not; check the joined text too, and keep both readings.
        joined = _fallback_once(text.replace("\\\n", ""))
        if joined.ok:
            seen = {c.argv for c in result.commands}
            extra = tuple(c._replace(span=(0, len(text))) for c in joined.commands
                          if c.argv not in seen)
            result = result._replace(commands=result.commands + extra)
    return result


def _fallback_once(text: str) -> Parsed:
    from agentsh.engine.parse import treesitter

    result = treesitter.parse(text)
    if result.ok:
        return result
    from agentsh.engine.parse import bashlex_fallback

    second = bashlex_fallback.parse(text)
    if second.ok:
        return second
    return Parsed((), False, "none", result.error or second.error)
