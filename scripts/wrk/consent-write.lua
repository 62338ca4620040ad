-- POST /v1/properties/demo/consents with a consents:write key (no rate limit): every request is a new,
-- durable event for a subject never seen before (w<thread>-<n>), so no request is an idempotent replay.
-- The check scripts read back subjects w1-1 .. w2-1000 written here. ACCORD_SUBJECT_PREFIX replaces the "w", so
-- that runs against one database (scripts/bench-webhooks.sh) keep writing subjects never seen before.
dofile((os.getenv("ACCORD_WRK_DIR") or "scripts/wrk") .. "/report.lua")

local key = os.getenv("ACCORD_KEY") or error("ACCORD_KEY is not set")
local headers = {
   ["Authorization"] = "Bearer " .. key,
   ["Content-Type"] = "application/json",
}
local prefix = os.getenv("ACCORD_SUBJECT_PREFIX") or "w"
local choices = { "granted", "denied" }
local n = 0

function request()
   n = n + 1
   local subject = string.format("%s%d-%d", prefix, thread_number or 0, n)
   local body = string.format(
      '{"subject":"%s","choices":{"analytics":"%s","marketing":"%s","personalization":"%s"},"source":"banner"}',
      subject, choices[n % 2 + 1], choices[math.floor(n / 2) % 2 + 1], choices[math.floor(n / 4) % 2 + 1])
   return wrk.format("POST", "/v1/properties/demo/consents", headers, body)
end
