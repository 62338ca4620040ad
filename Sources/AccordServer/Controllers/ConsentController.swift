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
        var body = try await JSONBody.decode(ConsentRequest.self, from: request, context: context)
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
        // The confirmation e-mail is written with the event; an address this write vouches for counts as confirmed.
        let recorded = try await recorder.record(
            body, in: property, client: client, authentication: authentication,
            followUps: confirmations.followUps(in: property, vouched: contact?.verified == true))
        if let contact, let subject = body.subject {
            _ = try await contacts.register(
                email: contact.email, verified: contact.verified, subject: subject,
                key: recorded.stored.event.subject, property: property, keyPrefix: contact.key.prefix, locale: body.locale,
                at: Date())
        }
        var headers = HTTPFields()
        if recorded.replayed { headers[.idempotentReplayed] = "true" }
        return JSONBody.response(
            json: RecordedConsentBody(recorded, property: property, at: Date()).jsonBytes, status: .created, headers: headers)
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
