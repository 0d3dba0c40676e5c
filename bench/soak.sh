#!/usr/bin/env bash
# The soak of the hardening issue: 60 s (or $1) at saturation with a mix of reads and writes, in a release build,
# on SQLite (or on PostgreSQL with WUYE_TEST_DATABASE_URL set): no 5xx, every successful write present afterwards
# with its audit event, RSS flat. Prints requests/s and memory.
set -euo pipefail
cd "$(dirname "$0")/.."
WUYE_SOAK_SECONDS="${1:-60}" cargo test --release -q -p wuye-e2e --test soak -- --nocapture
