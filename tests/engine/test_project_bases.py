"""Projects below /srv, /opt and /var/www (docs/precision.md round 7): a folder two or more
levels below one of them is a project's, so deleting build output there runs after a snapshot
(FS001) instead of asking as a system path (FS002); the bases, their direct children and every
other system folder still ask, and the gate's own check agrees."""

from __future__ import annotations

import pytest

from agentsh.engine import recovery
from agentsh.engine.classify import classify
from agentsh.engine.model import Context, Snap
from agentsh.policy.values import Decision

CTX = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),), read_file=lambda p: None)


@pytest.mark.parametrize("text, saved", [
    ("rm -rf /srv/app/backend/dist", "/srv/app/backend/dist"),
    ("cd /var/www/shop && rm -rf storage/app/exports", "/var/www/shop/storage/app/exports"),
    ("cd /opt/projects/acme-api && rm -rf reports/old", "/opt/projects/acme-api/reports/old"),
    ("rm -rf /srv/www/site/current/tmp", "/srv/www/site/current/tmp"),
])
def test_a_project_folder_below_a_base_runs_after_a_snapshot(builtin_policy, text, saved) -> None:
    verdict = classify(text, builtin_policy, CTX)
    assert verdict.decision == Decision.CONFIRM  # FS001, with its plan
    # (after a `cd`, also where the line started, in case the `cd` fails)
    assert Snap("tree", saved) in recovery.plan(verdict)
    assert recovery.after_snapshot(verdict).decision == Decision.ALLOW


@pytest.mark.parametrize("text", [
    "rm -rf /srv/app", "rm -rf /opt/*", "rm -rf /opt/homebrew", "rm -rf /var/www/shop",
    "rm -rf /var/www", "rm -rf /var/www/*", "cd /var/www/shop && rm -rf *",
    "cd /srv && rm -rf app", "rm -rf /var/lib/postgresql/data", "rm -rf /var/log/nginx/old",
    "rm -rf /var/opt/app/data", "rm -rf /srv/app/../other/x", "rm -rf /usr/local/lib/x/y",
])
def test_the_bases_their_children_and_system_folders_still_ask(builtin_policy, text) -> None:
    verdict = classify(text, builtin_policy, CTX)
    assert verdict.decision in (Decision.CONFIRM, Decision.DENY)
    assert recovery.after_snapshot(verdict).decision != Decision.ALLOW, text


def test_rm_rf_srv_itself_is_still_denied(builtin_policy) -> None:
    assert classify("rm -rf /srv", builtin_policy, CTX).decision == Decision.DENY


@pytest.mark.parametrize("path, ok", [
    ("/srv/app/backend", True), ("/srv/app", False), ("/srv", False), ("/opt/x/y", True),
    ("/opt/x", False), ("/var/www/shop/dist", True), ("/var/www/shop", False),
    ("/var/lib/x/y", False), ("/srv/app/..", False), ("/srvx/a/b", False),
])
def test_in_project(path, ok) -> None:
    assert recovery.in_project(path) is ok
    assert recovery.own_space(path) is ok or path == "/srvx/a/b"
