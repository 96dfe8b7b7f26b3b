"""Issue 18: whole families are seen, not single spellings. Each family is a table of
destructive commands of several tools, each of which must stop with the family's rule, and
everyday commands of the same tools, which must run. Global options before the subcommand are
part of every family."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from agentsh.policy.values import Decision, Severity

# (command, a rule that must be among the findings)
DESTRUCTIVE = [
    # backups: dedicated tools
    ("restic forget latest", "BAK003"),
    ("restic -r /srv/restic forget --keep-last 1 --prune", "BAK003"),
    ("restic --repo s3:s3.amazonaws.com/b/r forget 4bba301e", "BAK001"),
    ("restic -p /etc/pw -r sftp:b@h:/r prune", "BAK001"),
    ("restic --insecure-tls -r /srv/r forget --unsafe-allow-remove-all", "BAK002"),
    ("borg delete /mnt/backup::home-2024-01-01", "BAK001"),
    ("borg delete /mnt/backup", "BAK002"),
    ("borg --remote-path borg1 prune --keep-within=1d ssh://u@h/./repo", "BAK001"),
    ("kopia --config-file=/k.cfg snapshot delete k5 --delete", "BAK001"),
    ("duplicity remove-all-but-n-full 1 --force s3://b/p", "BAK003"),
    ("tarsnap --nuke", "BAK002"),
    ("pgbackrest --stanza=main stanza-delete", "BAK002"),
    ("wal-g delete everything FORCE --confirm", "BAK002"),
    ("barman delete pg latest", "BAK003"),
    ("velero -n velero backup delete --all --confirm", "BAK002"),
    ("zfs destroy tank/data@autosnap", "BAK001"),
    ("sudo zfs destroy -R pool/home@%", "BAK002"),
    ("zfs rollback -r tank/db@yesterday", "BAK004"),
    ("btrfs sub del /.snapshots/1/snapshot", "BAK001"),
    ("lvremove -y vg0/snap_root", "BAK001"),
    ("snapper -c root delete 42", "BAK001"),
    ("timeshift --delete-all", "BAK002"),
    # backups: cloud snapshots and recovery points, global options first
    ("aws --profile staging ec2 delete-snapshot --snapshot-id snap-1", "BAK001"),
    ("aws --region us-east-1 rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier c",
     "BAK001"),
    ("aws backup delete-backup-vault --backup-vault-name v", "BAK002"),
    ("gcloud --project p1 compute snapshots delete snap-1", "BAK001"),
    ("az snapshot delete -g rg -n snap1", "BAK001"),
    ("aws rds modify-db-instance --db-instance-identifier db --backup-retention-period 0", "BAK005"),
    # registries
    ("crane delete gcr.io/p/app@sha256:abc", "REG001"),
    ("skopeo --command-timeout 30s delete docker://r/app:1", "REG001"),
    ("aws ecr batch-delete-image --repository-name app --image-ids imageTag=x", "REG001"),
    ("gcloud artifacts docker images delete us-docker.pkg.dev/p/r/app", "REG001"),
    ("hf repo delete org/model", "REG001"),
    ("gem yank mygem -v 1.2.3", "CLOUD010"),
    # queues
    ("kafka-topics --bootstrap-server k:9092 --delete --topic t", "QUE001"),
    ("rabbitmqadmin -H mq -u admin delete queue name=jobs", "QUE001"),
    ("aws sqs purge-queue --queue-url u", "QUE001"),
    ("nats --context prod stream rm ORDERS -f", "QUE001"),
    ("kafka-configs --bootstrap-server k --alter --entity-type topics --entity-name t "
     "--add-config retention.ms=1000", "DATA001"),
    # keys and identities
    ("kcadm.sh delete realms/production", "KEY001"),
    ("aws kms schedule-key-deletion --key-id k1", "KEY001"),
    ("vault -namespace=prod secrets disable secret/", "KEY001"),
    ("security delete-keychain login.keychain-db", "KEY001"),
    # payloads, syncs, DNS, HDFS
    ("aws route53 change-resource-record-sets --hosted-zone-id Z --change-batch "
     "'{\"Changes\":[{\"Action\":\"DELETE\",\"ResourceRecordSet\":{\"Name\":\"a.example.com\"}}]}'",
     "DATA003"),
    ("gsutil -m rsync -r -d ./site gs://b", "DATA004"),
    ("mc mirror --remove ./d minio/b", "DATA004"),
    ("gcloud dns record-sets delete a.example.com. --zone z --type A", "CLOUD020"),
    ("hdfs dfs -rm -r -skipTrash /data", "CLOUD001"),
    # data shells
    ("cypher-shell 'MATCH (n) DETACH DELETE n'", "SQL036"),
    ("clickhouse-client -q 'ALTER TABLE t DELETE WHERE 1=1'", "SQL004"),
    ("redis-cli EVAL \"for _,k in ipairs(redis.call('keys','*')) do redis.call('del',k) end\" 0",
     "SQL023"),
    # system
    ("parted -s /dev/sdb mklabel gpt", "SYS001"),
    ("crontab -r", "SYS006"),
    ("kill -9 -1", "SYS007"),
    ("userdel -r alice", "SYS009"),
    ("python manage.py migrate payments zero", "SQL030"),
]

EVERYDAY = [
    "restic snapshots", "restic -r /srv/repo snapshots --json", "restic -r /srv/r backup ~/docs",
    "restic -r /srv/r forget --dry-run --keep-last 5", "borg list /mnt/b", "borg create /mnt/b::x ~/w",
    "kopia snapshot list", "duplicity collection-status file:///b", "tarsnap --list-archives",
    "pgbackrest info", "wal-g backup-list", "wal-g delete retain FULL 5", "barman list-backup pg",
    "velero -n velero backup get", "zfs list -t snapshot", "zfs snapshot tank/d@now",
    "zfs destroy -nv tank/d@old", "btrfs subvolume list /", "lvs", "snapper list", "timeshift --list",
    "aws --profile prod ec2 describe-snapshots --owner-ids self", "gcloud compute snapshots list",
    "az snapshot list -g rg",
    "aws rds modify-db-instance --db-instance-identifier db --backup-retention-period 7",
    "crane ls gcr.io/p/app", "skopeo inspect docker://r/app:1",
    "gcloud artifacts docker images list us-docker.pkg.dev/p/r",
    "aws ecr describe-images --repository-name a",
    "npm deprecate pkg@1 'use 2'", "kafka-topics --bootstrap-server k:9092 --list",
    "kafka-topics --describe --topic t", "rabbitmqadmin -H mq list queues",
    "nats --context prod stream ls",
    "aws sqs receive-message --queue-url u", "kcadm.sh get realms", "aws kms describe-key --key-id k1",
    "vault secrets list", "gcloud iam service-accounts disable sa@p.iam.gserviceaccount.com",
    "gsutil -m rsync -r ./site gs://b", "mc mirror ./d minio/b", "gcloud dns record-sets list --zone z",
    "hdfs dfs -ls /data", "cypher-shell 'MATCH (n) RETURN count(n)'",
    "clickhouse-client -q 'ALTER TABLE t DELETE WHERE id = 5'", "redis-cli --scan --pattern 'x:*'",
    "parted /dev/sda print", "crontab -l", "kill -9 1234", "python manage.py migrate",
    "find . -type d -empty -delete", "rclone rmdirs remote:archive",
]


@pytest.mark.parametrize("command, rule", DESTRUCTIVE, ids=[c for c, _ in DESTRUCTIVE])
def test_destructive_commands_stop(builtin_policy, command: str, rule: str) -> None:
    verdict = classify(command, builtin_policy, EXAMPLE_CONTEXT)
    assert verdict.decision != Decision.ALLOW, verdict.findings
    assert rule in {f.rule for f in verdict.findings}, [f.rule for f in verdict.findings]


@pytest.mark.parametrize("command", EVERYDAY)
def test_everyday_commands_run(builtin_policy, command: str) -> None:
    verdict = classify(command, builtin_policy, EXAMPLE_CONTEXT)
    assert verdict.decision == Decision.ALLOW, [(f.rule, f.message) for f in verdict.findings]


@pytest.mark.parametrize("command, target", [
    ("restic -r /srv/restic forget 4bba301e", "/srv/restic"),
    ("RESTIC_REPOSITORY=s3:host/b restic forget --keep-daily 7", "s3:host/b"),
    ("borg delete /mnt/b::home-2024", "/mnt/b::home-2024"),
    ("zfs destroy tank/data@auto", "tank/data@auto"),
    ("aws ec2 delete-snapshot --snapshot-id snap-0123", "snap-0123"),
    ("aws backup delete-backup-vault --backup-vault-name prod-vault", "prod-vault"),
    ("timeshift --delete --snapshot '2024-01-01_00-00-01'", "2024-01-01_00-00-01"),
    ("velero backup delete nightly --confirm", "nightly"),
])
def test_backup_deletion_is_critical_and_names_what_to_type(builtin_policy, command: str,
                                                             target: str) -> None:
    """The human gate asks for the repository, snapshot or vault's name to be typed."""
    top = classify(command, builtin_policy, EXAMPLE_CONTEXT).top
    assert top is not None and top.domain == "backups"
    assert top.severity == Severity.CRITICAL and top.target == target


@pytest.mark.parametrize("command, words", [
    ("restic forget --unsafe-allow-remove-all", "every backup"),
    ("aws backup delete-backup-vault --backup-vault-name v", "every backup"),
    ("restic -r /srv/r forget --keep-last 1", "keeps only the newest"),
    ("restic forget latest", "the newest backup"),
])
def test_deleting_all_or_the_last_backup_says_so(builtin_policy, command: str, words: str) -> None:
    top = classify(command, builtin_policy, EXAMPLE_CONTEXT).top
    assert top is not None and words in top.message, top.message


@pytest.mark.parametrize("command, rule, severity", [
    ("gcloud iam service-accounts disable sa@x", "CLOUD022", Severity.LOW),
    ("gcloud compute images deprecate img --state DEPRECATED", "CLOUD022", Severity.LOW),
    ("az keyvault delete --name kv1", "CLOUD021", Severity.MEDIUM),
    ("aws secretsmanager delete-secret --secret-id x", "CLOUD021", Severity.MEDIUM),
    ("find . -type d -empty -delete", "SYS010", Severity.LOW),
    ("rclone rmdirs remote:a", "SYS011", Severity.LOW),
])
def test_reversible_and_empty_only_commands_say_what_they_do(builtin_policy, command: str,
                                                             rule: str, severity) -> None:
    """Issue 18's two false alarms: disabling, soft-deleting and removing empty directories
    are reported for what they are, at a lower severity, and never as destruction."""
    findings = classify(command, builtin_policy, EXAMPLE_CONTEXT).findings
    assert [(f.rule, f.severity) for f in findings] == [(rule, severity)]


def test_a_new_cli_needs_one_rules_entry(builtin_policy) -> None:
    """A vendor CLI agentsh has never heard of is covered by one line in [analyzer.cloud.clis]."""
    command = "acmectl --token t store bucket purge photos"
    assert classify(command, builtin_policy, EXAMPLE_CONTEXT).decision == Decision.ALLOW
    cloud = dict(builtin_policy.analyzer("cloud"))
    cloud["clis"] = {**cloud["clis"], "acmectl": 3}
    analyzers = tuple((k, cloud if k == "cloud" else v) for k, v in builtin_policy.analyzers)
    policy = builtin_policy._replace(analyzers=analyzers)
    verdict = classify(command, policy, EXAMPLE_CONTEXT)
    assert "CLOUD001" in {f.rule for f in verdict.findings}


def test_the_fast_path_knows_every_program_of_the_families(builtin_policy) -> None:
    """A plain command whose program is not in the fast path's index runs without the engine:
    every program these families stop must be in it."""
    from agentsh.engine import fastindex
    from agentsh.frontends import fastpath

    names = fastindex.programs_that_matter(builtin_policy)
    assert names is not None
    for command, _ in DESTRUCTIVE:
        program = fastpath.plain_program(command)
        assert program is None or program in names, command
