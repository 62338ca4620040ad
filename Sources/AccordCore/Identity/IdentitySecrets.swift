import Foundation

/// Each property's identity secret: what its site's backend signs identify tokens with (`HS256`). Made and
/// replaced on request, shown once; stored like the server secrets, wrapped by the root key when one is
/// configured (`RootKey`), so the database alone does not hold it in clear.
public struct IdentitySecrets: Sendable {
    private let store: any KeyStore
    private let root: RootKey?

    /// The secrets kept in `store`, wrapped by `root` when given.
    public init(store: any KeyStore, root: RootKey?) {
        self.store = store
        self.root = root
    }

    /// The stored name of a property's secret.
    static func name(of property: PropertyID) -> String { "identity-secret:\(property.rawValue)" }

    /// Makes a new secret for `property`, replacing any earlier one (tokens signed with that stop verifying), and
    /// returns it in clear: `idsec_` and 43 base64url characters (32 random bytes). The HMAC key is the text's
    /// UTF-8 bytes, as JWT libraries take a string secret.
    public func rotate(_ property: PropertyID) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let text = "idsec_" + Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let name = Self.name(of: property)
        let stored = try root.map { try $0.wrap(Array(text.utf8), name: name) } ?? Array(text.utf8)
        // Compare and swap until this value is the one stored: a concurrent rotation either lands first and is
        // replaced, or replaces this one, and only the last one shown verifies.
        while true {
            if let existing = try await store.existingSecret(named: name) {
                if try await store.replaceSecret(named: name, expected: existing, with: stored) { return text }
            } else if try await store.secret(named: name, create: { stored }) == stored {
                return text
            }
        }
    }

    /// The HMAC key of `property`'s secret; nil until one was made.
    public func key(of property: PropertyID) async throws -> [UInt8]? {
        let name = Self.name(of: property)
        guard let stored = try await store.existingSecret(named: name) else { return nil }
        guard RootKey.isWrapped(stored) else { return stored }
        guard let root else { throw RootKey.Problem.missing(secret: name) }
        return try root.unwrap(stored, name: name)
    }
}
