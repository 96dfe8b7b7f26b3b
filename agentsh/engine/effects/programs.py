"""Effects of programs whose writes need reading their arguments closely: an entry in
rules.toml's `[analyzer.effects.programs]` names one of these with `special = "NAME"`
(`effects_NAME` here; git's is in `effects/git.py`). Each returns the command's effects, or
None when they are unknown."""

from __future__ import annotations

import re

from agentsh.engine.effects.base import (
    Effect,
    patched_files,
    resolve,
    stdin_of,
    text_path,
    tree_effect,
)
from agentsh.engine.model import Command, Word
from agentsh.engine.options import program_name, read_args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.policy.values import ProgramSpec



# ------------------------------------------------------------------ archives


def effects_tar(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    words = list(cmd.words[1:])
    if words and not words[0].text.startswith("-") and words[0].literal:
        # old style: `tar xzf ARCHIVE`: the first word is a cluster of letters
        letters = words[0].text
        rest = words[1:]
        expanded: list[Word] = []
        for ch in letters:
            expanded.append(Word("-" + ch, True, words[0].span, "-" + ch))
            if ch in "fCTXbHKLNgV" and rest:
                expanded.append(rest.pop(0))
        words = expanded + rest
    args = read_args(tuple(words), spec)
    flags = args.flags
    mode = ""
    for flag, name in (("-x", "x"), ("--extract", "x"), ("--get", "x"), ("-c", "c"),
                       ("--create", "c"), ("-r", "r"), ("--append", "r"), ("-u", "u"),
                       ("--update", "u"), ("-t", "t"), ("--list", "t"), ("-A", "r"),
                       ("--catenate", "r"), ("--delete", "d"), ("-d", "t"), ("--diff", "t")):
        if flag in flags:
            mode = mode or name
    directory = (args.values("-C") + args.values("--directory") or ["."])[-1]
    archives = args.values("-f") + args.values("--file")
    out: list[Effect] = []
    if "--remove-files" in flags:
        out += [Effect("move", resolve(res, w), w.text, True, detail="tar --remove-files")
                for w in args.positionals]
    if mode == "x":
        if "-O" in flags or "--to-stdout" in flags:
            return out
        tree = tree_effect(res.chdir(directory) if directory != "." else res, ".", "tar -x")
        keeps = flags & {"-k", "--keep-old-files", "--skip-old-files", "--keep-newer-files"}
        stdin = cmd.stdin
        if not archives or archives == ["-"]:
            # `tar -x -C dst < a.tar`: the archive is the file the shell opens on stdin
            archives = [stdin.path] if stdin is not None and stdin.kind == "file" and \
                stdin.path and "$" not in stdin.path else []
        if len(archives) == 1 and archives[0] != "-" and not keeps:
            # what the members come from: the gate lists them to copy the files they replace
            tree = tree._replace(origin=text_path(res, archives[0]))
        return out + [tree]
    if mode in ("c", "r", "u", "d"):
        return out + [Effect("write", text_path(res, a), a, detail=f"tar -{mode}")
                      for a in archives if a != "-"]
    if mode == "t":
        return out
    return None


def effects_unzip(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    if args.flags & {"-l", "-v", "-t", "-p", "-z", "-Z"}:
        return []
    directory = (args.values("-d") or ["."])[-1]
    tree = tree_effect(res, directory, "unzip")
    archive = args.positionals[0].text if args.positionals and args.positionals[0].literal else ""
    if archive and "-n" not in args.flags:  # `-n`: never overwrite
        # what the members come from: the gate lists them to copy the files they replace
        tree = tree._replace(origin=text_path(res, archive))
    return [tree]


def effects_cpio(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    flags = args.flags
    if flags & {"-t", "--list"}:
        return []
    if flags & {"-o", "--create"}:
        return [Effect("write", text_path(res, f), f) for f in args.values("-F") + args.values("-O")]
    if flags & {"-p", "--pass-through"}:
        return [tree_effect(res, w.text, "cpio -p") for w in args.positionals[:1]]
    directory = (args.values("-D") + args.values("--directory") or ["."])[-1]
    return [tree_effect(res, directory, "cpio -i")]


def effects_7z(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    texts = [w.text for w in cmd.words[1:]]
    if not texts or texts[0] in ("l", "t", "h", "i"):
        return []
    out_dir = next((t[2:] for t in texts if t.startswith("-o")), ".")
    if texts[0] in ("x", "e"):
        return [tree_effect(res, out_dir, "7z x")]
    archive = next((t for t in texts[1:] if not t.startswith("-")), "")
    return [Effect("write", text_path(res, archive), archive, detail="7z")] if archive else None


def effects_pax(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`pax -r` extracts into the current folder (anywhere, with `-s` renaming members or
    absolute members); `pax -rw ... DIR` copies into DIR; `pax -w -f A` writes A."""
    args = read_args(cmd.words[1:], spec)
    letters = "".join(w.text[1:] for w in cmd.words[1:]
                      if w.literal and re.fullmatch(r"-[a-zA-Z]+", w.text))
    read, write = "r" in letters, "w" in letters
    if read and write:
        return [tree_effect(res, w.text, "pax -rw") for w in args.positionals[-1:]] or None
    if read:
        # a member named `/home/u/.claude/settings.json`, or renamed to one by `-s`, lands there
        return [tree_effect(res, "/", "pax -r")]
    if write:
        return [Effect("write", text_path(res, f), f, detail="pax -w")
                for f in args.values("-f") if f != "-"]
    return []


def effects_jar(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`jar xf A` / `jar --extract` extracts into the current folder (`-C`/`--dir` DIR);
    `jar cf A ...` writes A."""
    words = [w.text for w in cmd.words[1:]]
    if not words:
        return []
    first = words[0].lstrip("-")
    if first.startswith("x") or "--extract" in words:
        directory = next((words[i + 1] for i, w in enumerate(words[:-1])
                          if w in ("-C", "--dir")), ".")
        tree = tree_effect(res, directory, "jar x")
        if "f" in first and len(words) > 1 and not words[1].startswith("-"):
            # a zip: the gate lists its members to copy the files they replace (FS051)
            tree = tree._replace(origin=text_path(res, words[1]))
        return [tree]
    if first[:1] in ("c", "u") and "f" in first and len(words) > 1:
        return [Effect("write", text_path(res, words[1]), words[1], detail="jar")]
    if first[:1] in ("t", "i") or "--list" in words:
        return []
    return None


def effects_pyarchive(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`python3 -m zipfile -e ARCHIVE DIR`, `python3 -m tarfile -e ARCHIVE [DIR]`: DIR (else
    the current folder) gets the members; `-c ARCHIVE ...` writes ARCHIVE."""
    words = [w.text for w in cmd.words[1:]]
    for i, word in enumerate(words):
        # argparse takes `--extract=A`, a prefix (`--ext A DIR`) and flags bundled before the
        # option (`-ve A DIR`): each extracts as `-e` does (review-f, session 30)
        name, eq, value = word.partition("=")
        if name in ("-e", "--extract") or re.fullmatch(r"-[vl]+e", name) or \
                len(name) > 2 and name.startswith("--") and "--extract".startswith(name):
            rest = [value] * bool(eq) + [w for w in words[i + 1:] if not w.startswith("-")]
            return [tree_effect(res, rest[1] if len(rest) > 1 else ".", f"{cmd.program} -e")]
        if word in ("-c", "--create") and i + 1 < len(words):
            return [Effect("write", text_path(res, words[i + 1]), words[i + 1],
                           detail=f"{cmd.program} -c")]
    return []


def effects_ditto(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`ditto SRC... DEST` (macOS; `-x` extracts an archive) writes anything under DEST."""
    args = read_args(cmd.words[1:], spec)
    if len(args.positionals) < 2:
        return []
    return [tree_effect(res, args.positionals[-1].text, "ditto")]


def effects_stow(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`stow [-d DIR] [-t TARGET] PKG...`: links (or, with `-D`, unlinks) the package's files
    under TARGET, by default the parent of the stow folder."""
    args = read_args(cmd.words[1:], spec)
    if args.flags & {"-n", "--no", "--simulate"}:
        return []
    target = (args.values("-t") + args.values("--target") or [""])[-1]
    if not target:
        folder = (args.values("-d") + args.values("--dir") or ["."])[-1]
        target = folder.rstrip("/") + "/.."
    return [tree_effect(res, target, "stow")]


SQLITE_DOT_WRITES = r"^\s*\.([a-z]+)\b[ \t]*([^\n]*)$"
# sqlite3's dot commands that write a file, with the shortest prefix it takes for each: the
# shell matches a command by a prefix of its name (`.o F` is `.once F`, `.outp F` is `.output
# F`, `.tr F` is `.trace F`), so a shortened name writes as the whole one does
SQLITE_DOT_NAMES = (("output", 1), ("once", 2), ("open", 2), ("save", 3), ("backup", 3),
                    ("log", 2), ("trace", 2), ("excel", 5))
SQLITE_SQL_WRITES = r"(?i)\b(?:vacuum(?:\s+\w+)?\s+into|attach(?:\s+database)?)\s+'((?:[^']|'')*)'"


def effects_sqlite3(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """What sqlite3's own commands write besides the database (`.output F`, `.once F`, `.save
    F`, `.backup [DB] F`, `.log F`, `VACUUM INTO 'F'`, `ATTACH 'F'`): each F, from the SQL
    given on the command line (`-cmd`, the operands after the database). The database itself
    is the SQL rules' business; SQL from stdin or a file asks there (SQL007). With none of
    these, or besides them, sqlite3's effects stay unknown as before (`.shell`, the database)."""
    args = read_args(cmd.words[1:], spec)
    texts = args.values("-cmd") + [w.text for w in args.positionals[1:]]
    if len(args.positionals) < 2:  # no SQL operand: it reads stdin (`< s.sql`, `<<< '.once F'`)
        texts.append(stdin_of(cmd, res) or "")
    out: list[Effect] = []
    for text in texts:
        for m in re.finditer(SQLITE_DOT_WRITES, text[:200_000], re.M):
            command = next((full for full, least in SQLITE_DOT_NAMES
                            if len(m.group(1)) >= least and full.startswith(m.group(1))), None)
            words = [w for w in m.group(2).split() if not w.startswith("-")]
            if not words or command in (None, "excel"):
                continue
            name = words[-1].strip("'\"")
            if name in ("stdout", "stderr", "off", ":memory:") or name.startswith("|"):
                continue
            out.append(Effect("write", text_path(res, name), name, detail=f"sqlite3 .{command}"))
        for m in re.finditer(SQLITE_SQL_WRITES, text):
            name = m.group(1).replace("''", "'")
            if name and name != ":memory:":
                out.append(Effect("write", text_path(res, name), name, detail="sqlite3"))
    return out + [Effect("unknown", "", "", detail="sqlite3")] if out else None


# ------------------------------------------------------------------ downloads


def _url_name(url: str) -> str:
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url).split("?", 1)[0].split("#", 1)[0]
    return path.rstrip("/").rsplit("/", 1)[-1] if "/" in path else ""


def effects_curl(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    flags = args.flags
    directory = (args.values("--output-dir") or [""])[-1]
    base = res.chdir(directory) if directory else res
    out = []
    for option in entry.get("writes", ()):
        for value in args.values(option):
            if value != "-":
                out.append(Effect("write", text_path(base, value), value, detail=f"curl {option}"))
    remote = flags & {"-O", "--remote-name", "--remote-name-all"} or \
        any(w.text.startswith("-") and not w.text.startswith("--") and "O" in w.text[1:]
            and w.literal for w in cmd.words[1:])
    if remote:
        urls = [w.text for w in args.positionals if "://" in w.text or "." in w.text]
        for url in urls:
            name = _url_name(url)
            if not name or "-J" in flags or "--remote-header-name" in flags:
                out.append(tree_effect(base, ".", "curl -O"))
            else:
                out.append(Effect("write", text_path(base, name), name, detail="curl -O"))
    return out


def effects_wget(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    flags = args.flags
    out = []
    documents = args.values("-O") + args.values("--output-document")
    for value in args.values("-o") + args.values("--output-file") + \
            args.values("-a") + args.values("--append-output"):
        out.append(Effect("write", text_path(res, value), value, detail="wget log"))
    if flags & {"--spider"}:
        return out
    if documents:
        return out + [Effect("write", text_path(res, d), d, detail="wget -O")
                      for d in documents if d != "-"]
    directory = (args.values("-P") + args.values("--directory-prefix") or ["."])[-1]
    base = res.chdir(directory) if directory != "." else res
    recursive = bool(flags & {"-r", "--recursive", "-m", "--mirror", "-p",
                              "--page-requisites"})
    for word in args.positionals:
        name = _url_name(word.text)
        if recursive or not name or not word.literal:
            out.append(tree_effect(base, ".", "wget"))
        else:
            out.append(Effect("write", text_path(base, name), name, detail="wget"))
    return out


def effects_rsync(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    pos = args.positionals
    if len(pos) < 2 or args.flags & {"-n", "--dry-run", "--list-only"}:
        return []
    dest = pos[-1]
    out = []
    if not _remote(dest.text):
        sources = pos[:-1]
        # one folder's content over another's (`rsync -a src/ dst/`): where its files land
        # (FS052 copies each file there that it would replace)
        origin = resolve(res, sources[0]) if len(sources) == 1 and sources[0].text.endswith(
            "/") and not _remote(sources[0].text) else ""
        out.append(Effect("tree", resolve(res, dest), dest.text, True, origin=origin,
                          detail="rsync"))
        into = dest.text.endswith("/") or res.kind(resolve(res, dest)) == "dir"
        if into and len(sources) == 1 and not origin and sources[0].literal and dest.literal \
                and not _remote(sources[0].text) and sources[0].text.rstrip("/").rsplit(
                    "/", 1)[-1] not in ("", ".", ".."):
            # `rsync -a src dst/`: a folder lands in dst/src (a file there: a write, below)
            inside = dest.text.rstrip("/") + "/" + sources[0].text.rsplit("/", 1)[-1]
            out.append(Effect("tree", text_path(res, inside), inside, True,
                              origin=resolve(res, sources[0]), detail="rsync"))
        if len(sources) == 1 and not _remote(sources[0].text) and sources[0].literal and \
                dest.literal and not sources[0].text.endswith("/"):
            # one file copied over another (`rsync a f`), or into a folder (`rsync a d`:
            # d/a): the file it may replace, as a plain write (FS050 keeps a copy)
            name = sources[0].text.rstrip("/").rsplit("/", 1)[-1]
            if not dest.text.endswith("/"):
                out.append(Effect("write", resolve(res, dest), dest.text, detail="rsync"))
            if name not in ("", ".", ".."):
                inside = dest.text.rstrip("/") + "/" + name
                out.append(Effect("write", text_path(res, inside), inside, detail="rsync"))
    if "--remove-source-files" in args.flags:
        out += [Effect("move", resolve(res, w), w.text, True, detail="rsync")
                for w in pos[:-1] if not _remote(w.text)]
    return out


def effects_scp(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    pos = args.positionals
    if len(pos) < 2 or _remote(pos[-1].text):
        return []
    return [Effect("tree", resolve(res, pos[-1]), pos[-1].text, True, detail="scp")]


def effects_mount(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`mount --bind SRC DIR`, `mount /dev/sdb1 DIR`, `sshfs host:/data DIR`, `rclone mount
    remote: DIR`: DIR shows other data from then on (what is deleted under it is deleted
    there), as if it had been moved in from a place the text does not show. `mount` alone or
    `mount -a` names no mount point: no effect; another `rclone` subcommand: unknown."""
    words = cmd.words[1:]
    subcommands = entry.get("subcommands")
    if subcommands:  # `rclone mount REMOTE DIR`: only these subcommands mount
        first = next((i for i, w in enumerate(words) if not w.text.startswith("-")), None)
        if first is None or words[first].text not in subcommands:
            return None  # another subcommand: its effects are not described here
        words = words[:first] + words[first + 1:]
    args = read_args(words, spec)
    targets = args.values("--target") or args.values("--mountpoint")
    pos = args.positionals
    if targets:
        point = Word(targets[-1], True, cmd.span, targets[-1])
    elif pos and (len(pos) >= 2 or not entry.get("needs_source")):
        point = pos[-1]
    else:
        return []
    return [Effect("move", "", "", detail=cmd.program),  # a mount surely shows other data there
            Effect("tree", resolve(res, point), point.text, True, detail=cmd.program)]


def _remote(text: str) -> bool:
    return "://" in text or bool(re.match(r"^[^/]*:", text))


def effects_split(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`split [FILE [PREFIX]]`, `csplit -f PREFIX FILE PATTERN...`: files named PREFIX and a
    suffix (`xaa`, `xx00`; `--additional-suffix` after it). Each is a write of the glob
    `PREFIX*SUFFIX` (not sure: which names it makes depends on the input), so a prefix that
    makes an agent's settings file (`split -n 14 -a 1 evil ~/.claude/settings.jso`) is seen.
    `--filter` runs a command: unknown."""
    args = read_args(cmd.words[1:], spec)
    if args.values("--filter") or any(w.text.startswith("--filter") for w in cmd.words[1:]):
        return None
    if cmd.program in ("csplit", "gcsplit"):
        prefix = (args.values("-f") + args.values("--prefix") or ["xx"])[-1]
    else:
        pos = args.positionals
        prefix = pos[1].text if len(pos) > 1 else "x"
    suffix = (args.values("--additional-suffix") or [""])[-1]
    if "$" in prefix or "`" in prefix or "/" in suffix:
        return [Effect("write", "", prefix + "*" + suffix, detail=cmd.program, sure=False)]
    name = prefix + "*" + suffix
    return [Effect("write", text_path(res, name), name, detail=cmd.program, sure=False)]


# ------------------------------------------------------------------ package installers


PIP_WRITES = frozenset(("install", "uninstall", "sync"))
# a system Python's prefix: pip there installs into the system (not agentsh's files, which
# SELF001 names one by one)
SYSTEM_PREFIXES = frozenset(("/", "/usr", "/usr/local"))


def effects_pip(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`pip install`/`uninstall` (`python -m pip`, `uv pip`) writes the environment it runs
    in: the one above the program's own `bin/` (`.venv/bin/pip`, `VENV/bin/python -m pip`),
    else `$VIRTUAL_ENV`, and `--target`/`--prefix`/`--root`, `--python VENV/bin/python`. What
    the packages' build code does stays unknown (the result always ends in an unknown effect);
    a pip whose environment is not known here (a bare `pip` on PATH) is unknown as before."""
    prog = program_name(cmd.name)
    words = list(cmd.words[1:])
    if prog == "uv":
        if not words or words[0].text != "pip":
            return None
        words = words[1:]
    verb = next((w.text for w in words if not w.text.startswith("-")), "")
    if verb not in PIP_WRITES:
        return None
    places: list[str] = []
    interpreters = ("--python", "-p") if prog == "uv" else ("--python",)
    for i, word in enumerate(words):
        name, eq, value = word.text.partition("=")
        if name not in ("-t", "--target", "--prefix", "--root") + interpreters:
            continue
        value = value if eq else (words[i + 1].text if i + 1 < len(words) else "")
        places.append(_env_of(value) if name in interpreters else value)
    first = cmd.words[0].text
    if "/" in first:
        places.append(_env_of(first))
    else:
        value = dict(cmd.assignments or ()).get("VIRTUAL_ENV")
        if value is None:
            value = res.state.lookup("VIRTUAL_ENV")
        value = value if isinstance(value, str) else res.state.env.get("VIRTUAL_ENV")
        if isinstance(value, str) and value.startswith(("/", "~", "$")):
            places.append(value)
    # not `sure`: what lands there is the packages' (no copy is taken of a whole environment)
    out = [tree_effect(res, p, f"{prog} {verb}", sure=False) for p in places
           if p and p.rstrip("/") not in SYSTEM_PREFIXES and p != "/"]
    return out + [Effect("unknown", "", "", detail=f"{prog} {verb}")] if out else None


def _env_of(program: str) -> str:
    """The environment a program in a `bin/` folder belongs to (`/v/bin/pip` -> `/v`)."""
    folder = program.rpartition("/")[0]
    if folder == "bin":
        return "."
    return folder[: -len("/bin")] or "/" if folder.endswith("/bin") else ""


# ------------------------------------------------------------------ text tools


# regex patterns are compiled on first use (and cached by `re`): not at import
AWK_OUTPUT = (r"""(?:print|printf)\b(?:"(?:[^"\\]|\\.)*"|[^;}\n"])*?(>>|>|\|)\s*"""
              r"""((?:"(?:[^"\\]|\\.)*"|[^;}\n"])+)""")
# one piece of an awk string expression: a string, `ENVIRON["NAME"]`, a variable, anything else
AWK_PIECE = r""""((?:[^"\\]|\\.)*)"|ENVIRON\s*\[\s*"(\w+)"\s*\]|([A-Za-z_]\w*)|([()\s]+)|(\S)"""
AWK_ASSIGN = r"(?:^|[;{\n])\s*([A-Za-z_]\w*)\s*=(?!=)\s*([^;}\n]+)"
AWK_UNKNOWN = "${AWK}"


def _awk_text(expr: str, names: dict[str, str], depth: int = 0) -> str:
    """An awk string expression (`ENVIRON["HOME"] "/.claude/x"`, `h "/x"` after `-v h=...`) as
    shell text: strings as they are, `ENVIRON["X"]` as `${X}`, a variable by its value (from
    `-v` or an assignment in the program), anything else (a field, a call) as an expansion
    only known at run time."""
    out = []
    for m in re.finditer(AWK_PIECE, expr.strip()):
        text, env, name, _space, other = m.groups()
        if text is not None:
            out.append(text.replace('\\"', '"'))
        elif env:
            out.append("${" + env + "}")
        elif name:
            value = names.get(name)
            out.append(_awk_text(value, names, depth + 1) if value is not None and depth < 3
                       else AWK_UNKNOWN)
        elif other:
            out.append(AWK_UNKNOWN)
    return "".join(out)


def effects_awk(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    out: list[Effect] = []
    if "inplace" in args.values("-i") or "inplace" in args.values("--include"):
        # a program that prints text of its own writes what it pleases (`NR==1{print "CODE"}1`):
        # no mere edit of what was there (CODE010 asks when a tool loads the file next)
        program = args.positionals[0].text if args.positionals else ""
        detail = "awk -i inplace (adds text)" if args.values("-f") or args.values("--file") or \
            re.search(r"\bprintf?\b[^;}]*\"", program) else "awk -i inplace"
        return [Effect("write", resolve(res, w), w.text, detail=detail)
                for w in args.positionals[1:]]
    if args.values("-f") or args.values("--file"):
        programs = [res.read(text_path(res, f)) for f in args.values("-f") + args.values("--file")]
    else:
        programs = [args.positionals[0].text] if args.positionals else []
    names: dict[str, str] = {}
    for value in args.values("-v") + args.values("--assign"):
        name, eq, text = value.partition("=")
        if eq:  # `-v h="$HOME"`: the shell's text, a string to awk
            names[name.strip()] = '"' + text.replace('"', '\\"') + '"'
    for program in programs:
        if program is None:
            return None
        for m in re.finditer(AWK_ASSIGN, program):
            names.setdefault(m.group(1), m.group(2))
        for m in re.finditer(AWK_OUTPUT, program):
            op, target = m.group(1), m.group(2).strip()
            if op == "|":
                continue  # a pipe to a command: the unwrapper's business
            name = _awk_text(target, names)
            if name.startswith("/dev/std") or name == "/dev/null":
                continue
            kind = "append" if op == ">>" else "write"
            if "$" not in name:
                out.append(Effect(kind, text_path(res, name), name, detail=f"awk print {op}"))
            else:  # `ENVIRON["HOME"] "/.claude/settings.json"`: judged as the shell's text
                out.append(Effect(kind, "", name, detail=f"awk print {op}"))
    return out


SED_WRITE = r"(?:^|[;\n{}]|/[gpIiMme0-9]*)\s*w\s+([^;\n}]+)"


def effects_sed(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    flags = args.flags | {"-i" for w in cmd.words[1:]
                          if w.literal and w.text.startswith("-") and not w.text.startswith("--")
                          and "i" in w.text[1:2]}
    flags |= {"--in-place" for w in cmd.words[1:] if w.text.startswith("--in-place")}
    scripts = args.values("-e") + args.values("--expression")
    files_from = args.values("-f") + args.values("--file")
    operands = list(args.positionals)
    if not scripts and not files_from and operands:
        scripts = [operands.pop(0).text]
    unread = False
    for f in files_from:
        text = res.read(text_path(res, f))
        if text is None:
            # a script that cannot be read here (`sed -i -f s.sed FILE`): the files `-i` edits
            # are still written, with what the script pleases; what else it does (`w`, `e`)
            # is unknown
            unread = True
            continue
        scripts.append(text)
    out = [Effect("unknown", "", "", detail="sed -f")] if unread else []
    for script in scripts:
        for m in re.finditer(SED_WRITE, script):
            name = m.group(1).strip()
            if name not in ("/dev/stdout", "/dev/stderr"):
                out.append(Effect("write", text_path(res, name), name, detail="sed w"))
    if flags & {"-i", "--in-place"}:
        # `sed -i d F`, `sed -i '1,$d' F`: a script that deletes every line leaves F empty
        quiet = bool(args.flags & {"-n", "--quiet", "--silent"}) or any(
            w.literal and re.fullmatch(r"-[a-zA-Z]*n[a-zA-Z]*", w.text) and "i" in w.text
            for w in cmd.words[1:])
        content = "" if scripts and (all(SED_DELETES_ALL.match(x) for x in scripts) or
                                     quiet and not any(_sed_prints(x) for x in scripts)) else None
        plain = content is None and all(
            w.literal and (not w.text.startswith("-") or w.text in PLAIN_SED or
                           re.fullmatch(r"-[Eir]+|-i\S*|--in-place(=\S*)?", w.text))
            for w in cmd.words[1:] if w.text.startswith("-")) and \
            not args.flags & {"-n", "--quiet", "--silent", "-z", "--null-data", "-s"}
        ere = any(w.text in ("-E", "-r", "--regexp-extended") or
                  re.fullmatch(r"-[Eir]*[Er][Eir]*", w.text) for w in cmd.words[1:])
        for w in operands:
            path = resolve(res, w)
            known = content
            if plain and path and not files_from:
                from agentsh.engine.effects.sedit import edited  # only for `sed -i`

                # `sed -i 's/x = 1/CODE/' conftest.py`: what a later reader loads is the file
                # as edited, not as it is on disk (the scripts simple enough to know it)
                known = edited(res.read(path), scripts, ere)
            # a script that adds text of its own (`1i CODE`, `$a CODE`, `c`, `r FILE`) writes
            # what it pleases: no mere edit of what was there (CODE010 asks when a tool loads
            # it next: `sed -i '1i import os; ...' conftest.py && pytest`)
            detail = "sed -i" if known is not None or not any(
                _sed_adds(x) for x in scripts) and not files_from and not unread else SED_ADDS
            out.append(Effect("write", path, w.text, content=known, detail=detail))
    return out


SED_ADDS = "sed -i (adds text)"
# an address (a line, `$`, `/re/`, `\%re%`, `first~step`), a range, `!`: then a command that
# adds text (a, i, c), reads a file into the output (r, R) or runs one (e)
_SED_ADDR = r"(?:\d+(?:~\d+)?|\$|/(?:\\.|[^/\n])*/[IM]*|\\(.)(?:\\.|(?!\1).)*\1[IM]*)"
SED_ADDING = (r"(?:^|[;\n{}])\s*(?:" + _SED_ADDR.replace("(.)", "(?:.)").replace("\\1", ".") +
              r"(?:\s*,\s*(?:" + _SED_ADDR.replace("(.)", "(?:.)").replace("\\1", ".") +
              r"|[+~]\d+))?)?\s*!?\s*[aicrRe](?=[\s\\]|$)")


def _sed_adds(script: str) -> bool:
    """Whether a sed script adds text of its own or another file's (s/// and y/// bodies are
    skipped, so `s/a/i/` does not count)."""
    bare = re.sub(r"[sy](.)(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1[a-zA-Z0-9]*", "", script)
    return re.search(SED_ADDING, bare) is not None


# sed options that change nothing a `s///` edit leaves in a file
PLAIN_SED = frozenset(("-e", "--expression", "--", "-u", "--unbuffered", "--follow-symlinks",
                       "--debug", "--posix", "--regexp-extended"))


def _sed_prints(script: str) -> bool:
    """Whether a sed script may print under -n: a p/P/l/=/w/W/r/R command, or an s/// with a
    p or w flag (s/// bodies are skipped, so `s/print/x/` does not count)."""
    bare = re.sub(r"s(.)(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1([a-zA-Z0-9]*)",
                  lambda m: "p" if re.search(r"[pw]", m.group(2)) else "", script)
    return re.search(r"[pPlwWrR=aic]", re.sub(r"/(?:\\.|[^/])*/", "", bare)) is not None


# a sed script that deletes every line: `d`, `1,$d`, `/.*/d`, `/^/d`, `$!d;d`
SED_DELETES_ALL = re.compile(r"^\s*(?:(?:[01]\s*,\s*\$|/(?:\.\*|\^|\$|\^\.\*\$?)?/|\$\s*!)\s*)?d\s*"
                             r"(?:;\s*d\s*)?;?\s*$")


def effects_inplace(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """perl/ruby `-i`: rewrites each file operand; without -i, code's own writes."""
    words = cmd.words[1:]
    inplace = any(w.literal and w.text.startswith("-") and not w.text.startswith("--")
                  and "i" in w.text[1:] and not w.text.startswith(("-e", "-E"))
                  for w in words)
    code_effects = effects_code(cmd, entry, spec, res)
    if not inplace:
        return code_effects
    args = read_args(words, spec)
    operands = list(args.positionals)
    if not (args.values("-e") or args.values("-E")) and operands:
        operands = operands[1:]
    # code made only of substitutions (`-pe 's/a/b/g'`) edits what was there; other code (`$_ =
    # "CODE"`, `print "CODE"`, `s/\\A/CODE/`) writes what it pleases (CODE010 asks when a tool
    # loads the file next)
    code = args.values("-e") + args.values("-E") or ([args.positionals[0].text]
                                                      if args.positionals else [])
    detail = f"{cmd.program} -i" if code and all(_substitutions(c) for c in code) else \
        f"{cmd.program} -i (rewrites)"
    out = [Effect("write", resolve(res, w), w.text, detail=detail) for w in operands]
    return out + (code_effects or [])


# perl/ruby code that is only substitutions of plain text: `s/a/b/g`, `s{a}{b}`, `tr/a-z/A-Z/`
SUBSTITUTION = re.compile(r"\s*(?:(?:s|tr|y)([/|#,!])(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1[a-df-z]*"
                          r"|(?:sub|gsub)[!]?\s*\(?\s*/(?:\\.|[^/])*/\s*,\s*(?:\"[\w .,:-]*\"|'[\w .,:-]*')\s*\)?)"
                          r"\s*(?:;\s*|$)")


def _substitutions(code: str) -> bool:
    """Whether perl/ruby code is only substitutions whose replacement is plain text (no code
    start `\\A`/`^` insert, no newline escape)."""
    if len(code) > 4000 or "\\A" in code or "\\n" in code or "/^/" in code or "e;" in code:
        return False
    pos = 0
    while pos < len(code):
        m = SUBSTITUTION.match(code, pos)
        if m is None or m.end() == pos:
            return False
        pos = m.end()
    return True


# find's tests and options that take the next word (`-name -delete` names a file "-delete")
FIND_VALUES = frozenset(
    "-name -iname -path -ipath -wholename -iwholename -lname -ilname -regex -iregex -regextype "
    "-type -xtype -user -group -uid -gid -perm -size -newer -anewer -cnewer -newermt -newerat "
    "-newerct -samefile -inum -links -mtime -atime -ctime -mmin -amin -cmin -used -maxdepth "
    "-mindepth -fstype -context -printf -D -files0-from".split())


def find_actions(expr: list[str]) -> tuple[dict[str, str], list[str]]:
    """find's actions in its expression ({action: its file operand or ""}) and the programs its
    -exec/-execdir/-ok/-okdir run; values of tests and the words of -exec bodies are skipped."""
    actions: dict[str, str] = {}
    execs: list[str] = []
    i = 0
    while i < len(expr):
        t = expr[i]
        if t in ("-exec", "-execdir", "-ok", "-okdir"):
            if i + 1 < len(expr):
                execs.append(expr[i + 1])
            i += 1
            while i < len(expr) and expr[i] not in (";", "+", "\\;"):
                i += 1
        elif t in ("-fprint", "-fprint0", "-fls", "-fprintf"):
            actions[t] = expr[i + 1] if i + 1 < len(expr) else ""
            i += 2 if t != "-fprintf" else 3
            continue
        elif t == "-delete":
            actions[t] = ""
        elif t in FIND_VALUES:
            i += 1
        i += 1
    return actions, execs


def effects_find(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    texts = [w.text for w in cmd.words]
    roots = []
    for word in cmd.words[1:]:
        if word.text.startswith(("-", "(", "!", ")")) and word.literal:
            break
        roots.append(word)
    actions, execs = find_actions(texts[1 + len(roots):])
    if not roots:
        roots = [Word(".", True, cmd.span, ".")]
    out = []
    if "-delete" in actions:
        out += [Effect("delete", resolve(res, w), w.text, True, detail="find -delete")
                for w in roots]
    for option, name in actions.items():
        if option in ("-fprint", "-fprint0", "-fprintf", "-fls"):
            out.append(Effect("write", text_path(res, name), name, detail=f"find {option}"))
    out += _find_exec_empties(texts[1 + len(roots):], roots, res)
    if execs:
        from agentsh.engine.options import NO_EFFECTS, program_name

        quiet = set(NO_EFFECTS) | set(entry.get("quiet", ())) | set(entry.get("none", ()))
        if all(program_name(p.rsplit("/", 1)[-1]) in quiet for p in execs):
            return out
        # what -exec runs gets paths found under the roots: anything there may change; where
        # the expression selects by name, only what it finds (`find /tmp -maxdepth 1 -name
        # 'pytest-of-*' -exec rm -rf {} +` reaches /tmp/pytest-of-*, not all of /tmp)
        selected = _find_by_name(texts[1 + len(roots):])
        for w in roots:
            root = resolve(res, w)
            # only the roots' own entries (`-maxdepth 1`): deeper, a name may be found inside
            # any folder under the root, which is all of it
            whole = selected is None or not selected[1] or not root or \
                _name_matches(root, selected[0], selected[2])
            path = root if whole else root.rstrip("/") + "/" + selected[0]
            out.append(Effect("tree", path, w.text, True, detail=f"find {texts[1]} -exec"))
        out += _find_exec_moves(cmd.words[1 + len(roots):], entry.get("programs", {}), res)
        out.append(Effect("unknown", "", "", detail="find -exec"))
    return out


def _find_exec_moves(expr, table: dict, res) -> list[Effect]:
    """`find ~/data -exec mv {} build ";"`: a program that moves, links or mounts (its effects
    entry says `move`, a link copy or a mount) run by -exec brings what find finds to the
    places its other words name: each is a tree something is moved into (Files.moved); one
    only known at run time is anywhere."""
    from agentsh.engine.options import program_name

    out: list[Effect] = []
    i = 0
    while i < len(expr):
        if expr[i].text not in ("-exec", "-execdir", "-ok", "-okdir") or i + 1 >= len(expr):
            i += 1
            continue
        body, i = [], i + 1
        while i < len(expr) and expr[i].text not in (";", "+", "\\;"):
            body.append(expr[i])
            i += 1
        entry = table.get(program_name(body[0].text.rsplit("/", 1)[-1]), {}) if body else {}
        if not (entry.get("move") or entry.get("copy") == "link" or
                entry.get("special") in ("mount", "rsync")):
            continue
        out.append(Effect("move", "", "", True, detail="find -exec"))
        for w in body[1:]:
            if w.literal and (w.text.startswith("-") or "{}" in w.text):
                continue
            out.append(Effect("tree", resolve(res, w) if w.literal else "", w.text, True,
                              detail="find -exec"))
    return out


# find tests that only narrow what is found (joined by -and), and options that change nothing
FIND_NARROWING = frozenset(("-type", "-mmin", "-mtime", "-amin", "-atime", "-cmin", "-ctime",
                            "-size", "-user", "-group", "-newer", "-perm", "-uid", "-gid",
                            "-empty", "-a", "-and", "-maxdepth", "-mindepth", "-xdev", "-mount",
                            "-depth", "-print", "-print0", "-readable", "-writable"))
FIND_UNARY = frozenset(("-empty", "-a", "-and", "-xdev", "-mount", "-depth", "-print", "-print0",
                        "-readable", "-writable"))


def _find_by_name(expr: list[str]) -> tuple[str, bool, bool] | None:
    """(the name pattern, `-maxdepth 1`, case-insensitive) when everything before
    the first action is tests joined by -and, one of them `-name`/`-iname` with a pattern that
    is a name (no `/`) and not `*`; None otherwise (`-o`, `!`, `-path`, brackets ...)."""
    name, insensitive, top, i = None, False, False, 0
    while i < len(expr):
        word = expr[i]
        if word in ("-exec", "-execdir", "-ok", "-okdir", "-delete"):
            break
        if word in ("-name", "-iname") and i + 1 < len(expr):
            if name is not None or "/" in expr[i + 1] or expr[i + 1].strip("*") == "":
                return None
            name, insensitive = expr[i + 1], word == "-iname"
            i += 2
            continue
        if word not in FIND_NARROWING:
            return None
        if word == "-maxdepth" and i + 1 < len(expr):
            top = expr[i + 1] == "1"
        i += 1 if word in FIND_UNARY else 2
    return (name, top, insensitive) if name is not None else None


def _name_matches(root: str, pattern: str, insensitive: bool) -> bool:
    """Whether the root itself may be found (its own name matches): then it goes too."""
    from agentsh.lean import fnmatchcase

    base = root.rstrip("/").rsplit("/", 1)[-1]
    if insensitive:
        base, pattern = base.lower(), pattern.lower()
    return fnmatchcase(base, pattern) or any(c in base for c in "*?[")


def _find_exec_empties(expr: list[str], roots: list[Word], res) -> list[Effect]:
    """`find ROOT ... -exec truncate -s 0 {} +` (or `-exec cp /dev/null {} ;`): every file it
    finds under ROOT is left empty."""
    for i, word in enumerate(expr):
        if word not in ("-exec", "-execdir", "-ok", "-okdir") or i + 1 >= len(expr):
            continue
        body = []
        for part in expr[i + 1:]:
            if part in (";", "+", "\\;"):
                break
            body.append(part)
        name = body[0].rsplit("/", 1)[-1] if body else ""
        sizes = [v for k, v in zip(body, body[1:], strict=False) if k in ("-s", "--size")] + \
            [b[2:] for b in body if b.startswith("-s") and len(b) > 2] + \
            [b.split("=", 1)[1] for b in body if b.startswith("--size=")]
        empties = (name == "truncate" and sizes and all(x in ("0", "0K", "0M") for x in sizes)) or \
            (name in ("cp", "install") and "/dev/null" in body[1:])
        if not empties:
            continue
        # `-name '*.log'`: the files it empties are ROOT/**/*.log, which exemptions can judge
        names = [expr[k + 1] for k in range(i) if expr[k] in ("-name", "-iname")]
        tail = f"/**/{names[0]}" if len(names) == 1 and "/" not in names[0] else ""
        return [Effect("write", resolve(res, w) + tail if resolve(res, w) else "", w.text + tail,
                       True, "", detail=f"find -exec {name}") for w in roots]
    return []


def effects_patch(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    args = read_args(cmd.words[1:], spec)
    if args.flags & {"--dry-run", "-C"}:
        return []
    outputs = args.values("-o") + args.values("--output")
    if outputs:
        return [Effect("write", text_path(res, o), o, detail="patch -o") for o in outputs]
    directory = (args.values("-d") + args.values("--directory") or ["."])[-1]
    base = res.chdir(directory) if directory != "." else res
    if args.positionals:
        return [Effect("write", resolve(base, args.positionals[0]), args.positionals[0].text,
                       detail="patch")]
    # the patch on stdin, or named by `-i`/`--input` (read as the patch on stdin is)
    inputs = args.values("-i") + args.values("--input")
    if inputs:
        path = text_path(res, inputs[-1]) if "$" not in inputs[-1] else ""
        text = res.read(path) if path else None
    else:
        text = stdin_of(cmd, res)
    if text is None:
        return [tree_effect(base, ".", "patch")]
    strip = (args.values("-p") + args.values("--strip") or ["0"])[-1]
    return patched_files(text, strip, base, "patch") or [tree_effect(base, ".", "patch")]


# ------------------------------------------------------------------ interpreter one-liners


CODE_OPTIONS = {"python": ("-c",), "node": ("-e", "--eval", "-p", "--print"),
                "perl": ("-e", "-E"), "ruby": ("-e",), "php": ("-r",), "bun": ("-e", "--eval"),
                "deno": ("eval",), "lua": ("-e",)}
WRITE_API = (r"""open\s*\(|\b(?:sys)?open\s+(?:my\s+)?[$]?\w+\s*,|"""  # perl: `open F, ">", P`
    r"""\.write_(?:text|bytes)|\.touch\s*\(|\.unlink|\.rename|\.replace\s*\(|"""
    r"""os\.(?:remove|unlink|rename|replace|symlink|link|makedirs|mkdir|rmdir|chmod|truncate)|"""
    r"""shutil\.\w+|writeFile|appendFile|copyFile|createWriteStream|fs\.\w*(?:rm|unlink|"""
    r"""rename|symlink|mkdir|write|append|copy|truncate|chmod)\w*|File\.(?:write|open|delete|"""
    r"""rename|symlink|truncate)|IO\.write|FileUtils\.|unlink\b|rename\b|symlink\b|mkdir\b|"""
    r"""(?<![\w.])truncate\s*\(|"""
    r"""Deno\.(?:write|remove|rename|symlink|mkdir|create|truncate)|Bun\.write|file_put_contents|"""
    r"""fopen|copy\s*\(|system|exec|spawn|popen|subprocess|child_process|`|qx""")
STRING = r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`]*)`"""


def _code_base(program: str) -> str:
    return program.rstrip("0123456789.")


def code_texts(cmd: Command) -> list[str] | None:
    """The code a one-liner runs (`-c CODE`, or a heredoc or literal stdin when it reads its
    code from stdin), or None when it runs a script or unknown input."""
    base = _code_base(cmd.program)
    opts = CODE_OPTIONS.get(base)
    if opts is None:
        return None
    words = cmd.words
    out = []
    i = 1
    while i < len(words):
        text = words[i].text
        if text in opts and i + 1 < len(words):
            if not words[i + 1].literal:
                return None
            out.append(words[i + 1].text)
            i += 2
            continue
        if text in ("-m",) and base == "python":
            return None  # a module: unknown here
        if not text.startswith("-") or text == "-":
            break
        for opt in opts:
            if len(opt) == 2 and text.startswith(opt) and len(text) > 2 and \
                    not text.startswith("--"):
                out.append(text[2:])
        i += 1
    reads_stdin = i >= len(words) or (words[i].text == "-" and i == len(words) - 1)
    if not out and reads_stdin and cmd.stdin is not None and cmd.stdin.text is not None:
        out.append(cmd.stdin.text)
    if not out:
        return None
    return out


def effects_code(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`python3 -c`, `node -e` ...: no file effects when the code calls nothing that writes;
    otherwise every string in it that names a path may be written (not `sure`), and the
    command's other effects are unknown."""
    texts = code_texts(cmd)
    if texts is None:
        return None
    code = "\n".join(texts)
    if not re.search(WRITE_API, code):
        return []
    out = []
    for m in re.finditer(STRING, code):
        value = next(g for g in m.groups() if g is not None)
        if "/" in value or value.startswith(("~", ".")) or re.fullmatch(r"[\w.-]+\.\w{1,5}", value):
            if value.startswith("~"):
                value = value  # expanduser() is common in one-liners; resolve like the shell
            if "\n" in value or " " in value.strip() and "/" not in value:
                continue
            out.append(Effect("write", text_path(res, value), value, detail=f"{cmd.program} code",
                              sure=False))
            if value.startswith("/"):  # often joined to a directory: `HOME + '/.x/y'`
                out.append(Effect("write", "", "$DIR" + value, detail=f"{cmd.program} code",
                                  sure=False))
    from agentsh.engine.options import program_name

    planted = _literal_write(code) if _code_base(program_name(cmd.program)) in ("python", "node") \
        else None
    if planted is not None:  # the code's one effect: this text written to this path
        return [Effect("write", text_path(res, planted[0]), planted[0], content=planted[1],
                       detail=f"{cmd.program} code")]
    # calls whose first path argument is surely opened for writing (`io.open(p, "w")`,
    # `os.open(p, O_WRONLY | O_TRUNC)`, `fs.createWriteStream(p)`): FS050 keeps a copy of the
    # file where it exists when the line is checked, and a new file costs nothing
    out += _code_writes(code, entry.get("code_writes", ()), cmd, res)
    out += _code_overlays(code, cmd, res)
    if re.search(MOVE_API, code):
        # it may move anything anywhere: what it moves lives on at a place the text does not
        # show (`os.rename(HOME + "/data", "build")` then `rm -rf build`), so no name is
        # scratch space afterwards (dataflow: `Files.moved`)
        # `sure` only where the code names a call that moves or links (not `str.replace`,
        # `subprocess` alone): the session record keeps only those (gate/moves.py)
        sure = bool(re.search(SURE_MOVE_API, code))
        out += [Effect("move", "", "", detail=f"{cmd.program} code", sure=sure),
                Effect("tree", "", "", detail=f"{cmd.program} code", sure=False)]
    return out + [Effect("unknown", "", "", detail=f"{cmd.program} code")]


_CODE_WRITES: dict = {}


def _code_writes(code: str, patterns, cmd: Command, res) -> list[Effect]:
    """Writes `[analyzer.effects] code_writes` finds: each pattern's group 1 is a string
    literal naming the file (a literal with an escape, `{`, or `$` is not read)."""
    if not patterns:
        return []
    key = tuple(patterns)
    compiled = _CODE_WRITES.get(key)
    if compiled is None:
        compiled = _CODE_WRITES[key] = [re.compile(p.replace("STR", PY_STR)) for p in patterns]
    found: dict[str, None] = {}
    for pattern in compiled:
        for m in pattern.finditer(code):
            # `(?P<path>...)`: the name as it stands inside a literal (perl's `">notes.txt"`)
            value = m.group("path") if "path" in pattern.groupindex else \
                m.group(1).lstrip("rRbBuU")[1:-1]
            if value and not any(c in value for c in "\\{$\n"):
                found[value] = None
    return [Effect("write", text_path(res, value), value, detail=f"{cmd.program} code")
            for value in found]


def _code_overlays(code: str, cmd: Command, res) -> list[Effect]:
    """`shutil.copytree(SRC, DST, dirs_exist_ok=True)`: a folder copied over another, as `cp -r
    SRC/. DST` is (FS052: the gate copies each file of DST a file of SRC lands on)."""
    if "copytree" not in code:
        return []
    out = []
    for m in re.finditer(rf"""\bshutil\.copytree\(\s*({PY_STR})\s*,\s*({PY_STR})\s*,[^)]*"""
                         r"""\bdirs_exist_ok\s*=\s*True""", code):
        src, dst = (g.lstrip("rRbBuU")[1:-1] for g in m.groups())
        if src and dst and not any(c in src + dst for c in "\\{$\n"):
            out.append(Effect("tree", text_path(res, dst), dst, True, None, text_path(res, src),
                              detail="cp"))
    return out


# calls that move or rename a file or a tree, or link to one, or run programs that may (their
# destination holds data from elsewhere; a copy loses nothing)
MOVE_API = (r"""\.rename|\.replace\s*\(|os\.(?:rename|renames|replace|symlink)|shutil\.move|"""
            r"""rename\w*|symlink|FileUtils\.|File\.(?:rename|symlink)|Deno\.(?:rename|symlink)|"""
            r"""\bmove\s*\(|\bmv\b|\bsystem|exec|spawn|popen|subprocess|child_process|`|qx""")
# of those, the calls that surely move or link a file (a rename method not given a mapping: not
# pandas' `df.rename(columns=...)`), or run `mv`/`ln`/`mount` as a program
SURE_MOVE_API = (r"""os\.(?:rename|renames|replace|symlink|link)\b|shutil\.move|"""
                 r"""\.rename\(\s*(?!columns|index|mapper|axis|lambda|str\b|\{|\))|"""
                 r"""\.(?:symlink_to|hardlink_to|link_to)\(|(?:rename|symlink|link)Sync\(|"""
                 r"""fs\.(?:promises\.)?(?:rename|symlink|link)\(|FileUtils\.(?:mv|move|ln)|"""
                 r"""File\.(?:rename|symlink|link)\b|Deno\.(?:rename|symlink|link)|"""
                 r"""['"](?:mv|ln|mount)(?:\s|['"])""")
PY_STR = r"""(?:[rRbBuU]?'(?:[^'\\\n]|\\.)*'|[rRbBuU]?"(?:[^"\\\n]|\\.)*")"""
LITERAL_WRITES = (
    re.compile(rf"""^\s*(?:with\s+)?open\(\s*({PY_STR})\s*,\s*['"]w[bt]?['"]\s*\)\.write\(\s*({PY_STR})\s*\)\s*;?\s*$"""),
    re.compile(rf"""^\s*(?:pathlib\.)?Path\(\s*({PY_STR})\s*\)\.write_(?:text|bytes)\(\s*({PY_STR})\s*\)\s*;?\s*$"""),
    re.compile(rf"""^\s*(?:require\(\s*['"](?:node:)?fs['"]\s*\)|fs)\.writeFileSync\(\s*({PY_STR})\s*,\s*({PY_STR})\s*\)\s*;?\s*$"""),
)


def _literal_write(code: str) -> tuple[str, str] | None:
    """(path, text) when the code's only effect is writing one literal text to one literal path:
    `import x; open('z.py','w').write('...')`, `Path(P).write_text(T)`, `fs.writeFileSync(P, T)`
    (one statement per line or `;`, nothing else that writes, runs or loads code)."""
    import ast

    statements = _split_statements(code)
    if statements is None:
        return None
    found = None
    for statement in statements:
        if re.fullmatch(r"\s*(?:import\s+pathlib|from\s+pathlib\s+import\s+Path|"
                        r"(?:const|let|var)\s+fs\s*=\s*require\(\s*['\"](?:node:)?fs['\"]\s*\))\s*",
                        statement):  # only imports that run no code of the project's
            continue
        match = next((m for m in (r.match(statement) for r in LITERAL_WRITES) if m), None)
        if match is None or found is not None:
            return None
        try:
            path, text = ast.literal_eval(match.group(1)), ast.literal_eval(match.group(2))
        except (ValueError, SyntaxError):
            return None
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if not isinstance(path, str) or not isinstance(text, str):
            return None
        found = (path, text)
    return found


def _split_statements(code: str) -> list[str] | None:
    """Split on `;` and newlines outside string literals; None when a literal is not closed."""
    out, start, i, quote = [], 0, 0, ""
    while i < len(code):
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
            elif ch == "\n":
                return None
        elif ch in "'\"":
            quote = ch
        elif ch in ";\n":
            out.append(code[start:i])
            start = i + 1
        i += 1
    if quote:
        return None
    out.append(code[start:])
    return [p for p in out if p.strip()]


# ------------------------------------------------------------------ cloud CLIs


def effects_aws(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`aws SERVICE OPERATION ... OUTFILE`: an operation that streams its result into a local
    file (`s3api get-object --bucket B --key K OUTFILE`, `lambda invoke`, `glacier
    get-job-output`: entry `outfile`) writes each word that is no option's value (every aws
    option takes one, but those of entry `flags`). Any other aws command: unknown, as before.
    Red-team s30 review: `aws s3api get-object ... ~/.bashrc` wrote over it unasked."""
    flags = frozenset(entry.get("flags", ()))
    positionals: list[Word] = []
    words = cmd.words[1:]
    i = 0
    while i < len(words):
        w = words[i]
        i += 1
        if w.literal and w.text.startswith("--"):
            if "=" not in w.text and w.text not in flags:
                i += 1  # its value
            continue
        positionals.append(w)
    if len(positionals) < 3 or not all(w.literal for w in positionals[:2]) or \
            f"{positionals[0].text} {positionals[1].text}" not in entry.get("outfile", ()):
        return None
    out: list[Effect] = []
    for w in positionals[2:]:
        if w.literal and w.text == "-":
            continue  # standard output
        out.append(Effect("write", resolve(res, w), w.raw, detail="aws outfile"))
    return out


def effects_fetch(cmd: Command, entry: dict, spec: ProgramSpec, res) -> list[Effect] | None:
    """`docker cp CONTAINER:SRC DEST`, `gh repo clone REPO [DIR]`, `rclone copy REMOTE:SRC
    DEST`: a tree written at the local DEST (entry `fetch`: the subcommands that do, each with
    the number of operands after which DEST is given, or for `gh repo clone` made from the
    repository's name). Other subcommands: `rclone mount` as `mount`, else unknown.
    Red-team s30 review: these put a folder at `.claude` unasked."""
    words = [w for w in cmd.words[1:]]
    lead = [w.text for w in words if not w.text.startswith("-")]
    sub = next((s for s in entry.get("fetch", {}) if lead[:len(s.split())] == s.split()), None)
    if sub is None:
        if entry.get("subcommands"):
            return effects_mount(cmd, entry, spec, res)
        from agentsh.engine.options import NO_EFFECTS

        prog = program_name(cmd.program)  # what it was without an entry: quiet, or unknown
        return [] if prog in NO_EFFECTS or prog in entry.get("none", ()) else None
    rest = words[next(i for i, w in enumerate(words) if w.text == sub.split()[-1]) + 1:]
    args = read_args(rest, spec)
    pos = args.positionals
    need = entry["fetch"][sub]
    if len(pos) < need:
        return None
    if len(pos) == need:  # `gh repo clone owner/name`: ./name
        if not pos[-1].literal:
            return None
        name = pos[-1].text.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        return [tree_effect(res, name, cmd.program)] if name else None
    dest = pos[need]
    if dest.literal and (_remote(dest.text) or dest.text == "-"):
        return []
    return [Effect("tree", resolve(res, dest), dest.text, True, detail=cmd.program)]
