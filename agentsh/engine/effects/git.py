"""Effects of git (`special = "git"` in rules.toml's `[analyzer.effects.programs]`): a module of
its own, so that every `git status` does not load the other programs' handlers (`effects.programs`,
about 3 M instructions with its patterns). Returns the command's effects, or None when they are
unknown."""

from __future__ import annotations

import posixpath

from agentsh.engine.effects.base import (Effect, patched_files, resolve, stdin_of, text_path,
                                         tree_effect)
from agentsh.engine.model import Command, Word
from agentsh.engine.options import read_args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.policy.values import ProgramSpec


GIT_READS = frozenset(
    "status log diff show branch remote rev-parse ls-files ls-tree ls-remote blame describe "
    "shortlog reflog grep fetch push add commit tag cat-file rev-list show-ref for-each-ref "
    "format-patch bisect notes verify-commit help version var count-objects fsck gc prune "
    "repack maintenance credential send-email request-pull whatchanged diff-tree diff-index "
    "diff-files name-rev merge-base check-ignore check-attr check-ref-format".split())
GIT_WORKTREE = frozenset(
    "checkout switch restore reset stash pull merge rebase cherry-pick revert am apply "
    "read-tree checkout-index submodule sparse-checkout".split())
GIT_GLOBAL_VALUES = frozenset(("-C", "-c", "--git-dir", "--work-tree", "--namespace",
                               "--exec-path", "--config-env", "--super-prefix"))


# where `git config` writes when told to write somewhere other than the repository's config
GIT_CONFIG_ELSEWHERE = frozenset(("--global", "--system", "--file", "-f", "--worktree", "-l",
                                  "--list", "--get", "--get-all", "--unset", "--unset-all"))


def effects_git(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    words = cmd.words[1:]
    i = 0
    chdir: list[str] = []
    work_tree = None
    while i < len(words) and words[i].text.startswith("-"):
        text = words[i].text
        name = text.split("=", 1)[0]
        value = text.split("=", 1)[1] if "=" in text else None
        if name in GIT_GLOBAL_VALUES:
            if value is None:
                i += 1
                value = words[i].text if i < len(words) else ""
            if name == "-C":
                chdir.append(value)
            elif name == "--work-tree":
                work_tree = value
        i += 1
    if i >= len(words):
        return []
    sub = words[i].text
    rest = words[i + 1 :]
    base = res
    for d in chdir:
        base = base.chdir(d)
    if sub in GIT_READS:
        return []
    root_text = work_tree or "."
    if sub == "clone":
        args = read_args(rest, spec)
        pos = [w for w in args.positionals]
        if not pos:
            return []
        if len(pos) >= 2:
            dest = pos[1]
        else:
            name = pos[0].text.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            name = name.removesuffix(".git") or "repo"
            dest = Word(name, pos[0].literal, pos[0].span, name)
        return [Effect("tree", resolve(base, dest), dest.text, True, detail="git clone")]
    if sub == "init":
        pos = read_args(rest, spec).positionals
        target = pos[0] if pos else Word(".", True, cmd.span, ".")
        return [Effect("tree", resolve(base, target), target.text, True, detail="git init")]
    if sub == "worktree":
        if rest and rest[0].text == "add":
            pos = read_args(rest[1:], spec).positionals
            if pos:
                return [Effect("tree", resolve(base, pos[0]), pos[0].text, True,
                               detail="git worktree add")]
            return None
        if rest and rest[0].text in ("list", "prune", "lock", "unlock", "repair"):
            return []
        if rest and rest[0].text in ("remove", "move"):
            pos = read_args(rest[1:], spec).positionals
            return [Effect("delete" if rest[0].text == "remove" else "move",
                           resolve(base, w), w.text, True, detail=f"git worktree {rest[0].text}")
                    for w in pos[:1]]
        return None
    if sub in ("rm", "mv"):
        args = read_args(rest, spec)
        if "--cached" in args.flags:
            return []
        pos = args.positionals
        if sub == "mv" and len(pos) >= 2:
            dest = resolve(base, pos[-1])
            # `git mv -f a b` over a file b (untracked: git holds no copy of it) replaces it
            over = [Effect("write", dest, pos[-1].text, False, None, resolve(base, pos[0]),
                           detail="git mv")] if len(pos) == 2 and dest and \
                res.kind(dest) not in ("dir",) and args.flags & {"-f", "--force"} else []
            return [Effect("move", resolve(base, w), w.text, True, detail="git mv")
                    for w in pos[:-1]] + [Effect("tree", dest, pos[-1].text,
                                                 True, detail="git mv")] + over
        return [Effect("delete", resolve(base, w), w.text, "-r" in args.flags, detail="git rm")
                for w in pos]
    if sub == "clean":
        texts = [w.text for w in rest]
        if "--dry-run" in texts or any(t.startswith("-") and not t.startswith("--") and "n" in t
                                       for t in texts):
            return []  # -n lists what it would remove
        return [tree_effect(base, root_text, "git clean")]
    if sub == "config":
        # `git config core.hooksPath DIR` (the repository's own config): hooks in DIR run from
        # then on, and what DIR will hold is not known when the line's own `git commit` comes
        # (red-team s30: `git config core.hooksPath hk && ... > hk/pre-commit && git commit`).
        # The config is then written with content not known here (not `sure`: a copy of it is
        # no use), so a later git command of the line cannot trust the hooks folder it names.
        texts = [w.text for w in rest]
        lowered = [t.lower() for t in texts]
        if "core.hookspath" in lowered and not set(texts) & GIT_CONFIG_ELSEWHERE and \
                not any(t.startswith(("--get", "--unset", "--list", "--file=", "--blob"))
                        for t in texts) and len(texts) > lowered.index("core.hookspath") + 1:
            return [Effect("append", text_path(base, ".git/config"), ".git/config",
                           detail="git config core.hooksPath", sure=False)]
        return []
    if sub in ("checkout", "switch") and _new_branch_here(sub, rest):
        return []  # a new branch where HEAD is: no file in the working tree changes
    if sub in GIT_WORKTREE:
        args = read_args(rest, spec)
        if sub == "apply" and args.flags & {"--cached", "--check", "--stat", "--numstat",
                                             "--summary"}:
            return []
        if sub == "restore" and args.flags & {"--staged", "-S"} and \
                not args.flags & {"--worktree", "-W"}:
            return []  # the index only: no file in the working tree changes
        if sub == "stash" and (not args.positionals or args.positionals[0].text in
                               ("list", "show", "drop", "clear", "create", "store", "push",
                                "save")) and not (args.positionals and
                                                  args.positionals[0].text in ("pop", "apply")):
            return [] if args.positionals and args.positionals[0].text != "push" else \
                [tree_effect(base, root_text, "git stash", tracked=True)]
        paths = [w for w in rest[[w.text for w in rest].index("--") + 1:]] \
            if "--" in [w.text for w in rest] else []
        if sub == "restore" and not paths:
            paths = list(args.positionals)
        if sub == "checkout" and not paths and "--" not in [w.text for w in rest] and \
                len(args.positionals) >= 2:
            paths = list(args.positionals[1:])  # `git checkout REF PATH...` (GIT020's reading)
            rest = [*rest[:rest.index(args.positionals[1])], Word("--", True, cmd.span, "--"),
                    *rest[rest.index(args.positionals[1]):]]
        if paths:
            # paths from another commit (`checkout REF -- DIR`, `restore -s REF DIR`) bring
            # what that commit holds under them, files the work tree does not track too: the
            # origin says so, and rules on protected paths look under the folder
            source = _source_ref(sub, rest, args)
            return [Effect("write", resolve(base, w), w.text, True, origin=source,
                           detail=f"git {sub}", tracked=True) for w in paths]
        # `git apply P`: the files the patch names, untracked ones too (git holds no copy)
        # `git am MBOX`: the same, for each patch of the mailbox (it commits them too); a mailbox
        # the core cannot read (a glob, stdin) is read at the edge (engine/gitmoves.py)
        patched = _git_applied(rest, args, base, sub, cmd) if sub in ("apply", "am") else []
        return [tree_effect(base, root_text, f"git {sub}", tracked=True)] + patched
    return None


def _source_ref(sub: str, rest, args) -> str:
    """`git:REF` for `git checkout REF -- PATH...` and `git restore -s REF PATH...`; "" when
    the paths come from the index."""
    if sub == "restore":
        texts = [w.text for w in rest]
        for i, t in enumerate(texts):
            if t in ("-s", "--source") and i + 1 < len(texts):
                return f"git:{texts[i + 1]}"
            if t.startswith("--source=") or (t.startswith("-s") and len(t) > 2 and
                                              not t.startswith("--")):
                return "git:" + (t.split("=", 1)[1] if "=" in t else t[2:])
        return ""
    if sub == "checkout":
        texts = [w.text for w in rest]
        before = texts[:texts.index("--")] if "--" in texts else []
        refs = [t for t in before if not t.startswith("-")]
        return f"git:{refs[0]}" if refs else ""
    return ""


GIT_NEW_BRANCH = {"checkout": frozenset(("-b", "-B")),
                  "switch": frozenset(("-c", "-C", "--create", "--force-create"))}
GIT_NEW_BRANCH_QUIET = frozenset(("-q", "--quiet", "--no-track"))


def _new_branch_here(sub: str, rest) -> bool:
    """`git checkout -b NAME`, `git switch -c NAME` with no start point, nothing else: the new
    branch starts where HEAD is, and the working tree and index stay as they are. A start
    point, `-f`, `-m`, `--orphan`, `-t` or anything only known at run time: not this."""
    if not all(w.literal for w in rest):
        return False
    words = [w.text for w in rest if w.text not in GIT_NEW_BRANCH_QUIET]
    return len(words) == 2 and words[0] in GIT_NEW_BRANCH[sub] and \
        not words[1].startswith("-") and words[1] != "--"


def _git_applied(rest, args, base, sub: str = "apply", cmd=None) -> list[Effect]:
    """`git apply [-pN] [--directory=D] PATCH...` (or the patch on stdin is not read: no
    copy): the files each readable patch writes."""
    if sub == "apply" and args.flags & {"--index", "--3way", "-3"}:
        return []  # through the index: git refuses a file that does not match it
    if sub == "am" and args.flags & {"--abort", "--quit", "--skip", "--continue", "--resolved",
                                     "-r", "--show-current-patch", "-h", "--help"}:
        return []  # the mailbox given when it started (judged then)
    strip, directory, values = "1", "", set()
    for k, w in enumerate(rest):
        # `-p N` and `--directory D` take the next word too (review-f, session 30: `git apply
        # -p 2 --directory .claude P` wrote .claude/settings.json unseen)
        nxt = rest[k + 1] if k + 1 < len(rest) else None
        if w.text == "-p" and nxt is not None:
            strip, _ = nxt.text, values.add(id(nxt))
        elif w.text.startswith("-p") and w.text[2:].isdigit():
            strip = w.text[2:]
        elif w.text == "--directory" and nxt is not None:
            directory, _ = nxt.text, values.add(id(nxt))
        elif w.text.startswith("--directory="):
            directory = w.text.split("=", 1)[1]
    out: list[Effect] = []
    operands = [w for w in args.positionals if id(w) not in values]
    texts = [base.read(path) if path else None for path in
             (resolve(base, w) if w.literal and w.text not in ("-", "/dev/stdin") else ""
              for w in operands)]
    if sub == "apply" and cmd is not None and (
            not operands or any(w.text in ("-", "/dev/stdin") for w in operands)):
        texts.append(stdin_of(cmd, base))  # `git apply [-] < P`: the patch on stdin
    for text in texts:
        if text:
            out += [e._replace(path=text_path(base, posixpath.join(directory, e.text)) if directory
                               else e.path) for e in patched_files(text, strip, base, f"git {sub}")]
    return out
