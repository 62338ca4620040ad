import AccordCore
import Foundation
import HTTPTypes

/// A written revocation of a signed form, from the hosted page or an operator's entry: one consent event (source
/// `form`, naming the newest published version) denying every choice the form asks for, its evidence (how and when
/// the writing was received) sealed under the subject's vault key, and a copy e-mailed when an address is known.
struct FormRevocationRecorder {
    let recorder: ConsentRecorder
    let forms: any FormStore & FormEvidenceStore
    let directory: SubjectDirectory
    /// nil while e-mail is off.
    let mail: (any MailQueue)?

    /// What a revocation records.
    struct Request: Sendable {
        var subject: String
        var form: String
        var revocation: FormRevocation
        /// Where to send the copy; nil: the subject's confirmed address in the vault, if any.
        var email: String?
        var locale: String?
        var idempotencyKey: String?
    }

    /// The newest published version of `form`, or 404 `form_not_found`.
    func publishedVersion(of form: String, in property: PropertyID) async throws -> FormVersion {
        guard FormKey.isWellFormed(form), let version = try await forms.latestFormVersion(of: form, in: property)
        else { throw APIError(.notFound, code: "form_not_found", message: "no published form '\(form)'") }
        return version
    }

    /// The version revoked and the recorded event. 404 for an unknown form, 422 `form_not_revocable` for a form
    /// that is not a HIPAA authorisation or asks for no choice, `email_invalid` for a malformed address.
    func revoke(
        _ request: Request, in property: Property, client: ClientContext, authentication: ConsentAuthentication
    ) async throws -> (version: FormVersion, consent: RecordedConsent) {
        let version = try await publishedVersion(of: request.form, in: property.id)
        let choices = (version.draft.items ?? []).compactMap(\.choiceKey)
        guard version.draft.kind == .hipaaAuthorization, !choices.isEmpty else {
            throw APIError.invalid(
                "form_not_revocable", "only a HIPAA authorisation (kind hipaaAuthorization) is revoked in writing", field: "form")
        }
        var email: String?
        if let given = request.email {
            guard let normalized = EmailAddress.normalized(given) else {
                throw APIError.invalid(
                    "email_invalid", "must be an e-mail address such as name@example.com (ASCII, at most 254 characters)", field: "email")
            }
            email = normalized
        }
        let consent = try await recorder.record(
            ConsentRequest(
                subject: request.subject, choices: Dictionary(choices.map { ($0, ConsentChoice.denied.rawValue) }) { first, _ in first },
                locale: request.locale, idempotencyKey: request.idempotencyKey),
            in: property, client: client, authentication: authentication,
            form: FormStamp(reference: version.reference, expiries: [:]))
        let event = consent.stored.event
        if email == nil, let contact = try await directory.contact(of: event.subject, in: property.id), contact.confirmed {
            email = contact.email
        }
        let contents = FormEvidence.Contents(
            signatures: [:], attested: false, fields: [:], formHash: version.contentHash, locale: request.locale, email: email,
            revocation: request.revocation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let sealed = try await directory.sealCopy(Array(try encoder.encode(contents)), for: event.subject, in: property.id) {
            try await forms.saveFormEvidence(
                FormEvidence(
                    property: property.id, event: event.id, subject: event.subject, form: version.reference,
                    signedAt: event.recordedAt, sealed: sealed))
            if email != nil, let mail, !consent.replayed {
                try? await mail.enqueue(FormCopy.request(.formRevoked, event: event, form: version.reference))
            }
        }
        return (version, consent)
    }
}
