"""A dict whose copies share what they have in common: the variables of the dataflow pass's
states (`flowstate.State.vars`).

The pass keeps a state for every command it reads, and each state holds every variable assigned
before it: with a plain dict per state, a script of N assignments kept N dicts of up to N
entries (128 KiB of loops grew the process by 285 MiB). Here a map is a few frozen layers,
oldest first, shared by every copy, under a small dict of its own changes (`_top`, at most
`LIMIT` entries, copied with the map). When the top fills it becomes a layer, and layers merge
as a binary counter does (a layer is merged into the one below while that one is not at least
twice its size), so there are about log2(N) layers, a lookup reads at most that many dicts, and
N changes make O(N log N) entries in all, whatever number of copies keep them.

Layers are never changed once made. A removed name is `_GONE` in the layer or top that removed
it (dropped when merged into the bottom layer)."""

from __future__ import annotations

_GONE = object()


class Layered:
    __slots__ = ("_top", "_layers")

    LIMIT = 16  # entries of the top before it becomes a layer

    def __init__(self, items=()) -> None:
        self._top: dict = dict(items)
        self._layers: tuple = ()
        if len(self._top) > self.LIMIT:
            self._flush()

    # ------------------------------------------------------------ reading

    def _find(self, key):
        top = self._top
        if key in top:
            return top[key]
        layers = self._layers
        for i in range(len(layers) - 1, -1, -1):
            layer = layers[i]
            if key in layer:
                return layer[key]
        return _GONE

    def __contains__(self, key) -> bool:
        return self._find(key) is not _GONE

    def __getitem__(self, key):
        value = self._find(key)
        if value is _GONE:
            raise KeyError(key)
        return value

    def get(self, key, default=None):
        value = self._find(key)
        return default if value is _GONE else value

    def merged(self) -> dict:
        """A plain dict of the same entries (O(N): for walks over every name)."""
        out: dict = {}
        for layer in self._layers:
            out.update(layer)
        out.update(self._top)
        return {k: v for k, v in out.items() if v is not _GONE}

    def keys(self):
        return self.merged().keys()

    def values(self):
        return self.merged().values()

    def items(self):
        return self.merged().items()

    def __iter__(self):
        return iter(self.merged())

    def __len__(self) -> int:
        return len(self.merged())

    def __bool__(self) -> bool:
        return any(v is not _GONE for v in self._top.values()) or any(
            v is not _GONE for layer in self._layers for v in layer.values())

    def differing(self, other: Layered) -> set:
        """The names whose entries may differ between this map and `other`: those of the layers
        they do not share and of both tops (a superset of the names that differ)."""
        mine, theirs = self._layers, other._layers
        shared = 0
        while shared < len(mine) and shared < len(theirs) and mine[shared] is theirs[shared]:
            shared += 1
        out = set(self._top) | set(other._top)
        for layer in mine[shared:] + theirs[shared:]:
            out.update(layer)
        return out

    def __eq__(self, other) -> bool:
        if isinstance(other, Layered):
            return all(self._find(k) is other._find(k) or self._find(k) == other._find(k)
                       for k in self.differing(other))
        if isinstance(other, dict):
            return self.merged() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Layered({self.merged()!r})"

    # ------------------------------------------------------------ changing

    def copy(self) -> Layered:
        new = Layered.__new__(Layered)
        new._top = dict(self._top)
        new._layers = self._layers
        return new

    def __setitem__(self, key, value) -> None:
        self._top[key] = value
        if len(self._top) > self.LIMIT:
            self._flush()

    def __delitem__(self, key) -> None:
        if self._find(key) is _GONE:
            raise KeyError(key)
        self._remove(key)

    def pop(self, key, *default):
        value = self._find(key)
        if value is _GONE:
            if default:
                return default[0]
            raise KeyError(key)
        self._remove(key)
        return value

    def _remove(self, key) -> None:
        if any(key in layer for layer in self._layers):
            self[key] = _GONE
        else:
            del self._top[key]

    def _flush(self) -> None:
        layers = [*self._layers, self._top]
        self._top = {}
        while len(layers) > 1 and len(layers[-2]) < 2 * len(layers[-1]):
            newer = layers.pop()
            older = dict(layers.pop())
            older.update(newer)
            if not layers:  # the bottom layer: nothing under it to hide
                older = {k: v for k, v in older.items() if v is not _GONE}
            layers.append(older)
        self._layers = tuple(layers)
