#!/usr/bin/env bash
# What batchProgress subscriptions cost the API: its process CPU time (utime + stime from /proc) over SECONDS with
# none, then with N subscriptions to the same running batch (one simulation slot, so the batch's own CPU is the same
# in both windows), the grain asked every INTERVAL by each stream.
#
#   bash bench/Subscriptions/run.sh [N=100] [SECONDS=20] [INTERVAL=00:00:00.5]
#
# Needs a Debug build of the API (dotnet build api) and node/npm (tests/run installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100}; seconds=${2:-20}; interval=${3:-00:00:00.5}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d); port=$(free_port)
(cd tests/Api.Tests/Subscriptions/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
dotnet api/bin/Debug/net10.0/ScenarioGrid.Api.dll --urls "http://127.0.0.1:$port" --Api:DatabasePath "$dir/api.db" \
  --Silo:SiloPort "$(free_port)" --Silo:GatewayPort "$(free_port)" --Silo:ClusterId "bench-ws-$$" \
  --Batches:SlotsPerSilo 1 --Api:Subscriptions:ProgressInterval "$interval" --Api:Subscriptions:MaxPerConnection 10 \
  >"$dir/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null; rm -rf "$dir"' EXIT
post() { curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$port/graphql" -d "$1"; }
until post '{"query":"{ cluster { mode } }"}' >/dev/null 2>&1; do sleep 0.5; done
batch=$(post '{"query":"mutation { submitBatch(scenarioId: \"tiny\", trials: 500000000, seed: 1) { id } }"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["submitBatch"]["id"])')
cpu() { awk '{ print $14 + $15 }' "/proc/$api/stat"; }
ticks=$(getconf CLK_TCK)
sleep 5 # past the batch's start
a=$(cpu); sleep "$seconds"; b=$(cpu)
held=$(cd tests/Api.Tests/Subscriptions/node && node hold.mjs "ws://127.0.0.1:$port/graphql" "$batch" "$n" "$seconds")
c=$(cpu)
post "{\"query\":\"mutation { cancelBatch(id: \\\"$batch\\\") { id } }\"}" >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; progress interval $interval"
echo "API CPU over ${seconds} s, no subscription:        $(echo "scale=2; ($b - $a) / $ticks" | bc) s"
echo "API CPU over ${seconds} s, $n subscriptions: $(echo "scale=2; ($c - $b) / $ticks" | bc) s  ($held)"
