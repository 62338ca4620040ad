-- POST /v1/properties/demo/check for 1,000 subjects x 4 purposes = 4,000 decisions per request, the
-- batch a server-side job sends. Half the subjects were written by the write bench, half are unknown
-- (answered from the purposes' defaults), as in a real audience.
dofile((os.getenv("ACCORD_WRK_DIR") or "scripts/wrk") .. "/report.lua")

local key = os.getenv("ACCORD_KEY") or error("ACCORD_KEY is not set")
local headers = {
   ["Authorization"] = "Bearer " .. key,
   ["Content-Type"] = "application/json",
}
local prepared

function init(args)
   local subjects = {}
   for i = 1, 500 do subjects[#subjects + 1] = string.format('"w%d-%d"', (i % 2) + 1, i) end
   for i = 1, 500 do subjects[#subjects + 1] = string.format('"unknown-%d-%d"', thread_number or 0, i) end
   local body = '{"subjects":[' .. table.concat(subjects, ",") ..
      '],"purposes":["necessary","analytics","marketing","personalization"]}'
   prepared = wrk.format("POST", "/v1/properties/demo/check", headers, body)
end

function request()
   return prepared
end
