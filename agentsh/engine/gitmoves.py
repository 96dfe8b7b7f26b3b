"""What a whole-tree git move brings into the work tree: `git merge evil`, `git switch evil`,
`git checkout evil`, `git reset --hard evil`, `git pull . evil`, `git rebase evil`,
`git stash pop`, `git cherry-pick evil`, `git revert`, `git read-tree -u`. A commit can hold a
file the agent never wrote on disk (`git hash-object -w`, `git update-index --cacheinfo`,
`git commit-tree`, another branch or worktree); the move writes it without naming it.

The core runs no program: for each such command it asks the edge (`gate/probes.py::read_moved`)
which files differ between the work tree's commit and the one the move brings (`git diff
--name-only`, from the merge base for merges and rebases), and turns the answer into a write of
each file, so the rules on protected paths (SELF001/SELF002) judge it as the path write it is.
An answer that is a reason (a revision only known at run time, one the line moves first, more
files than agentsh reads, a failure) is a write of the whole tree by a commit not read, which
the same rules take to reach the relative paths they protect.

`agentsh check` (text alone, no repository) asks nothing here: the move is judged as before."""

from __future__ import annotations

from agentsh.engine.model import Command

MOVES = frozenset(("merge", "switch", "checkout", "reset", "pull", "rebase", "stash",
                   "cherry-pick", "revert", "read-tree", "am"))
MAX_MOVED = 2000  # files one move brings that become writes; more: not read
GIT_VALUES = frozenset(("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env",
                        "--exec-path"))
# git commands earlier in the line that may move the revision a move brings
MOVERS = frozenset(("checkout", "switch", "reset", "rebase", "merge", "cherry-pick", "revert",
                    "am", "update-ref", "symbolic-ref", "replace", "filter-branch", "filter-repo",
                    "commit-tree", "read-tree", "branch", "tag", "worktree", "stash", "notes",
                    "fast-import", "bundle", "update-index", "pull", "config", "remote"))


def move_key(cwd: str, words: list[str]) -> str:
    """Context.probes key: what `git WORDS` run in `cwd` brings into the work tree."""
    return "git-moved:" + cwd + "\0" + "\0".join(words)


def _split(words: list[str]) -> tuple[list[str], str, list[str]] | None:
    """(the -C directories, the subcommand, its words) of `git WORDS`; None with a global
    option that moves the repository or work tree elsewhere (`--git-dir`, `--work-tree`)."""
    i = 0
    chdir: list[str] = []
    while i < len(words) and words[i].startswith("-"):
        name = words[i].split("=", 1)[0]
        if name in ("--git-dir", "--work-tree", "--namespace"):
            return None
        if name in GIT_VALUES and "=" not in words[i]:
            if name == "-C" and i + 1 < len(words):
                chdir.append(words[i + 1])
            i += 2
            continue
        i += 1
    if i >= len(words):
        return chdir, "", []
    return chdir, words[i], words[i + 1:]


def is_move(cmd: Command) -> bool:
    """Cheap test: a git command whose subcommand may bring commits into the work tree."""
    return cmd.program.rsplit("/", 1)[-1] == "git" and any(w.text in MOVES
                                                          for w in cmd.words[1:6])


def plan(sub: str, args: list[str]) -> list[tuple[str, ...]] | str | None:
    """What the edge reads for `git SUB ARGS`: a list of reads, each ("diff", A, B) (files
    that differ between A and B: with A = "@merge" from the merge base of HEAD and B), ("log",
    RANGE) (the files the commits of a range change), ("commit", REV) (the files one commit
    changes) or ("tree", REV) (every file of a tree: a stash's untracked files); None when the
    command brings no commit (a new branch here, `--abort`, a path checkout from the index);
    a reason when what it brings is not known from its words."""
    flags = [a for a in args if a.startswith("-") and a != "-"]
    plain = [a for a in args if not a.startswith("-") or a == "-"]
    if "--" in args:
        plain = [a for a in args[:args.index("--")] if not a.startswith("-")]
        if sub in ("checkout", "reset", "read-tree") and args[args.index("--") + 1:]:
            return None  # paths: the path write's own rules (effects/git.py `_source_ref`)
    if any(f in ("--abort", "--quit", "--skip", "--continue", "-h", "--help", "--show-current-patch")
           for f in flags):
        return None
    if sub in ("switch", "checkout"):
        if "--orphan" in flags or any(f.startswith("--orphan=") for f in flags):
            return None  # an empty branch: nothing comes from a commit
        creating = any(f in ("-b", "-B", "-c", "-C", "--create", "--force-create") for f in flags)
        if creating:
            plain = plain[1:]  # the new branch's name
        if sub == "checkout" and len(plain) >= 2:
            return None  # `git checkout REF PATH...`: the path write's own rules
        if not plain:
            return None if creating or sub == "checkout" else "it switches to a branch not named"
        return [("diff", "HEAD", "@{-1}" if plain[0] == "-" else plain[0])]
    if sub == "reset":
        if not any(f in ("--hard", "--merge", "--keep") for f in flags):
            return None  # the index or nothing: no file of the work tree is written
        return [("diff", "", plain[0] if plain else "HEAD")]
    if sub == "read-tree":
        if not any(f == "-u" for f in flags):
            return None
        return [("diff", "HEAD", p) for p in plain[-3:]] or "it reads no tree named"
    if sub == "merge":
        return [("diff", "@merge", p) for p in plain] or [("diff", "@merge", "@{upstream}")]
    if sub == "rebase":
        onto = next((args[k + 1] for k, a in enumerate(args[:-1]) if a == "--onto"), None)
        onto = onto or next((a.split("=", 1)[1] for a in flags if a.startswith("--onto=")), None)
        if onto in plain:
            plain.remove(onto)
        reads = [("diff", "@merge", onto or (plain[0] if plain else "@{upstream}"))]
        if len(plain) >= 2:
            reads.append(("diff", "HEAD", plain[1]))  # it checks out that branch first
        return reads
    if sub == "pull":
        remote = plain[0] if plain else ""
        refs = plain[1:]
        if remote == ".":
            return [("diff", "@merge", r.split(":", 1)[0].lstrip("+")) for r in refs] or \
                "it pulls from this repository with no branch named"
        if remote.startswith(("/", "./", "../", "~", "file:")) or remote == "..":
            return "it pulls from another repository on this machine, which agentsh does not read"
        if not remote:
            return [("diff", "@merge", "@{upstream}")]
        if not refs:
            return [("diff", "@merge", "@{upstream}")]
        # what the remote has now is not known before the fetch: its copy already fetched
        return [("diff", "@merge", f"refs/remotes/{remote}/{r.split(':', 1)[0].lstrip('+')}")
                for r in refs]
    if sub == "stash":
        if not plain or plain[0] not in ("pop", "apply", "branch"):
            return None
        stash = (plain[2] if len(plain) > 2 else "stash@{0}") if plain[0] == "branch" else \
            (plain[1] if len(plain) > 1 else "stash@{0}")
        if stash.isdigit():
            stash = f"stash@{{{stash}}}"
        return [("diff", f"{stash}^1", stash), ("tree", f"{stash}^3")]
    if sub == "am":
        if not plain:
            return "it reads its mailbox from standard input, which agentsh does not read"
        # `-pN` takes N folders off each name (one by default), `--directory=D` puts D before
        strip = next((f[2:] for f in reversed(flags) if f.startswith("-p") and f[2:].isdigit()),
                     "1")
        where = next((f.split("=", 1)[1] for f in reversed(flags)
                      if f.startswith("--directory=")), "")
        if strip == "1" and not where:
            return [("mailbox", p) for p in plain]
        return [("mailbox", p, strip, where) for p in plain]
    if sub in ("cherry-pick", "revert"):
        if not plain:
            return "it names no commit"
        return [("log", p) if ".." in p else ("commit", p) for p in plain]
    return None


def request(cmd: Command, cwd: str, earlier) -> tuple[str, str, object] | None:
    """(key, directory git runs in, the plan or a reason) for one command, None when it is no
    move or what it does is known without a probe."""
    if not is_move(cmd) or not cwd or not cmd.words[0].literal:
        return None
    words = [w.text for w in cmd.words[1:]]
    parts = _split(words)
    if parts is None:
        return move_key(cwd, words), cwd, \
            "it moves the repository or work tree elsewhere (--git-dir, --work-tree)"
    chdir, sub, args = parts
    if sub not in MOVES:
        return None
    where = cwd
    for d in chdir:
        where = d if d.startswith("/") else f"{where.rstrip('/')}/{d}"
    if not all(w.literal for w in cmd.words[1:]):
        return move_key(cwd, words), where, "a word of it is only known at run time"
    reads = plan(sub, args)
    if reads is None:
        return None
    if not isinstance(reads, str):
        why = _stash_before(earlier, reads) if sub == "stash" else _moved_before(earlier, sub)
        if isinstance(why, list):
            reads = why
        elif why:
            reads = why
    return move_key(cwd, words), where, reads


STASH_MOVERS = frozenset(("update-ref", "update-index", "read-tree", "replace", "filter-branch",
                          "filter-repo", "fast-import", "symbolic-ref", "add", "apply", "am",
                          "reflog"))


def _stash_before(commands, reads: list) -> str | list | None:
    """For `git stash pop|apply`: a reason when the line may change the stash it brings before
    it runs; the reads of the stash an earlier `git stash` makes (the work tree's and index's
    changes from HEAD, as they are now) when the line makes it; None when it does neither."""
    made = False
    for cmd in commands:
        if cmd.program != "git" or not cmd.words:
            continue
        parts = _split([w.text for w in cmd.words[1:]])
        if parts is None:
            return "`git` earlier in the line runs on another repository or work tree"
        _, name, args = parts
        plain = [a for a in args if not a.startswith("-")]
        if name == "stash":
            if plain and plain[0] not in ("push", "save", "list", "show"):
                return f"`git stash {plain[0]}` earlier in the line changes the stash it brings"
            if not plain or plain[0] in ("push", "save"):
                made = True
        elif name in STASH_MOVERS and not (name == "add" and "-N" not in args and
                                           "--intent-to-add" not in args):
            return f"`git {name}` earlier in the line may change what the stash holds"
    if not made:
        return None
    if reads and reads[0][1:] != ("stash@{0}^1", "stash@{0}"):
        return "it brings an older stash than the one the line makes"
    # (`git stash` with nothing to save makes none: the one there now is popped)
    return [*reads, ("diff", "", "HEAD")]


def _moved_before(commands, sub: str = "") -> str:
    """Why the revision a move brings may not be, when it runs, what it is before the line:
    an earlier git command that may move it (a new branch or tag at HEAD, `git stash` before
    anything but a stash pop, a reset of the index, `git commit` of the files on disk do not;
    `git update-index --cacheinfo` does)."""
    for cmd in commands:
        if cmd.program != "git" or not cmd.words:
            continue
        parts = _split([w.text for w in cmd.words[1:]])
        if parts is None:
            continue
        _, name, args = parts
        plain = [a for a in args if not a.startswith("-")]
        if name == "fetch" and plain and (plain[0] == "." or plain[0].startswith(
                ("/", "./", "../", "~", "file:"))):
            return "`git fetch` from a repository on this machine earlier in the line"
        if name not in MOVERS:
            continue
        if name == "config":
            if any(a.lower().startswith(("branch.", "remote.", "include")) for a in args):
                return "`git config` earlier in the line may change the branch it brings"
            continue
        if name == "stash" and sub == "stash":
            return "`git stash` earlier in the line changes the stash it brings"
        from agentsh.engine import ci

        if not ci._from_head(name, args):
            return f"`git {name}` earlier in the line may move what it brings"
    return ""


def requests(commands, ctx) -> list[tuple[str, str, object]]:
    """The probes the edge runs for a line's commands (bounded: at most 4 moves)."""
    out: list = []
    for index, cmd in enumerate(commands):
        if not is_move(cmd):
            continue
        cwd = cmd.cwd if cmd.cwd is not None else ctx.cwd
        found = request(cmd, cwd or "", commands[:index])
        if found and all(found[0] != k for k, _, _ in out):
            out.append(found)
    return out


def effects(cmd: Command, ctx, res) -> list:
    """The writes a move brings, from the edge's answer (none when the edge did not read it:
    `agentsh check`, a command that is no move)."""
    from agentsh.engine.effects.base import Effect

    if not ctx.probes or not is_move(cmd):
        return []
    words = [w.text for w in cmd.words[1:]]
    got = ctx.probe(move_key(res.cwd or "", words))
    if got is None:
        return []
    parts = _split(words)
    sub = parts[1] if parts else "git"
    if isinstance(got, str):
        return [Effect("tree", res.cwd, ".", True, origin="git:?", tracked=True,
                       detail=f"git {sub} (what it brings could not be read: {got})")]
    root, paths = got
    return [Effect("tree", f"{root.rstrip('/')}/{p}", p, False, origin="git:moved",
                   detail=f"git {sub}", tracked=True) for p in paths]
