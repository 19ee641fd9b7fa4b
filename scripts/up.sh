#!/usr/bin/env bash
# Brings the platform up on this machine: install, generate, migrate, build, then run API + worker + dashboard.
source "$(dirname "$0")/lib.sh"
export DATABASE_URL="${DATABASE_URL:-$PG_URL_BASE/foretell}"
# The dashboard's server proxies /api to API_URL (read when it starts).
export API_URL="${API_URL:-http://127.0.0.1:${PORT:-3001}}"
ensure_services
ensure_deps
migrate "$DATABASE_URL"
build_web
trap stop_stack EXIT INT TERM
start_stack
step "Foretell is up: dashboard http://127.0.0.1:${WEB_PORT:-3000}  API http://127.0.0.1:${PORT:-3001}/api  (Ctrl-C stops; logs in .foretell/logs)"
# Each service is supervised (a crashed one is started again, see `supervise`): this waits until Ctrl-C or TERM.
wait "${PIDS[@]}"
