import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// The consent write's fast body reader gives exactly what the general path (duplicate-key refusal, then
/// `JSONDecoder`) gives for the bodies it reads, and hands every other body to that path (nil), whose answers and
/// errors stay as they were.
@Suite struct ConsentBodyScannerTests {
    static func scan(_ bytes: [UInt8]) -> ConsentRequest? {
        bytes.withUnsafeBytes { ConsentBodyScanner.scan($0) }
    }

    /// What the general path reads from `bytes`: nil where it refuses them (a duplicate key, a decoding error).
    static func decode(_ bytes: [UInt8]) -> ConsentRequest? {
        guard bytes.withUnsafeBytes({ JSONDuplicateKeys.first(in: $0) }) == nil else { return nil }
        return try? JSONDecoder().decode(ConsentRequest.self, from: Data(bytes))
    }

    /// Equal, and every string equal byte for byte, not only by Swift's canonical equivalence.
    static func expectSame(_ scanned: ConsentRequest, _ decoded: ConsentRequest) {
        #expect(scanned == decoded)
        let texts: (ConsentRequest) -> [[UInt8]] = { request in
            [
                request.subject, request.source, request.region, request.locale, request.tcString, request.gppString,
                request.idempotencyKey, request.clientTimestamp,
            ].map { Array(($0 ?? "\u{0}nil").utf8) }
                + (request.choices ?? [:]).sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .flatMap { [Array($0.key.utf8), Array($0.value.utf8)] }
        }
        #expect(texts(scanned) == texts(decoded))
    }

    static let plainBodies = [
        #"{"subject":"w1-1","choices":{"analytics":"granted","marketing":"denied","personalization":"granted"},"source":"banner"}"#,
        #"{"subject":"av_0123456789abcdef0123456789abcdef","choices":{"analytics":"granted"},"source":"banner","policyVersion":1,"#
            + #""region":"DE-BY","locale":"de","gpc":false,"idempotencyKey":"0123456789abcdef0123456789abcdef","#
            + #""clientTimestamp":"2026-11-30T21:00:00.000Z"}"#,
        #"{"choices":{},"subject":"x","gpc":true,"policyVersion":0,"tcString":"CPX","gppString":"DBABMA~CPX"}"#,
        #"{"subject":null,"choices":null,"source":null,"policyVersion":null,"region":null,"locale":null,"gpc":null}"#,
        #"{"tcString":null,"gppString":null,"idempotencyKey":null,"clientTimestamp":null}"#,
        "{}",
        " \r\n\t{ \"subject\" : \"x\" , \"choices\" : { \"a\" : \"granted\" , \"b\" : \"denied\" } , \"policyVersion\" : 12 } \n",
        #"{"subject":"Ärger@example.com","choices":{"é":"granted","e\#u{301}x":"denied","😀":"granted"},"locale":"de"}"#,
        #"{"subject":"user 1","choices":{"analytics":"maybe"},"source":"somewhere","policyVersion":999999999999999999}"#,
        #"{"subject":"","choices":{"":""}}"#,
    ]

    @Test(arguments: plainBodies)
    func readsWhatTheGeneralPathReads(json: String) throws {
        let bytes = Array(json.utf8)
        let decoded = try #require(Self.decode(bytes))
        let scanned = try #require(Self.scan(bytes))
        Self.expectSame(scanned, decoded)
    }

    @Test(arguments: [
        "", "[]", "null", "{", #"{"subject":"a"}x"#, #"{"subject":"a",}"#, #"{"subject":"a""#,
        #"{"subject":"a\"b"}"#, #"{"subject":"\u0061"}"#, #"{"subj\u0065ct":"a"}"#, "{\"subject\":\"a\tb\"}",
        #"{"subject":"a","subject":"b"}"#, #"{"subject":null,"subject":"b"}"#,
        #"{"choices":{"a":"granted","a":"denied"}}"#, #"{"choices":{"é":"granted","e\#u{301}":"denied"}}"#,
        #"{"contact":{"email":"a@example.com"}}"#, #"{"subject":"a","other":1}"#, #"{"subject":1}"#,
        #"{"choices":{"a":1}}"#, #"{"choices":["a"]}"#, #"{"choices":{"a":null}}"#, #"{"gpc":1}"#, #"{"gpc":"true"}"#,
        #"{"gpc":truex}"#, #"{"gpc":nul}"#, #"{"policyVersion":-1}"#, #"{"policyVersion":1.0}"#, #"{"policyVersion":1e2}"#,
        #"{"policyVersion":01}"#, #"{"policyVersion":9223372036854775808}"#, #"{"policyVersion":1234567890123456789}"#,
        #"{"policyVersion":99999999999999999999}"#, #"{"policyVersion":"1"}"#, #"{"policyVersion":1x}"#, "\u{FEFF}{\"subject\":\"a\"}",
    ])
    func leavesEveryOtherBodyToTheGeneralPath(json: String) {
        #expect(Self.scan(Array(json.utf8)) == nil)
    }

    @Test func leavesInvalidUTF8ToTheGeneralPath() {
        var bytes = Array(#"{"subject":"ab","choices":{"x":"granted"}}"#.utf8)
        bytes[13] = 0xFF
        #expect(Self.scan(bytes) == nil)
        #expect(Self.decode(bytes) == nil)
    }

    /// Every prefix and thousands of seeded mutations of the plain bodies (bytes changed, dropped, doubled): the
    /// scanner never traps, and wherever it reads a body the general path reads the same submission from it.
    @Test func agreesWithTheGeneralPathOnMutatedBodies() {
        var random = SeededBytes(seed: 0x5EED_1802)
        let alphabet = Array(#"{}[]:,"\ 0123456789-.eEtrufalsn"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]
        var read = 0
        for body in Self.plainBodies.map({ Array($0.utf8) }) {
            var variants = (0...body.count).map { Array(body.prefix($0)) }
            for _ in 0..<400 {
                var mutated = body
                for _ in 0..<(1 + random.next() % 3) where !mutated.isEmpty {
                    let index = Int(random.next() % UInt64(mutated.count))
                    switch random.next() % 3 {
                    case 0: mutated[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    case 1: mutated.remove(at: index)
                    default: mutated.insert(mutated[index], at: index)
                    }
                }
                variants.append(mutated)
            }
            for variant in variants {
                guard let scanned = Self.scan(variant) else { continue }
                read += 1
                guard let decoded = Self.decode(variant) else {
                    Issue.record("the scanner read a body the general path refuses: \(String(decoding: variant, as: UTF8.self))")
                    continue
                }
                Self.expectSame(scanned, decoded)
            }
        }
        // The mutations must leave some bodies readable, or this compares nothing.
        #expect(read > Self.plainBodies.count * 10)
    }
}

/// A small deterministic generator (SplitMix64) so that a failing mutation can be found again.
private struct SeededBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
