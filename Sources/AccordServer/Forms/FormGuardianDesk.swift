import AccordCore
import Foundation
import HTTPTypes

/// The guardian flow of a form's age rule. An under-age submission is not recorded: it is sealed into a
/// single-use link (`GuardianLinkSealer`) e-mailed to the guardian, whose address is kept in a vault entry of
/// their own (`guardian:<address>`), never in the outbox. The young person's clear id goes to their own vault
/// entry and their address for a copy to one of the link's (`PendingGuardianSubmission.copyHolder`): the link
/// carries references only. Following the link and confirming records the consent,
/// with the guardian's confirmation in its sealed evidence; the link's nonce is the idempotency key, so following
/// it again records nothing new.
struct FormGuardianDesk {
    let recorder: ConsentRecorder
    let directory: SubjectDirectory
    let links: GuardianLinkSealer
    /// nil while e-mail is off: then an under-age submission is refused (422 `guardian_confirmation_unavailable`).
    let mail: (any MailQueue)?

    /// Queues the guardian's e-mail for `prepared` (which needs a guardian).
    func awaitGuardian(
        _ prepared: FormSubmission.Prepared, body: FormSubmissionRequest, property: Property,
        authentication: ConsentAuthentication, at now: Date
    ) async throws {
        guard let mail else {
            throw APIError.invalid(
                "guardian_confirmation_unavailable",
                "under the form's minimum age a parent or guardian must confirm by e-mail, and e-mail is off on this server",
                field: "guardian")
        }
        guard let given = body.guardian?.email, let email = EmailAddress.normalized(given) else {
            throw APIError.invalid("email_invalid", "the guardian's address must be an e-mail address", field: "guardian.email")
        }
        guard let given = body.subject, !given.isEmpty else {
            throw APIError.invalid("subject_required", "subject is required", field: "subject")
        }
        let subject = try ConsentEventBuilder.validateSubject(given)
        let copyTo = body.email.flatMap(EmailAddress.normalized)
        let subjectKey = recorder.subjectKey(for: subject, in: property.id)
        var pending = PendingGuardianSubmission(
            form: prepared.version.form, version: prepared.version.version, subjectKey: subjectKey, answers: body.answers ?? [:],
            region: body.region, locale: body.locale, guardianName: body.guardian?.name ?? "", copy: copyTo != nil,
            nonce: (0..<16).map { _ in UInt8.random(in: 0...255) }.hexString, expires: now.addingTimeInterval(GuardianLinkSealer.lifetime))
        try await directory.remember(subject, as: subjectKey, in: property.id, at: now)
        if let copyTo {
            try await directory.remember(
                copyTo, as: recorder.subjectKey(for: pending.copyHolder, in: property.id), in: property.id, at: now)
        }
        switch authentication {
        case .apiKey(let prefix): pending.keyPrefix = prefix
        case .keyless(let origin): pending.origin = origin
        case .preferenceLink, .identifyToken: break
        }
        let token = try links.seal(pending, property: property.id)
        let clear = "guardian:" + email
        let key = recorder.subjectKey(for: clear, in: property.id)
        try await directory.setEmail(email, of: clear, as: key, in: property.id, verifiedBy: nil, at: now)
        var request = MailRequest(kind: .guardianConfirmation, property: property.id, subject: key, locale: body.locale, token: token)
        request.form = prepared.version.reference
        request.choices = prepared.evaluation.choices
        try await mail.enqueue(request)
    }
}

extension PendingGuardianSubmission {
    /// The authentication of the original submission, recorded with the confirmed event.
    var authentication: ConsentAuthentication {
        if let keyPrefix { return .apiKey(prefix: keyPrefix) }
        return .keyless(origin: origin ?? "")
    }
}

/// The answer to a submission that waits for a guardian.
struct FormPendingBody: Encodable {
    var status = "awaitingGuardian"
    var form: FormReference
}
