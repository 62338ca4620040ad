#!/usr/bin/env bash
# End-to-end checks of `accord import-consents` on a real SQLite database (the demo property made by a first
# `accord serve`): a file without a mapped column is refused whole (one line, exit 1, nothing stored, no reject
# file); a file with 5 bad rows stores the rest and lists those 5 by line; the same file again stores nothing;
# the subjects' clear ids are in the vault (sealed), not in the database in clear; each event keeps the file's
# own source and version text; the chains verify. Prints PASS/FAIL per check; exits 1 if any failed.
#
#   scripts/import-consents-e2e.sh            # uses .build/debug/accord
#   ACCORD_BIN=/path/to/accord scripts/import-consents-e2e.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL DATABASE_SQLITE_SYNCHRONOUS || true
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-import-e2e.XXXXXX")"
SERVER_PID=""
cleanup() {
    local status=$?
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
# A private copy: others may relink the binary while this runs.
cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"
DB="$WORK/import.sqlite"

FAILURES=0
pass() { printf 'PASS  %s\n' "$1"; }
fail() { FAILURES=$((FAILURES + 1)); printf 'FAIL  %s\n' "$1"; if [[ $# -gt 1 ]]; then printf '      %s\n' "${@:2}"; fi; }
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"; }

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$ACCORD" serve --database-url "sqlite://$DB" --http-port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

cat >"$WORK/mapping.yaml" <<'YAML'
format: csv
subject: email
date: consent_date
purpose: purpose
status: status
source: collected_by
version: notice_text
YAML

import() { "$ACCORD" import-consents "$1" --property demo --mapping "$WORK/mapping.yaml" --database-url "sqlite://$DB" \
    --rejects "$WORK/rejects.csv" >"$WORK/out" 2>"$WORK/err"; }

# 1. A header without the mapped status column: refused whole.
printf 'email,consent_date,purpose,collected_by,notice_text\nimp-a@example.org,2024-01-02,analytics,crm,v1\n' >"$WORK/nostatus.csv"
if import "$WORK/nostatus.csv"; then
    fail "a file without a mapped column is refused" "exit 0: $(cat "$WORK/out")"
elif [[ "$(wc -l <"$WORK/err")" -eq 1 ]] && grep -q "no column 'status' (the mapping's status)" "$WORK/err" \
    && [[ ! -e "$WORK/rejects.csv" ]] && [[ "$(sql "SELECT count(*) FROM consent_events WHERE source = 'import'")" == 0 ]]; then
    pass "a file without a mapped column is refused whole: $(cat "$WORK/err")"
else
    fail "a file without a mapped column is refused whole" "$(cat "$WORK/err")" "reject file: $(ls "$WORK")"
fi

# 2. Twenty rows, five of them bad: the fifteen others stored, the five listed by line.
python3 - "$WORK/mixed.csv" <<'PY'
import sys
rows = ["email,consent_date,purpose,status,collected_by,notice_text"]
for i in range(20):
    rows.append(f"imp-person-{i}@example.org,2024-03-{i + 1:02d},{'analytics' if i % 2 else 'marketing'},yes,call-centre,\"Notice, v{i % 3}\"")
rows[3] = "imp-bad-1@example.org,2024-13-45,analytics,yes,crm,v1"  # line 4: not a date
rows[6] = "imp-bad-2@example.org,2024-03-01,astrology,yes,crm,v1"  # line 7: unknown purpose
rows[9] = "imp-bad-3@example.org,2024-03-01,analytics,perhaps,crm,v1"  # line 10: unknown status
rows[12] = ",2024-03-01,analytics,yes,crm,v1"  # line 13: no subject
rows[15] = "\"imp-bad-5@example.org\"x,2024-03-01,analytics,yes,crm,v1"  # line 16: text after a closing quote
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
if import "$WORK/mixed.csv" && grep -q "ok: 20 rows: 15 stored, 0 already imported, 0 older than recorded choices, 5 rejected" "$WORK/out" \
    && [[ "$(tail -n +2 "$WORK/rejects.csv" | cut -d, -f1 | tr '\n' ' ')" == "4 7 10 13 16 " ]]; then
    pass "five bad rows are rejected by line, the fifteen others stored: $(cat "$WORK/out")"
else
    fail "five bad rows are rejected by line" "$(cat "$WORK/out" "$WORK/err")" "$(cat "$WORK/rejects.csv" 2>/dev/null)"
fi

# 3. The same file again stores nothing.
if import "$WORK/mixed.csv" && grep -q "15 already imported" "$WORK/out" && grep -q " 0 stored" "$WORK/out"; then
    pass "the same file again stores nothing: $(cat "$WORK/out")"
else
    fail "the same file again stores nothing" "$(cat "$WORK/out" "$WORK/err")"
fi

# 4. The clear ids are sealed in the vault, nowhere in the database file in clear.
VAULTED="$(sql "SELECT count(*) FROM subject_vault WHERE property_id = 'demo'")"
if [[ "$VAULTED" -ge 15 ]] && ! python3 - "$DB" <<'PY'
import glob, sys
found = any(b"imp-person-" in open(path, "rb").read() for path in glob.glob(sys.argv[1] + "*"))
sys.exit(0 if found else 1)
PY
then
    pass "the 15 subjects are in the vault ($VAULTED entries) and no clear id is in the database files"
else
    fail "the subjects are in the vault, not in clear" "vault entries: $VAULTED"
fi

# 5. Each event keeps the file's own source and version text (in its hash), and the chains verify.
ORIGIN="$(sql "SELECT origin FROM consent_events WHERE source = 'import' ORDER BY seq LIMIT 1")"
if [[ "$ORIGIN" == '{"importedSource":"call-centre","importedVersion":"Notice, v0"}' ]]; then
    pass "an imported event keeps the original source and version text: $ORIGIN"
else
    fail "an imported event keeps the original source and version text" "$ORIGIN"
fi
if "$ACCORD" audit verify --database-url "sqlite://$DB" >"$WORK/verify" 2>&1; then
    pass "the chains verify after the imports"
else
    fail "the chains verify after the imports" "$(cat "$WORK/verify")"
fi

if [[ "$FAILURES" -gt 0 ]]; then echo "$FAILURES check(s) failed"; exit 1; fi
echo "all import-consents checks passed"
