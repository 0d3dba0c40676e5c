#!/usr/bin/env bash
# Runs the browser tests: the explorer offline, and the disclosure website (pages, figures, search, 360 px, axe-core,
# screenshots). Debian's chromium (installed if missing), puppeteer-core and axe-core from the npm registry (installed
# into a temporary folder), and the real server on the demo data set (SQLite, or WUYE_SERVE_DATABASE_URL).
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
npm_tools "$work" puppeteer-core@23 axe-core@4
cp tests/browser/explorer.mjs tests/browser/site.mjs "$work/"
serve "$work"
export CHROMIUM="$(command -v chromium)" AXE_PATH="$work/node_modules/axe-core/axe.min.js"
# The build folder, where the screenshots go: CARGO_TARGET_DIR may be absolute (.ci/run's is) or relative.
target_dir=${CARGO_TARGET_DIR:-target}; [[ $target_dir == /* ]] || target_dir=$PWD/$target_dir
export WUYE_SCREENSHOTS="${WUYE_SCREENSHOTS:-$target_dir/site-screenshots}"
node "$work/explorer.mjs"
node "$work/site.mjs"
