import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Security probe, finding 2: one person, however their id is spelled, and `/check` never answers one spelling
/// with another subject's state.
@Suite struct SubjectNormalizationAPITests {
    static let pairs: [(String, String)] = [
        ("Jos\u{E9}", "Jose\u{301}"),
        ("\u{C5}sa", "A\u{30A}sa"),
        ("\u{1E69}-42", "s\u{323}\u{307}-42"),
        ("chlo\u{E9}@example.com", "CHLOE\u{301}@Example.com"),
    ]

    func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    @Test(arguments: pairs)
    func withdrawalUnderOneSpellingHoldsForTheOther(_ pair: (String, String)) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let key = bearer(try await test.key([.consentsRead, .consentsWrite]))
            let (granted, withdrawn) = pair
            let grant = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":\#(json(granted)),"choices":{"marketing":"granted"}}"#, headers: key)
            #expect(grant.status == .created)
            let path = withdrawn.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let withdraw = try await client.send(
                .post, "/v1/properties/demo/subjects/\(path)/withdraw", json: #"{"purposes":["marketing"]}"#, headers: key)
            #expect(withdraw.status == .created)
            // Both spellings in one check: one answer for each, both from the one subject, who withdrew.
            var headers = key
            headers[.contentType] = "application/json"
            let body = #"{"subjects":[\#(json(granted)),\#(json(withdrawn)),"someone-else"],"purposes":["marketing"]}"#
            let raw = try await client.execute(
                uri: "/v1/properties/demo/check", method: .post, headers: headers, body: ByteBuffer(string: body)
            ) { String(buffer: $0.body) }
            // Read as bytes: Swift dictionaries (and JSONSerialization here) would merge equivalent keys.
            let bytes = Array(raw.utf8)
            for spelling in [granted, withdrawn] {
                #expect(bytes.contains(Array(#""\#(spelling)":{"marketing":false}"#.utf8)), "\(spelling.unicodeScalars.map(\.value))")
            }
            #expect(!raw.contains("true"))
            let state = try await client.send(.get, "/v1/properties/demo/subjects/\(path)/events", headers: key)
            #expect((state.body["events"] as? [Any])?.count == 2)
        }
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
