source "$(dirname "$0")/lib.sh"
name="e2e_live"
export PORT=3241 WEB_PORT=3240
export DATABASE_URL="$PG_URL_BASE/$name" QUEUE_PREFIX="$name-$$"
export API_URL="http://127.0.0.1:$PORT" WEB_URL="http://127.0.0.1:$WEB_PORT" NEXT_DIST_DIR=".next-$name"
psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"
migrate "$DATABASE_URL"
[ -n "${BUILD:-}" ] && build_web
trap stop_stack EXIT
start_stack
node --test-name-pattern="sign up|live accuracy" -r @swc-node/register apps/web/e2e/run.ts
