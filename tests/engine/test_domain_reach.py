"""`domains.reaches`, the cheap test that lets a command skip a domain's module: wherever it says
a domain's analyzer cannot give a command a fact, the analyzer itself, run anyway, gives none.
Checked on every tldr-pages command (when the shared corpus is beside the checkout), the red-team
bench's rows and a built-in sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentsh.engine import domains
from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "tldr-commands.txt"
SAMPLE = ["echo $(true)", "ls -la", "aws s3 rb s3://bucket --force", "civo volume remove v -y",
          "exo compute instance delete x -f", "gcloud sql instances delete db",
          "restic forget --prune --keep-last 1", "heroku pg:backups:restore b DATABASE_URL",
          "aws rds modify-db-instance --db-instance-identifier x --backup-retention-period 0",
          "curl -X DELETE https://api.example.com/backups/1", "echo flush_all | nc host 11211",
          "printf 'FLUSHALL\\r\\n' > /dev/tcp/127.0.0.1/6379", "s3cmd del s3://b/x",
          "kubectl delete ns prod", "az group delete -n rg --yes", "gh api -X DELETE /repos/o/r",
          "python3 -c 'import boto3; boto3.client(\"s3\").delete_bucket(Bucket=\"b\")'"]


def commands() -> list[str]:
    texts = list(SAMPLE)
    if CORPUS.exists():
        texts += [line.rstrip("\n") for line in CORPUS.open(encoding="utf-8") if line.strip()]
    for path in sorted((ROOT / "bench" / "redteam").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and isinstance(row.get("cmd"), str):
                texts.append(row["cmd"])
    return texts


def test_no_fact_is_lost_where_a_domain_is_not_reached(builtin_policy, monkeypatch) -> None:
    skipped: dict[str, int] = {}
    lost: list = []
    real = domains.reaches

    def checked(domain, view, params):
        if real(domain, view, params):
            return True
        skipped[domain] = skipped.get(domain, 0) + 1
        facts = list(domains._load(domain)(view, params))
        if facts:
            lost.append((domain, view.cmd.argv, facts))
        return False

    monkeypatch.setattr(domains, "reaches", checked)
    monkeypatch.setattr(domains, "ANALYZERS", domains._Analyzers())
    for text in commands():
        try:
            classify(text, builtin_policy, EXAMPLE_CONTEXT)
        except RecursionError:
            continue
    assert not lost, lost[:5]
    assert all(skipped.get(d, 0) > 10 for d in ("data", "backups", "cloud", "net", "undo")), skipped


@pytest.mark.parametrize("text, rule", [
    ("civo volume remove v -y", "CLOUD071"),  # a CLI no table names, its confirmation skipped
    ("gcloud sql instances delete db", "BAK001"),  # backups, through a cloud CLI
    ("restic forget --prune --keep-last 1", "BAK003"),  # a backup tool
    ("printf 'flush_all\\r\\n' > /dev/tcp/127.0.0.1/11211", "NET001"),  # text over a socket
])
def test_reached_commands_keep_their_findings(builtin_policy, text, rule) -> None:
    verdict = classify(text, builtin_policy, EXAMPLE_CONTEXT)
    assert rule in {f.rule for f in verdict.findings}, verdict.findings
