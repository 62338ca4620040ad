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

step "build (debug, with tests)"
swift build --build-tests

step "swift test"
swift test --skip-build --disable-xctest

export ACCORD_BIN="$PWD/.build/debug/accord"

step "end-to-end: CLI, tampering, receipts, bad inputs"
scripts/cli-e2e.sh

step "end-to-end: SIGKILL during a write load loses no acknowledged event"
scripts/crash-test.sh

step "all suites passed"
