"""Reading what only a tool can read, at the edge, before the check: a saved terraform plan is a
binary file that only `terraform show -json PLAN` turns into text.

The core (`engine/domains/plans.py`) runs no program: it asks for a saved plan it has no result
for. When a verdict asks for that reason only, `checked` runs each plan's read-only reader here,
bounded in time, and judges the line again with the results in `Context.probes`. Anything that
goes wrong (no such program, a timeout, an error, output that is not the JSON expected) is a
result too: a reason, which the core reports as a plan it could not read, so it asks.

Only the live routes (`agentsh -c`, scripts, hooks) call this; `agentsh check` judges text
alone and asks for any saved plan."""

from __future__ import annotations

import os

MAX_PROBES = 4  # saved plans read for one line; more ask
OUTPUT_CAP = 32 << 20  # bytes of JSON read from a reader
# variables that would change what the reader runs or reads (`TF_CLI_ARGS_show=...`, another
# CLI configuration with credential helpers): the reader runs without them
DROPPED_ENV = ("TF_CLI_ARGS", "TF_CLI_CONFIG_FILE", "TERRAFORM_CONFIG", "TF_DATA_DIR")


def checked(text: str, policy, ctx, classify):
    """`classify(text, policy, ctx)`, and when it asks for a saved plan it could not read, the
    same after reading the plans (a verdict that asks for other reasons is returned as it is:
    running a tool cannot make it run); for `git push`, the CI files it sends; for a whole-tree
    git move (`git merge`, `switch`, `stash pop`...), the files it brings (`read_moved`)."""
    return after(classify(text, policy, ctx), text, policy, ctx, classify)


def after(verdict, text: str, policy, ctx, classify):
    """`checked` for a verdict already made of `text` (`gate.decide.checked` made it)."""
    from agentsh.policy.values import Decision

    pushes = any(c.program == "git" and "push" in c.argv for c in verdict.commands)
    moves = False
    if any(c.program.rsplit("/", 1)[-1] == "git" for c in verdict.commands):
        from agentsh.engine import gitmoves

        moves = any(gitmoves.is_move(c) for c in verdict.commands)
    carries: list = []
    if any(c.program == "git" for c in verdict.commands) and \
            any(c.program in CARRY_PROGRAMS or "apply" in c.argv for c in verdict.commands):
        from agentsh.engine import gitcarry

        # a writer a pipe from git feeds was judged to write anything (an allow: nothing
        # protected there); one a file the line wrote feeds was not linked by the core
        carries = [(k, w, r) for k, w, r, piped in gitcarry.requests(verdict.commands, ctx)
                   if verdict.decision != Decision.ALLOW or not piped]
    if verdict.decision == Decision.ALLOW and not pushes and not moves and not carries:
        return verdict
    env = dict(ctx.env)
    results: list = []
    if verdict.decision != Decision.ALLOW and _wants_plans(verdict, policy):
        from agentsh.engine.domains import plans

        requests = plans.requests(verdict.commands, policy, ctx)
        if requests and len(requests) <= MAX_PROBES:
            seconds = float(policy.analyzer("plans").get("probe_seconds", 8))
            for r in requests:
                data = read_plan_json(r, env, seconds)
                results.append((r.key, data if isinstance(data, str) else plan_deletes(data)))
                results.append((plans.runs_key(r.workdir, r.plan),
                                data if isinstance(data, str) else plan_runs(data)))
    if pushes:
        from agentsh.engine import ci

        requests = ci.push_requests(verdict.commands, policy, ctx)
        params = policy.analyzer("ci")
        for n, request in enumerate(requests):
            result = read_sent(request, env, params) if n < MAX_PROBES else \
                "more pushes in one line than agentsh reads"
            # a push that sends no CI file the remote lacks changes nothing already judged
            if verdict.decision != Decision.ALLOW or isinstance(result, str) or result["sent"]:
                results.append((request.key, result))
    if moves:
        from agentsh.engine import gitmoves

        for n, (key, where, reads) in enumerate(gitmoves.requests(verdict.commands, ctx)):
            result = reads if isinstance(reads, str) else read_moved(where, reads, env) \
                if n < MAX_PROBES else "more moves in one line than agentsh reads"
            if isinstance(result, str) or (result and result[1]):
                results.append((key, result))
    if carries:
        for n, (key, where, reads) in enumerate(carries):
            result = reads if isinstance(reads, str) else read_carried(where, reads, env) \
                if n < MAX_PROBES else "more writers fed by git in one line than agentsh reads"
            results.append((key, result))
    if not results:
        return verdict
    return classify(text, policy, ctx._replace(probes=ctx.probes + tuple(results)))


CARRY_PROGRAMS = frozenset(("tar", "gtar", "bsdtar", "unzip", "patch", "gpatch"))
GIT_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")
MAX_SOURCES = 40  # refs one push sends whose CI files are read; more ask
MAX_BYTES = 8 << 20  # bytes of CI files and what they run read for one push
MAX_ROUNDS = 4  # rounds of files a step reaches (a script that runs a script ...)


class Git:
    """git in one repository, hardened: no fsmonitor, hooks, system configuration or GIT_*
    variables; each run bounded in time. A failure is None."""

    def __init__(self, root: str, env: dict, seconds: float) -> None:
        self.root = root
        self.env = {k: v for k, v in env.items() if not k.startswith(("GIT_", "AGENTSH_"))}
        self.env["GIT_CONFIG_NOSYSTEM"] = "1"
        self.seconds = seconds
        self.runs = 0

    def run(self, *args: str, stdin: bytes = b"") -> bytes | None:
        import subprocess

        self.runs += 1
        try:
            done = subprocess.run(["git", *GIT_SAFE, "-C", self.root, *args], env=self.env,
                                  input=stdin, capture_output=True, timeout=self.seconds)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    def objects(self, names: list[str]) -> list | None:
        """`git cat-file --batch` for each name: (oid, type, bytes), or None for one that is not
        there; None for all when git fails."""
        if not names:
            return []
        if any("\n" in n for n in names):
            return None
        out = self.run("cat-file", "--batch", stdin=("\n".join(names) + "\n").encode())
        if out is None:
            return None
        got: list = []
        pos = 0
        for _ in names:
            end = out.find(b"\n", pos)
            if end < 0:
                return None
            header = out[pos:end].decode("utf-8", "replace").split(" ")
            pos = end + 1
            if len(header) != 3 or not header[2].isdigit():
                got.append(None)  # `NAME missing`, `NAME ambiguous`
                continue
            size = int(header[2])
            got.append((header[0], header[1], out[pos:pos + size]))
            pos += size + 1
        return got


def read_sent(request, env: dict, params: dict, seconds: float = 4):
    """What one `git push` sends (`ci.PushRequest`), read from git: for each ref it pushes,
    the CI definitions whose text the remote does not already have there, with the project
    files their steps run (scripts, Makefiles, local actions), as the core's `sent` probe
    result; and the work tree's CI files the remote has as they are (`same`). Anything git
    cannot answer is a reason (a string): the push asks."""
    import hashlib
    import re

    from agentsh.engine import ci

    if request.stale:
        return request.stale
    git = Git(request.root, env, seconds)
    remote = request.remote
    named = not remote or bool(re.fullmatch(r"[\w.-]+", remote))
    name = remote or "origin"
    # what the remote already has: the branch pushed onto, its default branch, and the
    # upstream of the branch checked out
    common = ([f"refs/remotes/{name}/HEAD"] if named else []) + ["@{upstream}"]
    sources: list[tuple[str, list[str]]] = []  # (rev, revs whose copy the remote has)
    targets = list(request.targets)
    if targets == [("HEAD", "")] and _pushes_more(request.root, env):
        targets.append(("refs/heads/*", ""))  # push.default=matching, a push refspec, mirror
    patterns = [src for src, _ in targets if "*" in src]
    if patterns:
        listed = git.run("for-each-ref", "--format=%(refname)", *patterns)
        if listed is None:
            return "git could not list the refs it pushes"
        for ref in listed.decode("utf-8", "replace").split():
            branch = ref[len("refs/heads/"):] if ref.startswith("refs/heads/") else ""
            sources.append((ref, ([f"refs/remotes/{name}/{branch}"] if branch and named else [])
                            + common))
    for src, dst in targets:
        if "*" in src:
            continue
        bases = list(common)
        short = dst[len("refs/heads/"):] if dst.startswith("refs/heads/") else dst
        if short and named and not short.startswith("refs/"):
            bases.insert(0, f"refs/remotes/{name}/{short}")
        if src in ("HEAD", "@") and not dst:
            bases = ["@{push}"] + bases
        sources.append((src, bases))
    if len(sources) > MAX_SOURCES:
        return f"it pushes {len(sources)} refs, more than agentsh reads"
    places = _places(request.patterns)
    # a ref the line creates at HEAD before pushing it (`git tag v1 && git push origin v1`) is
    # not there yet: HEAD is what it will send (one made elsewhere makes the request stale)
    heads = list(dict.fromkeys([rev for rev, _ in sources] + ["HEAD"]))
    revs = list(dict.fromkeys(heads + [b for _, bases in sources for b in bases]))
    names = [f"{rev}^{{commit}}" for rev in heads]
    names += [f"{rev}:{place}" for rev in revs for place in places]
    got = git.objects(names)
    if got is None:
        return "git could not read the commits it sends"
    commits = dict(zip(heads, got[:len(heads)], strict=True))
    at = dict(zip([(rev, place) for rev in revs for place in places], got[len(heads):],
                  strict=True))

    def blobs(rev: str) -> dict[str, str]:
        """path -> blob id of the CI files at `rev`."""
        out: dict[str, str] = {}
        for place in places:
            obj = at.get((rev, place))
            if obj is None:
                continue
            oid, kind, data = obj
            if kind == "blob":
                out[place] = oid
            elif kind == "tree":
                for entry, entry_oid in _tree(data, len(oid) // 2):
                    out[f"{place}/{entry}"] = entry_oid
        return {p: o for p, o in out.items() if _ci_path(p, request.patterns)}

    known: set[tuple[str, str]] = set()
    for _, bases in sources:
        for base in bases:
            known |= set(blobs(base).items())
    sent: list = []
    wanted_blobs: dict[str, str] = {}
    plan: list = []
    for rev, _ in sources:
        commit = commits[rev]
        if commit is None:
            rev, commit = "HEAD", commits["HEAD"]
        if commit is None:
            return "git could not resolve HEAD"
        changed = {p: o for p, o in blobs(rev).items() if (p, o) not in known}
        if not changed:
            continue
        plan.append((rev, commit[0], changed))
        wanted_blobs.update({o: p for p, o in changed.items()})
    texts: dict[str, str] = {}
    if wanted_blobs:
        got = git.objects(list(wanted_blobs))
        if got is None:
            return "git could not read the CI files it sends"
        size = 0
        for oid, obj in zip(wanted_blobs, got, strict=True):
            if obj is None:
                return f"git could not read {wanted_blobs[oid]}"
            size += len(obj[2])
            texts[oid] = obj[2].decode("utf-8", "replace")
        if size > MAX_BYTES:
            return "the CI files it sends are too big to read"
    for rev, commit_id, changed in plan:
        files: dict = {p: texts[o] for p, o in changed.items()}
        judged = tuple(sorted(changed))
        for _ in range(MAX_ROUNDS):
            need = sorted(ci.wanted(params, files, judged))
            if not need:
                break
            got = git.objects([f"{commit_id}:{p}" for p in need])
            if got is None:
                return "git could not read the files its CI steps run"
            for rel, obj in zip(need, got, strict=True):
                files[rel] = obj[2].decode("utf-8", "replace") if obj and obj[1] == "blob" \
                    else None
        label = rev if rev not in ("HEAD", "@") else "HEAD"
        sent.append((f"{label} ({commit_id[:10]})", files, judged))
    same: list[str] = []
    known_ids = {o for _, o in known}
    for path in request.work_tree:
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES)
        except OSError:
            continue
        algo = hashlib.sha256 if any(len(o) == 64 for o in known_ids) else hashlib.sha1
        if algo(b"blob %d\0" % len(data) + data).hexdigest() in known_ids:
            same.append(path)
    return {"sent": tuple(sent), "same": tuple(same), "git_runs": git.runs,
            "git_only": request.git_only}


def read_moved(where: str, reads: list, env: dict, seconds: float = 4):
    """What a whole-tree git move (`engine/gitmoves.py::plan`) brings into the work tree run in
    `where`: (the repository's top, the paths relative to it that it may write), or a reason
    when git cannot say (the core then takes it to write anything)."""
    from agentsh.engine import gitmoves

    git = Git(where, env, seconds)
    top = git.run("rev-parse", "--show-toplevel")
    if top is None:
        return ()  # not in a repository: git refuses the move
    root = top.decode("utf-8", "replace").strip()
    paths: dict[str, None] = {}

    def commit(rev: str) -> str | None:
        """`rev` as git resolves it to a commit, or as `git switch NAME` does (the remote's
        branch of that name); None when there is none here."""
        if git.run("rev-parse", "--verify", "-q", "--end-of-options", f"{rev}^{{commit}}") \
                is not None:
            return rev
        if "/" not in rev and not rev.startswith(("@", "-")) and git.run(
                "rev-parse", "--verify", "-q", f"refs/remotes/origin/{rev}^{{commit}}") \
                is not None:
            return f"refs/remotes/origin/{rev}"
        return None

    for kind, *revs in reads:
        if kind == "mailbox":
            found = _mailbox(where, revs[0], *revs[1:])
            if isinstance(found, str):
                return found
            paths.update(dict.fromkeys(found))
            continue
        if kind == "diff":
            a, b = revs
            # a revision git cannot resolve here may still be one when the move runs (a
            # remote's branch the pull fetches first, a branch `git switch` takes from a remote
            # other than origin): what it brings is not known
            target = commit(b)
            if target is None and (b.startswith(("stash@{", "refs/stash")) or (
                    a == "HEAD" and os.path.lexists(os.path.join(where, b)))):
                # no stash yet (the line's own `git stash` makes the one it pops, of changes
                # judged as the line's), or `git checkout a.txt`: a path, no revision
                continue
            unknown = b if target is None else \
                a if a not in ("", "HEAD", "@merge") and commit(a) is None else ""
            if unknown:
                return f"{unknown} is not known here: what it brings is known only when git runs"
            b = target
            args = ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv"]
            args += [f"HEAD...{b}"] if a == "@merge" else ([a, b] if a else [b])
        elif kind in ("log", "commit"):
            if kind == "commit" and commit(revs[0]) is None:
                if revs[0].startswith(("stash@{", "refs/stash")):
                    continue  # no stash yet: the line's own `git stash` makes it (above)
                return f"{revs[0]} is not known here: what it brings is known only when git runs"
            args = ["log", "--format=", "--name-only", "-z", "-m", "--first-parent",
                    "--no-renames", "-n", "200", *(["--no-walk"] if kind == "commit" else []),
                    "--end-of-options", revs[0]]
        else:
            if git.run("rev-parse", "--verify", "-q", "--end-of-options", revs[0]) is None:
                continue  # a stash with no untracked files
            args = ["ls-tree", "-r", "-z", "--name-only", "--end-of-options", revs[0]]
        out = git.run(*args) if kind == "tree" else git.run(*args, "--")
        if out is None:
            return f"git could not list what `git {args[0]}` brings"
        for name in out.decode("utf-8", "replace").split("\0"):
            name = name.strip("\n")
            if name:
                paths[name] = None
        if len(paths) > gitmoves.MAX_MOVED:
            return "it brings more files than agentsh reads"
    return root, tuple(paths)


PATCH_NAMES = rb"^(?:(?:\+\+\+|---) (\S+)|diff --git (\S+) (\S+))"


def read_carried(where: str, reads: list, env: dict, seconds: float = 4):
    """What git's output carries into a writer (`engine/gitcarry.py::requests`), read in
    `where`: (the repository's top, the names the output holds as the writer reads them: each
    prefix the output puts before them), or a reason when git cannot say."""
    import re

    from agentsh.engine import gitmoves

    git = Git(where, env, seconds)
    top = git.run("rev-parse", "--show-toplevel")
    if top is None:
        return where, ()  # not in a repository: git prints nothing
    names: dict[str, None] = {}
    for read, prefixes in reads:
        kind, *args = read
        found: list[str] = []
        if kind == "blob":
            got = git.objects([args[0]])
            if not got or got[0] is None or got[0][1] != "blob":
                return f"{args[0]} is not a file git can read here"
            text = got[0][2]
            prefixes = ("",)
        elif kind == "ls":
            out = git.run("ls-tree", "-r", "-z", "--name-only", "--end-of-options", *args)
            if out is None:
                return f"git could not list the tree {args[0]}"
            found = out.decode("utf-8", "replace").split("\0")
            text = b""
        else:
            sub, *rest = args
            safe = ["-z"] if sub == "ls-tree" else \
                ["-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color"]
            out = git.run(sub, *safe, *rest)
            if out is None:
                return f"git could not list what `git {sub}` prints"
            found = out.decode("utf-8", "replace").split("\0")
            text = b""
            if sub == "log":  # a patch in a commit's message is applied as well
                body = [a for a in rest if a not in ("--format=", "--name-only", "-m")]
                text = git.run("log", "--format=%B", "--no-color", *body) or b""
                if len(text) > MAX_BYTES:
                    return "the commits' messages are too big to read"
        for m in re.finditer(PATCH_NAMES, text, re.M):
            found += [g.decode("utf-8", "replace") for g in m.groups() if g]
        for name in found:
            name = name.strip("\n")
            if name and name != "/dev/null":
                names.update(dict.fromkeys(p + name for p in prefixes))
        if len(names) > gitmoves.MAX_MOVED:
            return "it carries more files than agentsh reads"
    return top.decode("utf-8", "replace").strip(), tuple(names)


def _mailbox(where: str, pattern: str, strip: str = "1", directory: str = ""
             ) -> list[str] | str:
    """The files the patches of `git am PATTERN` write (`+++ b/PATH`, `strip` folders taken
    off, `directory` put before), the pattern expanded as bash would; a reason when a mailbox
    cannot be read."""
    import glob
    import re

    path = pattern if pattern.startswith("/") else os.path.join(where, pattern)
    names = sorted(glob.glob(path)) if any(c in pattern for c in "*?[") else [path]
    if not names:
        return f"its mailbox {pattern} is not there to read"
    out: list[str] = []
    for name in names[:200]:
        try:
            with open(name, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError:
            return f"its mailbox {name} could not be read"
        if len(data) > MAX_BYTES:
            return f"its mailbox {name} is too big to read"
        for m in re.finditer(rb"^(?:\+\+\+|---) (\S+)", data, re.M):
            name_in = m.group(1).decode("utf-8", "replace")
            if name_in != "/dev/null":
                parts = [p for p in name_in.split("/") if p][int(strip):]
                if parts:
                    out.append("/".join([directory.strip("/")] * bool(directory.strip("/")) +
                                        parts))
    return out


def _pushes_more(root: str, env: dict) -> bool:
    """Whether git's configuration may make a plain `git push` send more than the branch
    checked out: `push.default = matching`, a remote's `push` refspecs or `mirror`, or a file
    it includes (not followed here). Read as text from the files git reads (no process)."""
    import re

    home = env.get("HOME", "")
    paths = [f"{root}/.git/config", env.get("GIT_CONFIG_GLOBAL") or f"{home}/.gitconfig",
             f"{env.get('XDG_CONFIG_HOME') or home + '/.config'}/git/config", "/etc/gitconfig"]
    try:
        with open(f"{root}/.git", encoding="utf-8", errors="replace") as f:  # a worktree's
            gitdir = f.read().strip().removeprefix("gitdir:").strip()
        paths += [f"{gitdir}/config", f"{gitdir}/config.worktree", f"{gitdir}/../../config"]
    except OSError:
        paths.append(f"{root}/.git/config.worktree")
    pattern = re.compile(r"(?im)^\s*(default\s*=\s*\S*matching|mirror\s*=\s*(true|yes|on|1)"
                         r"|push\s*=|\[\s*include)")
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                if pattern.search(f.read(1 << 20)):
                    return True
        except OSError:
            continue
    return False


def _places(patterns: list[str]) -> list[str]:
    """Where CI files are, as git paths: the directories of patterns with a glob, the files."""
    out: list[str] = []
    for pattern in patterns:
        place = pattern.rsplit("/", 1)[0] if any(c in pattern for c in "*?[") else pattern
        if place and place not in out and not any(c in place for c in "*?["):
            out.append(place)
    return out


def _ci_path(path: str, patterns: list[str]) -> bool:
    import fnmatch

    return any(fnmatch.fnmatchcase(path, p) and path.count("/") == p.count("/")
               for p in patterns)


def _tree(data: bytes, oid_bytes: int) -> list[tuple[str, str]]:
    """The blobs of a tree object's raw entries (`MODE NAME\\0OID`): (name, hex oid)."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos)
        nul = data.find(b"\0", space)
        if space < 0 or nul < 0:
            break
        mode = data[pos:space]
        name = data[space + 1:nul].decode("utf-8", "replace")
        oid = data[nul + 1:nul + 1 + oid_bytes].hex()
        pos = nul + 1 + oid_bytes
        if not mode.startswith(b"4") and not mode.startswith(b"16"):  # not a tree, a submodule
            out.append((name, oid))
    return out


def _wants_plans(verdict, policy) -> bool:
    """A finding of the plans domain (a saved plan, or an apply with no review) is there."""
    return any(f.domain == "plans" for f in verdict.findings)


def read_plan(request, env: dict, seconds: float):
    """The addresses of the resources a saved plan deletes (a tuple, empty when none), or a
    string saying why it could not be read."""
    data = read_plan_json(request, env, seconds)
    return data if isinstance(data, str) else plan_deletes(data)


def read_plan_json(request, env: dict, seconds: float):
    """A saved plan as the tool's reader prints it (JSON), or a string saying why it could not
    be read."""
    import json
    import subprocess

    argv = [request.tool, *request.reader, request.plan]
    clean = {k: v for k, v in env.items()
             if not k.startswith(DROPPED_ENV) and not k.startswith("AGENTSH_")}
    clean["TF_IN_AUTOMATION"] = "1"
    clean["TF_INPUT"] = "0"
    try:
        proc = subprocess.Popen(argv, cwd=request.workdir, env=clean, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except (OSError, ValueError) as exc:
        return f"could not run `{' '.join(argv)}` to read the saved plan ({exc.__class__.__name__})"
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"`{' '.join(argv)}` did not finish in {seconds:g} s"
    if proc.returncode != 0:
        first = (err or b"").decode("utf-8", "replace").strip().splitlines()[:3]
        why = " ".join(line.strip("│ ╷╵") for line in first if line.strip("│ ╷╵"))[:200]
        return f"`{' '.join(argv)}` failed ({why or 'exit ' + str(proc.returncode)})"
    if len(out) > OUTPUT_CAP:
        return "the saved plan is too big to read"
    try:
        return json.loads(out)
    except ValueError:
        return f"`{' '.join(argv)}` printed something that is not a plan"


def plan_runs(data) -> tuple | str:
    """What applying a plan runs besides the provider's API calls, from its configuration
    (terraform's `show -json` format): each `local-exec` command (run here, in the working
    directory), `remote-exec` inline command (run on the machine created) and `external` data
    source program, as (what, shell text, where: "child" or "remote"); a reason when one is
    only known when the plan is applied (an expression, a script file) or cannot be read."""
    import shlex

    if not isinstance(data, dict):
        return "the reader did not print a plan"
    config = data.get("configuration") or {}
    root = config.get("root_module") if isinstance(config, dict) else None
    out: list = []
    modules = [("", root)]
    while modules:
        prefix, module = modules.pop()
        if not isinstance(module, dict):
            continue
        for resource in module.get("resources") or []:
            if not isinstance(resource, dict):
                return "the plan's configuration could not be read"
            address = prefix + str(resource.get("address", "?"))
            if resource.get("mode") == "data" and resource.get("type") == "external":
                program = _constant((resource.get("expressions") or {}).get("program"))
                if not isinstance(program, list) or not all(isinstance(p, str) for p in program):
                    return f"the program of {address} is only known when the plan is applied"
                out.append((f"the external data source {address}", shlex.join(program), "child"))
            for provisioner in resource.get("provisioners") or []:
                if not isinstance(provisioner, dict):
                    return "the plan's configuration could not be read"
                kind = provisioner.get("type", "?")
                expressions = provisioner.get("expressions") or {}
                what = f"the {kind} provisioner of {address}"
                if kind == "local-exec":
                    command = _constant(expressions.get("command"))
                    interpreter = _constant(expressions.get("interpreter"))
                    if not isinstance(command, str) or (
                            interpreter is not None and not isinstance(interpreter, list)):
                        return f"{what} runs a command only known when the plan is applied"
                    text = shlex.join([*interpreter, command]) if interpreter else command
                    out.append((what, text, "child"))
                elif kind == "remote-exec":
                    inline = _constant(expressions.get("inline"))
                    if set(expressions) - {"inline"} or not isinstance(inline, list) or \
                            not all(isinstance(c, str) for c in inline):
                        return f"{what} runs scripts agentsh does not read"
                    out.append((what, "\n".join(inline), "remote"))
                elif kind != "file":
                    return f"{what} is a provisioner agentsh does not read"
        for name, call in (module.get("module_calls") or {}).items():
            if isinstance(call, dict):
                modules.append((f"{prefix}module.{name}.", call.get("module")))
    return tuple(out)


def _constant(expression):
    """A configuration expression's value when it is a constant (None when it is computed)."""
    if isinstance(expression, dict) and "constant_value" in expression:
        return expression["constant_value"]
    return None


def plan_deletes(data) -> tuple[str, ...] | str:
    """What a plan's JSON (terraform's `show -json` format) deletes: every resource change whose
    actions hold `delete` (a replacement too), or a reason when it is not a plan's JSON."""
    if not isinstance(data, dict) or "format_version" not in data:
        return "the reader did not print a plan"
    changes = data.get("resource_changes", [])
    if not isinstance(changes, list):
        return "the plan's resource changes could not be read"
    out = []
    for change in changes:
        if not isinstance(change, dict):
            return "the plan's resource changes could not be read"
        actions = (change.get("change") or {}).get("actions", [])
        if not isinstance(actions, list):
            return "the plan's resource changes could not be read"
        if "delete" in actions:
            out.append(str(change.get("address", "?")))
    return tuple(out)


def _kill(proc) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    try:
        proc.communicate(timeout=2)
    except Exception:
        pass
