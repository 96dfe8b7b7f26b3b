"""Cloud, infrastructure and vendor CLIs: a subcommand word (or, for some CLIs, an option) that
is, starts or ends with a destroy verb.

Which CLIs, which verbs, how deep the subcommand path goes, which paths only disable or
soft-delete, which family a path belongs to (backups, registries, queues, keys, DNS) and what
marks production all come from `[analyzer.cloud]` in rules.toml, so a team can add its own CLI
with one entry and no code. Global options before the subcommand (`aws --profile p s3 rm`,
`nats --context c stream rm`) are read from `[program.X]`; an option agentsh does not know is
also read as taking the next word (the guessed reading), so the real verb is always seen."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import name_words
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact
from agentsh.engine.options import resource_option

SAFE_WORDS = frozenset(("help", "plan", "preview", "diff", "list", "ls", "get", "describe",
                        "show", "status", "--help"))
WORD = later(r"^[A-Za-z][\w:.-]*$")
PLAIN = later(r"^[a-z][a-z0-9:_-]*$")  # a subcommand's spelling: no dots, slashes, capitals, `=`
TRACKS = frozenset(("alpha", "beta", "preview"))  # release tracks before the real path


class Verbs:
    """The verb tables of `[analyzer.cloud]`, as sets."""

    def __init__(self, params: dict) -> None:
        self.destroy = frozenset(params.get("destroy_verbs", []))
        self.soft = frozenset(params.get("soft_verbs", []))
        self.reimage = frozenset(params.get("reimage_verbs", []))
        self.prefixes = frozenset(params.get("verb_prefixes", []))

    def words(self, name: str) -> list[str]:
        words = name_words(name)
        while len(words) > 1 and words[0] in self.prefixes:
            words = words[1:]  # `batch-delete-image` deletes
        return words

    def kind(self, name: str) -> str:
        """'destroy', 'soft', 'reimage' or '' for one subcommand word: its whole name, first or
        last word."""
        words = self.words(name)
        if not words:
            return ""
        ends = {name.lower(), words[0], words[-1]}
        if ends & self.destroy:
            return "destroy"
        if ends & self.soft:
            return "soft"
        if name.lower() in self.reimage:  # `hcloud server rebuild`: the whole word only
            return "reimage"
        return ""


def cli_settings(params: dict, program: str) -> tuple[int, frozenset[str]] | None:
    """(depth, stop words) of a CLI named in `[analyzer.cloud.clis]`, or None."""
    entry = params.get("clis", {}).get(program)
    if entry is None:
        return None
    stop = params.get("stop_words", [])
    if isinstance(entry, dict):
        return entry.get("depth", 1), frozenset(entry.get("stop_words", stop))
    return entry, frozenset(stop)


def _deeper(params: dict, program: str) -> int:
    """How many words past a CLI's depth may still be a command group (`deeper`); a CLI whose
    commands are exactly its depth (`aws SERVICE OPERATION`) says `deeper = 0`: a word past it
    is an option's value or an operand (`--table-name rm`), never its verb."""
    entry = params.get("clis", {}).get(program)
    if isinstance(entry, dict) and "deeper" in entry:
        return min(int(entry["deeper"]), int(params.get("deeper", 0)))
    return int(params.get("deeper", 0))


# CLIs that print help, and do nothing else, when `help` is the last word (`aws s3 rb help`);
# elsewhere `help` may be a resource's name (`kubectl delete pod help`)
TRAILING_HELP = frozenset(("aws",))


def _dry_run(args, program: str) -> bool:
    """A dry run, or help: `--help`, or `help` as the last word where the CLI reads it so."""
    return args.help or "--dry-run" in args.flags or any(
        f.startswith("--dry-run") and v not in ("none", "false") for f, v in args.options) or \
        program in TRAILING_HELP and bool(args.positionals) and \
        args.positionals[-1].text == "help"


def destroy_path(view, params: dict) -> tuple[str, str, str] | None:
    """(kind, path, target) of the first destroy or soft verb in a CLI's subcommand path, or of
    a destroying option; kind is 'destroy' or 'soft'. None when the command destroys nothing."""
    program = view.program
    settings = cli_settings(params, program)
    option_verbs = params.get("option_verbs", {}).get(program)
    if settings is None and option_verbs is None:
        return None
    args = view.args
    if _dry_run(args, program):
        return None
    if option_verbs:
        hit = next((o for o in option_verbs if o in args.flags), None)
        if hit:
            rest = [w.text for w in args.positionals]
            values = [v for n, v in args.options if v is not None and n not in option_verbs]
            return "destroy", f"{program} {hit}", " ".join((rest or values)[:2]) or hit
    if settings is None:
        return None
    depth, stop = settings
    verbs = Verbs(params)
    destructive = set(params.get("destructive_paths", []))
    deeper = _deeper(params, program)
    for positionals in args.readings():
        found = _scan(program, [w.text for w in positionals], depth, stop, verbs, destructive,
                      deeper)
        if found:
            return found
    return None


def _scan(program: str, words: list[str], depth: int, stop: frozenset[str], verbs: Verbs,
          destructive: set[str], deeper: int = 0) -> tuple[str, str, str] | None:
    if words and words[0] in TRACKS:  # `gcloud alpha ...`, `kubectl alpha ...`: same commands
        words = words[1:]
    path = words[:depth]
    if any(w in SAFE_WORDS for w in path[:1]):
        return None
    for k, word in enumerate(path):
        if word in stop:
            return None
        if not WORD.match(word):
            continue
        here = f"{program} {' '.join(path[: k + 1])}"
        kind = "destroy" if here in destructive else verbs.kind(word)
        if kind:
            rest = words[k + 1 :]
            return kind, here, " ".join(rest[:2]) if rest else here
    # Past the CLI's depth, a command group may still go on (`fly volumes snapshots delete`,
    # `railway volume backup delete`, `heroku pg:backups delete`, `vercel project rm`): while
    # every word so far is spelled like a subcommand, a word that is exactly a destroy verb is
    # the command's verb. Only the exact verb counts there: resource names (`remove-old-api`)
    # carry verbs as parts, never as the whole word.
    if len(path) < depth or not all(PLAIN.match(w) for w in path):
        return None
    for k in range(depth, min(len(words), depth + deeper)):
        word = words[k]
        if word in stop or not PLAIN.match(word):
            return None
        here = f"{program} {' '.join(words[: k + 1])}"
        if here in destructive or word in verbs.destroy:
            rest = words[k + 1 :]
            return "destroy", here, " ".join(rest[:2]) if rest else here
    return None


def family(path: str, params: dict) -> str:
    """What kind of thing a path destroys: 'backup', 'registry', 'queue', 'keys', 'dns' or ''.
    A noun in the path (`delete-db-snapshot`) decides before the CLI or service it belongs to."""
    nouns = params.get("family_nouns", {})
    for word in path.split()[1:]:
        for part in name_words(word):
            if part in nouns:
                return nouns[part]
    prefixes = params.get("family_paths", {})
    words = path.split()
    for k in range(len(words), 0, -1):
        fam = prefixes.get(" ".join(words[:k]))
        if fam:
            return fam
    return ""


def _regenerable(path: str, target: str, view, params: dict) -> bool:
    """Deletes only what comes back by itself or is rebuilt (`[analyzer.cloud.regenerable]`),
    and none of the flags that would make it lose data is given."""
    table = params.get("regenerable", {})
    words = target.split()
    key = path if path in table else f"{path} {words[0]}" if words else ""
    if key not in table:
        return False
    return not any(_given(flag, view.cmd.words[1:]) for flag in table[key])


def _given(flag: str, words) -> bool:
    """Whether any word could be `flag`, however the options are read (`-fv` holds `-v`,
    `--volumes=true` is `--volumes`): where unsure, the flag counts as given."""
    for word in words:
        text = word.text
        if text == "--":
            return False
        if text == flag or text.startswith(flag + "="):
            return True
        if len(flag) == 2 and text.startswith("-") and not text.startswith("--") and \
                flag[1] in text[1:]:
            return True
    return False


def _soft_delete(path: str, view, params: dict) -> bool:
    """A delete with a recovery window, unless a flag that makes it permanent is given."""
    table = params.get("soft_delete", {})
    if path not in table:
        return False
    return not any(flag in view.args.flags for flag in table[path])


def _says_only(program: str, policy) -> bool:
    """A builtin or a program that writes and runs nothing whatever its words (`echo`, `printf`,
    `grep`: `[analyzer.effects] none`): its words are text, not a CLI's verbs."""
    from agentsh.engine.names import BUILTINS
    from agentsh.engine.options import NO_EFFECTS

    return program in BUILTINS or program in NO_EFFECTS or \
        program in policy.analyzer("effects").get("none", ())


def unlisted_destroy(view, params: dict) -> list[Fact]:
    """A CLI no table names, run as `CLI GROUP [GROUP...] VERB ...` with a word that is exactly a
    destroy verb after one to three subcommand-like words, and with its own confirmation
    skipped (`-y`, `--force`, ...): `civo volume remove v -y`, `exo compute instance delete x
    -f`. The CLI itself thought it worth a question; agentsh asks it instead."""
    table = params.get("unlisted", {})
    skips = set(table.get("confirm_skips", ()))
    if not skips or not any(w.text in skips for w in view.cmd.words[1:]):
        return []  # the cheap test first: this runs for every command
    program = view.program
    if program in params.get("clis", {}) or program in table.get("exempt", ()) or \
            not view.cmd.words[0].literal or view.policy.has_spec(program) or \
            _says_only(program, view.policy):
        return []
    args = view.args
    if not skips & args.flags or _dry_run(args, program):
        return []
    verbs = frozenset(params.get("destroy_verbs", ()))
    words = [w.text for w in args.positionals]
    if words and PLAIN.match(words[0]) and ":" in words[0]:  # `dokku apps:destroy app --force`
        group, _, verb = words[0].rpartition(":")
        if group and verb in verbs:
            path = f"{program} {words[0]}"
            return [Fact("cloud.destroy_unlisted", path, " ".join(words[1:3]) or path)]
    for k in range(1, min(len(words), 4)):
        if not PLAIN.match(words[k - 1]) or words[k - 1] in SAFE_WORDS:
            return []
        if words[k] in verbs:
            path = f"{program} {' '.join(words[: k + 1])}"
            rest = words[k + 1 :]
            return [Fact("cloud.destroy_unlisted", path, " ".join(rest[:2]) if rest else path)]
    return []


KIND = later(r"""(?m)(?:^[\s-]*|[{,]\s*)["']?kind["']?\s*:\s*["']?([A-Za-z]+)""")
FILENAME_OPTIONS = ("-f", "--filename")


def replace_force(view, params: dict) -> list[Fact]:
    """`kubectl replace --force -f F`: each object in F is deleted and created again; a kind of
    `replace_force_kinds` in F (or F unread) loses what it holds."""
    from agentsh.engine.domains.common import read

    args = view.args
    words = [w.text for w in args.positionals]
    if not words or words[0] != "replace" or "--force" not in args.flags or \
            _dry_run(args, view.program):
        return []
    kinds = frozenset(params.get("replace_force_kinds", ()))
    cmd_words = [w.text for w in view.cmd.words[1:]]
    names = [w for k, w in enumerate(cmd_words) if k and cmd_words[k - 1] in FILENAME_OPTIONS]
    names += [w.split("=", 1)[1] for w in cmd_words if w.startswith(("--filename=", "-f="))]
    names += [w[2:] for w in cmd_words if w.startswith("-f") and len(w) > 2 and
              not w.startswith("-f=")]
    found: list[str] = []
    unread = any(w in ("-k", "--kustomize") or w.startswith("--kustomize=") for w in cmd_words) \
        or not names or any(f in FILENAME_OPTIONS for f in args.dynamic)
    for name in names:
        text = None if name == "-" or "://" in name else read(name, view.ctx)
        if text is None:
            unread = True
            continue
        found += [k for k in KIND.findall(text[:200_000]) if k in kinds]
    if unread:
        found.append("objects agentsh cannot read")
    if not found:
        return []
    return [Fact("cloud.destroy", f"{view.program} replace --force (deletes, then creates)",
                 ", ".join(dict.fromkeys(found)))]


def analyze(view, params: dict) -> list[Fact]:
    if view.program in ("kubectl", "oc"):
        forced = replace_force(view, params)
        if forced:
            return forced
    found = destroy_path(view, params)
    if found is None:
        return unlisted_destroy(view, params)
    kind, path, target = found
    if path in params.get("not_destructive", []) or _regenerable(path, target, view, params):
        return []
    target = resource_option(view.cmd.words[1:]) or target
    if kind == "soft":
        return [Fact("cloud.disable", path, target)]
    if kind == "reimage":
        return [Fact("cloud.reimage", path, target)]
    if _soft_delete(path, view, params):
        return [Fact("cloud.soft_delete", path, target)]
    fam = family(path, params)
    facts = [Fact(f"cloud.destroy_{fam}" if fam else "cloud.destroy", path, target)]
    marker = production_marker(view, params)
    if marker:
        facts.append(Fact("cloud.destroy_production", f"{path} ({marker})", target))
    return facts


def production_marker(view, params: dict) -> str:
    """What marks this command as aimed at production, or ''."""
    patterns = [re.compile(p, re.I) for p in params.get("production_patterns", [])]
    if not patterns:
        return ""
    for option in params.get("production_options", []):
        for value in view.args.values(option):
            if any(p.search(value) for p in patterns):
                return f"{option} {value}"
    for name in params.get("production_env", []):
        value = view.env(name)
        if value and any(p.search(value) for p in patterns):
            return f"{name}={value}"
    return ""
