"""The rules.toml schema: what each key may hold, checked with messages that name the key path."""

from __future__ import annotations

import datetime
import re
from typing import Any

RULE_ID = re.compile(r"^[A-Z]{2,6}[0-9]{3}$")
ALLOW_RULE = re.compile(r"^[A-Z]{2,6}(?:[0-9]{3})?$")  # an ID, or the letters of IDs
SEVERITIES = ("low", "medium", "high", "critical")
DECISIONS = ("allow", "confirm", "deny")
ACTORS = ("agent", "person")

STR, INT, BOOL, DATE = "a string", "an integer", "true or false", "a date"
STRS, TABLE, STR_TABLE = "a list of strings", "a table", "a table of strings"
EFFECT_KINDS = "effect kinds"
KINDS = ("write", "append", "delete", "move", "mkdir", "link", "touch", "meta", "tree")

SETTINGS_KEYS = {
    "default": DECISIONS,
    "timeout": INT,
    "severity": TABLE,
    "audit_log": STR,
    "syslog": BOOL,
    "bash": STR,
    "trusted_snapshots": STRS,
    "approve_timeout": INT,
    "enforce": BOOL,
    "scripts_by_path": BOOL,
    "snapshots": TABLE,
}
SNAPSHOT_KEYS = {"enabled": BOOL, "max_files": INT, "max_copy_bytes": INT, "trash_bytes": INT,
                 "retention_hours": INT, "trash": STR}
RECOVERABLE = ("snapshot", "no")
PROGRAM_KEYS = {"aliases": STRS, "value_options": STRS, "clusters": BOOL, "long_options": STRS,
                "command_options": STRS, "global_value_options": STRS, "own_lead_options": BOOL}
WRAPPER_RUNS = (
    "argv",        # a command and its arguments (sudo, timeout 5, uv run)
    "string",      # shell code: the words joined by spaces (ssh HOST CMD, watch, tmux new CMD)
    "strings",     # each word is shell code of its own (hyperfine 'cmd1' 'cmd2')
    "first",       # the first word is shell code, the rest are its arguments (trap CODE SIGNAL)
    "shell",       # arguments of a shell: `-c CODE`, a script, or code on stdin (su USER ...)
    "nothing",     # no command from its words (script FILE, at TIME): see code_options, stdin
    "subcommand",  # decided by its subcommand, each a `[wrapper."PROGRAM SUB"]` (tmux)
    "keys",        # keys typed into a terminal; each line ended by Enter is shell code
    "crontab",     # a crontab (the file named, or stdin): each entry's command is shell code
)
WRAPPER_KEYS = {"aliases": STRS, "value_options": STRS, "arity": "int table", "before": INT,
                "dash_option": BOOL, "assignments": BOOL, "no_command": STRS,
                "code_options": STRS, "script_options": STRS, "argv_options": STRS,
                "stdin_options": STRS, "stdin_code": BOOL, "runs": WRAPPER_RUNS,
                "homonyms": STRS}
RULE_KEYS = {
    "id": STR, "domain": STR, "severity": SEVERITIES, "decision": DECISIONS, "message": STR,
    "safer": STR, "enabled": BOOL,
    "program": STRS, "subcommand": STRS, "flags_any": STRS, "flags_all": STRS, "flags_none": STRS,
    "args_any": "regexes", "args_none": "regexes", "targets_any": STRS, "targets_exempt": STRS,
    "option_values": "regex table", "env": "regex table", "env_none": "regex table",
    "env_none_args": "regexes", "cwd": STRS,
    "actor": ACTORS,
    "redirect_to": STRS, "facts": STRS, "via": STRS, "operands_min": INT, "any_value": "regexes",
    "writes_any": STRS, "effects": EFFECT_KINDS, "paths_any": STRS, "paths_exempt": STRS,
    "existing": BOOL, "empties": BOOL,
    "must_match": STRS, "must_not_match": STRS, "todo_match": STRS, "todo_not_match": STRS,
    "recoverable": RECOVERABLE, "recoverable_match": STRS, "recoverable_not_match": STRS,
}
ALLOW_KEYS = {"rule": STR, "command": "regex", "cwd": STR, "expires": DATE, "reason": STR}
TOP_KEYS = {"version": INT, "include": STRS, "settings": TABLE, "program": TABLE, "rule": "rules",
            "allow": "allows", "analyzer": TABLE, "wrapper": TABLE}
# What adding entries to each analyzer parameter does, decided here and nowhere else. A layer
# that is not trusted (a project file until `agentsh trust`; in protected mode every layer the
# agent's user can write) may add to TIGHTENS lists and add new keys to NEW_KEYS_TIGHTEN tables,
# and nothing else: a parameter missing from this table is refused too, so a new one must be
# classified before a project file can touch it.
TIGHTENS = "tightens"  # more entries, more findings (destroy verbs, production patterns)
LOOSENS = "loosens"  # more entries, fewer findings (generators, stop words, not-destructive)
NEW_KEYS_TIGHTEN = "new keys tighten"  # a table: a new client adds checks, a changed one may not
ANALYZER_PARAMETERS = {
    ("unknown", "eval_generators"): LOOSENS,  # `eval "$(TOOL)"` of these is not unknown code
    # UNK140 (engine/wildcard.py): each entry makes fewer run-time words ask
    ("unknown", "wildcard_skip_rules"): LOOSENS,
    ("unknown", "wildcard_data_producers"): LOOSENS,
    ("unknown", "wildcard_data_names"): LOOSENS,
    ("unknown", "wildcard_read_only"): LOOSENS,  # fewer words tried as verbs
    ("unknown", "wildcard_data_filters"): LOOSENS,  # more filters keep a producer's output data
    ("unknown", "wildcard_max_matches"): LOOSENS,  # a higher cap asks less often
    ("unknown", "wildcard_data_shaped"): TIGHTENS,  # a producer whose arguments shape its output
    ("sql", "production_patterns"): TIGHTENS,
    ("sql", "clients"): NEW_KEYS_TIGHTEN,
    ("mongo", "clients"): TIGHTENS,
    ("mongo", "startup"): TIGHTENS,  # one more start-up file the shell runs, read
    ("redis", "clients"): TIGHTENS,
    ("http", "destroy_verbs"): TIGHTENS,
    ("http", "marked_hosts"): TIGHTENS,
    ("http", "mutation_verbs"): TIGHTENS,  # one more word that makes a mutation destroy
    # session 25 (bench/redteam/attack-2026-11-30-s25.md)
    ("http", "grpc_clients"): TIGHTENS,  # one more gRPC client whose method is read
    ("http", "request_file_clients"): TIGHTENS,  # one more client whose request file is read
    ("http", "restore_path_verbs"): TIGHTENS,  # one more path word that restores over live data
    ("http", "restore_sources"): TIGHTENS,  # one more word that makes such a path a restore
    # session 30 (bench/redteam/attack-2026-12-01-s30.md)
    ("http", "reimage_verbs"): TIGHTENS,  # one more path word that puts an image over a disk
    ("http", "reimage_actions"): TIGHTENS,
    ("http", "machine_nouns"): TIGHTENS,  # one more path word that names a server
    ("cloud", "reimage_verbs"): TIGHTENS,
    ("redis", "shells"): TIGHTENS,  # one more PaaS command whose stdin is Redis commands
    ("http", "websocket_clients"): TIGHTENS,  # one more client whose messages are read
    ("http", "websocket_message_options"): TIGHTENS,
    ("http", "safeguard_keys"): TIGHTENS,  # one more key whose false turns a safeguard off
    ("http", "safeguard_nouns"): TIGHTENS,
    ("http", "soft_delete_keys"): TIGHTENS,
    ("http", "soft_delete_states"): TIGHTENS,
    ("http", "soft_delete_state_keys"): TIGHTENS,
    ("http", "safeguard_lists"): TIGHTENS,
    ("http", "force_ref_paths"): TIGHTENS,  # one more API path where `force: true` rewrites a ref
    ("http", "unsafe_allows"): TIGHTENS,  # one more `allow_X: true` that lifts a protection
    ("cloud", "stop_words"): LOOSENS,  # scanning for a destroy verb stops at these
    ("cloud", "not_destructive"): LOOSENS,
    ("cloud", "replace_force_kinds"): TIGHTENS,  # one more kind `replace --force` asks for
    ("cloud", "destroy_verbs"): TIGHTENS,
    ("cloud", "production_patterns"): TIGHTENS,
    ("cloud", "production_options"): TIGHTENS,
    ("cloud", "production_env"): TIGHTENS,
    ("cloud", "clis"): NEW_KEYS_TIGHTEN,
    ("cloud", "soft_verbs"): LOOSENS,  # a soft verb is reported low, not as destruction
    ("cloud", "deeper"): LOOSENS,  # a number: a layer could set 0
    ("cloud", "unlisted"): LOOSENS,  # its `exempt` list takes CLIs out of CLOUD071
    ("cloud", "verb_prefixes"): TIGHTENS,  # `batch-delete-x` is read as `delete-x`
    ("cloud", "destructive_paths"): TIGHTENS,
    ("cloud", "soft_delete"): LOOSENS,
    ("cloud", "regenerable"): LOOSENS,  # a path there is not destruction
    ("cloud", "option_verbs"): NEW_KEYS_TIGHTEN,
    ("cloud", "family_nouns"): LOOSENS,  # where unsure: refusing a tightening entry costs only
    ("cloud", "family_paths"): LOOSENS,  # a `agentsh trust`; accepting a loosening one costs more
    # declarative applies and CI (docs/delegation.md): a layer could drop a tool, a flag that
    # skips review, a CI program or file, or wait longer for a reader: only trusted layers may
    ("plans", "tools"): LOOSENS,
    ("plans", "probe_seconds"): LOOSENS,
    ("ci", "clients"): LOOSENS,
    ("ci", "files"): LOOSENS,
    ("ci", "step_keys"): LOOSENS,
    ("ci", "runner_local"): LOOSENS,
    ("ci", "manual_events"): LOOSENS,  # a manual event is not judged at a push
    ("ci", "generated_dirs"): LOOSENS,
    ("ci", "ref_movers"): LOOSENS,  # fewer movers, fewer pushes asked about
    ("backups", "extra_verbs"): TIGHTENS,
    ("backups", "all_nouns"): TIGHTENS,
    ("backups", "delete_options"): TIGHTENS,
    ("backups", "identifying_words"): LOOSENS,  # changes the name a person types
    ("backups", "http_nouns"): TIGHTENS,
    ("backups", "rollback_verbs"): TIGHTENS,
    ("backups", "safeguards"): TIGHTENS,  # one more option name that turns a safeguard off
    ("backups", "safeguard_spans"): TIGHTENS,
    ("backups", "creating_words"): LOOSENS,  # one more path word on which nothing is asked
    ("backups", "restores_in_place"): NEW_KEYS_TIGHTEN,  # a new path asks; its flags loosen
    ("backups", "resource_clis"): TIGHTENS,
    ("backups", "newest_words"): LOOSENS,
    ("backups", "deletes_backups_unless"): LOOSENS,  # more "unless" flags, fewer findings
    ("undo", "tools"): TIGHTENS,  # more programs whose operands may reach the trash (UNDO001)
    ("undo", "deleters"): TIGHTENS,
    ("backups", "tools"): LOOSENS,
    ("data", "short_retention_days"): LOOSENS,
    ("data", "retention"): TIGHTENS,  # each entry is one more finding
    ("data", "payloads"): LOOSENS,
    ("data", "syncs"): LOOSENS,
    ("data", "policy_files"): NEW_KEYS_TIGHTEN,  # a new path's policy files are read (CLOUD094-097)
    ("data", "policy_patterns"): LOOSENS,  # a changed pattern may match nothing
    ("cypher", "clients"): NEW_KEYS_TIGHTEN,
    ("cleans", "dirs"): NEW_KEYS_TIGHTEN,  # one more tool that deletes its output folder (FS070)
    ("code", "sdk_modules"): TIGHTENS,
    ("code", "sdk_verbs"): NEW_KEYS_TIGHTEN,  # a new SDK's own verbs that destroy
    ("code", "sql_methods"): TIGHTENS,
    ("code", "compiled"): NEW_KEYS_TIGHTEN,  # a new compiler: planted source it builds asks
    ("code", "foreign"): NEW_KEYS_TIGHTEN,  # a new interpreter: its code is read for harm words
    ("code", "idioms"): LOOSENS,  # more idioms taken out before the harm words are tested
    ("code", "unknown_code_options"): TIGHTENS,  # more options read as code: more questions
    ("code", "data_extensions"): LOOSENS,  # more names taken for data: fewer questions
    # a port named as one protocol is read only as that one (unnamed ports: as every protocol)
    ("net", "ports"): LOOSENS,
    ("runners", "packages"): NEW_KEYS_TIGHTEN,  # a new runner's package is checked as a command
    ("runners", "code_options"): LOOSENS,
    ("runners", "delete_tools"): TIGHTENS,  # `rimraf` is `rm -rf`
    ("runners", "tasks"): LOOSENS,
    # a package, module or image mapped to another binary is checked as that binary: a layer
    # could map one to a harmless name (`alpine` -> `echo`)
    ("runners", "bins"): LOOSENS,
    ("runners", "modules"): LOOSENS,
    ("filesystem", "precious"): TIGHTENS,  # never regenerable output, even when git ignores it
    ("cred", "files"): TIGHTENS,  # more credential paths, more sends asked about
    ("cred", "files_exempt"): LOOSENS,
    ("cred", "environment_dumps"): TIGHTENS,
    ("cred", "contents"): TIGHTENS,  # more credential texts recognised in what is sent
    ("access", "groups"): TIGHTENS,  # one more group whose members are root (CRED008)
    ("access", "capabilities"): TIGHTENS,  # one more capability that makes a root (CRED014)
    ("cred", "senders"): NEW_KEYS_TIGHTEN,  # a changed sender's local_options would skip values
    ("effects", "none"): LOOSENS,  # "writes no file": what the line wrote before stays trusted
    ("effects", "blind"): LOOSENS,  # code read after it is read as it was before the line
    ("effects", "blind_unseen"): LOOSENS,
    ("effects", "blind_unseen_scripts"): LOOSENS,
    ("effects", "blind_option_values"): LOOSENS,  # a skipped value may let a subcommand match
    # judging text alone, a program with plain words is as unseen as a build tool (unseen_quiet)
    ("effects", "unseen_quiet"): LOOSENS,
    ("effects", "unseen_quiet_never"): TIGHTENS,
    ("effects", "unseen_quiet_never_words"): TIGHTENS,
    ("effects", "unseen_quiet_through"): LOOSENS,
    ("effects", "unseen_quiet_queries"): LOOSENS,
    ("effects", "unseen_quiet_version_v"): LOOSENS,
    ("effects", "unseen_quiet_sql"): LOOSENS,
    # a new program's effects could be none at all (the same loosening): a trusted layer only
    ("effects", "programs"): LOOSENS,
    # a module run as a program, and writes in code: known effects (what they make may count
    # as the line's own), so only a trusted layer adds them
    ("effects", "modules"): LOOSENS,
    ("effects", "code_writes"): LOOSENS,
    # whose exemptions say a move's source is scratch (its destination then holds no data)
    ("effects", "scratch_rule"): LOOSENS,
    ("exec", "names_as_data"): LOOSENS,  # a name there is never read as a command to check
    ("exec", "image_entrypoints"): LOOSENS,  # see runners.bins
    ("exec", "command_env"): TIGHTENS,  # one more variable whose value is checked as a command
    ("exec", "option_env"): NEW_KEYS_TIGHTEN,  # one more variable read as a program's options
    ("exec", "git_command_keys"): TIGHTENS,
    ("exec", "git_config_becomes"): NEW_KEYS_TIGHTEN,  # one more setting checked as a command
    ("exec", "settings_commands"): NEW_KEYS_TIGHTEN,  # one more tool's settings read for commands
    ("exec", "project_files"): NEW_KEYS_TIGHTEN,  # one more tool's own files read as what it runs
    # which git subcommands run a setting: a layer could narrow a key to no subcommand
    ("exec", "git_setting_runs"): LOOSENS,
}

MATCHERS = ("program", "subcommand", "flags_any", "flags_all", "args_any", "targets_any",
            "operands_min",
            "option_values", "env", "cwd", "redirect_to", "facts", "any_value", "writes_any",
            "effects")


def _check(where: str, key: str, value: Any, kind: Any) -> list[str]:
    here = f"{where}: {key}" if where else key
    if isinstance(kind, tuple):
        if value not in kind:
            return [f"{here}: expected one of {', '.join(kind)}, got {value!r}"]
        return []
    ok = {
        STR: isinstance(value, str),
        INT: isinstance(value, int) and not isinstance(value, bool),
        BOOL: isinstance(value, bool),
        DATE: isinstance(value, (datetime.date, datetime.datetime)),
        STRS: isinstance(value, list) and all(isinstance(v, str) for v in value),
        TABLE: isinstance(value, dict),
        "regexes": isinstance(value, list) and all(isinstance(v, str) for v in value),
        "regex": isinstance(value, str),
        "regex table": isinstance(value, dict) and all(isinstance(v, str) for v in value.values()),
        "int table": isinstance(value, dict) and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value.values()),
        EFFECT_KINDS: isinstance(value, list) and all(v in KINDS for v in value),
    }.get(kind, True)
    if not ok:
        expected = {"regexes": STRS, "regex": STR, "regex table": STR_TABLE,
                    "int table": "a table of positive integers",
                    EFFECT_KINDS: f"a list of {', '.join(KINDS)}"}.get(kind, kind)
        return [f"{here}: expected {expected}, got {type(value).__name__} {value!r}"]
    patterns = []
    if kind == "regexes":
        patterns = value
    elif kind == "regex":
        patterns = [value]
    elif kind == "regex table":
        patterns = list(value.values())
    errors = []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(f"{here}: regex {pattern!r} does not compile: {exc}")
    return errors


def _unknown(where: str, table: dict, known: dict) -> list[str]:
    prefix = f"{where}: " if where else ""
    return [f"{prefix}unknown key {key!r} (expected one of {', '.join(sorted(known))})"
            for key in table if key not in known]


def validate(doc: dict, *, need_examples: bool = True) -> list[str]:
    """Every schema problem in one parsed rules file, each a line naming its key path."""
    errors = _unknown("", doc, TOP_KEYS)
    for key in ("version", "include"):
        if key in doc:
            errors += _check("", key, doc[key], TOP_KEYS[key])
    settings = doc.get("settings", {})
    if isinstance(settings, dict):
        errors += _unknown("settings", settings, SETTINGS_KEYS)
        for key, value in settings.items():
            if key in SETTINGS_KEYS:
                errors += _check("settings", key, value, SETTINGS_KEYS[key])
        snapshots = settings.get("snapshots")
        if isinstance(snapshots, dict):
            errors += _unknown("settings: snapshots", snapshots, SNAPSHOT_KEYS)
            for key, value in snapshots.items():
                if key in SNAPSHOT_KEYS:
                    errors += _check("settings: snapshots", key, value, SNAPSHOT_KEYS[key])
                    if SNAPSHOT_KEYS[key] == INT and isinstance(value, int) and value < 0:
                        errors.append(f"settings: snapshots: {key}: expected 0 or more, "
                                      f"got {value}")
        for sev, dec in (settings.get("severity") or {}).items():
            if sev not in SEVERITIES:
                errors.append(f"settings: severity: unknown severity {sev!r} "
                              f"(expected one of {', '.join(SEVERITIES)})")
            errors += _check("settings: severity", sev, dec, DECISIONS)
    else:
        errors.append("settings: expected a table")
    for name, spec in (doc.get("program") or {}).items():
        where = f"program {name}"
        if not isinstance(spec, dict):
            errors.append(f"{where}: expected a table")
            continue
        errors += _unknown(where, spec, PROGRAM_KEYS)
        for key, value in spec.items():
            if key in PROGRAM_KEYS:
                errors += _check(where, key, value, PROGRAM_KEYS[key])
    for name, spec in (doc.get("wrapper") or {}).items():
        errors += _wrapper(f"wrapper {name}", name, spec)
    rules = doc.get("rule", [])
    if not isinstance(rules, list):
        return errors + ["rule: expected an array of tables ([[rule]])"]
    seen: dict[str, int] = {}
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            errors.append(f"rule #{index + 1}: expected a table")
            continue
        rid = rule.get("id")
        where = f"rule {rid}" if isinstance(rid, str) else f"rule #{index + 1}"
        errors += _rule(where, rule, need_examples)
        if isinstance(rid, str):
            if rid in seen:
                errors.append(f"{where}: id: duplicate of rule #{seen[rid] + 1}")
            seen[rid] = index
    for index, entry in enumerate(doc.get("allow", []) or []):
        where = f"allow #{index + 1}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a table")
            continue
        errors += _unknown(where, entry, ALLOW_KEYS)
        for key, value in entry.items():
            if key in ALLOW_KEYS:
                errors += _check(where, key, value, ALLOW_KEYS[key])
        for key in ("rule", "command"):
            if not entry.get(key):
                errors.append(f"{where}: {key}: required (an allow entry names a rule ID or "
                              "prefix and a command pattern; there is no allow-everything form)")
        if isinstance(entry.get("rule"), str) and entry["rule"] and \
                not ALLOW_RULE.match(entry["rule"]):
            errors.append(f"{where}: rule: expected a rule ID (like FS001) or the letters of "
                          f"one (like FS), got {entry['rule']!r}")
        command = entry.get("command")
        if isinstance(command, str) and command:
            try:
                probe = catch_all(command)
            except re.error:
                probe = None  # reported above as a regex that does not compile
            if probe is not None:
                errors.append(f"{where}: command: {command!r} matches every command (it matches "
                              f"{probe!r}); name the command you mean")
    return errors


def _wrapper(where: str, name: str, spec: Any) -> list[str]:
    if not isinstance(spec, dict):
        return [f"{where}: expected a table"]
    errors = _unknown(where, spec, WRAPPER_KEYS)
    for key, value in spec.items():
        if key in WRAPPER_KEYS:
            errors += _check(where, key, value, WRAPPER_KEYS[key])
    if not 1 <= len(name.split()) <= 2 or name != " ".join(name.split()):
        errors.append(f"{where}: expected a program name, or a program and its subcommand "
                      f"separated by one space (like \"uv run\"), got {name!r}")
    return errors


_PROBES: list[str] = []


def _probes() -> list[str]:
    """The empty string and a few random strings (seeded, so every check agrees)."""
    if _PROBES:
        return _PROBES
    import random
    import string

    rng = random.Random(0xA11)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " "
    _PROBES.extend(("", *("".join(rng.choice(alphabet) for _ in range(n))
                          for n in (1, 3, 8, 21, 40)), "\n", "\u00e9\u4e2d"))
    return _PROBES


def catch_all(pattern: str) -> str | None:
    """The probe an allow pattern matches when it matches text that names no command (the empty
    string, random characters), or None. `[\\s\\S]*`, `x?`, `(?:)`, `^`, `.` all do."""
    regex = re.compile(pattern)
    return next((p for p in _probes() if regex.search(p)), None)


def allow_rule_known(rule: str, ids) -> bool:
    """An allow entry names an existing rule ID or the letters of existing IDs (`FS`)."""
    return rule in ids or any(i.rstrip("0123456789") == rule for i in ids)


def _rule(where: str, rule: dict, need_examples: bool) -> list[str]:
    errors = _unknown(where, rule, RULE_KEYS)
    for key, value in rule.items():
        if key in RULE_KEYS:
            errors += _check(where, key, value, RULE_KEYS[key])
    rid = rule.get("id")
    if not isinstance(rid, str) or not RULE_ID.match(rid):
        errors.append(f"{where}: id: expected two to six capital letters and three digits "
                      f"(like GIT003), got {rid!r}")
    if rule.get("recoverable") == "snapshot" and (rule.get("severity") == "critical" or
                                                  rule.get("decision") == "deny"):
        errors.append(f"{where}: recoverable: a critical or deny rule is never made recoverable "
                      "by a snapshot; remove the key or lower the severity")
    override_only = set(rule) <= {"id", "severity", "decision", "enabled", "message", "safer",
                                  "recoverable"}
    if override_only:
        return errors  # a later layer adjusting an earlier rule by ID
    for key in ("domain", "severity", "message"):
        if key not in rule:
            errors.append(f"{where}: {key}: required")
    if not any(key in rule for key in MATCHERS):
        errors.append(f"{where}: needs at least one matcher ({', '.join(MATCHERS)})")
    if need_examples:
        for key in ("must_match", "must_not_match"):
            if not rule.get(key):
                errors.append(f"{where}: {key}: at least one example is required")
        if rule.get("recoverable") == "snapshot" and not rule.get("recoverable_match"):
            errors.append(f"{where}: recoverable_match: a recoverable rule needs at least one "
                          "example whose finding a snapshot makes recoverable")
    return errors
