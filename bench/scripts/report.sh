#!/usr/bin/env bash
# The full benchmark document at N brands: `report --all --benchmark all --format json` as a whole
# process (wall time, CPU time, peak RSS), median of RUNS (3):
#  - cold: the store's report snapshots deleted first, so the process reads the aggregates,
#    measures and scores 3 x N accounts and writes the JSON (and keeps it as a snapshot);
#  - warm: the snapshot of this data version is there and is read back.
# DuckDB's compute time over the same CSVs (run-duckdb.mjs; its CSV load is not counted), median
# of RUNS. Checks that our document and DuckDB's agree to 1e-9 (scoring.md section 12).
#   bench/scripts/report.sh 1000
source "$(dirname "$0")/lib.sh"
n=$1
dir=$(dataset "$n")
db=$OUT/b$n.db
if [ ! -f "$db" ]; then
  engagement import --db "$db" "$dir" >/dev/null
fi
ours=() rss=() warm=() duck=()
for run in $(seq "$RUNS"); do
  sqlite3 "$db" 'DELETE FROM report_snapshots'
  timed "$OUT/t" dotnet "$APP" report --db "$db" --all --benchmark all --format json >"$OUT/ours$n.json"
  read -r wall user sys kb <"$OUT/t"
  ours+=("$wall") rss+=("$kb")
  result "report n=$n run=$run wall=$wall user=$user sys=$sys rss_kb=$kb bytes=$(stat -c %s "$OUT/ours$n.json") cpu_pressure=$(pressure)"
  timed "$OUT/t" dotnet "$APP" report --db "$db" --all --benchmark all --format json >"$OUT/warm$n.json"
  read -r wall user sys kb <"$OUT/t"
  warm+=("$wall")
  cmp -s "$OUT/ours$n.json" "$OUT/warm$n.json" || { echo "the snapshot differs from the computed document" >&2; exit 1; }
  result "report_warm n=$n run=$run wall=$wall user=$user sys=$sys rss_kb=$kb"

  NODE_PATH=/tmp/duckdb-node/node_modules timed "$OUT/t" node "$ROOT/../shared/reference/run-duckdb.mjs" "$dir" --out "$OUT/duck$n.json" 2>"$OUT/duck.err"
  read -r wall user sys kb <"$OUT/t"
  compute=$(sed -n 's/.*compute \([0-9.]*\) s.*/\1/p' "$OUT/duck.err")
  load=$(sed -n 's/.*load \([0-9.]*\) s.*/\1/p' "$OUT/duck.err")
  duck+=("$compute")
  result "duckdb n=$n run=$run compute=$compute load=$load wall=$wall rss_kb=$kb cpu_pressure=$(pressure)"
done
python3 "$BENCH/scripts/compare.py" "$OUT/ours$n.json" "$OUT/duck$n.json" >"$OUT/compare$n.txt" || { cat "$OUT/compare$n.txt"; exit 1; }
o=$(median "${ours[@]}") d=$(median "${duck[@]}")
w=$(median "${warm[@]}")
echo "report --all n=$n: cold $o s (peak $(median "${rss[@]}") KB), warm $w s; duckdb compute $d s;" \
  "cold/duckdb $(awk -v a="$o" -v b="$d" 'BEGIN { printf "%.2f", a / b }'), warm/duckdb $(awk -v a="$w" -v b="$d" 'BEGIN { printf "%.2f", a / b }');" \
  "documents agree: $(tail -1 "$OUT/compare$n.txt")"
