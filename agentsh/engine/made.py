"""Local clusters, images and stacks the command line itself made, so that deleting them again
later in the same line (`kind create cluster --name t && ... && kind delete cluster --name t`)
destroys nothing that was there before it (docs/precision.md, round 8).

A resource counts as the line's own when:
- a command that *fails when the name is taken* made it, and the deletion only runs when that
  command succeeded (`&&`, or inside `if`): `kind create cluster --name N`, `k3d cluster create
  N`, `docker build -t T` (a rebuilt tag moves to the new image; the old one keeps its layers);
  the dataflow pass keeps these in `State.made`, only in the state after success, and two
  states meet with what both made (`a; b` after a failed `a` has not made it);
- or its name holds this shell's process ID (`ci-$$`, `e2e-$$`, `dropdb scratch_$$`): nothing
  could have named it before the line started, and deleting a name nobody made deletes nothing
  (SQL run *in* such a database is not exempt: it may still drop another one).
`kubectl delete` counts as aimed at a cluster the line made with `--context kind-N` / `k3d-N`,
or with no context where the line's last cluster creation set it as the current one; in both
cases only when no other command of the whole line may change which cluster a context names
(any command but kubectl's own non-`config` subcommands, helm, docker, kind/k3d's own creation
and deletion, and programs that write no file) and with no `--kubeconfig`, `--server`,
`--cluster`, `--user`, `--token` or `KUBECONFIG` change. Anything else is not the line's own
(minikube start and compose up succeed on an existing name: those need a process-ID name).
"""

from __future__ import annotations

import re

from agentsh.engine.flowstate import MADE_CREATORS, MADE_PROGRAMS, PID
from agentsh.engine.model import Command

# a loop, a function, a background job: commands may run in another order than written
REORDERS = re.compile(r"\b(for|while|until|select|function|trap|coproc)\b|\(\)|"
                      r"(?<![&>|])&(?![&>])")
CREATORS = MADE_CREATORS
PROGRAMS = MADE_PROGRAMS
DROPDB_VALUES = frozenset(("-h", "--host", "-p", "--port", "-U", "--username",
                           "--maintenance-db"))
KUBE_OVERRIDES = ("--kubeconfig", "--server", "-s", "--cluster", "--user", "--token",
                  "--as", "--certificate-authority")
# programs that never change which cluster a kube context names (besides `kubectl config`)
KUBE_KEEPS = frozenset(("kubectl", "helm", "docker", "kind", "k3d", "sleep", "echo", "printf",
                        "true", ":", "cat", "grep", "head", "tail", "jq", "yq", "curl", "wc",
                        "sort", "test", "[", "ls", "pwd", "cd", "date"))


def _words(cmd: Command) -> list[str] | None:
    """The command's words, or None when any is only known at run time."""
    if not all(w.literal for w in cmd.words):
        return None
    return [w.text for w in cmd.words]


def _value(words: list[str], *names: str) -> str | None:
    """The value of `names` given (`--name N`, `--name=N`, `-nN`); "" when given with no value
    or more than once (these programs keep the last one: `kind delete cluster --name ci-$$
    --name prod` deletes prod); None when none is given."""
    found = []
    for i, w in enumerate(words):
        for name in names:
            if w == name:
                found.append(words[i + 1] if i + 1 < len(words) else "")
            elif w.startswith(name + "=") or (len(name) == 2 and w.startswith(name) and
                                              len(w) > 2 and not w.startswith("--")):
                found.append(w.split("=", 1)[1] if w.startswith(name + "=") else w[2:])
    if not found:
        return None
    return found[0] if len(found) == 1 else ""


def _kubeconfig(cmd: Command, state) -> str | None:
    """KUBECONFIG as the command sees it: "" unset or unknown-but-untouched, None when the
    command changes it itself."""
    if any(name == "KUBECONFIG" for name, _ in cmd.assignments):
        return None
    if state is None:
        return ""
    if state.opaque or "KUBECONFIG" in state.volatile or "KUBECONFIG" in state.refs:
        return None
    value = state.lookup("KUBECONFIG")
    if isinstance(value, str):
        return value
    return None if "KUBECONFIG" in state.vars and value is None else ""


def creation(cmd: Command, state) -> tuple[frozenset, str] | None:
    """(keys it makes, the kube context it makes current or "") when `cmd` is a creation that
    fails on a taken name; None otherwise."""
    words = _words(cmd)
    if not words or len(words) < 3 or cmd.assignments:
        # (`KIND_EXPERIMENTAL_PROVIDER=podman kind create ...`, `DOCKER_HOST=...`: made
        # elsewhere than where a later deletion without it looks)
        return None
    prog = cmd.program
    if prog == "kind" and words[1:3] == ["create", "cluster"]:
        name = _value(words[3:], "--name", "-n")
        if not name or name.startswith("-"):
            return None  # no name: KIND_CLUSTER_NAME's, or the configuration file's
        own_config = _value(words[3:], "--kubeconfig") is not None
        context = "" if own_config else f"kind-{name}"
        return frozenset({("kind", name)} | ({("ctx", context, _kubeconfig(cmd, state))}
                                             if context else set())), context
    if prog == "k3d" and words[1:3] == ["cluster", "create"]:
        rest = words[3:]
        if not rest or rest[0].startswith("-") or \
                any(w.startswith(("--config", "-c")) for w in rest):
            return None  # no name first: it may follow an option's value, or be the file's
        name = rest[0]
        own_config = any(w.startswith("--kubeconfig") for w in rest)
        context = "" if own_config else f"k3d-{name}"
        return frozenset({("k3d", name)} | ({("ctx", context, _kubeconfig(cmd, state))}
                                            if context else set())), context
    if prog == "docker" and words[1] in ("build", "buildx") and not (
            words[1] == "buildx" and words[2] != "build"):
        tags = [_tag(words[i + 1]) for i, w in enumerate(words[:-1]) if w in ("-t", "--tag")]
        tags += [_tag(w.split("=", 1)[1]) for w in words if w.startswith("--tag=")]
        if any(w in ("-o", "--output") or w.startswith("--output=") for w in words) or \
                (words[1] == "buildx" and "--load" not in words):
            return None  # its image goes to a folder, or stays in the builder's cache: the
            # tag still names the image it named before
        if tags and all(tags):
            return frozenset(("image", t) for t in tags), ""
    return None


def _tag(text: str) -> str:
    if not text or text.startswith("-") or "@" in text:
        return ""
    last = text.rsplit("/", 1)[-1]
    return text if ":" in last else text + ":latest"


def after(cmd: Command, state, ok, bad):
    """The states after `cmd` (dataflow), with what it made added to the one after success."""
    if _cluster_delete(cmd) is not None:  # its context goes with it: none is current
        return tuple(None if x is None else _no_context(x) for x in (ok, bad))
    found = creation(cmd, state)
    if found is None or ok is None:
        return ok, bad
    keys, context = found
    if context and _kubeconfig(cmd, state) is None:
        keys = frozenset(k for k in keys if k[0] != "ctx")  # which file it writes is unknown
        context = ""
    ok = ok.copy()
    ok.made = ok.made | keys
    ok.kubectx = (context, _kubeconfig(cmd, state)) if context else ("", "")
    if bad is not None and context:
        bad = bad.copy()
        bad.kubectx = ("", "")  # a failed creation may still have changed the current context
    return ok, bad


def _no_context(state):
    if not state.kubectx[0]:
        return state
    state = state.copy()
    state.kubectx = ("", "")
    return state


def _pid_name(name: str) -> bool:
    return PID in name


def _own(state, key) -> bool:
    return bool(state is not None and key in getattr(state, "made", ()))


def _line_keeps_contexts(line) -> bool:
    """No command of the line may change which cluster a kube context names."""
    for c in line:
        if c is None:
            return False  # no creation before it
        if not c.words:
            continue
        if not c.words[0].literal:
            return False
        prog = c.program
        if prog not in KUBE_KEEPS:
            return False
        texts = [w.text for w in c.words]
        if prog == "kubectl" and ("config" in texts[1:] or "cp" in texts[1:]):
            return False  # (after its options too: `kubectl --context x config use-context`)
        if prog in _SUBCOMMANDS and _subcommand(texts[1:]) not in _SUBCOMMANDS[prog]:
            return False  # a plugin (`kubectl ctx prod`: krew's kubectx) or no subcommand
        if _may_write_file(prog, texts[1:]):
            return False  # `yq -i ... ~/.kube/config`, `docker cp c:/k ~/.kube/config`
        if prog in ("kind", "k3d") and not (creation(c, None) or _cluster_delete(c)):
            return False
        if any(name == "KUBECONFIG" for name, _ in c.assignments):
            return False
        if any(">" in r.op and not (r.target.literal and (r.target.text == "/dev/null" or
                                                          r.target.text.isdigit()))
               for r in c.redirects):
            return False  # `cat new > ~/.kube/config`: it may write a kube configuration
    return True


# options by which a program of KUBE_KEEPS writes a file it is given (a kube configuration)
_FILE_WRITERS = {"yq": ("-i", "--inplace"), "sort": ("-o", "--output"),
                 "curl": ("-o", "-O", "--output", "--remote-name", "-J", "--remote-header-name"),
                 "docker": ("cp", "-v", "--volume", "--mount"),
                 "helm": ("--kubeconfig", "--kube-context")}


# their own subcommands: any other word runs a plugin (`kubectl-ctx`, a helm plugin), which
# may change the current context
_SUBCOMMANDS = {
    "kubectl": frozenset((
        "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale",
        "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon", "drain",
        "taint", "describe", "logs", "attach", "exec", "port-forward", "proxy", "auth",
        "debug", "events", "diff", "apply", "patch", "replace", "wait", "kustomize", "label",
        "annotate", "api-resources", "api-versions", "version")),
    "helm": frozenset((
        "install", "upgrade", "uninstall", "delete", "list", "ls", "status", "get", "template",
        "repo", "dependency", "dep", "lint", "package", "show", "search", "history", "rollback",
        "test", "version", "pull", "create", "verify")),
}
# options of kubectl and helm that take a value and may come before the subcommand
_VALUE_OPTIONS = frozenset(("-n", "--namespace", "--context", "--kube-context", "--cluster",
                            "--user", "-s", "--server", "--token", "--as", "--kubeconfig",
                            "--request-timeout", "-v", "--v"))


def _subcommand(args: list[str]) -> str:
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            i += 2 if a in _VALUE_OPTIONS else 1
            continue
        return a
    return ""


def _may_write_file(prog: str, args: list[str]) -> bool:
    flags = _FILE_WRITERS.get(prog, ())
    for a in args:
        name = a.split("=", 1)[0]
        if name in flags or (name.startswith("-") and not name.startswith("--") and
                             any(len(f) == 2 and f[1] in name[1:] for f in flags)):
            return True
    return False


def _cluster_delete(cmd: Command) -> tuple[str, str] | None:
    """(tool, name) of `kind delete cluster [--name N]`, `k3d cluster delete N`, `minikube
    delete -p N`: one cluster, named."""
    words = _words(cmd)
    if not words:
        return None
    prog = cmd.program
    if prog == "kind" and words[1:3] == ["delete", "cluster"]:
        rest = words[3:]
        if any(w not in ("--name", "-n") and w.startswith("-") and not w.startswith("--name=")
               for w in rest):
            return None
        name = _value(rest, "--name", "-n")
        return ("kind", name) if name else None
    if prog == "k3d" and words[1:3] in (["cluster", "delete"], ["cluster", "rm"]):
        rest = words[3:]
        if len(rest) != 1 or rest[0].startswith("-"):
            return None
        return ("k3d", rest[0])
    if prog == "minikube" and len(words) >= 2 and words[1] == "delete":
        rest = words[2:]
        name = _value(rest, "-p", "--profile")
        if not name or any(w.startswith("-") and w not in ("-p", "--profile") and
                           not w.startswith("--profile=") for w in rest):
            return None
        return ("minikube", name)
    return None


def destroys_own(cmd: Command, line, view=None) -> bool:
    """Whether `cmd` deletes only what the command line made (see the module's text)."""
    state = cmd.flow
    words = _words(cmd)
    if not words or len(words) < 2:
        return False
    prog = cmd.program
    cluster = _cluster_delete(cmd)
    if cluster is not None:
        return _pid_name(cluster[1]) or _own(state, cluster)
    if prog in ("docker", "docker-compose"):
        return _compose_own(words, view) or _images_own(words, state)
    if prog == "kubectl":
        return _kubectl_own(cmd, words, state, line)
    if prog == "dropdb":  # `createdb scratch_$$ && ... && dropdb scratch_$$`
        names, i = [], 1
        while i < len(words):
            if words[i] in DROPDB_VALUES:
                i += 2
                continue
            if not words[i].startswith("-"):
                names.append(words[i])
            i += 1
        return len(names) == 1 and _pid_name(names[0])
    return False


def _compose_own(words: list[str], view=None) -> bool:
    """`docker compose -p NAME-$$ down [-v]`: a project named with this shell's process ID,
    unless `-v` removes a volume the compose file names with a fixed `name:` (`name: prod-db`
    is the same volume whatever the project is called)."""
    i = 2 if words[0].rsplit("/", 1)[-1] == "docker" and words[1] == "compose" else 1
    if i == 2 or words[0].rsplit("/", 1)[-1] == "docker-compose":
        project = _value(words[i:], "-p", "--project-name")
        own = bool(project) and _pid_name(project) and "down" in words[i:] and \
            not any(w.startswith("--project-directory") for w in words) and \
            _value(words[i:], "--rmi") in (None, "local")  # `all`: images others use too
        volumes = any(w in ("-v", "--volumes") or w.startswith("--volumes=") or
                      re.match(r"^-[a-zA-Z]*v[a-zA-Z]*$", w) for w in words[i:])
        return own and not (volumes and _fixed_volumes(words[i:], view))
    return False


COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
FIXED_NAME = re.compile(r"^[^$]*$")  # `name: ${COMPOSE_PROJECT_NAME}-db` follows the project


def _fixed_volumes(words: list[str], view) -> bool:
    """Whether the compose files may name a volume with a fixed `name:` that `down -v` removes
    (not `external`). The files are `-f`/`--file`, `COMPOSE_FILE`, or the first directory from
    the working one up that holds a default one. A file that includes or extends others, or that
    agentsh cannot read exactly, counts as naming one; so does a missing one, where files are
    seen (the live routes). Judged from the text alone (`check --batch`), only a file the line
    wrote is known: for the others the project's name decides."""
    ctx = getattr(view, "ctx", None)
    if ctx is None:
        return False
    files = getattr(ctx, "files", None)
    sees = bool(getattr(files, "sees_world", getattr(files, "knows_files", False)))
    from agentsh.engine.domains.common import read

    given = [w for k, w in enumerate(words) if k and words[k - 1] in ("-f", "--file")] + \
        [w.split("=", 1)[1] for w in words if w.startswith("--file=")]
    env = view.env("COMPOSE_FILE") if hasattr(view, "env") else None
    if not given and env:
        given = [f for f in env.split(":") if f]
    if given:
        texts = [read(f, ctx) for f in given]
        # judged from the text alone, only a file the line wrote is known
        return any(_names_volume(t) if t is not None else sees for t in texts)
    for up in range(8 if sees else 1):  # compose looks in the parent directories too
        base = "../" * up
        texts = [t for t in (read(base + f, ctx) for f in COMPOSE_FILES) if t is not None]
        if texts:
            return any(_names_volume(t) for t in texts + [
                t for t in (read(base + f, ctx) for f in (
                    "compose.override.yaml", "compose.override.yml",
                    "docker-compose.override.yaml", "docker-compose.override.yml")) if t])
    return False  # no compose file: `down` fails and removes nothing


def _names_volume(text: str) -> bool:
    from agentsh.engine.recipes import mini_yaml

    try:
        doc = mini_yaml(text[:200_000])
    except Exception:  # unreadable: it may name one
        return True
    if not isinstance(doc, dict):
        return True
    if "include" in doc or "extends" in text:
        return True
    volumes = doc.get("volumes") or {}
    if not isinstance(volumes, dict):
        return True
    for entry in volumes.values():
        if not isinstance(entry, dict):
            continue
        if str(entry.get("external", "")).lower() in ("true", "yes"):
            continue  # never removed by `down -v`
        name = entry.get("name")
        if name is not None and FIXED_NAME.match(str(name)):
            return True
    return False


def _images_own(words: list[str], state) -> bool:
    """`docker rmi T...` / `docker image rm T...`: every image a tag the line built."""
    if words[1] == "rmi":
        rest = words[2:]
    elif words[1:3] in (["image", "rm"], ["image", "remove"]):
        rest = words[3:]
    else:
        return False
    names = [w for w in rest if not w.startswith("-")]
    if not names or any(w.startswith("-") and w not in ("-f", "--force") for w in rest):
        return False
    return all(_own(state, ("image", _tag(n))) for n in names)


def _kubectl_own(cmd: Command, words: list[str], state, line) -> bool:
    if "delete" not in words[1:] or any(w.split("=", 1)[0] in KUBE_OVERRIDES for w in words):
        return False
    kubeconfig = _kubeconfig(cmd, state)
    if kubeconfig is None or not _line_keeps_contexts(line):
        return False
    context = _value(words[1:], "--context")
    if context is not None:
        return bool(context) and _own(state, ("ctx", context, kubeconfig))
    current = getattr(state, "kubectx", ("", ""))
    return bool(current[0]) and current[1] == kubeconfig and \
        _own(state, ("ctx", current[0], kubeconfig))


def between(line, index: int, text: str) -> tuple:
    """The commands that may run between the line's last cluster creation before `index` and
    `index`: those written between them; every command of the line where a loop, a function
    or a background job may run them in another order."""
    start = next((i for i in range(min(index, len(line)) - 1, -1, -1)
                  if line[i].words and line[i].program in ("kind", "k3d") and
                  creation(line[i], line[i].flow)), None)
    if start is None:
        return ()
    if REORDERS.search(text):
        return tuple(line)
    return tuple(line[start:index + 1])


# where docker and kind make and delete (another daemon, another provider): changed anywhere in
# the line, the deletion may look elsewhere than the creation made (`docker build -t app . &&
# docker context use prod && docker rmi app`)
_ELSEWHERE_NAMES = ("DOCKER_HOST", "DOCKER_CONTEXT", "KIND_EXPERIMENTAL_PROVIDER")
_ELSEWHERE = re.compile(r"DOCKER_HOST|DOCKER_CONTEXT|KIND_EXPERIMENTAL_PROVIDER|"
                        r"\bcontext\s+(use|rm|update|create)\b")


def _elsewhere(cmd: Command, text: str) -> bool:
    """Whether the deletion may reach another docker daemon or kind provider than the line's
    creation did."""
    if cmd.program == "dropdb":
        return False
    if cmd.assignments or _ELSEWHERE.search(text):
        return True
    state = cmd.flow
    return state is not None and (getattr(state, "opaque", False) or any(
        n in getattr(state, "volatile", ()) for n in _ELSEWHERE_NAMES))


def drop_own(findings: list, cmd: Command, line, index: int = 0, text: str = "",
             view=None) -> list:
    """The findings without the cloud ones (a database's: `dropdb`), where `cmd` deletes only
    what the line made."""
    domain = "sql" if cmd.program == "dropdb" else "cloud"
    if not any(f.domain == domain for f in findings) or _elsewhere(cmd, text) or \
            not destroys_own(cmd, between(line, index, text) or (None,), view):
        return findings
    return [f for f in findings if f.domain != domain]
