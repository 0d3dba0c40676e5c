#!/usr/bin/env bash
# Refreshes the vendored explorer assets from the npm registry, so that /graphql works without internet access.
# Pinned versions; each file is stored gzip-compressed and served as such (README, "The explorer offline").
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent graphiql@3.8.3 react@18.3.1 react-dom@18.3.1 >/dev/null)
for package in graphiql-3.8.3 react-18.3.1 react-dom-18.3.1; do
  mkdir -p "$work/$package" && tar xzf "$work/$package.tgz" -C "$work/$package"
done
gzip -9 -n -c "$work/graphiql-3.8.3/package/graphiql.min.js" > graphiql.min.js.gz
gzip -9 -n -c "$work/graphiql-3.8.3/package/graphiql.min.css" > graphiql.min.css.gz
gzip -9 -n -c "$work/react-18.3.1/package/umd/react.production.min.js" > react.production.min.js.gz
gzip -9 -n -c "$work/react-dom-18.3.1/package/umd/react-dom.production.min.js" > react-dom.production.min.js.gz
cp "$work/graphiql-3.8.3/package/LICENSE" LICENSE.graphiql
cp "$work/react-18.3.1/package/LICENSE" LICENSE.react
cp "$work/react-dom-18.3.1/package/LICENSE" LICENSE.react-dom
