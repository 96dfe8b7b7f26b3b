"""Is a SQL WHERE (or MERGE ... ON) condition true for every row? Constant folding, not shapes.

`1 OR 0`, `NOT 0`, `2>1`, `'a'='a'`, `id = id`, `id IS NOT NULL`, `id > 0`, `id != -1`, `x LIKE '%'`,
`id IN (SELECT id FROM <the same table>)`: each is true for every row, so a DELETE or UPDATE with
it is a whole-table one. The condition is parsed (OR, AND, NOT, comparisons, IS, LIKE, IN,
BETWEEN, arithmetic) and folded in three values: True (every row), False (no row), None
(depends on the row). Anything the parser does not know is None: a targeted delete, unless the
condition reads no column at all. A condition that names no column of the row (`abs(1)`, `~0`,
`EXISTS (SELECT 1)`, `CASE WHEN true THEN true END`, `coalesce(1, 0) = 1`) has one value for
the whole statement: it deletes every row or none, never a chosen few, so unless it folds to
False it counts as every row."""

from __future__ import annotations

import re

TOKEN = re.compile(r"""'(?:[^']|'')*'|0[xX][0-9a-fA-F]+|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|"""
                   r"""[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|"""
                   r"""[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*|<>|!=|<=|>=|==|\|\||[-+*/%<>=(),;]|\S""")
ID_COLUMNS = frozenset(("id", "rowid", "oid", "_rowid_", "ctid"))
COMPARE = frozenset(("=", "==", "!=", "<>", "<", ">", "<=", ">="))
MAX_TOKENS = 50000
# Data-dependent truths (session 25): conditions that hold for every row because of what rows
# hold, not because of the SQL. Each is a class, not a spelling:
# functions whose value is never negative (a length, an absolute value, a position)
NON_NEGATIVE = frozenset(("LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "OCTET_LENGTH",
                          "BIT_LENGTH", "LEN", "DATALENGTH", "ABS", "CARDINALITY",
                          "JSON_ARRAY_LENGTH", "INSTR", "STRPOS", "LOCATE", "POSITION"))
# functions that name a value's type: one type for a column of a typed table, so a type test
# keeps every row or none (never a chosen few), unless it asks about NULL
TYPE_OF = frozenset(("TYPEOF", "PG_TYPEOF", "JSON_TYPE", "JSONB_TYPEOF", "JSON_TYPEOF",
                     "SQL_VARIANT_PROPERTY", "TOTYPENAME"))
# the first non-NULL argument: a key is never NULL, so `coalesce(id, 0)` is `id`
COALESCE = frozenset(("COALESCE", "IFNULL", "NVL", "ISNULL", "NVL2"))
# the current time: a row's creation (or last change) is never after it
NOW = frozenset(("NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "GETDATE", "GETUTCDATE",
                 "SYSDATETIME", "SYSUTCDATETIME", "UTC_TIMESTAMP", "STATEMENT_TIMESTAMP",
                 "TRANSACTION_TIMESTAMP", "UNIXEPOCH", "SYSTIMESTAMP"))
# today's date: its midnight, earlier than now (`< current_date` keeps today's rows)
TODAY = frozenset(("CURRENT_DATE", "CURDATE", "TODAY", "SYSDATE_DATE"))
# columns that record when a row was made or last changed: in the past, and never NULL
PAST_EVENT = re.compile(r"^(?:created|inserted|updated|modified|added|registered|joined|"
                        r"creation|insertion|signed_?up)(?:_?(?:at|on|date|time|ts|timestamp|"
                        r"datetime|utc))?$|^(?:date|time|ts)_?(?:created|inserted|added|"
                        r"modified|updated)$")
# a date literal: a year this early (with > or >=) or this late (with < or <=) bounds no row
DATE_LITERAL = re.compile(r"^([0-9]{4})-[0-9]{2}(?:-[0-9]{2})?(?:[ T].*)?$")
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100
# a key this large (with < or <=) bounds no real table's rows
HUGE_KEY = 1e9
REGEX_OPS = frozenset(("~", "REGEXP", "RLIKE", "~*"))


# words in a condition that are SQL, not a column of the row
KEYWORDS = frozenset((
    "AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "IN", "LIKE", "ILIKE", "GLOB", "REGEXP",
    "MATCH", "BETWEEN", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "FROM",
    "INTERVAL", "CAST", "AS", "ESCAPE", "COLLATE", "SIMILAR", "TO", "ANY", "ALL", "SOME", "UNKNOWN",
    "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP",
    "CURRENT_USER", "SESSION_USER", "USER", "BINARY", "DIV", "MOD", "XOR", "SELECT", "ARRAY"))
# functions whose value changes from one row to the next though no column is named
VOLATILE = frozenset(("RANDOM", "RAND", "RANDOMBLOB", "RANDOM_BYTES", "GEN_RANDOM_UUID", "UUID",
                      "UUID_GENERATE_V4", "NEWID", "NEWSEQUENTIALID", "NEXTVAL", "CLOCK_TIMESTAMP",
                      "TIMEOFDAY", "SETSEED", "ROW_NUMBER", "RANDOM_UUID", "SYSDATE"))


def row_independent(tokens: list[str]) -> bool:
    """Whether a condition reads nothing of the row: no column (a name that is not SQL, a
    function or a type), no subquery with a FROM, no function whose value changes per row."""
    for k, tok in enumerate(tokens):
        upper = tok.upper()
        if tok[0] in "'0123456789" or not (tok[0] in "\"`[" or re.match(r"[A-Za-z_]", tok)):
            continue  # a literal, an operator, a parameter (`?`, `$1`)
        if tokens[k - 1 : k] == [":"] and tokens[k - 2 : k - 1] == [":"]:
            continue  # `1::int`: a type
        if k + 1 < len(tokens) and tokens[k + 1] == "(" and tok[0] not in "\"`[":
            if upper in VOLATILE:
                return False
            continue  # a function: its arguments are read in turn
        if upper == "FROM" and "SELECT" in (t.upper() for t in tokens[:k]):
            return False  # a subquery reading a table: it may name the row
        if upper in KEYWORDS or tok[0] == "[" and k and tokens[k - 1].upper() == "ARRAY":
            continue  # SQL, or an array's elements (`ARRAY[1, 2]`)
        return False
    return True


def always_true(condition: str, table: str = "", same: frozenset = frozenset()) -> bool:
    """True when `condition` holds for every row of `table` (see the module docstring). A
    condition too big or too deeply nested to fold is treated as every row (it asks); one with
    syntax the parser does not know is every row when one of its top-level OR parts is. `same`:
    the names (the table's own and its aliases) under which a self-join reads `table` twice
    (`DELETE FROM users USING users u2 WHERE users.id = u2.id`: each row pairs with itself)."""
    tokens = TOKEN.findall(condition)
    if not tokens:
        return False
    if len(tokens) > MAX_TOKENS:
        return True
    parser = _Parser(tokens, table.lower().rsplit(".", 1)[-1].strip('"`[]'), same)
    try:
        value = parser.expr()
    except RecursionError:
        return True
    except (IndexError, ValueError):
        return _some_part_true(tokens, table) or row_independent(tokens)
    rest = [t for t in tokens[parser.i:] if t != ";"]
    if rest:
        return _some_part_true(tokens, table) or row_independent(tokens)
    truth = _truth(value)
    return truth is True or truth is None and (row_independent(tokens) or value[0] == "k")


def _some_part_true(tokens: list[str], table: str) -> bool:
    """`1 OR x ~ 'y'`: split at the OR words outside parentheses and fold each part."""
    parts, depth, current = [], 0, []
    for tok in tokens:
        depth += {"(": 1, ")": -1}.get(tok, 0)
        if depth == 0 and tok.upper() == "OR":
            parts.append(current)
            current = []
        else:
            current.append(tok)
    parts.append(current)
    return len(parts) > 1 and any(p and always_true(" ".join(p), table) for p in parts)


def _truth(v: tuple) -> bool | None:
    kind, value = v[0], v[1]
    if kind == "t":
        return value
    if _id_like(v):  # `WHERE id`, `WHERE rowid`: a key is never 0 or NULL
        return True
    if kind == "c":
        if value is None:
            return False
        if isinstance(value, (int, float)):
            return value != 0
        number = _number(value)
        return None if number is None else number != 0
    return None


def _number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _id_like(v: tuple) -> bool:
    return v[0] == "n" and v[1].rsplit(".", 1)[-1].lower() in ID_COLUMNS


class _Parser:
    def __init__(self, tokens: list[str], table: str, same: frozenset = frozenset()) -> None:
        self.tokens, self.i, self.table, self.same = tokens, 0, table, same

    def peek(self, k: int = 0) -> str:
        at = self.i + k
        return self.tokens[at].upper() if at < len(self.tokens) else ""

    def take(self) -> str:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expr(self) -> tuple:
        left = self.conj()
        while self.peek() == "OR":
            self.take()
            right = self.conj()
            a, b = _truth(left), _truth(right)
            if left[0] == right[0] == "k":
                continue  # one value for every row, either way
            left = ("t", True if a is True or b is True or _complementary(left, right)
                    else False if a is False and b is False else None)
        return left

    def conj(self) -> tuple:
        left = self.neg()
        while self.peek() == "AND":
            self.take()
            right = self.neg()
            a, b = _truth(left), _truth(right)
            if left[0] == right[0] == "k":
                continue
            left = ("t", True if a is True and b is True else False if a is False or b is False
                    or _complementary(left, right) else None)
        return left

    def neg(self) -> tuple:
        if self.peek() == "NOT":
            self.take()
            inner = self.neg()
            if inner[0] == "k":
                return inner
            a = _truth(inner)
            if a is None and len(inner) == 3:
                return ("t", None, (inner[2][0], not inner[2][1]))
            return ("t", None if a is None else not a)
        return self.compare()

    def compare(self) -> tuple:
        start_at = self.i
        left = self.sum()
        op = self.peek()
        is_not = False
        negate = False
        if op in ("NOTNULL", "ISNULL") or op == "NOT" and self.peek(1) == "NULL":
            operand = self.tokens[start_at:self.i]
            self.take()  # SQLite's postfix `x NOTNULL`, `x NOT NULL`, `x ISNULL`
            if op == "NOT":
                self.take()
            result = _is(left, ("c", None))
            if op != "ISNULL":
                result = None if result is None else not result
                if result is None and (_id_like(left) or _past_event(left)):
                    result = True
            if result is None:
                spelled = operand + ["IS"] + (["NOT"] if op != "ISNULL" else []) + ["NULL"]
                return ("t", None, _signature("IS", spelled, False, op != "ISNULL"))
            return ("t", result)
        if op == "NOT" and self.peek(1) in ("LIKE", "IN", "BETWEEN", "ILIKE", "GLOB"):
            self.take()
            negate, op = True, self.peek()
        if op in ("=", "==") and self.peek(1) in ("ANY", "SOME") and self.peek(2) == "(" and \
                self.peek(3) == "ARRAY" and self.peek(4) == "(":
            for _ in range(4):
                self.take()  # `id = ANY (ARRAY (SELECT id FROM users))`: the same list
            result = self.in_list(left)
            if self.peek() == ")":
                self.take()
            else:
                result = None
        elif op in ("=", "==") and self.peek(1) in ("ANY", "SOME") and self.peek(2) == "(":
            self.take()
            self.take()  # `id = ANY (SELECT id FROM users)` is `id IN (...)`
            result = self.in_list(left)
        elif op in COMPARE:
            self.take()
            right = self.sum()
            result = _compare(left, op, right)
            if result is None and op in ("=", "==", "<=", ">=") and self._itself(left, right):
                result = True
        elif op == "IS":
            self.take()
            is_not = self.peek() == "NOT"
            if is_not:
                self.take()
            if self.peek() == "DISTINCT" and self.peek(1) == "FROM":  # null-safe `!=`
                self.take()
                self.take()
                is_not = not is_not
            right = self.sum()
            result = _is(left, right)
            if result is None and not is_not and self._itself(left, right):
                result = True  # `a.id IS NOT DISTINCT FROM b.id` on a self-join
            if is_not and result is not None:
                result = not result
            elif is_not and right == ("c", None) and (_id_like(left) or left[0] == "c" or
                                                      _past_event(left)):
                result = True  # `id IS NOT NULL`: every row has a key (and a creation time)
        elif op in ("LIKE", "ILIKE", "GLOB") or op == "SIMILAR" and self.peek(1) == "TO":
            self.take()
            if op == "SIMILAR":
                self.take()
            pattern = self.sum()
            if self.peek() == "ESCAPE":
                self.take()
                self.sum()
            wild = "%" if op != "GLOB" else "*"
            # `'%'` (or `"%"`, a string to SQLite: no column has that name)
            result = True if pattern[0] in ("c", "n") and isinstance(pattern[1], str) and \
                pattern[1] and set(pattern[1]) == {wild} and left[0] in ("n", "c", "f") else None
        elif op in REGEX_OPS or op == "!" and self.peek(1) == "~":
            if op == "!":
                self.take()
                negate = True
            self.take()
            if self.peek() == "*":
                self.take()  # `~*`: case-insensitive
            pattern = self.sum()
            result = True if left[0] in ("n", "f") and pattern[0] == "c" and \
                isinstance(pattern[1], str) and _matches_any_text(pattern[1]) else None
        elif op == "IN":
            self.take()
            result = self.in_list(left)
        elif op == "BETWEEN":
            self.take()
            low = self.sum()
            if self.peek() != "AND":
                raise ValueError("BETWEEN")
            self.take()
            high = self.sum()
            a, b = _compare(left, ">=", low), _compare(left, "<=", high)
            result = True if a is True and b is True else False if a is False or b is False \
                else None
        else:
            return left
        if negate and result is not None:
            result = not result
        elif negate:
            result = None
        if result is None:  # `x IS NULL OR x IS NOT NULL`: an atom and its negation
            right = self.tokens[start_at:self.i]
            return ("t", None, _signature(op, right, negate, is_not if op == "IS" else False))
        return ("t", result)

    def in_list(self, left: tuple) -> bool | None:
        if self.take() != "(":
            raise ValueError("IN")
        if self.peek() == "SELECT":  # `id IN (SELECT id FROM users)` on users: every row
            start, depth = self.i, 1
            while depth:
                tok = self.take()
                depth += {"(": 1, ")": -1}.get(tok, 0)
            inner = [t.upper() for t in self.tokens[start : self.i - 1]]
            if inner[-1:] == [";"]:
                inner = inner[:-1]
            if "WHERE" in inner:  # `(SELECT id FROM users WHERE <cond>)`: fold the cond
                at = inner.index("WHERE")
                cond = self.tokens[start + at + 1 : start + len(inner)]
                folded = _fold(cond, self.table)
                if folded is False:
                    return False  # an empty subquery: `IN` keeps no row, `NOT IN` every row
                if folded is not True:
                    return None
                inner = inner[:at]
            if len(inner) in (5, 6) and re.fullmatch(r"[A-Z_]\w*", inner[-1]) and \
                    inner[-1] not in KEYWORDS and (len(inner) == 5 or inner[4] == "AS"):
                inner = inner[:4]  # `FROM users u`, `FROM users AS u`: an alias
            if left[0] == "n" and len(inner) == 4 and inner[2] == "FROM" and \
                    inner[1].rsplit(".", 1)[-1] == left[1].rsplit(".", 1)[-1].upper() and \
                    inner[3].rsplit(".", 1)[-1].strip('"`[]') == self.table.upper():
                return True
            return None
        values = [self.sum()]
        while self.peek() == ",":
            self.take()
            values.append(self.sum())
        if self.take() != ")":
            raise ValueError("IN")
        results = [_compare(left, "=", v) for v in values]
        return True if True in results else False if all(r is False for r in results) else None

    def sum(self) -> tuple:
        left = self.unary()
        while self.peek() in ("+", "-", "*", "/", "%", "||"):
            op = self.take()
            right = self.unary()
            left = _arith(left, op, right)
        return left

    def unary(self) -> tuple:
        if self.peek() in ("-", "+"):
            sign = self.take()
            v = self.unary()
            if sign == "+" and v[0] == "n":
                return v  # `+id` is id
            n = _number(v[1]) if v[0] == "c" else None
            return ("c", -n if sign == "-" else n) if n is not None else ("x", None)
        value = self.primary()
        while self.peek() == ":" and self.peek(1) == ":":  # `id::int`: a cast keeps the value
            self.take()
            self.take()
            self.take()  # the type's name
            if self.peek() == "(":
                while self.take() != ")":
                    pass
            if value[0] == "c":
                value = ("x", None)  # a literal cast may change its value
        return value

    def primary(self) -> tuple:
        tok = self.take()
        upper = tok.upper()
        if tok == "(":
            if self.peek() == "SELECT":
                start, depth = self.i, 1
                while depth:
                    depth += {"(": 1, ")": -1}.get(self.take(), 0)
                return self._extreme(self.tokens[start:self.i - 1])
            value = self.expr()
            if self.take() != ")":
                raise ValueError(")")
            return value
        if tok[0] == "'":
            return ("c", tok[1:-1].replace("''", "'"))
        if tok[0].isdigit():
            return ("c", float(int(tok, 16)) if tok[1:2] in ("x", "X") else float(tok))
        if upper in ("TRUE", "FALSE"):
            return ("t", upper == "TRUE")
        if upper == "INTERVAL" and self.peek()[:1] in ("'",) + tuple("0123456789"):
            self.take()  # `interval '1 day'`, MySQL's `INTERVAL 1 DAY`
            if re.match(r"^(?:MICRO)?(?:SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|QUARTER|YEAR)S?$",
                        self.peek()):
                self.take()
            return ("x", None)
        if upper == "NULL":
            return ("c", None)
        if tok[0] in "\"`[" or re.match(r"[A-Za-z_]", tok):
            if self.peek() == "(":  # a function call
                return self.call(upper)
            if upper in NOW:
                return ("w", 0)  # CURRENT_TIMESTAMP written without parentheses
            if upper in TODAY:
                return ("w", -1)  # the start of today: earlier than now
            return ("n", tok.strip('"`[]').lower())
        raise ValueError(tok)


    def _itself(self, a: tuple, b: tuple) -> bool:
        """`users.id = u2.id` where both names read the same table (a self-join): every row
        meets at least itself, so `=`, `<=` and `>=` hold for every row."""
        if len(self.same) < 2 or a[0] != "n" or b[0] != "n" or "." not in a[1] or "." not in b[1]:
            return False
        (qa, ca), (qb, cb) = a[1].rsplit(".", 1), b[1].rsplit(".", 1)
        return ca == cb and qa != qb and qa in self.same and qb in self.same

    def _extreme(self, inner: list[str]) -> tuple:
        """`(SELECT min(id) FROM users)` on users: ("m", (MIN|MAX, column, offset)), the least or
        greatest value the column holds; any other subquery is unknown."""
        upper = [t.upper() for t in inner]
        offset = 0.0
        if len(upper) > 7 and upper[5] in ("+", "-") and _number(upper[6]) is not None:
            offset = _number(upper[6]) * (1 if upper[5] == "+" else -1)  # `min(id) - 1`
            del upper[5:7]
            inner = inner[:5] + inner[7:]
        if len(upper) in (7, 8, 9) and upper[1] in ("MIN", "MAX") and upper[2] == "(" and \
                upper[4] == ")" and upper[5] == "FROM" and self.table and \
                upper[6].rsplit(".", 1)[-1].strip('"`[]') == self.table.upper() and \
                (len(upper) == 7 or re.fullmatch(r"[A-Z_]\w*", upper[-1]) and upper[-1] != "WHERE"
                 and (len(upper) == 8 or upper[7] == "AS")):
            column = inner[3].strip('"`[]').lower().rsplit(".", 1)[-1]
            return ("m", (upper[1], column, offset))
        return ("x", None)

    def _constant_subquery(self, inner: list[str]) -> bool:
        """A subquery that reads nothing of the outer row: no name qualified by the outer
        table (or an alias of it) and no comparison of two names (`user_id = id` may reach out
        unqualified). EXISTS over it has one value for every row."""
        outer = {self.table, *self.same} - {""}
        for k, tok in enumerate(inner):
            if "." in tok and tok.strip('"`[]').lower().rsplit(".", 1)[0] in outer:
                return False
            if tok in COMPARE and 0 < k < len(inner) - 1 and all(
                    re.match(r"[A-Za-z_\"`\[]", t) and t.upper() not in KEYWORDS
                    for t in (inner[k - 1], inner[k + 1])):
                return False
        return True

    def call(self, name: str) -> tuple:
        """A function call: ("f", (NAME, args)) for a function of the row, what COALESCE and
        CAST keep of a key, ("w", 0) for the current time; ("x", None) when its arguments are
        not plain expressions (`count(*)`, `extract(year FROM x)`)."""
        start = self.i
        if name == "EXISTS" and self.peek(1) == "SELECT":
            depth = 0
            while True:
                t = self.take()
                depth += {"(": 1, ")": -1}.get(t, 0)
                if depth == 0:
                    break
            inner = self.tokens[start + 2 : self.i - 1]
            if _self_correlated(inner, self.table):
                return ("t", True)
            return ("k", None) if self._constant_subquery(inner) else ("x", None)
        self.take()  # (
        args = []
        try:
            if self.peek() != ")":
                args.append(self.expr())
                if name == "CAST" and self.peek() == "AS":
                    self.take()
                    while self.peek() not in (")", ""):
                        self.take()
                while self.peek() == ",":
                    self.take()
                    args.append(self.expr())
            if self.take() != ")":
                raise ValueError("call")
        except (IndexError, ValueError):
            self.i, depth = start, 0
            while True:
                t = self.take()
                depth += {"(": 1, ")": -1}.get(t, 0)
                if depth == 0:
                    break
            return ("x", None)
        if name in NOW:
            return ("w", 0)
        if name in ("DATETIME", "STRFTIME", "DATE", "JULIANDAY") and \
                ("c", "now") in [a[:2] for a in args]:
            # SQLite: `datetime('now', '+1 day')` is later than now, `'-30 days'` earlier;
            # `date('now')` is today's midnight
            shifts = [str(a[1]).strip()[:1] for a in args if a[0] == "c" and a[1] != "now"]
            if "-" in shifts:
                return ("w", -1)
            return ("w", 1 if "+" in shifts else -1 if name == "DATE" else 0)
        if name in TODAY:
            return ("w", -1)
        if name == "CAST" and args and args[0][0] == "n":
            return args[0]
        if name in COALESCE and args and _id_like(args[0]):
            return args[0]
        if name in ("DATE", "DATETIME", "DATE_TRUNC", "TRUNC") and args and \
                any(_past_event(a) for a in args):
            return next(a for a in args if _past_event(a))
        if any(a[0] in ("n", "f") for a in args) and name not in VOLATILE:
            return ("f", (name, tuple(a[:2] for a in args)))
        return ("x", None)


def _self_correlated(inner: list[str], table: str) -> bool:
    """`EXISTS (SELECT 1 FROM users u2 WHERE u2.id = users.id)` on users: each row finds itself
    (also a WHERE that folds to true over the same table)."""
    upper = [t.upper() for t in inner]
    if "FROM" not in upper or "WHERE" not in upper or not table:
        return False
    at, where = upper.index("FROM"), upper.index("WHERE")
    names = [t.strip('"`[]').lower() for t in inner[at + 1 : where] if t.upper() != "AS"]
    if not names or names[0].rsplit(".", 1)[-1] != table or len(names) > 2:
        return False
    alias = names[-1]
    cond = inner[where + 1 :]
    if _fold(cond, table) is True:
        return True
    if len(cond) == 3 and cond[1] in ("=", "=="):
        left, right = (c.strip('"`[]').lower().rsplit(".", 1) for c in (cond[0], cond[2]))
        if len(left) == len(right) == 2 and left[1] == right[1] and \
                {left[0], right[0]} == {alias, table} and alias != table:
            return True
    return False


def _fold(tokens: list[str], table: str) -> bool | None:
    """The truth of a condition's tokens: True (every row), False (no row), None."""
    parser = _Parser(tokens, table)
    try:
        value = parser.expr()
    except (IndexError, ValueError, RecursionError):
        return None
    if any(t != ";" for t in tokens[parser.i:]):
        return None
    return _truth(value)


def _matches_any_text(pattern: str) -> bool:
    """A regular expression every string matches: '', '.*', '^', '^.*$', '(.*)'."""
    rest = pattern
    for piece in ("(.*)", "(.*?)", ".*?", ".*", "^", "$", "()"):
        rest = rest.replace(piece, "")
    return rest == ""


def _signature(op: str, tokens: list[str], negate: bool, is_not: bool) -> tuple:
    """(atom, polarity) of a comparison, so that `x IS NULL` and `x IS NOT NULL`, `a = b` and
    `a <> b`, `a < b` and `a >= b`, `x LIKE p` and `x NOT LIKE p` are seen as opposites."""
    text = [t.upper() for t in tokens]
    pairs = {"<>": ("=", False), "!=": ("=", False), "==": ("=", True), "=": ("=", True),
             ">=": ("<", False), "<": ("<", True), "<=": (">", False), ">": (">", True)}
    if op in pairs and op in text:
        at = text.index(op)
        base, polarity = pairs[op]
        return ((tuple(text[:at]), base, tuple(text[at + 1:])), polarity)
    cleaned = tuple(t for t in text if t != "NOT")
    return ((cleaned, op), not (negate or is_not))


def _complementary(a: tuple, b: tuple) -> bool:
    return len(a) == 3 and len(b) == 3 and a[2][0] == b[2][0] and a[2][1] != b[2][1]


def _past_event(v: tuple) -> bool:
    return v[0] == "n" and bool(PAST_EVENT.match(v[1].rsplit(".", 1)[-1].strip('"`[]')))


def _arith(a: tuple, op: str, b: tuple) -> tuple:
    if a[0] == "m" and b[0] == "c" and op in ("+", "-") and _number(b[1]) is not None:
        fn, column, offset = a[1]
        return ("m", (fn, column, offset + (_number(b[1]) if op == "+" else -_number(b[1]))))
    if a[0] == "w" and b[0] in ("c", "x"):  # `now() + interval '1 day'` is later than now
        return ("w", {"+": 1, "-": -1}.get(op, None)) if op in ("+", "-") else ("x", None)
    if a[0] in ("n", "f") and a == b and op in ("-", "/"):
        return ("c", 0.0 if op == "-" else 1.0)  # `id - id`, `x / x`
    if a[0] in ("n", "f") and b[0] == "c" and (op == "*" and _number(b[1]) == 0 or
                                               op == "%" and _number(b[1]) == 1 and _id_like(a)):
        return ("c", 0.0)  # `id * 0`, `id % 1`: a key is a whole number, never NULL
    if a[0] == "n" and b[0] == "c" and (op in ("+", "-") and _number(b[1]) == 0 or
                                        op in ("*", "/") and _number(b[1]) == 1):
        return a  # `id + 0`, `id * 1`: the column itself
    if a[0] == b[0] == "c":
        if op == "||":
            return ("c", f"{a[1]}{b[1]}")
        x, y = _number(a[1]), _number(b[1])
        if x is None or y is None:
            return ("x", None)
        try:
            return ("c", {"+": x + y, "-": x - y, "*": x * y, "/": x / y, "%": x % y}[op])
        except ZeroDivisionError:
            return ("c", None)
    return ("x", None)


def _compare(a: tuple, op: str, b: tuple) -> bool | None:
    if a[0] == "t":
        a = ("c", None if a[1] is None else float(a[1]))
        if a[1] is None:
            return None
    if b[0] == "t":
        b = ("c", None if b[1] is None else float(b[1]))
        if b[1] is None:
            return None
    if a[0] == "c" and b[0] == "c":
        if a[1] is None or b[1] is None:
            return False
        x, y = a[1], b[1]
        nx, ny = _number(x), _number(y)
        if nx is not None and ny is not None:
            x, y = nx, ny
        elif isinstance(x, float) or isinstance(y, float):
            return None
        return {"=": x == y, "==": x == y, "!=": x != y, "<>": x != y, "<": x < y, ">": x > y,
                "<=": x <= y, ">=": x >= y}[op]
    if a[0] in ("n", "f") and a == b:
        return op in ("=", "==", "<=", ">=")
    if a[0] == "m" and b[0] == "n":
        a, b, op = b, a, _FLIP.get(op, op)
    if a[0] == "n" and b[0] == "m" and a[1].rsplit(".", 1)[-1] == b[1][1]:
        fn, _, offset = b[1]  # `id >= (SELECT min(id) FROM users)`: no row is below the least
        if fn == "MIN" and (op == ">=" and offset <= 0 or op == ">" and offset < 0) or \
                fn == "MAX" and (op == "<=" and offset >= 0 or op == "<" and offset > 0):
            return True
    if a[0] == "w" or b[0] == "w":
        if a[0] == "w":  # `now() > created_at` is `created_at < now()`
            a, b, op = b, a, _FLIP.get(op, op)
        return _compare_time(a, op, b)
    if b[0] == "f" and a[0] == "c" and op in _FLIP:  # `0 <= length(x)`
        return _compare(b, _FLIP[op], a)
    if a[0] == "f" and b[0] == "c":
        return _compare_function(a[1], op, b[1])
    if a[0] == "f" and a[1][0] in TYPE_OF and b == ("x", None) and op in ("=", "==", "!=", "<>"):
        return True  # `pg_typeof(id) = 'integer'::regtype`: a type test, as above
    if a[0] == "n" and b[0] == "c" and isinstance(b[1], str):
        m = DATE_LITERAL.match(b[1])
        if m:
            year = int(m.group(1))
            if op in (">", ">=") and year <= EARLIEST_YEAR or op in ("<", "<=") and \
                    year >= LATEST_YEAR:
                return True  # `created_at > '1970-01-01'`, `< '2999-01-01'`: no row is outside
        if _id_like(a) and op in ("!=", "<>") and b[1] == "":
            return True  # `id::text <> ''`: a key's text is never empty
        if op in (">=", ">") and b[1] == "":
            return True  # `name >= ''` (and `> ''`, every text but the empty one), as LIKE '%'
    if _id_like(b) and a[0] == "c":  # `0 < id`: read as `id > 0`
        flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        return _compare(b, flipped, a)
    if _id_like(a) and b[0] == "c":
        n = _number(b[1])
        if n is None:
            return None
        if op == ">" and n <= 0 or op == ">=" and n <= 1 or op in ("!=", "<>") and n <= 0:
            return True
        if op in ("=", "==", "<") and n <= 0 or op == "<=" and n < 0:
            return False  # keys start at 1: `id NOT IN (-1)`, `NOT id < 0`
        if op in ("<", "<=") and n >= HUGE_KEY:
            return True  # `id < 9999999999`: no real table has keys that large
    return None


_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "==": "==", "!=": "!=", "<>": "<>"}


def _compare_time(a: tuple, op: str, b: tuple) -> bool | None:
    """`created_at < now()` (or `<= now() + interval '1 day'`): a row is never made after now.
    `now() - interval '30 days'` is an earlier time: a retention delete, targeted."""
    if a[0] != "w" and _past_event(a) and b[0] == "w" and b[1] is not None and b[1] >= 0:
        return True if op in ("<", "<=", "!=", "<>") else False if op in (">", "=", "==") \
            else None
    return None


def _compare_function(call: tuple, op: str, value) -> bool | None:
    name, args = call
    n = _number(value)
    if name in NON_NEGATIVE and n is not None:
        if op == ">=" and n <= 0 or op == ">" and n < 0 or op in ("!=", "<>") and n < 0:
            return True  # `length(x) >= 0`, `abs(id) > -1`
        if args and _id_like(args[0]) and (op == ">" and n < 1 or op == ">=" and n <= 1):
            return True  # `length(id) > 0`, `abs(id) >= 1`: a key is never 0 nor empty
        if op == "<" and n <= 0 or op in ("=", "==") and n < 0:
            return False
    if name in TYPE_OF and isinstance(value, str) and op in ("=", "==", "!=", "<>") and \
            "null" not in value.lower() and args and args[0][0] == "n":
        return True  # a type test on a column: every row or none (the column has one type)
    if name == "GREATEST" and n is not None and op == ">=" and ("c", n) in args or \
            name == "LEAST" and n is not None and op == "<=" and ("c", n) in args:
        return True  # `greatest(id, 0) >= 0`
    return None


def _is(a: tuple, b: tuple) -> bool | None:
    if b == ("c", None):
        if _id_like(a):
            return False  # `NOT id IS NULL`: a key is never NULL
        return (a[1] is None) if a[0] == "c" else None
    if b[0] == "t" and a[0] in ("c", "t"):
        t = _truth(a)
        return None if t is None else t == b[1]
    return _compare(a, "=", b)


def _literal_end(tokens: list[str], i: int) -> int:
    """Where a literal or a bound parameter starting at tokens[i] ends (exclusive), or -1:
    `'a'`, `5`, `-1`, `?`, `$1`, `:name`, `%s`, `@x`. NULL is no value to exclude."""
    tok = tokens[i] if i < len(tokens) else ""
    if tok[:1] == "'" or tok[:1].isdigit() or tok == "?":
        return i + 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tok == "-" and nxt[:1].isdigit():
        return i + 2
    if tok in ("$", ":", "@") and re.match(r"\w", nxt) or tok == "%" and nxt == "s":
        return i + 2
    return -1


def _column_end(tokens: list[str], i: int) -> int:
    """Where a column (`name`, `u.name`, `"name"`) or a function of one (`lower(name)`,
    `coalesce(name, '')`) starting at tokens[i] ends, or -1."""
    tok = tokens[i] if i < len(tokens) else ""
    if tok[:1] in "\"`[" and len(tok) > 1:
        return i + 1
    if not re.match(r"[A-Za-z_]", tok) or tok.upper() in KEYWORDS:
        return -1
    if tokens[i + 1 : i + 2] != ["("]:
        return i + 1
    depth, k = 0, i + 1
    while k < len(tokens):
        depth += {"(": 1, ")": -1}.get(tokens[k], 0)
        k += 1
        if depth == 0:
            break
    inner = tokens[i + 2 : k - 1]
    if depth or tok.upper() in VOLATILE or not any(
            re.match(r"[A-Za-z_]", t) and t.upper() not in KEYWORDS and
            tokens[i + 2 + n + 1 : i + 2 + n + 2] != ["("] for n, t in enumerate(inner)):
        return -1  # a function of no column (or of the clock, or random) is no column
    return k


def _literals_in_parens(tokens: list[str], i: int) -> int:
    """`(1, 'a', ?)` or `(ARRAY[1, 2])` from tokens[i]: where it ends, or -1."""
    if tokens[i : i + 1] != ["("]:
        return -1
    if [t.upper() for t in tokens[i + 1 : i + 2]] == ["ARRAY"] and tokens[i + 2 : i + 3] and \
            tokens[i + 2][0] == "[" and tokens[i + 3 : i + 4] == [")"]:
        return i + 4
    k = i + 1
    while True:
        k = _literal_end(tokens, k)
        if k < 0:
            return -1
        if tokens[k : k + 1] == [")"]:
            return k + 1
        if tokens[k : k + 1] != [","]:
            return -1
        k += 1


def _exclusion(part: list[str]) -> bool:
    """One condition that keeps out only the values it names: `c <> 'x'`, `c != ?`, `c NOT IN
    (1, 2)`, `c NOT LIKE 'a%'`, `NOT c = 5`, `c IS DISTINCT FROM 3`, `c <> ALL (ARRAY[1])`."""
    while len(part) > 2 and part[0] == "(" and part[-1] == ")":
        part = part[1:-1]
    upper = [t.upper() for t in part]
    if upper[:1] == ["NOT"]:
        rest = part[1:]
        while len(rest) > 2 and rest[0] == "(" and rest[-1] == ")":
            rest = rest[1:-1]
        c = _column_end(rest, 0)
        if c > 0 and rest[c : c + 1] in (["="], ["=="]):
            return _literal_end(rest, c + 1) == len(rest)
        if c > 0 and [t.upper() for t in rest[c : c + 1]] == ["IN"]:
            return _literals_in_parens(rest, c + 1) == len(rest)
        return False
    c = _column_end(part, 0)
    if c < 0:
        lit = _literal_end(part, 0)  # `'x' <> name`
        if lit > 0 and part[lit : lit + 1] in (["!="], ["<>"]):
            return _column_end(part, lit + 1) == len(part)
        return False
    op = upper[c : c + 1]
    if op in (["!="], ["<>"]):
        if upper[c + 1 : c + 2] in (["ALL"], ["ANY"], ["SOME"]):
            return _literals_in_parens(part, c + 2) == len(part)
        return _literal_end(part, c + 1) == len(part)
    if upper[c : c + 2] in (["NOT", "IN"],):
        return _literals_in_parens(part, c + 2) == len(part)
    if upper[c : c + 2] in (["NOT", "LIKE"], ["NOT", "ILIKE"], ["NOT", "GLOB"]):
        end = _literal_end(part, c + 2)
        return end == len(part) or end > 0 and upper[end : end + 1] == ["ESCAPE"] and \
            _literal_end(part, end + 1) == len(part)
    if upper[c : c + 4] == ["IS", "DISTINCT", "FROM"] + upper[c + 3 : c + 4] and \
            upper[c + 3 : c + 4] != ["NULL"]:
        return _literal_end(part, c + 3) == len(part)
    if upper[c : c + 2] == ["IS", "NOT"] and upper[c + 2 : c + 3] != ["NULL"]:
        return _literal_end(part, c + 2) == len(part)  # SQLite's `IS NOT 5`
    if upper[c : c + 2] == ["NOT", "BETWEEN"]:
        low = _literal_end(part, c + 2)
        return low > 0 and upper[low : low + 1] == ["AND"] and \
            _literal_end(part, low + 1) == len(part)
    return False


def only_excludes(condition: str) -> bool:
    """True when a WHERE only names rows to keep (`name != 'nobody'`, `id NOT IN (1, 2)`,
    `email NOT LIKE '%@corp.com'`, `id != ?`, joined by AND or OR): it deletes (or rewrites)
    every other row, which on a real table is nearly all of them. `deleted_at IS NOT NULL`
    (a column's NULLs kept) and subqueries (`id NOT IN (SELECT ...)`) are not such lists."""
    tokens = [t for t in TOKEN.findall(condition) if t != ";"]
    if not tokens or len(tokens) > 2000:
        return False
    # OR of parts: one part that only excludes is enough (the rest only adds rows); a part
    # is AND of conditions that each only exclude
    alternatives: list[list[list[str]]] = [[]]
    depth, current, between = 0, [], False
    for tok in tokens:
        upper = tok.upper()
        depth += {"(": 1, ")": -1}.get(tok, 0)
        if depth == 0 and upper in ("AND", "OR") and not (upper == "AND" and between):
            alternatives[-1].append(current)
            current = []
            if upper == "OR":
                alternatives.append([])
            continue
        between = upper == "BETWEEN" or between and upper != "AND"
        current.append(tok)
    alternatives[-1].append(current)
    # a part true for every row (`id > 0`, `1`) narrows nothing: it does not stop the others
    return any(parts and all(p for p in parts) and any(_exclusion(p) for p in parts) and
               all(_exclusion(p) or _fold(p, "") is True for p in parts)
               for parts in alternatives)
