"""Requests waiting for a person, held by the service: each has an id, what the console shows,
a deadline (then it is denied), and the answer once a person gives it with a valid code."""

from __future__ import annotations

import secrets
import threading
import time

WRONG_CODES_PER_REQUEST = 3  # then the request is denied


class Pending:
    """One request waiting for a person's answer."""

    def __init__(self, shown: dict, timeout: float, critical_target: str) -> None:
        self.id = secrets.token_hex(8)
        self.shown = shown
        self.critical_target = critical_target
        self.created = time.monotonic()
        self.deadline = self.created + timeout
        self.answer = ""  # "approve" or "deny" once decided
        self.reason = ""
        self.approver_uid: int | None = None
        self.wrong_codes = 0
        self.done = threading.Event()

    def view(self) -> dict:
        now = time.monotonic()
        return {**self.shown, "id": self.id, "critical_target": self.critical_target,
                "waiting": int(now - self.created), "expires_in": int(self.deadline - now)}


class Queue:
    """The pending requests and the approver consoles watching them."""

    def __init__(self, per_uid_limit: int = 20) -> None:
        self.lock = threading.Lock()
        self.items: dict[str, tuple[Pending, int]] = {}  # id -> (request, requesting uid)
        self.watchers: list = []  # callables told the queue changed
        self.per_uid_limit = per_uid_limit

    def add(self, item: Pending, uid: int) -> bool:
        with self.lock:
            if sum(1 for _, u in self.items.values() if u == uid) >= self.per_uid_limit:
                return False
            self.items[item.id] = (item, uid)
        self.changed()
        return True

    def remove(self, item: Pending) -> None:
        with self.lock:
            self.items.pop(item.id, None)
        self.changed()

    def get(self, request_id: str) -> Pending | None:
        with self.lock:
            found = self.items.get(request_id)
        return found[0] if found else None

    def snapshot(self) -> list[dict]:
        with self.lock:
            items = sorted((p for p, _ in self.items.values()), key=lambda p: p.created)
        return [p.view() for p in items]

    def decide(self, item: Pending, answer: str, reason: str, approver_uid: int | None) -> None:
        if item.done.is_set():
            return
        item.answer, item.reason, item.approver_uid = answer, reason, approver_uid
        item.done.set()

    def watch(self, callback) -> None:
        with self.lock:
            self.watchers.append(callback)

    def unwatch(self, callback) -> None:
        with self.lock:
            if callback in self.watchers:
                self.watchers.remove(callback)

    def watched(self) -> bool:
        with self.lock:
            return bool(self.watchers)

    def changed(self) -> None:
        with self.lock:
            watchers = list(self.watchers)
        for callback in watchers:
            try:
                callback()
            except Exception:  # a console that went away is removed by its own thread
                pass
