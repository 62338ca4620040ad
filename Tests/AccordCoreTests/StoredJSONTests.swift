import AccordCore
import Foundation
import Testing

/// The one JSON form of stored documents: databases hold these bytes, so they must not drift.
@Suite struct StoredJSONTests {
    struct Document: Codable, Equatable {
        var url: String
        var at: Date
        var name: String
    }

    @Test func keysSortedSlashesKeptDatesInMilliseconds() throws {
        let document = Document(url: "https://shop.example/a", at: Date(millisecondsSince1970: 1_790_000_000_123), name: "A")
        let text = try StoredJSON.text(document)
        #expect(text == #"{"at":1790000000123,"name":"A","url":"https://shop.example/a"}"#)
        #expect(try StoredJSON.decode(Document.self, from: text, what: "document") == document)
    }

    @Test func unreadableDocumentIsCorruptWithoutItsText() {
        #expect(throws: StoreError.corrupt("a stored vendor list cannot be read")) {
            try StoredJSON.decode(Document.self, from: #"{"secret":"x"}"#, what: "vendor list")
        }
    }
}
