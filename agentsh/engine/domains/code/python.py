"""Python, through the standard library's `ast`: calls are resolved to the functions they name.

`import subprocess as sp; sp.run([...])` is `subprocess.run`, `from shutil import rmtree` is
`shutil.rmtree`, and `cursor.execute` is a method on some object, never the built-in `exec`.
Values are evaluated as far as the text shows (literals, f-strings, `+`, `%`, `.format`,
`os.path.join`, `Path / 'x'`, `json.dumps`, names assigned earlier, loops over literal lists),
`exec()`/`eval()` of code that is visible is that code, analyzed in place, and a path the code
made with `tempfile` is scratch.

A call of a function the code defines, or one a project module it imports defines
(`helpers.clean(os.path.expanduser("~/data"))`), is connected to the body: the call's arguments
are bound to the parameters (positions, keywords, defaults, `*args`, `**kwargs`) and the body is
walked with them, within the bounds of `semantics.Shared` (calls deep, calls per analysis); its `return`
value is the call's value. A function is also walked where it is defined, with parameters only
known at run time; those effects count only when the function is not connected at every use
(handed on as a value, decorated, a method, a call past the bounds)."""

from __future__ import annotations

import _ast as ast  # the node classes, without the `ast` module's import cost
import re

from agentsh.engine import work
from agentsh.engine.domains.code.model import (
    Const,
    Exec,
    Hole,
    Obj,
    Ref,
    Seq,
    Shell,
    Text,
    Unparsed,
    concat,
    file_source,
    from_json,
    hole,
    literal,
    method_of,
    text,
    to_json,
    unknown,
)
from agentsh.engine.domains.code.semantics import (
    Knobs,
    Recorder,
    Shared,
    argv_text,
    aws_service,
    body_text,
    derived,
    may_do_harm,
    shell_word,
    target_of,
)

MAX_DEPTH = 4  # exec() inside exec() ...
MAX_NODES = 200_000
LOOP_ITEMS = 16

SHELL_CALLS = frozenset(("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
                         "commands.getoutput", "commands.getstatusoutput", "os.popen2", "os.popen3",
                         "asyncio.create_subprocess_shell", "platform.popen"))
ARGV_CALLS = frozenset(("subprocess.run", "subprocess.call", "subprocess.check_call",
                        "subprocess.check_output", "subprocess.Popen", "pty.spawn",
                        "sh.Command", "plumbum.local"))
# modules whose attributes are programs (`sh.rm(...)`), and their names that are not programs
PROGRAM_MODULES = ("sh.", "plumbum.cmd.")
PROGRAM_MODULE_API = frozenset(("Command", "ErrorReturnCode", "CommandNotFound", "RunningCommand",
                                "SignalException", "TimeoutException", "bake", "contrib",
                                "pushd", "glob", "which", "ErrorReturnCode_1"))
VARARGS_CALLS = frozenset(("asyncio.create_subprocess_exec", "os.execl", "os.execlp",
                           "os.execle", "os.execlpe", "os.spawnl", "os.spawnlp"))
EXEC_CALLS = frozenset(("os.execv", "os.execvp", "os.execve", "os.execvpe", "os.spawnv",
                        "os.spawnvp", "os.spawnve", "os.spawnvpe", "os.posix_spawn",
                        "os.posix_spawnp"))
DELETE_FILE = frozenset(("os.remove", "os.unlink"))
DELETE_TREE = frozenset(("shutil.rmtree", "distutils.dir_util.remove_tree"))
# calls that replace or empty a file: the command doing the same, and how many operands it takes
OVERWRITES = {"os.replace": ("mv -f", 2), "os.rename": ("mv -f", 2), "shutil.move": ("mv -f", 2),
              "shutil.copyfile": ("cp", 2), "shutil.copy": ("cp", 2), "shutil.copy2": ("cp", 2),
              "os.truncate": ("truncate -s 0", 1), "os.link": ("ln -f", 2),
              "os.symlink": ("ln -s", 2)}
CALLED_LATER = SHELL_CALLS | ARGV_CALLS | VARARGS_CALLS | EXEC_CALLS | DELETE_FILE | DELETE_TREE | \
    frozenset(OVERWRITES)
TEMP_PATHS = frozenset(("tempfile.mkdtemp", "tempfile.gettempdir", "tempfile.mktemp",
                        "tempfile.TemporaryDirectory", "tempfile.gettempdirb"))
TEMP_FILES = frozenset(("tempfile.NamedTemporaryFile", "tempfile.TemporaryFile",
                        "tempfile.SpooledTemporaryFile"))
HTTP_MODULES = ("requests", "httpx")
SESSIONS = frozenset(("requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient",
                      "aiohttp.ClientSession", "urllib3.PoolManager", "urllib3.HTTPConnectionPool",
                      "urllib3.HTTPSConnectionPool", "requests_futures.sessions.FuturesSession"))
CONNECTIONS = {"http.client.HTTPConnection": "http://", "http.client.HTTPSConnection": "https://",
               "httplib.HTTPConnection": "http://", "httplib.HTTPSConnection": "https://"}
URLOPEN = frozenset(("urllib.request.urlopen", "urllib2.urlopen", "urllib.urlopen"))
# WebSocket clients (websocket-client, websockets): each message `send` writes to the URL
# (review-f, session 30: the incident's mutation read from a file and sent over one ran)
WEBSOCKET_CONNECT = frozenset(("websocket.create_connection", "websockets.connect",
                               "websockets.client.connect", "websockets.sync.client.connect",
                               "websockets.asyncio.client.connect", "aiohttp.ClientSession.ws_connect"))
WEBSOCKET_SENDS = frozenset(("send", "send_text", "send_binary", "send_str", "send_bytes",
                             "send_json", "sendall"))
REQUEST_CLASS = frozenset(("urllib.request.Request", "urllib2.Request"))
DB_CONNECT = frozenset(("sqlite3.connect", "psycopg2.connect", "psycopg.connect",
                        "pymysql.connect", "MySQLdb.connect", "mysql.connector.connect",
                        "sqlalchemy.create_engine", "asyncpg.connect", "asyncpg.create_pool",
                        "aiosqlite.connect", "duckdb.connect", "psycopg.AsyncConnection.connect",
                        "pyodbc.connect", "cx_Oracle.connect", "oracledb.connect",
                        "snowflake.connector.connect", "clickhouse_driver.Client",
                        "sqlalchemy.ext.asyncio.create_async_engine"))
MONGO_CLIENTS = frozenset(("pymongo.MongoClient", "motor.motor_asyncio.AsyncIOMotorClient",
                           "mongomock.MongoClient"))
PASS_THROUGH = frozenset(("str", "os.fspath", "os.path.abspath", "os.path.realpath",
                          "os.path.normpath", "sqlalchemy.text", "sqlalchemy.sql.text",
                          "shlex.quote", "pipes.quote", "textwrap.dedent", "compile",
                          "gql.gql", "gql", "bytes", "bytearray"))
EXE_GETTER = r"^get_?([a-z0-9]+)_?(?:exe|executable|bin|binary|path)$"
# SDK model classes of parameters (`DeleteRetentionPolicy(enabled=False)`, `BackupConfiguration`)
SDK_MODEL = r"^[A-Z]\w*(?:Policy|Properties|Configuration|Settings|Config)$"
DECODE = frozenset(("base64.b64decode", "base64.urlsafe_b64decode", "base64.b32decode",
                    "base64.b16decode", "base64.a85decode", "base64.decodebytes",
                    "binascii.unhexlify", "bytes.fromhex"))


def parse(code: str, mode: str = "exec"):
    return compile(code, "<code>", mode, ast.PyCF_ONLY_AST, dont_inherit=True)


def iter_child_nodes(node):
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    yield item


def analyze(code: str, knobs: Knobs, project: tuple = (), whole: bool = True) -> list:
    """The effects of `code`; `project`: (dotted name, text, is package) of the project modules
    it may load, whose functions its calls are connected to; `whole`: compiled as a whole
    before any of it runs (not at an interactive prompt, which runs each statement)."""
    try:
        tree = parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        tree = _newer_fstrings(code) if isinstance(exc, SyntaxError) else None
        if tree is None:
            if whole and _never_compiles(code, exc):
                return []  # Python compiles the whole text before running any of it
            if may_do_harm(code):
                return [Unparsed(f"Python that cannot be parsed ({type(exc).__name__})")]
            return []
    walker = Walker(Recorder(knobs), {}, 0)
    walker.shared = Shared({name: (text, package) for name, text, package in project})
    # only code that defines a class has attributes and methods to follow
    walker.attrs = Attributes(tree) if "class" in code else None
    walker.scratch_orm = _orm_in_memory(tree)
    try:
        walker.block(tree.body)
    except RecursionError:
        _undeferred(walker)
        return walker.rec.finish() + [Unparsed("Python nested too deeply to follow")]
    _undeferred(walker)
    return walker.rec.finish()


def _never_compiles(code: str, exc: BaseException) -> bool:
    """An indentation error that every Python 3 reports the same way (`unexpected indent` on a
    line after an unindented first one: round 10): the interpreter compiles the whole text first
    and runs none of it. Not with tabs, form feeds or carriage returns (versions and editors
    differ there), nor where the first line is indented (IPython strips a cell's leading
    indentation and runs it)."""
    if not isinstance(exc, IndentationError) or isinstance(exc, TabError) or \
            any(c in code for c in "\t\x0c\r"):
        return False
    first = next((line for line in code.split("\n") if line.strip()), "")
    return bool(first) and not first[0].isspace()


class Attributes:
    """What the code does with attributes, counted once over its whole tree: an instance's
    attribute is followed (`self.root = "build"` in `__init__`, read as `self.root`) only where
    nothing else could change it, and a method's unknown-parameter effects are set aside only
    where every mention of its name is a connected call."""

    __slots__ = ("stores", "mentions", "strings", "loads", "constructed", "dynamic", "instances",
                 "handed", "bases")

    def __init__(self, tree) -> None:
        self.stores: dict[str, int] = {}  # attribute name -> store/del sites (`x.a = v`)
        self.mentions: dict[str, int] = {}  # attribute name -> every `x.a`
        self.strings: set[str] = set()  # string constants (`getattr(o, "a")`)
        self.loads: dict[str, int] = {}  # name -> loads (`C`, `C(...)`, `Base`)
        self.constructed: dict[str, int] = {}  # name -> calls of it by name (`C(...)`)
        self.dynamic = False  # setattr, __dict__, vars(), __setattr__: any attribute may change
        self.instances: dict[str, dict] = {}  # an instance's name -> its attributes
        self.handed: set[int] = set()  # classes an instance of which went to code not followed
        self.bases: dict[str, int] = {}  # name -> loads as an attribute's base (`C.x`)
        for node in _walk(tree):
            if isinstance(node, ast.Attribute):
                self.mentions[node.attr] = self.mentions.get(node.attr, 0) + 1
                if isinstance(node.value, ast.Name):
                    self.bases[node.value.id] = self.bases.get(node.value.id, 0) + 1
                if not isinstance(node.ctx, ast.Load):
                    self.stores[node.attr] = self.stores.get(node.attr, 0) + 1
                if node.attr in ("__dict__", "__setattr__", "__class__"):
                    self.dynamic = True
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self.loads[node.id] = self.loads.get(node.id, 0) + 1
                if node.id in ("setattr", "vars", "delattr", "exec", "eval"):
                    self.dynamic = True
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                self.constructed[node.func.id] = self.constructed.get(node.func.id, 0) + 1
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    len(node.value) < 80:
                self.strings.add(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Attribute):
                self.stores[node.target.attr] = self.stores.get(node.target.attr, 0) + 1

    def plain_class(self, node, made_here: bool = True) -> bool:
        """A class with no base, no decorator but a dataclass, not named in a string; with
        `made_here`, also used only by calling it by name (no subclass, no class handed on to a
        framework): its instances are the ones the walk makes."""
        name = node.name
        # used otherwise than as `C.x` or `C(...)`: handed to code that may set its attributes
        # (`mock.patch.object(C, "x", v)`, `builtins.setattr(C, "x", v)`, `s = setattr; s(C,
        # ...)`), which the counts of stores and names do not see
        escapes = self.loads.get(name, 0) > self.bases.get(name, 0) + \
            self.constructed.get(name, 0)
        return not node.bases and not node.keywords and \
            all("dataclass" in _source(d) for d in node.decorator_list) and \
            name not in self.strings and not self.dynamic and not escapes and \
            (not made_here or self.loads.get(name, 0) == self.constructed.get(name, 0))


def _walk(tree):
    """Every node of `tree`, itself first (`ast.walk` without importing `ast`)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(iter_child_nodes(node))


class Function:
    """A function the code defines: its node, the scope it was defined in (read at call time,
    as Python does), its default values, the package it belongs to (for relative imports), and
    what walking it with unknown parameters found (`deferred`)."""

    __slots__ = ("node", "env", "defaults", "kw_defaults", "package", "deferred", "connected",
                 "escaped", "methods", "key", "owner", "sites")

    def __init__(self, node, env: dict, defaults: list, kw_defaults: list, package: str) -> None:
        self.node = node
        self.env = env
        self.defaults = defaults
        self.kw_defaults = kw_defaults
        self.package = package
        self.deferred: tuple = ((), ())  # (effects, scanned values) of the walk where defined
        self.connected = False
        self.escaped = False  # used otherwise than by a connected call
        self.methods: dict | None = None  # a class: its namespace
        self.key = 0  # its index in Shared.defs
        self.owner: Function | None = None  # a method: its class
        self.sites: set[int] = set()  # a method: the call nodes connected to it


def _undeferred(walker: Walker) -> None:
    """Effects found where a function is defined count unless every use of it was connected."""
    attrs = walker.attrs
    for fn in walker.shared.defs:
        effects, scanned = fn.deferred
        if fn.owner is not None and attrs is not None and fn.connected and \
                not fn.node.decorator_list and attrs.plain_class(fn.owner.node) and \
                fn.owner.key not in attrs.handed:
            name = fn.node.name
            if name == "__init__" or not name.startswith("__") and name not in attrs.strings \
                    and attrs.mentions.get(name, 0) == len(fn.sites):
                fn.escaped = False  # every use of the method is a connected call
        if (effects or scanned) and (fn.escaped or not fn.connected):
            walker.rec.fx += effects
            walker.rec.scanned += scanned


class Walker:
    def __init__(self, rec: Recorder, env: dict, depth: int) -> None:
        self.rec = rec
        self.env = env
        self.depth = depth
        self.budget = [MAX_NODES]
        self.scratch_orm = False  # every database the script configures is in memory
        self.shared = Shared({})
        self.package = ""  # the dotted package relative imports start from
        self.returns: list | None = None  # values of `return` in a connected call's body
        self.quiet = False  # a project module's scope being built: function bodies not walked
        self.in_class = False
        self.owner: Function | None = None  # the class whose body is being walked
        self.attrs: Attributes | None = None
        self.initializing: str | None = None  # a connected `__init__`: its instance's name
        self.outer: dict | None = None  # a connected call's defining scope (`global x` writes it)
        self.shares: set[str] = set()  # names `global`/`nonlocal` makes the outer scope's
        # a function body walked where it is defined: the names it binds, and the names it
        # changes in place or declares global (those it does not bind are the enclosing scope's)
        self.own: set[str] | None = None
        self.changes: set[str] | None = None
        self.enclosing: dict | None = None  # a comprehension's enclosing scope (`:=` binds it)

    def child(self, env: dict | None = None) -> Walker:
        w = Walker(self.rec, dict(self.env) if env is None else env, self.depth)
        w.budget = self.budget
        w.scratch_orm = self.scratch_orm
        w.shared = self.shared
        w.package = self.package
        w.quiet = self.quiet
        w.own = self.own
        w.changes = self.changes
        w.attrs = self.attrs
        return w

    def forget_data(self) -> None:
        """Code that may give any name another value (`globals()[k] = v`, `vars()`,
        `sys.modules[__name__]`, `from m import *`): every string, list and dict name is only
        known at run time from here on (a function doing it, wherever it runs: `changed_apart`)."""
        for name, value in list(self.env.items()):
            if isinstance(value, (Text, Seq, Obj, Const)):
                self.replace(name, unknown(name))

    def apart(self, params: list[str]) -> Walker:
        """A walker for a function's body where it is defined (it runs later, or as a callback)."""
        inner = self.child()
        inner.own = set(params)
        inner.changes = set()
        for arg in params:
            inner.env[arg] = unknown(arg)
        return inner

    def changed_apart(self, inner: Walker) -> None:
        """After a function body was walked where it is defined: the enclosing names it changes
        (`dirs.append(x)` in a callback, `global T; T = x`) are only known at run time from here
        on, since it may run at any later point (a thread, map(), atexit): volatile."""
        free = inner.changes - inner.own  # type: ignore[operator]
        if not free:
            return
        self.shared.volatile |= free
        if self.changes is not None:
            self.changes |= free
        for name in free:
            if isinstance(self.env.get(name), (Text, Seq, Obj)):
                self.replace(name, unknown(name))

    # -------------------------------------------------------------- statements

    def block(self, body: list) -> None:
        for node in body:
            work.charge()
            self.stmt(node)

    def stmt(self, node: ast.stmt) -> None:
        self.budget[0] -= 1
        if self.budget[0] < 0:
            return
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    self.env[a.asname] = Ref("module", a.name)
                else:
                    root = a.name.split(".")[0]
                    self.env[root] = Ref("module", root)
        elif isinstance(node, ast.ImportFrom):
            mod = ("." * node.level) + (node.module or "")
            if node.level and self.package:  # `from .x import y` in a project module
                base = self.package.split(".")
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:
                if a.name != "*":
                    self.env[a.asname or a.name] = Ref("module", f"{mod}.{a.name}")
                else:  # `from cfg import *` may give any name another value
                    self.forget_data()
        elif isinstance(node, ast.Assign):
            value = self.ev(node.value)
            for target in node.targets:
                self.bind(target, value)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.bind(node.target, self.ev(node.value))
        elif isinstance(node, ast.AugAssign):
            current = self.ev(node.target) if isinstance(node.target, ast.Name) else unknown()
            value = self.ev(node.value)
            joined = self.binop(node.op, current, value)
            if isinstance(node.target, ast.Name) and isinstance(current, Seq):
                self.replace(node.target.id, joined)  # `+=` extends the list in place
            else:
                self.bind(node.target, joined)
        elif isinstance(node, ast.Expr):
            self.ev(node.value)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self.ev(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, self.entered(value))
            self.block(node.body)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.loop(node)
        elif isinstance(node, ast.If):
            self.ev(node.test)
            before = dict(self.env)
            self.block(node.body)
            taken = dict(self.env)
            self.env.clear()
            self.env.update(before)
            self.block(node.orelse)
            self.merge(taken)
        elif isinstance(node, ast.While):
            self.ev(node.test)
            self.repeat(node.body)
            self.block(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            before = dict(self.env)
            self.block(node.body)  # type: ignore[attr-defined]
            self.block(node.orelse)  # type: ignore[attr-defined]
            ends = [dict(self.env)]
            for handler in node.handlers:  # type: ignore[attr-defined]
                # a handler starts anywhere in the body: from before it, with what it may change
                self.env.clear()
                self.env.update(before)
                self.merge(ends[0])
                if handler.name:
                    self.env[handler.name] = unknown(handler.name)
                self.block(handler.body)
                ends.append(dict(self.env))
            for end in ends[:-1]:
                self.merge(end)
            self.block(node.finalbody)  # type: ignore[attr-defined]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.define(node)
        elif isinstance(node, ast.Return):
            value = self.ev(node.value) if node.value is not None else Const(None)
            if self.returns is not None:
                self.returns.append(value)
        elif isinstance(node, ast.ClassDef):
            for b in node.bases:
                self.ev(b)
            for d in node.decorator_list:
                self.ev(d)
            fn = self.register(Function(node, self.env, [], [], self.package))
            fn.escaped = True
            self.env[node.name] = Ref("func", node.name, fn.key)
            inner = self.child()
            inner.in_class = True
            inner.owner = fn if not self.quiet and self.attrs is not None else None
            inner.block(node.body)
            fn.methods = inner.env
        elif type(node).__name__ == "Match":
            self.ev(node.subject)  # type: ignore[attr-defined]
            before = dict(self.env)
            ends = []
            for case in node.cases:  # type: ignore[attr-defined]
                self.env.clear()
                self.env.update(before)
                self.block(case.body)
                ends.append(dict(self.env))
            self.env.clear()
            self.env.update(before)  # no case may match
            for end in ends:
                self.merge(end)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            if self.outer is not None:
                self.shares.update(node.names)
            if self.changes is not None:
                self.changes.update(node.names)
                self.own.difference_update(node.names)  # type: ignore[union-attr]
                self.shares.update(node.names)
        else:
            for child in iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.ev(child)
                elif isinstance(child, ast.stmt):
                    self.stmt(child)

    def merge(self, other: dict) -> None:
        """The names after one of two ways through the code (the branches of an `if`, a loop
        run or not): a name whose value differs is only known at run time, never the value one
        way gives (`p = "build"` in one branch, a victim in the other)."""
        env = self.env
        for name in set(env) | set(other):
            mine, theirs = env.get(name), other.get(name)
            if mine is not theirs and mine != theirs:
                env[name] = unknown(name)

    def repeat(self, body: list) -> None:
        """A loop's body, run any number of times: walked once, then again with the names it
        changes unknown (what a second pass sees), and left that way after the loop."""
        before = dict(self.env)
        self.block(body)
        self.merge(before)
        if any(self.env.get(k) is not before.get(k) for k in self.env):
            again = dict(self.env)
            self.block(body)
            self.merge(again)

    def define(self, node) -> None:
        """`def`: a Function to connect calls to, walked here with unknown parameters (those
        effects are set aside until the end: see `_undeferred`)."""
        for d in node.decorator_list:
            self.ev(d)
        defaults = [self.ev(d) for d in node.args.defaults]
        kw_defaults = [self.ev(d) if d is not None else None for d in node.args.kw_defaults]
        fn = self.register(Function(node, self.env, defaults, kw_defaults, self.package))
        fn.escaped = bool(node.decorator_list) or self.in_class  # a framework or an instance calls it
        fn.owner = self.owner if self.in_class and self.attrs is not None else None
        self.env[node.name] = Ref("func", node.name, fn.key)
        if self.quiet:
            return
        rec = self.rec
        marks = (len(rec.fx), len(rec.scanned))
        inner = self.apart(_params(node.args))
        if _pytest_made(node):  # pytest gives `tmp_path`/`tmpdir` a fresh temporary directory
            for name in ("tmp_path", "tmpdir"):
                if name in inner.env:
                    inner.env[name] = Ref("path", "path", hole("temp", name))
        inner.in_class = False
        inner.returns = []
        inner.block(node.body)
        self.changed_apart(inner)
        fn.deferred = (rec.fx[marks[0]:], rec.scanned[marks[1]:])
        del rec.fx[marks[0]:], rec.scanned[marks[1]:]

    def register(self, fn: Function) -> Function:
        fn.key = len(self.shared.defs)
        self.shared.defs.append(fn)
        return fn

    def function_of(self, value) -> Function | None:
        if isinstance(value, Ref) and value.kind == "func" and isinstance(value.data, int):
            return self.shared.defs[value.data]
        if isinstance(value, Ref) and value.kind == "module" and self.shared.project:
            return self.function_of(self.project_member(value.name))
        return None

    def project_member(self, qual: str, hops: int = 0):
        """What a dotted name is in the project's modules (`helpers.clean`, `pkg.ops.wipe`, a
        name a package's `__init__` imports from its own module), or None."""
        project = self.shared.project
        head, _, rest = qual.rpartition(".")
        tail = [rest]
        while head and hops < 4:
            if head in project:
                value = self.module_env(head).get(tail[-1])
                if len(tail) > 1 and isinstance(value, Ref) and value.kind == "module":
                    return self.project_member(f"{value.name}.{'.'.join(reversed(tail[:-1]))}",
                                               hops + 1)
                if len(tail) == 1 and isinstance(value, Ref) and value.kind == "module" and \
                        value.name != qual:
                    return self.project_member(value.name, hops + 1)
                return value if len(tail) == 1 else None
            head, _, last = head.rpartition(".")
            tail.append(last)
        return None

    def module_env(self, name: str) -> dict:
        """A project module's top-level names, from walking it quietly once per analysis."""
        envs = self.shared.module_envs
        if name not in envs:
            envs[name] = {}
            text, is_package = self.shared.project[name]
            try:
                tree = parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return envs[name]
            walker = Walker(Recorder(self.rec.knobs), envs[name], self.depth)
            walker.budget = self.budget
            walker.shared = self.shared
            walker.package = name if is_package else name.rpartition(".")[0]
            walker.quiet = True
            walker.block(tree.body)
        return envs[name]

    def connect(self, fn: Function, args: list, kwargs: dict, certain: bool, node,
                initializing: str | None = None):
        """A call of a function the code or the project defines: its body walked with the
        call's arguments bound to its parameters. The call's value, or None when the call is
        past the bounds (the function then counts as not connected)."""
        shared = self.shared
        key = fn.key
        if isinstance(fn.node, ast.ClassDef):  # a class: an instance, `__init__` connected
            attrs = self.attrs
            name = fn.node.name
            if attrs is not None and attrs.plain_class(fn.node) and fn.methods is not None:
                name = f"{fn.node.name}#{len(attrs.instances)}"
                attrs.instances[name] = {}
            instance = Ref("instance", name, key)
            if fn.methods is None:  # made inside its own body (`def copy(self): return P(self)`)
                return instance
            init = self.function_of(fn.methods.get("__init__"))
            if init is not None:
                self.connect(init, [instance] + args, kwargs, certain, node, initializing=name)
            elif fn.node.decorator_list and name in (attrs.instances if attrs else {}):
                attrs.instances[name] = _fields(fn, args, kwargs, certain, attrs)  # a dataclass
            return instance
        if not shared.may_connect(key) or self.budget[0] < 1000:
            fn.escaped = True
            fn.owner = None  # past the bounds: its effects count (`_undeferred`)
            return None
        shared.calls += 1
        fn.connected = True
        inner = Walker(self.rec, dict(fn.env), self.depth)
        inner.budget = self.budget
        inner.scratch_orm = self.scratch_orm
        inner.shared = shared
        inner.package = fn.package
        inner.env.update(_bound(fn, args, kwargs, certain))
        inner.returns = []
        inner.outer = fn.env
        inner.attrs = self.attrs
        inner.initializing = initializing
        shared.stack.append(key)
        try:
            inner.block(fn.node.body)
        finally:
            shared.stack.pop()
        for name in inner.shares:  # `global x; x = ...` changed the defining scope's x
            fn.env[name] = inner.env.get(name, unknown(name))
        values = [v for v in inner.returns if not (isinstance(v, Const) and v.value is None)]
        if not values:
            return derived(*args)
        # several `return`s: the call's value is one of them, only known at run time unless
        # they agree
        return values[0] if all(v == values[0] for v in values) else unknown(fn.node.name)

    def loop(self, node) -> None:
        iterable = self.ev(node.iter)
        base = self.walked_tree(node)
        if base is not None:
            # every file (or folder) `os.walk(base)` yields deleted, with no condition: the tree
            self.rec.delete(base, True, "os.walk + delete of each entry")
        if not self.scratch_orm and _deletes_each_row(
                node, isinstance(iterable, Ref) and iterable.kind == "rows"):
            # `for o in Order.objects.all(): o.delete()`: every row, one at a time
            self.rec.store("sql.delete_all", f"{_source(node.iter)}() deleted row by row")
        items = _items(iterable)
        if items is not None and 0 < len(items) <= LOOP_ITEMS and self.budget[0] > 1000:
            for item in items:
                self.bind(node.target, item)
                self.block(node.body)
        else:
            before = dict(self.env)
            self.bind(node.target, _element(iterable))
            self.repeat(node.body)
            self.merge(before)  # it may run no time at all
        self.block(node.orelse)

    def walked_tree(self, node):
        """`for root, dirs, files in os.walk(B): for f in files: os.remove(os.path.join(root,
        f))` (or `shutil.rmtree(os.path.join(root, d))` for each of `dirs`, `os.rmdir`):
        every entry under B deleted, unconditionally. Returns B's value, else None. A delete
        under an `if` (`if f.endswith(".pyc")`) is a filter, and is not this."""
        it = node.iter
        if not isinstance(it, ast.Call) or not it.args or \
                self.ev(it.func) != Ref("module", "os.walk") or \
                not isinstance(node.target, ast.Tuple) or len(node.target.elts) != 3 or \
                not all(isinstance(e, ast.Name) for e in node.target.elts):
            return None
        root, dirs, files = (e.id for e in node.target.elts)
        for inner in node.body:
            if not isinstance(inner, ast.For) or not isinstance(inner.iter, ast.Name) or \
                    inner.iter.id not in (dirs, files) or not isinstance(inner.target, ast.Name):
                continue
            for stmt in inner.body:
                call = stmt.value if isinstance(stmt, ast.Expr) else None
                if not isinstance(call, ast.Call) or not call.args:
                    continue
                callee = self.ev(call.func)
                if not (isinstance(callee, Ref) and callee.kind == "module" and
                        callee.name in DELETE_FILE | DELETE_TREE | {"os.rmdir"}):
                    continue
                joined = call.args[0]
                if isinstance(joined, ast.Call) and len(joined.args) == 2 and \
                        self.ev(joined.func) == Ref("module", "os.path.join") and \
                        [getattr(a, "id", None) for a in joined.args] == [root, inner.target.id]:
                    return self.ev(it.args[0])
        return None

    def bind(self, target, value) -> None:
        if isinstance(target, ast.Name):
            local = self.own is not None and target.id not in self.shares
            if local:
                self.own.add(target.id)  # type: ignore[union-attr]
            elif target.id in self.shared.volatile and isinstance(value, (Text, Seq, Obj)):
                value = unknown(target.id)  # changed where the walk in order cannot see
            self.env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value.items if isinstance(value, Seq) else None
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    self.bind(elt.value, unknown())
                    continue
                item = items[i] if items is not None and i < len(items) else derived(value)
                self.bind(elt, item)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, unknown())
        elif isinstance(target, ast.Subscript):
            self.store(target.value, self.ev(target.slice), value)
        elif isinstance(target, ast.Attribute):
            base = self.ev(target.value)
            attrs = self.attrs
            if isinstance(base, Ref) and base.kind == "instance" and attrs is not None and \
                    base.name in attrs.instances:
                # followed only when this is the one place the code sets it, in a connected
                # `__init__` of this instance; anything else leaves it only known at run time
                # (not a list or dict: changed in place through the attribute or another name,
                # `self.dirs.append(v)`, it would keep its old items here)
                exact = self.initializing == base.name and attrs.stores.get(target.attr) == 1 \
                    and not _container(value)
                attrs.instances[base.name][target.attr] = value if exact else unknown(target.attr)
            self.store(target.value, None, value)

    def store(self, base_node, key, value) -> None:
        """`c["dir"] = v`, `ds[0] = v`, `c.dir = v`: the container a name holds gets the value
        (a literal key of a dict, an index of a list); any other change to a container
        (`c[k] = v` with k only known at run time, an attribute of a dict) makes it unknown, so
        its old entries are not read as if it had not changed."""
        base = self.ev(base_node)
        root = base_node
        while isinstance(root, (ast.Subscript, ast.Attribute)):
            root = root.value
        if not isinstance(root, ast.Name) or not _container(self.env.get(root.id)):
            return
        if base_node is root and key is not None:
            updated = _stored(base, key, value)
            if updated is not None:
                self.replace(root.id, updated)
                return
        self.replace(root.id, unknown(root.id))

    def replace(self, name: str, value) -> None:
        """A name's container changed in place: every name holding the same container sees it
        (`b = a; b.append(x)` changes a)."""
        if self.changes is not None:
            self.changes.add(name)
        old = self.env.get(name)
        for k, v in list(self.env.items()):
            if v is old:
                self.env[k] = value
        self.env[name] = value

    def entered(self, value):
        """What `with VALUE as name` binds."""
        if isinstance(value, Ref) and value.kind == "tempdir":
            return value.data
        return value

    # -------------------------------------------------------------- expressions

    def ev(self, node):  # noqa: C901 - one dispatch over expression kinds
        self.budget[0] -= 1
        if node is None or self.budget[0] < 0:
            return unknown()
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, str):
                return text(v)
            if isinstance(v, bytes):
                return text(v.decode("latin-1"))
            return Const(v)
        if isinstance(node, ast.Name):
            if node.id in self.env:
                value = self.env[node.id]
                if isinstance(value, Ref) and value.kind == "func" and value.data is not None:
                    self.shared.defs[value.data].escaped = True  # handed on as a value
                return value
            if node.id in NAMESPACES:
                self.forget_data()  # the scope itself as a value: `globals()["p"] = victim`
            if node.id in BUILTINS:
                return Ref("module", node.id)
            return unknown(node.id)
        if isinstance(node, ast.JoinedStr):
            parts: tuple = ()
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts += (str(v.value),)
                    continue
                value = self.ev(v.value) if isinstance(v, ast.FormattedValue) else self.ev(v)
                if isinstance(v, ast.FormattedValue) and v.format_spec is not None:
                    self.ev(v.format_spec)
                parts += _as_parts(value, _name_of(getattr(v, "value", v)))
            return Text(tuple(p for p in parts if p != ""))
        if isinstance(node, ast.Attribute):
            return self.attribute(self.ev(node.value), node.attr, node)
        if isinstance(node, ast.Subscript):
            return self.subscript(self.ev(node.value), self.ev(node.slice))
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node.op, self.ev(node.left), self.ev(node.right))
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items: list = []
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    inner = self.ev(elt.value)
                    items += list(inner.items) if isinstance(inner, Seq) else [inner]
                else:
                    items.append(self.ev(elt))
            return Seq(tuple(items))
        if isinstance(node, ast.Dict):
            pairs = []
            for k, v in zip(node.keys, node.values, strict=False):
                value = self.ev(v)
                key = self.ev(k) if k is not None else None
                if key is None and isinstance(value, Obj):
                    pairs += list(value.items)
                elif isinstance(key, Text):
                    pairs.append((key.display(), value))
            return Obj(tuple(pairs))
        if isinstance(node, ast.IfExp):
            self.ev(node.test)
            a, b = self.ev(node.body), self.ev(node.orelse)
            return a if a == b else unknown("choice")  # either, only known at run time
        if isinstance(node, ast.BoolOp):
            return _either_of([self.ev(v) for v in node.values], isinstance(node.op, ast.Or))
        if isinstance(node, ast.NamedExpr):
            value = self.ev(node.value)
            self.bind(node.target, value)
            if self.enclosing is not None and isinstance(node.target, ast.Name):
                # in a comprehension, `:=` binds the enclosing scope's name, zero or more times
                self.enclosing[node.target.id] = unknown(node.target.id)
            return value
        if isinstance(node, ast.Lambda):
            inner = self.apart(_params(node.args))
            inner.ev(node.body)
            self.changed_apart(inner)
            return Ref("func", "lambda")
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            inner = self.child()
            inner.enclosing = self.env if self.enclosing is None else self.enclosing
            if len(node.generators) == 1:
                # `[rmtree(d) for d in ("dist", "build")]`: the element once per known item, as
                # a `for` loop over them is walked (else the item is only known at run time)
                gen = node.generators[0]
                iterable = inner.ev(gen.iter)
                items = _items(iterable)
                if items is not None and 0 < len(items) <= LOOP_ITEMS and \
                        self.budget[0] > 1000:
                    for item in items:
                        each = self.child()
                        each.enclosing = inner.enclosing
                        each.bind(gen.target, item)
                        for part in [*gen.ifs, *((node.key, node.value) if isinstance(
                                node, ast.DictComp) else (node.elt,))]:
                            each.ev(part)
                    return derived(iterable)
                inner.bind(gen.target, _element(iterable))
                for cond in gen.ifs:
                    inner.ev(cond)
                if isinstance(node, ast.DictComp):
                    inner.ev(node.key)
                    inner.ev(node.value)
                else:
                    inner.ev(node.elt)
                return derived(iterable)
            sources = []
            for gen in node.generators:
                iterable = inner.ev(gen.iter)
                sources.append(iterable)
                inner.bind(gen.target, _element(iterable))
                for cond in gen.ifs:
                    inner.ev(cond)
            if isinstance(node, ast.DictComp):
                inner.ev(node.key)
                inner.ev(node.value)
            else:
                inner.ev(node.elt)
            return derived(*sources)
        if isinstance(node, (ast.Await, ast.Starred, ast.Yield, ast.YieldFrom)):
            return self.ev(node.value)
        for child in iter_child_nodes(node):  # Compare, UnaryOp, Slice ...
            if isinstance(child, ast.expr):
                self.ev(child)
        return Const(None)

    def attribute(self, base, attr: str, node):
        attrs = self.attrs
        if isinstance(base, Ref) and attrs is not None and not attrs.dynamic and \
                base.kind in ("instance", "func") and isinstance(base.data, int):
            found = self.attribute_of(base, attr, attrs)
            if found is not None:
                return found
        if attr == "__dict__" or isinstance(base, Ref) and base.kind == "module" and \
                base.name == "__main__":
            self.forget_data()  # a module's names as a dict or attributes to change
        if isinstance(base, Ref):
            if base.kind == "module":
                qual = f"{base.name}.{attr}"
                if qual == "sys.executable":
                    return text("python3")
                if qual == "os.environ":
                    return Ref("environ", qual)
                if qual in ("os.curdir",):
                    return text(".")
                return Ref("module", qual)
            if base.kind == "sdk":
                return Ref("sdk", f"{base.name}.{attr}")
            if base.kind == "tempfile" and attr == "name":
                return base.data
            if base.kind == "tempdir" and attr == "name":
                return base.data
            if base.kind == "path":
                if attr in ("parent", "name", "stem", "suffix"):
                    return derived(base.data)
                return unknown(attr)
            if base.kind in ("http", "db", "mongo"):
                return base
            if base.kind == "unknown":
                return unknown(f"{base.name}.{attr}", base.data)
        return derived(base)

    def attribute_of(self, base: Ref, attr: str, attrs: Attributes):
        """`self.root` of an instance the walk made, `Paths.BUILD` of a class the code defines:
        the value its one assignment gave, or a class attribute nothing assigns elsewhere."""
        cls = self.shared.defs[base.data]
        if not isinstance(cls.node, ast.ClassDef) or cls.methods is None or \
                not attrs.plain_class(cls.node, base.kind == "instance"):
            return None
        if base.kind == "instance":
            if base.name not in attrs.instances:
                return None
            own = attrs.instances[base.name]
            if attr in own:
                return own[attr]
        value = cls.methods.get(attr)
        if value is None or attrs.stores.get(attr, 0) or isinstance(value, Ref) and \
                value.kind == "func" or _container(value):
            return None  # (a list or dict may change in place: `Paths.DIRS.append(v)`)
        return value

    def subscript(self, base, key):
        if isinstance(base, Ref) and base.kind == "module" and base.name == "sys.modules" and (
                literal(key) == "__main__" or isinstance(key, Ref) and key.name == "__name__"):
            self.forget_data()  # this module itself, to change its names
        if isinstance(base, Ref) and base.kind == "environ":
            name = literal(key)
            return hole("env", name) if name else unknown("environ")
        if isinstance(base, Seq):
            index = key.value if isinstance(key, Const) else None
            if isinstance(index, int) and -len(base.items) <= index < len(base.items):
                return base.items[index]
            return derived(*base.items) if base.items else unknown()
        if isinstance(base, Obj):
            name = literal(key)
            found = base.get(name) if name is not None else None
            return found if found is not None else unknown()
        if isinstance(base, Ref) and base.kind == "module" and base.name == "sys.argv":
            return unknown("argv")
        return derived(base)

    def binop(self, op, left, right):
        if isinstance(op, ast.Add):
            joined = concat(left, right)
            if joined is not None:
                return joined
            if isinstance(left, Seq) and isinstance(right, Seq):
                return Seq(left.items + right.items)
        if isinstance(op, ast.Div) and isinstance(left, Ref) and left.kind == "path":
            return Ref("path", "path", _join(left.data, right))
        if isinstance(op, ast.Mod) and isinstance(left, Text):
            return _percent(left, right)
        return derived(left, right)

    # -------------------------------------------------------------- calls

    def call(self, node: ast.Call):
        func = node.func
        args: list = []
        certain = True  # every argument's position is known
        for a in node.args:
            if isinstance(a, ast.Starred):
                inner = self.ev(a.value)
                args += list(inner.items) if isinstance(inner, Seq) else [inner]
                certain = certain and isinstance(inner, Seq)
            else:
                args.append(self.ev(a))
        kwargs: dict = {}
        for k in node.keywords:
            value = self.ev(k.value)
            if k.arg:
                kwargs[k.arg] = value
            elif isinstance(value, Obj):
                kwargs.update(dict(value.items))
            else:
                certain = False
        self.passed_functions(args, kwargs, node)
        if isinstance(func, ast.Attribute):
            recv = self.ev(func.value)
            if _container(recv) and func.attr in MUTATORS:
                self.mutated(func.value, recv, func.attr, args, kwargs, certain)
            return self.method(recv, func.attr, args, kwargs, node, certain)
        if isinstance(func, ast.Name) and func.id in self.env:
            callee = self.env[func.id]  # not `ev`: a call is not a use that escapes
        else:
            callee = self.ev(func)
        if isinstance(callee, Ref) and callee.kind == "bound":
            recv, attr = callee.data  # type: ignore[misc]
            if attr is None:  # any of the SDK's methods, a delete among them: fail closed
                from agentsh.engine.domains.code.model import Cloud

                self.rec.fx.append(Cloud(callee.name, ""))
                return unknown("response")
            return self.method(recv, attr, args, kwargs, node, certain)
        fn = self.function_of(callee)
        if fn is not None:
            self.rec.scan(list(args) + list(kwargs.values()), callee.name)
            result = self.connect(fn, args, kwargs, certain, node)
            if result is not None:
                return result
        self.handed_out(args, kwargs)
        if isinstance(callee, Ref) and callee.kind == "module":
            name = callee.name
            self.rec.scan(list(args) + list(kwargs.values()), name)
            result = self.function(name, args, kwargs, node)
            return result if result is not None else derived(*args)
        self.rec.scan(list(args) + list(kwargs.values()),
                      callee.name if isinstance(callee, Ref) else "")
        return derived(*args)

    def handed_out(self, args: list, kwargs: dict) -> None:
        """An instance given to code agentsh does not follow (`parser.parse_args(namespace=
        self)`, `framework.submit(job)`): that code may set its attributes or call its methods
        with any arguments, so its attributes are only known at run time from here on and its
        class's methods count as reached other than by connected calls."""
        attrs = self.attrs
        if attrs is None:
            return
        todo = [(v, 0) for v in list(args) + list(kwargs.values())]
        while todo:  # also inside lists and dicts, and what a handed instance holds
            value, depth = todo.pop()
            if depth > 4:
                continue
            if isinstance(value, (Seq, Obj)):
                items = value.items if isinstance(value, Seq) else [v for _, v in value.items]
                todo += [(v, depth + 1) for v in items]
            elif isinstance(value, Ref) and value.kind == "instance":
                own = attrs.instances.pop(value.name, None)
                attrs.handed.add(value.data)
                todo += [(v, depth + 1) for v in (own or {}).values()]

    def mutated(self, target, recv, name: str, args: list, kwargs: dict, certain: bool) -> None:
        """`ds.append(x)`, `cmd.extend([...])`, `cfg.update(dir=x)`: the list or dict a name
        holds changed in place; modelled for appending and updating, unknown otherwise."""
        root = target
        while isinstance(root, (ast.Subscript, ast.Attribute)):
            root = root.value
        if not isinstance(root, ast.Name):
            return
        new = None
        if target is root and certain:
            if isinstance(recv, Seq) and name == "append" and len(args) == 1:
                new = Seq(recv.items + (args[0],))
            elif isinstance(recv, Seq) and name == "extend" and len(args) == 1 and \
                    isinstance(args[0], Seq):
                new = Seq(recv.items + args[0].items)
            elif isinstance(recv, Seq) and name == "insert" and len(args) == 2 and \
                    isinstance(args[0], Const) and isinstance(args[0].value, int):
                items = list(recv.items)
                items.insert(args[0].value, args[1])
                new = Seq(tuple(items))
            elif isinstance(recv, Obj) and name == "update" and len(args) <= 1 and \
                    (not args or isinstance(args[0], Obj)):
                new = recv
                for k, v in (list(args[0].items) if args else []) + list(kwargs.items()):
                    new = _stored(new, text(k), v)
            elif isinstance(recv, Obj) and name == "setdefault" and args and \
                    literal(args[0]) is not None:
                if recv.get(literal(args[0])) is None:
                    new = _stored(recv, args[0], args[1] if len(args) > 1 else Const(None))
                else:
                    new = recv
        self.replace(root.id, new if new is not None else unknown(root.id))

    def passed_functions(self, args: list, kwargs: dict, node: ast.Call) -> None:
        """A function that deletes or runs programs, handed to another as a value
        (`Thread(target=shutil.rmtree, args=("src",))`, `map(os.remove, files)`,
        `partial(shutil.rmtree, "src")`): taken as called with the other arguments of the call
        (`args=` when given), or with unknown ones when there are none."""
        for value in list(args) + list(kwargs.values()):
            items = value.items if isinstance(value, Seq) else (value,)
            for item in items:
                if not (isinstance(item, Ref) and item.kind == "module" and
                        item.name in CALLED_LATER):
                    continue
                given = kwargs.get("args")
                rest = [a for a in args if a is not value]
                called = list(given.items) if isinstance(given, Seq) else \
                    rest or [unknown("argument")]
                self.function(item.name, called, {}, node)

    def method(self, recv, name: str, args: list, kwargs: dict, node: ast.Call,
               certain: bool = True):
        fn = None
        if isinstance(recv, Ref) and recv.kind == "module" and self.shared.project:
            fn = self.function_of(self.project_member(f"{recv.name}.{name}"))
        elif isinstance(recv, Ref) and recv.kind == "instance":  # a method of a class defined here
            fn = self.function_of((self.shared.defs[recv.data].methods or {}).get(name))
            args = [recv] + args
            if fn is not None:
                fn.sites.add(id(node))
        if fn is not None:
            self.rec.scan(list(args) + list(kwargs.values()), name)
            result = self.connect(fn, args, kwargs, certain, node)
            if result is not None:
                return result
        self.handed_out(args, kwargs)
        if isinstance(recv, Ref) and recv.kind == "module":
            qual = f"{recv.name}.{name}"
            self.rec.scan(list(args) + list(kwargs.values()), qual)
            result = self.function(qual, args, kwargs, node)
            if result is not None:
                return result
        elif not (isinstance(recv, Ref) and recv.kind == "db" and recv.data):
            self.rec.scan(list(args) + list(kwargs.values()), name)  # not a scratch database
        call = _source(node)
        if isinstance(recv, Text):
            return _string_method(recv, name, args)
        if isinstance(recv, Ref):
            if recv.kind == "path":
                return self.path_method(recv, name, args, kwargs, call)
            if recv.kind == "file" and name in ("read", "readlines", "readline", "read_text"):
                return hole("file", recv.name)
            if recv.kind == "environ" and name == "get" and args:
                key = literal(args[0])
                return hole("env", key) if key else unknown("environ")
            if recv.kind == "request":
                return recv
            if recv.kind == "websocket" and name in WEBSOCKET_SENDS and args:
                # a message sent over a WebSocket is a write to its URL, as a POST's body is
                self.rec.request("POST", recv.data, [body_text(args[0])], call)
                return Const(None)
            if recv.kind == "tempfile" or recv.kind == "tempdir":
                return recv
        if not self.scratch_orm and not (isinstance(recv, Ref) and recv.kind == "sdk") and \
                _every_row(node):
            self.rec.store("sql.delete_all", f"{_source(node.func)}()")
            return Const(None)
        if isinstance(recv, Ref) and recv.kind == "rows":
            # every row of a table held in a name (`qs = Order.objects.all()`; `qs.delete()`)
            if name in ("delete", "_raw_delete") and not args and not kwargs and \
                    not self.scratch_orm:
                self.rec.store("sql.delete_all", f"{recv.name}.{name}()")
                return Const(None)
            if name in UNFILTERING or name in FILTERING and not args and not kwargs:
                return recv
        known = self.rec.method(recv, name, args, kwargs, call)
        if known is not None:
            return known
        if _unfiltered_rows(node) and not (isinstance(recv, Ref) and recv.kind == "sdk"):
            return Ref("rows", _source(node.func))
        return derived(recv, *args)

    def path_method(self, recv: Ref, name: str, args: list, kwargs: dict, call: str):
        path = recv.data
        if name == "unlink":
            self.rec.delete(path, False, call)
        elif name in ("read_text", "read_bytes"):
            return hole("file", literal(path) or "a file")
        elif name == "open":
            mode = literal(args[0]) if args else literal(kwargs.get("mode"))
            if mode and any(c in mode for c in "wxa"):
                _written(self.rec, path, call)
                self.rec.created_path(path)
            return Ref("file", literal(path) or "a file")
        elif name in ("write_text", "write_bytes", "touch"):
            _written(self.rec, path, call)
            self.rec.created_path(path)
        elif name in ("rename", "replace") and args and _known_path(args[0]):
            # checked as `mv` (red-team s30 review: `Path("evil").rename(".claude")` ran)
            self.rec.argv([text("mv"), text("-f"), path, args[0]], call)
            return Ref("path", "path", args[0])
        elif name in ("symlink_to", "hardlink_to") and args and _known_path(path):
            self.rec.argv([text("ln"), text("-s" if name == "symlink_to" else "-f"), args[0],
                           path], call)
        elif name == "mkdir":
            if not _truthy(kwargs.get("exist_ok")):
                self.rec.created_path(path)
        elif name == "joinpath":
            out = path
            for a in args:
                out = _join(out, a)
            return Ref("path", "path", out)
        elif name in ("resolve", "absolute", "expanduser"):
            return Ref("path", "path", _expanduser(path) if name == "expanduser" else path)
        elif name in ("glob", "rglob") and args:
            pattern = args[0]
            if name == "rglob" and literal(pattern) is not None:  # every level below: `**/`
                pattern = text("**/" + literal(pattern))
            return Seq((Ref("path", "path", _join(path, pattern)),))
        elif name == "iterdir":
            return Seq((Ref("path", "path", _join(path, text("*"))),))
        elif name in ("with_name", "with_suffix", "with_stem", "relative_to"):
            return Ref("path", "path", derived(path))
        return derived(path)

    def function(self, name: str, args: list, kwargs: dict, node: ast.Call):  # noqa: C901
        rec = self.rec
        call = _source(node)
        first = args[0] if args else None
        if name in OVERWRITES:  # checked as the command that does the same to the files
            words, count = OVERWRITES[name]
            operands = list(args[:count])
            if len(operands) == count and _known_path(operands[-1]):  # no guess at the target
                rec.argv([text(w) for w in words.split()] + operands, call)
            return Const(None)
        if name in SHELL_CALLS:
            rec.shell(first if first is not None else kwargs.get("cmd"), call)
            return derived(first)
        if name.startswith(PROGRAM_MODULES) and name not in ARGV_CALLS and \
                name.rsplit(".", 1)[-1] not in PROGRAM_MODULE_API:
            # `sh.rm("-rf", p)`, `sh.git.push("--force")`, `from plumbum.cmd import rm`: the
            # attribute names the program (and its subcommands); keywords are long options
            prefix = next(m for m in PROGRAM_MODULES if name.startswith(m))
            words = [text(w.replace("_", "-") if i == 0 else w)
                     for i, w in enumerate(name[len(prefix):].split("."))]
            options = [text(f"--{k.replace('_', '-')}" if _truthy(v) else f"--{k}={literal(v)}")
                       for k, v in kwargs.items() if not k.startswith("_") and
                       (_truthy(v) or literal(v) is not None)]
            rec.argv(words + options + [a for a in args if not isinstance(a, Seq)] +
                     [i for a in args if isinstance(a, Seq) for i in a.items], call)
            return unknown("output")
        if name in ("django.core.management.call_command", "django.core.management."
                    "execute_from_command_line") and args:
            # `call_command("flush", interactive=False)`: `python manage.py flush --noinput`
            items = list(args[0].items[1:]) if name.endswith("line") and \
                isinstance(args[0], Seq) else list(args)
            options = [text("--noinput") if k == "interactive" and not _truthy(v) else
                       text(f"--{k.replace('_', '-')}") for k, v in kwargs.items()
                       if k == "interactive" and not _truthy(v) or _truthy(v)]
            rec.argv([text("python"), text("manage.py")] + items + options, call)
            return unknown("output")
        if name in ARGV_CALLS:
            cmd = first if first is not None else kwargs.get("args")
            shell = _truthy(kwargs.get("shell"))
            if isinstance(cmd, Seq) and shell and cmd.items:
                cmd = cmd.items[0]  # shell=True with a list: the first item is the script
            if isinstance(cmd, Text) and not shell and literal(cmd) is not None and \
                    " " not in cmd.literal:  # type: ignore[operator]
                cmd = Seq((cmd,))
            rec.shell(cmd, call)
            return Ref("unknown", "process")
        if name in VARARGS_CALLS:
            start = 1 if name.startswith("os.") and "spawn" in name else 0
            items = args[start:]
            if name.startswith("os.exec") or name.startswith("os.spawn"):
                items = args[start + 1:] if len(args) > start + 1 else items
                if items and literal(args[start]):
                    items = [args[start]] + items[1:]
            rec.argv(items, call)
            return Const(None)
        if name in EXEC_CALLS:
            at = 1 if "spawn" in name and not name.startswith("os.posix") else 0
            argv = args[at + 1] if len(args) > at + 1 else None
            if isinstance(argv, Seq) and argv.items:
                items = list(argv.items)
                if literal(args[at]):
                    items[0] = args[at]
                rec.argv(items, call)
            else:
                rec.fx.append(Shell(None, call))
            return Const(None)
        if name == "shutil.copytree" and len(args) > 1 and _known_path(args[1]):
            # a tree made at the name (over what is there with dirs_exist_ok; else a new folder,
            # such as a hook folder `.claude` that then runs its settings: red-team s30 review)
            rec.argv([text("cp"), text("-rT"), args[0], args[1]], call)
            return args[1]
        if name in DELETE_TREE:
            rec.delete(first if first is not None else kwargs.get("path"), True, call)
            return Const(None)
        if name in DELETE_FILE:
            rec.delete(first if first is not None else kwargs.get("path"), False, call)
            return Const(None)
        if name in ("exec", "eval", "execfile", "runpy.run_path", "builtins.exec", "builtins.eval",
                    "code.InteractiveInterpreter.runsource"):
            return self.run_code(name, first, call)
        if name == "runpy.run_module":
            return Const(None)
        if name in TEMP_PATHS:
            temp = hole("temp", name)
            return Ref("tempdir", "tempdir", temp) if name.endswith("TemporaryDirectory") else temp
        if name == "tempfile.mkstemp":
            return Seq((Const(0), hole("temp", name)))
        if name in TEMP_FILES:
            return Ref("tempfile", "tempfile", hole("temp", name))
        if name in ("open", "io.open", "codecs.open", "builtins.open"):
            mode = literal(args[1]) if len(args) > 1 else literal(kwargs.get("mode"))
            if mode and any(c in mode for c in "wxa"):
                _written(rec, first, call)
                rec.created_path(first)
            return Ref("file", literal(first) or describe_path(first))
        if name in ("os.makedirs", "os.mkdir"):
            if not _truthy(kwargs.get("exist_ok")) and not (len(args) > 2 and _truthy(args[2])):
                rec.created_path(first)
            return Const(None)
        if name in ("os.path.join", "posixpath.join"):
            out = first if first is not None else text("")
            for a in args[1:]:
                out = _join(out, a)
            return out
        if name in ("os.path.expanduser",):
            return _expanduser(first)
        if name in ("os.getcwd", "os.getcwdb"):
            return text(".")
        if name in ("os.getenv", "os.environ.get"):
            key = literal(first)
            return hole("env", key) if key else unknown("environ")
        if name.endswith(("pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath")):
            out = first if first is not None else text(".")
            for a in args[1:]:
                out = _join(out, a)
            return Ref("path", "path", _expanduser(out) if literal(out) == "~" else out)
        if name in ("pathlib.Path.home", "os.path.expanduser"):
            return Ref("path", "path", hole("env", "HOME"))
        if name == "pathlib.Path.cwd":
            return Ref("path", "path", text("."))
        if name in ("glob.glob", "glob.iglob"):
            return Seq((first,)) if isinstance(first, Text) else unknown("glob")
        if name == "os.listdir":
            return Seq((_join(first if first is not None else text("."), text("*")),))
        if name in ("json.dumps",):
            return text(to_json(first)) if first is not None else unknown()
        if name in ("json.loads",):
            lit = literal(first)
            if lit is not None:
                import json

                try:
                    return from_json(json.loads(lit))
                except ValueError:
                    return unknown("json")
            return derived(first)
        if name in PASS_THROUGH:
            return first if first is not None else unknown()
        if name in ("shutil.which", "distutils.spawn.find_executable", "shutil.which"):
            lit = literal(first)
            return text(lit.rsplit("/", 1)[-1]) if lit else unknown("which")
        if name in ("shlex.split",):
            lit = literal(first)
            if lit is not None:
                import shlex

                try:
                    return Seq(tuple(text(w) for w in shlex.split(lit)))
                except ValueError:
                    return unknown()
            return derived(first)
        if name in ("shlex.join", "subprocess.list2cmdline"):
            if isinstance(first, Seq):
                joined = argv_text(list(first.items))
                return text(joined) if joined is not None else unknown()
            return derived(first)
        if name in DECODE or name == "codecs.decode":
            return _decode(name, first, args)
        if name in ("getattr", "builtins.getattr") and len(args) > 1:
            attr = literal(args[1])
            if attr and isinstance(first, Ref) and first.kind == "module":
                return Ref("module", f"{first.name}.{attr}")
            if attr and attr.isidentifier() and isinstance(first, Ref) and \
                    first.kind not in ("unknown", "instance") and len(args) == 2:
                # `getattr(client, "delete_bucket")(...)`: the method, called as `client.X(...)`
                return Ref("bound", f"{first.name}.{attr}", (first, attr))
            if attr is None and isinstance(first, Ref) and first.kind == "sdk" and len(args) == 2:
                # `getattr(boto3.client("rds"), sys.argv[1])`: a method only known at run time
                return Ref("bound", f"{first.name}.<method only known at run time>", (first, None))
            return unknown("getattr")
        if name in ("__import__", "importlib.import_module", "builtins.__import__"):
            mod = literal(first)
            return Ref("module", mod) if mod else unknown("module")
        if name in SESSIONS:
            base = kwargs.get("base_url")
            return Ref("http", name, base if isinstance(base, Text) else None)
        if name in CONNECTIONS:
            host = literal(first)
            return Ref("conn", name, text(CONNECTIONS[name] + host) if host else None)
        if name in REQUEST_CLASS:
            data = args[1] if len(args) > 1 else kwargs.get("data")
            method = method_of(kwargs.get("method"), "POST" if data is not None else "GET")
            return Ref("request", name, (method, first if first is not None else
                                         kwargs.get("url"), data))
        if name in URLOPEN:
            return self.urlopen(first, args, kwargs, call)
        if name in WEBSOCKET_CONNECT:
            url = first if first is not None else kwargs.get("url", kwargs.get("uri"))
            return Ref("websocket", name, url)
        if name.startswith(HTTP_MODULES) or name.startswith("aiohttp.") or \
                name.startswith("urllib3."):
            verb = name.rsplit(".", 1)[-1]
            if verb == "Request" and name.startswith(HTTP_MODULES):
                # `httpx.Request("DELETE", url)`, `requests.Request(...).prepare()`: built to be
                # sent (`client.send(req)`): judged as sent here
                method = args[0] if args else kwargs.get("method")
                url = args[1] if len(args) > 1 else kwargs.get("url")
                body = kwargs.get("json", kwargs.get("data", kwargs.get("content")))
                rec.request(method_of(method) or "", url, [body_text(body)], call)
                return Ref("unknown", "request")
            if verb in ("get", "post", "put", "patch", "delete", "head", "options"):
                body = kwargs.get("json", kwargs.get("data", kwargs.get("content")))
                if body is None and len(args) > 1 and verb in ("post", "put", "patch"):
                    body = args[1]
                rec.request(verb, first if first is not None else kwargs.get("url"),
                            [body_text(body)], call)
                return Ref("unknown", "response")
            if verb == "request":
                body = kwargs.get("json", kwargs.get("data", kwargs.get("body")))
                url = args[1] if len(args) > 1 else kwargs.get("url")
                rec.request(method_of(first if first is not None else kwargs.get("method")),
                            url, [body_text(body)], call)
                return Ref("unknown", "response")
        if name in DB_CONNECT:
            target = literal(first) or literal(kwargs.get("database")) or ""
            scratch = name.startswith(("sqlite3", "aiosqlite", "duckdb")) and \
                (target == ":memory:" or (isinstance(first, Text) and first.starts_with_hole("temp"))
                 or target == "")
            return Ref("db", name, scratch)
        if name in MONGO_CLIENTS:
            return Ref("mongo", name)
        if rec.is_sdk(name):
            leaf = name.rsplit(".", 1)[-1]
            if rec.destroys_on(name.rsplit(".", 1)[0], leaf) and not leaf[:1].isupper():
                rec.cloud(name, target_of(args, kwargs))
            if kwargs and not args and re.search(SDK_MODEL, leaf):
                # `DeleteRetentionPolicy(enabled=False)`: a model of parameters, read as its dict
                return Obj(tuple(kwargs.items()))
            return Ref("sdk", name, aws_service(name, args, kwargs))
        getter = re.match(EXE_GETTER, name.rsplit(".", 1)[-1], re.I)
        if getter and "." in name and not name.startswith("."):
            return text(getter.group(1))  # imageio_ffmpeg.get_ffmpeg_exe() runs ffmpeg
        return None

    def urlopen(self, first, args: list, kwargs: dict, call: str):
        data = args[1] if len(args) > 1 else kwargs.get("data")
        if isinstance(first, Ref) and first.kind == "request":
            method, url, body = first.data  # type: ignore[misc]
            self.rec.request(method, url, [body_text(body if data is None else data)], call)
        else:
            self.rec.request("POST" if data is not None else "GET", first, [body_text(data)],
                             call)
        return Ref("unknown", "response")

    def run_code(self, name: str, value, call: str):
        """exec/eval: visible code is analyzed here; code read from a file is that file."""
        if isinstance(value, Ref) and value.kind == "file":
            self.rec.fx.append(Exec(value.name, call))
            return Const(None)
        if name == "runpy.run_path":
            self.rec.fx.append(Exec(literal(value), call))
            return Const(None)
        code = literal(value)
        if code is not None:
            if self.depth >= MAX_DEPTH:
                self.rec.fx.append(Exec(None, call))
                return Const(None)
            try:
                tree = parse(code)
            except (SyntaxError, ValueError, RecursionError):
                if may_do_harm(code):
                    self.rec.fx.append(Unparsed(f"{call}: code that cannot be parsed"))
                return Const(None)
            inner = Walker(self.rec, self.env, self.depth + 1)
            inner.budget = self.budget
            inner.block(tree.body)
            return Const(None)
        source = file_source(value)
        self.rec.fx.append(Exec(source, call))
        return Const(None)


BUILTINS = frozenset(("open", "exec", "eval", "compile", "print", "__import__", "getattr",
                      "execfile", "str", "bytes", "bytearray"))


def _written(rec: Recorder, path, call: str) -> None:
    """`open(P, "w")`, `Path(P).write_text(...)`: a write to P, checked as the shell's `: >> P`
    (the rules for what must not be written, such as a start-up file: SELF003, SELF028). Not
    as `: > P`: the overwrite rules ask when a file's existence is unknown, and scripts write
    their output files all the time."""
    if isinstance(path, Ref) and path.kind == "path":
        path = path.data
    if not isinstance(path, Text) or any(h.kind != "env" or h.name != "HOME" for h in path.holes()):
        return  # a path only known at run time (a temporary folder, `$OUT`): not a start-up file
    word = shell_word(path)
    if word is not None:
        rec.fx.append(Shell(f": >> {word}", call))


def _known_path(value) -> bool:
    """A path the code names: literal, or made of environment variables (`$HOME/.bashrc`) and
    fresh temporary paths the shell form resolves the same way."""
    if isinstance(value, Ref) and value.kind == "path":
        value = value.data
    return isinstance(value, Text) and all(h.kind in ("env", "temp") for h in value.holes())


def describe_path(value) -> str:
    if isinstance(value, Text):
        return value.display()
    return "a file"


def _bound(fn: Function, args: list, kwargs: dict, certain: bool) -> dict:
    """The call's arguments bound to the function's parameters as Python binds them; every
    parameter unknown when a `*x` or `**x` of unknown length makes positions uncertain."""
    spec = fn.node.args
    if not certain:
        return {name: unknown(name) for name in _params(spec)}
    positional = spec.posonlyargs + spec.args
    kwargs = dict(kwargs)
    first_default = len(positional) - len(fn.defaults)
    out: dict = {}
    for i, param in enumerate(positional):
        if i < len(args):
            out[param.arg] = args[i]
        elif param.arg in kwargs and i >= len(spec.posonlyargs):
            out[param.arg] = kwargs.pop(param.arg)
        elif i >= first_default:
            out[param.arg] = fn.defaults[i - first_default]
        else:
            out[param.arg] = unknown(param.arg)
    if spec.vararg:
        out[spec.vararg.arg] = Seq(tuple(args[len(positional):]))
    for param, default in zip(spec.kwonlyargs, fn.kw_defaults, strict=False):
        value = kwargs.pop(param.arg, default)
        out[param.arg] = value if value is not None else unknown(param.arg)
    if spec.kwarg:
        out[spec.kwarg.arg] = Obj(tuple(kwargs.items()))
    return out


def _fields(cls: Function, args: list, kwargs: dict, certain: bool, attrs: Attributes) -> dict:
    """A dataclass's instance: its fields (annotated names of the class body, in order) bound
    to the call's arguments or their defaults; unknown where the call leaves any doubt, or
    where the code sets the field anywhere (`__post_init__`, which the walk does not run)."""
    out: dict = {}
    names = [n.target.id for n in cls.node.body
             if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
    for i, field in enumerate(names):
        if not certain or attrs.stores.get(field):
            out[field] = unknown(field)
        elif i < len(args):
            out[field] = args[i]
        elif field in kwargs:
            out[field] = kwargs[field]
        else:
            default = (cls.methods or {}).get(field)
            out[field] = default if default is not None and not (
                isinstance(default, Ref) and default.kind in ("func", "unknown")) \
                else unknown(field)
    return out


def _pytest_made(node) -> bool:
    """A test or fixture pytest calls itself (`def test_x(tmp_path)`, `@pytest.fixture`):
    pytest, not another caller, gives its `tmp_path` argument."""
    return node.name.startswith("test") or any(
        "fixture" in _source(d) for d in node.decorator_list)


def _params(args: ast.arguments) -> list[str]:
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if args.vararg:
        names.append(args.vararg.arg)
    if args.kwarg:
        names.append(args.kwarg.arg)
    return names


def _name_of(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return "VALUE"


def _as_parts(value, name: str) -> tuple:
    if isinstance(value, Text):
        return value.parts
    if isinstance(value, Const):
        return (str(value.value),)
    if isinstance(value, Ref) and value.kind == "path" and isinstance(value.data, Text):
        return value.data.parts
    src = file_source(value)
    return (Hole("file", src),) if src else (Hole("unknown", name),)


# what hands out a scope's own names as a dict to change (`globals()["p"] = v`); `sys.modules`
# and a module's `__dict__` are caught as attributes
NAMESPACES = frozenset(("globals", "vars", "locals", "__builtins__", "__main__"))
# methods that change a list or dict in place
MUTATORS = frozenset(("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
                      "update", "setdefault", "popitem", "__setitem__", "__delitem__", "add",
                      "discard", "__iadd__"))


def _container(value) -> bool:
    return isinstance(value, (Seq, Obj))


def _stored(container, key, value):
    """The container with `container[key] = value`, or None when the key is not known."""
    if isinstance(container, Obj):
        name = literal(key)
        if name is None:
            return None
        items = tuple((k, v) for k, v in container.items if k != name)
        return Obj(items + ((name, value),))
    if isinstance(container, Seq) and isinstance(key, Const) and isinstance(key.value, int) \
            and -len(container.items) <= key.value < len(container.items):
        items = list(container.items)
        items[key.value] = value
        return Seq(tuple(items))
    return None


def _truth(value) -> bool | None:
    """Whether a value is true in Python, when the text shows it (None: only at run time)."""
    if isinstance(value, Text):
        if value.literal is not None:
            return bool(value.literal)
        return True if any(isinstance(p, str) and p for p in value.parts) else None
    if isinstance(value, (Seq, Obj)):
        return bool(value.items)
    if isinstance(value, Const) and value.value is not None:  # None: also what is not evaluated
        return bool(value.value)
    if isinstance(value, Ref) and value.kind not in ("unknown", "environ"):
        return True
    return None


def _either_of(values: list, is_or: bool):
    """`a or b` / `a and b`: the value it may be; unknown when it may be either of two that
    differ (`sys.argv[1] or "build"` is not "build")."""
    may: list = []
    for v in values:
        truth = _truth(v)
        if truth is not (not is_or):  # `or` skips what is false; `and` what is true
            may.append(v)
        if truth is is_or:  # `or` stops at what is true, `and` at what is false
            break
    else:
        if not may or may[-1] is not values[-1]:
            may.append(values[-1])
    return may[0] if all(v == may[0] for v in may) else unknown("choice")


def _items(value) -> list | None:
    if isinstance(value, Seq):
        return list(value.items)
    if isinstance(value, Text) and value.literal is not None and len(value.literal) <= LOOP_ITEMS:
        return None  # iterating characters: nothing to gain
    return None


def _element(value):
    if isinstance(value, Seq) and len(value.items) == 1:
        return value.items[0]
    if isinstance(value, Ref) and value.kind in ("sdk", "redis_keys"):
        # an SDK listing's items are SDK objects (`for d in coll.stream(): d.reference.delete()`);
        # the keys a Redis SCAN returns stay keys of a pattern
        return Ref(value.kind, value.name + "[]", value.data)
    return derived(value)


def _join(left, right):
    """os.path.join / Path `/`: an absolute right side replaces the left."""
    if isinstance(right, Ref) and right.kind == "path":
        right = right.data
    if isinstance(left, Ref) and left.kind == "path":
        left = left.data
    lit = literal(right)
    if lit is not None and lit.startswith("/"):
        return right
    if isinstance(left, Text) and isinstance(right, Text):
        left_lit = literal(left)
        sep = "" if (left_lit is not None and (left_lit.endswith("/") or left_lit == "")) else "/"
        return concat(left, text(sep), right)
    if isinstance(left, Text):
        return concat(left, text("/"), Text((Hole("unknown", "name"),)))
    return derived(left, right)


def _expanduser(value):
    if isinstance(value, Ref) and value.kind == "path":
        value = value.data
    lit = literal(value)
    if lit is not None and (lit == "~" or lit.startswith("~/")):
        return Text((Hole("env", "HOME"), lit[1:])) if lit != "~" else hole("env", "HOME")
    return value


def _percent(fmt: Text, values) -> Text:
    items = list(values.items) if isinstance(values, Seq) else [values]
    out: tuple = ()
    for part in fmt.parts:
        if not isinstance(part, str):
            out += (part,)
            continue
        pieces = re.split(r"(%[-#0 +]*\d*(?:\.\d+)?[sdrifgxXoeEc%])", part)
        for piece in pieces:
            if re.fullmatch(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifgxXoeEc]", piece):
                value = items.pop(0) if items else unknown()
                if piece.endswith("c"):  # `"%c%c" % (114, 109)` is "rm": a character, not 114
                    code = value.value if isinstance(value, Const) else None
                    value = text(chr(code)) if isinstance(code, int) and 0 <= code < 0x110000 \
                        else value if isinstance(value, Text) else unknown()
                out += _as_parts(value, "VALUE")
            elif piece == "%%":
                out += ("%",)
            else:
                out += (piece,)
    return Text(tuple(p for p in out if p != ""))


def _string_method(recv: Text, name: str, args: list):
    lit = recv.literal
    if name == "format":
        return _format(recv, args)
    if name == "join" and args and isinstance(args[0], Seq):
        out = text("")
        for i, item in enumerate(args[0].items):
            joined = concat(out, recv if i else text(""), item if isinstance(item, Text)
                            else Text(_as_parts(item, "VALUE")))
            out = joined if joined is not None else out
        return out
    if name in ("encode", "decode", "strip", "rstrip", "lstrip"):
        if lit is not None and name.endswith("strip"):
            return text(getattr(lit, name)(*(literal(a) for a in args[:1] if literal(a))))
        return recv
    if lit is not None:
        if name in ("lower", "upper", "title", "capitalize", "casefold", "swapcase"):
            return text(getattr(lit, name)())
        if name == "replace" and len(args) >= 2 and literal(args[0]) is not None and \
                literal(args[1]) is not None:
            return text(lit.replace(literal(args[0]), literal(args[1])))  # type: ignore[arg-type]
        if name == "split":
            sep = literal(args[0]) if args else None
            return Seq(tuple(text(w) for w in lit.split(sep)))
    return derived(recv)


def _format(fmt: Text, args: list):
    out: tuple = ()
    index = 0
    for part in fmt.parts:
        if not isinstance(part, str):
            out += (part,)
            continue
        for piece in re.split(r"(\{[^{}]*\}|\{\{|\}\})", part):
            if piece in ("{{", "}}"):
                out += (piece[0],)
            elif piece.startswith("{") and piece.endswith("}"):
                key = piece[1:-1].split(":", 1)[0].split("!", 1)[0]
                if key.isdigit() and int(key) < len(args):
                    value = args[int(key)]
                elif key == "" and index < len(args):
                    value = args[index]
                    index += 1
                else:
                    value = unknown(key or "VALUE")
                out += _as_parts(value, key or "VALUE")
            else:
                out += (piece,)
    return Text(tuple(p for p in out if p != ""))


def _decode(name: str, first, args: list):
    import base64
    import binascii
    import codecs

    decoders = {"base64.b64decode": base64.b64decode,
                "base64.urlsafe_b64decode": base64.urlsafe_b64decode,
                "base64.b32decode": base64.b32decode, "base64.b16decode": base64.b16decode,
                "base64.a85decode": base64.a85decode, "base64.decodebytes": base64.decodebytes,
                "binascii.unhexlify": binascii.unhexlify, "bytes.fromhex": bytes.fromhex}
    lit = literal(first)
    if lit is None:
        return derived(first)
    try:
        if name == "codecs.decode":
            codec = literal(args[1]) if len(args) > 1 else "utf-8"
            if codec and codec.replace("_", "").lower() in ("rot13", "rot_13"):
                return text(codecs.decode(lit, "rot13"))
            return text(lit)
        data = decoders[name](lit.encode("latin-1") if name != "bytes.fromhex" else lit)  # type: ignore[operator]
        return text(data.decode("utf-8", "replace"))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return unknown("decoded")


def _truthy(value) -> bool:
    return isinstance(value, Const) and bool(value.value)


def _orm_in_memory(tree) -> bool:
    """The script configures its databases itself (Django's `DATABASES`: tables with an
    `ENGINE`), and every one is SQLite in memory: what its ORM deletes was made by the script
    and is gone when it ends. False when it names no database or any other one."""
    engines = 0
    for node in _walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        keys = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        if "ENGINE" not in keys:
            continue
        engine, name = keys["ENGINE"], keys.get("NAME")
        if not (isinstance(engine, ast.Constant) and isinstance(engine.value, str) and
                engine.value.endswith("sqlite3") and isinstance(name, ast.Constant) and
                name.value == ":memory:"):
            return False
        engines += 1
    return engines > 0


# ORM calls that order, join or load a query's rows without leaving any out
UNFILTERING = frozenset(("all", "order_by", "select_related", "prefetch_related", "only", "defer",
                         "using", "distinct", "reverse", "iterator", "select_for_update",
                         "annotate", "options", "execution_options", "with_for_update",
                         "enable_eagerloads", "yield_per", "with_entities", "join",
                         "outerjoin"))
FILTERING = frozenset(("filter", "exclude", "filter_by", "where"))
MANAGERS = frozenset(("objects", "_default_manager", "_base_manager", "all_objects"))
ROW_DELETES = frozenset(("delete", "_raw_delete", "hard_delete", "delete_instance"))


def _every_row(node: ast.Call) -> bool:
    """A call that deletes every row of a table through an ORM: Django's
    `Model.objects.all().delete()` (or `.filter()` with no condition, `.order_by(...)`, a
    manager's `_default_manager`), SQLAlchemy's `session.query(Model).delete()` and
    `conn.execute(table.delete())` / `session.execute(delete(Model))` with no `where`,
    peewee's `Model.delete().execute()` and `Model.truncate_table()`. A filter with a condition
    anywhere on the way (`.filter(pk=1)`, `.where(...)`) is not every row."""
    func = node.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in ("delete", "_raw_delete") and not node.args and not node.keywords:
        return _unfiltered_rows(func.value)
    if func.attr == "truncate_table":  # peewee
        return _model_name(func.value)
    if func.attr == "execute" and not node.args and isinstance(func.value, ast.Call):
        inner = func.value  # peewee `Event.delete().execute()`
        return isinstance(inner.func, ast.Attribute) and inner.func.attr == "delete" and \
            not inner.args and not inner.keywords and _model_name(inner.func.value)
    if func.attr == "execute" and node.args and isinstance(node.args[0], ast.Call):
        stmt = node.args[0]  # SQLAlchemy core: `execute(users.delete())`, `execute(delete(User))`
        while isinstance(stmt.func, ast.Attribute) and stmt.func.attr == "where" and \
                isinstance(stmt.func.value, ast.Call) and _always_true(stmt):
            stmt = stmt.func.value  # `.where(True)`, `.where(text("1=1"))`: every row still
        if isinstance(stmt.func, ast.Attribute) and stmt.func.attr == "delete":
            return not stmt.args and not stmt.keywords
        return isinstance(stmt.func, ast.Name) and stmt.func.id == "delete" and \
            len(stmt.args) == 1 and not stmt.keywords
    return False


def _unfiltered_rows(node) -> bool:
    """`Model.objects`, `.all()`, `.filter()` with no condition, `session.query(Model)`, each
    followed by calls that leave no row out."""
    for _ in range(12):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            return True  # `Order.objects`, `apps.get_model("shop", "Order").objects`
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            return False
        attr = node.func.attr
        if attr in FILTERING:
            if (node.args or node.keywords) and not _always_true(node):
                return False
        elif attr == "query":  # SQLAlchemy `session.query(Model)`
            return len(node.args) == 1 and not node.keywords and _model_name(node.args[0])
        elif attr not in UNFILTERING:
            return False
        node = node.func.value
    return False


_ALWAYS_SQL = re.compile(r"\s*(?:1\s*=\s*1|true|1|0\s*=\s*0|'(\w*)'\s*=\s*'\1')\s*", re.I)


def _always_true(node: ast.Call) -> bool:
    """A filter whose conditions hold for every row: `filter(True)`, `filter(**{})`,
    `filter(Q())`, `where(sa.true())`, `filter(text("1=1"))` (not `exclude`: it leaves out)."""
    if node.func.attr == "exclude":
        return False
    for kw in node.keywords:
        if kw.arg is not None or not (isinstance(kw.value, ast.Dict) and not kw.value.keys):
            return False
    for arg in node.args:
        if isinstance(arg, ast.Constant) and (arg.value is True or arg.value == 1 or (
                isinstance(arg.value, str) and _ALWAYS_SQL.fullmatch(arg.value))):
            continue
        if isinstance(arg, ast.Compare) and all(isinstance(op, ast.Eq) for op in arg.ops) and \
                all(isinstance(x, ast.Constant) for x in (arg.left, *arg.comparators)) and \
                len({repr(x.value) for x in (arg.left, *arg.comparators)}) == 1:
            continue  # `filter(1 == 1)`
        if isinstance(arg, ast.Call) and not arg.keywords:
            name = arg.func.attr if isinstance(arg.func, ast.Attribute) else \
                arg.func.id if isinstance(arg.func, ast.Name) else ""
            if name in ("true", "Q") and not arg.args:
                continue
            if name in ("text", "literal_column", "literal") and len(arg.args) == 1 and \
                    isinstance(arg.args[0], ast.Constant) and arg.args[0].value in (True, 1) or \
                    name in ("text", "literal_column") and len(arg.args) == 1 and \
                    isinstance(arg.args[0], ast.Constant) and \
                    isinstance(arg.args[0].value, str) and _ALWAYS_SQL.fullmatch(arg.args[0].value):
                continue
        return False
    return True


def _model_name(node) -> bool:
    """A class by its name (`Order`, `models.Order`): ORM models are named as classes."""
    name = node.id if isinstance(node, ast.Name) else \
        node.attr if isinstance(node, ast.Attribute) else ""
    return name[:1].isupper()


def _deletes_each_row(node, rows: bool = False) -> bool:
    """`for o in Model.objects.all(): o.delete()` (Django), `for u in session.query(User):
    session.delete(u)` (SQLAlchemy): a loop over every row of a table deleting each one."""
    if not isinstance(node.target, ast.Name) or not (_unfiltered_rows(node.iter) or rows):
        return False
    name = node.target.id
    for stmt in node.body:
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(call, ast.Await):
            call = call.value
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            continue
        if call.func.attr in ROW_DELETES and isinstance(call.func.value, ast.Name) and \
                call.func.value.id == name and not call.args:
            return True
        if call.func.attr == "delete" and len(call.args) == 1 and \
                isinstance(call.args[0], ast.Name) and call.args[0].id == name:
            return True
    return False


def _source(node, depth: int = 0) -> str:
    """A short name for a call (`shutil.rmtree`, `os.path.join(...).x`), for messages."""
    if isinstance(node, ast.Call):
        return _source(node.func, depth)
    if depth > 6:
        return "..."
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = node.value
        base = _source(inner.func, depth + 1) + "(...)" if isinstance(inner, ast.Call) else \
            _source(inner, depth + 1)
        return f"{base}.{node.attr}"
    if isinstance(node, ast.Subscript):
        return _source(node.value, depth + 1) + "[...]"
    if isinstance(node, ast.Constant):
        return repr(node.value)[:20]
    return "..."


# ---------------------------------------------------------------- f-strings of newer Pythons


def _newer_fstrings(code: str):
    """The syntax tree of code that only a newer Python reads (3.12 lets an f-string's
    expressions hold backslashes, comments and the string's own quotes), read by this one: every
    f-string becomes the tuple of the expressions it evaluates (what it runs is all that matters
    here). None when that does not make the code readable either (then it is unparsed)."""
    import io
    import tokenize

    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type != tokenize.STRING:
                continue
            prefix = re.match(r"[A-Za-z]*", tok.string).group(0)
            if "f" not in prefix.lower():
                continue
            body = tok.string[len(prefix):]
            quote = body[:3] if body[:3] in ("\'\'\'", '"""') else body[:1]
            exprs = _fstring_expressions(body[len(quote):len(body) - len(quote)])
            if exprs is None:
                return None
            start = starts[tok.start[0] - 1] + tok.start[1]
            end = starts[tok.end[0] - 1] + tok.end[1]
            edits.append((start, end, "(" + "".join(f"({e}), " for e in exprs) + ")"))
    except (tokenize.TokenError, SyntaxError, IndexError):
        return None
    if not edits:
        return None
    out = code
    for start, end, replacement in reversed(edits):
        out = out[:start] + replacement + out[end:]
    try:
        return parse(out)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _fstring_expressions(body: str) -> list[str] | None:
    """The expressions in the replacement fields of an f-string's body (format specs' own
    fields too), or None when the braces do not match."""
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c in "{}" and body.startswith(c * 2, i):
            i += 2
            continue
        if c == "}":
            return None
        if c != "{":
            i += 1
            continue
        end = _field_end(body, i + 1)
        if end is None:
            return None
        field = body[i + 1:end]
        expr, spec = _split_field(field)
        if not expr.strip():
            return None
        out.append(expr.rstrip().rstrip("=") if expr.rstrip().endswith("=") and
                   not expr.rstrip().endswith(("==", "!=", "<=", ">=")) else expr)
        if spec:
            inner = _fstring_expressions(spec)
            if inner is None:
                return None
            out += inner
        i = end + 1
    return out


def _field_end(body: str, i: int) -> int | None:
    """Where the replacement field opened before `i` closes (its `}`), strings and brackets in
    the expression skipped."""
    depth, n = 0, len(body)
    while i < n:
        c = body[i]
        if c in "'\"":
            q = body[i:i + 3] if body[i:i + 3] in ("\'\'\'", '"""') else c
            j = body.find(q, i + len(q))
            while j > 0 and body[j - 1] == "\\" and len(q) == 1:
                j = body.find(q, j + 1)
            if j < 0:
                return None
            i = j + len(q)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


def _split_field(field: str) -> tuple[str, str]:
    """(expression, format spec) of a replacement field: the expression ends at a `!` or `:` at
    bracket depth 0 outside strings (not `!=`, and not a `:` inside a lambda or slice)."""
    depth, i, n = 0, 0, len(field)
    while i < n:
        c = field[i]
        if c in "'\"":
            j = field.find(c, i + 1)
            while j > 0 and field[j - 1] == "\\":
                j = field.find(c, j + 1)
            if j < 0:
                return field, ""
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c == "!" and not field.startswith("!=", i):
            rest = field[i + 1:]
            colon = rest.find(":")
            return field[:i], rest[colon + 1:] if colon >= 0 else ""
        elif depth == 0 and c == ":":
            return field[:i], field[i + 1:]
        i += 1
    return field, ""
