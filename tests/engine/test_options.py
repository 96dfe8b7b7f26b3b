"""Reading argv as the program does: global options before the subcommand (issue 18), and the
guessed reading for options agentsh does not know."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Word
from agentsh.engine.options import read_args
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from agentsh.policy.values import Decision, ProgramSpec

ANY = ProgramSpec("x")


def positionals(text: str, spec: ProgramSpec = ANY) -> tuple[list, list | None]:
    args = read_args(tuple(Word(t) for t in text.split()), spec)
    guessed = None if args.guessed is None else [w.text for w in args.guessed]
    return [w.text for w in args.positionals], guessed


def test_global_value_options_take_a_value_only_before_the_subcommand() -> None:
    spec = ProgramSpec("docker", global_value_options=frozenset(["-c"]))
    assert positionals("-c prod rm web", spec)[0] == ["rm", "web"]
    assert positionals("exec -c sh web", spec)[0] == ["exec", "sh", "web"]


@pytest.mark.parametrize("text, reading, guessed", [
    ("--cacert /etc/ca.pem forget --prune", ["/etc/ca.pem", "forget"], ["forget"]),
    ("--a x --b y forget", ["x", "y", "forget"], ["forget"]),
    ("-v forget", ["forget"], None),  # a flag the common CLIs share
    ("--verbose forget", ["forget"], None),
    ("--quiet help delete", ["help", "delete"], None),  # help is never an option's value
    ("forget --cacert x", ["forget", "x"], None),  # only before the subcommand
])
def test_guessed_reading(text: str, reading: list, guessed) -> None:
    assert positionals(text) == (reading, guessed)


@pytest.mark.parametrize("command", [
    "restic -r /srv/repo forget --prune",
    "restic --repo=/srv/repo forget --prune",
    "restic --password-file /etc/pw --repo /srv/repo forget --prune",
    "restic --some-future-flag value -r /srv/repo forget --prune",
    "kubectl --context prod-eu -n web delete deploy api",
    "aws --profile staging --region eu-west-1 ec2 delete-snapshot --snapshot-id snap-1",
    "gcloud --project p1 --account a@b compute snapshots delete s1",
    "docker -H ssh://host volume rm data",
    "nats -s nats://h:4222 --context prod stream rm ORDERS -f",
    "velero -n velero --kubecontext prod backup delete nightly --confirm",
    "borg --remote-path borg1 --lock-wait 60 delete /mnt/b::x",
])
def test_the_verb_after_global_options_is_seen(builtin_policy, command: str) -> None:
    assert classify(command, builtin_policy, EXAMPLE_CONTEXT).decision != Decision.ALLOW


@pytest.mark.parametrize("command", [
    "restic -r /srv/repo snapshots", "kubectl --context prod -n web get pods",
    "aws --profile prod --region eu-west-1 ec2 describe-snapshots",
    "gcloud --quiet help compute instances delete", "docker -c prod ps",
    "velero -n velero backup get", "borg --remote-path borg1 list /mnt/b",
])
def test_global_options_before_a_read_stay_allowed(builtin_policy, command: str) -> None:
    assert classify(command, builtin_policy, EXAMPLE_CONTEXT).decision == Decision.ALLOW
