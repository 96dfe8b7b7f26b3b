"""Typed confirmation names the resource a command destroys (the id, volume, database, branch,
path), and falls back to the mutation or verb only when no resource can be found."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify

CASES = [
    # GraphQL: the id argument, at any depth, variables resolved
    ("graphql-literal", "curl https://backboard.railway.app/graphql/v2 -d "
     "'{\"query\":\"mutation { volumeDelete(volumeId: \\\"vol_1\\\") }\"}'", "HTTP002", "vol_1"),
    ("graphql-variable", "curl https://x/graphql --json '{\"query\": \"mutation($v: ID!) "
     "{ volumeDelete(volumeId: $v) }\", \"variables\": {\"v\": \"vol_7\"}}'", "HTTP002", "vol_7"),
    ("graphql-input-object", "gh api graphql -f query='mutation { deleteRepository(input: "
     "{repositoryId: \"R_1\"}) { clientMutationId } }'", "HTTP002", "R_1"),
    ("graphql-input-variable", "curl https://x/graphql -d '{\"query\": \"mutation($in: In!) "
     "{ projectDelete(input: $in) }\", \"variables\": {\"in\": {\"projectId\": \"p9\"}}}'",
     "HTTP002", "p9"),
    ("graphql-number", "curl -d 'mutation { removeMember(id: 3) }' https://x/graphql",
     "HTTP002", "3"),
    ("graphql-no-argument", "http POST api.example.com/graphql "
     "query='mutation { purgeCache { ok } }'", "HTTP002", "purgeCache"),
    # filesystem and devices
    ("rm-path", "rm -rf ~/projects", "FS002", "~/projects"),
    ("dd-device", "dd if=image.iso of=/dev/sdb bs=4M", "FS010", "/dev/sdb"),
    ("mkfs-type-option", "mkfs -t xfs /dev/vdb", "FS011", "/dev/vdb"),
    # git
    ("git-branch", "git push --force origin main", "GIT003", "main"),
    # databases
    ("sql-database", "psql -c 'DROP DATABASE prod'", "SQL002", "prod"),
    ("dropdb-host-option", "dropdb -h db.example.com app", "SQL010", "app"),
    ("mongo-collection", "mongo --eval 'db.users.drop()'", "SQL020", "users"),
    ("mongo-use", "mongosh <<'EOF'\nuse app\ndb.dropDatabase()\nEOF", "SQL020", "app"),
    ("redis-host", "redis-cli -h cache -n 2 flushdb", "SQL022", "cache"),
    ("redis-verb", "echo FLUSHALL | redis-cli", "SQL022", "FLUSHALL"),
    ("migration-verb", "npx prisma migrate reset --force", "SQL014", "migrate reset"),
    ("django-verb", "django-admin flush", "SQL013", "flush"),
    # cloud
    ("kubectl-kind-name", "kubectl delete namespace prod", "CLOUD005", "prod"),
    ("kubectl-pv", "kubectl delete pv data-1", "CLOUD005", "data-1"),
    ("aws-identifier-option", "aws rds delete-db-instance --db-instance-identifier db-7 "
     "--skip-final-snapshot", "CLOUD008", "db-7"),
    ("aws-ids-option", "AWS_PROFILE=prod aws ec2 terminate-instances --instance-ids i-1",
     "CLOUD002", "i-1"),
    ("cloud-verb-when-no-name", "railway volume delete --environment production", "CLOUD002",
     "railway volume delete"),
    ("terraform-verb", "terraform apply -destroy", "CLOUD003", "apply"),
]


@pytest.mark.parametrize("command, rule, target", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_target_is_the_resource(builtin_policy, ctx, command, rule, target) -> None:
    verdict = classify(command, builtin_policy, ctx)
    found = {f.rule: f.target for f in verdict.findings}
    assert rule in found, found
    assert found[rule] == target
