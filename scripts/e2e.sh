#!/usr/bin/env bash
# Browser tests against a whole stack of their own (database, queue prefix, ports, build folder), so they can run
# beside a live instance or another checkout's tests. E2E_NAME (default foretell_e2e) names the database and the
# queue prefix; PORT and WEB_PORT (default 3101, 3100) the API's and the dashboard's ports.
source "$(dirname "$0")/lib.sh"
step "browser tests"
name="${E2E_NAME:-foretell_e2e}"
export PORT="${PORT:-3101}" WEB_PORT="${WEB_PORT:-3100}"
export DATABASE_URL="$PG_URL_BASE/$name" QUEUE_PREFIX="$name-$$"
export API_URL="http://127.0.0.1:$PORT" WEB_URL="http://127.0.0.1:$WEB_PORT" NEXT_DIST_DIR=".next-$name"
psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"
migrate "$DATABASE_URL"
build_web
trap stop_stack EXIT
start_stack
(cd apps/web && npm run --silent e2e)
