#!/usr/bin/env bash
# Import throughput at N brands, ours vs sqlite3's .import of the same posts.csv into a plain
# table (no key, no index, no validation), median of RUNS (3) runs each.
#   bench/scripts/import.sh 1000
# Ours: brands and accounts first (untimed), then `import posts.csv` timed as a whole process
# (parse, validate, stage, merge, mark and recompute the aggregates), then followers. A second
# import of the same file (idempotent: all unchanged) is timed too.
source "$(dirname "$0")/lib.sh"
n=$1
dir=$(dataset "$n")
posts=$(($(wc -l <"$dir/posts.csv") - 1))
ours=() again=() rss=() peer=()
for run in $(seq "$RUNS"); do
  db=$OUT/b$n.db
  rm -f "$db" "$db"-*
  engagement import --db "$db" "$dir/brands.csv" "$dir/accounts.csv" >/dev/null
  timed "$OUT/t" dotnet "$APP" import --db "$db" "$dir/posts.csv" >/dev/null
  read -r wall user sys kb <"$OUT/t"
  ours+=("$wall") rss+=("$kb")
  # The store holding the posts (with their indices, mentions and daily aggregates) against the plain table below.
  store_bytes=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
  # Of it, what holds the posts alone (the table, its indices, the mentions), the part the plain table compares with.
  posts_bytes=$(sqlite3 "$db" "SELECT sum(pgsize) FROM dbstat WHERE name IN ('posts', 'posts_by_author', 'posts_by_reply_author', 'post_mentions', 'post_mentions_by_handle')")
  result "import n=$n run=$run posts=$posts wall=$wall user=$user sys=$sys rss_kb=$kb store_bytes=$store_bytes posts_bytes=$posts_bytes cpu_pressure=$(pressure)"
  timed "$OUT/t" dotnet "$APP" import --db "$db" "$dir/posts.csv" >/dev/null
  read -r wall user sys kb <"$OUT/t"
  again+=("$wall")
  result "reimport n=$n run=$run posts=$posts wall=$wall user=$user sys=$sys rss_kb=$kb"
  engagement import --db "$db" "$dir/followers.csv" >/dev/null

  plain=$OUT/plain$n.db
  rm -f "$plain"
  timed "$OUT/t" sqlite3 "$plain" -cmd '.mode csv' ".import $dir/posts.csv posts"
  read -r wall user sys kb <"$OUT/t"
  peer+=("$wall")
  result "sqlite3_import n=$n run=$run posts=$posts wall=$wall user=$user sys=$sys rss_kb=$kb plain_bytes=$(stat -c %s "$plain") cpu_pressure=$(pressure)"
  rm -f "$plain"
done
o=$(median "${ours[@]}") p=$(median "${peer[@]}")
echo "import n=$n: ours $(awk -v p="$posts" -v t="$o" 'BEGIN { printf "%.0f", p / t }') posts/s (median $o s, re-import $(median "${again[@]}") s, peak $(median "${rss[@]}") KB);" \
  "sqlite3 .import $(awk -v p="$posts" -v t="$p" 'BEGIN { printf "%.0f", p / t }') posts/s (median $p s); ratio $(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.2f", b / a }')"
