#!/usr/bin/env bash
# Import and full-benchmark timings on SQLite and PostgreSQL, same data sets, same binary.
#
#   bench/postgres.sh [sizes...]        e.g. bench/postgres.sh 1000 3000 10000
#
# Data sets: bench/data/b<N>, shared with bench/scripts (`engagement generate --brands N --seed 7` when
# missing). PostgreSQL: $ENGAGEMENT_BENCH_POSTGRES (a server connection string; a database
# per run is created in it), else a durable throw-away cluster from .ci/postgres.sh.
# Prints one line per provider and size: import (new store), re-import (all unchanged), and
# `report --all` (the full benchmark, a fresh process each time: load + score), median of 3.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 3000}")
read -r -a sizes <<<"${sizes[*]}"

dotnet build src/Engagement.Service -c Release -v q >/dev/null
bin=src/Engagement.Service/bin/Release/net10.0/engagement
work=$(mktemp -d)
cluster=""
cleanup() { [ -n "$cluster" ] && .ci/postgres.sh stop "$cluster"; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "${ENGAGEMENT_BENCH_POSTGRES:-}" ]; then
  eval "$(.ci/postgres.sh start --durable)"
  cluster=$ENGAGEMENT_PG_DIR
  ENGAGEMENT_BENCH_POSTGRES=$ENGAGEMENT_TEST_POSTGRES
fi

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null || { echo "failed: $*" >&2; return 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
psql_server() { psql "$(echo "$ENGAGEMENT_BENCH_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/')" -qAt "$@"; }

printf '%-9s %7s %9s %10s %10s %s\n' provider brands posts import_s reimport_s "report_all_s (median of 3)"
for n in "${sizes[@]}"; do
  data=bench/data/b$n
  [ -f "$data/posts.csv" ] || "$bin" generate --brands "$n" --seed 7 --out "$data" >/dev/null
  posts=$(( $(wc -l <"$data/posts.csv") - 1 ))
  for provider in sqlite postgres; do
    if [ "$provider" = sqlite ]; then
      db=$work/b$n.db
    else
      psql_server -c "DROP DATABASE IF EXISTS bench_$n" -c "CREATE DATABASE bench_$n"
      db="${ENGAGEMENT_BENCH_POSTGRES/Database=engagement/Database=bench_$n}"
    fi
    import=$(seconds "$bin" import --db "$db" "$data")
    reimport=$(seconds "$bin" import --db "$db" "$data")
    r1=$(seconds "$bin" report --all --format json --db "$db")
    r2=$(seconds "$bin" report --all --format json --db "$db")
    r3=$(seconds "$bin" report --all --format json --db "$db")
    printf '%-9s %7s %9s %10.1f %10.1f %.1f\n' "$provider" "$n" "$posts" "$import" "$reimport" "$(median3 "$r1" "$r2" "$r3")"
  done
done
