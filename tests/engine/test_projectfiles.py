"""Which project files a tool runs unasked (`engine/projectfiles.py`): git's hooks as git finds
them, pytest's conftest.py files, the setup.py pip builds, nox's noxfile, direnv's .envrc."""

from __future__ import annotations

import pytest

from agentsh.engine import buildfiles, projectfiles
from agentsh.engine.model import Command, Word


def command(text: str) -> Command:
    words = tuple(Word(w, True, (0, 0), w) for w in text.split())
    return Command(words=words, span=(0, len(text)))


def ran(text: str, files: dict[str, str]) -> list[str]:
    return [label for _, label in projectfiles.codes(command(text), files.get)]


REPO = {".git/HEAD": "ref: refs/heads/main\n"}


@pytest.mark.parametrize(("text", "files", "expected"), [
    ("git commit -m x", {**REPO, ".git/hooks/pre-commit": "rm -rf d"},
     ["git commit runs the hook .git/hooks/pre-commit"]),
    ("git commit -m x --no-verify", {**REPO, ".git/hooks/pre-commit": "rm -rf d"}, []),
    ("git commit -nm x", {**REPO, ".git/hooks/pre-commit": "rm -rf d"}, []),
    ("git commit --no-verify -m x", {**REPO, ".git/hooks/post-commit": "rm -rf d"},
     ["git commit runs the hook .git/hooks/post-commit"]),
    ("git status", {**REPO, ".git/hooks/pre-commit": "rm -rf d"}, []),
    ("git push origin main", {**REPO, ".git/hooks/pre-push": "x"},
     ["git push runs the hook .git/hooks/pre-push"]),
    ("git -C sub commit -m x", {"sub/.git/HEAD": "x", "sub/.git/hooks/pre-commit": "x"},
     ["git commit runs the hook sub/.git/hooks/pre-commit"]),
    ("git commit -m x", {"../.git/HEAD": "x", "../.git/hooks/pre-commit": "x"},
     ["git commit runs the hook ../.git/hooks/pre-commit"]),
    ("git commit -m x", {**REPO, ".git/config": "[core]\n\thooksPath = hk\n", "hk/pre-commit": "x"},
     ["git commit runs the hook hk/pre-commit"]),
    ("git commit -m x", {**REPO, ".git/config": "[core]\n\thooksPath = .husky/_\n",
                         ".husky/_/pre-commit": "x", ".husky/pre-commit": "y"},
     ["git commit runs the hook .husky/_/pre-commit", "git commit runs the hook .husky/pre-commit"]),
    ("git commit -m x", {".git": "gitdir: ../main/.git/worktrees/w\n",
                         "../main/.git/worktrees/w/commondir": "../..\n",
                         "../main/.git/hooks/pre-commit": "x"},
     ["git commit runs the hook ../main/.git/hooks/pre-commit"]),
], ids=["commit", "no-verify", "-n", "post-commit-still-runs", "status-runs-none", "push",
        "-C", "parent", "hooksPath", "husky", "worktree"])
def test_git_hooks_found_as_git_finds_them(text, files, expected) -> None:
    assert ran(text, files) == expected


@pytest.mark.parametrize(("hook", "shell"), [
    ("#!/bin/sh\nrm -rf d\n", "#!/bin/sh\nrm -rf d\n"),
    ("rm -rf d\n", "rm -rf d\n"),
    ("#!/usr/bin/env python3\nimport shutil\n", "python3 - <<'AGENTSH_RECIPE_END'\nimport shutil\n"),
    ("#!/usr/bin/env -S node --no-warnings\nx()\n", "node - <<'AGENTSH_RECIPE_END'\nx()\n"),
])
def test_a_hook_is_run_by_the_interpreter_its_first_line_names(hook, shell) -> None:
    ((text, _),) = projectfiles.codes(command("git commit -m x"),
                                      {**REPO, ".git/hooks/pre-commit": hook}.get)
    assert text.startswith(shell)


@pytest.mark.parametrize(("text", "files", "expected"), [
    ("pytest -q", {"conftest.py": "", "tests/conftest.py": ""},
     ["cd 'tests' && python3 -c 'import conftest'", "python3 -c 'import conftest'"]),
    ("python3 -m pytest pkg/sub/test_x.py", {"pkg/sub/conftest.py": "", "pkg/conftest.py": ""},
     ["cd 'pkg' && python3 -c 'import conftest'", "cd 'pkg/sub' && python3 -c 'import conftest'"]),
    ("pip install -e .", {"setup.py": ""}, ["python3 -c 'import setup'"]),
    ("pip install requests", {"setup.py": ""}, []),
    ("nox -s lint", {"noxfile.py": ""}, ["python3 -c 'import noxfile'"]),
    ("direnv allow", {".envrc": "rm -rf d"}, ["rm -rf d"]),
])
def test_python_project_files_are_read_as_modules(text, files, expected) -> None:
    assert sorted(t for t, _ in projectfiles.codes(command(text), files.get)) == sorted(expected)


# ------------------------------------------------ the table: which subcommand runs which setting

def settings(policy, text: str, files: dict[str, str], env: dict[str, str] | None = None
             ) -> list[str]:
    params = policy.analyzer("exec")
    world = projectfiles.World(files.get, (env or {}).get, params=params)
    return sorted(t for t, _ in projectfiles.codes(command(text), files.get,
                                                   params["project_files"], world))


CONFIG = {**REPO, ".git/config": "[core]\n\tfsmonitor = rm -rf a\n\tpager = rm -rf b\n"
                                 "[diff \"x\"]\n\ttextconv = rm -rf c\n[filter \"y\"]\n"
                                 "\tclean = rm -rf d\n\tsmudge = rm -rf e\n"
                                 "[credential]\n\thelper = !rm -rf f\n\thelper =\n"
                                 "[user]\n\tname = rm -rf g\n"}


@pytest.mark.parametrize(("text", "expected"), [
    ("git status", ["rm -rf a", "rm -rf b", "rm -rf d"]),
    ("git diff", ["rm -rf a", "rm -rf b", "rm -rf c", "rm -rf d"]),
    ("git add .", ["rm -rf a", "rm -rf d"]),
    ("git checkout main", ["rm -rf a", "rm -rf d", "rm -rf e"]),
    ("git fetch", ["rm -rf f"]),
    ("git rev-parse HEAD", []),
    ("git --no-pager log", ["rm -rf b", "rm -rf c"]),
], ids=["status", "diff", "add", "checkout", "fetch", "rev-parse", "log"])
def test_each_git_subcommand_runs_only_the_settings_it_reads(builtin_policy, text, expected
                                                            ) -> None:
    assert settings(builtin_policy, text, CONFIG) == expected


@pytest.mark.parametrize(("env", "files"), [
    ({"HOME": "/h"}, {"/h/.gitconfig": "[core]\n\tfsmonitor = rm -rf a\n"}),
    ({"HOME": "/h"}, {"/h/.config/git/config": "[core]\n\tfsmonitor = rm -rf a\n"}),
    ({"XDG_CONFIG_HOME": "/x"}, {"/x/git/config": "[core]\n\tfsmonitor = rm -rf a\n"}),
    ({"GIT_CONFIG_GLOBAL": "g"}, {"g": "[core]\n\tfsmonitor = rm -rf a\n"}),
    ({"GIT_DIR": "o/.git"}, {"o/.git/config": "[core]\n\tfsmonitor = rm -rf a\n"}),
    ({}, {**REPO, ".git/config": "[include]\n\tpath = ../i.cfg\n",
          "i.cfg": "[core]\n\tfsmonitor = rm -rf a\n"}),
    ({"HOME": "/h"}, {**REPO, ".git/config": "[includeIf \"onbranch:x\"]\n\tpath = ~/i.cfg\n",
                      "/h/i.cfg": "[core]\n\tfsmonitor = rm -rf a\n"}),
], ids=["~/.gitconfig", "~/.config/git", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_DIR",
        "include", "includeIf"])
def test_git_settings_come_from_every_file_git_reads(builtin_policy, env, files) -> None:
    assert settings(builtin_policy, "git status", files, env) == ["rm -rf a"]


@pytest.mark.parametrize(("text", "files", "expected"), [
    ("pytest", {"tests/test_a.py": "", "tests/unit/b_test.py": "", "src/x.py": ""},
     ["cd 'tests' && python3 -c 'import test_a'", "cd 'tests/unit' && python3 -c 'import b_test'"]),
    ("pytest -p plug", {"plug.py": ""}, ["python3 -c 'import plug'"]),
    ("pytest -p no:cacheprovider", {"no:cacheprovider.py": ""}, []),
    ("pytest", {"pytest.ini": "[pytest]\naddopts = -p plug\ntestpaths = it\n", "plug.py": "",
                "it/test_x.py": "", "test_top.py": ""},
     ["cd 'it' && python3 -c 'import test_x'", "python3 -c 'import plug'"]),
    ("python3 -m unittest", {"test_a.py": "", "pkg/test_b.py": ""},
     ["cd 'pkg' && python3 -c 'import test_b'", "python3 -c 'import test_a'"]),
    ("cmake -B build", {"CMakeLists.txt": "execute_process(COMMAND git rev-parse HEAD "
                        "OUTPUT_VARIABLE X)\nfile(REMOVE_RECURSE ${CMAKE_BINARY_DIR}/gen)\n"},
     ["git rev-parse HEAD", "rm -rf build/gen"]),
    ("cargo build", {"build.rs": "Command::new(\"rm\").arg(\"-rf\").arg(\"d\");\n"
                     "fs::remove_dir_all(\"e\")"}, ["rm -rf d", "rm -rf e"]),
    ("cargo fmt", {"build.rs": "fs::remove_dir_all(\"e\")"}, []),
    ("go generate ./...", {"a.go": "//go:generate stringer -type=T\n"}, ["stringer -type=T"]),
    ("go build ./...", {"a.go": "//go:generate rm -rf d\n"}, []),
    ("pre-commit run -a", {".pre-commit-config.yaml": "repos:\n- repo: local\n  hooks:\n"
                           "  - id: x\n    entry: rm\n    args: [-rf, d]\n    language: system\n"
                           "- repo: https://x/y\n  hooks:\n  - id: z\n    entry: rm -rf z\n"},
     ["rm -rf d"]),
    ("pip install -e .", {"pyproject.toml": "[build-system]\nbuild-backend = \"b.core\"\n"
                          "backend-path = [\"_b\"]\n", "_b/b/core.py": ""},
     ["cd '_b/b' && python3 -c 'import core'"]),
    ("mkdocs build", {"mkdocs.yml": "hooks:\n  - h/k.py\n", "h/k.py": ""},
     ["cd 'h' && python3 -c 'import k'"]),
    ("uv run main.py", {"main.py": ""}, ["python3 'main.py'"]),
    # session 27: the build tools' readers (engine/buildfiles.py)
    ("cargo build", {"Cargo.toml": "[workspace]\nmembers = [\"crates/*\"]\n",
                     "crates/a/Cargo.toml": "[package]\nname = \"a\"\nbuild = \"gen.rs\"\n",
                     "crates/a/gen.rs": 'fn main() { std::fs::remove_dir_all("x").unwrap(); }'},
     ["rm -rf x"]),
    ("cmake -B build", {"CMakeLists.txt": "add_subdirectory(src)\ninclude(cmake/w.cmake)\n"
                                          "include(Opts)\n",
                        "src/CMakeLists.txt": "file(REMOVE_RECURSE a)\n",
                        "cmake/w.cmake": "execute_process(COMMAND rm -rf b)\n",
                        "cmake/Opts.cmake": "file(REMOVE c)\n"},
     ["rm -f c", "rm -rf a", "rm -rf b"]),
    ("pytest -q", {"conftest.py": "pytest_plugins = [\"fx.db\", 'pytest_asyncio']\n",
                   "fx/db.py": ""},
     ["cd 'fx' && python3 -c 'import db'", "python3 -c 'import conftest'"]),
    ("jest", {"jest.config.js": "module.exports = {globalSetup: './t/setup.js', "
                                "setupFilesAfterEnv: ['<rootDir>/j.js', 'jest-extended'], "
                                "testEnvironment: 'jsdom'}", "t/setup.js": "", "j.js": ""},
     ["cd 't' && node -e 'require(\"./setup.js\")'", "node -e 'require(\"./j.js\")'",
      "node -e 'require(\"./jest.config.js\")'"]),
    ("rspec", {".rspec": "--require spec_helper\n--format doc\n", "spec/spec_helper.rb": "",
               "spec/rails_helper.rb": ""},
     ["cd 'spec' && ruby -e 'require_relative \"./rails_helper\"'",
      "cd 'spec' && ruby -e 'require_relative \"./spec_helper\"'"]),
    ("gradle build", {"build.gradle": "task x(type: Exec) { commandLine 'rm', '-rf', 'a' }\n"
                                      "delete 'b', \"$buildDir/c\", \"$other\"\n"
                                      "'rm -rf d'.execute()\nfile('e').deleteRecursively()\n"},
     ["rm -rf -- b", "rm -rf -- build/c", "rm -rf -- e", "rm -rf a", "rm -rf d"]),
    ("mvn package", {"pom.xml": "<project><build><plugins><plugin><configuration><executable>rm"
                                "</executable><arguments><argument>-rf</argument><argument>a"
                                "</argument></arguments></configuration></plugin><plugin><target>"
                                "<delete dir=\"${project.build.directory}/x\"/><exec executable="
                                "\"rm\"><arg value=\"-rf\"/><arg value=\"b\"/></exec></target>"
                                "</plugin></plugins></build></project>"},
     ["rm -rf -- target/x", "rm -rf a", "rm -rf b"]),
    ("nox -s t", {"noxfile.py": "import nox\n@nox.session\ndef t(s):\n"
                                "    s.run('rm', '-rf', 'a')\n"},
     ["python3 -c 'import noxfile'", "rm -rf a"]),
], ids=["pytest-collects", "pytest-p", "pytest-no:", "pytest-ini", "unittest", "cmake", "build.rs",
        "cargo-fmt-builds-nothing", "go-generate", "go-build-runs-no-generate", "pre-commit-local",
        "backend-path", "mkdocs-hooks", "uv-run", "cargo-workspace-build", "cmake-subdirectory",
        "pytest_plugins", "jest-config", "rspec", "gradle", "maven", "nox-session"])
def test_the_table_names_the_files_each_tool_runs(builtin_policy, text, files, expected) -> None:
    params = builtin_policy.analyzer("exec")

    def glob(pattern: str) -> list[str]:
        from fnmatch import fnmatchcase

        return sorted(p for p in files if fnmatchcase(p, pattern) and
                      p.count("/") == pattern.count("/"))

    world = projectfiles.World(files.get, glob=glob, params=params)
    assert sorted(t for t, _ in projectfiles.codes(command(text), files.get,
                                                   params["project_files"], world,
                                                   buildfiles.READERS.get)) == expected


@pytest.mark.parametrize(("text", "pattern", "expected"), [
    ("core.fsmonitor", "core.fsmonitor", True), ("diff.x.y.textconv", "diff.*.textconv", True),
    ("diff.textconv", "diff.*.textconv", False), ("pager.log", "pager.*", True),
    ("credential.https://a.b.helper", "credential.*.helper", True), ("core.pager", "pager.*", False),
])
def test_setting_patterns(text, pattern, expected) -> None:
    assert projectfiles.wild(text, pattern) is expected


def test_config_pairs_read_as_git_does() -> None:
    text = ("[core]\n\tPager = less ; a comment\n# c\n[Diff \"Sub.X\"]\n"
            "\ttextconv = \"rm -rf d\" # x\n[alias] co = checkout\n[remote.origin]\n\turl = u\n"
            "[core]\n\tfsmonitor = rm\" -rf \\\n\"d;x\n\teditor = \"vi \\\"a;b\\\"\"\n")
    assert projectfiles.config_pairs(text) == [
        ("core.pager", "less"), ("diff.Sub.X.textconv", "rm -rf d"), ("alias.co", "checkout"),
        ("remote.origin.url", "u"), ("core.fsmonitor", "rm -rf d"), ("core.editor", 'vi "a;b"')]


def test_each_file_is_read_once_for_the_hooks_and_the_settings(builtin_policy) -> None:
    """`git commit` runs hooks and settings: both look for the repository up to MAX_UP folders
    up and read its config; outside any repository that was every read twice."""
    reads: list[str] = []

    def read(path: str) -> str | None:
        reads.append(path)
        return None

    params = builtin_policy.analyzer("exec")
    world = projectfiles.World(read, {"HOME": "/home/u"}.get, params=params)
    assert projectfiles.codes(command("git commit -m x"), read,
                              params.get("project_files"), world) == []
    assert reads and len(reads) == len(set(reads)), sorted(reads)
    assert any(p.endswith(".git/HEAD") for p in reads) and "/home/u/.gitconfig" in reads


@pytest.mark.parametrize("files", [
    {"CMakeLists.txt": "execute_process(COMMAND rm -rf /home # don't\n)\n"},
    {"CMakeLists.txt": 'execute_process(COMMAND rm -rf /home WORKING_DIRECTORY "$(x(y))")\n'},
    {"CMakeLists.txt": "set(D cmake)\ninclude(${D}/evil.cmake)\n",
     "cmake/evil.cmake": "execute_process(COMMAND rm -rf /home)\n"},
    {"CMakeLists.txt": "".join(f"add_subdirectory(s{i})\n" for i in range(20)),
     **{f"s{i}/CMakeLists.txt": "message(x)\n" for i in range(20)}},
], ids=["lone-quote", "nested-parentheses", "include-of-a-variable", "past-the-file-bound"])
def test_a_cmake_call_or_file_agentsh_cannot_read_is_unknown(builtin_policy, files) -> None:
    """A review found each of these skipped with no fact (the configure step then ran unasked):
    a lone quote CMake allows, nesting deeper than the call pattern reads, an include through a
    variable, files past MAX_CMAKE_FILES. Each is now a file agentsh could not read."""
    params = builtin_policy.analyzer("exec")
    world = projectfiles.World(files.get, params=params)
    projectfiles.codes(command("cmake -B build"), files.get, params["project_files"], world,
                       buildfiles.READERS.get)
    assert world.unread or world.many
