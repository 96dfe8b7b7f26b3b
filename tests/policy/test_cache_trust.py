"""Caches are never trusted over their sources (issue 12, item 1): no pickle anywhere, a cache is
plain data stamped with every source file, and a forged, empty or stale cache or fast-path index
is rebuilt rather than believed. Each attack is run as the agent would: no terminal, agent
markers set, the victim under a temporary home."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import pytest

from agentsh import locations
from agentsh.engine import fastindex
from agentsh.policy import cache, plain
from tests.conftest import without_snapshots

ROOT = Path(__file__).resolve().parents[2]
# SELF protection by effect (the working directory after `cd`, every writer) is engineer flow's
# part of issue 12; these cases pass once it lands, and then this marker must go


def agent_run(agentsh_bin, command: str, env, cwd):
    return subprocess.run([agentsh_bin, "-c", command], env={**env, "CLAUDECODE": "1"}, cwd=cwd,
                          capture_output=True, text=True, timeout=30, start_new_session=True,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def victim(tmp_path) -> Path:
    v = tmp_path / "victim"
    v.mkdir()
    (v / "data").write_text("precious")
    return v


class RunsCode:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


# the precompiled code bundle (issue 16) is written at install time into the package's own folder
# and read from there only, as Python reads the `.pyc` files beside it: never a cache
BUNDLE_MODULES = {"bundle.py", "commands/bundle.py"}


def test_no_module_reads_pickle_or_marshal() -> None:
    for path in (ROOT / "agentsh").rglob("*.py"):
        text = path.read_text()
        assert "import pickle" not in text, path
        if path.relative_to(ROOT / "agentsh").as_posix() not in BUNDLE_MODULES:
            assert "import marshal" not in text, path



def test_a_planted_pickle_runs_nothing_and_changes_nothing(agentsh_bin, env, home, tmp_path,
                                                           victim) -> None:
    env = without_snapshots(env, home)  # rm -rf must ask, not run after a snapshot
    agent_run(agentsh_bin, "true", env, tmp_path)  # builds the real caches
    folder = home / ".cache" / "agentsh"
    marker = tmp_path / "code-ran"
    for old in list(folder.iterdir()):
        evil = pickle.dumps(([], RunsCode(marker)))
        old.write_bytes(evil)  # every cache file, whatever its name, now holds a pickle
        old.with_name(old.stem + ".pickle").write_bytes(evil)
    result = agent_run(agentsh_bin, "rm -rf victim", env, tmp_path)
    assert result.returncode == 126 and victim.exists()
    assert not marker.exists()


def test_an_index_that_names_no_programs_is_not_used(agentsh_bin, env, home, tmp_path,
                                                     victim) -> None:
    env = without_snapshots(env, home)  # rm -rf must ask, not run after a snapshot
    agent_run(agentsh_bin, "true", env, tmp_path)
    (index,) = (home / ".cache" / "agentsh").glob("fast-*.index")
    text = index.read_text()
    index.write_text(text.split("programs\n")[0] + "programs\n")  # valid stamps, no programs
    assert fastindex.load_index(str(tmp_path), env) is None
    result = agent_run(agentsh_bin, "rm -rf victim", env, tmp_path)
    assert result.returncode == 126 and victim.exists()


@pytest.mark.parametrize("content", ["", "\n", "agentsh-fast-index 3\nprograms\n", "garbage\0",
                                     "agentsh-fast-index 3\nbash\t/bin/bash\nsyslog\t0\nprograms\nls\n"])
def test_a_forged_index_is_not_used(agentsh_bin, env, home, tmp_path, victim, content) -> None:
    env = without_snapshots(env, home)  # rm -rf must ask, not run after a snapshot
    path = Path(locations.fast_index_path(str(tmp_path), env))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    result = agent_run(agentsh_bin, "rm -rf victim", env, tmp_path)
    assert result.returncode == 126 and victim.exists()


def test_a_cache_with_no_rules_is_rebuilt(agentsh_bin, env, home, tmp_path, victim) -> None:
    env = without_snapshots(env, home)  # rm -rf must ask, not run after a snapshot
    import json

    agent_run(agentsh_bin, "true", env, tmp_path)
    (path,) = (home / ".cache" / "agentsh").glob("policy-*.jsonl")
    data = json.loads(path.read_text().split("\n")[0])
    data["policy"]["rules"] = []  # the stamps still agree with every source
    path.write_text(json.dumps(data) + "\n")
    for index in (home / ".cache" / "agentsh").glob("fast-*.index"):
        index.unlink()
    result = agent_run(agentsh_bin, "rm -rf victim", env, tmp_path)
    assert result.returncode == 126 and victim.exists()


def test_a_source_changed_behind_the_caches_back_is_noticed(agentsh_bin, env, home,
                                                             tmp_path) -> None:
    """Same size, same modification time, different content: the stamps' sha256 (and change
    time) disagree, so the cache is rebuilt and the new content decides."""
    user = home / ".config" / "agentsh" / "rules.toml"
    user.parent.mkdir(parents=True)
    rule = ('[[rule]]\nid = "USR001"\ndomain = "project"\nseverity = "{sev}"\n'
            'message = "no make deploy"\nprogram = ["make"]\nargs_any = ["^deploy$"]\n')
    user.write_text(rule.format(sev="high"))
    assert agent_run(agentsh_bin, "make deploy", env, tmp_path).returncode == 126
    st = user.stat()
    user.write_text(rule.format(sev="low ").replace('"low "', '"low" '))
    os.utime(user, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert user.stat().st_size == st.st_size
    policy = cache.load_policy(str(tmp_path), env)
    assert policy.rule("USR001").severity.name == "LOW"


def test_plain_data_round_trips_every_field(builtin_policy, tmp_path) -> None:
    """Every field of every value survives the cache: a field added later and left out would
    silently change decisions for cached policies."""
    import datetime

    from agentsh.policy.values import (
        Allow,
        Decision,
        Layer,
        Regex,
        Settings,
        Severity,
        Snapshots,
    )

    odd = {"default": Decision.CONFIRM, "timeout": 7, "audit_log": "/x.jsonl", "syslog": True,
           "bash": "/opt/bash", "trusted_snapshots": ("~/s/*",), "approve_timeout": 9,
           "enforce": False, "scripts_by_path": True,
           "severity": ((Severity.LOW, Decision.DENY),),
           "snapshots": Snapshots(False, 3, 4, 5, 6, "/t")}
    assert set(odd) == set(Settings._fields), "give the new Settings field an unusual value here"
    policy = builtin_policy._replace(
        settings=Settings(**odd),
        allows=(Allow("FS001", Regex("^rm -rf x$"), "/tmp/*", datetime.date(2030, 1, 2), "why",
                      "user:/x", "rm -rf x"),),
        layers=(Layer("user", "/x", False, ("added FS900",), "an error"),))
    again = plain.from_plain(plain.to_plain(policy))
    assert list(again.rules) == list(policy.rules)
    assert policy.wrappers, "the built-in policy has wrappers to carry"
    for field in ("settings", "allows", "programs", "analyzers", "layers", "errors", "wrappers"):
        assert getattr(again, field) == getattr(policy, field), field


@pytest.mark.parametrize("break_it", [
    lambda d: d.update(format=99), lambda d: d["rules"].append([1, 2]),
    lambda d: d["rules"][0].__setitem__(6, "yes"), lambda d: d.update(settings=[]),
    lambda d: d["analyzers"].append(["x", [1]]), lambda d: d.update(rules=[]),
], ids=["format", "short-rule", "enabled-not-bool", "settings", "analyzer-not-table", "no-rules"])
def test_plain_data_of_the_wrong_shape_is_refused(builtin_policy, break_it) -> None:
    data = plain.to_plain(builtin_policy)
    break_it(data)
    with pytest.raises((ValueError, KeyError, TypeError)):
        plain.from_plain(data)


@pytest.mark.parametrize("command", [
    "cp empty.index ~/.cache/agentsh/fast-0badc0de.index",
    "printf '' > ~/.cache/agentsh/fast-0badc0de.index",
    "cp evil.json $HOME/.cache/agentsh/policy-1.json",
    "rm -rf ~/.cache/agentsh",
    "cd ~/.cache/agentsh && cp /tmp/evil.json policy-1.json",
])
def test_writing_into_the_cache_folder_asks(agentsh_bin, env, home, tmp_path, command) -> None:
    (home / ".cache" / "agentsh").mkdir(parents=True, exist_ok=True)
    result = subprocess.run([agentsh_bin, "check", "--json", "--", command], env=env,
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0 and '"SELF' in result.stdout, result.stdout


@pytest.mark.parametrize("text", [
    b'{"a":[1,2.5,-3e2,true,false,null,"x\\u00e9\\n"],"b":{}}', b' [] ', b'"\\ud800"', b"NaN",
    '{"\u00e9":1}'.encode(), b"-Infinity",
], ids=["nested", "spaces", "lone-surrogate", "nan", "utf-8", "infinity"])
def test_the_cache_reader_decodes_as_json_does(text) -> None:
    """The cache's lines are read with `_json`'s scanner alone (no `json` package, whose
    regexes cost before every command): the same values as `json.loads`."""
    import json
    import math

    from agentsh.policy.cache import json_loads

    got, want = json_loads(text), json.loads(text)
    assert repr(got) == repr(want) or (isinstance(got, float) and math.isnan(got))


@pytest.mark.parametrize("text", [
    b"", b"{", b'{"a":1}x', b'{"a":1} {}', b"[1,]", b"\xff", b"{'a':1}", b'"\x01"', b"01",
], ids=["empty", "open", "trailing", "two", "comma", "not-utf8", "quotes", "control", "octal"])
def test_the_cache_reader_rejects_what_json_rejects(text) -> None:
    """Whatever `json.loads` rejects raises ValueError, so a corrupt cache is rebuilt."""
    import json

    from agentsh.policy.cache import json_loads

    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        json_loads(text)


def test_analyzer_parameters_nested_too_deep_are_not_cached(builtin_policy, tmp_path) -> None:
    """A read takes the analyzer tables as JSON gives them (walking them all cost 4.5 M
    instructions before every command); that they are at most 8 deep is checked when the cache
    is written, so a policy whose are not is never read from a cache."""
    deep = {"x": [[[[[[[["nine levels"]]]]]]]]}
    fine = {"x": [[[[[[["eight levels"]]]]]]]}
    for name, params, cached in (("deep", deep, False), ("fine", fine, True)):
        policy = builtin_policy._replace(analyzers=(*builtin_policy.analyzers, (name, params)))
        path = tmp_path / f"{name}.jsonl"
        cache.write_cache(str(path), policy, [])
        assert path.exists() is cached, name


@pytest.mark.parametrize("forge", [
    lambda w: w.__setitem__(2, "not a list"),  # a field of the wrong type: found when used
    lambda w: w.__setitem__(0, 7),  # a name that is not the one indexed: found when used
    lambda w: w.__setitem__(1, [7]),  # aliases that are not the ones indexed: the same
    lambda w: w.pop(),  # a field missing: found when used
], ids=["field", "name", "alias", "short"])
def test_a_forged_wrapper_in_the_cache_asks(agentsh_bin, env, home, tmp_path, victim,
                                            forge) -> None:
    """Program specs and wrappers read from the cache are decoded and built, each from its own
    line, when a command first reaches them (only their names and aliases, in the first line,
    are checked when it is read): a forged one raises there, and the command asks; never
    allowed."""
    import json

    env = without_snapshots(env, home)
    agent_run(agentsh_bin, "true", env, tmp_path)
    folder = home / ".cache" / "agentsh"
    (path,) = folder.glob("policy-*.jsonl")
    lines = path.read_text().split("\n")
    policy = json.loads(lines[0])["policy"]
    (at,) = [i for i, w in enumerate(policy["wrappers"]) if w[0] == "nice"]
    at += 1 + len(policy["rules"]) + len(policy["programs"])
    nice = json.loads(lines[at])
    assert nice[0] == "nice"
    forge(nice)
    lines[at] = json.dumps(nice, separators=(",", ":"))
    path.write_text("\n".join(lines))
    for index in folder.glob("fast-*.index"):
        index.unlink()
    result = agent_run(agentsh_bin, "nice rm -rf victim", env, tmp_path)
    assert result.returncode == 126 and (victim / "data").exists()


def test_the_cache_gives_back_every_spec_wrapper_and_layer(builtin_policy, tmp_path) -> None:
    """Specs, wrappers and the layers' contributed lines are on lines of their own, decoded
    when first used: what they decode to is what was written."""
    source = tmp_path / "rules.toml"
    source.write_text("# a dependency\n")
    path = tmp_path / "policy.jsonl"
    cache.write_cache(str(path), builtin_policy, [str(source)])
    policy, deps = cache.read_cache(str(path))
    assert deps == [str(source)]
    assert list(policy.programs) == list(builtin_policy.programs)
    assert list(policy.wrappers) == list(builtin_policy.wrappers)
    assert [tuple(x.contributed) for x in policy.layers] == \
        [tuple(x.contributed) for x in builtin_policy.layers]
    assert any(len(x.contributed) > 10 for x in policy.layers)
    assert [x._replace(contributed=()) for x in policy.layers] == \
        [x._replace(contributed=()) for x in builtin_policy.layers]


@pytest.mark.parametrize("data", [b"", b"a\n", b"a\nbb\n\nc\n", b"\n\n", b"[1]\n[\"x\\ny\"]\n"],
                         ids=["empty", "one", "several-with-empty", "only-newlines", "json"])
def test_the_caches_lines_are_what_splitting_gives_cut_out_when_read(data) -> None:
    """`cache.Lines` (the rule, spec and wrapper lines after the head, cut out as they are read
    instead of splitting the whole file before every command) reads as the split list does."""
    from agentsh.policy.cache import Lines

    lines, split = Lines(data), data.split(b"\n")[:-1]
    assert len(lines) == len(split)
    assert [lines[i] for i in range(len(split))] == split
    assert [lines[-i] for i in range(1, len(split) + 1)] == [split[-i] for i in
                                                             range(1, len(split) + 1)]
    with pytest.raises(IndexError):
        lines[len(split)]
