"""Walks the trees `script.py` builds and reports calls to the recorder.

The language modules (`javascript.py`, `ruby.py` ...) supply a table from qualified names
(`child_process.execSync`, `FileUtils.rm_rf`, `curl_setopt`) to what the call does, written as
small tuples this walker interprets: ('shell', i) runs argument i through a shell, ('delete', i,
'tree') deletes a tree, ('verb', 'post', 1) sends a POST whose body is argument 1, and so on."""

from __future__ import annotations

import re

from agentsh.engine import work
from agentsh.engine.domains.code.model import (
    Const,
    Exec,
    Hole,
    Obj,
    Ref,
    Seq,
    Store,
    Text,
    Unparsed,
    concat,
    file_source,
    hole,
    literal,
    method_of,
    text,
    to_json,
    unknown,
)
from agentsh.engine.domains.code.semantics import (
    BODY_KEYS,
    HTTP_VERBS,
    Recorder,
    Shared,
    argv_text,
    body_text,
    derived,
    may_do_harm,
    snake_case,
    target_of,
    url_join,
)

MAX_NODES = 200_000
MAX_EXEC_DEPTH = 3
CONCAT_OPS = {"javascript": ("+",), "php": (".",), "lua": ("..",), "perl": (".",),
              "ruby": ("+", "<<")}
UNSET = Ref("unknown", "unset")  # `let x;`: declared, not yet given a value
# methods that change an array or object in place (`push` is modelled; the others make it unknown)
MUTATORS = frozenset(("push", "unshift", "splice", "pop", "shift", "fill", "copyWithin",
                      "reverse", "sort", "clear", "set", "delete", "append", "prepend",
                      "insert", "concat!", "push!", "merge!", "update", "store", "replace",
                      "delete_at", "delete_if", "map!", "select!", "reject!", "compact!",
                      "flatten!", "uniq!", "shuffle!", "rotate!", "slice!", "keep_if"))
# functions whose first argument is the array or object they change (`Object.assign(c, ...)`,
# Perl's `push @a, $x`, PHP's `array_push($a, ...)`)
CONTAINER_FUNCTIONS = frozenset(("assign", "defineProperty", "push", "unshift", "splice",
                                 "pop", "shift", "array_push", "array_unshift", "array_splice",
                                 "array_pop", "array_shift", "array_merge_recursive"))
VALUE_METHODS = frozenset(("to_json", "to_s", "strip", "chomp", "downcase", "upcase", "freeze",
                           "dup", "to_str"))


# JavaScript query builders whose deletes of a whole table are recognised (`builder_delete`)
BUILDERS = ("drizzle", "kysely", "typeorm", "data-source", "DataSource")
LOOP_ITEMS = 16  # a loop over a list this short whose items are known walks its body per item
# query builders a call makes (`require("knex")(config)`, Ruby `Sequel.connect(url)`), and the
# names the rows of a table are reached through once made (`knex("t")`, `DB[:t]`)
BUILDER_FACTORIES = {"knex": "knex()", "knex.default": "knex()", "knex.knex": "knex()",
                     "Sequel.connect": "Sequel.db", "Sequel.sqlite": "Sequel.db",
                     "Sequel.postgres": "Sequel.db", "Sequel.mysql2": "Sequel.db"}
TABLE_SOURCES = ("knex()", "Sequel.db")
REPOSITORY_GETTERS = frozenset(("getRepository", "getMongoRepository", "getTreeRepository",
                                "getCustomRepository"))
ROW_FILTERS = frozenset(("limit", "first", "having", "exclude", "filter", "grep", "findOne",
                         "findOneBy", "whereIn", "whereNot", "whereNull", "offset"))
ROW_KEEPERS = frozenset(("createQueryBuilder", "join", "innerJoin", "leftJoin", "returning", "timeout", "transacting",
                         "withSchema", "orderBy", "order", "clone", "unordered", "select"))
# Ruby iterators whose block (or `&:symbol`) is called with each item of the receiver
ROW_ITERATORS = frozenset(("each", "find_each", "each_with_index", "map", "collect", "flat_map",
                           "each_entry", "in_batches", "find_in_batches", "each_slice"))
# what destroys one ActiveRecord row, called on each row of a model
ROW_DESTROYERS = frozenset(("destroy", "destroy!", "delete", "delete!", "really_destroy!",
                            "destroy_fully!"))
# scopes that keep every row of a model (`User.unscoped.find_each`)
EVERY_ROW_SCOPES = frozenset(("all", "unscoped", "with_deleted", "with_discarded", "find_each", "to_a",
                              "in_batches", "find_in_batches", "includes", "preload",
                              "eager_load", "order", "reorder", "readonly", "lock"))
# Ruby constants that are no ActiveRecord model
NOT_MODELS = frozenset(("ENV", "ARGV", "File", "Dir", "FileUtils", "IO", "Kernel", "Process",
                        "JSON", "YAML", "CSV", "Net", "URI", "Pathname", "Tempfile", "Time",
                        "Date", "DateTime", "Open3", "Shellwords", "Struct", "Hash", "Array",
                        "String", "Integer", "Object", "Rails", "Aws", "Google", "Redis", "Mongo",
                        "Sequel", "PG", "Mysql2", "SQLite3", "Faraday", "HTTParty", "RestClient",
                        "HTTP", "ObjectSpace", "Signal", "Thread", "Benchmark", "Logger"))
# Ruby methods that call the method a string or symbol names (`obj.send(:system, cmd)`)
RUBY_SENDS = frozenset(("send", "public_send", "__send__"))
# PHP functions that call a callback they are given by name
PHP_CALLBACKS = frozenset(("array_map", "array_walk", "array_walk_recursive", "array_filter",
                           "call_user_func", "call_user_func_array", "usort", "uasort",
                           "uksort", "array_reduce", "register_shutdown_function",
                           "iterator_apply", "forward_static_call", "forward_static_call_array"))
# languages whose calls of functions they define are connected
CONNECTED = ("javascript", "ruby", "php", "perl")
# languages whose functions give the value of their last statement without `return`
LAST_VALUE = ("ruby", "perl")
JS_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx")


EXPORTS = (("name", "exports"), ("member", ("name", "module"), "exports"))


class Function:
    """A function value the code defines (see python.Function): its node, the scope it was
    made in, the folder of its file (for `require("./x")` inside it), what walking it with
    unknown parameters found (`deferred`), and whether every use was a connected call."""

    __slots__ = ("node", "env", "folder", "deferred", "connected", "escaped", "key")

    def __init__(self, node, env: dict, folder: str, key: int) -> None:
        self.node = node
        self.env = env
        self.folder = folder
        self.deferred: tuple = ((), ())
        self.connected = False
        self.escaped = True  # until bound to a name whose every use is a call
        self.key = key


def _schema_table(name: str) -> bool:
    """A table object the project's schema module exports (`import {users} from "./db/schema"`,
    `"@/db/schema"`, `"./db/tables"`): drizzle's `db.delete(users)` with no `where`."""
    module = name.rsplit(".", 1)[0].lower()
    return "schema" in module or module.endswith(("/tables", "/table"))


def local_module(folder: str, spec: str) -> str:
    """The key a relative module is known by (`./lib/helpers` for `require("./helpers")` in
    `lib/`, `../x` above the working directory), one for each spelling of its file name."""
    import posixpath

    path = posixpath.normpath(posixpath.join(folder, spec) if folder else spec)
    for ext in JS_EXTENSIONS:
        if path.endswith(ext):
            path = path[:-len(ext)]
            break
    if path.endswith("/index"):
        path = path[:-6]
    return path if path.startswith(("../", "/")) or path == ".." else "./" + path


class Walker:
    def __init__(self, lang, rec: Recorder, env: dict | None = None, depth: int = 0) -> None:
        self.lang = lang  # the language module: LANG, CALLS, GLOBALS, analyze
        self.rec = rec
        self.env = env if env is not None else {}
        self.depth = depth
        self.budget = [MAX_NODES]
        self.concat_ops = CONCAT_OPS.get(lang.LANG, ("+",))
        self.shared = Shared({})
        self.folder = ""  # the folder of the file being walked ("" for the main code)
        self.returns: list | None = None
        self.quiet = False  # a project module's scope being built: function bodies not walked
        self.exporting = False  # evaluating what `module.exports` is set to

    def child(self) -> Walker:
        w = Walker(self.lang, self.rec, dict(self.env), self.depth)
        w.budget = self.budget
        w.shared = self.shared
        w.folder = self.folder
        w.quiet = self.quiet
        return w

    # -------------------------------------------------------------- statements

    def block(self, nodes: list) -> None:
        skip = False
        for i, node in enumerate(nodes):
            if skip:
                skip = False
                continue
            if node is not None:
                skip = self.literal_loop(node, nodes[i + 1] if i + 1 < len(nodes) else None)
                if not skip:
                    self.ev(node)

    def literal_loop(self, head, body) -> bool:
        """`for (const d of ["dist", ".turbo"]) rm(d, ...)`, Perl `for my $d ("a", "b") {...}`:
        a loop over a short list whose items are known walks its body (the statement after
        the loop's head) once with each item, as Python's loops are. False when `head` is no
        such loop (the caller evaluates it as before)."""
        decl = head[1][0] if head[0] == "block" and len(head[1]) == 1 and \
            isinstance(head[1][0], tuple) else head
        if body is None or decl[0] != "decl" or not isinstance(decl[2], tuple) or \
                decl[2][0] != "iter" or decl[1][0] != "name":
            return False
        items = self.ev(decl[2][1])
        if not isinstance(items, Seq) or not 1 < len(items.items) <= LOOP_ITEMS or \
                self.budget[0] <= 1000 or decl[1][1] in self.shared.volatile or \
                not self.shared.may_unroll(len(items.items)):
            self.bind(decl[1], _element(items))
            self.ev(body)
            return True
        for item in items.items:
            self.bind(decl[1], item)
            self.ev(body)
        return True

    def bind(self, target, value) -> None:
        if target is None:
            return
        kind = target[0]
        if kind == "name":
            if target[1] is not None:
                if target[1] in self.shared.volatile and isinstance(value, (Text, Seq, Obj, Const)):
                    value = unknown(target[1])  # given values in several places (`volatile`)
                self.env[target[1]] = value
        elif kind == "objpat":
            for key, sub in target[1]:
                if key == "...":
                    self.bind(sub, unknown())
                    continue
                self.bind(sub, self.member(value, key))
        elif kind == "arrpat":
            items = value.items if isinstance(value, Seq) else ()
            for k, sub in enumerate(target[1]):
                if sub is not None:
                    self.bind(sub, items[k] if k < len(items) else derived(value))
        elif kind == "obj":  # JavaScript `({p} = value)`
            for key, sub in target[1]:
                name = literal(key[1]) if isinstance(key, tuple) and key[:1] == ("lit",) and \
                    isinstance(key[1], Text) else None
                if isinstance(sub, tuple):
                    self.bind(sub, self.member(value, name) if name else unknown())
        elif kind == "arr":  # Perl `my ($a, $b) = @_;`, PHP `[$a, $b] = ...`
            items = value.items if isinstance(value, Seq) else ()
            for k, sub in enumerate(target[1]):
                self.bind(sub, items[k] if k < len(items) else derived(value))
        elif kind == "member" and target[1] == ("name", "module") and target[2] == "exports":
            self.env["module.exports"] = value
        elif kind == "member" and target[1] in (("name", "exports"), (
                "member", ("name", "module"), "exports")):
            exported = self.env.get("module.exports")
            pairs = exported.items if isinstance(exported, Obj) else ()
            self.env["module.exports"] = Obj(pairs + ((target[2], value),))
        elif kind == "member":
            base = self.ev(target[1])
            if isinstance(base, Ref) and base.kind == "request" and isinstance(base.data, dict):
                if target[2] in ("body", "body_stream", "content"):
                    base.data["body"] = value
                elif target[2] in ("method",):
                    base.data["method"] = literal(value) or base.data["method"]
        elif kind == "index":
            base = self.ev(target[1])
            key = literal(self.ev(target[2]))
            if isinstance(base, Ref) and base.kind == "request" and isinstance(base.data, dict) \
                    and key:
                base.data.setdefault("headers", []).append((key, value))
        elif kind == "un":
            self.bind(target[2], value)

    # -------------------------------------------------------------- expressions

    def ev(self, node):  # noqa: C901 - one dispatch over node kinds
        self.budget[0] -= 1
        if self.budget[0] < 0 or node is None:
            return unknown()
        work.charge()
        kind = node[0]
        if kind == "lit":
            return text(node[1])
        if kind == "num":
            try:
                return Const(float(node[1]) if "." in node[1] else int(node[1], 0))
            except ValueError:
                return Const(node[1])
        if kind == "const":
            return Const(None)
        if kind == "bool":
            return Const(node[1])
        if kind == "name":
            return self.name(node[1])
        if kind == "tmpl":
            return self.template(node[1])
        if kind == "cmd":
            value = self.template(node[1])
            self.rec.shell(value, "`" + value.display()[:80] + "`")
            return unknown("output")
        if kind == "member":
            if node[2] in getattr(self.lang, "BARE_CALLS", ()) or self.lang.LANG == "ruby" and (
                    node[2].endswith("!") or node[2][:1].islower() and self.rec.destroys(node[2])):
                # Ruby `User.delete_all`, `objects.batch_delete!`, `repo.purge_versions`: a
                # call (Ruby has no fields: a bang or destroy verb names a method; a
                # capitalized name is a constant, `Net::HTTP::Delete`)
                return self.call(("call", node, [], None))
            return self.member(self.ev(node[1]), node[2])
        if kind == "index":
            base_node = node[1]
            if self.lang.LANG == "perl" and base_node[0] == "name" and \
                    base_node[1].startswith("$") and base_node[1] not in self.env:
                # `$cfg{dir}` is an element of %cfg, `$a[0]` of @a
                alt = ("%" if node[2][0] in ("name", "lit") else "@") + base_node[1][1:]
                if alt in self.env:
                    base_node = ("name", alt)
            return self.index(self.ev(base_node), self.key(node[2]))
        if kind == "call":
            return self.call(node)
        if kind == "new":
            return self.construct(node)
        if kind == "obj":
            return self.object(node[1])
        if kind == "arr":
            return self.array(node[1])
        if kind == "bin":
            return self.binary(node)
        if kind == "un":
            value = self.ev(node[2])
            return value if node[1] in ("await", "...", "yield", "clone", "@", "&", "\\", "*",
                                        "my", "our", "local") else derived(value)
        if kind == "assign":
            if node[1][0] == "member" and (node[1][1] in EXPORTS or node[1][2] == "exports" and
                                           node[1][1] == ("name", "module")):
                self.exporting = True  # what a module exports is not a call made here
                try:
                    value = self.ev(node[2])
                finally:
                    self.exporting = False
            else:
                value = self.ev(node[2])
            op = node[3]
            if op in ("+=", ".=", "<<="):
                current = self.ev(node[1])
                joined = concat(current, value)
                value = joined if joined is not None else derived(current, value)
            elif op in ("||=", "??=") and node[1][0] == "name" and node[1][1] in self.env:
                return self.env[node[1][1]]
            target = node[1]
            if target[0] == "name" and target[1] in self.env:
                old = self.env[target[1]]
                if old is not UNSET and old != value and not isinstance(old, Const):
                    # assigned again: the parser keeps no branches, so this may be one of an
                    # `if`'s two ways; which value the name holds is only known at run time
                    value = unknown(target[1])
            elif target[0] in ("member", "index") and self.stored(target, value):
                return value
            self.bind(target, value)
            return value
        if kind == "decl":
            value = node[2]
            if value is None:
                result = UNSET
            elif value[0] == "iter":
                result = _element(self.ev(value[1]))
            else:
                result = self.ev(value)
            self.bind(node[1], result)
            if value is not None and value[0] == "func" and node[1][0] == "name" and \
                    isinstance(result, Ref) and isinstance(result.data, int):
                # named: its uses are tracked, unless the name is also reached as a member
                # or a string (Ruby, PHP, Perl: `obj.wipe`, `send(:wipe)`, `'wipe'` callbacks)
                escapes = self.shared.escapes
                self.shared.defs[result.data].escaped = node[1][1] in escapes or \
                    ANY_NAME in escapes  # (a function chosen at run time: any of them)
            return result
        if kind == "func":
            return self.define(node)
        if kind == "ret":
            value = self.ev(node[1])
            if self.returns is not None:
                self.returns.append(value)
            return value
        if kind == "import":
            self.imports(node[1], node[2])
            return Const(None)
        if kind == "block":
            self.block(node[1])
            return Const(None)
        if kind == "kw":
            self.ev(node[1])
            return self.ev(node[2])
        if kind == "iter":
            return _element(self.ev(node[1]))
        return unknown()

    def stored(self, target, value) -> bool:
        """`c.dir = v`, `c["dir"] = v`, `a[0] = v` on a name holding an object or array: the
        name (and every name holding the same one) gets it; a slot that held another value, or a
        deeper or unknown slot, makes the container unknown. False when nothing was changed."""
        root = target
        while root[0] in ("member", "index"):
            root = root[1]
        if root[0] != "name" or not isinstance(self.env.get(root[1]), (Obj, Seq)):
            return False
        container = self.env[root[1]]
        updated = None
        if target[1] is root:
            key = text(target[2]) if target[0] == "member" else self.ev(target[2])
            old = self.index(container, key) if isinstance(container, Seq) else \
                container.get(literal(key)) if literal(key) is not None else None
            if old is None or old == value:
                updated = _stored(container, key, value)
        self.replace(root[1], updated if updated is not None else unknown(root[1]))
        return True

    def replace(self, name: str, value) -> None:
        old = self.env.get(name)
        for k, v in list(self.env.items()):
            if v is old:
                self.env[k] = value
        self.env[name] = value

    def mutated(self, target, recv, name: str, args: list) -> None:
        """`a.push(x)`, `a.splice(...)`, `a << x`: the array a name holds changed in place;
        appending is modelled, anything else makes it unknown."""
        if target[0] != "name" or not isinstance(recv, (Seq, Obj)):
            return
        if isinstance(recv, Seq) and name in ("push", "<<", "append") and args:
            self.replace(target[1], Seq(recv.items + tuple(args)))
        else:
            self.replace(target[1], unknown(target[1]))

    def define(self, node):
        """A function value: walked here with unknown parameters (effects set aside until the
        end, `_undeferred`), and connected to where it is called (`connect`)."""
        shared = self.shared
        fn = Function(node, self.env, self.folder, len(shared.defs))
        shared.defs.append(fn)
        ref = Ref("func", "function", fn.key)
        if self.quiet or self.lang.LANG not in CONNECTED:
            if not self.quiet:
                inner = self.child()
                for p in node[1]:
                    inner.env[p] = unknown(p)
                inner.block(node[2])
            return ref
        rec = self.rec
        marks = (len(rec.fx), len(rec.scanned))
        inner = self.child()
        for p in node[1]:
            inner.env[p] = unknown(p)
        inner.returns = []
        inner.block(node[2])
        fn.deferred = (rec.fx[marks[0]:], rec.scanned[marks[1]:])
        del rec.fx[marks[0]:], rec.scanned[marks[1]:]
        return ref

    def function_of(self, value) -> Function | None:
        if isinstance(value, Ref) and value.kind == "func" and isinstance(value.data, int):
            return self.shared.defs[value.data]
        if isinstance(value, Ref) and value.kind == "module" and self.shared.project:
            return self.function_of(self.project_member(value.name))
        return None

    def project_member(self, qual: str):
        """What `./helpers.clean` is: a name the project module `./helpers` exports
        (`module.exports = {clean}`, `exports.clean = ...`, `export function clean`)."""
        head, _, name = qual.rpartition(".")
        if head not in self.shared.project:
            return None
        env = self.module_env(head)
        exported = env.get("module.exports")
        if isinstance(exported, Obj) and exported.get(name) is not None:
            return exported.get(name)
        if name == "default" and exported is not None:
            return exported
        return env.get(name)

    def module_env(self, key: str) -> dict:
        envs = self.shared.module_envs
        if key not in envs:
            envs[key] = {}
            text, folder = self.shared.project[key]
            try:
                nodes = self.lang.parse(text)
            except (ValueError, RecursionError):
                return envs[key]
            walker = Walker(self.lang, Recorder(self.rec.knobs), envs[key], self.depth)
            walker.budget = self.budget
            walker.shared = self.shared
            self.shared.volatile |= volatile(nodes)
            walker.folder = folder
            walker.quiet = True
            walker.block(nodes)
        return envs[key]

    def connect(self, fn: Function, args: list, spread: bool = False):
        """A call of a function the code or a project module defines: the body walked with the
        arguments bound to the parameters in order. None past the bounds."""
        shared = self.shared
        if self.lang.LANG not in CONNECTED or not shared.may_connect(fn.key) or \
                self.budget[0] < 1000:
            fn.escaped = True
            return None
        shared.calls += 1
        fn.connected = True
        inner = Walker(self.lang, self.rec, dict(fn.env), self.depth)
        inner.budget = self.budget
        inner.shared = shared
        inner.folder = fn.folder
        # `*dirs`, `...dirs` in the function or the call: every parameter only known at run time
        rest = spread or "*" in fn.node[1]
        for i, p in enumerate(fn.node[1]):
            inner.env[p] = args[i] if i < len(args) and not rest else unknown(p)
        if self.lang.LANG == "perl":  # a sub's arguments: `my ($d) = @_;`, `shift`
            inner.env["@_"] = Seq(tuple(args))
        inner.returns = []
        shared.stack.append(fn.key)
        try:
            last = [inner.ev(n) for n in fn.node[2] if n is not None][-1:]
        finally:
            shared.stack.pop()
        if (len(fn.node[2]) == 1 or self.lang.LANG in LAST_VALUE) and not inner.returns:
            inner.returns += last  # `(p) => p + "/x"`: an expression body; Ruby's last value
        values = [v for v in inner.returns if not isinstance(v, Const)]
        if not values:
            return derived(*args)
        # several `return`s: one of them, only known at run time unless they agree
        return values[0] if all(v == values[0] for v in values) else unknown("return")

    def name(self, name: str):
        if name == "shift" and self.lang.LANG == "perl" and isinstance(self.env.get("@_"), Seq):
            return self.shifted()
        if name in self.env:
            value = self.env[name]
            if isinstance(value, Ref) and value.kind == "func" and isinstance(value.data, int) \
                    and not self.exporting:
                self.shared.defs[value.data].escaped = True  # handed on as a value
            return value
        glob = self.lang.GLOBALS.get(name)
        if glob is not None:
            return glob
        if name.startswith(("$", "@", "%")):
            return unknown(name.lstrip("$@%"))
        return Ref("module", self.lang.qualify(name))

    def shifted(self):
        """Perl's `shift` in a connected sub: the first of its arguments, taken off `@_`."""
        rest = self.env["@_"].items
        self.env["@_"] = Seq(rest[1:])
        return rest[0] if rest else unknown("shift")

    def template(self, parts) -> Text:
        out: tuple = ()
        for p in parts:
            if isinstance(p, str):
                out += (p,)
            else:
                value = self.ev(p)
                out += _as_parts(value, _node_name(p))
        return Text(tuple(x for x in out if x != ""))

    def member(self, base, name: str):
        if isinstance(base, Ref) and base.kind == "each_row":
            base = base.data  # a row's attribute: an unknown value, as any element's
        if isinstance(base, Ref):
            if base.kind == "module":
                qual = f"{base.name}.{name}"
                if base.name in self.lang.ENV_OBJECTS:
                    return hole("env", name)
                special = self.lang.GLOBALS.get(qual)
                if special is not None:
                    return special
                spec = self.lang.lookup(qual) if self.lang.LANG in ("ruby", "perl") else None
                if spec is not None and spec[0] in ("session", "ref", "temp", "tempfile",
                                                    "env_home"):
                    return self.apply(spec, qual, [], {}, qual)  # Perl `X->new`, Ruby `X.new`
                return Ref("module", qual)
            if base.kind == "sdk":
                return Ref("sdk", f"{base.name}.{name}")
            if base.kind in ("http", "mongo", "db"):
                return base
            if base.kind == "tempfile" and name in ("path", "name"):
                return base.data
            if base.kind == "unknown":
                return unknown(f"{base.name}.{name}", base.data)
        if isinstance(base, (Obj, Seq, Text)) and name in VALUE_METHODS and \
                self.lang.LANG in ("ruby", "perl"):
            return _value_method(base, name, [])  # Ruby: `{...}.to_json` is a call
        if isinstance(base, Obj):
            found = base.get(name)
            return found if found is not None else unknown(name)
        if isinstance(base, (Seq, Text)) and name in ("length", "size", "count"):
            return Const(None)
        return derived(base)

    def index(self, base, key):
        if isinstance(base, Ref) and base.kind == "module" and base.name in self.lang.ENV_OBJECTS:
            name = literal(key) or (key.name if isinstance(key, Ref) and key.kind == "module"
                                    else None)
            return hole("env", name) if name else unknown("env")
        if isinstance(base, Seq):
            k = key.value if isinstance(key, Const) else None
            if isinstance(k, int) and -len(base.items) <= k < len(base.items):
                return base.items[k]
            return derived(*base.items) if base.items else unknown()
        if isinstance(base, Obj):
            name = literal(key)
            found = base.get(name) if name is not None else None
            return found if found is not None else unknown()
        if isinstance(base, Ref) and base.kind == "module" and base.name in TABLE_SOURCES:
            return Ref("rows", f"{base.name}[{literal(key) or '?'}]")  # Sequel `DB[:orders]`
        if self.lang.LANG == "javascript" and isinstance(base, Ref) and base.kind == "module" \
                and (literal(key) or "").isidentifier():
            # `require("child_process")["exec" + "Sync"]` is the member it names (review-f)
            return self.member(base, literal(key))
        return derived(base)

    def object(self, pairs) -> Obj:
        items = []
        for key, value in pairs:
            if key == "...":
                spread = self.ev(value)
                if isinstance(spread, Obj):
                    items += list(spread.items)
                continue
            v = self.ev(value)
            if key is None:
                continue
            k = self.ev(key)
            name = literal(k) if isinstance(k, Text) else (str(k.value) if isinstance(k, Const)
                                                           else None)
            if name is not None:
                items.append((name, v))
        return Obj(tuple(items))

    def key(self, node):
        """A hash key: Perl's bareword (`$h{dir}`, `(dir => 1)`) is the string it spells."""
        if self.lang.LANG == "perl" and node is not None and node[0] == "name" and \
                not node[1].startswith(("$", "@", "%")) and node[1] not in self.env:
            return text(node[1])
        return self.ev(node)

    def array(self, items):
        if any(item is not None and item[0] == "kw" for item in items):
            pairs = []
            for k, item in enumerate(items):
                if item[0] == "kw":
                    key = self.key(item[1])
                    name = literal(key) if isinstance(key, Text) else \
                        (str(key.value) if isinstance(key, Const) else None)
                    value = self.ev(item[2])
                    if name is not None:
                        pairs.append((name, value))
                else:
                    pairs.append((str(k), self.ev(item)))
            return Obj(tuple(pairs))
        out = []
        for item in items:
            value = self.ev(item)
            if item[0] == "un" and item[1] == "..." and isinstance(value, Seq):
                out += list(value.items)
            else:
                out.append(value)
        return Seq(tuple(out))

    def binary(self, node):
        op, a, b = node[1], node[2], node[3]
        if op == "?":
            self.ev(a)
            x, y = self.ev(b[2]), self.ev(b[3])
            return x if x == y else unknown("choice")  # either side, only known at run time
        left = self.ev(a)
        right = self.ev(b)
        if op == "<<" and isinstance(left, Seq):
            self.mutated(a, left, "<<", [right])  # Ruby's (and PHP's `[] =`) append
            return self.env.get(a[1], left) if a[0] == "name" else left
        if op in self.concat_ops:
            joined = concat(left, right)
            if joined is not None:
                return joined
            if isinstance(left, Text) and isinstance(right, Const) and right.value is not None:
                return concat(left, text(str(right.value)))
            if isinstance(left, Seq) and isinstance(right, Seq):
                return Seq(left.items + right.items)
            if isinstance(left, Text) or isinstance(right, Text):
                return Text(_as_parts(left, _node_name(a)) + _as_parts(right, _node_name(b)))
        if op in ("||", "or", "??", "//"):
            if isinstance(left, (Seq, Obj)) or isinstance(left, Ref) and left.kind != "unknown" \
                    or isinstance(left, Text) and literal(left) != "":
                if not (isinstance(left, Text) and left.literal is None):
                    return left  # true as written: the right side is not reached
            if literal(left) == "" or isinstance(left, Const) and left.value in (None, False, 0):
                return right
            return left if left == right else unknown("choice")  # either, known at run time
        return derived(left, right)

    # -------------------------------------------------------------- calls

    def arguments(self, nodes, bound=None) -> tuple[list, dict]:
        """Argument values; `bound`: what a function literal among them gets as its first
        parameter (the module a promise resolves to, an array's element)."""
        args: list = []
        kwargs: dict = {}
        pairs = []
        for node in nodes:
            if bound is not None and node[0] == "func" and node[1]:
                inner = self.child()
                inner.env[node[1][0]] = bound
                for p in node[1][1:]:
                    inner.env[p] = unknown(p)
                inner.block(node[2])
                args.append(Ref("func", "function"))
                continue
            if node[0] == "kw":
                key = text(node[1][1]) if node[1][0] == "name" and self.lang.LANG != \
                    "javascript" else self.ev(node[1])  # `Content => ...`: a bareword key
                value = self.ev(node[2])
                name = literal(key)
                if name is not None:
                    kwargs[name] = value
                    pairs.append((name, value))
                continue
            value = self.ev(node)
            if node[0] == "un" and node[1] in ("...", "*") and isinstance(value, Seq):
                args += list(value.items)
            else:
                args.append(value)
        if pairs:
            args.append(Obj(tuple(pairs)))
        elif args and isinstance(args[-1], Obj) and self.lang.LANG != "javascript":
            kwargs.update(dict(args[-1].items))
        return args, kwargs

    def call(self, node):
        callee, arg_nodes, block = node[1], node[2], node[3]
        recv = None
        bound = None
        if callee[0] == "member" and callee[2] in CALLBACKS:
            # `import("fs").then(f => f.rmSync(...))`, `[fs].forEach(f => ...)`: the callback's
            # parameter is the value the receiver resolves to, or one of its elements
            recv = self.ev(callee[1])
            bound = recv if callee[2] in RESOLVES else _element(recv)
            if isinstance(bound, Ref) and bound.kind == "unknown":
                bound = None
        if callee == ("name", "shift") and self.lang.LANG == "perl" and \
                isinstance(self.env.get("@_"), Seq) and arg_nodes in ([], [("name", "@_")]):
            return self.shifted()
        args, kwargs = self.arguments(arg_nodes, bound)
        label = _label(callee)
        self.passed_functions(args, label, bound)
        if self.lang.LANG == "php" and callee[0] == "name" and callee[1] in PHP_CALLBACKS:
            self.named_callbacks(callee[1], args, label)
        if block == "tagged":
            return self.tagged(callee, args[0] if args else text(""), label)
        if self.lang.LANG == "ruby" and callee[0] in ("member", "name") and \
                callee[-1 if callee[0] == "name" else 2] in RUBY_SENDS and args and \
                (literal(args[0]) or "").rstrip("!?=").isidentifier():
            # `send("sys" + "tem", cmd)`, `Kernel.public_send(:system, cmd)`: the method the
            # string names, called with the rest (review-f, session 30)
            name = literal(args[0])
            if callee[0] == "name":
                callee, arg_nodes = ("name", name), arg_nodes[1:]
            else:
                callee, arg_nodes = ("member", callee[1], name), arg_nodes[1:]
            args = args[1:]
            label = _label(callee)
        if callee[0] == "member":
            if recv is None:
                recv = self.ev(callee[1])
            if callee[2] in MUTATORS:
                self.mutated(callee[1], recv, callee[2], args)
            result = self.method(recv, callee[2], args, kwargs, label)
        else:
            fn = self.env[callee[1]] if callee[0] == "name" and callee[1] in self.env else \
                self.ev(callee)  # a call is not a use that hands the function on
            if callee[0] == "name" and self.lang.LANG in ("ruby", "php", "perl") and \
                    isinstance(fn, Ref) and fn.kind == "func" and \
                    self.lang.lookup(callee[1]) is not None:
                # a function named like a built-in that deletes or runs programs (`sub system`):
                # Perl and PHP call the built-in; judged as the built-in in every language
                fn = Ref("module", self.lang.qualify(callee[1]))
            if self.lang.LANG == "php" and (callee[0] != "name" or callee[1].startswith("$")) \
                    and literal(fn):
                # `$f = "sys" . "tem"; $f("rm -rf ~")`, `("system")(...)`: PHP calls the function
                # a string names (review-f, session 30)
                fn = Ref("module", self.lang.qualify(literal(fn)))
            body = self.function_of(fn)
            spread = any(isinstance(a, tuple) and a[:1] == ("un",) and a[1] in ("*", "**", "...")
                         for a in arg_nodes or ())  # `wipe(*dirs)`: positions unknown
            connected = self.connect(body, args, spread) if body is not None else None
            if connected is not None:
                self.rec.scan(args, label)
                result = connected
            elif isinstance(fn, Ref) and fn.kind == "module":
                if fn.name.rsplit(".", 1)[-1] in CONTAINER_FUNCTIONS and arg_nodes:
                    first = arg_nodes[0]
                    while first is not None and first[0] == "un":  # `\@a`, `&$a`
                        first = first[2]
                    if first is not None and first[0] == "name" and args:
                        self.mutated(first, args[0], "", [])
                self.rec.scan(args, fn.name)
                result = self.function(fn.name, args, kwargs, label)
                if result is None:
                    result = derived(*args)
            else:
                self.rec.scan(args, label)
                result = derived(*args)
        if self.lang.LANG == "ruby" and callee[0] == "member" and callee[2] in ROW_ITERATORS \
                and len(arg_nodes or ()) == 1 and arg_nodes[0][:2] == ("un", "&") and \
                arg_nodes[0][2][0] == "lit" and isinstance(arg_nodes[0][2][1], str):
            # `[User, Order].each(&:destroy_all)`, `User.find_each(&:destroy)`: the method
            # named by the symbol is called on each item (each row of a model)
            for item in self.items_of(recv, callee[2]):
                self.method(item, arg_nodes[0][2][1], [], {}, f"{label}(&:{arg_nodes[0][2][1]})")
        if isinstance(block, tuple) and block[0] == "func":
            params = block[1]
            values = [result]
            if params and callee[0] == "member" and callee[2] in (
                    "each", "map", "each_with_index", "select", "flat_map", "forEach"):
                items = self.ev(callee[1])
                # a short list whose items are known: the block runs once with each
                values = list(items.items) if isinstance(items, Seq) and \
                    1 < len(items.items) <= LOOP_ITEMS and self.budget[0] > 1000 and \
                    self.shared.may_unroll(len(items.items)) else [_element(items)]
            if params and self.lang.LANG == "ruby" and callee[0] == "member" and \
                    callee[2] in ROW_ITERATORS and recv is not None and not any(
                        isinstance(n, tuple) and n[:1] in (("block",), ("const",))
                        for n in block[2]):
                # (a body with a condition, `u.destroy if u.spam?`, which the token parser
                # groups as a block, picks rows: not read as every row, as Python's `if`)
                values = self.items_of(recv, callee[2])
            for value in values:
                inner = self.child()
                if params:
                    inner.env[params[0]] = value
                    for p in params[1:]:
                        inner.env[p] = unknown(p)
                inner.block(block[2])
        return result

    def items_of(self, recv, iterator: str) -> list:
        """What a Ruby iterator hands its block, one value per walk: each item of a short
        list whose items are known; for an ActiveRecord model's every row (`User`,
        `User.all`, `User.unscoped`: no `where` on the way) a row that deletes the model's rows
        one by one when destroyed; `in_batches`/`find_in_batches` hand the rows themselves."""
        if isinstance(recv, Seq) and 1 < len(recv.items) <= LOOP_ITEMS and \
                self.budget[0] > 1000 and self.shared.may_unroll(len(recv.items)):
            return list(recv.items)
        if _every_row(recv):
            return [recv if iterator in ("in_batches", "find_in_batches") else
                    Ref("each_row", f"{recv.name}.{iterator}", _element(recv))]
        return [_element(recv)]

    def named_callbacks(self, name: str, args: list, label: str) -> None:
        """PHP names a callback by a string (`array_map('unlink', glob($p))`,
        `call_user_func('system', $c)`): a built-in that deletes or runs programs, called with
        what the function hands it (the items of the array, or the arguments that follow)."""
        for i, value in enumerate(args):
            callback = literal(value)
            spec = self.lang.lookup(callback) if callback else None
            if spec is None or spec[0] not in ("delete", "shell", "spawn", "system", "argv"):
                continue
            rest = args[:i] + args[i + 1:]
            if name == "call_user_func":
                given = rest
            elif name == "call_user_func_array" and rest and isinstance(rest[0], Seq):
                given = list(rest[0].items)
            elif rest and isinstance(rest[0], Seq) and 0 < len(rest[0].items) <= 16:
                for item in rest[0].items:  # each item of the array, in turn
                    self.function(callback, [item], {}, label)
                continue
            else:
                given = [_element(rest[0]) if rest else unknown("argument")]
            self.function(callback, given or [unknown("argument")], {}, label)

    def passed_functions(self, values: list, label: str, bound=None) -> None:
        """A function that deletes or runs programs handed to another as a value
        (`["src"].forEach(fs.rmSync)`, `promisify(fs.rm)`): taken as called with the element
        it is handed (`bound`), or with arguments agentsh does not follow."""
        for value in values:
            items = value.items if isinstance(value, Seq) else (value,)
            for item in items:
                if isinstance(item, Ref) and item.kind == "module":
                    spec = self.lang.lookup(item.name)
                    if spec is not None and spec[0] in ("delete", "shell", "spawn", "overwrite"):
                        self.function(item.name, [bound if bound is not None
                                                  else unknown("argument")], {}, label)

    def construct(self, node):
        callee = self.ev(node[1])
        args, kwargs = self.arguments(node[2])
        name = callee.name if isinstance(callee, Ref) and callee.kind == "module" else ""
        self.rec.scan(args, name)
        if name:
            result = self.function(name, args, kwargs, "new " + _label(node[1]), new=True)
            if result is not None:
                return result
        return derived(*args)

    def tagged(self, callee, value, label: str):
        fn = self.ev(callee)
        name = fn.name if isinstance(fn, Ref) and fn.kind == "module" else _label(callee)
        leaf = name.rsplit(".", 1)[-1]
        if leaf in ("$",) or name in ("Bun.$", "zx.$"):
            self.rec.shell(value, f"{name}`...`")
            return unknown("output")
        if leaf in ("sql", "unsafe") or name.endswith(("sql", "Prisma.sql")):
            self.rec.sql(value, f"{name}`...`")
            return unknown("rows")
        if leaf in ("gql", "graphql"):
            return value
        self.rec.scan([value], name)
        return value

    def method(self, recv, name: str, args: list, kwargs: dict, label: str):
        rec = self.rec
        if isinstance(recv, Ref) and recv.kind == "each_row":
            if name in ROW_DESTROYERS and not args:
                rec.store("sql.delete_all", f"{recv.name} {{ |row| row.{name} }}: every row "
                          "deleted one by one")
                return Const(None)
            recv = recv.data  # any other method: the row as an unknown value
        if isinstance(recv, Ref) and recv.kind == "module" and self.shared.project:
            body = self.function_of(self.project_member(f"{recv.name}.{name}"))
            connected = self.connect(body, args) if body is not None else None
            if connected is not None:
                rec.scan(args, name)
                return connected
        elif isinstance(recv, Obj) and self.function_of(recv.get(name)) is not None:
            connected = self.connect(self.function_of(recv.get(name)), args)  # `{clean}.clean()`
            if connected is not None:
                return connected
        if isinstance(recv, Ref) and recv.kind == "module":
            qual = f"{recv.name}.{name}"
            rec.scan(args, qual)
            result = self.function(qual, args, kwargs, label)
            if result is not None:
                return result
        elif not (isinstance(recv, Ref) and recv.kind == "db" and recv.data):
            rec.scan(args, name)
        if self.lang.LANG == "php" and isinstance(recv, Ref):
            # Laravel: `User::query()`, `DB::table('users')` stand for every row of a table;
            # `->delete()` / `->truncate()` on them (no `where` between) deletes them all
            if recv.kind == "module" and name in ("query", "table", "newQuery", "withTrashed"):
                return Ref("rows", f"{recv.name}::{name}()")
            if recv.kind == "rows":
                if name in ("delete", "truncate", "forceDelete") and not args:
                    rec.store("sql.delete_all", f"{recv.name}->{name}()")
                    return Const(None)
                if name in ("withTrashed", "withoutGlobalScopes", "toBase", "getQuery"):
                    return recv
        if isinstance(recv, Ref) and recv.kind == "rows" and self.lang.LANG in ("javascript",
                                                                                 "ruby"):
            rows = self.rows_method(recv, name, args, label)
            if rows is not None:
                return rows
        if self.lang.LANG == "javascript":
            built = self.builder_delete(recv, name, args, label)
            if built is not None:
                return built
        if isinstance(recv, Ref):
            special = self.object_method(recv, name, args, kwargs, label)
            if special is not None:
                return special
        if isinstance(recv, (Text, Seq, Obj)):
            return _value_method(recv, name, args)
        if self.lang.LANG == "ruby" and name in EVERY_ROW_SCOPES | {"to_a", "load", "records"} \
                and _every_row(recv):
            return Ref("module", f"{recv.name}.{name}")  # `User.order(:id)`: every row still
        if self.lang.LANG == "ruby" and name == "where" and isinstance(recv, Ref) and \
                recv.kind in ("unknown", "module") and recv.name != "VALUE" and args and \
                always_true(args):
            return recv  # ActiveRecord `User.where("1=1")`, `.where(nil)`: every row still
        known = rec.method(recv, name, args, kwargs, label)
        if known is not None:
            return known
        return derived(recv, *args)

    def table_source(self, qual: str, args: list):
        """A query builder made (`require("knex")(config)`, `Sequel.connect(url)`), and the
        rows of one table it is called or indexed with (`knex("orders")`, `knex.table("t")`,
        `DB[:orders]`, `DB.from(:orders)`)."""
        if qual in BUILDER_FACTORIES:
            return Ref("module", BUILDER_FACTORIES[qual])
        source = next(t for t in TABLE_SOURCES if qual.startswith(t))
        member = qual[len(source):].lstrip(".")
        if member in ("", "table", "from", "into", "queryBuilder") and args:
            return Ref("rows", f"{source}({literal(args[0]) or '?'})")
        return None

    def rows_method(self, recv: Ref, name: str, args: list, label: str):
        """A method on every row of a table (`rows_method`'s receiver, made by `table_source`
        or a TypeORM repository): a delete with no condition deletes them all (taken back if a
        `where` follows), a condition leaves rows out, and ordering or joining keeps them."""
        rec = self.rec
        if name in ("del", "delete", "truncate", "clear", "destroy") and (
                not args or isinstance(args[0], Obj) and not args[0].items):
            rec.store("sql.delete_all", f"{recv.name}.{name}() with no where")
            return Ref("pending_delete", label, len(rec.fx) - 1)
        if name.startswith(("where", "andWhere", "orWhere")) and always_true(args):
            return recv  # `.where({})`, `.whereRaw("1=1")`: still every row
        if name.startswith(("where", "andWhere", "orWhere")) or name in ROW_FILTERS:
            return unknown("query")
        if name in ROW_KEEPERS:
            return recv
        return None

    def builder_delete(self, recv, name: str, args: list, label: str):
        """JavaScript ORMs and query builders deleting every row of a table: drizzle
        `db.delete(users)` and kysely `db.deleteFrom("users")` with no `.where(...)` after
        (recorded when built, taken back by a `where`), sequelize `Model.destroy({truncate:
        true})` or `({where: {}})`."""
        rec = self.rec
        if isinstance(recv, Ref) and recv.kind == "pending_delete":
            if name.startswith("where") and always_true(args):
                return recv  # `.where({})`, `.where(sql\`1=1\`)`: still every row
            if name.startswith("where"):  # filtered: not every row
                if isinstance(recv.data, int) and recv.data < len(rec.fx):
                    rec.fx[recv.data] = Store("code.filtered", recv.name)
                return unknown("query")
            return recv  # `.returning()`, `.execute()`, `.then(...)`: the same statement
        if name == "createQueryBuilder" and not (isinstance(recv, Ref) and recv.kind == "rows") \
                and (not args or isinstance(args[0], Ref)) and \
                self.shared.hints & {"typeorm", "data-source", "DataSource"}:
            # TypeORM `dataSource.createQueryBuilder()`: its `.delete().from(User)` deletes
            # every row of the table unless a `where` follows
            return Ref("query_builder", label)
        if isinstance(recv, Ref) and recv.kind == "query_builder" and name == "delete" and \
                not args:
            return Ref("query_builder_delete", label)
        if isinstance(recv, Ref) and recv.kind == "query_builder_delete" and name == "from" and \
                args:
            target = args[0]
            table = target.name.rsplit(".", 1)[-1] if isinstance(target, Ref) else literal(target)
            rec.store("sql.delete_all", f"{label}({table or '?'}) with no where")
            return Ref("pending_delete", label, len(rec.fx) - 1)
        if name in REPOSITORY_GETTERS and args:
            # TypeORM `dataSource.getRepository(User)`, `manager.getRepository(User)`
            target = args[0]
            return Ref("rows", "repository(%s)" % (
                target.name.rsplit(".", 1)[-1] if isinstance(target, Ref) else literal(target)))
        if name == "sync" and args and isinstance(args[0], Obj) and \
                args[0].get("force") == Const(True):
            # sequelize `sync({force: true})` drops every table it knows and makes it again
            rec.store("sql.drop", f"{label}({{force: true}})")
            return Const(None)
        if name == "bulkDelete" and len(args) > 1 and (args[1] == Const(None) or
                                                       isinstance(args[1], Obj) and
                                                       not args[1].items):
            rec.store("sql.delete_all", f"{label}({literal(args[0]) or '?'}, {{}})")
            return Const(None)
        hints = self.shared.hints
        table = None
        if name == "delete" and len(args) == 1 and isinstance(args[0], Ref) and \
                args[0].kind == "module" and ("drizzle" in hints or _schema_table(args[0].name)):
            table = args[0].name.rsplit(".", 1)[-1]
        elif name == "deleteFrom" and "kysely" in hints and args and literal(args[0]):
            table = literal(args[0])
        if table is not None:
            rec.store("sql.delete_all", f"{label}({table}) with no where")
            return Ref("pending_delete", label, len(rec.fx) - 1)
        if name == "destroy" and args and isinstance(args[0], Obj):
            where = args[0].get("where")
            if args[0].get("truncate") == Const(True) or (
                    isinstance(where, Obj) and not where.items):
                rec.store("sql.delete_all", f"{label}({{where: {{}}}})")
                return Const(None)
        return None

    def object_method(self, recv: Ref, name: str, args: list, kwargs: dict, label: str):
        rec = self.rec
        if recv.kind == "websocket" and name == "send" and args:
            rec.request("POST", recv.data, [body_text(args[0])], label)
            return Const(None)
        if recv.kind == "jsreq" and name in ("write", "end") and args:
            method, url = recv.data  # type: ignore[misc]
            rec.request(method, url, [body_text(args[0])], label)
            return Const(None)
        if recv.kind == "http" and name in ("request", "fetch") and args and \
                isinstance(args[0], Ref) and args[0].kind == "request":
            self.send(args[0], label, recv.data)
            return unknown("response")
        if recv.kind == "http" and name == "request" and args and isinstance(args[0], Obj):
            self.config_request(args[0], recv.data, label)
            return unknown("response")
        if recv.kind == "http" and name.lower() in HTTP_VERBS | {"request"} and \
                self.lang.LANG in ("javascript", "php", "perl", "ruby"):
            self.session_verb(recv, name, args, kwargs, label)
            return unknown("response")
        if recv.kind == "xhr" and name == "open" and len(args) > 1:
            rec.request(method_of(args[0]), args[1], [], label)
            return Const(None)
        if recv.kind == "path" and name in ("unlink", "delete", "rmtree"):
            rec.delete(recv.data, name == "rmtree", label)
            return Const(None)
        return None

    def session_verb(self, recv: Ref, name: str, args: list, kwargs: dict, label: str) -> None:
        if name.lower() == "request":
            method = method_of(args[0]) if args else None
            url = args[1] if len(args) > 1 else None
            rest = args[2:]
        else:
            method, url, rest = name, (args[0] if args else None), args[1:]
        body = None
        for k in BODY_KEYS:
            if k in kwargs:
                body = kwargs[k]
                break
        if body is None and rest:
            first = rest[0]
            if isinstance(first, Obj) and any(first.get(k) is not None for k in BODY_KEYS):
                body = next(first.get(k) for k in BODY_KEYS if first.get(k) is not None)
            elif (method or "").upper() in ("POST", "PUT", "PATCH"):
                body = first
        self.rec.request(method or "", url_join(recv.data, url) if url is not None else recv.data,
                         [body_text(body)], label)

    def config_request(self, config: Obj, base, label: str) -> None:
        url = config.get("url", "uri", "path")
        method = literal(config.get("method", "type")) or "GET"
        body = config.get("data", "body", "json")
        full = config.get("baseURL", "baseUrl", "base_url")
        self.rec.request(method, url_join(full if full is not None else base, url) if url is not None
                         else base, [body_text(body)], label)

    def send(self, request: Ref, label: str, base=None) -> None:
        data = request.data if isinstance(request.data, dict) else {}
        url = data.get("url")
        self.rec.request(data.get("method", ""), url_join(base, url) if url is not None else base,
                         [body_text(data.get("body"))], label)

    def imports(self, names, module: str) -> None:
        mod = self.lang.module_name(module) if module else ""
        if self.lang.LANG == "javascript" and module.startswith(("./", "../")):
            mod = local_module(self.folder, module)
        for local, imported in names:
            if not local:
                continue
            if self.lang.LANG == "php":
                self.env[local] = Ref("module", self.lang.qualify(imported))
            elif imported in ("default", "*"):
                self.env[local] = Ref("module", mod)
            else:
                self.env[local] = Ref("module", f"{mod}.{imported}")

    # -------------------------------------------------------------- the table

    def function(self, qual: str, args: list, kwargs: dict, label: str, new: bool = False):
        spec = self.lang.lookup(qual)
        if spec is None and (qual in BUILDER_FACTORIES or qual.startswith(TABLE_SOURCES)):
            return self.table_source(qual, args)
        if spec is None:
            if self.rec.is_sdk(qual.replace("::", ".")):
                leaf = qual.rsplit(".", 1)[-1]
                if leaf == "new":
                    return Ref("sdk", qual)
                cls = leaf[:-7] if leaf.endswith("Command") and new else leaf
                if self.rec.destroys_on(qual.rsplit(".", 1)[0], cls) and \
                        (new or not leaf[:1].isupper()):
                    self.rec.cloud(qual, target_of(args, kwargs))
                service = qual[16:].split(".", 1)[0] if qual.startswith("@aws-sdk/client-") \
                    else ""
                if service and new and cls != leaf and not self.rec.destroys(cls) and \
                        (not args or isinstance(args[0], Obj)):
                    # `new ModifyDBInstanceCommand({...})` is the `aws rds modify-db-instance`
                    # command it stands for, as boto3's operations are (`Recorder.aws_call`)
                    self.rec.aws_call(service, snake_case(cls), [],
                                      dict(args[0].items) if args else {}, label)
                return Ref("sdk", qual)
            return None
        return self.apply(spec, qual, args, kwargs, label)

    def apply(self, spec: tuple, qual: str, args: list, kwargs: dict, label: str):  # noqa: C901
        rec = self.rec
        kind = spec[0]
        a = lambda i: args[i] if -len(args) <= i < len(args) else None  # noqa: E731
        if kind == "require":  # `createRequire(import.meta.url)` is a `require`
            return Ref("module", "require")
        if kind == "module":
            name = literal(a(spec[1]))
            if name and self.lang.LANG == "javascript" and name.startswith(("./", "../")):
                return Ref("module", local_module(self.folder, name))
            return Ref("module", self.lang.module_name(name)) if name else unknown("module")
        if kind == "ref":
            return Ref(spec[1], qual, spec[2] if len(spec) > 2 else None)
        if kind == "shell":
            value = a(spec[1])
            if value is None:
                value = kwargs.get("command")
            rec.shell(value, label)
            return unknown("output")
        if kind == "system":
            items = [v for v in args[spec[1]:] if not isinstance(v, Obj)]
            if len(items) > 1:
                rec.argv(items, label)
            elif items:
                rec.shell(items[0], label)
            return unknown("status")
        if kind == "popen":  # open("|cmd"), popen(cmd, mode)
            value = a(spec[1])
            lit = literal(value)
            if isinstance(value, Text) and (spec[2] == "any" or (lit is not None and
                                                                 (lit.startswith("|") or
                                                                  lit.endswith("|")))):
                rec.shell(Text(tuple(p.strip("|") if isinstance(p, str) else p
                                     for p in value.parts)), label)
            elif len(args) >= 3 and literal(a(1)) in ("-|", "|-"):
                rec.argv(args[2:], label) if len(args) > 3 else rec.shell(a(2), label)
            return unknown("handle")
        if kind == "spawn":
            program = a(spec[1])
            rest = a(spec[1] + 1)
            opts = next((v for v in args[spec[1] + 1:] if isinstance(v, Obj)), None)
            shell = opts is not None and _truthy(opts.get("shell"))
            items = [program] + (list(rest.items) if isinstance(rest, Seq) else [])
            if isinstance(program, Seq):
                items = list(program.items)
            if shell or (len(items) == 1 and isinstance(program, Text)):
                joined = concat(*[v for v in items if isinstance(v, Text)]) if len(items) == 1 \
                    else text(argv_text(items) or "")
                rec.shell(joined if joined is not None else program, label)
            else:
                rec.argv(items, label)
            return unknown("process")
        if kind == "argv":
            value = a(spec[1])
            if isinstance(value, Obj):
                value = value.get("cmd", "args")
            if isinstance(value, Seq):
                rec.argv(list(value.items), label)
            else:
                rec.shell(value, label)
            return unknown("process")
        if kind == "command":  # new Deno.Command(prog, {args: [...]})
            program = a(0)
            opts = a(1)
            rest = opts.get("args") if isinstance(opts, Obj) else None
            rec.argv([program] + (list(rest.items) if isinstance(rest, Seq) else []), label)
            return unknown("process")
        if kind == "overwrite":  # ('overwrite', 'mv -f', 2): checked as that command
            words, count = spec[1], spec[2]
            target = args[count - 1] if len(args) >= count else None
            if isinstance(target, Ref) and target.kind == "path":
                target = target.data
            if target is not None and literal(target) is not None:  # no guess at the target
                rec.argv([text(w) for w in words.split()] + list(args[:count]), label)
            return Const(None)
        if kind == "delete":
            target = a(spec[1])
            mode = spec[2]
            recursive = mode == "tree"
            if mode == "opts":
                opts = next((v for v in args[spec[1] + 1:] if isinstance(v, Obj)), None)
                recursive = opts is not None and _truthy(opts.get("recursive"))
            if mode == "flags":  # shell.rm('-rf', path)
                flags = literal(a(0)) or ""
                recursive = flags.startswith("-") and "r" in flags.lower()
                targets = args[1:] if flags.startswith("-") else args
                for t in targets:
                    rec.delete(t, recursive, label)
                return Const(None)
            if target is None:
                target = kwargs.get("path")
            if isinstance(target, Seq):
                for item in target.items:
                    rec.delete(item, recursive, label)
            else:
                rec.delete(target, recursive, label)
            return Const(None)
        if kind == "verb":  # ('verb', 'post', 1): POST to argument 0, the body at argument 1
            verb, body_at = spec[1], spec[2]
            if isinstance(a(0), Obj):
                self.config_request(a(0), None, label)
                return unknown("response")
            if verb == "request":
                method, url, rest = method_of(a(0) if args else kwargs.get("method")), a(1), \
                    args[2:]
            else:
                method, url, rest = verb, a(0), args[1:]
            body = rest[body_at - 1] if body_at and len(rest) >= body_at else None
            if body is None:
                body = next((kwargs[k] for k in BODY_KEYS if k in kwargs), None)
            if body is None:
                opts = next((v for v in rest if isinstance(v, Obj)), None)
                if opts is not None:
                    body = next((opts.get(k) for k in BODY_KEYS if opts.get(k) is not None), None)
            if verb == "auto":  # Net::HTTP.post_form, luasocket http.request(url, body)
                method = "POST" if body is not None else "GET"
            rec.request(method, url, [body_text(body)], label)
            return unknown("response")
        if kind == "fetch":
            target = a(0)
            init = a(1)
            if isinstance(target, Ref) and target.kind == "request":
                self.send(target, label)
                return unknown("response")
            if isinstance(target, Obj):
                self.config_request(target, None, label)
                return unknown("response")
            method = method_of(init.get("method"), None) if isinstance(init, Obj) else None
            body = init.get("body", "data", "json") if isinstance(init, Obj) else None
            rec.request(method or ("GET" if body is None else "POST"), target, [body_text(body)],
                        label)
            return unknown("response")
        if kind == "websocket":  # new WebSocket(url): its `send(msg)` writes to the URL
            return Ref("websocket", qual, a(0))
        if kind == "axios":  # axios(config) / axios(url, config)
            first = a(0)
            if isinstance(first, Obj):
                self.config_request(first, None, label)
            else:
                config = a(1) if isinstance(a(1), Obj) else Obj(())
                rec.request(method_of(config.get("method"), "GET"), first,
                            [body_text(config.get("data", "body", "json"))], label)
            return unknown("response")
        if kind == "request_object":  # new Request(url, init) / HTTP::Request->new(DELETE => url)
            if spec[1] == "pair":
                first = a(0)
                if isinstance(first, Obj) and first.items:
                    method, url = first.items[0]
                    return Ref("request", qual, {"method": method.upper(), "url": url,
                                                 "body": a(1)})
                return Ref("request", qual, {"method": method_of(a(0)), "url": a(1),
                                             "body": a(3) if len(args) > 3 else None})
            if spec[1] == "class":  # Net::HTTP::Delete.new(uri)
                return Ref("request", qual, {"method": spec[2], "url": a(0), "body": None})
            init = a(1) if isinstance(a(1), Obj) else Obj(())
            return Ref("request", qual, {"method": method_of(init.get("method"), "GET").upper(),
                                         "url": a(0), "body": init.get("body")})
        if kind == "node_request":  # http.request(url|options[, options][, cb])
            first = a(0)
            opts = first if isinstance(first, Obj) else (a(1) if isinstance(a(1), Obj) else None)
            url = first if isinstance(first, Text) else None
            if opts is not None and url is None:
                host = opts.get("hostname", "host")
                path = opts.get("path") or text("/")
                scheme = spec[1]
                if isinstance(host, Text):
                    url = concat(text(scheme + "://"), host, path if isinstance(path, Text)
                                 else text("/"))
            method = (literal(opts.get("method")) if opts is not None else None) or \
                ("GET" if qual.endswith("get") else "GET")
            rec.request(method, url, [], label)
            return Ref("jsreq", qual, (method, url))
        if kind == "session":
            base = None
            first = a(0)
            if isinstance(first, Obj):
                base = first.get("baseURL", "baseUrl", "base_uri", "url", "prefixUrl", "base_url")
            elif isinstance(first, Text):
                base = first
            if base is None:
                base = kwargs.get("url") or kwargs.get("base_uri")
            if spec[1:] and spec[1] == "host" and isinstance(first, Text):
                port = literal(a(1)) or ""
                tls = _truthy(kwargs.get("use_ssl")) or port == "443" or \
                    (isinstance(a(1), Const) and a(1).value == 443)
                base = concat(text("https://" if tls else "http://"), first)
            return Ref("http", qual, base)
        if kind == "luasocket_request":  # http.request(url[, body]) or http.request{...}
            first = a(0)
            if isinstance(first, Obj):
                body = first.get("source", "body")
                method = literal(first.get("method")) or ("POST" if body is not None else "GET")
                rec.request(method, first.get("url"), [body_text(body)], label)
            else:
                rec.request("POST" if a(1) is not None else "GET", first, [body_text(a(1))], label)
            return unknown("response")
        if kind == "curl_init":
            return Ref("curl", qual, {"url": a(0), "method": "", "body": None})
        if kind == "curl_setopt":
            handle, option, value = a(0), literal(a(1)) if isinstance(a(1), Text) else None, a(2)
            option = option or _label_of_name(args, 1)
            if isinstance(handle, Ref) and handle.kind == "curl" and isinstance(handle.data, dict):
                _curl_option(handle.data, option, value)
            return Const(True)
        if kind == "curl_setopt_array":
            handle, options = a(0), a(1)
            if isinstance(handle, Ref) and handle.kind == "curl" and isinstance(options, Obj):
                for key, value in options.items:
                    _curl_option(handle.data, key, value)
            return Const(True)
        if kind == "curl_exec":
            handle = a(0)
            if isinstance(handle, Ref) and handle.kind == "curl" and isinstance(handle.data, dict):
                d = handle.data
                method = d["method"] or ("POST" if d["body"] is not None else "GET")
                rec.request(method, d["url"], [body_text(d["body"])], label)
            return unknown("response")
        if kind == "context":
            return Ref("context", qual, a(0))
        if kind == "get_contents":
            target = a(0)
            ctx = next((v for v in args[1:] if isinstance(v, Ref) and v.kind == "context"), None)
            lit = literal(target) or ""
            if lit.startswith(("http://", "https://")) or ctx is not None:
                opts = ctx.data if ctx is not None and isinstance(ctx.data, Obj) else Obj(())
                http = opts.get("http", "https")
                http = http if isinstance(http, Obj) else Obj(())
                rec.request(literal(http.get("method")) or "GET", target,
                            [body_text(http.get("content"))], label)
                return unknown("response")
            return hole("file", lit or "a file")
        if kind == "glob":  # a pattern stands for the files it matches
            pattern = a(spec[1])
            return Seq((pattern,)) if isinstance(pattern, Text) else unknown("glob")
        if kind == "read_file":
            lit = literal(a(spec[1]))
            return hole("file", lit or "a file")
        if kind == "exec_code":
            return self.run_code(a(spec[1]), label)
        if kind == "exec_file":
            rec.fx.append(Exec(literal(a(spec[1])), label))
            return Const(None)
        if kind == "temp":
            return hole("temp", qual)
        if kind == "env_home":
            return hole("env", "HOME")
        if kind == "mkdtemp":
            prefix = a(spec[1])
            lit = literal(prefix)
            if (isinstance(prefix, Text) and prefix.starts_with_hole("temp")) or \
                    (lit is not None and lit.startswith(("/tmp/", "/var/tmp/"))):
                return hole("temp", qual)
            return unknown("tempdir")
        if kind == "tempfile":
            return Ref("tempfile", qual, hole("temp", qual))
        if kind == "json":
            value = a(spec[1])
            return text(to_json(value)) if value is not None else unknown()
        if kind == "join":
            out = None
            for v in args:
                out = v if out is None else _join(out, v)
            return out if out is not None else text("")
        if kind == "env":
            name = literal(a(spec[1]))
            return hole("env", name) if name else unknown("env")
        if kind == "pass":
            value = a(spec[1])
            return value if value is not None else unknown()
        if kind == "sql":
            at = spec[1]
            value = a(at) if at >= 0 else (args[-1] if args else None)
            if value is not None and not isinstance(value, Text) and at == 1 and a(0) is not None:
                value = a(0)
            if value is not None:
                rec.sql(value, label)
            return unknown("rows")
        if kind == "sqlite":
            target = literal(a(0)) or ""
            scratch = target in (":memory:", "") or (isinstance(a(0), Text) and
                                                     a(0).starts_with_hole("temp"))
            return Ref("db", qual, scratch)
        if kind == "store":
            rec.store(spec[1], spec[2], target_of(args, kwargs))
            return Const(None)
        if kind == "created":
            opts = next((v for v in args[1:] if isinstance(v, Obj)), None)
            if not (opts is not None and (_truthy(opts.get("recursive")) or
                                          _truthy(opts.get("exist_ok")))):
                rec.created_path(a(spec[1]))
            return Const(None)
        if kind == "exe":
            lit = literal(a(spec[1]))
            return text(lit.rsplit("/", 1)[-1]) if lit else unknown("which")
        return None

    def run_code(self, value, label: str):
        code = literal(value)
        if code is not None:
            if self.depth >= MAX_EXEC_DEPTH:
                self.rec.fx.append(Exec(None, label))
                return unknown()
            try:
                nodes = self.lang.parse(code)
            except ValueError:
                if may_do_harm(code):
                    self.rec.fx.append(Unparsed(f"{label}: code that cannot be parsed"))
                return unknown()
            inner = Walker(self.lang, self.rec, self.env, self.depth + 1)
            inner.budget = self.budget
            inner.block(nodes)
            return unknown()
        self.rec.fx.append(Exec(file_source(value), label))
        return unknown()


def _curl_option(data: dict, option: str | None, value) -> None:
    if not option:
        return
    if option == "CURLOPT_CUSTOMREQUEST":
        data["method"] = (literal(value) or "").upper()
    elif option == "CURLOPT_POSTFIELDS":
        data["body"] = value
        data["method"] = data["method"] or "POST"
    elif option == "CURLOPT_URL":
        data["url"] = value
    elif option in ("CURLOPT_POST",) and _truthy(value):
        data["method"] = data["method"] or "POST"
    elif option == "CURLOPT_NOBODY" and _truthy(value):
        data["method"] = data["method"] or "HEAD"


def _label_of_name(args, i) -> str | None:
    value = args[i] if i < len(args) else None
    if isinstance(value, Ref) and value.kind == "module":
        return value.name.rsplit(".", 1)[-1]
    return None


def _value_method(recv, name: str, args: list):
    if name in ("to_json", "toJSON") and isinstance(recv, (Obj, Seq)):
        return text(to_json(recv))
    if name == "join" and isinstance(recv, Seq):
        sep = literal(args[0]) if args else ","
        out = text("")
        for i, item in enumerate(recv.items):
            piece = item if isinstance(item, Text) else Text(_as_parts(item, "VALUE"))
            joined = concat(out, text(sep or "") if i else text(""), piece)
            out = joined if joined is not None else out
        return out
    if isinstance(recv, Text):
        lit = recv.literal
        if name in ("toString", "to_s", "trim", "strip", "chomp", "valueOf", "encode", "decode",
                    "freeze", "dup", "to_str", "String"):
            return recv
        if name == "concat":
            joined = concat(recv, *[v for v in args if isinstance(v, Text)])
            return joined if joined is not None else derived(recv)
        if lit is not None and name in ("toLowerCase", "downcase", "lower"):
            return text(lit.lower())
        if lit is not None and name in ("toUpperCase", "upcase", "upper"):
            return text(lit.upper())
        if lit is not None and name in ("split",) and args and literal(args[0]) is not None:
            return Seq(tuple(text(w) for w in lit.split(literal(args[0]))))
        if lit is not None and name in ("unpack1", "unpack") and args and \
                literal(args[0]) in ("m", "m0"):
            import base64

            try:
                return text(base64.b64decode(lit).decode("utf-8", "replace"))
            except ValueError:
                return unknown()
    return derived(recv, *args)


def _as_parts(value, name: str) -> tuple:
    if isinstance(value, Text):
        return value.parts
    if isinstance(value, Const):
        return (str(value.value),) if value.value is not None else ("",)
    if isinstance(value, Ref) and value.kind == "path" and isinstance(value.data, Text):
        return value.data.parts
    src = file_source(value)
    return (Hole("file", src),) if src else (Hole("unknown", name),)


# SQL text that holds for every row (`where("1=1")`, `whereRaw("true")`)
_ALWAYS_SQL = re.compile(r"\s*\(?\s*(?:1\s*=\s*1|true|1|'(\w*)'\s*=\s*'\1'|0\s*=\s*0|"
                         r"1\s*<>\s*0|not\s+false)\s*\)?\s*", re.I)


def always_true(args: list) -> bool:
    """A condition that leaves no row out: none, `{}`, `nil`/`null`, `true`, `1`, `"1=1"`,
    `["1=1"]`, `knex.raw("1=1")` (a `where` given it deletes every row, as with no `where`)."""
    if not args:
        return True
    if len(args) > 1:
        return False
    arg = args[0]
    if isinstance(arg, Seq) and len(arg.items) == 1:
        arg = arg.items[0]
    if isinstance(arg, Obj):
        return not arg.items
    if isinstance(arg, Const):
        return arg.value in (None, True, 1)
    text = literal(arg)
    if text is None and isinstance(arg, Ref) and isinstance(arg.data, Text):
        text = literal(arg.data)
    return text is not None and bool(_ALWAYS_SQL.fullmatch(text))


def _node_name(node) -> str:
    if node is None:
        return "VALUE"
    if node[0] == "name":
        return str(node[1]).lstrip("$@%")
    if node[0] == "member":
        return str(node[2])
    if node[0] == "index":
        return _node_name(node[1])
    if node[0] == "call":
        return _node_name(node[1])
    return "VALUE"


def _label(node, depth: int = 0) -> str:
    if depth > 6 or node is None:
        return "..."
    if node[0] == "name":
        return str(node[1])
    if node[0] == "member":
        return f"{_label(node[1], depth + 1)}.{node[2]}"
    if node[0] == "call":
        return f"{_label(node[1], depth + 1)}(...)"
    if node[0] == "index":
        return f"{_label(node[1], depth + 1)}[...]"
    if node[0] == "new":
        return f"new {_label(node[1], depth + 1)}(...)"
    return "..."


# methods whose function argument gets the receiver's value (`.then`) or its elements
RESOLVES = frozenset(("then", "finally", "call", "apply"))
CALLBACKS = RESOLVES | frozenset(("forEach", "map", "flatMap", "filter", "some", "every", "find",
                                  "reduce", "each", "each_with_index", "collect", "select"))


def _stored(container, key, value):
    """The object or array with `container[key] = value`, or None when the key is not known."""
    if isinstance(container, Obj):
        name = literal(key) if isinstance(key, Text) else (
            str(key.value) if isinstance(key, Const) and key.value is not None else None)
        if name is None:
            return None
        return Obj(tuple((k, v) for k, v in container.items if k != name) + ((name, value),))
    k = key.value if isinstance(key, Const) else None
    if isinstance(container, Seq) and isinstance(k, int) and 0 <= k <= len(container.items):
        items = list(container.items)
        if k == len(items):
            items.append(value)
        else:
            items[k] = value
        return Seq(tuple(items))
    return None


def _every_row(value) -> bool:
    """A Ruby constant naming an ActiveRecord model, with only scopes that keep every row
    after it (`User`, `User.all`, `Admin::User.unscoped`): its iterators walk every row."""
    if not (isinstance(value, Ref) and value.kind == "module"):
        return False
    parts = value.name.split(".")
    while len(parts) > 1 and parts[-1] in EVERY_ROW_SCOPES:
        parts.pop()
    return bool(parts) and parts[0] not in NOT_MODELS and all(
        p[:1].isupper() and p.isidentifier() for p in parts)


def _element(value):
    if isinstance(value, Seq) and len(value.items) == 1:
        return value.items[0]
    if isinstance(value, Ref) and value.kind in ("sdk", "redis_keys"):
        # an SDK listing's items are SDK objects (`for d in coll.stream(): d.reference.delete()`);
        # the keys a Redis SCAN returns stay keys of a pattern
        return Ref(value.kind, value.name + "[]", value.data)
    return derived(value)


def _truthy(value) -> bool:
    return isinstance(value, Const) and bool(value.value) and value.value not in ("false", "0")


def _join(left, right):
    if isinstance(left, Ref) and left.kind == "path":
        left = left.data
    if isinstance(right, Ref) and right.kind == "path":
        right = right.data
    lit = literal(right)
    if lit is not None and lit.startswith("/"):
        return right
    if isinstance(left, Text) and isinstance(right, Text):
        left_lit = literal(left)
        sep = "" if left_lit is not None and (left_lit.endswith("/") or left_lit == "") else "/"
        return concat(left, text(sep), right)
    if isinstance(left, Text):
        return concat(left, text("/"), Text((Hole("unknown", "name"),)))
    return derived(left, right)


def analyze(lang, code: str, knobs, project: tuple = ()) -> list:
    """Tokenize, parse and walk `code` in the language module `lang`; `project`: (key, text,
    folder) of the project's JavaScript modules its calls may be connected to."""
    try:
        nodes = lang.parse(code)
    except (ValueError, RecursionError) as exc:
        if may_do_harm(code):
            return [Unparsed(f"{lang.TITLE} that cannot be parsed ({exc})")]
        return []
    walker = Walker(lang, Recorder(knobs))
    modules = {key: (text, folder) for key, text, folder in project}
    walker.folder = modules.pop("", ("", ""))[1]  # the code's own folder
    walker.shared = Shared(modules)
    walker.shared.volatile |= volatile(nodes)
    if lang.LANG != "javascript":
        walker.shared.escapes = reached_otherwise(nodes)
    else:
        walker.shared.hints = frozenset(h for h in BUILDERS if h in code)
    if lang.LANG in FIELDS and not any(g in code for g in FIELDS[lang.LANG][2]):
        nodes = constant_fields(nodes, *FIELDS[lang.LANG][:2])
    try:
        walker.block(nodes)
    except RecursionError:
        _undeferred(walker)
        return walker.rec.finish() + [Unparsed(f"{lang.TITLE} nested too deeply to follow")]
    _undeferred(walker)
    return walker.rec.finish()


# per language: how the parser spells `this`, the constructor's name, and words that make a
# field's value depend on more than the constructor (PHP: a subclass whose constructor does not
# call its parent's leaves the field null, and `"{$this->root}/x"` is then `/x`)
FIELDS = {"javascript": (("const",), "constructor", ()),
          "php": (("name", "$this"), "__construct",
                  ("extends", "__set", "__get", "unserialize", "Reflection", "bind", "->$",
                   "->{", "clone", "get_object_vars", "__unserialize", "__wakeup"))}
# calls that set or read fields by a computed name, or run a method with another `this`
DYNAMIC_FIELDS = frozenset(("assign", "defineProperty", "defineProperties", "set", "call",
                            "apply", "bind", "prototype", "setPrototypeOf", "__proto__"))


def _tuples(nodes):
    """Every node of a parsed tree (a non-empty tuple), lists opened, each node's parts
    walked after it: the walk `constant_fields` and `reached_otherwise` count over."""
    stack: list = [nodes]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, tuple) or not node:
            continue
        yield node
        stack.extend(n for n in node[1:] if isinstance(n, (tuple, list)))


def constant_fields(nodes, this: tuple, ctor: str):
    """JavaScript `this.outDir = "dist"` in a class's constructor, the one place the code sets
    `outDir` (no other `x.outDir = ...`, no `{outDir: ...}` literal, no `this[k] = ...`,
    `Object.assign`, `.call`/`.apply`/`.bind`, `prototype`): `this.outDir` in that class's
    methods is that string. Anything else leaves `this.outDir` only known at run time."""
    stores: dict[str, int] = {}
    members: set[str] = set()
    dynamic = False
    for node in _tuples(nodes):
        kind = node[0]
        if kind in ("assign", "decl") and len(node) > 2 and isinstance(node[1], tuple):
            target = node[1]
            if target[:1] == ("member",) and len(target) > 2:
                stores[target[2]] = stores.get(target[2], 0) + 1
            elif target[:1] == ("index",):
                dynamic = dynamic or target[1] == this
        elif kind == "un" and len(node) > 2 and isinstance(node[2], tuple) and \
                node[2][:1] == ("member",):
            stores[node[2][2]] = stores.get(node[2][2], 0) + 1
        elif kind == "obj":
            for key, _ in node[1]:
                if isinstance(key, tuple) and key[:1] == ("lit",) and isinstance(key[1], str):
                    stores[key[1]] = stores.get(key[1], 0) + 1
                else:
                    dynamic = True  # a computed key
        elif kind == "member" and len(node) > 2:
            members.add(node[2])
    if dynamic or members & DYNAMIC_FIELDS:
        return nodes
    return [_class_fields(n, stores, this, ctor) for n in nodes]


def _class_fields(node, stores: dict, this: tuple, ctor: str):
    """A top-level class declaration with its constant fields read in its methods."""
    if not (isinstance(node, tuple) and node[:1] == ("decl",) and len(node) > 2 and
            isinstance(node[2], tuple) and node[2][:1] == ("func",) and not node[2][1]):
        return node
    members = node[2][2]
    fields: dict[str, str] = {}
    for m in members:
        if isinstance(m, tuple) and m[:2] == ("decl", ("name", ctor)):
            for st in m[2][2]:
                if isinstance(st, tuple) and st[:1] == ("assign",) and st[3:4] == ("=",) and \
                        st[1][:2] == ("member", this) and stores.get(st[1][2]) == 1 and \
                        st[2][:1] == ("lit",) and isinstance(st[2][1], str):
                    fields[st[1][2]] = st[2][1]
    if not fields:
        return node

    def swap(n):
        if isinstance(n, list):
            return [swap(x) for x in n]
        if not isinstance(n, tuple) or not n:
            return n
        if n[0] == "member" and len(n) == 3 and n[1] == this and n[2] in fields:
            return ("lit", fields[n[2]])
        if n[0] == "assign":  # the target stays a target
            return (n[0], n[1]) + tuple(swap(x) for x in n[2:])
        return tuple(swap(x) if isinstance(x, (tuple, list)) else x for x in n)

    return (node[0], node[1], ("func", [], [swap(m) for m in members]))


def reached_otherwise(nodes) -> frozenset[str]:
    """Ruby, PHP, Perl: every member name (`obj.wipe`, `$this->wipe()`, `Pkg->wipe`) and every
    string literal (`method(:wipe)`, `send("wipe")`, `array_map('wipe', ...)`, `->can('wipe')`)
    in the code. A function with one of those names may run by a way other than a call of its
    name, so what its body does with unknown parameters still counts (`_undeferred`)."""
    out: set[str] = set()
    for node in _tuples(nodes):
        if node[0] == "call" and len(node) > 2 and _dispatch(node[1], node[2]):
            out.add(ANY_NAME)
        if node[0] == "member" and len(node) > 2 and isinstance(node[2], str):
            out.add(node[2])
        elif node[0] == "lit" and len(node) > 1 and isinstance(node[1], str) and len(node[1]) < 80:
            out.add(node[1].lstrip(":&\\").rpartition("::")[2])
        elif node[0] == "tmpl":
            out.update(p for p in node[1] if isinstance(p, str) and len(p) < 80)
    return frozenset(out)


# in `reached_otherwise`: a call whose function is chosen at run time, which may be any of them
ANY_NAME = "\0any"
# Ruby, PHP, Perl: calls that run a function or method named by their first argument
DISPATCHERS = frozenset(("send", "__send__", "public_send", "method", "public_method",
                         "instance_method", "define_method", "call_user_func",
                         "call_user_func_array", "forward_static_call",
                         "forward_static_call_array", "can", "ReflectionFunction",
                         "ReflectionMethod", "instance_variable_get", "const_get"))


def _dispatch(callee, args) -> bool:
    """A call that runs a function chosen at run time: its callee a variable or an expression
    (PHP `$f(...)`, Perl `&{...}(...)`, `$f->(...)`), or a dispatcher given a name that is not
    a plain string (`__send__("wi" + "pe", ...)`)."""
    if not isinstance(callee, tuple) or not callee:
        return True
    if callee[0] == "name":
        name = callee[1] if isinstance(callee[1], str) else ""
        if name.startswith(("$", "&", "@", "%")):
            return True
    elif callee[0] != "member":
        return True
    name = callee[-1] if callee[0] == "member" else callee[1]
    if name not in DISPATCHERS:
        return False
    first = args[0] if isinstance(args, list) and args else None
    return not (isinstance(first, tuple) and first[:1] == ("lit",))


def volatile(nodes) -> set[str]:
    """Names whose value the in-order walk cannot follow, so they are only known at run time
    (their data values; modules and functions stay tracked). The parser keeps no branches or
    loops, and a function literal's body is walked apart from where it runs, so a name given a
    value in more than one place (`let p = "build"; for (...) { rm(p); p = victim }`, the two
    ways of an `if`), a name whose object or array gets a slot anywhere (`c.dir = v`, `a[0] =
    v`), and a name changed in place by a method other than appending, or appended to inside a
    function (a callback run later) are all volatile."""
    sites: dict[str, int] = {}
    out: set[str] = set()
    stack: list = [(nodes, False)]
    while stack:
        node, in_func = stack.pop()
        if isinstance(node, list):
            stack.extend((n, in_func) for n in node)
            continue
        if not isinstance(node, tuple) or not node:
            continue
        kind = node[0]
        if kind in ("assign", "decl") and len(node) > 2 and isinstance(node[1], tuple) and \
                not (kind == "decl" and node[2] is None):
            for name in _pattern_names(node[1]):
                sites[name] = sites.get(name, 0) + 1
            target = node[1]
            if target and target[0] in ("member", "index"):
                root = _root_name(target)
                if root in GLOBAL_OBJECTS and target[0] == "member":
                    out.add(target[2])  # `globalThis.p = v` is the global p
                if root:
                    out.add(root)
                    if root.startswith("$"):  # Perl: `$h{k} = v` changes %h, `$a[0] = v` @a
                        out.update(("%" + root[1:], "@" + root[1:]))
        elif kind == "un" and len(node) > 2 and node[1] in ("++", "--"):
            root = _root_name(node[2])
            if root:
                out.add(root)
        elif kind == "call" and len(node) > 1 and isinstance(node[1], tuple) and \
                node[1][:1] == ("member",) and isinstance(node[1][2], str) and (
                    node[1][2] in MUTATORS or node[1][2] == "concat" or
                    node[1][2].endswith("!")):
            # (Ruby: `s.concat(x)` and any `s.name!` change the string or array in place)
            root = _root_name(node[1][1])
            if root and (node[1][2] != "push" or in_func):
                out.add(root)
        elif kind == "bin" and len(node) > 2 and node[1] == "<<":
            # Ruby `s << "/../.."`, `dirs << Dir.home`: appended in place (a shift elsewhere,
            # where following the name no further costs nothing)
            root = _root_name(node[2])
            if root:
                out.add(root)
        elif kind == "call" and len(node) > 2 and isinstance(node[1], tuple) and \
                node[1][:1] == ("name",) and node[1][1] in CONTAINER_FUNCTIONS and node[2]:
            first = node[2][0]
            while isinstance(first, tuple) and first[:1] == ("un",) and len(first) > 2:
                first = first[2]
            root = _root_name(first) if isinstance(first, tuple) else None
            if root:
                out.add(root)
        inner = in_func or kind == "func"
        stack.extend((n, inner) for n in node[1:] if isinstance(n, (tuple, list)))
    return out | {name for name, count in sites.items() if count > 1}


GLOBAL_OBJECTS = frozenset(("globalThis", "window", "global", "self", "$GLOBALS", "GLOBALS"))


def _pattern_names(target) -> list[str]:
    """The names an assignment's target binds (`p`, `{p, q: r}`, `[a, b]`, Perl `my ($a)`)."""
    out: list[str] = []
    stack = [target]
    while stack:
        t = stack.pop()
        if not isinstance(t, tuple) or not t:
            continue
        if t[0] == "name" and isinstance(t[1], str):
            out.append(t[1])
        elif t[0] == "un" and len(t) > 2:
            stack.append(t[2])
        elif t[0] in ("arr", "arrpat") and isinstance(t[1], list):
            stack.extend(t[1])
        elif t[0] in ("obj", "objpat") and isinstance(t[1], list):
            stack.extend(pair[1] for pair in t[1] if isinstance(pair, tuple) and len(pair) > 1)
    return out


def _root_name(node) -> str | None:
    while isinstance(node, tuple) and node[:1] in (("member",), ("index",)):
        node = node[1]
    if isinstance(node, tuple) and node[:1] == ("name",) and isinstance(node[1], str):
        return node[1]
    return None


def _undeferred(walker: Walker) -> None:
    """Effects found where a function is defined count unless every use was connected."""
    for fn in walker.shared.defs:
        effects, scanned = fn.deferred
        if (effects or scanned) and (fn.escaped or not fn.connected):
            walker.rec.fx += effects
            walker.rec.scanned += scanned
