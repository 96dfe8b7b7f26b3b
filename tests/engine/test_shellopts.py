"""engine/shellopts.py: which shell options a command may turn on, and whether one may be on."""

from __future__ import annotations

import pytest

from agentsh.engine import shellopts
from agentsh.engine.model import Word


def words(*texts: str, literal: bool = True) -> tuple[Word, ...]:
    return tuple(Word(t, literal, (0, 0), t) for t in texts)


@pytest.mark.parametrize(("args", "expected"), [
    (("-P",), {"physical"}),
    (("-eP",), {"physical"}),
    (("-o", "physical"), {"physical"}),
    (("-eo", "physical"), {"physical"}),
    (("-C",), {"noclobber"}),
    (("-o", "posix"), {"posix"}),
    (("+o", "physical"), set()),  # turning off: nothing new may be on
    (("--", "-P"), set()),  # operands, not options
    (("-e",), set()),
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_set_options(args, expected) -> None:
    assert shellopts.from_set(words(*args)) == expected


def test_an_option_only_known_at_run_time_is_any_option() -> None:
    assert shellopts.from_set(words("$x", literal=False)) == {"*"}
    assert shellopts.from_shopt(words("-s", "$x", literal=False)) == {"*"}


@pytest.mark.parametrize(("args", "expected"), [
    (("-s", "cdable_vars"), {"cdable_vars"}),
    (("-s", "-o", "physical"), {"physical"}),
    (("-u", "cdable_vars"), set()),
    (("cdable_vars",), set()),  # prints it
])
def test_shopt_options(args, expected) -> None:
    assert shellopts.from_shopt(words(*args)) == expected


@pytest.mark.parametrize(("argv", "expected"), [
    (("bash", "-o", "physical", "-c", "x"), {"physical"}),
    (("bash", "-O", "cdable_vars", "-c", "x"), {"cdable_vars"}),
    (("bash", "-P", "-c", "x"), {"physical"}),
    (("bash", "--posix", "-c", "x"), {"posix"}),
    (("sh", "-c", "x"), {"posix"}),
    (("dash", "script.sh"), {"posix"}),
    (("bash", "-c", "x"), set()),
    (("bash", "script.sh", "-P"), set()),  # an argument of the script
])
def test_a_child_shells_flags(argv, expected) -> None:
    assert shellopts.from_shell_flags(words(*argv), argv[0]) == expected


def test_may_be_on_from_the_text_or_the_variables() -> None:
    unset = {"SHELLOPTS": False, "BASHOPTS": False, "POSIXLY_CORRECT": False}
    assert not shellopts.may_be_on(set(), "physical", unset.get)
    assert shellopts.may_be_on({"physical"}, "physical", unset.get)
    assert shellopts.may_be_on({"*"}, "noclobber", unset.get)
    assert shellopts.may_be_on(set(), "physical", {**unset, "SHELLOPTS": "braceexpand:physical"}.get)
    assert shellopts.may_be_on(set(), "cdable_vars", {**unset, "BASHOPTS": None}.get)  # unknown
    assert shellopts.may_be_on(set(), "posix", {**unset, "POSIXLY_CORRECT": ""}.get)
    assert not shellopts.may_be_on(set(), "posix", {**unset, "SHELLOPTS": "physical"}.get)
