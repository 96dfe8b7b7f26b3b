"""The compiled-policy cache: building the policy reads and checks every TOML layer, so the
result is cached and the common path reads no TOML.

A cache is never trusted over its sources. It holds plain data (JSON: no pickle, nothing that can
run code or carry objects when read; see `policy.plain`), stamped with the path, size, sha256,
inode and change time of every file the policy was built from (every layer, every include, the
trust store). It is used only when every stamp still agrees and the data has the shape it should;
anything else, a missing, stale, forged or corrupt cache alike, is rebuilt from the sources. The
cache folder is under the SELF rules (`rules.toml`), so writing into it asks.

The file is JSON lines: the first holds the stamps and the policy with each rule's
[id, enabled, programs] in place of the rule, then one line per rule, in order. Loading decodes
the first line only; a rule's line is decoded (and checked, and compared with its index entry)
the first time a command reaches that rule, so a command pays for the rules of its own programs.
A rule line that turns out to be broken raises in the classifier, which asks (fail closed)."""

from __future__ import annotations

import os
import sys

from agentsh import __version__, locations
from agentsh.policy.values import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

CACHE_FORMAT = 9  # bump when the cached data changes shape (5: JSON lines, rules decoded lazily;
# 6: rules keep must_match; 7: program specs say whether options before a subcommand are own;
# 8: program specs, wrappers and layers' contributed lines on lines of their own after the rules,
# decoded when first used; 9: rules' env_none)


def _sha256():
    return locations.sha256()


stamp = locations.source_stamp
agrees = locations.source_agrees


def _quick(path: str) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (path, None)
    return (path, st.st_size, st.st_mtime_ns, st.st_ino)


def cache_path(cwd: str, env: dict[str, str], system: str) -> str:
    """Where the cache for these layers lives; the name changes with any layer's stat, so a
    stale cache is not even opened (the stamps inside decide whether it is used)."""
    base = [p for _, p in locations.layer_files(cwd, env, system)] + [locations.trust_file(env)]
    key = _sha256()(repr((CACHE_FORMAT, __version__, sys.version_info[:2],
                          [_quick(p) for p in base], env.get("AGENTSH_RULES", ""))).encode()
                    ).hexdigest()[:32]
    return os.path.join(locations.cache_home(env), "agentsh", f"policy-{key}.jsonl")


class _Strict:
    """The decoding options `json.loads` uses by default, as `_json.make_scanner` reads them."""

    strict = True
    object_hook = object_pairs_hook = None
    parse_float, parse_int, parse_constant = float, int, float  # NaN, Infinity, -Infinity


_scanner: list = []


def json_loads(data: bytes | str) -> object:
    """`json.loads` for the cache's lines, without importing the `json` package (its regexes
    cost about 5 M instructions before every command): the same C scanner `json` uses, with the
    same defaults. Raises ValueError on anything `json.loads` would reject."""
    if not _scanner:
        try:
            from _json import make_scanner
        except ImportError:  # an interpreter without the C accelerator
            import json

            _scanner.append(json.loads)
        else:
            scan = make_scanner(_Strict)

            def loads(data: bytes | str) -> object:
                text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
                text = text.strip(" \t\n\r")
                try:
                    value, end = scan(text, 0)
                except StopIteration:
                    raise ValueError("Expecting value") from None
                if end != len(text):
                    raise ValueError("Extra data")
                return value

            _scanner.append(loads)
    return _scanner[0](data)


class Lines:
    """The lines of the cache after its head, each cut out the first time it is read: what
    `bytes.split(b"\n")` gives (without the empty piece after the last newline), for the few a
    command reads. Splitting the whole file (about 400 KB, byte by byte) and copying every line
    cost about 1.6 M instructions before every checked command; finding the newlines is
    `memchr`'s work."""

    __slots__ = ("_data", "_ends")

    def __init__(self, data: bytes) -> None:
        self._data = data
        ends = []
        find = data.find
        at = find(b"\n")
        while at >= 0:
            ends.append(at)
            at = find(b"\n", at + 1)
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> bytes:
        ends = self._ends
        end = ends[i]  # IndexError past the end, as a list's
        if i < 0:
            i += len(ends)
        return self._data[ends[i - 1] + 1 if i else 0:end]


def read_cache(path: str) -> tuple[Policy, list[str]] | None:
    """The cached policy and its dependency paths, when every stamp agrees; else None."""
    from agentsh.policy.plain import from_plain

    try:
        with open(path, "rb") as fh:
            head, _, rest = fh.read().partition(b"\n")
        data = json_loads(head)
        if type(data) is not dict or data.get("format") != CACHE_FORMAT or \
                data.get("agentsh") != __version__:
            return None
        deps = data["deps"]
        if type(deps) is not list or not deps:
            return None
        if not all(agrees(dep) for dep in deps):
            return None
        if rest and not rest.endswith(b"\n"):
            return None
        return from_plain(data["policy"], Lines(rest), json_loads), [d[0] for d in deps]
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def write_cache(path: str, policy: Policy, deps: list[str]) -> None:
    import json

    from agentsh.policy.plain import plain_analyzers, rule_meta, to_plain

    plain = to_plain(policy, examples=False)
    rules = plain["rules"]
    plain["rules"] = [rule_meta(r) for r in rules]
    # program specs and wrappers: their names and aliases in the head, the rest on a line each
    programs, wrappers = plain["programs"], plain["wrappers"]
    plain["programs"], plain["wrappers"] = [p[:2] for p in programs], [w[:2] for w in wrappers]
    # each layer's contributed lines (only `agentsh rules` shows them): a line each, the last
    first = len(rules) + len(programs) + len(wrappers)
    contributed = [layer[3] for layer in plain["layers"]]
    plain["layers"] = [[*layer[:3], first + i, *layer[4:]] for i, layer in enumerate(plain["layers"])]
    head = {"format": CACHE_FORMAT, "agentsh": __version__, "deps": [stamp(d) for d in deps],
            "policy": plain}
    try:
        plain_analyzers(plain)  # checked here, not at every read (`plain.from_plain`)
        text = "".join(json.dumps(x, separators=(",", ":")) + "\n"
                       for x in [head, *rules, *programs, *wrappers, *contributed])
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        pass


def load_policy(cwd: str, env: dict[str, str], *, use_cache: bool = True,
                on_load: Callable[[Policy, list[str], bool], None] | None = None) -> Policy:
    """The policy in effect here. `on_load(policy, dependency paths, built)` runs whenever a
    policy is loaded from the cache (`built` False) or built (the engine writes the fast path's
    index with it)."""
    system = locations.system_rules(env)
    cache = cache_path(cwd, env, system)
    if use_cache:
        cached = read_cache(cache)
        if cached is not None:
            if on_load is not None:
                on_load(*cached, False)
            return cached[0]
    from pathlib import Path

    from agentsh.policy.build import build
    from agentsh.policy.trust import read_trust

    policy, dep_paths = build(cwd, env, system=Path(system), trust=read_trust(env))
    deps = [str(d) for d in dep_paths] + [locations.trust_file(env)]
    if use_cache and on_load is not None:
        on_load(policy, deps, True)
    if use_cache and not policy.errors:
        write_cache(cache, policy, deps)
    return policy
