import AccordCore
import Foundation
import Hummingbird

/// The public intake of data-subject requests, called from the property's pages (CORS to its origins, no key,
/// limited per client address): submit, verify with the e-mailed code, ask for a new code.
struct PublicRequestsController {
    let desk: RequestDesk
    let limiter: RateLimiter
    let addresses: ClientAddressResolver

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.post("/v1/properties/:property/requests", use: submit)
        router.preflight("/v1/properties/:property/requests", methods: "POST, OPTIONS", headers: "Content-Type")
        router.post("/v1/properties/:property/requests/:request/verify", use: verify)
        router.preflight("/v1/properties/:property/requests/:request/verify", methods: "POST, OPTIONS", headers: "Content-Type")
        router.post("/v1/properties/:property/requests/:request/resend-code", use: resend)
        router.preflight(
            "/v1/properties/:property/requests/:request/resend-code", methods: "POST, OPTIONS", headers: "Content-Type")
    }

    @Sendable func submit(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        try limit(request, context)
        let body = try await JSONBody.decode(RequestBody.self, from: request, context: context)
        guard body.receivedAt == nil, body.channel == nil else {
            throw RequestError(
                .fieldInvalid, field: body.receivedAt != nil ? "receivedAt" : "channel", "receivedAt and channel are set by operators only")
        }
        let submission = try body.submission()
        let stored = try await desk.submit(
            submission, in: property, channel: submission.agent == nil ? .web : .agent, receivedAt: nil, actor: "requester")
        return try JSONBody.response(Accepted(id: stored.id, status: stored.status.rawValue), status: .accepted)
    }

    @Sendable func verify(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        try limit(request, context)
        let id = try Self.requestID(context)
        let body = try await JSONBody.decode(VerifyBody.self, from: request, context: context)
        let stored = try await desk.verify(id, code: body.code, dataPoint: try body.checkedDataPoint(), in: property.id)
        return try JSONBody.response(Verified(id: stored.id, status: stored.status.rawValue, next: stored.verificationNext))
    }

    @Sendable func resend(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        try limit(request, context)
        let stored = try await desk.resend(try Self.requestID(context), in: property.id)
        return try JSONBody.response(Accepted(id: stored.id, status: stored.status.rawValue), status: .accepted)
    }

    private func limit(_ request: Request, _ context: BrowserRequestContext) throws {
        if let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many privacy requests from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
    }

    /// The path's request id; a malformed one is simply not found.
    static func requestID(_ context: some RequestContext) throws -> String {
        let id = try context.parameters.require("request")
        guard PrivacyRequest.isWellFormedID(id) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        return id
    }

    struct Accepted: Encodable {
        var id: String
        var status: String
    }

    /// The verify answer: `next` says what verification still waits for (`dataPoint`, `operator`), null once verified.
    struct Verified: Encodable {
        var id: String
        var status: String
        var next: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(status, forKey: .status)
            try container.encode(next, forKey: .next)
        }

        enum CodingKeys: String, CodingKey { case id, status, next }
    }
}
