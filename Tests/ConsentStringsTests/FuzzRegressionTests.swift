import ConsentStrings
import Testing

/// Inputs libFuzzer found (scripts/fuzz.sh): each once crashed a harness, and is kept here so it never comes back.
@Suite("libFuzzer regressions")
struct FuzzRegressionTests {
    /// The consent language held 6-bit values above 25 ("Sn"): it decoded, but the encoder refused to write it back,
    /// so decode → encode → decode was not the identity. A letter code outside A to Z is now refused when decoding.
    @Test("a language letter outside A to Z is refused when decoding, not only when encoding")
    func letterCodeAbove25IsRefused() throws {
        #expect(throws: ConsentStringError.self) {
            try TCString("CQSbk4AQSbk4ANwAAAStrwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA")
        }
        // The same string with the language "EN" decodes and comes back unchanged.
        let tc = try TCString("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA")
        #expect(tc.consentLanguage == "EN")
        #expect(try TCString(tc.encoded()) == tc)
    }

    /// A GPP header whose Fibonacci-coded section-id range named billions of ids: decoding tried to allocate them all
    /// (terabytes). Ranges above the 16-bit ids of the formats are now refused, in GPP and in TCF Canada.
    @Test("a Fibonacci range beyond 16-bit identifiers is refused, not allocated")
    func hugeFibonacciRangesAreRefused() throws {
        // A 12-bit count of one entry, a range flag, the start 1 ("11") and a span of the 59th Fibonacci number.
        let huge = "000000000001" + "1" + "11" + String(repeating: "0", count: 58) + "11"
        var reader = try BitReader(binary: huge)
        #expect(throws: ConsentStringError.self) { try IDSet.readFibonacciRange(from: &reader) }
        #expect(throws: ConsentStringError.self) {
            try GPPString("DBDBABCPwjRfAAfKgAAAAAAAAAAYgAAAAAAA~2YABM~CPX")
        }
        // Up to 65535 still decodes.
        var small = IDSet()
        small.insert(contentsOf: 1...65_535)
        var out = BitWriter()
        try small.writeFibonacciRange(to: &out)
        var back = try BitReader(binary: out.binary)
        #expect(try IDSet.readFibonacciRange(from: &back) == small)
    }
}
