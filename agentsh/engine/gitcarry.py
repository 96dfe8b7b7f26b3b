"""What git's output carries into a program that writes files: `git archive evil | tar -x`,
`git diff HEAD evil | git apply`, `git show evil | patch -p1`, `git format-patch -1 evil
--stdout > p && git apply p`, `git show evil:x.patch | git apply`. A commit can hold files the
agent never wrote on disk (engine/gitmoves.py); its output, read by an extractor or a patch
program, writes them without naming them.

The core runs no program. A writer fed by git's output (a pipe from a git command that prints
an archive or a patch, or a file such a command of the same line wrote) is, until the edge has
read what the output carries, a write of anything under the folder it writes into, which the
rules on protected paths (SELF001/SELF002) take to reach the relative paths they protect when
that folder is the one the command names or runs in (`.`). The edge
(`gate/probes.py::read_carried`) lists the files the output names (`git ls-tree`, `git diff
--name-only`, `git log --name-only`, the `+++` lines of a blob), and the writer becomes a write
of each, as the writer names it (`--strip-components`, `-pN`, `--directory`, a `--prefix`).
A reason (an option that changes the names, a revision not known here) stays a write of
anything. `agentsh check` (text alone) reads nothing: a writer fed by a pipe from git writes
anything; one fed by a file the line wrote is judged as before (the core does not link them)."""

from __future__ import annotations

import posixpath

from agentsh.engine.gitmoves import _split
from agentsh.engine.model import Command

EXTRACTORS = frozenset(("tar", "gtar", "bsdtar", "unzip"))
PATCHERS = frozenset(("patch", "gpatch"))
# git commands whose output is an archive or a patch
PRODUCERS = frozenset(("archive", "diff", "diff-tree", "diff-index", "diff-files", "show", "log",
                       "whatchanged", "format-patch", "stash", "cat-file"))
# producer options that change the names the output carries: what it writes is not known
RENAMING = ("--relative", "--no-index", "--line-prefix", "--remote", "--exec", "--add-file",
            "--add-virtual-file", "--output-directory", "--filename-max-length", "--batch",
            "--textconv", "--filters", "--ext-diff", "--external-diff")
COUNTS = ("-n", "--max-count")


def carry_key(cwd: str, cmd: Command) -> str:
    """Context.probes key: what git's output carries into `cmd` run in `cwd` (by where it is
    in the text: a word the pass makes up, `$(mktemp)`, differs from one pass to the next)."""
    return "git-carried:" + cwd + "\0" + repr(tuple(cmd.span)) + "\0" + cmd.program


def consumer(cmd: Command) -> str:
    """"archive" or "patch" for a program that writes what an archive or a patch holds (`tar`,
    `unzip`, `patch`, `git apply`); "" otherwise. Whether it writes anything (`tar -t`, `git
    apply --check`) is its own effects' to say."""
    prog = cmd.program
    if prog in EXTRACTORS:
        return "archive"
    if prog in PATCHERS:
        return "patch"
    if prog == "git":
        parts = _split([w.text for w in cmd.words[1:]])
        if parts and parts[1] == "apply":
            return "patch"
    return ""


def produces(argv: tuple[str, ...] | list[str]) -> tuple[str, list, tuple] | str | None:
    """For `git ...` (argv): (what it prints: "archive", "patch" or "blob", the reads the edge
    makes of it, the prefixes the names carry in its output); None when it prints no archive
    or patch; a reason when what it prints is not known from its words."""
    if not argv or argv[0].rsplit("/", 1)[-1] != "git":
        return None
    parts = _split(list(argv[1:]))
    if parts is None:
        return "git runs on another repository or work tree (--git-dir, --work-tree)"
    _, sub, args = parts
    if sub not in PRODUCERS:
        from agentsh.engine.embedded import GIT_BUILTINS

        if sub and sub not in GIT_BUILTINS and not sub.startswith("-"):
            return f"`git {sub}` (an alias, or a git-{sub} program) prints what is not known"
        return None
    if any(a.split("=", 1)[0] in RENAMING for a in args):
        return f"an option of `git {sub}` changes what its output names"
    if sub == "stash":
        if not args or args[0] != "show":
            return None
        args = args[1:]
    flags = [a for a in args if a.startswith("-") and a != "-"]
    cut = args.index("--") if "--" in args else len(args)
    plain = [a for a in args[:cut] if not a.startswith("-")]
    paths = [a for a in args[cut + 1:]]
    if any("$" in a or "`" in a for a in args):
        return "a word of it is only known at run time"
    if sub == "archive":
        if any(f in ("-l", "--list") for f in flags):
            return None
        skip = {"-o", "--output", "--format", "--prefix", "--remote", "--exec"}
        plain = [a for k, a in enumerate(args) if not a.startswith("-") and
                 (k == 0 or args[k - 1] not in skip)]
        if not plain:
            return "it names no tree"
        prefix = next((args[k + 1] for k, a in enumerate(args[:-1]) if a == "--prefix"), "")
        prefix = next((a.split("=", 1)[1] for a in flags if a.startswith("--prefix=")), prefix)
        return "archive", [("ls", plain[0], *plain[1:])], (prefix,)
    if sub == "cat-file":
        if not plain or (len(plain) == 1 and not flags):
            return None
        obj = plain[-1]
        return ("blob", [("blob", obj)], ("",)) if ("-p" in flags or plain[0] == "blob") \
            else None
    if sub == "show" and any(":" in p for p in plain):
        return "blob", [("blob", p) for p in plain if ":" in p], ("",)
    prefixes: tuple = ("a/", "b/")
    if "--no-prefix" in flags:
        prefixes = ("",)
    for f in flags:
        if f.startswith(("--src-prefix=", "--dst-prefix=")):
            prefixes = tuple(sorted(set(prefixes + (f.split("=", 1)[1],))))
    if any(f in ("--src-prefix", "--dst-prefix") for f in flags):
        return "an option of it changes what its output names"
    counts = [f for f in flags if f[1:].isdigit() or f.startswith(("--max-count=", "-n"))]
    counts += [f"-n{args[k + 1]}" for k, a in enumerate(args[:-1])
               if a in COUNTS and args[k + 1].isdigit()]
    plain = [p for p in plain if not (p.isdigit() and f"-n{p}" in counts)]
    tail = ("--", *paths) if paths else ()
    if sub in ("diff", "diff-index", "diff-files"):
        kept = [f for f in flags if f in ("--cached", "--staged", "--merge-base", "-R")]
        return "patch", [("git", sub, "--name-only", *kept, *plain, *tail)], prefixes
    if sub == "diff-tree":
        return "patch", [("git", "diff-tree", "-r", "--root", "--no-commit-id", "--name-only",
                          "-m", *plain, *tail)], prefixes
    if sub == "stash":
        stash = plain[0] if plain else "stash@{0}"
        stash = f"stash@{{{stash}}}" if stash.isdigit() else stash
        reads: list = [("git", "diff", "--name-only", f"{stash}^1", stash, *tail)]
        if any(f in ("-u", "--include-untracked", "--only-untracked") for f in flags):
            reads.append(("git", "ls-tree", "-r", "--name-only", f"{stash}^3"))
        return "patch", reads, prefixes
    if sub == "format-patch":
        if "--root" not in flags and not counts and len(plain) == 1 and ".." not in plain[0]:
            plain = [f"{plain[0]}..HEAD"]  # `git format-patch REV`: the commits since REV
    elif sub == "show" and not counts:
        counts = ["--no-walk"]
    return "patch", [("git", "log", "--format=", "--name-only", "-m", "-n", "500",
                      *counts, *(plain or ["HEAD"]), *tail)], prefixes


def _strip(name: str, n: int) -> str:
    parts = [p for p in name.split("/") if p]
    return "/".join(parts[n:]) if len(parts) > n else ""


def _option(texts: list[str], short: str, long: str) -> str | None:
    """The last value of `-pN`/`-p N`/`--strip=N` style options; None when absent."""
    got = None
    for k, t in enumerate(texts):
        if t == short and k + 1 < len(texts):
            got = texts[k + 1]
        elif t.startswith(short) and len(t) > len(short) and not t.startswith("--"):
            got = t[len(short):]
        elif t.startswith(long + "="):
            got = t.split("=", 1)[1]
        elif t == long and k + 1 < len(texts):
            got = texts[k + 1]
    return got


def written_names(cmd: Command, kind: str, names: tuple[str, ...]) -> list[str] | None:
    """The paths, relative to the folder it writes into, that `cmd` writes for the `names`
    git's output carries (`--strip-components`, `-pN`, `--directory`); None when it renames
    them in ways not read (`tar --transform`, `bsdtar -s`)."""
    texts = [w.text for w in cmd.words[1:]]
    out: list[str] = []
    if kind == "archive":
        if any(t.split("=", 1)[0] in ("--transform", "--xform") or
               (cmd.program == "bsdtar" and t == "-s") for t in texts):
            return None
        n = _option(texts, "--strip", "--strip-components")
        strip = int(n) if n and n.isdigit() else 0
        return [s for s in (_strip(name, strip) for name in names) if s]
    if cmd.program == "git":
        n = _option(texts, "-p", "-p")
        strips = [int(n) if n and n.isdigit() else 1]
        directory = _option(texts, "--directory", "--directory") or ""
    else:
        n = _option(texts, "-p", "--strip")
        # no -p: GNU patch takes a git diff's names one folder off, others by their base name
        strips = [int(n)] if n and n.isdigit() else [0, 1, 99]
        directory = ""
    for name in names:
        for strip in strips:
            got = _strip(name, strip) if strip != 99 else name.rsplit("/", 1)[-1]
            if got:
                out.append(posixpath.join(directory, got) if directory else got)
    return out


def _fed(cmd: Command) -> list[tuple[str, ...]]:
    """The git commands of the pipeline that feeds `cmd` that print an archive, a patch or a
    blob (or whose output is not known)."""
    stdin = cmd.stdin
    if stdin is None or stdin.kind != "pipe":
        return []
    ups = stdin.upstream or ((stdin.producer,) if stdin.producer else ())
    return [argv for argv in ups if produces(argv) is not None]


def _where(cwd: str, argv) -> str:
    """The folder `git ARGV` run in `cwd` runs in (its `-C` folders)."""
    parts = _split(list(argv[1:]))
    where = cwd
    for d in (parts[0] if parts else []):
        where = posixpath.normpath(d if d.startswith("/") else posixpath.join(where or "/", d))
    return where


def effects(cmd: Command, ctx, res, own) -> list:
    """The writes of `cmd` (a writer whose own effects are `own`) of what git's output carries:
    the files the edge read; a write of anything under the folder it writes into when the edge
    could not say, or did not read and a pipe feeds it from git (`agentsh check`)."""
    from agentsh.engine.effects.base import Effect

    kind = consumer(cmd)
    trees = [e for e in own if e.kind == "tree" and e.recursive] if kind else []
    if not trees:
        return []
    got = ctx.probe(carry_key(res.cwd or "", cmd)) if ctx.probes else None
    if got is None:
        fed = _fed(cmd)
        if not fed:
            return []
        got = "agentsh did not read it"
    detail = f"{cmd.program} of git's output"
    out = []
    for tree in trees:
        if isinstance(got, str):
            # the folder as the line names it: `.` where it runs (`tar -x -C /tmp/b`'s own
            # tree is `.` of /tmp/b), which may hold the relative paths rules protect
            # or the work tree git runs in (`git -C proj archive evil | tar -x -C proj`)
            here = posixpath.normpath(res.cwd) if res.cwd else ""
            wheres = [here] + [_where(here, argv) for argv in _fed(cmd)]
            folder = tree.path.rstrip("/")
            top = not folder or any(w == folder or w.startswith(folder + "/") for w in wheres)
            text = "." if top else tree.path
            out.append(Effect("tree", tree.path, text, True, origin="git:?", tracked=True,
                              detail=f"{detail} (what it carries could not be read: {got})"))
            continue
        base = tree.path.rstrip("/")
        names = written_names(cmd, kind, got[1])
        if names is None:  # `tar --transform`: the names it writes are not the archive's
            out.append(Effect("tree", tree.path, ".", True, origin="git:?", tracked=True,
                              detail=f"{detail} (it renames what it writes)"))
            continue
        for name in names:
            out.append(Effect("tree", f"{base}/{name}" if base else "", name, False,
                              origin="git:carried", detail=detail, tracked=True))
    return out


def _inputs(cmd: Command, kind: str) -> list[str]:
    """The files (as written) a writer reads its archive or patch from."""
    texts = [w.text for w in cmd.words[1:]]
    out: list[str] = []
    if cmd.stdin is not None and cmd.stdin.kind == "file" and cmd.stdin.path:
        out.append(cmd.stdin.path)
    if cmd.program in ("tar", "gtar", "bsdtar"):
        f = _option(texts, "-f", "--file")
        if f:
            out.append(f)
        if texts and not texts[0].startswith("-") and "f" in texts[0] and len(texts) > 1:
            out.append(texts[1])  # `tar xf A`
        for t in texts:
            if t.startswith("-") and not t.startswith("--") and t.endswith("f") and \
                    texts.index(t) + 1 < len(texts):
                out.append(texts[texts.index(t) + 1])  # `tar -xvf A`
    elif cmd.program == "unzip":
        plain = [t for t in texts if not t.startswith("-")]
        out += plain[:1]
    elif cmd.program in PATCHERS:
        f = _option(texts, "-i", "--input")
        if f:
            out.append(f)
    else:  # git apply PATCH...
        parts = _split(texts)
        out += [a for a in (parts[2] if parts else []) if not a.startswith("-")]
    return out


def _outputs(cmd: Command) -> list[str]:
    """The files (as written) a git producer prints into: a redirect of its output, `-o`."""
    out = [r.target.text for r in cmd.redirects
           if r.op in (">", ">>", ">|", "&>", "&>>") and r.fd in (None, 1)]
    texts = [w.text for w in cmd.words[1:]]
    for k, t in enumerate(texts):
        if t in ("-o", "--output", "--output-directory") and k + 1 < len(texts):
            out.append(texts[k + 1])
        elif t.startswith(("--output=", "--output-directory=")):
            out.append(t.split("=", 1)[1])
    return out


def _full(cwd: str, path: str) -> str:
    return posixpath.normpath(path if path.startswith("/") else posixpath.join(cwd or "/", path))


def requests(commands, ctx) -> list[tuple[str, str, object]]:
    """The probes the edge runs for a line's writers fed by git's output: (key, the directory
    git runs in, the reads (each with the prefixes its names carry) or a reason, whether a
    pipe feeds it). Bounded: at most 4."""
    out: list = []
    for index, cmd in enumerate(commands):
        kind = consumer(cmd)
        if not kind:
            continue
        cwd = cmd.cwd if cmd.cwd is not None else (ctx.cwd or "")
        sources: list[Command] = []
        fed = _fed(cmd)
        earlier = commands[:index]
        for argv in fed:
            sources += [c for c in earlier if c.argv == argv][-1:] or [None]
        inputs = [_full(cwd, p) for p in _inputs(cmd, kind)]
        for c in earlier:
            if c.program != "git" or produces(c.argv) is None:
                continue
            where = c.cwd if c.cwd is not None else (ctx.cwd or "")
            made = [_full(where, p) for p in _outputs(c)]
            if any(i == m or i.startswith(m.rstrip("/") + "/") for i in inputs for m in made):
                sources.append(c)
        if not sources:
            continue
        key = carry_key(cwd, cmd)
        if any(k == key for k, *_ in out):
            continue
        reads: list = []
        why = ""
        where = cwd
        for src in sources:
            made = produces(src.argv) if src is not None else "its source is not known"
            if src is not None and not all(w.literal for w in src.words):
                made = "a word of it is only known at run time"
            if isinstance(made, str) or made is None:
                why = why or (made or "it is not known what it prints")
                continue
            printed, found, prefixes = made
            if kind == "archive" and printed != "archive":
                why = why or "what it extracts is not an archive git's output names"
                continue
            where = src.cwd if src.cwd is not None else cwd
            chdir = _split(list(src.argv[1:]))
            for d in (chdir[0] if chdir else []):
                where = d if d.startswith("/") else f"{where.rstrip('/')}/{d}"
            reads += [(r, prefixes) for r in found]
        out.append((key, where, why or reads, bool(fed)))
        if len(out) >= 4:
            break
    return out
