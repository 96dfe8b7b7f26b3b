"""`agentsh rules check|test|show` and `agentsh trust`: the policy files, for people."""

from __future__ import annotations

import datetime
import hashlib
import os
import sys
from pathlib import Path

from agentsh.exitcodes import Exit
from agentsh.policy.build import build, builtin_path, find_project_file, layer_paths, load_file
from agentsh.policy.values import PolicyError


def main(name: str, args: list[str]) -> int:
    if name == "trust":
        return trust(args)
    if not args or args[0] not in ("check", "test", "show"):
        sys.stderr.write("usage: agentsh rules check [FILE] | test [FILE] | show\n")
        return Exit.USAGE
    env = dict(os.environ)
    cwd = os.getcwd()
    if args[0] == "show":
        return show(cwd, env)
    files = [Path(a) for a in args[1:]] or \
        [p for _, p in layer_paths(cwd, env, Path("/etc/agentsh/rules.toml"))]
    return check(files) if args[0] == "check" else test(files, cwd, env)


def check(files: list[Path]) -> int:
    from agentsh.policy.build import read_toml
    from agentsh.policy.schema import allow_rule_known

    known = {r["id"] for r in read_toml(builtin_path()).get("rule", [])}
    problems = 0
    for path in files:
        try:
            doc = load_file(path, need_examples=path.resolve() == builtin_path().resolve())
        except PolicyError as exc:
            sys.stdout.write(f"{exc}\n")
            problems += 1
            continue
        ids = known | {r["id"] for r in doc.get("rule", [])}
        today = datetime.date.today()
        for index, entry in enumerate(doc.get("allow", []) or [], start=1):
            prefix = entry.get("rule", "")
            if not allow_rule_known(prefix, ids):
                sys.stdout.write(f"{path}: allow #{index}: rule: no rule {prefix!r} exists; "
                                 "name a rule ID (like FS001) or the letters of one (like FS)\n")
                problems += 1
            expires = entry.get("expires")
            if isinstance(expires, datetime.datetime):
                expires = expires.date()
            if isinstance(expires, datetime.date) and expires < today:
                sys.stdout.write(f"{path}: allow #{index}: expires: expired on {expires}, so "
                                 "this entry never matches; remove it\n")
                problems += 1
        if not problems:
            sys.stdout.write(f"{path}: ok ({len(doc.get('rule', []))} rules)\n")
    return Exit.CONFIG if problems else Exit.OK


def test(files: list[Path], cwd: str, env: dict[str, str]) -> int:
    from agentsh.engine.selftest import run_examples

    failed = total = 0
    for path in files:
        try:
            doc = load_file(path, need_examples=False)
        except PolicyError as exc:
            sys.stdout.write(f"{exc}\n")
            failed += 1
            continue
        test_env = dict(env, AGENTSH_RULES=str(path), HOME=env.get("HOME", "/"))
        policy, _ = build(cwd if path.resolve() != builtin_path().resolve() else "/", test_env,
                          system=Path("/nonexistent"))
        if policy.errors:
            sys.stdout.write("\n".join(policy.errors) + "\n")
            return Exit.CONFIG
        own = {r["id"] for r in doc.get("rule", [])}
        results = [r for r in run_examples(policy) if r.rule in own]
        for result in results:
            total += 1
            if not result.ok:
                failed += 1
                sys.stdout.write(f"{path}: {result.describe()}\n")
        sys.stdout.write(f"{path}: {len(results)} examples, "
                         f"{sum(not r.ok for r in results)} failed\n")
    return Exit.CONFIG if failed else Exit.OK


def show(cwd: str, env: dict[str, str]) -> int:
    from agentsh.policy.trust import read_trust

    policy, _ = build(cwd, env, trust=read_trust(env))
    for number, layer in enumerate(policy.layers, start=1):
        state = "" if layer.trusted else " (untrusted: may only tighten)"
        sys.stdout.write(f"{number}. {layer.name}: {layer.path}{state}\n")
        if layer.error:
            sys.stdout.write(f"     error: {layer.error}\n")
        for line in layer.contributed[:40]:
            sys.stdout.write(f"     {line}\n")
        if len(layer.contributed) > 40:
            sys.stdout.write(f"     ... and {len(layer.contributed) - 40} more\n")
    active = sum(r.enabled for r in policy.rules)
    sys.stdout.write(f"{active} active rules, {len(policy.allows)} allow entries\n")
    for error in policy.errors:
        sys.stdout.write(f"error: {error}\n")
    return Exit.CONFIG if policy.errors else Exit.OK


def trust(args: list[str]) -> int:
    """Trust a project's rules file: its loosening parts apply until its content changes.
    Needs a person's keypress on a channel the agent cannot answer."""
    from agentsh.engine.model import Finding, Verdict
    from agentsh.gate import decide as gate
    from agentsh.policy.trust import read_trust, trust_path, write_trust
    from agentsh.policy.values import Decision, Severity

    env = dict(os.environ)
    revoke = "--revoke" in args
    paths = [a for a in args if a != "--revoke"]
    path = Path(paths[0]) if paths else find_project_file(os.getcwd(), env)
    if path is None or not path.is_file():
        sys.stderr.write("agentsh trust: no .agentsh/rules.toml here or above; name the file\n")
        return Exit.USAGE
    real = str(path.resolve())
    from agentsh import locations

    if locations.protected_root():
        return _trust_protected(real, path, revoke)
    store = read_trust(env)
    if revoke:
        store.pop(real, None)
        write_trust(trust_path(env), store)
        sys.stdout.write(f"agentsh: no longer trusting {real}\n")
        return Exit.OK
    data = path.read_bytes()
    try:
        load_file(path, need_examples=False)
    except PolicyError as exc:
        sys.stderr.write(f"{exc}\nagentsh trust: fix the file first\n")
        return Exit.CONFIG
    digest = hashlib.sha256(data).hexdigest()
    text = f"agentsh trust {real}"
    finding = Finding("TRUST", Severity.HIGH, Decision.CONFIRM,
                      f"let {real} (sha256 {digest[:16]}...) loosen agentsh's rules here",
                      (0, len(text)), text)
    answer = gate.ask(Verdict(text, Decision.CONFIRM, (finding,), True), 60, env)
    if not answer.approved:
        sys.stderr.write("agentsh trust: not trusted (a person must approve it on the terminal "
                         "or in `agentsh approve`)\n")
        return Exit.BLOCKED
    store[real] = digest
    write_trust(trust_path(env), store)
    sys.stdout.write(f"agentsh: trusting {real} as long as its content stays the same\n")
    return Exit.OK


def _trust_protected(real: str, path: Path, revoke: bool) -> int:
    """Protected mode: the service keeps the trust store; it asks a person (with a code) unless
    root asks."""
    from agentsh.gate import remote

    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        load_file(path, need_examples=False)
    except (OSError, PolicyError) as exc:
        sys.stderr.write(f"{exc}\nagentsh trust: fix the file first\n")
        return Exit.CONFIG
    sys.stderr.write("agentsh trust: approve it in `agentsh approve` with your code...\n")
    try:
        answer = remote.call({"type": "trust", "path": real, "text": text, "revoke": revoke},
                             timeout=400)
    except remote.Refused as exc:
        sys.stderr.write(f"agentsh trust: {exc}\n")
        return Exit.BLOCKED
    if answer.get("allow") is not True:
        sys.stderr.write(f"agentsh trust: not trusted ({answer.get('message')})\n")
        return Exit.BLOCKED
    sys.stdout.write(f"agentsh: {answer.get('message')}: {real}\n")
    return Exit.OK
