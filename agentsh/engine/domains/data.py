"""Data stores and pipelines: settings that delete data later, payloads that delete, and syncs
that delete at the destination. Every table is in `[analyzer.data]`:

- `retention`: an option, flag, `key=value` setting or operand of a command path that shortens
  how long data or backups live (`--backup-retention-period 0`, `retention.ms=1000`, `--no-backup`,
  `seek --time`);
- `payloads`: command paths whose JSON options (literal, `file://`, `@file`) are read for DELETE
  actions and short expiries (`aws route53 change-resource-record-sets --change-batch`);
- `syncs`: command paths and the options that make them delete what the source lacks.

A payload agentsh cannot read is `data.unknown`, told apart from one it read and found
destructive."""

from __future__ import annotations

import re

from agentsh.engine.domains import data_programs
from agentsh.engine.domains.cloud import TRACKS
from agentsh.engine.domains.common import option_value, read
from agentsh.engine.domains.payload import effects
from agentsh.engine.model import Fact

FALSE = frozenset(("false", "no", "0", "off", "none"))
DRY_RUN = frozenset(("-n", "--dry-run", "--dryrun", "--dryRun"))


def operands_after(view, path: str) -> list[str] | None:
    """The positional words after a command path (`gsutil lifecycle set`), or None when the
    command is not that path. Both readings of leading options count."""
    words = path.split()
    if not words or words[0] != view.program:
        return None
    for positionals in view.args.readings():
        texts = [w.text for w in positionals]
        if texts and texts[0] in TRACKS:
            texts = texts[1:]
        if texts[: len(words) - 1] == words[1:]:
            return texts[len(words) - 1 :]
    return None


def programs(params: dict) -> frozenset[str]:
    """The programs this analyzer's tables name (`domains.data_programs`, which decides whether a
    command reaches this module at all)."""
    return data_programs(params)


def analyze(view, params: dict) -> list[Fact]:
    if view.program not in programs(params) or view.args.help:
        return []
    return _retention(view, params) + _payloads(view, params) + _syncs(view, params)


def _number(value: str) -> float | None:
    m = re.match(r"^\s*['\"]?(-?\d+(?:\.\d+)?)['\"]?\s*$", value)
    return float(m.group(1)) if m else None


def _retention(view, params: dict) -> list[Fact]:
    facts = []
    for entry in params.get("retention", []):
        operands = operands_after(view, entry["command"])
        if operands is None or view.args.flags & set(entry.get("unless", [])):
            continue
        if "names" in entry and not any(re.search(entry["names"], o, re.I) for o in operands):
            continue  # `names`: only when an operand names such a thing (`cronjob db-backup`)
        unread = _unread_files(view, entry)
        if unread:
            facts.append(Fact("data.unknown", f"cannot read {unread}, which may set "
                              f"{entry.get('setting') or entry.get('setting_pattern')}: "
                              f"{entry.get('what', '')}", unread.split()[-1]))
            continue
        hit = _retention_hit(view, entry, operands)
        if hit is None:
            continue
        label = "data.backup_retention" if entry.get("backups") else "data.retention"
        target = next((o for o in operands if not o.startswith("-")), "") or \
            entry["command"].split()[0]
        facts.append(Fact(label, f"{hit}: {entry.get('what', 'data is kept for less time')}",
                          target))
    return facts


def _retention_hit(view, entry: dict, operands: list[str]) -> str | None:
    """The setting that makes this entry a finding (`--backup-retention-period 0`), or None."""
    at_most = entry.get("at_most")
    matches = re.compile(entry["matches"], re.I) if "matches" in entry else None

    def short(value: str) -> bool:
        if matches is not None and not matches.search(value):
            return False
        if at_most is None:
            return True
        number = _number(value)
        return number is not None and number <= at_most

    if "flag" in entry and entry["flag"] in view.args.flags:
        return entry["flag"]
    if "option" in entry:
        values = view.args.values(entry["option"]) or option_value(view.cmd, entry["option"])
        for value in values:
            if short(value):
                return f"{entry['option']} {value}"
    if "setting" in entry or "setting_pattern" in entry:
        # `setting_pattern`: a regex over the key (`kubectl set env deploy/db BACKUP_ENABLED=false`)
        key = entry.get("setting_pattern") or re.escape(entry["setting"])
        # `key=v`, `key: v`, `"key": "v"`, and a JSON patch's `"path": "/x/key", "value": "v"`
        pattern = re.compile(rf"(?:^|[\s,\[{{'\"/=])({key})['\"]?\s*(?:[=:]|,\s*['\"]?value['\"]?\s*:)"
                             rf"\s*['\"]?([^,\s'\"\]}}]+)", re.I)
        texts = [w.text for w in view.cmd.words[1:]] + [t for t in _file_texts(view, entry) if t]
        for text in texts:
            for m in pattern.finditer(text):
                if short(m.group(2)):
                    return f"{entry.get('setting') or m.group(1)}={m.group(2)}"
    if "operand" in entry:
        regex = re.compile(entry["operand"], re.I)
        hit = next((o for o in operands if regex.search(o)), None)
        if hit is not None:
            return f"{entry['command']} {hit}"
    return None


def _file_values(view, entry: dict) -> list[str]:
    """The values of the entry's `files` options (`kubectl patch --patch-file p.yaml`)."""
    return [v for option in entry.get("files", [])
            for v in (view.args.values(option) or option_value(view.cmd, option))]


def _file_texts(view, entry: dict) -> list[str | None]:
    return [read(value, view.ctx) for value in _file_values(view, entry)]


def _unread_files(view, entry: dict) -> str:
    """`--patch-file p.yaml` when that file cannot be read (so its settings are unknown)."""
    for option in entry.get("files", []):
        if option in view.args.dynamic:
            return f"the {option} argument"
        for value in view.args.values(option) or option_value(view.cmd, option):
            if read(value, view.ctx) is None:
                return f"{option} {value}"
    return ""


def _payloads(view, params: dict) -> list[Fact]:
    short = float(params.get("short_retention_days", 7))
    facts = []
    for path, sources in params.get("payloads", {}).items():
        operands = operands_after(view, path)
        if operands is None:
            continue
        for text, where in _payload_texts(view, sources, operands):
            if text is None:
                facts.append(Fact("data.unknown", f"cannot read the payload of {path} ({where})",
                                  where))
                continue
            for effect in effects(text, short):
                label = {"delete": "data.payload_delete", "expire": "data.expire",
                         "backup_expire": "data.backup_retention",
                         "unknown": "data.unknown"}[effect.kind]
                facts.append(Fact(label, f"{path}: {effect.detail}", effect.target or path))
    return facts


def _payload_texts(view, sources: list[str], operands: list[str]):
    """(text or None when unreadable, where it came from) for each payload the command sends."""
    for source in sources:
        if source.isdigit():  # an operand holding a file name: `gsutil lifecycle set FILE`
            index = int(source) - 1
            if index < len(operands):
                yield read(operands[index], view.ctx), operands[index]
            continue
        if source in view.args.dynamic:
            yield None, f"the {source} argument"
            continue
        for value in view.args.values(source):
            # an option named for a file (`gcloud storage buckets update --lifecycle-file=F`)
            # holds a path, never the payload itself
            yield (read(value, view.ctx) if source.endswith("-file") else _load(value, view)), value


def _load(value: str, view) -> str | None:
    for prefix in ("file://", "fileb://", "@"):
        if value.startswith(prefix):
            return read(value[len(prefix):], view.ctx)
    return value


def _syncs(view, params: dict) -> list[Fact]:
    for path, options in params.get("syncs", {}).items():
        operands = operands_after(view, path)
        if operands is None or view.args.flags & DRY_RUN:
            continue
        hit = _after_subcommand(view, path, options)
        if hit:
            return [Fact("data.delete_sync", f"{path} {hit}", operands[-1] if operands else path)]
    return []


def _after_subcommand(view, path: str, options: list[str]) -> str:
    """The first of `options` given after the subcommand (`gsutil -d rsync` is debug output,
    `gsutil rsync -d` deletes), unless its value is false."""
    words = [w.text for w in view.cmd.words]
    last = path.split()[-1]
    start = words.index(last) + 1 if last in words else 1
    for word in words[start:]:
        name, eq, value = word.partition("=")
        if eq and value.lower() in FALSE:
            continue
        if name in options:
            values = view.args.values(name)  # `--delete-destination false`
            if not eq and values and all(v.lower() in FALSE for v in values):
                continue
            return word
        if re.match(r"^-[A-Za-z]{2,}$", word) and any(
                len(o) == 2 and o[1] in word[1:] for o in options):
            return word  # a cluster: gsutil rsync -rd
    return ""
