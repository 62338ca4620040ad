#!/usr/bin/env bash
# End-to-end checks of what operators use, against a real server on a fresh SQLite file:
# - GET /metrics on the main port (metrics:read key) and on --metrics-port (no key), parsed as Prometheus text;
# - --log-format json: every log line is one JSON object, X-Request-Id is echoed and logged, no subject is logged;
# - signed checkpoints: accord audit checkpoint, the public endpoint saved as served, audit verify --checkpoints;
#   then a history rewritten and rehashed as an attacker with the file would: plain audit verify passes, the
#   saved checkpoints fail and name the chain;
# - bad input (unknown flag, unreadable or foreign checkpoint file): one line, non-zero exit.
#
#   scripts/ops-e2e.sh                     # uses .build/debug/accord (built if missing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
LOAD="$ROOT/scripts/crash_load.py"
if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL LOG_FORMAT METRICS_PORT AUDIT_CHECKPOINT_INTERVAL \
    DATABASE_SQLITE_SYNCHRONOUS DB_SQLITE_SYNCHRONOUS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-ops.XXXXXX")"
SERVER_PID=""
cleanup() {
    local status=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"
DB="$WORK/ops.sqlite"
DBURL="sqlite://$DB"

FAILURES=0
pass() { printf 'PASS  %s\n' "$1"; }
fail() { FAILURES=$((FAILURES + 1)); printf 'FAIL  %s\n' "$1"; [[ $# -gt 1 ]] && printf '      %s\n' "${@:2}"; return 0; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

run_cli() {
    set +e
    OUT="$("$ACCORD" "$@" 2>&1)"
    RC=$?
    set -e
}
expect_one_line_error() {
    local name="$1"; shift
    run_cli "$@"
    local lines
    lines="$(printf '%s\n' "$OUT" | grep -c . || true)"
    if [[ $RC -ne 0 && $lines -eq 1 && "$OUT" == error:* ]]; then pass "$name ($OUT)"
    else fail "$name" "exit $RC, $lines line(s): $OUT"; fi
}

PORT="$(free_port)"
METRICS_PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
"$ACCORD" serve --http-port "$PORT" --metrics-port "$METRICS_PORT" --log-format json --log-level debug \
    --database-url "$DBURL" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; echo "server exited during start-up" >&2; exit 1; }
    sleep 0.1
done

KEY="$("$ACCORD" keys create --scopes consents:write,consents:read --name ops-e2e --database-url "$DBURL")"
METRICS_KEY="$("$ACCORD" keys create --scopes metrics:read --name scraper --database-url "$DBURL")"
python3 "$LOAD" load --url "$BASE" --key "$KEY" --acked "$WORK/acked.jsonl" --prefix "opsperson" --threads 4 --max-seconds 2 >/dev/null

# --- metrics -------------------------------------------------------------------------------------
check_metrics() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInfa]+$')
bad = [line for line in text.splitlines() if line and not line.startswith("#") and not sample.match(line)]
assert not bad, f"unparsable lines: {bad[:3]}"
writes = [l for l in text.splitlines() if l.startswith('accord_http_requests_total{') and 'route="/v1/properties/{property}/consents"' in l and 'status="201"' in l]
assert writes and float(writes[0].split()[-1]) > 0, "no counted consent writes"
assert "accord_commit_batch_size_bucket" in text and "accord_commit_duration_seconds_bucket" in text, "no group-commit histograms"
assert "accord_build_info{" in text, "no build info"
assert "opsperson" not in text, "a subject in a label"
PY
}
if curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" >"$WORK/metrics-port.txt" && check_metrics "$WORK/metrics-port.txt"; then
    pass "metrics.port serves Prometheus text without a key: requests by route pattern, group commit, build info"
else fail "metrics.port serves parsable metrics"; fi
STATUS="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/metrics")"
[[ "$STATUS" == 401 ]] && pass "GET /metrics on the main port without a key is 401" || fail "GET /metrics without a key" "got $STATUS"
if curl -fsS "$BASE/metrics" -H "Authorization: Bearer $METRICS_KEY" >"$WORK/metrics-main.txt" && check_metrics "$WORK/metrics-main.txt"; then
    pass "GET /metrics on the main port with a metrics:read key"
else fail "GET /metrics with a metrics:read key"; fi

# --- request ids and JSON logs -----------------------------------------------------------------------
# A subject in a path (an e-mail address, percent-encoded) and in a 404: neither may reach the log.
curl -fsS -o /dev/null "$BASE/v1/properties/demo/subjects/opsperson-mail%40example.com/consents" -H "Authorization: Bearer $KEY"
curl -sS -o /dev/null "$BASE/v1/properties/demo/subjects/opsperson-mail%40example.com/nothing-here" -H "Authorization: Bearer $KEY"
ECHOED="$(curl -fsS -D - -o /dev/null "$BASE/health" -H 'X-Request-Id: ops-e2e-42' | tr -d '\r' | awk -F': ' 'tolower($1)=="x-request-id"{print $2}')"
[[ "$ECHOED" == ops-e2e-42 ]] && pass "X-Request-Id is echoed" || fail "X-Request-Id is echoed" "got '$ECHOED'"
sleep 0.2
if python3 - "$WORK/serve.err" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]).read().splitlines() if l.strip()]
objects = [json.loads(l) for l in lines]          # every line must be one JSON object
assert objects, "no log lines"
assert all({"time", "level", "message", "metadata"} <= set(o) for o in objects), "a line lacks time/level/message/metadata"
health = [o for o in objects if o.get("request_id") == "ops-e2e-42"]
assert health and health[0].get("route") == "/health", f"the request line: {health}"
writes = [o for o in objects if o.get("route") == "/v1/properties/{property}/consents"]
assert writes and all(len(o["request_id"]) == 32 for o in writes), "consent writes without generated request ids"
assert not any("opsperson" in l for l in lines), "a subject identifier was logged"
reads = [o for o in objects if o.get("route") == "/v1/properties/{property}/subjects/{subject}/consents"]
assert reads, "the subject read was not logged by its route pattern"
print(f"{len(objects)} lines")
PY
then pass "--log-format json: one object per line with request id and route pattern, no subject"
else fail "--log-format json lines"; fi

# --- checkpoints -------------------------------------------------------------------------------------
run_cli audit checkpoint --database-url "$DBURL"
[[ $RC -eq 0 && "$OUT" == *"chains checkpointed"* ]] && pass "accord audit checkpoint ($(tail -1 <<<"$OUT"))" \
    || fail "accord audit checkpoint" "exit $RC: $OUT"
curl -fsS "$BASE/v1/properties/demo/checkpoints" -o "$WORK/checkpoints.json"
run_cli audit verify --checkpoints "$WORK/checkpoints.json" --database-url "$DBURL"
[[ $RC -eq 0 && "$OUT" == *"checkpoints still in the log"* ]] && pass "audit verify --checkpoints on the live log ($(tail -1 <<<"$OUT"))" \
    || fail "audit verify --checkpoints on the live log" "exit $RC: $OUT"
curl -fsS "$BASE/.well-known/jwks.json" -o "$WORK/jwks.json"

echo '{"not":"checkpoints"}' >"$WORK/foreign.json"
expect_one_line_error "audit verify --checkpoints with a foreign file" audit verify --checkpoints "$WORK/foreign.json" --database-url "$DBURL"
expect_one_line_error "audit verify --checkpoints with a missing file" audit verify --checkpoints "$WORK/none.json" --database-url "$DBURL"
sed 's/"position":\([0-9]*\)/"position":9\1/' "$WORK/checkpoints.json" >"$WORK/edited.json"
expect_one_line_error "audit verify --checkpoints with edited clear fields" audit verify --checkpoints "$WORK/edited.json" --database-url "$DBURL"
expect_one_line_error "an unknown flag" audit verify --no-such-flag
expect_one_line_error "backup into a missing directory" backup /nonexistent/dir/x.sqlite --database-url "$DBURL"
echo "not a database" >"$WORK/text.sqlite"
expect_one_line_error "restore of a file that is no database" restore "$WORK/text.sqlite" --database-url "sqlite://$WORK/other.sqlite"
expect_one_line_error "backup to a PostgreSQL database" backup "$WORK/x.sqlite" --database-url postgres://u@127.0.0.1:1/x

# A clean stop: SIGTERM, exit 0.
kill -TERM "$SERVER_PID"
set +e; wait "$SERVER_PID"; STOPPED=$?; set -e
SERVER_PID=""
[[ $STOPPED -eq 0 ]] && pass "SIGTERM stops the server with exit 0" || fail "SIGTERM stops the server with exit 0" "exit $STOPPED"

# --- the attacker's rewrite ------------------------------------------------------------------------------
python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()' \
    "$DB" "$WORK/rewritten.sqlite"
CHAIN="$(python3 "$ROOT/scripts/rewrite_chain.py" "$WORK/rewritten.sqlite")"
run_cli audit verify --database-url "sqlite://$WORK/rewritten.sqlite"
[[ $RC -eq 0 ]] && pass "a rewritten and rehashed chain ($CHAIN) passes plain audit verify, as expected" \
    || fail "the rewrite is consistent" "exit $RC: $OUT"
run_cli audit verify --checkpoints "$WORK/checkpoints.json" --jwks "$WORK/jwks.json" --database-url "sqlite://$WORK/rewritten.sqlite"
if [[ $RC -eq 1 && "$OUT" == "error: checkpoint failed: chain $CHAIN:"* ]]; then pass "the saved checkpoints catch it and name the chain ($OUT)"
else fail "the saved checkpoints catch the rewrite" "exit $RC: $OUT"; fi

if [[ $FAILURES -ne 0 ]]; then echo "ops-e2e: $FAILURES check(s) FAILED"; exit 1; fi
echo "ops-e2e: PASS"
