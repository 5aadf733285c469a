#!/bin/sh
# Developer helper: after editing prisma/schema.prisma, make the migration for both databases.
#   sh scripts/dev/migrate.sh <name>
# Holds a lock so two people (or agents) changing the schema at once do not interleave.
set -e
name="$1"; [ -n "$name" ] || { echo "usage: sh scripts/dev/migrate.sh <name>"; exit 2; }
exec 9>/tmp/hookline-schema.lock
flock 9
node scripts/sync-pg-schema.mjs
node scripts/prisma.mjs generate
node scripts/db.mjs dev --name "$name"
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='hookline_dev'" | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE hookline_dev" >/dev/null
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hookline_dev node scripts/db.mjs dev --name "$name"
