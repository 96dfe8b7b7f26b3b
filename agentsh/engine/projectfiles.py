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


def codes(cmd, read) -> list[tuple[str, str]]:
    """(shell text, label) of the project files `cmd` runs; `read(path)` gives a file's text
    (relative to where the command runs) or None."""
    prog = cmd.program.rsplit("/", 1)[-1]
    words = [w.text for w in cmd.words[1:]]
    if not all(w.literal for w in cmd.words[:2]):
        return []
    given = read

    def read(path: str) -> str | None:
        return given(posixpath.normpath(path))

    if prog == "git":
        return git_hooks(words, read)
    if prog in ("pytest", "py.test") or (prog.startswith("python") and words[:2] == ["-m", "pytest"]):
        return _modules(_conftests(words[2:] if words[:1] == ["-m"] else words, read),
                        "pytest loads")
    if prog in ("pip", "pip3", "uv") or (prog.startswith("python") and words[:2] == ["-m", "pip"]):
        return _modules(_setup_py(words, read), "pip builds the project with")
    if prog == "nox" and read("noxfile.py") is not None:
        return _modules(["noxfile.py"], "nox loads")
    if prog == "direnv" and words[:1] in (["allow"], ["exec"], ["reload"]):
        folder = words[1] if len(words) > 1 and words[0] != "reload" else "."
        text = read(posixpath.join(folder, ".envrc"))
        return [(text, f"direnv runs {folder}/.envrc")] if text else []
    return []


def git_hooks(words: list[str], read) -> list[tuple[str, str]]:
    i, directory, git_dir, hooks_path = 0, ".", None, None
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
    # husky (v9) points git at `.husky/_`, whose stubs run the person's `.husky/HOOK`
    folders = [folder, posixpath.dirname(folder)] if folder.endswith("/_") else [folder]
    out = []
    for hook in hooks:
        for where in folders:
            path = posixpath.normpath(posixpath.join(where, hook))
            text = read(path)
            if text:
                out.append((_as_shell(text), f"git {sub} runs the hook {path}"))
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
