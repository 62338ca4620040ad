#!/usr/bin/env bash
# libFuzzer over the consent-string decoders (TC string, TCF Canada, GPP, US Privacy: each decode → encode →
# decode must be the identity), the Global Vendor List parser, the JSON readers (json: the request bodies'
# duplicate-key scanner, ConsentStrings' JSON parser and the TC/GPP decoders from JSON), the config-as-code YAML
# loader (yaml: `accord config apply`'s reader; what `config export` writes must read back to itself) and the
# import line readers (import: `accord import`'s LineReader and export-line decoder, `accord import-consents`' CSV
# and JSON-lines readers, which must not depend on how the bytes are cut into chunks).
# Fuzz/Harness.swift holds the first six (built with `swiftc -sanitize=fuzzer,address` over ConsentStrings and the
# files they test), Fuzz/CLIHarness.swift the last two (built over AccordCore, the command line's reader files and
# Yams, all instrumented, linked with swift-crypto's objects from the debug build: run `swift build` first).
# FUZZ_TARGET picks the harness at run time. Each runs for FUZZ_SECONDS from the committed seeds in
# Fuzz/corpus/NAME (new inputs go to a scratch copy, so the committed corpus stays small); FUZZ_JOBS harnesses run
# at once. Prints the executions of each harness; exits 1 on a crash, whose input is kept in $FUZZ_OUT/crashes
# and must become a regression test.
# Fuzz/BodyHarness.swift (bodies) feeds every input to every JSON request body the server decodes (public and admin
# routes), read as `JSONBody` reads a request and validated as the route does: a refusal must translate to a 4xx,
# an accepted body must read back to itself from its re-encoding. It is built against the debug build's objects
# (run `swift build` first), which carry no coverage instrumentation: the harness reports each outcome (body type,
# error code and field, or the shape of the accepted value) to libFuzzer through extra counters instead.
#
#   scripts/fuzz.sh                         # every harness, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh tcf gpp
#   FUZZ_RUNS=10000000 scripts/fuzz.sh      # the long run: ten million executions each, however long it takes
#   FUZZ_BUILD=0 FUZZ_OUT=DIR scripts/fuzz.sh yaml   # reuse the binaries already built in DIR
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
RUNS="${FUZZ_RUNS:--1}"
[[ "$RUNS" == -1 ]] || SECONDS_EACH=0   # with a number of runs, no time limit
OUT="${FUZZ_OUT:-${TMPDIR:-/tmp}/accord-fuzz}"
HARNESSES=("$@")
[[ ${#HARNESSES[@]} -gt 0 ]] || HARNESSES=(tcf tcfca gpp usp gvl json yaml import bodies)
JOBS="${FUZZ_JOBS:-1}"
MAX_LEN="${FUZZ_MAX_LEN:-4096}"
# AddressSanitizer by default; FUZZ_SANITIZE=fuzzer leaves it out (about twice the executions per second, for the
# long runs: Swift code traps on its own out-of-bounds accesses, ASan adds the C parser of Yams and use-after-free).
SANITIZE="${FUZZ_SANITIZE:-fuzzer,address}"
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
    swiftc -O -wmo -sanitize="$SANITIZE" -parse-as-library -module-name FuzzTarget \
        "$ROOT/Fuzz/Harness.swift" $sources -o "$OUT/fuzz-accord" >"$OUT/build.log" 2>&1 \
        || { grep -v 'ld.gold: warning' "$OUT/build.log" >&2; return 1; }
}

# The command line's readers: ConsentStrings and Yams (its C parser and its Swift layer) as static libraries, then
# AccordCore with the reader files of Sources/accord and the harness as one module, linked with the debug build's
# swift-crypto objects (only AccordCore's hashing needs them; they are not instrumented).
build_cli() {
    local yams="$ROOT/.build/checkouts/Yams/Sources" debug="$ROOT/.build/debug" lib="$OUT/cli-lib" file
    [[ -d "$debug/Crypto.build" && -d "$yams" ]] || { echo "error: yaml/import need a debug build first (swift build)" >&2; return 1; }
    rm -rf "$lib" "$OUT/cli-src" && mkdir -p "$lib" "$OUT/cli-src"
    for file in "$yams"/CYaml/src/*.c; do
        clang -O1 -DYAML_DECLARE_STATIC -fsanitize="${SANITIZE/fuzzer/fuzzer-no-link}" -I "$yams/CYaml/include" -c "$file" \
            -o "$lib/cyaml-$(basename "$file" .c).o"
    done
    # shellcheck disable=SC2046
    swiftc -O -wmo -sanitize="$SANITIZE" -parse-as-library -emit-library -static -module-name Yams -D SWIFT_PACKAGE \
        -Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" -emit-module-path "$lib/Yams.swiftmodule" \
        "$yams"/Yams/*.swift -o "$lib/libYams.a"
    # shellcheck disable=SC2046
    swiftc -O -wmo -sanitize="$SANITIZE" -parse-as-library -emit-library -static -module-name ConsentStrings \
        -emit-module-path "$lib/ConsentStrings.swiftmodule" $(find "$ROOT/Sources/ConsentStrings" -name '*.swift' | sort) \
        -o "$lib/libConsentStrings.a"
    for file in $(find "$ROOT/Sources/AccordCore" -name '*.swift' | sort) \
        "$ROOT"/Sources/accord/Options/{ConfigYAML,SafeYAML,YAMLLocator,CLIError,LineReader}.swift; do
        grep -v '^import AccordCore$' "$file" >"$OUT/cli-src/$(echo "${file#"$ROOT"/}" | tr / _)"
    done
    # shellcheck disable=SC2046
    swiftc -O -wmo -sanitize="$SANITIZE" -parse-as-library -module-name FuzzCLI -I "$lib" -I "$yams/CYaml/include" \
        -Xcc -DYAML_DECLARE_STATIC -I "$debug/Modules" "$ROOT/Fuzz/CLIHarness.swift" "$OUT"/cli-src/*.swift \
        "$lib/libConsentStrings.a" "$lib/libYams.a" "$lib"/cyaml-*.o \
        $(find "$debug"/{Crypto,CryptoBoringWrapper,CCryptoBoringSSL,CCryptoBoringSSLShims,CXKCP,CXKCPShims}.build -name '*.o') \
        -o "$OUT/fuzz-cli"
}

# The server's request bodies: the harness and its counters, instrumented, linked with every object of the debug
# build's `accord` product but the command line's own (`@testable import` reaches the routes' internal body types).
# FUZZ_BODIES=optimized (the long runs) first compiles AccordCore and AccordServer from source with `-O`, coverage
# and `-enable-testing`, and links those in place of the debug build's: minutes more to build, about as many
# executions per CPU second (the time goes to Foundation's JSON and the Swift runtime either way; the coverage
# instrumentation costs what -O saves), but libFuzzer then sees the branches of the decoders and validators
# themselves (coverage 4,300 instead of 590), not only the outcomes the harness reports.
build_bodies() {
    local debug="$ROOT/.build/debug" product maps lib="$OUT/bodies-lib" module flags=() modules=()
    product="$debug/accord.product/Objects.LinkFileList"
    [[ -f "$product" ]] || { echo "error: bodies needs a debug build first (swift build)" >&2; return 1; }
    # The C modules AccordServer's interface imports (NIO's shims, SQLite, BoringSSL...), as SwiftPM passes them
    # (the build's description names them; those of its host tools would define some twice).
    maps="$(grep -o -- '-fmodule-map-file=[^"]*' "$ROOT/.build/debug.yaml" | grep -v -- '-tool' | sort -u | sed 's/^/-Xcc /' | tr '\n' ' ')"
    if [[ "${FUZZ_BODIES:-debug}" == optimized ]]; then
        rm -rf "$lib" && mkdir -p "$lib"
        for module in AccordCore AccordServer; do
            # shellcheck disable=SC2046,SC2086
            swiftc -O -wmo -enable-testing -sanitize=fuzzer -parse-as-library -emit-library -static -module-name "$module" \
                -swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
                -package-name main -DSWIFT_PACKAGE -I "$lib" -I "$debug/Modules" $maps -emit-module-path "$lib/$module.swiftmodule" \
                $(find "$ROOT/Sources/$module" -name '*.swift' | sort) -o "$lib/lib$module.a"
        done
        flags=(-I "$lib")
        modules=("$lib/libAccordServer.a" "$lib/libAccordCore.a")
        grep -v -E '/(accord|AccordCore|AccordServer)\.build/' "$product" >"$OUT/bodies.objects"
    else
        grep -v '/accord\.build/' "$product" >"$OUT/bodies.objects"
    fi
    clang -O1 -fsanitize=fuzzer-no-link -c "$ROOT/Fuzz/BodyCounters.c" -o "$OUT/body-counters.o"
    # shellcheck disable=SC2086
    swiftc -O -sanitize=fuzzer -parse-as-library -module-name FuzzBodies "${flags[@]}" -I "$debug/Modules" $maps \
        "$ROOT/Fuzz/BodyHarness.swift" "$OUT/body-counters.o" "${modules[@]}" @"$OUT/bodies.objects" -lstdc++ -lm -lz \
        -o "$OUT/fuzz-bodies"
}

# One harness: FUZZ_SECONDS (or FUZZ_RUNS) from its committed seeds; its summary line in $OUT/NAME.result.
run_one() {
    local name="$1" binary="$OUT/fuzz-accord" started
    [[ "$name" == yaml || "$name" == import ]] && binary="$OUT/fuzz-cli"
    [[ "$name" == bodies ]] && binary="$OUT/fuzz-bodies"
    rm -rf "$OUT/corpus-$name" && mkdir -p "$OUT/corpus-$name"
    started=$(date +%s)
    # Crashes leave their input only without Swift's backtracer taking the signal first. Leaks are not checked
    # (Swift's runtime caches look like leaks), so libFuzzer need not rerun inputs to look for them either, and
    # ASan records no call stack per allocation (its stack depot was the largest single cost in a profile of the
    # yaml and import harnesses; yaml runs about a fifth more executions per CPU second without): a crash's saved
    # input reproduces it with full stacks (ASAN_OPTIONS=malloc_context_size=30).
    # bodies reports what became of each input (a body type's error, or the shape of what it accepted) as extra
    # counters: tens of thousands of distinct features, nearly all rare. libFuzzer's entropic schedule keeps a list of
    # the rare ones and searches it for every feature of every execution: after 30 minutes that search was all of a
    # profile of the harness (fuzzer::InputCorpus::AddRareFeature, 99%), executions down from 870 to 120 a second. The
    # plain schedule (-entropic=0) has no such list.
    local schedule=()
    [[ "$name" == bodies ]] && schedule=(-entropic=0)
    if FUZZ_TARGET="$name" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0 "$binary" \
        -max_total_time="$SECONDS_EACH" -runs="$RUNS" -detect_leaks=0 "${schedule[@]}" \
        -artifact_prefix="$OUT/crashes/$name-" -print_final_stats=1 -max_len="$MAX_LEN" \
        "$OUT/corpus-$name" "$ROOT/Fuzz/corpus/$name" >"$OUT/$name.log" 2>&1; then
        echo "fuzz $name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$name.log" | grep -o '[0-9]*$') executions in $(($(date +%s) - started)) s, 0 crashes, $(grep -o 'cov: [0-9]*' "$OUT/$name.log" | tail -1)" >"$OUT/$name.result"
    else
        { echo "fuzz $name: CRASH"; grep -E 'Fatal error|ERROR: |Test unit written|==ERROR' "$OUT/$name.log" | head -10; } >"$OUT/$name.result"
        return 1
    fi
}

NEED_CORE=0 NEED_CLI=0 NEED_BODIES=0
for name in "${HARNESSES[@]}"; do
    [[ -d "$ROOT/Fuzz/corpus/$name" ]] || { echo "error: no corpus Fuzz/corpus/$name" >&2; exit 1; }
    case "$name" in
        yaml | import) NEED_CLI=1 ;;
        bodies) NEED_BODIES=1 ;;
        *) NEED_CORE=1 ;;
    esac
done
# FUZZ_BUILD=0 runs the binaries already in $FUZZ_OUT (a long run started from a build made beforehand).
if [[ "${FUZZ_BUILD:-1}" == 0 ]]; then
    NEED_CORE=0 NEED_CLI=0 NEED_BODIES=0
fi
[[ $NEED_CORE == 0 ]] || build
[[ $NEED_CLI == 0 ]] || build_cli >"$OUT/build-cli.log" 2>&1 || { grep -v 'ld.gold: warning' "$OUT/build-cli.log" >&2; exit 1; }
[[ $NEED_BODIES == 0 ]] || build_bodies >"$OUT/build-bodies.log" 2>&1 || { grep -v 'ld.gold: warning' "$OUT/build-bodies.log" >&2; exit 1; }

# FUZZ_JOBS harnesses at a time (the test command runs two on two cores); results in the order asked.
STATUS=0 running=0
for name in "${HARNESSES[@]}"; do
    rm -f "$OUT/$name.result"
    run_one "$name" &
    running=$((running + 1))
    if ((running >= JOBS)); then
        wait -n || STATUS=1
        running=$((running - 1))
    fi
done
while ((running > 0)); do
    wait -n || STATUS=1
    running=$((running - 1))
done
# One line per harness; the run fails unless each says it executed inputs and found 0 crashes.
for name in "${HARNESSES[@]}"; do
    if grep -qE "^fuzz $name: [1-9][0-9]* executions in [0-9]+ s, 0 crashes" "$OUT/$name.result" 2>/dev/null; then
        cat "$OUT/$name.result"
    else
        cat "$OUT/$name.result" >&2 2>/dev/null || echo "fuzz $name: no result" >&2
        STATUS=1
    fi
done
exit $STATUS
