"""Backups, snapshots and recovery points: deleting, pruning, expiring, forgetting, destroying,
rolling back or cancelling them, with any tool.

Two sources, both data in `[analyzer.backups]`:
- dedicated tools (restic, borg, kopia, zfs, velero, ...), each a table of the subcommand paths
  or options that delete, and how the tool says "all", "keep N" or "dry run";
- cloud CLIs and HTTP APIs: a destroy (or cancel) verb on a path that names a backup, snapshot
  or recovery point (`aws ec2 delete-snapshot`, `gcloud sql backups delete`, `DELETE
  .../snapshots/1`), found with the cloud analyzer's tables, and options that delete backups
  on the side (`--delete-automated-backups`).

Each finding names what a person must type to confirm (the repository, snapshot, vault or
volume), and says when every backup, or the newest one, goes."""

from __future__ import annotations

import re

from agentsh.engine.domains import BACKUP_HTTP_CLIENTS, cloud
from agentsh.engine.domains.common import name_words, option_pairs, read
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact
from agentsh.engine.options import resource_option

NUMBER = later(r"^\d+$")
HTTP_CLIENTS = BACKUP_HTTP_CLIENTS  # `domains.reaches` tests the same set
FALSE = frozenset(("false", "no", "0", "off"))


class Tool:
    """One dedicated backup tool's entry in `[analyzer.backups.tools]`."""

    def __init__(self, name: str, raw: dict) -> None:
        self.name = name
        self.paths = {tuple(p.split()): kind for p, kind in raw.get("paths", {}).items()}
        self.options = dict(raw.get("options", {}))
        self.keep = frozenset(raw.get("keep", []))
        self.all_options = frozenset(raw.get("all_options", []))
        self.all_operands = [re.compile(p) for p in raw.get("all_operands", [])]
        self.part_markers = tuple(raw.get("part_markers", []))
        self.dry_run = frozenset(raw.get("dry_run", []))
        self.requires = frozenset(raw.get("requires", []))
        self.target = tuple(raw.get("target", []))
        self.abbreviations = raw.get("abbreviations", False)
        self.empty_policy = raw.get("empty_policy", "all")
        self.volume_unless = raw.get("volume_unless")

    def path_of(self, words: list[str]) -> tuple[str, int] | None:
        """(kind, length) of the longest deleting path the positional words start with."""
        best = None
        for path, kind in self.paths.items():
            if len(path) > len(words):
                continue
            if all(w == p or (self.abbreviations and w and p.startswith(w))
                   for w, p in zip(words[: len(path)], path, strict=True)):
                if best is None or len(path) > best[1]:
                    best = (kind, len(path))
        return best


def analyze(view, params: dict) -> list[Fact]:
    raw = params.get("tools", {}).get(view.program)
    if raw is not None:
        return _tool(view, Tool(view.program, raw), params)
    return _cloud(view, params) + _http(view, params) + _safeguards(view, params) + \
        _restores(view, params)


def _tool(view, tool: Tool, params: dict) -> list[Fact]:
    args = view.args
    flags = args.flags
    if args.help or flags & tool.dry_run or (tool.requires and not flags & tool.requires):
        return []
    kind, operands, what = "", [], tool.name
    for option, option_kind in tool.options.items():
        if option in flags:
            kind, operands, what = option_kind, [w.text for w in args.positionals], \
                f"{tool.name} {option}"
            break
    if not kind:
        for positionals in args.readings():
            words = [w.text for w in positionals]
            found = tool.path_of(words)
            if found:
                kind, length = found
                operands = words[length:]
                what = " ".join([tool.name] + words[:length])
                break
    if not kind:
        return []
    target = _target(view, tool, operands)
    if kind == "rollback":
        return [Fact("backups.rollback", what, target)]
    if tool.volume_unless is not None and not any(tool.volume_unless in o for o in operands):
        every = sorted(tool.all_options & view.args.flags)
        detail = f"{what}: {target}" + (f" and everything under it ({every[0]})" if every else "")
        if any(p.search(o) for p in tool.all_operands for o in operands):
            detail = f"{what}: every volume in {target}"
        return [Fact("backups.delete_volume", detail, target)]
    label, detail = _scope(view, tool, kind, operands, params)
    return [Fact(label, f"{what}: {detail}" if detail else what, target)]


def _scope(view, tool: Tool, kind: str, operands: list[str], params: dict) -> tuple[str, str]:
    """Which backups go: ('backups.delete_all', why), ('backups.delete_last', why) or
    ('backups.delete', what)."""
    args = view.args
    newest = set(params.get("newest_words", ["latest", "last", "newest"]))
    given = sorted(tool.all_options & args.flags)
    if kind == "all" or given:
        return "backups.delete_all", given[0] if given else "every backup"
    if any(p.search(o) for p in tool.all_operands for o in operands):
        return "backups.delete_all", "every snapshot it names"
    if kind == "whole" and not any(m in o for o in operands for m in tool.part_markers
                                   if not m.startswith("-")) \
            and not args.flags & {m for m in tool.part_markers if m.startswith("-")}:
        return "backups.delete_all", "the whole repository"
    if kind == "keep":
        count = next((int(o) for o in operands if NUMBER.match(o)), None)
        return _kept(count)
    named = [o for o in operands if not re.search(r"[/:@]", o)]  # not the repository
    if kind == "policy" and not named:
        return _policy([(n, v) for n, v in args.options if n in tool.keep], tool)
    if any(o.lower() in newest for o in operands):
        return "backups.delete_last", "the newest backup, the one a restore starts from"
    return "backups.delete", ""


def _policy(keep: list[tuple[str, str | None]], tool: Tool) -> tuple[str, str]:
    """What a keep policy (`--keep-last 1 --keep-daily 7`) leaves."""
    if all(v is not None and re.match(r"^0+[a-zA-Z]*$", v) for _, v in keep):
        if tool.empty_policy == "refused":  # restic refuses an empty policy, removing nothing
            return "backups.delete", "no keep policy given"
        if tool.empty_policy == "configured":  # pgbackrest expire applies its configuration
            return "backups.delete", "the configured retention"
        return "backups.delete_all", "no keep policy: nothing is kept"
    counts = [int(v) for _, v in keep if v is not None and NUMBER.match(v)]
    if len(counts) == len(keep) and sum(counts) == 1:
        return _kept(1)
    return "backups.delete", "keeps " + ", ".join(f"{n} {v}" for n, v in keep)


def _kept(count: int | None) -> tuple[str, str]:
    if count == 0:
        return "backups.delete_all", "keeps none"
    if count == 1:
        return "backups.delete_last", "keeps only the newest one; all older backups go"
    return "backups.delete", f"keeps {count}" if count is not None else ""


def _target(view, tool: Tool, operands: list[str]) -> str:
    """What a person types to confirm: the repository, snapshot or volume."""
    for source in tool.target:
        if source.startswith("$"):
            value = view.env(source[1:])
        else:
            value = next(iter(view.args.values(source)), None)
        if value:
            return value
    located = [o for o in operands if re.search(r"[/:@]", o)]
    return (located or operands or [tool.name])[0]


def _cloud(view, params: dict) -> list[Fact]:
    cloud_params = view.policy.analyzer("cloud")
    if cloud.cli_settings(cloud_params, view.program) is None:
        return []
    facts = []
    rollback = list(params.get("rollback_verbs", []))
    verbs = list(cloud_params.get("destroy_verbs", [])) + list(params.get("extra_verbs", []))
    found = cloud.destroy_path(view, {**cloud_params, "destroy_verbs": verbs + rollback})
    backup = found is not None and (cloud.family(found[1], cloud_params) == "backup" or (
        view.program in params.get("resource_clis", []) and _names_backup(found[2], params)))
    if found and found[0] == "destroy" and backup and \
            found[1] not in cloud_params.get("soft_delete", {}):
        path = found[1]
        verb_words = {w for part in path.split()[1:] for w in name_words(part)}
        if verb_words & set(rollback):
            return [Fact("backups.rollback", path, identifying_value(view, params) or found[2])]
        target = identifying_value(view, params) or found[2]
        words = {w for part in path.split()[1:] for w in name_words(part)}
        all_words = set(params.get("all_nouns", []))
        if words & all_words or "--all" in view.args.flags:
            what = "--all" if "--all" in view.args.flags else "the whole vault"
            facts.append(Fact("backups.delete_all", f"{path}: {what}", target))
        else:
            facts.append(Fact("backups.delete", path, target))
    keep_flags = params.get("deletes_backups_unless", {}).get(found[1]) if found else None
    if keep_flags is not None and not view.args.flags & set(keep_flags) and not facts:
        unless = f" unless {' or '.join(keep_flags)} is given" if keep_flags else ""
        facts.append(Fact("backups.delete", f"{found[1]}: its backups are deleted with it{unless}",
                          identifying_value(view, params) or found[2]))
    for option in params.get("delete_options", []):
        values = [v for n, v in view.args.options if n == option]
        if values and not all(v is not None and v.lower() in FALSE for v in values):
            what = f"{found[1] if found else view.program} {option}"
            facts.append(Fact("backups.delete", what, identifying_value(view, params) or option))
    return facts


def _names_backup(target: str, params: dict) -> bool:
    """`volumesnapshot x`, `backups.velero.io/nightly`: the resource type names a backup."""
    kind = target.split()[0].lower() if target.split() else ""
    return any(noun in kind for noun in params.get("http_nouns", []))


def identifying_value(view, params: dict) -> str:
    """The value of the option that names the backup or its resource (`--snapshot-id snap-1`,
    `--db-snapshot-identifier x`, `-n vault`), for the typed confirmation."""
    nouns = params.get("identifying_words", [])
    options = option_pairs(view.cmd)
    for words in (nouns, ["id", "identifier", "arn", "name"]):
        for name, value in options:
            if any(w in name_words(name) for w in words):
                return value
    return next((v for n, v in options if n == "-n"), "")


def _http(view, params: dict) -> list[Fact]:
    """DELETE requests and GraphQL mutations aimed at backups and snapshots."""
    if view.program not in HTTP_CLIENTS:
        return []
    nouns = set(params.get("http_nouns", []))
    facts = []
    for fact in view.facts("http"):
        if fact.label not in ("http.delete", "http.graphql_destroy"):
            continue
        text = fact.target if fact.label == "http.graphql_destroy" else \
            fact.target.split("?", 1)[0]
        if {w for w in name_words(text)} & nouns:
            facts.append(Fact("backups.delete", fact.detail, fact.target))
    return facts


OFF_VALUES = frozenset(("false", "no", "0", "off", "none", "disabled", "disable", "suspended"))
SPAN_LIMITS = (("seconds", 86400), ("minutes", 1440), ("hours", 24))


def _path_words(view) -> list[str]:
    """The subcommand words of a cloud CLI's command line (the positional words before its first
    option), each split into words (`create-db-instance` -> create, db, instance)."""
    out: list[str] = []
    for word in view.cmd.words[1:]:
        if word.text.startswith("-"):
            break
        out += name_words(word.text)
    return out


def _safeguards(view, params: dict) -> list[Fact]:
    """A cloud CLI's option that turns a safeguard against loss off (`--no-deletion-protection`,
    `--deletion-protection-enabled false`, `--enable-versioning=false`, `--no-backup`,
    `--scheduled-snapshots=false`, `--disable-purge-protection`), or sets how many backups are
    kept, or for how long, to (almost) nothing (`--snapshot-retention 0`,
    `--history-retention-seconds 0`): nothing is lost at once, but the next delete or overwrite
    is final. Not on a path that creates something (a new resource has nothing to lose yet)."""
    guards = set(params.get("safeguards", []))
    spans = tuple(params.get("safeguard_spans", []))
    if not guards and not spans or cloud.cli_settings(view.policy.analyzer("cloud"),
                                                      view.program) is None:
        return []
    words = [w.text for w in view.cmd.words[1:]]
    words += _flags_file_words(view, words)
    found = []
    for i, word in enumerate(words):
        if not word.startswith("--") or word == "--":
            continue
        name, eq, value = word[2:].lower().partition("=")
        after = words[i + 1].lower() if not eq and i + 1 < len(words) else ""
        if after.startswith("-"):
            after = ""
        guard_value = value or (after if after in OFF_VALUES | {"true", "yes"} else "")
        why = _guard_off(name, guard_value, guards) or _span_short(name, value or after, spans)
        value = guard_value if why.endswith("off") else value or after
        if why:
            found.append(f"{word.partition('=')[0]}{'=' + value if value else ''}: {why}")
    for word in words:  # `--cli-input-json '{"DeletionProtectionEnabled": false}'`, file://
        text = read(word[7:], view.ctx) if word.startswith("file://") else word
        if text and text.lstrip()[:1] in ("{", "[") and len(text) < 200_000:
            for m in JSON_PAIR.finditer(text):
                if _key_off(m.group(1), m.group(2).lower(), guards):
                    found.append(f"{m.group(1)}: {m.group(2)}: turned off")
    for i, word in enumerate(words):  # `--set backup.enabled=false`, `config set pitr false`
        if word.startswith("-") or word[:1] in ("{", "["):
            continue
        key, eq, value = word.partition("=")
        if not eq:
            value = words[i + 1] if i + 1 < len(words) else ""
        if _key_off(key, value.lower(), guards):
            found.append(f"{key}{'=' if eq else ' '}{value}: turned off")
    found += _values_files_off(view, words, guards)
    if not found or set(_path_words(view)) & set(params.get("creating_words", [])):
        return []
    target = resource_option(view.cmd.words[1:]) or next(
        (w for w in words[1:] if not w.startswith("-")), view.program)
    return [Fact("backups.safeguard_off", "; ".join(found), target)]


def _flags_file_words(view, words: list[str]) -> list[str]:
    """The flags a gcloud `--flags-file` (a YAML map `--flag: value`) gives, as `--flag=value`
    words (`--versioning: false` is `--versioning=false`); a file agentsh cannot read gives none."""
    if view.program != "gcloud":
        return []
    names = [w for k, w in enumerate(words) if k and words[k - 1] == "--flags-file"] + \
        [w.split("=", 1)[1] for w in words if w.startswith("--flags-file=")]
    out: list[str] = []
    for name in names[:4]:
        text = read(name, view.ctx)
        if not text or len(text) > 200_000:
            continue
        from agentsh.engine.recipes import mini_yaml

        try:
            doc = mini_yaml(text)
        except Exception:
            continue
        for doc in doc if isinstance(doc, list) else [doc]:
            if isinstance(doc, dict):
                out += [k if v in (None, "") else
                        f"{k}={str(v).lower() if isinstance(v, bool) else v}"
                        for k, v in doc.items() if isinstance(k, str) and k.startswith("--") and
                        not isinstance(v, (dict, list))]
    return out


VALUES_OPTIONS = ("-f", "--values")


def _values_files_off(view, words: list[str], guards: set[str]) -> list[str]:
    """`helm upgrade db chart -f values.yaml` where the file sets a safeguard off
    (`primary: {persistence: {enabled: false}}`): the same settings as `--set`, read from the
    values files the line gives (those agentsh can read; a missing one fails the upgrade)."""
    if view.program != "helm":
        return []
    files = [w for k, w in enumerate(words) if k and words[k - 1] in VALUES_OPTIONS] + \
        [w.split("=", 1)[1] for w in words if w.startswith("--values=")]
    found = []
    for name in files[:8]:
        text = read(name, view.ctx)
        if not text or len(text) > 200_000:
            continue
        from agentsh.engine.recipes import mini_yaml

        try:
            doc = mini_yaml(text)
        except Exception:  # a values file agentsh cannot read: as if not given
            continue
        for key, value in _flat(doc, "", [0]):
            if _key_off(key, str(value).lower(), guards):
                found.append(f"{key}: {value} ({name}): turned off")
    return found


def _flat(node, prefix: str, count: list[int]):
    """(dotted.key, scalar) for every scalar of a YAML mapping, bounded."""
    count[0] += 1
    if count[0] > 5000:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _flat(value, f"{prefix}.{key}" if prefix else str(key), count)
    elif not isinstance(node, list) and prefix:
        yield prefix, node


def _guard_off(name: str, value: str, guards: set[str]) -> str:
    """`no-X`, `disable-X`, `X false`, `enable-X=off`, `X-enabled false` for a safeguard X."""
    negated = False
    if name.startswith("no-"):
        name, negated = name[3:], True
    if name not in guards:
        for prefix, flips in (("disable-", True), ("enable-", False)):
            if name.startswith(prefix) and name[len(prefix):] in guards:
                name, negated = name[len(prefix):], negated != flips
                break
        for suffix in ("-enabled", "-enable"):
            if name.endswith(suffix) and name[: -len(suffix)] in guards:
                name = name[: -len(suffix)]
    if name not in guards:
        return ""
    off = (negated and value in ("", "true", "yes")) or (not negated and value in OFF_VALUES)
    return f"{name} turned off" if off else ""


KEY_NEGATIONS = frozenset(("no", "disable", "skip", "without", "bypass"))
# words after a safeguard's name that do not change it (`deleteRetentionPolicy.enabled`)
KEY_TAILS = frozenset(("is", "enabled", "enable", "policy", "policies", "config", "configuration",
                       "settings", "setting", "status", "state", "on"))
JSON_PAIR = later(r"""["']?([A-Za-z_][\w.-]*)["']?\s*:\s*(true|false|0|null|"""
                  r"""["'](?:disabled|off|suspended|false)["'])(?![\w.])""")


def _key_off(key: str, value: str, guards: set[str]) -> bool:
    """A `key=value` setting or a `key value` pair naming a safeguard, turned off
    (`backup.enabled=false`, `properties.deletionProtection=false`, `persistence.enabled false`)."""
    if value.strip("'\"") not in OFF_VALUES | {"true", "yes", "1", "null"} or not key or \
            "/" in key:
        return False
    words = [w for w in name_words(key) if w not in KEY_TAILS]
    flipped = bool(words) and words[0] in KEY_NEGATIONS
    joined = "-".join(words[1:] if flipped else words)
    if not any(joined == g or joined.endswith("-" + g) for g in guards):
        return False
    value = value.strip("'\"")
    return value in ("true", "yes", "1") if flipped else value in OFF_VALUES | {"null"}


def _span_short(name: str, value: str, spans: tuple[str, ...]) -> str:
    if not any(s in name for s in spans):
        return ""
    try:
        number = float(value)
    except ValueError:
        return ""
    limit = next((n for unit, n in SPAN_LIMITS if name.endswith(unit)), 1)
    return f"{name} {value}: backups kept for (almost) no time" if number <= limit else ""


def _restores(view, params: dict) -> list[Fact]:
    """A restore that overwrites the live resource with a backup or an earlier point in time
    (`heroku pg:backups:restore`, `gcloud sql backups restore`, `neonctl branches restore`):
    everything written since is gone, as with a rollback. `restores_in_place` maps the path to
    the options that keep the current state aside (`--preserve-under-name`)."""
    table = params.get("restores_in_place", {})
    if not table or view.program not in {p.split()[0] for p in table}:
        return []
    for positionals in view.args.readings():
        texts = [w.text for w in positionals]
        for path, keep in table.items():
            words = path.split()
            if words[0] != view.program or texts[: len(words) - 1] != words[1:]:
                continue
            if view.args.flags & set(keep):
                return []
            rest = [t for t in texts[len(words) - 1:]]
            target = identifying_value(view, params) or (rest[0] if rest else path)
            return [Fact("backups.restore_in_place", path, target)]
    return []
