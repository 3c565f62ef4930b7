#!/usr/bin/env bash
# PostgreSQL import throughput at N brands, ours vs `COPY` of the same posts.csv into a bare
# table (text columns, no key, no index, no validation), median of RUNS (3) runs each, side by side.
#   bench/scripts/pg-import.sh 3000
# Server: $ENGAGEMENT_BENCH_POSTGRES (a connection string; a database per run is created in it),
# else a durable throw-away cluster from .ci/postgres.sh. Ours: brands and accounts first
# (untimed), then `import posts.csv` timed as a whole process (wall: the server does most of the
# work, so the client's CPU time says little here). Peer: psql's `\copy ... FROM` (client-side
# COPY over the same socket). Both wall times include the server's commit. After each import,
# `compact` (VACUUM (ANALYZE) of the store's tables) is timed too.
source "$(dirname "$0")/lib.sh"
n=$1
dir=$(dataset "$n")
posts=$(($(wc -l <"$dir/posts.csv") - 1))
pg_server
server_psql() { psql "$(libpq "$ENGAGEMENT_BENCH_POSTGRES")" -qAt "$@"; }
ours=() peer=()
for run in $(seq "$RUNS"); do
  db=$(pg_database bench_import)
  engagement import --db "$db" "$dir/brands.csv" "$dir/accounts.csv" >/dev/null
  before=$(server_cpu "$cluster")
  timed "$OUT/t" dotnet "$APP" import --db "$db" "$dir/posts.csv" >/dev/null
  read -r wall user sys kb <"$OUT/t"
  ours+=("$wall")
  result "pg_import n=$n run=$run posts=$posts wall=$wall user=$user sys=$sys server_cpu=$(awk -v a="$before" -v b="$(server_cpu "$cluster")" 'BEGIN { print (a == "?") ? "?" : b - a }') rss_kb=$kb cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  # `compact` after the first import (VACUUM (ANALYZE) of the store's tables): its time and the tables' size before and after.
  before=$(server_cpu "$cluster")
  timed "$OUT/t" dotnet "$APP" compact --db "$db" >"$OUT/compact.out"
  read -r wall user sys kb <"$OUT/t"
  result "pg_compact n=$n run=$run wall=$wall user=$user sys=$sys server_cpu=$(awk -v a="$before" -v b="$(server_cpu "$cluster")" 'BEGIN { print (a == "?") ? "?" : b - a }') said=\"$(head -1 "$OUT/compact.out")\" cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"

  copy_db=$(pg_database bench_copy)
  copy_db=$(libpq "$copy_db")
  psql "$copy_db" -qAt -c "CREATE TABLE posts (network text, post_id text, author text, created_at text, in_reply_to_post text,
    in_reply_to_author text, mentions text, likes text, shares text, quotes text, replies text, views text)"
  before=$(server_cpu "$cluster")
  timed "$OUT/t" psql "$copy_db" -qAt -c "\\copy posts FROM '$dir/posts.csv' WITH (FORMAT csv, HEADER true)"
  read -r wall user sys kb <"$OUT/t"
  peer+=("$wall")
  result "pg_copy n=$n run=$run posts=$posts wall=$wall user=$user sys=$sys server_cpu=$(awk -v a="$before" -v b="$(server_cpu "$cluster")" 'BEGIN { print (a == "?") ? "?" : b - a }') cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
done
server_psql -c "DROP DATABASE IF EXISTS bench_import" -c "DROP DATABASE IF EXISTS bench_copy"
o=$(median "${ours[@]}") p=$(median "${peer[@]}")
echo "pg import n=$n: ours $(awk -v p="$posts" -v t="$o" 'BEGIN { printf "%.0f", p / t }') posts/s (median $o s);" \
  "COPY $(awk -v p="$posts" -v t="$p" 'BEGIN { printf "%.0f", p / t }') posts/s (median $p s); ratio $(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.2f", b / a }')"
