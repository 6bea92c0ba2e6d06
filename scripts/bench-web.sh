#!/usr/bin/env bash
# The web benchmark of the README ("Web pages at 1 000 000 tasks"): serves a database, signs in
# as a leader, times each page once alone with curl, then under 32 concurrent connections
# with wrk. Needs wrk (Debian package `wrk`) and a release build.
#
#   cargo build --release -p theodoi
#   target/release/theodoi bench-data --tasks 1000000 --db sqlite:///tmp/1m.db
#   scripts/bench-web.sh sqlite:///tmp/1m.db [seconds per page, default 15]
#
# The database gets one more user (benchlead, a leader) and its sign-in; run it on a copy
# (cp 1m.db copy.db, with no copy.db-wal/-shm left from an earlier run: a stale log would be
# applied to the new file).
set -euo pipefail
DB=${1:?usage: scripts/bench-web.sh DATABASE_URL [SECONDS]}
SECS=${2:-15}
BIN=${BIN:-target/release/theodoi}
PORT=${PORT:-18600}
BASE="http://127.0.0.1:$PORT"
export THEODOI_DB="$DB"
JAR=$(mktemp)
trap 'kill "$SERVER" 2>/dev/null || true; rm -f "$JAR"' EXIT

"$BIN" user add benchlead --full-name "Lãnh đạo đo hiệu năng" --role leader \
  --password 'bench-pass-2023' >/dev/null 2>&1 || true
"$BIN" serve --bind "127.0.0.1:$PORT" >/tmp/bench-web-server.log 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null "$BASE/dang-nhap" && break; sleep 1; done
curl -fs -c "$JAR" -o /dev/null -d 'username=benchlead&password=bench-pass-2023&next=/' "$BASE/dang-nhap"
SID=$(awk '$6 == "theodoi_sid" { print $7 }' "$JAR")
[ -n "$SID" ] || { echo "sign-in failed" >&2; exit 1; }

# The first report loads the in-memory facts of every task (in the background from start).
start=$(date +%s.%N)
curl -fs -o /dev/null -b "theodoi_sid=$SID" "$BASE/tong-quan?window=month:2023-12&as_of=31/12/2023"
echo "first dashboard (waits for the facts): $(echo "$(date +%s.%N) - $start" | bc) s"

echo "| page | one request alone | requests/s (32 connections) | p50 | p99 |"
echo "|---|---:|---:|---:|---:|"
for url in \
  "/tong-quan?window=month:2023-12&as_of=31/12/2023" \
  "/nhiem-vu?page=2" \
  "/nhiem-vu?window=month:2023-12&as_of=2023-12-31&figure=overdue&page=2" \
  "/nhiem-vu/500000" \
  "/viec-can-xu-ly"; do
  alone=$(curl -fs -o /dev/null -w '%{time_total}' -b "theodoi_sid=$SID" "$BASE$url")
  out=$(wrk -t2 -c32 -d"${SECS}s" --timeout 30s --latency -H "Cookie: theodoi_sid=$SID" "$BASE$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ { $1 = $1; print }' | tr '\n' ' ')
  echo "| \`$url\` | ${alone} s | $rps | $p50 | $p99 | $errs"
done

# Results computed from the in-memory facts are kept until the next write. One write (a new
# user, through the CLI as another process would) and the dashboard computed afresh:
"$BIN" user add "benchwrite$$" --full-name "Người dùng ghi thử" --role leader \
  --password 'bench-pass-2023' >/dev/null || { echo "the write failed" >&2; exit 1; }
cold=$(curl -fs -o /dev/null -w '%{time_total}' -b "theodoi_sid=$SID" \
  "$BASE/tong-quan?window=month:2023-12&as_of=31/12/2023")
echo "dashboard right after a write (recomputed): ${cold} s"
