"""Regular expressions on the `-c` path without importing the `re` package (issue 16).

Importing `re` costs about 9 M instructions (its compiler and parser, `copyreg`), and each pattern
compiled at run time 0.1 to 1 M more: the grammar parser, the dataflow pass and the domains
compile 15 to 40 of them for an ordinary command. `install.sh` runs `agentsh.commands.regexes`,
which writes `agentsh/regex_table.py` beside this module: for every pattern everyday commands
compile, the program `re`'s compiler makes of it, checked equal to `re.compile`'s own. `install()`
then puts this module in `sys.modules` as `re`: `compile` and the module-level functions build a
pattern found in the table with `_sre.compile` (the C engine `re` itself uses), and anything
else (a pattern not in the table, `re.error`, `re.Pattern`, templates in `sub`) imports the real
`re` and is answered by it, so every answer is the one `re` gives.

The table is used only when it was written by this interpreter (its version and `_sre`'s magic
number), lives in the installed package beside the code (never in a cache a user writes), and
is generated Python: nothing to decode. Missing, stale or unreadable: the real `re`."""

from __future__ import annotations

import sys

A = ASCII = 256
I = IGNORECASE = 2  # noqa: E741 (re's own names)
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
DEBUG = 128
NOFLAG = 0

_TABLE: dict = {}
_COMPILED: dict = {}
_REAL = None
_ESCAPED = {i: "\\" + chr(i) for i in b"()[]{}?*+-|^$\\.&~# \t\n\r\v\f"}


def table_key() -> tuple:
    """What a table must have been written for: this interpreter and its regex engine."""
    import _sre

    return (sys.version, sys.implementation.cache_tag, sys.byteorder, _sre.MAGIC, _sre.CODESIZE)


def install() -> bool:
    """Stand in for `re` when the installed table fits this interpreter (and `re` is not
    loaded yet); False otherwise, and then `import re` is the real one."""
    if "re" in sys.modules or _TABLE:
        return False
    try:
        from agentsh import regex_table
    except ImportError:
        return False
    try:
        if regex_table.KEY != table_key():
            return False
        _TABLE.update(regex_table.TABLE)
    except Exception:  # a table of another format: not used
        _TABLE.clear()
        return False
    sys.modules["re"] = sys.modules[__name__]
    return True


def real():
    """The `re` package itself, imported the first time something needs it."""
    global _REAL
    if _REAL is None:
        if sys.modules.get("re") is sys.modules[__name__]:
            del sys.modules["re"]
        _REAL = __import__("re")
    return _REAL


def compile(pattern, flags=0):  # noqa: A001 (re's own name)
    if type(pattern) in (str, bytes) and type(flags) is int:
        key = (pattern, flags)
        done = _COMPILED.get(key)
        if done is not None:
            return done
        entry = _TABLE.get(key)
        if entry is not None:
            import _sre

            code = memoryview(entry[1]).cast("I").tolist()  # the program, as `re` made it
            done = _COMPILED[key] = _sre.compile(pattern, entry[0], code, entry[2],
                                                 dict(entry[3]), entry[4])
            return done
    return real().compile(pattern, flags)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def escape(pattern):
    if isinstance(pattern, str):
        return pattern.translate(_ESCAPED)
    return real().escape(pattern)


def __getattr__(name: str):
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    return getattr(real(), name)
