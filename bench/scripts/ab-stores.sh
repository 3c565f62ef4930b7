#!/usr/bin/env bash
# Cold `report --all --benchmark all --format json` of one build over several stores of the same
# data (e.g. the same 30,000-brand store at each page size), stores alternating in the same
# minutes; the store's snapshots deleted before every run; every document must be byte-identical
# to REFERENCE (default: the first store's first document).
#   APP=bench/out/app/engagement.dll bench/scripts/ab-stores.sh bench/out/b30000-4k.db bench/out/b30000-32768.db
source "$(dirname "$0")/lib.sh"
reference=${REFERENCE:-}
for run in $(seq "$RUNS"); do
  for db in "$@"; do
    name=$(basename "$db" .db)
    sqlite3 "$db" 'DELETE FROM report_snapshots'
    before=$(pressure)
    timed "$OUT/t" dotnet "$APP" report --db "$db" --all --benchmark all --format json >"$OUT/ab-stores-$name.json"
    read -r wall user sys kb <"$OUT/t"
    reference=${reference:-$OUT/ab-stores-$name.json}
    cmp -s "$reference" "$OUT/ab-stores-$name.json" || { echo "$name: the document differs from $reference" >&2; exit 1; }
    result "ab_stores store=$name page_size=$(sqlite3 "$db" 'PRAGMA page_size') run=$run wall=$wall user=$user sys=$sys rss_kb=$kb cpu_pressure=$before,$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
