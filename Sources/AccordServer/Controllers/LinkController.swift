import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/properties/{property}/subjects/{subject}/links {"visitor": "av_..."}`: links a browser's visitor id
/// to a known subject (cross-device identity), merging the browser's choices into the subject's.
///
/// A server calls it with a `consents:write` key. A browser calls it without a key, from one of the property's
/// origins, with `"token"`: an identify token (compact JWS, HS256) the site's backend signed with the property's
/// identity secret for this subject, so a browser can never claim someone else's identity (401 otherwise).
struct LinkController {
    let linker: SubjectLinker
    let secrets: IdentitySecrets
    let limiter: RateLimiter
    let addresses: ClientAddressResolver

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.post("/v1/properties/:property/subjects/:subject/links", use: link)
        router.preflight("/v1/properties/:property/subjects/:subject/links", methods: "POST, OPTIONS", headers: "Content-Type")
    }

    struct LinkBody: Decodable {
        var visitor: String?
        var token: String?
    }

    struct Answer: Encodable {
        var linked: Bool
        var events: [RecordedConsentBody.EventSummary]
        var state: RecordedConsentBody.StateBody
    }

    @Sendable func link(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let writer = try context.writer
        if writer.isKeyless, let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many writes from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let raw = try context.parameters.require("subject")
        let subject = try ConsentEventBuilder.validateSubject(raw.removingPercentEncoding ?? raw)
        let body = try await JSONBody.decode(LinkBody.self, from: request, context: context)
        guard let visitor = body.visitor else {
            throw APIError.invalid("visitor_invalid", SubjectLinker.Failure.visitorInvalid.message, field: "visitor")
        }
        let authentication: ConsentAuthentication
        if case .server(let key) = writer {
            authentication = .apiKey(prefix: key.prefix)
        } else {
            try await verify(body.token, subject: subject, property: property)
            authentication = .identifyToken
        }
        let now = Date()
        let outcome = try await linker.link(visitor: visitor, to: subject, in: property, authentication: authentication, at: now)
        let answer = Answer(
            linked: true,
            events: outcome.events.map {
                RecordedConsentBody.EventSummary(id: $0.event.id.rawValue, recordedAt: $0.event.recordedAt.rfc3339, hash: $0.link.hash)
            },
            state: RecordedConsentBody.StateBody(purposes: PurposeStatusBody.all(outcome.state, property: property, at: now)))
        return try JSONBody.response(answer, status: outcome.events.isEmpty ? .ok : .created)
    }

    /// Checks the browser's identify token: signed with the property's secret, for this property and subject,
    /// unexpired and living at most 24 hours.
    private func verify(_ token: String?, subject: String, property: Property) async throws {
        guard let token else { throw IdentifyToken.Failure.malformed }
        guard let key = try await secrets.key(of: property.id) else { throw IdentifyToken.Failure.noSecret }
        let claims = try IdentifyToken.verify(token, key: key, property: property.id, at: Date())
        guard SubjectIdentifier.normalize(claims.subject) == subject else { throw IdentifyToken.Failure.subject }
    }
}
