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
# what the compiled launcher imports before `bundle.install` (never served from the bundle)
_BEFORE = ("agentsh.cli", "agentsh.frontends.caller", "agentsh.frontends.fastpath", "agentsh.lean",
           "agentsh.bundle", "agentsh.fastre")
# stages of a checked command, each with the modules it imports first: every agentsh module a
# stage's imports bring (and no earlier stage's) goes into one group, decoded in one
# `marshal.loads` (a module's own costs about a quarter more: the names its code shares with
# the others' are made and interned again). The shell's own module; loading the policy and the
# audit log (the interactive shell imports both before its first prompt, which must decode no
# more: a group decoded for one module costs all of its modules' decoding); the classifier and
# the gate, with what every check imports on its way (the audit log's head, the state files,
# the socket checks); the grammar parser (not every text needs it).
STAGES = (("agentsh.frontends.shell",),
          ("agentsh.engine.runtime", "agentsh.policy.cache", "agentsh.policy.plain",
           "agentsh.engine.fastindex", "agentsh.gate.audit"),
          ("agentsh.engine.classify", "agentsh.gate.decide", "agentsh.gate.moves",
           "agentsh.gate.audit_head", "agentsh.gate.statefile", "agentsh.engine.domains.sockets"),
          ("agentsh.engine.parse.grammar_walk",))
# prints, in a fresh interpreter, the agentsh modules each stage's imports bring
_STAGE_IMPORTS = """
import json, sys
sys.path[:0] = [sys.argv[1]]
stages = json.loads(sys.argv[2])
ours = lambda: {n for n in sys.modules if n == "agentsh" or n.startswith("agentsh.")}
for name in stages[0]:
    __import__(name)
out = []
for stage in stages[1:]:
    before = ours()
    for name in stage:
        __import__(name)
    out.append(sorted(ours() - before))
print(json.dumps(out))
"""


def stage_groups(folder: str) -> list[list[str]]:
    """The modules each of `STAGES` imports, from the package in `folder` in a fresh
    interpreter; none when that fails (each module is then an entry of its own)."""
    import json
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-I", "-S", "-c", _STAGE_IMPORTS,
                               os.path.dirname(os.path.abspath(folder)),
                               json.dumps([_BEFORE, *STAGES])],
                              capture_output=True, text=True, timeout=120, check=True)
        groups = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return []
    return [g for g in groups if type(g) is list and all(type(n) is str for n in g)]


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


def entries(folder: str, names: list[str], groups: list[list[str]] = ()) -> tuple[dict, bytes]:
    """The bundle's index and body for the modules among `names` whose source is a `.py` file in
    the package `folder` (the installed one); the modules of each of `groups` (a module in one
    group at most) are one entry, and the index gives each its position in it."""
    import importlib.util

    root = os.path.dirname(os.path.abspath(folder)) + os.sep
    index, chunks, offset = {}, [], 0
    grouped: dict[str, tuple] = {}
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
        entry = (origin[len(root):], cached[len(root):], is_package, stat.st_mtime_ns,
                 stat.st_size, code)
        if any(name in group for group in groups):
            grouped[name] = entry
            continue
        blob = marshal.dumps(entry)
        index[name] = (offset, len(blob))  # the index is decoded whole at every start: small
        chunks.append(blob)
        offset += len(blob)
    for group in groups:
        members = [name for name in group if name in grouped and name not in index]
        if not members:
            continue
        blob = marshal.dumps(tuple(grouped[name] for name in members))
        for position, name in enumerate(members):
            index[name] = (offset, len(blob), position)
        chunks.append(blob)
        offset += len(blob)
    return index, b"".join(chunks)


def write(folder: str, names: list[str] | None = None,
          groups: list[list[str]] | None = None) -> int:
    """Write the bundle of `names` (the modules on the path) into the package `folder`, the
    modules of each of `groups` (by default, the stages' imports) decoded together."""
    index, body = entries(folder, modules_on_the_path() if names is None else names,
                          stage_groups(folder) if groups is None else groups)
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
