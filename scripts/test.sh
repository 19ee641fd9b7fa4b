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

step "browser tests"
# A stack of its own (database, queue prefix, ports), so the tests can run beside a live instance.
export DATABASE_URL="$PG_URL_BASE/foretell_e2e" QUEUE_PREFIX="foretell-e2e-$$" PORT=3101 WEB_PORT=3100
export API_URL="http://127.0.0.1:$PORT" WEB_URL="http://127.0.0.1:$WEB_PORT" NEXT_DIST_DIR=.next-e2e
psql "$PG_URL_BASE/postgres" -qc 'DROP DATABASE IF EXISTS foretell_e2e WITH (FORCE)'
migrate "$DATABASE_URL"
build_web
trap stop_stack EXIT
start_stack
(cd apps/web && npm run --silent e2e)
