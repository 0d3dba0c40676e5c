#!/usr/bin/env bash
# The import's benchmark (README, "Importing a county's registry"): a synthetic registry of N estates (default
# 2,000), N/10 enterprises, a contract and an owners' committee of five for every estate (api/examples/registry.rs),
# imported on SQLite into a fresh demo database by the release binary: the dry run alone, the commit (which runs
# the dry run first), and the same file again (every row unchanged). Prints the seconds of each and rows a second.
#
# Usage: bench/import.sh [estates]
#   WUYE_BENCH_PROFILE   default release; `debug` for the smoke test in .ci/run (figures meaningless)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
estates=${1:-2000}; enterprises=$(( estates / 10 > 1 ? estates / 10 : 1 ))
profile=${WUYE_BENCH_PROFILE:-release}
target=${CARGO_TARGET_DIR:-$root/target}
flag=$([[ $profile == release ]] && echo --release || true)
(cd "$root" && cargo build -q $flag -p api --bin wuye --example registry)
dir=$target/$profile
work=$(mktemp -d /tmp/wuye-import-bench.XXXXXX); trap 'rm -rf "$work"' EXIT
db="sqlite://$work/wuye.db?mode=rwc"
"$dir/wuye" seed-demo --database-url "$db" >/dev/null 2>&1
mapfile -t communities < <(sqlite3 "$work/wuye.db" "SELECT code FROM community ORDER BY code")
"$dir/examples/registry" "$work/registry.xlsx" "$estates" "$enterprises" "${communities[@]}"
token=$("$dir/wuye" token --role county --scope 340621 --sub import-bench --ttl 1h)
rows=$(( enterprises + estates * 8 ))
timed() { # label, then the import's arguments
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$dir/wuye" import "$work/registry.xlsx" --token "$token" --database-url "$db" "$@" > "$work/$label.txt" 2>/dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]:<8} {s:7.1f} s  {int(sys.argv[4])/s:8.0f} rows/s')" \
    "$start" "$end" "$label" "$rows"
}
echo "import of $estates estates, $enterprises enterprises, $estates contracts, $estates committees, $(( estates * 5 )) members ($rows rows), $profile build, SQLite"
timed dry-run
timed commit --commit
timed again --commit
grep -q "不变 unchanged $estates" "$work/again.txt" || { echo "the second import changed something:" >&2; cat "$work/again.txt" >&2; exit 1; }
