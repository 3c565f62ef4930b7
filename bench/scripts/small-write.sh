#!/usr/bin/env bash
# What a store's page size costs a small write, stores alternating in the same minutes:
#   bench/scripts/small-write.sh 30000 bench/out/b30000-4k.db bench/out/b30000-32768.db
# Per round and store: `import` of a file of one new post of the data set's first account (a
# whole process: the post, its account's aggregates, the data version), with the bytes the
# process wrote to disk (GNU time's file system outputs, 512-byte blocks: the WAL and the
# checkpoint into the file); then, in the sqlite3 shell with the automatic checkpoint off, the
# WAL bytes of one commit of a new post and of one commit updating an existing post's counts (a
# collector's upsert of a post it saw again). Each store gets new posts (ids unique per run):
# run it on copies, not on a store whose documents are compared.
source "$(dirname "$0")/lib.sh"
n=$1; shift
dir=$(dataset "$n")
IFS=, read -r _ network handle < <(sed -n 2p "$dir/accounts.csv")
code=$(sqlite3 "$1" "SELECT \"code\" FROM \"networks\" WHERE \"id\" = '$network'")
file=$OUT/small-write/posts.csv
mkdir -p "$(dirname "$file")"
for run in $(seq "$RUNS"); do
  for db in "$@"; do
    name=$(basename "$db" .db) id="small-write-$run-$RANDOM$RANDOM"
    { head -1 "$dir/posts.csv"; echo "$network,$id,$handle,2024-06-07T19:00:05Z,,,,1,0,0,0,"; } >"$file"
    /usr/bin/time -f "%e %U %S %M %O" -o "$OUT/t" dotnet "$APP" import --db "$db" "$file" >/dev/null
    read -r wall user sys kb blocks <"$OUT/t"
    # One commit each, the WAL's size read by the shell itself before it closes (and checkpoints).
    wal=$(sqlite3 "$db" <<SQL
PRAGMA wal_autocheckpoint = 0;
PRAGMA wal_checkpoint(TRUNCATE);
INSERT INTO "posts" ("network", "post_id", "author", "created_at", "likes", "shares", "quotes", "replies") VALUES ($code, '$id-shell', '$handle', 1717786805, 1, 0, 0, 0);
.shell stat -c %s "$db-wal"
UPDATE "posts" SET "likes" = "likes" + 1 WHERE "network" = $code AND "post_id" = '$id';
.shell stat -c %s "$db-wal"
SQL
)
    read -r insert_wal update_total < <(echo "$wal" | grep -E '^[0-9]+$' | tail -2 | xargs)
    result "small_write n=$n store=$name page_size=$(sqlite3 "$db" 'PRAGMA page_size') run=$run import_wall=$wall import_user=$user import_sys=$sys rss_kb=$kb import_written_bytes=$((blocks * 512)) insert_wal_bytes=$insert_wal update_wal_bytes=$((update_total - insert_wal)) cpu_pressure=$(pressure) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
