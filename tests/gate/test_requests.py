"""Approval requests: the schema every request is checked against, and the queue in which each
request ends exactly once (approved, denied, expired or cancelled)."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.gate.requests import (
    APPROVED,
    CANCELLED,
    DENIED,
    EXPIRED,
    Queue,
    RequestError,
    build,
    validate,
)

GOOD = {"cmd": "rm -rf x", "cwd": "/w", "pid": 12, "findings": [
    {"rule": "FS001", "severity": "high", "message": "m", "span": [0, 8]}]}


def test_what_a_requester_builds_passes_the_schema(builtin_policy, ctx) -> None:
    verdict = classify("git push --force origin main", builtin_policy, ctx)
    request = build(verdict, cwd="/w", pid=1, agent="sh(2)", agent_id="2:99", repo="", timeout=60)
    assert validate(request) is request
    assert request["critical_target"] == "main" and request["timeout"] == 60


@pytest.mark.parametrize("request_, says", [
    ({"findings": [1]}, "request: cmd: required"),
    ({**GOOD, "findings": [1]}, "findings #1: expected an object"),
    ([1, 2], "request: expected an object"),
    ({**GOOD, "cmd": 1}, "request: cmd: expected a string"),
    ({**GOOD, "pid": True}, "request: pid: expected an integer"),
    ({**GOOD, "extra": 1}, "unknown field 'extra'"),
    ({**GOOD, "timeout": 0}, "timeout: expected 1 to"),
    ({**GOOD, "findings": [{**GOOD["findings"][0], "span": [3]}]}, "span: expected a [start, end]"),
    ({**GOOD, "findings": [{**GOOD["findings"][0], "rule": "\x1b[2K"}]}, "rule: not a rule ID"),
    ({**GOOD, "findings": [{**GOOD["findings"][0], "severity": "huge"}]}, "severity: expected"),
    ({**GOOD, "findings": "FS001"}, "findings: expected a list"),
], ids=["findings-only", "finding-not-object", "not-object", "cmd-type", "bool-pid",
        "unknown-field", "zero-timeout", "bad-span", "rule-with-escape", "severity", "findings-str"])
def test_malformed_requests_are_named(request_, says) -> None:
    with pytest.raises(RequestError, match=None) as raised:
        validate(request_)
    assert says in str(raised.value)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_each_request_ends_once() -> None:
    clock = Clock()
    queue = Queue(clock)
    first, second, third, fourth = (queue.add({**GOOD, "timeout": 10}) for _ in range(4))
    assert queue.decide(first, "approve", "approved")
    assert not queue.decide(first, "deny", "denied")  # already answered
    assert queue.decide(second, "deny", "denied", note="no")
    assert queue.cancel(third)
    clock.now += 11
    assert queue.expire_due() == [fourth]
    assert not queue.decide(fourth, "approve", "approved")  # too late
    waiting, ended = queue.snapshot()
    assert waiting == []
    assert [i.state for i in ended] == [EXPIRED, CANCELLED, DENIED, APPROVED]
    assert second.decided.note == "no" and fourth.decided.reason == "timeout"
    assert all(i.done.is_set() for i in (first, second, third, fourth))


def test_an_answer_after_the_deadline_is_an_expiry() -> None:
    clock = Clock()
    queue = Queue(clock)
    item = queue.add({**GOOD, "timeout": 5})
    clock.now += 6
    assert not queue.decide(item, "approve", "approved")
    assert item.state == EXPIRED and item.decided.answer == "deny"


def test_closing_denies_everything_waiting() -> None:
    queue = Queue(Clock())
    items = [queue.add(GOOD) for _ in range(3)]
    queue.close()
    assert all(i.state == DENIED and i.decided.reason == "approver closed" for i in items)


def test_a_critical_request_always_needs_a_name_typed() -> None:
    from agentsh.gate.console import name_to_type

    critical = {**GOOD, "findings": [{**GOOD["findings"][0], "severity": "critical"}]}
    assert name_to_type({**critical, "critical_target": "vol_1"}) == "vol_1"
    assert name_to_type(critical) == "rm"  # a request that names nothing still asks for a word
    assert name_to_type(GOOD) == ""


def _tool(folder, name: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)


def test_the_notification_uses_what_the_desktop_has(tmp_path) -> None:
    import io

    from agentsh.gate.console import Notifier

    both, dbus_only, none = (tmp_path / n for n in ("both", "dbus", "none"))
    for folder in (both, dbus_only, none):
        folder.mkdir()
    _tool(both, "notify-send")
    _tool(both, "gdbus")
    _tool(dbus_only, "gdbus")
    desktop = {"DISPLAY": ":0", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}
    assert Notifier(io.StringIO(), {**desktop, "PATH": str(both)}).command[0].endswith(
        "notify-send")
    command = Notifier(io.StringIO(), {**desktop, "PATH": str(dbus_only)}).command
    assert command[0].endswith("gdbus") and "org.freedesktop.Notifications.Notify" in command
    assert Notifier(io.StringIO(), {**desktop, "PATH": str(none)}).command is None
    assert Notifier(io.StringIO(), {"PATH": str(both)}).command is None  # no desktop session
    assert Notifier(io.StringIO(), {**desktop, "PATH": str(both),
                                    "AGENTSH_NOTIFY": "0"}).command is None


@pytest.mark.parametrize("cmd, spans, shown", [
    ("ls && rm -rf x", [(6, 14)], "ls && [rm -rf x]"),
    ("curl -H 'Authorization: Bearer s3cret' https://h/x && rm -rf x", [(54, 62)],
     "curl -H 'Authorization: [REDACTED]' https://h/x && [rm -rf x]"),
    ("rm -rf x #\x1b[8m", [(0, 8)], "[rm -rf x] #\\e[8m"),
    ("rm -rf x", [(0, 8)], "rm -rf x"),
], ids=["marked", "secret-before-the-mark", "escape-after", "whole-text-unmarked"])
def test_the_flagged_part_is_marked_on_the_redacted_command(cmd, spans, shown) -> None:
    from agentsh.gate.console import Style, marked_command

    style = Style(False)
    style.mark, style.reset = "[", "]"
    assert marked_command(cmd, spans, style) == shown
