#!/usr/bin/env bash
# No silent breaking change: compares schema.graphql with the one on the previous commit (or on the git ref in
# WUYE_SCHEMA_BASE, e.g. a release tag) and fails on a breaking change; dangerous ones are listed. First it shows
# that the check works: a copy of the schema with a field removed must be refused.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/support/serve.sh

work=$(mktemp -d /tmp/wuye-schema.XXXXXX)
trap 'rm -rf "$work"' EXIT
npm_tools "$work" @graphql-inspector/core@8 graphql@16
cp tests/schema/diff.mjs "$work/"

# The check refuses a breaking change: `Estate.name` removed (renamed) without a deprecation.
awk '/^type Estate / { inside = 1 } inside && /^\tname: String!/ { sub(/name/, "title"); inside = 0 } { print }' \
  schema.graphql >"$work/broken.graphql"
if node "$work/diff.mjs" schema.graphql "$work/broken.graphql" >"$work/self-test.log"; then
  cat "$work/self-test.log"
  echo "the schema check let a breaking change through"; exit 1
fi
grep -q "BREAKING: Field 'name' was removed from object type 'Estate'" "$work/self-test.log" || {
  cat "$work/self-test.log"; echo "the self-test did not find the removed field"; exit 1; }
echo "schema check self-test: removing Estate.name is refused as breaking"

base="${WUYE_SCHEMA_BASE:-HEAD~1}"
if ! git show "$base:schema.graphql" >"$work/base.graphql" 2>/dev/null; then
  echo "no schema.graphql at $base: nothing to compare"; exit 0
fi
echo "comparing schema.graphql with $base"
node "$work/diff.mjs" "$work/base.graphql" schema.graphql
