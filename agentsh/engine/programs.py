"""The programs the policy watches, derived once per policy: those some rule, analyzer or wrapper
looks at. The fast path's index (`fastindex`) and the unwrapper (`unwrap.Knowledge`) both use
them, so the two always agree on what matters."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.unwrap import Knowledge
    from agentsh.policy.values import Policy

# keyed by program name
NAME_TABLES = ("clients", "clis", "tools", "option_verbs", "compiled", "foreign", "grpc_clients",
               "request_file_clients", "websocket_clients")
PATH_TABLES = ("payloads", "syncs", "project_files", "shells")  # keyed by "program subcommand ..."
# builtins and declarations that rules look at but that take no command as an argument
NOT_TRIGGERS = frozenset("export unset declare typeset local readonly cd pushd popd ! [[ ]] { } "
                         "case coproc do done elif else esac fi for function if in select then "
                         "time until while".split())


def watched(policy: Policy) -> frozenset[str]:
    return policy.memo("watched_programs", _watched)


def _watched(policy: Policy) -> frozenset[str]:
    from agentsh.engine import unwrap
    from agentsh.engine.domains import code, http
    from agentsh.engine.domains.common import SOCKET_PROGRAMS
    from agentsh.engine.parse.plain import RESERVED

    names: set[str] = set(RESERVED)
    for _, _, rule_programs in policy.rule_metas():  # every rule's, enabled or not
        names.update(rule_programs)
    for name, aliases in policy.program_names():
        names.add(name)
        names.update(aliases)
    for _, params in policy.analyzers:
        names |= analyzer_programs(params)
    names |= set(http.CLIENTS) | {"gh", "glab"} | set(http.TRANSFER_CLIENTS) | set(code.PROGRAMS) | \
        set(SOCKET_PROGRAMS)
    # rules on file effects see, in a plain command (no redirects), only programs whose
    # effects rules.toml describes
    names |= {name for name, entry in policy.analyzer("effects").get("programs", {}).items()
              if entry.get("each") != "mkdir"}  # making a directory is no rule's business
    runners = policy.analyzer("runners")
    names |= {k.split()[0] for k in runners.get("packages", {})} | \
        set(runners.get("delete_tools", {})) | set(runners.get("tasks", []))
    names |= policy.wrapper_programs() | set(unwrap.SHELLS)
    names |= set(unwrap.INTERPRETERS) | set(unwrap.REMOTE_FETCHERS) | set(unwrap.REPLS)
    names |= unwrap.EMBEDDED | unwrap.PROJECT_FILE_PROGRAMS  # git hooks, conftest.py ...
    names |= unwrap.PATCH_PROGRAMS  # the files a patch touches (engine.patches)
    names |= {"env", "xargs", "parallel", "find", "eval", "source", ".", "docker", "podman",
              "nerdctl", "kubectl", "oc", "docker-compose", "exec", "sed", "gsed", "tar", "gtar",
              "bsdtar", "git", "screen", "export", "unset", "declare", "typeset", "local",
              "readonly", "alias", "hash", "cp", "ln", "install", "mv", "su", "watch", "ssh", "flock",
              # code bash stores to run later (`engine.deferred`), and history re-run
              "fc", "bind", "complete", "compgen", "trap", "history", "printf", "read",
              "mapfile", "readarray"}
    return frozenset(names)


def analyzer_programs(params: dict) -> set[str]:
    """Every program an analyzer's parameter tables name."""
    names: set[str] = set()
    for field in NAME_TABLES:
        value = params.get(field, {})
        names |= set(value) if isinstance(value, (dict, list)) else set()
    for field in PATH_TABLES:
        names |= {path.split()[0] for path in params.get(field, {}) if path.split()}
    names |= {e["command"].split()[0] for e in params.get("retention", [])
              if isinstance(e, dict) and e.get("command")}
    return names


def data_programs(policy: Policy) -> frozenset[str]:
    """Programs whose arguments name programs as data (`man rm`, `apt install git`)."""
    return frozenset(policy.analyzer("exec").get("names_as_data", ()))


def knowledge(policy: Policy) -> Knowledge:
    return policy.memo("unwrap_knowledge", _knowledge)


def _knowledge(policy: Policy) -> Knowledge:
    from agentsh.engine.names import BUILTINS
    from agentsh.engine.unwrap import Knowledge

    names = watched(policy)
    # A program can hand its arguments to execve, which runs programs, never shell builtins.
    # Task runners and deletion tools known by other names are left out too: their names are
    # everyday words among other programs' arguments (`route del`, `knife node`, `foo task`).
    runners = policy.analyzer("runners")
    words = set(runners.get("tasks", [])) | set(runners.get("delete_tools", {})) | \
        (set(policy.analyzer("ci").get("clients", ())) - {"git", "gh", "glab"})
    return Knowledge(policy.wrapper, names, names - NOT_TRIGGERS - BUILTINS - words,
                     data_programs(policy))
