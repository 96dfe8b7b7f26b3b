"""Stage 3a: does one rule match one command? Matchers read the parsed command, never raw text."""

from __future__ import annotations

import fnmatch
import functools
import re

from agentsh.engine.model import Command, Context, Fact, Word
from agentsh.engine.options import (
    Args,
    command_args,
    command_values,
    normalize_path,
    resource_option,
)
from agentsh.policy.values import Policy, Rule

OUTPUT_OPS = frozenset((">", ">>", ">|", "&>", "&>>", ">&"))


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
        self._facts: dict[str, tuple[Fact, ...]] = {"unknown": (), "self": ()}
        for fact in facts:
            domain = fact.label.split(".", 1)[0]
            self._facts[domain] = self._facts.get(domain, ()) + (fact,)
        self._analyzers = analyzers
        self._labels: dict[str, frozenset[str]] = {}

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

    def labels(self, domain: str) -> frozenset[str]:
        """The labels of this command's facts in one domain (cached)."""
        labels = self._labels.get(domain)
        if labels is None:
            labels = self._labels[domain] = frozenset(f.label for f in self.facts(domain))
        return labels

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


def _operands(rule: Rule, positionals: tuple[Word, ...]
              ) -> tuple[tuple[str, ...], tuple[Word, ...]] | None:
    """(the subcommand path that matched, the words after it), or None."""
    if not rule.subcommands:
        return (), positionals
    texts = tuple(w.text for w in positionals)
    for sub in rule.subcommands:
        if texts[: len(sub)] == sub:
            return sub, positionals[len(sub) :]
    return None


KEY_VALUE = re.compile(r"^[A-Za-z][\w.-]*=(.+)$")


def _named(hit: str, operands: tuple[Word, ...], sub: tuple[str, ...]) -> str:
    """The resource an argument match names: `of=/dev/sdb` names /dev/sdb, and in a
    `VERB KIND NAME` command line (`kubectl delete namespace prod`) the kind names the name
    after it."""
    m = KEY_VALUE.match(hit)
    if m:
        return m.group(1)
    if sub and operands and operands[0].text == hit and len(operands) > 1 and \
            operands[1].literal and not operands[1].text.startswith("-") and "/" not in hit:
        return operands[1].text
    return hit


@functools.lru_cache(maxsize=1024)
def fact_domains(labels: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted({label.split(".", 1)[0] for label in labels}))


def _fact(rule: Rule, view: View) -> Fact | None:
    for domain in fact_domains(rule.facts):
        if view.labels(domain) & rule.facts:
            return next(f for f in view.facts(domain) if f.label in rule.facts)
    return None


def match(rule: Rule, view: View) -> tuple[str, str] | None:
    """None, or (target, detail) when the rule matches the command."""
    if rule.programs and view.program not in rule.programs:
        return None
    fact = None
    if rule.facts:  # most rules without a program are fact rules: the cached facts decide first
        fact = _fact(rule, view)
        if fact is None:
            return None
    target, detail, sub = "", "", ()
    needs_args = bool(rule.subcommands or rule.flags_any or rule.flags_all or rule.flags_none
                      or rule.args_any or rule.args_none or rule.targets_any
                      or rule.targets_exempt or rule.option_values or rule.programs
                      or rule.operands_min)
    if needs_args:
        args = view.args
        if args.help and rule.domain != "unknown":
            return None
        found = None
        for positionals in args.readings():  # the guessed reading only where the first fails
            found = _operands(rule, positionals)
            if found is not None:
                break
        if found is None or len(found[1]) < rule.operands_min:
            return None
        sub, operands = found
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
            target = target or _named(hit, operands, sub)
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
        elif not target:
            target = resource_option(view.cmd.words[1:]) or (targets[0] if targets else "")
        for option, regex in rule.option_values:
            if not any(regex.search(v) for v in args.values(option)):
                return None
    for name, regex in rule.env:
        value = view.env(name)
        if value is None or not regex.search(value):
            return None
    if rule.any_value:
        hit = next((v for v in command_values(view.cmd)
                    if any(r.search(v) for r in rule.any_value)), None)
        if hit is None:
            return None
        target = target or hit
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
    if fact is not None:
        target = fact.target or target
        detail = fact.detail
    if not target:  # no resource found: the verb, so a person still types what goes
        target = " ".join(sub) or view.program
    return target, detail
