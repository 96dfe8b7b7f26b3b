"""Start-up cost of `agentsh -c` (issue 16): what a checked command imports and builds before
bash runs. Each check runs the installed agentsh as the compiled launcher does (`python -I -S`),
up to the exec of bash, under a temporary home, and looks at the modules it imported; the policy
cache's lazy parts are checked for failing closed when they are forged."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from agentsh.engine.lazyre import LazyPattern, later
from agentsh.lean import CHECK_YOUNG
from tests.conftest import without_snapshots

# `agentsh -c TEXT` up to (not including) the exec of bash; prints the modules then imported
_UP_TO_EXEC = """
import os, sys
sys.path[:0] = [sys.argv[1]]
def done(*args):
    import gc
    os.write(1, " ".join(sorted(sys.modules)).encode() + (b" gc-on" if gc.isenabled() else b"")
             + f" young-{gc.get_threshold()[0]}".encode())
    os._exit(0)
os.execve = done
sys.argv = ["agentsh", "-c", sys.argv[2]]
from agentsh.cli import entry
try:
    entry()
finally:
    os.write(1, " ".join(sorted(sys.modules)).encode())
"""

# what a command that needs none of them must not pay for (the policy cache is JSON, read with
# `_json`'s scanner alone: the `json` package compiles regexes at import)
NEVER_ON_THE_COMMON_PATH = {
    "urllib", "urllib.parse", "ipaddress", "shlex", "importlib", "warnings", "inspect",
    "typing", "dataclasses", "datetime", "tomllib", "hashlib", "sqlparse", "tree_sitter",
    "bashlex", "prompt_toolkit", "psutil", "subprocess", "agentsh.policy.build", "json",
    "json.decoder", "json.encoder",
    # `enum` (with `functools`, `collections`, `operator`, `types`) cost about 18 M instructions:
    # `lean.NamedInt` and `lean.lru_cache` stand in (`fnmatch` is imported with the latter)
    "enum", "functools", "collections", "operator", "types",
}
# what the fallback parsers' path (text bash rejects: tree-sitter, bashlex, the `bash -n` oracle)
# must not pay for either: bashlex's yacc gets `inspect` only to build tables it is given
NEVER_ON_THE_FALLBACK_PATH = {
    "inspect", "subprocess", "typing", "dataclasses", "json", "ast", "dis", "tokenize",
    "agentsh.policy.build", "prompt_toolkit", "psutil",
}


def modules_imported(text: str, env: dict[str, str], cwd: Path) -> set[str]:
    purelib = sysconfig.get_paths()["purelib"]
    done = subprocess.run([sys.executable, "-I", "-S", "-c", _UP_TO_EXEC, purelib, text],
                          env={**env, "CLAUDECODE": "1"}, cwd=cwd, capture_output=True,
                          text=True, timeout=60,
                          stdin=subprocess.DEVNULL, start_new_session=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("text", [
    "echo $(true)", "cd /tmp && ls | grep x > out.txt", "git status && git diff",
    "psql -c 'select 1'",
], ids=["substitution", "pipeline-redirect", "git-and", "psql"])
def test_a_checked_command_imports_nothing_it_does_not_need(agentsh_bin, env, tmp_path,
                                                            text) -> None:
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)  # the caches
    modules = modules_imported(text, env, tmp_path)
    assert "agentsh.engine.classify" in modules, "the full path was not taken"
    assert sorted(modules & NEVER_ON_THE_COMMON_PATH) == []
    assert "gc-on" in modules, "the collector paused for start-up was not resumed"
    assert f"young-{CHECK_YOUNG}" in modules, "the collector runs at every 700 objects"


@pytest.mark.parametrize("text", ["echo (", "ls; if then fi"], ids=["unclosed", "bad-if"])
def test_text_bash_rejects_imports_nothing_it_does_not_need(agentsh_bin, env, tmp_path,
                                                             text) -> None:
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)  # the caches
    modules = modules_imported(text, env, tmp_path)
    assert {"agentsh.engine.parse.bashlex_fallback", "bashlex.parser"} <= modules, \
        "the fallback was not taken"
    assert sorted(modules & NEVER_ON_THE_FALLBACK_PATH) == []


def test_the_fast_path_imports_no_regex_engine(agentsh_bin, env, tmp_path) -> None:
    """A plain command the fast path allows does not import `re` (with `enum` and `functools`,
    about 25 M instructions) to see that no `any_value` pattern matches it."""
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)  # the caches
    modules = modules_imported("ls -la src", env, tmp_path)
    assert "agentsh.frontends.fastpath" in modules and "agentsh.engine.classify" not in modules, \
        "the fast path was not taken"
    assert sorted(modules & {"re", "enum", "functools", "collections"}) == []


@pytest.mark.parametrize("text", ["echo $(true)", "git status && git diff"])
def test_with_the_installed_regex_table_no_pattern_is_compiled(agentsh_bin, env, tmp_path,
                                                               text) -> None:
    """`agentsh.fastre` serves the patterns everyday commands use from the table install.sh
    writes: the `re` package (its parser and compiler) is not imported at all."""
    if not (Path(sysconfig.get_paths()["purelib"]) / "agentsh" / "regex_table.py").exists():
        pytest.skip("no installed table (install.sh writes it; the reinstall script does not)")
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)  # the caches
    modules = modules_imported(text, env, tmp_path)
    assert "agentsh.engine.classify" in modules, "the full path was not taken"
    assert sorted(modules & {"re._compiler", "re._parser", "copyreg"}) == []


# the modules a plain git command never needs: the embedded-code reader (`git -c`, aliases,
# `rebase -x`), the CI reader (`git push`) and the other programs' effects (`find`, `sed`, ...)
NOT_FOR_PLAIN_GIT = {"agentsh.engine.embedded", "agentsh.engine.ci",
                     "agentsh.engine.effects.programs"}


@pytest.mark.parametrize("text", ["git status && git diff", "git commit -m x", "git log -p"])
def test_a_plain_git_command_loads_no_reader_it_cannot_need(agentsh_bin, env, tmp_path,
                                                            text) -> None:
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)  # the caches
    modules = modules_imported(text, env, tmp_path)
    assert {"agentsh.engine.classify", "agentsh.engine.effects.git"} <= modules, \
        "the full path and git's effects were not taken"
    assert sorted(modules & NOT_FOR_PLAIN_GIT) == []


@pytest.mark.parametrize("text, needs", [
    ("git push origin main", "agentsh.engine.ci"),
    ("git -c core.pager=less log", "agentsh.engine.embedded"),
    ("GIT_PAGER=less git log", "agentsh.engine.embedded"),
    ("git rebase -x 'make test' main", "agentsh.engine.embedded"),
    ("git st", "agentsh.engine.embedded"),  # not a builtin: an alias is read
    ("git apply x.patch", "agentsh.engine.effects.git"),
])
def test_git_commands_that_need_a_reader_load_it(agentsh_bin, env, tmp_path, text, needs) -> None:
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)
    assert needs in modules_imported(text, env, tmp_path)


# `agentsh hook claude-code` as the launcher runs it, the whole process; prints the modules
_HOOK = """
import os, sys
sys.path[:0] = [sys.argv[1]]
sys.argv = ["agentsh", "hook", "claude-code"]
from agentsh.cli import entry
try:
    entry()
finally:
    os.write(2, " ".join(sorted(sys.modules)).encode())
"""


def test_the_hook_takes_the_watched_programs_from_the_index_and_one_adapter(
        agentsh_bin, env, tmp_path) -> None:
    """Claude Code's hook seeds the watched programs from the fast path's index as `-c` does
    (`programs.watched`, which imports the program tables, is not derived again) and imports
    its own adapter only, not the other agents'."""
    import json

    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)  # the caches
    payload = json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash",
                          "session_id": "s", "tool_input": {"command": "ls -la | grep x"},
                          "cwd": str(tmp_path)})
    done = subprocess.run([sys.executable, "-I", "-S", "-c", _HOOK,
                           sysconfig.get_paths()["purelib"]], input=payload, env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          start_new_session=True)
    assert done.returncode == 0, done.stdout + done.stderr
    modules = set(done.stderr.split())
    assert "agentsh.engine.classify" in modules, "the hook did not check the command"
    # `programs.watched` imports the HTTP domain's tables to derive the set; nothing else on
    # this command's path does
    assert "agentsh.engine.domains.http" not in modules, "the watched programs were derived"
    assert not modules & {"shlex", "collections"}, "the hook imported what a payload of a " \
        "command string does not need (shlex and collections: about 7 M instructions)"
    adapters = {m for m in modules if m.startswith("agentsh.frontends.hooks.")}
    assert adapters == {"agentsh.frontends.hooks.claude_code", "agentsh.frontends.hooks.payload",
                        "agentsh.frontends.hooks.vscode"}  # Claude Code's adapter reads as VS
    # Code's does


def test_an_http_command_imports_what_it_needs(agentsh_bin, env, tmp_path) -> None:
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)
    modules = modules_imported("curl -X DELETE https://api.example.com/v1/x", env, tmp_path)
    assert "urllib.parse" in modules


def _agent(agentsh_bin, command: str, env, cwd):
    return subprocess.run([agentsh_bin, "-c", command], env={**env, "CLAUDECODE": "1"}, cwd=cwd,
                          capture_output=True, text=True, timeout=30, start_new_session=True,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("forge", [
    lambda lines: [lines[0]] + ["not json" for _ in lines[1:]],
    lambda lines: [lines[0], *reversed(lines[1:])],  # every rule under another's index entry
    lambda lines: [lines[0]] + ['["FS001"]' for _ in lines[1:]],
], ids=["garbage", "shuffled", "short"])
def test_forged_rule_lines_in_the_cache_ask(agentsh_bin, env, home, tmp_path, forge) -> None:
    """The cache's rule lines are decoded when a command first reaches them; a forged one (the
    stamps of every source still agree) raises there, and the command asks: never allowed."""
    env = without_snapshots(env, home)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "data").write_text("precious")
    _agent(agentsh_bin, "true", env, tmp_path)
    (path,) = (home / ".cache" / "agentsh").glob("policy-*.jsonl")
    lines = path.read_text().split("\n")[:-1]
    path.write_text("\n".join(forge(lines)) + "\n")
    for index in (home / ".cache" / "agentsh").glob("fast-*.index"):
        index.unlink()
    result = _agent(agentsh_bin, "rm -rf victim", env, tmp_path)
    assert result.returncode == 126 and (victim / "data").exists()


@pytest.mark.parametrize("forge", ["garbage", "shuffled", "renamed"])
@pytest.mark.parametrize("text", ["git status", "timeout 5 ls"], ids=["spec", "wrapper"])
def test_forged_spec_and_wrapper_lines_in_the_cache_ask(agentsh_bin, env, home, tmp_path, forge,
                                                        text) -> None:
    """Program specs and wrappers are on lines of their own after the rules, decoded when a
    command first reaches them; a forged one raises there, and the command (allowed with the
    true cache) asks: never read with another program's spec."""
    import json

    assert _agent(agentsh_bin, text, env, tmp_path).returncode != 126  # ran
    (path,) = (home / ".cache" / "agentsh").glob("policy-*.jsonl")
    lines = path.read_text().split("\n")[:-1]
    head = json.loads(lines[0])["policy"]
    first, count = 1 + len(head["rules"]), len(head["programs"]) + len(head["wrappers"])
    assert len(lines) == first + count + len(head["layers"])
    assert {"git", "timeout"} <= {n for n, _ in head["programs"] + head["wrappers"]}
    entries = lines[first:first + count]
    if forge == "garbage":
        entries = ["not json"] * len(entries)
    elif forge == "shuffled":
        entries = entries[1:] + entries[:1]  # every entry under another's name
    else:  # each entry's own data, under the name and aliases of the entry after it
        entries = [json.dumps(json.loads(entries[(i + 1) % len(entries)])[:2] +
                              json.loads(e)[2:]) for i, e in enumerate(entries)]
    path.write_text("\n".join(lines[:first] + entries + lines[first + count:]) + "\n")
    for index in (home / ".cache" / "agentsh").glob("fast-*.index"):
        index.unlink()
    assert _agent(agentsh_bin, text, env, tmp_path).returncode == 126


def test_a_deleted_fast_path_index_is_written_again(agentsh_bin, env, home, tmp_path) -> None:
    """After a cache hit the index is not read again, but a missing one is still rewritten."""
    _agent(agentsh_bin, "true", env, tmp_path)
    folder = home / ".cache" / "agentsh"
    (index,) = folder.glob("fast-*.index")
    index.unlink()
    _agent(agentsh_bin, "echo $(true)", env, tmp_path)  # the full path, from the cache
    assert list(folder.glob("fast-*.index")) == [index]


def test_a_lazy_pattern_is_the_compiled_pattern_once_used() -> None:
    pattern = later(r"^(\w+)=(.*)$")
    assert isinstance(pattern, LazyPattern) and "search" not in vars(pattern)
    assert pattern.match("a=b").groups() == ("a", "b")
    assert "search" in vars(pattern)  # compiled now: its methods are the pattern's own
    assert pattern.sub(r"\2", "x=y") == "y" and pattern.fullmatch("nope") is None
    assert pattern.groups == 2 and pattern.pattern == r"^(\w+)=(.*)$"
