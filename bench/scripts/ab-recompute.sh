#!/usr/bin/env bash
# A/B of the aggregates' recompute alone between frozen builds, alternating on one store:
#   RUNS=3 bench/scripts/ab-recompute.sh 30000 bench/out/app-base bench/out/app
# Needs the store bench/scripts/import.sh N leaves (bench/out/bN.db). Per round and build: every
# account marked in aggregate_dirty (sqlite3), then an import of one new post timed (the post
# marks its account again; the refresh that follows recomputes all of them).
source "$(dirname "$0")/lib.sh"
n=$1; shift
dir=$(dataset "$n") db=$OUT/b$n.db
[ -f "$db" ] || { echo "no $db: run bench/scripts/import.sh $n first" >&2; exit 1; }
one=$OUT/one-post/posts.csv
mkdir -p "$(dirname "$one")" && head -1 "$dir/posts.csv" >"$one"
IFS=, read -r _ network handle < <(sed -n 2p "$dir/accounts.csv")
for run in $(seq "$RUNS"); do
  for app in "$@"; do
    name=$(basename "$app")
    # A post id new each time (also across invocations), so that the import stores it and refreshes.
    { head -1 "$dir/posts.csv"; echo "$network,ab-recompute-$name-$run-$(date +%s%N),$handle,2024-06-07T19:00:05Z,,,,1,0,0,0,"; } >"$one"
    sqlite3 "$db" 'INSERT INTO aggregate_dirty (network, handle, generation) SELECT network, handle, 0 FROM accounts WHERE 1 ON CONFLICT DO NOTHING;'
    timed "$OUT/t" dotnet "$app/engagement.dll" import --db "$db" "$one" >/dev/null
    read -r wall user sys kb <"$OUT/t"
    result "ab_recompute build=$name n=$n run=$run accounts=$(sqlite3 "$db" 'SELECT count(*) FROM accounts') left=$(sqlite3 "$db" 'SELECT count(*) FROM aggregate_dirty') wall=$wall user=$user sys=$sys rss_kb=$kb cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
