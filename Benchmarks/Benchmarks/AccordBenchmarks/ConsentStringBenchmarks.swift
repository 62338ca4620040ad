import Benchmark
import ConsentStrings
import Foundation

/// Decode and encode of consent strings built here with the library's own encoder: a typical TC string
/// (about 300 vendors), a large one (3,000+ vendors, one list range-encoded and one as a bitfield) and a GPP
/// string with three sections. `scripts/bench-strings.sh` decodes the same strings with Python's iab-tcf:
/// with `ACCORD_BENCH_STRINGS_OUT` set, the strings are written there, one `name<TAB>string` per line.
func consentStringBenchmarks() {
    let strings = ConsentStringFixtures.make()
    if let path = ProcessInfo.processInfo.environment["ACCORD_BENCH_STRINGS_OUT"] {
        let lines = strings.map { "\($0.name)\t\($0.text)\n" }.joined()
        FileManager.default.createFile(atPath: path, contents: Data(lines.utf8))
    }
    // Each sample runs 1,000 operations, so one sample's time is long enough to measure well; the script
    // multiplies the samples per second by 1,000.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo, maxDuration: .seconds(3))
    for fixture in strings {
        Benchmark("consent string decode, \(fixture.name)", configuration: configuration) { benchmark in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.decode(fixture.text))
            }
        }
        Benchmark("consent string encode, \(fixture.name)", configuration: configuration) { benchmark in
            let encode = try fixture.encoder(fixture.text)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try encode())
            }
        }
    }
}

/// The benchmarked strings, generated deterministically so every run measures the same bits.
struct ConsentStringFixtures: Sendable {
    let name: String
    let text: String
    /// Decodes the text; the result is only kept alive for `blackHole`.
    let decode: @Sendable (String) throws -> any Sendable
    /// Decodes once and returns a closure that encodes the decoded value again.
    let encoder: @Sendable (String) throws -> @Sendable () throws -> String

    static func tc(_ name: String, _ value: TCString) -> ConsentStringFixtures {
        ConsentStringFixtures(
            name: name, text: try! value.encoded(), decode: { try TCString($0) },
            encoder: { text in
                let decoded = try TCString(text)
                return { try decoded.encoded() }
            })
    }

    static func make() -> [ConsentStringFixtures] {
        var random = SplitMix64(seed: 0x5EED)
        let typical = typicalTCString(&random)
        let gpp = try! GPPString(sections: [.tcfEUv2(typical), .uspV1(usPrivacy), .us(usNational)]).encoded()
        return [
            tc("tcf typical (300 vendors)", typical),
            tc("tcf large (3000+ vendors, range and bitfield)", largeTCString(&random)),
            ConsentStringFixtures(
                name: "gpp three sections (tcfeuv2, uspv1, usnat)", text: gpp, decode: { try GPPString($0) },
                encoder: { text in
                    let decoded = try GPPString(text)
                    return { try decoded.encoded() }
                }),
        ]
    }

    /// What a CMP writes for a visitor who accepted most of a 300-vendor list: 300 consents among the
    /// first 1,200 ids, 120 legitimate interests, one publisher restriction, disclosed vendors.
    static func typicalTCString(_ random: inout SplitMix64) -> TCString {
        var tc = baseTCString()
        tc.vendorConsents = IDSet(sample(300, from: 1...1_200, &random))
        tc.vendorLegitimateInterests = IDSet(sample(120, from: 1...1_200, &random))
        tc.publisherRestrictions = [
            PublisherRestriction(purposeID: 2, restrictionType: .requireConsent, vendorIDs: IDSet(sample(5, from: 1...1_200, &random)))
        ]
        tc.disclosedVendors = IDSet(Array(tc.vendorConsents) + Array(tc.vendorLegitimateInterests))
        return tc
    }

    /// Consents to 3,200 vendors in a few long runs (range encoding is shorter) and legitimate interests
    /// for half of 3,500 ids at random (a bitfield is shorter).
    static func largeTCString(_ random: inout SplitMix64) -> TCString {
        var tc = baseTCString()
        var consents = IDSet()
        for run in [1...900, 1_000...2_100, 2_200...3_400] { consents.insert(contentsOf: run) }
        tc.vendorConsents = consents
        tc.vendorLegitimateInterests = IDSet(sample(1_750, from: 1...3_500, &random))
        tc.disclosedVendors = IDSet(1...3_500)
        return tc
    }

    static func baseTCString() -> TCString {
        var tc = TCString(created: Timestamp(year: 2026, month: 11, day: 20, hour: 9))
        tc.cmpID = 300
        tc.cmpVersion = 2
        tc.consentScreen = 1
        tc.consentLanguage = "DE"
        tc.vendorListVersion = 120
        tc.policyVersion = 5
        tc.publisherCountryCode = "DE"
        tc.purposeConsents = IDSet(1...10)
        tc.purposeLegitimateInterests = [2, 7, 8, 9, 10]
        tc.specialFeatureOptIns = [1]
        return tc
    }

    static let usPrivacy = USPrivacyString(notice: .yes, optOutSale: .no, lspaCovered: .no)

    static var usNational: USSection {
        var section = try! USSection(id: .usNat)
        section["SharingNotice"] = [1]
        section["SaleOptOutNotice"] = [1]
        section["SaleOptOut"] = [2]
        section["TargetedAdvertisingOptOut"] = [2]
        section.gpc = false
        return section
    }

    static func sample(_ count: Int, from range: ClosedRange<Int>, _ random: inout SplitMix64) -> [Int] {
        var pool = Array(range)
        for index in 0..<count { pool.swapAt(index, index + Int(random.next() % UInt64(pool.count - index))) }
        return Array(pool.prefix(count))
    }
}

/// A small seeded generator, so the fixtures are the same on every run and machine.
struct SplitMix64: RandomNumberGenerator {
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
