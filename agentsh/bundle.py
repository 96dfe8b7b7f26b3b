"""Agentsh's own modules from one precompiled file, without the import system's search (issue 16).

Importing a module through Python's path finder costs about 0.28 M instructions beyond its body
(finding the folder's finder, the `stat`s, the `.pyc`'s read and checks, the module attributes):
`agentsh -c` on the parser path imports about 70 of agentsh's modules, so about 20 M, more than
what the path's remaining budget allows. `install.sh` runs `agentsh.commands.bundle`, which checks
everyday commands in-process as the shell and Claude Code's hook do, and writes `code_bundle.bin`
into the installed package beside the code (never in a cache a user writes): the compiled code of
every agentsh module those commands imported, each with its source file's size and modification
time. `install()` (called by `cli.entry` once the fast path has declined) reads its index, keeps
it open to read each entry when it is first imported (`os.pread`), and
puts a finder first on `sys.meta_path` that answers for exactly those modules:

- a module whose source file is not the one the bundle was made from (another size or
  modification time, as Python itself checks a `.pyc`, or a missing file) is not served: the
  normal import reads it;
- a bundle written by another interpreter (its version, bytecode magic number, `-O` level), of
  another format, unreadable or damaged, is not used at all, and an entry that does not decode
  is not served: normal imports, as before;
- the modules a stage of checking imports together (loading the policy; the classifier and the
  gate) are one entry, decoded in one `marshal.loads` the first time one of them is imported:
  separately, each module's names shared with the others are made and interned again (about
  2.6 M instructions more on `agentsh -c 'echo $(true)'`); each is still checked and served
  on its own, as above;
- a module imported from the bundle is the same module the normal import makes: the same
  `__name__`, `__file__`, `__cached__`, `__path__` for packages, `__spec__.origin`, and code
  compiled from the same source by the same `compile` call Python's own loader makes.

Marshal is read here only: from the package's own folder, which has the owner and the
protection of the code itself (as the `.pyc` files Python reads beside it), never from a cache or
any place a user's tools write (issue 12's rule for caches)."""

from __future__ import annotations

import marshal
import os
import sys

FILE_NAME = "code_bundle.bin"
FORMAT = 3  # 2: an entry's paths and stamps in its own data, the index only names; 3: groups
_ENTRIES: dict = {}
_GROUPS: dict = {}  # a group's offset -> its decoded entries, until each is served
_BODY = [-1, 0]  # the open bundle's descriptor and where its compiled entries start
_ROOT = [""]  # the folder that holds the bundled package (entries' paths are relative to it)


def bundle_key() -> tuple:
    """What a bundle must have been written for: this interpreter, its bytecode and `-O`."""
    return (FORMAT, sys.version, sys.implementation.cache_tag,
            sys.modules["_frozen_importlib_external"].MAGIC_NUMBER, sys.flags.optimize)


def install(path: str | None = None) -> bool:
    """Serve the bundled modules when the installed bundle (or the one at `path`, in a package
    folder) fits this interpreter; False (and normal imports) otherwise."""
    if _Finder in sys.meta_path:
        return False
    path = path or os.path.join(os.path.dirname(os.path.abspath(__file__)), FILE_NAME)
    fd = -1
    try:
        # only the index now, each entry when it is imported: a command imports about a third
        # of the file, and reading all of it (3.5 MB) cost about 2 ms of wall clock per start
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        size = int.from_bytes(os.pread(fd, 4, 0), "little")
        data = os.pread(fd, size, 4)
        if len(data) != size:
            raise ValueError("short bundle")
        key, index = marshal.loads(data)
        if key != bundle_key() or type(index) is not dict:
            os.close(fd)
            return False
    except Exception:  # missing, unreadable, another format: normal imports
        if fd >= 0:
            os.close(fd)
        return False
    _ENTRIES.clear()
    _ENTRIES.update(index)
    _GROUPS.clear()
    _ROOT[0] = os.path.dirname(os.path.dirname(path)) + os.sep
    if _BODY[0] >= 0:
        os.close(_BODY[0])
    _BODY[0], _BODY[1] = fd, 4 + size  # the descriptor stays open (not inherited by bash)
    sys.meta_path.insert(0, _Finder)
    return True


def _read(start: int, length: int) -> bytes:
    """`length` bytes of the compiled entries from `start` (a short read: a damaged bundle)."""
    data = os.pread(_BODY[0], length, _BODY[1] + start)
    if len(data) != length:
        raise ValueError("short bundle entry")
    return data


_CODE = type(install.__code__)


def uninstall() -> None:
    """Back to normal imports for modules not imported yet (tests)."""
    while _Finder in sys.meta_path:
        sys.meta_path.remove(_Finder)
    _ENTRIES.clear()
    _GROUPS.clear()
    if _BODY[0] >= 0:
        os.close(_BODY[0])
        _BODY[0] = -1


def _entry(found: tuple) -> tuple:
    """A module's entry: (start, length) is its own marshal data; (start, length, position) is
    its place in a group's, decoded whole the first time one of its modules is imported."""
    start, length = found[0], found[1]
    if len(found) == 2:
        return marshal.loads(_read(start, length))
    group = _GROUPS.get(start)
    if group is None:
        group = _GROUPS[start] = list(marshal.loads(_read(start, length)))
    entry, group[found[2]] = group[found[2]], None  # served once: not kept once served
    return entry


class _Finder:
    """The meta-path finder and loader of the bundled modules."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        found = _ENTRIES.pop(name, None)  # served once; a re-import finds the normal way
        if found is None:
            return None
        try:
            relpath, cached, is_package, mtime_ns, size, code = _entry(found)
            origin = _ROOT[0] + relpath
            stat = os.stat(origin)
            if stat.st_mtime_ns != mtime_ns or stat.st_size != size:
                return None  # the source changed since the bundle was made
            if type(code) is not _CODE:
                return None
        except Exception:  # a damaged entry or a missing source: the normal import
            return None
        spec = sys.modules["_frozen_importlib"].ModuleSpec(name, _Finder, origin=origin,
                                                          is_package=is_package)
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        spec.has_location = True
        spec.cached = _ROOT[0] + cached
        spec.loader_state = code
        return spec

    @staticmethod
    def create_module(spec):
        return None

    @staticmethod
    def exec_module(module) -> None:
        exec(module.__spec__.loader_state, module.__dict__)

    # what `runpy`, `inspect` and `linecache` may ask a loader
    @staticmethod
    def get_filename(name: str) -> str:
        return sys.modules[name].__spec__.origin

    @staticmethod
    def is_package(name: str) -> bool:
        return sys.modules[name].__spec__.submodule_search_locations is not None

    @staticmethod
    def get_code(name: str):
        return sys.modules[name].__spec__.loader_state

    @staticmethod
    def get_source(name: str) -> str:
        with open(sys.modules[name].__spec__.origin, encoding="utf-8") as fh:
            return fh.read()
