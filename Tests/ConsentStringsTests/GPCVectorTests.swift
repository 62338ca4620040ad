import ConsentStrings
import Testing

@Suite("Global Privacy Control cases (gpc_cases.json)")
struct GPCVectorTests {
    static let vectors = Vector.load("gpc_cases")

    /// A case is either raw header lines or a `gpc.json` resource (optionally written as
    /// `GET /.well-known/gpc.json -> {…}`).
    @Test("interprets headers and the support resource as the normative text says", arguments: vectors)
    func interprets(_ vector: Vector) throws {
        if let brace = vector.string.firstIndex(of: "{") {
            let resource = try GlobalPrivacyControl.Resource(json: String(vector.string[brace...]))
            #expect(resource.json == vector.decoded)
        } else {
            let requested = GlobalPrivacyControl.isRequested(headers: vector.string)
            #expect(JSONValue.object(["gpc": .bool(requested)]) == vector.decoded)
        }
    }
}
