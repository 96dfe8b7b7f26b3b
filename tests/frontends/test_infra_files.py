"""Cloud effects read from files: lifecycle rules in YAML (`--lifecycle-file rules.yaml`), in a
gcloud `--flags-file`, given to `buckets create`, or to az as a plain path (`--policy p.json`:
az reads the file); access policies in files (`aws s3api put-bucket-policy --policy
file://p.json`, `--cli-input-json`), on disk or written by the line first. Before session 30
each of these ran unasked (the file was not read, or read only as JSON, or only `@F` was a
file); safeguards and retention in `file://` values and `--cli-input-json`/`-yaml` documents
(`BackupRetentionPeriod: 0`, a versioning `Status: Suspended`); a Deployment Manager update,
which deletes what the new config no longer names; `kubectl replace --force` (delete, then
create) of a Namespace or a volume claim; helm values files that turn persistence or backups
off, as `--set` does. Run as the agent, with stand-in CLIs that record that they ran; the everyday twins (a
lifecycle that only changes storage class, a Deny policy, reads) still run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

FILES = {
    "expire.yaml": "rule:\n- action: {type: Delete}\n  condition: {age: 1}\n",
    "cold.yaml": "rule:\n- action:\n    type: SetStorageClass\n    storageClass: COLDLINE\n"
                 "  condition:\n    age: 90\n",
    "expire.json": '{"rule": [{"action": {"type": "Delete"}, "condition": {"age": 1}}]}\n',
    "flags.yaml": "--lifecycle-file: expire.json\n",
    "coldflags.yaml": "--lifecycle-file: cold.yaml\n",
    "mp.json": '{"rules": [{"enabled": true, "name": "r", "type": "Lifecycle", "definition": '
               '{"actions": {"baseBlob": {"delete": {"daysAfterModificationGreaterThan": 1}}}}}]}\n',
    "mpcool.json": '{"rules": [{"enabled": true, "name": "r", "type": "Lifecycle", "definition": '
                   '{"actions": {"baseBlob": {"tierToCool": {"daysAfterModificationGreaterThan": '
                   '30}}}}}]}\n',
    "public.json": '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",'
                   ' "Resource": "arn:aws:s3:::b/*"}]}\n',
    "deny.json": '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",'
                 ' "Resource": "arn:aws:s3:::b/*"}]}\n',
    "input.json": '{"Bucket": "b", "Policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", '
                  '\\"Principal\\": \\"*\\", \\"Action\\": \\"s3:*\\"}]}"}\n',
    "suspend.json": '{"Status": "Suspended"}\n',
    "enable.json": '{"Status": "Enabled"}\n',
    "rds0.json": '{"DBInstanceIdentifier": "prod", "BackupRetentionPeriod": 0}\n',
    "rds7.json": '{"DBInstanceIdentifier": "prod", "BackupRetentionPeriod": 7}\n',
    "logs1.json": '{"logGroupName": "/app/prod", "retentionInDays": 1}\n',
    "lc.yaml": "Bucket: b\nLifecycleConfiguration:\n  Rules:\n  - ID: x\n    Status: Enabled\n"
               "    Filter: {Prefix: ''}\n    Expiration: {Days: 1}\n",
    "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: production}\n",
    "pvc.json": '{"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "d"}}\n',
    "job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n",
    "nopersist.yaml": "primary:\n  persistence:\n    enabled: false\n",
    "web.yaml": "image:\n  tag: v2\nreplicaCount: 3\ndebug: false\n",
    "noversions.yaml": "--versioning: false\n",
    "noprotect.yaml": "--no-deletion-protection:\n",
    "versions.yaml": "--versioning: true\n",
}


@pytest.fixture
def rig(tmp_path: Path, agent_home: Path) -> tuple[Path, dict[str, str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "ran.log"
    for cli in ("gcloud", "az", "aws", "kubectl", "helm"):
        (bin_dir / cli).write_text(f"#!/bin/sh\necho \"$0 $*\" >> {log}\n")
        (bin_dir / cli).chmod(0o755)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    env = clean_env(agent_home, CLAUDECODE="1")
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    return tmp_path, env, log


@pytest.mark.parametrize("command, rule", [
    ("gcloud storage buckets update gs://prod --lifecycle-file expire.yaml", "DATA002"),
    ("gcloud alpha storage buckets update gs://prod --lifecycle-file=expire.yaml", "DATA002"),
    ("gcloud storage buckets update gs://prod --flags-file=flags.yaml", "DATA002"),
    ("gcloud storage buckets update gs://prod --flags-file <(cat flags.yaml)", "DATA005"),
    ("gcloud storage buckets create gs://prod2 --lifecycle-file=expire.json", "DATA002"),
    ("az storage account management-policy create --account-name a -g rg --policy mp.json",
     "DATA002"),
    ("az storage account management-policy update --account-name a -g rg --policy mp.json",
     "DATA002"),
    ("aws s3api put-bucket-policy --bucket b --policy file://public.json", "CLOUD094"),
    ("aws s3api put-bucket-policy --cli-input-json file://input.json", "CLOUD094"),
    ("aws s3api put-bucket-policy --bucket b --policy file://<(cat public.json)", "CLOUD098"),
    ("cat > p2.json <<'EOF'\n{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
     "\"Action\":\"s3:GetObject\"}]}\nEOF\naws s3api put-bucket-policy --bucket b --policy "
     "file://p2.json", "CLOUD094"),
    ("cat > lc.yaml <<'EOF'\nrule:\n- action: {type: Delete}\n  condition: {age: 0}\nEOF\n"
     "gcloud storage buckets update gs://prod --lifecycle-file lc.yaml", "DATA002"),
    ("aws s3api put-bucket-versioning --bucket b --versioning-configuration file://suspend.json",
     "BAK005"),
    ("aws rds modify-db-instance --cli-input-json file://rds0.json", "BAK005"),
    ("aws logs put-retention-policy --cli-input-json file://logs1.json", "DATA001"),
    ("aws s3api put-bucket-lifecycle-configuration --cli-input-yaml file://lc.yaml", "DATA002"),
    ("az storage account management-policy update --account-name a -g rg --set "
     "policy.rules[0].definition.actions.baseBlob.delete.daysAfterModificationGreaterThan=0",
     "DATA001"),
    ("gcloud deployment-manager deployments update prod --config expire.yaml", "CLOUD051"),
    ("kubectl replace --force -f ns.yaml", "CLOUD001"),
    ("kubectl replace --force -f pvc.json", "CLOUD001"),
    ("kubectl replace --force -f - < ns.yaml", "CLOUD001"),
    ("helm upgrade db bitnami/postgresql -f nopersist.yaml --reuse-values", "CLOUD090"),
    ("helm upgrade db bitnami/postgresql --values=nopersist.yaml", "CLOUD090"),
    ("gcloud storage buckets update gs://prod --flags-file noversions.yaml", "CLOUD090"),
    ("gcloud sql instances patch prod --flags-file=noprotect.yaml", "CLOUD090"),
])
def test_an_effect_in_a_file_asks(agentsh_bin: str, rig, command: str, rule: str) -> None:
    work, env, log = rig
    done = run_as_agent(agentsh_bin, command, work, env)
    assert rule.encode() in assert_blocked(done)
    assert not log.exists()


@pytest.mark.parametrize("command", [
    "gcloud storage buckets update gs://b --lifecycle-file cold.yaml",
    "gcloud storage buckets update gs://b --flags-file coldflags.yaml",
    "gcloud storage buckets describe gs://b",
    "az storage account management-policy create --account-name a -g rg --policy mpcool.json",
    "aws s3api put-bucket-policy --bucket b --policy file://deny.json",
    "aws s3api get-bucket-policy --bucket b",
    "aws s3api put-bucket-versioning --bucket b --versioning-configuration file://enable.json",
    "aws rds modify-db-instance --cli-input-json file://rds7.json",
    "gcloud deployment-manager deployments update prod --config expire.yaml --preview",
    "kubectl replace --force -f job.yaml",
    "kubectl replace -f ns.yaml",
    "helm upgrade web ./chart -f web.yaml",
    "gcloud storage buckets update gs://b --flags-file versions.yaml",
])
def test_the_everyday_twin_runs(agentsh_bin: str, rig, command: str) -> None:
    work, env, log = rig
    done = run_as_agent(agentsh_bin, command, work, env)
    assert done.returncode == 0, done.stderr
    assert log.exists()
