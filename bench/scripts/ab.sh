#!/usr/bin/env bash
# Cold `report --all --benchmark all --format json` at N brands, builds alternating in the same
# minutes (A/B of a change): each BUILD is a folder under bench/out holding a published
# engagement.dll (e.g. app-base from main, app from the branch); RUNS rounds (3). The store's
# snapshots are deleted before every run; every document must be byte-identical to the first build's.
#   bench/scripts/ab.sh 30000 app-base app
source "$(dirname "$0")/lib.sh"
n=$1; shift
db=$OUT/b$n.db
for run in $(seq "$RUNS"); do
  for build in "$@"; do
    sqlite3 "$db" 'DELETE FROM report_snapshots'
    before=$(pressure)
    timed "$OUT/t" dotnet "$OUT/$build/engagement.dll" report --db "$db" --all --benchmark all --format json >"$OUT/ab-$build.json"
    read -r wall user sys kb <"$OUT/t"
    cmp -s "$OUT/ab-$1.json" "$OUT/ab-$build.json" || { echo "$build: the document differs from $1's" >&2; exit 1; }
    result "ab n=$n build=$build run=$run wall=$wall user=$user sys=$sys rss_kb=$kb cpu_pressure=$before,$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
