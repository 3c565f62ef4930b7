#!/usr/bin/env bash
# A/B of a first import between two frozen builds, alternating in the same minutes:
#   bench/scripts/ab-import.sh 3000 bench/out/app-base bench/out/app
# Per round and build: a fresh store with the brands and accounts (untimed), a first
# `import posts.csv` timed as a whole process, then every account marked in aggregate_dirty
# (sqlite3) and an import of a one-post file timed: the recompute of all the accounts, nearly
# alone (a first import's recompute covers the same accounts). One RESULT line each, with the CPU pressure and load of the moment.
source "$(dirname "$0")/lib.sh"
n=$1; shift
dir=$(dataset "$n")
empty=$OUT/one-post/posts.csv
mkdir -p "$(dirname "$empty")" && head -1 "$dir/posts.csv" >"$empty"
# A post of the first account, new to the data set: the import stores it and refreshes.
IFS=, read -r _ network handle < <(sed -n 2p "$dir/accounts.csv")
echo "$network,ab-recompute-1,$handle,2024-06-07T19:00:05Z,,,,1,0,0,0," >>"$empty"
for run in $(seq "$RUNS"); do
  for app in "$@"; do
    name=$(basename "$app") db=$OUT/ab$n.db
    rm -f "$db" "$db"-*
    dotnet "$app/engagement.dll" import --db "$db" "$dir/brands.csv" "$dir/accounts.csv" >/dev/null
    timed "$OUT/t" dotnet "$app/engagement.dll" import --db "$db" "$dir/posts.csv" >/dev/null
    read -r wall user sys kb <"$OUT/t"
    result "ab_import build=$name n=$n run=$run wall=$wall user=$user sys=$sys rss_kb=$kb cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
    sqlite3 "$db" 'INSERT INTO aggregate_dirty (network, handle, generation) SELECT network, handle, 0 FROM accounts WHERE 1 ON CONFLICT DO NOTHING;'
    timed "$OUT/t" dotnet "$app/engagement.dll" import --db "$db" "$empty" >/dev/null
    read -r wall user sys kb <"$OUT/t"
    result "ab_recompute build=$name n=$n run=$run accounts=$(sqlite3 "$db" 'SELECT count(*) FROM accounts') left=$(sqlite3 "$db" 'SELECT count(*) FROM aggregate_dirty') wall=$wall user=$user sys=$sys cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
rm -f "$OUT/ab$n.db" "$OUT/ab$n.db"-*
