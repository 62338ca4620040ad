#!/usr/bin/env bash
# Webhook connectors and manual tasks (issue 14 §1) over HTTP against a running `accord serve` on SQLite: a real
# receiver on loopback that checks the Standard Webhooks signature and answers on the callback after a delay, a
# manual task completed with a file, the access package holding both, single-use tokens, and a webhook system that
# is down across a server restart and is retried until it answers.
set -euo pipefail
cd "$(dirname "$0")/.."
ACCORD_BIN=${ACCORD_BIN:-$PWD/.build/debug/accord}
exec python3 scripts/connector_answers_e2e.py "$ACCORD_BIN"
