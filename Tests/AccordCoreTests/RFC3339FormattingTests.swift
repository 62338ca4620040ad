import Foundation
import Testing

@testable import AccordCore

@Suite struct RFC3339FormattingTests {
    /// The direct computation writes what Foundation's ISO 8601 formatter writes, over 1600 to 9999: at the
    /// ends, around leap days and century years, and at random instants.
    @Test func directFormattingMatchesFoundationsFormatter() {
        var instants: [Int64] = [
            -11_676_096_000_000, 253_402_300_799_999, 0, -1, 1, 999, 1000, -86_400_000, 951_782_400_000,
            951_868_799_999, 4_107_542_400_000, -2_203_891_200_001, 1_790_000_000_123, 1_709_164_800_000,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            instants.append(Int64.random(in: -11_676_096_000_000...253_402_300_799_999, using: &generator))
        }
        for milliseconds in instants {
            #expect(Date.gregorianRFC3339(milliseconds) == Date.foundationRFC3339(milliseconds), "\(milliseconds)")
        }
    }

    @Test func formatsMillisecondsInUTC() {
        #expect(Date(millisecondsSince1970: 1_790_000_000_123).rfc3339 == "2026-09-21T14:13:20.123Z")
        #expect(Date(millisecondsSince1970: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(Date(millisecondsSince1970: 951_782_400_000).rfc3339 == "2000-02-29T00:00:00.000Z")
    }
}
