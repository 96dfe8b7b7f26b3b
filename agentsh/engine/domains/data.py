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
    return _retention(view, params) + _payloads(view, params) + _syncs(view, params) + \
        _policy_files(view, params)


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
        inputs = _cli_inputs(view)
        unread = _unread_files(view, entry) or inputs.unread
        if unread:
            facts.append(Fact("data.unknown", f"cannot read {unread}, which may set "
                              f"{entry.get('setting') or entry.get('setting_pattern')}: "
                              f"{entry.get('what', '')}", unread.split()[-1]))
            continue
        hit = _retention_hit(view, entry, operands, inputs)
        if hit is None:
            continue
        label = "data.backup_retention" if entry.get("backups") else "data.retention"
        target = next((o for o in operands if not o.startswith("-")), "") or \
            entry["command"].split()[0]
        facts.append(Fact(label, f"{hit}: {entry.get('what', 'data is kept for less time')}",
                          target))
    return facts


def _retention_hit(view, entry: dict, operands: list[str], inputs=None) -> str | None:
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
        values = list(values) + (inputs.options.get(entry["option"], []) if inputs else [])
        for value in values:
            if short(value):
                return f"{entry['option']} {value}"
    if "setting" in entry or "setting_pattern" in entry:
        # `setting_pattern`: a regex over the key (`kubectl set env deploy/db BACKUP_ENABLED=false`)
        key = entry.get("setting_pattern") or re.escape(entry["setting"])
        # `key=v`, `key: v`, `"key": "v"`, and a JSON patch's `"path": "/x/key", "value": "v"`
        pattern = re.compile(rf"(?:^|[\s,\[{{'\"/=])({key})['\"]?\s*(?:[=:]|,\s*['\"]?value['\"]?\s*:)"
                             rf"\s*['\"]?([^,\s'\"\]}}]+)", re.I)
        texts = [w.text for w in view.cmd.words[1:]] + [t for t in _file_texts(view, entry) if t] + \
            (inputs.texts if inputs else [])
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


class Inputs:
    """What a cloud CLI reads from files besides its words: the text of every `file://F`
    (`fileb://`, and az's `@F`) value, and the options a `--cli-input-json`/`--cli-input-yaml`
    document sets (AWS maps `BackupRetentionPeriod` to `--backup-retention-period`). `unread`
    names a file agentsh could not read ("" when all were read)."""

    __slots__ = ("texts", "options", "unread")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.options: dict[str, list[str]] = {}
        self.unread = ""


CLI_INPUTS = ("--cli-input-json", "--cli-input-yaml")


def _cli_inputs(view) -> Inputs:
    import json

    out = Inputs()
    if view.program not in ("aws", "az"):
        return out
    prefixes = ("file://", "fileb://") if view.program == "aws" else ("@",)
    words = [w.text for w in view.cmd.words[1:]]
    for k, word in enumerate(words):
        option, eq, value = word.partition("=") if word.startswith("--") else ("", "", word)
        if not eq:
            option = words[k - 1] if k and words[k - 1].startswith("--") else ""
        if not value.startswith(prefixes):
            if option in CLI_INPUTS and (value.lstrip()[:1] in ("{", "[") or
                                         option == "--cli-input-yaml" and value.strip()):
                # (`--cli-input-yaml 'BackupRetentionPeriod: 0'` written inline: review-f)
                _input_options(value, out, json)
            continue
        text = read(value.split("://", 1)[-1] if "://" in value else value[1:], view.ctx)
        if text is None:
            out.unread = out.unread or value
            continue
        out.texts.append(text[:200_000])
        if option in CLI_INPUTS:
            _input_options(text, out, json)
    return out


def _input_options(text: str, out: Inputs, json) -> None:
    """The options a `--cli-input-json`/`-yaml` document sets, as `--kebab-name` -> values."""
    from agentsh.engine.domains.common import name_words
    from agentsh.engine.recipes import YamlUnread, mini_yaml

    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        try:
            doc = mini_yaml(text[:200_000], strict=True)
        except (YamlUnread, RecursionError, ValueError, IndexError):
            out.unread = out.unread or "a --cli-input document agentsh cannot read"
            return
    if not isinstance(doc, dict):
        return
    for key, value in doc.items():
        if not isinstance(key, str):
            continue
        name = "--" + "-".join(name_words(key))
        shown = json.dumps(value) if isinstance(value, (dict, list)) else str(value).lower() \
            if isinstance(value, bool) else str(value)
        out.options.setdefault(name, []).append(shown)
        if isinstance(value, (dict, list)):
            out.texts.append(shown)


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
        for text, where, is_file in _payload_texts(view, sources, operands):
            if text is None:
                facts.append(Fact("data.unknown", f"cannot read the payload of {path} ({where})",
                                  where))
                continue
            for effect in effects(text, short, yaml=is_file):
                label = {"delete": "data.payload_delete", "expire": "data.expire",
                         "backup_expire": "data.backup_retention",
                         "unknown": "data.unknown"}[effect.kind]
                facts.append(Fact(label, f"{path}: {effect.detail}", effect.target or path))
    return facts


def _payload_texts(view, sources: list[str], operands: list[str]):
    """(text or None when unreadable, where it came from, whether it is a file's text) for each
    payload the command sends, and for gcloud, each one a `--flags-file` gives."""
    for source in sources:
        if source.isdigit():  # an operand holding a file name: `gsutil lifecycle set FILE`
            index = int(source) - 1
            if index < len(operands):
                yield read(operands[index], view.ctx), operands[index], True
            continue
        if source in view.args.dynamic:
            yield None, f"the {source} argument", False
            continue
        for value in view.args.values(source):
            # an option named for a file (`gcloud storage buckets update --lifecycle-file=F`)
            # holds a path, never the payload itself
            if source.endswith("-file"):
                yield read(value, view.ctx), value, True
            else:
                text, is_file = _load(value, view)
                yield text, value, is_file
    if view.program == "gcloud":
        yield from _flags_files(view, [s for s in sources if s.startswith("--")])


def _flags_files(view, sources: list[str]):
    """The payloads a gcloud `--flags-file` sets (a YAML or JSON mapping of flags to values,
    `--lifecycle-file: rules.json`): the payload options' values in it, read like the command
    line's. A flags file agentsh cannot read may set any of them: unknown."""
    from agentsh.engine.recipes import YamlUnread, mini_yaml

    if "--flags-file" in view.args.dynamic:
        yield None, "the --flags-file argument", False
        return
    for value in view.args.values("--flags-file"):
        text = read(value, view.ctx)
        try:
            doc = mini_yaml(text, strict=True) if text is not None else None
        except (YamlUnread, RecursionError, ValueError, IndexError):
            doc = None
        docs = doc if isinstance(doc, list) else [doc]
        if text is None or not all(isinstance(d, dict) for d in docs):
            yield None, f"--flags-file {value}", False
            continue
        for d in docs:
            for source in sources:
                given = d.get(source)
                for item in given if isinstance(given, list) else [given]:
                    if item is None:
                        continue
                    item = str(item)
                    if source.endswith("-file"):
                        yield read(item, view.ctx), item, True
                    else:
                        loaded, is_file = _load(item, view)
                        yield loaded, item, is_file


def _load(value: str, view) -> tuple[str | None, bool]:
    """The payload an option's value gives, and whether it came from a file: `file://F`,
    `fileb://F` and `@F` are read; for az, a plain value that is not JSON is a file's path too
    (`--policy policy.json`: az reads the file)."""
    for prefix in ("file://", "fileb://", "@"):
        if value.startswith(prefix):
            return read(value[len(prefix):], view.ctx), True
    if view.program == "az" and not value.lstrip().startswith(("{", "[")):
        return read(value, view.ctx), True
    return value, False


def _policy_files(view, params: dict) -> list[Fact]:
    """Access policies read from a file (`aws s3api put-bucket-policy --policy file://p.json`,
    `--cli-input-json file://in.json`, az's `--policy p.json`): the patterns of
    `[analyzer.data.policy_patterns]` the CLOUD rules match on a policy written inline, matched
    on the file's text (and on JSON text held in its strings). A policy file agentsh cannot read
    is `data.policy_unknown`. An inline policy is left to the CLOUD rules that read it."""
    patterns = params.get("policy_patterns", {})
    facts = []
    for path, entry in params.get("policy_files", {}).items():
        operands = operands_after(view, path)
        if operands is None:
            continue
        for source in entry.get("options", []):
            if source in view.args.dynamic:
                facts.append(Fact("data.policy_unknown", f"{path}: the {source} argument is only "
                                  "known when it runs", source))
                continue
            for value in view.args.values(source) or option_value(view.cmd, source):
                text, is_file = _load(value, view)
                # an inline policy is the CLOUD rules'; one with JSON escapes (`"Principal":
                # "\u002a"`) is read here as JSON reads it (review-f, session 30)
                if not is_file and "\\u" not in value:
                    continue
                if text is None:
                    facts.append(Fact("data.policy_unknown", f"{path}: cannot read {value}",
                                      value))
                    continue
                for kind in entry.get("checks", []):
                    regex = patterns.get(kind)
                    if regex and any(re.search(regex, t) for t in _policy_texts(text)):
                        facts.append(Fact(f"data.{kind}_policy", f"{path} {value}", value))
    return facts


def _policy_texts(text: str) -> list[str]:
    """A policy file's text, and the JSON documents its string values hold (`--cli-input-json`
    gives the policy as a string: `{"Bucket": "b", "Policy": "{\"Statement\": ...}"}`)."""
    import json

    out = [text[:200_000]]
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return out
    values = doc.values() if isinstance(doc, dict) else []
    inner = [v for v in values if isinstance(v, str) and v.lstrip().startswith("{")]
    out += inner
    # the documents as JSON reads them: `"Principal": "\u002a"` is `"*"` to AWS (review-f,
    # session 30: an escaped star made a bucket public unseen)
    for piece in [doc] + inner:
        try:
            data = json.loads(piece) if isinstance(piece, str) else piece
            out.append(json.dumps(data, ensure_ascii=False)[:200_000])
        except (ValueError, RecursionError):
            continue
    return out


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
