-- wrk script for infra/bench/run.sh: one fixed request, stopped after WRK_CALLS responses
-- (wrk's -d is the time bound), with latency percentiles printed as one JSON line.
-- Use one thread (-t1): the count is per thread.
--   WRK_METHOD (POST) WRK_BODY_FILE (request body) WRK_HEADERS ("K: V|K: V")
--   WRK_CALLS (2000) WRK_EXPECT (optional substring every 200 body must contain)
--   WRK_REJECT (optional substring no body may contain)
local calls = tonumber(os.getenv("WRK_CALLS") or "2000")
local expect = os.getenv("WRK_EXPECT")
local reject = os.getenv("WRK_REJECT")
if expect == "" then expect = nil end
if reject == "" then reject = nil end
local count, bad, bytes = 0, 0, 0

wrk.method = os.getenv("WRK_METHOD") or "POST"
local body_file = os.getenv("WRK_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
for h in string.gmatch(os.getenv("WRK_HEADERS") or "", "[^|]+") do
  local k, v = string.match(h, "^%s*([^:]+):%s*(.*)$")
  if k then wrk.headers[k] = v end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  count = count + 1
  bytes = #body
  if status ~= 200 or (expect and not string.find(body, expect, 1, true))
      or (reject and string.find(body, reject, 1, true)) then
    bad = bad + 1
  end
  -- done() runs in another Lua state: publish the counters through the thread.
  wrk.thread:set("bad", bad)
  wrk.thread:set("bytes", bytes)
  if count >= calls then
    wrk.thread:stop()
    -- wrk's main thread sleeps for the whole -d; SIGINT ends that sleep, so the run
    -- ends as soon as the count is reached (-d stays the upper time bound).
    local f = io.open("/proc/self/stat", "r")
    if f then
      local pid = string.match(f:read("*l") or "", "^(%d+)")
      f:close()
      if pid then os.execute("(sleep 0.2; kill -INT " .. pid .. ") >/dev/null 2>&1 &") end
    end
  end
end

function done(summary, latency, requests)
  local bad_total, last_bytes = 0, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + (t:get("bad") or 0)
    last_bytes = t:get("bytes") or last_bytes
  end
  io.write(string.format(
    '{"tool":"wrk","requests":%d,"errors":%d,"non2xx":%d,"bad_bodies":%d,"response_bytes":%d,"duration_us":%d,' ..
    '"latency_us":{"min":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, bad_total, last_bytes, summary.duration,
    latency.min, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
