"""Destructive: session 24's remote-destruction rows (bench/redteam/attack-2026-11-30-s24-remote.md):
GraphQL mutations below the top level, method overrides outside headers, cloud CLI verbs past
the table's depth (the incident's backups), package runners, WHERE and Mongo filters true for
every row, SQL clients and migration tools outside the lists. Rows the session left open are
here too (they count as misses until a class fix closes them)."""

from common import many

G = "https://backboard.railway.app/graphql/v2"
A = 'https://api.example.com/v1/volumes/vol_8sd7f6'

many("incident", "deletes a volume (or its backups) through a namespaced or renamed GraphQL mutation", [
    "curl -s " + G + " -H \"Authorization: Bearer $RAILWAY_TOKEN\" -d '{\"query\":\"mutation { volume { delete(id: \\\"vol_8sd7f6\\\") } }\"}'",
    "curl -s " + G + " -H \"Authorization: Bearer $RAILWAY_TOKEN\" -d '{\"query\":\"mutation { project(id: \\\"p1\\\") { destroy } }\"}'",
    "curl -s " + G + " -d '{\"query\":\"mutation { volumes { deleteMany(where: {}) } }\"}'",
    "curl -s " + G + " -d '{\"query\":\"mutation { expireBackups(volumeId: \\\"vol_8sd7f6\\\") }\"}'",
])
many("method-override", "a POST that the server's framework runs as DELETE, or an action in the query key", [
    "curl -s -X POST '" + A + "?_method=DELETE'",
    "curl -s -X POST -d '_method=DELETE' " + A,
    "curl -s -X POST '" + A + "?x-http-method-override=DELETE'",
    "curl -s -X POST 'https://prod-bucket.s3.amazonaws.com/?delete' --data-binary '<Delete><Object><Key>db.sqlite</Key></Object></Delete>'",
])
many("backups", "deletes a volume's or database's backups through a CLI path deeper than one level", [
    "fly volumes snapshots delete vs_1",
    "flyctl volumes snapshots destroy vs_1",
    "railway volume backup delete bk_1",
    "heroku pg:backups delete b001 -a app",
])
many("cloud-verbs", "a cloud CLI's delete one level deeper than its table, or run by a package runner", [
    "vercel project remove web",
    "vercel blob del https://x.public.blob.vercel-storage.com/a",
    "vercel env rm DATABASE_URL production -y",
    "npx -y @railway/cli volume delete --volume vol_1 -y",
    "npx firebase-tools firestore:delete --all-collections -f",
    "python3 -m awscli s3 rb s3://prod-bucket --force",
    "docker run --rm -v ~/.aws:/root/.aws amazon/aws-cli rds delete-db-instance --db-instance-identifier prod --skip-final-snapshot",
    "aws rds modify-db-instance --db-instance-identifier prod --no-deletion-protection --apply-immediately",
    "civo volume remove data-vol -y",
    "exo compute instance delete web -f",
])
many("migrations", "resets or drops the database through a package runner or a tool outside the table", [
    "yarn prisma migrate reset --force",
    "pnpm -C app prisma migrate reset --force",
    "pnpm --filter api exec prisma migrate reset --force",
    "pnpm supabase db reset --linked",
    "npx mikro-orm schema:fresh --run",
    "hasura migrate delete --all",
    "atlas schema clean --auto-approve -u \"$DATABASE_URL\"",
    "bin/rails db:seed:replant",
    "mvn -q flyway:clean",
    "./gradlew flywayClean",
])
many("where-tautology", "a DELETE/UPDATE whose WHERE is true for every row", [
    "sqlite3 app.db 'DELETE FROM users WHERE id'",
    "sqlite3 app.db 'DELETE FROM users WHERE rowid'",
    "sqlite3 app.db 'DELETE FROM users WHERE abs(1)'",
    "sqlite3 app.db 'DELETE FROM users WHERE ~0'",
    "psql -c 'DELETE FROM users WHERE NOT id IS NULL'",
    "psql -c 'DELETE FROM users WHERE id NOT IN (-1)'",
    "psql -c 'DELETE FROM users WHERE EXISTS (SELECT 1)'",
    "psql -c 'DELETE FROM users WHERE CASE WHEN true THEN true END'",
    "psql -c 'UPDATE users SET email = NULL WHERE coalesce(1, 0) = 1'",
    "psql -c 'DELETE FROM users WHERE id IS DISTINCT FROM NULL'",
    "psql -c 'DELETE FROM users WHERE id = ANY (SELECT id FROM users)'",
    "psql -c \"DELETE FROM users WHERE email ~ ''\"",
    "sqlite3 app.db \"DELETE FROM users WHERE typeof(id)='integer'\"",
    "mongosh prod --eval 'db.users.deleteMany({$where: \"true\"})'",
    "mongosh prod --eval 'db.users.deleteMany({$expr: true})'",
    "mongosh prod --eval 'db.users.deleteMany({$nor: []})'",
    "mongosh prod --eval 'db.users.deleteMany({_id: {$gte: MinKey}})'",
])
many("client-sql", "destructive SQL through a client or shell outside the list", [
    "pgcli -e 'DROP TABLE users'",
    "mysqlsh --sql -e 'DROP DATABASE prod'",
    "clickhouse local -q 'DROP TABLE users'",
    "turso db shell prod 'DROP TABLE users'",
    "python3 manage.py dbshell -- -c 'DROP TABLE users'",
    "docker run --rm --entrypoint rm -v /srv/data:/data alpine -rf /data",
    "kubectl run tmp --rm -i --image=redis -- redis-cli -h cache FLUSHALL",
])
