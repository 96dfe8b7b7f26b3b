"""What code an interpreter command runs: `-c CODE`, `-e CODE`, a script file, a module in the
project, or its standard input.

Script files are read through `ctx.read_file` (size-capped, and never a FIFO or a device: the
reader decides). A script that cannot be read is reported as such (a low finding, logged): an
offline check often lacks the file, and `python3 x.py` of an absent file is not a reason to stop
anyone."""

from __future__ import annotations

from agentsh.engine.domains.code.notebook import RUNNERS as NOTEBOOK_RUNNERS
from agentsh.engine.domains.common import read
from agentsh.engine.model import Command, Context, Fact
from agentsh.records import Record

REMOTE_FETCHERS = frozenset("curl wget fetch http https xh aria2c".split())
STDIN_NAMES = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")


class Spec(Record, fields="code values module file clusters flags"):
    """How one interpreter reads its arguments."""

    __slots__ = ()

    code: tuple[str, ...]  # options whose value is code
    values: tuple[str, ...]  # options that take a value (skipped)
    module: tuple[str, ...]  # options whose value is a module to run (python -m)
    file: tuple[str, ...]  # options whose value is a script file (php -f)
    clusters: str  # letters that end a cluster and take the next word as code (perl -ne)
    flags: str  # the letters that may come before it in a cluster


SPECS = {
    "python": Spec(("-c",), ("-W", "-X", "--check-hash-based-pycs", "-Q"), ("-m",), (), "c",
                   "bBdEhiIOPqRsSuvVx"),
    "javascript": Spec(("-e", "--eval", "-p", "--print"),
                       ("-r", "--require", "--import", "--loader", "--experimental-loader", "-C",
                        "--conditions", "--input-type", "--env-file", "--inspect-port", "--title",
                        "--stack-size", "--tsconfig", "--project", "-P", "--compiler",
                        "--config", "-c", "--import-map", "--lock", "--cert", "--location",
                        "--seed", "-L", "--log-level", "--preload", "--cwd"), (), (), "", ""),
    "ruby": Spec(("-e",), ("-r", "-I", "-C", "-E", "--encoding", "-F"), (), (), "e",
                 "acdlnpsSvwWy"),
    "perl": Spec(("-e", "-E"), ("-I", "-M", "-m", "-F", "-C"), (), (), "eE",
                 "acfhlnpsStTuUvwWX0"),
    "php": Spec(("-r", "-R", "-B", "-E"), ("-d", "-c", "-z", "-t"), (), ("-f", "--file"), "", ""),
    "lua": Spec(("-e",), ("-l",), (), (), "", ""),
}


class Source(Record, fields="language code origin imported name path lines",
             defaults=(False, "", "", False)):
    """Code to analyze: its language, its text, and where it came from (for messages).
    `imported`: a module of the project the code loads (`imports.py`): only effects whose
    target it names itself are judged; `name`: the name the code imports it by (a dotted
    Python name, a relative JavaScript module's key); `path`: its file; `lines`: read and run
    one statement at a time (an interactive interpreter), so a part that does not compile
    does not stop the others."""

    __slots__ = ()

    language: str
    code: str
    origin: str
    imported: bool
    name: str
    path: str
    lines: bool


def sources(cmd: Command, language: str, program: str, ctx: Context
            ) -> tuple[list[Source], list[Fact]]:
    """The code `cmd` runs, and facts about what could not be read. For Python also the code
    it loads without naming it (`python_implicit`)."""
    out, facts = _sources(cmd, language, program, ctx)
    if language == "python" and _reads_statements(cmd):
        # `python3 -i <<EOF`, `... | python3 -m code`, `python3 -i script.py < f`: after its
        # program (if any) it runs what standard input holds statement by statement, each
        # at once and the next after an error (red-team s30 review: an indented line after
        # `shutil.rmtree(...)` made the whole read "never compiles")
        found, more = _stdin(cmd, language, program, ctx)
        out = [s for s in out if s not in found] + [s._replace(lines=True) for s in found]
        facts = facts + [f for f in more if f not in facts]
    if language == "python":
        out = out + python_implicit(cmd, ctx, out)
    elif language in ("perl", "ruby"):
        out = _after_x_line(cmd, language, out) + preloaded(cmd, language, ctx)
    return out + loaded_modules(cmd, language, program, ctx, out), facts


def loaded_modules(cmd: Command, language: str, program: str, ctx: Context,
                   found: list[Source]) -> list[Source]:
    """The project's modules the code loads, and those node is told to load first."""
    if language not in ("python", "javascript", "ruby", "perl"):
        return []
    env = dict(tuple(ctx.env) + tuple(cmd.assignments))
    words = [w.text for w in cmd.words[1:]]
    preloads = []
    if language == "javascript":
        from agentsh.engine.domains.code.imports import node_preloads

        preloads = node_preloads(words, env)
    if not preloads and not any(("import" in s.code or "require" in s.code or "load" in s.code
                                 or "use " in s.code) for s in found):
        return []
    from agentsh.engine.domains.code.imports import modules

    folders = [folder_of(s, program) for s in found]
    first: list[Source] = []
    for path in preloads:
        text = read(path, ctx)
        if text is not None:
            first.append(Source(language, text, f"{program} loads {path} first", True))
            folders.append(path.rsplit("/", 1)[0] if "/" in path else "")
    return first + [Source(language, text, f"the module {path}, which the code loads", True, name,
                           path)
                    for path, text, name in modules(language, [s.code for s in found + first],
                                                    folders, env, ctx)]


def folder_of(source: Source, program: str) -> str:
    """The folder a script was read from ("" for code given inline, on standard input, or by
    `-m`: Python looks in the working directory then)."""
    head = f"{program} "
    if not source.origin.startswith(head):
        return ""
    path = source.origin[len(head):]
    if path.startswith(("-", "<")) or " " in path or "/" not in path:
        return ""
    return path.rsplit("/", 1)[0]


def _after_x_line(cmd: Command, language: str, found: list[Source]) -> list[Source]:
    """`perl -x FILE` / `ruby -x FILE`: the program starts at the first `#!` line naming the
    language; what comes before it is not code."""
    if not any(w.text.startswith("-x") for w in cmd.words[1:]):
        return found
    import re

    out = []
    for source in found:
        m = re.search(r"(?m)^#!.*" + language, source.code)
        out.append(source._replace(code=source.code[m.start():]) if m else source)
    return out


def preloaded(cmd: Command, language: str, ctx: Context) -> list[Source]:
    """Modules the interpreter loads before the code, from the project: `perl -I. -MX` (and
    PERL5OPT, PERL5LIB), `ruby -r./x` (and RUBYOPT, `-I`)."""
    env = dict(tuple(ctx.env) + tuple(cmd.assignments))
    words = [w.text for w in cmd.words[1:]]
    extra = env.get("PERL5OPT" if language == "perl" else "RUBYOPT", "")
    words = extra.split() + words
    dirs = [d for d in env.get("PERL5LIB" if language == "perl" else "RUBYLIB", "").split(":") if d]
    loads: list[str] = []
    load_opts = ("-M", "-m") if language == "perl" else ("-r",)
    i = 0
    while i < len(words):
        text = words[i]
        if text in ("-e", "-E", "--") or not text.startswith("-"):
            break
        for opt in ("-I",) + load_opts:
            if text.startswith(opt):
                value = text[len(opt):] or (words[i + 1] if i + 1 < len(words) else "")
                if not text[len(opt):]:
                    i += 1
                (dirs if opt == "-I" else loads).append(value)
                break
        i += 1
    out: list[Source] = []
    for name in loads[:16]:
        name = name.lstrip("-").split("=", 1)[0].split(" ", 1)[0]
        if not name or "$" in name:
            continue
        if language == "perl":
            rel = name.replace("::", "/") + ".pm"
            candidates = [f"{d.rstrip('/')}/{rel}" for d in dirs if "$" not in d]
        else:
            rel = name if name.endswith(".rb") else name + ".rb"
            candidates = [rel] if rel.startswith(("./", "../", "/")) else \
                [f"{d.rstrip('/')}/{rel}" for d in dirs if "$" not in d]
        for path in candidates:
            text = read(path, ctx)
            if text is not None:
                out.append(Source(language, text, f"{cmd.program} loads {path}"))
                break
    return out


def python_implicit(cmd: Command, ctx: Context, found: list[Source]) -> list[Source]:
    """Code Python runs that the command line does not name: `sitecustomize`/`usercustomize`
    found on PYTHONPATH (imported at start-up), and a file in the script's folder (the current
    one for `-c`, `-m` and standard input) named like a standard-library module the code
    imports, which Python imports instead (`json.py` beside `import json`)."""
    import re
    import sys

    env = dict(tuple(ctx.env) + tuple(cmd.assignments))
    out: list[Source] = []
    for folder in (env.get("PYTHONPATH") or "").split(":"):
        if not folder or "$" in folder or "`" in folder:
            continue
        for name in ("sitecustomize", "usercustomize"):
            text = read(f"{folder.rstrip('/')}/{name}.py", ctx)
            if text is not None:
                out.append(Source("python", text, f"{name}.py on PYTHONPATH ({folder})"))
    out += site_startup(cmd, env, ctx)
    startup = env.get("PYTHONSTARTUP", "")
    flags = [w.text for w in cmd.words[1:] if w.text.startswith("-") and not w.text.startswith("--")]
    if startup and "$" not in startup and any("i" in f[1:] for f in flags):
        text = read(startup, ctx)  # run before the first prompt of `python3 -i`
        if text is not None:
            out.append(Source("python", text, f"PYTHONSTARTUP ({startup})"))
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    words = [w.text for w in cmd.words[1:]]
    base, names = "", set()
    for k, text in enumerate(words):
        if text == "-m" and k + 1 < len(words):
            names.add(words[k + 1].split(".")[0])
            break
        if text.startswith("-m") and len(text) > 2:
            names.add(text[2:].split(".")[0])
            break
        if text == "-c" or (text.startswith("-") and "c" in text[1:] and not text.startswith("--")):
            break
        if not text.startswith("-"):
            base = text.rsplit("/", 1)[0] + "/" if "/" in text else ""
            break
    for source in found:
        names |= set(re.findall(r"(?m)^\s*(?:import|from)\s+([A-Za-z_]\w*)", source.code))
        names |= set(re.findall(r"(?:^|;)\s*(?:import|from)\s+([A-Za-z_]\w*)", source.code))
    for name in sorted(n for n in names if n in stdlib)[:32]:
        for path in (f"{base}{name}.py", f"{base}{name}/__init__.py"):
            text = read(path, ctx)
            if text is not None:
                out.append(Source("python", text, f"{path}, imported instead of the standard "
                                                  f"library's {name}"))
                break
    return out


MAX_PTH = 16


def site_startup(cmd: Command, env: dict, ctx: Context) -> list[Source]:
    """What the `site` module runs at every start of this interpreter: `sitecustomize.py`,
    `usercustomize.py` and the `import` lines of `*.pth` files in the user's site-packages
    (`~/.local/lib/python3.*/site-packages`) and in the virtual environment the interpreter
    belongs to (`.venv/bin/python`, VIRTUAL_ENV). Writing one through the shell asks already
    (SELF028); one an agent's file tool wrote is judged here, when Python next starts, by the
    effects it names itself (installed packages ship harmless `.pth` files). `-S` and `-I`
    skip them."""
    flags = "".join(w.text[1:] for w in cmd.words[1:] if w.text.startswith("-")
                    and not w.text.startswith("--") and len(w.text) < 6)
    glob = getattr(ctx.files, "glob", None)
    if "S" in flags or "I" in flags or glob is None:
        return []
    places = []
    home = env.get("HOME", "")
    if home.startswith("/") and "$" not in home and "s" not in flags:
        places.append(f"{home.rstrip('/')}/.local/lib/python3*/site-packages")
    typed = cmd.words[0].text  # as typed: a venv's `bin/python` is a link to the real one
    prefixes = [w.rsplit("/bin/", 1)[0] if "/bin/" in w else "." for w in
                dict.fromkeys((typed, cmd.program)) if "/bin/" in w or w.startswith("bin/")]
    if env.get("VIRTUAL_ENV", "").startswith(("/", ".")):
        prefixes.append(env["VIRTUAL_ENV"])
    places += [f"{p.rstrip('/')}/lib/python3*/site-packages" for p in prefixes
               if p and "$" not in p and p not in ("/usr", "/usr/local", "")]
    out: list[Source] = []
    for place in places:
        found = glob(f"{place}/*.pth", ctx.cwd) or []
        found += (glob(f"{place}/sitecustomize.py", ctx.cwd) or []) + \
            (glob(f"{place}/usercustomize.py", ctx.cwd) or [])
        for path in found[:MAX_PTH]:
            text = read(path, ctx)
            if not text:
                continue
            if path.endswith(".pth"):  # only its `import` lines run
                text = "\n".join(line for line in text.splitlines()
                                 if line.startswith(("import ", "import\t")))
            if text:
                out.append(Source("python", text, f"{path}, which Python runs at start-up", True))
    return out


def _tinker(cmd: Command, words, program: str, ctx: Context) -> tuple[list[Source], list[Fact]]:
    """`php artisan tinker --execute=CODE` runs CODE (Laravel's REPL); without it, the PHP on
    its standard input (`php artisan tinker <<EOF`)."""
    for k, w in enumerate(words):
        code = None
        if w.text.startswith("--execute="):
            code, word = w.text[len("--execute="):], w
        elif w.text == "--execute" and k + 1 < len(words):
            code, word = words[k + 1].text, words[k + 1]
        if code is not None:
            if not word.literal:
                return [], [_produced(program, word)]
            return [Source("php", code, f"{program} artisan tinker --execute")], []
    return _stdin(cmd, "php", f"{program} artisan tinker", ctx)


def _sources(cmd: Command, language: str, program: str, ctx: Context
             ) -> tuple[list[Source], list[Fact]]:
    words = cmd.words
    if program.rsplit("/", 1)[-1] == "rails":  # `rails runner CODE|FILE.rb`
        rest = [w for w in words[1:] if not w.text.startswith("-")][1:]
        if not rest:
            return [], []
        if rest[0].text.endswith(".rb"):
            return _script(rest[0], language, program, ctx)
        if not rest[0].literal:
            return [], [_produced(program, rest[0])]
        return [Source(language, rest[0].text, f"{program} runner")], []
    if program == "deno":
        return _deno(cmd, ctx)
    if program.rsplit("/", 1)[-1] in NOTEBOOK_RUNNERS:
        return _notebooks(cmd, program, ctx)
    if program == "bun":
        words = _bun_words(cmd)
        if words is None:
            return [], []
    spec = SPECS[language]
    if language == "php" and len(words) == 3 and words[1].literal and \
            words[1].text in ("-l", "--syntax-check") and not words[2].text.startswith("-"):
        return [], []  # `php -l FILE`: a syntax check, no code of it runs (round 10)
    out: list[Source] = []
    facts: list[Fact] = []
    saw_code = False  # `-e CODE` given: standard input is data
    i = 1
    while i < len(words):
        w = words[i]
        t = w.text
        if t == "--":
            i += 1
            break
        if not t.startswith("-") or t in STDIN_NAMES:
            break
        if "=" in t and t.startswith("--"):
            name, _, value = t.partition("=")
            if name in spec.code:
                out.append(Source(language, value, f"{program} {name}"))
            i += 1
            continue
        if t in spec.code or (len(t) > 2 and t[:2] in spec.code and not t.startswith("--")):
            saw_code = True
            code = t[2:] if t not in spec.code else (words[i + 1].text if i + 1 < len(words) else "")
            if t in spec.code and i + 1 < len(words) and _only_expansion(words[i + 1]):
                facts.append(_produced(program, words[i + 1]))
            elif code:
                rest = words[i + 2:] if t in spec.code else words[i + 1:]
                out.append(Source(language, bind_argv(language, code, rest, 0),
                                  f"{program} {t[:2]}"))
            i += 2 if t in spec.code else 1
            if language in ("python",):
                return out, facts  # the rest are the program's own arguments
            continue
        if t in spec.module or (len(t) > 2 and t[:2] in spec.module):
            module = t[2:] if t not in spec.module else (words[i + 1].text if i + 1 < len(words)
                                                         else "")
            out += _module(module, ctx)
            return out, facts
        if t in spec.file and i + 1 < len(words):
            src, fact = _script(words[i + 1], language, program, ctx)
            return out + src, facts + fact
        if t in spec.values:
            i += 2
            continue
        if _cluster(t, spec):
            if i + 1 < len(words):
                out.append(Source(language, words[i + 1].text, f"{program} {t}"))
            if language == "python":
                return out, facts
            i += 2
            continue
        if language == "python" and len(t) > 2 and t[1] != "-" and "c" in t[1:]:
            k = t.index("c", 1)
            if all(ch in spec.flags for ch in t[1:k]):  # -Bcprint(1)
                out.append(Source(language, t[k + 1:], f"{program} -c"))
                return out, facts
        i += 1
    if out or saw_code:
        return out, facts
    if i < len(words) and words[i].text not in STDIN_NAMES:
        if language == "php" and words[i].text.rsplit("/", 1)[-1] == "artisan" and \
                i + 1 < len(words) and words[i + 1].text == "tinker":
            return _tinker(cmd, words[i + 2:], program, ctx)
        shell = _django_shell(words[i:]) if language == "python" else None
        if shell == "":  # `python manage.py shell` runs the Python on its standard input
            return _stdin(cmd, language, f"{program} manage.py shell", ctx)
        if shell is not None:  # `python manage.py shell -c CODE` runs CODE
            return [Source(language, shell, f"{program} manage.py shell -c")], facts
        src, fact = _script(words[i], language, program, ctx)
        src = [x._replace(code=bind_argv(language, x.code, words[i + 1:], 1)) for x in src]
        return src, facts + fact
    return _stdin(cmd, language, program, ctx)


# how each language spells its own arguments, and the index of the first one after the code
# (`python3 -c CODE a`: sys.argv[1] is a; `node -e CODE a`: process.argv[1]; `ruby -e CODE a`:
# ARGV[0]); a node script's arguments start one later (process.argv[1] names the script;
# Python's sys.argv[0] is the script or `-c`, so sys.argv[1] is the first argument either way)
ARGV = {"python": (r"\bsys\.argv\[\s*(\d+)\s*\]", 1), "javascript": (
    r"\bprocess\.argv\[\s*(\d+)\s*\]", 1), "ruby": (r"(?<![\w$])ARGV\[\s*(\d+)\s*\]", 0),
    "perl": (r"\$ARGV\[\s*(\d+)\s*\]", 0), "php": (r"\$argv\[\s*(\d+)\s*\]", 1)}
# every mention of the argument list, and the mentions that only read it (an index, its length,
# a copy): code that mentions it otherwise may shift, edit or alias it (`sys.argv.pop(1)`,
# `ARGV.shift`, Perl's bare `shift` at the top level, `array_shift($argv)`), so an index no
# longer names the word it names on the command line, and nothing is bound
ARGV_MENTIONS = {
    "python": (r"\bargv\b", r"(?<![\w.])sys\.argv(?:\[\s*-?\d*\s*:\s*-?\d*\s*\])"
               r"|\blen\(\s*sys\.argv\s*\)"),
    "javascript": (r"\bargv\b", r"\bprocess\.argv(?:\.length\b|\.slice\()"),
    "ruby": (r"\bARGV\b", r"(?<![\w$])ARGV\.(?:length|size|empty\?|count)\b"),
    "perl": (r"\bARGV\b|(?<![\w$@>])(?:shift|pop|splice)\b(?!\s*\(?\s*@_)", r"\$#ARGV\b"),
    "php": (r"\$argv\b", r"\bcount\(\s*\$argv\s*\)"),
}


def bind_argv(language: str, code: str, rest, script: int) -> str:
    """The code with its own literal arguments in place of `sys.argv[N]` (and each language's
    spelling of it): `python3 -c '...requests.request(sys.argv[1], URL)' DELETE` is read as a
    DELETE. An argument only known at run time, or one past the end, stays as it was; so does
    every index when the code may change the list before reading it (ARGV_MENTIONS)."""
    found = ARGV.get(language)
    if not found or not rest or "argv" not in code.lower():
        return code
    import json
    import re

    pattern, first = found
    first += script if language == "javascript" else 0
    every, reads = ARGV_MENTIONS[language]
    bound = re.compile(f"(?:{pattern})(?!\\s*(?:[-+*/%.|&^]|//|<<|>>|\\*\\*)?=(?!=))")
    mentions = len(re.findall(every, code))
    if mentions != len(bound.findall(code)) + len(re.findall(reads, code)) or \
            re.search(r"\b(?:del|unset)\b[\s(]*" + pattern, code):
        return code

    def value(m: re.Match) -> str:
        k = int(m.group(1)) - first
        if k < 0 or k >= len(rest) or not rest[k].literal:
            return m.group(0)
        return json.dumps(rest[k].text)

    return bound.sub(value, code)


def _produced(program: str, word) -> Fact:
    """Code produced at run time: downloaded (`$(curl ...)`) or generated (`<(gen)`)."""
    if any(f"{f} " in word.raw or word.raw.startswith(("<(" + f, "$(" + f)) for f in REMOTE_FETCHERS):
        return Fact("unknown.remote_code", f"{program} runs code downloaded by {word.raw}")
    return Fact("interp.dynamic_exec", f"{program} runs {word.raw}, only known at run time")


def _django_shell(words) -> str | None:
    """The code `manage.py shell -c CODE` runs; "" when the shell reads its code on standard
    input (`manage.py shell <<EOF`, `echo CODE | python manage.py shell`); None otherwise."""
    if len(words) < 2 or words[0].text.rsplit("/", 1)[-1] != "manage.py" or \
            words[1].text not in ("shell", "shell_plus"):
        return None
    for k in range(2, len(words) - 1):
        if words[k].text in ("-c", "--command"):
            return words[k + 1].text
    return ""


def _only_expansion(word) -> bool:
    """`"$CODE"`, `$(cat f)`: the code is only known at run time. Code with a variable inside
    (`"print($n)"`) is analyzed as written, the expansion left in place."""
    if word.literal:
        return False
    raw = word.raw.strip("\"'")
    return raw.startswith(("$", "`")) and not any(c in raw for c in " \n;(=") or \
        raw.startswith(("$(", "`")) and raw.endswith((")", "`"))


def _cluster(word: str, spec: Spec) -> bool:
    """`perl -lne CODE`, `ruby -ne CODE`, `python -Bc CODE`: flags then the code option."""
    return bool(spec.clusters) and len(word) > 2 and word[0] == "-" and word[1] != "-" and \
        word[-1] in spec.clusters and all(ch in spec.flags for ch in word[1:-1])


# modules that read Python (or debugger commands running it) from standard input as a prompt
INTERACTIVE_MODULES = frozenset(("code", "asyncio", "pdb", "IPython", "ptpython", "bpython"))


def _reads_statements(cmd: Command) -> bool:
    """Python that reads its standard input one statement at a time: `-i` (alone or among
    flags: `-qi`, `-ic CODE`), PYTHONINSPECT set for it, or a module that is a prompt
    (`-m code`, `-m asyncio`, `-m pdb`)."""
    if any(name == "PYTHONINSPECT" and value for name, value in cmd.assignments):
        return True
    spec = SPECS["python"]
    words = cmd.words
    i = 1
    while i < len(words):
        w, t = words[i], words[i].text
        if not w.literal or not t.startswith("-") or t in ("-", "--"):
            return False
        if t.startswith("-m"):
            module = t[2:] or (words[i + 1].text if i + 1 < len(words) else "")
            return module.split(".")[0] in INTERACTIVE_MODULES
        if t in spec.values:
            i += 2
            continue
        if not t.startswith("--"):
            head, code, _ = t[1:].partition("c")
            if all(ch in spec.flags for ch in head) and "i" in head:
                return True
            if code:
                return False  # `-c CODE`: what follows are the code's own arguments
        i += 1
    return False


def _stdin(cmd: Command, language: str, program: str, ctx: Context
           ) -> tuple[list[Source], list[Fact]]:
    stdin = cmd.stdin
    if stdin is None:
        return [], []  # an interactive interpreter on the terminal
    if stdin.kind == "file":
        if stdin.path == "/dev/null":
            return [], []
        text = read(stdin.path, ctx)
        if text is None:
            return [], [Fact("interp.unknown", f"{program} runs {stdin.path}, which cannot be read",
                             stdin.path)]
        return [Source(language, text, f"{program} < {stdin.path}")], []
    if stdin.text is not None:
        return [Source(language, stdin.text, f"{program} <<{stdin.kind}")], []
    producer = stdin.producer[0].rsplit("/", 1)[-1] if stdin.producer else ""
    if producer in REMOTE_FETCHERS:
        return [], [Fact("unknown.remote_code",
                         f"code downloaded by {stdin.producer[0]} is run by {program}")]
    return [], [Fact("interp.unknown", f"{program} runs code from standard input")]


def _script(word, language: str, program: str, ctx: Context
            ) -> tuple[list[Source], list[Fact]]:
    path = word.text
    if not word.literal:
        if word.raw.startswith(("<(", "$(", "`", "\"$(")):  # python3 <(generate), "$(curl ...)"
            return [], [_produced(program, word)]
        return [], [Fact("interp.script_unreadable",
                         f"{program} runs {word.raw}, only known at run time", word.raw)]
    if path.startswith(("http://", "https://")):
        return [], [Fact("unknown.remote_code", f"{program} runs code from {path}", path)]
    text = read(path, ctx)
    if text is None:
        return [], unread_script(path, ctx)
    return [Source(language, text, f"{program} {path}")], []


# options of nbconvert, `jupyter execute` and papermill that take a value as the next word
NOTEBOOK_VALUES = frozenset(("--to", "--output", "--output-dir", "--template", "--config",
                             "--kernel", "-k", "--kernel_name", "--timeout", "--startup_timeout",
                             "--cwd", "--language", "-l", "--log-level", "--execution-timeout",
                             "--start-timeout", "--engine", "--parameters_file", "-f",
                             "--parameters_yaml", "-y", "--parameters_base64", "-b",
                             "--parameters_raw", "-r", "--parameters", "-p", "--inject-paths",
                             "--prepare-only", "--report-mode", "--writer", "--post",
                             "--reader"))
# papermill's options that give the parameters cell new values (two words for -p and -r)
PAPERMILL_PARAMETERS = {"-p": 2, "--parameters": 2, "-r": 2, "--parameters_raw": 2, "-f": 1,
                        "--parameters_file": 1, "-y": 1, "--parameters_yaml": 1, "-b": 1,
                        "--parameters_base64": 1}


def _notebooks(cmd: Command, program: str, ctx: Context) -> tuple[list[Source], list[Fact]]:
    """The notebooks `jupyter nbconvert --execute A.ipynb B.ipynb`, `jupyter execute A.ipynb`
    or `papermill IN.ipynb OUT.ipynb` runs (papermill runs only its first operand), as the
    Python their cells hold (`notebook.py`)."""
    from agentsh.engine.domains.code.notebook import notebook_code

    words = list(cmd.words[1:])
    papermill = program.rsplit("/", 1)[-1] == "papermill"
    if words and words[0].text in ("nbconvert", "execute"):
        words = words[1:]
    operands = []
    parameters = False
    i = 0
    while i < len(words):
        t = words[i].text
        if t in PAPERMILL_PARAMETERS and papermill:
            parameters = True
            i += 1 + PAPERMILL_PARAMETERS[t]
            continue
        if t in NOTEBOOK_VALUES:
            i += 2
            continue
        if not t.startswith("-"):
            operands.append(words[i])
        i += 1
    if papermill:
        operands = operands[:1]
    out: list[Source] = []
    facts: list[Fact] = []
    for word in operands[:4]:
        src, fact = _script(word, "python", program, ctx)
        out += [s._replace(code=notebook_code(s.code, parameters)) for s in src]
        facts += fact
    return out, facts


def _module(module: str, ctx: Context) -> list[Source]:
    """`python -m pkg.mod`: checked when the module is a file of the project; a module that
    is installed (pytest, json.tool, http.server) is not read."""
    if not module or not all(part.isidentifier() for part in module.split(".")):
        return []
    base = module.replace(".", "/")
    for path in (f"{base}.py", f"{base}/__main__.py", f"src/{base}.py", f"src/{base}/__main__.py"):
        text = read(path, ctx)
        if text is not None:
            return [Source("python", text, f"python -m {module} ({path})")]
    return []


def _bun_words(cmd: Command):
    """`bun run FILE`, `bun FILE`, `bun -e CODE`; `bun run SCRIPT` is a package.json task."""
    words = cmd.words
    if len(words) < 2:
        return None
    second = words[1].text
    if second == "run" and len(words) > 2:
        target = words[2].text
        if target.startswith("-") or _is_js_file(target):
            return (words[0],) + words[2:]
        return None
    if second.startswith("-") or _is_js_file(second):
        return words
    return None


def _is_js_file(name: str) -> bool:
    return name.endswith((".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx")) or \
        name.startswith(("./", "/", "../"))


def _deno(cmd: Command, ctx: Context) -> tuple[list[Source], list[Fact]]:
    words = cmd.words
    if len(words) < 2:
        return _stdin(cmd, "javascript", "deno", ctx)
    sub = words[1].text
    spec = SPECS["javascript"]
    if sub == "eval":
        i = 2
        while i < len(words) and words[i].text.startswith("-"):
            i += 2 if words[i].text in spec.values else 1
        if i < len(words):
            return [Source("javascript", words[i].text, "deno eval")], []
        return [], []
    if sub == "run" or _is_js_file(sub):
        i = 2 if sub == "run" else 1
        while i < len(words) and words[i].text.startswith("-") and words[i].text != "-":
            i += 2 if words[i].text in spec.values else 1
        if i >= len(words):
            return [], []
        target = words[i].text
        if target.startswith(("npm:", "jsr:")):
            return [], []  # a package's binary: the runners check it as a command
        if target == "-":
            return _stdin(cmd, "javascript", "deno", ctx)
        return _script(words[i], "javascript", "deno", ctx)
    return [], []


def unread_script(path: str, ctx: Context, call: str = "") -> list[Fact]:
    """Why a script an interpreter runs was not read: it does not exist (the interpreter says so
    and runs nothing: no fact); nothing is known of it (no file view, somewhere unknown, or the
    line edited it in place, `sed -i`); or it cannot be checked (too big, binary or compiled, not
    a regular file, or written by the line with content agentsh cannot follow)."""
    kind = ctx.file_kind(path)
    where = f"{call}: " if call else ""
    if kind == "missing":
        return []
    if kind == "unknown" or ctx.file_edited(path):
        return [Fact("interp.script_unseen", f"{where}cannot see {path} to check it", path)]
    return [Fact("interp.script_unreadable", f"{where}{path} is there but cannot be checked "
                 "(too big, binary or compiled, unreadable, or not a regular file)", path)]
