#!/usr/bin/env bash
# Peak memory of the server (VmHWM) serving a report page vs the API alone, at N brands.
# Every consumer goes through the one report service over the daily aggregates, so a page (a
# brand report plus its weekly trend, or a comparison with the distribution and trend) should
# need about what the API's report needs, not the whole store in memory. Each case is a fresh
# `engagement serve` process (collectors off), warmed with the same request three times.
#   bench/scripts/page-memory.sh 30000       # the target size (generate + import take a while)
#   MAX_RATIO=1.5 bench/scripts/page-memory.sh 3000
# Exit status 1 when a page needs more than MAX_RATIO (default 1.5) times the API's peak.
source "$(dirname "$0")/lib.sh"
n=${1:-30000}
max_ratio=${MAX_RATIO:-1.5}
[ -f "$APP" ] || freeze_build
dir=$(dataset "$n")
db=$OUT/b$n.db
if [ ! -f "$db" ]; then
  engagement import --db "$db" "$dir" >/dev/null
fi
key=$(engagement keys create --db "$db" --name "bench-$(date +%s%N)" --role viewer | tail -1)
brands=$(sed -n '2,4p' "$dir/brands.csv" | cut -d, -f1 | paste -sd,)
brand=${brands%%,*}

# peak NAME PATH...: a fresh server, each path requested three times, prints its VmHWM in KiB.
peak() {
  local name=$1; shift
  local port=$((20000 + RANDOM % 20000)) server
  local base=http://127.0.0.1:$port
  Collectors__Mastodon__Enabled=false Collectors__Bluesky__Enabled=false Collectors__YouTube__Enabled=false \
    dotnet "$APP" serve --db "$db" --urls "$base" >"$OUT/page-memory-$name.log" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    curl -sf "$base/health" >/dev/null && break
    sleep 0.1
  done
  for _ in 1 2 3; do
    for path in "$@"; do
      curl -sf -o /dev/null -H "X-Api-Key: $key" "$base$path" || { echo "GET $path failed" >&2; kill "$server"; exit 2; }
    done
  done
  awk '/VmHWM/ { print $2 }' "/proc/$server/status"
  kill "$server"
  wait "$server" 2>/dev/null || true
}

api=$(peak api "/api/v1/reports/brands/$brand")
api_trend=$(peak api-trend "/api/v1/reports/brands/$brand" "/api/v1/reports/brands/$brand/trend")
page=$(peak brand-page "/reports/brands/$brand.html")
compare=$(peak compare-page "/reports/compare.html?brands=$brands")
result "page_memory n=$n api_kib=$api api_trend_kib=$api_trend brand_page_kib=$page compare_page_kib=$compare"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "server peak at $n brands: API brand report $((api / 1024)) MiB; + trend $((api_trend / 1024)) MiB;" \
  "brand page $((page / 1024)) MiB ($(ratio "$page" "$api")x); compare page $((compare / 1024)) MiB ($(ratio "$compare" "$api")x)"
awk -v p="$page" -v c="$compare" -v a="$api" -v m="$max_ratio" 'BEGIN { exit !(p <= m * a && c <= m * a) }' || {
  echo "a page needs more than ${max_ratio}x the API's memory" >&2
  exit 1
}
