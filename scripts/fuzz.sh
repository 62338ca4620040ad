#!/usr/bin/env bash
# libFuzzer over the consent-string decoders (TC string, TCF Canada, GPP, US Privacy: each decode → encode →
# decode must be the identity), the Global Vendor List parser and the JSON readers (json: the request bodies'
# duplicate-key scanner, ConsentStrings' JSON parser and the TC/GPP decoders from JSON). Each harness (Fuzz/Harness.swift, one per
# FUZZ_TARGET) is built with `swiftc -sanitize=fuzzer,address` over the sources it tests, then run for
# FUZZ_SECONDS from the committed seeds in Fuzz/corpus/NAME (new inputs go to a scratch copy, so the committed
# corpus stays small). Prints the executions of each harness; exits 1 on the first crash, whose input is kept in
# $FUZZ_OUT/crashes and must become a regression test.
#
#   scripts/fuzz.sh                         # every harness, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh tcf gpp
#   FUZZ_RUNS=10000000 scripts/fuzz.sh      # the long run: ten million executions each, however long it takes
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
RUNS="${FUZZ_RUNS:--1}"
[[ "$RUNS" == -1 ]] || SECONDS_EACH=0   # with a number of runs, no time limit
OUT="${FUZZ_OUT:-${TMPDIR:-/tmp}/accord-fuzz}"
HARNESSES=("$@")
[[ ${#HARNESSES[@]} -gt 0 ]] || HARNESSES=(tcf tcfca gpp usp gvl json)
mkdir -p "$OUT/crashes"

# The GVL parser lives in AccordCore beside code that needs swift-crypto: only its own files are compiled, with
# ConsentStrings in the same module (so its `import ConsentStrings` is dropped).
gvl_sources() {
    rm -rf "$OUT/gvl-src" && mkdir -p "$OUT/gvl-src"
    for file in "$ROOT"/Sources/AccordCore/VendorList/GlobalVendorList*.swift; do
        grep -v '^import ConsentStrings' "$file" >"$OUT/gvl-src/$(basename "$file")"
    done
    echo "$OUT"/gvl-src/*.swift
}

# One build for every harness: ConsentStrings, the GVL parser's files and the duplicate-key scanner (no imports: compiled
# as it is) in one module, the harness picked at run time by FUZZ_TARGET.
build() {
    local sources
    sources="$(find "$ROOT/Sources/ConsentStrings" -name '*.swift' | sort | tr '\n' ' ') $(gvl_sources)"
    sources="$sources $ROOT/Sources/AccordServer/Support/JSONDuplicateKeys.swift"
    # shellcheck disable=SC2086
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FuzzTarget \
        "$ROOT/Fuzz/Harness.swift" $sources -o "$OUT/fuzz-accord" >"$OUT/build.log" 2>&1 \
        || { grep -v 'ld.gold: warning' "$OUT/build.log" >&2; return 1; }
}

STATUS=0
build
for name in "${HARNESSES[@]}"; do
    [[ -d "$ROOT/Fuzz/corpus/$name" ]] || { echo "error: no corpus Fuzz/corpus/$name" >&2; exit 1; }
    rm -rf "$OUT/corpus-$name" && mkdir -p "$OUT/corpus-$name"
    started=$(date +%s)
    # Crashes leave their input only without Swift's backtracer taking the signal first.
    if FUZZ_TARGET="$name" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$OUT/fuzz-accord" -max_total_time="$SECONDS_EACH" -runs="$RUNS" \
        -artifact_prefix="$OUT/crashes/$name-" -print_final_stats=1 -max_len=4096 \
        "$OUT/corpus-$name" "$ROOT/Fuzz/corpus/$name" >"$OUT/$name.log" 2>&1; then
        echo "fuzz $name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$name.log" | grep -o '[0-9]*$') executions in $(($(date +%s) - started)) s, 0 crashes, $(grep -o 'cov: [0-9]*' "$OUT/$name.log" | tail -1)"
    else
        echo "fuzz $name: CRASH" >&2
        grep -E 'Fatal error|ERROR: |Test unit written|==ERROR' "$OUT/$name.log" | head -10 >&2
        STATUS=1
    fi
done
exit $STATUS
