import Foundation
import Testing

@testable import AccordCore

/// The compact reader of stored choices and expiries gives exactly what `JSONDecoder` gives, or leaves the text
/// to it: every webhook's history read goes through it.
@Suite struct CompactObjectReaderTests {
    /// What the generic decoder makes of a text, as the stores read it before the compact reader.
    static func generic<T: Decodable>(_ text: String, _ type: T.Type) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    @Test func everyWrittenChoicesTextReadsBackTheSameAsWithTheGenericDecoder() throws {
        let keys: [PurposeKey] = ["analytics", "marketing", "personalization", "ads_1", "Ünïcode-ß", "a,b", "x:y", "{}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let count = Int.random(in: 0...keys.count, using: &generator)
            let choices = Dictionary(
                uniqueKeysWithValues: keys.shuffled(using: &generator).prefix(count).map { ($0, ConsentChoice.allCases.randomElement()!) })
            let text = ConsentEventEncoding.choicesText(choices)
            #expect(CompactObjectReader.choices(text) == choices, "\(text)")
            let generic = try #require(Self.generic(text, [String: ConsentChoice].self))
            #expect(
                try ConsentEventEncoding.choices(from: text)
                    == Dictionary(uniqueKeysWithValues: generic.map { (PurposeKey(rawValue: $0.key), $0.value) }))
        }
    }

    @Test func everyWrittenExpiriesTextReadsBackTheSameAsWithTheGenericDecoder() throws {
        let keys: [PurposeKey] = ["analytics", "marketing", "personalization", "b~", "Ünïcode"]
        let times: [Int64] = [0, 1, 9, 10, 1_795_000_000_000, 253_402_300_799_999]
        for time in times {
            for count in 0...keys.count {
                let expiries = Dictionary(uniqueKeysWithValues: keys.prefix(count).map { ($0, Date(millisecondsSince1970: time)) })
                let text = ConsentEventEncoding.expiriesText(expiries)
                #expect(CompactObjectReader.expiries(text) == expiries, "\(text)")
                let generic = try #require(Self.generic(text, [String: Int64].self))
                #expect(
                    try ConsentEventEncoding.expiries(from: text)
                        == Dictionary(uniqueKeysWithValues: generic.map { (PurposeKey(rawValue: $0.key), Date(millisecondsSince1970: $0.value)) }))
            }
        }
    }

    /// Texts not in the compact form: the reader declines, and the result (or the error) is the generic decoder's.
    @Test(arguments: [
        #"{ "a":"granted"}"#, #"{"a" :"granted"}"#, #"{"a":"granted" }"#, #"{"a\u0062":"denied"}"#, #"{"a":"granted","a":"denied"}"#,
        #"{"a":"Granted"}"#, #"{"a":"granted",}"#, #"{,}"#, #"{"a"}"#, #"{"a":}"#, #"{"a":"granted""#, #"["granted"]"#, "", "{",
        #"{"a":"granted"}x"#, #"{"a":"granted"}}"#, #"{"a":"den\u0069ed"}"#, #"{"":"granted"}"#, "{\"b\u{7f}\":\"denied\"}",
        #"{"b\u007f":"denied"}"#,
    ])
    func choicesTextsOutsideTheCompactFormDecodeAsTheGenericDecoderSays(text: String) {
        let generic = Self.generic(text, [String: ConsentChoice].self).map {
            Dictionary(uniqueKeysWithValues: $0.map { (PurposeKey(rawValue: $0.key), $0.value) })
        }
        #expect((try? ConsentEventEncoding.choices(from: text)) == generic)
        if let compact = CompactObjectReader.choices(text) { #expect(compact == generic) }
    }

    @Test(arguments: [
        #"{"a":-1}"#, #"{"a":01}"#, #"{"a":1.0}"#, #"{"a":1e3}"#, #"{"a": 1}"#, #"{"a":"1"}"#, #"{"a":1,"a":2}"#,
        #"{"a":9223372036854775807}"#, #"{"a":9223372036854775808}"#, #"{"a":1234567890123456789}"#, #"{"a":}"#, #"{"a":1,}"#,
        #"{"a":true}"#, #"{"a":null}"#,
    ])
    func expiriesTextsOutsideTheCompactFormDecodeAsTheGenericDecoderSays(text: String) {
        let generic = Self.generic(text, [String: Int64].self).map {
            Dictionary(uniqueKeysWithValues: $0.map { (PurposeKey(rawValue: $0.key), Date(millisecondsSince1970: $0.value)) })
        }
        #expect((try? ConsentEventEncoding.expiries(from: text)) == generic)
        if let compact = CompactObjectReader.expiries(text) { #expect(compact == generic) }
    }
}
