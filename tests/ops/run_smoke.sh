#!/usr/bin/env bash
# Starts the server through ops/run exactly as a user does (its setup, its build step, the web client, demo
# data), on a free port and a fresh database, then checks /healthz, the landing page and the /join page, and
# stops it. ops/test runs it with SCSA_RUN_BUILD_DIR=build, the Release build its tests just ran.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
log="$work/ops-run.log"
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/ops/run" --port 0 --bind 127.0.0.1 --db "$work/scsa.db" >"$log" 2>&1 &
pid=$!

url=
for _ in $(seq 1 1200); do  # ops/run may still build: up to 10 minutes
  url=$(grep -o 'listening on http://[^ ]*' "$log" | head -n1 | sed 's/listening on //') || true
  [[ -n $url ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "run_smoke: ops/run exited before serving:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.5
done
[[ -n $url ]] || { echo "run_smoke: ops/run printed no URL in 10 minutes:" >&2; cat "$log" >&2; exit 1; }

fail() { echo "run_smoke: $*" >&2; cat "$log" >&2; exit 1; }
health=$(curl -fsS "${url}healthz") || fail "GET /healthz failed"
[[ $health == *'"ok"'* || $health == *ok* ]] || fail "/healthz answered: $health"
landing=$(curl -fsS "$url") || fail "GET / failed"
[[ $landing == *'<title>Smart City Self Assessment</title>'* && $landing == *'<script'* ]] || fail "not the web client's landing page: $landing"
join=$(curl -fsS -o /dev/null -w '%{http_code}' "${url}join") || fail "GET /join failed"
[[ $join == 200 ]] || fail "GET /join answered $join"
grep -q 'replay demo workshop' "$log" || fail "ops/run printed no demo workshop (was --demo seeded?)"
echo "run_smoke: ops/run served $url (healthz, landing page, /join, demo data)"
