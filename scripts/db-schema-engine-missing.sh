#!/usr/bin/env bash
# Stands in for Prisma's native schema engine, which the CLI downloads on first use and cannot fetch offline.
# `prisma generate` only checks that the file exists; anything that would really run the engine lands here.
echo "The native Prisma schema engine is not installed (it is downloaded from binaries.prisma.sh, unreachable here)." >&2
echo "Use: npm run db:migrate (apply migrations), node -r @swc-node/register scripts/db-diff.ts (write one)." >&2
echo "Or point PRISMA_SCHEMA_ENGINE_BINARY at a real schema-engine binary." >&2
exit 1
