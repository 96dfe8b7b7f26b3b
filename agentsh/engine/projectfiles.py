"""Project files a tool runs without being told: git's hooks (`git commit` runs
`.git/hooks/pre-commit`), pytest's `conftest.py`, the `setup.py` pip builds, nox's `noxfile.py`,
direnv's `.envrc`.

A blocked agent that may not run `rm -rf data` can write it into `.git/hooks/pre-commit` (or a
`conftest.py`) in one command and run `git commit` (or `pytest`) in the next. Each reader here
turns the files a command would run into shell text the unwrapper checks like any other: a hook
as the script it is (its `#!` names the language), a Python file as an import of it (`python3 -c
'import conftest'`), so the code analyzer reads it as a project module (`domains/code/imports.py`:
judged by the effects whose target it names itself, since pytest fixtures and setup commands
take their paths from their caller). Pure: files come through `read`, as the line left them."""

from __future__ import annotations

import posixpath
import re

from agentsh.engine.lazyre import later

# git subcommand -> the hooks it may run (githooks(5)); `--no-verify`/`-n` skips the marked ones
GIT_HOOKS = {
    "commit": ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit",
               "post-rewrite"),
    "merge": ("pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-merge"),
    "pull": ("pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-merge",
             "post-checkout", "post-rewrite", "pre-rebase"),
    "rebase": ("pre-rebase", "post-rewrite", "post-checkout", "pre-commit", "commit-msg"),
    "checkout": ("post-checkout",), "switch": ("post-checkout",), "clone": (),
    "push": ("pre-push", "reference-transaction"), "am": ("applypatch-msg", "pre-applypatch",
                                                         "post-applypatch", "pre-commit"),
    "cherry-pick": ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"),
    "revert": ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"),
    "gc": ("pre-auto-gc",), "worktree": ("post-checkout",), "stash": ("post-checkout",),
    "reset": ("post-checkout", "reference-transaction"), "restore": ("post-checkout",),
    "tag": ("reference-transaction",), "branch": ("reference-transaction",),
    "fetch": ("reference-transaction",), "update-ref": ("reference-transaction",),
}
NO_VERIFY_SKIPS = frozenset(("pre-commit", "commit-msg", "pre-push", "pre-merge-commit",
                             "applypatch-msg", "pre-applypatch"))
GIT_VALUES = frozenset(("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path",
                        "--config-env"))
MAX_UP = 8  # folders above the working directory searched for the repository
SHELLS = ("sh", "bash", "dash", "zsh", "ksh")


class World:
    """What the readers see of the files a command would run: `read(path)` (relative to where
    it runs, or None), `env(name)` (the value as the command sees it, or None), `glob(pattern)`
    (names, at most 64; None when the files are not known) and `present(path)` (a regular file
    is there, though `read` gave nothing: too big, binary or unreadable)."""

    __slots__ = ("read", "env", "glob", "present", "params", "unread", "many", "unknown",
                 "dynamic", "written", "overwritten", "listed", "known", "shared")

    def __init__(self, read, env=None, glob=None, present=None, params=None,
                 unknown=None, written=(), listed=(), shared: dict | None = None) -> None:
        self.read = read
        # path -> (its text, there but unreadable), shared by the commands of a line that see
        # the same files from the same folder (`git status && git diff` climb to the same
        # repository and read the same config files); None: this command's own reads only
        self.shared = shared
        # paths (as read: relative to where the command runs, or absolute) the same line wrote
        # with content agentsh cannot know (`curl -s URL > conftest.py`): what they hold is
        # unknown code, left in `overwritten` when a reader would load them
        self.written = frozenset(written)
        self.listed = frozenset(listed) | self.written  # every file the line wrote or moved
        self.overwritten: list[str] = []
        self.unknown = unknown or (lambda name: False)  # the variable is set, only known at run time
        self.dynamic = False  # some word of the command is only known at run time
        self.params = params or {}  # `[analyzer.exec]`: git_setting_runs, git_command_keys
        self.env = env or (lambda name: None)
        self.glob = glob or (lambda pattern: None)
        self.present = present or (lambda path: False)
        self.unread: list[str] = []  # files there that could not be read
        self.many: list[str] = []  # patterns that matched more files than are read
        # what was read or derived once for this command (`once`): a file's text by its path,
        # git's settings under GIT_CONFIG
        self.known: dict = {}

    def once(self, key, make):
        """`make()`, made once for this command: git's hooks and settings readers both look
        for the repository (up to MAX_UP folders up) and read its config files."""
        if key in self.known:
            return self.known[key]
        value = self.known[key] = make()
        return value

    def text(self, path: str) -> str | None:
        path = posixpath.normpath(path)
        if path in self.written:
            if path not in self.overwritten:
                self.overwritten.append(path)
            return None
        return self.once(path, lambda: self._read(path))

    def _read(self, path: str) -> str | None:
        shared = self.shared
        if shared is not None and path in shared:
            text, unreadable = shared[path]
        else:
            text = self.read(path)
            unreadable = text is None and self.present(path)
            if shared is not None and not path.startswith("~") and "$" not in path:
                shared[path] = (text, unreadable)  # `~` and `$` depend on more than the files
        if unreadable and path not in self.unread:
            self.unread.append(path)
        return text

    def files(self, pattern: str) -> list[str]:
        if not any(c in pattern for c in "*?["):
            return [pattern]
        pattern = posixpath.normpath(pattern)
        found = self.glob(pattern)
        if self.listed:  # files the line wrote or moved are not listed by the world's glob
            found = (found or []) + [p for p in sorted(self.listed) if p not in (found or ())
                                     and not p.startswith("/") and _matches(p, pattern)]
        if found is None:
            return []
        if len(found) > MAX_GLOB:
            self.many.append(pattern)
        return found[:MAX_GLOB]


MAX_GLOB = 48  # files one pattern of the table reads (`tests/test_*.py`)


def _matches(path: str, pattern: str) -> bool:
    """Whether bash's expansion of `pattern` may name `path` (component by component)."""
    from agentsh.engine.globs import match

    names, parts = path.split("/"), pattern.split("/")
    return len(names) == len(parts) and all(match(n, p) for n, p in zip(names, parts, strict=True))


def codes(cmd, read, table: dict | None = None, world: World | None = None, more=None
          ) -> list[tuple[str, str]]:
    """(shell text, label) of the project files `cmd` runs (`table`: `[analyzer.exec.
    project_files]`, "PROGRAM [SUB ...]" = ["KIND:PATH", ...]); `read(path)` gives a file's
    text (relative to where the command runs) or None. Files that are there but cannot be read
    are left in `world.unread`."""
    if not cmd.words or not cmd.words[0].literal:
        return []
    world = world or World(read)
    prog = program_name(cmd.program)
    words = [w.text for w in cmd.words[1:]]
    world.dynamic = not all(w.literal for w in cmd.words[1:])
    out: list[tuple[str, str]] = []
    for key, entries in (table if table is not None else DEFAULT_TABLE).items():
        head, *sub = key.split()
        if head != prog or words[:len(sub)] != sub or not all(
                w.literal for w in cmd.words[1:1 + len(sub)]):
            continue
        rest = words[len(sub):]
        for entry in entries:
            kind, _, path = entry.partition(":")
            reader = READERS.get(kind)
            if reader is None and more is not None:
                reader = more(kind)
            if reader is not None:
                out += reader(path, rest, world, f"{key}")
    seen: set[str] = set()  # the same command found twice (`.rspec` requires a helper the
    # table names too) is checked once
    return [c for c in out if not (c[0] in seen or seen.add(c[0]))]


def program_name(program: str) -> str:
    """`python3.12` and `/usr/bin/python3` are `python`: the table names the family."""
    name = program.rsplit("/", 1)[-1]
    return "python" if name.startswith("python") and not name[6:].strip("0123456789.") else name


def operands(words: list[str]) -> list[str]:
    """The words that are no option (an option's value is an operand too: `-S src`)."""
    return [w for w in words if not w.startswith("-") and w not in ("--",)][:8]


def paths_of(pattern: str, words: list[str]) -> list[str]:
    """`{*}` is each operand, `{1}` the first, `{path}` each path-like operand (`.`, `./x`,
    `-e X`); a pattern without them is itself."""
    if "{" not in pattern:
        return [pattern]
    ops = operands(words)
    if "{1}" in pattern:
        values = ops[:1]
        token = "{1}"
    elif "{path}" in pattern:
        values = [w for k, w in enumerate(words) if w in (".", "./") or (
            w.startswith(("./", "../", "/")) and not w.endswith((".whl", ".gz", ".zip", ".txt"))) or
            (k and words[k - 1] in ("-e", "--editable") and not w.startswith("-"))][:4]
        token = "{path}"
    else:
        values, token = ops, "{*}"
    out = []
    for value in values:
        value = value.split("::", 1)[0].rstrip("/") or "/"
        if value.endswith("/..."):  # go's `./...`: the folder and those below it
            base = value[:-4] or "."
            out += [pattern.replace(token, base), pattern.replace(token, base + "/*")]
        else:
            out.append(pattern.replace(token, value))
    return out


# ---------------------------------------------------------------- readers, one per kind


def _python(pattern, words, world, key):
    """Python files the tool imports (`tasks.py`, `noxfile.py`, `docs/conf.py`)."""
    names = [name for path in paths_of(pattern, words) for name in world.files(path)
             if name.endswith(".py")]
    if any(c in pattern for c in "*?["):  # many files (unittest's test*.py): the same bound
        names = test_modules(names, world)
    return _modules([n for n in names if world.text(n) is not None], f"{key} loads")


def _script(pattern, words, world, key):
    """A Python file the tool runs as the program (`uv run main.py`): `python3 FILE`."""
    out = []
    for path in paths_of(pattern, words):
        if path.endswith(".py") and world.text(path) is not None:
            out.append((f"python3 '{posixpath.normpath(path)}'", f"{key} runs {path}"))
    return out


def _shell(pattern, words, world, key):
    out = []
    for path in paths_of(pattern, words):
        for name in world.files(path):
            text = world.text(name)
            if text:
                out.append((_as_shell(text), f"{key} runs {name}"))
    return out


GO_GENERATE = later(r"(?m)^//go:generate[ \t]+(.+)$")


def _go_generate(pattern, words, world, key):
    """`//go:generate CMD` lines: go generate runs each CMD (words split as the shell would)."""
    out = []
    for path in paths_of(pattern, words):
        for name in world.files(path):
            text = world.text(name)
            for m in GO_GENERATE.finditer(text or ""):
                line = m.group(1).strip()
                if line.startswith("-command "):
                    continue
                out.append((line, f"{key} runs //go:generate in {name}"))
    return out


def _pre_commit(pattern, words, world, key):
    """pre-commit's `repo: local` hooks (and `meta`): each `entry` with its `args`, run as a
    program (`language: system`/`script`/`unsupported`...) or through Python/Node."""
    import shlex

    from agentsh.engine.recipes import mini_yaml

    out = []
    for path in paths_of(pattern, words):
        text = world.text(path)
        if not text:
            continue
        try:
            data = mini_yaml(text)
        except Exception:  # unreadable YAML: the entries are read as lines instead
            data = {"repos": [{"repo": "local", "hooks": [
                {"entry": e} for e in re.findall(r"(?m)^\s*-?\s*entry:\s*(.+)$", text)]}]}
        for repo in (data or {}).get("repos", []) if isinstance(data, dict) else []:
            if not isinstance(repo, dict) or repo.get("repo") not in ("local", "meta"):
                continue
            for hook in repo.get("hooks", []) or []:
                if not isinstance(hook, dict) or not isinstance(hook.get("entry"), str):
                    continue
                args = hook.get("args") if isinstance(hook.get("args"), list) else []
                entry = hook["entry"]
                if hook.get("language") in ("script",) and "/" not in entry.split()[0]:
                    entry = "./" + entry
                text_ = " ".join([entry] + [shlex.quote(str(a)) for a in args])
                out.append((text_, f"{key} runs the local hook {hook.get('id', '?')} of {path}"))
    return out


def _mkdocs(pattern, words, world, key):
    """mkdocs' `hooks:` (Python files it imports before building)."""
    from agentsh.engine.recipes import mini_yaml

    out = []
    for path in paths_of(pattern, words):
        text = world.text(path)
        if not text or "hooks" not in text:
            continue
        try:
            data = mini_yaml(text)
        except Exception:
            data = None
        hooks = data.get("hooks") if isinstance(data, dict) else None
        if not isinstance(hooks, list):
            hooks = re.findall(r"(?m)^\s*-\s*(\S+\.py)\s*$", text)
        folder = posixpath.dirname(path)
        for hook in hooks[:16]:
            if isinstance(hook, str) and hook.endswith(".py"):
                name = posixpath.join(folder, hook)
                if world.text(name) is not None:
                    out += _modules([name], f"{key} loads the hook")
    return out


BACKEND_PATH = later(r"(?ms)^\[build-system\](.*?)(?=^\[|\Z)")


def _build_backend(pattern, words, world, key):
    """pyproject's in-tree build backend (`backend-path = ["_build"]`, `build-backend =
    "backend"`): the build imports `_build/backend.py` from the project."""
    out = []
    for path in paths_of(pattern, words):
        text = world.text(path)
        section = BACKEND_PATH.search(text or "")
        if not section:
            continue
        body = section.group(1)
        backend = re.search(r'(?m)^\s*build-backend\s*=\s*["\']([\w.]+)', body)
        where = re.search(r"(?ms)^\s*backend-path\s*=\s*\[(.*?)\]", body)
        if not backend or not where:
            continue
        module = backend.group(1).split(":")[0].replace(".", "/")
        folder = posixpath.dirname(path)
        for entry in re.findall(r'["\']([^"\']*)["\']', where.group(1))[:4]:
            for name in (f"{module}.py", f"{module}/__init__.py"):
                file = posixpath.normpath(posixpath.join(folder, entry, name))
                if world.text(file) is not None:
                    out += _modules([file], f"{key} builds with the backend")
    return out


def _setup(pattern, words, world, key):
    """`setup.py` of the projects pip is told to build (`pip install .`, `-e DIR`)."""
    out = []
    for path in paths_of(pattern, words):
        if world.text(path) is not None:
            out += _modules([path], f"{key} builds the project with")
    return out[:4]


def _git(pattern, words, world, key):
    return git_hooks(words, world.text, world) + git_settings(words, world)


def _envrc(pattern, words, world, key):
    if words[:1] not in (["allow"], ["exec"], ["reload"], ["permit"]):
        return []
    folder = words[1] if len(words) > 1 and words[0] != "reload" else "."
    text = world.text(posixpath.join(folder, ".envrc"))
    return [(text, f"direnv runs {folder}/.envrc")] if text else []


def _pytest(pattern, words, world, key):
    return _modules(pytest_files(words, world), "pytest loads")


READERS = {"python": _python, "script": _script, "shell": _shell, "go-generate": _go_generate,
           "pre-commit": _pre_commit, "mkdocs": _mkdocs, "build-backend": _build_backend,
           "setup": _setup, "git": _git, "envrc": _envrc, "pytest": _pytest}
# the build tools' readers (cmake, rust, cargo, js-config, ruby, rspec-options, gradle, maven,
# nox) are in `engine.buildfiles`, imported only when a table entry names one of them (never
# on `git status`'s path): `codes(..., more=...)` looks them up
# the table when no policy gives one (tests of this module): rules.toml holds the real one
DEFAULT_TABLE = {"git": ["git"], "pytest": ["pytest"], "py.test": ["pytest"],
                 "python -m pytest": ["pytest"], "nox": ["python:noxfile.py"],
                 "direnv": ["envrc"], "pip install": ["setup:{path}/setup.py"],
                 "pip3 install": ["setup:{path}/setup.py"],
                 "python -m pip install": ["setup:{path}/setup.py"],
                 "uv pip install": ["setup:{path}/setup.py"]}


def _git_leading(words: list[str], git_dir: str | None) -> tuple[int, str, str | None, str | None]:
    """git's own options before the subcommand: (the subcommand's index, the directory `-C`
    makes, the git directory `--git-dir` names (else `git_dir`), a `-c core.hooksPath=`)."""
    i, directory, hooks_path = 0, ".", None
    while i < len(words) and words[i].startswith("-"):
        name, eq, value = words[i].partition("=")
        if name in GIT_VALUES and not eq:
            value = words[i + 1] if i + 1 < len(words) else ""
            i += 1
        if name == "-C":
            directory = posixpath.join(directory, value)
        elif name == "--git-dir":
            git_dir = value
        elif name == "-c" and value.lower().startswith("core.hookspath="):
            hooks_path = value.split("=", 1)[1]
        i += 1
    return i, directory, git_dir, hooks_path


def git_hooks(words: list[str], read, world: World | None = None) -> list[tuple[str, str]]:
    i, directory, git_dir, hooks_path = _git_leading(
        words, world.env("GIT_DIR") if world is not None else None)
    if i >= len(words):
        return []
    sub, rest = words[i], words[i + 1:]
    hooks = GIT_HOOKS.get(sub)
    if not hooks:
        return []
    if "--no-verify" in rest or (sub == "commit" and any(
            w.startswith("-") and not w.startswith("--") and "n" in w[1:] for w in rest)):
        hooks = tuple(h for h in hooks if h not in NO_VERIFY_SKIPS)
    found = _hooks_folder(directory, git_dir, hooks_path, read)
    if found is None:
        return []
    folder, root = found
    if world is not None and hooks_path is None:
        config = posixpath.normpath(posixpath.join(
            git_dir if git_dir is not None else posixpath.join(root, ".git"), "config"))
        if config in world.written or any(w.endswith("/" + config) or w == config
                                          for w in world.written if w.endswith("/config")):
            # the line changed the repository's config first with content not known here
            # (`git config core.hooksPath hk && ... && git commit`): which hooks run is not
            # known, so they are code agentsh cannot read
            world.overwritten.append(f"{config} (core.hooksPath set earlier in the line)")
            return []
    hooks_folders = [folder]
    if world is not None and hooks_path is None:
        # `core.hooksPath` set in the global, XDG, system or an included file (`git config
        # --global core.hooksPath DIR`): git takes the last one it reads; each is read
        for _, key, value in git_config(directory, git_dir, world):
            if key == "core.hookspath" and value:
                home = world.env("HOME")
                value = home + value[1:] if value.startswith("~/") and home else value
                hooks_folders.append(posixpath.normpath(posixpath.join(root, value)))
    # husky (v9) points git at `.husky/_`, whose stubs run the person's `.husky/HOOK`
    folders = []
    for folder in dict.fromkeys(hooks_folders):
        folders += [folder, posixpath.dirname(folder)] if folder.endswith("/_") else [folder]
    out = []
    for hook in hooks:
        for where in folders:
            path = posixpath.normpath(posixpath.join(where, hook))
            text = read(path)
            if text:
                out.append((_as_shell(text), f"git {sub} runs the hook {path}"))
                if "pre-commit" in text or "pre_commit" in text:  # pre-commit's own hook runs
                    # the hooks its configuration names (`repo: local` ones are the project's)
                    config = posixpath.join(root, ".pre-commit-config.yaml")
                    out += _pre_commit(config, [], world or World(read), f"git {sub}")
    return out


def _hooks_folder(directory: str, git_dir: str | None, hooks_path: str | None, read):
    """(the hooks folder, the work tree's root) for a repository at or above `directory`."""
    if git_dir is None:
        for up in range(MAX_UP):
            base = posixpath.normpath(posixpath.join(directory, *([".."] * up)))
            head = read(posixpath.join(base, ".git", "HEAD"))
            if head is not None:
                git_dir, root = posixpath.join(base, ".git"), base
                break
            link = read(posixpath.join(base, ".git"))
            if link is not None and link.startswith("gitdir:"):
                target = link.split(":", 1)[1].strip()
                git_dir, root = posixpath.normpath(posixpath.join(base, target)), base
                common = read(posixpath.join(git_dir, "commondir"))
                if common:
                    git_dir = posixpath.normpath(posixpath.join(git_dir, common.strip()))
                break
        else:
            return None
    else:
        root = directory
    if hooks_path is None:
        hooks_path = _config_hooks_path(read(posixpath.join(git_dir, "config")) or "")
    if hooks_path:
        return posixpath.normpath(posixpath.join(root, hooks_path)), root
    return posixpath.join(git_dir, "hooks"), root


def _config_hooks_path(config: str) -> str | None:
    """`[core] hooksPath = X` in a repository's config (husky sets `.husky/_`)."""
    section = ""
    for line in config.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]").split()[0].lower() if line.strip("[]") else ""
        elif section == "core" and "=" in line:
            key, _, value = line.partition("=")
            if key.strip().lower() == "hookspath":
                return value.strip().strip('"')
    return None


def _as_shell(text: str) -> str:
    """A hook as shell text, run by the program its `#!` line names."""
    from agentsh.engine.recipes import as_shell, shebang_program

    interpreter = shebang_program(text)
    if interpreter in SHELLS:
        return text
    return as_shell(interpreter, text.split("\n", 1)[1] if "\n" in text else "")


def _conftests(words: list[str], read) -> list[str]:
    """`conftest.py` files pytest loads: in the working directory and its `tests`/`test`
    folders, and in the folders of the paths it is given (and their parents up to here)."""
    folders = ["", "tests", "test"]
    for word in words:
        if word.startswith("-") or "::" in word and not word.split("::")[0]:
            continue
        path = word.split("::", 1)[0]
        folder = path if not path.endswith(".py") else posixpath.dirname(path)
        while folder and folder not in folders and not folder.startswith(("/", "..")):
            folders.append(folder)
            folder = posixpath.dirname(folder)
    out = []
    for folder in folders[:12]:
        path = posixpath.join(folder, "conftest.py") if folder else "conftest.py"
        if read(path) is not None:
            out.append(path)
    return out


def _setup_py(words: list[str], read) -> list[str]:
    """`pip install .`/`-e .`/`pip wheel DIR`/`uv pip install -e .`: the project's setup.py."""
    if "install" not in words and "wheel" not in words and "download" not in words:
        return []
    out = []
    for k, word in enumerate(words):
        if word in (".", "./") or (word.startswith(("./", "../", "/")) and not word.endswith(
                (".whl", ".tar.gz", ".zip", ".txt"))) or (k and words[k - 1] in ("-e", "--editable")):
            path = posixpath.join(word, "setup.py")
            if read(path) is not None:
                out.append(path)
    return out[:4]


def _modules(paths: list[str], label: str) -> list[tuple[str, str]]:
    """Python files as imports of them, run where they are (`cd D && python3 -c 'import M'`)."""
    out = []
    for path in paths:
        path = posixpath.normpath(path)
        folder, name = posixpath.split(path)
        module = name[:-3]
        if not module.isidentifier():
            continue
        text = f"python3 -c 'import {module}'"
        if folder:
            text = f"cd '{folder}' && {text}"
        out.append((text, f"{label} {path}"))
    return out


# ---------------------------------------------------------------- pytest

PYTEST_CONFIGS = (("pytest.ini", "pytest"), (".pytest.ini", "pytest"),
                  ("pyproject.toml", "tool.pytest.ini_options"), ("tox.ini", "pytest"),
                  ("setup.cfg", "tool:pytest"))
PYTEST_VALUES = frozenset("-p -k -m -c -o --rootdir --confcutdir --basetemp --deselect --ignore "
                          "--ignore-glob --junitxml --junit-xml --log-file --cov --cov-report "
                          "--tb -W --maxfail --durations -n --dist --override-ini "
                          "--import-mode --capture --log-level -r".split())
QUOTED = later(r"[\"']([^\"']+)[\"']")
PYTEST_PLUGINS_VAR = later(r"(?m)^pytest_plugins\s*(?::[^=]*)?=\s*"
                           r"(\[[^\]]*\]|\([^)]*\)|[\"'][^\"']*[\"'])")
MAX_TEST_MODULES = 4  # test modules analyzed (each with the project modules it imports: ~30-70 ms)
MAX_TEST_FILES = 64  # test modules looked at for words that could do harm


def pytest_files(words: list[str], world: World) -> list[str]:
    """The Python files `pytest WORDS` imports: `conftest.py` on the way to what it collects,
    the plugins it is told to load (`-p NAME`, PYTEST_PLUGINS, the same in `addopts`) and the
    test modules it collects (`python_files`, default `test_*.py`/`*_test.py`, under the paths
    it is given or `testpaths`, else here)."""
    import shlex

    options = _pytest_ini(world)
    for name in ("PYTEST_PLUGINS", "PYTEST_ADDOPTS"):
        if world.unknown(name):
            world.unread.append(f"${name} (only known at run time)")
    if world.dynamic:
        world.many.append("test paths only known at run time")
    try:
        added = shlex.split(options.get("addopts", "")) + \
            shlex.split(world.env("PYTEST_ADDOPTS") or "")
    except ValueError:
        added = []
    args = added + words
    plugins = [p.strip() for p in (world.env("PYTEST_PLUGINS") or "").split(",") if p.strip()]
    paths: list[str] = []
    k = 0
    while k < len(args):
        word = args[k]
        if word == "-p" and k + 1 < len(args):
            plugins.append(args[k + 1])
            k += 2
            continue
        if word.startswith("-p") and len(word) > 2 and not word.startswith("--"):
            plugins.append(word[2:])
        elif word in PYTEST_VALUES:
            k += 1
        elif not word.startswith("-"):
            paths.append(word.split("::", 1)[0])
        k += 1
    out = _conftests(paths, world.text)
    for conftest in out:  # `pytest_plugins = ["helpers.db"]` in a conftest loads those too
        for m in PYTEST_PLUGINS_VAR.finditer(world.text(conftest) or ""):
            plugins += QUOTED.findall(m.group(1))[:8]
    for plugin in plugins[:16]:
        if plugin.startswith("no:") or not plugin.replace(".", "_").isidentifier():
            continue
        base = plugin.replace(".", "/")
        for name in (f"{base}.py", f"{base}/__init__.py"):
            if world.text(name) is not None:
                out.append(name)
                break
    patterns = options.get("python_files", "").split() or ["test_*.py", "*_test.py"]
    roots = paths or options.get("testpaths", "").split() or ["."]
    modules: list[str] = []
    for root in roots[:8]:
        if root.endswith(".py"):
            modules.append(root)
            continue
        for depth in range(4):
            for pattern in patterns[:4]:
                if "/" in pattern or pattern.startswith("."):
                    continue
                modules += world.files(posixpath.join(root, *(["*"] * depth), pattern))
    modules = [m for m in dict.fromkeys(posixpath.normpath(m) for m in modules)
               if "/." not in "/" + m and "node_modules/" not in m]
    return list(dict.fromkeys(out + test_modules(modules, world)))


def test_modules(modules: list[str], world: World) -> list[str]:
    """The test modules read, at most MAX_TEST_MODULES: those with words that could do harm
    first (a module's own imports are followed by the code analyzer); more is CODE011."""
    from agentsh.engine.domains.code.semantics import may_do_harm

    texts = [(name, world.text(name)) for name in modules[:MAX_TEST_FILES]]
    harmful = [name for name, text in texts if text and may_do_harm(text)]
    rest = [name for name, text in texts if text is not None and name not in harmful]
    if len(modules) > MAX_TEST_FILES or len(harmful) + len(rest) > MAX_TEST_MODULES:
        world.many.append("test modules")
    return (harmful + rest)[:MAX_TEST_MODULES]


def _pytest_ini(world: World) -> dict[str, str]:
    """pytest's options from the first of its configuration files that has its section."""
    for name, section in PYTEST_CONFIGS:
        text = world.text(name)
        if not text:
            continue
        found = _ini_section(text, section)
        if found is not None:
            return found
    return {}


def _ini_section(text: str, section: str) -> dict[str, str] | None:
    """KEY = VALUE (continued on indented lines; a TOML list's strings joined by spaces) of
    `[section]`, or None when the text has no such section."""
    out: dict[str, str] | None = None
    key = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and not (key and out is not None and line[:1].isspace()):
            inside = stripped.strip("[]").strip().strip('"')
            out = {} if inside == section else (out if out and out.get("\0done") else None)
            if out is not None and inside != section:
                out["\0done"] = "1"
            key = ""
            continue
        if out is None or out.get("\0done") or not stripped or stripped.startswith(("#", ";")):
            continue
        if "=" in line and not line[:1].isspace():
            key, _, value = line.partition("=")
            key = key.strip()
            out[key] = value.strip()
        elif key and line[:1].isspace():
            out[key] = out[key] + " " + stripped
    if out is None:
        return None
    out.pop("\0done", None)
    for key, value in out.items():
        if value.startswith(("[", '"', "'")):
            strings = re.findall(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'', value)
            out[key] = " ".join(a or b for a, b in strings)
    return out


# ---------------------------------------------------------------- git settings


def git_settings(words: list[str], world: World) -> list[tuple[str, str]]:
    """The commands git settings hold that `git SUB` runs (`core.fsmonitor` on `git status`,
    `diff.X.textconv` on `git diff`, `core.sshCommand` on `git fetch`): read from the config
    files git reads (the repository's `.git/config` as GIT_DIR, `-C` and worktrees find it,
    `$GIT_CONFIG_GLOBAL` or `~/.gitconfig` and `$XDG_CONFIG_HOME/git/config`,
    `$GIT_CONFIG_SYSTEM`, and the files they include). A setting counts when it holds a
    command (`[analyzer.exec] git_command_keys`); `[analyzer.exec.git_setting_runs]` says which
    subcommands run it (KEY pattern = subcommands, `*` every one; a command key it does not
    name: every one)."""
    table = world.params.get("git_setting_runs", GIT_SETTING_RUNS)
    keys = world.params.get("git_command_keys", tuple(GIT_SETTING_RUNS))
    i, directory, git_dir, _ = _git_leading(words, world.env("GIT_DIR"))
    if i >= len(words):
        return []
    sub = words[i]
    out: list[tuple[str, str]] = []
    by_section: dict[str, list[str]] = {}
    for pattern in keys:
        by_section.setdefault(pattern.split(".", 1)[0], []).append(pattern)
    for path, key, value in git_config(directory, git_dir, world):
        patterns = by_section.get(key.split(".", 1)[0])
        if not patterns or not any(wild(key, p) for p in patterns):
            continue
        runs = table.get(key) or next(
            (subs for pattern, subs in table.items() if wild(key, pattern)), ["*"])
        if not ("*" in runs or sub in runs):
            continue
        if not value.strip():
            continue  # an empty value resets a list (`helper =`): nothing runs
        if key.endswith(".helper") and not value.startswith("!") and "/" not in value.split()[0]:
            continue  # a credential helper by name: git runs its own git-credential-NAME
        if key == "core.fsmonitor" and value.lower() in ("true", "false", "yes", "no", "on",
                                                         "off", "1", "0", ""):
            continue  # git's own daemon
        out.append((value[1:] if value.startswith("!") else value,
                    f"git {sub} runs the setting {key} of {path}"))
    return out[:16]


GIT_CONFIG = ("git config",)  # `World.once`'s key of git's settings (a file's is its path)


def git_config(directory: str, git_dir: str | None, world: World) -> list[tuple[str, str, str]]:
    """(file, key, value) of every setting in the config files git reads, read once per command
    (the hooks and the settings readers share it)."""
    return world.once(GIT_CONFIG, lambda: _git_config(directory, git_dir, world))


def _git_config(directory: str, git_dir: str | None, world: World) -> list[tuple[str, str, str]]:
    files: list[str] = []
    if git_dir:
        files.append(posixpath.join(directory, git_dir, "config"))
    else:
        found = _repository(directory, world.text)
        if found:
            files.append(posixpath.join(found, "config"))
    for name in ("GIT_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "XDG_CONFIG_HOME"):
        if world.unknown(name):
            world.unread.append(f"${name} (only known at run time)")
    home = world.env("HOME")
    globals_ = [world.env("GIT_CONFIG_GLOBAL")] if world.env("GIT_CONFIG_GLOBAL") else [
        f"{home}/.gitconfig" if home else None,
        f"{world.env('XDG_CONFIG_HOME') or (home and home + '/.config')}/git/config"
        if world.env("XDG_CONFIG_HOME") or home else None]
    files += [f for f in globals_ + [world.env("GIT_CONFIG_SYSTEM")] if f]
    return _config_settings(files, world)


def wild(text: str, pattern: str) -> bool:
    """`pattern`'s `*` stands for any run of characters (without `fnmatch`, which brings `re` and
    `functools` onto `git status`'s path)."""
    parts = pattern.split("*")
    if len(parts) == 1:
        return text == pattern
    if not text.startswith(parts[0]) or not text.endswith(parts[-1]) or \
            len(text) < len(parts[0]) + len(parts[-1]):
        return False
    at, end = len(parts[0]), len(text) - len(parts[-1])
    for part in parts[1:-1]:
        found = text.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True


def config_pairs(text: str) -> list[tuple[str, str]]:
    """(section[.subsection].key lowercased, value) of a git config file, with string methods
    (`embedded._config_file_pairs` compiles regexes, which `git status` must not pay for)."""
    out, section = [], ""
    for line in text.replace("\\\r\n", "").replace("\\\n", "").splitlines():  # continued lines
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            head = line[1:line.find("]")] if "]" in line else ""
            name, _, sub = head.strip().partition(" ")
            sub = sub.strip()
            if sub.startswith('"') and sub.endswith('"') and len(sub) >= 2:
                section = f"{name}.{sub[1:-1]}"
            else:  # `[section.sub]` (old style; git lowercases only the section part)
                section = name
            rest = line[line.find("]") + 1:].strip() if "]" in line else ""
            if not rest or "=" not in rest:
                continue
            line = rest
        if not section:
            continue
        key, eq, value = line.partition("=")
        key = key.strip()
        if not key or not (key.replace("-", "").isalnum()):
            continue
        value = "true" if not eq else config_value(value) if QUOTING.intersection(value) else \
            value.strip()
        name, dot, sub = section.partition(".")
        out.append((f"{name.lower()}{dot}{sub}.{key.lower()}".lower() if not sub else
                    f"{name.lower()}.{sub}.{key.lower()}", value))
    return out


QUOTING = frozenset('"\\;#')


def config_value(raw: str) -> str:
    """A value as git reads it: double quotes removed wherever they are, `\\n`/`\\t`/`\\"`/
    `\\\\` escapes, and a `;` or `#` outside quotes starting a comment."""
    out, quoted, i = [], False, 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            out.append({"n": "\n", "t": "\t", "b": "\b"}.get(raw[i + 1], raw[i + 1]))
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c in ";#" and not quoted:
            break
        else:
            out.append(c)
        i += 1
    return "".join(out).strip()


def _repository(directory: str, read) -> str | None:
    """The git folder of the repository at or above `directory` (a worktree's own folder)."""
    for up in range(MAX_UP):
        base = posixpath.normpath(posixpath.join(directory, *([".."] * up)))
        if read(posixpath.join(base, ".git", "HEAD")) is not None:
            return posixpath.join(base, ".git")
        link = read(posixpath.join(base, ".git"))
        if link is not None and link.startswith("gitdir:"):
            return posixpath.normpath(posixpath.join(base, link.split(":", 1)[1].strip()))
    return None


def _config_settings(files: list[str], world: World) -> list[tuple[str, str, str]]:
    """(file, key, value) of every setting in `files` and what they include (three deep; an
    `includeIf` is followed whatever its condition: it may hold)."""
    out: list[tuple[str, str, str]] = []
    todo = [(path, 0) for path in files]
    seen: set[str] = set()
    while todo and len(seen) < 12:
        path, depth = todo.pop(0)
        path = posixpath.normpath(path)
        if path in seen:
            continue
        seen.add(path)
        text = world.text(path)
        if not text:
            continue
        for key, value in config_pairs(text):
            if key == "include.path" or (key.startswith("includeif.") and key.endswith(".path")):
                if depth < 3 and value:
                    home = world.env("HOME") or "~"
                    value = home + value[1:] if value.startswith("~/") else value
                    todo.append((value if value.startswith("/") else
                                 posixpath.join(posixpath.dirname(path), value), depth + 1))
                continue
            out.append((path, key, value))
    return out


# git setting -> the subcommands that run the command it holds (rules.toml's
# `[analyzer.exec.git_setting_runs]` is the real table; this one serves the module's own tests)
GIT_SETTING_RUNS = {"core.fsmonitor": ["status", "diff", "add", "commit"],
                    "core.sshcommand": ["fetch", "pull", "push", "clone"]}
