"""The build tools' own files, read for what they run when the tool runs (the kinds of
`[analyzer.exec.project_files]` that `engine.projectfiles` leaves here, so that `git status`
never imports them): CMake's `CMakeLists.txt` and what it pulls in, a cargo build script and
its workspace members', a JavaScript test runner's configuration and setup files, rspec's
helpers, Gradle and Maven build scripts, nox's sessions. Each reader turns a file into shell
text (a command it runs, a deletion as `rm -rf`) or a load of it as a project module, judged
by what rules recognise in it. Pure: files come through the `World`."""

from __future__ import annotations

import posixpath

from agentsh.engine.lazyre import later
from agentsh.engine.projectfiles import World, _python, paths_of

CMAKE_CALL = later(r"(?is)\b(execute_process|file)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
CMAKE_OPEN = later(r"(?i)\b(?:execute_process|file)\s*\(")  # every call, read or not


CMAKE_FOLLOW = later(r"(?i)\b(add_subdirectory|include)\s*\(\s*\"?([^\s\")]+)")
MAX_CMAKE_FILES = 16  # CMake files one configure reads (add_subdirectory, include, three deep)


def _cmake_files(path: str, world: World) -> list[tuple[str, str]]:
    """(file, text) of the CMakeLists.txt at `path` and of what it pulls in: the folders
    `add_subdirectory` names (their CMakeLists.txt) and the files `include()` names (a path, or
    a module `X` as `cmake/X.cmake`), three deep."""
    out: list[tuple[str, str]] = []
    todo = [(path, 0)]
    seen: set[str] = set()
    while todo:
        if len(seen) >= MAX_CMAKE_FILES:
            world.many.append("CMake files")
            break
        name, depth = todo.pop(0)
        name = posixpath.normpath(name)
        if name in seen:
            continue
        seen.add(name)
        text = world.text(name)
        if not text:
            continue
        out.append((name, text))
        if depth >= 3:
            continue
        folder = posixpath.dirname(name)
        for m in CMAKE_FOLLOW.finditer(text):
            target = m.group(2)
            for var, value in CMAKE_DIRS.items():
                target = target.replace("${" + var + "}", value)
            if "${" in target:  # a variable agentsh does not know: a file it cannot read
                world.unread.append(f"{target} (included by {name})")
                continue
            if m.group(1).lower() == "add_subdirectory":
                todo.append((posixpath.join(folder, target, "CMakeLists.txt"), depth + 1))
            elif target.endswith(".cmake") or "/" in target:
                todo.append((posixpath.join(folder, target), depth + 1))
            else:  # a module: the project's own cmake/ folder (CMAKE_MODULE_PATH's usual place)
                todo.append((posixpath.join(folder, "cmake", target + ".cmake"), depth + 1))
    return out


def _cmake(pattern, words, world, key):
    """What configuring runs: `execute_process(COMMAND ...)` each command, `file(REMOVE_RECURSE
    ...)` as `rm -rf`, `file(REMOVE ...)` as `rm -f`, in CMakeLists.txt and what it pulls in."""
    import shlex

    out = []
    for top in paths_of(pattern, words):
        for path, text in _cmake_files(top, world):
            calls = list(CMAKE_CALL.finditer(text or ""))
            if {m.start() for m in CMAKE_OPEN.finditer(text)} - {m.start() for m in calls}:
                world.unread.append(f"{path} (a call agentsh cannot read)")  # deeper nesting
            for m in calls:
                body = m.group(2)
                for name, value in CMAKE_DIRS.items():
                    body = body.replace("${" + name + "}", value)
                try:
                    args = shlex.split(body, comments=False)
                except ValueError:  # a lone quote CMake allows (`# don't`): read it as unknown
                    world.unread.append(f"{path} (a call agentsh cannot read)")
                    continue
                if m.group(1).lower() == "file":
                    verb = {"REMOVE_RECURSE": "rm -rf", "REMOVE": "rm -f"}.get(args[0] if args else "")
                    if verb:
                        out.append((f"{verb} {shlex.join(args[1:])}", f"{key} configures {path}"))
                    continue
                command: list[str] = []
                for arg in args + ["COMMAND"]:
                    if arg in ("COMMAND", "WORKING_DIRECTORY", "OUTPUT_VARIABLE", "RESULT_VARIABLE",
                               "ERROR_VARIABLE", "TIMEOUT", "INPUT_FILE", "OUTPUT_FILE",
                               "ERROR_FILE", "OUTPUT_QUIET", "ERROR_QUIET", "COMMAND_ECHO",
                               "ECHO_OUTPUT_VARIABLE", "ECHO_ERROR_VARIABLE", "RESULTS_VARIABLE",
                               "COMMAND_ERROR_IS_FATAL", "ENCODING", "OUTPUT_STRIP_TRAILING_WHITESPACE",
                               "ERROR_STRIP_TRAILING_WHITESPACE"):
                        if command:
                            out.append((shlex.join(command), f"{key} configures {path}"))
                        command = []
                        collecting = arg == "COMMAND"
                    elif collecting:
                        command.append(arg)
                collecting = False
    return out


# CMake's own folders: the build tree (regenerable output) and the source tree
CMAKE_DIRS = {"CMAKE_BINARY_DIR": "build", "CMAKE_CURRENT_BINARY_DIR": "build",
              "PROJECT_BINARY_DIR": "build", "CMAKE_SOURCE_DIR": ".",
              "CMAKE_CURRENT_SOURCE_DIR": ".", "PROJECT_SOURCE_DIR": ".",
              "CMAKE_CURRENT_LIST_DIR": ".", "CMAKE_COMMAND": "cmake"}


RUST_COMMAND = later(r'Command::new\(\s*"([^"\\]*)"\s*\)((?:\s*\.\s*(?:arg|args|current_dir)\s*\('
                     r'[^()]*\))*)')
RUST_STRING = later(r'"((?:[^"\\]|\\.)*)"')
RUST_REMOVE = later(r'\b(remove_dir_all|remove_dir|remove_file)\s*\(\s*"((?:[^"\\]|\\.)*)"')


def _rust(pattern, words, world, key):
    """A cargo build script (`build.rs`, run before the crate builds): the programs it starts
    (`Command::new("rm").args(["-rf", "x"])`) and the files it removes, as shell."""
    import shlex

    out = []
    for path in paths_of(pattern, words):
        text = world.text(path)
        if not text:
            continue
        for m in RUST_COMMAND.finditer(text):
            args = [m.group(1)] + [s.group(1) for s in RUST_STRING.finditer(m.group(2))]
            out.append((shlex.join(args), f"{key} builds with {path}"))
        for m in RUST_REMOVE.finditer(text):
            verb = "rm -rf" if m.group(1) == "remove_dir_all" else "rm -f" if \
                m.group(1) == "remove_file" else "rmdir"
            out.append((f"{verb} {shlex.quote(m.group(2))}", f"{key} builds with {path}"))
    return out


CARGO_MEMBERS = later(r"(?ms)^\[workspace\][^\[]*?^\s*members\s*=\s*\[(.*?)\]")
CARGO_BUILD = later(r"(?ms)^\[package\][^\[]*?^\s*build\s*=\s*[\"']([^\"']+)[\"']")
TOML_STRING = later(r"[\"']([^\"']*)[\"']")


def _cargo(pattern, words, world, key):
    """The build scripts cargo runs for the package at `pattern` (a `Cargo.toml`): its
    `build.rs` or the file `[package] build = "..."` names, and those of each workspace
    member (`members = ["crates/*"]`), read as `rust` build scripts. A `build.rs` beside no
    manifest (cargo then fails, but one may be found above) is read too."""
    out = []
    for path in paths_of(pattern, words):
        folder = posixpath.dirname(path)
        manifests = [path]
        text = world.text(path)
        if text is None:
            out += _rust(posixpath.join(folder, "build.rs"), [], world, key)
            continue
        members = CARGO_MEMBERS.search(text or "")
        for member in TOML_STRING.findall(members.group(1)) if members else ():
            for found in world.files(posixpath.join(folder, member, "Cargo.toml"))[:16]:
                manifests.append(found)
        for manifest in dict.fromkeys(manifests):
            base = posixpath.dirname(manifest)
            body = text if manifest == path else world.text(manifest)
            named = CARGO_BUILD.search(body or "")
            script = named.group(1) if named else "build.rs"
            out += _rust(posixpath.join(base, script), [], world, key)
    return out


JS_SETUP = later(r"\b(globalSetup|globalTeardown|setupFiles|setupFilesAfterEnv|testEnvironment)"
                 r"[\"']?\s*[:=]\s*(\[[^\]]*\]|[\"'][^\"']+[\"'])")
JS_STRING = later(r"[\"'`]([^\"'`]+)[\"'`]")
JS_FILE = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".jsx", ".tsx")


def _js_config(pattern, words, world, key):
    """A JavaScript test runner's configuration (`jest.config.js`, `vitest.config.ts`, the
    `jest` key of package.json): the file itself runs as code when it is JavaScript, and so do
    the files it names as `globalSetup`, `globalTeardown`, `setupFiles`, `setupFilesAfterEnv`
    (relative to the configuration; `<rootDir>/` is its folder)."""
    out = []
    for path in paths_of(pattern, words):
        for name in world.files(path):
            text = world.text(name)
            if not text:
                continue
            folder = posixpath.dirname(name)
            if name.endswith(JS_FILE):
                out.append(_loaded(name, "javascript", f"{key} loads"))
            for m in JS_SETUP.finditer(text):
                for value in JS_STRING.findall(m.group(2))[:8]:
                    value = value.replace("<rootDir>/", "")
                    if not value.startswith((".", "/")) and not value.endswith(JS_FILE):
                        continue  # a package (`jest-environment-jsdom`): not the project's
                    file = posixpath.normpath(posixpath.join(folder, value))
                    if world.text(file) is not None:
                        out.append(_loaded(file, "javascript", f"{key} loads ({m.group(1)})"))
    return out


def _ruby(pattern, words, world, key):
    """Ruby files the tool loads (rspec's `spec/spec_helper.rb`, `*_spec.rb`): `ruby FILE`."""
    out = []
    for path in paths_of(pattern, words):
        for name in world.files(path):
            if name.endswith(".rb") and world.text(name) is not None:
                out.append(_loaded(name, "ruby", f"{key} loads"))
    return out


RSPEC_REQUIRE = later(r"(?m)^\s*(?:--require|-r)[ =]+(\S+)")


def _rspec_options(pattern, words, world, key):
    """`.rspec`'s `--require NAME` (and the same among the words): `spec/NAME.rb` or
    `lib/NAME.rb`, which rspec puts on the load path."""
    names = []
    for path in paths_of(pattern, words):
        names += RSPEC_REQUIRE.findall(world.text(path) or "")
    names += [words[k + 1] for k, w in enumerate(words[:-1]) if w in ("-r", "--require")]
    out = []
    for name in names[:8]:
        name = name if name.endswith(".rb") else name + ".rb"
        for base in ("spec", "lib", "."):
            file = posixpath.normpath(posixpath.join(base, name))
            if world.text(file) is not None:
                out.append(_loaded(file, "ruby", f"{key} requires"))
                break
    return out


GRADLE_EXEC = later(r"\b(?:commandLine|args)\s*\(?\s*([\"'][^\"'\n]*[\"']"
                    r"(?:\s*,\s*[\"'][^\"'\n]*[\"'])*)")
GRADLE_DELETE = later(r"\b(?:delete|project\.delete)\s*\(?\s*((?:file\()?[\"'][^\"'\n]*[\"']\)?"
                      r"(?:\s*,\s*(?:file\()?[\"'][^\"'\n]*[\"']\)?)*)")
# Gradle's build folder however a script names it (`$buildDir`, `${project.buildDir}`,
# `${layout.buildDirectory.get()}`): regenerable output, as CMake's is
GRADLE_BUILD_DIR = later(r"\$\{?(?:(?:project|rootProject)\.)?(?:buildDir|layout\.buildDirectory"
                         r"(?:\.get\(\))?(?:\.asFile(?:\.get\(\))?)?)\}?")
GRADLE_EXECUTE = later(r"[\"']([^\"'\n]+)[\"']\s*\.execute\(\)")
GRADLE_RECURSIVELY = later(r"\bfile\(\s*[\"']([^\"'\n]+)[\"']\s*\)\s*\.delete(Recursively|Dir)?\(")


def _gradle(pattern, words, world, key):
    """A Gradle build script (`build.gradle`, `build.gradle.kts`, `settings.gradle`): the
    commands its Exec tasks give (`commandLine 'rm', '-rf', 'x'`), a Groovy string run
    (`"rm -rf x".execute()`), and what it deletes (`delete 'x'`, `delete(file("x"))`,
    `file("x").deleteRecursively()`) as `rm -rf`."""
    import shlex

    out = []
    for path in paths_of(pattern, words):
        for name in world.files(path):
            text = world.text(name)
            if not text:
                continue
            label = f"{key} configures {name}"
            for m in GRADLE_EXEC.finditer(text):
                args = [a for a in JS_STRING.findall(m.group(1))]
                if args:
                    out.append((shlex.join(args), label))
            for m in GRADLE_DELETE.finditer(text):
                for target in JS_STRING.findall(m.group(1))[:8]:
                    target = GRADLE_BUILD_DIR.sub("build", target)
                    if "$" not in target:  # a Groovy/Kotlin value only known when it runs:
                        # judged by what rules recognise, so left out
                        out.append((f"rm -rf -- {shlex.quote(target)}", label))
            for m in GRADLE_EXECUTE.finditer(text):
                out.append((m.group(1), label))
            for m in GRADLE_RECURSIVELY.finditer(text):
                out.append((f"rm -rf -- {shlex.quote(m.group(1))}", label))
    return out


MAVEN_PLUGIN = later(r"(?s)<plugin>(.*?)</plugin>")
MAVEN_EXECUTABLE = later(r"(?s)<executable>\s*([^<]+?)\s*</executable>")
MAVEN_ARGUMENT = later(r"(?s)<argument>\s*([^<]*?)\s*</argument>")
MAVEN_ANT_EXEC = later(r"(?s)<exec\b[^>]*\bexecutable=\"([^\"]+)\"[^>]*>(.*?)</exec>")
MAVEN_ANT_ARG = later(r"<arg\b[^>]*\b(?:value|line)=\"([^\"]*)\"")
MAVEN_ANT_DELETE = later(r"<delete\b[^>]*\b(?:dir|file)=\"([^\"]+)\"")


def _maven(pattern, words, world, key):
    """A `pom.xml`'s plugins that run programs: exec-maven-plugin's `<executable>` with its
    `<argument>`s, maven-antrun-plugin's `<exec executable=...>` and `<delete dir=...>` (as
    `rm -rf`). `${project.basedir}` is here, `${project.build.directory}` is `target`."""
    import shlex

    out = []
    for path in (name for pattern_ in paths_of(pattern, words) for name in world.files(pattern_)):
        text = world.text(path)
        if not text:
            continue
        text = text.replace("${project.basedir}", ".").replace("${basedir}", ".").replace(
            "${project.build.directory}", "target")
        label = f"{key} builds with {path}"
        for m in MAVEN_PLUGIN.finditer(text):
            plugin = m.group(1)
            for executable in MAVEN_EXECUTABLE.findall(plugin)[:4]:
                args = MAVEN_ARGUMENT.findall(plugin)
                out.append((shlex.join([executable] + args), label))
            for ant in MAVEN_ANT_EXEC.finditer(plugin):
                args = MAVEN_ANT_ARG.findall(ant.group(2))
                out.append((" ".join([shlex.quote(ant.group(1))] + args), label))
            for target in MAVEN_ANT_DELETE.findall(plugin)[:8]:
                out.append((f"rm -rf -- {shlex.quote(target)}", label))
    return out


NOX_RUN = later(r"\.run(?:_always|_install)?\(\s*((?:[\"'][^\"'\n]*[\"']\s*,\s*)*[\"'][^\"'\n]*[\"'])")


def _nox(pattern, words, world, key):
    """nox's sessions (`noxfile.py`): the file as a project module, and each `session.run(
    "rm", "-rf", "x")` (`run_always`, `run_install`) as the command it runs."""
    import shlex

    out = _python(pattern, words, world, key)
    for path in paths_of(pattern, words):
        for m in NOX_RUN.finditer(world.text(path) or ""):
            args = JS_STRING.findall(m.group(1))
            if args:
                out.append((shlex.join(args), f"{key} runs a session of {path}"))
    return out


def _loaded(path: str, language: str, label: str) -> tuple[str, str]:
    """A JavaScript or Ruby file the tool loads, as a load of it from where it is (`cd D &&
    node -e 'require("./F")'`), so the code analyzer reads it as a project module: judged by
    the effects whose target it names itself (a setup file's helpers take paths at run time)."""
    folder, name = posixpath.split(posixpath.normpath(path))
    if language == "ruby" and name.endswith(".rb"):
        name = name[:-3]  # `require_relative` adds it
    text = f"node -e 'require(\"./{name}\")'" if language == "javascript" else \
        f"ruby -e 'require_relative \"./{name}\"'"
    return (f"cd '{folder}' && {text}" if folder else text), f"{label} {path}"


READERS = {"cmake": _cmake, "rust": _rust, "cargo": _cargo, "js-config": _js_config,
           "ruby": _ruby, "rspec-options": _rspec_options, "gradle": _gradle, "maven": _maven,
           "nox": _nox}
