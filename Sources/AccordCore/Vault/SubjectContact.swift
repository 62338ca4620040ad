import Crypto
import Foundation

/// How to reach a subject, as the vault keeps it (sealed): an e-mail address, perhaps a phone number, and
/// whether the address is confirmed. An unconfirmed address is never written to, except for the confirmation
/// link itself.
public struct SubjectContact: Hashable, Sendable, Codable {
    /// The e-mail address as given (trimmed).
    public var email: String?
    /// A phone number as given; stored only.
    public var phone: String?
    /// Whether the address may be used: confirmed through the link, or vouched for by an integrator.
    public var confirmed: Bool
    /// Who said it was verified: `key <prefix>` for an API key's `"verified": true`, `link` for a confirmation.
    public var verifiedBy: String?
    /// When it was confirmed, in milliseconds since 1970.
    public var confirmedAt: Int64?

    /// A contact from its fields.
    public init(email: String?, phone: String? = nil, confirmed: Bool, verifiedBy: String? = nil, confirmedAt: Date? = nil) {
        self.email = email
        self.phone = phone
        self.confirmed = confirmed
        self.verifiedBy = verifiedBy
        self.confirmedAt = confirmedAt?.millisecondsSince1970
    }

    /// SHA-256 of an address: what a confirmation link carries instead of the address.
    public static func digest(of email: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(email.utf8)))
    }

    /// The address when it may be written to.
    public var usableEmail: String? { confirmed ? email : nil }
}
