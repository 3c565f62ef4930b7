#!/usr/bin/env bash
# Soak (issue 12): one `engagement serve` over the N-brand data set, wrk at 32 connections for
# DURATION (default 10m) over a mix of good and hostile requests (reports, comparisons, trends,
# CSV, pages, /health, windows of centuries and dates out of range, junk parameters), with the
# server's RSS sampled every 10 s. It passes when wrk saw no socket error, no answer was a 5xx and
# the RSS stayed flat (the last sample within 15 % of the one at the end of the first minute).
#   bench/scripts/soak.sh [N] [DURATION]          e.g. bench/scripts/soak.sh 1000 10m
source "$(dirname "$0")/lib.sh"
n=${1:-1000}
duration=${2:-10m}
command -v wrk >/dev/null || "$BENCH/scripts/setup.sh"
[ -f "$APP" ] || freeze_build
dir=$(dataset "$n")
db=$OUT/soak$n.db
if [ ! -f "$db" ]; then
  engagement import --db "$db" "$dir" >/dev/null
fi
key=$(engagement keys create --db "$db" --name "soak-$(date +%s%N)" --role viewer | tail -1)
start_server "$db" "$OUT/soak-serve.log"

brand=$(sed -n 2p "$dir/brands.csv" | cut -d, -f1)
other=$(sed -n 3p "$dir/brands.csv" | cut -d, -f1)
lua=$OUT/soak.lua
cat >"$lua" <<LUA
-- Requests in turn; each thread counts the answers by class. done() sums the threads.
local paths = {
  "/api/v1/reports/brands/$brand?benchmark=all",
  "/api/v1/reports/compare?brands=$brand,$other",
  "/api/v1/reports/brands/$brand/trend?granularity=month",
  "/api/v1/benchmarks?format=csv",
  "/reports/brands/$brand.html",
  "/health",
  "/api/v1/reports/brands/$brand?from=0001-01-01&to=9999-12-31",
  "/api/v1/reports/brands/$brand?from=1000-01-01&to=2096-01-01",
  "/api/v1/reports/brands/$brand/trend?from=2000-01-01&granularity=%ff%00",
  "/api/v1/reports/compare?brands=%00,,$brand&minEffort=99999999999&format=x",
  "/api/v1/reports/brands/ghost",
}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = 0; ok = 0; client = 0; server = 0 end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["X-Api-Key"] = "$key" })
end
function response(status, headers, body)
  if status >= 500 then server = server + 1 elseif status >= 400 then client = client + 1 else ok = ok + 1 end
end
function done(summary, latency, requests)
  local o, c, s = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); c = c + t:get("client"); s = s + t:get("server") end
  io.write(string.format("STATUS ok=%d client_errors=%d server_errors=%d\n", o, c, s))
end
LUA

rss_log=$OUT/soak-rss.log
: >"$rss_log"
( while kill -0 "$server" 2>/dev/null; do awk -v t="$(date +%s)" '/VmRSS/ { print t, $2 }' "/proc/$server/status" >>"$rss_log"; sleep 10; done ) &
sampler=$!
trap 'kill "$server" "$sampler" 2>/dev/null || true' EXIT
wrk_out=$OUT/soak-wrk.log
# A 10 s timeout: slower answers are latency (reported), not errors; wrk's default is 2 s.
wrk -t2 -c32 -d"$duration" --timeout 10s --latency -s "$lua" "$base" | tee "$wrk_out"

requests=$(awk '/requests in/ { print $1 }' "$wrk_out")
rps=$(awk '/Requests\/sec/ { print $2 }' "$wrk_out")
socket_errors=$(awk -F'[ ,]+' '/Socket errors/ { print $5 + $7 + $9 + $11 }' "$wrk_out")
read -r ok client server_errors < <(awk '/^STATUS/ { split($2, a, "="); split($3, b, "="); split($4, c, "="); print a[2], b[2], c[2] }' "$wrk_out")
first=$(awk 'NR == 7 { print $2 }' "$rss_log")
first=${first:-$(awk 'NR == 1 { print $2 }' "$rss_log")}
last=$(tail -1 "$rss_log" | awk '{ print $2 }')
peak=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$rss_log")
p99=$(awk '/^ +99%/ { print $2 }' "$wrk_out")
flat=$(awk -v a="$first" -v b="$last" 'BEGIN { print (b <= a * 1.15) ? "yes" : "no" }')
result "soak n=$n duration=$duration requests=$requests rps=$rps ok=$ok client_errors=$client server_errors=$server_errors socket_errors=${socket_errors:-0} p99=$p99 rss_after_1min_kb=$first rss_end_kb=$last rss_peak_kb=$peak rss_flat=$flat"
[ "${server_errors:-1}" -eq 0 ] && [ "${socket_errors:-0}" -eq 0 ] && [ "$flat" = yes ]
