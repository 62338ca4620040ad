import Crypto
import Foundation

/// The server's root key, held outside the database (`secrets.rootKeyFile` or `secrets.rootKey`), which wraps
/// every server secret the database stores: the subject pseudonym key, the receipt signing key, the link and
/// form keys. A copy of the database alone then cannot re-identify subjects by hashing guesses, nor sign.
///
/// A wrapped secret is `accord-wrapped-v1:` followed by AES-256-GCM's nonce, ciphertext and tag, with the
/// secret's name as associated data, so a wrapped value cannot be moved to another name unnoticed.
public struct RootKey: Sendable {
    /// Why the root key, or a secret it wraps, cannot be used; the description tells the operator what to do.
    public enum Problem: Error, Hashable, Sendable {
        /// The text is not 32 or more bytes as base64, base64url or hex.
        case malformed
        /// The stored secret does not open with this key: another key, or a damaged value.
        case wrongKey(secret: String)
        /// The stored secret is wrapped, and no root key was given.
        case missing(secret: String)
    }

    static let marker = Array("accord-wrapped-v1:".utf8)

    private let key: SymmetricKey

    /// `material` must be at least 32 random bytes; the wrapping key is derived from it for this use only.
    public init(material: [UInt8]) throws(Problem) {
        guard material.count >= 32 else { throw .malformed }
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: material), info: Array("accord root key v1".utf8), outputByteCount: 32)
    }

    /// Reads the key as written in a file or variable: 64 hex digits, or base64 / base64url of 32+ bytes.
    public init(text: String) throws(Problem) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.utf8.count == 64, let bytes = [UInt8](hex: trimmed) {
            try self.init(material: bytes)
        } else if let bytes = Base64URL.decode(
            trimmed.replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
        {
            try self.init(material: bytes)
        } else {
            throw .malformed
        }
    }

    /// Whether a stored secret is wrapped (starts with `accord-wrapped-v1:`) rather than stored in clear.
    public static func isWrapped(_ stored: [UInt8]) -> Bool { stored.starts(with: marker) }

    /// `secret` sealed under this key for `name`, with the marker in front: the form to store.
    public func wrap(_ secret: [UInt8], name: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(secret, using: key, authenticating: Array(name.utf8))
        guard let combined = box.combined else { throw Problem.wrongKey(secret: name) }
        return Self.marker + Array(combined)
    }

    /// The secret in clear; `.wrongKey` when `stored` is not wrapped, was wrapped by another key or for another name,
    /// or is damaged.
    public func unwrap(_ stored: [UInt8], name: String) throws(Problem) -> [UInt8] {
        guard Self.isWrapped(stored), let box = try? AES.GCM.SealedBox(combined: stored.dropFirst(Self.marker.count)),
            let secret = try? AES.GCM.open(box, using: key, authenticating: Array(name.utf8))
        else { throw .wrongKey(secret: name) }
        return Array(secret)
    }
}

/// The server secrets as the code uses them: read from the store, wrapped by the root key when there is one.
public enum ServerSecrets {
    /// The named secret in clear, created on first use. With a root key, a secret stored in clear by an earlier
    /// start is wrapped in place (compare-and-swap, so several instances may start together); without one, a
    /// wrapped secret stops the start, as it cannot be read.
    public static func secret(
        named name: String, in store: any KeyStore, root: RootKey?, create: @Sendable () -> [UInt8]
    ) async throws -> [UInt8] {
        guard let root else {
            let stored = try await store.secret(named: name, create: create)
            if RootKey.isWrapped(stored) { throw RootKey.Problem.missing(secret: name) }
            return stored
        }
        let fresh = create()
        let wrappedFresh = try root.wrap(fresh, name: name)
        let stored = try await store.secret(named: name) { wrappedFresh }
        if RootKey.isWrapped(stored) { return try root.unwrap(stored, name: name) }
        // Stored in clear before the root key was configured: wrap it, unless another instance just did.
        if try await store.replaceSecret(named: name, expected: stored, with: try root.wrap(stored, name: name)) {
            return stored
        }
        return try root.unwrap(try await store.existingSecret(named: name) ?? [], name: name)
    }
}

extension RootKey.Problem: CustomStringConvertible {
    /// One line for the operator; for `missing`, it names the settings that give the key.
    public var description: String {
        switch self {
        case .malformed:
            "the root key must be 32 or more random bytes, written as 64 hex digits or as base64"
        case .wrongKey(let secret):
            "the root key does not open the database's secret '\(secret)': it was wrapped with another key, or is damaged"
        case .missing(let secret):
            "the database's secret '\(secret)' is wrapped by a root key: give it with secrets.rootKeyFile "
                + "(--secrets-root-key-file, SECRETS_ROOT_KEY_FILE) or SECRETS_ROOT_KEY"
        }
    }
}
