#!/usr/bin/env bash
# The floor of a first import on this store's design, built by sqlite3 itself, beside the peer.
#   bench/scripts/import-floor.sh 30000   (after import.sh N, which leaves $OUT/bN.db)
# The store keeps the posts in a table keyed by (network, post_id) with two indices
# (posts_by_author, posts_by_reply_author). Here the sqlite3 shell does that much alone, with
# our pragmas for a first load (rollback journal, synchronous NORMAL, 32 MB cache, one sorter
# helper): `.import` of the store's own posts rows (network code, integer instants: exactly what
# the table holds, exported untimed, in key order - the most favourable order for the load) into
# the same table, then the two `CREATE INDEX`. No parsing of our format, no validation, no
# mentions, no aggregates, no idempotency check: a lower bound of what any first import on this
# design costs. The floor's file has the store's own page size (read from it: a store made before
# issue 16 has SQLite's default 4,096, a new one SqliteDialect.PageSize), so that the floor and
# ours build the same B-trees. The peer is the same `.import posts.csv` into a plain table as
# import.sh's (SQLite's default page size, as the sqlite3 shell makes it).
source "$(dirname "$0")/lib.sh"
n=$1
dir=$(dataset "$n")
store=$OUT/b$n.db
[ -f "$store" ] || { echo "no $store: run bench/scripts/import.sh $n first" >&2; exit 2; }
page=$(sqlite3 "$store" 'PRAGMA page_size')
rows=$OUT/floor-rows$n.csv
sqlite3 -csv "$store" 'SELECT "network", "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author", "likes", "shares", "quotes", "replies", "views" FROM "posts"' >"$rows"
# The table and indices as migrations 1, 10, 14 and 15 leave them.
table='CREATE TABLE "posts" ("network" INTEGER NOT NULL, "post_id" TEXT NOT NULL, "author" TEXT NOT NULL, "created_at" INTEGER NOT NULL, "in_reply_to_post" TEXT NULL, "in_reply_to_author" TEXT NULL, "likes" INTEGER NOT NULL, "shares" INTEGER NOT NULL, "quotes" INTEGER NOT NULL, "replies" INTEGER NOT NULL, "views" INTEGER NULL, PRIMARY KEY ("network", "post_id")) WITHOUT ROWID;'
pragmas='PRAGMA journal_mode = DELETE; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA threads = 1;'
floors=() peers=()
for run in $(seq "$RUNS"); do
  db=$OUT/floor$n.db
  rm -f "$db" "$db"-*
  sqlite3 "$db" "PRAGMA page_size = $page; $table" >/dev/null
  # .import of an existing table reads every line as data; empty fields stay '' (views, replies to
  # nobody), which costs the floor a byte a field more than NULL: still below ours in work.
  timed "$OUT/t" sqlite3 "$db" -cmd "$pragmas" -cmd '.mode csv' ".import $rows posts" >/dev/null
  read -r load lu ls lkb <"$OUT/t"
  timed "$OUT/t" sqlite3 "$db" -cmd "$pragmas" 'CREATE INDEX "posts_by_author" ON "posts" ("network", "author", "created_at");' >/dev/null
  read -r by_author au as akb <"$OUT/t"
  timed "$OUT/t" sqlite3 "$db" -cmd "$pragmas" "CREATE INDEX \"posts_by_reply_author\" ON \"posts\" (\"network\", \"in_reply_to_author\") WHERE \"in_reply_to_author\" <> '';" >/dev/null
  read -r by_reply ru rs rkb <"$OUT/t"
  floor=$(awk -v a="$load" -v b="$by_author" -v c="$by_reply" 'BEGIN { printf "%.2f", a + b + c }')
  floors+=("$floor")
  result "import_floor n=$n run=$run page_size=$(sqlite3 "$db" 'PRAGMA page_size') load=$load load_cpu=$(awk -v u="$lu" -v s="$ls" 'BEGIN { print u + s }') by_author=$by_author by_author_cpu=$(awk -v u="$au" -v s="$as" 'BEGIN { print u + s }') by_reply=$by_reply by_reply_cpu=$(awk -v u="$ru" -v s="$rs" 'BEGIN { print u + s }') floor=$floor cpu_pressure=$(pressure)"
  rm -f "$db" "$db"-*

  plain=$OUT/plain$n.db
  rm -f "$plain"
  timed "$OUT/t" sqlite3 "$plain" -cmd '.mode csv' ".import $dir/posts.csv posts"
  read -r wall user sys kb <"$OUT/t"
  peers+=("$wall")
  result "sqlite3_import n=$n run=$run wall=$wall user=$user sys=$sys cpu_pressure=$(pressure)"
  rm -f "$plain"
done
rm -f "$rows"
f=$(median "${floors[@]}") p=$(median "${peers[@]}")
echo "import floor n=$n ($page-byte pages): sqlite3's own load of the keyed table and its two indices, median $f s; sqlite3 .import into a plain table $p s; the floor's ratio $(awk -v a="$f" -v b="$p" 'BEGIN { printf "%.2f", b / a }') (0.5x needs <= $(awk -v b="$p" 'BEGIN { printf "%.2f", 2 * b }') s)"
