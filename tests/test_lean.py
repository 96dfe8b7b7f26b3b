"""`agentsh.lean`: the stand-ins for `enum.IntEnum` and `functools.lru_cache` on the `-c` path
behave as what they replace, and the collector paused during start-up comes back on."""

from __future__ import annotations

import copy
import enum
import json
import pickle
import subprocess
import sys

import pytest

from agentsh import lean
from agentsh.exitcodes import Exit
from agentsh.lean import NamedInt, lru_cache
from agentsh.policy.values import Decision, Severity


class EnumSeverity(enum.IntEnum):  # what Severity was
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()


class EnumExit(enum.IntEnum):  # what Exit was, alias included
    OK = 0
    CONFIRM = 1
    NOT_DONE = 1
    DENY = 2
    BLOCKED = 126


class LeanExit(NamedInt):
    OK = 0
    CONFIRM = 1
    NOT_DONE = 1
    DENY = 2
    BLOCKED = 126


def _views(member) -> list:
    """Everything code or a person sees of a member, with the class name left out."""
    cls = type(member)
    return [repr(member).replace(cls.__name__, "C"), str(member), format(member), f"{member:>5}",
            f"{member:d}", "%s|%d" % (member, member), json.dumps([member]), int(member),
            member.name, member.value, type(member.value) is int, hash(member), member + 1,
            type(member + 1) is int, bool(member), member == int(member)]


@pytest.mark.parametrize(("lean", "classic"), [(Severity, EnumSeverity), (LeanExit, EnumExit)],
                         ids=["own-str", "int-str-with-alias"])
def test_a_named_int_behaves_as_the_int_enum_it_replaces(lean, classic) -> None:
    assert [m.name for m in lean] == [m.name for m in classic]
    assert len(lean) == len(classic)
    assert list(lean.__members__) == list(classic.__members__)
    for name in classic.__members__:
        assert _views(lean[name]) == _views(classic[name]), name
        assert lean(classic[name].value) is lean[name]
        assert getattr(lean, name) is lean[name]
        member = lean[name]
        assert copy.copy(member) is member and copy.deepcopy(member) is member
        assert pickle.loads(pickle.dumps(member)) is member
        assert lean[name] in lean and int(lean[name]) not in lean
    with pytest.raises(ValueError, match="is not a valid"):
        lean(99)
    with pytest.raises(KeyError):
        lean["NOPE"]
    assert max(lean) is list(lean)[-1] and sorted(lean, reverse=True)[0] is max(lean)


def test_an_alias_is_the_first_member_of_its_value() -> None:
    assert Exit.NOT_DONE is Exit.CONFIRM and Exit.NOT_DONE.name == "CONFIRM"
    assert Exit.NOT_DONE not in list(Exit)[2:] and "NOT_DONE" in Exit.__members__


def test_decisions_order_as_before() -> None:
    assert max(Decision.ALLOW, Decision.DENY, Decision.CONFIRM) is Decision.DENY
    assert Decision.parse("confirm") is Decision.CONFIRM and str(Decision.DENY) == "deny"
    assert Severity.parse("High") is Severity.HIGH


def test_lru_cache_caches_and_is_bounded() -> None:
    calls = []

    @lru_cache(maxsize=2)
    def square(x: int) -> int:
        """Squares."""
        calls.append(x)
        return x * x

    assert [square(2), square(2), square(3), square(2)] == [4, 4, 9, 4]
    assert calls == [2, 3]
    square(4), square(5), square(2)  # 2 fell out
    assert calls == [2, 3, 4, 5, 2]
    assert square.__name__ == "square" and square.__doc__ == "Squares."
    assert square.__wrapped__(6) == 36
    square.cache_clear()
    square(2)
    assert calls[-1] == 2 and len(calls) == 7


_COLLECTOR = """
import gc, sys
from agentsh import lean
lean.resume_collection()  # nothing paused: the collector is left alone
out = [gc.isenabled(), gc.get_freeze_count() == 0]
lean.pause_collection()
out.append(gc.isenabled())
objects = [[i] for i in range(1000)]
lean.resume_collection()
out += [gc.isenabled(), gc.get_freeze_count() > 0]
lean.resume_collection()
out.append(gc.isenabled())
print(out)
"""


def test_the_collector_paused_for_start_up_comes_back_on() -> None:
    done = subprocess.run([sys.executable, "-c", _COLLECTOR], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[True, True, False, True, True, True]"


_CHECKING = """
import gc
from agentsh import lean
lean.pause_collection()
lean.resume_collection(lean.CHECK_YOUNG)
young = gc.get_threshold()[0]
cycles = []
for i in range(3 * young):  # garbage cycles: collected within the bound, not left to grow
    node = [i]
    node.append(node)
    if i % young == young - 1:
        cycles.append(len(gc.get_objects(0)))
print(young, gc.isenabled(), max(cycles) <= young + 100)
"""


def test_while_a_text_is_checked_the_collector_runs_less_often_and_within_a_bound() -> None:
    done = subprocess.run([sys.executable, "-c", _CHECKING], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == [str(lean.CHECK_YOUNG), "True", "True"]


_FNMATCH = """
import re, sys
del sys.modules["functools"]  # as on the -c path, where `re` is the compiled table's stand-in
from agentsh import lean
print([lean.fnmatchcase(n, p) for n, p in (("a.txt", "*.txt"), ("a.txt", "*.py"),
       ("A.TXT", "*.txt"), ("x1", "x[0-9]"), ("x!", "x[!a]"))], "functools" in sys.modules)
"""


def test_fnmatch_loads_without_functools_and_matches_as_fnmatch_does() -> None:
    import fnmatch

    from agentsh.lean import fnmatchcase

    cases = [("a.txt", "*.txt"), ("a.txt", "*.py"), ("A.TXT", "*.txt"), ("x1", "x[0-9]"),
             ("x!", "x[!a]")]
    assert [fnmatchcase(n, p) for n, p in cases] == [fnmatch.fnmatchcase(n, p) for n, p in cases]
    done = subprocess.run([sys.executable, "-c", _FNMATCH], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split("]")[0] + "]" == str([fnmatch.fnmatchcase(n, p) for n, p in cases])
    assert done.stdout.strip().endswith("False"), "the stand-in functools stayed"
