"""A listing of the repository's tracked files given as arguments: `sed -i 's/a/b/' $(git
ls-files '*.py')`, `perl -pi -e ... $(git grep -l OldName -- '*.go')`.

Which files the substitution prints is only known at run time, but not where they are: git
lists tracked files under the directory it runs in, relative to it, each matching one of the
pathspecs, whose `*` matches across `/` (git's default pathspecs). So each pathspec stands for
a pattern written literally at any depth below that directory, hidden folders included
(`DIR/**/*.py`), which the rules judge as they judge such a pattern (agentsh's own folder,
hook settings, start-up files: docs/precision.md, round 9). The gate lists the same files when
it takes the snapshot (`take.py`, kind `gitls`) and copies each one first.

Only plain spellings: `git ls-files [-c|--cached] [--] [PATHSPEC...]` and `git grep -l [-i -w
-E -F -P -I] [-e] PATTERN [--] [PATHSPEC...]` (none: every file, `./**/*`) with every pathspec a quoted or plain glob (no magic
`:(...)`, no `..`, no absolute path, no bracket), and nothing only known at run time inside.
Anything else is None: the word stays unknown, as before."""

from __future__ import annotations

from agentsh.engine.lazyre import later

SUBSTITUTION = later(r"\$\(\s*git[ \t]+(ls-files|grep)[ \t]+([^\n]*)\)")
# text outside quotes that bash would expand or glob inside the substitution
UNQUOTED_SPECIAL = later(r"[*?\[\]{}~$`\\!#()<>;&|]")
LS_OPTIONS = frozenset(("-c", "--cached"))
GREP_FLAGS = frozenset(("-l", "--files-with-matches", "--name-only", "-i", "--ignore-case",
                        "-w", "--word-regexp", "-E", "--extended-regexp", "-F",
                        "--fixed-strings", "-P", "--perl-regexp", "-G", "--basic-regexp", "-I"))
GREP_LISTS = frozenset(("-l", "--files-with-matches", "--name-only"))


def parse(raw: str) -> tuple[str, ...] | None:
    """The pathspecs of a word that is one listing substitution and nothing else, as written
    (unquoted `$(git ls-files '*.py')`: each name it prints becomes an argument); None when the
    word is anything else."""
    m = SUBSTITUTION.fullmatch(raw)
    if m is None:
        return None
    words = _split(m.group(2))
    if words is None:
        return None
    if m.group(1) == "ls-files":
        while words and words[0] in LS_OPTIONS:
            words.pop(0)
        if words and words[0] == "--":
            words.pop(0)
        specs = words
    else:
        lists = False
        pattern = False
        while words and words[0].startswith("-") and words[0] != "--":
            flag = words.pop(0)
            if flag == "-e" and words:
                words.pop(0)
                pattern = True
            elif flag in GREP_FLAGS:
                lists = lists or flag in GREP_LISTS
            else:
                return None
        if not lists:
            return None
        if not pattern:
            if not words or words[0] == "--":
                return None
            words.pop(0)
        if words and words[0] == "--":
            words.pop(0)
        specs = words
    if not specs:
        specs = ["*"]  # every tracked file below: the pattern `./**/*`
    if any(s.startswith("-") for s in specs):
        return None
    return tuple(specs) if all(_plain_spec(s) for s in specs) else None


def standins(raw: str, cwd: str) -> tuple[str, ...] | None:
    """The patterns a listing word stands for, run in the absolute directory `cwd`: one per
    pathspec, `CWD/PREFIX/**/NAME` (PREFIX: the pathspec's folders before its first glob; NAME:
    its last part, widened to `*SUFFIX` where a glob in it could also span folders)."""
    specs = parse(raw)
    if specs is None or not cwd.startswith("/"):
        return None
    out = []
    for spec in specs:
        parts = spec.split("/")
        name = parts[-1]
        if any(c in name for c in "*?"):
            last = max(name.rfind("*"), name.rfind("?"))
            name = "*" + name[last + 1:]
        prefix = []
        for part in parts[:-1]:
            if any(c in part for c in "*?"):
                break
            prefix.append(part)
        base = cwd.rstrip("/") + "/" + "/".join(p for p in prefix if p not in ("", "."))
        out.append(base.rstrip("/") + "/**/" + name)
    return tuple(out)


def _plain_spec(spec: str) -> bool:
    """A pathspec git matches as a plain glob below where it runs: one with a `*` or `?` (a
    name alone may be a folder, which lists all below it), no magic, bracket, `..` or root."""
    return bool(spec) and any(c in spec for c in "*?") and not spec.startswith((":", "/")) and \
        not any(c in spec for c in "[]\\{}") and ".." not in spec.split("/") and \
        not spec.endswith("/")


def _split(text: str) -> list[str] | None:
    """The words of a substitution's text with plain quoting only (single quotes, and double
    quotes with nothing bash expands inside); None otherwise."""
    words: list[str] = []
    word: list[str] = []
    started = False
    i = 0
    while i < len(text):
        c = text[i]
        if c in " \t":
            if started:
                words.append("".join(word))
                word, started = [], False
            i += 1
            continue
        if c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                return None
            inner = text[i + 1:end]
            if c == '"' and any(x in inner for x in "$`\\!"):
                return None
            word.append(inner)
            started = True
            i = end + 1
            continue
        if UNQUOTED_SPECIAL.match(c) or c == "\n":
            return None
        word.append(c)
        started = True
        i += 1
    if started:
        words.append("".join(word))
    return words
