#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: initdb in a temp folder, owned by an
# unprivileged user (initdb refuses root), listening on 127.0.0.1 at a free port.
#
#   eval "$(.ci/postgres.sh start)"        # exports ENGAGEMENT_TEST_POSTGRES and ENGAGEMENT_PG_DIR
#   .ci/postgres.sh stop "$ENGAGEMENT_PG_DIR"
#
# start installs PostgreSQL from apt when no initdb is found and we are root. Only the export
# lines go to stdout; everything else goes to stderr. --durable keeps fsync on (benchmarks);
# by default the cluster trades durability for speed, which a throw-away cluster can afford.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && last=$dir
  done
  echo "${last:-}"
}

# Runs a command as the cluster's owner: ourselves, or "postgres" (created when missing) as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local durable=0
  [ "${1:-}" = "--durable" ] && durable=1
  local bin
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    [ "$(id -u)" -eq 0 ] || { log "PostgreSQL is not installed (apt-get install postgresql) and we are not root"; exit 1; }
    log "installing PostgreSQL from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(find_bin)
  fi

  owner=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/engagement-pg.XXXXXX")
  chmod 755 "$dir"
  chown "$owner" "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U engagement --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }

  local settings="-c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c shared_buffers=256MB"
  if [ "$durable" -eq 0 ]; then
    settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi

  # A port may be taken between the check and the start: try a few.
  local port attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + RANDOM % 30000 ))
    port_is_free "$port" || continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port $settings" start >&2; then
      break
    fi
    port=""
  done
  [ -n "$port" ] || { cat "$dir/server.log" >&2; exit 1; }

  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U engagement engagement >&2
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  echo "export ENGAGEMENT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=engagement;Database=engagement'"
  echo "export ENGAGEMENT_PG_DIR='$dir'"
}

stop() {
  local dir=${1:-${ENGAGEMENT_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir/data" ] || { log "no cluster folder given"; exit 1; }
  local bin
  bin=$(find_bin)
  owner=$(stat -c %U "$dir/data")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [--durable] | stop DIR" >&2; exit 2 ;;
esac
