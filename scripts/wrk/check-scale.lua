-- POST /v1/properties/demo/check for one subject and all four purposes, the subject drawn at random from the
-- ACCORD_SCALE_SUBJECTS visitors scripts/bench-scale.sh seeded (`accord seed-consents`: av_ and the visitor's
-- number in 32 hex digits), so every check finds state somewhere in the whole database rather than in a few hot
-- pages.
dofile((os.getenv("ACCORD_WRK_DIR") or "scripts/wrk") .. "/report.lua")

local key = os.getenv("ACCORD_KEY") or error("ACCORD_KEY is not set")
local subjects = tonumber(os.getenv("ACCORD_SCALE_SUBJECTS") or error("ACCORD_SCALE_SUBJECTS is not set"))
local headers = {
   ["Authorization"] = "Bearer " .. key,
   ["Content-Type"] = "application/json",
}
local prepared = {}

function init(args)
   math.randomseed((thread_number or 1) * 7919)
   for i = 1, 20000 do
      local body = string.format(
         '{"subjects":["av_%032x"],"purposes":["necessary","analytics","marketing","personalization"]}',
         math.random(0, subjects - 1))
      prepared[i] = wrk.format("POST", "/v1/properties/demo/check", headers, body)
   end
end

local i = 0
function request()
   i = i % #prepared + 1
   return prepared[i]
end
