import ConsentStrings
import Testing

@Suite("Codec building blocks")
struct CodecTests {
    @Test("errors compare by code alone and carry a location")
    func errorEqualityIsByCode() {
        let first = ConsentStringError(.truncated, "one", bitOffset: 3)
        let second = ConsentStringError(.truncated, "two")
        #expect(first == second)
        #expect(first != ConsentStringError(.invalidBase64, "one"))
        #expect(first.file.hasSuffix("CodecTests.swift"))
        #expect(first.description.contains("bit 3"))
    }

    @Test("base64url accepts '=' padding and rejects foreign characters")
    func base64Padding() throws {
        let padded = try TCString("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA.cAAAAAAAITg=")
        #expect(padded.publisherTC?.numCustomPurposes == 2)
        #expect(throws: ConsentStringError(.invalidBase64, "")) { try TCString("COtybn4PA+zT4KjACBENAPCI") }
    }

    @Test("vendor sections pick the shorter encoding")
    func vendorSectionChoosesShorter() throws {
        var dense = BitWriter()
        try IDSet(1...100).writeVendorSection(to: &dense)
        #expect(dense.bitCount == 16 + 1 + 12 + 33)
        var sparse = BitWriter()
        try IDSet([3, 5, 9]).writeVendorSection(to: &sparse)
        #expect(sparse.bitCount == 16 + 1 + 9)
    }

    @Test(
        "dates print as ISO 8601 with milliseconds and parse back",
        arguments: [
            ("1970-01-01T00:00:00.000Z", 0),
            ("2025-06-03T00:00:00.000Z", 17_489_088_000),
            ("2020-03-09T12:04:34.600Z", 15_837_554_746),
        ])
    func timestamps(text: String, deciseconds: Int) throws {
        #expect(Timestamp(deciseconds: deciseconds).iso8601 == text)
        #expect(try Timestamp(iso8601: text).deciseconds == deciseconds)
    }

    @Test(
        "dates with a field out of its range are refused, not carried over",
        arguments: [
            "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z",
            "2025-06-00T00:00:00Z", "2025-06-03T24:00:00Z", "2025-06-03T00:60:00Z", "2016-12-31T23:59:60Z",
        ])
    func impossibleDates(text: String) {
        #expect(throws: ConsentStringError(.invalidValue, "")) { try Timestamp(iso8601: text) }
    }

    @Test("leap days parse")
    func leapDays() throws {
        #expect(try Timestamp(iso8601: "2024-02-29T23:59:59.9Z").iso8601 == "2024-02-29T23:59:59.900Z")
        #expect(try Timestamp(iso8601: "2000-02-29T00:00:00Z").deciseconds == 9_517_824_000)
    }

    @Test("identifier lists in JSON refuse 0 and negative ids instead of dropping them")
    func identifiersStartAtOne() throws {
        guard case .object(var json) = TCString(created: Timestamp(deciseconds: 0)).json else {
            Issue.record("the JSON form is not an object")
            return
        }
        json["vendorConsents"] = .ints([0, 3])
        #expect(throws: ConsentStringError(.invalidValue, "")) { try TCString(json: .object(json)) }
        json["vendorConsents"] = .ints([3])
        json["purposesConsent"] = .ints([-1])
        #expect(throws: ConsentStringError(.invalidValue, "")) { try TCString(json: .object(json)) }
        json["purposesConsent"] = .ints([1, 24])
        #expect(try TCString(json: .object(json)).purposeConsents == [1, 24])
    }

    @Test("only version 2 TC strings are encoded: another version would not decode")
    func encodesVersionTwoOnly() throws {
        var tc = TCString(created: Timestamp(deciseconds: 17_489_088_000))
        #expect(try TCString(try tc.encoded()).version == 2)
        for version in [1, 3] {
            tc.version = version
            #expect(throws: ConsentStringError(.unsupportedVersion, "")) { try tc.encoded() }
        }
    }

    @Test("the JSON printer sorts keys and round-trips through the parser")
    func jsonRoundTrip() throws {
        let value = JSONValue.object(["b": .ints([2, 1]), "a": .string("x\"y"), "c": .null, "d": .bool(true)])
        let text = value.serialized()
        #expect(text.hasPrefix("{\n  \"a\": \"x\\\"y\""))
        #expect(try JSONValue(parsing: text) == value)
    }

    @Test("a GPP string lists its sections in the header and rejects unknown ids")
    func gppHeaderFollowsSections() throws {
        let gpp = GPPString(sections: [.uspV1(try USPrivacyString("1YNN"))])
        #expect(try gpp.encoded() == "DBABTA~1YNN")
        let unknown = try GPPHeader(sectionIDs: [GPPSectionID(rawValue: 4)]).encoded()
        #expect(throws: ConsentStringError(.unknownSection, "")) { try GPPString(unknown + "~1YNN") }
    }
}
