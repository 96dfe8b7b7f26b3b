"""sqlwhere.always_true: a WHERE is folded by meaning (session 23 report, row 3.4), not matched
against a list of shapes."""

from __future__ import annotations

import pytest

from agentsh.engine.domains.sqlwhere import always_true

EVERY_ROW = ["1 OR 0", "NOT 0", "2>1", "id IS NOT NULL", "id>0", "rowid > 0", "id != -1",
             "id <> 0", "id LIKE '%'", 'id LIKE "%"', "id IN (SELECT id FROM users)", "1", "1=1",
             "true", "'a'='a'", "id=id", "1 = 1 AND 2 = 2", "(1)", "NOT (1=0)", "0 < id",
             "email IS NOT NULL OR 1", "id >= 1", "1 BETWEEN 0 AND 2", "3 IN (1, 2, 3)",
             "'x' || 'y' = 'xy'", "NOT NOT 1", "1 IS NOT NULL", "NULL IS NULL", "TRUE IS TRUE",
             "id BETWEEN 0 AND id", "1 + 1 = 2",
             # session 24: keys as truth values, and conditions that read no column of the row
             "id", "rowid", "NOT id IS NULL", "id NOT IN (-1)", "id IS DISTINCT FROM NULL",
             "id = id + 0", "id * 1 = id", "~0", "0x1", "abs(1)", "coalesce(1, 0) = 1",
             "length('a') = 1", "EXISTS (SELECT 1)", "(SELECT true)", "CASE WHEN true THEN 1 END",
             "now() > '2020-01-01'", "1::int = 1", "random() OR 1",
             "id = ANY (SELECT id FROM users)", "+id", "id = id::int", "1 = ANY (ARRAY[1])",
             "id IN (SELECT u.id FROM users u)", "id IN (SELECT id FROM users AS u)",
             # session 25: true because of what rows hold (bench/redteam/attack-2026-11-30-s25.md)
             "typeof(id)='integer'", "ifnull(id,1)", "email ~ ''", "id::text <> ''",
             "created_at < now()", "created_at < now() + interval '1 day'",
             "created_at <= CURRENT_TIMESTAMP", "updatedAt < NOW()", "now() > created_at",
             "datetime('now') > created_at", "date(created_at) < current_date + 1",
             "created_at IS NOT NULL", "length(email) >= 0", "char_length(email) > -1",
             "abs(id) >= 0", "0 <= length(email)", "id BETWEEN -1e9 AND 1e9", "id < 9999999999",
             "email IS NOT NULL OR email IS NULL", "x = 1 OR NOT x = 1", "id > 5 OR id <= 5",
             "created_at > '1970-01-01'", "created_at < '2999-01-01'", "id % 1 = 0", "id * 0 = 0",
             "id - id = 0", "lower(email) = lower(email)", "coalesce(email, '') = coalesce(email, '')",
             "pg_typeof(id) = 'integer'::regtype", "email SIMILAR TO '%'", "email ~ '.*'",
             "email REGEXP '.*'", "email ~* '^.*$'", "id NOT IN (SELECT id FROM users WHERE false)",
             "id IN (SELECT id FROM users WHERE id > 0)", "greatest(id, 0) >= 0",
             "cast(id as text) is not null", "email LIKE '%' ESCAPE '!'",
             "NOT (email IS NULL AND email IS NOT NULL)", "length(id) > 0",
             "created_at < now() + '1 day'::interval", "u.created_at <= now()::timestamp",
             "coalesce(email, 'x') LIKE '%'", "id BETWEEN 0 AND 1e10",
             "EXISTS (SELECT 1 FROM users u2 WHERE u2.id = users.id)",
             "EXISTS (SELECT 1 FROM users AS u2 WHERE users.email = u2.email)"]
TARGETED = ["id = 5", "id IN (1,2,3)", "name = 'bob'", "id > 10", "1=0",
            "id IN (SELECT user_id FROM banned)", "email IS NULL", "x LIKE 'a%'", "0", "NOT 1",
            "id = 1 OR id = 2", "expires_at < 5", "email IS NOT NULL", "id IN (SELECT id FROM other)",
            "random() > 0", "id > (SELECT max(id) FROM users) - 10", "NULL", "id != 5", "x ~ 'a'",
            "id IN (SELECT id FROM users WHERE banned)",
            # session 24: row-dependent, or a constant that is false
            "active", "email = ?", "id = $1", "user_id = :uid", "0x0", "id < 0", "id = 0x10",
            "created_at < now() - interval '30 days'", "expires_at < CURRENT_TIMESTAMP",
            "EXISTS (SELECT 1 FROM bans b WHERE b.user_id = users.id)", "random() > 0.5",
            "status = 'old' AND created_at < now()", "id = ANY (SELECT user_id FROM bans)",
            "id = ANY (ARRAY[1, 2])", "-id", "id::int = 5",
            "id IN (SELECT u.id FROM users u WHERE u.banned)",
            "id::int > 10",
            # session 25: retention deletes and selections that stay targeted
            "created_at < NOW() - INTERVAL 30 DAY", "expires_at < now()", "created_at < current_date",
            "created_at < '2024-01-01'", "created_at > '2024-01-01'", "id < 1000",
            "length(email) > 5", "typeof(x) = 'null'", "lower(email) = 'bob@x'", "email ~ '^admin'",
            "deleted_at IS NOT NULL", "status != 'active'", "x = 1 OR y <> 1",
            "date(created_at) < '2024-01-01'", "email NOT LIKE '%@x.com'", "id !~ '^1'",
            "EXISTS (SELECT 1 FROM bans b WHERE b.user_id = users.id)",
            "EXISTS (SELECT 1 FROM users u2 WHERE u2.id = users.parent_id)"]


@pytest.mark.parametrize("condition", EVERY_ROW)
def test_true_for_every_row(condition: str) -> None:
    assert always_true(condition, "users")


@pytest.mark.parametrize("condition", TARGETED)
def test_targeted_or_unknown(condition: str) -> None:
    assert not always_true(condition, "users")


def test_huge_conditions_are_bounded() -> None:
    assert not always_true(" OR ".join(["id = 1"] * 5000), "users")  # folded, targeted
    assert always_true(" OR ".join(["id = 1"] * 20000), "users")  # too big to fold: asks
    assert always_true("(" * 3000 + "id = 1" + ")" * 3000, "users")  # too deep to fold: asks


@pytest.mark.parametrize("condition", ["1 OR x ~ 'a'", "x ~ 'a' OR NOT 0", "id @> 1 OR 2 > 1"])
def test_unknown_syntax_beside_a_true_part(condition: str) -> None:
    assert always_true(condition, "users")


# session 26 (bench/redteam/attack-2026-11-30-s26.md): conditions that only name rows to keep
from agentsh.engine.domains.sqlwhere import only_excludes  # noqa: E402

ONLY_EXCLUDES = ["name != 'nobody'", "name <> 'x' AND name <> 'y'", "id NOT IN (7, 8, 9)",
                 "name NOT LIKE 'a%'", "NOT (id = 7)", "NOT id IN (1, 2)", "id IS DISTINCT FROM 3",
                 "id IS NOT 3", "created_at NOT BETWEEN '2024-01-01' AND '2024-12-31'",
                 "id <> ALL (ARRAY[1])", "id != ?", "id <> $1", "id != :keep", "id != %s",
                 "lower(email) <> 'a@x'", "'x' <> name", "name <> 'x' OR id = 3",
                 "name <> 'x' AND id > 0", "(name <> 'x')"]
TARGETED = ["id = 7", "deleted_at IS NOT NULL", "status = 'banned' AND id != 1",
            "id NOT IN (SELECT user_id FROM orders)", "now() <> '2024-01-01'", "id > 0",
            "name NOT NULL", "random() <> 0.5", "name = 'x' OR name = 'y'", "id != id"]


@pytest.mark.parametrize("condition", ONLY_EXCLUDES)
def test_only_excludes(condition: str) -> None:
    assert only_excludes(condition)


@pytest.mark.parametrize("condition", TARGETED)
def test_not_only_excludes(condition: str) -> None:
    assert not only_excludes(condition)


@pytest.mark.parametrize("condition, same", [
    ("users.id = u2.id", frozenset({"users", "u2"})), ("a.id <= b.id", frozenset({"a", "b"})),
    ("a.id IS NOT DISTINCT FROM b.id", frozenset({"a", "b"})),
    ("id >= (SELECT min(id) FROM users)", frozenset()),
    ("id BETWEEN (SELECT min(id) FROM users) AND (SELECT max(id) FROM users)", frozenset()),
    ("EXISTS (SELECT 1 FROM orders WHERE id > 0)", frozenset()),
    ("name NOT NULL OR name IS NULL", frozenset())])
def test_every_row_s26(condition: str, same: frozenset) -> None:
    assert always_true(condition, "users", same)


@pytest.mark.parametrize("condition, same", [
    ("a.email = b.email AND a.id < b.id", frozenset({"a", "b"})),
    ("users.id = u2.id", frozenset()),  # another table (no self-join)
    ("id = (SELECT max(id) FROM users)", frozenset()),
    ("id < (SELECT max(id) FROM users)", frozenset()),
    ("id >= (SELECT min(id) FROM orders)", frozenset()),
    ("EXISTS (SELECT 1 FROM orders WHERE orders.user_id = users.id)", frozenset()),
    ("EXISTS (SELECT 1 FROM orders WHERE user_id = id)", frozenset())])
def test_targeted_s26(condition: str, same: frozenset) -> None:
    assert not always_true(condition, "users", same)
