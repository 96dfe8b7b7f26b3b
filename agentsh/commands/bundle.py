"""Writes `agentsh/code_bundle.bin`, the precompiled modules `agentsh.bundle` serves (issue 16).
Run by `install.sh` after the package (and the regex table) is installed:

    python -I -m agentsh.commands.bundle [PACKAGE_DIR]

The modules are the ones agentsh imports while checking everyday commands through the shell's
full path and Claude Code's hook (`agentsh.commands.regexes.EVERYDAY`, in this process), so a new
module on that path is bundled with no change here. Each is compiled from its installed source
the way Python's own loader compiles it, and stored with the source's size and modification time,
which `agentsh.bundle` compares before serving it. Anything unexpected writes no bundle: agentsh
then imports as usual."""

from __future__ import annotations

import marshal
import os
import sys

from agentsh import bundle

# the generators themselves are never on a checked command's path
_NOT_BUNDLED = ("agentsh.commands.bundle", "agentsh.commands.regexes")


def modules_on_the_path() -> list[str]:
    """agentsh's modules that checking the everyday commands imports, the regex table too."""
    from agentsh.commands import regexes

    regexes._check_all(regexes.examples())
    names = {name for name in sys.modules if name == "agentsh" or name.startswith("agentsh.")}
    try:
        from agentsh import regex_table  # noqa: F401 (`fastre.install` loads it on the path)

        names.add("agentsh.regex_table")
    except ImportError:
        pass
    return sorted(names - set(_NOT_BUNDLED))


def entries(folder: str, names: list[str]) -> tuple[dict, bytes]:
    """The bundle's index and body for the modules among `names` whose source is a `.py` file in
    the package `folder` (the installed one)."""
    import importlib.util

    root = os.path.dirname(os.path.abspath(folder)) + os.sep
    index, chunks, offset = {}, [], 0
    for name in names:
        spec = sys.modules[name].__spec__
        origin = spec.origin if spec is not None else None
        if not origin or not origin.endswith(".py") or not origin.startswith(root):
            continue
        stat = os.stat(origin)
        with open(origin, "rb") as fh:
            source = fh.read()
        if len(source) != stat.st_size:
            continue  # changed while read: not bundled
        # exactly the call `importlib`'s SourceLoader.source_to_code makes for a `.pyc`
        code = compile(source, origin, "exec", dont_inherit=True, optimize=-1)
        cached = importlib.util.cache_from_source(origin)
        is_package = spec.submodule_search_locations is not None
        blob = marshal.dumps((origin[len(root):], cached[len(root):], is_package,
                              stat.st_mtime_ns, stat.st_size, code))
        index[name] = (offset, len(blob))  # the index is decoded whole at every start: small
        chunks.append(blob)
        offset += len(blob)
    return index, b"".join(chunks)


def write(folder: str, names: list[str] | None = None) -> int:
    """Write the bundle of `names` (the modules on the path) into the package `folder`."""
    index, body = entries(folder, modules_on_the_path() if names is None else names)
    head = marshal.dumps((bundle.bundle_key(), index))
    path = os.path.join(folder, bundle.FILE_NAME)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(len(head).to_bytes(4, "little") + head + body)
    os.replace(tmp, path)
    return len(index)


def main(args: list[str]) -> int:
    import agentsh

    folder = args[0] if args else os.path.dirname(os.path.abspath(agentsh.__file__))
    try:
        count = write(folder)
    except Exception as exc:  # no bundle: agentsh imports as usual
        sys.stderr.write(f"agentsh: no code bundle written ({type(exc).__name__}: {exc})\n")
        return 0
    sys.stderr.write(f"agentsh: {count} modules precompiled in {folder}/{bundle.FILE_NAME}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
