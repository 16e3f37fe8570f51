#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests (Debian's `postgresql` package; scripts/ensure-test-deps.sh
# installs it). Nothing is shared with a system cluster: `start` runs initdb into a folder of its own,
# starts the server on a unix socket in that folder and on a free loopback port (trust authentication,
# fsync off: the data is thrown away), and `stop` stops it and removes the folder.
#
#   scripts/pg-test.sh start     # prints the URL
#   scripts/pg-test.sh url       # postgres://stdcheck@127.0.0.1:PORT/postgres of the running one
#   scripts/pg-test.sh stop
#   scripts/pg-test.sh status    # exit 0 when it runs
#
# The folder is $STDCHECK_PG_DIR, by default /tmp/stdcheck-pg-<hash of this checkout's path>, so one
# checkout has one cluster and two checkouts never meet. As root the server runs as the `postgres` user
# (runuser; PostgreSQL refuses to run as root); otherwise as the caller. `start` on a folder whose
# server still runs prints its URL again; a folder left by a killed run is removed first.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${STDCHECK_PG_DIR:-/tmp/stdcheck-pg-$(printf '%s' "$repo" | sha1sum | cut -c1-10)}"
user=stdcheck

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then
    echo "$found"
    return
  fi
  echo "pg-test: PostgreSQL's initdb is not installed (Debian: apt-get install postgresql; or scripts/ensure-test-deps.sh)" >&2
  exit 2
}

# Runs a PostgreSQL program as the owner of the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() {
  [ -f "$dir/port" ] || { echo "pg-test: no cluster in $dir (run: $0 start)" >&2; exit 1; }
  echo "postgres://$user@127.0.0.1:$(cat "$dir/port")/postgres"
}

running() {
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$(bindir)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin
  bin="$(bindir)"
  if running; then
    url
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "pg-test: no postgres user (is the postgresql package installed?)" >&2; exit 2; }
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  local port attempt
  for attempt in 1 2 3; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-k $dir -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      echo "$port" >"$dir/port"
      chmod 644 "$dir/port"
      url
      return
    fi
    tail -5 "$dir/server.log" >&2 || true
  done
  echo "pg-test: the server did not start (log: $dir/server.log)" >&2
  exit 1
}

stop() {
  if [ -d "$dir/data" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  status) running ;;
  *)
    echo "usage: $0 start|stop|url|status" >&2
    exit 64
    ;;
esac
