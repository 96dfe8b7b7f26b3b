"""The project's own modules that code loads: `import cleanup` beside the script, `require
("./lib/wipe")`, `require_relative "ops"`, and the modules an interpreter is told to load first
(`node -r ./x.js`, `--import`, NODE_OPTIONS).

A blocked agent that may not run `shutil.rmtree(...)` in `python3 -c` can write it into a module
and import that (`python3 -c "import cleanup"`, or a script that imports it). Python, Node and
Ruby run a module's top-level code when it is first loaded, so each module of the project that
the code names is read, and the modules those name in turn (at most MAX_MODULES files, found by
the interpreter's own rules for relative and project-local names; installed packages are not
read).

What a module does is judged by its effects whose target the module itself names (`rmtree
("/srv/data")`, `DELETE https://api/x`, `DROP TABLE t`): a library's helpers take their paths from
their caller (`def clean(p): shutil.rmtree(p)`), and asking about every project that has such a
helper whenever it runs would be noise. The block under `if __name__ == "__main__":` does not run
on import and is not read. A module that cannot be read is not a finding (an import of a module
that is not there fails before it runs anything)."""

from __future__ import annotations

import posixpath

from agentsh.engine.domains.common import read
from agentsh.engine.lazyre import later

MAX_MODULES = 16
MAX_BYTES = 16 * 1024  # of module text read in all, nearest imports first (bench: a 16 KB budget of
# Python costs about +110 M instructions, 25 ms, on a script that imports a large local package)
_PY_IMPORT = later(r"(?m)(?:^|[;:])[ \t]*import[ \t]+([\w. \t,]+)")
_PY_FROM = later(r"(?m)(?:^|[;:])[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([\w \t,*\n]+)")
_PY_DYNAMIC = later(r"""(?:importlib\.import_module|__import__|\brun_module)\(\s*['"]([\w.]+)['"]""")
# folders the code adds to the search path itself (relative ones are relative to the working
# directory, as Python resolves them)
_PY_SYS_PATH = later(r"""(?:sys\.path\.(?:insert\(\s*[-\w]+\s*,|append\(|extend\(\s*\[)|"""
                     r"""site\.addsitedir\()\s*['"]([^'"$]+)['"]""")
_PY_MAIN = later(r"""(?m)^if[ \t]+__name__[ \t]*==[ \t]*['"]__main__['"][ \t]*:.*\n"""
                      r"""(?:(?:[ \t]+.*|[ \t]*)\n?)*""")
_JS_IMPORT = later(r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+(?:[\w*{}\s,$]+"""
                        r"""\s+from\s+)?|\bexport\s+[\w*{}\s,$]+\s+from\s+)['"](\.{1,2}/[^'"]+)['"]""")
_JS_MADE_REQUIRE = later(r"""([\w$]+)\s*=\s*(?:module\.)?createRequire\s*\(""")
_PL_LIB = later(r"""(?m)^\s*use\s+lib\s+(?:qw\s*[(\[{/]([^)\]}/]*)[)\]}/]|"""
                r"""((?:['"][^'"]*['"]\s*,?\s*)+))""")
_PL_USE = later(r"""(?m)(?:^|[;{])\s*(?:use|require)\s+([A-Z][\w]*(?:::\w+)*)\b""")
_RB_IMPORT = later(r"""\b(require_relative|require|load)\s*\(?\s*['"]([^'"]+)['"]""")
JS_SUFFIXES = ("", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", "/index.js",
               "/index.mjs", "/index.ts")
NODE_PRELOADS = ("-r", "--require", "--import", "--loader", "--experimental-loader")


def modules(language: str, codes: list[str], folders: list[str], env: dict, ctx
            ) -> list[tuple[str, str, str]]:
    """(path, text, dotted name) of the project modules the code in `codes` loads; `folders[i]`
    is the folder `codes[i]` was read from ("" for the working directory). The dotted name is
    the one Python imports the module by (`pkg.ops`), or for JavaScript the key a relative
    `require` names it by (`./lib/helpers`: `evaluate.local_module`; "" in Ruby), so calls into
    it can be connected to its functions."""
    if language == "python":
        roots = [""] + [d for d in (env.get("PYTHONPATH") or "").split(":")
                        if d and "$" not in d and "`" not in d]
        step = _python
    elif language == "javascript":
        roots = []

        def step(code: str, folder: str, roots: list[str], package: str) -> list:
            return _javascript(code, folder, roots, package) + _workspace(code, folder, ctx)
    elif language == "ruby":
        roots = [d for d in (env.get("RUBYLIB") or "").split(":") if d and "$" not in d]
        step = _ruby
    elif language == "perl":
        roots = [d for d in ((env.get("PERL5LIB") or "") + ":" + (env.get("PERLLIB") or ""))
                 .split(":") if d and "$" not in d]
        step = _perl
    else:
        return []
    queue = [(code, folder, "") for code, folder in zip(codes, folders, strict=True)]
    seen: set[str] = set()
    out: list = []
    budget = MAX_BYTES
    while queue and len(seen) < MAX_MODULES:
        code, folder, package = queue.pop(0)
        for path, name in step(code, folder, roots, package):
            key = posixpath.normpath(path)
            if key in seen or len(seen) >= MAX_MODULES:
                continue
            text = read(path, ctx)
            if text is None:
                continue
            seen.add(key)
            if len(text) > budget:
                continue  # too big to read now: smaller ones may still fit
            budget -= len(text)
            if language == "python":
                text = _PY_MAIN.sub("", text)
            out.append((path, text, name))
            queue.append((text, posixpath.dirname(path),
                          name if path.endswith("/__init__.py") else name.rpartition(".")[0]))
    return out


def node_preloads(words: list[str], env: dict) -> list[str]:
    """The files `node -r F`, `--import F`, `--require=F` and NODE_OPTIONS load before the
    program (relative or absolute paths only: a package name is installed code)."""
    words = (env.get("NODE_OPTIONS") or "").split() + words
    out = []
    for i, text in enumerate(words):
        name, eq, value = text.partition("=")
        if name in NODE_PRELOADS:
            value = value if eq else (words[i + 1] if i + 1 < len(words) else "")
            if value.startswith(("./", "../", "/")) and "$" not in value:
                out.append(value)
    return out


def _join(folder: str, name: str) -> str:
    return posixpath.normpath(posixpath.join(folder, name) if folder else name)


def _python(code: str, folder: str, roots: list[str], package: str) -> list[tuple[str, str]]:
    """Candidate files, with their dotted names, for the modules Python code imports: absolute
    names under the script's folder and PYTHONPATH, relative ones (`from .x import y`) under the
    module's own folder (`package` is its dotted package); each package's `__init__.py` on the
    way runs too."""
    names: list[tuple[str, str]] = []  # (dotted name, folder it is relative to or "")
    dotted_base: dict[str, str] = {}  # folder a relative name is under -> its dotted package
    for m in _PY_IMPORT.finditer(code):
        for part in m.group(1).split(","):
            name = part.split()[0] if part.split() else ""
            if name and all(p.isidentifier() for p in name.split(".")):
                names.append((name, ""))
    for m in _PY_FROM.finditer(code):
        module, what = m.group(1), m.group(2)
        dots = len(module) - len(module.lstrip("."))
        module = module[dots:]
        subs = [w.split()[0] for w in what.replace("\n", " ").split(",") if w.split()]
        if dots:
            base = folder
            for _ in range(dots - 1):
                base = posixpath.dirname(base)
            parts = package.split(".") if package else []
            dotted_base[base or "."] = ".".join(parts[:len(parts) - (dots - 1)] if dots > 1
                                                else parts)
            prefix = module.replace(".", "/")
            if prefix:
                names.append((prefix, base or "."))
            for sub in subs:
                if sub.isidentifier():
                    names.append(((prefix + "/" if prefix else "") + sub, base or "."))
        elif module and all(p.isidentifier() for p in module.split(".")):
            names.append((module, ""))
            names += [(f"{module}.{s}", "") for s in subs if s.isidentifier()]
    names += [(m.group(1), "") for m in _PY_DYNAMIC.finditer(code)]
    added = [posixpath.normpath(m.group(1)) for m in _PY_SYS_PATH.finditer(code)]
    out: list[tuple[str, str]] = []
    for name, relative_to in names:
        parts = name.replace(".", "/").split("/") if not relative_to else name.split("/")
        bases = [relative_to] if relative_to else list(dict.fromkeys([folder] + roots + added))
        head = dotted_base.get(relative_to, "") if relative_to else ""
        for base in bases:
            base = "" if base == "." else base
            for k in range(1, len(parts)):
                out.append((_join(base, "/".join(parts[:k]) + "/__init__.py"),
                            _dotted(head, parts[:k])))
            out.append((_join(base, "/".join(parts) + ".py"), _dotted(head, parts)))
            out.append((_join(base, "/".join(parts) + "/__init__.py"), _dotted(head, parts)))
    return out


def _dotted(head: str, parts: list[str]) -> str:
    return ".".join(([head] if head else []) + parts)


def _javascript(code: str, folder: str, roots: list[str], package: str) -> list[tuple[str, str]]:
    from agentsh.engine.domains.code.evaluate import local_module

    out = []
    found = [m.group(1) for m in _JS_IMPORT.finditer(code)]
    if "createRequire" in code:  # `const load = createRequire(import.meta.url); load("./x")`
        import re

        names = {"createRequire" + r"\(.*?\)"} | {re.escape(n) for n in _JS_MADE_REQUIRE.findall(code)}
        for name in sorted(names):
            found += re.findall(r"(?<![\w.$])(?:%s)\s*\(\s*['\"](\.{1,2}/[^'\"]+)['\"]" % name, code)
    for spec in found:
        path = _join(folder, spec)
        key = local_module(folder, spec)
        out += [(path + suffix, key) for suffix in JS_SUFFIXES]
    return out


def _perl(code: str, folder: str, roots: list[str], package: str) -> list[tuple[str, str]]:
    """`use lib "lib"; use Wipe::Ops;` (also `require Wipe::Ops`): `lib/Wipe/Ops.pm`, under the
    folders `use lib` adds (`$FindBin::Bin` is the script's folder), PERL5LIB and `-I`.
    `require "x.pl"` and `do "x.pl"` are files the code runs, followed as such (`Exec`)."""
    dirs: list[str] = []
    for m in _PL_LIB.finditer(code):
        if m.group(1) is not None:
            dirs += m.group(1).split()
        else:
            dirs += [q.strip("'\"") for q in m.group(2).replace(",", " ").split()]
    here = folder or "."
    dirs = [d.replace("$FindBin::RealBin", here).replace("$FindBin::Bin", here)
            .replace("${FindBin::Bin}", here) for d in dirs]
    dirs = [d for d in dirs if d and "$" not in d and "@" not in d] + roots
    out = []
    for m in _PL_USE.finditer(code):
        rel = m.group(1).replace("::", "/") + ".pm"
        out += [(_join(d, rel), "") for d in dict.fromkeys(dirs)]  # relative: to the cwd
    return out


_JS_BARE = later(r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+(?:[\w*{}\s,$]+\s+from\s+)?|"""
                 r"""\bexport\s+[\w*{}\s,$]+\s+from\s+)['"]((?:@[\w.-]+/)?[\w][\w.-]*)(/[^'"]*)?['"]""")
MAX_PACKAGES = 16  # bare names looked up in node_modules per file


def _workspace(code: str, folder: str, ctx) -> list[tuple[str, str]]:
    """`require("pkg")` of a package of the project itself: `node_modules/pkg` is a link out of
    node_modules (npm/yarn/pnpm workspaces, `npm link`, a `file:` dependency), so its code is the
    project's; its entry file from package.json (`exports`, `exports["."]` with `require`/
    `import`/`node`/`default`, `main`, else `index.js`). Packages installed from a registry are
    not read."""
    realpath = getattr(ctx.files, "realpath", None)
    cwd = ctx.cwd if isinstance(ctx.cwd, str) else ""
    if realpath is None or not cwd.startswith("/"):
        return []
    out: list[tuple[str, str]] = []
    names = list(dict.fromkeys((m.group(1), m.group(2) or "") for m in _JS_BARE.finditer(code)))
    for name, sub in names[:MAX_PACKAGES]:
        if name.startswith("node:"):
            continue
        for base in dict.fromkeys((folder, "")):
            where = _join(base, "node_modules/" + name)
            real = realpath(posixpath.join(cwd, where))
            if not real or "/node_modules/" in real + "/" or real == posixpath.join(cwd, where):
                continue
            entry = sub.lstrip("/") or _entry(read(where + "/package.json", ctx))
            path = _join(where, entry)
            out += [(path + suffix, name + sub) for suffix in JS_SUFFIXES]
            break
    return out


def _entry(manifest: str | None) -> str:
    import json

    try:
        data = json.loads(manifest) if manifest else {}
    except ValueError:
        return "index.js"
    if not isinstance(data, dict):
        return "index.js"
    exports = data.get("exports")
    if isinstance(exports, dict):
        exports = exports.get(".", exports)
    for _ in range(3):
        if isinstance(exports, dict):
            exports = next((exports[k] for k in ("require", "node", "import", "default")
                            if k in exports), None)
    if isinstance(exports, str):
        return exports
    main = data.get("main")
    return main if isinstance(main, str) and main else "index.js"


def _ruby(code: str, folder: str, roots: list[str], package: str) -> list[tuple[str, str]]:
    out = []
    for m in _RB_IMPORT.finditer(code):
        how, name = m.groups()
        if "$" in name or "#{" in name:
            continue
        rel = name if name.endswith(".rb") else name + ".rb"
        if how == "require_relative":
            out.append((_join(folder, rel), ""))
        elif name.startswith(("./", "../", "/")):
            out.append((rel, ""))
        else:
            out += [(_join(d, rel), "") for d in roots]
    return out
