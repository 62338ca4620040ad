#!/usr/bin/env bash
# What tombstones cost the hot path: server CPU time per `/check` of 100 subjects (and per consent write) on two
# servers of the same binary at once, A with no erased subjects, B with TOMBSTONES of them (default 100,000) in
# `erased_subjects`, which every instance holds in memory and every pseudonym look-up probes. CPU time (utime +
# stime from /proc) per answered request, so the ratio holds on a busy machine.
#
#   scripts/bench-erased-check.sh                         # .build/debug/accord
#   ACCORD_BIN=.build/release/accord TOMBSTONES=1000000 ROUNDS=3 scripts/bench-erased-check.sh
#
# What a change costs: ACCORD_BIN_A runs A from another binary (say the build before the change) and TOMBSTONES_A
# gives A tombstones too, so B / A compares two binaries on the same data in the same run, e.g. the append
# transaction's tombstone check (`ErasureScreen`):
#   ACCORD_BIN_A=/tmp/accord-before TOMBSTONES_A=100000 scripts/bench-erased-check.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
TOMBSTONES="${TOMBSTONES:-100000}"
TOMBSTONES_A="${TOMBSTONES_A:-0}"
declare -A BIN=([A]="${ACCORD_BIN_A:-$ACCORD}" [B]="$ACCORD")
ROUNDS="${ROUNDS:-3}"
REQUESTS="${REQUESTS:-300}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-erased.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

declare -A PORT PID KEY
for name in A B; do
    "${BIN[$name]}" migrate --database-url "sqlite://$WORK/$name.sqlite" >/dev/null
done
python3 - "$WORK/B.sqlite" "$TOMBSTONES" "$WORK/A.sqlite" "$TOMBSTONES_A" <<'PY'
import os, sqlite3, sys
for path, count in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO erased_subjects (property_id, subject_key, erased_at) VALUES ('demo', ?, 0)",
                   ((os.urandom(32),) for _ in range(int(count))))
    db.commit()
PY
for name in A B; do
    PORT[$name]="$(free_port)"
    "${BIN[$name]}" serve --http-port "${PORT[$name]}" --database-url "sqlite://$WORK/$name.sqlite" --log-level warning \
        >"$WORK/$name.log" 2>&1 &
    PID[$name]=$!
    PIDS+=("${PID[$name]}")
done
for name in A B; do
    for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:${PORT[$name]}/health" >/dev/null 2>&1 && break; sleep 0.1; done
    KEY[$name]="$("${BIN[$name]}" keys create --scopes consents:read,consents:write --name bench --database-url "sqlite://$WORK/$name.sqlite")"
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # clock ticks
ticks=$(getconf CLK_TCK)
load() { # NAME KIND
    python3 - "${PORT[$1]}" "${KEY[$1]}" "$2" "$REQUESTS" <<'PY'
import http.client, json, sys, uuid
port, key, kind, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", int(port))
headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
subjects = ["customer-%d@example.com" % i for i in range(100)]
for i in range(count):
    if kind == "check":
        body = {"subjects": subjects}
        path = "/v1/properties/demo/check"
    else:
        body = {"subject": "writer-%s" % uuid.uuid4().hex, "choices": {"analytics": "granted"}}
        path = "/v1/properties/demo/consents"
    conn.request("POST", path, json.dumps(body), headers)
    answer = conn.getresponse(); answer.read()
    assert answer.status in (200, 201), answer.status
PY
}
declare -A TOTAL
for kind in check write; do
    for name in A B; do TOTAL[$kind$name]=0; done
    for round in $(seq 1 "$ROUNDS"); do
        for name in A B; do
            before=$(cpu "${PID[$name]}")
            load "$name" "$kind"
            used=$(( $(cpu "${PID[$name]}") - before ))
            TOTAL[$kind$name]=$(( TOTAL[$kind$name] + used ))
            printf '%s %-5s round %d: %6.0f µs server CPU per request\n' "$name" "$kind" "$round" \
                "$(echo "$used * 1000000 / $ticks / $REQUESTS" | bc -l)"
        done
    done
    printf '%s: B (%d tombstones) / A (%d) = %.2f\n' "$kind" "$TOMBSTONES" "$TOMBSTONES_A" \
        "$(echo "${TOTAL[${kind}B]} / ${TOTAL[${kind}A]}" | bc -l)"
done
echo "resident memory: A $(awk '/VmRSS/ {print $2}' /proc/${PID[A]}/status) kB, B $(awk '/VmRSS/ {print $2}' /proc/${PID[B]}/status) kB"
