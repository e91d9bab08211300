-- wrk script of bench/run.py: one page, as described by the environment.
--   BENCH_METHOD     GET or POST
--   BENCH_BODY_FILE  a file whose bytes are the request body (optional)
--   BENCH_OTHER_BODY_FILE  a second body, sent every other request (optional)
--   BENCH_HEADERS    "Name: value" lines (cookies, content type)
--   BENCH_EXPECT     the status every response must have (200, or 302 for a saved form)
-- Each thread counts its responses by status and adds up the X-Bench-Queries header (the
-- queries each request ran, from bench.middleware); done() prints one line for run.py:
-- "BENCH-RESULT" and a JSON object.

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body_file = os.getenv("BENCH_BODY_FILE") or ""
if body_file ~= "" then
   local file = assert(io.open(body_file, "rb"))
   wrk.body = file:read("*a")
   file:close()
end
-- BENCH_OTHER_BODY_FILE (optional): a second body, sent every other request by each thread.
local other_file = os.getenv("BENCH_OTHER_BODY_FILE") or ""
if other_file ~= "" then
   local file = assert(io.open(other_file, "rb"))
   local bodies = {wrk.body, file:read("*a")}
   file:close()
   local turn = 0
   request = function()
      turn = turn % 2 + 1
      return wrk.format(nil, nil, nil, bodies[turn])
   end
end
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
   local name, value = string.match(line, "^([^:]+):%s*(.*)$")
   wrk.headers[name] = value
end
local expected = tonumber(os.getenv("BENCH_EXPECT") or "200")

-- Per thread (each thread runs its own copy of this script).
responses = 0
queries = 0
without_count = 0
unexpected = 0
statuses = ""
local seen = {}

function response(status, headers, body)
   responses = responses + 1
   if status ~= expected then
      unexpected = unexpected + 1
   end
   seen[status] = (seen[status] or 0) + 1
   local count = headers["X-Bench-Queries"] or headers["x-bench-queries"]
   if count then
      queries = queries + tonumber(count)
   else
      without_count = without_count + 1
   end
   -- Kept as text: it is what thread:get() copies between Lua states most simply.
   local parts = {}
   for code, n in pairs(seen) do
      parts[#parts + 1] = string.format('"%d": %d', code, n)
   end
   statuses = table.concat(parts, ", ")
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local total, total_queries, total_without, total_unexpected = 0, 0, 0, 0
   local all_statuses = {}
   for _, thread in ipairs(threads) do
      total = total + thread:get("responses")
      total_queries = total_queries + thread:get("queries")
      total_without = total_without + thread:get("without_count")
      total_unexpected = total_unexpected + thread:get("unexpected")
      local text = thread:get("statuses")
      if text ~= "" then
         all_statuses[#all_statuses + 1] = "{" .. text .. "}"
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH-RESULT {"requests": %d, "duration_us": %d, "responses": %d, "queries": %d, '
         .. '"without_count": %d, "unexpected": %d, "statuses": [%s], '
         .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
         .. '"non_2xx_3xx": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration, total, total_queries, total_without,
      total_unexpected, table.concat(all_statuses, ", "), errors.connect, errors.read,
      errors.write, errors.timeout, errors.status, latency:percentile(50),
      latency:percentile(90), latency:percentile(99), latency.max))
end
