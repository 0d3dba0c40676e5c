#!/usr/bin/env bash
# Runs the explorer's browser test: Debian's chromium (installed if missing), puppeteer-core from the npm registry
# (installed into a temporary folder), and the real server on the demo data set, on a loopback port.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium"
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
cargo build -q -p api --bin wuye

work=$(mktemp -d /tmp/wuye-browser.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && npm init -y >/dev/null && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund puppeteer-core@23 >/dev/null)
cp tests/browser/explorer.mjs "$work/"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WUYE_DATABASE_URL="sqlite://$work/wuye.db" WUYE_BIND="127.0.0.1:$port" "$target/debug/wuye" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }

WUYE_URL="http://127.0.0.1:$port" CHROMIUM="$(command -v chromium)" node "$work/explorer.mjs"
