-- wrk script for perf/bench/load.py: cycle through the read paths listed, one per line, in
-- the file $SUMMIT_LOAD_PATHS (each thread from its own starting point), then print one line.
local paths = {}
for line in io.lines(os.getenv("SUMMIT_LOAD_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
end

local started = 0
function setup(thread)
    thread:set("first", started)
    started = started + 1
end

local index = nil
function request()
    index = ((index or first or 0) % #paths) + 1
    return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "requests=%d errors=%d req_per_s=%.1f p50_ms=%.1f p99_ms=%.1f\n",
        summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000
    ))
end
