import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/properties/{property}/consents`: the public write path used by the banner SDK and by servers.
///
/// Browsers may call it without a key from the property's allowed origins (CORS), or from Accord's own pages with
/// their form token, only for SDK visitor ids and browser sources, and are rate-limited per address; callers with
/// a `consents:write` key are trusted servers and are not held to the address limit. Every event records which.
/// `CORSMiddleware` tells them apart (`CORS.WriteCaller`) and puts the CORS headers on every answer.
struct ConsentController {
    let recorder: ConsentRecorder
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    let formTokens: FormTokenSigner
    let contacts: ContactDesk
    let confirmations: ChoicesConfirmation

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.post("/v1/properties/:property/consents", use: record)
        router.preflight("/v1/properties/:property/consents", methods: "POST, OPTIONS", headers: "Content-Type, Idempotency-Key")
    }

    @Sendable func record(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let writer = try context.writer
        if writer.isKeyless, let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many consent writes from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        var body = try await JSONBody.decode(ConsentRequest.self, from: request, context: context, scan: ConsentBodyScanner.scan)
        if let header = request.headers[.idempotencyKey] {
            if let inBody = body.idempotencyKey, inBody != header {
                throw APIError.invalid(
                    "idempotency_key_mismatch", "the Idempotency-Key header and body field differ", field: "idempotencyKey")
            }
            body.idempotencyKey = header
        }
        let client = ClientContext(
            address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent])
        let authentication = try authenticate(body, writer: writer, property: property, request: request)
        // Checked before the event is recorded, so a bad address stores nothing.
        let contact = try body.contact.map { contact in
            guard case .server(let key) = writer else { throw ConsentRequestError.keyRequired(field: "contact") }
            return (email: try ContactDesk.validated(contact, field: "contact.email"), verified: contact.verified ?? false, key: key)
        }
        // The contact is stored in the event's transaction, before the e-mails written with it (the address's
        // confirmation, the choices' confirmation when the address is confirmed): a delivery claiming them right
        // after the commit finds the address, and a rolled-back write leaves neither.
        var prepared: SubjectDirectory.PreparedContact?
        if let contact, let subject = body.subject {
            prepared = try await contacts.prepare(
                email: contact.email, verified: contact.verified, subject: subject,
                key: try await recorder.resolvedKey(for: subject, in: property.id), property: property,
                keyPrefix: contact.key.prefix, at: Date())
        }
        let choices =
            prepared.map { !$0.contact.confirmed } == true ? nil : confirmations.followUps(in: property, vouched: prepared != nil)
        var followUps = choices
        if let prepared {
            followUps = { [contacts, locale = body.locale] event in
                try await (choices?(event) ?? []) + contacts.confirmationFollowUps(for: prepared, locale: locale, event: event)
            }
        }
        let recorded = try await recorder.record(
            body, in: property, client: client, authentication: authentication, followUps: followUps, contact: prepared)
        if let contact, let subject = body.subject, let prepared, try await !stored(prepared, recorded) {
            // A replay (nothing written), or the subject's entry changed under the write (made by another write
            // first, or shredded): store the contact on its own, its e-mails after it.
            let outcome = try await contacts.register(
                email: contact.email, verified: contact.verified, subject: subject,
                key: recorded.stored.event.subject, property: property, keyPrefix: contact.key.prefix, locale: body.locale,
                at: Date())
            if !recorded.replayed, outcome.contact.confirmed, choices != nil, let mail = contacts.mail {
                try await mail.enqueue(
                    MailRequest(
                        kind: .choicesChanged, property: property.id, subject: recorded.stored.event.subject, locale: body.locale,
                        purposes: recorded.stored.event.choices.keys.sorted()))
            }
        }
        var headers = HTTPFields()
        if recorded.replayed { headers[.idempotentReplayed] = "true" }
        return JSONBody.response(
            json: RecordedConsentBody(recorded, property: property, at: Date()).jsonBytes, status: .created, headers: headers)
    }

    /// Whether the write stored its contact: not on a replay (nothing is written), nor when the subject's entry
    /// changed under it (`SubjectDirectory.holds(_:)`).
    private func stored(_ prepared: SubjectDirectory.PreparedContact, _ recorded: RecordedConsent) async throws -> Bool {
        guard !recorded.replayed else { return false }
        return try await contacts.directory.holds(prepared)
    }

    /// How this write is authenticated: its key, or the browser's origin; a write from Accord's own page must
    /// carry the form token that page was given for this visitor in this browser.
    private func authenticate(_ body: ConsentRequest, writer: CORS.WriteCaller, property: Property, request: Request) throws
        -> ConsentAuthentication
    {
        switch writer {
        case .server(let key):
            return .apiKey(prefix: key.prefix)
        case .allowedOrigin(let origin):
            return .keyless(origin: origin)
        case .ownPage(let origin):
            let subject = try ConsentEventBuilder.validateSubject(body.subject)
            try ConsentEventBuilder.authorizeSubject(subject, .keyless(origin: origin))
            guard let token = request.headers[.accordFormToken], let binding = BrowserBinding.read(request),
                formTokens.isValid(
                    token, .visitor, property: property.id, subject: recorder.subjectKey(for: subject, in: property.id),
                    browser: binding, at: Date())
            else {
                throw APIError(
                    .forbidden, code: "form_token_invalid",
                    message: "writes from Accord's own pages need the page's current form token; reload the page")
            }
            return .keyless(origin: origin)
        }
    }
}
