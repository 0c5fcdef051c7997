#!/usr/bin/env bash
# API load benchmark: `series` queries against a completed 1M-trial baseline batch, on loopback only.
#   bash bench/ApiLoad/run.sh [SECONDS] [CONNECTIONS]     (defaults: 20 s, 16 connections)
# Builds the API (Release), starts it on a free port with its own temporary database, creates the baseline,
# runs a 1,000,000-trial batch (seed 42), then drives `series` queries with wrk (Debian package; installed
# here when missing) for a bounded time and prints p50/p95/p99 latency and queries/s. Target on 2 cores:
# p95 < 20 ms and >= 500 queries/s. Everything it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
connections=${2:-16}
trials=${TRIALS:-1000000}

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
dotnet build api -c Release -p:SkipGraphiQL=true 2>&1 | tail -n 2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
work=$(mktemp -d)
port=$(free_port)
url="http://127.0.0.1:${port}/graphql"
dotnet api/bin/Release/net10.0/ScenarioGrid.Api.dll --urls "http://127.0.0.1:${port}" --Api:DatabasePath "$work/bench.db" \
  --Silo:SiloPort "$(free_port)" --Silo:GatewayPort "$(free_port)" --Silo:ClusterId "api-bench-$$" >"$work/api.log" 2>&1 &
api_pid=$!
cleanup() { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

graphql() { # graphql QUERY VARIABLES-JSON → response body
  python3 - "$url" "$1" "$2" <<'PY'
import json, sys, urllib.request
url, query, variables = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
request = urllib.request.Request(url, data=json.dumps({"query": query, "variables": variables}).encode(),
                                 headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(request, timeout=60).read().decode())
PY
}
field() { python3 -c "import json,sys; d=json.load(sys.stdin)['data']; print(eval('d' + sys.argv[1]))" "$1"; }

for _ in $(seq 1 150); do
  graphql '{ cluster { mode } }' '{}' >/dev/null 2>&1 && break
  sleep 0.2
done
yaml=$(python3 -c 'import json; print(json.dumps(open("scenarios/baseline.yaml").read()))')
graphql 'mutation($y: String!) { createScenario(yaml: $y, fileName: "baseline.yaml") { id } }' "{\"y\": $yaml}" >/dev/null
batch=$(graphql 'mutation($t: Long!) { submitBatch(scenarioId: "baseline", trials: $t, seed: 42) { id } }' "{\"t\": $trials}" \
  | field "['submitBatch']['id']")
echo "batch $batch: baseline, $trials trials, seed 42"
start=$(date +%s)
while true; do
  status=$(graphql 'query($id: ID!) { batch(id: $id) { status } }' "{\"id\": \"$batch\"}" | field "['batch']['status']")
  [ "$status" = COMPLETED ] && break
  [ "$status" = FAILED ] || [ "$status" = CANCELLED ] && { echo "batch $status" >&2; exit 1; }
  [ $(( $(date +%s) - start )) -gt 600 ] && { echo "batch did not finish in 10 minutes" >&2; exit 1; }
  sleep 1
done
echo "completed in $(( $(date +%s) - start )) s; warming up"
sample=$(graphql 'query($id: ID!) { batch(id: $id) { series(entity: "route:sulfide", metric: "costUsdPerKWh") { year count p50 } } }' \
  "{\"id\": \"$batch\"}")
case "$sample" in *'"errors"'*) echo "unexpected series answer: $sample" >&2; exit 1 ;; esac
BATCH_ID=$batch wrk -t2 -c4 -d3s -s bench/ApiLoad/series.lua "$url" >/dev/null
echo "wrk -t2 -c${connections} -d${seconds}s: series(entity, metric) of batch $batch, $(nproc) cores shared by server and client"
BATCH_ID=$batch wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s -s bench/ApiLoad/series.lua "$url" | tail -n 2
