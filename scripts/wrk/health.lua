-- GET /health: the baseline, the cheapest request the server answers (routing, middleware, JSON).
dofile((os.getenv("ACCORD_WRK_DIR") or "scripts/wrk") .. "/report.lua")
wrk.method = "GET"
wrk.path = "/health"
