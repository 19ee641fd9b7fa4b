#!/usr/bin/env bash
# Runs every test on a fresh machine: installs, generates, migrates its own databases, lints, type-checks, runs unit
# and integration tests against the real Postgres and Redis, then browser tests against the whole stack.
source "$(dirname "$0")/lib.sh"
ensure_services
ensure_deps
ensure_chromium

step "lint and typecheck"
npx nx run-many -t lint typecheck --outputStyle=stream
npx tsc -p tsconfig.json  # bench/ and root configs

step "unit and integration tests"
bash scripts/supervise.test.sh
export TEST_DATABASE_URL="$PG_URL_BASE/foretell_test"
npx nx run-many -t test --parallel=1 --outputStyle=stream

step "bench smoke runs"
# Every bench script at tiny sizes, so a bench that breaks breaks the build (the full runs stay manual: docs/BENCHMARKS.md).
DATABASE_URL="$PG_URL_BASE/postgres" node -r @swc-node/register bench/smoke.ts

bash scripts/e2e.sh
