import AccordCore
import Foundation
import Hummingbird

/// Reading and withdrawing one subject's consent: for CRMs and back offices, with API keys.
struct SubjectController {
    let recorder: ConsentRecorder
    let store: any ConsentLog
    let catalog: PropertyCatalog
    let addresses: ClientAddressResolver
    let links: PreferenceLinkSealer
    let publicURL: String
    let contacts: ContactDesk
    let confirmations: ChoicesConfirmation

    func register(
        reading: some RouterMethods<ConsentsReadRequestContext>, writing: some RouterMethods<ConsentsWriteRequestContext>
    ) {
        reading.get("/v1/properties/:property/subjects/:subject/consents", use: consents)
        reading.get("/v1/properties/:property/subjects/:subject/events", use: events)
        writing.post("/v1/properties/:property/subjects/:subject/withdraw", use: withdraw)
        writing.post("/v1/properties/:property/subjects/:subject/preference-link", use: preferenceLink)
        writing.post("/v1/properties/:property/subjects/:subject/contact", use: contact)
    }

    @Sendable func consents(_ request: Request, context: ConsentsReadRequestContext) async throws -> Response {
        let (property, subject) = try await resolve(context)
        let key = recorder.subjectKey(for: subject, in: property.id)
        let state = try await store.states(of: [key], in: property.id)[key]
        return try JSONBody.response(
            SubjectConsentsBody(subject: subject, purposes: PurposeStatusBody.all(state, property: property, at: Date())))
    }

    @Sendable func events(_ request: Request, context: ConsentsReadRequestContext) async throws -> Response {
        let (property, subject) = try await resolve(context)
        let paging = try ListPaging(request, cursor: .sequence)
        let limit = paging.limit
        let page = try await store.events(
            of: recorder.subjectKey(for: subject, in: property.id), in: property.id, before: paging.sequence, limit: limit)
        let next = page.count == limit ? page.last.map { String($0.sequence) } : nil
        return try JSONBody.response(CursorPage("events", page.map(EventBody.init), nextCursor: next))
    }

    struct WithdrawBody: Decodable {
        var purposes: [String]?
        /// Unsubscribe from everything on one channel: every topic's `channel.topic` preference, in one event.
        var channel: String?
        var idempotencyKey: String?
    }

    @Sendable func withdraw(_ request: Request, context: ConsentsWriteRequestContext) async throws -> Response {
        let (property, subject) = try await resolve(context)
        let body = try await JSONBody.decodeIfPresent(WithdrawBody.self, from: request, context: context)
        let recorded = try await recorder.withdraw(
            subject: subject, purposes: try ChannelWithdrawal.purposes(body?.purposes, channel: body?.channel, in: property),
            in: property,
            idempotencyKey: request.headers[.idempotencyKey] ?? body?.idempotencyKey,
            client: ClientContext(
                address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]
            ), authentication: .apiKey(prefix: context.key.prefix), followUps: confirmations.followUps(in: property))
        var headers = HTTPFields()
        if recorded.replayed { headers[.idempotentReplayed] = "true" }
        return try JSONBody.response(
            RecordedConsentBody(recorded, property: property, at: Date()), status: .created, headers: headers)
    }

    struct PreferenceLinkRequest: Decodable {
        var expiresInDays: Int?
        var locale: String?
    }

    struct PreferenceLinkBody: Encodable {
        var url: String
        var expiresAt: String
    }

    /// A link to the hosted preference center where this subject (not an anonymous browser) sees and changes
    /// their choices: for "manage your preferences" in emails and account pages. Nothing is stored.
    @Sendable func preferenceLink(_ request: Request, context: ConsentsWriteRequestContext) async throws -> Response {
        let (property, subject) = try await resolve(context)
        let body = try await JSONBody.decodeIfPresent(PreferenceLinkRequest.self, from: request, context: context)
        let days = body?.expiresInDays ?? 30
        guard (1...PreferenceLinkSealer.maximumLifetimeDays).contains(days) else {
            throw APIError.invalid(
                "expires_in_days_invalid", "expiresInDays must be 1 to \(PreferenceLinkSealer.maximumLifetimeDays)",
                field: "expiresInDays")
        }
        if let locale = body?.locale, !RequestValidation.isLocale(locale) {
            throw APIError.invalid("locale_invalid", "locale must be a BCP 47 tag such as de or de-AT", field: "locale")
        }
        let expires = Date().addingTimeInterval(TimeInterval(days) * 86_400)
        let token = try links.seal(subject: subject, property: property.id, expires: expires)
        var url = "\(publicURL)/p/\(property.id.rawValue)/preferences?link=\(token)"
        if let locale = body?.locale { url += "&locale=\(locale)" }
        return try JSONBody.response(PreferenceLinkBody(url: url, expiresAt: expires.rfc3339), status: .created)
    }

    struct ContactRequestBody: Decodable {
        var email: String?
        var phone: String?
        var verified: Bool?
        var locale: String?
    }

    /// Keeps an e-mail address (and a phone number, if given) for the subject in the vault: confirmed at once with `"verified": true` (recorded
    /// with this key), otherwise pending until the person follows the link e-mailed to it.
    @Sendable func contact(_ request: Request, context: ConsentsWriteRequestContext) async throws -> Response {
        let (property, subject) = try await resolve(context)
        let body = try await JSONBody.decode(ContactRequestBody.self, from: request, context: context)
        let email = try ContactDesk.validated(ContactRequest(email: body.email, verified: body.verified), field: "email")
        let phone = try ContactDesk.validated(phone: body.phone)
        if let locale = body.locale, !RequestValidation.isLocale(locale) {
            throw APIError.invalid("locale_invalid", "locale must be a BCP 47 tag such as de or de-AT", field: "locale")
        }
        let outcome = try await contacts.register(
            email: email, phone: phone, verified: body.verified ?? false, subject: subject,
            key: recorder.subjectKey(for: subject, in: property.id), property: property, keyPrefix: context.key.prefix,
            locale: body.locale, at: Date())
        return try JSONBody.response(ContactBody(outcome), status: .created)
    }

    private func resolve(_ context: some RequestContext) async throws -> (Property, String) {
        let property = try await catalog.property(try context.parameters.require("property"))
        let raw = try context.parameters.require("subject")
        let subject = try ConsentEventBuilder.validateSubject(raw.removingPercentEncoding ?? raw)
        return (property, subject)
    }
}
