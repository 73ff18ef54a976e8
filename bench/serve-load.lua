-- wrk script for scripts/load-test.sh: cycles through the requests of
-- LOAD_FILE (GET: one path a line; POST: one JSON body a line for /api/query)
-- and prints one RESULT line with p50/p95/p99 latency and error counts.
local lines = {}
for line in io.lines(os.getenv("LOAD_FILE")) do
  if line ~= "" then lines[#lines + 1] = line end
end
local post = os.getenv("LOAD_KIND") == "post"
local i = 0

request = function()
  i = i % #lines + 1
  if post then
    return wrk.format("POST", "/api/query", { ["Content-Type"] = "application/json" }, lines[i])
  end
  return wrk.format("GET", lines[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
