import AccordCore
import Foundation

/// Takes the contact points integrators give (`POST .../subjects/{subject}/contact`, `"contact"` in a consent
/// write): checks the address, keeps it in the subject vault, and queues the confirmation e-mail unless the
/// caller vouched for it (`"verified": true`, recorded as `key <prefix>`).
struct ContactDesk: Sendable {
    /// What the caller is told.
    struct Outcome: Sendable {
        var contact: SubjectContact
        /// Whether a confirmation e-mail was queued (false when already confirmed, or when e-mail is off).
        var confirmationQueued: Bool
    }

    let directory: SubjectDirectory
    let confirmations: ContactConfirmationSealer
    /// nil when e-mail is off (`mail.smtp.host` unset): addresses are kept, and stay unconfirmed.
    let mail: (any MailQueue)?

    /// The normalised address, or a 422 naming `field` (`email`, `contact.email`).
    static func validated(_ contact: ContactRequest, field: String) throws -> String {
        guard let raw = contact.email else {
            throw APIError.invalid("email_missing", "an e-mail address is required", field: field)
        }
        guard let email = EmailAddress.normalized(raw) else {
            throw APIError.invalid(
                "email_invalid", "must be an e-mail address such as name@example.com (ASCII, at most 254 characters)",
                field: field)
        }
        return email
    }

    /// The number in E.164, or a 422 naming `phone`; nil when none was given.
    static func validated(phone: String?) throws -> String? {
        guard let phone else { return nil }
        guard let number = PhoneNumber.normalized(phone) else {
            throw APIError.invalid(
                "phone_invalid", "must be a phone number in international form such as +49 151 12345678 (8 to 15 digits)",
                field: "phone")
        }
        return number
    }

    /// Stores `email` (already validated), and `phone` when given (validated; stored only, never called or
    /// texted), for the subject and queues the address's confirmation when needed.
    func register(
        email: String, phone: String? = nil, verified: Bool, subject: String, key: SubjectKey, property: Property, keyPrefix: String,
        locale: String?, at time: Date
    ) async throws -> Outcome {
        let contact = try await directory.setEmail(
            email, phone: phone, of: subject, as: key, in: property.id, verifiedBy: verified ? "key \(keyPrefix)" : nil, at: time)
        guard !contact.confirmed, let mail else { return Outcome(contact: contact, confirmationQueued: false) }
        let token = try confirmations.seal(
            subject: key, email: email, property: property.id,
            expires: Date(timeIntervalSince1970: (time.timeIntervalSince1970 + ContactConfirmationSealer.lifetime).rounded(.down)))
        try await mail.enqueue(
            MailRequest(
                kind: .contactConfirmation, property: property.id, subject: key, locale: locale,
                emailDigest: SubjectContact.digest(of: email), token: token))
        return Outcome(contact: contact, confirmationQueued: true)
    }
}

extension ContactDesk {
    /// A consent write's contact, prepared to be stored in the write's own transaction (`ContactFollowUp`), so
    /// the e-mails the write causes can never be claimed before their address is stored.
    func prepare(
        email: String, verified: Bool, subject: String, key: SubjectKey, property: Property, keyPrefix: String, at time: Date
    ) async throws -> SubjectDirectory.PreparedContact {
        try await directory.prepareEmail(
            email, of: subject, as: key, in: property.id, verifiedBy: verified ? "key \(keyPrefix)" : nil, at: time)
    }

    /// The address confirmation `prepared` needs, as a follow-up of `event` (written in its transaction, with the
    /// same message id on every attempt); none when the address is confirmed already or e-mail is off.
    func confirmationFollowUps(for prepared: SubjectDirectory.PreparedContact, locale: String?, event: ConsentEvent) throws
        -> [OutboxEntry]
    {
        guard !prepared.contact.confirmed, mail != nil, let email = prepared.contact.email else { return [] }
        let time = event.recordedAt
        let token = try confirmations.seal(
            subject: prepared.subject, email: email, property: prepared.property,
            expires: Date(timeIntervalSince1970: (time.timeIntervalSince1970 + ContactConfirmationSealer.lifetime).rounded(.down)))
        let request = MailRequest(
            kind: .contactConfirmation, property: prepared.property, subject: prepared.subject, locale: locale,
            emailDigest: SubjectContact.digest(of: email), token: token)
        return [try request.outboxEntry(id: MailRequest.messageID(of: event.id, kind: .contactConfirmation), at: time)]
    }
}

/// The contact as answered: the address, the phone number, whether the address is confirmed, and by whom.
struct ContactBody: Encodable {
    var email: String?
    var phone: String?
    var status: String
    var verifiedBy: String?
    var confirmationSent: Bool

    init(_ outcome: ContactDesk.Outcome) {
        email = outcome.contact.email
        phone = outcome.contact.phone
        status = outcome.contact.confirmed ? "confirmed" : "pending"
        verifiedBy = outcome.contact.verifiedBy
        confirmationSent = outcome.confirmationQueued
    }
}
