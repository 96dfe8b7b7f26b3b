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


def with_includes(files: list[Path]) -> list[Path]:
    """The files and every team file they include (`include = [...]`, relative to the file that
    names it), each once, an included file right after the file that includes it."""
    from agentsh.policy.build import read_toml

    out: list[Path] = []
    seen: set[Path] = set()

    def visit(path: Path) -> None:
        real = path.resolve()
        if real in seen:
            return
        seen.add(real)
        out.append(path)
        try:
            includes = read_toml(path).get("include") or []
        except (PolicyError, OSError):
            return  # check() reports it
        for inc in includes if isinstance(includes, list) else []:
            if isinstance(inc, str):
                visit(Path(inc).expanduser() if inc.startswith(("/", "~"))
                      else path.parent / inc)

    for path in files:
        visit(path)
    return out


def check(files: list[Path]) -> int:
    from agentsh.policy.build import read_toml
    from agentsh.policy.schema import allow_rule_known

    known = {r["id"] for r in read_toml(builtin_path()).get("rule", [])}
    problems = 0
    for path in with_includes(files):
        before = problems
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
        if problems == before:
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
    """The layers in effect (what each added, changed or had ignored), then every rule: its ID,
    severity and decision, the layer it comes from, and its message; then the allow entries."""
    from agentsh.policy.trust import read_trust

    policy, _ = build(cwd, env, trust=read_trust(env))
    out = sys.stdout
    for number, layer in enumerate(policy.layers, start=1):
        state = "" if layer.trusted else " (untrusted: may only tighten)"
        out.write(f"{number}. {layer.name}: {layer.path}{state}\n")
        if layer.error:
            out.write(f"     error: {layer.error}\n")
        out.write(f"     {_summary(layer.contributed)}\n")
        for line in layer.contributed:
            if line.startswith(("changed ", "ignored until trusted: ")):
                out.write(f"     {line}\n")
    if not policy.settings.enforce:
        out.write("\nenforcement is OFF (settings.enforce = false): decisions are logged, "
                  "nothing is stopped\n")
    origin = {r.id: r.source.split(":", 1)[0] for r in policy.rules}
    width = max((len(r.id) for r in policy.rules), default=6)
    active = [r for r in policy.rules if r.enabled]
    out.write(f"\nrules ({len(active)} active, {len(policy.rules) - len(active)} off):\n")
    out.write(f"  {'id':<{width}}  {'severity':<8}  {'decision':<8}  {'layer':<8}  message\n")
    for rule in sorted(policy.rules, key=lambda r: (r.domain, r.id)):
        decision = str(rule.decision if rule.decision is not None
                       else policy.settings.decision_for(rule.severity))
        if rule.domain == "unknown" and decision == "allow":
            decision = "confirm"
        if not rule.enabled:
            decision = "off"
        out.write(f"  {rule.id:<{width}}  {str(rule.severity):<8}  {decision:<8}  "
                  f"{origin[rule.id]:<8}  {rule.message}\n")
    if policy.allows:
        out.write(f"\nallow entries ({len(policy.allows)}):\n")
    for entry in policy.allows:
        scope = "".join([f" in {entry.cwd}" if entry.cwd else "",
                         f" until {entry.expires}" if entry.expires else "",
                         f" ({entry.reason})" if entry.reason else ""])
        out.write(f"  {entry.rule} /{entry.command.pattern}/{scope}  "
                  f"[{entry.source.split(':', 1)[0]}]\n")
    for error in policy.errors:
        out.write(f"error: {error}\n")
    return Exit.CONFIG if policy.errors else Exit.OK


def _summary(contributed: tuple[str, ...]) -> str:
    """One line for what a layer contributed: `adds 152 rules, changes 2, 1 allow entry, sets
    settings.timeout, program.kubectl`."""
    added = sum(c.startswith("added ") for c in contributed)
    changed = sum(c.startswith("changed ") for c in contributed)
    allows = sum(c.startswith("allow ") for c in contributed)
    ignored = sum(c.startswith("ignored until trusted: ") for c in contributed)
    keys = [c for c in contributed if c.startswith(("settings.", "program.", "analyzer."))]
    parts = [f"adds {added} rules" if added else "", f"changes {changed}" if changed else "",
             f"{allows} allow entr{'y' if allows == 1 else 'ies'}" if allows else "",
             f"ignores {ignored} until trusted" if ignored else ""]
    if keys:
        shown = ", ".join(keys[:6]) + (f" and {len(keys) - 6} more" if len(keys) > 6 else "")
        parts.append(f"sets {shown}")
    return "; ".join(p for p in parts if p) or "contributes nothing"


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
