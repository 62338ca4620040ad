#!/usr/bin/env bash
# What normalising subject ids costs on the write and check paths: times SubjectIdentifier.normalize (compiled
# alone with -O, as in a release build) on the ids a server sees, next to JSONDecoder decoding a typical consent
# body in the same run, the work every write already does.
#
#   scripts/bench-subject-ids.sh            # prints ns per id and per body
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-ids.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/main.swift" <<'SWIFT'
import Foundation

struct Body: Decodable {
    var subject: String
    var choices: [String: String]
    var source: String?
    var region: String?
}

let body = Array(
    #"{"subject":"av_0123456789abcdef0123456789abcdef","choices":{"analytics":"granted","marketing":"denied"},"source":"banner","region":"DE-BY"}"#
        .utf8)
let rounds = 200_000
func measure(_ name: String, _ work: () -> Int) {
    _ = work()
    let start = DispatchTime.now().uptimeNanoseconds
    var sink = 0
    for _ in 0..<rounds { sink &+= work() }
    let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(rounds)
    let label = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(label, String(format: "%8.0f ns", nanoseconds), sink == 42 ? "" : "")
}
let ids = [
    ("visitor id (ASCII, no @)", "av_0123456789abcdef0123456789abcdef"),
    ("e-mail, ASCII", "Alice.Example@Example.COM"),
    ("e-mail, composed accents", "ren\u{E9}e.dupr\u{E9}@example.fr"),
    ("e-mail, decomposed accents", "rene\u{301}e.dupre\u{301}@example.fr"),
    ("account id, Hangul jamo", "\u{1100}\u{1161}-customer-17"),
]
measure("JSONDecoder, one consent body (baseline)") { (try? JSONDecoder().decode(Body.self, from: Data(body)))?.subject.utf8.count ?? 0 }
for (name, id) in ids {
    measure("normalize: \(name)") { SubjectIdentifier.normalize(id).utf8.count }
}
SWIFT
swiftc -O -o "$WORK/bench" "$ROOT/Sources/AccordCore/Privacy/SubjectIdentifier.swift" "$WORK/main.swift" 2>&1 | grep -v warning || true
"$WORK/bench"
