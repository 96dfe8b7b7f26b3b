"""Programs that run another program or a recipe, so that what they run is checked.

- Package runners (`npx PKG`, `pnpm dlx`, `yarn dlx`, `bunx`, `npm exec --`, `uvx`, `pipx run`,
  `deno run npm:PKG` ...) run a package's binary: the binary is checked as the command, so
  `npx rimraf dist` is `rimraf dist`.
- Deletion tools by another name (`rimraf`, `del-cli`, `rm-cli` ...) are `rm -rf`, checked with
  the same rules and exemptions (`rimraf node_modules` runs, `rimraf src` asks).
- Task runners whose recipe is readable (`make T`, `just T`, `npm run T` with its pre/post
  scripts, `npm test`, `npm install`'s lifecycle scripts, `deno task T`, `task T`, `rake T`):
  the recipe is read through `ctx.read_file` and checked as shell. A recipe that cannot be read
  leaves the command as it was.

Which runners, their options and the deletion tools come from `[analyzer.runners]` in rules.toml.
"""

from __future__ import annotations

import re

from agentsh.engine.model import Command, Context, Fact, Word
from agentsh.engine.names import fd_of_stream
from agentsh.engine.wrappers import peel

VERSION = re.compile(r"(?<=.)@[^/@]*$|==.*$|\[.*\]$")
MAKE_VALUES = frozenset("-f --file --makefile -C --directory -j --jobs -l --load-average -o "
                        "--old-file --assume-old -W --what-if --new-file --assume-new -I "
                        "--include-dir -O --output-sync --eval".split())
MAKE_NOTHING = frozenset("-n --just-print --dry-run --recon -q --question -p --print-data-base "
                         .split())
MAKE_INFO = frozenset("-v --version -h --help".split())  # make reads no makefile
NPM_VALUES = frozenset("--prefix -w --workspace -C --dir --cwd --filter -F --loglevel "
                       "--registry --cache --userconfig".split())
NPM_BUILTIN = frozenset(("test", "t", "tst", "start", "stop", "restart", "install", "i", "ci",
                         "add", "run", "run-script", "rum", "urn", "exec", "x", "publish", "pack",
                         "uninstall", "remove", "rm", "update", "up", "upgrade", "link", "ls",
                         "list", "outdated", "audit", "init", "create", "dlx", "why", "info",
                         "view", "config", "set", "get", "login", "logout", "whoami", "version",
                         "help", "cache", "store", "import", "rebuild", "prune", "dedupe", "fund",
                         "doctor", "bin", "root", "prefix", "global", "workspaces", "workspace",
                         "patch", "licenses", "setup", "env", "node", "upgrade-interactive",
                         "plugin", "constraints", "explain", "npm", "pm", "build", "x", "unlink",
                         "outdated", "search", "repl", "completion", "--version", "-v"))


class Runners:
    def __init__(self, params: dict, ctx: Context) -> None:
        self.packages: dict = params.get("packages", {}) or {}
        self.code_options: dict = params.get("code_options", {}) or {}
        self.delete_tools: dict = params.get("delete_tools", {}) or {}
        self.bins: dict = params.get("bins", {}) or {}
        self.modules: dict = params.get("modules", {}) or {}
        self.tasks = frozenset(params.get("tasks", []) or [])
        self.ctx = ctx
        self.cmd: Command | None = None  # the task runner being read (its standard input)
        self.opaque: list[str] = []
        self.programs = frozenset(k.split()[0] for k in self.packages) | \
            frozenset(self.delete_tools) | self.tasks

    def expand(self, cmd: Command):
        """(inner commands, (shell text, label) pairs, facts), or None when `cmd` runs
        nothing this module knows."""
        prog = cmd.program
        if prog not in self.programs and not prog.startswith(("python", "pypy")) or \
                not cmd.words[0].literal:
            return None
        words = cmd.words
        if prog.startswith(("python", "pypy")):
            return self._module(cmd)
        if len(words) > 1 and f"{prog} {words[1].text}" in self.packages:
            return self._package(cmd, f"{prog} {words[1].text}", 2)
        if prog in self.packages:
            return self._package(cmd, prog, 1)
        if prog in self.delete_tools and not _surely_function(cmd):
            return self._delete_tool(cmd)
        if prog in self.tasks:
            return self._task(cmd)
        return None

    # -------------------------------------------------------------- package runners

    def _package(self, cmd: Command, key: str, start: int):
        words = cmd.words
        values = set(self.packages[key] or [])
        code_opts = set(self.code_options.get(key, []) or [])
        named_command = False
        i = start
        while i < len(words):
            t = words[i].text
            if t == "--":
                i += 1
                break
            if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", t):  # cross-env NAME=value CMD
                i += 1
                continue
            if not t.startswith("-") or t == "-" or not words[i].literal:
                break
            name, eq, value = t.partition("=")
            if name in code_opts:
                code = value if eq else (words[i + 1].text if i + 1 < len(words) else "")
                literal = eq or (i + 1 < len(words) and words[i + 1].literal)
                return [], [(code if literal else None, f"{key} {name}")], []
            if name in ("-p", "--package", "--from", "--spec"):
                named_command = True  # the package is named; the next word is its command
            if name in values and not eq:
                i += 2
                continue
            i += 1
        if i >= len(words):
            return [], [], []
        first = words[i]
        binary = first.text
        if key == "deno run":
            if not binary.startswith("npm:"):
                return None  # a script file or URL: the code analyzer reads it
            binary = binary[4:].split("/", 1)[-1] if "/" in binary[4:].lstrip("@") \
                and not binary[4:].startswith("@") else binary[4:]
        if not named_command:
            binary = package_binary(binary, self.bins)
        inner = (Word(binary, first.literal, first.span, first.raw),) + words[i + 1 :]
        return [peel(cmd, inner, key)], [], []

    def _module(self, cmd: Command):
        """`python3 -m MODULE ARGS` where MODULE is a CLI's own package (`awscli` is `aws`,
        `httpie` is `http`): checked as that CLI. Other modules stay Python's."""
        words = cmd.words
        if len(words) < 3 or words[1].text != "-m" or not words[2].literal:
            return None
        binary = self.modules.get(words[2].text)
        if binary is None:
            return None
        inner = (Word(str(binary), True, words[2].span, words[2].raw),) + words[3:]
        return [peel(cmd, inner, f"{cmd.program} -m {words[2].text}")], [], []

    def _delete_tool(self, cmd: Command):
        prog = cmd.program
        as_words = str(self.delete_tools[prog]).split()
        span = cmd.words[0].span
        head = tuple(Word(w, True, span, w) for w in as_words)
        return [peel(cmd, head + cmd.words[1:], prog)], [], []

    # -------------------------------------------------------------- task runners

    def _task(self, cmd: Command):
        prog = cmd.program
        reader = {"make": self._make, "gmake": self._make, "just": self._just,
                  "npm": self._npm, "pnpm": self._npm, "yarn": self._npm, "bun": self._npm,
                  "deno": self._deno, "task": self._taskfile, "go-task": self._taskfile,
                  "rake": self._rake, "tox": self._tox, "poe": self._poe}.get(prog)
        if reader is None:
            return None
        self.opaque = []
        self.cmd = cmd
        found = reader(cmd)
        if (found is None or found[0] is None) and prog in ("pnpm", "yarn", "bun") and \
                not self.opaque:
            binary = self._npm_binary(cmd)  # no such script: the package's binary runs
            if binary is not None:
                return [binary], [], []
        if found is None:
            if self.opaque:  # a recipe file is there, but what it holds cannot be seen
                return [], [], [Fact("unknown.script_unreadable",
                                     f"{prog}: cannot read {self.opaque[0]} to check its recipe "
                                     "(written earlier in the line in a way agentsh does not "
                                     "follow, or too big or not a regular file)",
                                     self.opaque[0])]
            return None
        text, label = found
        if not text or not text.strip():
            return [], [], []
        return [], [(text, label)], []

    def read(self, path: str) -> str | None:
        """A recipe file's text; None when it cannot be read. A file that is there (or that the
        line wrote) but cannot be read is remembered in `opaque`: its recipe is unknown code.
        A stream (`make -f -`, `-f /dev/stdin`, `task -t -`) is the runner's standard input:
        its text when the line spells it (`printf ... | make -f -`, a heredoc), else unknown;
        a name only known at run time (`-f "$F"`, `-f <(...)`) is unknown too."""
        if DYNAMIC in path or "$" in path or "`" in path:
            self.opaque.append(path.replace(DYNAMIC, "(only known at run time)"))
            return None
        if path == "-" or path.endswith("/-") or fd_of_stream(path) is not None:
            return self._stream(path)
        reader = self.ctx.read_file
        text = reader(path) if callable(reader) else None
        if text is None and (self.ctx.file_written(path) or
                             self.ctx.file_kind(path) not in ("missing", "unknown", "dir")):
            self.opaque.append(path)
        return text

    def _stream(self, path: str) -> str | None:
        name = "-" if path.endswith("/-") else path
        stdin = self.cmd.stdin if self.cmd is not None else None
        if fd_of_stream(name) not in (None, "0") or stdin is None:
            self.opaque.append(f"{name} (a stream)")
            return None
        if stdin.kind == "file":
            reader = self.ctx.read_file
            text = reader(stdin.path) if callable(reader) and "$" not in stdin.path else None
        else:
            text = stdin.text
        if text is None:
            producer = " ".join(stdin.producer) if stdin.producer else stdin.kind
            self.opaque.append(f"{name} (standard input, produced at run time by {producer})")
        return text

    def _first(self, directory: str, names: tuple[str, ...]) -> tuple[str, str] | None:
        for name in names:
            path = f"{directory.rstrip('/')}/{name}" if directory else name
            text = self.read(path)
            if text is not None:
                return path, text
        return None

    def _make(self, cmd: Command):
        args = dynamic_words(cmd.words[1:])
        parsed = make_arguments(args)
        if parsed is None:
            return None
        file, directories, targets, overrides, dry = parsed
        if any(DYNAMIC in t for t in targets):
            # a target only known at run time (`make $T`): any of the makefile's may run
            targets = [t for t in targets if DYNAMIC not in t] + [ALL_TARGETS]
        directory = ""
        for value in directories:
            directory = f"{directory}/{value}" if directory and not value.startswith("/") \
                else value
        if file is not None:
            path = file if file.startswith("/") or not directory else f"{directory}/{file}"
            text = self.read(path)
            found = (path, text) if text is not None else None
        else:
            found = self._first(directory, ("GNUmakefile", "makefile", "Makefile"))
        # MAKEFILES (from the environment or the line) names makefiles make reads first, and
        # `include` reads others: their parse-time commands run too
        listed = dict(tuple(self.ctx.env) + tuple(cmd.assignments)).get("MAKEFILES", "")
        if "$" in listed or "`" in listed:
            self.opaque.append("$MAKEFILES")
            return None
        before = []
        for extra in listed.split():
            path = extra if extra.startswith("/") or not directory else f"{directory}/{extra}"
            text = self.read(path)
            if text is not None:
                before.append(text)
        if found is None and not before:
            return None
        text = "\n".join(before + ([found[1]] if found else []))
        text = self._make_includes(text, directory)
        label = found[0] if found else "MAKEFILES"
        parse_time = _recipes().makefile_parse_commands(text, recipes_too=dry)
        if dry or found is None:
            return parse_time, f"make reading {label} ({'-n/-q/-p' if dry else 'MAKEFILES'})"
        found = (found[0], text)
        # make reads its environment as variables (`METHOD=DELETE make call` with `METHOD ?=
        # GET`, or any use the Makefile does not assign); the line's own assignments last
        environment = {k: v for k, v in tuple(self.ctx.env) + tuple(cmd.assignments)
                       if re.fullmatch(r"[A-Za-z_][\w.]*", k) and k != "SHELL"}  # never imported
        if any(a in ("-e", "--environment-overrides") for a in args):
            overrides = {**environment, **overrides}
        if ALL_TARGETS in targets:
            targets = [t for t in targets if t != ALL_TARGETS] + make_targets(found[1])
        recipe = _recipes().makefile_recipe(found[1], targets, overrides, environment)
        recipe = "\n".join(part for part in (parse_time, recipe) if part)
        return recipe, f"make {' '.join(targets) or '(default)'} ({found[0]})"

    def _make_includes(self, text: str, directory: str, depth: int = 0) -> str:
        """The makefile with the files its `include`/`-include`/`sinclude` lines name appended
        (literal names, three levels); one only known at run time is unknown code."""
        import re as _re

        out = [text]
        for m in _re.finditer(r"(?m)^[ ]*(?:-include|sinclude|include)[ \t]+(.+)$", text):
            for name in m.group(1).split("#", 1)[0].split():
                if "$" in name or depth >= 3:
                    self.opaque.append(name)
                    out.append("x != false  # include only known at run time")
                    continue
                path = name if name.startswith("/") or not directory else f"{directory}/{name}"
                included = self.read(path)
                if included is not None:
                    out.append(self._make_includes(included, directory, depth + 1))
        return "\n".join(out)

    def _just(self, cmd: Command):
        args = [w.text for w in cmd.words[1:]]
        file, directory, positional = None, "", []
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-n", "--dry-run", "-l", "--list", "--summary", "--show", "-s", "--evaluate",
                     "--choose", "--dump", "--edit", "-e", "--init", "--fmt", "--help", "-h",
                     "--version", "-V", "--variables", "--groups"):
                return None
            if a in ("-f", "--justfile", "-d", "--working-directory", "--set", "--shell",
                     "--dotenv-path", "--dotenv-filename", "--color", "--command-color"):
                if a in ("-f", "--justfile"):
                    file = args[i + 1] if i + 1 < len(args) else None
                elif a in ("-d", "--working-directory"):
                    directory = args[i + 1] if i + 1 < len(args) else ""
                i += 3 if a == "--set" else 2
                continue
            if a.startswith("-"):
                i += 1
                continue
            positional.append(a)
            i += 1
        found = (file, self.read(file)) if file else \
            self._first(directory, ("justfile", "Justfile", ".justfile"))
        if found is None or found[1] is None:
            return None
        recipe = positional[0] if positional else None
        text = _recipes().justfile_recipe(found[1], recipe, positional[1:])
        return text, f"just {recipe or '(default)'} ({found[0]})"

    def _npm(self, cmd: Command):
        prog = cmd.program
        words = [w.text for w in cmd.words[1:]]
        directory = ""
        rest: list[str] = []
        i = 0
        while i < len(words):
            w = words[i]
            name, eq, value = w.partition("=")
            if name in NPM_VALUES:
                value = value if eq else (words[i + 1] if i + 1 < len(words) else "")
                if name in ("--prefix", "-C", "--dir", "--cwd"):
                    directory = value
                i += 1 if eq else 2
                continue
            if w.startswith("-") and not rest and w != "--":
                if w in ("--version", "-v", "--help", "-h"):
                    return None
                i += 1
                continue
            rest.append(w)
            i += 1
        if not rest:
            if prog in ("yarn",):
                rest = ["install"]
            else:
                return None
        sub, args = rest[0], rest[1:]
        extra: list[str] = []
        if "--" in args:
            k = args.index("--")
            args, extra = args[:k], args[k + 1 :]
        if sub in ("run", "run-script", "rum", "urn"):
            names = [a for a in args if not a.startswith("-")]
            if not names:
                return None
            name = names[0]
            extra = extra or names[1:] if prog != "npm" else extra
        elif sub in ("test", "t", "tst", "start", "stop"):
            if prog == "bun" and sub == "test":
                return None  # bun's own test runner
            name = {"t": "test", "tst": "test"}.get(sub, sub)
            extra = extra or [a for a in args if not a.startswith("-")]
        elif sub in ("install", "i", "ci") and not [a for a in args if not a.startswith("-")]:
            name = "install"
        elif sub in ("publish", "pack") and prog == "npm":
            name = sub
        elif sub == "restart":
            name = "restart"
        elif prog != "npm" and sub not in NPM_BUILTIN and not sub.startswith(("./", "/")) and \
                not sub.endswith((".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx")):
            name, extra = sub, extra or args  # `yarn build`, `pnpm lint`, `bun dev`
        else:
            return None
        found = self._first(directory, ("package.json",))
        if found is None:
            return None
        scripts = _recipes().package_scripts(found[1])
        if not scripts:
            return None
        if name == "restart" and "restart" not in scripts:
            text = "\n".join(filter(None, (_recipes().script_recipe(scripts, "stop", []),
                                           _recipes().script_recipe(scripts, "start", []))))
        else:
            text = _recipes().script_recipe(scripts, name, extra)
        return text, f"{prog} run {name} ({found[0]})"

    def _npm_binary(self, cmd: Command) -> Command | None:
        """`pnpm [opts] exec|dlx BIN ARGS`, `yarn [opts] BIN ARGS` (no script of that name): the
        package binary BIN run with ARGS, as the command itself (`yarn prisma migrate reset`
        is `prisma migrate reset`). None when the words name a builtin or a file."""
        words = cmd.words
        i = 1
        while i < len(words):
            t = words[i].text
            if not words[i].literal:
                return None
            name, eq, _ = t.partition("=")
            if name in NPM_VALUES:
                i += 1 if eq else 2
                continue
            if t.startswith("-") and t != "--":
                i += 1
                continue
            break
        if i >= len(words):
            return None
        sub = words[i].text
        if sub in ("run", "run-script") and cmd.program in ("yarn", "bun"):
            i += 1  # `yarn run BIN`, `bun run BIN`: with no such script, the binary runs
            while i < len(words) and words[i].text.startswith("-") and words[i].literal:
                i += 1
            if i >= len(words) or words[i].text.startswith(("./", "/", ".")) or \
                    words[i].text.endswith((".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx")):
                return None
        elif sub in ("exec", "dlx", "x"):
            key = f"{cmd.program} {sub}"
            values = set(self.packages.get(key) or [])
            i += 1
            while i < len(words) and words[i].text.startswith("-") and words[i].literal:
                if words[i].text == "--":
                    i += 1
                    break
                i += 2 if words[i].text in values else 1
            if i >= len(words):
                return None
        elif sub in NPM_BUILTIN or sub.startswith(("./", "/", ".")) or \
                sub.endswith((".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx")):
            return None
        first = words[i]
        binary = package_binary(first.text, self.bins)
        inner = (Word(binary, first.literal, first.span, first.raw),) + words[i + 1 :]
        return peel(cmd, inner, f"{cmd.program} {sub}")

    def _deno(self, cmd: Command):
        words = [w.text for w in cmd.words[1:]]
        if not words or words[0] != "task":
            return None
        names = [w for w in words[1:] if not w.startswith("-")]
        if not names:
            return None
        found = self._first("", ("deno.json", "deno.jsonc"))
        if found is None:
            return None
        tasks = _recipes().deno_tasks(found[1]) or {}
        text = tasks.get(names[0])
        if text is None:
            return None
        return text + "".join(" " + a for a in names[1:]), f"deno task {names[0]} ({found[0]})"

    def _taskfile(self, cmd: Command):
        args = [w.text for w in cmd.words[1:]]
        file, directory, names, overrides = None, "", [], {}
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-n", "--dry", "-l", "--list", "-a", "--list-all", "--summary", "-h",
                     "--help", "--version", "-i", "--init"):
                return None
            if a in ("-t", "--taskfile", "-d", "--dir", "-o", "--output", "-c", "--concurrency"):
                if a in ("-t", "--taskfile"):
                    file = args[i + 1] if i + 1 < len(args) else None
                elif a in ("-d", "--dir"):
                    directory = args[i + 1] if i + 1 < len(args) else ""
                i += 2
                continue
            if a == "--":
                break
            if a.startswith("-"):
                i += 1
                continue
            name, eq, value = a.partition("=")
            if eq:
                overrides[name] = value
            else:
                names.append(a)
            i += 1
        found = (file, self.read(file)) if file else self._first(directory, (
            "Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml", "Taskfile.dist.yml",
            "taskfile.dist.yml", "Taskfile.dist.yaml"))
        if found is None or found[1] is None:
            return None
        text = _recipes().taskfile_recipe(found[1], names, overrides)
        return text, f"task {' '.join(names) or 'default'} ({found[0]})"

    def _rake(self, cmd: Command):
        args = [w.text for w in cmd.words[1:]]
        file, directory, names = None, "", []
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-n", "--dry-run", "-T", "--tasks", "-D", "--describe", "-P", "--prereqs",
                     "-W", "--where", "-h", "--help", "-V", "--version"):
                return None
            if a in ("-f", "--rakefile", "-C", "--directory", "-I", "--libdir", "-r", "--require",
                     "-e", "--execute", "-p", "--execute-print", "-E", "--execute-continue"):
                if a in ("-f", "--rakefile"):
                    file = args[i + 1] if i + 1 < len(args) else None
                elif a in ("-C", "--directory"):
                    directory = args[i + 1] if i + 1 < len(args) else ""
                i += 2
                continue
            if a.startswith("-"):
                i += 1
                continue
            if "=" not in a:
                names.append(a.split("[", 1)[0])
            i += 1
        found = (file, self.read(file)) if file else self._first(directory, (
            "Rakefile", "rakefile", "Rakefile.rb", "rakefile.rb"))
        if found is None or found[1] is None:
            return None
        text = _recipes().rake_recipe(found[1], names)
        return text, f"rake {' '.join(names) or 'default'} ({found[0]})"


    def _tox(self, cmd: Command):
        """`tox [-e ENV[,ENV]]`: the commands of those environments in tox.ini (every
        environment's when none is named)."""
        args = [w.text for w in cmd.words[1:]]
        if any(a in ("-l", "--listenvs", "-a", "--listenvs-all", "--version", "-h", "--help",
                     "--showconfig", "--notest", "list", "config") for a in args):
            return None
        envs: list[str] = []
        config = None
        for i, a in enumerate(args):
            if a in ("-e", "--env") and i + 1 < len(args):
                envs += args[i + 1].split(",")
            elif a.startswith("-e") and len(a) > 2:
                envs += a[2:].split(",")
            elif a in ("-c", "--conf") and i + 1 < len(args):
                config = args[i + 1]
        found = (config, self.read(config)) if config else self._first("", ("tox.ini",))
        if found is None or found[1] is None:
            return None
        text = _recipes().tox_commands(found[1], envs)
        return text, f"tox {' '.join(envs) or '(every environment)'} ({found[0]})"

    def _poe(self, cmd: Command):
        """`poe TASK`: the task's command or shell script in pyproject.toml [tool.poe.tasks]."""
        args = [w.text for w in cmd.words[1:] if not w.text.startswith("-")]
        if not args:
            return None
        found = self._first("", ("pyproject.toml", "poe_tasks.toml"))
        if found is None or found[1] is None:
            return None
        text = _recipes().poe_task(found[1], args[0])
        return None if text is None else (text, f"poe {args[0]} ({found[0]})")


DYNAMIC = "\0run time\0"  # a word only known at run time, in a runner's arguments
ALL_TARGETS = "\0every target\0"


def dynamic_words(words) -> list[str]:
    """A runner's words as text, each only known at run time as DYNAMIC, keeping what is
    known of its shape: an option (`-j$(nproc)`: `-j` with an unknown value) or an override
    (`PREFIX=$HOME/.local`: PREFIX, a value the recipe's shell expands)."""
    out = []
    for word in words:
        if word.literal:
            out.append(word.text)
            continue
        raw = word.raw
        head = raw.split("$", 1)[0].split("`", 1)[0]
        if head.startswith("-") and not head.startswith(("-f", "--file", "--makefile", "-C",
                                                         "--directory", "-I", "--include")):
            out.append(head + DYNAMIC)
        elif "=" in head and re.fullmatch(r"[A-Za-z_][\w.]*", head.split("=", 1)[0]):
            out.append(head + raw[len(head):].strip("\"'"))
        else:
            out.append(head + DYNAMIC if head.startswith("-") else DYNAMIC)
    return out


def make_targets(text: str) -> list[str]:
    """The explicit targets a makefile names (`clean:`, `a b: c`), at most 64."""
    found = re.findall(r"(?m)^([A-Za-z0-9_./-][^:=#\t\n]*?)\s*::?(?!=)", text)
    names = [n for line in found for n in line.split() if "%" not in n and "$" not in n and
             not n.startswith(".")]
    return list(dict.fromkeys(names))[:64]


def make_arguments(args: list[str]):
    """make's command line as (makefile or None, the `-C` directories in order, targets,
    variable overrides, dry), or None when make reads no makefile (`--version`). Dry: -n/-q/-p
    run no recipe, but make still reads the makefiles (`$(shell ...)` runs while it does, and
    `+`/`$(MAKE)` recipe lines run even under -n)."""
    file, directories, targets, overrides, dry = None, [], [], {}, False
    i = 0
    while i < len(args):
        a = args[i]
        name, eq, value = a.partition("=")
        if a in MAKE_INFO or name in MAKE_INFO:
            return None
        if a in MAKE_NOTHING or name in MAKE_NOTHING:
            dry = True
            i += 1
            continue
        if a.startswith("-") and not a.startswith("--") and len(a) > 2 and a[1] in "fCjlWIo":
            name, value, eq = a[:2], a[2:], "="
        if name in MAKE_VALUES:
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            if name in ("-f", "--file", "--makefile"):
                file = value
            elif name in ("-C", "--directory"):
                directories.append(value)
            i += 1 if eq else 2
            continue
        if a.startswith("-"):
            if not a.startswith("--") and any(c in a[1:] for c in "nqp"):
                dry = True  # -n in a cluster (-sn): prints, runs no ordinary recipe line
            i += 1
            continue
        if eq and re.fullmatch(r"[A-Za-z_][\w.]*", name):
            overrides[name] = value
        else:
            targets.append(a)
        i += 1
    return file, directories, targets, overrides, dry


def _recipes():
    from agentsh.engine import recipes  # the recipe readers, loaded when a task runner runs

    return recipes


def package_binary(spec: str, bins: dict | None = None) -> str:
    """A package spec as the binary it runs: `rimraf@5` -> `rimraf`, `@scope/tool@1` ->
    `tool`, `black==23.1` -> `black`, `npm:del-cli` -> `del-cli`. A package whose binary has
    another name is looked up in `bins` (`firebase-tools` -> `firebase`); a scoped package named
    `cli` runs its scope's name (`@railway/cli` -> `railway`)."""
    if spec.startswith(("npm:", "jsr:")):
        spec = spec[4:]
    spec = VERSION.sub("", spec)
    if bins and spec in bins:
        return str(bins[spec])
    if spec.startswith("@") and "/" in spec:
        scope, _, name = spec[1:].partition("/")
        return scope if name == "cli" and scope else name
    return spec


def _surely_function(cmd) -> bool:
    """`del "$k"` where the line's own text surely defined a function `del` before, on every
    way there (`flowstate.State.sure_functions`), and nothing stands between the call and the
    shell (no `command`, `env`, `xargs`, `sudo`...): bash runs the function, whose body is
    checked as code, not the program of that name."""
    state = cmd.flow
    word = cmd.words[0]
    # at the top, or straight in a child shell's own code (`bash script ./x.sub`, `bash -c`),
    # whose text defined it (its own state): never behind a wrapper (`sudo`, `command`)
    shell = not cmd.via or cmd.via[-1].split(" ", 1)[0] in _OWN_SHELLS
    return shell and word.literal and word.raw == word.text and \
        "/" not in word.text and state is not None and \
        word.text in getattr(state, "sure_functions", ())


_OWN_SHELLS = frozenset(("bash", "sh", "dash", "agentsh"))
