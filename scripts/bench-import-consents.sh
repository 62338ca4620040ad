#!/usr/bin/env bash
# Measures `accord import-consents`: rows per second and peak memory (max RSS) for generated CSV files of
# 100,000 and 1,000,000 rows (IMPORT_BENCH_SIZES to change), each into a fresh SQLite database, then the second
# import of the largest file (which must store nothing). Memory must stay flat as the file grows: the script prints
# the ratio of the peaks (IMPORT_BENCH_REPEAT=0 skips the second import). With IMPORT_BENCH_POSTGRES (a server URL such
# as postgres://postgres@127.0.0.1:5432) each size gets a new database there instead: the process's memory then
# holds no database pages (SQLite's cache, 64 MiB, and memory map, up to 256 MiB, grow with the file). Uses ACCORD_BIN (default .build/release/accord, else .build/debug/accord).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${ACCORD_BIN:-}"
if [[ -z "$BIN" ]]; then
  if [[ -x .build/release/accord ]]; then BIN=.build/release/accord; else BIN=.build/debug/accord; fi
fi
SIZES="${IMPORT_BENCH_SIZES:-100000 1000000}"
WORK="$(mktemp -d /tmp/accord-import-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# A database with the demo property (purposes analytics, marketing, personalization) made by a first start.
prepare_database() {
  local db="$1" port
  port="$(free_port)"
  "$BIN" serve --database-url "$db" --http-port "$port" >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

generate() {
  python3 - "$1" "$2" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
purposes = ["analytics", "marketing", "personalization"]
with open(path, "w") as f:
    f.write("email,purpose,status,consent_date,source,policy_version\n")
    for i in range(rows):
        f.write(f"person{i}@example.com,{purposes[i % 3]},{'yes' if i % 4 else 'no'},"
                f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}T{i % 24:02d}:{i % 60:02d}:00Z,crm,v{i % 5}\n")
PY
}

cat >"$WORK/mapping.yaml" <<'YAML'
format: csv
subject: email
date: consent_date
purpose: purpose
status: status
source: source
version: policy_version
YAML

# Runs one import; prints "<seconds> <max RSS KiB> <summary line>".
measure() {
  local file="$1" db="$2"
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" import-consents "$file" --property demo --mapping "$WORK/mapping.yaml" \
    --database-url "$db" --rejects "$WORK/rejects.csv" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  echo "$(cat "$WORK/time") $(cat "$WORK/out")"
}

echo "binary: $BIN"
declare -A PEAK
last=""
for rows in $SIZES; do
  csv="$WORK/consents-$rows.csv"
  db="sqlite://$WORK/bench-$rows.sqlite"
  if [[ -n "${IMPORT_BENCH_POSTGRES:-}" ]]; then
    name="accord_import_bench_${rows}_$$"
    psql "${IMPORT_BENCH_POSTGRES}/postgres" -qc "CREATE DATABASE $name" >/dev/null
    db="${IMPORT_BENCH_POSTGRES}/$name?sslmode=disable"
  fi
  last_db="$db"
  generate "$rows" "$csv"
  prepare_database "$db"
  read -r seconds kib summary < <(measure "$csv" "$db")
  PEAK[$rows]=$kib
  printf '%9d rows: %6.1f s, %8.0f rows/s, peak memory %6.1f MiB   (%s)\n' \
    "$rows" "$seconds" "$(python3 -c "print($rows/max($seconds,0.001))")" "$(python3 -c "print($kib/1024)")" "$summary"
  last="$rows"
done
if [[ "${IMPORT_BENCH_REPEAT:-1}" != 0 ]]; then
  read -r seconds kib summary < <(measure "$WORK/consents-$last.csv" "$last_db")
  printf 'second import of %d rows: %.1f s, peak memory %.1f MiB   (%s)\n' "$last" "$seconds" "$(python3 -c "print($kib/1024)")" "$summary"
  case "$summary" in
    *" 0 stored,"*) ;;
    *) echo "FAIL: the second import stored something" >&2; exit 1 ;;
  esac
fi
first="${SIZES%% *}"
if [[ "$first" != "$last" ]]; then
  echo "peak memory ratio ${last} / ${first} rows: $(python3 -c "print(round(${PEAK[$last]}/${PEAK[$first]}, 2))")"
fi
