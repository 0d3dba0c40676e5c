#!/usr/bin/env bash
# Runs the explorer's browser test: Debian's chromium (installed if missing), puppeteer-core from the npm registry
# (installed into a temporary folder), and the real server on the demo data set, on a loopback port.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/support/serve.sh

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium"
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
work=$(mktemp -d /tmp/wuye-browser.XXXXXX)
npm_tools "$work" puppeteer-core@23
cp tests/browser/explorer.mjs "$work/"
serve "$work"
CHROMIUM="$(command -v chromium)" node "$work/explorer.mjs"
