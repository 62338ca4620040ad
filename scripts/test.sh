#!/usr/bin/env bash
# The one test command (README, CI): installs what the suites need on a fresh Debian machine, then runs
# every suite: formatting, the Swift unit/contract/HTTP tests, and the end-to-end scripts against real
# `accord` processes on real SQLite files. Safe to run twice in a row; leaves no process behind.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

install_missing() {
    local missing=()
    for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        step "installing ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "missing tools: ${missing[*]} (install them, or run as root on Debian)" >&2
        exit 1
    fi
}

install_missing curl python3

step "swift format lint"
swift format lint -r --strict Sources Tests

step "openapi.yaml is embedded unchanged"
scripts/embed-openapi.sh
git diff --exit-code -- Sources/AccordServer/Generated/OpenAPIDocument.swift

step "web/sdk and web/templates are embedded unchanged"
scripts/embed-web.sh
git diff --exit-code -- Sources/AccordServer/Generated/WebAssets.swift Sources/AccordServer/Generated/WebTemplates.swift

step "build (debug, with tests)"
swift build --build-tests

# PostgreSQL 15 for the PostgreSQL suites: a throwaway server run as the postgres user on a free port
# (docs: /work/shared/TOOLCHAIN.md), stopped and removed on exit. Without root or the binaries the
# PostgreSQL suites are skipped, loudly, and ACCORD_REQUIRE_POSTGRES stays unset.
PGBIN=/usr/lib/postgresql/15/bin
PG_DATA_DIR=""
stop_postgres() {
    if [ -n "$PG_DATA_DIR" ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DATA_DIR"
    fi
}
trap stop_postgres EXIT
if [ "$(id -u)" = 0 ] && [ -x "$PGBIN/initdb" ] && id postgres >/dev/null 2>&1; then
    step "starting PostgreSQL 15"
    PG_DATA_DIR="$(mktemp -d /tmp/accord-test-pg.XXXXXX)"
    chown postgres:postgres "$PG_DATA_DIR" && chmod 700 "$PG_DATA_DIR"
    PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PG_DATA_DIR" -U postgres -A trust -E UTF8 --no-sync >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DATA_DIR" -l "$PG_DATA_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" start >/dev/null
    export ACCORD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
    export ACCORD_REQUIRE_POSTGRES=1
    export ACCORD_TEST_PGDATA="$PG_DATA_DIR"
else
    printf '\n!!! PostgreSQL NOT STARTED (needs root and %s): the PostgreSQL suites are SKIPPED !!!\n' "$PGBIN" >&2
fi

# aiosmtpd, a real SMTP server for the mail suites (AccordMailTests and scripts/mail-e2e.sh), pinned, in the
# venv the browser suite uses too.
SMTP_VENV=/tmp/accord-venv
SMTP_PIN=aiosmtpd==1.4.6
if ! "$SMTP_VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("aiosmtpd") != sys.argv[1])' \
    "${SMTP_PIN#*==}" >/dev/null 2>&1; then
    step "installing $SMTP_PIN into $SMTP_VENV"
    python3 -m venv "$SMTP_VENV"
    "$SMTP_VENV/bin/pip" install -q "$SMTP_PIN"
fi
export ACCORD_TEST_SMTP_PYTHON="$SMTP_VENV/bin/python"
export ACCORD_REQUIRE_SMTP=1

step "swift test"
swift test --skip-build --disable-xctest

export ACCORD_BIN="$PWD/.build/debug/accord"

# The browser suite (Tests/Browser): Debian's Chromium and chromedriver, Selenium and pytest in a venv, and
# axe-core from the axe-playwright-python wheel (only its axe.min.js is used, so no Playwright).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        step "installing chromium chromium-driver"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    else
        echo "missing chromium/chromedriver (install them, or run as root on Debian)" >&2
        exit 1
    fi
fi
BROWSER_VENV=/tmp/accord-venv
# Pinned, so a new release cannot change what the suite runs on; the check below reinstalls when a pin moves.
BROWSER_PINS=(selenium==4.51.0 pytest==9.2.0 standardwebhooks==1.1.0)
AXE_PIN=axe-playwright-python==0.1.8
if ! "$BROWSER_VENV/bin/python" - "${BROWSER_PINS[@]}" "$AXE_PIN" >/dev/null 2>&1 <<'PY'
import importlib.metadata as metadata, sys
sys.exit(any(metadata.version(name) != version for name, version in (pin.split("==") for pin in sys.argv[1:])))
PY
then
    step "installing ${BROWSER_PINS[*]} and axe-core ($AXE_PIN) into $BROWSER_VENV"
    python3 -m venv "$BROWSER_VENV"
    "$BROWSER_VENV/bin/pip" install -q "${BROWSER_PINS[@]}"
    "$BROWSER_VENV/bin/pip" install -q --no-deps "$AXE_PIN"
fi

step "browser: banner, blocking, Consent Mode, GPC, offline, accessibility in headless Chromium"
PYTHONDONTWRITEBYTECODE=1 "$BROWSER_VENV/bin/pytest" -q -p no:cacheprovider Tests/Browser

step "end-to-end: CLI, tampering, receipts, bad inputs"
scripts/cli-e2e.sh

step "API description: strict YAML 1.1, valid OpenAPI, schemathesis (all checks) against a live server"
VENV="$BROWSER_VENV" scripts/schema-fuzz.sh

step "consent strings: random TC strings against Python's iab-tcf (a second decoder) and back through accord tcf decode"
TCF_ORACLE_VENV="$BROWSER_VENV" scripts/tcf-oracle.sh

step "end-to-end: configuration as code (export, apply, plans, errors with line numbers)"
scripts/config-e2e.sh

step "end-to-end: SIGKILL during a write load loses no acknowledged event"
scripts/crash-test.sh

step "end-to-end: metrics, JSON logs and request ids, signed checkpoints against a rewritten history"
scripts/ops-e2e.sh

step "end-to-end: SQLite backup under write load, restore, audit"
scripts/backup-e2e.sh

step "end-to-end: SIGTERM during a write load exits 0 within 10 s and loses no acknowledged write"
scripts/sigterm-test.sh
step "end-to-end: e-mail to subjects through a real SMTP server (aiosmtpd): confirmation link, retries, mail off"
SMTP_PYTHON="$SMTP_VENV/bin/python" scripts/mail-e2e.sh
step "end-to-end: webhooks through a 10-minute receiver outage and a kill -9, verified by Python's standardwebhooks"
VENV="$BROWSER_VENV" scripts/webhooks-e2e.sh
step "end-to-end: the data map in configuration as code and accord systems check against a real SQLite file"
scripts/datamap-e2e.sh

if [ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]; then
    step "end-to-end: two instances on one PostgreSQL database"
    scripts/multi-instance.sh
    step "end-to-end: export from SQLite, import into PostgreSQL and back; audit, state, keys and receipts survive"
    scripts/migrate-backends.sh
else
    printf '\n!!! PostgreSQL multi-instance and migration tests SKIPPED (no ACCORD_TEST_POSTGRES_URL) !!!\n' >&2
fi
# Needs the server's data directory to restart it: only with the server started above.
if [ -n "${ACCORD_TEST_PGDATA:-}" ]; then
    step "end-to-end: PostgreSQL restart during a write load: 503s, reconnection, no acknowledged event lost"
    scripts/pg-fault-test.sh
fi

step "fault campaign (short): kill -9 cycles with exactly-once accounting, PostgreSQL killed and cut off, a full disk"
CYCLES=3 CUT_SECONDS=10 scripts/fault-campaign.sh

step "privacy: seeded personal values in no log, database file or dump, and in no answer where they do not belong"
scripts/privacy-scan.sh

step "libFuzzer: consent-string round trips, the GVL parser, the JSON readers, the YAML config loader, the import readers and the server's request bodies, 60 s each, two at a time"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" FUZZ_JOBS="${FUZZ_JOBS:-2}" scripts/fuzz.sh

if [ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]; then
    step "end-to-end: three instances on one PostgreSQL deliver webhooks and expiry reminders once each"
    VENV="$BROWSER_VENV" scripts/multi-delivery.sh
fi

step "end-to-end: a deletion request erases Accord's own data; audit verify names the erased; a returning person starts afresh"
scripts/erasure-e2e.sh

if [ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]; then
    step "end-to-end: requests across connected systems (PostgreSQL shop, SQLite CRM and support desk): access, erasure, kill -9, manual"
    scripts/connectors-e2e.sh
fi

step "end-to-end: import-consents refuses a file without a mapped column, rejects bad rows, vaults subjects, keeps the source"
scripts/import-consents-e2e.sh

step "end-to-end: webhook connectors (signed POST, callback after a delay, single-use tokens, retry across a restart) and manual tasks with a file"
scripts/connector-answers-e2e.sh

step "all suites passed"
