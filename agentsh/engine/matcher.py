"""Stage 3a: does one rule match one command? Matchers read the parsed command, never raw text."""

from __future__ import annotations

import re

from agentsh.engine import pathmatch
from agentsh.engine.flowstate import Resolver, State
from agentsh.engine.lazyre import later
from agentsh.engine.model import Command, Context, Fact, Word
from agentsh.engine.options import (
    Args,
    command_args,
    command_values,
    normalize_path,
    program_name,
    resource_option,
)
from agentsh.engine.pathmatch import glob_regex, path_glob
from agentsh.engine.places import SCRATCH, SYSTEM
from agentsh.lean import fnmatchcase, lru_cache
from agentsh.policy.values import Policy, Rule

OUTPUT_OPS = frozenset((">", ">>", ">|", "&>", "&>>", ">&"))
__all__ = ["View", "glob_regex", "match", "path_glob", "program_name"]


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
        self._resolver: Resolver | None = None
        self._effects: tuple | None = None
        self._operands: dict = {}
        self._resolvers: list | None = None
        # every command of the line in order, this one at `index` (set by classify): what the
        # line did before it (a credential archived into a file the command then sends)
        self.line: tuple[Command, ...] = ()
        self.index = 0

    @property
    def spec_own_lead(self) -> bool:
        """The program's options before its subcommand are its own (`[program.git]
        own_lead_options`), not the subcommand's."""
        return self.policy.spec(self.program).own_lead_options

    def effect_paths(self, effect, res: Resolver) -> list[str]:
        key = (effect, id(res))
        found = self._operands.get(key)
        if found is None:
            found = self._operands[key] = pathmatch.effect_paths(effect, res)
        return found

    def effect_real(self, effect, res: Resolver) -> str | None:
        key = ("real", effect, id(res))
        if key not in self._operands:
            self._operands[key] = pathmatch.effect_real(effect, res)
        return self._operands[key]

    def operand(self, word: Word, res: Resolver) -> pathmatch.Operand:
        key = (id(res), word)
        found = self._operands.get(key)
        if found is None:
            found = self._operands[key] = pathmatch.Operand(word, res)
        return found

    @property
    def resolver(self) -> Resolver:
        """Paths as this command sees them (its directory, and what the line wrote first)."""
        if self._resolver is None:
            state = self.cmd.flow
            if not isinstance(state, State):
                from agentsh.engine import dataflow

                state = dataflow.initial(self.ctx)
            cwd = self.cmd.cwd if self.cmd.cwd is not None else self.ctx.cwd
            self._resolver = Resolver(cwd or "", state)
        return self._resolver

    @property
    def resolvers(self) -> list[Resolver]:
        """One resolver per directory the command may run in (`cd X; cmd`, cd may fail)."""
        if self._resolvers is None:
            res = self.resolver
            self._resolvers = [res] if res.cwd or not res.state.cwds else \
                [Resolver(cwd, res.state) for cwd in res.state.cwds]
        return self._resolvers

    @property
    def effects(self) -> tuple:
        """What this command itself does to files (its redirects included), wherever it may
        run; a program whose effects are unknown contributes its redirects only. Pairs of
        (effect, the resolver it was resolved with)."""
        if self._effects is None:
            table = self.policy.analyzer("effects")
            if not self.cmd.redirects and \
                    program_name(self.cmd.program) not in table.get("programs", {}):
                self._effects = ()  # no effects agentsh knows of: nothing to load
                return self._effects
            from agentsh.engine import effects

            out: dict = {}
            for res in self.resolvers:
                own = effects.program_effects(self.cmd._replace(redirects=()), table,
                                              self.policy.spec, res)
                for effect in effects.redirect_effects(self.cmd, res) + list(own or ()):
                    out.setdefault(effect, res)
                if self.ctx.probes and own and self.program == "git":
                    from agentsh.engine import gitmoves

                    for effect in gitmoves.effects(self.cmd, self.ctx, res):
                        out.setdefault(effect, res)
                if own and (self.program in CARRIED or (self.program == "git" and
                                                        "apply" in self.cmd.argv)):
                    from agentsh.engine import gitcarry

                    for effect in gitcarry.effects(self.cmd, self.ctx, res, own):
                        out.setdefault(effect, res)
            self._effects = tuple(out.items())
        return self._effects

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
        """A variable's value for this command. `+NAME` (an `env` key in a rule): only a value the
        command line itself gives (`HOME=/tmp/x claude ...`), never the inherited one."""
        own = name.startswith("+")
        name = name.lstrip("+")
        for key, value in reversed(self.cmd.assignments):
            if key == name:
                return value
        if own:
            return None
        for key, value in self.ctx.env:
            if key == name:
                return value
        return None


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


KEY_VALUE = later(r"^[A-Za-z][\w.-]*=(.+)$")


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


@lru_cache(maxsize=1024)
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
        flags = args.flags_after_lead if sub and view.spec_own_lead else args.flags
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
        if rule.targets_exempt:
            res = view.resolver
            precious = view.policy.analyzer("filesystem").get("precious", ())
            if all(pathmatch.operand_exempt(view.operand(w, res), rule.targets_exempt, res,
                                            _glob, precious) for w in operands):
                return None
        if rule.targets_any:
            hit = next((h for r in view.resolvers for w in operands
                        if (h := pathmatch.operand_hits(view.operand(w, r), rule.targets_any, r,
                                                        _glob))), None)
            if hit is None:
                return None
            target = hit
        elif not target:
            target = resource_option(view.cmd.words[1:]) or (
                normalize_path(operands[0].text) if operands else "")
        for option, regex in rule.option_values:
            if not any(regex.search(v) for v in args.values(option)):
                return None
    for name, regex in rule.env:
        value = view.env(name)
        if value is None or not regex.search(value):
            return None
    for name, regex in rule.env_none:
        # a `NAME=VALUE` argument counts too, the last one winning (rake and make read them
        # as their environment: `rails db:reset RAILS_ENV=test RAILS_ENV=production`)
        given = [w.text.partition("=")[2] for w in view.cmd.words[1:]
                 if w.text.startswith(name + "=")]
        if any(not w.literal for w in view.cmd.words[1:]):
            continue  # (`"$X"` may be `RAILS_ENV=production`)
        value = given[-1] if given else view.env(name)
        if value is not None and regex.search(value) and (not rule.env_none_args or all(
                any(r.search(w.text) for r in rule.env_none_args) for w in view.cmd.words[1:]
                if any(a.search(w.text) for a in rule.args_any))):
            return None
    if rule.any_value:
        hit = next((v for v in command_values(view.cmd)
                    if any(r.search(v) for r in rule.any_value)), None)
        if hit is None:
            return None
        target = target or hit
    if rule.cwd and not any(fnmatchcase(view.cmd.cwd or view.ctx.cwd, p) for p in rule.cwd):
        return None
    if rule.actor and rule.actor != view.ctx.actor:
        return None
    if rule.via and not any(v.startswith(p) for v in view.cmd.via for p in rule.via):
        return None
    if rule.redirect_to:
        hit = next((r.target.text for r in view.cmd.redirects if r.op in OUTPUT_OPS and
                    any(fnmatchcase(r.target.text, p) for p in rule.redirect_to)), None)
        if hit is None:
            return None
        target = hit
    if rule.writes_any:
        hit = _writes(rule.writes_any, view)
        if not hit:
            return None
        target, detail = hit
    if rule.effects:
        hit = _effect_hit(rule, view)
        if not hit:
            return None
        target, detail = hit
    if fact is not None:
        target = fact.target or target
        detail = fact.detail
    if not target:  # no resource found: the verb, so a person still types what goes
        target = " ".join(sub) or view.program
    return target, detail


RECURSIVE_KINDS = frozenset(("tree", "move"))
# writers of what an archive or a patch holds, which git's output may feed (engine/gitcarry.py)
CARRIED = frozenset(("tar", "gtar", "bsdtar", "unzip", "patch", "gpatch"))
LOCKS = "(takes the owner's access away)"  # engine/effects: a chmod or setfacl that locks out


def _policy_source(path: str, patterns, view: View, recursive: bool) -> bool:
    """`@policy-sources`: every file the policy in effect was read from (team files an
    include names, `AGENTSH_RULES`), wherever it is."""
    if "@policy-sources" not in patterns:
        return False
    base = path.rstrip("/") + "/"
    return any(layer.path and (layer.path == path or (recursive and layer.path.startswith(base)))
               for layer in view.policy.layers)


UNKNOWN_PATH_KINDS = frozenset(("write", "append", "delete", "move", "link", "meta", "tree"))


def _writes(patterns: tuple[str, ...], view: View) -> tuple[str, str] | None:
    """Any effect of the command that reaches a path under `patterns`. With `@unknown-path`,
    only effects whose path is known at run time only, that may be one of `patterns`."""
    if "@unknown-path" in patterns:
        return _unknown_path(patterns, view)
    if "@unknown-program" in patterns:
        return _named_by_unknown(patterns, view)
    for effect, res in view.effects:
        if effect.kind == "mkdir":
            continue  # making a directory changes nothing that is there
        if not effect.path:
            pattern = pathmatch.text_matches(effect.text, patterns, _glob, res)
            if pattern:
                return effect.text, f"{effect.detail} writes {effect.text}"
            if "@unknown-dir" in patterns and effect.text and effect.sure and \
                    effect.kind != "unknown" and \
                    not effect.text.startswith(("/", "~", "$")) and not res.cwd and \
                    not res.state.cwds:
                return effect.text, (f"{effect.detail} writes {effect.text} in a directory "
                                     "only known at run time")
            continue
        # a tree only version control writes into reaches the tracked files, not whatever
        # untracked lies under it (a venv, the home folder's dot files)
        # (paths checked out from another commit bring what it holds, tracked here or not)
        # a name made a link (`ln -s DIR .claude`) or a folder moved to a name (`mv DIR
        # .claude`) puts a whole tree there: what the protected patterns name under it too
        recursive = (effect.kind in RECURSIVE_KINDS or effect.recursive or
                     effect.kind == "link" or (effect.kind == "write" and effect.detail == "mv")
                     ) and (not effect.tracked or effect.origin.startswith("git:"))
        # a folder whose owner can no longer read or enter it (`chmod 000 ~/.claude`) takes
        # away every file under it: the agent's hook settings are then not read at all
        locks = effect.kind == "meta" and effect.detail.endswith(LOCKS)
        recursive = recursive or locks
        for path in view.effect_paths(effect, res):
            if _policy_source(path, patterns, view, recursive) or \
                    pathmatch.path_matches(path, patterns, res, _glob, recursive) or \
                    ((recursive and effect.origin.startswith("git:") or locks) and
                     _relative_under(path, effect.text, patterns)):
                verb = {"delete": "deletes", "move": "moves", "tree": "writes into",
                        "meta": "changes", "link": "links"}.get(effect.kind, "writes")
                return path, f"{effect.detail} {verb} {path}"
    return None


# programs that are agentsh's own, or run another program whose words are judged as their own
NAMED_EXEMPT = frozenset(("agentsh", "sudo", "doas", "env", "nice", "nohup", "time", "timeout",
                          "command", "exec", "builtin", "xargs", "watch", "stdbuf", "ionice"))


# top folders many things share (engine/places.py's system and scratch folders)
SHARED_TOPS = frozenset(SYSTEM + SCRATCH)


def _named_by_unknown(patterns: tuple[str, ...], view: View) -> tuple[str, str] | None:
    """`@unknown-program`: a program whose effects on files agentsh does not know, given one of
    `patterns` (or the folder directly holding one) as an argument: it may write there (`bsdtar -C`,
    `rename`, `aria2c -d`, `cmake -E copy`, `pip install --target`: red-team s29). The home
    folder and the root are not taken as naming what lies under them."""
    cmd = view.cmd
    if not cmd.words or not cmd.words[0].literal:
        return None
    prog = program_name(cmd.program)
    table = view.policy.analyzer("effects")
    if prog in NAMED_EXEMPT or prog in table.get("none", ()):
        return None
    from agentsh.engine.effects import program_effects
    from agentsh.engine.effects.base import resolve

    res = view.resolver
    if program_effects(cmd._replace(redirects=()), table, view.policy.spec, res) is not None:
        return None
    home = (res.state.env.get("HOME") or "").rstrip("/")
    wanted = tuple(p for p in patterns if not p.startswith("@"))
    for word in cmd.words[1:]:
        if not word.literal:
            continue
        text = word.text.split("=", 1)[1] if word.text.startswith("-") and "=" in word.text \
            else word.text
        if not text.startswith(("/", "~", ".")) and "/" not in text or \
                any(c.isspace() for c in text):
            continue  # not a path (a message, a script, an expression)
        path = resolve(res, word._replace(text=text, raw=text))
        if not path or path == "/" or (home and (path == home or home.startswith(path + "/"))):
            continue
        # the place itself, or a folder directly holding one (`-d ~/.claude`); not one
        # further up (`--prefix=$HOME/.local` holds ~/.local/bin/agentsh two levels down), nor
        # a top folder the whole system shares (`--out /tmp`, `-C /etc`: like the home, they
        # hold far more than agentsh's `/tmp/agentsh-UID` or `/etc/agentsh`)
        if pathmatch.path_matches(path, wanted, res, _glob) or (
                path.rstrip("/") not in SHARED_TOPS and
                pathmatch.path_matches(path.rstrip("/") + "/*", wanted, res, _glob)):
            return path, f"{prog} (what it does to files is not known) is given {path}"
    return None


def _relative_under(path: str, text: str, patterns: tuple[str, ...]) -> bool:
    """A folder checked out from another commit (`git checkout REF -- .claude`, `-- .`) may hold
    a file a relative pattern names (`.claude/settings*.json`, `.agentsh/**`): the folder is the
    pattern's first folder, or the top the command names (`.`). Relative patterns match
    anywhere, so any other folder is not taken to hold one (what the commit holds is not read)."""
    top = text.rstrip("/") in (".", "") or text.endswith("/.")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    for pattern in patterns:
        if pattern.startswith(("/", "~", "$", "@", "*")):
            continue
        if top or pattern.split("/", 1)[0] == last:
            return True
    return False


def _unknown_path(patterns: tuple[str, ...], view: View) -> tuple[str, str] | None:
    """`@unknown-path`: a sure write, delete, move or link whose path is only known at run
    time (`rm -f "$x"` after the pass gave up on `x`), unless what is known of it (the text
    after its last expansion: `"$d/out.txt"`, `"$x.log"`) rules out every one of `patterns`'
    file names. A relative path in an unknown directory is UNK050's."""
    names = [p.rsplit("/", 1)[-1] for p in patterns if not p.startswith("@")]
    for effect, _res in view.effects:
        if effect.path or not effect.sure or effect.kind not in UNKNOWN_PATH_KINDS or \
                not effect.text:
            continue
        suffix = pathmatch.known_suffix(effect.text)
        if suffix is None and effect.text == "{}" and view.cmd.via and \
                view.cmd.via[-1] == "xargs" and not _listed_here(view.cmd, _res):
            suffix = ""  # what xargs appends from an input only known at run time
        if suffix is None:
            continue  # no expansion in it: a relative path (UNK050) or a literal one
        if not view.cmd.via and effect.text.strip('"') in ("$0", "${0}"):
            continue  # the top level's `$0` (the script itself, sealed): not known here yet
        if all(v.startswith("trap") for v in view.cmd.via) and _never_set(effect.text,
                                                                           _res.state):
            continue  # `rm -f "$tmp"` with no `tmp` in the environment or the line: empty
        if pathmatch.name_may_end(suffix, names):
            verb = {"delete": "deletes", "move": "moves", "tree": "writes into",
                    "meta": "changes", "link": "links"}.get(effect.kind, "writes")
            return effect.text, (f"{effect.detail} {verb} {effect.text}, a path only known at "
                                 "run time")
    return None


HERE_LISTERS = frozenset(("grep", "egrep", "rg", "find", "fd", "fdfind", "git", "ls"))


def _listed_here(cmd, res) -> bool:
    """xargs's items come from a program that lists files below the known folder it runs in,
    which is none of the system's, not the home folder or above it (nor above agentsh's XDG
    folders), nor a dot folder of the home (`grep -rl x src | xargs sed -i ...`, `rg -l x |
    xargs ...`, `cd /app && find . -name '*.pyc' | xargs rm -f`): the producer is one of
    `HERE_LISTERS`, piped straight in, with every word literal and none an absolute path, `~`
    or `..`. Any other input (`ls -d ~/.config/agentsh/* | xargs sed -i`, `cat list |`, a
    tool's output, `find ~ ...`) is a path only known at run time (UNK110)."""
    stdin = cmd.stdin
    if stdin is None or stdin.kind != "pipe" or not stdin.producer or \
            len(getattr(stdin, "upstream", ()) or ()) > 1:
        return False
    producer = tuple(stdin.producer)
    if len(producer) > 2 and producer[0] == "timeout" and \
            re.fullmatch(r"[0-9.]+[smhd]?", producer[1]):
        producer = producer[2:]  # `timeout 60 find . -name x`
    if not producer or producer[0] not in HERE_LISTERS:
        return False
    if any(c in a for a in producer for c in "$`~") or \
            any(a.startswith("/") or ".." in a.split("/") or "=/" in a or "=.." in a
                for a in producer[1:]):
        return False
    here = res.cwd.rstrip("/")
    if not here.startswith("/"):
        return False
    from agentsh.engine.places import own_space

    if not own_space(here):
        return False  # the system's folders (`cd /etc && grep -rl x . | xargs sed -i`)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        value = res.state.lookup(name)
        if name == "HOME" and not (isinstance(value, str) and value.startswith("/")):
            return False
        if not isinstance(value, str) or not value.startswith("/"):
            continue
        value = value.rstrip("/")
        # not the home folder (or agentsh's folders) or above them, nor a home's dot folder
        if (value + "/").startswith(here + "/") or \
                (name == "HOME" and (here + "/").startswith(value + "/.")):
            return False
    return True


def _never_set(text: str, state) -> bool:
    """Whether every expansion in `text` is a plain variable the line never set and the
    environment does not hold (unset when bash runs it), rather than a value the pass gave
    up on (a function call, `trap`, `printf -v`: those make the state opaque or the variable
    unknown in `vars`)."""
    if not isinstance(state, State) or state.opaque or "`" in text or "$(" in text:
        return False
    found = re.findall(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})", text)
    if not found or text.count("$") != len(found):
        return False  # `${x:-default}`, `$1`, `${x::-1}`: not a plain variable
    names = [a or b for a, b in found]
    return all(name not in state.vars and name not in state.env and
               name not in ("PWD", "OLDPWD", "HOME") for name in names)


def _effect_hit(rule: Rule, view: View) -> tuple[str, str] | None:
    """An effect of one of `rule.effects`' kinds on a path under `paths_any`, not exempt,
    (with `existing`) on a path that was there before, (with `empties`) leaving it empty.
    Where the effect may land in several places, any of them counts; exemptions need the
    place it surely lands."""
    for _effect, path, detail, _real in effect_hits(rule, view):
        return path, detail
    return None


def effect_hits(rule: Rule, view: View):
    """Every effect `_effect_hit` would report, in order: (effect, path, detail, real), `real`
    the path with symlinks resolved through the file view (None when that is not known)."""
    precious = view.policy.analyzer("filesystem").get("precious", ())
    for effect, res in view.effects:
        if effect.kind not in rule.effects or not effect.sure or not effect.path:
            continue
        if rule.empties and not effect.empties:
            continue
        real = None
        for path in view.effect_paths(effect, res):
            if rule.paths_any and not pathmatch.path_matches(path, rule.paths_any, res, _glob):
                continue
            real = view.effect_real(effect, res)
            if rule.paths_exempt and real is not None and pathmatch.operand_exempt(
                    _AsOperand(real, effect.text, res, path), rule.paths_exempt, res, _glob,
                    precious):
                continue
            if rule.existing and pathmatch.exists(real or path, res) is False:
                continue
            verb = "empties" if effect.empties else \
                "deletes" if effect.kind == "delete" else "overwrites"
            yield effect, path, f"{effect.detail} {verb} {path}", real


class _AsOperand:
    """A resolved path in the shape `pathmatch.operand_exempt` reads."""

    __slots__ = ("lexical", "absolute", "real", "follows", "literal", "inside")

    def __init__(self, path: str, text: str, res: Resolver, written: str = "") -> None:
        self.lexical = normalize_path(text)
        # as written (`x.log`) and where it lands (a link `x.log -> notes.txt`): a name exempts
        # only where the two agree, so a link named like a log is judged by its target
        plain = text and "$" not in text and "`" not in text
        self.absolute, self.real = (res.path(text, text) if plain else "") or written or path, path
        self.follows = False
        self.literal = True
        self.inside = pathmatch.inside_project(text, path, path, res)
