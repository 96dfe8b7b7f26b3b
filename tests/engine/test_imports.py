"""Which project modules the code analyzer reads for the code a command runs
(`engine/domains/code/imports.py`): the interpreter's own lookup, nearest first, within budget."""

from __future__ import annotations

import pytest

from agentsh.engine.domains.code import imports
from agentsh.engine.model import Context


def read_from(files: dict[str, str], log: list[str]):
    def read(path: str):
        log.append(path)
        return files.get(path)
    return read


def loaded(language: str, code: str, files: dict[str, str], folder: str = "",
           env: dict | None = None) -> list[str]:
    log: list[str] = []
    ctx = Context(cwd="/p", read_file=read_from(files, log))
    return [path for path, _, _ in imports.modules(language, [code], [folder], env or {}, ctx)]


@pytest.mark.parametrize(("code", "files", "expected"), [
    ("import a", {"a.py": "x"}, ["a.py"]),
    ("import a.b as c, d", {"a/__init__.py": "", "a/b.py": "", "d/__init__.py": ""},
     ["a/__init__.py", "a/b.py", "d/__init__.py"]),
    ("from a import b", {"a/__init__.py": "", "a/b.py": ""}, ["a/__init__.py", "a/b.py"]),
    ("from . import b", {"pkg/b.py": ""}, ["pkg/b.py"]),
    ("import json, os", {}, []),
    ("importlib.import_module('w')", {"w.py": ""}, ["w.py"]),
    ("import a", {"a.py": "import b", "b.py": "from .c import x", "c.py": ""},
     ["a.py", "b.py", "c.py"]),
    ("import runpy; runpy.run_module('w')", {"w.py": ""}, ["w.py"]),
    ("from runpy import run_module\nrun_module('p.w', run_name='x')",
     {"p/__init__.py": "", "p/w.py": ""}, ["p/__init__.py", "p/w.py"]),
    ("import os; import w", {"w.py": ""}, ["w.py"]),
    ("import os; from w import *", {"w.py": ""}, ["w.py"]),
    ("try: import w\nexcept ImportError: pass", {"w.py": ""}, ["w.py"]),
    ("import sys; sys.path.insert(0, 'lib'); import w", {"lib/w.py": ""}, ["lib/w.py"]),
    ("import sys\nsys.path.append('./lib/')\nimport w", {"lib/w.py": ""}, ["lib/w.py"]),
    ("import site; site.addsitedir('lib'); import w", {"lib/w.py": ""}, ["lib/w.py"]),
], ids=["plain", "dotted-and-several", "from-package", "relative", "not-local",
        "import-module", "transitive", "runpy", "runpy-package", "sys-path-insert",
        "sys-path-append", "site-addsitedir", "after-semicolon",
        "from-after-semicolon", "after-colon"])
def test_python_modules_found_as_python_finds_them(code, files, expected) -> None:
    folder = "pkg" if code.startswith("from .") else ""
    assert loaded("python", code, files, folder) == expected


def test_pythonpath_folders_are_searched_too() -> None:
    assert loaded("python", "import w", {"lib/w.py": ""}, env={"PYTHONPATH": "lib"}) == ["lib/w.py"]


@pytest.mark.parametrize(("code", "files", "expected"), [
    ("require('./w')", {"w.js": ""}, ["w.js"]),
    ("const {a} = require(\"../lib/w.cjs\")", {"../lib/w.cjs": ""}, ["../lib/w.cjs"]),
    ("import x from './w.mjs'", {"w.mjs": ""}, ["w.mjs"]),
    ("import './side'", {"side/index.js": ""}, ["side/index.js"]),
    ("await import('./lazy.js')", {"lazy.js": ""}, ["lazy.js"]),
    ("require('express')", {"express.js": ""}, []),
])
def test_javascript_relative_modules(code, files, expected) -> None:
    assert loaded("javascript", code, files) == expected


def test_node_preloads_from_options_and_node_options() -> None:
    assert imports.node_preloads(["-r", "./a.js", "--import=./b.mjs", "x.js"],
                                 {"NODE_OPTIONS": "--require ./c.js"}) == ["./c.js", "./a.js",
                                                                           "./b.mjs"]
    assert imports.node_preloads(["-r", "dotenv/config", "x.js"], {}) == []


def test_ruby_require_relative() -> None:
    assert loaded("ruby", "require_relative 'w'", {"lib/w.rb": ""}, "lib") == ["lib/w.rb"]


def test_the_main_block_is_not_read_as_run_on_import() -> None:
    log: list[str] = []
    ctx = Context(cwd="/p", read_file=read_from(
        {"t.py": "import os\nif __name__ == '__main__':\n    os.remove('x')\n    y()\nz = 1\n"},
        log))
    ((_, text, _),) = imports.modules("python", ["import t"], [""], {}, ctx)
    assert "os.remove" not in text and "z = 1" in text


def test_the_work_is_bounded() -> None:
    """At most MAX_MODULES files and MAX_BYTES of text, nearest first: a large module is
    skipped, smaller ones still fit."""
    files = {f"m{k}.py": f"import m{k + 1}\n" for k in range(40)}
    assert len(loaded("python", "import m0", files)) == imports.MAX_MODULES
    files = {"big.py": "x = 1\n" * imports.MAX_BYTES, "small.py": "y = 2\n"}
    assert loaded("python", "import big, small", files) == ["small.py"]
