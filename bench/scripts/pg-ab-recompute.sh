#!/usr/bin/env bash
# PostgreSQL: A/B of the aggregates' recompute alone between frozen builds, alternating on one store:
#   RUNS=3 bench/scripts/pg-ab-recompute.sh 3000 bench/out/app-base bench/out/app
# A durable throw-away cluster (or $ENGAGEMENT_BENCH_POSTGRES), the N-brand data set imported once
# by the first build (untimed). Per round and build: every account marked in aggregate_dirty, then
# an import of one new post timed (the refresh that follows recomputes all of them), with the
# server's CPU seconds beside the client's.
source "$(dirname "$0")/lib.sh"
n=$1; shift
dir=$(dataset "$n")
pg_server
db=$(pg_database bench_recompute)
store() { psql "$(libpq "$db")" -qAt "$@"; }
dotnet "$1/engagement.dll" import --db "$db" "$dir" >/dev/null
one=$OUT/one-post/posts.csv
mkdir -p "$(dirname "$one")"
IFS=, read -r _ network handle < <(sed -n 2p "$dir/accounts.csv")
for run in $(seq "$RUNS"); do
  for app in "$@"; do
    name=$(basename "$app")
    # A post id new each time, so that the import stores it and refreshes.
    { head -1 "$dir/posts.csv"; echo "$network,pg-ab-recompute-$name-$run-$(date +%s%N),$handle,2024-06-07T19:00:05Z,,,,1,0,0,0,"; } >"$one"
    store -c "INSERT INTO aggregate_dirty (network, handle, generation) SELECT network, handle, 0 FROM accounts ON CONFLICT DO NOTHING" -c "CHECKPOINT"
    before=$(server_cpu "$cluster")
    timed "$OUT/t" dotnet "$app/engagement.dll" import --db "$db" "$one" >/dev/null
    read -r wall user sys kb <"$OUT/t"
    result "pg_ab_recompute build=$name n=$n run=$run accounts=$(store -c 'SELECT count(*) FROM accounts') left=$(store -c 'SELECT count(*) FROM aggregate_dirty') wall=$wall user=$user sys=$sys server_cpu=$(awk -v a="$before" -v b="$(server_cpu "$cluster")" 'BEGIN { print (a == "?") ? "?" : b - a }') rss_kb=$kb cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
psql "$(libpq "$ENGAGEMENT_BENCH_POSTGRES")" -qAt -c "DROP DATABASE IF EXISTS bench_recompute"
