"""Writes `agentsh/regex_table.py`, the compiled regular expressions `agentsh.fastre` serves
without importing `re` (issue 16). Run by `install.sh` after the package is installed:

    python -m agentsh.commands.regexes [PACKAGE_DIR]

It checks the shapes of command agents run most through the shell's full path and Claude Code's
hook in this process, as an agent would, under a temporary home, recording each pattern `re`
compiles on the way;
then, for each, the arguments `re`'s compiler hands to `_sre`, kept only when the pattern built
from them is equal to `re.compile`'s (`Pattern.__eq__` compares the program). Anything
unexpected (another Python's `re` internals) writes no table:
agentsh then imports `re` as usual."""

from __future__ import annotations

import os
import sys
import tempfile

# the shapes of command agents run most (`shared/agent-commands`): the table holds what these
# compile through the shell's full path; any other pattern comes from `re` itself
EVERYDAY = (
    "echo $(true)", "cd /tmp && ls | grep x > out.txt", 'psql -c "select 1"',
    'python3 -c "print(1)"', "git status && git diff", "git log --oneline -5", "ls -la", "echo (",
    "git add -A && git commit -m 'x'", "git push origin main", "npm test 2>&1 | tail -20",
    "npm install", "npx tsc --noEmit", "pytest -x -q tests/", "python3 -m pytest -k x",
    "curl -s https://example.com | head", "find . -name '*.py' | xargs grep -n TODO",
    "for f in *.txt; do cat \"$f\"; done", "rm -rf build dist", "mkdir -p out && cp a.txt out/",
    "sed -i 's/a/b/' file.txt", "cat file.txt | wc -l", "grep -rn 'foo' src/ | head -50",
    "docker ps -a", "kubectl get pods -n dev", "make -j4 2>&1 | tail", "cargo build --release",
    "go test ./...", "export X=1; echo $X", "cat > out.txt <<'EOF'\nhello\nEOF",
    "python3 script.py --flag value", "node index.js", "ls ~/.config", "which python3",
    "chmod +x run.sh && ./run.sh", "tar -czf a.tgz dir/", "pip install -r requirements.txt",
)


def examples() -> list[str]:
    return list(EVERYDAY)


def record(texts: list[str]) -> set[tuple[str, int]]:
    """(pattern, flags) of every pattern (str or bytes) `re` compiles while the shell checks `texts`."""
    import re

    seen: set[tuple[str, int]] = set()
    original = re._compile

    def recording(pattern, flags):
        if type(pattern) in (str, bytes):
            seen.add((pattern, int(flags)))
        return original(pattern, flags)

    re._compile = recording
    try:
        _check_all(texts)
    finally:
        re._compile = original
    # and the module-level patterns of modules imported before (`json` ...): `re`'s own cache
    for cache in (getattr(re, "_cache", {}), getattr(re, "_cache2", {})):
        seen.update((key[1], int(key[2])) for key in list(cache)
                    if len(key) == 3 and key[0] in (str, bytes) and isinstance(key[2], int))
    return seen


class _Ran(Exception):
    pass


def _check_all(texts: list[str]) -> None:
    from agentsh.frontends import shell

    def no_exec(*args, **kwargs):
        raise _Ran

    home = tempfile.mkdtemp(prefix="agentsh-regexes-")
    saved_env, saved_exec, saved_err = dict(os.environ), shell.exec_bash, sys.stderr
    os.environ.clear()
    os.environ.update({"HOME": home, "PATH": "/usr/bin:/bin", "CLAUDECODE": "1",
                       "XDG_CACHE_HOME": os.path.join(home, ".cache"),
                       "XDG_STATE_HOME": os.path.join(home, ".state"),
                       "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                       # no person's approval console can be reached: nothing is asked
                       "XDG_RUNTIME_DIR": os.path.join(home, "run"),
                       "AGENTSH_RULES": os.path.join(home, "no-snapshots.toml")})
    os.mkdir(os.environ["XDG_RUNTIME_DIR"], 0o700)
    with open(os.environ["AGENTSH_RULES"], "w") as fh:  # nothing is copied: nothing runs
        fh.write("[settings.snapshots]\nenabled = false\n")
    cwd = os.getcwd()
    shell.exec_bash = no_exec
    try:
        os.chdir(home)
        with open(os.devnull, "w") as null:
            sys.stderr = null
            for text in texts:
                try:
                    shell.run(["agentsh", "-c", text])
                except (_Ran, Exception):
                    pass
                _hook(text, null)
    finally:
        sys.stderr = saved_err
        shell.exec_bash = saved_exec
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        import shutil

        shutil.rmtree(home, ignore_errors=True)


def _hook(text: str, null) -> None:
    """The same command as Claude Code's hook hands it over (the hooks read JSON)."""
    import io
    import json

    from agentsh.frontends import hooks

    payload = json.dumps({"session_id": "s", "hook_event_name": "PreToolUse", "tool_name": "Bash",
                          "tool_input": {"command": text}, "cwd": os.getcwd()}).encode()
    try:
        hooks.main(["claude-code"], stdin=io.BytesIO(payload), stdout=null, stderr=null)
    except Exception:
        pass


def entry_for(pattern: str, flags: int):
    """The arguments `re`'s compiler passes `_sre.compile` for this pattern, or None when the
    pattern built from them is not `re.compile`'s."""
    import _sre
    import array
    import re
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # the program as bytes: loading the table copies them (a tuple of ints is decoded int by int)
    entry = (int(flags | parsed.state.flags), array.array("I", map(int, code)).tobytes(),
             parsed.state.groups - 1, groupindex, tuple(indexgroup))
    built = _sre.compile(pattern, entry[0], memoryview(entry[1]).cast("I").tolist(), entry[2],
                         dict(entry[3]), entry[4])
    theirs = re.compile(pattern, flags)
    if built != theirs or built.groupindex != theirs.groupindex or built.flags != theirs.flags:
        return None
    return entry


def render(entries: dict) -> str:
    from agentsh import fastre

    lines = ['"""Generated by agentsh.commands.regexes at install time: compiled regular '
             'expressions\nfor agentsh.fastre, for the interpreter named in KEY. Do not edit."""',
             "", f"KEY = {fastre.table_key()!r}", "TABLE = {"]
    rows = sorted((((pattern, int(flags)), value) for (pattern, flags), value in entries.items()),
                  key=repr)
    lines += [f"    {key!r}: {value!r}," for key, value in rows]
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(folder: str) -> int:
    if "agentsh.fastre" in sys.modules and sys.modules.get("re") is sys.modules["agentsh.fastre"]:
        raise SystemExit("agentsh.commands.regexes: run it without the table in use")
    entries = {}
    for pattern, flags in sorted(record(examples()), key=repr):
        try:
            entry = entry_for(pattern, flags)
        except Exception:
            entry = None
        if entry is not None:
            entries[(pattern, flags)] = entry
    text = render(entries)
    path = os.path.join(folder, "regex_table.py")
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    import py_compile

    py_compile.compile(tmp, cfile=_cached(path), dfile=path, doraise=True)
    os.replace(tmp, path)
    return len(entries)


def _cached(path: str) -> str:
    import importlib.util

    return importlib.util.cache_from_source(path)


def main(args: list[str]) -> int:
    import agentsh

    folder = args[0] if args else os.path.dirname(os.path.abspath(agentsh.__file__))
    try:
        count = write(folder)
    except Exception as exc:  # no table: agentsh imports `re` as usual
        sys.stderr.write(f"agentsh: no regex table written ({type(exc).__name__}: {exc})\n")
        return 0
    sys.stderr.write(f"agentsh: {count} compiled regular expressions in {folder}/regex_table.py\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
