import Crypto
import Foundation

/// The token in a contact-confirmation e-mail's link: the subject's keyed hash, a digest of the address it was
/// sent to and an expiry, sealed with AES-256-GCM under a key derived from the link secret, with the property as
/// associated data. It holds no clear identifier or address (URLs end up in logs), and cannot be forged, altered
/// or used on another property; following it confirms that address only while it is still the subject's.
public struct ContactConfirmationSealer: Sendable {
    /// What a valid token holds.
    public struct Opened: Hashable, Sendable {
        /// The subject the address belongs to.
        public var subject: SubjectKey
        /// SHA-256 of the address the link was sent to.
        public var emailDigest: [UInt8]
        /// When the link stops working.
        public var expires: Date
    }

    /// How long a confirmation link works.
    public static let lifetime: TimeInterval = 7 * 86_400

    /// Internal so other links (`GuardianLinkSealer`) derive their own key from it.
    let key: SymmetricKey

    /// `secret` is the server's stored link secret; the sealing key is derived from it for this use only.
    public init(secret: [UInt8]) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("accord contact confirmation v1".utf8), outputByteCount: 32)
    }

    /// A base64url token confirming `email` for `subject` on `property` until `expires`.
    public func seal(subject: SubjectKey, email: String, property: PropertyID, expires: Date) throws -> String {
        var plaintext = withUnsafeBytes(of: Int64(expires.timeIntervalSince1970.rounded(.down)).bigEndian) { Array($0) }
        plaintext += subject.bytes
        plaintext += SubjectContact.digest(of: email)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(property.rawValue.utf8))
        guard let combined = box.combined else { throw PreferenceLinkSealer.LinkError.invalid }
        return Base64URL.encode(combined)
    }

    /// The token's contents; `.invalid` for anything this server did not seal for `property`, `.expired` once
    /// `now` reaches the expiry.
    public func open(_ token: String, property: PropertyID, now: Date) throws(PreferenceLinkSealer.LinkError) -> Opened {
        guard token.utf8.count <= 200, let bytes = Base64URL.decode(token), bytes.count == 12 + 72 + 16,
            let box = try? AES.GCM.SealedBox(combined: bytes),
            let plain = (try? AES.GCM.open(box, using: key, authenticating: Array(property.rawValue.utf8))).map({ Array($0) }),
            let subject = SubjectKey(bytes: Array(plain[8..<40]))
        else { throw .invalid }
        let seconds = plain.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard now < expires else { throw .expired(expires) }
        return Opened(subject: subject, emailDigest: Array(plain[40..<72]), expires: expires)
    }
}
