#!/usr/bin/env bash
# A province's worth of data for benchmarks (README, "Running a province"): N synthetic counties (default 100) of
# E estates each (default 2,000, the peer benchmark's shape) loaded by `wuye province` into a fresh PostgreSQL
# database, then the audit chain verified and the database vacuumed and analysed (as an operator would after a bulk
# load: otherwise autovacuum works through 1.9 million new rows while the harness times the reads). Prints the time
# taken, the rows of the main tables and the database's size, and leaves the database for the harness (its URL on the
# last line).
#
# Usage: bench/province.sh [counties] [estates per county]
#   WUYE_BENCH_POSTGRES  the server's admin URL, default postgres://postgres@127.0.0.1:5432/postgres
#   WUYE_PROVINCE_DB     the database to (re)create, default wuye_province
#   WUYE_BENCH_PROFILE   default release; `debug` for a quick try
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
counties=${1:-100}; estates=${2:-2000}
admin=${WUYE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
name=${WUYE_PROVINCE_DB:-wuye_province}
profile=${WUYE_BENCH_PROFILE:-release}
target=${CARGO_TARGET_DIR:-$root/target}
flag=$([[ $profile == release ]] && echo --release || true)
(cd "$root" && cargo build -q $flag -p api --bin wuye)
bin=$target/$profile/wuye
url=${admin%/*}/$name

psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
"$bin" province --counties "$counties" --estates "$estates" --database-url "$url" 2>/dev/null
"$bin" audit verify --database-url "$url" 2>/dev/null
for table in county town community enterprise estate service_contract committee committee_member credit_record \
  complaint audit_event; do
  printf '%-18s %s\n' "$table" "$(psql -qAt "$url" -c "SELECT COUNT(*) FROM $table")"
done
psql -qAt "$url" -c "VACUUM ANALYZE" -c "SELECT 'size ' || pg_size_pretty(pg_database_size(current_database()))"
echo "$url"
