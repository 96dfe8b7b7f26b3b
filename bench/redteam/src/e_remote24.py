"""Everyday: session 24's remote-destruction neighbours that must run (reads, listings, targeted
deletes, package binaries that change nothing)."""

from common import many

many("remote-read", "reads, listings and targeted writes next to the session 24 attack rows", [
    "curl -s 'https://api.example.com/search?q=delete'",
    "curl -s -d 'name=x&_method=PATCH' https://api.example.com/users/1",
    "curl -s https://api.example.com/graphql -d '{\"query\":\"mutation { volumeCreate(name: \\\"x\\\") { volume { id name } } }\"}'",
    "fly volumes snapshots list vol_1",
    "heroku pg:backups capture -a app",
    "vercel project ls",
    "yarn prisma generate",
    "pnpm exec prisma migrate dev",
    "pnpm --filter web build",
    "sqlite3 app.db 'DELETE FROM sessions WHERE id = 42'",
    "psql -c \"DELETE FROM sessions WHERE expires_at < now() - interval '30 days'\"",
    "mongosh app --eval 'db.sessions.deleteMany({expiresAt: {$lt: new Date()}})'",
    "turso db shell app 'SELECT count(*) FROM users'",
    "./gradlew clean build",
    "conda env remove -n old-env -y",
    "civo volume list",
])
