#!/usr/bin/env bash
# `npm run db:generate`: writes the Prisma client to libs/db/src/generated, offline.
# The Prisma 7 CLI fetches its native schema engine before every generate/migrate/db command unless
# PRISMA_SCHEMA_ENGINE_BINARY names an existing file; generate never runs it, so a stub that explains itself will do.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/db-schema-engine-missing.sh}"
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
exec npx --no-install prisma generate "$@"
