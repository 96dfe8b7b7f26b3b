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
# events a person (or an API call agentsh judges on its own) starts: a workflow only they start
# is read when it is started (`gh workflow run`), not when it is pushed
MANUAL_EVENTS = ("workflow_dispatch", "workflow_call", "repository_dispatch")
# directories a step's earlier work fills (installed tools, build output): a program there that
# the project does not hold is an installed one, not read
GENERATED = ("node_modules/", ".venv/", "venv/", "target/", "build/", "dist/", "vendor/", "bin/")
NOT_READ = type("NotRead", (), {"__repr__": lambda self: "NOT_READ", "__slots__": ()})()
MAX_FOLLOW = 4  # scripts, Makefiles and local actions followed from a step, one inside another
SCRIPT_SHELLS = frozenset(("bash", "sh", "zsh", "dash", "ksh", "source", "."))
SCRIPT_LANGUAGES = {".py": "python3", ".js": "node", ".mjs": "node", ".cjs": "node",
                    ".rb": "ruby", ".pl": "perl", ".sh": "sh", ".bash": "bash"}
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
        self.facts: list = []  # what could not be read, for the command being expanded

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
        self.facts = []
        got = None
        if prog == "gh":
            got = self._gh(cmd, words)
        elif prog == "glab":
            got = self._glab(cmd, words)
        elif prog == "act":
            got = self._act(cmd, words)
        elif prog == "git":
            got = self._push(cmd, words)
        facts, self.facts = self.facts, []
        if got is None:
            return ([], [], facts) if facts else None
        return got[0], got[1], list(got[2]) + facts

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
        if words[i:i + 2] == ["workflow", "enable"]:
            return self._enable(cmd, words[i + 2:], repo)
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
        return [], self._steps(text, label=f"{label} ({path})", inputs=inputs,
                               fetch=self._fetcher(_root_of(path))), []

    def _enable(self, cmd: Command, rest: list[str], repo: str):
        """`gh workflow enable NAME`: the workflow fires again on its events (a schedule, the
        next push): judged as a push judges it."""
        names = [w for w in rest if not w.startswith("-")]
        if any(w in ("-h", "--help") for w in rest):
            return None
        label = f"gh workflow enable {names[0] if names else '(chosen interactively)'}"
        if not names:
            return self._unread(label, "which workflow is chosen at run time", "workflow")
        if any(not w.literal or "$" in w.text for w in cmd.words[1:]):
            return self._unread(label, "its name is only known at run time", names[0])
        if repo or any(w in ("-R", "--repo") or w.startswith("--repo=") for w in rest):
            return self._unread(label, "it is in another repository, whose workflow is not "
                                "read here", names[0])
        found = self._workflow(names[0])
        if found is None:
            return self._unread(label, "its workflow file is not in this project to read",
                                names[0])
        path, text = found
        return [], self._steps(text, label=f"{label} ({path})", on_push=True, automatic=True,
                               fetch=self._fetcher(_root_of(path))), []

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
                               automatic=True, fetch=self._fetcher(_root_of(path))), []

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
                                 event="" if job else (event or "push"), job=job,
                                 fetch=self._fetcher(_root_of(path)))
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
        root = self.repo_root()
        sent = self.ctx.probe(sent_key(root, words)) if root else None
        if isinstance(sent, str):
            return self._unread("git push", f"what it sends could not be read ({sent})",
                                "git push")
        sent = sent if isinstance(sent, dict) else {}
        same = sent.get("same", ())
        pairs: list = []
        # the commits it sends, as the edge read them (`git cat-file` at the refs pushed)
        for source, files, judged in sent.get("sent", ()):
            def fetch(rel: str, files=files):
                return files.get(rel, NOT_READ)
            for rel in judged[:MAX_FILES]:
                pairs += self._steps(files[rel], label=f"git push: CI runs {rel} at {source}",
                                     on_push=True, automatic=True,
                                     jenkins=rel.endswith("Jenkinsfile"), fetch=fetch)
        # the work tree as the line leaves it: what a commit in the line sends
        tree = self._fetcher(root)
        for path in self._ci_files()[:MAX_FILES]:
            text = self.read(path)
            if text is None or self.ctx.file_edited(path):
                if self.ctx.file_written(path) and not (
                        text is None and sent.get("git_only") and sent.get("sent") is not None):
                    return self._unread("git push", f"the line changed {path} in a way agentsh "
                                        "does not follow, and CI runs it", path)
                continue  # (git changed it from commits: what the edge read from them)
            if path in same and not self.ctx.file_written(path):
                continue  # the edge found it as the remote already has it: nothing new runs
            pairs += self._steps(text, label=f"git push: CI runs {path}", on_push=True,
                                 automatic=True, jenkins=path.endswith("Jenkinsfile"),
                                 fetch=tree)
        return ([], pairs, []) if pairs else None

    def _fetcher(self, root: str):
        """Reads a file of the project by its path from the repository's root (what a step
        runs: a script, a Makefile, a local action), as the line leaves it."""
        def fetch(rel: str):
            return self.read(self._join(root, rel))
        return fetch

    def repo_root(self) -> str:
        """The repository's root above the command's directory ('' when not found), as it is
        on disk before the line (git's own commands before a push leave it where it is)."""
        world = self.world if self.world is not None else self.ctx
        for root in self.roots():
            if root and (world.file_kind(f"{root.rstrip('/')}/.git") in ("dir", "file") or
                         self.ctx.file_kind(f"{root.rstrip('/')}/.git") in ("dir", "file")):
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
               event: str = "", job: str = "", automatic: bool = False, fetch=None) -> list:
        """(shell text, label, how) for what a CI definition's steps run; what cannot be read
        is a `ci.unread` fact in `self.facts`. `fetch(path from the root)` reads the project's
        other files (scripts, Makefiles, local actions and workflows) where the definition is."""
        if jenkins:
            bodies = [next(g for g in m.groups()[1:] if g is not None)
                      for m in JENKINS_SH.finditer(text)]
            return [(prefix + b, CI_VIA + label, how) for b in bodies if b.strip()]
        tree = self._yaml(text, label)
        if tree is None:
            return []
        github = "jobs" in tree and ("on" in tree or "true" in tree)
        if on_push and github:
            events = fired(tree, self.params.get("manual_events", MANUAL_EVENTS))
            if not events:
                return []
            label = f"{label} (on {', '.join(events[:3])})"
        if event and github and not _runs_on(tree, {event}):
            return []
        if job and isinstance(tree.get("jobs"), dict):
            if job not in tree["jobs"]:
                return []
            tree = {**tree, "jobs": {job: tree["jobs"][job]}}
        defaults = _input_defaults(tree)
        given = {**defaults, **(inputs or {})}
        out = []
        steps = Steps(self, fetch, label)
        bodies: list[str] = []
        if not github:  # GitLab's `include:` (a GitHub matrix's `include` is not one)
            bodies = steps.includes(tree.get("include"), automatic)
            tree = {k: v for k, v in tree.items() if k != "include"}
        for body in bodies + steps.bodies(tree, automatic):
            shell = EXPR.sub(lambda m: _expression(m.group(1), given, inputs is None), body)
            out.append((prefix + shell, CI_VIA + label, how))
        return out

    def _yaml(self, text: str, label: str) -> dict | None:
        """A CI definition read exactly, or None with a `ci.unread` fact: a spelling the reader
        does not take (a tag, a second document, a line it would skip) asks."""
        from agentsh.engine.recipes import YamlUnread, mini_yaml

        try:
            tree = mini_yaml(text, strict=True)
        except YamlUnread as exc:
            self.unread(label, f"agentsh cannot read its YAML ({exc})")
            return None
        except (RecursionError, ValueError, IndexError):
            tree = None
        if not isinstance(tree, dict):
            if text.strip():
                self.unread(label, "agentsh cannot read it as a CI definition")
            return None
        return tree

    def unread(self, label: str, why: str) -> None:
        self.facts.append(Fact("ci.unread", f"{label}: {why}; it runs in CI, with CI's "
                               "credentials, whatever it holds", label))


class Steps:
    """The shell a CI definition's jobs run, with what they reach in the same project followed:
    a script (`./ops/go.sh`, `bash x.sh`, `python deploy.py`), a Makefile's recipe (`make nuke`),
    a local composite action (`uses: ./.github/actions/x`), a reusable workflow (`uses:
    ./.github/workflows/y.yml`), and `shell: python` code. What is not there to read asks."""

    def __init__(self, reader: Delegation, fetch, label: str) -> None:
        self.reader = reader
        self.fetch = fetch
        self.label = label
        self.keys = reader.keys
        self.generated = tuple(reader.params.get("generated_dirs", GENERATED))
        self.seen: set = set()

    def unread(self, why: str) -> None:
        self.reader.unread(self.label, why)

    def get(self, rel: str):
        """A project file's text; None when it is not there; NOT_READ when it was not read."""
        return self.fetch(rel) if self.fetch is not None else NOT_READ

    def first(self, candidates: list[str], what: str):
        """(path, text) of the first of `candidates` there, or None (a reason given)."""
        got = [(rel, self.get(rel)) for rel in candidates]  # all asked for: the edge reads them
        for rel, text in got:
            if text is NOT_READ:
                self.unread(f"{what}: agentsh did not read {rel} where the step runs")
                return None
            if isinstance(text, str):
                if "\0" in text:
                    self.unread(f"{what}: {rel} is not text")
                    return None
                return rel, text
        return None

    def bodies(self, node, automatic: bool, depth: int = 0, shell: str = "",
               base: str = "") -> list[str]:
        """`automatic`: only the jobs that run without a person starting them (not GitLab's
        `when: manual`); `shell`, `base`: the defaults a job or workflow sets for its steps."""
        if depth > 24:
            self.unread("its definition is nested too deep to read")
            return []
        out: list[str] = []
        if isinstance(node, list):
            for item in node:
                out += self.bodies(item, automatic, depth + 1, shell, base)
            return out
        if not isinstance(node, dict):
            return out
        if automatic and str(node.get("when", "")).strip() in ("manual", "never"):
            return []
        shell, base = _defaults(node, shell, base)
        uses = node.get("uses")
        if isinstance(uses, str) and uses.strip().startswith("./"):
            out += self.local(uses.strip(), automatic, depth)
        step_shell = node.get("shell") if isinstance(node.get("shell"), str) else shell
        step_base = _joined(base, node.get("working-directory"))
        for key, value in node.items():
            if key in self.keys:
                for body in _strings(value):
                    out += self.run(body, step_shell, step_base) if key == "run" else \
                        [body] + self.follow(body, base, 0)
                if isinstance(value, dict):
                    out += self.bodies(value, automatic, depth + 1, shell, base)
            elif isinstance(value, (dict, list)):
                out += self.bodies(value, automatic, depth + 1, shell, base)
        return out

    def run(self, body: str, shell: str, base: str | None) -> list[str]:
        """A `run:` step's code in the shell it names (`shell: python` is Python)."""
        name = shell.split()[0].rsplit("/", 1)[-1] if shell.strip() else ""
        if not name or name in ("bash", "sh", "zsh", "dash", "ksh"):
            return [body] + self.follow(body, base, 0)
        from agentsh.engine.recipes import as_shell

        if name.startswith(("python", "pypy")):
            return [as_shell("python3", body)]
        if name in ("node", "ruby", "perl", "pwsh", "powershell", "deno", "bun", "Rscript"):
            return [as_shell(name, body)]
        self.unread(f"a step runs its code with `shell: {shell}`, which agentsh does not read")
        return []

    def follow(self, body: str, base: str | None, depth: int) -> list[str]:
        """The scripts and make recipes a step's shell runs from the project, as more shell."""
        if depth >= MAX_FOLLOW:
            return []
        from agentsh.engine.parse import parse

        parsed = parse(EXPR.sub("VALUE", body))
        if not parsed.ok:
            return []  # the step itself asks, as text bash cannot read
        out: list[str] = []
        for cmd in parsed.commands:
            if not cmd.words or not cmd.words[0].literal:
                continue
            words = [w.text for w in cmd.words]
            if words[0].rsplit("/", 1)[-1] in ("make", "gmake"):
                out += self.make(cmd, base, depth)
                continue
            if cmd.program in TASK_RUNNERS:
                out += self.task(cmd, base, depth)
                continue
            found = _script_of(cmd)
            if found is None:
                continue
            path, language, literal = found
            if path.startswith(("/", "~", "$")):
                continue  # a program of the runner's system, or one a step installed
            rel = _joined(base, path) if literal else None
            if rel is None:
                self.unread(f"a step runs {path}, and where it is is not known")
                continue
            if ("script", rel) in self.seen:
                continue
            self.seen.add(("script", rel))
            text = self.get(rel)
            if text is None and rel.startswith(self.generated):
                continue
            if not isinstance(text, str) or "\0" in text:
                self.unread(f"a step runs {rel}, which agentsh could not read there")
                continue
            out += self.code(text, language, rel, base, depth)
        return out

    def code(self, text: str, language: str, rel: str, base: str | None, depth: int):
        from agentsh.engine.recipes import as_shell, shebang_program

        language = language or shebang_program(text)
        if language.startswith(("python", "pypy")):
            language = "python3"
        if language in ("sh", "bash", "zsh", "dash", "ksh"):
            return [text] + self.follow(text, base, depth + 1)
        if language in ("python3", "node", "ruby", "perl"):
            return [as_shell(language, text)]
        self.unread(f"a step runs {rel}, a {language} program agentsh does not read")
        return []

    def make(self, cmd, base: str | None, depth: int) -> list[str]:
        from agentsh.engine.recipes import makefile_parse_commands, makefile_recipe
        from agentsh.engine.runners import make_arguments

        args = [w.text for w in cmd.words[1:]]
        if not all(w.literal for w in cmd.words[1:]):
            self.unread("a step runs make with words only known at run time")
            return []
        parsed = make_arguments(args)
        if parsed is None:
            return []
        file, directories, targets, overrides, _ = parsed  # -n in CI: judged as if run
        file = file or ""
        directory = base
        for value in directories:
            directory = _joined(directory, value)
        if directory is None:
            self.unread("a step runs make in a directory only known at run time")
            return []
        names = [file] if file else ["GNUmakefile", "makefile", "Makefile"]
        found = self.first([_joined(directory, n) or n for n in names], "make")
        if found is None:
            if not any(self.get(_joined(directory, n) or n) is NOT_READ for n in names) and \
                    not (directory or "").startswith(self.generated):
                self.unread(f"a step runs make, and there is no Makefile in "
                            f"{directory or 'the project'} to read")
            return []
        rel, text = found
        if re.search(r"(?m)^\s*-?s?include\s", text):
            self.unread(f"a step runs make, and {rel} includes files agentsh does not read here")
            return []
        recipe = "\n".join(part for part in (makefile_parse_commands(text),
                                              makefile_recipe(text, targets, overrides)) if part)
        return [recipe] + self.follow(recipe, directory, depth + 1) if recipe.strip() else []

    def includes(self, value, automatic: bool, depth: int = 0) -> list[str]:
        """GitLab's `include:`: a local file's jobs are read from the same commit; a file from
        another project, a URL, a template or a component is not there to read, and asks."""
        if value is None:
            return []
        if depth > MAX_FOLLOW:
            self.unread("its includes are nested too deep to read")
            return []
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            path = item.get("local") if isinstance(item, dict) else item
            if not isinstance(path, str) or path.startswith(("http://", "https://")):
                kinds = ", ".join(sorted(item)) if isinstance(item, dict) else "a URL"
                self.unread(f"it includes definitions from elsewhere ({kinds}), not read here")
                continue
            rel = _joined("", path.lstrip("/")) if not any(c in path for c in "*?[") else None
            if rel is None:
                self.unread(f"it includes {path}, which is only known when CI reads it")
                continue
            found = self.first([rel], f"include: {path}")
            if found is None:
                if self.get(rel) is not NOT_READ:
                    self.unread(f"it includes {path}, which is not there to read")
                continue
            if ("include", rel) in self.seen:
                continue
            self.seen.add(("include", rel))
            tree = self.reader._yaml(found[1], f"{self.label}, include: {path}")
            if tree is None:
                continue
            out += self.includes(tree.get("include"), automatic, depth + 1)
            out += self.bodies({k: v for k, v in tree.items() if k != "include"}, automatic)
        return out

    def task(self, cmd, base: str | None, depth: int) -> list[str]:
        """`npm run X`, `yarn build`, `just X`, `task X` ...: the recipe, read by the task
        runners' own reader (`engine/runners.py`) from the project's files where the step
        runs."""
        from agentsh.engine.runners import Runners

        if base is None:
            self.unread(f"a step runs {cmd.program} in a directory only known at run time")
            return []
        files = _ProjectFiles(self, base)
        try:
            found = Runners({}, files)._task(cmd)
        except (RecursionError, ValueError, IndexError):
            found = None
        if files.unread:
            self.unread(f"a step runs {cmd.program}, and agentsh did not read "
                        f"{files.unread[0]} where it runs")
            return []
        if not found or not found[1]:
            return []
        texts = [pair[0] for pair in found[1]]
        return texts + [t for text in texts for t in self.follow(text, base, depth + 1)]

    def local(self, uses: str, automatic: bool, depth: int) -> list[str]:
        """`uses: ./path`: a reusable workflow or a local action, read where the step runs."""
        path = uses[2:].split("@", 1)[0].strip("/")
        if path.endswith((".yml", ".yaml")):
            candidates = [path]
        else:
            candidates = [f"{path}/action.yml" if path else "action.yml",
                          f"{path}/action.yaml" if path else "action.yaml"]
        found = self.first(candidates, f"uses: {uses}")
        if found is None:
            if not any(self.get(c) is NOT_READ for c in candidates):
                self.unread(f"uses: {uses}, which is not there to read")
            return []
        rel, text = found
        if ("uses", rel) in self.seen:
            return []
        self.seen.add(("uses", rel))
        tree = self.reader._yaml(text, f"{self.label}, uses: {uses}")
        if tree is None:
            return []
        if "jobs" in tree:
            return self.bodies(tree["jobs"], automatic, depth + 1)
        runs = tree.get("runs")
        using = str(runs.get("using", "")).strip() if isinstance(runs, dict) else ""
        if using == "composite":
            return self.bodies(runs.get("steps") or [], automatic, depth + 1)
        self.unread(f"uses: {uses} runs a {using or 'non-composite'} action, whose code agentsh "
                    "does not read")
        return []


TASK_RUNNERS = frozenset(("just", "npm", "pnpm", "yarn", "bun", "deno", "task", "go-task",
                          "rake", "tox", "poe"))


class _ProjectFiles:
    """What the task runners' reader asks of a Context, answered from the files of a commit or
    work tree where a CI step runs (paths relative to the step's directory)."""

    env: tuple = ()

    def __init__(self, steps: Steps, base: str) -> None:
        self.steps = steps
        self.base = base
        self.unread: list[str] = []

    def read_file(self, path: str) -> str | None:
        rel = _joined(self.base, path)
        text = self.steps.get(rel) if rel is not None else NOT_READ
        if text is NOT_READ:
            self.unread.append(rel or path)
            return None
        return text if isinstance(text, str) and "\0" not in text else None

    def file_written(self, path: str) -> bool:
        return False

    def file_kind(self, path: str) -> str:
        return "missing"


def _defaults(node: dict, shell: str, base: str | None) -> tuple[str, str | None]:
    """The shell and working directory a job or workflow sets for the steps under it."""
    run = (node.get("defaults") or {}).get("run") if isinstance(node.get("defaults"), dict) \
        else None
    if isinstance(run, dict):
        if isinstance(run.get("shell"), str):
            shell = run["shell"]
        base = _joined(base, run.get("working-directory"))
    runs_on = node.get("runs-on")
    if not shell and isinstance(runs_on, str) and "windows" in runs_on.lower():
        shell = "pwsh"  # a Windows runner's default shell
    return shell, base


def _joined(base: str | None, path) -> str | None:
    """`path` (relative to the project's root, or to `base`) normalized; None when it is only
    known at run time or leaves the project."""
    import posixpath

    if base is None:
        return None
    if path is None:
        return base
    if not isinstance(path, str) or "$" in path or "`" in path:
        return None
    if path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(base, path)) if path else base
    if joined == ".":
        return ""
    if joined.startswith("../") or joined == "..":
        return None
    return joined


def _script_of(cmd) -> tuple[str, str, bool] | None:
    """(script path, language or '' for its #! line, literal) for a command that runs a file
    of the project: `./x`, `bash x.sh`, `python deploy.py`."""
    words = cmd.words
    name = words[0].text
    if "/" in name:
        return name, "", True
    interpreter = name if name in SCRIPT_SHELLS else \
        "python3" if name.startswith(("python", "pypy")) else \
        name if name in ("node", "ruby", "perl") else ""
    if not interpreter:
        return None
    i = 1
    while i < len(words):
        w = words[i].text
        inline = ("-c", "-s", "-") if interpreter in SCRIPT_SHELLS else \
            ("-c", "-m", "-") if interpreter == "python3" else ("-e", "-E", "-p", "--eval",
                                                                "--print", "-")
        if w in inline or (interpreter in SCRIPT_SHELLS and w.startswith("-") and
                           not w.startswith("--") and "c" in w[1:]):
            return None  # code given inline (judged as the step), a module, or stdin
        if w in ("-o", "+o", "-O", "+O", "-W", "-X", "--rcfile", "--init-file", "-r",
                 "--require"):
            i += 2
            continue
        if w.startswith(("-", "+")):
            i += 1
            continue
        language = "" if interpreter in SCRIPT_SHELLS else interpreter
        if not language:
            language = SCRIPT_LANGUAGES.get("." + w.rsplit(".", 1)[-1], "") if "." in w else ""
            language = "sh" if not language and interpreter in ("bash", "sh", "source", ".") \
                else language or "sh"
        return w, language, words[i].literal
    return None


def fired(tree: dict, manual) -> list[str]:
    """The events of a GitHub workflow's `on` that fire without a person starting it: a push,
    a schedule (later, with no one asking), another workflow finishing, an issue comment the
    agent may write ... (all but `manual`). Not understood: it fires."""
    on = tree.get("on", tree.get("true", ""))
    if isinstance(on, str):
        names = [on.strip()]
    elif isinstance(on, list):
        names = [str(x).strip() for x in on]
    elif isinstance(on, dict):
        names = [str(k) for k in on]
    else:
        return ["(events agentsh cannot read)"]
    return [n for n in names if n not in manual]


def _root_of(path: str) -> str:
    """The project's root for a CI definition's path."""
    for marker in ("/.github/workflows/", "/.github/"):
        if marker in path:
            return path.split(marker, 1)[0]
    return path.rsplit("/", 1)[0] if "/" in path else ""


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


def wanted(params: dict, files: dict, judged) -> set[str]:
    """The project files the steps of the CI definitions `judged` (their texts in `files`) run
    that `files` does not hold yet: the edge reads them from the same commit and asks again."""
    need: set[str] = set()

    def fetch(rel: str):
        if rel in files:
            return files[rel]
        need.add(rel)
        return NOT_READ

    reader = Delegation(params, None)
    for rel in judged:
        if isinstance(files.get(rel), str):
            reader._steps(files[rel], label=rel, on_push=True, automatic=True,
                          jenkins=rel.endswith("Jenkinsfile"), fetch=fetch)
    return need


def sent_key(root: str, words: list[str]) -> str:
    """Context.probes key: what `git push WORDS` in the repository at `root` sends (the edge
    reads the CI files of the commits pushed: `gate/probes.py::read_sent`)."""
    return "ci-sent:" + root + "\0" + "\0".join(words)


PUSH_VALUES = frozenset(("--repo", "--receive-pack", "--exec", "-o", "--push-option"))


class PushRequest:
    """One `git push` whose commits the edge reads: where, what it sends and onto which
    branches (`targets`: (rev or ref pattern, the remote's ref it may replace)), which CI
    files to look for, and the work tree's CI files (compared with the remote's)."""

    __slots__ = ("key", "root", "remote", "targets", "patterns", "work_tree", "stale", "git_only")

    def __init__(self, key, root, remote, targets, patterns, work_tree, stale,
                 git_only: bool = False) -> None:
        self.key = key
        self.root = root
        self.remote = remote
        self.targets = targets
        self.patterns = patterns
        self.work_tree = work_tree
        self.stale = stale  # why what git holds before the line is not what it sends ('' if it is)
        # only git (no ref mover) and plain commands run before the push: a file they change in
        # a way agentsh does not follow comes from commits git holds (`git stash`, `git pull`)
        self.git_only = git_only


def push_targets(words: list[str]) -> tuple[str, list[tuple[str, str]]] | str:
    """(remote, [(what is sent: a rev, or a ref pattern ending in `*`; the remote branch it
    lands on, '' when that is git's choice)]) for the words after `git push`, or a reason
    when what it sends is not known from them."""
    remote, refspecs, wild = "", [], []
    positional = 0
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--":
            rest = words[i + 1:]
            if not positional and rest:
                remote, rest = rest[0], rest[1:]
            refspecs += rest
            break
        if w in PUSH_VALUES and i + 1 < len(words):
            if w == "--repo":
                remote = words[i + 1]
            i += 2
            continue
        if w.startswith("--repo="):
            remote = w.split("=", 1)[1]
        elif w in ("--all", "--branches"):
            wild.append("refs/heads/*")
        elif w == "--mirror":
            wild += ["refs/heads/*", "refs/tags/*"]
        elif w == "--tags":
            wild.append("refs/tags/*")
        elif w.startswith("--recurse-submodules") and "on-demand" in w:
            return "it pushes the submodules' commits too (--recurse-submodules=on-demand)"
        elif not w.startswith("-"):
            if positional == 0 and not remote:
                remote = w
            else:
                refspecs.append(w)
            positional += 1
        i += 1
    targets: list[tuple[str, str]] = [(p, "") for p in wild]
    j = 0
    while j < len(refspecs):
        spec = refspecs[j].lstrip("+")
        if spec == "tag" and j + 1 < len(refspecs):
            name = refspecs[j + 1]
            targets.append((f"refs/tags/{name}", f"refs/tags/{name}"))
            j += 2
            continue
        src, colon, dst = spec.partition(":")
        if src:
            if not dst:
                dst = "" if src in ("HEAD", "@") or "*" in src else src
            targets.append((src, dst))
        j += 1
    if not targets and not refspecs:
        targets.append(("HEAD", ""))  # git's choice (push.default): the branch checked out
    return remote, targets


def push_requests(commands, policy, ctx) -> list[PushRequest]:
    """What each `git push` in a verdict's commands sends, for the edge to read
    (`gate/probes.py`)."""
    from agentsh.engine import dataflow

    out: list[PushRequest] = []
    params = policy.analyzer("ci")
    movers = frozenset(params.get("ref_movers", REF_MOVERS))
    for index, cmd in enumerate(commands):
        if cmd.program != "git" or not cmd.words[0].literal:
            continue
        rest = push_words([w.text for w in cmd.words[1:]])
        if rest is None:
            continue
        directory, words = rest
        if any(w in ("-n", "--dry-run", "--delete", "-d", "-h", "--help") for w in words):
            continue
        here = dataflow.context_for(ctx, cmd)
        if directory:
            here = here._replace(cwd=_under(here.cwd, directory))
        reader = Delegation(params, ctx)  # lists the files on disk
        reader.ctx = here
        root = reader.repo_root()
        if not root:
            continue
        key = sent_key(root, words)
        if any(r.key == key for r in out):
            continue
        patterns = [p for p in params.get("files", [".github/workflows/*.yml"])]
        work_tree = [p for p in reader.ci_files() if p.startswith(root.rstrip("/") + "/")]
        stale = _moved_before(commands[:index], movers)
        git_only = not stale and all(c.program in GIT_ONLY for c in commands[:index])
        if not all(w.literal for w in cmd.words[1:]):
            stale = stale or "what it pushes is only known at run time"
        words_before = [w.text for w in cmd.words[1:]]
        if any(words_before[k - 1] == "-c" and ("push" in w.lower() or
                                                 w.lower().startswith("remote."))
               for k, w in enumerate(words_before) if k) or \
                any(n.startswith("GIT_CONFIG") for n, _ in cmd.assignments):
            stale = stale or "it sets what git pushes on its command line"
        targets = push_targets(words)
        if isinstance(targets, str):
            stale, targets = stale or targets, ("", [])
        out.append(PushRequest(key, root, targets[0], targets[1], patterns, work_tree, stale,
                               git_only))
    return out


GIT_ONLY = frozenset(("git", "cd", "pwd", "echo", "true", ":", "ls", "sleep", "test", "[",
                      "mkdir"))
# git subcommands that move a ref or check out other commits: after one, the line may push
# commits the edge did not see (a commit of the work tree is read from the work tree)
REF_MOVERS = ("checkout", "switch", "reset", "rebase", "merge", "cherry-pick", "revert", "am",
              "update-ref", "symbolic-ref", "replace", "filter-branch", "filter-repo",
              "commit-tree", "read-tree", "branch", "tag", "worktree", "stash", "notes",
              "fast-import", "bundle", "apply", "config")


def _moved_before(commands, movers: frozenset) -> str:
    """Why the refs may not be, when `git push` runs, what they were before the line: an
    earlier git command that moves them ('' when none does)."""
    for cmd in commands:
        if cmd.program != "git" or not cmd.words:
            continue
        rest = [w.text for w in cmd.words[1:]]
        i = 0
        while i < len(rest) and rest[i].startswith("-"):
            i += 2 if rest[i] in GIT_VALUES else 1
        sub = rest[i] if i < len(rest) else ""
        args = rest[i + 1:]
        if sub not in movers or _from_head(sub, args):
            continue
        return f"`git {sub}` earlier in the line moves what is pushed"
    return ""


def _from_head(sub: str, args: list[str]) -> bool:
    """A ref mover that leaves what HEAD's branch sends as it is: a new branch or tag at HEAD,
    a reset of the index or work tree only, a stash, restoring files."""
    plain = [a for a in args if not a.startswith("-")]
    flags = [a for a in args if a.startswith("-")]
    if sub in ("checkout", "switch"):
        creates = any(f in ("-b", "-c", "-B", "-C") for f in flags)
        return (creates and len(plain) <= 1) or "--" in args or plain in (["."], [])
    if sub == "branch":
        return not any(f in ("-f", "--force", "-m", "-M", "-c", "-C", "--move", "--copy")
                       for f in flags) and len(plain) <= 1
    if sub == "tag":
        valued = {"-m", "--message", "-F", "--file", "-u", "--local-user"}
        names = [a for k, a in enumerate(args) if not a.startswith("-") and
                 (k == 0 or args[k - 1] not in valued)]
        return len(names) <= 1 and "-f" not in flags and "--force" not in flags
    if sub == "reset":
        return all(a in ("HEAD", "--", ".") or a.startswith("-") for a in args) or "--" in args
    if sub == "config":  # what a push sends is set by push.default, remote.R.push/mirror
        return not any("push" in a.lower() or a.lower().startswith("remote.") for a in args)
    if sub == "stash":
        return not plain or plain[0] in ("push", "save", "list", "show", "drop", "clear",
                                         "create")
    return False


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
