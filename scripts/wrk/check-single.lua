-- POST /v1/properties/demo/check for one subject and all four purposes: the per-page-view question
-- "may I use analytics/marketing for this visitor?". Subjects are drawn from those the write bench
-- recorded (w1-1 .. w2-1000), so the store finds state rather than answering from defaults.
dofile((os.getenv("ACCORD_WRK_DIR") or "scripts/wrk") .. "/report.lua")

local key = os.getenv("ACCORD_KEY") or error("ACCORD_KEY is not set")
local headers = {
   ["Authorization"] = "Bearer " .. key,
   ["Content-Type"] = "application/json",
}
-- Pre-formatted requests, so the Lua side costs wrk as little as possible.
local prepared = {}

function init(args)
   math.randomseed((thread_number or 1) * 7919)
   for i = 1, 2000 do
      local subject = string.format("w%d-%d", (i % 2) + 1, math.random(1, 1000))
      local body = string.format(
         '{"subjects":["%s"],"purposes":["necessary","analytics","marketing","personalization"]}', subject)
      prepared[i] = wrk.format("POST", "/v1/properties/demo/check", headers, body)
   end
end

local i = 0
function request()
   i = i % #prepared + 1
   return prepared[i]
end
