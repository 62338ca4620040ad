import AccordCore
import Foundation
import Testing

/// Security probe, finding 6: the server secrets can be kept wrapped by a root key held outside the database.
@Suite struct RootKeyTests {
    let material = (0..<32).map { UInt8($0) }

    @Test func keyIsReadAsHexOrBase64AndShortOrGarbledKeysAreRefused() throws {
        let hex = material.map { String(format: "%02x", $0) }.joined()
        let base64 = Data(material).base64EncodedString()
        let secret: [UInt8] = [9, 8, 7]
        let wrapped = try RootKey(material: material).wrap(secret, name: "s")
        for text in [hex, hex.uppercased(), base64, base64 + "\n", Base64URL.encode(material)] {
            #expect(try RootKey(text: text).unwrap(wrapped, name: "s") == secret, "\(text)")
        }
        for text in ["", "short", Data(material.prefix(31)).base64EncodedString(), String(repeating: "z", count: 64) + "!"] {
            #expect(throws: RootKey.Problem.malformed) { try RootKey(text: text) }
        }
    }

    @Test func wrappedSecretOpensOnlyWithItsKeyAndName() throws {
        let key = try RootKey(material: material)
        let wrapped = try key.wrap([1, 2, 3], name: "subject-hmac-key")
        #expect(RootKey.isWrapped(wrapped) && !RootKey.isWrapped([1, 2, 3]))
        #expect(try key.unwrap(wrapped, name: "subject-hmac-key") == [1, 2, 3])
        #expect(throws: RootKey.Problem.wrongKey(secret: "receipt-signing-key")) {
            try key.unwrap(wrapped, name: "receipt-signing-key")
        }
        let other = try RootKey(material: Array(repeating: 1, count: 32))
        #expect(throws: RootKey.Problem.wrongKey(secret: "subject-hmac-key")) { try other.unwrap(wrapped, name: "subject-hmac-key") }
    }

    @Test func secretsStoredInClearAreWrappedInPlaceAndKeepTheirValue() async throws {
        let store = InMemoryConsentStore()
        let clear = try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: nil) { Array(repeating: 5, count: 32) }
        let root = try RootKey(material: material)
        let later = try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: root) { [0] }
        // Pseudonyms made before the root key still match: the secret's value did not change, only its storage.
        #expect(later == clear)
        let stored = try #require(try await store.existingSecret(named: "subject-hmac-key"))
        #expect(RootKey.isWrapped(stored) && !stored.contains(subsequence: clear))
        #expect(try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: root) { [0] } == clear)
        // Without the key, or with another, the server does not start on guessed or empty secrets.
        await #expect(throws: RootKey.Problem.missing(secret: "subject-hmac-key")) {
            try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: nil) { [0] }
        }
        let other = try RootKey(material: Array(repeating: 1, count: 32))
        await #expect(throws: RootKey.Problem.wrongKey(secret: "subject-hmac-key")) {
            try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: other) { [0] }
        }
    }

    @Test func newSecretsAreStoredWrappedFromTheStart() async throws {
        let store = InMemoryConsentStore()
        let root = try RootKey(material: material)
        let value = try await ServerSecrets.secret(named: "form-token-key", in: store, root: root) { Array(repeating: 6, count: 32) }
        #expect(value == Array(repeating: 6, count: 32))
        #expect(RootKey.isWrapped(try #require(try await store.existingSecret(named: "form-token-key"))))
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
