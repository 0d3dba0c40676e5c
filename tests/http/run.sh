#!/usr/bin/env bash
# Runs the GraphQL over HTTP audit (graphql-http from the npm registry) against the real server on the demo data.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/support/serve.sh

work=$(mktemp -d /tmp/wuye-http.XXXXXX)
npm_tools "$work" graphql-http@1.23 graphql@16
cp tests/http/audit.mjs "$work/"
serve "$work"
node "$work/audit.mjs"
