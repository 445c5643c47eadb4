#!/usr/bin/env bash
# Builds the image and starts it twice: alone (embedded PGlite in the /data volume) and with
# compose.yaml (app + PostgreSQL 15); each must answer /api/health/ready 200. Usage:
#   scripts/container-smoke.sh podman|docker
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}
tag=atende:ci
port=${SMOKE_PORT:-38080}

wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$1/api/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

echo "--- $engine build"
"$engine" build -t "$tag" .

echo "--- $engine run (embedded PGlite)"
cid=$("$engine" run -d --rm -p "127.0.0.1:$port:3000" "$tag")
trap '"$engine" rm -f "$cid" >/dev/null 2>&1 || true' EXIT
if ! wait_ready "$port"; then "$engine" logs "$cid"; exit 1; fi
[ "$("$engine" exec "$cid" id -u)" != "0" ] || { echo "the app runs as root"; exit 1; }
"$engine" stop -t 30 "$cid" >/dev/null
trap - EXIT

if "$engine" compose version >/dev/null 2>&1; then
  echo "--- $engine compose (app + PostgreSQL 15)"
  env_file=$(mktemp)
  printf 'POSTGRES_PASSWORD=%s\nATENDE_SECRET_KEY=%s\nATENDE_PORT=%s\n' \
    "$(openssl rand -hex 16)" "$(openssl rand -hex 32)" "$port" >"$env_file"
  compose=("$engine" compose --env-file "$env_file" -p atende-ci)
  trap '"${compose[@]}" down -v >/dev/null 2>&1 || true; rm -f "$env_file"' EXIT
  "${compose[@]}" up -d --build
  if ! wait_ready "$port"; then "${compose[@]}" logs; exit 1; fi
  echo "compose: /api/health/ready 200"
else
  echo "($engine compose is not available: compose.yaml not started)"
fi
