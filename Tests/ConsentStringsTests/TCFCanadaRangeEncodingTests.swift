import ConsentStrings
import Testing

/// TCF Canada's vendor ranges (GPP section `tcfcav1`). The specification's OptimizedRange codes ranges in Fibonacci;
/// iabgpp-es wrote 16-bit integer ranges before its 3.2 fix, and since then (fd0546e7, `TcfCaV1CoreSegment`) reads
/// Fibonacci first, falls back to the legacy integer form only when the Fibonacci reading does not reproduce the
/// bits, and always re-encodes in Fibonacci. Accord does the same, which settles the fuzzer's ambiguity finding
/// (`tcfca-ambiguous-1`): bits that read both ways are Fibonacci, and decode → encode → decode is the identity.
/// Strings from Tests/Vectors/gpp_iabgpp_es_tests.json and iabgpp-es's `TcfCaV1.test.ts` at the same commit.
@Suite("TCF Canada range encoding")
struct TCFCanadaRangeEncodingTests {
    /// The same values in both encodings (vectors at TcfCaV1.test.ts:148 and :479).
    static let fibonacci = "BPSG_8APSG_8AAyACAENGdCgf_gfgAfgfgBhADVqxGAD0AILVgAA.fHHHA4444ao"
    static let legacy = "BPSG_8APSG_8AAyACAENGdCgf_gfgAfgfgBgABABAAABAB4AACACAAA.fHHHA4444ao"

    @Test("a legacy integer-range string reads as the reference reads it and is re-encoded in Fibonacci")
    func legacyVendorRangesAreMigrated() throws {
        let old = try TCFCanadaString(Self.legacy)
        #expect(old.vendorExpressConsents == [12, 24, 48])
        #expect(old.vendorImpliedConsents == [18, 30])
        #expect(try old.encoded() == Self.fibonacci)
        #expect(try TCFCanadaString(Self.fibonacci) == old)
        #expect(try TCFCanadaString(Self.fibonacci).encoded() == Self.fibonacci)
    }

    @Test("legacy integer-range publisher restrictions are migrated the same way")
    func legacyPublisherRestrictionsAreMigrated() throws {
        // TcfCaV1.test.ts:485 (legacy) and :164 (Fibonacci, the encoder's output asserted by the test).
        let old = try TCFCanadaString("BPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAACCgBwABAAOAAoADgAJA.YAAAAAAAAAA")
        #expect(old.publisherRestrictions.count == 1)
        #expect(old.publisherRestrictions.first?.vendorIDs == [1, 2, 3, 5, 6, 7, 9])
        #expect(try old.encoded() == "BPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAACCgAS7o.YAAAAAAAAAA")
    }

    @Test("a real legacy string re-encodes to the Fibonacci string the reference writes")
    func realLegacyStringMatchesTheReference() throws {
        // iabgpp-es TcfCaV1.test.ts at fd0546e7, "should decode a legacy string and re-encode it in the
        // spec-compliant Fibonacci form": both strings and the vendor lists are the test's.
        let legacy = try TCFCanadaString(
            "BQliWsAQliWsAPoABAELC9CoAKgAAJIAAApNAOABUAC0AGgAQwAlgBQAC6AG0AO4AfgBBATAAnMBSYEwYFgAXQBOwC3ALgAc4A7gCAAEmAJ2AT8AxQBmgDOgGfANeAcQA6oCJgEngJyAT-Ao8BUQCpQFvALhAXQAvcBf4DMAGggNNAbUA3EBxoDlgHiAPNAfIBAQCEgEbgI_gSlgmACYIAA.YAAAAAAAAAA"
        )
        #expect(legacy.cmpID == 1000 && legacy.consentLanguage == "EL" && legacy.vendorListVersion == 189)
        #expect(legacy.vendorExpressConsents == [42, 45, 52, 67, 75, 80, 93, 109, 119, 126, 130, 1216, 1254, 1318])
        #expect(
            legacy.vendorImpliedConsents == [
                93, 157, 183, 184, 231, 238, 256, 294, 315, 319, 394, 410, 413, 415, 431, 452, 469, 550, 591, 626, 639, 655, 674,
                677, 734, 737, 744, 759, 767, 816, 833, 845, 874, 881, 909, 918, 964, 973, 996, 1028, 1060, 1134, 1151, 1189,
                1216, 1217,
            ])
        let fibonacci =
            "BQliWsAQliWsAPoABAELC9CoAKgAAJIAAApNAOBMZZGDDAxMmWskIahojBMGBYoGiOJ4FlhahgNZUxMZiYDUwllGgYGJpYyBjLIwZFqasFllNGqaMhisVpTU1DyeAAA.YAAAAAAAAAA"
        #expect(try legacy.encoded() == fibonacci)
        #expect(try TCFCanadaString(fibonacci) == legacy)
    }

    @Test("bits that read validly both ways are read as Fibonacci, and the round trip is the identity")
    func ambiguousBitsAreFibonacci() throws {
        // Fuzz/findings `tcfca-ambiguous-1`: valid in both encodings, with different values.
        let text =
            "BAAOpABQSAAAHCIAD-AAAAAAANAHCIAD-AAAAAAACAAALwAgBLLLAAAwgALBLBQLSAAOptHCIAD-CAAEAAACAAEionaABQAAOptHCIAD-CAAEAAACAAEionaABLQSAALOAptA"
        let first = try TCFCanadaString(text)
        let written = try first.encoded()
        #expect(try TCFCanadaString(written) == first)
        #expect(try TCFCanadaString(written).encoded() == written)
        // GPP `gpp-roundtrip-1`: the same ambiguity inside a GPP string (its tcfcav1 section).
        let gpp = try GPPString("DBABjw~BABAYAharaAAAAAAAIACDBAAAAAAeAAAAAAAAAAACDAABAAAABBAj~0YNN")
        #expect(try GPPString(gpp.encoded()) == gpp)
    }
}
