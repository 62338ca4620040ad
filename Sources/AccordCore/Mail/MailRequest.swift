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
        /// A data-subject request's verification code (sealed in `sealedCode`), with the acknowledgement.
        case requestCode
        /// A data-subject request's acknowledgement: its id, what happens next and the due date.
        case requestAcknowledged
        /// A reminder, 24 hours on, that the request still waits for its code.
        case requestVerifyReminder
        /// The request was closed because it was never verified.
        case requestUnverifiable
        /// The request's deadline was extended, with the reason.
        case requestExtended
        /// The request was completed, denied or withdrawn.
        case requestClosed
        /// To the privacy team, not the requester: the request's due date is 7 or 2 days away. Sent to the request's
        /// assignee when that is an e-mail address, else to the property's `privacyContact`.
        case requestDueSoon
        /// A copy of a form submission (what was chosen, the form version, the receipt id), to the address given
        /// with it, read from the submission's sealed evidence (`event`).
        case formCopy
        /// A copy of a recorded revocation of a form (a HIPAA authorisation), to the address known for it.
        case formRevoked
        /// The link (`token`) a parent or guardian follows to confirm an under-age person's submission; sent to
        /// the guardian's own vault entry (the request's subject).
        case guardianConfirmation
        /// A completed access or portability request's package: the single-use download link (its token sealed in
        /// `sealedCode` under the requester's vault key), valid until `expiresAt`.
        case requestPackage
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
    /// For the `request*` kinds: the data-subject request's id.
    public var request: String?
    /// For `requestCode`: the code, sealed under the requester's vault data key (never in clear in the queue).
    public var sealedCode: [UInt8]?
    /// For the `form*` kinds: the consent event whose sealed evidence holds the address.
    public var event: String?
    /// For the `form*` kinds: the form version.
    public var form: FormReference?
    /// For the `form*` kinds: the choices submitted, by consent key.
    public var choices: [String: ConsentChoice]?

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
