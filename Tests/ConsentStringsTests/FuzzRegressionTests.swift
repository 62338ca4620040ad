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
}
