import Foundation

/// An e-mail to send to a subject, as queued: who and what, but no address and no clear identifier. Delivery
/// reads the address from the subject vault at send time, so a subject shredded meanwhile gets nothing and the
/// queue never held personal data.
public struct MailRequest: Hashable, Sendable, Codable {
    /// What the e-mail is.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The link that confirms a newly given address; sent to the address not yet confirmed.
        case contactConfirmation
        /// A reminder that consent is about to expire, with a preference link.
        case reconsentReminder
        /// A confirmation of the subject's choices after a change (when the property turns it on).
        case choicesChanged
    }

    public var kind: Kind
    public var property: PropertyID
    public var subject: SubjectKey
    /// The BCP 47 tag to write in; nil for the property's default.
    public var locale: String?
    /// For `contactConfirmation`: SHA-256 of the address to confirm (sent only while it is still the subject's).
    public var emailDigest: [UInt8]?
    /// For `contactConfirmation`: the sealed confirmation token for the link.
    public var token: String?
    /// For `reconsentReminder` and `choicesChanged`: the purposes concerned.
    public var purposes: [PurposeKey]
    /// For `reconsentReminder`: when the consent expires.
    public var expiresAt: Date?

    /// A request from its fields.
    public init(
        kind: Kind, property: PropertyID, subject: SubjectKey, locale: String? = nil, emailDigest: [UInt8]? = nil,
        token: String? = nil, purposes: [PurposeKey] = [], expiresAt: Date? = nil
    ) {
        self.kind = kind
        self.property = property
        self.subject = subject
        self.locale = locale
        self.emailDigest = emailDigest
        self.token = token
        self.purposes = purposes
        self.expiresAt = expiresAt
    }
}

extension MailRequest {
    /// The request as stored in an outbox message's payload.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return Array(try encoder.encode(self))
    }

    /// A request read back from a payload made by `json()`.
    public init(json: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        self = try decoder.decode(MailRequest.self, from: Data(json))
    }
}
