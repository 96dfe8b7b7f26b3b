"""Stage 3a: does one rule match one command? Matchers read the parsed command, never raw text."""

from __future__ import annotations

import fnmatch
import functools
import re

from agentsh.engine.model import Command, Context, Fact, Word
from agentsh.engine.options import Args, command_args, normalize_path
from agentsh.policy.values import Policy, Rule

OUTPUT_OPS = frozenset((">", ">>", ">|", "&>", "&>>", ">&"))
UNWRAPPER_DOMAINS = frozenset(("unknown", "self", "exec"))  # facts no analyzer computes


def program_name(name: str) -> str:
    """`git.exe` (WSL runs Windows programs) is `git`; `python3.11` is `python3`."""
    if name.lower().endswith(".exe"):
        name = name[:-4]
    if re.fullmatch(r"(python|pypy)[0-9.]+", name) and name not in ("python2", "python3"):
        return "python3"
    return name


class View:
    """One command as rules see it, with its arguments and analyzer facts computed on demand."""

    def __init__(self, cmd: Command, policy: Policy, ctx: Context, facts: tuple[Fact, ...],
                 analyzers: dict) -> None:
        self.cmd = cmd
        self.policy = policy
        self.ctx = ctx
        self.program = policy.canonical(program_name(cmd.program))
        self._args: Args | None = None
        # what the unwrapper found (`unknown.*`, `self.*`), by domain; analyzers add theirs
        self._facts: dict[str, tuple[Fact, ...]] = {d: () for d in UNWRAPPER_DOMAINS}
        for fact in facts:
            domain = fact.label.split(".", 1)[0]
            self._facts[domain] = self._facts.get(domain, ()) + (fact,)
        self._labels = frozenset(f.label for f in facts)
        self._analyzers = analyzers

    def cannot_have(self, labels: frozenset[str]) -> bool:
        """True when none of these fact labels can hold for this command: they are all of
        domains only the unwrapper reports, and it reported none of them (a cheap early no)."""
        return labels.isdisjoint(self._labels) and all(
            d in UNWRAPPER_DOMAINS for d in fact_domains(labels))

    @property
    def args(self) -> Args:
        if self._args is None:
            self._args = command_args(self.cmd, self.policy.spec(self.program))
        return self._args

    def facts(self, domain: str) -> tuple[Fact, ...]:
        if domain not in self._facts:
            analyze = self._analyzers.get(domain)
            self._facts[domain] = tuple(analyze(self, self.policy.analyzer(domain))) \
                if analyze else ()
        return self._facts[domain]

    def env(self, name: str) -> str | None:
        for key, value in reversed(self.cmd.assignments):
            if key == name:
                return value
        for key, value in self.ctx.env:
            if key == name:
                return value
        return None


@functools.lru_cache(maxsize=4096)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Path globs: `*` and `?` stay within one path component, `**` crosses components."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z")


def path_glob(target: str, pattern: str) -> bool:
    """Patterns starting with `/`, `~` or `$` match those paths; any other pattern matches only
    relative paths (`build`, `**/node_modules`), and `..` never stays inside the directory."""
    if not pattern.startswith(("/", "~", "$")) and target.startswith(("/", "~", "$")):
        return False
    return glob_regex(pattern).match(target) is not None


_glob = path_glob


def _operands(rule: Rule, positionals: tuple[Word, ...]) -> tuple[Word, ...] | None:
    if not rule.subcommands:
        return positionals
    texts = tuple(w.text for w in positionals)
    for sub in rule.subcommands:
        if texts[: len(sub)] == sub:
            return positionals[len(sub) :]
    return None


@functools.lru_cache(maxsize=1024)
def fact_domains(labels: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted({label.split(".", 1)[0] for label in labels}))


def match(rule: Rule, view: View) -> tuple[str, str] | None:
    """None, or (target, detail) when the rule matches the command."""
    if rule.programs and view.program not in rule.programs:
        return None
    if rule.facts and view.cannot_have(rule.facts):
        return None
    target, detail = "", ""
    needs_args = bool(rule.subcommands or rule.flags_any or rule.flags_all or rule.flags_none
                      or rule.args_any or rule.args_none or rule.targets_any
                      or rule.targets_exempt or rule.option_values or rule.programs
                      or rule.operands_min)
    if needs_args:
        args = view.args
        if args.help and rule.domain != "unknown":
            return None
        operands = _operands(rule, args.positionals)
        if operands is None or len(operands) < rule.operands_min:
            return None
        flags = args.flags
        if rule.flags_any and not rule.flags_any & flags:
            return None
        if rule.flags_all and not rule.flags_all <= flags:
            return None
        if rule.flags_none & flags:
            return None
        if rule.args_any:
            hit = next((w.text for w in operands if any(r.search(w.text) for r in rule.args_any)),
                       None)
            if hit is None:
                return None
            target = target or hit
        if rule.args_none and any(r.search(w.text) for w in operands for r in rule.args_none):
            return None
        targets = [normalize_path(w.text) for w in operands]
        if rule.targets_exempt and all(".." not in t.split("/") and
                                       any(_glob(t, p) for p in rule.targets_exempt)
                                       for t in targets):
            return None
        if rule.targets_any:
            hit = next((t for t in targets if any(_glob(t, p) for p in rule.targets_any)), None)
            if hit is None:
                return None
            target = hit
        elif targets and not target:
            target = targets[0]
        for option, regex in rule.option_values:
            if not any(regex.search(v) for v in args.values(option)):
                return None
    for name, regex in rule.env:
        value = view.env(name)
        if value is None or not regex.search(value):
            return None
    if rule.cwd and not any(fnmatch.fnmatchcase(view.ctx.cwd, p) for p in rule.cwd):
        return None
    if rule.actor and rule.actor != view.ctx.actor:
        return None
    if rule.via and not any(v.startswith(p) for v in view.cmd.via for p in rule.via):
        return None
    if rule.redirect_to:
        hit = next((r.target.text for r in view.cmd.redirects if r.op in OUTPUT_OPS and
                    any(fnmatch.fnmatchcase(r.target.text, p) for p in rule.redirect_to)), None)
        if hit is None:
            return None
        target = hit
    if rule.facts:
        fact = next((f for d in fact_domains(rule.facts) for f in view.facts(d)
                     if f.label in rule.facts), None)
        if fact is None:
            return None
        target = fact.target or target
        detail = fact.detail
    return target, detail
