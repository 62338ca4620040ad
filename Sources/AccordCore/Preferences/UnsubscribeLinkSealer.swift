import Crypto
import Foundation

/// Tokens for one-click unsubscribe links (RFC 8058): one per (subject, channel, topic), put in an e-mail's
/// `List-Unsubscribe` header, so the person (or their mail client) withdraws that one preference without signing in.
///
/// Sealed with AES-256-GCM under a key derived from the server's link secret for this use only, with the property
/// id as associated data: a token cannot be read (the subject is often an e-mail address), forged, altered or used
/// on another property. It does not expire: RFC 8058 links must keep working for as long as the message is kept.
public struct UnsubscribeLinkSealer: Sendable {
    /// What a valid token names.
    public struct Opened: Hashable, Sendable {
        /// The subject identifier in clear.
        public var subject: String
        /// The preference to withdraw (`email.newsletter`; never a frequency key).
        public var preference: PreferenceKey
    }

    /// Not a token this server sealed for this property, or altered.
    public struct Invalid: Error, Hashable, Sendable {}

    private let key: SymmetricKey

    /// `secret` is the server's stored link secret (as for preference links); the key is derived apart.
    public init(secret: [UInt8]) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("accord unsubscribe link v1".utf8), outputByteCount: 32)
    }

    /// A base64url token for `subject` and `preference` (its frequency is dropped) on `property`.
    public func seal(subject: String, preference: PreferenceKey, property: PropertyID) throws -> String {
        var plaintext = Array(preference.preference.description.utf8)
        plaintext.append(0)
        plaintext.append(contentsOf: subject.utf8)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(property.rawValue.utf8))
        guard let combined = box.combined else { throw Invalid() }
        return Base64URL.encode(combined)
    }

    /// The subject and preference sealed in `token`; `Invalid` for anything this server did not seal for `property`.
    public func open(_ token: String, property: PropertyID) throws(Invalid) -> Opened {
        // 12 bytes of nonce, at least 3 of preference, 1 separator, 1 of subject, 16 of tag.
        guard token.utf8.count <= 600, let bytes = Base64URL.decode(token), bytes.count >= 33,
            let box = try? AES.GCM.SealedBox(combined: bytes),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: Array(property.rawValue.utf8)),
            let separator = plaintext.firstIndex(of: 0),
            let preferenceText = String(validating: plaintext[..<separator], as: UTF8.self),
            let preference = PreferenceKey(preferenceText), preference.frequency == nil,
            let subject = String(validating: plaintext[(separator + 1)...], as: UTF8.self), !subject.isEmpty
        else { throw Invalid() }
        return Opened(subject: subject, preference: preference)
    }
}
