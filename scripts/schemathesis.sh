#!/usr/bin/env bash
# Runs schemathesis (PyPI) against a live `stdcheck serve`: every operation of docs/openapi.yaml, as
# the server serves it at /openapi.yaml, with generated valid and invalid requests; zero failures
# wanted. The server runs on a temporary data folder (SQLite), on a free loopback port, with an admin
# and an admin API token made by `stdcheck serve admin`; it is stopped afterwards. The token goes in as
# the document's `bearer` scheme (scripts/schemathesis.toml), the tus PATCH body is serialized by
# scripts/schemathesis_hooks.py.
#
#   scripts/schemathesis.sh            # needs a built stdcheck (STDCHECK=path, default .build/debug/stdcheck)
#   scripts/schemathesis.sh --install  # only creates the venv .build-venv/ with schemathesis
#
# Bounded: ST_MAX_EXAMPLES examples per operation (default 10) and at most ST_TIMEOUT seconds (180).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="$repo/.build-venv"
version=4.32.5

install() {
  if [ -x "$venv/bin/schemathesis" ] && "$venv/bin/python" -c "import schemathesis" >/dev/null 2>&1; then
    return
  fi
  local python=python3
  [ -x /usr/bin/python3 ] && python=/usr/bin/python3
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
}

if [ "${1:-}" = "--install" ]; then
  install
  exit 0
fi
install

stdcheck="${STDCHECK:-$repo/.build/debug/stdcheck}"
[ -x "$stdcheck" ] || { echo "schemathesis.sh: no $stdcheck (swift build first, or set STDCHECK)" >&2; exit 2; }

work="$(mktemp -d /tmp/stdcheck-schemathesis-XXXXXX)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
data="$work/data"

printf '%s\n' "schemathesis-admin-password" |
  "$stdcheck" serve admin add-user --data "$data" --name admin --role admin >/dev/null
token="$("$stdcheck" serve admin add-token --data "$data" --name schemathesis --user admin \
  --scopes admin,submit,read,review | grep -o 'sct_[A-Za-z0-9_-]*' | head -1)"
[ -n "$token" ] || { echo "schemathesis.sh: serve admin add-token printed no sct_ token" >&2; exit 1; }

"$stdcheck" serve --data "$data" --listen "127.0.0.1:$port" --workers 1 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "schemathesis.sh: the server exited" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$base/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

status=0
# run in the temporary folder: schemathesis keeps its example database (.schemathesis/) in the
# working directory
cd "$work"
ST_TOKEN="$token" SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$repo/scripts" \
  timeout "${ST_TIMEOUT:-180}" "$venv/bin/schemathesis" --config-file "$repo/scripts/schemathesis.toml" \
  run "$base/openapi.yaml" \
  --url "$base" \
  --max-examples "${ST_MAX_EXAMPLES:-10}" \
  --seed 19 \
  --no-color \
  --report-dir "$work/report" || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis.sh: failures (exit $status); server log:" >&2
  tail -40 "$work/server.log" >&2
fi
exit "$status"
