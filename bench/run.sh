#!/usr/bin/env bash
# The load-test harness of fast public reads (README, "Speed"). Loads the peer benchmark's rows (bench/dataset.py,
# a copy of ../shared/bench/dataset.py) into wuye on SQLite and on PostgreSQL, starts the release server on each
# with the response cache off and on, and times each query in bench/queries with wrk (1 thread, 16 connections):
# list100 and page (the peer's two), ranking and town. Then the HTTP floor (api/examples/floor.rs: the same answer
# bytes from a bare poem handler) and PostGraphile over the same rows (../shared/bench/run_postgraphile.sh). Prints
# a table and writes it as JSON (bench/results.json, or $WUYE_BENCH_OUT).
#
# Usage: bench/run.sh [seconds per query, default 10]
#   WUYE_BENCH_PEER=0         skip PostGraphile (it installs postgraphile@4 from npm once, under /tmp/peers4)
#   WUYE_BENCH_PEER_DIR       the peer benchmark [../shared/bench beside this repository]
#   WUYE_BENCH_SYSTEMS        default "sqlite postgres"
#   WUYE_BENCH_PROFILE        default release; `debug` for the smoke test in .ci/run (figures meaningless)
#   WUYE_BENCH_POSTGRES       an admin URL of a PostgreSQL server [postgres://postgres@127.0.0.1:5432/postgres]
#   WUYE_BENCH_BUILD=0        time the binaries already built, without building
# Loopback only; every run is bounded and leaves nothing running (its PostgreSQL database is dropped).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
secs=${1:-10}; warm=$(( secs < 4 ? 1 : 2 ))
profile=${WUYE_BENCH_PROFILE:-release}
systems=${WUYE_BENCH_SYSTEMS:-sqlite postgres}
admin=${WUYE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
out=${WUYE_BENCH_OUT:-$here/results.json}
queries="list100 page ranking town"
peer=${WUYE_BENCH_PEER_DIR:-$root/../shared/bench}
# The rows must be the peer's own: the copy here is checked against the peer benchmark's wherever that is present.
if [[ -f $peer/dataset.py ]] && ! cmp -s "$peer/dataset.py" "$here/dataset.py"; then
  echo "bench/dataset.py differs from $peer/dataset.py: copy it again" >&2; exit 1
fi
if [[ ${WUYE_BENCH_PEER:-1} != 0 && ! -f $peer/run_postgraphile.sh ]]; then
  echo "no peer benchmark at $peer (set WUYE_BENCH_PEER_DIR, or WUYE_BENCH_PEER=0)" >&2; exit 1
fi
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

cd "$root"
flag=(); [[ $profile == release ]] && flag=(--release)
[[ ${WUYE_BENCH_BUILD:-1} == 0 ]] || cargo build -q "${flag[@]}" -p api --bin wuye --example floor
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/$profile/wuye; floor=$target/$profile/examples/floor

work=$(mktemp -d /tmp/wuye-bench.XXXX); pgdb=wuye_bench_$$; pid=
pgurl=${admin%/*}/$pgdb
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [[ $systems == *postgres* ]] && psql -q "$admin" -c "DROP DATABASE IF EXISTS $pgdb" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
results=$work/results.txt; : >"$results"

# A free port on loopback.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk against $1 with query $2: a warm-up, then the timed run; prints the RESULT fields.
time_query() {
  local url=$1 q=$2 rc=0
  [[ $q == page ]] && rc=1
  BODY=$here/queries/$q.graphql RANDOM_CODE=$rc wrk -t1 -c16 -d${warm}s -s "$here/wrk.lua" "$url" >/dev/null
  BODY=$here/queries/$q.graphql RANDOM_CODE=$rc wrk -t1 -c16 -d${secs}s -s "$here/wrk.lua" "$url" | sed -n 's/^RESULT //p'
}

# Waits until the server at $1 answers /readyz.
wait_ready() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$1/readyz" && return 0; sleep 0.1; done; echo "no server at $1" >&2; exit 1; }

# The body of a POST of query $1 (page: estate E000001).
post_body() {
  python3 - "$here/queries/$1.graphql" "$1" <<'PY'
import json, sys
body = {"query": open(sys.argv[1]).read()}
if sys.argv[2] == "page": body["variables"] = {"code": "E000001"}
print(json.dumps(body))
PY
}

for system in $systems; do
  case $system in
    sqlite) url=sqlite://$work/bench.db ;;
    postgres) psql -q "$admin" -c "CREATE DATABASE $pgdb"; url=$pgurl ;;
  esac
  WUYE_DATABASE_URL=$url "$bin" migrate >/dev/null 2>&1
  python3 "$here/load_wuye.py" "$url" >/dev/null
  for cache in off on; do
    p=$(port)
    RUST_LOG=warn WUYE_DATABASE_URL=$url WUYE_RESPONSE_CACHE=$cache WUYE_NO_DEMO=true WUYE_RATE_LIMIT_POINTS=1000000000000 \
      "$bin" serve --bind 127.0.0.1:$p >"$work/server.log" 2>&1 &
    pid=$!
    wait_ready "http://127.0.0.1:$p"
    for q in $queries; do
      # Every answer must be a real one before it is timed.
      post_body "$q" | curl -fs -H 'content-type: application/json' --data-binary @- "http://127.0.0.1:$p/graphql" >"$work/$q.json"
      if grep -q '"errors"' "$work/$q.json"; then echo "$q failed on $system: $(head -c 400 "$work/$q.json")" >&2; exit 1; fi
      line=$(time_query "http://127.0.0.1:$p/graphql" "$q")
      echo "wuye-$system cache=$cache $q $line rss_kb=$(ps -o rss= -p "$pid")" >>"$results"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done

# The floor: wuye's own answer bytes (from the last system timed), from a bare handler.
for q in $queries; do
  p=$(port)
  "$floor" "127.0.0.1:$p" "$work/$q.json" & pid=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null -X POST "http://127.0.0.1:$p/graphql" && break; sleep 0.1; done
  echo "floor cache=- $q $(time_query "http://127.0.0.1:$p/graphql" "$q") rss_kb=$(ps -o rss= -p "$pid")" >>"$results"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done

if [[ ${WUYE_BENCH_PEER:-1} != 0 ]]; then
  bash "$peer/run_postgraphile.sh" "$secs" >"$work/peer.txt"
  rss=$(sed -n 's/^postgraphile rss_kb *//p' "$work/peer.txt")
  sed -n 's/^postgraphile \([a-z0-9]*\) RESULT \(.*\)$/peer cache=- \1 \2 rss_kb='"$rss"'/p' "$work/peer.txt" >>"$results"
fi

python3 "$here/report.py" "$results" "$out"
