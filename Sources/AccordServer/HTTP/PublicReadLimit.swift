import Hummingbird

/// The per-address limit on the public reads (experience, vendor list and layer, visitor history, TCF encode):
/// anyone may call them without a key, so without a limit one client could make the server hash, encode and
/// query at will. Calls with a valid API key come from servers the operator trusts and are not limited.
struct PublicReadLimit: Sendable {
    let limiter: RateLimiter
    let addresses: ClientAddressResolver

    func check(_ request: Request, context: AccordRequestContext) throws(APIError) {
        guard context.apiKey == nil else { return }
        if let wait = limiter.acquire(addresses.address(of: request, context: context) ?? "unknown") {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many requests from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
    }
}
