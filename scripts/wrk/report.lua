-- Shared by the bench scripts: assigns each wrk thread a number (for unique subjects) and an instance
-- (ACCORD_TARGETS, below) and, when the run ends, prints one machine-readable line that
-- scripts/bench-http.sh parses:
--   ACCORD_RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=X socket_errors=E
-- Loaded with dofile() from the other scripts; the bench script sets ACCORD_WRK_DIR.

local threads = {}
local counter = 0

-- ACCORD_TARGETS="127.0.0.1:8081 127.0.0.1:8082": several instances behind no balancer; thread i connects
-- to target i mod N (its connections stay there). Unset or one target: the address wrk was given.
local targets = nil

function setup(thread)
   if not targets then
      targets = {}
      for host, port in string.gmatch(os.getenv("ACCORD_TARGETS") or "", "([^%s:]+):(%d+)") do
         targets[#targets + 1] = wrk.lookup(host, port)[1]
      end
   end
   counter = counter + 1
   thread:set("thread_number", counter)
   if #targets > 1 then
      thread.addr = targets[(counter - 1) % #targets + 1]
   end
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local socket_errors = e.connect + e.read + e.write + e.timeout
   io.write(string.format(
      "ACCORD_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, socket_errors))
end
