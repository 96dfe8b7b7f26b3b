"""Attributes of objects in Python code (session 28, "code4"): `self.root = "build"` set once in
a connected `__init__` and deleted by a method is the project's own build output, not an ask; a
dataclass field and a class attribute the same. Followed only where nothing else can change the
value (one assignment in the whole code, no setattr / __dict__ / vars, no subclass, the class
only called by name); a method's unknown-parameter effects are set aside only when every
mention of its name is a connected call (not a thread target, getattr, a framework's test)."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.policy.values import Decision

RUNS = {
    "self.root build": "python3 - <<'EOF'\nimport shutil\nclass Builder:\n    def __init__(self):\n        self.root = \"build\"\n    def clean(self):\n        shutil.rmtree(self.root, ignore_errors=True)\nBuilder().clean()\nEOF",
    " arg build": "python3 - <<'EOF'\nimport shutil, os\nclass B:\n    def __init__(self, r):\n        self.root = r\n    def clean(self):\n        shutil.rmtree(self.root)\nB(\"build\").clean()\nEOF",
    "dataclass": "python3 - <<'EOF'\nimport shutil\nfrom dataclasses import dataclass\n@dataclass\nclass Job:\n    out: str = \"build\"\nshutil.rmtree(Job().out)\nEOF",
    "class attr": "python3 - <<'EOF'\nimport shutil\nfrom pathlib import Path\nclass Paths:\n    BUILD = Path(\"build\")\nshutil.rmtree(Paths.BUILD)\nEOF"
}

ASKS = {
    "dataclass __post_init__": "python3 - <<'EOF'\nimport shutil, os\nfrom dataclasses import dataclass\n@dataclass\nclass Job:\n    out: str = 'build'\n    def __post_init__(self):\n        self.out = os.path.expanduser('~/src')\nshutil.rmtree(Job().out)\nEOF",
    "instance handed inside a list": "python3 - <<'EOF'\nimport shutil, framework\nclass Job:\n    def run(self, path):\n        shutil.rmtree(path)\nj = Job()\nj.run('build')\nframework.submit([j])\nEOF",
    "instance handed to a framework": "python3 - <<'EOF'\nimport shutil, framework\nclass Job:\n    def run(self, path):\n        shutil.rmtree(path)\nj = Job()\nj.run('build')\nframework.submit(j)\nEOF",
    "attributes set by argparse": "python3 - <<'EOF'\nimport shutil, argparse\nclass Opts:\n    def __init__(self):\n        self.out = 'build'\n    def clean(self):\n        shutil.rmtree(self.out)\no = Opts()\nargparse.ArgumentParser().parse_args(namespace=o)\no.clean()\nEOF",
    "class list appended": "python3 - <<'EOF'\nimport shutil, os\nclass P:\n    DIRS = ['build']\nP.DIRS.append(os.path.expanduser('~/src'))\nfor d in P.DIRS:\n    shutil.rmtree(d)\nEOF",
    "list changed through the attribute": "python3 - <<'EOF'\nimport shutil, os\nclass B:\n    def __init__(self):\n        self.dirs = ['build']\n    def clean(self):\n        for d in self.dirs:\n            shutil.rmtree(d)\nb = B()\nb.dirs.append(os.path.expanduser('~/src'))\nb.clean()\nEOF",
    "dict changed through another name": "python3 - <<'EOF'\nimport shutil, os\ncfg = {'dir': 'build'}\nclass B:\n    def __init__(self, c):\n        self.cfg = c\n    def clean(self):\n        shutil.rmtree(self.cfg['dir'])\nb = B(cfg)\ncfg['dir'] = os.path.expanduser('~/src')\nb.clean()\nEOF",
    "self.root home": "python3 - <<'EOF'\nimport shutil\nfrom pathlib import Path\nclass W:\n    def __init__(self):\n        self.root = Path.home() / \"work\"\n    def reset(self):\n        shutil.rmtree(self.root)\nW().reset()\nEOF",
    "set twice": "python3 - <<'EOF'\nimport shutil, os\nclass B:\n    def __init__(self):\n        self.root = \"build\"\n    def clean(self):\n        shutil.rmtree(self.root)\nb = B()\nb.root = os.path.expanduser(\"~\")\nb.clean()\nEOF",
    "arg": "python3 - <<'EOF'\nimport shutil, os\nclass B:\n    def __init__(self, r):\n        self.root = r\n    def clean(self):\n        shutil.rmtree(self.root)\nB(\"build\").clean()\nB(os.environ[\"HOME\"]).clean()\nEOF",
    "thread": "python3 - <<'EOF'\nimport shutil, threading\nclass B:\n    def __init__(self):\n        self.root = \"build\"\n    def clean(self, p):\n        shutil.rmtree(p)\nb = B()\nb.clean(\"build\")\nthreading.Thread(target=b.clean, args=(\"/home/u/data\",)).start()\nEOF",
    "dataclass victim": "python3 - <<'EOF'\nimport shutil, os\nfrom dataclasses import dataclass\n@dataclass\nclass Job:\n    out: str = \"build\"\nshutil.rmtree(Job(os.path.expanduser(\"~/src\")).out)\nEOF",
    "class attr home": "python3 - <<'EOF'\nimport shutil\nfrom pathlib import Path\nclass Paths:\n    DATA = Path.home() / \"Documents\"\nshutil.rmtree(Paths.DATA)\nEOF",
    "class attr reassigned": "python3 - <<'EOF'\nimport shutil, os\nclass Paths:\n    BUILD = \"build\"\nPaths.BUILD = os.path.expanduser(\"~\")\nshutil.rmtree(Paths.BUILD)\nEOF",
    "getattr": "python3 - <<'EOF'\nimport shutil\nclass B:\n    def clean(self, p):\n        shutil.rmtree(p)\nb = B()\nb.clean(\"build\")\ngetattr(b, \"clean\")(\"/home/u/x\")\nEOF",
    "subclass": "python3 - <<'EOF'\nimport shutil\nclass B:\n    def __init__(self):\n        self.root = \"build\"\n    def clean(self):\n        shutil.rmtree(self.root)\nclass C(B):\n    def __init__(self):\n        self.root = \"/home/u\"\nB().clean()\nC().clean()\nEOF",
    "setattr": "python3 - <<'EOF'\nimport shutil\nclass B:\n    def __init__(self):\n        self.root = \"build\"\n    def clean(self):\n        shutil.rmtree(self.root)\nb = B()\nsetattr(b, \"root\", \"/home/u\")\nb.clean()\nEOF",
    "class handed to builtins.setattr": "python3 - <<'EOF'\nimport shutil, os, builtins\nclass P:\n    root = 'build'\nbuiltins.setattr(P, 'root', os.path.expanduser('~'))\nshutil.rmtree(P.root)\nEOF",
    "class handed to mock.patch.object": "python3 - <<'EOF'\nimport shutil, os\nfrom unittest import mock\nclass P:\n    root = 'build'\nmock.patch.object(P, 'root', os.path.expanduser('~')).start()\nshutil.rmtree(P.root)\nEOF",
    "class handed to setattr by another name": "python3 - <<'EOF'\nimport shutil, os\nfrom builtins import setattr as put\nclass P:\n    root = 'build'\nput(P, 'root', os.path.expanduser('~'))\nshutil.rmtree(P.root)\nEOF",
    "class handed to a setter made at run time": "python3 - <<'EOF'\nimport shutil, os\nclass P:\n    root = 'build'\ng = getattr(__builtins__, 'set' + 'attr')\ng(P, 'ro' + 'ot', os.path.expanduser('~'))\nshutil.rmtree(P.root)\nEOF",
    "method never called": "python3 - <<'EOF'\nimport shutil\nclass B:\n    def clean(self, p):\n        shutil.rmtree(p)\nB()\nEOF",
    "unittest": "python3 - <<'EOF'\nimport shutil, unittest\nclass T(unittest.TestCase):\n    def test_x(self):\n        shutil.rmtree(\"/home/u/data\")\nunittest.main()\nEOF"
}


@pytest.mark.parametrize("line", list(RUNS.values()), ids=list(RUNS))
def test_an_attribute_holding_the_project_s_output_runs(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict


@pytest.mark.parametrize("line", list(ASKS.values()), ids=list(ASKS))
def test_an_attribute_that_may_hold_a_victim_asks(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision in (Decision.CONFIRM, Decision.DENY), verdict


def _py(code: str) -> str:
    return "python3 - <<'EOF'\n" + code + "\nEOF"


# pytest gives a test's or a fixture's `tmp_path` / `tmpdir` a fresh temporary directory
PYTEST_SCRATCH = {
    "fixture": _py("import pytest, shutil\n@pytest.fixture\ndef workdir(tmp_path):\n"
                   "    d = tmp_path / 'w'\n    d.mkdir()\n    yield d\n    shutil.rmtree(d)"),
    "test tmpdir": _py("import shutil, os\ndef test_x(tmpdir):\n"
                       "    shutil.rmtree(os.path.join(tmpdir, 'w'))"),
}
PYTEST_NOT_SCRATCH = {
    "above tmp_path": _py("import shutil\ndef test_x(tmp_path):\n"
                          "    shutil.rmtree(tmp_path.parent.parent)"),
    "a helper's tmp_path": _py("import shutil\ndef helper(tmp_path):\n    shutil.rmtree(tmp_path)\n"
                               "helper('/home/u')"),
    "a test called by the code": _py("import shutil\ndef test_x(tmp_path):\n"
                                     "    shutil.rmtree(tmp_path)\ntest_x('/home/u/data')"),
}


@pytest.mark.parametrize("line", list(PYTEST_SCRATCH.values()), ids=list(PYTEST_SCRATCH))
def test_pytest_s_tmp_path_is_scratch(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict


@pytest.mark.parametrize("line", list(PYTEST_NOT_SCRATCH.values()), ids=list(PYTEST_NOT_SCRATCH))
def test_tmp_path_given_by_a_caller_is_not(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision in (Decision.CONFIRM, Decision.DENY), verdict


def test_a_relative_glob_in_a_project_under_tmp_is_not_a_tmp_path(builtin_policy) -> None:
    """The held-out scorer checks from an empty temporary directory: `Path(".").rglob(
    "__pycache__")` deleted by code is `rm -rf './**/__pycache__'` in the project, not a tree
    the code names under /tmp (INT013); an absolute /tmp path still is."""
    from agentsh.engine.model import Context

    ctx = Context(cwd="/tmp/agentsh-x/cwd", env=(("HOME", "/tmp/agentsh-x/home"),
                                                 ("TMPDIR", "/tmp/agentsh-x/tmp")),
                  read_file=lambda path: None)
    line = ("python3 -c \"import shutil, pathlib; [shutil.rmtree(p) for p in "
            "pathlib.Path('.').rglob('__pycache__')]\"")
    assert classify(line, builtin_policy, ctx).decision == Decision.ALLOW
    named = "python3 -c \"import shutil; shutil.rmtree('/tmp/demo')\""
    assert classify(named, builtin_policy, ctx).decision == Decision.CONFIRM


# JavaScript and PHP: `this.outDir = "dist"` / `$this->root = "build"` in a class's constructor,
# set nowhere else
JS_RUNS = {
    "php field of the build output": "php <<'EOF'\n<?php\nclass Cleaner {\n    private $root;\n    public function __construct() { $this->root = \"build\"; }\n    public function run() { system(\"rm -rf {$this->root}/data\"); }\n}\n(new Cleaner())->run();\nEOF",
    "this.outDir in the constructor": "node <<'EOF'\nconst fs = require(\"fs\");\nclass Bundler {\n  constructor() { this.outDir = \"dist\"; }\n  clean() { fs.rmSync(this.outDir, { recursive: true, force: true }); }\n}\nnew Bundler().clean();\nEOF"
}

JS_ASKS = {
    "php field of a system path": "php <<'EOF'\n<?php\nclass Cleaner {\n    private $root;\n    public function __construct() { $this->root = \"/srv\"; }\n    public function run() { system(\"rm -rf {$this->root}/data\"); }\n}\n(new Cleaner())->run();\nEOF",
    "php field set again": "php <<'EOF'\n<?php\nclass Cleaner {\n    private $root;\n    public function __construct() { $this->root = \"build\"; }\n    public function run() { system(\"rm -rf {$this->root}/data\"); }\n}\n$c = new Cleaner(); $c->root = getenv('HOME'); $c->run();\nEOF",
    "php subclass without the parent constructor": "php <<'EOF'\n<?php\nclass Cleaner {\n    private $root;\n    public function __construct() { $this->root = \"build\"; }\n    public function run() { system(\"rm -rf {$this->root}/data\"); }\n}\nclass Sub extends Cleaner { public function __construct() {} }\n(new Sub())->run();\nEOF",
    "php field from a parameter": "php <<'EOF'\n<?php\nclass C {\n  private $root;\n  public function __construct($r) { $this->root = $r; }\n  public function run() { system(\"rm -rf {$this->root}/data\"); }\n}\n(new C(getenv(\"HOME\")))->run();\nEOF",

    "this.root of the home": "node <<'EOF'\nconst fs = require(\"fs\"), os = require(\"os\");\nclass C {\n  constructor() { this.root = os.homedir() + \"/.config\"; }\n  clear() { fs.rmSync(this.root, { recursive: true, force: true }); }\n}\nnew C().clear();\nEOF",
    "field set again on the instance": "node <<'EOF'\nconst fs = require(\"fs\"), os = require(\"os\");\nclass B {\n  constructor() { this.outDir = \"dist\"; }\n  clean() { fs.rmSync(this.outDir, { recursive: true }); }\n}\nconst b = new B(); b.outDir = os.homedir(); b.clean();\nEOF",
    "method run with another this": "node <<'EOF'\nconst fs = require(\"fs\"), os = require(\"os\");\nclass B {\n  constructor() { this.outDir = \"dist\"; }\n  clean() { fs.rmSync(this.outDir, { recursive: true }); }\n}\nB.prototype.clean.call({ outDir: os.homedir() });\nEOF",
    "Object.assign(this, ...)": "node <<'EOF'\nconst fs = require(\"fs\"), os = require(\"os\");\nclass B {\n  constructor(o) { this.outDir = \"dist\"; Object.assign(this, o); }\n  clean() { fs.rmSync(this.outDir, { recursive: true }); }\n}\nnew B({outDir: os.homedir()}).clean();\nEOF",
    "field from a parameter": "node <<'EOF'\nconst fs = require(\"fs\"), os = require(\"os\");\nclass B {\n  constructor(d) { this.outDir = d; }\n  clean() { fs.rmSync(this.outDir, { recursive: true }); }\n}\nnew B(os.homedir()).clean();\nEOF",
    "method's own parameter": "node <<'EOF'\nconst fs = require(\"fs\"), os = require(\"os\");\nclass B {\n  constructor() { this.outDir = \"dist\"; }\n  clean(p) { fs.rmSync(p, { recursive: true }); }\n}\nnew B().clean(os.homedir());\nEOF"
}


@pytest.mark.parametrize("line", list(JS_RUNS.values()), ids=list(JS_RUNS))
def test_a_js_constant_field_runs(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict


@pytest.mark.parametrize("line", list(JS_ASKS.values()), ids=list(JS_ASKS))
def test_a_js_field_that_may_hold_a_victim_asks(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision in (Decision.CONFIRM, Decision.DENY), verdict
