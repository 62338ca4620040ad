import AccordCore
import Crypto
import Foundation
import Testing

/// The pseudonym read straight from the strings' UTF-8 storage is byte for byte the HMAC of the message array the
/// earlier code built (`<property> NUL <normalised id>`), for every kind of identifier and string storage.
@Suite struct SubjectPseudonymizerBytesTests {
    static let identifiers: [String] = [
        "", "w1-1", "av_0123456789abcdef0123456789abcdef", "Alice@Example.COM", "ärger@example.com", "e\u{301}", "é",
        "😀 user", "İstanbul@example.com", String(repeating: "x", count: 55), String(repeating: "y", count: 56),
        String(repeating: "z", count: 64), String(repeating: "ü", count: 128), "a\u{0}b",
        // Not native contiguous UTF-8 at first: a substring's copy, bytes decoded, a bridged Foundation string.
        String("prefix-customer-42".dropFirst(7)), String(decoding: Array("décodé".utf8), as: UTF8.self),
        NSString(string: "bridged-subject").description,
    ]

    @Test(arguments: ["demo", "", "a-property-with-a-long-identifier-0123456789"])
    func pseudonymsAreTheHMACOfTheMessageBytes(property: String) {
        let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
        let pseudonymizer = SubjectPseudonymizer(secret: secret)
        for subject in Self.identifiers {
            let message = Array(property.utf8) + [0] + Array(SubjectIdentifier.normalize(subject).utf8)
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
            let key = pseudonymizer.key(for: subject, in: PropertyID(rawValue: property))
            #expect(key.bytes == expected, "\(property) / \(Array(subject.utf8))")
            // The same answer again: nothing carried over from one pseudonym to the next.
            #expect(pseudonymizer.key(for: subject, in: PropertyID(rawValue: property)) == key)
        }
    }
}

/// The pseudonymiser's own HMAC (SHA-256 states with the padded key absorbed) agrees with swift-crypto's `HMAC`
/// for keys shorter than, as long as and longer than the hash's 64-byte block, and the batch form with one at a time.
@Suite struct SubjectPseudonymizerKeysTests {
    @Test(arguments: [0, 1, 16, 32, 63, 64, 65, 100, 200])
    func pseudonymsAreHMACSHA256UnderKeysOfAnyLength(length: Int) {
        let secret = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let pseudonymizer = SubjectPseudonymizer(secret: secret)
        for subject in SubjectPseudonymizerBytesTests.identifiers {
            let message = Array("demo".utf8) + [0] + Array(SubjectIdentifier.normalize(subject).utf8)
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
            #expect(pseudonymizer.key(for: subject, in: PropertyID(rawValue: "demo")).bytes == expected)
        }
    }

    @Test func batchKeysAreEachSubjectsKeyWithAndWithoutErasures() {
        let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
        let property = PropertyID(rawValue: "demo")
        let subjects = SubjectPseudonymizerBytesTests.identifiers + ["w1-1", "W1-1", "w1-1"]
        let plain = SubjectPseudonymizer(secret: secret)
        #expect(plain.keys(for: subjects, in: property) == subjects.map { plain.key(for: $0, in: property) })
        #expect(plain.keys(for: [], in: property) == [])
        // Once a pseudonym is erased, its subject gets the next generation's key in the batch too.
        let erased = ErasedSubjectSet(source: nil)
        let stepping = SubjectPseudonymizer(secret: secret, erased: erased)
        #expect(erased.isEmpty)
        erased.insert([plain.key(for: "w1-1", in: property)], in: property)
        #expect(!erased.isEmpty)
        let keys = stepping.keys(for: subjects, in: property)
        #expect(keys == subjects.map { stepping.key(for: $0, in: property) })
        #expect(keys[subjects.count - 1] != plain.key(for: "w1-1", in: property))
        #expect(keys[0] == plain.key(for: subjects[0], in: property))
    }
}
