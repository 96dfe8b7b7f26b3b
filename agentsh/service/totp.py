"""Approval codes: TOTP (RFC 6238) from the person's authenticator app, checked by the service.

The secret lives in a file only the service user can read (`sudo agentsh enroll` writes it and
shows it once, as an `otpauth://` URI and a QR code). A code is accepted once: the time step it
belongs to is recorded, so a code read off the screen cannot approve a second request. Wrong
codes are counted; after `LOCK_AFTER` within `LOCK_WINDOW` seconds no code is accepted for
`LOCK_FOR` seconds, doubling each time. pyotp computes the codes, segno draws the QR code."""

from __future__ import annotations

import hmac
import json
import os
import time

DIGITS = 6
STEP = 30
DRIFT = 1  # time steps accepted either side of now (clock drift of the phone)
LOCK_AFTER = 5
LOCK_WINDOW = 300
LOCK_FOR = 300


def new_secret() -> str:
    import pyotp

    return pyotp.random_base32(32)


def uri(secret: str, label: str) -> str:
    import pyotp

    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP).provisioning_uri(
        name=label, issuer_name="agentsh")


def qr_text(text: str) -> str:
    """A QR code for a terminal (two rows per character), as text."""
    import io

    import segno

    out = io.StringIO()
    segno.make(text, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def write_secret(path: str, secret: str, label: str, uid: int, gid: int) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    tmp = f"{path}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"secret": secret, "label": label, "digits": DIGITS, "step": STEP,
                   "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, fh)
    os.chown(tmp, uid, gid)
    os.replace(tmp, path)


class Verifier:
    """Checks codes against the enrolled secret, once each, with wrong codes rate-limited."""

    def __init__(self, path: str, used_path: str, clock=time.time) -> None:
        self.path = path
        self.used_path = used_path
        self.clock = clock
        self.failures: list[float] = []
        self.locked_until = 0.0
        self.lock_for = LOCK_FOR
        self.enrollment: tuple = ()

    def enrolled(self) -> bool:
        return self._secret() is not None

    def _secret(self) -> str | None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                st = os.fstat(fh.fileno())
                data = json.load(fh)
            if (st.st_ino, st.st_mtime_ns) != self.enrollment:  # a new secret: a fresh start
                self.enrollment = (st.st_ino, st.st_mtime_ns)
                self.failures.clear()
                self.locked_until, self.lock_for = 0.0, LOCK_FOR
            secret = data.get("secret")
            return secret if isinstance(secret, str) and secret else None
        except (OSError, ValueError, AttributeError):
            return None

    def _last_used(self) -> int:
        try:
            with open(self.used_path, encoding="ascii") as fh:
                return int(fh.read().strip() or 0)
        except (OSError, ValueError):
            return 0

    def _use(self, counter: int) -> None:
        tmp = f"{self.used_path}.tmp"
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(f"{counter}\n")
        os.replace(tmp, self.used_path)

    def locked(self) -> float:
        """Seconds until codes are accepted again (0: not locked)."""
        return max(0.0, self.locked_until - self.clock())

    def check(self, code: str) -> tuple[bool, str]:
        """(accepted, why not). Each code approves at most one request."""
        now = self.clock()
        secret = self._secret()  # first: a new enrollment ends a lock
        if self.locked():
            return False, f"too many wrong codes: try again in {int(self.locked()) + 1} s"
        if secret is None:
            return False, "no approval code is enrolled: run `sudo agentsh enroll`"
        import pyotp

        totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP)
        code = "".join(code.split())
        current = totp.timecode(_utc(now))
        for counter in range(current - DRIFT, current + DRIFT + 1):
            if hmac.compare_digest(totp.generate_otp(counter), code):
                if counter <= self._last_used():
                    return False, "this code was already used: wait for the next one"
                self._use(counter)
                self.failures.clear()
                self.lock_for = LOCK_FOR
                return True, ""
        self.failures = [t for t in self.failures if now - t < LOCK_WINDOW] + [now]
        if len(self.failures) >= LOCK_AFTER:
            self.locked_until = now + self.lock_for
            self.lock_for *= 2
            self.failures.clear()
            return False, f"wrong code; too many wrong codes: locked for {int(self.locked())} s"
        return False, f"wrong code ({len(self.failures)} of {LOCK_AFTER} before a lock)"


def _utc(seconds: float):
    import datetime

    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
