import ConsentStrings
import Testing

@Suite("US Privacy vectors (usp_v1_examples.json)")
struct USPrivacyVectorTests {
    static let vectors = Vector.load("usp_v1_examples")

    @Test("decodes and re-encodes every example", arguments: vectors)
    func roundTrips(_ vector: Vector) throws {
        if vector.string.hasPrefix("DBA") {
            let gpp = try GPPString(vector.string)
            expectFields(gpp.json, vector.decoded)
            #expect(try gpp.encoded() == vector.string)
        } else {
            let usp = try USPrivacyString(vector.string)
            expectFields(usp.json, vector.decoded)
            #expect(try usp.encoded() == vector.string)
            #expect(try USPrivacyString(json: vector.decoded) == usp)
        }
    }

    @Test("rejects malformed strings", arguments: ["", "1YN", "1YNNN", "XYNN", "1ANN"])
    func rejects(_ text: String) {
        #expect(throws: ConsentStringError.self) { try USPrivacyString(text) }
    }
}
