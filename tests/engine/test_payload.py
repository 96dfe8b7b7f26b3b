"""What a JSON payload does: DELETE actions and short expiries, across vendors' formats."""

from __future__ import annotations

import json

import pytest

from agentsh.engine.domains.payload import days, effects


@pytest.mark.parametrize("body, kind", [
    ('{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"a.example.com"}}]}', "delete"),
    ("Changes=[{Action=DELETE,ResourceRecordSet={Name=a}}]", "delete"),
    ('{"t":[{"DeleteRequest":{"Key":{}}}]}', "delete"),
    ('{"Rules":[{"Status":"Enabled","Filter":{},"Expiration":{"Days":1}}]}', "expire"),
    ('{"Rules":[{"NoncurrentVersionExpiration":{"NoncurrentDays":0}}]}', "expire"),
    ('{"rule":[{"action":{"type":"Delete"},"condition":{"age":0}}]}', "expire"),
    ('{"policy":{"phases":{"delete":{"min_age":"12h","actions":{"delete":{}}}}}}', "expire"),
    ('{"policy":{"phases":{"delete":{"actions":{"delete":{}}}}}}', "expire"),
    ('{"policy":{"states":[{"transitions":[{"state_name":"delete",'
     '"conditions":{"min_index_age":"1d"}}]}]}}', "expire"),
    ('{"rules":[{"definition":{"actions":{"baseBlob":{"delete":'
     '{"daysAfterModificationGreaterThan":2}}}}}]}', "expire"),
    ('{"Rules":[{"Lifecycle":{"DeleteAfterDays":1}}]}', "backup_expire"),
])
def test_destructive_payloads(body: str, kind: str) -> None:
    assert kind in [e.kind for e in effects(body, short_days=7)]


@pytest.mark.parametrize("body", [
    '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"a"}}]}',
    '{"Rules":[{"Status":"Enabled","Filter":{"Prefix":"logs/"},"Expiration":{"Days":90}}]}',
    '{"rule":[{"action":{"type":"SetStorageClass"},"condition":{"age":1}}]}',
    '{"policy":{"phases":{"delete":{"min_age":"30d","actions":{"delete":{}}}}}}',
    '{"Rules":[{"Lifecycle":{"DeleteAfterDays":35}}]}',
    '{"query": "delete from t"}', "not json at all", "",
])
def test_everyday_payloads(body: str) -> None:
    assert effects(body, short_days=7) == []


def test_the_record_deleted_is_the_target() -> None:
    body = '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"api.example.com"}}]}'
    assert [e.target for e in effects(body, 7)] == ["api.example.com"]


def test_huge_and_deep_payloads_are_bounded_and_fail_closed() -> None:
    deep = "[" * 100000 + '{"Action": "DELETE"}' + "]" * 100000
    assert {e.kind for e in effects(deep, 7)} == {"unknown", "delete"}  # still searched as text
    wide = json.dumps([{"a": i} for i in range(100000)] + [{"Action": "UPSERT"}])
    assert [e.kind for e in effects(wide, 7)] == ["unknown"]  # past the node budget: ask


@pytest.mark.parametrize("value, expected", [(7, 7.0), ("0d", 0.0), ("12h", 0.5), ("1", 1.0),
                                             ("0ms", 0.0), (True, None), ("soon", None)])
def test_days(value, expected) -> None:
    assert days(value) == expected
