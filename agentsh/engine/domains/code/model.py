"""What the code analyzer knows about values, and the effects it finds.

Values are what an expression evaluates to as far as the text shows: a string whose parts are
known or are *holes* (an environment variable, a fresh temporary path, the text of a file, or
something only known at run time), a list, a mapping, a constant, or a reference to a module or
an object the analyzer tracks (an HTTP session, a database connection, a cloud SDK client ...).
Effects are what the code does with them: requests, SQL, file deletion, shell commands, code it
runs. The language front-ends produce effects; `effects.py` turns them into facts and shell text.
"""

from __future__ import annotations

import re
from operator import itemgetter

NAME = re.compile(r"[^A-Za-z0-9_]+")


def record(name: str, fields: str, defaults: tuple = ()):
    """A tuple class with named, read-only fields: what `namedtuple` makes, at a fraction of its
    cost to build (this module loads for every command that runs an interpreter)."""
    names = tuple(fields.split())
    size = len(names)

    def __new__(cls, *args):
        if len(args) < size:
            args = args + defaults[len(defaults) - (size - len(args)):]
        return tuple.__new__(cls, args)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(
            f"{k}={v!r}" for k, v in zip(names, self, strict=False)) + ")"

    body: dict = {"__slots__": (), "__new__": __new__, "__repr__": __repr__, "_fields": names}
    body.update({field: property(itemgetter(i)) for i, field in enumerate(names)})
    return type(name, (tuple,), body)


class Hole(record("Hole", "kind name")):
    """Part of a string only known at run time. kind: 'env' (the variable `name`), 'temp' (a
    fresh temporary path), 'file' (text read from the file `name`) or 'unknown'."""

    __slots__ = ()

    kind: str
    name: str

    def shell(self) -> str:
        if self.kind == "env":
            return "${%s}" % self.name
        if self.kind == "temp":
            return "${TMPDIR}/agentsh-temp"
        name = NAME.sub("_", self.name).strip("_") or "VALUE"
        return "${%s}" % (name if not name[0].isdigit() else "V" + name)


class Text(record("Text", "parts")):
    """A string: a tuple of known pieces (str) and holes."""

    __slots__ = ()

    parts: tuple

    @property
    def literal(self) -> str | None:
        if all(isinstance(p, str) for p in self.parts):
            return "".join(self.parts)
        return None

    def holes(self) -> list[Hole]:
        return [p for p in self.parts if isinstance(p, Hole)]

    def files(self) -> list[str]:
        return [p.name for p in self.parts if isinstance(p, Hole) and p.kind == "file"]

    def starts_with_hole(self, kind: str | None = None) -> bool:
        first = next((p for p in self.parts if p != ""), "")
        return isinstance(first, Hole) and (kind is None or first.kind == kind)

    def display(self) -> str:
        return "".join(p if isinstance(p, str) else p.shell() for p in self.parts)

    def __add__(self, other):  # type: ignore[override]
        return Text(_merge(self.parts + other.parts))


def _merge(parts: tuple) -> tuple:
    out: list = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return tuple(out)


def text(value: str) -> Text:
    return Text((value,))


def hole(kind: str, name: str) -> Text:
    return Text((Hole(kind, name),))


def concat(*values) -> Text | None:
    """Strings joined, or None when one of them is not a string."""
    parts: tuple = ()
    for v in values:
        if not isinstance(v, Text):
            return None
        parts += v.parts
    return Text(_merge(parts))


class Seq(record("Seq", "items")):
    """A list or tuple."""

    __slots__ = ()

    items: tuple


class Obj(record("Obj", "items")):
    """A mapping with string keys, as ((key, value), ...)."""

    __slots__ = ()

    items: tuple

    def get(self, *keys: str):
        for k, v in self.items:
            if k in keys:
                return v
        return None


class Const(record("Const", "value")):
    """A number, a boolean or None."""

    __slots__ = ()

    value: object


class Ref(record("Ref", "kind name data", (None,))):
    """Something the analyzer tracks by what it is. kind: 'module' (name: a dotted path such as
    `shutil.rmtree`), 'path', 'file' (an open file: name is its path), 'http' (a session; data:
    base URL), 'conn' (http.client; data: base URL), 'request' (data: (method, url, body)), 'db'
    (data: True for a scratch database), 'sdk' (a cloud SDK object), 'func' (defined in the same
    code), 'unknown' (name: how it was written; data: a file path its value derives from)."""

    __slots__ = ()

    kind: str
    name: str
    data: object


def unknown(name: str = "VALUE", derived_from: str | None = None) -> Ref:
    return Ref("unknown", name, derived_from)


def file_source(value) -> str | None:
    """The file whose text this value was computed from, if any."""
    if isinstance(value, Text):
        files = value.files()
        return files[0] if files else None
    if isinstance(value, Ref) and value.kind == "unknown":
        return value.data  # type: ignore[return-value]
    return None


def literal(value) -> str | None:
    return value.literal if isinstance(value, Text) else None


UNKNOWN_METHOD = "?"


def method_of(value, default: str = "") -> str:
    """An HTTP method argument: its text, `default` when there is none, and `?` when there is
    one the folder cannot finish (`sys.argv[1]`, `atob(...)`, `process.env.M`): that may be
    DELETE (`http.method_unknown`), never "no method"."""
    if value is None or isinstance(value, Const) and value.value is None:
        return default
    lit = literal(value)
    return lit if lit is not None else UNKNOWN_METHOD


def strings_in(value, depth: int = 0):
    """Every string inside a value (lists and mappings included), for scanning."""
    if depth > 8:
        return
    if isinstance(value, Text):
        yield value
    elif isinstance(value, Seq):
        for item in value.items:
            yield from strings_in(item, depth + 1)
    elif isinstance(value, Obj):
        for _, item in value.items:
            yield from strings_in(item, depth + 1)


def to_json(value, depth: int = 0) -> str:
    """A value as JSON text; holes become `${NAME}` strings so the shape stays readable."""
    import json

    if depth > 20:
        return "null"
    if isinstance(value, Text):
        return json.dumps(value.display())
    if isinstance(value, Seq):
        return "[" + ", ".join(to_json(v, depth + 1) for v in value.items) + "]"
    if isinstance(value, Obj):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v, depth + 1)}"
                               for k, v in value.items) + "}"
    if isinstance(value, Const):
        try:
            return json.dumps(value.value)
        except (TypeError, ValueError):
            return "null"
    if isinstance(value, Ref) and value.kind == "unknown":
        return json.dumps("${%s}" % (NAME.sub("_", value.name).strip("_") or "VALUE"))
    return "null"


def from_json(data, depth: int = 0):
    """Parsed JSON (json.loads of a literal) as a value."""
    if depth > 20:
        return unknown()
    if isinstance(data, str):
        return text(data)
    if isinstance(data, list):
        return Seq(tuple(from_json(v, depth + 1) for v in data))
    if isinstance(data, dict):
        return Obj(tuple((str(k), from_json(v, depth + 1)) for k, v in data.items()))
    return Const(data)


# ------------------------------------------------------------------ effects


class Request(record("Request", "method url bodies call")):
    """An HTTP request: method ('' when unknown), URL (a Text or None), body values."""

    __slots__ = ()

    method: str
    url: object
    bodies: tuple
    call: str


class Sql(record("Sql", "text call")):
    """A SQL string handed to a database driver."""

    __slots__ = ()

    text: str
    call: str


class Store(record("Store", "label detail target", ("",))):
    """A document or key-value store's destructive call, or an ORM call that empties a table:
    `label` is the fact label the store's rules match (`mongo.drop`, `redis.flush` ...)."""

    __slots__ = ()

    label: str
    detail: str
    target: str


class Cloud(record("Cloud", "call target")):
    """A cloud SDK call whose name carries a destroy verb."""

    __slots__ = ()

    call: str
    target: str


class Delete(record("Delete", "target recursive call")):
    """File deletion: the target path value; recursive for a whole tree."""

    __slots__ = ()

    target: object
    recursive: bool
    call: str


class Shell(record("Shell", "command call")):
    """A command run through a shell or exec: shell text with holes as `${NAME}`, or None when
    the command itself is only known at run time."""

    __slots__ = ()

    command: str | None
    call: str


class Exec(record("Exec", "path call")):
    """Code run from a file (`exec(open(F).read())`, `runpy.run_path(F)`), or None when the code
    is only known at run time."""

    __slots__ = ()

    path: str | None
    call: str


class Unparsed(record("Unparsed", "reason")):
    """Code that cannot be parsed and holds words that could do harm."""

    __slots__ = ()

    reason: str
