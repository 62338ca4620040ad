import AccordCore
import Crypto
import Testing

@Suite struct SubjectPseudonymizerTests {
    /// The pseudonym is HMAC-SHA-256 of "property NUL normalised id" under the secret, whatever the secret's length
    /// (a key longer than SHA-256's 64-byte block is hashed first): stored keys must never change.
    @Test(arguments: [1, 32, 64, 65, 100])
    func pseudonymIsTheHMACOfPropertyAndNormalisedIdentifier(secretLength: Int) {
        let secret = (0..<secretLength).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let pseudonymizer = SubjectPseudonymizer(secret: secret)
        for (property, subject) in [("demo", "customer-1"), ("demo", "customer-2"), ("shop", "Customer-1 "), ("", "")] {
            let message = Array(property.utf8) + [0] + Array(SubjectIdentifier.normalize(subject).utf8)
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
            #expect(pseudonymizer.key(for: subject, in: PropertyID(rawValue: property)).bytes == expected)
        }
    }
}
