"""Immutable records: named tuples at a third of `collections.namedtuple`'s cost to build.

    class Word(Record, fields="text literal span raw", defaults=(True, (0, 0), "")):
        \"\"\"One shell word ...\"\"\"

        __slots__ = ()

        text: str
        ...

A record is a tuple with named read-only fields, built by position or by keyword, with the
named tuple's `_fields`, `_field_defaults`, `_make`, `_replace`, `_asdict` and repr. About 30 of
them are built before every checked command (issue 16): `namedtuple()` compiles each `__new__`
from source and makes two classes (about 0.5 M instructions each); here each class is made once,
and its `__new__` is a precompiled function of the same arity whose arguments are renamed (about
0.15 M), as fast to call as the named tuple's. The field lines annotated in the class body are
for readers; `fields` is what counts."""

from __future__ import annotations

from _collections import _tuplegetter

_tuple_new = tuple.__new__


def _new1(_cls, a):
    return _tuple_new(_cls, (a,))


def _new2(_cls, a, b):
    return _tuple_new(_cls, (a, b))


def _new3(_cls, a, b, c):
    return _tuple_new(_cls, (a, b, c))


def _new4(_cls, a, b, c, d):
    return _tuple_new(_cls, (a, b, c, d))


def _new5(_cls, a, b, c, d, e):
    return _tuple_new(_cls, (a, b, c, d, e))


def _new6(_cls, a, b, c, d, e, f):
    return _tuple_new(_cls, (a, b, c, d, e, f))


def _new7(_cls, a, b, c, d, e, f, g):
    return _tuple_new(_cls, (a, b, c, d, e, f, g))


def _new8(_cls, a, b, c, d, e, f, g, h):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h))


def _new9(_cls, a, b, c, d, e, f, g, h, i):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i))


def _new10(_cls, a, b, c, d, e, f, g, h, i, j):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j))


def _new11(_cls, a, b, c, d, e, f, g, h, i, j, k):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k))


def _new12(_cls, a, b, c, d, e, f, g, h, i, j, k, m):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, m))


def _new13(_cls, a, b, c, d, e, f, g, h, i, j, k, m, n):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, m, n))


def _new14(_cls, a, b, c, d, e, f, g, h, i, j, k, m, n, o):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, m, n, o))


def _new15(_cls, a, b, c, d, e, f, g, h, i, j, k, m, n, o, p):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, m, n, o, p))


def _new16(_cls, a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q):
    return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q))


_NEW = (None, _new1, _new2, _new3, _new4, _new5, _new6, _new7, _new8, _new9, _new10, _new11,
        _new12, _new13, _new14, _new15, _new16)
_function = type(_new1)


def _constructor(typename: str, fields: tuple[str, ...], defaults: tuple | None):
    """`__new__(cls, field1, field2=default ...)`: the named tuple's signature and speed."""
    if 0 < len(fields) < len(_NEW):
        code = _NEW[len(fields)].__code__.replace(
            co_varnames=("_cls", *fields), co_name="__new__", co_qualname=f"{typename}.__new__")
        return _function(code, {"_tuple_new": _tuple_new}, "__new__", defaults)
    # wider than the precompiled ones (or no field at all): compiled once, as namedtuple does
    arguments = ", ".join(fields)
    namespace = {"_tuple_new": _tuple_new}
    trailing = "," if fields else ""
    source = f"def __new__(_cls, {arguments}):\n return _tuple_new(_cls, ({arguments}{trailing}))"
    exec(source, namespace)
    new = namespace["__new__"]
    new.__defaults__, new.__qualname__ = defaults, f"{typename}.__new__"
    return new


class Record(tuple):
    """The shared base: a subclass names its `fields` (and the `defaults` of the last ones)."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _field_defaults: dict = {}

    def __init_subclass__(cls, fields: str | None = None, defaults: tuple = (), **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if fields is None:  # a subclass of a record: the same fields
            return
        names = tuple(fields.split())
        if len(set(names)) != len(names) or len(defaults) > len(names) or not all(
                name.isidentifier() and not name.startswith("_") for name in names):
            raise TypeError(f"bad record fields for {cls.__name__}: {fields!r}")
        defaults = tuple(defaults)
        cls.__new__ = staticmethod(_constructor(cls.__name__, names, defaults or None))
        cls._fields = cls.__match_args__ = names
        cls._field_defaults = dict(zip(names[len(names) - len(defaults):], defaults, strict=True))
        for index, name in enumerate(names):
            setattr(cls, name, _tuplegetter(index, None))

    @classmethod
    def _make(cls, iterable):
        result = _tuple_new(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **changes):
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return result

    def _asdict(self) -> dict:
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)) + ")"

    def __getnewargs__(self) -> tuple:
        return tuple(self)
