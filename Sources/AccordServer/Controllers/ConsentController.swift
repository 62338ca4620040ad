import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/properties/{property}/consents`: the public write path used by the banner SDK and by servers.
///
/// Browsers may call it without a key from the property's allowed origins (CORS) and are rate-limited per
/// address; callers with a `consents:write` key are trusted servers and are not held to the address limit.
struct ConsentController {
    let recorder: ConsentRecorder
    let catalog: PropertyCatalog
    let limiter: RateLimiter
    let addresses: ClientAddressResolver

    func register(on router: Router<AccordRequestContext>) {
        router.post("/v1/properties/:property/consents", use: record)
        router.on("/v1/properties/:property/consents", method: .options, use: preflight)
    }

    @Sendable func record(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        var corsHeaders = HTTPFields()
        if context.apiKey != nil {
            _ = try context.require(.consentsWrite)
        } else {
            corsHeaders = try CORS.check(request, property: property)
            if let wait = limiter.acquire(addresses.address(of: request, context: context) ?? "unknown") {
                var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many consent writes from this address")
                error.headers[.retryAfter] = String(wait)
                error.headers.append(contentsOf: corsHeaders)
                throw error
            }
        }
        do {
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
            let recorded = try await recorder.record(body, in: property, client: client)
            var headers = corsHeaders
            if recorded.replayed { headers[.idempotentReplayed] = "true" }
            return JSONBody.response(
                json: RecordedConsentBody(recorded, property: property, at: Date()).jsonBytes, status: .created, headers: headers)
        } catch {
            // Browsers hide error bodies from scripts unless CORS headers are on the error response too.
            var answer = APIError.from(error)
            answer.headers.append(contentsOf: corsHeaders)
            throw answer
        }
    }

    @Sendable func preflight(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        var headers = try CORS.check(request, property: property)
        headers[.accessControlAllowMethods] = "POST, OPTIONS"
        headers[.accessControlAllowHeaders] = "Content-Type, Idempotency-Key"
        headers[.accessControlMaxAge] = "600"
        return Response(status: .noContent, headers: headers)
    }
}
