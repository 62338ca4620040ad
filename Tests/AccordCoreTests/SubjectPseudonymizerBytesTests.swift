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
