#!/usr/bin/env bash
# Cost flat in the province's size (README, "Running a province"): the reads of one county timed with 1 county
# loaded and with N (default 100), in one run, uncached (--response-cache off) and cached. Each database is loaded
# by bench/province.sh; each query (bench/province/*.graphql, about the first county) is answered once and checked,
# its SQL statements counted, then timed with wrk (1 thread, 16 connections). Prints requests a second with each
# size, their ratio and whether it meets the target (N counties ≥ 0.8× one county), and the statements of each;
# then the first county's estate pages, cached, while the second county takes 20 writes a second (bench/writer.py):
# none, complaints, estate edits, with each rate's ratio to the rate without writes (target ≥ 0.8×).
#
# Usage: bench/scale.sh [counties] [seconds a query]
#   WUYE_BENCH_POSTGRES  the server's admin URL, default postgres://postgres@127.0.0.1:5432/postgres
#   WUYE_BENCH_PROFILE   default release; `debug` for a quick try (figures not meaningful)
#   WUYE_SCALE_RELOAD=0  reuse the databases a previous run loaded (wuye_scale_1, wuye_scale_N)
#   WUYE_SCALE_ESTATES   estates a county, default 2,000 (the peer benchmark's shape)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
counties=${1:-100}; secs=${2:-5}; estates=${WUYE_SCALE_ESTATES:-2000}
admin=${WUYE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
profile=${WUYE_BENCH_PROFILE:-release}
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/$profile/wuye
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for size in 1 "$counties"; do
  if [[ ${WUYE_SCALE_RELOAD:-1} != 0 ]]; then
    WUYE_PROVINCE_DB=wuye_scale_$size bash "$here/province.sh" "$size" "$estates" >/dev/null
  fi
done

work=$(mktemp -d /tmp/wuye-scale.XXXX); pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
serve() { # database, response cache on|off
  local p; p=$(port)
  RUST_LOG=warn WUYE_RATE_LIMIT_POINTS=1000000000000 "$bin" serve --no-demo --sweep-minutes 0 \
    --database-url "${admin%/*}/$1" --response-cache "$2" --bind 127.0.0.1:$p >"$work/server.log" 2>&1 &
  pid=$!; url=http://127.0.0.1:$p
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$url/readyz" && return 0; sleep 0.1; done
  echo "no server on $1" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
statements() { curl -fs "$url/metrics" | awk '$1 == "wuye_sql_statements_total" { print $2 }'; }
vars='{"code":"XQ34012100019","county":"340121","town":"340121100"}'
queries="page list100 town ranking complaints"

results=$work/results.txt; : >"$results"
for cache in off on; do
  for size in 1 "$counties"; do
    serve "wuye_scale_$size" "$cache"
    for q in $queries; do
      body=$(python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.loads(sys.argv[2])}))' \
        "$here/province/$q.graphql" "$vars")
      before=$(statements)
      answer=$(curl -fs -H 'content-type: application/json' --data-binary "$body" "$url/graphql")
      after=$(statements)
      if [[ $answer == *'"errors"'* ]]; then echo "$q failed on $size counties: ${answer:0:300}" >&2; exit 1; fi
      BODY=$here/province/$q.graphql VARS=$vars wrk -t1 -c16 -d1s -s "$here/wrk.lua" "$url/graphql" >/dev/null
      rps=$(BODY=$here/province/$q.graphql VARS=$vars wrk -t1 -c16 -d${secs}s -s "$here/wrk.lua" "$url/graphql" |
        sed -n 's/^RESULT rps=\([0-9.]*\).*/\1/p')
      echo "$cache $size $q $rps $((after - before))" >>"$results"
    done
    stop
  done
done

# Cached under writes: the estate pages of the first county (each of its estates, at random) with the response
# cache on, while the second county takes 20 writes a second through the API: none, complaints received, estates
# renamed. A write changes the version of the tables it wrote; an estate page reads no complaint.
writes=$work/writes.txt; : >"$writes"
if (( counties > 1 )); then
  first=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['county'])" "$vars"); second=340122
  serve "wuye_scale_$counties" on
  token=$("$bin" token --role county --scope "$second" --sub scale-bench --ttl 1h)
  pages() {
    RANDOM_CODE=1 CODE_FORMAT="XQ${first}%05d" CODE_FIRST=0 CODE_COUNT=$estates \
      BODY=$here/province/page.graphql wrk -t1 -c16 -d"$1"s -s "$here/wrk.lua" "$url/graphql" |
      sed -n 's/^RESULT rps=\([0-9.]*\).*/\1/p'
  }
  pages 10 >/dev/null # every page once into the cache
  for kind in none complaints estates; do
    wpid=
    if [[ $kind != none ]]; then
      python3 "$here/writer.py" "$url" "$token" "$second" "$kind" 20 $((secs + 1)) >"$work/writer.txt" 2>&1 & wpid=$!
      sleep 1
    fi
    rps=$(pages "$secs")
    if [[ -n $wpid ]]; then wait "$wpid" || { echo "the writer failed: $(cat "$work/writer.txt")" >&2; exit 1; }; fi
    echo "$kind $rps" >>"$writes"
  done
  stop
fi

python3 - "$results" "$counties" "$writes" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
n = sys.argv[2]
figures = {(c, s, q): (float(r), int(st)) for c, s, q, r, st in rows}
met = missed = 0
print(f"{'cache':6} {'query':11} {'1 county':>10} {n + ' counties':>13} {'ratio':>6}  statements  target")
for (cache, size, q), (rps, st) in figures.items():
    if size != "1":
        continue
    big, big_st = figures[(cache, n, q)]
    ratio = big / rps
    ok = ratio >= 0.8 and big_st <= st
    met += ok; missed += not ok
    print(f"{cache:6} {q:11} {rps:10.0f} {big:13.0f} {ratio:6.2f}  {st:>4} → {big_st:<4}  {'met' if ok else 'MISSED'} (≥ 0.8×, statements unchanged)")
writes = dict(line.split() for line in open(sys.argv[3]))
if writes:
    quiet = float(writes["none"])
    print(f"\ncached estate pages of one county ({n} counties loaded) while another takes 20 writes a second")
    print(f"{'writes':11} {'requests/s':>10} {'ratio':>6}  target")
    for kind, label in [("none", "none"), ("complaints", "complaints"), ("estates", "estate edits")]:
        rps = float(writes[kind])
        line = f"{label:11} {rps:10.0f} {rps / quiet:6.2f}"
        if kind != "none":
            ok = rps / quiet >= 0.8
            met += ok; missed += not ok
            line += f"  {'met' if ok else 'MISSED'} (≥ 0.8× no writes)"
        print(line)
print(f"{met} of {met + missed} targets met")
PY
