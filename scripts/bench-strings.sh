#!/usr/bin/env bash
# Consent-string decoding speed, Accord against Python's iab-tcf, on the same strings in the same run.
#
# The strings (a typical TC string with about 300 vendors, a large one with 3,000+ vendors using both range
# and bitfield encodings, and a GPP string with tcfeuv2, uspv1 and usnat) are built by the package-benchmark
# target in Benchmarks/ with ConsentStrings' own encoder and written to a file; Python's iab-tcf 0.2.2 (in a
# venv under /tmp) then decodes the same TC strings. iab-tcf has no GPP decoder, so GPP is Accord only.
# Both sides run on one thread. Prints decodes per second and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${ACCORD_BENCH_VENV:-/tmp/accord-bench-venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import iab_tcf' 2>/dev/null || "$VENV/bin/pip" install -q 'iab-tcf==0.2.2'

WORK="$(mktemp -d /tmp/accord-bench-strings.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "==> Accord (package-benchmark, release build; the first run builds for several minutes)"
(cd Benchmarks && ACCORD_BENCH_STRINGS_OUT="$WORK/strings.tsv" swift package --disable-sandbox benchmark \
    --filter 'consent string.*' --no-progress --format jmh --path "$WORK" >"$WORK/benchmark.log" 2>&1) || {
    cat "$WORK/benchmark.log" >&2
    exit 1
}

echo "==> Python iab-tcf $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("iab-tcf"))') on the same strings"
"$VENV/bin/python" - "$WORK" <<'PY'
import glob, json, sys, time
import iab_tcf

work = sys.argv[1]
# package-benchmark's throughput is samples per second; each sample runs 1,000 operations (scalingFactor .kilo).
swift = {}
for path in glob.glob(f"{work}/*.jmh.json"):
    for element in json.load(open(path)):
        # package.benchmark.AccordBenchmarks.consent_string_decode,_tcf_typical_(300_vendors)
        name = element["benchmark"].split("AccordBenchmarks.", 1)[-1]
        swift[name] = element["primaryMetric"]["scorePercentiles"]["50.0"] * 1000

def python_rate(text, seconds=2.0):
    iab_tcf.decode_v2(text)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(20):
            iab_tcf.decode_v2(text)
        count += 20
    return count / (time.perf_counter() - start)

rows = []
for line in open(f"{work}/strings.tsv"):
    name, text = line.rstrip("\n").split("\t")
    ours = next((rate for key, rate in swift.items() if key == f"consent string decode, {name}".replace(" ", "_")), None)
    encode = next((rate for key, rate in swift.items() if key == f"consent string encode, {name}".replace(" ", "_")), None)
    theirs = python_rate(text) if name.startswith("tcf") else None
    rows.append((name, len(text), ours, encode, theirs))

print(f"{'string':48} {'chars':>6} {'accord decode/s':>16} {'accord encode/s':>16} {'iab-tcf decode/s':>17} {'ratio':>8}")
for name, chars, ours, encode, theirs in rows:
    fmt = lambda v: f"{v:,.0f}" if v else "n/a"
    ratio = f"{ours / theirs:,.0f}x" if ours and theirs else "n/a"
    print(f"{name:48} {chars:>6} {fmt(ours):>16} {fmt(encode):>16} {fmt(theirs):>17} {ratio:>8}")
typical = next((row[2] for row in rows if row[0].startswith("tcf typical")), None)
if typical is not None:
    verdict = "meets" if typical >= 1_000_000 else "misses"
    print(f"\ntypical TC string: {typical:,.0f} decodes/s on one core ({verdict} the 1,000,000/s target)")
PY
