#!/usr/bin/env bash
# Installs the peers and load tools (sqlite3, wrk, hyperfine from apt; DuckDB's node client in
# /tmp/duckdb-node) and freezes a Release build in bench/out/app.
#   bench/scripts/setup.sh
source "$(dirname "$0")/lib.sh"
missing=()
for tool in sqlite3 wrk hyperfine; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
if [ ! -d /tmp/duckdb-node/node_modules/@duckdb/node-api ]; then
  mkdir -p /tmp/duckdb-node && (cd /tmp/duckdb-node && npm install --silent @duckdb/node-api)
fi
freeze_build
echo "ready: $(machine)"
