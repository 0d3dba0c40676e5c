# Sourced by the scripts that drive the real server with tools from the npm registry (tests/browser, tests/http):
# `npm_tools DIR PACKAGE…` installs the packages into DIR; `serve DIR` builds and starts `wuye` on the demo data (in
# a SQLite file in DIR, or in the empty database WUYE_SERVE_DATABASE_URL names) on a free loopback port, sets
# WUYE_URL, and stops it when the script exits.

target="${CARGO_TARGET_DIR:-target}"

npm_tools() {
  local dir=$1
  shift
  (cd "$dir" && npm init -y >/dev/null && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund "$@" >/dev/null)
}

serve() {
  serve_dir=$1
  local dir=$1 port
  cargo build -q -p api --bin wuye
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  WUYE_DATABASE_URL="${WUYE_SERVE_DATABASE_URL:-sqlite://$dir/wuye.db}" WUYE_BIND="127.0.0.1:$port" "$target/debug/wuye" serve >"$dir/server.log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$serve_dir"' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$dir/server.log"; return 1; }
  export WUYE_URL="http://127.0.0.1:$port"
}
