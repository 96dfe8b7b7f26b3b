"""Stand-ins for two standard-library pieces whose imports cost more than `agentsh -c` can pay
before every command (issue 16): `enum.IntEnum` (importing `enum` brings `functools`,
`collections`, `operator`, `types` ..., about 18 M instructions with the classes built) and
`functools.lru_cache`.

`NamedInt` classes behave as the `IntEnum`s they replace do on Python 3.11: members are ints
(`==`, ordering, hashing, arithmetic, `json`), with `name` and `value`, `Cls["NAME"]`,
`Cls(value)` (ValueError for no member), iteration in definition order without aliases,
`__members__`, the enum's repr (`<Severity.HIGH: 3>`), str and format (an int's, unless the
class defines `__str__`; a format spec formats the int), and copying or pickling gives the
member itself. Members are the class attributes named in capitals with an int value; a second
name for a value is an alias of the first.

`lru_cache(maxsize)` is `functools.lru_cache`'s own C cache (`_functools._lru_cache_wrapper`),
without the `functools` module around it; only `cache_info()` is missing (nothing calls it)."""

from __future__ import annotations

import sys
from _functools import _lru_cache_wrapper


class _NamedIntType(type):
    """The class of `NamedInt` classes: its members by name, by value and in order."""

    def __new__(meta, name, bases, namespace, **kwargs):
        members = [(key, value) for key, value in namespace.items()
                   if key.isupper() and type(value) is int]
        for key, _ in members:
            del namespace[key]
        cls = super().__new__(meta, name, bases, namespace, **kwargs)
        by_value: dict = {}
        by_name: dict = {}
        for key, value in members:
            member = by_value.get(value)
            if member is None:
                member = by_value[value] = int.__new__(cls, value)
                cls._names_[value] = key  # the first name is the member's own
            by_name[key] = member
            type.__setattr__(cls, key, member)
        type.__setattr__(cls, "_by_value_", by_value)
        type.__setattr__(cls, "__members__", by_name)
        return cls

    def __call__(cls, value):
        if type(value) is cls:
            return value
        member = cls._by_value_.get(value)
        if member is None:
            raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")
        return member

    def __getitem__(cls, name: str):
        return cls.__members__[name]

    def __iter__(cls):
        return iter(tuple(cls._by_value_.values()))

    def __len__(cls) -> int:
        return len(cls._by_value_)

    def __contains__(cls, member) -> bool:
        return type(member) is cls

    def __setattr__(cls, name: str, value) -> None:
        if name in cls.__dict__.get("__members__", ()):
            raise AttributeError(f"cannot reassign member {name!r}")
        type.__setattr__(cls, name, value)


class NamedInt(int, metaclass=_NamedIntType):
    """The base: `class Exit(NamedInt): OK = 0 ...` (see the module's docstring)."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        type.__setattr__(cls, "_names_", {})

    @property
    def name(self) -> str:
        return type(self)._names_[int(self)]

    @property
    def value(self) -> int:
        return int(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {int(self)}>"

    __str__ = int.__repr__

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else int.__format__(int(self), spec)

    def __reduce_ex__(self, protocol):
        return type(self), (int(self),)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def lru_cache(maxsize: int, typed: bool = False):
    """`functools.lru_cache(maxsize, typed)` as a decorator, from the C implementation it uses."""

    def decorate(function):
        wrapper = _lru_cache_wrapper(function, maxsize, typed, None)
        for name in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(wrapper, name, getattr(function, name))
        wrapper.__wrapped__ = function
        return wrapper

    return decorate


def fnmatchcase(name: str, pattern: str) -> bool:
    """`fnmatch.fnmatchcase`, the module imported on the first call (see `_fnmatch`)."""
    module = sys.modules.get("fnmatch") or _fnmatch()
    return module.fnmatchcase(name, pattern)


def _fnmatch():
    """The `fnmatch` module. Its one use of `functools` is the `lru_cache` decorator its body
    applies at import; while the body runs, with `re` already loaded (the compiled table's
    stand-in or the real one) and `functools` not, a stand-in `functools` offers this module's
    `lru_cache` (the same C cache), and is removed right after. Otherwise a plain import."""
    if "functools" in sys.modules or "re" not in sys.modules:
        import fnmatch

        return fnmatch
    stand_in = type(sys)("functools")
    stand_in.lru_cache = lru_cache
    sys.modules["functools"] = stand_in
    try:
        import fnmatch
    finally:
        if sys.modules.get("functools") is stand_in:
            del sys.modules["functools"]
    return fnmatch


_PAUSED: list[bool] = []


def pause_collection() -> None:
    """Start-up (imports, the policy) makes many objects and no garbage cycles worth finding,
    yet the cyclic collector walks them again and again as they come (about 9 M instructions
    before a checked command): it is off until `resume_collection`."""
    import gc

    if gc.isenabled():
        gc.disable()
        _PAUSED.append(True)


# young objects between two collections while one command is checked (Python's default is 700):
# a check makes many short-lived containers and few cycles, and with the default the collector
# walked them again and again (1.7 M instructions for `echo $(true)`). The bound keeps what
# cycles a large text's check leaves to at most this many objects before they are collected.
CHECK_YOUNG = 50_000


def resume_collection(young: int | None = None) -> None:
    """The collector back on, with what start-up made moved out of its way (`gc.freeze`: it
    lives until the process ends or execs bash), collecting after `young` new objects when given
    (a short-lived process checking one text: `CHECK_YOUNG`); nothing if `pause_collection` did
    not stop it."""
    if _PAUSED:
        import gc

        _PAUSED.clear()
        gc.freeze()
        if young is not None:
            gc.set_threshold(young, *gc.get_threshold()[1:])
        gc.enable()
