#!/usr/bin/env bash
# `engagement compact` on the N-brand store import.sh left (bench/out/bN.db), or on a copy of
# STORE=path (the original is never touched): the store's size and its posts' structures before
# and after, against the plain table of the same posts.csv (`sqlite3 .import`, built once into
# bench/out/plainN.db and kept), and the time compact takes. Median of RUNS, each on a fresh copy.
#   bench/scripts/compact.sh 30000
#   STORE=/path/to/b30000.db RUNS=3 bench/scripts/compact.sh 30000
source "$(dirname "$0")/lib.sh"
n=$1
source_db=${STORE:-$OUT/b$n.db}
[ -f "$source_db" ] || { echo "no store at $source_db: run import.sh $n first, or give STORE=" >&2; exit 2; }
dir=$(dataset "$n")
plain=$OUT/plain$n.db
if [ ! -f "$plain" ]; then
  sqlite3 "$plain" -cmd '.mode csv' ".import $dir/posts.csv posts"
fi
plain_bytes=$(stat -c %s "$plain")

# sizes DB: "store_bytes posts_bytes": the file with its WAL; the posts' table, indices and mentions (dbstat).
sizes() {
  echo "$(($(stat -c %s "$1") + $(stat -c %s "$1-wal" 2>/dev/null || echo 0)))" \
    "$(sqlite3 "$1" "SELECT sum(pgsize) FROM dbstat WHERE name IN ('posts', 'posts_by_author', 'posts_by_reply_author', 'post_mentions', 'post_mentions_by_handle')")"
}
# unused DB: the share of the posts table's pages left unused (dbstat's unused bytes / page bytes).
unused() { sqlite3 "$1" "SELECT printf('%.3f', 1.0 * sum(unused) / sum(pgsize)) FROM dbstat WHERE name = 'posts'"; }

walls=()
db=$OUT/compact$n.db
for run in $(seq "$RUNS"); do
  rm -f "$db" "$db"-*
  cp "$source_db" "$db"
  [ -f "$source_db-wal" ] && cp "$source_db-wal" "$db-wal"
  read -r store_before posts_before < <(sizes "$db")
  unused_before=$(unused "$db")
  timed "$OUT/t" dotnet "$APP" compact --db "$db" >"$OUT/compact.out"
  read -r wall user sys kb <"$OUT/t"
  walls+=("$wall")
  read -r store_after posts_after < <(sizes "$db")
  result "compact n=$n run=$run wall=$wall user=$user sys=$sys rss_kb=$kb store_before=$store_before posts_before=$posts_before" \
    "unused_before=$unused_before store_after=$store_after posts_after=$posts_after unused_after=$(unused "$db") plain_bytes=$plain_bytes" \
    "said=\"$(head -1 "$OUT/compact.out")\" cpu_pressure=$(pressure)"
done
rm -f "$db" "$db"-*
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; } # MiB, as RESULTS.md
ratio() { awk -v a="$1" -v b="$plain_bytes" 'BEGIN { printf "%.2f", a / b }'; }
echo "compact n=$n: median $(median "${walls[@]}") s; store $(mb "$store_before") -> $(mb "$store_after") MB" \
  "($(ratio "$store_before") -> $(ratio "$store_after")x the plain table's $(mb "$plain_bytes") MB);" \
  "posts' structures $(mb "$posts_before") -> $(mb "$posts_after") MB ($(ratio "$posts_before") -> $(ratio "$posts_after")x)"
