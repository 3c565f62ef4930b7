#!/usr/bin/env bash
# The API at N brands, one server process (`engagement serve`, collectors off, warnings-only logs):
#  - GET /api/v1/benchmarks (the full document): the first request (the server computes it) and
#    RUNS more (served from the scored snapshot of this data version), each timed with curl;
#  - GET /api/v1/reports/brands/{brand} warm: latency p50/p99 with wrk, one connection, 10 s;
#  - throughput with wrk (2 threads, 32 connections, 10 s): /health, the brand report, /health
#    again, in the same run; the ratio is against the mean of the two /health runs.
#   bench/scripts/api.sh 1000
source "$(dirname "$0")/lib.sh"
n=$1
dir=$(dataset "$n")
db=$OUT/b$n.db
if [ ! -f "$db" ]; then
  engagement import --db "$db" "$dir" >/dev/null
fi
key=$(engagement keys create --db "$db" --name "bench-$(date +%s%N)" --role viewer | tail -1)
start_server "$db" "$OUT/serve.log"

get() { curl -sf -o /dev/null -w '%{time_total} %{size_download}\n' -H "X-Api-Key: $key" "$1"; }
read -r first bytes < <(get "$base/api/v1/benchmarks?benchmark=all")
result "api_benchmarks_first n=$n seconds=$first bytes=$bytes"
warm=()
for run in $(seq "$RUNS"); do
  read -r seconds _ < <(get "$base/api/v1/benchmarks?benchmark=all")
  warm+=("$seconds")
  result "api_benchmarks n=$n run=$run seconds=$seconds"
done
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")

brand=$(sed -n 2p "$dir/brands.csv" | cut -d, -f1)
url="$base/api/v1/reports/brands/$brand?benchmark=all"
get "$url" >/dev/null
latency=$(wrk -t1 -c1 -d10s --latency -H "X-Api-Key: $key" "$url")
p50=$(awk '$1 == "50%" { print $2 }' <<<"$latency")
p99=$(awk '$1 == "99%" { print $2 }' <<<"$latency")
rps() { wrk -t2 -c32 -d10s "$@" | awk '/Requests\/sec/ { print $2 }'; }
health1=$(rps "$base/health")
reports=$(rps -H "X-Api-Key: $key" "$url")
health2=$(rps "$base/health")
result "api_brand n=$n p50=$p50 p99=$p99 rps=$reports health_rps=$health1,$health2 server_rss_kb=$rss cpu_pressure=$(pressure)"
echo "api n=$n: /benchmarks first $first s, warm $(median "${warm[@]}") s ($bytes bytes); brand report p50 $p50 p99 $p99," \
  "$reports req/s vs /health $health1 and $health2 req/s ($(awk -v r="$reports" -v a="$health1" -v b="$health2" 'BEGIN { printf "%.0f", 200 * r / (a + b) }') %); server peak $rss KB"
