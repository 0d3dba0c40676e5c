-- wrk script of bench/run.sh. With $BODY: POSTs the GraphQL document in that file, with the variables in $VARS
-- (JSON text) or, with RANDOM_CODE=1, a random estate code (E000001–E002000, or
-- $CODE_FORMAT from $CODE_FIRST, $CODE_COUNT of them) as $code on each request, as
-- ../shared/bench/wrk_post.lua does for the peer. Without $BODY: GETs the page at the URL (the website).
-- Prints one RESULT line; `bad` counts answers that were not 200 or carried GraphQL errors.
local file = os.getenv("BODY")
local random_code = os.getenv("RANDOM_CODE") == "1"
-- The random code's form and how many there are (the peer's E000001–E002000 unless told).
local code_format = os.getenv("CODE_FORMAT") or "E%06d"
local code_first = tonumber(os.getenv("CODE_FIRST") or "1")
local code_count = tonumber(os.getenv("CODE_COUNT") or "2000")
local vars = os.getenv("VARS") or "{}"
local function esc(s) return (s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', ' ')) end
local q = nil
if file and file ~= "" then
  local f = assert(io.open(file, "r")); q = esc(f:read("*a")); f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
request = function()
  if not q then return wrk.format("GET") end
  if random_code then
    local code = string.format(code_format, code_first + math.random(0, code_count - 1))
    return wrk.format(nil, nil, nil, '{"query":"' .. q .. '","variables":{"code":"' .. code .. '"}}')
  end
  return wrk.format(nil, nil, nil, '{"query":"' .. q .. '","variables":' .. vars .. '}')
end
local bad = 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
response = function(status, headers, body)
  if status ~= 200 or (q and body:find('"errors"', 1, true)) then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local total_bad = 0
  for _, thread in ipairs(threads) do total_bad = total_bad + (thread:get("bad") or 0) end
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f bad=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total_bad + summary.errors.status, summary.requests))
end
