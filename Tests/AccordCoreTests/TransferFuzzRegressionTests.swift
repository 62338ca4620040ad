import AccordCore
import Foundation
import Testing

/// Export lines libFuzzer found (`scripts/fuzz.sh import`), kept so they never come back.
@Suite struct TransferFuzzRegressionTests {
    /// `import-roundtrip-1`: a header time with one-digit seconds and four fraction digits was read to the
    /// sub-millisecond, but written back to the millisecond, so it read as another time the second time round.
    @Test func aHeaderTimeMorePreciseThanTheWriterKeepsReadsToWholeMilliseconds() throws {
        let line = #"{"type":"accord-export","exportedAt":"2026-11-30T12:12:2.4086Z","format":3}"#
        let record = try TransferRecord(jsonLine: line)
        let written = try record.jsonLine()
        #expect(written.contains(#""exportedAt":"2026-11-30T12:12:02.409Z""#))
        #expect(try TransferRecord(jsonLine: written) == record)
    }
}
