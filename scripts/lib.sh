# Shared steps of the README's commands (sourced by up.sh and test.sh). Each step is idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PG_URL_BASE="${PG_URL_BASE:-postgresql://postgres@127.0.0.1:5432}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE="${CI:+true}"
LOG_DIR="$ROOT/.foretell/logs"
mkdir -p "$LOG_DIR"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Start local Postgres and Redis when they are installed but stopped (the commands this machine kind documents).
ensure_services() {
  step "Postgres and Redis"
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "starting Postgres"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && { echo "up"; return 0; }
    sleep 1
  done
  echo "Postgres or Redis did not come up" >&2
  return 1
}

# Install exactly the locked packages (no install scripts run: the native TensorFlow.js packages stay optional).
ensure_deps() {
  step "npm packages"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    echo "up to date"
  fi
  step "Prisma client"
  npm run --silent db:generate
}

# Apply migrations to a database, creating it when missing.
migrate() {
  step "migrate $1"
  DATABASE_URL="$1" npm run --silent db:migrate
}

# Debian's Chromium for the browser tests (playwright-core drives it; no browser download).
ensure_chromium() {
  step "Chromium"
  if [ ! -x /usr/bin/chromium ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  /usr/bin/chromium --version
}

build_web() {
  step "build dashboard"
  (cd apps/web && npx next build)
}

# Start API, worker and dashboard in the background against DATABASE_URL, each under `supervise`; wait until they answer.
PIDS=()
start_stack() {
  step "start API, worker and dashboard"
  local port
  for port in "${PORT:-3001}" "${WEB_PORT:-3000}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is already in use: stop what listens there, or set PORT / WEB_PORT." >&2
      return 1
    fi
  done
  : >"$LOG_DIR/supervisor.log"
  supervise api node -r @swc-node/register apps/api/src/main.ts & PIDS+=($!)
  supervise worker node -r @swc-node/register apps/worker/src/main.ts & PIDS+=($!)
  (cd apps/web && supervise web node -r @swc-node/register server.ts -p "${WEB_PORT:-3000}" -H 127.0.0.1) & PIDS+=($!)
  wait_for "http://127.0.0.1:${PORT:-3001}/api/health" api
  # Through the dashboard's /api proxy: up only when the dashboard reaches the API it was built for.
  wait_for "http://127.0.0.1:${WEB_PORT:-3000}/api/health" web
}

# supervise NAME COMMAND…: runs COMMAND (output to $LOG_DIR/NAME.log) and starts it again whenever it exits, after
# 1, 2, 4 … 30 s (back to 1 s once a run lasted a minute), so one crashed service neither stays down nor takes the
# others with it; each restart is logged here and in $LOG_DIR/supervisor.log. The command runs in a process group of
# its own (setsid), so stopping it also stops what it spawned (sandboxed children). TERM or INT
# stops the command and then the supervisor.
supervise() {
  local name=$1 delay=1 child='' pause='' started code
  shift
  : >"$LOG_DIR/$name.log"
  trap 'kill -TERM -- ${child:+"-$child"} $pause 2>/dev/null || true; wait; exit 0' TERM INT
  while :; do
    started=$SECONDS
    setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 &
    child=$!
    code=0
    wait "$child" || code=$?
    if [ $((SECONDS - started)) -ge 60 ]; then delay=1; fi
    printf '%s supervisor: %s exited (code %s) after %s s; restarting in %s s\n' "$(date -Is)" "$name" "$code" \
      $((SECONDS - started)) "$delay" | tee -a "$LOG_DIR/supervisor.log" >&2
    child=''
    sleep "$delay" & pause=$!
    wait "$pause" || true
    pause=''
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
}

stop_stack() {
  [ ${#PIDS[@]} -eq 0 ] && return 0
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${PIDS[@]}" 2>/dev/null || true
  PIDS=()
}

wait_for() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && { echo "$2 up at $1"; return 0; }
    sleep 1
  done
  echo "$2 did not come up at $1; its log:" >&2
  tail -n 50 "$LOG_DIR/$2.log" >&2
  return 1
}
