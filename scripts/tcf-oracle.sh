#!/usr/bin/env bash
# Random TC strings against a second decoder: `accord tcf encode` makes COUNT random TC strings (random core
# fields, vendor sets of 0 to a few thousand ids in both the bitfield and the range encoding, publisher
# restrictions, the disclosed-vendors, allowed-vendors and publisher TC segments) from the JSON form of
# Tests/Vectors/tcf_v2_public.json; Python's iab-tcf 0.2.2 (PyPI) decodes each and every field it exposes must
# equal the JSON fed in, and `accord tcf decode` must give the JSON back exactly. The seed is fixed and printed;
# a mismatch prints the seed, the string and the field, and exits 1. See scripts/tcf_oracle.py.
#
#   scripts/tcf-oracle.sh                          # 500 strings, seed 20260122, .build/debug/accord
#   TCF_ORACLE_COUNT=5000 TCF_ORACLE_SEED=7 scripts/tcf-oracle.sh
#   ACCORD_BIN=/path/to/accord TCF_ORACLE_VENV=/tmp/other-venv scripts/tcf-oracle.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
COUNT="${TCF_ORACLE_COUNT:-500}"
SEED="${TCF_ORACLE_SEED:-20260122}"
# The browser suite's venv (scripts/test.sh) by default; iab-tcf is added to it when missing.
VENV="${TCF_ORACLE_VENV:-/tmp/accord-venv}"

if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("iab-tcf") != "0.2.2")' 2>/dev/null \
    || "$VENV/bin/pip" install -q 'iab-tcf==0.2.2'

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-tcf-oracle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# A private copy: others may relink .build/debug/accord while this runs.
cp "$ACCORD_BIN" "$WORK/accord"

PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" "$ROOT/scripts/tcf_oracle.py" "$WORK/accord" "$COUNT" "$SEED"
