"""Destruction delegated to CI: a pipeline holds the credentials the agent lacks, so a workflow
that runs `terraform destroy` does as much harm when the agent pushes it or dispatches it as
when the agent runs the command itself.

- `gh workflow run NAME [-f k=v]`, `glab ci run [--variables K:V]` and `act [-j JOB] [-W FILE]`
  run a workflow: its file is read from the project (`.github/workflows/NAME`,
  `.gitlab-ci.yml`), as `make` reads a Makefile, and every step's shell (`run:`, `script:`,
  `before_script:`, `command:`) is checked as code that runs elsewhere, with the inputs the
  command gives pasted where the workflow reads them (`${{ inputs.x }}`, `$VAR`). A workflow that
  is not there to read, or that runs at another ref than the one checked out, asks
  (`ci.unread`): it runs in CI whatever it holds.
- `git push` sends commits whose CI definitions run on push: the ones in the work tree (as the
  line left them, so a workflow the line writes is read from the text that writes it) are
  checked the same way, for the workflows and jobs that run on a push (GitHub `on: push` or
  `pull_request`; GitLab jobs not `when: manual`; any Jenkinsfile, CircleCI, Azure, Bitbucket or
  Buildkite pipeline).

Which programs, files and keys come from `[analyzer.ci]` in rules.toml; docs/delegation.md."""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Fact

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
INPUT = re.compile(r"^(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)$")
CI_VIA = "CI: "  # how code a CI definition runs is labelled (`Command.via`)
MAX_UP = 8  # directories above the command's that may hold the repository's root
MAX_FILES = 40  # CI definition files read for one push
PUSH_EVENTS = frozenset(("push", "pull_request", "pull_request_target"))
ACT_VALUES = frozenset(("-e", "--eventpath", "-P", "--platform", "-s", "--secret", "--var",
                        "--input", "--env", "--env-file", "--secret-file", "--var-file",
                        "--input-file", "-C", "--directory", "--container-architecture",
                        "-a", "--actor", "--matrix"))
JENKINS_SH = re.compile(r"\b(?:sh|bash)\s*\(?\s*(?:script\s*:\s*)?('''(.*?)'''|\"\"\"(.*?)\"\"\"|"
                        r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\")", re.S)


class Delegation:
    """The CI programs' expansion for one check (`classify._runners` calls `expand`)."""

    def __init__(self, params: dict, ctx) -> None:
        self.params = params
        self.ctx = ctx  # the command's (`dataflow.context_for`): sees what the line wrote
        self.world = ctx  # the line's: lists the files on disk
        self.keys = frozenset(params.get("step_keys", ["run", "script", "before_script",
                                                       "after_script", "command", "commands"]))

    # ---------------------------------------------------------------- reading files

    def read(self, path: str) -> str | None:
        reader = self.ctx.read_file
        return reader(path) if callable(reader) else None

    def roots(self) -> list[str]:
        """The command's directory and those above it, up to the repository's root."""
        cwd = self.ctx.cwd or ""
        if not cwd.startswith("/"):
            return [""]  # relative to wherever it runs: read as the command names them
        out, here = [], cwd.rstrip("/") or "/"
        for _ in range(MAX_UP):
            out.append(here)
            if self.ctx.file_kind(f"{here.rstrip('/')}/.git") in ("dir", "file") or here == "/":
                break
            here = here.rsplit("/", 1)[0] or "/"
        return out

    def _join(self, root: str, rel: str) -> str:
        return f"{root.rstrip('/')}/{rel}" if root else rel

    def find(self, rel: str) -> tuple[str, str] | None:
        for root in self.roots():
            path = self._join(root, rel)
            text = self.read(path)
            if text is not None:
                return path, text
        return None

    def listing(self, pattern: str) -> list[str]:
        """CI files matching `pattern` (relative to a root): on disk, and any the line wrote."""
        found: list[str] = []
        for root in self.roots():
            glob = getattr(self.world.files, "glob", None)
            got = glob(pattern, root) if root and glob is not None else None
            found += [self._join(root, p) for p in got or ()]
        return found

    # ---------------------------------------------------------------- the programs

    def expand(self, cmd: Command):
        """(inner commands, (shell text, label, where) triples, facts), or None when `cmd`
        runs no workflow."""
        prog = cmd.program
        words = [w.text for w in cmd.words[1:]]
        if prog == "gh":
            return self._gh(cmd, words)
        if prog == "glab":
            return self._glab(cmd, words)
        if prog == "act":
            return self._act(cmd, words)
        if prog == "git":
            return self._push(cmd, words)
        return None

    def _unread(self, label: str, why: str, target: str):
        return [], [], [Fact("ci.unread", f"{label}: {why}; it runs in CI, with CI's "
                             "credentials, whatever it holds", target)]

    def _gh(self, cmd: Command, words: list[str]):
        i = 0
        repo = ""
        while i < len(words) and words[i].startswith("-"):
            if words[i] in ("-R", "--repo") and i + 1 < len(words):
                repo = words[i + 1]
                i += 2
                continue
            i += 1
        if words[i:i + 2] != ["workflow", "run"]:
            return None
        name, inputs, ref, dynamic, rest = "", {}, "", False, words[i + 2:]
        j = 0
        while j < len(rest):
            w = rest[j]
            if w in ("-f", "--raw-field", "-F", "--field") and j + 1 < len(rest):
                key, _, value = rest[j + 1].partition("=")
                inputs[key] = value
                j += 2
                continue
            if w.startswith(("--raw-field=", "--field=")):
                key, _, value = w.split("=", 1)[1].partition("=")
                inputs[key] = value
            elif w in ("-r", "--ref") and j + 1 < len(rest):
                ref = rest[j + 1]
                j += 2
                continue
            elif w.startswith("--ref="):
                ref = w.split("=", 1)[1]
            elif w in ("-R", "--repo") and j + 1 < len(rest):
                repo = rest[j + 1]
                j += 2
                continue
            elif w == "--json":
                dynamic = True  # inputs as JSON on stdin
            elif w in ("-h", "--help"):
                return None
            elif not w.startswith("-") and not name:
                name = w
            j += 1
        label = f"gh workflow run {name or '(chosen interactively)'}"
        if not name:
            return self._unread(label, "which workflow runs is chosen at run time", "workflow")
        if any(not w.literal or "$" in w.text for w in cmd.words[1:]):
            return self._unread(label, "its name or inputs are only known at run time", name)
        if repo:
            return self._unread(label, f"it runs in {repo}, whose workflow is not read here", name)
        found = self._workflow(name)
        if found is None:
            return self._unread(label, "its workflow file is not in this project to read", name)
        path, text = found
        if ref and ref != self._branch(path):
            return self._unread(label, f"it runs the workflow as it is at `{ref}`, not the one "
                                "checked out", name)
        if dynamic:
            inputs = None
        return [], self._steps(text, label=f"{label} ({path})", inputs=inputs), []

    def _workflow(self, name: str) -> tuple[str, str] | None:
        if re.fullmatch(r"[\w.-]+\.ya?ml", name):
            return self.find(f".github/workflows/{name}")
        for path in self.listing(".github/workflows/*.y*ml"):
            text = self.read(path)
            if text is not None and re.search(rf"(?m)^name:\s*['\"]?{re.escape(name)}['\"]?\s*$",
                                              text):
                return path, text
        return None

    def _branch(self, workflow_path: str) -> str:
        root = workflow_path.split("/.github/", 1)[0]
        head = self.read(f"{root}/.git/HEAD") if root.startswith("/") else None
        if head and head.startswith("ref: refs/heads/"):
            return head.strip()[len("ref: refs/heads/"):]
        return "\0"  # not known: no ref matches it

    def _glab(self, cmd: Command, words: list[str]):
        if words[:2] not in (["ci", "run"], ["pipeline", "run"], ["ci", "create"]):
            return None
        variables: dict[str, str] = {}
        ref = ""
        rest = words[2:]
        j = 0
        while j < len(rest):
            w = rest[j]
            if w in ("--variables", "--variables-env", "--variable") and j + 1 < len(rest):
                key, _, value = rest[j + 1].partition(":")
                variables[key] = value
                j += 2
                continue
            if w in ("-b", "--branch", "--ref") and j + 1 < len(rest):
                ref = rest[j + 1]
                j += 2
                continue
            if w in ("-R", "--repo", "--variables-file", "-f", "--input") and j + 1 < len(rest):
                return self._unread("glab ci run", f"`{w} {rest[j + 1]}` is not read here",
                                    ".gitlab-ci.yml")
            if w in ("-h", "--help"):
                return None
            j += 1
        label = "glab ci run"
        if any(not w.literal or "$" in w.text for w in cmd.words[1:]):
            return self._unread(label, "its variables are only known at run time",
                                ".gitlab-ci.yml")
        found = self.find(".gitlab-ci.yml")
        if found is None:
            return self._unread(label, "its .gitlab-ci.yml is not in this project to read",
                                ".gitlab-ci.yml")
        path, text = found
        if ref and ref != self._branch(path.rsplit("/", 1)[0] + "/.github/x"):
            return self._unread(label, f"it runs the pipeline as it is at `{ref}`",
                                ".gitlab-ci.yml")
        prefix = "".join(f"{k}={_quote(v)}\n" for k, v in variables.items() if _name(k))
        return [], self._steps(text, label=f"{label} ({path})", prefix=prefix,
                               automatic=True), []

    def _act(self, cmd: Command, words: list[str]):
        if any(w in ("-l", "--list", "-h", "--help", "-n", "--dryrun", "--version", "-g",
                     "--graph") for w in words):
            return None
        files: list[str] = []
        event, job = "", ""
        j = 0
        while j < len(words):
            w = words[j]
            if w in ("-W", "--workflows", "-j", "--job") and j + 1 < len(words):
                if w in ("-j", "--job"):
                    job = words[j + 1]
                else:
                    files.append(words[j + 1])
                j += 2
                continue
            if w.startswith("--workflows="):
                files.append(w.split("=", 1)[1])
            elif w in ACT_VALUES and j + 1 < len(words):
                j += 2
                continue
            elif not w.startswith("-") and not event:
                event = w
            j += 1
        paths = [f for f in files if not f.endswith("/")]
        if not paths:
            paths = self.listing(".github/workflows/*.y*ml")
        if not paths:
            return self._unread("act", "the workflows it runs are not here to read",
                                ".github/workflows")
        pairs = []
        for path in paths[:MAX_FILES]:
            text = self.read(path)
            if text is None:
                return self._unread("act", f"cannot read {path}", path)
            pairs += self._steps(text, label=f"act ({path})", how="elsewhere",
                                 event="" if job else (event or "push"), job=job)
        return [], pairs, []

    def _push(self, cmd: Command, words: list[str]):
        rest = push_words(words)
        if rest is None:
            return None
        directory, words = rest
        if any(w in ("-n", "--dry-run", "--delete", "-d", "-h", "--help") for w in words):
            return None
        if directory:
            self.ctx = self.ctx._replace(cwd=_under(self.ctx.cwd, directory))
        same = self.ctx.probe(push_probe_key(self.repo_root())) or ()
        pairs = []
        for path in self._ci_files()[:MAX_FILES]:
            text = self.read(path)
            if text is None or self.ctx.file_edited(path):
                if self.ctx.file_written(path):
                    return self._unread("git push", f"the line changed {path} in a way agentsh "
                                        "does not follow, and CI runs it", path)
                continue
            if path in same and not self.ctx.file_written(path):
                continue  # the edge found it as the remote already has it: nothing new runs
            pairs += self._steps(text, label=f"git push: CI runs {path}", on_push=True,
                                 automatic=True,
                                 jenkins=path.endswith("Jenkinsfile"))
        return ([], pairs, []) if pairs else None

    def repo_root(self) -> str:
        """The repository's root above the command's directory ('' when not found)."""
        for root in self.roots():
            if root and self.ctx.file_kind(f"{root.rstrip('/')}/.git") in ("dir", "file"):
                return root
        return ""

    def ci_files(self) -> list[str]:
        return self._ci_files()

    def _ci_files(self) -> list[str]:
        out: list[str] = []
        for pattern in self.params.get("files", [".github/workflows/*.yml",
                                                  ".github/workflows/*.yaml", ".gitlab-ci.yml"]):
            if any(c in pattern for c in "*?["):
                out += self.listing(pattern)
            else:
                found = self.find(pattern)
                if found is not None:
                    out.append(found[0])
        out += self._written()
        return list(dict.fromkeys(out))

    def _written(self) -> list[str]:
        """CI files the line wrote before this command (read from the text that wrote them)."""
        written = getattr(self.ctx.files, "written_code", None)
        paths = [p for p, _ in written()] if written is not None else []
        pats = [re.compile(_glob_re(p)) for p in self.params.get("files", [])]
        return [p for p in paths if any(r.search(p) for r in pats)]

    # ---------------------------------------------------------------- what a file runs

    def _steps(self, text: str, label: str, inputs: dict | None = None, prefix: str = "",
               how: str = "remote", on_push: bool = False, jenkins: bool = False,
               event: str = "", job: str = "", automatic: bool = False) -> list:
        if jenkins:
            bodies = [next(g for g in m.groups()[1:] if g is not None)
                      for m in JENKINS_SH.finditer(text)]
            return [(prefix + b, CI_VIA + label, how) for b in bodies if b.strip()]
        from agentsh.engine.recipes import mini_yaml

        try:
            tree = mini_yaml(text)
        except (RecursionError, ValueError, IndexError):
            tree = None
        if not isinstance(tree, dict):
            return [(f"false {_quote('unreadable CI file: ' + label)}", CI_VIA + label, how)] \
                if text.strip() else []
        github = "jobs" in tree and ("on" in tree or "true" in tree)
        if on_push and github and not _runs_on(tree, PUSH_EVENTS):
            return []
        if event and github and not _runs_on(tree, {event}):
            return []
        if job and isinstance(tree.get("jobs"), dict):
            if job not in tree["jobs"]:
                return []
            tree = {**tree, "jobs": {job: tree["jobs"][job]}}
        defaults = _input_defaults(tree)
        given = {**defaults, **(inputs or {})}
        out = []
        for body in self._bodies(tree, automatic):
            shell = EXPR.sub(lambda m: _expression(m.group(1), given, inputs is None), body)
            out.append((prefix + shell, CI_VIA + label, how))
        return out

    def _bodies(self, node, automatic: bool, depth: int = 0) -> list[str]:
        """The shell strings of a CI definition's steps; `automatic`: only the jobs that run
        without a person starting them (not GitLab's `when: manual`)."""
        if depth > 12:
            return []
        out: list[str] = []
        if isinstance(node, dict):
            if automatic and str(node.get("when", "")).strip() in ("manual", "never"):
                return []
            for key, value in node.items():
                if key in self.keys:
                    out += _strings(value)
                    if isinstance(value, dict):
                        out += self._bodies(value, automatic, depth + 1)
                elif isinstance(value, (dict, list)):
                    out += self._bodies(value, automatic, depth + 1)
        elif isinstance(node, list):
            for item in node:
                out += self._bodies(item, automatic, depth + 1)
        return out


GIT_VALUES = frozenset(("-C", "-c", "--git-dir", "--work-tree", "--namespace",
                        "--config-env", "--exec-path"))


def runner_local(finding, params: dict) -> bool:
    """A finding about the CI runner's own disposable files (`rm -rf dist`, `git clean -fdx`
    in a fresh checkout), which `[analyzer.ci] runner_local` leaves out for code a CI
    definition runs: what matters there is what reaches beyond the runner."""
    table = params.get("runner_local", {})
    return finding.domain in table.get("domains", ()) or finding.rule in table.get("rules", ())


def push_words(words: list[str]) -> tuple[str, list[str]] | None:
    """(directory given with `-C`, the words after `push`) for `git [global options] push ...`,
    else None."""
    i, directory = 0, ""
    while i < len(words) and words[i].startswith("-"):
        if words[i] in GIT_VALUES and i + 1 < len(words):
            if words[i] == "-C":
                directory = words[i + 1]
            i += 2
            continue
        i += 1
    if i >= len(words) or words[i] != "push":
        return None
    return directory, words[i + 1:]


def _under(cwd: str, directory: str) -> str:
    if directory.startswith("/"):
        return directory
    return f"{cwd.rstrip('/')}/{directory}" if cwd.startswith("/") else ""


def push_probe_key(root: str) -> str:
    """Context.probes key: the CI files under `root` the remote already has as they are."""
    return f"ci-same:{root}"


def push_requests(commands, policy, ctx) -> list[tuple[str, list[str]]]:
    """(repository root, CI files there) for each `git push` in a verdict's commands: the edge
    asks git which of them the remote already has unchanged (`gate/probes.py`)."""
    from agentsh.engine import dataflow

    out: list[tuple[str, list[str]]] = []
    params = policy.analyzer("ci")
    for cmd in commands:
        if cmd.program != "git" or not cmd.words[0].literal:
            continue
        rest = push_words([w.text for w in cmd.words[1:]])
        if rest is None:
            continue
        here = dataflow.context_for(ctx, cmd)
        if rest[0]:
            here = here._replace(cwd=_under(here.cwd, rest[0]))
        reader = Delegation(params, ctx)
        reader.ctx = here
        root = reader.repo_root()
        if root and all(r != root for r, _ in out):
            files = [p for p in reader.ci_files() if p.startswith(root.rstrip("/") + "/")]
            if files:
                out.append((root, files))
    return out


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return ["\n".join(v for v in value if isinstance(v, str))]
    if isinstance(value, dict):
        return [v for k, v in value.items() if k in ("command", "run", "script") and
                isinstance(v, str)]
    return []


def _runs_on(tree: dict, names) -> bool:
    """Whether a GitHub workflow's `on` holds one of the events `names`."""
    on = tree.get("on", tree.get("true", ""))
    if isinstance(on, str):
        return on.strip() in names
    if isinstance(on, list):
        return any(str(x).strip() in names for x in on)
    if isinstance(on, dict):
        return bool(set(on) & names)
    return True  # not understood: as if it ran


def _input_defaults(tree: dict) -> dict[str, str]:
    on = tree.get("on")
    out: dict[str, str] = {}
    if isinstance(on, dict):
        for trigger in ("workflow_dispatch", "workflow_call"):
            inputs = (on.get(trigger) or {}) if isinstance(on.get(trigger), dict) else {}
            for name, spec in (inputs.get("inputs") or {}).items() if isinstance(
                    inputs.get("inputs"), dict) else ():
                if isinstance(spec, dict) and isinstance(spec.get("default"), str):
                    out[name] = spec["default"]
    return out


def _expression(expr: str, given: dict[str, str], unknown_inputs: bool) -> str:
    """What GitHub pastes for `${{ expr }}`: an input's value as given (or its default), and
    for anything else a variable whose value is unknown, so a rule that needs it asks."""
    m = INPUT.match(expr)
    if m and not unknown_inputs and m.group(1) in given:
        return given[m.group(1)]
    if expr.startswith(("secrets.", "vars.", "env.", "github.sha", "github.ref", "runner.")):
        return "VALUE"
    return "$AGENTSH_CI_EXPRESSION"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def _name(key: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_]\w*", key))


def _glob_re(pattern: str) -> str:
    out = re.escape(pattern).replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    return f"(^|/){out}$"
