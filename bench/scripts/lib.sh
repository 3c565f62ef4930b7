# Shared by the bench scripts: paths, the frozen build, timing and medians.
# shellcheck shell=bash
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data            # generated data sets, git-ignored
OUT=$BENCH/out              # stores, logs, the frozen build; git-ignored
APP=${APP:-$OUT/app/engagement.dll}  # APP=...: an A/B pair against another frozen build
RUNS=${RUNS:-3}
SEED=${SEED:-7}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$DATA" "$OUT"

# Release build published aside (ReadyToRun, as deployed), so that a rebuild in the working tree
# cannot change the binary mid-run.
freeze_build() {
  rm -rf "$OUT/app"
  # Self-contained: the framework and the app precompiled as one composite image (see the csproj).
  # The SDK keeps the precompiled images in the same intermediate folder for a framework-dependent
  # publish and does not notice the composite switch: a framework-dependent publish after this one
  # reused them and aborted at start. The folder goes before and after, so neither poisons the other.
  local r2r="$ROOT/src/Engagement.Service/obj/Release/net10.0/linux-x64"
  rm -rf "$r2r"
  dotnet publish "$ROOT/src/Engagement.Service" -c Release -r linux-x64 --self-contained true -v q -nologo -o "$OUT/app" >/dev/null
  rm -rf "$r2r"
}

engagement() { dotnet "$APP" "$@"; }

dataset() {
  local n=$1 dir=$DATA/b$1
  if [ ! -f "$dir/posts.csv" ]; then
    engagement generate --brands "$n" --seed "$SEED" --out "$dir" >&2
  fi
  echo "$dir"
}

# timed FILE CMD...: runs CMD, writes "wall user sys maxrss_kb" to FILE (GNU time).
timed() {
  local file=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$file" "$@"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# result KEY=VALUE...: one line per measurement, collected by summarize.py into RESULTS tables.
result() { echo "RESULT $(date -u +%FT%TZ) $*" | tee -a "$OUT/results.log"; }

machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ { print $2 }') GiB," \
    "$(uname -sr), .NET $(dotnet --version), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'), load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Share of the last 10 s some task waited for a CPU (Linux PSI): other work on the machine.
pressure() { awk '/^some/ { sub("avg10=", "", $2); print $2 }' /proc/pressure/cpu 2>/dev/null || echo "?"; }

# start_server DB LOG: `engagement serve` on DB at a random port, collectors off, warnings-only
# logs, ready when /health answers. Sets $server (its pid) and $base (its URL); stopped on exit.
start_server() {
  local port=$((20000 + RANDOM % 20000))
  base=http://127.0.0.1:$port
  Logging__LogLevel__Default=Warning Collectors__mastodon__Enabled=false Collectors__bluesky__Enabled=false \
    Collectors__youtube__Enabled=false Collectors__x__Enabled=false Collectors__facebook__Enabled=false \
    Collectors__instagram__Enabled=false dotnet "$APP" serve --db "$1" --urls "$base" >"$2" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 600); do
    curl -sf "$base/health" >/dev/null && return 0
    sleep 0.1
  done
}

# server_cpu CLUSTER_DIR: the PostgreSQL server's CPU seconds so far (user + system of the
# postmaster, its live processes and its exited ones, which the postmaster has reaped): "?" for
# a server given by connection string (no CLUSTER_DIR).
# The wall times here are mostly other work on a busy machine; CPU is what each side spent.
server_cpu() {
  local pm
  pm=$(head -1 "${1:-/nonexistent}/data/postmaster.pid" 2>/dev/null) || { echo "?"; return; }
  sleep 0.5 # the client's backend exits and is reaped after the client does
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
    for child in $(pgrep -P "$pm"); do awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || true; done
  } | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.2f", t / hz }'
}
# libpq CONNECTION_STRING: Npgsql's keywords as psql takes them.
libpq() { echo "$1" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/'; }

# pg_server: the server of $ENGAGEMENT_BENCH_POSTGRES (a connection string; databases are created
# in it), else a durable throw-away cluster from .ci/postgres.sh, its folder in $cluster, stopped on exit.
pg_server() {
  cluster=""
  if [ -z "${ENGAGEMENT_BENCH_POSTGRES:-}" ]; then
    eval "$("$ROOT/.ci/postgres.sh" start --durable)"
    cluster=$ENGAGEMENT_PG_DIR
    ENGAGEMENT_BENCH_POSTGRES=$ENGAGEMENT_TEST_POSTGRES
    trap '"$ROOT/.ci/postgres.sh" stop "$cluster" >/dev/null 2>&1' EXIT
  fi
}

# pg_database NAME: a fresh database NAME on the pg_server (dropped first); prints its connection
# string (the server's, its Database= replaced). Fails, and so stops the script, when psql does.
pg_database() {
  psql "$(libpq "$ENGAGEMENT_BENCH_POSTGRES")" -qAt -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >&2 &&
    echo "${ENGAGEMENT_BENCH_POSTGRES/Database=engagement/Database=$1}"
}
