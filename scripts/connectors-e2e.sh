#!/usr/bin/env bash
# Data-subject requests across connected systems (issue 14) over HTTP against a real PostgreSQL "shop" database and
# two SQLite files: access, deletion (shared rows, retention, evidence, re-run), kill -9 between two systems and
# resume, and a manual system. Needs ACCORD_TEST_POSTGRES_URL (scripts/test.sh starts a server) and psql.
set -euo pipefail
cd "$(dirname "$0")/.."
ACCORD_BIN=${ACCORD_BIN:-$PWD/.build/debug/accord}
: "${ACCORD_TEST_POSTGRES_URL:?set ACCORD_TEST_POSTGRES_URL to a PostgreSQL server the test may create databases on}"
exec python3 scripts/connectors_e2e.py "$ACCORD_BIN" "$ACCORD_TEST_POSTGRES_URL"
