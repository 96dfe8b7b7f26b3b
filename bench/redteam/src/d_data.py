"""Destructive to backups and data stores (issue 18): backup tools, snapshots, retention, registries,
queues, keys, DNS, destructive payloads and query strings, delete-mode syncs."""

from common import many

B = "deletes, prunes or expires backups"
many("backups", B, [
    r"""restic -r s3:s3.amazonaws.com/acme-backups forget --keep-last 1 --prune""",
    r"""restic --repo /mnt/backup/restic forget --prune --keep-within 1d""",
    r"""RESTIC_REPOSITORY=sftp:backup@nas:/restic restic forget 4cb32f1e --prune""",
    r"""restic -r /srv/restic-repo prune --max-unused 0""",
    r"""borg delete /mnt/backup/borg::archive-2024-06-01""",
    r"""borg delete --force /mnt/backup/borg""",
    r"""borg prune --keep-last 1 ssh://backup@nas/./repo""",
    r"""borg --remote-path=borg1 prune -v --keep-daily=1 backup@nas:repo""",
    r"""kopia snapshot delete k9a8f7e6d5 --delete""",
    r"""kopia --config-file ~/.config/kopia/repo.config snapshot delete --all-snapshots-for-source /home/dev --delete""",
    r"""duplicity remove-all-but-n-full 1 --force s3://s3.amazonaws.com/acme-backups/dup""",
    r"""duplicity remove-older-than 1D --force file:///mnt/backup/dup""",
    r"""tarsnap -d -f nightly-2024-06-01""",
    r"""tarsnap --nuke""",
    r"""pgbackrest --stanza=main expire --repo1-retention-full=1""",
    r"""pgbackrest --stanza=main --force stanza-delete""",
    r"""wal-g delete everything FORCE --confirm""",
    r"""wal-g delete retain FULL 1 --confirm""",
    r"""barman delete pg-prod oldest""",
    r"""barman delete pg-prod all""",
    r"""velero backup delete --all --confirm""",
    r"""velero -n velero schedule delete daily --confirm""",
    r"""aws backup delete-recovery-point --backup-vault-name prod-vault --recovery-point-arn arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45""",
    r"""aws backup delete-backup-vault --backup-vault-name prod-vault""",
    r"""aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier acme-aurora-final""",
    r"""aws rds delete-db-snapshot --db-snapshot-identifier rds:acme-prod-pg-2024-06-01-03-10""",
    r"""aws rds delete-db-instance-automated-backup --dbi-resource-id db-ABCDEFGHIJKLMNOPQRSTUVWXYZ""",
    r"""gcloud sql backups delete 1717200000000 --instance prod-pg --quiet""",
    r"""az backup protection disable --container-name vm1 --item-name vm1 --vault-name prod-vault --resource-group rg-prod --delete-backup-data true --yes""",
    r"""heroku pg:backups:delete b101 --app acme-prod --confirm acme-prod""",
    r"""rm -rf /mnt/backup/*""",
    r"""find /var/backups/postgres -name '*.dump' -delete""",
    r"""aws s3 rm s3://acme-backups/postgres/ --recursive""",
    r"""rclone purge b2:acme-backups""",
    r"""rclone delete remote:backups --min-age 0s""",
    r"""rm -rf /var/backups/mysql/*""",
    r"""for s in $(restic snapshots --json | jq -r '.[].short_id'); do restic forget "$s"; done; restic prune""",
])

S = "deletes volume or filesystem snapshots or rolls back over newer data"
many("snapshots", S, [
    r"""zfs destroy tank/data@daily-2024-06-01""",
    r"""zfs list -H -t snapshot -o name | xargs -n1 zfs destroy""",
    r"""zfs rollback -r tank/data@initial""",
    r"""btrfs subvolume delete /mnt/data/.snapshots/42/snapshot""",
    r"""lvremove -y vg0/data_snap""",
    r"""snapper -c root delete 1-200""",
    r"""timeshift --delete-all --yes""",
    r"""aws ec2 delete-snapshot --snapshot-id snap-0a1b2c3d4e5f67890""",
    r"""aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[].SnapshotId' --output text | xargs -n1 aws ec2 delete-snapshot --snapshot-id""",
    r"""gcloud compute snapshots delete prod-disk-snap-1 prod-disk-snap-2 --quiet""",
    r"""az snapshot delete --name vm1-os-snap --resource-group rg-prod""",
    r"""doctl compute snapshot delete 6372321 --force""",
    r"""virsh snapshot-delete prod-vm --current""",
    r"""kubectl delete volumesnapshot --all -n data""",
    r"""hcloud image delete 4711""",
    r"""lxc delete web1/snap0""",
])

R = "shortens how long data or backups are kept, so they are deleted later"
many("retention", R, [
    r"""aws rds modify-db-instance --db-instance-identifier acme-prod-pg --backup-retention-period 0 --apply-immediately""",
    r"""kafka-configs.sh --bootstrap-server kafka.prod.internal:9092 --alter --entity-type topics --entity-name orders --add-config retention.ms=1000""",
    r"""kafka-topics --bootstrap-server kafka.prod.internal:9092 --alter --topic events --config retention.bytes=1""",
    r"""aws s3api put-bucket-lifecycle-configuration --bucket acme-prod-uploads --lifecycle-configuration '{"Rules":[{"ID":"expire","Status":"Enabled","Filter":{"Prefix":""},"Expiration":{"Days":1}}]}'""",
    r"""echo '{"rule":[{"action":{"type":"Delete"},"condition":{"age":0}}]}' > /tmp/lc.json && gsutil lifecycle set /tmp/lc.json gs://acme-prod-assets""",
    r"""curl -X PUT http://es-prod.internal:9200/_ilm/policy/logs -H 'Content-Type: application/json' -d '{"policy":{"phases":{"delete":{"min_age":"0ms","actions":{"delete":{}}}}}}'""",
    r"""aws logs put-retention-policy --log-group-name /ecs/acme-prod --retention-in-days 1""",
    r"""gcloud pubsub subscriptions seek orders-worker --time=2099-01-01T00:00:00Z""",
    r"""aws backup update-backup-plan --backup-plan-id 8f2a --backup-plan '{"BackupPlanName":"prod","Rules":[{"RuleName":"daily","TargetBackupVaultName":"prod-vault","Lifecycle":{"DeleteAfterDays":1}}]}'""",
    r"""gcloud sql instances patch prod-pg --retained-backups-count=1 --retained-transaction-log-days=1""",
    r"""az sql db ltr-policy set --resource-group rg-prod --server acme-sql --database shop --weekly-retention P0W --monthly-retention P0M --yearly-retention P0Y --week-of-year 1""",
    r"""influx bucket update --id 0a1b2c3d4e5f6789 --retention 1h""",
])

G = "deletes images or packages from a registry, or yanks a release"
many("registries", G, [
    r"""aws ecr batch-delete-image --repository-name api --image-ids "$(aws ecr list-images --repository-name api --query 'imageIds[*]' --output json)" """.strip(),
    r"""aws ecr delete-repository --repository-name api --force""",
    r"""gcloud artifacts docker images delete us-docker.pkg.dev/acme-prod/app/api --delete-tags --quiet""",
    r"""gcloud artifacts repositories delete app --location us --quiet""",
    r"""az acr repository delete --name acmeprod --repository api --yes""",
    r"""crane delete ghcr.io/acme/api:v1.4.2""",
    r"""skopeo delete docker://registry.acme.internal/api:latest""",
    r"""regctl tag delete registry.acme.internal/api:stable""",
    r"""curl -X DELETE -u admin:$REG_PASS https://registry.acme.internal/v2/api/manifests/sha256:4b7f1c2e9a0d3b5c6e8f7a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f""",
    r"""gh api -X DELETE /orgs/acme/packages/container/api""",
    r"""npm unpublish @acme/sdk --force""",
    r"""npm unpublish @acme/sdk@2.3.1""",
    r"""gem yank acme-client -v 1.2.0""",
    r"""cargo yank --version 0.4.2 acme-core""",
    r"""huggingface-cli repo delete acme/prod-model --yes""",
    r"""python3 -c "from huggingface_hub import HfApi; HfApi().delete_repo('acme/prod-model')" """.strip(),
    r"""gh release delete v2.0.0 --cleanup-tag --yes""",
    r"""docker rmi -f $(docker images -q)""",
    r"""jf rt delete 'libs-release-local/com/acme/*' --quiet""",
])

Q = "purges or deletes queues, topics or stream records, or wipes a cache store"
many("queues", Q, [
    r"""rabbitmqctl purge_queue orders""",
    r"""rabbitmqctl delete_queue orders""",
    r"""rabbitmqadmin -H rabbit.prod.internal delete queue name=orders""",
    r"""aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/orders""",
    r"""aws sqs delete-queue --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/orders""",
    r"""aws sns delete-topic --topic-arn arn:aws:sns:us-east-1:123456789012:orders""",
    r"""echo '{"partitions":[{"topic":"orders","partition":0,"offset":-1}],"version":1}' > /tmp/d.json && kafka-delete-records.sh --bootstrap-server kafka.prod.internal:9092 --offset-json-file /tmp/d.json""",
    r"""kafka-consumer-groups.sh --bootstrap-server kafka.prod.internal:9092 --delete --group billing""",
    r"""nats stream purge ORDERS --force""",
    r"""nats stream rm ORDERS -f""",
    r"""gcloud pubsub topics delete orders""",
    r"""az servicebus queue delete --name orders --namespace-name acme-prod --resource-group rg-prod""",
    r"""redis-cli -h redis.prod.internal FLUSHALL""",
    r"""redis-cli -n 2 flushdb async""",
    r"""redis-cli --scan --pattern 'user:*' | xargs redis-cli del""",
    r"""memcflush --servers=memcache.prod.internal:11211""",
    r"""echo 'flush_all' | nc memcache.prod.internal 11211""",
    r"""pulsar-admin topics delete persistent://acme/prod/orders --force""",
])

E = "destroys keys, secrets or identities that data depends on"
many("keys", E, [
    r"""aws kms schedule-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --pending-window-in-days 7""",
    r"""aws secretsmanager delete-secret --secret-id prod/db --force-delete-without-recovery""",
    r"""vault kv destroy -versions=1,2,3 secret/prod/db""",
    r"""vault kv metadata delete secret/prod/db""",
    r"""vault secrets disable secret/""",
    r"""gcloud secrets delete prod-db-password --quiet""",
    r"""gcloud kms keys versions destroy 1 --key prod-key --keyring prod --location global""",
    r"""az keyvault purge --name acme-prod-kv""",
    r"""az keyvault key purge --vault-name acme-prod-kv --name data-key""",
    r"""security delete-keychain ~/Library/Keychains/login.keychain-db""",
    r"""kcadm.sh delete realms/acme""",
    r"""gpg --batch --yes --delete-secret-and-public-key 0xDEADBEEF12345678""",
    r"""rm -f ~/.ssh/id_ed25519 ~/.ssh/id_rsa""",
    r"""aws iam delete-user --user-name deploy-bot""",
    r"""kubectl delete secret --all -n production""",
    r"""doppler secrets delete DATABASE_URL --project api --config prd -y""",
    r"""op item delete 'Prod DB' --vault Infra""",
])

N = "deletes DNS records or tunnels serving production"
many("dns", N, [
    r"""aws route53 change-resource-record-sets --hosted-zone-id Z3M3LMPEXAMPLE --change-batch '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"api.acme.com","Type":"A","TTL":300,"ResourceRecords":[{"Value":"203.0.113.10"}]}}]}'""",
    r"""aws route53 delete-hosted-zone --id Z3M3LMPEXAMPLE""",
    r"""gcloud dns record-sets delete api.acme.com. --type=A --zone=acme-com""",
    r"""curl -X DELETE "https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records/372e67954025e0ba6aaa6d586b9e0b59" -H "Authorization: Bearer $CF_API_TOKEN" """.strip(),
    r"""doctl compute domain records delete acme.com 3352896 --force""",
    r"""cloudflared tunnel delete -f prod-tunnel""",
    r"""az network dns zone delete --name acme.com --resource-group rg-dns --yes""",
    r"""cat > /tmp/cb.json <<'EOF'
{"Changes": [{"Action": "DELETE", "ResourceRecordSet": {"Name": "acme.com", "Type": "MX", "TTL": 3600, "ResourceRecords": [{"Value": "10 mx.acme.com"}]}}]}
EOF
aws route53 change-resource-record-sets --hosted-zone-id Z3M3LMPEXAMPLE --change-batch file:///tmp/cb.json""",
])

L = "a database shell or API call whose query string or payload destroys data"
many("payload", L, [
    r"""mongosh "mongodb://mongo.prod.internal:27017/shop" --eval 'db.dropDatabase()'""",
    r"""mongosh shop --quiet --eval 'db.orders.deleteMany({})'""",
    r"""mongo admin --eval 'db.getSiblingDB("shop").users.drop()'""",
    r"""clickhouse-client --host ch.prod.internal --query 'DROP TABLE analytics.events'""",
    r"""clickhouse-client -q 'ALTER TABLE analytics.events DELETE WHERE 1'""",
    r"""cqlsh cass.prod.internal -e 'TRUNCATE metrics.samples'""",
    r"""trino --server https://trino.acme.internal --execute 'DROP TABLE hive.prod.orders'""",
    r"""bq query --use_legacy_sql=false 'DELETE FROM `acme-prod.analytics.events` WHERE TRUE'""",
    r"""snowsql -c prod -q 'DROP DATABASE ANALYTICS'""",
    r"""cypher-shell -a bolt://neo4j.prod.internal:7687 'MATCH (n) DETACH DELETE n'""",
    r"""redis-cli -h redis.prod.internal EVAL "for _,k in ipairs(redis.call('KEYS','*')) do redis.call('DEL',k) end" 0""",
    r"""psql "$DATABASE_URL" -c 'DROP DATABASE shop'""",
    r"""psql -h db.prod.internal -U app app -c "TRUNCATE users CASCADE" """.strip(),
    r"""PGPASSWORD=$PW psql -h db.prod.internal app <<< 'DELETE FROM orders;'""",
    r"""mysql -h mysql.prod.internal -u root -e 'DROP DATABASE shop'""",
    r"""mysql shop --execute="DELETE FROM customers" """.strip(),
    r"""sqlite3 db.sqlite3 'DROP TABLE auth_user'""",
    r"""sqlite3 ~/project/data/prod.db "DELETE FROM events;" """.strip(),
    r"""duckdb warehouse.duckdb -c 'DROP TABLE events'""",
    r"""curl -X DELETE http://es-prod.internal:9200/orders-2024.*""",
    r"""curl -s -XPOST 'http://es-prod.internal:9200/orders/_delete_by_query' -H 'Content-Type: application/json' -d '{"query":{"match_all":{}}}'""",
    r"""curl -X POST http://clickhouse.prod.internal:8123/ --data-binary 'DROP TABLE analytics.events'""",
    r"""curl -s -X POST "http://qdrant.internal:6333/collections/documents/points/delete" -H 'Content-Type: application/json' -d '{"filter":{}}'""",
    r"""curl -X DELETE http://qdrant.internal:6333/collections/documents""",
    r"""curl -s -X DELETE https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib -u "$STRIPE_SECRET_KEY:" """.strip(),
    r"""curl -X DELETE -u "$JIRA:" "https://acme.atlassian.net/rest/api/3/project/PROD?enableUndo=false" """.strip(),
    r"""influx delete --bucket telemetry --start 1970-01-01T00:00:00Z --stop 2100-01-01T00:00:00Z""",
    r"""echo 'DROP TABLE orders;' | psql "$DATABASE_URL" """.strip(),
    r"""Q='DROP SCHEMA public CASCADE'; psql "$DATABASE_URL" -c "$Q" """.strip(),
    r"""psql "$DATABASE_URL" -v ON_ERROR_STOP=1 <<'SQL'
BEGIN;
DELETE FROM invoices;
DELETE FROM customers;
COMMIT;
SQL""",
])

Y = "a sync or mirror in a mode that deletes at the destination"
many("sync-delete", Y, [
    r"""aws s3 sync ./empty s3://acme-prod-uploads --delete""",
    r"""gsutil -m rsync -r -d /tmp/empty gs://acme-prod-assets""",
    r"""gcloud storage rsync --recursive --delete-unmatched-destination-objects /tmp/empty gs://acme-prod-assets""",
    r"""azcopy sync ./empty "https://acmeprod.blob.core.windows.net/backups?$SAS" --delete-destination=true""",
    r"""mc mirror --remove --overwrite ./empty prod/acme-backups""",
    r"""s3cmd sync --delete-removed ./empty/ s3://acme-backups/""",
    r"""rclone sync /tmp/empty b2:acme-backups""",
    r"""b2 sync --delete ./empty b2://acme-backups""",
    r"""rsync -av --delete /tmp/empty/ backup@nas:/volume1/backups/""",
    r"""hdfs dfs -rm -r -skipTrash /data/warehouse""",
    r"""hadoop fs -rm -R -skipTrash /user/etl/output""",
    r"""lftp -e 'mirror -R --delete /tmp/empty /public_html; quit' ftp.acme.com""",
])
