"""Approval codes (RFC 6238, by pyotp): accepted once each, one step of drift either way, wrong
codes locked out, a new enrollment a fresh start; and the service's wire refuses what is not
one JSON object."""

from __future__ import annotations

import pyotp
import pytest

from agentsh.gate import wire
from agentsh.service import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def verifier(tmp_path):
    path = tmp_path / "totp.json"
    path.write_text('{"secret": "%s"}' % SECRET)
    clock = Clock()
    return totp.Verifier(str(path), str(tmp_path / "used"), clock), clock


def code_at(seconds: float) -> str:
    return pyotp.TOTP(SECRET).at(seconds)


def test_a_code_is_accepted_once(verifier) -> None:
    v, clock = verifier
    assert v.check(code_at(clock.now)) == (True, "")
    ok, why = v.check(code_at(clock.now))
    assert not ok and "already used" in why
    clock.now += 30
    assert v.check(code_at(clock.now))[0]


@pytest.mark.parametrize("offset, accepted", [(-30, True), (30, True), (-90, False), (90, False)])
def test_one_step_of_drift_either_way(verifier, offset, accepted) -> None:
    v, clock = verifier
    assert v.check(code_at(clock.now + offset))[0] is accepted


def test_wrong_codes_lock_out_and_a_new_enrollment_starts_afresh(verifier, tmp_path) -> None:
    v, clock = verifier
    wrong = f"{(int(code_at(clock.now)) + 500000) % 1000000:06d}"
    for _ in range(totp.LOCK_AFTER):
        assert not v.check(wrong)[0]
    ok, why = v.check(code_at(clock.now))
    assert not ok and "too many wrong codes" in why
    clock.now += totp.LOCK_FOR + 1
    assert v.check(code_at(clock.now))[0]
    for _ in range(totp.LOCK_AFTER):
        v.check(wrong)
    assert v.locked() > 0
    (tmp_path / "totp.json").write_text('{"secret": "%s", "label": "again"}' % SECRET)
    clock.now += 30
    assert v.check(code_at(clock.now))[0]


def test_no_enrollment_means_no_approval(tmp_path) -> None:
    v = totp.Verifier(str(tmp_path / "none.json"), str(tmp_path / "used"))
    ok, why = v.check("123456")
    assert not ok and "enroll" in why and not v.enrolled()


def test_the_uri_and_qr_code_carry_the_secret() -> None:
    uri = totp.uri(SECRET, "me@host")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri
    assert "issuer=agentsh" in uri and len(totp.qr_text(uri).splitlines()) > 10


@pytest.mark.parametrize("line", [b"", b"[]", b"1", b'{"a": 1} {"b": 2}', b"{", b"\xff",
                                  b'{"a": NaN}'])
def test_the_wire_takes_one_json_object_per_line(line) -> None:
    with pytest.raises(ValueError):
        wire.decode(line)


def test_the_wire_round_trips() -> None:
    message = {"type": "check", "text": "echo \udcff", "n": [1, -2, True, None], "d": {"x": []}}
    assert wire.decode(wire.encode(message)) == message
