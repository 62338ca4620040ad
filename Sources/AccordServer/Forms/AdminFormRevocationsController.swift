import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/admin/properties/{property}/forms/{form}/revocations` (scope `admin`): an operator enters a revocation
/// received in writing (letter, fax, e-mail) with the date it was received; it is recorded as its own event.
struct AdminFormRevocationsController {
    let editor: ConfigurationEditor
    let revocations: FormRevocationRecorder
    let now: @Sendable () -> Date

    struct Body: Decodable {
        var subject: String?
        /// When the writing was received: a day (`2026-11-20`) or an RFC 3339 time, not in the future.
        var receivedAt: String?
        var statement: String?
        var email: String?
        var locale: String?
    }

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.post("/v1/admin/properties/:property/forms/:form/revocations", use: revoke)
    }

    @Sendable func revoke(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let form = try context.parameters.require("form")
        // An unknown form is 404 whatever the body holds: the body is only judged against a form that exists.
        _ = try await revocations.publishedVersion(of: form, in: property.id)
        let body = try await JSONBody.decode(Body.self, from: request, context: context)
        guard let subject = body.subject, !subject.isEmpty else {
            throw APIError.invalid("subject_required", "subject names whose authorisation is revoked", field: "subject")
        }
        guard let text = body.receivedAt, let received = Self.time(text), received <= now().addingTimeInterval(300) else {
            throw APIError.invalid(
                "received_at_invalid", "receivedAt must be a day (YYYY-MM-DD) or an RFC 3339 time, not in the future",
                field: "receivedAt")
        }
        if let statement = body.statement, statement.count > 4000 {
            throw APIError.invalid("statement_too_long", "statement must be at most 4000 characters", field: "statement")
        }
        let (version, consent) = try await revocations.revoke(
            .init(
                subject: subject, form: form,
                revocation: FormRevocation(channel: .operatorEntry, receivedAt: received, statement: body.statement, enteredBy: context.actor),
                email: body.email, locale: body.locale, idempotencyKey: request.headers[.idempotencyKey]),
            in: property, client: ClientContext(address: nil, userAgent: request.headers[.userAgent]),
            authentication: .apiKey(prefix: context.key.prefix))
        let event = consent.stored.event
        return try JSONBody.response(
            FormRevocationBody(
                event: .init(id: event.id.rawValue, recordedAt: event.recordedAt.rfc3339, hash: consent.stored.link.hash),
                form: version.reference, choices: Dictionary(uniqueKeysWithValues: event.choices.map { ($0.key.rawValue, $0.value) }),
                receipt: consent.receipt, receivedAt: received.rfc3339, channel: FormRevocation.Channel.operatorEntry.rawValue),
            status: .created, headers: consent.replayed ? [.idempotentReplayed: "true"] : [:])
    }

    /// A day at 00:00 UTC, or an RFC 3339 time.
    static func time(_ text: String) -> Date? {
        if let time = Date(rfc3339: text) { return time }
        guard text.count == 10 else { return nil }
        return Date(rfc3339: text + "T00:00:00Z")
    }
}

/// The answer to a recorded revocation.
struct FormRevocationBody: Encodable {
    var event: RecordedConsentBody.EventSummary
    var form: FormReference
    var choices: [String: ConsentChoice]
    var receipt: String
    var receivedAt: String
    var channel: String
}
