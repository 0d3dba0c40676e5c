#!/usr/bin/env bash
# The load-test harness of public reads (README, "Speed"). Times, with wrk (1 thread, 16 connections), on SQLite and
# on PostgreSQL, uncached, each query with the planned path on and off (`WUYE_DIRECT_ANSWERS`):
#   - bench/queries/*.graphql over the peer benchmark's rows (bench/dataset.py, a copy of
#     ../shared/bench/dataset.py): the registry's lists and pages, enterprises with their contracts' estates, a town
#     with its communities and estates, the credit ranking; list100 and page also cached (the response cache);
#   - bench/demo/*.graphql (variables in the .json beside) over the demo data, which has every kind of record:
#     credit histories, disclosures with items, a fund's ledger, usages with votes, complaint statistics, the
#     compliance overview, search, the change feed;
#   - the website's pages (home, town, estate, enterprise, credit ranking) over the demo data.
# Then the HTTP floor (api/examples/floor.rs: the same answer bytes from a bare poem handler) and PostGraphile 4 and
# 5 over the same rows (../shared/bench/run_postgraphile.sh, run_postgraphile5.sh), for the queries their reference
# schema can express (bench/peers/). Prints a table and the targets met or missed (bench/report.py) and writes them
# as JSON (bench/results.json, or $WUYE_BENCH_OUT).
#
# Usage: bench/run.sh [seconds per query, default 10]
#   WUYE_BENCH_PEER=0         skip the peers (installed from npm once, under /tmp/peers4 and /tmp/peers5)
#   WUYE_BENCH_PEER5=0        skip PostGraphile 5 only (it needs Node 22, installed from the npm registry once)
#   WUYE_BENCH_PEER_DIR       the peer benchmark [../shared/bench beside this repository]
#   WUYE_BENCH_SYSTEMS        default "sqlite postgres"
#   WUYE_BENCH_PROFILE        default release; `debug` for the smoke test in .ci/run (figures meaningless)
#   WUYE_BENCH_POSTGRES       an admin URL of a PostgreSQL server [postgres://postgres@127.0.0.1:5432/postgres]
#   WUYE_BENCH_BUILD=0        time the binaries already built, without building
# Loopback only; every run is bounded and leaves nothing running (its PostgreSQL databases are dropped).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
secs=${1:-10}; warm=$(( secs < 4 ? 1 : 2 ))
profile=${WUYE_BENCH_PROFILE:-release}
systems=${WUYE_BENCH_SYSTEMS:-sqlite postgres}
admin=${WUYE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
out=${WUYE_BENCH_OUT:-$here/results.json}
queries=$(cd "$here/queries" && ls *.graphql | sed 's/\.graphql$//' | tr '\n' ' ')
demo_queries=$(cd "$here/demo" && ls *.graphql | sed 's/\.graphql$//' | tr '\n' ' ')
cached_queries="list100 page"
pages="home:/ town:/town/340621100 estate:/estate/XQ3406210001 enterprise:/enterprise/91340621MA2T1000XQ credit:/credit"
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
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  if [[ $systems == *postgres* ]]; then
    psql -q "$admin" -c "DROP DATABASE IF EXISTS ${pgdb}_peer" -c "DROP DATABASE IF EXISTS ${pgdb}_demo" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
results=$work/results.txt; : >"$results"

# A free port on loopback.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until the server at $1 answers /readyz.
wait_ready() { for _ in $(seq 1 600); do curl -fs -o /dev/null "$1/readyz" && return 0; sleep 0.1; done; echo "no server at $1" >&2; exit 1; }

# Starts the server on database $1 with the response cache $2 and the planned path $3 (demo data loaded into an
# empty database unless $4 is "rows"); sets $pid and $url.
serve() {
  local p; p=$(port)
  local demo=(); [[ $4 == rows ]] && demo=(env WUYE_NO_DEMO=true)
  RUST_LOG=warn WUYE_DATABASE_URL=$1 WUYE_RESPONSE_CACHE=$2 WUYE_DIRECT_ANSWERS=$3 \
    WUYE_RATE_LIMIT_POINTS=1000000000000 "${demo[@]}" "$bin" serve --bind 127.0.0.1:$p >"$work/server.log" 2>&1 &
  pid=$!; url=http://127.0.0.1:$p
  wait_ready "$url"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# The variables of a query file $1: its .json beside it, {"code": "E000001"} for the page, or none.
variables() {
  if [[ -f ${1%.graphql}.json ]]; then tr -d '\n' <"${1%.graphql}.json"; elif [[ $(basename "$1") == page.graphql ]]; then
    echo '{"code":"E000001"}'; else echo '{}'; fi
}

# Times query file $2 at $1 (a warm-up, then the timed run) after checking its answer; prints the RESULT fields.
time_query() {
  local url=$1 file=$2 rc=0 vars
  vars=$(variables "$file")
  [[ $(basename "$file") == page.graphql ]] && rc=1
  # Every answer must be a real one before it is timed; the last one answered is kept for the floor.
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.loads(sys.argv[2])}))' \
    "$file" "$vars" | curl -fs -H 'content-type: application/json' --data-binary @- "$url/graphql" >"$work/answer.json"
  if grep -q '"errors"' "$work/answer.json"; then echo "$file failed: $(head -c 400 "$work/answer.json")" >&2; exit 1; fi
  cp "$work/answer.json" "$work/$(basename "${file%.graphql}").json"
  BODY=$file VARS=$vars RANDOM_CODE=$rc wrk -t1 -c16 -d${warm}s -s "$here/wrk.lua" "$url/graphql" >/dev/null
  BODY=$file VARS=$vars RANDOM_CODE=$rc wrk -t1 -c16 -d${secs}s -s "$here/wrk.lua" "$url/graphql" | sed -n 's/^RESULT //p'
}

# Times the website's page at $1 (a full URL).
time_page() {
  curl -fs -o /dev/null "$1" || { echo "no page at $1" >&2; exit 1; }
  BODY= wrk -t1 -c16 -d${warm}s -s "$here/wrk.lua" "$1" >/dev/null
  BODY= wrk -t1 -c16 -d${secs}s -s "$here/wrk.lua" "$1" | sed -n 's/^RESULT //p'
}

record() { echo "$1 rss_kb=$(ps -o rss= -p "$pid")" >>"$results"; }

for system in $systems; do
  case $system in
    sqlite) rows=sqlite://$work/rows.db; demo=sqlite://$work/demo.db ;;
    postgres)
      psql -q "$admin" -c "CREATE DATABASE ${pgdb}_peer" -c "CREATE DATABASE ${pgdb}_demo"
      rows=${admin%/*}/${pgdb}_peer; demo=${admin%/*}/${pgdb}_demo ;;
  esac
  WUYE_DATABASE_URL=$rows "$bin" migrate >/dev/null 2>&1
  python3 "$here/load_wuye.py" "$rows" >/dev/null
  for direct in on off; do
    serve "$rows" off "$direct" rows
    for q in $queries; do
      record "wuye-$system cache=off direct=$direct $q $(time_query "$url" "$here/queries/$q.graphql")"
    done
    stop
    serve "$demo" off "$direct" demo
    for q in $demo_queries; do
      record "wuye-$system cache=off direct=$direct demo:$q $(time_query "$url" "$here/demo/$q.graphql")"
    done
    for page in $pages; do
      record "wuye-$system cache=off direct=$direct site:${page%%:*} $(time_page "$url${page#*:}")"
    done
    stop
  done
  serve "$rows" on on rows
  for q in $cached_queries; do
    record "wuye-$system cache=on direct=on $q $(time_query "$url" "$here/queries/$q.graphql")"
  done
  stop
done

# The floor: wuye's own answer bytes (from the last system timed), from a bare handler.
for q in $cached_queries; do
  p=$(port)
  "$floor" "127.0.0.1:$p" "$work/$q.json" & pid=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null -X POST "http://127.0.0.1:$p/graphql" && break; sleep 0.1; done
  record "floor cache=- direct=- $q $(time_query "http://127.0.0.1:$p" "$here/queries/$q.graphql")"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done

# The peers, over the same rows, with the queries their reference schema can express (the peer benchmark's own and
# bench/peers/), from a copy of the peer benchmark so that nothing is written beside it.
if [[ ${WUYE_BENCH_PEER:-1} != 0 ]]; then
  cp -r "$peer" "$work/peer"; cp "$here"/peers/*.graphql "$work/peer/"
  expressible=$(cd "$work/peer" && ls postgraphile_*.graphql | sed 's/^postgraphile_//; s/\.graphql$//' | tr '\n' ' ')
  runners=(postgraphile); [[ ${WUYE_BENCH_PEER5:-1} != 0 ]] && runners+=(postgraphile5)
  # The peer installs Node 22 under $PEERS5_NODE/node22; without a package.json of its own there, npm would
  # install it into the enclosing project instead, where the peer's script does not look.
  node22=${PEERS5_NODE:-/tmp/peers5}/node22; mkdir -p "$node22"; [[ -f $node22/package.json ]] || echo '{}' >"$node22/package.json"
  for runner in "${runners[@]}"; do
    # A peer that fails to start is reported, and the figures of the run are still printed.
    QUERIES=$expressible bash "$work/peer/run_$runner.sh" "$secs" >"$work/$runner.txt" || echo "$runner failed" >&2
    rss=$(sed -n "s/^$runner rss_kb *//p" "$work/$runner.txt")
    sed -n "s/^$runner \\([a-z0-9]*\\) RESULT \\(.*\\)\$/$runner cache=- direct=- \\1 \\2 rss_kb=$rss/p" \
      "$work/$runner.txt" >>"$results"
  done
fi

python3 "$here/report.py" "$results" "$out"
