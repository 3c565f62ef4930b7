#!/usr/bin/env bash
# Every page of the web app at N brands, one server process (`engagement serve`, collectors off,
# warnings-only logs), signed in with an editor key in the X-Api-Key header (the pages take it as
# the sign-in cookie's session would): each page is requested until warm (the first request of
# the dashboard and the report pages scores the window; later ones read the cached snapshots),
# then WARM seconds (default 3) of the same load unmeasured, then its latency p50/p99 with wrk, one
# connection, DURATION seconds (default 10).
#   bench/scripts/pages.sh 30000
source "$(dirname "$0")/lib.sh"
n=$1
duration=${DURATION:-10}
db=$OUT/b$n.db
if [ ! -f "$APP" ]; then
  freeze_build
fi
if [ ! -f "$db" ]; then
  engagement import --db "$db" "$(dataset "$n")" >/dev/null
fi
key=$(engagement keys create --db "$db" --name "bench-pages-$(date +%s%N)" --role editor | tail -1)
start_server "$db" "$OUT/serve-pages.log"

brands=$(sqlite3 "$db" 'SELECT "id" FROM "brands" ORDER BY "id" LIMIT 3' | paste -sd, -)
brand=${brands%%,*}
middle=$(sqlite3 "$db" "SELECT \"id\" FROM \"brands\" ORDER BY \"id\" LIMIT 1 OFFSET $((n / 2))")
after=$(sqlite3 "$db" "SELECT \"network\" || ' ' || \"handle\" FROM \"accounts\" WHERE \"network\" = 'mastodon' ORDER BY \"network\", \"handle\" LIMIT 1 OFFSET $((n / 2))")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

pages=(
  "dashboard /"
  "dashboard-page /?page=$((n / 50))"
  "dashboard-search /?q=$(enc "${middle:0:8}")"
  "brand-new /brands/new"
  "brand-edit /brands/$middle/edit"
  "brand-collection /brands/$middle/collection"
  "peer-set-new /peer-sets/new?brand=$middle&q=$(enc "${middle:0:8}")"
  "collectors /collectors"
  "collectors-page /collectors?network=mastodon&after=$(enc "$after")"
  "brand-report /reports/brands/$middle.html"
  "compare /reports/compare.html?brands=$brands"
  "methodology /docs/methodology"
  "signin /signin"
)

get() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "X-Api-Key: $key" "$base$1"; }
worst=0
for entry in "${pages[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  read -r status first < <(get "$path")
  if [ "$status" != 200 ]; then
    echo "pages n=$n: $name ($path) answered $status" >&2
    exit 1
  fi
  # Warm: the tiered JIT's recompiles and the collections after a cold scoring settle before the count.
  wrk -t1 -c1 -d"${WARM:-3}s" -H "X-Api-Key: $key" "$base$path" >/dev/null
  latency=$(wrk -t1 -c1 -d"${duration}s" --latency -H "X-Api-Key: $key" "$base$path")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$latency")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$latency")
  requests=$(awk '/requests in/ { print $1 }' <<<"$latency")
  non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$latency")
  result "page n=$n name=$name first_s=$first p50=$p50 p99=$p99 requests=$requests non2xx=${non2xx:-0} cpu_pressure=$(pressure)"
  ms=$(awk -v v="$p99" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }')
  worst=$(awk -v a="$worst" -v b="$ms" 'BEGIN { print (b > a) ? b : a }')
done
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
echo "pages n=$n: worst p99 ${worst} ms over ${#pages[@]} pages (target 100 ms); server peak $rss KB"
awk -v w="$worst" 'BEGIN { exit (w < 100) ? 0 : 1 }'
