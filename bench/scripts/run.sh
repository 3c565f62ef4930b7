#!/usr/bin/env bash
# Every benchmark at each size (default 1000 3000 10000 30000), appended to bench/out/results.log;
# then the tables for bench/RESULTS.md (bench/scripts/summarize.py).
#   bench/scripts/run.sh [sizes...]       RUNS=3 by default
source "$(dirname "$0")/lib.sh"
sizes=("${@:-1000 3000 10000 30000}")
read -r -a sizes <<<"${sizes[*]}"
"$BENCH/scripts/setup.sh"
result "machine $(machine | tr ' ' '_')"
for n in "${sizes[@]}"; do
  "$BENCH/scripts/import.sh" "$n"
  "$BENCH/scripts/report.sh" "$n"
  "$BENCH/scripts/api.sh" "$n"
done
python3 "$BENCH/scripts/summarize.py" "$OUT/results.log"
