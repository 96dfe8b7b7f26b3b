"""What a JSON payload does when a command sends it: change batches whose action is DELETE,
batch writes of delete requests, lifecycle and ILM rules that expire data after a short time,
backup plans that delete recovery points early.

Pure functions over text; the data and HTTP analyzers hand in the bodies (literal, `file://`,
`@file`) and turn the effects into facts. Text that is not JSON is searched for the same keys
in the AWS shorthand form (`Action=DELETE`)."""

from __future__ import annotations

from agentsh.engine.lazyre import later
from agentsh.records import Record

MAX_NODES = 20000  # bounded work on huge payloads
TEXT_DELETE = later(r"""(?i)["']?\baction["']?\s*[=:]\s*["']?delete\b""")
DURATION = later(r"^\s*(\d+(?:\.\d+)?)\s*(nanos|micros|ms|s|m|h|d)?\s*$")
SECONDS = {"nanos": 1e-9, "micros": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400,
           None: 86400}


class Effect(Record, fields="kind detail target", defaults=("",)):
    """One effect of a payload: kind is 'delete', 'expire', 'backup_expire', or 'unknown' when
    the payload is too large or deep to read whole."""

    __slots__ = ()

    kind: str
    detail: str
    target: str


def effects(text: str, short_days: float, yaml: bool = False) -> list[Effect]:
    """Every destructive effect in a payload; `short_days` is the longest expiry that counts as
    deleting data (an expiry after more days is ordinary housekeeping). With `yaml` (a file the
    CLI reads as JSON or YAML: `gcloud storage buckets update --lifecycle-file rules.yaml`), text
    that is not JSON is read as YAML, and YAML agentsh does not read exactly is unknown."""
    import json

    out: list[Effect] = []
    try:
        doc = json.loads(text)
    except RecursionError:
        out.append(Effect("unknown", "a payload nested too deep to read"))
        doc = None
    except ValueError:  # not JSON: YAML in a file, or the AWS shorthand form `Action=DELETE`
        doc = _yaml(text, out) if yaml else None
    if doc is None:
        if TEXT_DELETE.search(text):
            out.append(Effect("delete", "a change with Action=DELETE"))
        return out
    count = [0]
    _walk(doc, short_days, out, count)
    if count[0] > MAX_NODES:
        out.append(Effect("unknown", "a payload too large to read whole"))
    return list(dict.fromkeys(out))


def _yaml(text: str, out: list[Effect]):
    """A YAML document as data, or None (with an unknown effect) when agentsh cannot read it
    exactly: a payload it cannot read may delete."""
    from agentsh.engine.recipes import YamlUnread, mini_yaml

    if len(text) > 200_000:
        out.append(Effect("unknown", "a payload too large to read whole"))
        return None
    try:
        doc = mini_yaml(text, strict=True)
    except (YamlUnread, RecursionError, ValueError, IndexError) as exc:
        out.append(Effect("unknown", f"a YAML payload agentsh cannot read exactly ({exc})"))
        return None
    if not isinstance(doc, (dict, list)):
        out.append(Effect("unknown", "a payload that is neither JSON nor a YAML mapping"))
        return None
    return doc


def days(value) -> float | None:
    """A lifetime as days: 7, "7", "0d", "12h", "30m", "0ms"; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = DURATION.match(value)
        if m:
            return float(m.group(1)) * SECONDS[m.group(2)] / 86400
    return None


def _key(d: dict, *names: str):
    lower = {k.lower(): v for k, v in d.items() if isinstance(k, str)}
    for name in names:
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def _walk(node, short: float, out: list[Effect], count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, short, out, count)
        return
    if not isinstance(node, dict):
        return
    _check(node, short, out)
    for value in node.values():
        _walk(value, short, out, count)


def _check(node: dict, short: float, out: list[Effect]) -> None:
    action = _key(node, "Action")
    if isinstance(action, str) and action.upper() == "DELETE":
        record = _key(node, "ResourceRecordSet")
        name = _key(record, "Name") if isinstance(record, dict) else None
        what = f"deletes the record {name}" if name else "a change whose action is DELETE"
        out.append(Effect("delete", what, name or ""))
    if isinstance(action, dict) and str(_key(action, "type") or "").lower() == "delete":
        condition = _key(node, "condition") or {}  # Google Cloud Storage lifecycle
        age = days(_key(condition, "age")) if isinstance(condition, dict) else None
        if age is not None and age <= short:
            out.append(Effect("expire", f"objects are deleted {_age(age)} after creation"))
    if _key(node, "DeleteRequest") is not None:
        out.append(Effect("delete", "a batch write of DeleteRequest items"))
    for key, what in (("Expiration", "objects expire"),
                      ("NoncurrentVersionExpiration", "old object versions expire")):
        rule = _key(node, key)
        if isinstance(rule, dict):
            n = days(_key(rule, "Days", "NoncurrentDays"))
            if n is not None and n <= short:
                out.append(Effect("expire", f"{what} {_age(n)} after creation"))
    phases = _key(node, "phases")
    if isinstance(phases, dict) and isinstance(_key(phases, "delete"), dict):
        n = days(_key(_key(phases, "delete"), "min_age") or "0d")
        if n is not None and n <= short:
            out.append(Effect("expire", f"an ILM delete phase after {_age(n)}"))
    state = _key(node, "state_name")  # an OpenSearch ISM transition into a delete state
    conditions = _key(node, "conditions")
    if isinstance(state, str) and "delete" in state.lower() and isinstance(conditions, dict):
        n = days(_key(conditions, "min_index_age"))
        if n is not None and n <= short:
            out.append(Effect("expire", f"an ISM transition to delete after {_age(n)}"))
    delete = _key(node, "delete")  # Azure Storage management policy
    if isinstance(delete, dict):
        n = days(_key(delete, "daysAfterModificationGreaterThan", "daysAfterCreationGreaterThan"))
        if n is not None and n <= short:
            out.append(Effect("expire", f"blobs are deleted {_age(n)} after they change"))
    rules = _key(node, "Rules")
    if _key(node, "BackupPlanName") is not None and isinstance(rules, list) and not rules:
        out.append(Effect("backup_expire", "the backup plan is left with no rule: it makes no "
                                           "more backups"))
    selection = _key(node, "selection")  # an ECR lifecycle rule
    if isinstance(action, dict) and str(_key(action, "type") or "").lower() == "expire" and \
            isinstance(selection, dict):
        count = _key(selection, "countNumber")
        kind = str(_key(selection, "countType") or "")
        if kind == "imageCountMoreThan" and isinstance(count, int) and count <= 1:
            out.append(Effect("expire", f"every image but the newest {count} is deleted"))
        elif kind == "sinceImagePushed" and isinstance(count, int) and count <= short:
            out.append(Effect("expire", f"images are deleted {_age(count)} after they are pushed"))
    lifecycle = _key(node, "Lifecycle")
    if isinstance(lifecycle, dict):
        n = days(_key(lifecycle, "DeleteAfterDays"))
        if n is not None and n <= short:
            out.append(Effect("backup_expire", f"recovery points are deleted {_age(n)} after "
                                                "they are made"))


def _age(n: float) -> str:
    if 0 < n < 1:
        return f"{round(n * 24, 2):g} hours"
    return f"{n:g} day" + ("" if n == 1 else "s")  # 0 days: at once
