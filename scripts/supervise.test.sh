#!/usr/bin/env bash
# Tests `supervise` (scripts/lib.sh) with dummy services: a killed one is started again with backoff, its neighbour
# never stops, and TERM stops everything promptly. Run by scripts/test.sh; takes about 10 s.
source "$(dirname "$0")/lib.sh"
LOG_DIR="$(mktemp -d)"
STATE="$(mktemp -d)"
trap 'kill -TERM "${SUPERVISORS[@]}" 2>/dev/null || true; rm -rf "$LOG_DIR" "$STATE"' EXIT
fail() { echo "supervise.test: $*" >&2; exit 1; }
starts() { wc -l <"$STATE/$1.starts"; }
pid_of() { tail -n1 "$STATE/$1.starts"; }
started_more_than() { [ "$(starts "$1")" -gt "$2" ]; }
within() { # within SECONDS COMMAND…: until it succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.1; done
}
# A service that records its pid at each start, then runs until stopped.
SERVICE='echo $$ >>"$1"; exec sleep 300'

supervise crashy bash -c "$SERVICE" _ "$STATE/crashy.starts" & SUPERVISORS=($!)
supervise steady bash -c "$SERVICE" _ "$STATE/steady.starts" & SUPERVISORS+=($!)
within 5 test -s "$STATE/crashy.starts" -a -s "$STATE/steady.starts" || fail "the services did not start"
steady=$(pid_of steady)

# kill -9 one service, twice: it is back each time, after 1 s then 2 s, and the other never stops.
for round in 1 2; do
  before=$(pid_of crashy)
  kill -9 "$before"
  within 5 started_more_than crashy "$round" || fail "crashy was not restarted (round $round)"
  [ "$(pid_of crashy)" != "$before" ] || fail "crashy still has its old pid"
done
grep -q 'crashy exited (code 137) after [0-9]* s; restarting in 1 s' "$LOG_DIR/supervisor.log" || fail "first restart not logged"
grep -q 'crashy exited (code 137) after [0-9]* s; restarting in 2 s' "$LOG_DIR/supervisor.log" || fail "backoff not logged"
[ "$(starts steady)" -eq 1 ] && kill -0 "$steady" || fail "steady stopped or restarted"

# TERM stops the supervisors and what they run, within seconds, with no restart.
crashy=$(pid_of crashy)
kill -TERM "${SUPERVISORS[@]}"
within 5 bash -c "! kill -0 $crashy $steady ${SUPERVISORS[*]} 2>/dev/null" || fail "TERM left processes running"
[ "$(starts crashy)" -eq 3 ] && [ "$(starts steady)" -eq 1 ] || fail "a service was started again after TERM"
echo "supervise.test: passed"
