"""Loops over a short list of known items in the token languages (JavaScript, Ruby, Perl) walk
their body once per item (session 29), within a bound per analysis: nested loops must not
multiply the work (16 x 16 x 16 items, repeated, took 22 s to check before the bound)."""

from __future__ import annotations

from agentsh.engine.domains.code import analyze_code
from agentsh.engine.domains.code.model import Delete
from agentsh.engine.domains.code.semantics import MAX_LOOP_WALKS, Knobs

KNOBS = Knobs((), frozenset(("delete",)), frozenset(("execute",)))
ITEMS = ", ".join(f'"d{i}"' for i in range(16))


def deletes(language: str, code: str) -> list:
    return [fx for fx in analyze_code(language, code, KNOBS) if isinstance(fx, Delete)]


def test_each_known_item_is_deleted_by_name() -> None:
    found = deletes("javascript", 'const fs = require("fs");\n'
                                  'for (const d of ["dist", ".turbo"]) fs.rmSync(d, {recursive: true});\n')
    assert sorted(fx.target.literal for fx in found) == [".turbo", "dist"]
    found = deletes("ruby", 'require "fileutils"\n%w[tmp/cache coverage].each { |d| FileUtils.rm_rf(d) }\n')
    assert sorted(fx.target.literal for fx in found) == ["coverage", "tmp/cache"]


def test_nested_loops_stay_within_the_bound() -> None:
    line = f"[{ITEMS}].each {{ |a| [{ITEMS}].each {{ |b| [{ITEMS}].each {{ |c| " \
           "FileUtils.rm_rf(a + b + c) } } }\n"
    found = deletes("ruby", 'require "fileutils"\n' + line * 20)
    assert len(found) <= 2 * MAX_LOOP_WALKS * 16
    # past the bound the item is only known at run time (a tree deletion then asks: INT001)
    assert any(fx.target.literal is None for fx in found if hasattr(fx.target, "literal"))
    js = 'const fs = require("fs");\n' + (
        f"for (const a of [{ITEMS}]) {{ for (const b of [{ITEMS}]) {{ for (const c of [{ITEMS}]) "
        "{ fs.rmSync(a + b + c, {recursive: true}); } } }\n") * 20
    assert len(deletes("javascript", js)) <= 2 * MAX_LOOP_WALKS * 16
