import Crypto
import Foundation

/// Links to the hosted preference center for a known subject (a customer in an email, say), so the person
/// changes the choices stored under their own identifier rather than those of an anonymous browser.
///
/// The token is the subject and an expiry, sealed with AES-256-GCM under a key only the server holds, with
/// the property id as associated data: it cannot be read (the identifier is often an email address, and
/// URLs end up in logs and browser histories), forged, altered or used on another property.
public struct PreferenceLinkSealer: Sendable {
    /// What a valid link holds.
    public struct Opened: Hashable, Sendable {
        /// The subject identifier in clear, as the link was issued for.
        public var subject: String
        /// When the link stops working, in whole seconds.
        public var expires: Date
    }

    /// Why a link was refused; the hosted page tells the two apart so the person knows to ask for a new link.
    public enum LinkError: Error, Hashable, Sendable {
        /// Not a token this server made for this property, or altered.
        case invalid
        /// Genuine, but its expiry (given) has passed.
        case expired(Date)
    }

    /// The longest validity an issuer may ask for.
    public static let maximumLifetimeDays = 90

    private let key: SymmetricKey
    /// One-click unsubscribe tokens, sealed under a key derived from the same secret for that use only.
    public let unsubscribe: UnsubscribeLinkSealer

    /// `secret` is the server's stored link secret; the sealing key is derived from it for this use only.
    public init(secret: [UInt8]) {
        unsubscribe = UnsubscribeLinkSealer(secret: secret)
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("accord preference link v1".utf8), outputByteCount: 32)
    }

    /// A base64url token for `subject` on `property`, valid until `expires` (whole seconds). Keep `subject` within
    /// `SubjectPseudonymizer.maximumIdentifierBytes`: `open` refuses tokens over 512 characters.
    public func seal(subject: String, property: PropertyID, expires: Date) throws -> String {
        var plaintext = withUnsafeBytes(of: Int64(expires.timeIntervalSince1970.rounded(.down)).bigEndian) { Array($0) }
        plaintext.append(contentsOf: subject.utf8)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(property.rawValue.utf8))
        guard let combined = box.combined else { throw LinkError.invalid }
        return Base64URL.encode(combined)
    }

    /// The subject and expiry sealed in `token`; `.invalid` for anything this server did not seal for `property`,
    /// `.expired` once `now` reaches the expiry.
    public func open(_ token: String, property: PropertyID, now: Date) throws(LinkError) -> Opened {
        // 12 bytes of nonce, 8 of expiry, at least 1 of subject, 16 of tag; a subject is at most 256 bytes.
        guard token.utf8.count <= 512, let bytes = Base64URL.decode(token), bytes.count >= 37,
            let box = try? AES.GCM.SealedBox(combined: bytes),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: Array(property.rawValue.utf8))
        else { throw .invalid }
        let seconds = plaintext.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard let subject = String(validating: plaintext.dropFirst(8), as: UTF8.self), !subject.isEmpty else { throw .invalid }
        guard now < expires else { throw .expired(expires) }
        return Opened(subject: subject, expires: expires)
    }
}
