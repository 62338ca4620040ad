#!/usr/bin/env bash
# What refusing duplicate JSON keys costs on the consent write path: times JSONDuplicateKeys (compiled alone with
# -O, as in a release build) on a typical 300-byte consent body, next to JSONDecoder decoding the same body.
#
#   scripts/bench-json-keys.sh            # prints ns per body for both
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-json.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/main.swift" <<'SWIFT'
import Foundation

struct Body: Decodable {
    var subject: String
    var choices: [String: String]
    var source: String?
    var region: String?
    var locale: String?
    var policyVersion: Int?
    var gpc: Bool?
    var idempotencyKey: String?
    var clientTimestamp: String?
}

let body = Array(
    #"{"subject":"av_0123456789abcdef0123456789abcdef","choices":{"analytics":"granted","marketing":"denied","personalization":"granted","necessary":"granted"},"source":"banner","region":"DE-BY","locale":"de-DE","policyVersion":3,"gpc":false,"idempotencyKey":"7f3c-1a2b-3c4d-5e6f","clientTimestamp":"2026-06-01T12:00:00.000Z"}"#
        .utf8)
let rounds = 200_000
func measure(_ name: String, _ work: () -> Int) {
    _ = work()
    let clock = ContinuousClock()
    var sink = 0
    let elapsed = clock.measure { for _ in 0..<rounds { sink &+= work() } }
    let nanoseconds = Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9
    print("\(name): \(Int(nanoseconds / Double(rounds))) ns per \(body.count)-byte body", sink == -1 ? "" : "")
}
measure("duplicate-key scan") { JSONDuplicateKeys.first(in: body) == nil ? 1 : 0 }
let decoder = JSONDecoder()
let data = Data(body)
measure("JSONDecoder decode") { (try? decoder.decode(Body.self, from: data)) == nil ? 0 : 1 }
SWIFT
# JSONDuplicateKeys.swift needs no imports: compile it with the harness as one small program.
swiftc -O "$ROOT/Sources/AccordServer/Support/JSONDuplicateKeys.swift" "$WORK/main.swift" -o "$WORK/bench"
"$WORK/bench"
