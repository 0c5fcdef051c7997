-- wrk script: POST GraphQL `series` queries for one batch (BATCH_ID), rotating over entities and metrics,
-- and print p50/p95/p99 latency and queries/s at the end. Used by bench/ApiLoad/run.sh.
local batch = os.getenv("BATCH_ID")
local slices = {
  {"route:sulfide", "costUsdPerKWh"}, {"route:oxide", "costUsdPerKWh"}, {"route:polymer", "outputGWh"},
  {"world", "outputGWh"}, {"region:JP", "capacityGWh"}, {"plant:toyota-idemitsu", "yield"},
  {"route:composite", "materialsUsdPerKWh"}, {"benchmark", "costUsdPerKWh"},
}
local bodies = {}
for i, s in ipairs(slices) do
  bodies[i] = string.format(
    '{"query":"query($id: ID!, $e: String!, $m: String!) { batch(id: $id) { series(entity: $e, metric: $m) { year count mean stdDev p10 p50 p90 } } }","variables":{"id":"%s","e":"%s","m":"%s"}}',
    batch, s[1], s[2])
end
local n = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/graphql-response+json"

request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests %d in %.1f s: %.0f queries/s, %d errors (HTTP %d non-2xx)\n",
    summary.requests, seconds, summary.requests / seconds,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
